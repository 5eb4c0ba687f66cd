import GRPOModel
import Multiprecision
import Solvers

/// The independent ways the suite computes a stationary policy.
public enum Method: String, CaseIterable, Sendable {
    /// The paper's closed form, where it gives one.
    case closedForm = "closed-form"
    /// Safeguarded Newton on the stationarity residual, with a precision-doubling schedule.
    case newton
    /// Bisection on the stationarity residual.
    case bisection
    /// GRPO itself with infinitely many samples: expected-gradient ascent in the logit.
    case grpo

    /// Bisection and the GRPO iteration gain a bounded number of bits per evaluation (Newton
    /// doubles them): the cross-checks `PolicyCheck` carries to `crossCheckDigits`.
    public var gainsBitsLinearly: Bool { self == .bisection || self == .grpo }

    /// Whether `method` can compute the stationary policy of `setting`.
    public func applies(to setting: BinarySetting) -> Bool {
        self != .closedForm || ClosedForm.stationaryPolicy(setting, precision: 16) != nil
    }
}

/// The stationarity residual of a model as a function for the root finders.
struct StationarityEquation: DifferentiableFunction {
    let model: BinaryModel<BigFloat>
    func valueAndDerivative(at x: BigFloat) -> (value: BigFloat, derivative: BigFloat) {
        model.stationarityResidualAndDerivative(at: x)
    }

    func value(at x: BigFloat) -> BigFloat { model.stationarityResidual(at: x) }
}

/// GRPO's expected-gradient field of a model, with `logit π_ref(a)` computed once.
struct GRPOGradient: LogitGradientField {
    let model: BinaryModel<BigFloat>
    let referenceLogit: BigFloat

    init(model: BinaryModel<BigFloat>) {
        self.model = model
        referenceLogit = model.reference.logit()
    }

    func logitGradient(atLogit theta: BigFloat) -> BigFloat {
        model.logitGradient(atLogit: theta, referenceLogit: referenceLogit)
    }

    /// `|F(p)/F′(p)|/p` at `p = 1/(1 + e^{−θ})`, with `p` and `1 − p` from
    /// `BinaryModel.policy(atLogit:)` (accurate where `p` rounds to 1).
    func relativeCorrection(atLogit theta: BigFloat) -> BigFloat? {
        let (p, q, _) = BinaryModel<BigFloat>.policy(atLogit: theta)
        let (f, derivative) = model.stationarityResidualAndDerivative(at: p, complement: q)
        return Convergence.relativeCorrection(value: f, derivative: derivative, at: p)
    }
}

extension Method {
    /// Runs this method on `setting` at `precision` bits.
    ///
    /// Root finders search `[π_ref(a), 1]`, where the residual changes sign; GRPO starts at
    /// the reference policy. `π_ref(a) ∈ {0, 1}` is a fixed point of every method.
    /// Throws `NumericalError` if MPFR raised NaN, overflow, underflow, or erange flags.
    public func run(_ setting: BinarySetting, precision: Int) throws -> SolverResult<BigFloat> {
        try MPFRFlags.checking {
            if setting.referenceIsOutsideTheOpenInterval {
                return SolverResult(value: setting.reference.value(precision: precision), iterations: 0,
                                    residual: nil, converged: true)
            }
            // The model at `p` bits and the bracket `[π_ref(a), 1]` the root finders search.
            func model(_ p: Int) -> (BinaryModel<BigFloat>, Bracket) {
                let m = BinaryModel<BigFloat>(setting, precision: p)
                return (m, Bracket(lower: m.reference, upper: BigFloat(1, precision: p)))
            }
            let result: SolverResult<BigFloat>
            switch self {
            case .closedForm:
                guard let value = ClosedForm.stationaryPolicy(setting, precision: precision) else {
                    preconditionFailure("no closed form for \(setting)")
                }
                return SolverResult(value: value, iterations: 0, residual: nil, converged: true)
            case .newton:
                result = PrecisionDoublingNewton().solve(precision: precision) { p in
                    let (m, bracket) = model(p)
                    return (StationarityEquation(model: m), bracket)
                }
            case .bisection:
                result = Bisection().solve(precision: precision, in: model(precision).1) { p in
                    StationarityEquation(model: model(p).0)
                }
            case .grpo:
                // One parameter at a time: a rate of 1/8 gains three bits per step.
                let model = model(precision).0
                result = GRPOIteration(targetRateExponent: -3).solve(
                    precision: precision, start: model.reference.logit(), learningRate: model.learningRate
                ) { p in GRPOGradient(model: BinaryModel(setting, precision: p)) }
            }
            return result
        }
    }
}
