import Multiprecision

/// Bisection on a bracket: halve, keep the half with the sign change, repeat until the
/// bracket is a few ulps wide. Uses only the sign of `f`; its derivative enters once, in the
/// residual that must vouch for the result (`Convergence`).
public struct Bisection {
    public init() {}

    public func solve<F: DifferentiableFunction>(_ f: F, in bracket: Bracket, precision: Int) -> SolverResult<BigFloat> {
        var bracket = bracket
        var iterations = 0
        // Each halving gains one bit; the budget covers the exponent range a bracket in
        // [0, 1] can span at this precision with room to spare.
        let budget = 4 * precision + 2_100
        while iterations < budget && !bracket.isResolved(precision: precision) {
            let x = bracket.midpoint
            if x == bracket.lower || x == bracket.upper { break }
            let fx = f.value(at: x)
            iterations += 1
            if fx.isZero {
                return SolverResult(value: x, iterations: iterations, residual: fx, converged: true)
            }
            bracket.keep(signChangeAround: x, valueThere: fx)
        }
        return SolverResult(f, value: bracket.midpoint, iterations: iterations,
                            stopped: bracket.isResolved(precision: precision), precision: precision)
    }
}
