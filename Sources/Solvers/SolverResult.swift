import Multiprecision

/// The outcome of one solve, by any solver or method, for one value (`BigFloat`: a binary
/// question's policy or a root) or a vector (`[BigFloat]`: logits, or a policy over `K` answers).
public struct SolverResult<Value: Sendable>: Sendable {
    /// The approximate root, fixed point or policy.
    public let value: Value
    /// Iterations taken (function or gradient evaluations after the start; zero for a closed form).
    public let iterations: Int
    /// The relative Newton correction at `value` (`Convergence`): `|f/f′|/|value|` for one
    /// value, the largest relative change a Newton step would make for a vector; nil where
    /// Newton predicts nothing (a zero derivative, a singular Jacobian, a closed form).
    public let residual: BigFloat?
    /// True when the stopping rule was met within the budget and the residual vouches for
    /// the value (`Convergence`).
    public let converged: Bool
    /// Why the solve did not converge, one line, when the solver knows more than its residual
    /// says (for instance that GRPO ran to the boundary of the simplex).
    public let failure: String?
    /// A bound on `|value − root|` that the solver's own invariant gives (bisection: half its
    /// final bracket, which holds the root as long as every sign it used was right), or nil.
    public let bracketRadius: BigFloat?

    public init(value: Value, iterations: Int, residual: BigFloat?, converged: Bool, failure: String? = nil,
                bracketRadius: BigFloat? = nil) {
        self.value = value
        self.iterations = iterations
        self.residual = residual
        self.converged = converged
        self.failure = failure
        self.bracketRadius = bracketRadius
    }

    /// The same solve with its value transformed (logits to a policy, say).
    public func map<T>(_ transform: (Value) -> T) -> SolverResult<T> {
        SolverResult<T>(value: transform(value), iterations: iterations, residual: residual, converged: converged,
                        failure: failure)
    }
}

extension SolverResult where Value == BigFloat {
    /// The result at `value` after `iterations`, with the residual of `f` there; converged when
    /// `stopped` (the solver's own rule was met) and that residual vouches for it.
    init<F: DifferentiableFunction>(_ f: F, value: BigFloat, iterations: Int, stopped: Bool, precision: Int,
                                    bracketRadius: BigFloat? = nil) {
        let (fx, dfx) = f.valueAndDerivative(at: value)
        let correction = Convergence.relativeCorrection(value: fx, derivative: dfx, at: value)
        self.init(value: value, iterations: iterations, residual: correction,
                  converged: stopped && Convergence.vouches(relativeCorrection: correction, precision: precision),
                  bracketRadius: bracketRadius)
    }
}
