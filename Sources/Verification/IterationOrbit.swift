import Certification
import GRPOModel
import Multiprecision

/// Where the GRPO iteration goes when it does not settle: `θ ← θ + η g(θ)` from `π_ref` at the
/// starting learning rate `η` of `GameStability`, without step-size control, at
/// `precision` bits for `steps` steps. An observation, not a certificate: it reports the
/// distance `max_o |π(o) − π*(o)|` from a stationary policy `π*` over the second half of the
/// run and, when `π(1) − π*(1)` keeps changing sign there, the mean number of steps between
/// its upward crossings (the period of a cycle, or of the rotation of a slower spiral). It is
/// taken for a cycle when it keeps revolving without closing in: the smallest distance over
/// the last quarter of the run is at least half that over the third, and at least `2^{−20}`.
public struct IterationOrbit: Sendable {
    public let steps: Int
    public let learningRate: BigFloat
    /// The smallest and largest distance from `π*` over the second half of the run.
    public let distance: (smallest: BigFloat, largest: BigFloat)
    /// The smallest distance over the third and over the last quarter of the run.
    let closest: (third: BigFloat, last: BigFloat)
    /// Mean steps between upward crossings of `π(1) = π*(1)` in the second half (nil with fewer than two).
    public let period: BigFloat?
    /// Whether the run left the simplex's interior (some `π(o)` rounded to 0).
    public let reachedBoundary: Bool

    /// Whether the orbit revolves without closing in on `π*` (see the type's comment).
    public var isCycle: Bool {
        !reachedBoundary && period != nil && closest.last * 2 >= closest.third
            && closest.last >= BigFloat(1, precision: 16).scaled(byPowerOfTwo: -20)
    }

    public static let precision = 96

    /// Follows the iteration; an MPFR flag (a policy entry rounding to 0 or 1) ends the run at
    /// the boundary.
    public init(_ setting: GeneralSetting, around stationary: [BigFloat], steps: Int = 20_000) {
        self.steps = steps
        let p = Self.precision
        var smallest: BigFloat? = nil, largest = BigFloat(0, precision: p)
        var third: BigFloat? = nil, lastQuarter: BigFloat? = nil
        var crossings: [Int] = []
        var eta = BigFloat(0, precision: p)
        let finished = (try? MPFRFlags.checking { () -> Bool in
            let model = GeneralModel<BigFloat>(setting, precision: p)
            eta = model.learningRate
            let target = stationary.map { BigFloat($0, precision: p) }
            let last = model.references.count - 1
            var theta = model.references.dropLast().map { ($0 / model.references[last]).log() }
            var below = false
            for step in 0..<steps {
                let gradient = model.logitGradient(atLogits: theta)
                theta = zip(theta, gradient).map { $0 + eta * $1 }
                guard step >= steps / 2 else { continue }
                let pi = model.policy(logits: theta)
                let d = zip(pi, target).map { ($0 - $1).magnitude }.reduce(BigFloat(0, precision: p), BigFloat.maximum)
                smallest = smallest.map { BigFloat.minimum($0, d) } ?? d
                if step < steps * 3 / 4 {
                    third = third.map { BigFloat.minimum($0, d) } ?? d
                } else {
                    lastQuarter = lastQuarter.map { BigFloat.minimum($0, d) } ?? d
                }
                largest = BigFloat.maximum(largest, d)
                let under = pi[0] < target[0]
                if below && !under { crossings.append(step) }
                below = under
            }
            return true
        }) ?? false
        learningRate = eta
        reachedBoundary = !finished
        let zero = BigFloat(0, precision: p)
        distance = (smallest ?? zero, largest)
        closest = (third ?? zero, lastQuarter ?? zero)
        period = crossings.count >= 2
            ? BigFloat(crossings.last! - crossings.first!, precision: p) / (crossings.count - 1) : nil
    }
}
