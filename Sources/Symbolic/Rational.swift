import CMPFR
import Multiprecision

/// Owns one GMP `mpq_t`: initialised once in `init`, cleared once in `deinit`.
final class MPQStorage {
    let pointer: UnsafeMutablePointer<__mpq_struct>

    /// The rational 0, to be overwritten by the creator before anyone else sees it.
    init() {
        pointer = .allocate(capacity: 1)
        __gmpq_init(pointer)
    }

    deinit {
        __gmpq_clear(pointer)
        pointer.deallocate()
    }
}


/// An exact rational number over GMP's `mpq_t`, always in lowest terms with a positive
/// denominator.
///
/// Values are immutable: every operation writes a fresh `mpq_t`, so copies may share storage.
public struct Rational: @unchecked Sendable {
    // Sendable: the storage is written only while it is being created, then only read.
    let storage: MPQStorage

    var pointer: UnsafePointer<__mpq_struct> { UnsafePointer(storage.pointer) }

    /// A new value written by `body` into a fresh `mpq_t` (which starts as 0).
    static func computing(_ body: (UnsafeMutablePointer<__mpq_struct>) -> Void) -> Rational {
        let storage = MPQStorage()
        body(storage.pointer)
        return Rational(storage: storage)
    }

    init(storage: MPQStorage) { self.storage = storage }

    /// The integer `value`.
    public init(_ value: Int) {
        self = .computing { __gmpq_set_si($0, value, 1) }
    }

    /// `numerator / denominator` in lowest terms (`mpq_canonicalize`); the denominator is non-zero.
    public init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0, "rational with denominator 0")
        self = .computing { q in
            let num = MPZ(), den = MPZ()
            __gmpz_set_si(num.pointer, numerator)
            __gmpz_set_si(den.pointer, denominator)
            __gmpq_set_num(q, num.pointer)
            __gmpq_set_den(q, den.pointer)
            __gmpq_canonicalize(q)
        }
    }

    /// The exact value of a decimal `[-] digits [. digits]`, i.e. `digits / 10^k` with `k` the
    /// number of digits after the point; `nil` for anything else (no exponent, no `+`, no
    /// spaces, at least one digit on each side of a point).
    public init?(decimal text: String) {
        var bytes = Substring(text).utf8[...]
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { bytes = bytes.dropFirst() }
        let isDigit = { (c: UInt8) in c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        let integerPart = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(integerPart.count)
        var fractionPart = bytes.prefix(0)
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fractionPart = bytes.prefix(while: isDigit)
            bytes = bytes.dropFirst(fractionPart.count)
            guard !fractionPart.isEmpty else { return nil }
        }
        guard !integerPart.isEmpty, bytes.isEmpty else { return nil }
        let digits = (negative ? "-" : "") + String(decoding: integerPart, as: UTF8.self)
            + String(decoding: fractionPart, as: UTF8.self)
        self = .computing { q in
            let num = MPZ(), den = MPZ()
            let status = __gmpz_set_str(num.pointer, digits, 10)
            precondition(status == 0, "validated digits rejected by mpz_set_str")
            __gmpz_ui_pow_ui(den.pointer, 10, UInt(fractionPart.count))
            __gmpq_set_num(q, num.pointer)
            __gmpq_set_den(q, den.pointer)
            __gmpq_canonicalize(q)
        }
    }

    /// The binomial coefficient `C(n, k)` as an exact integer (`mpz_bin_uiui`); `0 ≤ k ≤ n`.
    public static func binomial(_ n: Int, _ k: Int) -> Rational {
        precondition(0 <= k && k <= n, "binomial C(\(n), \(k)) outside 0 ≤ k ≤ n")
        return .computing { q in
            let z = MPZ()
            __gmpz_bin_uiui(z.pointer, UInt(n), UInt(k))
            __gmpq_set_z(q, z.pointer)
        }
    }

    /// The exact value of a validated decimal (`12`, `-0.5`, `.5`, `5.`, `1e-40`, `2.5E+3`).
    public init(_ d: DecimalNumber) {
        let parts = d.text.split(maxSplits: 1) { $0 == "e" || $0 == "E" }
        var mantissa = String(parts[0])
        if mantissa.hasPrefix("+") { mantissa.removeFirst() }
        let negative = mantissa.hasPrefix("-")
        if negative { mantissa.removeFirst() }
        if mantissa.hasPrefix(".") { mantissa = "0" + mantissa }
        if mantissa.hasSuffix(".") { mantissa += "0" }
        let value = Rational(decimal: (negative ? "-" : "") + mantissa)!   // digits [. digits], validated
        guard parts.count == 2, let exponent = Int(parts[1]), exponent != 0 else {
            self = value
            return
        }
        let scale = Rational.power(ofTen: exponent.magnitude)
        self = exponent > 0 ? value * scale : value / scale
    }

    /// `10^k` as an exact integer (`mpz_ui_pow_ui`).
    public static func power(ofTen k: UInt) -> Rational {
        .computing { q in
            let z = MPZ()
            __gmpz_ui_pow_ui(z.pointer, 10, k)
            __gmpq_set_z(q, z.pointer)
        }
    }

    public var isZero: Bool { pointer.pointee._mp_num._mp_size == 0 }
    /// Whether the value is above 0.
    public var isPositive: Bool { pointer.pointee._mp_num._mp_size > 0 }
    /// Whether the value is below 0.
    public var isNegative: Bool { pointer.pointee._mp_num._mp_size < 0 }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

// MARK: - Arithmetic

extension Rational {
    public static func + (lhs: Rational, rhs: Rational) -> Rational {
        .computing { __gmpq_add($0, lhs.pointer, rhs.pointer) }
    }

    public static func - (lhs: Rational, rhs: Rational) -> Rational {
        .computing { __gmpq_sub($0, lhs.pointer, rhs.pointer) }
    }

    public static func * (lhs: Rational, rhs: Rational) -> Rational {
        .computing { __gmpq_mul($0, lhs.pointer, rhs.pointer) }
    }

    /// `lhs / rhs`; the divisor is non-zero.
    public static func / (lhs: Rational, rhs: Rational) -> Rational {
        precondition(!rhs.isZero, "rational division by zero")
        return .computing { __gmpq_div($0, lhs.pointer, rhs.pointer) }
    }

    public static prefix func - (operand: Rational) -> Rational {
        .computing { __gmpq_neg($0, operand.pointer) }
    }
}

// MARK: - Comparison and printing

extension Rational: Equatable, Comparable {
    public static func == (lhs: Rational, rhs: Rational) -> Bool {
        __gmpq_equal(lhs.pointer, rhs.pointer) != 0
    }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        __gmpq_cmp(lhs.pointer, rhs.pointer) < 0
    }
}

extension Rational: CustomStringConvertible {
    /// `"p/q"` in lowest terms, or `"p"` when `q = 1` (`mpq_get_str`).
    public var description: String {
        guard let raw = __gmpq_get_str(nil, 10, pointer) else { fatalError("mpq_get_str failed") }
        let text = String(cString: raw)
        var free: (@convention(c) (UnsafeMutableRawPointer?, Int) -> Void)? = nil
        __gmp_get_memory_functions(nil, nil, &free)
        free?(raw, text.utf8.count + 1)
        return text
    }
}
