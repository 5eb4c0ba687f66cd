import Multiprecision

/// Bisection on a bracket: halve, keep the half with the sign change, repeat until the
/// bracket is a few ulps wide. Uses only the sign of `f`; its derivative enters once, in the
/// residual that must vouch for the result (`Convergence`).
///
/// The sign is evaluated at the precision the bracket needs, not at the target's: while the
/// bracket is wider than `2^{64−p}` relative to its ends, a point `2^{−p}`-rounded stays
/// strictly inside it and `f` at `p` bits has its sign wherever `|f|` exceeds the rounding of
/// `f` by a condition number up to `2^{56}`. The levels are `MixedPrecision.levels` (128,
/// 192, 288, … bits up to the target `P`): each halving costs one evaluation at about the
/// precision of the bits it gains plus 64, and only the last third of the bits are paid at
/// `P`. A wrong sign at a lower level would leave the root outside the bracket; the residual
/// at `P` then does not vouch and the solve reports no convergence. The final bracket bounds
/// the error (`bracketRadius`), so the earned-digits driver runs bisection once.
public struct Bisection {
    public init() {}

    /// `function(p)` is `f` evaluated at `p` bits. The bracket's ends may carry any precision.
    public func solve<F: DifferentiableFunction>(precision: Int, in bracket: Bracket,
                                                _ function: (Int) -> F) -> SolverResult<BigFloat> {
        solve(levels: MixedPrecision.levels(upTo: precision), in: bracket, function)
    }

    /// Bisection of one function at one precision.
    public func solve<F: DifferentiableFunction>(_ f: F, in bracket: Bracket, precision: Int) -> SolverResult<BigFloat> {
        solve(levels: [precision], in: bracket) { _ in f }
    }

    /// Bisection through `levels` (increasing; the last is the target precision).
    func solve<F: DifferentiableFunction>(levels: [Int], in bracket: Bracket, _ function: (Int) -> F) -> SolverResult<BigFloat> {
        let precision = levels.last!
        var bracket = bracket
        var iterations = 0
        // Each halving gains one bit; the budget covers the exponent range a bracket in
        // [0, 1] can span at this precision with room to spare.
        let budget = 4 * precision + 2_100
        var f = function(levels[0])
        for (i, level) in levels.enumerated() {
            if i > 0 { f = function(level) }
            // Below the target, stop where the sign at this level stops being trustworthy.
            let resolution = level == precision ? precision : level - 64
            while iterations < budget && !bracket.isResolved(precision: resolution) {
                let x = BigFloat(bracket.midpoint, precision: level)
                if x <= bracket.lower || x >= bracket.upper { break }
                let fx = f.value(at: x)
                iterations += 1
                if fx.isZero {
                    // A zero below the target only says the root is near x: decide at the next level.
                    if level < precision { break }
                    return SolverResult(value: x, iterations: iterations, residual: fx, converged: true)
                }
                bracket.keep(signChangeAround: x, valueThere: fx)
            }
        }
        let value = BigFloat(bracket.midpoint, precision: precision)
        return SolverResult(f, value: value, iterations: iterations,
                            stopped: bracket.isResolved(precision: precision), precision: precision,
                            bracketRadius: BigFloat.maximum(value - bracket.lower, bracket.upper - value))
    }
}
