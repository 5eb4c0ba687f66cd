import Multiprecision

/// Newton's method kept inside a bracket (Numerical Recipes' `rtsafe` idea).
///
/// Each step `x ← x − f(x)/f′(x)` is accepted only if it lands strictly inside the current
/// bracket; otherwise the bracket is bisected. The bracket shrinks around every evaluated
/// point, so the iteration cannot leave it or cycle. Stops when the step is below a few ulps
/// of `x` (or stops shrinking at the rounding floor), returning that `x` with the step as its
/// Newton correction, when the bracket has collapsed, or at `f(x) = 0`; converged only if
/// the residual there vouches (`Convergence`).
public struct SafeguardedNewton {
    public var maximumIterations: Int

    public init(maximumIterations: Int = 10_000) {
        self.maximumIterations = maximumIterations
    }

    /// Starts at `start` (rounded to `precision` bits) if it lies strictly inside the bracket,
    /// else at the bracket's midpoint.
    public func solve<F: DifferentiableFunction>(_ f: F, in bracket: Bracket, from start: BigFloat? = nil,
                                                 precision: Int) -> SolverResult<BigFloat> {
        var bracket = bracket
        var x = bracket.midpoint
        if let start, case let s = BigFloat(start, precision: precision), s > bracket.lower && s < bracket.upper {
            x = s
        }
        var previousStep: BigFloat? = nil
        for iteration in 1...maximumIterations {
            let (fx, dfx) = f.valueAndDerivative(at: x)
            if fx.isZero {
                return SolverResult(value: x, iterations: iteration, residual: fx, converged: true)
            }
            bracket.keep(signChangeAround: x, valueThere: fx)
            // A derivative that rounds to 0 (a flat point of the rounded residual) gives no
            // Newton step (f/0 would raise MPFR's flag): that iteration bisects.
            let step = dfx.isZero ? nil : Self.step(fx, dfx, at: x, precision: precision)
            if let step, step.isFinite {
                // Converged: the step is below a few ulps, or it stopped shrinking once it was
                // below half the precision (quadratic convergence has reached the rounding floor).
                let negligible = step.magnitude(isAtMost: x, timesPowerOfTwo: 2 - precision)
                let stalled = previousStep.map { BigFloat.compareMagnitudes(step, $0) >= 0 } ?? false
                    && step.magnitude(isAtMost: x, timesPowerOfTwo: -precision / 2)
                if negligible || stalled {
                    // `x` itself, whose Newton correction `step` was just computed: no evaluation more.
                    let correction = Convergence.relativeCorrection(value: fx, derivative: dfx, at: x)
                    return SolverResult(value: x, iterations: iteration, residual: correction,
                                        converged: Convergence.vouches(relativeCorrection: correction, precision: precision))
                }
            }
            if let step, step.isFinite, case let next = x - step, next > bracket.lower && next < bracket.upper {
                x = next
                previousStep = step
            } else {
                x = bracket.midpoint
                previousStep = nil
            }
            if bracket.isResolved(precision: precision) {
                return SolverResult(f, value: x, iterations: iteration, stopped: true, precision: precision)
            }
        }
        return SolverResult(f, value: x, iterations: maximumIterations, stopped: false, precision: precision)
    }

    /// `f/f′` to the bits `x − f/f′` keeps of it: a step `2^{−k}` times `|x|` needs `P − k`
    /// bits (and 64 more), so near the root the quotient costs a fraction of a `P`-bit one.
    static func step(_ f: BigFloat, _ derivative: BigFloat, at x: BigFloat, precision: Int) -> BigFloat {
        guard f.isFinite, derivative.isFinite, !f.isZero, !derivative.isZero, !x.isZero, x.isFinite else {
            return f / derivative
        }
        let below = x.exponent - (f.exponent - derivative.exponent)     // |step| ≈ 2^{−below} |x|, ±1
        let bits = min(precision, max(64, precision - below + 64))
        return BigFloat.quotient(f, derivative, precision: bits, rounding: .nearest)
    }
}

/// Safeguarded Newton with a precision-doubling schedule: solve at 64 bits, then at 128, 256,
/// … bits up to the target, each level started at the previous root.
///
/// Newton doubles the correct bits per step, so each level after the first takes about two
/// steps, and all but the last cost a fraction of one evaluation at the target precision.
/// The last level is `SafeguardedNewton` at the target precision with its own bracket and
/// stopping rule, so the root meets the same criterion as a solve started there.
public struct PrecisionDoublingNewton {
    public static let startingPrecision = 64
    public var newton: SafeguardedNewton

    public init(newton: SafeguardedNewton = SafeguardedNewton()) {
        self.newton = newton
    }

    /// `problem(p)` gives the function and bracket evaluated at `p` bits. Iterations are
    /// summed over the levels; the result converged if every level did.
    public func solve<F: DifferentiableFunction>(
        precision: Int, _ problem: (Int) -> (function: F, bracket: Bracket)
    ) -> SolverResult<BigFloat> {
        var p = min(Self.startingPrecision, precision)
        var (f, bracket) = problem(p)
        var result = newton.solve(f, in: bracket, precision: p)
        var iterations = result.iterations
        var converged = result.converged
        while p < precision {
            p = min(2 * p, precision)
            (f, bracket) = problem(p)
            result = newton.solve(f, in: bracket, from: result.value, precision: p)
            iterations += result.iterations
            converged = converged && result.converged
        }
        return SolverResult(value: result.value, iterations: iterations, residual: result.residual, converged: converged)
    }
}
