import Multiprecision
import Solvers
import Testing

/// Solvers claim convergence only when the relative Newton correction vouches (`Convergence`),
/// never on a step size or a bracket alone.
@Suite struct ConvergenceRule {
    /// A field whose gradient is zero everywhere while its stationarity residual says the
    /// policy is far from stationary: the old iteration stopped at once with "converged".
    struct FlatField: LogitGradientVectorField {
        func logitGradient(atLogits theta: [BigFloat]) -> [BigFloat] { theta.map { _ in BigFloat(0, precision: 64) } }
        func relativeCorrection(atLogits theta: [BigFloat]) -> BigFloat? { BigFloat(1, precision: 64) }
    }

    @Test func aStillIterationDoesNotClaimConvergence() {
        let result = GRPOIteration().solve(FlatField(), start: [BigFloat(-460, precision: 128)],
                                           learningRate: BigFloat(1, precision: 128), precision: 128)
        #expect(!result.converged)
    }

    /// `f = sign(x − ½)` has a sign change and no root: the bracket shrinks to a point, but
    /// `f′ = 0` there, so Newton predicts nothing and nothing vouches (old: converged).
    struct Jump: DifferentiableFunction {
        func valueAndDerivative(at x: BigFloat) -> (value: BigFloat, derivative: BigFloat) {
            (BigFloat(x < BigFloat(1, precision: 8) / 2 ? -1 : 1, precision: x.precision), BigFloat(0, precision: x.precision))
        }
    }

    @Test func aBracketAroundAJumpIsNotARoot() {
        let bracket = Bracket(lower: BigFloat(0, precision: 128), upper: BigFloat(1, precision: 128))
        #expect(!Bisection().solve(Jump(), in: bracket, precision: 128).converged)
        #expect(!SafeguardedNewton().solve(Jump(), in: bracket, precision: 128).converged)
    }

    /// GRPO's field at G = 2 (reverse KL, γ = 1): `g(θ) = p(1 − p) − β(p − p_ref)` with the
    /// relative Newton correction of (17), `F = β(p − p_ref) − p(1 − p)`; from `p_ref = 1e-200`
    /// the steps start below `2^{−P}`, yet the iteration reaches the root of (17) found here by
    /// bisection.
    struct GroupsOfTwo: LogitGradientField {
        let beta: BigFloat, reference: BigFloat
        func logitGradient(atLogit theta: BigFloat) -> BigFloat {
            let p = theta.logistic()
            return p * (1 - p) - beta * (p - reference)
        }
        func relativeCorrection(atLogit theta: BigFloat) -> BigFloat? {
            let p = theta.logistic()
            return Convergence.relativeCorrection(value: beta * (p - reference) - p * (1 - p),
                                                  derivative: beta - 1 + 2 * p, at: p)
        }
    }

    @Test func grpoLeavesANearlyDeterministicReference() throws {
        let precision = 256
        let beta = BigFloat(1, precision: precision) / 10
        let reference = try BigFloat(decimal: "1e-200", precision: precision)
        let field = GroupsOfTwo(beta: beta, reference: reference)
        let result = GRPOIteration().solve(field, start: reference.logit(), learningRate: BigFloat(3, precision: precision),
                                           precision: precision)
        var lo = reference, hi = BigFloat(1, precision: precision)
        for _ in 0..<300 {
            let mid = (lo + hi) / 2
            if beta * (mid - reference) - mid * (1 - mid) < 0 { lo = mid } else { hi = mid }
        }
        #expect(result.converged)
        #expect(result.value.decimalString(significantDigits: 60) == lo.decimalString(significantDigits: 60))
    }
}
