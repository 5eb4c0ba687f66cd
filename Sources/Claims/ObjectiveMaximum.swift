import GRPOModel
import Multiprecision

/// `J(π) = F_G(μ(π)) − β KL(π_ref ‖ π)` on the simplex of a question with 0/1 rewards, and the
/// dual bound that excludes success rates from its maximum (proofs/objective-maximisers.md).
///
/// For any `a_o > 0`, Jensen's inequality gives `KL(π_ref ‖ π) ≥ Σ_o π_ref(o) log a_o − log Σ_o π(o) a_o`;
/// with `a_o = 1 − τ(s_o − m)`, `Σ_o π(o) a_o = 1 − τ(μ(π) − m)`, so for every π with `μ(π) ∈ X`
///
///     J(π) ≤ F_G(max X) − β Σ_o π_ref(o) log(1 − τ(s_o − m)) + β log(1 − τ(X − m))
///
/// (F_G increases, `F_G′ = W_G > 0`). The bound holds for every `τ`, `m` with `a_o > 0`; it is
/// tight at `μ = m` for the tilt `τ(m)` of the KL projection onto `μ(π) = m`. On narrow boxes
/// its mean-value form `B(m) + B′(X)(X − m)`, `B′(x) = W_G(x) − βτ/(1 − τ(x − m))`, keeps the
/// cancellation of the two slopes near the maximiser, and the smaller of the two is used.
struct ObjectiveMaximum {
    let objective: AlignmentObjective
    let beta: Interval
    let references: [Interval]
    let successes: [Interval]

    init(_ setting: GeneralSetting, successes: [DecimalNumber], precision: Int) {
        objective = AlignmentObjective(groupSize: setting.groupSize, precision: precision)
        beta = Interval(setting.beta, precision: precision)
        references = setting.question.references.map { Interval($0, precision: precision) }
        self.successes = successes.map { Interval($0, precision: precision) }
    }

    /// `J(π)` enclosed.
    func value(at policy: [Interval]) -> Interval {
        let mu = zip(policy, successes).map { $0 * $1 }.reduce(Interval(0, precision: beta.precision), +)
        let kl = zip(references, policy).map { r, p in r * (r / p).log() }.reduce(Interval(0, precision: beta.precision), +)
        return objective.value(at: mu) - beta * kl
    }

    /// The dual bound's upper end over the success rates `box` (nil where it is not finite); the
    /// mean-value form too when `meanValue`.
    func upperBound(over box: Interval, tilt tau: BigFloat, centre m: BigFloat, meanValue: Bool) -> BigFloat? {
        let p = beta.precision
        let t = Interval(point: tau, precision: p), c = Interval(point: m, precision: p)
        let dual = zip(references, successes).map { r, s in r * (1 - t * (s - c)).log() }.reduce(Interval(0, precision: p), +)
        let bound = objective.value(at: Interval(point: box.upper, precision: p)) - beta * dual + beta * (1 - t * (box - c)).log()
        var best = bound.isValid && !bound.upper.isInfinite ? bound.upper : nil
        if meanValue {
            let slope = objective.derivative(at: box) - beta * t / (1 - t * (box - c))
            let form = objective.value(at: c) - beta * dual + slope * (box - c)
            if form.isValid && !form.upper.isInfinite, best.map({ form.upper < $0 }) ?? true { best = form.upper }
        }
        return best
    }

    /// The tilt of the KL projection onto `μ(π) = m`: the root `τ ≠ 0` of
    /// `Σ_o π_ref(o)/(1 − τ(s_o − m)) = 1`, by bisection in doubles (any τ keeps the bound valid;
    /// this one makes it tight). The left side is convex in τ, 1 at 0 with slope `μ_ref − m`.
    func tilt(at m: Double) -> Double {
        let r = references.map { $0.midpoint.doubleApproximation }, s = successes.map { $0.midpoint.doubleApproximation }
        let reference = zip(r, s).map { $0 * $1 }.reduce(0, +)
        func excess(_ tau: Double) -> Double { zip(r, s).map { $0 / (1 - tau * ($1 - m)) }.reduce(0, +) - 1 }
        guard let end = m > reference ? s.max().map({ 1 / ($0 - m) }) : s.min().map({ 1 / ($0 - m) }),
              end.isFinite, m != reference else { return 0 }
        var inner = 0.0, outer = end   // excess < 0 at inner, → +∞ at outer
        for _ in 0..<200 {
            let mid = (inner + outer) / 2
            if excess(mid) < 0 { inner = mid } else { outer = mid }
        }
        return inner
    }

    /// The boxes of `domain` whose bound is not below `floor`, bisected until `width`
    /// (nil after `maximumBoxes` boxes).
    func unexcluded(in domain: Interval, below floor: BigFloat, width: BigFloat, maximumBoxes: Int) -> [Interval]? {
        var pending = [domain], kept: [Interval] = [], visited = 0
        while let box = pending.popLast() {
            visited += 1
            guard visited <= maximumBoxes else { return nil }
            let m = box.midpoint
            let narrow = box.width.scaled(byPowerOfTwo: Self.meanValueBits) <= domain.width
            if let bound = upperBound(over: box, tilt: Self.dyadic(tilt(at: m.doubleApproximation), precision: 64), centre: m,
                                      meanValue: narrow), bound < floor { continue }
            if box.width <= width { kept.append(box); continue }
            let (left, right) = box.split(at: m)
            pending += [left, right]
        }
        return kept
    }

    /// Boxes narrower than `2^{−6}` of the domain also take the mean-value form (on wider ones
    /// `W_G` over the box is loose and costly).
    static let meanValueBits = 6

    /// The double `x` as a `BigFloat`, exactly.
    static func dyadic(_ x: Double, precision: Int) -> BigFloat {
        guard x != 0, x.isFinite else { return BigFloat(0, precision: precision) }
        let mantissa = Int(x.significand * 0x1p52) * (x < 0 ? -1 : 1)
        return BigFloat(mantissa, precision: precision).scaled(byPowerOfTwo: Int(x.exponent) - 52)
    }
}
