import Multiprecision

/// Newton's method kept inside a bracket (Numerical Recipes' `rtsafe` idea).
///
/// Each step `x ← x − f(x)/f′(x)` is accepted only if it lands strictly inside the current
/// bracket; otherwise the bracket is bisected. The bracket shrinks around every evaluated
/// point, so the iteration cannot leave it or cycle. Stops when the step is below a few ulps
/// of `x` (or stops shrinking at the rounding floor), when the bracket has
/// collapsed, or at `f(x) = 0`.
public struct SafeguardedNewton {
    public var maximumIterations: Int

    public init(maximumIterations: Int = 10_000) {
        self.maximumIterations = maximumIterations
    }

    public func solve<F: DifferentiableFunction>(_ f: F, in bracket: Bracket, precision: Int) -> SolverResult {
        var bracket = bracket
        var x = bracket.midpoint
        var previousStep: BigFloat? = nil
        for iteration in 1...maximumIterations {
            let (fx, dfx) = f.valueAndDerivative(at: x)
            if fx.isZero {
                return SolverResult(value: x, iterations: iteration, residual: fx, converged: true)
            }
            bracket.keep(signChangeAround: x, valueThere: fx)
            let step = fx / dfx
            let size = step.magnitude
            // Converged: the step is below a few ulps, or it stopped shrinking once it was
            // below half the precision (quadratic convergence has reached the rounding floor).
            let negligible = size <= x.magnitude.scaled(byPowerOfTwo: 2 - precision)
            let stalled = previousStep.map { size >= $0 } ?? false
                && size <= x.magnitude.scaled(byPowerOfTwo: -precision / 2)
            if step.isFinite && (negligible || stalled) {
                let root = x - step
                let residual = f.valueAndDerivative(at: root).value.magnitude
                return SolverResult(value: root, iterations: iteration, residual: residual, converged: true)
            }
            var next = x - step
            if !step.isFinite || !(next > bracket.lower && next < bracket.upper) {
                next = bracket.midpoint
                previousStep = nil
            } else {
                previousStep = size
            }
            x = next
            if bracket.isResolved(precision: precision) {
                let residual = f.valueAndDerivative(at: x).value.magnitude
                return SolverResult(value: x, iterations: iteration, residual: residual, converged: true)
            }
        }
        let residual = f.valueAndDerivative(at: x).value.magnitude
        return SolverResult(value: x, iterations: maximumIterations, residual: residual, converged: false)
    }
}
