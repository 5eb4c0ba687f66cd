import Multiprecision

/// The functions of the formula language, with their arities.
public enum FormulaFunction: String, CaseIterable, Sendable {
    case sqrt, exp, log, log1p, expm1, asinh, acosh, atanh, sin, cos, arcsin, arccos, arctan, abs
    /// `min(x, y, …)`, `max(x, y, …)`: two or more arguments.
    case min, max
    /// `binomial(n, k) = n (n − 1) ⋯ (n − k + 1) / k!` for real n and an integer `k` in
    /// `0…maximumBinomialK` fixed by the formula (a literal, `G`, or `+ − *` of them).
    case binomial

    /// The accepted argument counts.
    var arity: ClosedRange<Int> {
        switch self {
        case .min, .max: 2...Int.max
        case .binomial: 2...2
        default: 1...1
        }
    }

    var arityText: String {
        switch self {
        case .min, .max: "at least 2 arguments"
        case .binomial: "2 arguments"
        default: "1 argument"
        }
    }

    /// The largest `k` of `binomial(n, k)`.
    public static let maximumBinomialK = 1_000
}

/// A node of a parsed formula and where it starts.
struct Node: Sendable {
    indirect enum Kind: Sendable {
        case number(DecimalNumber)
        case pi, e
        case variable(String)
        case negate(Node)
        /// `first ± rest…`, left to right.
        case sum(Node, [(subtract: Bool, operand: Node)])
        /// `first ×/÷ rest…`, left to right; each divisor keeps the location of its `/`.
        case product(Node, [(divide: Bool, operand: Node, location: FormulaLocation)])
        /// `base ^ exponent`, at the location of `^`.
        case power(Node, Node, FormulaLocation)
        case call(FormulaFunction, [Node])
    }

    let kind: Kind
    let location: FormulaLocation
}

/// A token of the formula language.
struct Token: Sendable {
    enum Kind: Equatable, Sendable {
        case number(String)
        case identifier(String)
        /// One of `+ - * / ^ ( ) ,`.
        case symbol(Character)
        case end
    }

    let kind: Kind
    let location: FormulaLocation

    var text: String {
        switch kind {
        case .number(let s), .identifier(let s): "'\(s)'"
        case .symbol(let c): "'\(c)'"
        case .end: "the end of the formula"
        }
    }
}

/// Splits a formula into tokens: decimal numbers `12`, `0.5`, `.5`, `1e-40`; identifiers of
/// ASCII letters, digits and `_` starting with a letter; the symbols `+ - * / ^ ( ) ,`; blanks
/// and line breaks between them.
enum Lexer {
    static func tokens(_ characters: [Character]) throws(FormulaError) -> [Token] {
        var tokens: [Token] = []
        var i = 0, line = 1, lineStart = 0
        func location(_ index: Int) -> FormulaLocation { FormulaLocation(line: line, column: index - lineStart + 1) }
        func isDigit(_ index: Int) -> Bool { index < characters.count && characters[index].isASCII && characters[index].isNumber }
        while i < characters.count {
            let c = characters[i]
            if c.isNewline {
                i += 1
                line += 1
                lineStart = i
            } else if c == " " || c == "\t" {
                i += 1
            } else if isDigit(i) || (c == "." && isDigit(i + 1)) {
                let start = i
                while isDigit(i) { i += 1 }
                if i < characters.count && characters[i] == "." {
                    i += 1
                    while isDigit(i) { i += 1 }
                }
                if i < characters.count, characters[i] == "e" || characters[i] == "E" {
                    let signed = i + 1 < characters.count && (characters[i + 1] == "+" || characters[i + 1] == "-")
                    if isDigit(i + (signed ? 2 : 1)) {
                        i += signed ? 2 : 1
                        while isDigit(i) { i += 1 }
                    }
                }
                tokens.append(Token(kind: .number(String(characters[start..<i])), location: location(start)))
            } else if c.isASCII && c.isLetter {
                let start = i
                while i < characters.count, characters[i].isASCII,
                      characters[i].isLetter || characters[i].isNumber || characters[i] == "_" { i += 1 }
                tokens.append(Token(kind: .identifier(String(characters[start..<i])), location: location(start)))
            } else if "+-*/^(),".contains(c) {
                tokens.append(Token(kind: .symbol(c), location: location(i)))
                i += 1
            } else {
                let shown = c.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7f }
                    ? "U+" + String(c.unicodeScalars.first!.value, radix: 16, uppercase: true) : "'\(c)'"
                throw FormulaError(.syntax, at: location(i), "unexpected character \(shown)")
            }
        }
        tokens.append(Token(kind: .end, location: location(i)))
        return tokens
    }
}

/// Recursive descent over the tokens, by precedence from loosest to tightest:
///
///     sum     := product (("+" | "-") product)*
///     product := unary (("*" | "/") unary)*
///     unary   := ("-" | "+") unary | power
///     power   := primary ("^" unary)?            right-associative: 2^3^2 = 2^9; -2^2 = -4
///     primary := number | name | name "(" sum ("," sum)* ")" | "(" sum ")"
///
/// Every parenthesis, sign and `^` opens one nesting level; deeper than `maximumDepth` is
/// refused, so neither the parser nor the evaluator recurses without bound.
struct Parser {
    let tokens: [Token]
    var position = 0
    var depth = 0
    let maximumDepth: Int

    var current: Token { tokens[position] }

    mutating func parseFormula() throws(FormulaError) -> Node {
        let node = try parseSum()
        guard current.kind == .end else {
            throw FormulaError(.syntax, at: current.location, "expected an operator or the end of the formula, found \(current.text)")
        }
        return node
    }

    /// `body` one nesting level deeper, opened by the token at `location`.
    mutating func nested<R>(at location: FormulaLocation,
                            _ body: (inout Parser) throws(FormulaError) -> R) throws(FormulaError) -> R {
        depth += 1
        guard depth <= maximumDepth else {
            throw FormulaError(.tooLarge, at: location, "nesting deeper than \(maximumDepth) levels")
        }
        defer { depth -= 1 }
        return try body(&self)
    }

    mutating func advance() -> Token {
        defer { position += 1 }
        return current
    }

    mutating func parseSum() throws(FormulaError) -> Node {
        let first = try parseProduct()
        var rest: [(subtract: Bool, operand: Node)] = []
        while case .symbol(let c) = current.kind, c == "+" || c == "-" {
            _ = advance()
            rest.append((c == "-", try parseProduct()))
        }
        return rest.isEmpty ? first : Node(kind: .sum(first, rest), location: first.location)
    }

    mutating func parseProduct() throws(FormulaError) -> Node {
        let first = try parseUnary()
        var rest: [(divide: Bool, operand: Node, location: FormulaLocation)] = []
        while case .symbol(let c) = current.kind, c == "*" || c == "/" {
            let op = advance()
            rest.append((c == "/", try parseUnary(), op.location))
        }
        return rest.isEmpty ? first : Node(kind: .product(first, rest), location: first.location)
    }

    mutating func parseUnary() throws(FormulaError) -> Node {
        guard case .symbol(let c) = current.kind, c == "-" || c == "+" else { return try parsePower() }
        let sign = advance()
        let operand = try nested(at: sign.location) { (p: inout Parser) throws(FormulaError) in try p.parseUnary() }
        return c == "-" ? Node(kind: .negate(operand), location: sign.location) : operand
    }

    mutating func parsePower() throws(FormulaError) -> Node {
        let base = try parsePrimary()
        guard current.kind == .symbol("^") else { return base }
        let caret = advance()
        let exponent = try nested(at: caret.location) { (p: inout Parser) throws(FormulaError) in try p.parseUnary() }
        return Node(kind: .power(base, exponent, caret.location), location: base.location)
    }

    mutating func parsePrimary() throws(FormulaError) -> Node {
        let token = advance()
        switch token.kind {
        case .number(let text):
            do {
                return Node(kind: .number(try DecimalNumber(text)), location: token.location)
            } catch {
                throw FormulaError(.syntax, at: token.location,
                                   "the number \(text) has an exponent beyond ±\(BigFloat.maximumDecimalExponent)")
            }
        case .symbol("("):
            let inner = try nested(at: token.location) { (p: inout Parser) throws(FormulaError) in try p.parseSum() }
            try expectClosing(openedAt: token)
            return inner
        case .identifier(let name):
            if current.kind == .symbol("(") { return try parseCall(name, at: token) }
            if let constant = Self.constants[name] { return Node(kind: constant, location: token.location) }
            if FormulaFunction(rawValue: name) != nil {
                throw FormulaError(.syntax, at: token.location, "\(name) is a function: write \(name)(…)")
            }
            return Node(kind: .variable(name), location: token.location)
        default:
            throw FormulaError(.syntax, at: token.location, "expected a number, a name or '(', found \(token.text)")
        }
    }

    static let constants: [String: Node.Kind] = ["pi": .pi, "e": .e]

    mutating func parseCall(_ name: String, at token: Token) throws(FormulaError) -> Node {
        guard let function = FormulaFunction(rawValue: name) else {
            let message = Self.constants[name] != nil ? "\(name) is a constant, not a function"
                : "unknown function '\(name)'; the functions are "
                    + FormulaFunction.allCases.map(\.rawValue).joined(separator: ", ")
            throw FormulaError(.unknownFunction, at: token.location, message)
        }
        let open = advance()
        let arguments = try nested(at: open.location) { (p: inout Parser) throws(FormulaError) -> [Node] in
            var arguments = [try p.parseSum()]
            while p.current.kind == .symbol(",") {
                _ = p.advance()
                arguments.append(try p.parseSum())
            }
            return arguments
        }
        try expectClosing(openedAt: open)
        guard function.arity.contains(arguments.count) else {
            throw FormulaError(.arity, at: token.location,
                               "\(name) takes \(function.arityText), got \(arguments.count)")
        }
        return Node(kind: .call(function, arguments), location: token.location)
    }

    mutating func expectClosing(openedAt open: Token) throws(FormulaError) {
        guard current.kind == .symbol(")") else {
            throw FormulaError(.syntax, at: current.location,
                               "expected ')' to close the '(' at \(open.location), found \(current.text)")
        }
        _ = advance()
    }
}
