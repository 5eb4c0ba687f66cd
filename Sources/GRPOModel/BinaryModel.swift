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
    /// `Δ/β` and the direct-KL tilt `e^{Δ/β}` when `Δ` does not depend on `p` (groups of two:
    /// `Δ = c γ`), computed once instead of at every evaluation.
    let constantGapOverBeta: T?
    let constantTilt: T?
    /// `1/β` where `Δ` depends on `p`, so that each evaluation multiplies instead of dividing.
    let inverseBeta: T?

    public init(_ setting: BinarySetting, precision: Int) {
        self.init(setting, beta: T(setting.beta, precision: precision), reference: T(setting.reference, precision: precision),
                  precision: precision)
    }

    /// The model of `setting`'s question (G, penalty, γ, normalisation) at the given `β` and
    /// `π_ref(a)`: intervals over a box of settings, for enclosures of the policy on the box
    /// (`setting.beta` and `setting.reference` are then one corner, and not used).
    public init(_ setting: BinarySetting, beta: T, reference: T, precision: Int) {
        self.setting = setting
        self.precision = precision
        self.beta = beta
        self.reference = reference
        confidenceMargin = T(setting.confidenceMargin, precision: precision)
        preference = BinaryRewardPreference(setting, precision: precision)
        inverseBeta = preference.constantGap == nil ? 1 / beta : nil
        constantGapOverBeta = preference.constantGap.map { $0 / beta }
        constantTilt = setting.penalty == .direct ? constantGapOverBeta?.exp() : nil
    }

    /// `x/β`, as `x · (1/β)` where that is kept.
    func overBeta(_ x: T) -> T { inverseBeta.map { x * $0 } ?? x / beta }

    /// The residual `F(p)` of the stationarity condition at an interior `p`, with
    /// `Δ = P_G(a|π) − P_G(b|π)` (`PreferenceGap`):
    ///
    /// * reverse KL, (11) with `P_G(a|π) − E_π[P_G] = (1 − p) Δ`:
    ///   `F(p) = p (1 − (1 − p) Δ(p)/β) − π_ref(a)`;
    /// * direct KL, `π(o) ∝ π_ref(o) e^{P_G(o|π)/β}` with the normaliser cleared:
    ///   `F(p) = (1 − π_ref(a)) p − π_ref(a) (1 − p) e^{Δ(p)/β}`.
    ///
    /// Both have `F(π_ref(a)) ≤ 0 ≤ F(1)` because `Δ ≥ 0`, so the stationary policy is a root
    /// in `[π_ref(a), 1]`.
    public func stationarityResidual(at p: T) -> T {
        residual(at: p, q: 1 - p, gapOverBeta: constantGapOverBeta ?? overBeta(preference.gap(at: p))).value
    }

    /// `F(p)` and `F′(p)`:
    ///
    /// * reverse KL: `F′ = 1 − (1 − p)Δ/β + p (Δ − (1 − p) Δ′)/β`;
    /// * direct KL: `F′ = 1 − π_ref(a) + π_ref(a) e^{Δ/β} (1 − (1 − p) Δ′/β)`.
    ///
    /// The `Δ′` terms drop out where `Δ` is constant (groups of two: `Δ = c γ`).
    ///
    /// `complement`, if given, is `1 − p` computed where it is more accurate than from `p`.
    public func stationarityResidualAndDerivative(at p: T, complement: T? = nil) -> (value: T, derivative: T) {
        let q = complement ?? 1 - p
        let gap = preference.gapAndDerivative(at: p, spread: complement.map { p * $0 })
        let gapOverBeta = constantGapOverBeta ?? overBeta(gap.value)
        let (value, factor) = residual(at: p, q: q, gapOverBeta: gapOverBeta)
        let bend = gap.derivative.map { overBeta(q * $0) }       // (1 − p) Δ′/β
        switch setting.penalty {
        case .reverse:
            return (value, factor + p * (bend.map { gapOverBeta - $0 } ?? gapOverBeta))
        case .direct:
            return (value, (1 - reference) + reference * (bend.map { factor * (1 - $0) } ?? factor))
        }
    }

    /// `h(p) = p(1 − p)Δ(p) = p P_G(a|π)` (the advantage terms of (11): the reverse penalty's
    /// stationary policy solves `β(p − π_ref(a)) = h(p)`) and `h′(p) = (1 − 2p)Δ + p(1 − p)Δ′`.
    public func expectedAdvantageAndDerivative(at p: T) -> (value: T, derivative: T) {
        let spread = p * (1 - p)
        let gap = preference.gapAndDerivative(at: p)
        let slope = (1 - 2 * p) * gap.value
        return (spread * gap.value, gap.derivative.map { slope + spread * $0 } ?? slope)
    }

    /// `∂F/∂β` and `∂F/∂π_ref(a)` at `p`, the model's `Δ(p)` depending on neither:
    ///
    /// * reverse KL: `∂F/∂β = p(1 − p)Δ/β² ≥ 0`, `∂F/∂π_ref(a) = −1`;
    /// * direct KL: `∂F/∂β = π_ref(a)(1 − p) e^{Δ/β} Δ/β² ≥ 0`, `∂F/∂π_ref(a) = −p − (1 − p) e^{Δ/β} < 0`.
    ///
    /// So `F` increases in β and decreases in π_ref(a) at every `p ∈ [0, 1]`, since `Δ ≥ 0`.
    public func parameterDerivatives(at p: T) -> (beta: T, reference: T) {
        let q = 1 - p
        let gap = preference.gap(at: p)
        let gapOverBeta = overBeta(gap)
        switch setting.penalty {
        case .reverse:
            return (p * q * gapOverBeta / beta, T(-1, precision: precision))
        case .direct:
            let tilt = gapOverBeta.exp()
            return (reference * q * tilt * gapOverBeta / beta, -p - q * tilt)
        }
    }

    /// `F(p)` from `q = 1 − p` and `Δ(p)/β`, with the factor `F′` reuses: `1 − qΔ/β` (reverse
    /// KL) or the tilt `e^{Δ/β}` (direct KL).
    private func residual(at p: T, q: T, gapOverBeta: T) -> (value: T, factor: T) {
        switch setting.penalty {
        case .reverse:
            let factor = 1 - q * gapOverBeta
            return (p * factor - reference, factor)
        case .direct:
            let tilt = constantTilt ?? gapOverBeta.exp()
            return ((1 - reference) * p - reference * q * tilt, tilt)
        }
    }

    /// The expected GRPO gradient `dJ/dθ` at the logit `θ = logit π(a)`, at `π_old = π`:
    ///
    /// * reverse KL (k3 estimator): `p(1 − p) Δ(p) − β (p − π_ref(a))`,
    ///   i.e. `dJ/dp = U_G + V_G − β (p − p_ref)/(p(1 − p))` (proofs/finite-g-exact-sums.md) times `dp/dθ`;
    /// * direct KL: `p(1 − p)(Δ(p) − β (θ − logit π_ref(a)))`, with `logit π_ref(a)` passed in
    ///   (`referenceLogit`, computed once by the caller).
    ///
    /// `p` and `p(1 − p)` come from `policy(atLogit:)`, one exponential per evaluation, and
    /// `p(1 − p)` (and with it the large-group `Δ`) stays accurate where `p` rounds to 1.
    public func logitGradient(atLogit theta: BigFloat, referenceLogit: BigFloat) -> BigFloat where T == BigFloat {
        let (p, _, spread) = Self.policy(atLogit: theta)
        let gap = preference.gap(at: p, spread: spread)
        switch setting.penalty {
        case .reverse:
            return spread * gap - beta * (p - reference)
        case .direct:
            return spread * (gap - beta * (theta - referenceLogit))
        }
    }

    /// `p = 1/(1 + e^{−θ})`, `1 − p` and `p(1 − p)`, all from `d = e^{−|θ|}`: for `θ ≥ 0`,
    /// `p = 1/(1 + d)` and `1 − p = d/(1 + d)`, mirrored below; `p(1 − p) = d/(1 + d)²`.
    /// Each stays accurate where the other rounds to 1.
    public static func policy(atLogit theta: BigFloat) -> (p: BigFloat, complement: BigFloat, spread: BigFloat) {
        let decay = (-theta.magnitude).exp()
        let denominator = 1 + decay
        let large = 1 / denominator, small = decay / denominator
        let (p, q) = theta.sign >= 0 ? (large, small) : (small, large)
        return (p, q, small * large)
    }

    /// A learning rate for gradient ascent in the logit: `1/L` with
    /// `L = (Γ + β)/4 ≥ sup |d/dθ (p(1−p)Δ − β(p − p_ref))|`, where `Γ = γ` for groups of two
    /// and `Γ = 1` otherwise (`p(1−p)Δ` is `c γ p(1−p)` with `c ≤ 1`, or at most
    /// `sqrt(p(1−p))`-like for every normalisation; `p(1−p) ≤ 1/4`).
    public var learningRate: T {
        let gamma = setting.groupSize == .two ? confidenceMargin : T(1, precision: precision)
        return 4 / (gamma + beta)
    }
}
