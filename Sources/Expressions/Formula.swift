import Multiprecision

/// A parsed formula of real arithmetic: numbers, `pi`, `e`, named variables, `+ − * / ^`,
/// unary minus and the functions of `FormulaFunction`.
///
/// * Decimal constants are kept as written (`DecimalNumber`): rounded once to the evaluation
///   precision, and enclosed (rounded down and up) when evaluated in intervals.
/// * `x^n` with an exponent fixed by the formula as an integer (a literal, an integer
///   variable such as `G`, or `+ − *` of them) is the integer power, defined for every x
///   (`x ≠ 0` when `n < 0`); any other exponent is the real power `e^{y log x}`, for `x > 0`
///   (or `x = 0` with `y > 0`).
/// * One evaluator, generic over `RealArithmetic`: the same formula gives a `BigFloat`
///   (round to nearest) or an `Interval` enclosing the exact value at every point of the
///   variables' intervals.
/// * Bounded: at most `maximumLength` characters and `maximumDepth` nesting levels (so at most
///   about `maximumLength · FormulaFunction.maximumBinomialK / 18` operations per evaluation);
///   every failure is a `FormulaError`.
public struct Formula: Sendable {
    public static let maximumLength = 100_000
    public static let maximumDepth = 200

    public let text: String
    let root: Node
    /// Each variable the formula names, with where it first appears, in order of appearance.
    public let variables: [(name: String, location: FormulaLocation)]

    public init(_ text: String) throws(FormulaError) {
        let start = FormulaLocation(line: 1, column: 1)
        guard text.utf8.count <= 4 * Self.maximumLength, text.count <= Self.maximumLength else {
            throw FormulaError(.tooLarge, at: start, "the formula has more than \(Self.maximumLength) characters")
        }
        let tokens = try Lexer.tokens(Array(text))
        guard tokens.count > 1 else { throw FormulaError(.syntax, at: start, "the formula is empty") }
        var parser = Parser(tokens: tokens, maximumDepth: Self.maximumDepth)
        self.text = text
        root = try parser.parseFormula()
        var seen = Set<String>()
        variables = tokens.enumerated().compactMap { i, token in
            guard case .identifier(let name) = token.kind, Parser.constants[name] == nil,
                  FormulaFunction(rawValue: name) == nil, tokens[i + 1].kind != .symbol("("),
                  seen.insert(name).inserted else { return nil }
            return (name, token.location)
        }
    }

    /// Refuses a formula naming a variable outside `known`, at the variable's first use;
    /// `explanations` can replace the message for a name (`G` at an infinite group size).
    public func requireVariables(_ known: [String], explanations: [String: String] = [:]) throws(FormulaError) {
        guard let unknown = variables.first(where: { !known.contains($0.name) }) else { return }
        let message = explanations[unknown.name]
            ?? "unknown variable '\(unknown.name)'; this setting has " + known.joined(separator: ", ")
        throw FormulaError(.unknownVariable, at: unknown.location, message)
    }

    /// The formula's value with `values` for its variables, at `precision` bits; `integers`
    /// gives the exact integer value of variables that have one (`G`), for integer exponents
    /// and binomials. Intervals in `values` give an enclosure over all their points.
    public func evaluate<T: RealArithmetic>(_ values: [String: T], integers: [String: Int] = [:],
                                            precision: Int) throws(FormulaError) -> T {
        let evaluator = Evaluator<T>(values: values, integers: integers, precision: precision)
        return try evaluator.value(root)
    }
}
