import Certification
import GRPOModel
import Multiprecision
import Verification

/// The stationary policy of a question, enclosed. With Bernoulli rewards: the success rate `μ`
/// solves `R(μ) = Σ_o π(o; μ) s_o − μ = 0` (proofs/finite-g-exact-sums.md, `SuccessRateModel`), with
/// `π(o; μ) = π_ref(o)/(1 − P_G(o|π)/β)` for the reverse penalty; interval Newton on `R`, started
/// around the success-rate solver's approximation, proves a unique root in its enclosure `M`,
/// and `π(o; M)` in interval arithmetic encloses each answer's probability there.
enum CertifiedQuestionPolicy {
    struct SuccessRateResidual: IntervalFunction {
        let model: SuccessRateModel<Interval>
        func value(over x: Interval) -> Interval { model.successRateResidual(at: x).value }
        func derivative(over x: Interval) -> Interval { model.successRateResidual(at: x).derivative }
    }

    /// The enclosure of `π(answer)` (0-based), targeted at `digits` digits.
    static func enclosure(_ setting: GeneralSetting, answer: Int, digits: Int) -> Result<Interval, QuantityFailure> {
        let precision = DigitsPolicy(digits: digits).working
        guard let successes = setting.question.successes else { return isolated(setting, answer: answer, digits: digits) }
        if successes.allSatisfy({ $0.isNumericallyEqual(to: successes[0]) }) {
            // Every answer is equally good: P_G ≡ 0 and π = π_ref.
            return .success(Interval(setting.question.references[answer], precision: precision))
        }
        return successRate(setting, digits: digits).flatMap { mu in
            let policy = (try? MPFRFlags.checking { SuccessRateModel<Interval>(setting, precision: precision)!.policy(at: mu)[answer] })
            guard let policy, policy.isValid else { return .failure(QuantityFailure(reason: "π has no enclosure at μ")) }
            return .success(policy)
        }
    }

    /// The enclosure of the success rate `μ` at the stationary policy (Bernoulli rewards only),
    /// targeted at `digits` digits: interval Newton on `R`, from boxes of growing radius around
    /// the success-rate solver's approximation, until one proves a unique root.
    static func successRate(_ setting: GeneralSetting, digits: Int) -> Result<Interval, QuantityFailure> {
        let precision = DigitsPolicy(digits: digits).working
        guard let successes = setting.question.successes else {
            return .failure(QuantityFailure(reason: "the success rate is defined for Bernoulli rewards (--success)"))
        }
        if successes.allSatisfy({ $0.isNumericallyEqual(to: successes[0]) }) {
            // π = π_ref, so μ = s exactly.
            return .success(Interval(successes[0], precision: precision))
        }
        do {
            return try MPFRFlags.checking {
                let approximate = try GeneralMethod.successRate.run(setting, precision: precision)
                guard approximate.converged else { return .failure(QuantityFailure(reason: "the success-rate solver did not converge")) }
                let mu = zip(approximate.value, successes).map { $0 * $1.value(precision: precision) }.reduce(BigFloat(0, precision: precision), +)
                let model = SuccessRateModel<Interval>(setting, precision: precision)!
                let target = mu.magnitude.scaled(byPowerOfTwo: -DigitsPolicy(digits: digits).targetBits)
                var radius = mu.magnitude.scaled(byPowerOfTwo: 8 - precision)
                var failure = "no start"
                for _ in 0..<5 {
                    let start = Interval(center: mu, radius: radius, precision: precision)
                    let result = IntervalNewton().refine(SuccessRateResidual(model: model), start: start, targetWidth: target)
                    if result.certificate == .unique { return .success(result.enclosure) }
                    failure = "\(result.certificate)"
                    radius = radius.scaled(byPowerOfTwo: 20)
                }
                return .failure(QuantityFailure(reason: failure))
            }
        } catch {
            return .failure(QuantityFailure(reason: "\(error)"))
        }
    }

    /// Any other reward model: the stationary policies isolated and counted on the simplex
    /// (`StationaryPolicies`, Krawczyk); the enclosure of the one there is, if there is one.
    static func isolated(_ setting: GeneralSetting, answer: Int, digits: Int) -> Result<Interval, QuantityFailure> {
        let stationary = StationaryPolicies(setting, digits: digits)
        if let reason = stationary.uncertified { return .failure(QuantityFailure(reason: "stationary policies not counted: \(reason)")) }
        guard stationary.points.count == 1 else {
            return .failure(QuantityFailure(reason: "\(stationary.points.count) stationary policies, not one"))
        }
        return .success(stationary.points[0].policy[answer])
    }
}
