import GRPOModel
import Multiprecision

/// The checks of proofs/alignment-objective.md.
extension GridChecks {
    static let objectiveGroupSizes: [GroupSize] = [.two, .finite(3), .finite(8), .finite(64), .finite(1000), .infinite]
    static let objectiveRates = ["0.1", "0.3", "0.5", "0.9"]

    /// `F_G′ = W_G`: by the mean value theorem `F_G(μ + h) − F_G(μ) ∈ h W_G([μ, μ + h])`. At
    /// `h = 2^{−24}` both sides are enclosed; they must overlap, and the left side must round to
    /// D digits. The right side's width is about `h² |W_G′|`, so a relative error of `F_G′`
    /// above about `h |W_G′/W_G|` would separate them.
    static func objectiveMeanValue(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let points = objectiveGroupSizes.flatMap { g in objectiveRates.map { (g, $0) } }
        return everyPoint(points, digits: context.digits) { g, m in
            let model = AlignmentObjective(groupSize: g, precision: precision)
            let mu = Interval(decimal(m), precision: precision)
            let h = Interval(1, precision: precision).scaled(byPowerOfTwo: -24)
            let step = model.value(at: mu + h) - model.value(at: mu)
            let slopes = model.derivative(at: Interval(uncheckedLower: mu.lower, upper: (mu + h).upper, precision: precision))
            return step.isValid && slopes.isValid && step.commonDigits(cap: context.digits).digits >= context.digits
                && step.overlaps(h * slopes) ? nil : "G = \(g), μ = \(m)"
        }
    }

    /// `|F_∞(μ) − F_G(μ)|`, `F_∞ = 2 arcsin sqrt μ`, strictly decreasing over G = 2, 4, …, 4096.
    static func objectiveLargeGroupLimit(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        return everyPoint(objectiveRates, digits: context.digits) { m in
            let mu = Interval(decimal(m), precision: precision)
            let limit = AlignmentObjective(groupSize: .infinite, precision: precision).value(at: mu)
            let gaps = (1...12).map {
                (AlignmentObjective(groupSize: .finite(1 << $0), precision: precision).value(at: mu) - limit).absolute()
            }
            return zip(gaps, gaps.dropFirst()).allSatisfy { $1.upper < $0.lower } ? nil : "μ = \(m)"
        }
    }
}
