import Multiprecision

/// Proves a predicate on every point of a rectangle of parameters by interval evaluation.
///
/// The rectangle `[x₀, x₁] × [y₀, y₁]` is cut into an initial grid (`x` geometrically, as for
/// β spanning decades; `y` evenly); the predicate gets each box as two intervals and must
/// answer true only if it holds at every point of the box (interval arithmetic makes that
/// automatic). Boxes it cannot decide are split in half along their relatively wider side, up
/// to `maximumBoxes` in all; a box still undecided then fails the check, naming the box.
struct BoxCertification {
    let x: (lower: DecimalNumber, upper: DecimalNumber)
    let y: (lower: DecimalNumber, upper: DecimalNumber)
    var initialSplits = (x: 12, y: 10)
    var maximumBoxes = 20_000
    var precision = 128

    func certify(_ holds: (Interval, Interval) -> Bool) -> CheckStatus {
        let xs = Self.points(from: x.lower, to: x.upper, count: initialSplits.x, geometric: true, precision: precision)
        let ys = Self.points(from: y.lower, to: y.upper, count: initialSplits.y, geometric: false, precision: precision)
        var pending: [(Interval, Interval)] = []
        for i in 0..<initialSplits.x {
            for j in 0..<initialSplits.y {
                pending.append((box(xs[i], xs[i + 1]), box(ys[j], ys[j + 1])))
            }
        }
        let xSpan = (xs[initialSplits.x] / xs[0]).log()
        let ySpan = ys[initialSplits.y] - ys[0]
        var certified = 0
        var examined = 0
        while let (bx, by) = pending.popLast() {
            examined += 1
            let decided = (try? MPFRFlags.checking { holds(bx, by) }) ?? false
            if decided {
                certified += 1
                continue
            }
            guard examined + pending.count < maximumBoxes else {
                let (l, u) = (bx.decimalStrings(significantDigits: 6), by.decimalStrings(significantDigits: 6))
                return .failed("undecided on [\(l.lower), \(l.upper)] × [\(u.lower), \(u.upper)]")
            }
            // Split x where its share of the domain (on the log scale) exceeds y's share.
            if (bx.upper / bx.lower).log() / xSpan > by.width / ySpan {
                let (l, r) = bx.split(at: (bx.lower * bx.upper).squareRoot())
                pending.append((l, by)); pending.append((r, by))
            } else {
                let (l, r) = by.split(at: by.midpoint)
                pending.append((bx, l)); pending.append((bx, r))
            }
        }
        return .certifiedOnBoxes(certified)
    }

    private func box(_ a: BigFloat, _ b: BigFloat) -> Interval {
        Interval(uncheckedLower: a, upper: b, precision: precision)
    }

    /// `count + 1` points from `lower` (rounded down) to `upper` (rounded up), evenly or
    /// geometrically spaced in between (any interior points would do).
    static func points(from lower: DecimalNumber, to upper: DecimalNumber, count: Int,
                       geometric: Bool, precision: Int) -> [BigFloat] {
        let a = lower.value(precision: precision, rounding: .down)
        let b = upper.value(precision: precision, rounding: .up)
        return (0...count).map { k in
            if k == 0 { return a }
            if k == count { return b }
            let t = BigFloat(k, precision: precision) / count
            return geometric ? (a.log() + t * (b.log() - a.log())).exp() : a + t * (b - a)
        }
    }
}
