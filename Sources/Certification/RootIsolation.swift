import Multiprecision

/// Certified root counting on an interval by bisection with interval extensions.
///
/// A piece `Y` is discarded when `0 ∉ F(Y)` (no root). When `0 ∉ F′(Y)`, `f` is strictly
/// monotone on `Y`, so it has a root there exactly when `f` changes sign between the ends
/// (evaluated as point intervals), and that root is then refined by interval Newton. Pieces
/// where neither test decides are split, down to `minimumWidth`; a piece still undecided
/// there, or beyond a budget of `maximumPieces` examined pieces, makes the count incomplete
/// (never a guess). Pieces are split slightly off-centre
/// (at 1/2 − 1/1024 of their width), so that short dyadic roots such as 1/2 do not fall on
/// every split point, where the end values could not be given a sign.
public struct RootIsolation {
    public var minimumWidth: BigFloat
    public var targetWidth: BigFloat
    public var maximumPieces: Int

    public init(minimumWidth: BigFloat, targetWidth: BigFloat, maximumPieces: Int = 200_000) {
        self.minimumWidth = minimumWidth
        self.targetWidth = targetWidth
        self.maximumPieces = maximumPieces
    }

    public struct Result {
        /// Disjoint enclosures, in increasing order, each holding exactly one root.
        public let roots: [Interval]
        /// Pieces where the tests could not decide; the count is certified only when empty.
        public let undecided: [Interval]
        public var isComplete: Bool { undecided.isEmpty }
    }

    public func isolate<F: IntervalFunction>(_ f: F, in domain: Interval) -> Result {
        var roots: [Interval] = []
        var undecided: [Interval] = []
        var pending = [domain]
        var examined = 0
        while let y = pending.popLast() {
            examined += 1
            if examined > maximumPieces {
                undecided.append(y)
                undecided += pending
                break
            }
            let values = f.value(over: y)
            if values.isValid && !values.containsZero { continue }
            if values.isValid && f.derivativeIsInformative(over: y),
               case let slope = f.derivative(over: y), slope.isValid && !slope.containsZero {
                let newton = IntervalNewton()
                if newton.changesSign(f, on: y) {
                    // The sign change proves existence; monotonicity proves uniqueness on y.
                    let refined = newton.refine(f, start: y, targetWidth: targetWidth)
                    roots.append(refined.certificate == .unique ? refined.enclosure : y)
                    continue
                }
                if newton.hasSignedEnds(f, on: y) { continue }  // monotone, no sign change
            }
            if y.width <= minimumWidth {
                undecided.append(y)
                continue
            }
            let (left, right) = y.split(at: y.lower + (y.upper - y.lower) * 511 / 1024)
            pending.append(right)
            pending.append(left)
        }
        return Result(roots: roots.sorted { $0.lower < $1.lower }, undecided: undecided)
    }
}
