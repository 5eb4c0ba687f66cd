import CMPFR

// Operators round to nearest; the result has the larger precision of the two operands.
// The static functions with `precision:rounding:` are the same operations with both chosen.

extension BigFloat {
    public static func sum(_ a: BigFloat, _ b: BigFloat, precision: Int, rounding: Rounding) -> BigFloat {
        computing(precision: precision) { mpfr_add($0, a.pointer, b.pointer, rounding.mpfr) }
    }

    public static func difference(_ a: BigFloat, _ b: BigFloat, precision: Int, rounding: Rounding) -> BigFloat {
        computing(precision: precision) { mpfr_sub($0, a.pointer, b.pointer, rounding.mpfr) }
    }

    public static func product(_ a: BigFloat, _ b: BigFloat, precision: Int, rounding: Rounding) -> BigFloat {
        computing(precision: precision) { mpfr_mul($0, a.pointer, b.pointer, rounding.mpfr) }
    }

    /// `a/b`; by a positive power of two `b = 2^k` it is `a` rounded and scaled by `2^{−k}`
    /// (`mpfr_div_2si`: the same correctly rounded result, without a division).
    public static func quotient(_ a: BigFloat, _ b: BigFloat, precision: Int, rounding: Rounding) -> BigFloat {
        computing(precision: precision) {
            if let k = b.positivePowerOfTwo {
                mpfr_div_2si($0, a.pointer, k, rounding.mpfr)
            } else {
                mpfr_div($0, a.pointer, b.pointer, rounding.mpfr)
            }
        }
    }

    /// `k` when the number is exactly `2^k`, else nil.
    var positivePowerOfTwo: Int? {
        guard mpfr_regular_p(pointer) != 0, cmpfr_sgn(pointer) > 0 else { return nil }
        let k = cmpfr_get_exp(pointer) - 1                    // x = 0.1… × 2^{k+1}
        return mpfr_cmp_ui_2exp(pointer, 1, k) == 0 ? k : nil
    }

    /// `a · n` and `a / n` for an integer `n`, rounded as asked (`mpfr_mul_si`, `mpfr_div_si`:
    /// a pass over the digits, not a full-precision product or quotient).
    public static func product(_ a: BigFloat, _ n: Int, precision: Int, rounding: Rounding) -> BigFloat {
        computing(precision: precision) { mpfr_mul_si($0, a.pointer, n, rounding.mpfr) }
    }

    public static func quotient(_ a: BigFloat, _ n: Int, precision: Int, rounding: Rounding) -> BigFloat {
        computing(precision: precision) { mpfr_div_si($0, a.pointer, n, rounding.mpfr) }
    }

    public static func + (a: BigFloat, b: BigFloat) -> BigFloat {
        sum(a, b, precision: max(a.precision, b.precision), rounding: .nearest)
    }

    public static func - (a: BigFloat, b: BigFloat) -> BigFloat {
        difference(a, b, precision: max(a.precision, b.precision), rounding: .nearest)
    }

    public static func * (a: BigFloat, b: BigFloat) -> BigFloat {
        product(a, b, precision: max(a.precision, b.precision), rounding: .nearest)
    }

    public static func / (a: BigFloat, b: BigFloat) -> BigFloat {
        quotient(a, b, precision: max(a.precision, b.precision), rounding: .nearest)
    }

    public static prefix func - (a: BigFloat) -> BigFloat {
        computing(precision: a.precision) { mpfr_neg($0, a.pointer, MPFR_RNDN) }
    }

    public static func + (a: BigFloat, n: Int) -> BigFloat {
        computing(precision: a.precision) { mpfr_add_si($0, a.pointer, n, MPFR_RNDN) }
    }

    public static func + (n: Int, a: BigFloat) -> BigFloat { a + n }

    public static func - (a: BigFloat, n: Int) -> BigFloat {
        computing(precision: a.precision) { mpfr_sub_si($0, a.pointer, n, MPFR_RNDN) }
    }

    public static func - (n: Int, a: BigFloat) -> BigFloat {
        computing(precision: a.precision) { mpfr_si_sub($0, n, a.pointer, MPFR_RNDN) }
    }

    public static func * (a: BigFloat, n: Int) -> BigFloat {
        computing(precision: a.precision) { mpfr_mul_si($0, a.pointer, n, MPFR_RNDN) }
    }

    public static func * (n: Int, a: BigFloat) -> BigFloat { a * n }

    public static func / (a: BigFloat, n: Int) -> BigFloat {
        computing(precision: a.precision) { mpfr_div_si($0, a.pointer, n, MPFR_RNDN) }
    }

    public static func / (n: Int, a: BigFloat) -> BigFloat {
        computing(precision: a.precision) { mpfr_si_div($0, n, a.pointer, MPFR_RNDN) }
    }

    /// `|a|`, exact.
    public var magnitude: BigFloat {
        BigFloat.computing(precision: precision) { mpfr_abs($0, pointer, MPFR_RNDN) }
    }

    /// `a · 2^k`, exact (barring overflow).
    public func scaled(byPowerOfTwo k: Int) -> BigFloat {
        BigFloat.computing(precision: precision) { mpfr_mul_2si($0, pointer, k, MPFR_RNDN) }
    }

    /// `(a + b)/2`, rounded once to the larger precision.
    public static func average(_ a: BigFloat, _ b: BigFloat) -> BigFloat {
        computing(precision: max(a.precision, b.precision)) {
            mpfr_add($0, a.pointer, b.pointer, MPFR_RNDN)
            mpfr_div_2ui($0, $0, 1, MPFR_RNDN)
        }
    }

    /// The sign of `|a| − |b|` (`mpfr_cmpabs`), without computing either magnitude.
    public static func compareMagnitudes(_ a: BigFloat, _ b: BigFloat) -> Int {
        Int(mpfr_cmpabs(a.pointer, b.pointer).signum())
    }

    /// `|self| ≤ |other| · 2^k`, decided exactly; on binary exponents alone (no allocation)
    /// unless they are equal.
    public func magnitude(isAtMost other: BigFloat, timesPowerOfTwo k: Int) -> Bool {
        if isFinite && other.isFinite && !isZero && !other.isZero && exponent != other.exponent + k {
            return exponent < other.exponent + k        // |x| ∈ [2^{e−1}, 2^e)
        }
        var scaled = self
        scaled.scale(byPowerOfTwo: -k)
        return BigFloat.compareMagnitudes(scaled, other) <= 0
    }

    public static func minimum(_ a: BigFloat, _ b: BigFloat) -> BigFloat { b < a ? b : a }
    public static func maximum(_ a: BigFloat, _ b: BigFloat) -> BigFloat { b > a ? b : a }
}

// MARK: - In place, for loops that must not allocate

extension BigFloat {
    /// `self ← value`, rounded to this value's precision.
    public mutating func set(_ value: BigFloat, rounding: Rounding = .nearest) {
        withMutablePointer { _ = mpfr_set($0, value.pointer, rounding.mpfr) }
    }

    /// `self ← n`, rounded to this value's precision.
    public mutating func set(_ n: Int, rounding: Rounding = .nearest) {
        withMutablePointer { _ = mpfr_set_si($0, n, rounding.mpfr) }
    }

    public mutating func add(_ b: BigFloat, rounding: Rounding) {
        withMutablePointer { _ = mpfr_add($0, $0, b.pointer, rounding.mpfr) }
    }

    public mutating func subtract(_ b: BigFloat, rounding: Rounding = .nearest) {
        withMutablePointer { _ = mpfr_sub($0, $0, b.pointer, rounding.mpfr) }
    }

    public mutating func multiply(by b: BigFloat, rounding: Rounding) {
        withMutablePointer { _ = mpfr_mul($0, $0, b.pointer, rounding.mpfr) }
    }

    public mutating func divide(by b: BigFloat, rounding: Rounding = .nearest) {
        withMutablePointer { _ = mpfr_div($0, $0, b.pointer, rounding.mpfr) }
    }

    public mutating func add(_ n: Int, rounding: Rounding = .nearest) {
        withMutablePointer { _ = mpfr_add_si($0, $0, n, rounding.mpfr) }
    }

    public mutating func multiply(by n: Int, rounding: Rounding) {
        withMutablePointer { _ = mpfr_mul_si($0, $0, n, rounding.mpfr) }
    }

    public mutating func divide(by n: Int, rounding: Rounding) {
        withMutablePointer { _ = mpfr_div_si($0, $0, n, rounding.mpfr) }
    }

    /// `self ← self + a·b` with a single rounding (`mpfr_fma`).
    public mutating func addProduct(_ a: BigFloat, _ b: BigFloat, rounding: Rounding) {
        withMutablePointer { _ = mpfr_fma($0, a.pointer, b.pointer, $0, rounding.mpfr) }
    }

    /// `self ← a · b`, rounded to this value's precision.
    public mutating func setProduct(_ a: BigFloat, _ b: BigFloat, rounding: Rounding = .nearest) {
        withMutablePointer { _ = mpfr_mul($0, a.pointer, b.pointer, rounding.mpfr) }
    }

    /// `self ← a / b`, rounded to this value's precision.
    public mutating func setQuotient(_ a: BigFloat, _ b: BigFloat, rounding: Rounding = .nearest) {
        withMutablePointer { _ = mpfr_div($0, a.pointer, b.pointer, rounding.mpfr) }
    }

    /// `self ← a − b`, rounded to this value's precision.
    public mutating func setDifference(_ a: BigFloat, _ b: BigFloat, rounding: Rounding = .nearest) {
        withMutablePointer { _ = mpfr_sub($0, a.pointer, b.pointer, rounding.mpfr) }
    }

    /// `self ← self · 2^k`, exact (barring overflow).
    public mutating func scale(byPowerOfTwo k: Int) {
        withMutablePointer { _ = mpfr_mul_2si($0, $0, k, MPFR_RNDN) }
    }

    public mutating func negate() {
        withMutablePointer { _ = mpfr_neg($0, $0, MPFR_RNDN) }
    }

    public mutating func formSquareRoot(rounding: Rounding = .nearest) {
        withMutablePointer { _ = mpfr_sqrt($0, $0, rounding.mpfr) }
    }

    /// `self ← sqrt(n / d)` for non-negative integers, rounded once.
    public mutating func setSquareRootOfRatio(_ n: Int, _ d: Int, rounding: Rounding) {
        withMutablePointer {
            // n/d is rounded in the same direction as the square root, so the result is an
            // enclosure endpoint in that direction (exact when n/d is representable).
            mpfr_set_si($0, n, MPFR_RNDN)
            mpfr_div_si($0, $0, d, rounding.mpfr)
            mpfr_sqrt($0, $0, rounding.mpfr)
        }
    }
}
