import Certification
import Multiprecision

/// Outputs of `objective`: `F_G(μ)` and `F_G′(μ) = W_G(μ)` with their certified digits.
public enum ObjectiveReports {
    /// The enclosure's ends with `D + 3` digits, rounded outward (so the printed interval
    /// contains the computed one).
    static func enclosure(_ value: CertifiedObjective.Value, digits: Int) -> JSONValue {
        let (lower, upper) = value.enclosure.decimalStrings(significantDigits: digits + 3)
        return .array([.string(lower), .string(upper)])
    }

    /// `objective --format json`; `provenance` (command, version, the flags) comes first.
    /// A value without one earned digit is null; an infinite derivative is `"inf"`, with null
    /// enclosure and digits.
    public static func json(_ c: CertifiedObjective, provenance: [(key: String, value: String)]) -> JSONValue {
        .object([
            ("provenance", .object(provenance.map { ($0.key, .string($0.value)) })),
            ("group_size", .string(c.groupSize.description)),
            ("success_rate", .string(c.successRate.text)),
            ("normalisation", .string("population")),
            ("digits", .integer(c.digits)),
            ("objective", c.objective.decimal.map(JSONValue.string) ?? .null),
            ("derivative", c.derivative.map { $0.decimal.map(JSONValue.string) ?? .null } ?? .string("inf")),
            ("enclosure", enclosure(c.objective, digits: c.digits)),
            ("derivative_enclosure", c.derivative.map { enclosure($0, digits: c.digits) } ?? .null),
            ("certified_digits", .object([("objective", .integer(c.objective.digits)),
                                          ("derivative", c.derivative.map { .integer($0.digits) } ?? .null)])),
            ("verified", .bool(c.passed)),
        ])
    }

    public static func text(_ c: CertifiedObjective) -> String {
        func shown(_ v: CertifiedObjective.Value) -> String {
            (v.decimal ?? "?") + (v.digits >= c.digits ? " (\(v.digits) certified digits)"
                                  : " (only \(v.digits) of \(c.digits) digits certified)")
        }
        let (lower, upper) = c.objective.enclosure.decimalStrings(significantDigits: c.digits + 3)
        let derivative = c.derivative.map(shown) ?? "inf (W_∞(μ) = 1/sqrt(μ(1 − μ)) → ∞ at μ = \(c.successRate))"
        return ["alignment objective, G = \(c.groupSize), μ = \(c.successRate), population normalisation",
                "F_G(μ) = \(shown(c.objective))",
                "F_G′(μ) = W_G(μ) = \(derivative)",
                "enclosure of F_G(μ): [\(lower), \(upper)]",
                c.passed ? "certified: every printed digit is determined by the interval enclosure"
                    : "NOT CERTIFIED to \(c.digits) digits",
        ].joined(separator: "\n") + "\n"
    }
}
