import Multiprecision

/// The preference gap `Δ(p) = P_G(a|π) − P_G(b|π)` of a binary question at `π(a) = p`, and `Δ′(p)`.
///
/// On a binary question `E_π[P_G] = p P_G(a|π) + (1 − p) P_G(b|π)`, so
/// `P_G(a|π) − E_π[P_G] = (1 − p) Δ(p)`: the stationarity condition (11) and the GRPO
/// gradient see the preference model only through `Δ`.
public struct PreferenceGap<T: RealArithmetic> {
    public var value: T
    /// `Δ′(p)`; nil when `Δ` does not depend on `p` (groups of two).
    public var derivative: T?
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

    /// `Δ(p)` at an interior `p ∈ (0, 1)`:
    /// `γ` for groups of two, `sqrt((1−p)/p) + sqrt(p/(1−p)) = 1/sqrt(p(1−p))` for large
    /// groups, `U_G(p) + V_G(p)` for finite `G`. `spread`, if given, is `p(1 − p)` computed
    /// where it is more accurate than from `p` (which may round to 1).
    public func gap(at p: T, spread: T? = nil) -> T {
        switch self {
        case .groupsOfTwo(let gamma):
            return gamma
        case .largeGroups:
            return 1 / (spread ?? p * (1 - p)).squareRoot()
        case .exact(let sums):
            let s = sums.values(at: p)
            return s.u + s.v
        }
    }

    /// `Δ(p)` and `Δ′(p)`: none for groups of two, `(2p − 1) Δ³ / 2` for large groups
    /// (`Δ = (p(1−p))^{−1/2}`), `U_G′ + V_G′` for finite `G`.
    public func gapAndDerivative(at p: T, spread: T? = nil) -> PreferenceGap<T> {
        switch self {
        case .groupsOfTwo(let gamma):
            return PreferenceGap(value: gamma, derivative: nil)
        case .largeGroups:
            let gap = gap(at: p, spread: spread)
            return PreferenceGap(value: gap, derivative: (2 * p - 1) * gap * gap * gap / 2)
        case .exact(let sums):
            let s = sums.values(at: p)
            return PreferenceGap(value: s.u + s.v, derivative: s.uDerivative + s.vDerivative)
        }
    }
}
