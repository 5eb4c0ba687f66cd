import GRPOModel
import Multiprecision
import Solvers

/// The independent ways the suite computes the stationary policy of a `Question`.
public enum GeneralMethod: String, CaseIterable, Sendable {
    /// Safeguarded Newton on the scalar success-rate equation `Σ_o π(o; μ) s_o = μ`.
    case successRate = "success-rate"
    /// GRPO itself on all `K` answers — expected-gradient ascent in the softmax logits from
    /// `π_ref` — run at `precisionOfApproach` bits into the basin of the stable stationary
    /// point, then finished by damped Newton on the whole policy vector (condition (11) for
    /// every answer, in softmax coordinates) at the working precision.
    case grpo

    /// GRPO's steps shrink with the smallest probabilities, so it only approaches: at modest
    /// precision, for at most `iterationsOfApproach` steps; Newton then decides convergence.
    static let precisionOfApproach = 96
    static let iterationsOfApproach = 2_000

    /// Runs this method at `precision` bits: the policy, iterations and residual.
    public func run(_ setting: GeneralSetting, precision: Int) throws -> (policy: [BigFloat], iterations: Int,
                                                                         residual: BigFloat, converged: Bool) {
        try MPFRFlags.checking {
            let model = GeneralModel<BigFloat>(setting, precision: precision)
            switch self {
            case .successRate:
                guard let bracket = SuccessRateEquation(model: model).bracket() else {
                    return (model.references, 0, BigFloat(0, precision: precision), false)
                }
                let r = SafeguardedNewton().solve(SuccessRateEquation(model: model), in: bracket, precision: precision)
                return (model.policy(at: r.value), r.iterations, r.residual, r.converged)
            case .grpo:
                let coarse = GeneralModel<BigFloat>(setting, precision: min(precision, Self.precisionOfApproach))
                let last = coarse.references[coarse.references.count - 1]
                let start = coarse.references.dropLast().map { ($0 / last).log() }
                let approach = GRPOIteration(maximumIterations: Self.iterationsOfApproach)
                    .solve(coarse, start: start, learningRate: coarse.learningRate, precision: coarse.precision)
                let equation = PolicyEquation(model: model)
                let finish = DampedNewton().solve(equation, start: approach.value.map { BigFloat($0, precision: precision) },
                                                  precision: precision)
                return (model.policy(logits: finish.value), approach.iterations + finish.iterations,
                        finish.residual, finish.converged)
            }
        }
    }
}

/// `μ − Σ_o π(o; μ) s_o` (minus the success-rate residual, so that it rises through the root,
/// as `Bracket` expects) on the success rates where the policy is positive.
struct SuccessRateEquation: DifferentiableFunction {
    let model: GeneralModel<BigFloat>

    func valueAndDerivative(at x: BigFloat) -> (value: BigFloat, derivative: BigFloat) {
        let r = model.successRateResidual(at: x)
        return (-r.value, -r.derivative)
    }

    func isAdmissible(_ mu: BigFloat) -> Bool { model.isAdmissible(at: mu) }

    /// `[μ₀, μ₁]` with `R(μ₀) ≥ 0 ≥ R(μ₁)` inside `[min s, max s]`. `R(max s) ≤ 0`: there the
    /// best answers have `P = 0` and the others `P < 0`. At `min s`, if the policy is positive,
    /// `R ≥ 0`; otherwise a denominator `1 − P/β` of the reverse KL vanishes between `min s`
    /// and `max s`, and `R → +∞` just above it, so `μ₀` is found by bisecting for the edge of
    /// positivity. Ends at 0 or 1 are pulled in by `2^{−P/2}`, where `W` may be singular.
    /// Nil if no sign change is found.
    func bracket() -> Bracket? {
        let precision = model.precision
        let nudge = BigFloat(1, precision: precision).scaled(byPowerOfTwo: -precision / 2)
        var lower = model.successes.reduce(model.successes[0], BigFloat.minimum)
        var upper = model.successes.reduce(model.successes[0], BigFloat.maximum)
        if lower == upper { return Bracket(lower: lower, upper: upper) }
        if lower.isZero { lower = nudge }
        if upper == 1 { upper = 1 - nudge }
        func rises(_ mu: BigFloat) -> Bool { value(at: mu).sign <= 0 }
        guard isAdmissible(upper), !rises(upper) || value(at: upper).isZero else { return nil }
        if !isAdmissible(lower) {
            var outside = lower, inside = upper
            for _ in 0..<precision {
                let mid = (outside + inside).scaled(byPowerOfTwo: -1)
                if isAdmissible(mid) { inside = mid } else { outside = mid }
            }
            lower = inside
        }
        return isAdmissible(lower) && rises(lower) ? Bracket(lower: lower, upper: upper) : nil
    }
}

extension GeneralModel: LogitGradientVectorField where T == BigFloat {}

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
}

/// One question's stationary policy by both methods, with the digits each earns per entry.
///
/// As `PolicyCheck`: each method at `P = ⌈D log2 10⌉ + 64` and `P + 32` bits (doubling up to
/// three times), an entry's digits earned when every number within the two runs' difference
/// (plus an ulp) rounds alike; the check passes when both methods converged, earned `D` digits
/// on every entry and agree to `D` digits.
public struct GeneralCheck: Sendable {
    public struct Outcome: Sendable {
        public let method: GeneralMethod
        public let policy: [BigFloat]
        public let iterations: Int
        public let residual: BigFloat
        public let converged: Bool
        /// Earned digits of the least accurate entry.
        public let earnedDigits: Int
        public let decimals: [String]
    }

    public let setting: GeneralSetting
    public let digits: Int
    public let outcomes: [Outcome]

    public var primary: Outcome { outcomes[0] }

    public var policy: [String]? { primary.earnedDigits >= digits ? primary.decimals : nil }

    public var agreementDigits: Int {
        outcomes.flatMap { o in zip(o.policy, primary.policy).map { EarnedDigits.agreement($0, $1, cap: digits) } }
            .min() ?? 0
    }

    public var passed: Bool {
        outcomes.allSatisfy { $0.converged && $0.earnedDigits >= digits } && agreementDigits >= digits
    }

    public init(_ setting: GeneralSetting, digits: Int, methods: [GeneralMethod] = GeneralMethod.allCases) throws {
        self.setting = setting
        self.digits = digits
        outcomes = try GeneralMethod.allCases.filter(methods.contains).map { method in
            var precision = bitsForDigits(digits, guardBits: 64)
            for attempt in 1...4 {
                let coarse = try method.run(setting, precision: precision)
                let fine = try method.run(setting, precision: precision + 32)
                let earned = zip(coarse.policy, fine.policy).map { c, f in
                    let ulp = f.isZero ? f : BigFloat(1, precision: 16).scaled(byPowerOfTwo: f.exponent - precision - 32)
                    return EarnedDigits.count(value: f, error: (f - c).magnitude + ulp, cap: digits)
                }.min() ?? 0
                if earned >= digits || attempt == 4 || !fine.converged {
                    return Outcome(method: method, policy: fine.policy, iterations: fine.iterations,
                                   residual: fine.residual, converged: fine.converged && coarse.converged,
                                   earnedDigits: earned,
                                   decimals: fine.policy.map { $0.decimalString(significantDigits: max(1, earned)) })
                }
                precision *= 2
            }
            preconditionFailure("unreachable")
        }
    }
}
