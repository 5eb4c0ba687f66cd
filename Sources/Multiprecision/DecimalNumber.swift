import CMPFR

/// A decimal number exactly as the user wrote it, validated once.
///
/// Model parameters are kept in this form and rounded to binary only when a computation
/// fixes its precision, so the same parameter gives a correctly rounded value at every
/// precision (and an enclosure, rounding down and up). Every exact question about the number
/// (is it 0, is it 1, is it below a bound, do several sum to 1) is answered on the decimal
/// itself, never on a rounding.
public struct DecimalNumber: Hashable, Sendable, CustomStringConvertible {
    public let text: String
    /// The exact value `±0.d₁d₂…dₙ × 10^exponent` with `d₁ ≠ 0` and `dₙ ≠ 0`: the significant
    /// digits (ASCII, empty for zero) and the decimal exponent.
    private let significand: [UInt8]
    private let exponent: Int
    private let isNegative: Bool

    public init(_ text: String) throws(DecimalParseError) {
        try BigFloat.validateDecimal(text)
        self.text = text
        (isNegative, significand, exponent) = Self.normalised(text)
    }

    public var description: String { text }

    /// The number rounded once to `precision` bits: the integer `N` of the significant digits
    /// over (or times) a power of ten, `N / 10^k`, divided once by MPFR (`mpfr_div_z`, correctly
    /// rounded; `mpfr_strtofr` costs several times more at thousands of digits). A decimal of
    /// more than `exactDigits` digits and exponent is left to `mpfr_strtofr`, which rounds the
    /// same way, so the integers stay small.
    public func value(precision: Int, rounding: Rounding = .nearest) -> BigFloat {
        rounded(precision: precision, rounding: rounding).value
    }

    /// The least interval of `precision`-bit numbers holding the number: its rounding down,
    /// and the next number above that unless the rounding was exact (one conversion, not two).
    public func enclosure(precision: Int) -> (lower: BigFloat, upper: BigFloat) {
        let (lower, exact) = rounded(precision: precision, rounding: .down)
        return (lower, exact ? lower : BigFloat.computing(precision: precision) {
            _ = mpfr_set($0, lower.pointer, MPFR_RNDN)
            mpfr_nextabove($0)
        })
    }

    /// `value(precision:rounding:)` and whether it is exact.
    private func rounded(precision: Int, rounding: Rounding) -> (value: BigFloat, exact: Bool) {
        var ternary: Int32 = 0
        let scale = exponent - significand.count        // the value is ±N × 10^scale
        guard !isZero, significand.count + abs(scale) <= Self.exactDigits else {
            // The text was validated in `init`: parse it without validating again.
            let value = BigFloat.computing(precision: precision) { x in
                text.withCString { ternary = mpfr_strtofr(x, $0, nil, 10, rounding.mpfr) }
            }
            return (value, ternary == 0)
        }
        if let small = machineIntegers(scale: scale) {
            // N and 10^k fit in 64 bits: one correctly rounded mpfr_set_ui or mpfr_div_ui.
            let signed = BigFloat.computing(precision: 64) { n in
                _ = mpfr_set_ui(n, UInt(small.n), MPFR_RNDN)                     // exact in 64 bits
                if isNegative { mpfr_neg(n, n, MPFR_RNDN) }
            }
            let value = BigFloat.computing(precision: precision) { x in
                ternary = scale >= 0 ? mpfr_set(x, signed.pointer, rounding.mpfr)
                    : mpfr_div_ui(x, signed.pointer, UInt(small.power), rounding.mpfr)
            }
            return (value, ternary == 0)
        }
        let n = MPZ(), power = MPZ()
        setSignificand(n)
        if isNegative { __gmpz_neg(n.pointer, n.pointer) }
        __gmpz_ui_pow_ui(power.pointer, 10, UInt(abs(scale)))
        if scale >= 0 {
            __gmpz_mul(n.pointer, n.pointer, power.pointer)
            let value = BigFloat.computing(precision: precision) { ternary = mpfr_set_z($0, n.pointer, rounding.mpfr) }
            return (value, ternary == 0)
        }
        let numerator = BigFloat.computing(precision: max(2, Int(__gmpz_sizeinbase(n.pointer, 2)))) {
            _ = mpfr_set_z($0, n.pointer, MPFR_RNDN)                  // exact: the precision holds N
        }
        let value = BigFloat.computing(precision: precision) {
            ternary = mpfr_div_z($0, numerator.pointer, power.pointer, rounding.mpfr)
        }
        return (value, ternary == 0)
    }

    /// `z = N`, the integer of the significant digits (without the sign).
    private func setSignificand(_ z: MPZ) {
        _ = String(decoding: significand, as: UTF8.self).withCString { __gmpz_set_str(z.pointer, $0, 10) }
    }

    /// `N` (times `10^scale` when `scale ≥ 0`) and `10^{−scale}` as 64-bit integers, when they fit.
    private func machineIntegers(scale: Int) -> (n: UInt64, power: UInt64)? {
        guard significand.count <= 19, scale.magnitude <= 19 else { return nil }
        var n: UInt64 = 0
        for digit in significand { n = n * 10 + UInt64(digit - UInt8(ascii: "0")) }
        var power: UInt64 = 1
        for _ in 0..<scale.magnitude { power *= 10 }
        if scale < 0 { return (n, power) }
        let (product, overflow) = n.multipliedReportingOverflow(by: power)
        return overflow ? nil : (product, 1)
    }

    /// The most significant digits plus decimal exponent converted by integer division.
    static let exactDigits = 40_000

    public static let zero = try! DecimalNumber("0")
    public static let one = try! DecimalNumber("1")

    /// Whether the number is exactly 0.
    public var isZero: Bool { significand.isEmpty }

    /// −1, 0 or 1 as `self` is below, equal to or above `other`, decided exactly.
    public func order(comparedWith other: DecimalNumber) -> Int {
        let (a, b) = (signum, other.signum)
        guard a == b else { return a < b ? -1 : 1 }
        guard a != 0 else { return 0 }
        let magnitudeOrder: Int
        if exponent != other.exponent {
            magnitudeOrder = exponent < other.exponent ? -1 : 1
        } else {
            magnitudeOrder = significand.lexicographicallyPrecedes(other.significand) ? -1
                : significand == other.significand ? 0 : 1
        }
        return a * magnitudeOrder
    }

    /// Whether the two decimals denote the same number (`0.5` and `5e-1`, say).
    public func isNumericallyEqual(to other: DecimalNumber) -> Bool { order(comparedWith: other) == 0 }

    private var signum: Int { isZero ? 0 : isNegative ? -1 : 1 }

    /// For a decimal `x` in `(0, 1)`, `⌈−log₂ x⌉` and `⌈−log₂(1 − x)⌉`: how close `x` lies to 0
    /// and to 1 in bits (0 outside `(0, 1)`). A binary number near 0 keeps its relative
    /// precision, but one near 1 needs `bitsFromOne` more bits before `1 − x` and `logit x`
    /// keep theirs.
    public var bitsFromZeroAndOne: (zero: Int, one: Int) {
        guard order(comparedWith: .zero) > 0, order(comparedWith: .one) < 0 else { return (0, 0) }
        let precision = 4 * (significand.count + abs(exponent)) + 64   // 1 − x exact enough at this
        let x = value(precision: precision)
        return (max(0, 1 - x.exponent), max(0, 1 - (1 - x).exponent))
    }

    /// −1, 0 or 1 as `Σ numbers` is below, equal to or above `target`, by integer arithmetic
    /// on the digits (GMP): every number is an integer times `10^s` for the smallest scale `s`.
    public static func order(ofSum numbers: [DecimalNumber], comparedWith target: DecimalNumber) -> Int {
        let terms = (numbers + [target]).filter { !$0.isZero }
        let scale = min(0, terms.map { $0.exponent - $0.significand.count }.min() ?? 0)
        let sum = MPZ(), term = MPZ(), power = MPZ()
        for (i, n) in terms.enumerated() {
            n.setSignificand(term)
            __gmpz_ui_pow_ui(power.pointer, 10, UInt(n.exponent - n.significand.count - scale))
            __gmpz_mul(term.pointer, term.pointer, power.pointer)
            let isTarget = i == terms.count - 1 && !target.isZero
            if n.isNegative != isTarget { __gmpz_sub(sum.pointer, sum.pointer, term.pointer) }
            else { __gmpz_add(sum.pointer, sum.pointer, term.pointer) }
        }
        let sign = __gmpz_cmp_si(sum.pointer, 0)
        return sign < 0 ? -1 : sign > 0 ? 1 : 0
    }

    /// Sign, significant digits and exponent of a validated decimal.
    private static func normalised(_ text: String) -> (Bool, [UInt8], Int) {
        var bytes = Array(text.utf8)
        let negative = bytes.first == UInt8(ascii: "-")
        if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes.removeFirst() }
        var written = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            written = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self))!  // at most 9 digits
            bytes.removeSubrange(e...)
        }
        let point = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
        var digits = bytes.filter { $0 != UInt8(ascii: ".") }
        let leadingZeros = digits.prefix(while: { $0 == UInt8(ascii: "0") }).count
        digits.removeFirst(leadingZeros)
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return digits.isEmpty ? (false, [], 0) : (negative, digits, point - leadingZeros + written)
    }
}

/// Owns one GMP integer (`mpz_t`) for the duration of a computation.
public final class MPZ {
    public let pointer: UnsafeMutablePointer<__mpz_struct>

    public init() {
        pointer = .allocate(capacity: 1)
        __gmpz_init(pointer)
    }

    deinit {
        __gmpz_clear(pointer)
        pointer.deallocate()
    }
}
