import Multiprecision

/// The expected gradient of GRPO's objective for a binary question, as a function of the
/// logit `θ = logit π(a)` of the current policy, with `π_old` set to the current policy.
public protocol LogitGradientField {
    /// `dJ/dθ` at the logit `theta`.
    func logitGradient(atLogit theta: BigFloat) -> BigFloat
}

/// GRPO run with infinitely many samples: exact expected-gradient ascent in the logit,
/// `θ_{n+1} = θ_n + η · dJ/dθ(θ_n)`, with `π_old` reset to the current policy every step.
///
/// Near a stable stationary point the steps shrink geometrically with rate
/// `ρ = |Δθ_{n+1}| / |Δθ_n| = 1 − η |J″|`, which is close to 1 where `p(1 − p)` is small. The
/// learning-rate schedule therefore watches `ρ`: once three successive ratios agree and `ρ > ½`,
/// `η` is scaled by `½ / (1 − ρ)` (aiming at `ρ ≈ ½`, at most 16-fold at a time); a step that overshoots (the gradient
/// changes sign and grows, or `|θ|` more than triples) is undone and `η` halved. Every update is still a plain gradient
/// step; nothing solves the stationarity equation.
///
/// Stops when the estimated distance to the fixed point, `|Δθ| ρ/(1 − ρ)`, is below the working
/// precision, or when the steps stop shrinking at the rounding floor.
public struct GRPOIteration {
    public var maximumIterations: Int

    public init(maximumIterations: Int = 200_000) {
        self.maximumIterations = maximumIterations
    }

    /// Starts at the logit `start` (GRPO starts at the reference policy) with learning rate
    /// `η`; the result is the policy `p = 1/(1 + e^{−θ})`.
    public func solve<F: LogitGradientField>(
        _ field: F, start: BigFloat, learningRate: BigFloat, precision: Int
    ) -> SolverResult {
        var eta = learningRate
        var theta = start
        var gradient = field.logitGradient(atLogit: theta)
        var steps: [BigFloat] = []          // sizes of the steps since η last changed
        var iterations = 0
        func finish(converged: Bool) -> SolverResult {
            SolverResult(value: theta.logistic(), iterations: iterations, residual: gradient.magnitude, converged: converged)
        }
        while iterations < maximumIterations {
            iterations += 1
            let step = eta * gradient
            // A step may at most triple |θ| (plus 8): the logistic saturates, and a larger
            // jump only means the learning rate has outgrown the curvature.
            if step.magnitude > 2 * theta.magnitude + 8 {
                eta = eta.scaled(byPowerOfTwo: -1)
                steps.removeAll()
                continue
            }
            let nextTheta = theta + step
            let nextGradient = field.logitGradient(atLogit: nextTheta)
            if nextGradient.sign != 0, nextGradient.sign != gradient.sign,
               nextGradient.magnitude > gradient.magnitude {
                eta = eta.scaled(byPowerOfTwo: -1)
                steps.removeAll()
                continue
            }
            theta = nextTheta
            gradient = nextGradient
            let size = step.magnitude
            if size.isZero || gradient.isZero { return finish(converged: true) }
            let scale = BigFloat.maximum(theta.magnitude, BigFloat(1, precision: precision))
            if let previous = steps.last {
                if size >= previous && size <= scale.scaled(byPowerOfTwo: 32 - precision) {
                    return finish(converged: true)  // stalled at the rounding floor
                }
                if size < previous {
                    let rate = size / previous
                    if size * rate / (1 - rate) <= scale.scaled(byPowerOfTwo: 4 - precision) {
                        return finish(converged: true)
                    }
                }
            }
            steps.append(size)
            if let factor = Self.learningRateFactor(steps) {
                eta.multiply(by: factor)
                steps.removeAll()
            }
        }
        return finish(converged: false)
    }

    /// `min(½ / (1 − ρ), 16)` when the last three step ratios agree on a slow rate `ρ > ½`
    /// (`ρ` may round to 1 when the curvature is below the working precision), else nil.
    static func learningRateFactor(_ steps: [BigFloat]) -> BigFloat? {
        guard steps.count >= 4 else { return nil }
        let n = steps.count
        let ratios = (n - 3..<n).map { steps[$0] / steps[$0 - 1] }
        guard let rho = ratios.last, rho > BigFloat(1, precision: 8).scaled(byPowerOfTwo: -1), rho <= 1 else {
            return nil
        }
        let slack = (1 - rho) / 10
        guard ratios.allSatisfy({ ($0 - rho).magnitude <= slack }) else { return nil }
        let cap = BigFloat(1, precision: rho.precision).scaled(byPowerOfTwo: 4)
        let gap = 1 - rho
        return gap.isZero ? cap : BigFloat.minimum(gap.scaled(byPowerOfTwo: 1).reciprocal(), cap)
    }
}
