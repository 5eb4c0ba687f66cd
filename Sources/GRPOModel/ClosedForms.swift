import Multiprecision

/// The paper's closed-form stationary policies of a binary question, `p = π(a)`.
///
/// An answer outside the reference support stays outside (`π_ref(a) = 0 ⇒ π(a) = 0`), and
/// `π_ref(a) = 1 ⇒ π(a) = 1`; the formulas below are for `0 < π_ref(a) < 1`.
public enum ClosedForm {
    /// The closed form for `setting`, where one exists: (14) and the direct-KL pooling wherever
    /// the preference gap `Δ` is a constant (groups of two, with `Δ = c γ` under every
    /// normalisation; the shift-only normalisation at any `G`, `Δ = 1 − 1/G`), and (15) for
    /// large groups with the reverse-KL penalty and the population or Bessel normalisation
    /// (identical as `G → ∞`).
    public static func stationaryPolicy<T: RealArithmetic>(_ setting: BinarySetting, precision: Int,
                                                           as _: T.Type = BigFloat.self) -> T? {
        if setting.referenceIsOutsideTheOpenInterval { return T(setting.reference, precision: precision) }
        return formula(setting, precision: precision, as: T.self)
    }

    /// The closed form's formula for `setting` without the support convention: at
    /// `π_ref(a) = 0` it gives the limit `π_ref(a) ↓ 0` (`max(1 − β/Δ, 0)` for (14),
    /// `1/(1 + β²)` for (15), `0` for the direct KL penalty), where the policy itself is 0.
    public static func formula<T: RealArithmetic>(_ setting: BinarySetting, precision: Int,
                                                  as _: T.Type = BigFloat.self) -> T? {
        let beta = T(setting.beta, precision: precision)
        let reference = T(setting.reference, precision: precision)
        if let gap = BinaryRewardPreference<T>.constantGap(setting, precision: precision) {
            switch setting.penalty {
            case .reverse: return groupsOfTwo(beta: beta, reference: reference, confidenceMargin: gap)
            case .direct: return directGroupsOfTwo(beta: beta, reference: reference, confidenceMargin: gap)
            }
        }
        switch (setting.groupSize, setting.penalty, setting.normalisation) {
        case (.infinite, .reverse, .population), (.infinite, .reverse, .bessel):
            return largeGroups(beta: beta, reference: reference)
        default:
            return nil
        }
    }

    /// (14): `p = ½[(1 − β/γ) + sqrt((1 − β/γ)² + 4 (β/γ) p_ref)]`, the non-negative root of
    /// `p² − (1 − β/γ) p − (β/γ) p_ref = 0`.
    ///
    /// When `1 − β/γ < 0` the sum cancels; there the same root is evaluated as
    /// `2 (β/γ) p_ref / (sqrt(…) − (1 − β/γ))` (the product of the roots is `−(β/γ) p_ref`).
    public static func groupsOfTwo<T: RealArithmetic>(beta: T, reference: T, confidenceMargin: T) -> T {
        let ratio = beta / confidenceMargin
        let b = 1 - ratio
        let root = (b * b + 4 * ratio * reference).squareRoot()
        if b.approximation >= 0 {
            return (b + root) / 2
        }
        return 2 * ratio * reference / (root - b)
    }

    /// (15): `p = (2β² p_ref + 1 + sqrt(1 + 4β² p_ref (1 − p_ref))) / (2(1 + β²))`.
    public static func largeGroups<T: RealArithmetic>(beta: T, reference: T) -> T {
        let beta2 = beta * beta
        let root = (4 * beta2 * reference * (1 - reference) + 1).squareRoot()
        return (2 * beta2 * reference + 1 + root) / (2 * (beta2 + 1))
    }

    /// Direct KL, groups of two (Section 3):
    /// `p = e^{γ/(2β)} p_ref / (e^{γ/(2β)} p_ref + e^{−γ/(2β)} (1 − p_ref))`, which is RLHF's
    /// logarithmic pooling (4) with the reward gap `r(a) − r(b) = γ`.
    public static func directGroupsOfTwo<T: RealArithmetic>(beta: T, reference: T, confidenceMargin: T) -> T {
        logarithmicPooling(beta: beta, reference: reference, rewardGap: confidenceMargin)
    }

    /// RLHF's optimal policy (4), `π(o) ∝ π_ref(o) e^{r(o)/β}`, for a binary question with
    /// `r(a) − r(b) = rewardGap`: `p = p_ref e^{Δr/β} / (p_ref e^{Δr/β} + 1 − p_ref)`,
    /// evaluated as `p_ref / (p_ref + e^{−Δr/β}(1 − p_ref))`. Continuous at `p_ref = 0`.
    public static func logarithmicPooling<T: RealArithmetic>(beta: T, reference: T, rewardGap: T) -> T {
        let damping = (-(rewardGap / beta)).exp()
        return reference / (reference + damping * (1 - reference))
    }
}
