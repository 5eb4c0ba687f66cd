import CMPFR

/// Why endpoints do not form an interval.
public enum IntervalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An endpoint given to an initialiser is NaN.
    case nanEndpoint

    public var description: String { "an interval endpoint is NaN" }
}

/// A closed interval `[lower, upper]` of reals with `BigFloat` endpoints: an enclosure.
///
/// * Every operation returns an interval containing the exact image of every point of its
///   operands: lower endpoints are rounded `.down`, upper endpoints `.up`, never to nearest.
/// * Results have `precision` bits: the larger precision of the operands.
/// * Endpoints may be infinite (an overflow rounded up gives `+∞`), but `lower < +∞` and
///   `upper > −∞`.
/// * An operation without an enclosure — a division by an interval containing 0, `√` or `log`
///   of an interval reaching below their domain — returns the invalid interval `[NaN, NaN]`
///   and raises MPFR's NaN flag, so `MPFRFlags.checking` reports it as an error; every
///   operation on an invalid interval is invalid.
public struct Interval: Sendable {
    public internal(set) var lower: BigFloat
    public internal(set) var upper: BigFloat
    /// The precision, in bits, of results computed from this interval.
    public let precision: Int

    /// Unchecked: callers guarantee `lower ≤ upper` (and the endpoint rules above).
    public init(uncheckedLower lower: BigFloat, upper: BigFloat, precision: Int) {
        self.lower = lower
        self.upper = upper
        self.precision = precision
    }

    /// `[NaN, NaN]`, raising MPFR's NaN flag: the result of an operation without an enclosure.
    static func invalid(precision: Int) -> Interval {
        mpfr_set_nanflag()
        let nan = BigFloat.computing(precision: precision) { mpfr_set_nan($0) }
        return Interval(uncheckedLower: nan, upper: nan, precision: precision)
    }

    /// False for the invalid interval `[NaN, NaN]`.
    public var isValid: Bool { !lower.isNaN && !upper.isNaN }

    /// `[lower, upper]` at the larger of the two precisions; `lower ≤ upper` is required.
    public init(lower: BigFloat, upper: BigFloat) throws(IntervalError) {
        guard !lower.isNaN && !upper.isNaN else { throw .nanEndpoint }
        precondition(lower <= upper, "interval endpoints in the wrong order")
        precondition(!(lower.isInfinite && lower.sign > 0) && !(upper.isInfinite && upper.sign < 0),
                     "an interval of reals cannot start at +∞ or end at −∞")
        self.init(uncheckedLower: lower, upper: upper, precision: max(lower.precision, upper.precision))
    }

    /// The point `[x, x]`, exact, at the precision of `x`.
    public init(_ x: BigFloat) throws(IntervalError) {
        try self.init(lower: x, upper: x)
    }

    /// `[n↓, n↑]` at `precision` bits: the point `n` whenever it fits in `precision` bits.
    public init(_ n: Int, precision: Int) {
        self.init(uncheckedLower: .computing(precision: precision) { _ = mpfr_set_si($0, n, MPFR_RNDD) },
                  upper: .computing(precision: precision) { _ = mpfr_set_si($0, n, MPFR_RNDU) },
                  precision: precision)
    }

    /// The decimal `x` rounded down and up to `precision` bits: the tightest enclosure.
    public init(_ x: DecimalNumber, precision: Int) {
        let (lower, upper) = x.enclosure(precision: precision)
        self.init(uncheckedLower: lower, upper: upper, precision: precision)
    }
}

// MARK: - Properties and set relations

extension Interval {
    /// `upper − lower`, rounded up: never smaller than the true width.
    public var width: BigFloat {
        BigFloat.difference(upper, lower, precision: precision, rounding: .up)
    }

    /// `lower/2 + upper/2` rounded to nearest, which lies in `[lower, upper]` (rounding is
    /// monotone and both endpoints are representable); NaN for `[−∞, +∞]`.
    public var midpoint: BigFloat {
        BigFloat.sum(lower.scaled(byPowerOfTwo: -1), upper.scaled(byPowerOfTwo: -1),
                     precision: precision, rounding: .nearest)
    }

    /// `lower = upper`: a single exact number.
    public var isPoint: Bool { lower == upper }

    public var containsZero: Bool { lower <= 0 && upper >= 0 }

    /// `max |x|` over the interval, exact.
    public var magnitude: BigFloat { BigFloat.maximum(lower.magnitude, upper.magnitude) }

    /// `min |x|` over the interval, exact: 0 when the interval contains 0.
    public var mignitude: BigFloat {
        containsZero ? BigFloat(0, precision: precision) : BigFloat.minimum(lower.magnitude, upper.magnitude)
    }

    public func contains(_ x: BigFloat) -> Bool { lower <= x && x <= upper }

    public func contains(_ other: Interval) -> Bool { lower <= other.lower && other.upper <= upper }

    public func isSubset(of other: Interval) -> Bool { other.contains(self) }

    /// The two intervals have a point in common.
    public func overlaps(_ other: Interval) -> Bool { lower <= other.upper && other.lower <= upper }

    /// Both endpoints, each with `significantDigits` decimal digits rounded outward
    /// (lower `.down`, upper `.up`), so the printed interval contains this one.
    public func decimalStrings(significantDigits: Int) -> (lower: String, upper: String) {
        (lower.decimalString(significantDigits: significantDigits, rounding: .down),
         upper.decimalString(significantDigits: significantDigits, rounding: .up))
    }
}

extension Interval: Equatable {
    /// The same set of reals: equal endpoints, whatever the precisions.
    public static func == (a: Interval, b: Interval) -> Bool {
        a.lower == b.lower && a.upper == b.upper
    }
}

// MARK: - Construction helpers for certification

extension Interval {
    /// An interval of NaNs, no enclosure (`isValid` is false), made without raising MPFR's NaN flag.
    public static func undefined(precision: Int) -> Interval {
        Interval(uncheckedLower: BigFloat(uninitializedPrecision: precision), upper: BigFloat(uninitializedPrecision: precision),
                 precision: precision)
    }

    /// The exact point `[x, x]` at `precision` bits (`x` must be representable there).
    public init(point x: BigFloat, precision: Int) {
        let p = BigFloat(x, precision: precision)
        precondition(p == x, "the point is not representable at this precision")
        self.init(uncheckedLower: p, upper: p, precision: precision)
    }

    /// The largest distance from `x` to a point of the interval, rounded up: a proven bound on
    /// `|x − y|` for every `y` it holds.
    public func farthestDistance(from x: BigFloat) -> BigFloat {
        (self - Interval(point: x, precision: max(x.precision, precision))).magnitude
    }

    /// How many bits narrower than its points the interval is, `e(max |x|) − e(width)` in binary
    /// exponents; `cap` for a point or an interval of zeros.
    public func relativeWidthBits(cap: Int) -> Int {
        width.isZero || magnitude.isZero ? cap : magnitude.exponent - width.exponent
    }

    /// `[lower↓, upper↑]` at `precision` bits: the interval itself, or the least one at that
    /// precision holding it.
    public func rounded(toPrecision precision: Int) -> Interval {
        Interval(uncheckedLower: BigFloat(lower, precision: precision, rounding: .down),
                 upper: BigFloat(upper, precision: precision, rounding: .up), precision: precision)
    }

    /// `[x − r, x + r]` rounded outward.
    public init(center x: BigFloat, radius r: BigFloat, precision: Int) {
        self.init(uncheckedLower: BigFloat.difference(x, r, precision: precision, rounding: .down),
                  upper: BigFloat.sum(x, r, precision: precision, rounding: .up), precision: precision)
    }

    /// `self ∩ other`, or nil when they are disjoint.
    public func intersection(_ other: Interval) -> Interval? {
        let lo = BigFloat.maximum(lower, other.lower), hi = BigFloat.minimum(upper, other.upper)
        guard lo <= hi else { return nil }
        return Interval(uncheckedLower: lo, upper: hi, precision: max(precision, other.precision))
    }

    /// `[lower, x]` and `[x, upper]` for a point `x` inside (rounded to this precision).
    public func split(at x: BigFloat) -> (Interval, Interval) {
        let m = BigFloat.minimum(BigFloat.maximum(BigFloat(x, precision: precision), lower), upper)
        return (Interval(uncheckedLower: lower, upper: m, precision: precision),
                Interval(uncheckedLower: m, upper: upper, precision: precision))
    }

    /// The `digits`-digit decimal to which every point of a positive interval rounds, from one
    /// conversion of the lower end at 18 more digits (nil when that does not decide it).
    ///
    /// With `t` the lower end rounded to `digits + 18` digits and `x` the last 18 of them, the
    /// lower end lies within half a unit `u` of `t`; unless `x` is within 1 of the midpoint
    /// `5·10¹⁷`, it rounds to `digits` digits as `t` does, and the next rounding boundary
    /// above it is at `5·10¹⁷` or `15·10¹⁷` units: if the width is below that distance less one
    /// unit, the whole interval rounds alike. (`commonDigits` converts both ends otherwise.)
    func sharedRounding(digits d: Int) -> String? {
        let guardDigits = 18
        guard lower.sign > 0, d >= 1 else { return nil }
        var exponent: mpfr_exp_t = 0
        guard let raw = mpfr_get_str(nil, &exponent, 10, d + guardDigits, lower.pointer, MPFR_RNDN) else { return nil }
        defer { mpfr_free_str(raw) }
        let all = Array(String(cString: raw).utf8)
        guard all.count == d + guardDigits, let x = Int64(String(decoding: all[d...], as: UTF8.self)) else { return nil }
        let half: Int64 = 500_000_000_000_000_000
        guard abs(x - half) > 1 else { return nil }
        var head = Array(all[..<d])
        let roundsUp = x > half
        if roundsUp {
            guard let last = head.lastIndex(where: { $0 != UInt8(ascii: "9") }) else { return nil }   // a carry into a new digit
            head[last] += 1
            for i in head.index(after: last)..<head.endIndex { head[i] = UInt8(ascii: "0") }
        }
        let distance = (roundsUp ? 3 * half : half) - x - 1                    // in units u, at least 0
        guard distance > 0 else { return nil }
        let k = Int(exponent) - d - guardDigits                               // u = 10^k
        let unit = k >= 0 ? BigFloat.computing(precision: 64) { _ = mpfr_ui_pow_ui($0, 10, UInt(k), MPFR_RNDD) }
            : BigFloat.quotient(BigFloat(1, precision: 64),
                                .computing(precision: 64) { _ = mpfr_ui_pow_ui($0, 10, UInt(-k), MPFR_RNDU) },
                                precision: 64, rounding: .down)
        let room = BigFloat.product(BigFloat(Int(distance), precision: 64), unit, precision: 64, rounding: .down)
        guard BigFloat.difference(upper, lower, precision: 64, rounding: .up) < room else { return nil }
        return BigFloat.position(digits: String(decoding: head, as: UTF8.self), pointAfter: Int(exponent))
    }

    /// The significant digits on which every point of the interval rounds to the same decimal
    /// (at most `cap`), and that decimal; zero digits and nil when not even one is shared.
    public func commonDigits(cap: Int) -> (digits: Int, decimal: String?) {
        guard isValid, lower.isFinite, upper.isFinite else { return (0, nil) }
        if lower.isZero && upper.isZero {     // the number 0, whatever the signs of the zeros
            return (cap, BigFloat(0, precision: precision).decimalString(significantDigits: cap))
        }
        // log10(|x| / width) from binary exponents, plus one digit of slack.
        let w = width
        let scale = BigFloat.maximum(lower.magnitude, upper.magnitude)
        var d = w.isZero ? cap : min(cap, max(1, Int(Double(scale.exponent - w.exponent + 1) * 0.30103) + 1))
        if let decimal = sharedRounding(digits: d) { return (d, decimal) }
        while d >= 1 {
            let a = lower.decimalString(significantDigits: d)
            if a == upper.decimalString(significantDigits: d) { return (d, a) }
            d -= 1
        }
        return (0, nil)
    }
}
