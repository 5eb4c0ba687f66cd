import Certification
import GRPOModel
import Multiprecision
import Solvers

/// The independent ways the suite computes the stationary policy of a `Question`.
public enum GeneralMethod: String, CaseIterable, Sendable {
    /// Safeguarded Newton with precision doubling on the scalar success-rate equation
    /// `Σ_o π(o; μ) s_o = μ` (Bernoulli rewards only: the model's fast path).
    case successRate = "success-rate"
    /// GRPO itself on all `K` answers — expected-gradient ascent in the softmax logits from
    /// `π_ref` — run at `precisionOfApproach` bits until its residual vouches for the policy
    /// there (with the adaptive learning rate, else at the constant starting rate), then finished by damped Newton on the whole policy vector (condition (11) for
    /// every answer, in softmax coordinates) at the working precision.
    case grpo
    /// Damped Newton on the whole policy vector, continued in `β`: from `π_ref` at a `β₀` large
    /// enough that the stationary policy is near `π_ref`, halving `β` down to the given one and
    /// starting each solve from the last (`precisionOfApproach` bits until the last).
    case continuation

    /// Whether the method applies to the setting's reward model.
    public func applies(to setting: GeneralSetting) -> Bool {
        self != .successRate || setting.question.successes != nil
    }

    /// GRPO converges linearly, and on an answer at the rate of its probability, so it runs at
    /// modest precision until the Newton step from its policy changes no entry by more than
    /// `2^approachExponent`; Newton, started there, supplies the remaining digits and must not
    /// move the policy by more than `2^finishExponent` (else GRPO reached no stationary point
    /// Newton found).
    static let precisionOfApproach = 96
    static let approachExponent = -24
    static let finishExponent = -20

    /// Runs this method at `precision` bits.
    public func run(_ setting: GeneralSetting, precision: Int) throws -> SolverResult<[BigFloat]> {
        switch self {
        case .successRate:
            return try MPFRFlags.checking {
                guard let model = SuccessRateModel<BigFloat>(setting, precision: precision) else {
                    return SolverResult(value: [], iterations: 0, residual: nil, converged: false)
                }
                // The bracket is found at modest precision (Newton refines inside it), and Newton
                // doubles its precision up to the working one, as for a binary question.
                let scanPrecision = min(precision, 128)
                let scan = scanPrecision == precision ? model : SuccessRateModel<BigFloat>(setting, precision: scanPrecision)!
                guard let bracket = SuccessRateEquation(model: scan).bracket() else {
                    return SolverResult(value: model.references, iterations: 0, residual: nil, converged: false)
                }
                let r = PrecisionDoublingNewton().solve(precision: precision) { p in
                    (SuccessRateEquation(model: p == precision ? model : SuccessRateModel(setting, precision: p)!), bracket)
                }
                let policy = model.policy(at: r.value)
                let correction = PolicyEquation(model: GeneralModel(setting, precision: precision))
                    .relativeCorrection(atLogits: PolicyEquation.logits(policy))
                return SolverResult(value: policy, iterations: r.iterations, residual: correction,
                                    converged: r.converged && Convergence.vouches(relativeCorrection: correction, precision: precision))
            }
        case .grpo:
            return try grpo(setting, precision: precision)
        case .continuation:
            return try continuation(setting, precision: precision)
        }
    }

    /// The `β` path of `continuation`: `β₀ = 2^n β ≥ 4(S + β)` with `S` the preferences'
    /// `scale`, where `π ≈ π_ref(1 + P_G/β)` is within a Newton basin of `π_ref`.
    private func continuation(_ setting: GeneralSetting, precision: Int) throws -> SolverResult<[BigFloat]> {
        let path = try MPFRFlags.checking { () -> [BigFloat] in
            let model = GeneralModel<BigFloat>(setting, precision: Self.precisionOfApproach)
            let target = 4 * (model.preferences.scale + model.beta)
            var betas = [model.beta]
            while betas.count < 200 && betas[0] < target { betas.insert(betas[0] * 2, at: 0) }
            return betas
        }
        var theta = try MPFRFlags.checking {
            PolicyEquation.logits(GeneralModel<BigFloat>(setting, precision: Self.precisionOfApproach).references)
        }
        var iterations = 0
        for stage in path.dropLast() {
            let model = GeneralModel<BigFloat>(setting, precision: Self.precisionOfApproach, beta: stage)
            guard let r = try? MPFRFlags.checking({
                DampedNewton().solve(PolicyEquation(model: model), start: theta, precision: Self.precisionOfApproach)
            }), r.converged || Convergence.isBelow(r.residual ?? BigFloat(1, precision: 16), powerOfTwo: Self.approachExponent) else {
                let references = setting.question.references.map { $0.value(precision: precision) }
                return SolverResult(value: references, iterations: iterations, residual: nil, converged: false)
            }
            iterations += r.iterations
            theta = r.value
        }
        // A finish that meets an MPFR flag (a policy entry rounding to 0) found no stationary point.
        let finished = try? MPFRFlags.checking {
            let model = GeneralModel<BigFloat>(setting, precision: precision)
            let start = theta.map { BigFloat($0, precision: precision) }
            let r = DampedNewton().solve(PolicyEquation(model: model), start: start, precision: precision)
            return SolverResult(value: model.policy(logits: r.value), iterations: iterations + r.iterations, residual: r.residual,
                                converged: r.converged)
        }
        return finished ?? SolverResult(value: setting.question.references.map { $0.value(precision: precision) },
                                        iterations: iterations, residual: nil, converged: false)
    }

    /// GRPO's approach and Newton's finish, each on its own: one that runs to the boundary of
    /// the simplex (MPFR flags where a policy rounds to a vertex) did not converge.
    private func grpo(_ setting: GeneralSetting, precision: Int) throws -> SolverResult<[BigFloat]> {
        let references = try MPFRFlags.checking { GeneralModel<BigFloat>(setting, precision: precision).references }
        var approach: SolverResult<[BigFloat]>? = nil
        let approachInside = (try? MPFRFlags.checking { () -> Bool in
            let coarse = GeneralModel<BigFloat>(setting, precision: min(precision, Self.precisionOfApproach))
            // The adaptive learning rate suits slow monotone approaches; a field that turns
            // (a game's spiral) may settle only at the constant starting rate.
            for adapts in [true, false] where !(approach?.converged ?? false) {
                approach = GRPOIteration(toleranceExponent: Self.approachExponent, adaptsLearningRate: adapts)
                    .solve(coarse, start: PolicyEquation.logits(coarse.references),
                           learningRate: coarse.learningRate, precision: coarse.precision)
            }
            return true
        }) != nil
        guard let approach, approachInside, approach.converged else {
            let steps = approach?.iterations ?? 0
            let bits = min(precision, Self.precisionOfApproach)
            let failure = !approachInside || steps < GRPOIteration().maximumIterations
                ? "grpo from π_ref ran to the boundary of the simplex (π(o) rounds to 0 or 1 at \(bits) bits) after \(steps) steps"
                : "grpo did not converge within \(steps) steps from π_ref at \(bits) bits"
            return SolverResult(value: references, iterations: steps, residual: nil, converged: false, failure: failure)
        }
        let wandered = "grpo's Newton finish found no stationary point within 2^\(Self.finishExponent) of where GRPO settled"
        let finished = try? MPFRFlags.checking { () -> SolverResult<[BigFloat]> in
            let model = GeneralModel<BigFloat>(setting, precision: precision)
            let start = approach.value.map { BigFloat($0, precision: precision) }
            let finish = DampedNewton().solve(PolicyEquation(model: model), start: start, precision: precision)
            let policy = model.policy(logits: finish.value)
            let moved = zip(policy, model.policy(logits: start)).map { ($0 - $1).magnitude }
                .reduce(BigFloat(0, precision: 16), BigFloat.maximum)
            let stayed = Convergence.isBelow(moved, powerOfTwo: Self.finishExponent)
            return SolverResult(value: policy, iterations: approach.iterations + finish.iterations, residual: finish.residual,
                                converged: finish.converged && stayed, failure: stayed ? nil : wandered)
        }
        return finished ?? SolverResult(value: references, iterations: approach.iterations, residual: nil, converged: false,
                                        failure: wandered)
    }
}

/// `−C(μ)`, minus the cleared success-rate residual of
/// `SuccessRateModel.clearedSuccessRateResidual` (so that it rises through a root, as `Bracket`
/// expects): of the sign of `μ − Σ_o π(o; μ) s_o` where the policy is positive, with no
/// singularity and no overflow on the domain `SuccessRateModel.successRateDomain`.
struct SuccessRateEquation: DifferentiableFunction {
    let model: SuccessRateModel<BigFloat>

    func valueAndDerivative(at x: BigFloat) -> (value: BigFloat, derivative: BigFloat) {
        let r = model.clearedSuccessRateResidual(at: x)
        return (-r.value, -r.derivative)
    }

    /// The first bracket `[μ₀, μ₁]` with `C(μ₀) > 0 ≥ C(μ₁)` among 64 equal pieces of the
    /// domain (`C > 0` at its lower end, so a sign change there means a root; with several
    /// stationary points this is the one of smallest `μ`), where the policy is positive at
    /// `μ₁`. Nil if there is none.
    func bracket() -> Bracket? {
        let successes = model.successes
        if successes.allSatisfy({ $0 == successes[0] }) { return Bracket(lower: successes[0], upper: successes[0]) }
        guard let domain = model.successRateDomain(point: { $0 }) else { return nil }
        // W′ is infinite at μ = 1 for G = ∞: the scan stops 2^{−P/2} short of it (the certified
        // isolation covers the rest, and a zero there would leave this method unmatched).
        let top = domain.upper == 1 ? 1 - BigFloat(1, precision: model.precision).scaled(byPowerOfTwo: -model.precision / 2)
            : domain.upper
        let pieces = 64
        var lower = domain.lower
        for k in 1...pieces {
            let upper = k == pieces ? top : domain.lower + (top - domain.lower) * k / pieces
            if value(at: upper).sign >= 0 && model.isAdmissible(at: upper) {
                return Bracket(lower: lower, upper: upper)
            }
            lower = upper
        }
        return nil
    }
}

/// GRPO's field on several answers. Its correction is absolute, `max_o |Δπ(o)|` of the Newton
/// step: GRPO only approaches (its steps on an answer scale with `π(o)`, so tiny
/// probabilities converge slowly in relative terms), and Newton finishes.
extension GeneralModel: LogitGradientVectorField where T == BigFloat {
    public func relativeCorrection(atLogits theta: [BigFloat]) -> BigFloat? {
        let equation = PolicyEquation(model: self)
        let (f, j) = equation.valueAndJacobian(at: theta)
        return DampedNewton.solveLinear(j, f.map { -$0 }).map { equation.change(step: $0, at: theta, relative: false) }
    }
}

/// The whole-vector condition of `GeneralModel.policyResidual` in softmax coordinates:
/// `π = softmax(θ_1, …, θ_{K−1}, 0)` stays on the simplex, and the last of the K equations is
/// dropped, since on the simplex `Σ_o F_o = 0` for both penalties.
struct PolicyEquation: VectorFunction {
    let model: GeneralModel<BigFloat>

    func valueAndJacobian(at theta: [BigFloat]) -> (value: [BigFloat], jacobian: [[BigFloat]]) {
        let pi = model.policy(logits: theta)
        let (f, j) = model.policyResidual(at: pi)
        // ∂F_o/∂θ_m = Σ_k ∂F_o/∂π_k π_k (δ_km − π_m)
        let jacobian = theta.indices.map { o in
            theta.indices.map { m in
                var total = j[o][m] * pi[m]
                for k in pi.indices { total = total - j[o][k] * pi[k] * pi[m] }
                return total
            }
        }
        return (Array(f.prefix(theta.count)), jacobian)
    }

    /// The largest relative change of an entry of `π = softmax(θ, 0)` that the step `Δθ` makes
    /// to first order: `d log π_m = Δθ_m − Σ_k π_k Δθ_k` (with `Δθ_K = 0`), over all K entries.
    func relativeChange(step delta: [BigFloat], at theta: [BigFloat]) -> BigFloat {
        change(step: delta, at: theta, relative: true)
    }

    /// `max_m |d log π_m|`, or `max_m π_m |d log π_m|` (absolute) when not `relative`.
    func change(step delta: [BigFloat], at theta: [BigFloat], relative: Bool) -> BigFloat {
        let pi = model.policy(logits: theta)
        let mean = zip(pi, delta).dropFirst().reduce(pi[0] * delta[0]) { $0 + $1.0 * $1.1 }
        return zip(delta + [BigFloat(0, precision: mean.precision)], pi).map { d, p in
            relative ? (d - mean).magnitude : ((d - mean) * p).magnitude
        }.reduce(BigFloat(0, precision: mean.precision), BigFloat.maximum)
    }

    /// `relativeChange` of the Newton step `−J⁻¹F` at `θ` (nil if `J` is singular).
    func relativeCorrection(atLogits theta: [BigFloat]) -> BigFloat? {
        let (f, j) = valueAndJacobian(at: theta)
        return DampedNewton.solveLinear(j, f.map { -$0 }).map { relativeChange(step: $0, at: theta) }
    }

    /// The logits `θ_m = log(π_m/π_K)` of a policy.
    static func logits(_ policy: [BigFloat]) -> [BigFloat] {
        let last = policy[policy.count - 1]
        return policy.dropLast().map { ($0 / last).log() }
    }
}

/// One question's stationary policies: every one of them, certified (`StationaryPolicies`),
/// and each method's, with the digits it earns per entry.
///
/// As `PolicyCheck`: each method at `P = ⌈D log2 10⌉ + 64` and `P + 32` bits (doubling up to
/// three times); a method that converged at both earns, per entry, the digits on which every
/// number within `|fine − coarse| + r |fine| + ulp` rounds alike (`r` its relative residual);
/// one that did not earns none. A method whose converged value at `P + 32` bits lies within
/// `D` digits of a certified stationary point runs once: its distance to that point's
/// enclosure is its proven error (`StationaryPolicies.provenErrors`). Each method's policy is matched to the stationary point whose
/// enclosure meets its error bounds in every entry. The check passes when the count of
/// stationary points is certified, each is certified to `D` digits, and every method
/// converged, earned `D` digits and reached exactly one of them (with a unique stationary
/// point: all agree to `D` digits) — or, when there is certainly none, no method converged.
public struct GeneralCheck: Sendable {
    public struct Outcome: Sendable {
        public let method: GeneralMethod
        public let policy: [BigFloat]
        public let iterations: Int
        public let residual: BigFloat?
        public let converged: Bool
        /// Per entry, the error estimate of `policy`.
        public let errorEstimates: [BigFloat]
        /// Earned digits of the least accurate entry (0 unless converged at both precisions).
        public let earnedDigits: Int
        /// Each entry with the digits it earned (`"?"` if none).
        public let decimals: [String]
        /// Why the method earned nothing, if it did not converge: one line naming the method.
        public let failure: String?
        /// The index in `stationary.points` of the stationary point this method reached.
        public let reaches: Int?
    }

    public let setting: GeneralSetting
    public let digits: Int
    public let outcomes: [Outcome]
    /// Every stationary policy, isolated with a certificate.
    public let stationary: StationaryPolicies
    /// Whether the expected-gradient flow and the GRPO iteration are locally stable at each
    /// stationary policy.
    public let stability: GameStability
    /// Where the GRPO iteration goes, when the grpo method did not converge and a stationary
    /// policy exists (nil otherwise).
    public let grpoOrbit: IterationOrbit?

    /// True when GRPO's non-convergence is the verified outcome: its iteration is certified
    /// unstable at every stationary policy (flow or iteration) and is seen to cycle.
    public var grpoCycles: Bool { Self.cycles(grpoOrbit, stability) }

    static func cycles(_ orbit: IterationOrbit?, _ stability: GameStability) -> Bool {
        guard let orbit, orbit.isCycle, !stability.points.isEmpty else { return false }
        return stability.points.allSatisfy { $0.iteration == .unstable || $0.flow == .unstable }
    }

    /// The outcomes the check holds to agreement: all but a grpo that is verified to cycle.
    var heldOutcomes: [Outcome] { Self.held(outcomes, cycles: grpoCycles) }

    static func held(_ outcomes: [Outcome], cycles: Bool) -> [Outcome] {
        outcomes.filter { !(cycles && $0.method == .grpo) }
    }

    public var primary: Outcome { outcomes[0] }

    /// The stationary point GRPO reaches from `π_ref`, if GRPO ran and reached one.
    public var grpoReaches: Int? { outcomes.first { $0.method == .grpo }?.reaches }

    /// The certified stationary point `policy` reports: the unique one, or, with several, the
    /// one GRPO reaches.
    public var policyPoint: StationaryPolicies.Point? {
        stationary.points.count == 1 ? stationary.points[0] : grpoReaches.map { stationary.points[$0] }
    }

    /// The policy with `D` digits: the unique stationary one, or, with several, the one GRPO
    /// reaches; nil if not earned.
    public var policy: [String]? {
        if stationary.points.count > 1 {
            guard let i = grpoReaches, stationary.points[i].certifiedDigits.allSatisfy({ $0 >= digits }) else { return nil }
            return stationary.points[i].decimals
        }
        guard let held = heldOutcomes.first else { return nil }
        return held.earnedDigits >= digits ? held.decimals : nil
    }

    /// The digits on which every method agrees with the primary one in every entry (0 when a
    /// method did not converge).
    public let agreementDigits: Int

    public var passed: Bool { failure == nil }

    /// Why the check did not pass, one line (nil if it passed). With a certified count of no
    /// stationary point, it passes when no method claims one.
    public var failure: String? {
        if stationary.countCertified && stationary.points.isEmpty {
            return outcomes.first(where: \.converged).map { "\($0.method.rawValue) converged where no stationary policy exists" }
        }
        let outcomes = heldOutcomes
        let failures = outcomes.compactMap(\.failure)
        if !failures.isEmpty { return failures.joined(separator: "; ") }
        let short = outcomes.filter { $0.earnedDigits < digits }
        if !short.isEmpty {
            return short.map { "\($0.method.rawValue) earned \($0.earnedDigits) of \(digits) digits" }.joined(separator: "; ")
        }
        if let reason = stationary.uncertified { return "stationary points not counted: \(reason)" }
        if stationary.points.isEmpty { return "no stationary point found" }
        if let unmatched = outcomes.first(where: { $0.reaches == nil }) {
            return "\(unmatched.method.rawValue)'s policy matches no single certified stationary point"
        }
        if stationary.points.contains(where: { $0.certifiedDigits.contains { $0 < digits } }) {
            return "a stationary point is certified to fewer than \(digits) digits"
        }
        if stationary.points.count == 1 && agreementDigits < digits {
            return "methods agree to \(agreementDigits) of \(digits) digits"
        }
        return nil
    }

    /// Checks `setting`; answers outside the reference support are solved without (the others
    /// do not see them) and reported with `π(o) = 0` exactly; a reference certain of one answer
    /// is its own stationary policy. Throws `RewardModel.Problem` when none of `methods` applies.
    init(_ setting: GeneralSetting, digits: Int, methods: [GeneralMethod] = GeneralMethod.allCases) throws {
        guard methods.contains(where: { $0.applies(to: setting) }) else {
            throw RewardModel.Problem(field: "methods", reason: "none of \(methods.map(\.rawValue)) applies to this reward model")
        }
        let support = setting.question.support
        if support.count == 1 {
            self = Self.certain(setting, answer: support[0], digits: digits, methods: methods)
            return
        }
        if support.count < setting.question.count, let reduced = setting.onSupport {
            self = try GeneralCheck(reduced, digits: digits, methods: methods).expanded(to: setting, support: support)
            return
        }
        self.setting = setting
        self.digits = digits
        let stationary = StationaryPolicies(setting, digits: digits)
        self.stationary = stationary
        outcomes = try GeneralMethod.allCases.filter { methods.contains($0) && $0.applies(to: setting) }.map { method in
            do {
                return try Self.outcome(of: method, on: setting, digits: digits, stationary: stationary)
            } catch let error as NumericalError {
                throw ComputationFailure(reason: "\(error)", method: method.rawValue, setting: setting.summary)
            }
        }
        stability = GameStability(stationary)
        let grpo = outcomes.first { $0.method == .grpo }
        if let grpo, !grpo.converged, let point = stationary.points.first {
            grpoOrbit = IterationOrbit(setting, around: point.policy.map(\.midpoint))
        } else {
            grpoOrbit = nil
        }
        agreementDigits = Self.agreement(Self.held(outcomes, cycles: Self.cycles(grpoOrbit, stability)), digits: digits)
    }

    /// The digits on which every outcome agrees with the first in every entry (0 when one failed).
    static func agreement(_ outcomes: [Outcome], digits: Int) -> Int {
        guard let primary = outcomes.first?.policy, !outcomes.contains(where: { $0.failure != nil }) else { return 0 }
        return outcomes.flatMap { o in zip(o.policy, primary).map { EarnedDigits.agreement($0, $1, cap: digits) } }.min() ?? 0
    }

    private init(setting: GeneralSetting, digits: Int, outcomes: [Outcome], stationary: StationaryPolicies,
                 stability: GameStability, grpoOrbit: IterationOrbit?, agreementDigits: Int) {
        self.setting = setting
        self.digits = digits
        self.outcomes = outcomes
        self.stationary = stationary
        self.stability = stability
        self.grpoOrbit = grpoOrbit
        self.agreementDigits = agreementDigits
    }

    /// A reference certain of `answer`: every method's policy is `π_ref` itself, exactly, since
    /// (11) and the direct-KL condition keep `π(o) = 0` wherever `π_ref(o) = 0`.
    static func certain(_ setting: GeneralSetting, answer: Int, digits: Int, methods: [GeneralMethod]) -> GeneralCheck {
        let stationary = StationaryPolicies.certain(setting, answer: answer, digits: digits)
        let point = stationary.points[0]
        let outcomes = GeneralMethod.allCases.filter { methods.contains($0) && $0.applies(to: setting) }.map { method in
            Outcome(method: method, policy: point.policy.map(\.lower), iterations: 0, residual: nil, converged: true,
                    errorEstimates: point.policy.map { _ in BigFloat(0, precision: 64) }, earnedDigits: digits,
                    decimals: point.decimals, failure: nil, reaches: 0)
        }
        return GeneralCheck(setting: setting, digits: digits, outcomes: outcomes, stationary: stationary,
                            stability: GameStability(stationary), grpoOrbit: nil, agreementDigits: digits)
    }

    /// This check of a question restricted to `support`, as a check of `setting`: `π(o) = 0`,
    /// exact, for every other answer.
    func expanded(to setting: GeneralSetting, support: [Int]) -> GeneralCheck {
        let zero = BigFloat(0, precision: 64), zeroText = zero.decimalString(significantDigits: digits)
        func full<T>(_ values: [T], _ outside: T) -> [T] { setting.question.placing(values, at: support, outside: outside) }
        let outcomes = self.outcomes.map { o in
            Outcome(method: o.method, policy: full(o.policy, zero), iterations: o.iterations, residual: o.residual,
                    converged: o.converged, errorEstimates: full(o.errorEstimates, zero), earnedDigits: o.earnedDigits,
                    decimals: full(o.decimals, zeroText), failure: o.failure, reaches: o.reaches)
        }
        return GeneralCheck(setting: setting, digits: digits, outcomes: outcomes,
                            stationary: stationary.expanded(to: setting, support: support), stability: stability,
                            grpoOrbit: grpoOrbit, agreementDigits: agreementDigits)
    }

    /// Throws when only one method ran and it did not converge, unless that is the verified
    /// outcome (there is certainly no stationary point).
    public func requireLoneMethodConverged() throws(ComputationFailure) {
        if outcomes.count == 1, !passed, let failure = primary.failure {
            throw ComputationFailure(reason: failure, method: primary.method.rawValue, setting: setting.summary)
        }
    }

    static func outcome(of method: GeneralMethod, on setting: GeneralSetting, digits: Int,
                        stationary: StationaryPolicies) throws -> Outcome {
        let d = try EarnedDigits.drive(digits: digits, proven: { run in stationary.provenErrors(of: run.value, digits: digits) }) {
            try method.run(setting, precision: $0)
        }
        let fine = d.fine
        let failure = d.converged ? nil : nonConvergence(method, setting, run: d.failing.run, precision: d.failing.precision)
        let matches = d.converged ? stationary.points.indices.filter { i in
            zip(stationary.points[i].policy, zip(fine.value, d.errors)).allSatisfy { enclosure, value in
                Interval(center: value.0, radius: value.1, precision: value.0.precision).overlaps(enclosure)
            }
        } : []
        return Outcome(method: method, policy: fine.value, iterations: fine.iterations, residual: fine.residual,
                       converged: d.converged, errorEstimates: d.errors, earnedDigits: d.earned.min() ?? 0,
                       decimals: d.decimals,
                       failure: failure, reaches: matches.count == 1 ? matches[0] : nil)
    }

    /// "grpo did not converge within N steps from π_ref at P bits (…)".
    static func nonConvergence(_ method: GeneralMethod, _ setting: GeneralSetting, run: SolverResult<[BigFloat]>,
                               precision: Int) -> String {
        if let failure = run.failure { return failure }
        let residual = run.residual.map { "relative residual \($0.decimalString(significantDigits: 3))" }
            ?? "no Newton correction (singular Jacobian)"
        switch method {
        case .grpo:
            return "grpo's Newton finish did not converge at \(precision) bits (\(residual))"
        case .successRate:
            if run.iterations == 0 { return "success-rate found no sign change of the success-rate equation" }
            return "success-rate did not converge within \(run.iterations) iterations at \(precision) bits (\(residual))"
        case .continuation:
            if run.residual == nil {
                return "continuation lost the stationary branch on its way down in β (no Newton step converged)"
            }
            return "continuation did not converge at \(precision) bits (\(residual))"
        }
    }
}

extension GeneralSetting {
    /// `G = 8, penalty = reverse, normalisation = population, β = 0.1, π_ref = (…), s = (…)`.
    public var summary: String {
        "G = \(groupSize), penalty = \(penalty.rawValue), normalisation = \(normalisation), β = \(beta)"
            + (effectiveBeta == .besselEquivalent ? " (times sqrt(G/(G − 1)))" : "")
            + ", π_ref = (\(question.references.map(\.text).joined(separator: ", ")))"
            + question.rewards.echo.map { key, rows in
                ", \(key) = " + rows.map { "(" + $0.joined(separator: ", ") + ")" }.joined(separator: "; ")
            }.joined()
    }
}
