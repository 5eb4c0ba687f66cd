import Multiprecision

/// The expected gradient of GRPO's objective for a binary question, as a function of the
/// current policy `p = π(a)` with `π_old` set to the current policy.
public protocol LogitGradientField {
    /// `dJ/dθ` at `θ = logit p`, for an interior `p ∈ (0, 1)`.
    func logitGradient(at p: BigFloat) -> BigFloat
}

/// GRPO run with infinitely many samples: exact expected-gradient ascent in the logit,
/// `θ_{n+1} = θ_n + η · dJ/dθ(θ_n)`, with `π_old` reset to the current policy every step.
///
/// The iteration converges linearly near a stable stationary point with rate
/// `ρ = |θ_{n+1} − θ_n| / |θ_n − θ_{n−1}|`; it stops when the estimated distance to the fixed
/// point, `|Δθ| ρ/(1 − ρ)`, is below the working precision, or when the steps stop shrinking
/// at the rounding floor. A step that overshoots (the
/// gradient changes sign and grows) halves the learning rate, which keeps a too-large `η` safe.
public struct GRPOIteration {
    public var maximumIterations: Int

    public init(maximumIterations: Int = 2_000_000) {
        self.maximumIterations = maximumIterations
    }

    /// Starts at `p = start` (GRPO starts at the reference policy) with learning rate `η`.
    public func solve<F: LogitGradientField>(
        _ field: F, start: BigFloat, learningRate: BigFloat, precision: Int
    ) -> SolverResult {
        var eta = learningRate
        var theta = start.logit()
        var p = start
        var gradient = field.logitGradient(at: p)
        var previousStep: BigFloat? = nil
        var iterations = 0
        while iterations < maximumIterations {
            iterations += 1
            let step = eta * gradient
            let nextTheta = theta + step
            let nextP = 1 / (1 + (-nextTheta).exp())
            let nextGradient = field.logitGradient(at: nextP)
            if nextGradient.sign != 0, nextGradient.sign != gradient.sign,
               nextGradient.magnitude > gradient.magnitude {
                eta = eta.scaled(byPowerOfTwo: -1)
                previousStep = nil
                continue
            }
            theta = nextTheta
            p = nextP
            gradient = nextGradient
            let size = step.magnitude
            if size.isZero || gradient.isZero { break }
            let scale = BigFloat.maximum(theta.magnitude, BigFloat(1, precision: precision))
            if let previous = previousStep, size >= previous,
               size <= scale.scaled(byPowerOfTwo: 32 - precision) {
                // Steps stopped shrinking at the rounding floor of this precision.
                return SolverResult(value: p, iterations: iterations, residual: gradient.magnitude, converged: true)
            }
            if let previous = previousStep, size < previous {
                let rate = size / previous
                let remaining = size * rate / (1 - rate)
                if remaining <= scale.scaled(byPowerOfTwo: 4 - precision) {
                    return SolverResult(value: p, iterations: iterations, residual: gradient.magnitude, converged: true)
                }
            }
            previousStep = size
        }
        return SolverResult(value: p, iterations: iterations, residual: gradient.magnitude,
                            converged: iterations < maximumIterations)
    }
}
