import CMPFR

// Elementary functions, correctly rounded by MPFR in the requested direction.
// Each result has the precision of the argument unless one is given.

extension BigFloat {
    @inlinable
    func unary(
        _ f: (UnsafeMutablePointer<__mpfr_struct>, UnsafePointer<__mpfr_struct>, mpfr_rnd_t) -> Int32,
        precision: Int?, rounding: Rounding
    ) -> BigFloat {
        BigFloat.computing(precision: precision ?? self.precision) { _ = f($0, pointer, rounding.mpfr) }
    }

    /// `√x`; NaN for x < 0.
    public func squareRoot(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_sqrt, precision: precision, rounding: rounding)
    }

    /// The Riemann zeta function `ζ(x)`; ±∞ at 1.
    public func zeta(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_zeta, precision: precision, rounding: rounding)
    }

    /// Natural logarithm; NaN for x < 0, −∞ at 0.
    public func log(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_log, precision: precision, rounding: rounding)
    }

    /// `log(1 + x)`, accurate for small x.
    public func log1p(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_log1p, precision: precision, rounding: rounding)
    }

    /// `e^x`.
    public func exp(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_exp, precision: precision, rounding: rounding)
    }

    /// `asinh x = log(x + √(x² + 1))`.
    public func asinh(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_asinh, precision: precision, rounding: rounding)
    }

    /// `e^x − 1`, accurate for small x.
    public func expm1(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_expm1, precision: precision, rounding: rounding)
    }

    /// `acosh x = log(x + √(x² − 1))`; NaN for x < 1.
    public func acosh(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_acosh, precision: precision, rounding: rounding)
    }

    /// `atanh x = ½ log((1 + x)/(1 − x))`; NaN for |x| > 1, ±∞ at ±1.
    public func atanh(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_atanh, precision: precision, rounding: rounding)
    }

    /// `sin x` (x in radians).
    public func sin(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_sin, precision: precision, rounding: rounding)
    }

    /// `cos x` (x in radians).
    public func cos(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_cos, precision: precision, rounding: rounding)
    }

    /// `arcsin x ∈ [−π/2, π/2]`; NaN for |x| > 1.
    public func arcsin(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_asin, precision: precision, rounding: rounding)
    }

    /// `arccos x ∈ [0, π]`; NaN for |x| > 1.
    public func arccos(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_acos, precision: precision, rounding: rounding)
    }

    /// `arctan x ∈ (−π/2, π/2)`.
    public func arctan(precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        unary(mpfr_atan, precision: precision, rounding: rounding)
    }

    /// The largest integer `≤ x`, exact (it fits in the precision of x).
    public func floor() -> BigFloat {
        BigFloat.computing(precision: precision) { _ = mpfr_rint_floor($0, pointer, MPFR_RNDD) }
    }

    /// `x^n` for an integer exponent.
    public func power(_ n: Int, precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        BigFloat.computing(precision: precision ?? self.precision) {
            mpfr_pow_si($0, pointer, n, rounding.mpfr)
        }
    }

    /// `x^y` for a real exponent.
    public func power(_ y: BigFloat, precision: Int? = nil, rounding: Rounding = .nearest) -> BigFloat {
        BigFloat.computing(precision: precision ?? max(self.precision, y.precision)) {
            mpfr_pow($0, pointer, y.pointer, rounding.mpfr)
        }
    }

    /// `1/x`.
    public func reciprocal() -> BigFloat { 1 / self }

    /// The logistic function `1 / (1 + e^{−x})`, inverse of `logit`.
    public func logistic() -> BigFloat {
        1 / (1 + (-self).exp())
    }

    /// `logit x = log(x / (1 − x))`.
    public func logit() -> BigFloat {
        (self / (1 - self)).log()
    }

    /// The binomial coefficient `C(n, k)` rounded to `precision` bits (exact while it fits).
    ///
    /// Computed with GMP's exact integer binomial, so it is rounded once.
    public static func binomial(_ n: Int, _ k: Int, precision: Int, rounding: Rounding = .nearest) -> BigFloat {
        precondition(n >= 0 && k >= 0, "binomial needs non-negative arguments")
        var exact = __mpz_struct()
        __gmpz_init(&exact)
        defer { __gmpz_clear(&exact) }
        __gmpz_bin_uiui(&exact, UInt(n), UInt(k))
        return computing(precision: precision) { _ = mpfr_set_z($0, &exact, rounding.mpfr) }
    }

    /// π rounded to `precision` bits.
    public static func pi(precision: Int, rounding: Rounding = .nearest) -> BigFloat {
        computing(precision: precision) { _ = mpfr_const_pi($0, rounding.mpfr) }
    }
}
