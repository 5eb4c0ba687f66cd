import Multiprecision

/// A real function of one variable with its derivative.
public protocol DifferentiableFunction {
    /// `f(x)` and `f′(x)` at a point strictly inside the bracket being searched.
    func valueAndDerivative(at x: BigFloat) -> (value: BigFloat, derivative: BigFloat)
    /// `f(x)` alone, for steps that use only its sign or size (by default from
    /// `valueAndDerivative`; implement it where the value is cheaper on its own).
    func value(at x: BigFloat) -> BigFloat
}

extension DifferentiableFunction {
    public func value(at x: BigFloat) -> BigFloat { valueAndDerivative(at: x).value }
}

/// An interval `[lower, upper]` known to contain a root of `f`, with `f(lower) ≤ 0 ≤ f(upper)`.
///
/// The signs at the ends are part of the caller's knowledge (they often follow from the model
/// and the function may be singular there), so solvers evaluate `f` only strictly inside.
public struct Bracket {
    public var lower: BigFloat
    public var upper: BigFloat

    public init(lower: BigFloat, upper: BigFloat) {
        precondition(lower <= upper, "empty bracket")
        self.lower = lower
        self.upper = upper
    }

    public var midpoint: BigFloat { BigFloat.average(lower, upper) }

    /// Shrinks the bracket to the side of `x` that keeps the sign change.
    mutating func keep(signChangeAround x: BigFloat, valueThere fx: BigFloat) {
        if fx.sign < 0 { lower = x } else { upper = x }
    }

    /// True when the bracket is at most a few units in the last place of `precision` bits wide:
    /// `upper − lower ≤ max(|lower|, |upper|) · 2^{2−P}`.
    func isResolved(precision: Int) -> Bool {
        let scale = BigFloat.compareMagnitudes(lower, upper) >= 0 ? lower : upper
        return (upper - lower).magnitude(isAtMost: scale, timesPowerOfTwo: 2 - precision)
    }
}

/// When a computed value may be called converged: its relative Newton correction
/// `|F(x)/F′(x)| / |x|` (the distance to the root that Newton's method predicts, in units of
/// the value itself) is at most `2^{56−P}` at `P` bits — below the last requested digit at
/// the suite's working precision `P = ⌈D log2 10⌉ + 64`, with room for a condition number up
/// to `2^{56}` between the rounding of `F` and the value. The correction also enters the
/// error estimate (`EarnedDigits.errorEstimate`), so it never earns a digit it does not vouch
/// for. A step that stopped moving, or a bracket that stopped shrinking, vouches for nothing
/// on its own.
public enum Convergence {
    public static let slackBits = 56

    /// True when `correction` (a relative Newton correction) vouches for a value at `precision` bits.
    public static func vouches(relativeCorrection correction: BigFloat?, precision: Int) -> Bool {
        isBelow(correction, powerOfTwo: slackBits - precision)
    }

    /// `|correction| ≤ 2^k` (false for nil or a non-finite correction).
    public static func isBelow(_ correction: BigFloat?, powerOfTwo k: Int) -> Bool {
        guard let correction else { return false }
        return correction.isFinite && correction.magnitude(isAtMost: BigFloat(1, precision: 2), timesPowerOfTwo: k)
    }

    /// `|f/f′| / |x|`: the relative Newton correction at `x` (relative to 1 at `x = 0`); nil
    /// where `f′` is zero or not finite while `f ≠ 0`, where Newton predicts nothing. A size
    /// compared with `2^{56−P}`, it is computed from `f`, `f′` and `x` rounded to
    /// `correctionPrecision` bits (a relative error near `2^{−62}`), not at `P`.
    public static func relativeCorrection(value f: BigFloat, derivative: BigFloat, at x: BigFloat) -> BigFloat? {
        let p = correctionPrecision
        if f.isZero { return BigFloat(0, precision: p) }
        guard derivative.isFinite, !derivative.isZero, f.isFinite else { return nil }
        let scale = x.isZero ? BigFloat(1, precision: p) : BigFloat(x, precision: p).magnitude
        return (BigFloat(f, precision: p) / (BigFloat(derivative, precision: p) * scale)).magnitude
    }

    /// The precision of a relative correction.
    public static let correctionPrecision = 64
}

/// The precisions at which the linearly converging solvers (bisection, the GRPO iteration)
/// run their early steps: a step that gains bits near the `k`-th needs about `k + 64` bits,
/// not the target's.
public enum MixedPrecision {
    /// Precisions `128, 192, 288, …, P`, each 1.5 times the last (fewer than 1.5 ·
    /// 128 bits below `P` merge into `P`).
    public static func levels(upTo precision: Int) -> [Int] {
        var levels: [Int] = []
        var p = 128
        while p * 3 / 2 < precision {
            levels.append(p)
            p = p * 3 / 2
        }
        return levels + [precision]
    }
}
