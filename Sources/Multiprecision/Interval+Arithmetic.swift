// Interval arithmetic with outward rounding: each lower endpoint is rounded `.down` and each
// upper endpoint `.up`, so the result contains `x ∘ y` for every x in `a` and y in `b`.
// Results have the larger precision of the operands; an `Int` operand is taken at the
// precision of the interval (exactly whenever it fits).

extension Interval {
    /// `[a.lower + b.lower ↓, a.upper + b.upper ↑]`.
    public static func + (a: Interval, b: Interval) -> Interval {
        let p = max(a.precision, b.precision)
        return Interval(uncheckedLower: .sum(a.lower, b.lower, precision: p, rounding: .down),
                        upper: .sum(a.upper, b.upper, precision: p, rounding: .up), precision: p)
    }

    /// `[a.lower − b.upper ↓, a.upper − b.lower ↑]`.
    public static func - (a: Interval, b: Interval) -> Interval {
        let p = max(a.precision, b.precision)
        return Interval(uncheckedLower: .difference(a.lower, b.upper, precision: p, rounding: .down),
                        upper: .difference(a.upper, b.lower, precision: p, rounding: .up), precision: p)
    }

    /// `[−upper, −lower]`, exact.
    public static prefix func - (a: Interval) -> Interval {
        Interval(uncheckedLower: -a.upper, upper: -a.lower, precision: a.precision)
    }

    /// `[min ↓, max ↑]` of the four endpoint products, with `0 · ±∞ = 0`.
    ///
    /// `x·y` is linear in each argument, so its extremes over the box are at the corners; an
    /// endpoint 0 is an attained value whose products are all 0.
    public static func * (a: Interval, b: Interval) -> Interval {
        let p = max(a.precision, b.precision)
        return corners(a, b, precision: p) { x, y, rounding in
            x.isZero || y.isZero
                ? BigFloat(0, precision: p)
                : BigFloat.product(x, y, precision: p, rounding: rounding)
        }
    }

    /// `[min ↓, max ↑]` of the four endpoint quotients; invalid if `b` contains 0.
    ///
    /// `x/y` is monotone in each argument while `y` keeps its sign. A corner `±∞/±∞` (NaN) is
    /// skipped: its limits along the box edges are the values at the neighbouring corners.
    public static func / (a: Interval, b: Interval) -> Interval {
        let p = max(a.precision, b.precision)
        guard b.isValid, !b.containsZero else { return .invalid(precision: p) }
        return corners(a, b, precision: p) { x, y, rounding in
            BigFloat.quotient(x, y, precision: p, rounding: rounding)
        }
    }

    /// The hull of `f` at the four corners `(a.lower | a.upper, b.lower | b.upper)`, lower
    /// values rounded down and upper values up, ignoring NaN corners.
    private static func corners(
        _ a: Interval, _ b: Interval, precision: Int,
        _ f: (BigFloat, BigFloat, Rounding) -> BigFloat
    ) -> Interval {
        guard a.isValid && b.isValid else { return .invalid(precision: precision) }
        let pairs = [(a.lower, b.lower), (a.lower, b.upper), (a.upper, b.lower), (a.upper, b.upper)]
        let lows = pairs.map { f($0.0, $0.1, .down) }.filter { !$0.isNaN }
        let highs = pairs.map { f($0.0, $0.1, .up) }.filter { !$0.isNaN }
        // Only ∞/∞ gives NaN, and a divisor without 0 has a finite endpoint: corners remain.
        return Interval(uncheckedLower: lows.min()!, upper: highs.max()!, precision: precision)
    }
}

// MARK: - Int operands

extension Interval {
    public static func + (a: Interval, n: Int) -> Interval { a + Interval(n, precision: a.precision) }
    public static func + (n: Int, a: Interval) -> Interval { Interval(n, precision: a.precision) + a }
    public static func - (a: Interval, n: Int) -> Interval { a - Interval(n, precision: a.precision) }
    public static func - (n: Int, a: Interval) -> Interval { Interval(n, precision: a.precision) - a }
    public static func * (a: Interval, n: Int) -> Interval { a * Interval(n, precision: a.precision) }
    public static func * (n: Int, a: Interval) -> Interval { Interval(n, precision: a.precision) * a }

    /// Invalid if `n = 0`.
    public static func / (a: Interval, n: Int) -> Interval {
        a / Interval(n, precision: a.precision)
    }

    /// Invalid if `a` contains 0.
    public static func / (n: Int, a: Interval) -> Interval {
        Interval(n, precision: a.precision) / a
    }
}
