import Multiprecision

/// The expected gradient of GRPO's objective for a binary question, as a function of the
/// logit `θ = logit π(a)` of the current policy, with `π_old` set to the current policy.
public protocol LogitGradientField {
    /// `dJ/dθ` at the logit `theta`.
    func logitGradient(atLogit theta: BigFloat) -> BigFloat
}

/// The same for a policy over several answers, `π = softmax(θ_1, …, θ_{K−1}, 0)`.
public protocol LogitGradientVectorField {
    /// `∂J/∂θ_m` for `m = 1 … K−1`.
    func logitGradient(atLogits theta: [BigFloat]) -> [BigFloat]
}

/// GRPO run with infinitely many samples: exact expected-gradient ascent in the logits,
/// `θ_{n+1} = θ_n + η ∇_θ J(θ_n)`, with `π_old` reset to the current policy every step.
///
/// Near a stable stationary point the steps shrink geometrically with rate
/// `ρ = ‖Δθ_{n+1}‖ / ‖Δθ_n‖ = 1 − η |J″|` (max norm), which is close to 1 where the policy is
/// nearly deterministic. The learning-rate schedule therefore watches `ρ`: once three
/// successive ratios agree and `ρ > ½`, `η` is scaled by `½ / (1 − ρ)` (aiming at `ρ ≈ ½`, at
/// most 16-fold at a time); a step that overshoots (the gradient turns back and grows, or
/// `‖θ‖` more than triples) is undone and `η` halved. Every update is still a plain gradient
/// step; nothing solves the stationarity equation.
///
/// Stops when the estimated distance to the fixed point, `‖Δθ‖ ρ/(1 − ρ)`, is below the
/// working precision, or when the steps stop shrinking at the rounding floor.
public struct GRPOIteration {
    public var maximumIterations: Int

    public init(maximumIterations: Int = 200_000) {
        self.maximumIterations = maximumIterations
    }

    /// The iteration for a binary question from the logit `start` (GRPO starts at the reference
    /// policy); the result is the policy `p = 1/(1 + e^{−θ})`.
    public func solve<F: LogitGradientField>(
        _ field: F, start: BigFloat, learningRate: BigFloat, precision: Int
    ) -> SolverResult {
        let r = solve(ScalarField(field: field), start: [start], learningRate: learningRate, precision: precision)
        return SolverResult(value: r.value[0].logistic(), iterations: r.iterations, residual: r.residual,
                            converged: r.converged)
    }

    /// The outcome of the iteration on several logits.
    public struct VectorResult {
        /// The final logits.
        public let value: [BigFloat]
        public let iterations: Int
        /// `‖∇_θ J‖_∞` at the end.
        public let residual: BigFloat
        public let converged: Bool
    }

    /// The iteration on the logits `θ`, from `start`.
    public func solve<F: LogitGradientVectorField>(
        _ field: F, start: [BigFloat], learningRate: BigFloat, precision: Int
    ) -> VectorResult {
        var eta = learningRate
        var theta = start
        var gradient = field.logitGradient(atLogits: theta)
        var steps: [BigFloat] = []          // sizes of the steps since η last changed
        var ratios: [BigFloat] = []         // their ratios ρ = steps[i] / steps[i − 1]
        var iterations = 0
        func finish(converged: Bool) -> VectorResult {
            VectorResult(value: theta, iterations: iterations, residual: Self.norm(gradient), converged: converged)
        }
        func restart() {
            steps.removeAll()
            ratios.removeAll()
        }
        while iterations < maximumIterations {
            iterations += 1
            let step = gradient.map { eta * $0 }
            let size = Self.norm(step)
            if size > 2 * Self.norm(theta) + 8 {
                eta = eta.scaled(byPowerOfTwo: -1)
                restart()
                continue
            }
            let nextTheta = zip(theta, step).map { $0 + $1 }
            let nextGradient = field.logitGradient(atLogits: nextTheta)
            if Self.dot(nextGradient, gradient).sign < 0, Self.norm(nextGradient) > Self.norm(gradient) {
                eta = eta.scaled(byPowerOfTwo: -1)
                restart()
                continue
            }
            theta = nextTheta
            gradient = nextGradient
            if size.isZero || Self.norm(gradient).isZero { return finish(converged: true) }
            let scale = BigFloat.maximum(Self.norm(theta), BigFloat(1, precision: precision))
            if let previous = steps.last {
                if size >= previous && size.magnitude(isAtMost: scale, timesPowerOfTwo: 32 - precision) {
                    return finish(converged: true)  // stalled at the rounding floor
                }
                let rate = size / previous
                if size < previous,
                   (size * rate / (1 - rate)).magnitude(isAtMost: scale, timesPowerOfTwo: 4 - precision) {
                    return finish(converged: true)
                }
                ratios.append(rate)
            }
            steps.append(size)
            if let factor = Self.learningRateFactor(ratios) {
                eta.multiply(by: factor)
                restart()
            }
        }
        return finish(converged: false)
    }

    /// `min(½ / (1 − ρ), 16)` when the last three step ratios agree on a slow rate `ρ > ½`
    /// (`ρ` may round to 1 when the curvature is below the working precision), else nil.
    static func learningRateFactor(_ ratios: [BigFloat]) -> BigFloat? {
        guard ratios.count >= 3, let rho = ratios.last,
              rho > BigFloat(1, precision: 8).scaled(byPowerOfTwo: -1), rho <= 1 else {
            return nil
        }
        let slack = (1 - rho) / 10
        guard ratios.suffix(3).allSatisfy({ ($0 - rho).magnitude <= slack }) else { return nil }
        let cap = BigFloat(1, precision: rho.precision).scaled(byPowerOfTwo: 4)
        let gap = 1 - rho
        return gap.isZero ? cap : BigFloat.minimum(gap.scaled(byPowerOfTwo: 1).reciprocal(), cap)
    }

    static func norm(_ v: [BigFloat]) -> BigFloat {
        v.dropFirst().reduce(v[0].magnitude) { BigFloat.maximum($0, $1.magnitude) }
    }

    static func dot(_ a: [BigFloat], _ b: [BigFloat]) -> BigFloat {
        zip(a, b).dropFirst().reduce(a[0] * b[0]) { $0 + $1.0 * $1.1 }
    }

    /// A binary field seen as a field on one logit.
    struct ScalarField<F: LogitGradientField>: LogitGradientVectorField {
        let field: F
        func logitGradient(atLogits theta: [BigFloat]) -> [BigFloat] { [field.logitGradient(atLogit: theta[0])] }
    }
}
