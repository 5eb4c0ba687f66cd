import Multiprecision

/// `P_G(a | π)` and `P_G(b | π)` for a binary question at `π(a) = p`, with derivatives in `p`.
public struct PreferencePair<T: RealArithmetic> {
    /// `P_G(a | π)`, the expected advantage of the better answer.
    public var better: T
    /// `P_G(b | π)`.
    public var worse: T
    public var betterDerivative: T
    public var worseDerivative: T

    /// `E_{o~π}[P_G(o | π)] = p P_G(a|π) + (1 − p) P_G(b|π)` (zero for GRPO's normalisation).
    public func expectation(at p: T) -> T {
        p * better + (1 - p) * worse
    }
}

/// The expected group-relative preference `P_G(o | π)` of a binary question, with `a ≻ b`.
public enum BinaryRewardPreference<T: RealArithmetic> {
    /// Groups of two (12): `P_2(o|π) = P[r > r' | o] − P[r < r' | o]`, so
    /// `P_2(a|π) = γ (1 − p)` and `P_2(b|π) = −γ p` for the confidence margin `γ`.
    case groupsOfTwo(confidenceMargin: T)
    /// Large groups (13): `P_∞(o|π) = (r(o) − E_π r) / σ(π)` with `r(a) = 1`, `r(b) = 0`,
    /// so `P_∞(a|π) = sqrt((1−p)/p)` and `P_∞(b|π) = −sqrt(p/(1−p))`.
    case largeGroups
    /// Exact finite `G` with 0/1 rewards (brief §4): `P_G(a|π) = U_G(p)`, `P_G(b|π) = −V_G(p)`.
    case exact(BinomialRewardSums)

    /// The preference model of `setting` at `precision` bits.
    public init(_ setting: BinarySetting, precision: Int) {
        switch setting.groupSize {
        case .finite(2):
            self = .groupsOfTwo(confidenceMargin: T(setting.confidenceMargin, precision: precision))
        case .finite(let g):
            self = .exact(BinomialRewardSums(groupSize: g, precision: precision))
        case .infinite:
            self = .largeGroups
        }
    }

    /// `P_G(a|π)`, `P_G(b|π)` and their `p`-derivatives at an interior `p ∈ (0, 1)`.
    public func rewardPreference(at p: T) -> PreferencePair<T> {
        switch self {
        case .groupsOfTwo(let gamma):
            return PreferencePair(better: gamma * (1 - p), worse: -(gamma * p),
                                  betterDerivative: -gamma, worseDerivative: -gamma)
        case .largeGroups:
            let q = 1 - p
            let better = (q / p).squareRoot()
            let worse = -((p / q).squareRoot())
            // d/dp sqrt(q/p) = −1/(2 p² sqrt(q/p)),  d/dp −sqrt(p/q) = −1/(2 q² sqrt(p/q)).
            return PreferencePair(better: better, worse: worse,
                                  betterDerivative: -(1 / (2 * p * p * better)),
                                  worseDerivative: 1 / (2 * q * q * worse))
        case .exact(let sums):
            let s = sums.values(at: p)
            return PreferencePair(better: s.u, worse: -s.v,
                                  betterDerivative: s.uDerivative, worseDerivative: -s.vDerivative)
        }
    }
}
