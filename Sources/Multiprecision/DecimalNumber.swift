/// A decimal number exactly as the user wrote it, validated once.
///
/// Model parameters are kept in this form and rounded to binary only when a computation
/// fixes its precision, so the same parameter gives a correctly rounded value at every
/// precision (and an enclosure, rounding down and up).
public struct DecimalNumber: Hashable, Sendable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) throws(DecimalParseError) {
        _ = try BigFloat(decimal: text, precision: 2)
        self.text = text
    }

    public var description: String { text }

    /// The number rounded once to `precision` bits.
    public func value(precision: Int, rounding: Rounding = .nearest) -> BigFloat {
        // The text was validated in `init`: parse it without validating again.
        BigFloat.computing(precision: precision) { _ = BigFloat.parse(text, into: $0, rounding: rounding) }
    }
}
