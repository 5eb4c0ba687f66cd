import CMPFR

/// Why a string is not a decimal number this suite accepts.
public enum DecimalParseError: Error, Equatable, Sendable {
    case empty
    case malformed(String)
    case exponentOutOfRange(String)
}

extension BigFloat {
    /// The largest decimal exponent accepted in `1.5e-7` notation.
    public static let maximumDecimalExponent = 9_999

    /// The decimal number written in `text`, rounded once to `precision` bits.
    ///
    /// Accepted grammar: `[+-] digits [. digits] [e [+-] digits]` (a leading or trailing point
    /// is allowed with digits on the other side). Nothing else: no NaN, infinities,
    /// hexadecimal, spaces or underscores, and the exponent is at most
    /// `maximumDecimalExponent` in magnitude. `"0.04"` is the decimal 0.04 rounded once
    /// (by `mpfr_strtofr`), never a `Double`.
    public init(decimal text: String, precision: Int, rounding: Rounding = .nearest) throws(DecimalParseError) {
        try Self.validateDecimal(text)
        self.init(uninitializedPrecision: precision)
        guard Self.parse(text, into: storage.pointer, rounding: rounding) == text.utf8.count else {
            throw .malformed(text)
        }
    }

    /// `mpfr_strtofr` on `text` into `x`; the number of bytes it consumed.
    static func parse(_ text: String, into x: UnsafeMutablePointer<__mpfr_struct>, rounding: Rounding) -> Int {
        text.withCString { start -> Int in
            var end: UnsafeMutablePointer<CChar>? = nil
            mpfr_strtofr(x, start, &end, 10, rounding.mpfr)
            return end.map { $0 - UnsafeMutablePointer(mutating: start) } ?? 0
        }
    }

    static func validateDecimal(_ text: String) throws(DecimalParseError) {
        guard !text.isEmpty else { throw .empty }
        var bytes = Substring(text).utf8[...]
        func digitRun() -> Int {
            let n = bytes.prefix(while: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }).count
            bytes = bytes.dropFirst(n)
            return n
        }
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
        }
        var mantissaDigits = digitRun()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissaDigits += digitRun()
        }
        guard mantissaDigits > 0 else { throw .malformed(text) }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let exponentStart = bytes
            let exponentDigits = digitRun()
            guard exponentDigits > 0 else { throw .malformed(text) }
            let exponent = Int(String(decoding: exponentStart.prefix(min(exponentDigits, 9)), as: UTF8.self)) ?? .max
            guard exponentDigits <= 9, exponent <= maximumDecimalExponent else {
                throw .exponentOutOfRange(text)
            }
        }
        guard bytes.isEmpty else { throw .malformed(text) }
    }
}

extension BigFloat {
    /// Decimal text of this value with `significantDigits` digits, each correctly rounded in
    /// the direction `rounding` (by `mpfr_get_str`).
    ///
    /// Plain positional notation (`0.000123…`) for decimal exponents in `-20…40`, otherwise
    /// scientific (`1.23…e-25`). `"nan"`, `"inf"` and `"-inf"` for the special values.
    public func decimalString(significantDigits: Int, rounding: Rounding = .nearest) -> String {
        precondition(significantDigits >= 1)
        if isNaN { return "nan" }
        if isInfinite { return sign < 0 ? "-inf" : "inf" }
        var exponent: mpfr_exp_t = 0
        guard let raw = mpfr_get_str(nil, &exponent, 10, significantDigits, pointer, rounding.mpfr) else {
            fatalError("mpfr_get_str failed")
        }
        defer { mpfr_free_str(raw) }
        var digits = String(cString: raw)
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        let body: String
        if isZero {
            body = significantDigits == 1 ? "0" : "0." + String(repeating: "0", count: significantDigits - 1)
        } else {
            body = Self.position(digits: digits, pointAfter: Int(exponent))
        }
        return (negative ? "-" : "") + body
    }

    /// Places the decimal point in `0.digits × 10^pointAfter`.
    static func position(digits: String, pointAfter e: Int) -> String {
        let n = digits.count
        if e <= 0 && e > -20 {
            return "0." + String(repeating: "0", count: -e) + digits
        }
        if e > 0 && e <= 40 {
            if e >= n { return digits + String(repeating: "0", count: e - n) }
            return String(digits.prefix(e)) + "." + String(digits.dropFirst(e))
        }
        let lead = String(digits.prefix(1))
        let rest = String(digits.dropFirst())
        return lead + (rest.isEmpty ? "" : "." + rest) + "e" + String(e - 1)
    }
}
