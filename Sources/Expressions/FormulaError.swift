/// Where a token starts in a formula: 1-based line and column (in characters).
public struct FormulaLocation: Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { line == 1 ? "column \(column)" : "line \(line), column \(column)" }
}

/// Why a formula cannot be read or evaluated: the place, the kind and a one-line message.
/// Never a number: every evaluation that has no enclosure ends here.
public struct FormulaError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Not a formula: an unexpected character or token, a missing parenthesis, a malformed number.
        case syntax
        /// More than `Formula.maximumLength` characters, or nesting deeper than `Formula.maximumDepth`.
        case tooLarge
        case unknownVariable
        case unknownFunction
        /// A function called with the wrong number of arguments.
        case arity
        /// A division by zero, or by an interval holding 0.
        case divisionByZero
        /// A function or power outside its domain (`log` of a non-positive number, …).
        case domain
        /// A value beyond MPFR's exponent range, or NaN.
        case range
    }

    public let location: FormulaLocation
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, at location: FormulaLocation, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }

    /// The line of `formula` holding the error (at most `width` characters around it) and a
    /// caret under the offending column: two lines, without line breaks inside. Control
    /// characters are shown as `?`.
    public func caretLines(in formula: String, width: Int = 72) -> (excerpt: String, caret: String) {
        let lines = formula.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let text = location.line <= lines.count ? Array(lines[location.line - 1]) : []
        let index = location.column - 1
        let start = max(0, min(index - width / 2, text.count - width))
        let end = min(text.count, start + width)
        let visible = start < end ? text[start..<end].map { c -> Character in
            c.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f } ? "?" : c
        } : []
        let prefix = start > 0 ? "…" : "", suffix = end < text.count ? "…" : ""
        let caret = String(repeating: " ", count: prefix.count + max(0, index - start)) + "^"
        return (prefix + String(visible) + suffix, caret)
    }
}
