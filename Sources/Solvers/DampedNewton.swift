import Multiprecision

/// A map `Rⁿ → Rⁿ` with its Jacobian.
public protocol VectorFunction {
    func valueAndJacobian(at x: [BigFloat]) -> (value: [BigFloat], jacobian: [[BigFloat]])
    /// The largest relative change that the step `delta` from `x` makes in the quantities the
    /// solution is wanted for (for the logits of a policy: its entries).
    func relativeChange(step delta: [BigFloat], at x: [BigFloat]) -> BigFloat
}

/// Newton's method for `F(x) = 0` in several variables, damped.
///
/// Each step solves `J(x) Δ = −F(x)` by Gaussian elimination with partial pivoting, shortens
/// `Δ` to at most `maximumStep` in the max norm, and takes the largest `λ ∈ {1, ½, ¼, …}` for
/// which `‖F‖_∞` decreases. Stops when the full step is below a few ulps of `‖x‖_∞`, or when
/// it stops shrinking at the rounding floor; converged only if the Newton step at the result,
/// `−J⁻¹F`, vouches for it (its `relativeChange`, `Convergence`).
public struct DampedNewton {
    public var maximumIterations: Int
    /// The longest step taken at once (max norm), e.g. a few units for logits.
    public var maximumStep: Int

    public init(maximumIterations: Int = 200, maximumStep: Int = 8) {
        self.maximumIterations = maximumIterations
        self.maximumStep = maximumStep
    }

    /// The result at `x` (with `F(x)`, `J(x)`): the Newton step there measured by
    /// `relativeChange`; converged when `stopped` and that vouches (`Convergence`).
    static func result<F: VectorFunction>(_ f: F, at x: [BigFloat], value fx: [BigFloat], jacobian jx: [[BigFloat]],
                                          iterations: Int, stopped: Bool, precision: Int) -> SolverResult<[BigFloat]> {
        let correction = solveLinear(jx, fx.map { -$0 }).map { f.relativeChange(step: $0, at: x) }
        return SolverResult(value: x, iterations: iterations, residual: correction,
                      converged: stopped && Convergence.vouches(relativeCorrection: correction, precision: precision))
    }

    public func solve<F: VectorFunction>(_ f: F, start: [BigFloat], precision: Int) -> SolverResult<[BigFloat]> {
        var x = start
        var (fx, jx) = f.valueAndJacobian(at: x)
        var previousStep: BigFloat? = nil
        for iteration in 1...maximumIterations {
            guard var delta = Self.solveLinear(jx, fx.map { -$0 }) else {
                return SolverResult(value: x, iterations: iteration, residual: nil, converged: false)
            }
            var stepSize = Self.norm(delta)
            if stepSize > maximumStep {
                let shrink = BigFloat(maximumStep, precision: precision) / stepSize
                delta = delta.map { $0 * shrink }
                stepSize = Self.norm(delta)
            }
            let scale = BigFloat.maximum(Self.norm(x), BigFloat(1, precision: precision))
            let negligible = stepSize <= scale.scaled(byPowerOfTwo: 3 - precision)
            let stalled = (previousStep.map { stepSize >= $0 } ?? false)
                && stepSize <= scale.scaled(byPowerOfTwo: -precision / 2)
            let currentNorm = Self.norm(fx)
            var accepted = false
            for halvings in 0..<64 {
                let candidate = zip(x, delta).map { $0 + $1.scaled(byPowerOfTwo: -halvings) }
                let (fc, jc) = f.valueAndJacobian(at: candidate)
                if Self.norm(fc) < currentNorm || negligible || stalled {
                    x = candidate; fx = fc; jx = jc
                    accepted = true
                    previousStep = halvings == 0 ? stepSize : nil
                    break
                }
            }
            // A step that no halving makes decrease ‖F‖ has met the rounding floor (or a
            // region Newton cannot cross): the residual decides which.
            if negligible || stalled || !accepted {
                return Self.result(f, at: x, value: fx, jacobian: jx, iterations: iteration,
                                   stopped: true, precision: precision)
            }
        }
        return Self.result(f, at: x, value: fx, jacobian: jx, iterations: maximumIterations, stopped: false,
                           precision: precision)
    }

    static func norm(_ v: [BigFloat]) -> BigFloat {
        v.dropFirst().reduce(v[0].magnitude) { BigFloat.maximum($0, $1.magnitude) }
    }

    /// Solves `A x = b` by Gaussian elimination with partial pivoting; nil if `A` is singular.
    public static func solveLinear(_ a: [[BigFloat]], _ b: [BigFloat]) -> [BigFloat]? {
        var m = a, rhs = b
        let n = b.count
        for column in 0..<n {
            guard let pivot = (column..<n).max(by: { m[$0][column].magnitude < m[$1][column].magnitude }),
                  !m[pivot][column].isZero else { return nil }
            m.swapAt(column, pivot)
            rhs.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = m[row][column] / m[column][column]
                for k in column..<n { m[row][k] = m[row][k] - factor * m[column][k] }
                rhs[row] = rhs[row] - factor * rhs[column]
            }
        }
        var x = rhs
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = rhs[row]
            for k in (row + 1)..<n { sum = sum - m[row][k] * x[k] }
            x[row] = sum / m[row][row]
        }
        return x
    }
}
