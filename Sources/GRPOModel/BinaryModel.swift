import Multiprecision

/// A binary setting instantiated in a number type `T` at a working precision: the functions
/// the solvers and the certification need, each written once for both number types.
public struct BinaryModel<T: RealArithmetic> {
    public let setting: BinarySetting
    public let precision: Int
    /// `β`, `π_ref(a)` and `γ` rounded once to `precision` bits (enclosed, for intervals).
    public let beta: T
    public let reference: T
    public let confidenceMargin: T
    public let preference: BinaryRewardPreference<T>

    public init(_ setting: BinarySetting, precision: Int) {
        self.setting = setting
        self.precision = precision
        beta = T(setting.beta, precision: precision)
        reference = T(setting.reference, precision: precision)
        confidenceMargin = T(setting.confidenceMargin, precision: precision)
        preference = BinaryRewardPreference(setting, precision: precision)
    }

    /// The residual `F(p)` of the stationarity condition at an interior `p`, and `F′(p)`.
    ///
    /// * reverse KL, (11) as stated: `F(p) = p (1 − (P_G(a|π) − E_π[P_G])/β) − π_ref(a)`;
    /// * direct KL, `π(o) ∝ π_ref(o) e^{P_G(o|π)/β}` with the normaliser cleared:
    ///   `F(p) = (1 − π_ref(a)) p − π_ref(a) (1 − p) e^{(P_G(a|π) − P_G(b|π))/β}`.
    ///
    /// Both have `F(π_ref(a)) ≤ 0 ≤ F(1)` because `P_G(a|π) ≥ P_G(b|π)`, so the stationary
    /// policy is a root in `[π_ref(a), 1]`.
    public func stationarityResidual(at p: T) -> (value: T, derivative: T) {
        let pair = preference.rewardPreference(at: p)
        switch setting.penalty {
        case .reverse:
            let centered = pair.better - pair.expectation(at: p)
            // E′ = P(a) − P(b) + p P(a)′ + (1 − p) P(b)′
            let expectationDerivative = pair.better - pair.worse + p * pair.betterDerivative
                + (1 - p) * pair.worseDerivative
            let value = p * (1 - centered / beta) - reference
            let derivative = 1 - centered / beta
                - p * (pair.betterDerivative - expectationDerivative) / beta
            return (value, derivative)
        case .direct:
            let gap = pair.better - pair.worse
            let tilt = (gap / beta).exp()
            let value = (1 - reference) * p - reference * (1 - p) * tilt
            let gapDerivative = pair.betterDerivative - pair.worseDerivative
            let derivative = (1 - reference) + reference * tilt
                - reference * (1 - p) * tilt * gapDerivative / beta
            return (value, derivative)
        }
    }

    /// The expected GRPO gradient `dJ/dθ` at the logit `θ = logit π(a)`, at `π_old = π`:
    ///
    /// * reverse KL (k3 estimator): `p(1 − p)(P_G(a|π) − P_G(b|π)) − β (p − π_ref(a))`,
    ///   i.e. `dJ/dp = U_G + V_G − β (p − p_ref)/(p(1 − p))` (brief §4) times `dp/dθ`;
    /// * direct KL: `p(1 − p)(P_G(a|π) − P_G(b|π) − β (θ − logit π_ref(a)))`.
    ///
    /// `p(1 − p) = e^{−|θ|} / (1 + e^{−|θ|})²` is taken from `θ`, so it stays accurate where
    /// `p` itself rounds to 1.
    public func logitGradient(atLogit theta: BigFloat) -> BigFloat where T == BigFloat {
        let p = theta.logistic()
        let decay = (-theta.magnitude).exp()
        let spread = decay / ((1 + decay) * (1 + decay))
        let pair = preference.rewardPreference(at: p)
        switch setting.penalty {
        case .reverse:
            return spread * (pair.better - pair.worse) - beta * (p - reference)
        case .direct:
            return spread * (pair.better - pair.worse - beta * (theta - reference.logit()))
        }
    }

    /// A learning rate for gradient ascent in the logit: `1/L` with
    /// `L = (Γ + β)/4 ≥ sup |d/dθ (p(1−p)Δ − β(p − p_ref))|`, where `Γ = γ` for groups of two
    /// and `Γ = 1` otherwise (`p(1−p)Δ` is `γ p(1−p)` or `sqrt(p(1−p))`-like; `p(1−p) ≤ 1/4`).
    public var learningRate: T {
        let gamma = setting.groupSize == .two ? confidenceMargin : T(1, precision: precision)
        return 4 / (gamma + beta)
    }
}
