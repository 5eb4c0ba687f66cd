import Multiprecision

/// Every zero of `F` in the simplex `S = {x ∈ ℝⁿ : x ≥ 0, Σx ≤ 1}`, counted with a certificate,
/// by branch and bound over boxes in `[0, 1]ⁿ` at `precision` bits. The domain `D` of `F`
/// (`IntervalVectorFunction`) must contain `S`.
///
/// A box `X` is
/// * discarded when `Σ lower > 1` (it misses `S`), or when some `F_i ≠ 0` on `X ∩ S`: `0` is in
///   neither the natural extension `F_i(X)` nor its intersection with the mean-value form
///   `F_i(m) + J_i(X)(X − m)` (`m` the midpoint, which needs `m ∈ D`; valid on `X ∩ D` because
///   `D` is convex), nor, when `X ⊂ D`, in `K(X) ∩ X` (every zero in `X` lies in `K(X)`);
/// * proven when `K(U) ⊂ int U` for `U = X` or, if `K(X)` at least halves every width, for `X`
///   inflated by a quarter of its width on each side (clipped to `[0, 1]ⁿ`, and in `D`): `U`
///   holds exactly one zero, also when it lies on a face shared with the neighbours of `X`;
/// * otherwise bisected at the midpoint of its widest coordinate, down to `minimumWidth`:
///   a box still undecided there, or beyond the budget of `boxBudget` examined boxes, makes
///   the count uncertified (never a guess).
///
/// Every zero of `F` in `S` then lies in a proven box `X_i ⊂ U_i`, and `U_i` holds exactly one
/// zero `z_i`, so the zeros in `S` are those `z_i` that lie in `S`. Each `U_i` is narrowed by
/// `K(X) ∩ X` to a tight enclosure `E_i ∋ z_i`; `z_i = z_j` when `E_j ⊂ U_i` (or `E_i ⊂ U_j`),
/// and `z_i ≠ z_j` when `E_i ∩ E_j = ∅`. Pairs that neither test decides are narrowed again at
/// `2p + 64` bits; if still undecided, the count is uncertified. A zero whose enclosure lies in
/// `S` is counted, one whose enclosure misses `S` is not, and one whose enclosure meets the
/// boundary of `S` makes the count uncertified.
///
/// Counting needs no high precision (80–128 bits); each zero's `uniquenessBox` is then refined
/// at the working precision by `Krawczyk.refine`, which re-creates it at that precision.
public struct SimplexIsolation: Sendable {
    /// The default number of boxes examined before the count is given up as uncertified.
    public static let defaultBoxBudget = 100_000

    public var precision: Int
    public var boxBudget: Int
    /// Undecided boxes no wider than this in every coordinate are not split further.
    public var minimumWidth: BigFloat

    public init(precision: Int = 128, boxBudget: Int = SimplexIsolation.defaultBoxBudget,
                minimumWidth: BigFloat = BigFloat(1, precision: 64).scaled(byPowerOfTwo: -40)) {
        self.precision = precision
        self.boxBudget = boxBudget
        self.minimumWidth = minimumWidth
    }

    public struct Zero: Sendable {
        /// A box holding exactly this zero of `F` (at the isolation precision).
        public let uniquenessBox: [Interval]
        /// A tight enclosure of the zero, inside `uniquenessBox`.
        public let enclosure: [Interval]
    }

    public struct Result: Sendable {
        /// Distinct zeros of `F` in `S`, in lexicographic order of their enclosures' midpoints.
        public let zeros: [Zero]
        /// Why the count is not certified, in one line; nil when the zeros of `F` in `S` are
        /// exactly `zeros`.
        public let uncertified: String?
        /// Boxes left undecided: narrower than the minimum width, or pending when the budget ran out.
        public let undecided: [[Interval]]
        public let boxesExamined: Int
        /// Boxes proven to hold one zero, before zeros found more than once were merged.
        public let boxesProven: Int

        public var countCertified: Bool { uncertified == nil }
    }

    /// Whether the box lies in `S`: every `lower ≥ 0` and `Σ upper ≤ 1` (rounded up). The
    /// `isDefined(on:)` of a function whose domain is the simplex.
    public static func simplexContains(_ x: [Interval]) -> Bool {
        x.allSatisfy { $0.lower >= 0 } && Box.sum(x).upper <= 1
    }

    public func isolate<F: IntervalVectorFunction>(_ f: F) -> Result {
        precondition(f.dimension >= 1, "a system needs at least one unknown")
        let unit = Interval(uncheckedLower: BigFloat(0, precision: precision), upper: BigFloat(1, precision: precision),
                            precision: precision)
        var pending = [[Interval](repeating: unit, count: f.dimension)]
        var proven: [[Interval]] = []
        var undecided: [[Interval]] = []
        var reasons: [String] = []
        var firstNarrow: String?
        var narrowCount = 0
        var examined = 0
        while let x = pending.popLast() {
            guard examined < boxBudget else {
                reasons.append("the box budget of \(boxBudget) boxes ran out near x = \(Box.describe(x))")
                undecided += [x] + pending
                break
            }
            examined += 1
            switch examine(f, x) {
            case .excluded:
                continue
            case .proven(let u):
                proven.append(u)
            case .undecided where x.allSatisfy({ $0.width <= minimumWidth }):
                firstNarrow = firstNarrow ?? Box.describe(x)
                narrowCount += 1
                undecided.append(x)
            case .undecided:
                let (left, right) = bisected(x)
                pending.append(right)
                pending.append(left)
            }
        }
        if let firstNarrow {
            reasons.append("\(narrowCount) boxes of width ≤ \(minimumWidth.decimalString(significantDigits: 3)) stayed "
                           + "undecided, the first near x = \(firstNarrow) (a singular zero, or one on the boundary of the domain)")
        }
        let (zeros, failures) = distinctZeros(f, proven)
        reasons += failures
        return Result(zeros: zeros, uncertified: reasons.isEmpty ? nil : reasons.joined(separator: "; "),
                      undecided: undecided, boxesExamined: examined, boxesProven: proven.count)
    }

    enum Verdict {
        case excluded
        case proven([Interval])
        case undecided
    }

    /// The tests of the type's description on one box.
    func examine<F: IntervalVectorFunction>(_ f: F, _ x: [Interval]) -> Verdict {
        if Box.sum(x).lower > 1 { return .excluded }
        let values = f.value(over: x)
        if values.contains(where: { $0.isValid && !$0.containsZero }) { return .excluded }
        let m = x.map(\.midpoint)
        let center = Box.points(m, precision: precision)
        guard f.isDefined(on: center) else { return .undecided }
        let fm = f.value(over: center), j = f.jacobian(over: x)
        guard fm.allSatisfy(\.isValid), j.allSatisfy({ $0.allSatisfy(\.isValid) }) else { return .undecided }
        for i in 0..<x.count {
            var meanValue = fm[i]
            for c in 0..<x.count { meanValue = meanValue + j[i][c] * (x[c] - center[c]) }
            guard meanValue.isValid else { continue }
            let tight = values[i].isValid ? meanValue.intersection(values[i]) : meanValue
            if !(tight?.containsZero ?? false) { return .excluded }
        }
        guard f.isDefined(on: x),
              let step = KrawczykStep(center: m, valueAtCenter: fm, jacobian: j, precision: precision)
        else { return .undecided }
        let k = step.image(over: x)
        guard k.allSatisfy(\.isValid) else { return .undecided }
        guard Box.intersection(k, x) != nil else { return .excluded }
        if Box.isInterior(k, of: x) { return .proven(x) }
        guard zip(k, x).allSatisfy({ $0.width.scaled(byPowerOfTwo: 1) <= $1.width }) else { return .undecided }
        let u = inflated(x)
        guard f.isDefined(on: u) else { return .undecided }
        let ju = f.jacobian(over: u)
        guard ju.allSatisfy({ $0.allSatisfy(\.isValid) }) else { return .undecided }
        return Box.isInterior(step.image(over: u, jacobian: ju), of: u) ? .proven(u) : .undecided
    }

    /// `[l − w/4, u + w/4] ∩ [0, 1]` in every coordinate, rounded outward.
    func inflated(_ x: [Interval]) -> [Interval] {
        x.map { e in
            let margin = e.width.scaled(byPowerOfTwo: -2)
            let low = BigFloat.difference(e.lower, margin, precision: precision, rounding: .down)
            let high = BigFloat.sum(e.upper, margin, precision: precision, rounding: .up)
            return Interval(uncheckedLower: low < 0 ? BigFloat(0, precision: precision) : low,
                            upper: high > 1 ? BigFloat(1, precision: precision) : high, precision: precision)
        }
    }

    /// The two halves of `x` split at the midpoint of its widest coordinate (the first if tied).
    func bisected(_ x: [Interval]) -> ([Interval], [Interval]) {
        let widths = x.map(\.width)
        let c = widths.indices.max { widths[$0] < widths[$1] }!     // the first of equal maxima
        let (low, high) = x[c].split(at: x[c].midpoint)
        var left = x, right = x
        left[c] = low
        right[c] = high
        return (left, right)
    }

    // MARK: - Zeros proven more than once

    enum Relation { case same, distinct, undecided }

    /// `same` if one enclosure lies in the other's uniqueness box, `distinct` if the
    /// enclosures are disjoint.
    static func relation(_ a: Zero, _ b: Zero) -> Relation {
        if Box.contains(a.uniquenessBox, b.enclosure) || Box.contains(b.uniquenessBox, a.enclosure) { return .same }
        return Box.intersection(a.enclosure, b.enclosure) == nil ? .distinct : .undecided
    }

    /// The distinct zeros in `S` among those of the proven boxes, and why the count is not
    /// certified, if it is not.
    func distinctZeros<F: IntervalVectorFunction>(_ f: F, _ boxes: [[Interval]]) -> ([Zero], [String]) {
        let krawczyk = Krawczyk()
        func zero(_ u: [Interval], precision p: Int) -> Zero {
            let lifted = u.map { $0.atPrecision(p) }
            return Zero(uniquenessBox: lifted, enclosure: krawczyk.narrowed(f, lifted))
        }
        var distinct: [Zero] = []
        var reasons: [String] = []
        for u in boxes {
            let candidate = zero(u, precision: precision)
            var decided = true
            var isNew = true
            for known in distinct {
                var relation = Self.relation(candidate, known)
                if relation == .undecided {
                    let finer = 2 * precision + 64
                    relation = Self.relation(zero(candidate.uniquenessBox, precision: finer),
                                             zero(known.uniquenessBox, precision: finer))
                }
                if relation == .same { isNew = false; break }
                if relation == .undecided { decided = false }
            }
            if !decided && isNew {
                reasons.append("two proven zeros near x = \(Box.describe(candidate.enclosure)) could not be told apart")
            } else if isNew {
                distinct.append(candidate)
            }
        }
        var inside: [Zero] = []
        for z in distinct {
            let sum = Box.sum(z.enclosure)
            if z.enclosure.contains(where: { $0.upper < 0 }) || sum.lower > 1 { continue }
            if Self.simplexContains(z.enclosure) {
                inside.append(z)
            } else {
                reasons.append("the zero near x = \(Box.describe(z.enclosure)) may lie on the boundary of the simplex")
            }
        }
        let order = inside.map { $0.enclosure.map(\.midpoint) }
        let sorted = inside.indices.sorted { order[$0].lexicographicallyPrecedes(order[$1]) }
        return (sorted.map { inside[$0] }, reasons)
    }
}
