import Multiprecision

/// A real function of one variable with its derivative.
public protocol DifferentiableFunction {
    /// `f(x)` and `f′(x)` at a point strictly inside the bracket being searched.
    func valueAndDerivative(at x: BigFloat) -> (value: BigFloat, derivative: BigFloat)
    /// `f(x)` alone, for steps that use only its sign or size (by default from
    /// `valueAndDerivative`; implement it where the value is cheaper on its own).
    func value(at x: BigFloat) -> BigFloat
}

extension DifferentiableFunction {
    public func value(at x: BigFloat) -> BigFloat { valueAndDerivative(at: x).value }
}

/// An interval `[lower, upper]` known to contain a root of `f`, with `f(lower) ≤ 0 ≤ f(upper)`.
///
/// The signs at the ends are part of the caller's knowledge (they often follow from the model
/// and the function may be singular there), so solvers evaluate `f` only strictly inside.
public struct Bracket {
    public var lower: BigFloat
    public var upper: BigFloat

    public init(lower: BigFloat, upper: BigFloat) {
        precondition(lower <= upper, "empty bracket")
        self.lower = lower
        self.upper = upper
    }

    public var midpoint: BigFloat { BigFloat.average(lower, upper) }

    /// Shrinks the bracket to the side of `x` that keeps the sign change.
    mutating func keep(signChangeAround x: BigFloat, valueThere fx: BigFloat) {
        if fx.sign < 0 { lower = x } else { upper = x }
    }

    /// True when the bracket is at most a few units in the last place of `precision` bits wide:
    /// `upper − lower ≤ max(|lower|, |upper|) · 2^{2−P}`.
    func isResolved(precision: Int) -> Bool {
        let scale = BigFloat.compareMagnitudes(lower, upper) >= 0 ? lower : upper
        return (upper - lower).magnitude(isAtMost: scale, timesPowerOfTwo: 2 - precision)
    }
}

/// The outcome of one iterative solve.
public struct SolverResult {
    /// The approximate root (or fixed point).
    public let value: BigFloat
    /// Iterations taken (function or gradient evaluations after the start).
    public let iterations: Int
    /// `|f(value)|` for a root finder, `|gradient|` for the GRPO iteration.
    public let residual: BigFloat
    /// False when the iteration budget ran out before the stopping rule was met.
    public let converged: Bool
}
