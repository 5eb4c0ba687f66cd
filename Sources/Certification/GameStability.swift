import GRPOModel
import Multiprecision

/// Which stationary policy GRPO reaches, for any reward model: with a preference matrix the
/// GRPO dynamics at G = 2 is a game, not gradient ascent on a potential, so a stationary
/// policy need not attract it.
///
/// At each certified stationary policy `π*` the Jacobian `J` of the expected gradient in the
/// logits (`GeneralModel.logitJacobian`) is enclosed over the enclosure of `π*`, and
///
/// * the expected-gradient flow `dθ/dt = g(θ)` is locally stable when every eigenvalue of `J`
///   has negative real part (`LinearStability.flow`, Routh–Hurwitz);
/// * the GRPO iteration `θ ← θ + η g(θ)` at its starting learning rate `η = 4/(S + β)` is
///   locally stable when every eigenvalue of `I + ηJ` lies inside the unit circle
///   (`LinearStability.iteration`).
///
/// Both are certified (Lyapunov's indirect method) or reported undecided with the reason.
public struct GameStability: Sendable {
    public struct Verdicts: Sendable {
        public let flow: StabilityVerdict
        public let iteration: StabilityVerdict
    }

    /// One pair of verdicts per stationary policy, in the order of `StationaryPolicies.points`.
    public let points: [Verdicts]
    /// `η`, the learning rate the iteration's verdict is for.
    public let learningRate: BigFloat

    /// The dynamics lives on the reference support (answers outside it keep `π(o) = 0`); a
    /// reference certain of one answer leaves no dynamics, stable vacuously.
    public init(_ stationary: StationaryPolicies) {
        let precision = stationary.points.first?.policy[0].precision ?? 128
        let support = stationary.setting.question.support
        guard let setting = support.count < stationary.setting.question.count ? stationary.setting.onSupport
                : stationary.setting else {
            learningRate = BigFloat(0, precision: precision)
            points = stationary.points.map { _ in Verdicts(flow: .stable, iteration: .stable) }
            return
        }
        let model = GeneralModel<Interval>(setting, precision: precision)
        let eta = model.learningRate
        learningRate = eta.midpoint
        points = stationary.points.map { point in
            let j = model.logitJacobian(at: support.map { point.policy[$0] })
            return Verdicts(flow: LinearStability.flow(j), iteration: LinearStability.iteration(j, learningRate: eta))
        }
    }
}
