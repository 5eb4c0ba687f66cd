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

// MARK: - Further elementary functions

extension Interval {
    /// `[f(upper)↓, f(lower)↑]` for a decreasing `f(x, precision, rounding)`.
    private func decreasing(_ f: (BigFloat, Int, Rounding) -> BigFloat) -> Interval {
        Interval(uncheckedLower: f(upper, precision, .down), upper: f(lower, precision, .up), precision: precision)
    }

    /// `[log1p lower ↓, log1p upper ↑]`; invalid if `lower ≤ −1`.
    public func log1p() -> Interval {
        guard lower > -1 else { return .invalid(precision: precision) }
        return increasing { $0.log1p(precision: $1, rounding: $2) }
    }

    /// `[expm1 lower ↓, expm1 upper ↑]`.
    public func expm1() -> Interval {
        increasing { $0.expm1(precision: $1, rounding: $2) }
    }

    /// `[acosh lower ↓, acosh upper ↑]`; invalid if `lower < 1`.
    public func acosh() -> Interval {
        guard lower >= 1 else { return .invalid(precision: precision) }
        return increasing { $0.acosh(precision: $1, rounding: $2) }
    }

    /// `[atanh lower ↓, atanh upper ↑]`; invalid unless `−1 < lower` and `upper < 1`.
    public func atanh() -> Interval {
        guard lower > -1, upper < 1 else { return .invalid(precision: precision) }
        return increasing { $0.atanh(precision: $1, rounding: $2) }
    }

    /// `[arcsin lower ↓, arcsin upper ↑]`; invalid unless the interval lies in `[−1, 1]`.
    public func arcsin() -> Interval {
        guard lower >= -1, upper <= 1 else { return .invalid(precision: precision) }
        return increasing { $0.arcsin(precision: $1, rounding: $2) }
    }

    /// `[arccos upper ↓, arccos lower ↑]` (arccos decreases); invalid unless the interval lies
    /// in `[−1, 1]`.
    public func arccos() -> Interval {
        guard lower >= -1, upper <= 1 else { return .invalid(precision: precision) }
        return decreasing { $0.arccos(precision: $1, rounding: $2) }
    }

    /// `[arctan lower ↓, arctan upper ↑]`.
    public func arctan() -> Interval {
        increasing { $0.arctan(precision: $1, rounding: $2) }
    }

    /// `{sin x}` enclosed: the hull of `sin` at both endpoints, widened to 1 if the interval
    /// may hold a maximum `π/2 + 2kπ` and to −1 if it may hold a minimum `−π/2 + 2kπ` (decided
    /// on an enclosure of `(x − x_0)/(2π)`, so an undecided case only widens the result).
    public func sin() -> Interval {
        periodicHull(maximumAt: 1, minimumAt: -1) { $0.sin(precision: $1, rounding: $2) }
    }

    /// `{cos x}` enclosed: as `sin`, with maxima at `2kπ` and minima at `π + 2kπ`.
    public func cos() -> Interval {
        periodicHull(maximumAt: 0, minimumAt: 2) { $0.cos(precision: $1, rounding: $2) }
    }

    /// The hull of `f` at the endpoints and at the extrema `x_0 + 2kπ` (`x_0 = (q/2) π`, q the
    /// given quarter-turn counts) that the interval may contain; f has values in `[−1, 1]`.
    private func periodicHull(maximumAt maximumQuarter: Int, minimumAt minimumQuarter: Int,
                              _ f: (BigFloat, Int, Rounding) -> BigFloat) -> Interval {
        guard isValid else { return .invalid(precision: precision) }
        guard lower.isFinite, upper.isFinite else {
            return Interval(uncheckedLower: BigFloat(-1, precision: precision),
                            upper: BigFloat(1, precision: precision), precision: precision)
        }
        var low = BigFloat.minimum(f(lower, precision, .down), f(upper, precision, .down))
        var high = BigFloat.maximum(f(lower, precision, .up), f(upper, precision, .up))
        if mayContain(quarterTurns: maximumQuarter) { high = BigFloat(1, precision: precision) }
        if mayContain(quarterTurns: minimumQuarter) { low = BigFloat(-1, precision: precision) }
        return Interval(uncheckedLower: low, upper: high, precision: precision)
    }

    /// Whether some `x = (q/2)π + 2kπ`, k an integer, may lie in the interval: whether the
    /// enclosure of `[(lower − (q/2)π)/(2π), (upper − (q/2)π)/(2π)]` contains an integer.
    private func mayContain(quarterTurns q: Int) -> Bool {
        let pi = Interval.pi(precision: precision + 16)
        let offset = pi * q / 2, turn = 2 * pi
        let wide = Interval(uncheckedLower: lower, upper: upper, precision: precision + 16)
        let t = (wide - offset) / turn
        return t.upper.floor() >= t.lower
    }

    /// `[ζ(x)↓, ζ(x)↑]` at `precision` bits for an exact point `x`.
    public static func zeta(_ x: BigFloat, precision: Int) -> Interval {
        Interval(uncheckedLower: x.zeta(precision: precision, rounding: .down),
                 upper: x.zeta(precision: precision, rounding: .up), precision: precision)
    }

    /// `[π↓, π↑]` at `precision` bits.
    public static func pi(precision: Int) -> Interval {
        Interval(uncheckedLower: BigFloat.pi(precision: precision, rounding: .down),
                 upper: BigFloat.pi(precision: precision, rounding: .up), precision: precision)
    }

    /// `{x^y : x ∈ self, y ∈ exponent}` enclosed, for `x > 0`, or `x ≥ 0` with `y > 0`
    /// (`0^y = 0`); invalid otherwise. `x^y = e^{y log x}` is monotone in each argument
    /// separately, so its extremes over the box are at the four corners.
    public func power(_ exponent: Interval) -> Interval {
        let p = max(precision, exponent.precision)
        guard isValid, exponent.isValid, lower > 0 || (lower >= 0 && exponent.lower > 0) else {
            return .invalid(precision: p)
        }
        let corners = [(lower, exponent.lower), (lower, exponent.upper), (upper, exponent.lower), (upper, exponent.upper)]
        let lows = corners.map { $0.0.power($0.1, precision: p, rounding: .down) }
        let highs = corners.map { $0.0.power($0.1, precision: p, rounding: .up) }
        return Interval(uncheckedLower: lows.min()!, upper: highs.max()!, precision: p)
    }

    /// `{|x|}`: `[mignitude, magnitude]`, exact.
    public func absoluteValue() -> Interval {
        Interval(uncheckedLower: mignitude, upper: magnitude, precision: precision)
    }

    /// `{min(x, y)}`: `[min(a.lower, b.lower), min(a.upper, b.upper)]`, exact.
    public static func minimum(_ a: Interval, _ b: Interval) -> Interval {
        guard a.isValid, b.isValid else { return .invalid(precision: max(a.precision, b.precision)) }
        return Interval(uncheckedLower: .minimum(a.lower, b.lower), upper: .minimum(a.upper, b.upper),
                        precision: max(a.precision, b.precision))
    }

    /// `{max(x, y)}`: `[max(a.lower, b.lower), max(a.upper, b.upper)]`, exact.
    public static func maximum(_ a: Interval, _ b: Interval) -> Interval {
        guard a.isValid, b.isValid else { return .invalid(precision: max(a.precision, b.precision)) }
        return Interval(uncheckedLower: .maximum(a.lower, b.lower), upper: .maximum(a.upper, b.upper),
                        precision: max(a.precision, b.precision))
    }
}
