import GRPOModel
import Multiprecision
import Reports
import Verification

extension GoldenFile {
    /// Recomputes the file and returns one line per recorded value that differs, and the
    /// number of values compared.
    public func mismatches(digits limit: Int?, threads: Int) throws -> (lines: [String], compared: Int) {
        if let macros { return (try macros.mismatches(digits: limit, threads: threads), macros.entries.count) }
        if let document {
            var compared = 0
            let lines = Self.differences(document.recorded, try document.recompute(), field: "", limit: limit,
                                         compared: &compared)
            return (lines, compared)
        }
        return (try policyMismatches(digits: limit, threads: threads), entries.count)
    }

    /// Recomputes every entry's setting (closed form if there is one, else Newton) at the
    /// file's digits: an entry matches if it has all of them (a shorter rounding is a corrupted
    /// baseline), its first `min(digits, limit)` agree with the recomputation, and the
    /// recomputation earned them.
    private func policyMismatches(digits limit: Int?, threads: Int) throws -> [String] {
        var seen = Set<BinarySetting>()
        let settings = entries.map(\.setting).filter { seen.insert($0).inserted }
        let outcomes = try orderedMap(settings, threads: threads) { setting in
            let method: Method = Method.closedForm.applies(to: setting) ? .closedForm : .newton
            return try StationaryPolicy.solve(setting, digits: digits, methods: [method]).check.primary
        }
        let recomputed = Dictionary(uniqueKeysWithValues: zip(settings, outcomes))
        return entries.compactMap { entry in
            let outcome = recomputed[entry.setting]!
            let wanted = min(entry.target, limit ?? digits)
            let got = outcome.run.value.decimalString(significantDigits: entry.target)
            let agreeing = Significand(got).agreement(with: Significand(entry.text))
            if Self.decimal(entry.text, matches: got, limit: limit) && outcome.earnedDigits >= wanted { return nil }
            let s = entry.setting
            let detail = entry.digits < entry.target ? "recorded with \(entry.digits) of \(entry.target) significant digits"
                : "\(agreeing) of \(wanted) digits agree"
            return "\(entry.field): \(Self.described(s)): expected \(entry.text) got \(got) "
                + "(\(detail)"
                + (outcome.earnedDigits < wanted ? "; recomputation earned \(outcome.earnedDigits))" : ")")
        }
    }

    /// A binary setting as a mismatch line names it.
    static func described(_ s: BinarySetting) -> String {
        "G = \(s.groupSize), penalty = \(s.penalty.rawValue), β = \(s.beta), π_ref(a) = \(s.reference), γ = \(s.confidenceMargin)"
            + (s.normalisation == .population ? "" : ", normalisation = \(s.normalisation)")
    }

    /// Whether a recorded decimal matches its recomputation `expected` (a decimal of the
    /// suite's formatter): the same number of significant digits, all equal, or with `limit`,
    /// the first `limit` of them.
    static func decimal(_ recorded: String, matches expected: String, limit: Int?) -> Bool {
        let (r, e) = (Significand(recorded), Significand(expected))
        guard r.digits.count == e.digits.count else { return false }
        guard let limit else { return recorded == expected }
        return r.agreement(with: e) >= min(limit, e.digits.count)
    }

    /// Keys whose values are diagnostics of how a value was computed, not compared.
    static let diagnostics: Set = ["iterations", "residual", "precision_bits", "difference", "seconds"]

    /// One line per place where `recorded` differs from `expected` (the provenance, the input,
    /// and the `diagnostics` left out); `compared` counts the values compared.
    static func differences(_ recorded: JSONValue, _ expected: JSONValue, field: String, limit: Int?,
                            compared: inout Int) -> [String] {
        let at = field.isEmpty ? "" : "\(field): "
        switch (recorded, expected) {
        case (.object(let r), .object(let e)):
            guard r.map(\.0) == e.map(\.0) else {
                return ["\(at)expected keys " + r.map(\.0).joined(separator: ", ").prefix(200)
                        + " got " + e.map(\.0).joined(separator: ", ")]
            }
            return zip(r, e).flatMap { r, e -> [String] in
                guard !(field.isEmpty && r.0 == "provenance"), !diagnostics.contains(r.0) else { return [] }
                return differences(r.1, e.1, field: field.isEmpty ? r.0 : "\(field).\(r.0)", limit: limit,
                                   compared: &compared)
            }
        case (.array(let r), .array(let e)):
            guard r.count == e.count else { return ["\(at)expected \(r.count) items got \(e.count)"] }
            return zip(r.indices, zip(r, e)).flatMap { i, pair in
                differences(pair.0, pair.1, field: "\(field)[\(i)]", limit: limit, compared: &compared)
            }
        case (.string(let r), .string(let e)):
            compared += 1
            let decimals = r.utf8.count <= maximumDecimalLength && (try? DecimalNumber(r)) != nil
                && (try? DecimalNumber(e)) != nil
            if decimals ? decimal(r, matches: e, limit: limit) : r == e { return [] }
            return ["\(at)expected \(r.prefix(200)) got \(e)"]
        default:
            compared += 1
            return recorded == expected ? [] : ["\(at)expected \(recorded.rendered().dropLast().prefix(200)) "
                                                + "got \(expected.rendered().dropLast())"]
        }
    }
}
