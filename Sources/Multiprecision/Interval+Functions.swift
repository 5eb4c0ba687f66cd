// Elementary functions of intervals. An increasing f maps [l, u] into [f(l)↓, f(u)↑], each
// endpoint correctly rounded by MPFR in its direction, at the precision of the interval.

extension Interval {
    /// `[f(lower)↓, f(upper)↑]` for an increasing `f(x, precision, rounding)`.
    private func increasing(_ f: (BigFloat, Int, Rounding) -> BigFloat) -> Interval {
        Interval(uncheckedLower: f(lower, precision, .down), upper: f(upper, precision, .up), precision: precision)
    }

    /// `[√lower ↓, √upper ↑]`; invalid if `lower < 0` ([0, x] is allowed).
    public func squareRoot() -> Interval {
        guard lower >= 0 else { return .invalid(precision: precision) }
        return increasing { $0.squareRoot(precision: $1, rounding: $2) }
    }

    /// `[log lower ↓, log upper ↑]`; invalid if `lower ≤ 0`.
    public func log() -> Interval {
        guard lower > 0 else { return .invalid(precision: precision) }
        return increasing { $0.log(precision: $1, rounding: $2) }
    }

    /// `[e^lower ↓, e^upper ↑]`.
    public func exp() -> Interval {
        increasing { $0.exp(precision: $1, rounding: $2) }
    }

    /// `[asinh lower ↓, asinh upper ↑]`.
    public func asinh() -> Interval {
        increasing { $0.asinh(precision: $1, rounding: $2) }
    }

    /// `[lnΓ(lower) ↓, lnΓ(upper) ↑]`, for intervals in `[2, ∞)`, where `lnΓ` increases, and
    /// for positive points; invalid otherwise.
    public func logGamma() -> Interval {
        guard lower >= 2 || (isPoint && lower > 0) else { return .invalid(precision: precision) }
        return increasing { $0.logGamma(precision: $1, rounding: $2) }
    }

    /// `{x^n : x in the interval}` enclosed, for any integer `n` (`x^0 = 1`); invalid if
    /// `n < 0` and the interval contains 0.
    public func power(_ n: Int) -> Interval {
        guard isValid, n >= 0 || !containsZero else { return .invalid(precision: precision) }
        return power(unchecked: n)
    }

    /// `{x² : x in the interval}` enclosed: `[−1, 2]² = [0, 4]`, tighter than `x * x = [−2, 4]`.
    public func square() -> Interval { power(unchecked: 2) }

    /// `x^n` where `n ≥ 0` or 0 is not in the interval.
    private func power(unchecked n: Int) -> Interval {
        if n > 0 && n % 2 == 0 && containsZero {
            // Decreasing to 0 at x = 0, then increasing: the largest value is at max |x|.
            return Interval(uncheckedLower: BigFloat(0, precision: precision),
                            upper: magnitude.power(n, precision: precision, rounding: .up),
                            precision: precision)
        }
        // Otherwise x^n is monotone on the interval: the image lies between the endpoint images.
        return Interval(
            uncheckedLower: .minimum(lower.power(n, precision: precision, rounding: .down),
                                     upper.power(n, precision: precision, rounding: .down)),
            upper: .maximum(lower.power(n, precision: precision, rounding: .up),
                            upper.power(n, precision: precision, rounding: .up)),
            precision: precision)
    }
}
