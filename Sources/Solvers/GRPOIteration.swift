import Multiprecision

/// The expected gradient of GRPO's objective for a binary question, as a function of the
/// logit `θ = logit π(a)` of the current policy, with `π_old` set to the current policy.
public protocol LogitGradientField {
    /// `dJ/dθ` at the logit `theta`.
    func logitGradient(atLogit theta: BigFloat) -> BigFloat
    /// The relative Newton correction of the stationarity condition at the policy of `theta`
    /// (see `Convergence`; nil where Newton predicts nothing): what vouches for convergence.
    func relativeCorrection(atLogit theta: BigFloat) -> BigFloat?
}

/// The same for a policy over several answers, `π = softmax(θ_1, …, θ_{K−1}, 0)`.
public protocol LogitGradientVectorField {
    /// `∂J/∂θ_m` for `m = 1 … K−1`.
    func logitGradient(atLogits theta: [BigFloat]) -> [BigFloat]
    /// The size of the Newton step on the stationarity condition at `theta`, in the units in
    /// which the caller's tolerance is set (nil where Newton predicts nothing).
    func relativeCorrection(atLogits theta: [BigFloat]) -> BigFloat?
}

/// GRPO run with infinitely many samples: exact expected-gradient ascent in the logits,
/// `θ_{n+1} = θ_n + η_n ∇_θ J(θ_n)`, with `π_old` reset to the current policy every step.
/// Every update is a plain gradient step; only the step size `η_n` adapts, and nothing solves
/// the stationarity equation.
///
/// * Far from a stationary point, where `π_ref` is nearly deterministic, the gradient is tiny
///   (`∇_θ J ∝ π(1 − π)`) and grows as the policy moves: while the steps do not shrink and
///   the gradient keeps its direction, `η` is scaled so that the next step moves the logits
///   by about one unit.
/// * Near a stable stationary point the steps shrink geometrically with rate
///   `ρ = ‖Δθ_{n+1}‖ / ‖Δθ_n‖ = 1 − η |J″|` (max norm): once three successive ratios agree and
///   `ρ > ρ_t`, `η` is scaled by `(1 − ρ_t) / (1 − ρ)` (aiming at `ρ ≈ ρ_t`, ½ unless set
///   lower, at most 16-fold at a time).
/// * A step that overshoots (the gradient turns back and grows, or the step is more than twice
///   `‖θ‖ + 4`) is undone and `η` halved; one after which the gradient turns back but shrinks
///   by less than half is kept, and `η` scaled by `1/(1 + ρ)`.
///
/// Converged only when the field's Newton correction vouches for the policy (`Convergence`,
/// or a given tolerance); it is evaluated every 64 steps and whenever the step sizes suggest the
/// iteration has settled (the estimated distance `‖Δθ‖ ρ/(1 − ρ)` is below the working
/// precision, or the steps stopped shrinking at the rounding floor). A step to logits where
/// the gradient is not finite (the policy rounds to a vertex) ends the iteration unconverged.
public struct GRPOIteration {
    public var maximumIterations: Int
    /// Converged when the field's correction is at most `2^toleranceExponent`; nil for the
    /// working precision's `Convergence` rule.
    public var toleranceExponent: Int?

    /// Whether `η` adapts to the steps (`learningRateFactor`); without, it stays at the given
    /// rate (halved only where a step would overflow the logits), as GRPO is usually run.
    public var adaptsLearningRate: Bool

    /// The rate `ρ = 2^{targetRateExponent}` at which the adapted `η` aims once the steps shrink
    /// geometrically (½ by default: one bit per step).
    public var targetRateExponent: Int

    public init(maximumIterations: Int = 20_000, toleranceExponent: Int? = nil, adaptsLearningRate: Bool = true,
                targetRateExponent: Int = -1) {
        self.maximumIterations = maximumIterations
        self.toleranceExponent = toleranceExponent
        self.adaptsLearningRate = adaptsLearningRate
        self.targetRateExponent = targetRateExponent
    }

    /// The iteration for a binary question from the logit `start` (GRPO starts at the reference
    /// policy); the result is the policy `p = 1/(1 + e^{−θ})`, its residual the relative
    /// Newton correction there.
    public func solve<F: LogitGradientField>(
        _ field: F, start: BigFloat, learningRate: BigFloat, precision: Int
    ) -> SolverResult<BigFloat> {
        iterate(levels: [precision], start: [start], learningRate: learningRate) { _ in ScalarField(field: field) }
            .map { $0[0].logistic() }
    }

    /// The same in mixed precision: `field(p)` is the field at `p` bits, and the iteration
    /// runs at the levels of `MixedPrecision.levels(upTo:)`, moving up once the estimated distance
    /// to the fixed point is below `2^{64−p}` at level `p` (the steps' rounding is then far
    /// below what the next level resolves). Only the last level runs at `precision`.
    public func solve<F: LogitGradientField>(
        precision: Int, start: BigFloat, learningRate: BigFloat, _ field: (Int) -> F
    ) -> SolverResult<BigFloat> {
        iterate(levels: MixedPrecision.levels(upTo: precision), start: [start], learningRate: learningRate) {
            ScalarField(field: field($0))
        }.map { $0[0].logistic() }
    }

    /// The iteration on the logits `θ`, from `start`.
    public func solve<F: LogitGradientVectorField>(
        _ field: F, start: [BigFloat], learningRate: BigFloat, precision: Int
    ) -> SolverResult<[BigFloat]> {
        iterate(levels: [precision], start: start, learningRate: learningRate) { _ in field }
    }

    /// The iteration on the logits `θ`, from `start`, through `levels` (increasing precisions,
    /// the last the target; `makeField(p)` is the field at `p` bits).
    func iterate<F: LogitGradientVectorField>(
        levels: [Int], start: [BigFloat], learningRate: BigFloat, _ makeField: (Int) -> F
    ) -> SolverResult<[BigFloat]> {
        let precision = levels.last!
        var levelIndex = 0
        var level = levels[0]
        var field = makeField(level)
        var eta = BigFloat(learningRate, precision: level)
        var theta = start.map { BigFloat($0, precision: level) }
        var gradient = field.logitGradient(atLogits: theta)
        var steps: [BigFloat] = []          // sizes of the steps since η last changed
        var ratios: [BigFloat] = []         // their ratios ρ = steps[i] / steps[i − 1]
        var iterations = 0
        // Only a correction at the target precision can vouch.
        var correction = levels.count == 1 ? field.relativeCorrection(atLogits: theta) : nil
        let tolerance = toleranceExponent ?? Convergence.slackBits - precision
        func vouched() -> Bool { Convergence.isBelow(correction, powerOfTwo: tolerance) }
        func finish() -> SolverResult<[BigFloat]> {
            SolverResult(value: theta, iterations: iterations, residual: correction, converged: vouched())
        }
        func restart() {
            steps.removeAll()
            ratios.removeAll()
        }
        if vouched() { return finish() }
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
            guard nextGradient.allSatisfy(\.isFinite) else {
                theta = nextTheta                   // left the domain where the field is defined
                correction = nil
                return finish()
            }
            let turned = Self.dot(nextGradient, gradient).sign < 0
            if adaptsLearningRate, turned, Self.norm(nextGradient) > Self.norm(gradient) {
                eta = eta.scaled(byPowerOfTwo: -1)
                restart()
                continue
            }
            theta = nextTheta
            gradient = nextGradient
            let still = size.isZero || Self.norm(gradient).isZero
            var settled = still
            var rate: BigFloat? = nil
            // Below the last level, settled means resolved to 64 bits less than the level holds.
            let slack = level == precision ? 0 : 64
            if let previous = steps.last, !still {
                let scale = BigFloat.maximum(Self.norm(theta), BigFloat(1, precision: level))
                let r = size / previous
                settled = (size >= previous && size.magnitude(isAtMost: scale, timesPowerOfTwo: 32 + slack - level))
                    || (size < previous
                        && (size * r / (1 - r)).magnitude(isAtMost: scale, timesPowerOfTwo: 4 + slack - level))
                rate = r
            }
            if let rate { ratios.append(rate) }
            steps.append(size)
            if settled, level < precision {
                levelIndex += 1
                level = levels[levelIndex]
                field = makeField(level)
                eta = BigFloat(eta, precision: level)
                theta = theta.map { BigFloat($0, precision: level) }
                gradient = field.logitGradient(atLogits: theta)
                continue
            }
            if settled || (level == precision && iterations % 64 == 0) {
                correction = field.relativeCorrection(atLogits: theta)
                if vouched() || still {
                    return finish()
                }
            }
            if adaptsLearningRate, let factor = Self.learningRateFactor(ratios, lastStep: size, turned: turned,
                                                                         targetRateExponent: targetRateExponent) {
                eta.multiply(by: factor)
                restart()
            }
        }
        if level < precision {
            field = makeField(precision)
            theta = theta.map { BigFloat($0, precision: precision) }
        }
        correction = field.relativeCorrection(atLogits: theta)
        return finish()
    }

    /// The factor by which to scale `η` after a step of size `lastStep`, or nil:
    ///
    /// * `1/lastStep` when the last two step ratios are at least 1 (the steps do not shrink),
    ///   the gradient kept its direction and the step is below ¼: the next step then moves the
    ///   logits by about one unit;
    /// * `1/(1 + ρ)` when the gradient turned back with `ρ > ½` (a slowly damped oscillation);
    /// * `min((1 − ρ_t) / (1 − ρ), 16)` when the last three step ratios agree on a slow rate
    ///   `ρ > ρ_t = 2^{targetRateExponent}` (`ρ` may round to 1 when the curvature is below the
    ///   working precision): `1 − η|J″|` becomes `ρ_t`.
    static func learningRateFactor(_ ratios: [BigFloat], lastStep: BigFloat, turned: Bool,
                                   targetRateExponent: Int = -1) -> BigFloat? {
        guard let rho = ratios.last else { return nil }
        if turned {
            // Overshooting: the secant curvature along the step is (1 + ρ)/η, so 1/(1 + ρ)
            // puts the next step on the secant's stationary point.
            return rho > BigFloat(1, precision: 8).scaled(byPowerOfTwo: -1) ? (1 + rho).reciprocal() : nil
        }
        if ratios.count >= 2, ratios.suffix(2).allSatisfy({ $0 >= 1 }),
           lastStep < BigFloat(1, precision: 8).scaled(byPowerOfTwo: -2) {
            return lastStep.reciprocal()
        }
        let target = BigFloat(1, precision: 8).scaled(byPowerOfTwo: targetRateExponent)
        guard ratios.count >= 3, rho > target, rho <= 1 else {
            return nil
        }
        let slack = (1 - rho) / 10
        guard ratios.suffix(3).allSatisfy({ ($0 - rho).magnitude <= slack }) else { return nil }
        let cap = BigFloat(1, precision: rho.precision).scaled(byPowerOfTwo: 4)
        let gap = 1 - rho
        return gap.isZero ? cap : BigFloat.minimum((1 - target) / gap, cap)
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
        func relativeCorrection(atLogits theta: [BigFloat]) -> BigFloat? { field.relativeCorrection(atLogit: theta[0]) }
    }
}
