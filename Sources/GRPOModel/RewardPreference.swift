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

/// The expected group-relative preference `P_G(o | π)` of a binary question, with `a ≻ b`,
/// under the setting's advantage normalisation.
public enum BinaryRewardPreference<T: RealArithmetic> {
    /// A gap that does not depend on `p`. Groups of two (12): `P_2(o|π) = c (P[r > r' | o] −
    /// P[r < r' | o])`, so `Δ = c γ` for the confidence margin `γ`, with `c` the advantage of
    /// the winner of a group of two (1 for the paper's normalisation). The shift-only
    /// normalisation at any `G`: `P_G(a|π) = (1 − 1/G)(1 − p)`, `P_G(b|π) = −(1 − 1/G) p`, so
    /// `Δ = 1 − 1/G` (1 for G = ∞).
    case constant(gap: T)
    /// Large groups (13): `P_∞(o|π) = (r(o) − E_π r) / d(π)` with `r(a) = 1`, `r(b) = 0` and the
    /// normalisation's scale `d` (`σ(π) = sqrt(p(1−p))`, or `σ + ε`), so `Δ = 1/d(π)`.
    case largeGroups(AdvantageNormalisation)
    /// Exact finite `G` with 0/1 rewards (proofs/finite-g-exact-sums.md): `P_G(a|π) = U_G(p)`, `P_G(b|π) = −V_G(p)`.
    case exact(BinomialRewardSums)

    /// The preference model of `setting` at `precision` bits.
    public init(_ setting: BinarySetting, precision: Int) {
        if let gap = Self.constantGap(setting, precision: precision) {
            self = .constant(gap: gap)
        } else if case .finite(let g) = setting.groupSize {
            self = .exact(BinomialRewardSums(groupSize: g, precision: precision, normalisation: setting.normalisation))
        } else {
            self = .largeGroups(setting.normalisation)
        }
    }

    /// `Δ` of `setting` when it does not depend on `p`: `c γ` for groups of two, `1 − 1/G` for
    /// the shift-only normalisation; nil otherwise.
    public static func constantGap(_ setting: BinarySetting, precision: Int) -> T? {
        let normalisation = setting.normalisation
        switch setting.groupSize {
        case .finite(2):
            let gamma = T(setting.confidenceMargin, precision: precision)
            return normalisation == .population ? gamma
                : gamma * normalisation.winnerAdvantageOfGroupsOfTwo(precision: precision)
        case .finite(let g) where normalisation == .shift:
            return 1 - 1 / T(g, precision: precision)
        case .infinite where normalisation == .shift:
            return T(1, precision: precision)
        default:
            return nil
        }
    }

    /// `Δ(p)` at an interior `p ∈ (0, 1)`: the constant gap, `1/d(π)` for large groups
    /// (`1/sqrt(p(1−p))` for the paper's normalisation), `U_G(p) + V_G(p)` for finite `G`.
    /// `spread`, if given, is `p(1 − p)` computed where it is more accurate than from `p`
    /// (which may round to 1).
    public func gap(at p: T, spread: T? = nil) -> T {
        switch self {
        case .constant(let gap):
            return gap
        case .largeGroups(let normalisation):
            return normalisation.largeGroupWeight(at: p, spread: spread).value
        case .exact(let sums):
            let s = sums.values(at: p)
            return s.u + s.v
        }
    }

    /// `Δ(p)` and `Δ′(p)`: no derivative for a constant gap, `d/dp (1/d(π))` for large groups
    /// (`(2p − 1) Δ³ / 2` for the paper's normalisation), `U_G′ + V_G′` for finite `G`.
    public func gapAndDerivative(at p: T, spread: T? = nil) -> PreferenceGap<T> {
        switch self {
        case .constant(let gap):
            return PreferenceGap(value: gap, derivative: nil)
        case .largeGroups(let normalisation):
            let (value, derivative) = normalisation.largeGroupWeight(at: p, spread: spread)
            return PreferenceGap(value: value, derivative: derivative)
        case .exact(let sums):
            let s = sums.values(at: p)
            return PreferenceGap(value: s.u + s.v, derivative: s.uDerivative + s.vDerivative)
        }
    }

    /// The gap when it does not depend on `p`.
    public var constantGap: T? {
        if case .constant(let gap) = self { return gap }
        return nil
    }
}
