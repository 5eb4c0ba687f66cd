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
    /// endpoint 0 is an attained value whose products are all 0. When neither interval holds
    /// both signs, the corners that give the minimum and the maximum are known from the signs
    /// (`signedCorners`), and two products replace eight.
    public static func * (a: Interval, b: Interval) -> Interval {
        let p = max(a.precision, b.precision)
        func product(_ x: BigFloat, _ y: BigFloat, _ rounding: Rounding) -> BigFloat {
            x.isZero || y.isZero ? BigFloat(0, precision: p) : BigFloat.product(x, y, precision: p, rounding: rounding)
        }
        if let (low, high) = signedCorners(a, b, dividing: false) {
            return Interval(uncheckedLower: product(low.0, low.1, .down), upper: product(high.0, high.1, .up), precision: p)
        }
        return corners(a, b, precision: p, product)
    }

    /// `[min ↓, max ↑]` of the four endpoint quotients; invalid if `b` contains 0.
    ///
    /// `x/y` is monotone in each argument while `y` keeps its sign. A corner `±∞/±∞` (NaN) is
    /// skipped: its limits along the box edges are the values at the neighbouring corners.
    /// When `a` has one sign, the extreme corners are known (`signedCorners`): two quotients.
    public static func / (a: Interval, b: Interval) -> Interval {
        let p = max(a.precision, b.precision)
        guard b.isValid, !b.containsZero else { return .invalid(precision: p) }
        if let (low, high) = signedCorners(a, b, dividing: true) {
            let lower = BigFloat.quotient(low.0, low.1, precision: p, rounding: .down)
            let upper = BigFloat.quotient(high.0, high.1, precision: p, rounding: .up)
            if !lower.isNaN && !upper.isNaN { return Interval(uncheckedLower: lower, upper: upper, precision: p) }
        }
        return corners(a, b, precision: p) { x, y, rounding in
            BigFloat.quotient(x, y, precision: p, rounding: rounding)
        }
    }

    /// The corners `(x, y)` of `a × b` at which `x·y` (or `x/y`) is least and greatest, when
    /// neither interval holds both signs (nil otherwise, or if one is invalid). For a product,
    /// `a, b ≥ 0`: least at `(a₀, b₀)`, greatest at `(a₁, b₁)`; every other sign case mirrors it.
    /// For a quotient, `1/y` swaps the ends of `b`.
    private static func signedCorners(_ a: Interval, _ b: Interval, dividing: Bool)
        -> (low: (BigFloat, BigFloat), high: (BigFloat, BigFloat))? {
        guard a.isValid && b.isValid else { return nil }
        let aSign = a.lower.sign >= 0 ? 1 : a.upper.sign <= 0 ? -1 : 0
        let bSign = b.lower.sign >= 0 ? 1 : b.upper.sign <= 0 ? -1 : 0
        guard aSign != 0 && bSign != 0 else { return nil }
        // The ends of b that act as "small" and "large" on the magnitude of the result.
        let (b0, b1) = dividing ? (b.upper, b.lower) : (b.lower, b.upper)
        switch (aSign, bSign) {
        case (1, 1): return ((a.lower, b0), (a.upper, b1))
        case (1, _): return ((a.upper, b0), (a.lower, b1))
        case (_, 1): return ((a.lower, b1), (a.upper, b0))
        default: return ((a.upper, b1), (a.lower, b0))
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
        // Only ∞/∞ gives NaN; with every corner ∞/∞ (a = b = [∞, ∞]) nothing is enclosed.
        guard let lower = lows.min(), let upper = highs.max() else { return .invalid(precision: precision) }
        return Interval(uncheckedLower: lower, upper: upper, precision: precision)
    }
}

// MARK: - Int operands

extension Interval {
    public static func + (a: Interval, n: Int) -> Interval { a + Interval(n, precision: a.precision) }
    public static func + (n: Int, a: Interval) -> Interval { Interval(n, precision: a.precision) + a }
    public static func - (a: Interval, n: Int) -> Interval { a - Interval(n, precision: a.precision) }
    public static func - (n: Int, a: Interval) -> Interval { Interval(n, precision: a.precision) - a }
    /// `[a·n]` endpoint by endpoint (`mpfr_mul_si`), the ends swapped for `n < 0`; `0 · ±∞ = 0`,
    /// and a zero end is `+0`, as from the interval product.
    public static func * (a: Interval, n: Int) -> Interval {
        guard a.isValid else { return .invalid(precision: a.precision) }
        if n == 0 { return Interval(0, precision: a.precision) }
        let (low, high) = n >= 0 ? (a.lower, a.upper) : (a.upper, a.lower)
        return Interval(uncheckedLower: unsignedZero(.product(low, n, precision: a.precision, rounding: .down)),
                        upper: unsignedZero(.product(high, n, precision: a.precision, rounding: .up)), precision: a.precision)
    }

    public static func * (n: Int, a: Interval) -> Interval { a * n }

    /// `[a/n]` endpoint by endpoint (`mpfr_div_si`), the ends swapped for `n < 0`; invalid if
    /// `n = 0`; a zero end is `+0`.
    public static func / (a: Interval, n: Int) -> Interval {
        guard a.isValid, n != 0 else { return .invalid(precision: a.precision) }
        let (low, high) = n > 0 ? (a.lower, a.upper) : (a.upper, a.lower)
        return Interval(uncheckedLower: unsignedZero(.quotient(low, n, precision: a.precision, rounding: .down)),
                        upper: unsignedZero(.quotient(high, n, precision: a.precision, rounding: .up)), precision: a.precision)
    }

    /// `x`, with `−0` replaced by `+0`.
    private static func unsignedZero(_ x: BigFloat) -> BigFloat {
        x.isZero ? BigFloat(0, precision: x.precision) : x
    }

    /// Invalid if `a` contains 0.
    public static func / (n: Int, a: Interval) -> Interval {
        Interval(n, precision: a.precision) / a
    }
}
