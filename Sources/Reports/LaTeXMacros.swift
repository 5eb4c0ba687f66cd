import Verification

/// `solve --format latex` and `table --format latex-macros`: one `\newcommand` per setting,
/// whose value is the stationary π(a) with its verified digits, for citing in a paper.
///
/// Names spell the setting in letters (TeX names cannot hold digits):
/// `\grpo` + penalty (`Reverse`, `Direct`) + `G` + group size + `Beta` + β + `Ref` + π_ref(a),
/// then `Margin` + γ unless γ = 1 and the normalisation unless it is the paper's population
/// one (`Bessel`, `Shift`, `BesselEps` + ε, …). A number is written in its shortest plain form
/// (`0.04`, `0.000001`; scientific, `1e-7`, beyond five zeros after the point or seven digits before it), each
/// character spelled: digits `Zero` … `Nine`, `.` `Point`, `e` `E`, `-` `Minus`; `inf` is `Inf`.
/// So G = 64, β = 0.04, π_ref(a) = 0.3 is `\grpoReverseGSixFourBetaZeroPointZeroFourRefZeroPointThree`.
public enum LaTeXMacros {
    static let digitNames = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"]

    /// The canonical text of a decimal: no superfluous zeros, plain unless very small or large.
    static func canonical(_ text: String) -> String {
        guard var x = PrintedDecimal(text) else { return text }
        while x.digits.last == 0 { x.digits.removeLast() }
        if x.isZero { return "0" }
        x.scientific = !(-5...7).contains(x.exponent)
        return x.text
    }

    /// A decimal (or `inf`) spelled in letters.
    static func letters(_ text: String) -> String {
        if text == "inf" { return "Inf" }
        return canonical(text).map { c -> String in
            if let d = c.wholeNumberValue, c.isASCII { return digitNames[d] }
            return switch c {
            case ".": "Point"
            case "e": "E"
            case "-": "Minus"
            default: c.isLetter && c.isASCII ? c.uppercased() : ""
            }
        }.joined()
    }

    /// A name such as `bessel-eps` as `BesselEps`.
    static func camel(_ name: String) -> String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// The macro name (without the backslash) of a setting given by its table cells.
    public static func name(groupSize: String, penalty: String, beta: String, reference: String,
                            margin: String, normalisation: String = "population") -> String {
        var name = "grpo" + camel(penalty) + "G" + letters(groupSize) + "Beta" + letters(beta) + "Ref" + letters(reference)
        if canonical(margin) != "1" { name += "Margin" + letters(margin) }
        if normalisation != "population" {
            let parts = normalisation.split(separator: ":", maxSplits: 1).map(String.init)
            name += camel(parts[0]) + (parts.count == 2 ? letters(parts[1]) : "")
        }
        return name
    }

    /// The value in digit groups of five, `\,` between them: `0.99624\,19232\,02352`.
    static func grouped(_ value: PrintedDecimal) -> String {
        let (mantissa, exponent) = value.grouped(separator: "\\,")
        return exponent.map { "\\ensuremath{\(mantissa)\\times10^{\($0)}}" } ?? mantissa
    }

    /// The macros of an agreement table (one per row), with a comment line each: the setting,
    /// the verified and certified digits, the enclosure when certified, and the `solve`
    /// command that reproduces the value.
    public static func render(_ table: Table) -> String {
        let provenance = Dictionary(table.provenance, uniquingKeysWith: { a, _ in a })
        let keys = table.columns.map(\.key)
        func index(_ key: String) -> Int? { keys.firstIndex(of: key) }
        var lines = LaTeX.comments(table.provenance)
        lines += ["% " + LaTeX.comment(table.title),
                  "% One \\newcommand per setting, its value pi(a) with the verified digits. The name spells the",
                  "% setting: \\grpo, Reverse or Direct, G, Beta, Ref (then Margin unless gamma = 1, and the",
                  "% normalisation unless population), each number in words: digits Zero..Nine, Point, E, Minus, Inf."]
        guard let g = index("group_size"), let b = index("beta"), let r = index("reference") else {
            return (lines + ["% no settings in this table"]).joined(separator: "\n") + "\n"
        }
        let methods = keys.indices.filter { i in Method.allCases.contains { $0.rawValue == keys[i] } }
        var names = Set<String>()
        for row in table.rows {
            let cell = { (key: String, fallback: String) in index(key).map { row[$0] } ?? fallback }
            let penalty = cell("penalty", "reverse"), margin = cell("confidence_margin", "1")
            let normalisation = provenance["normalisation"] ?? "population"
            let setting = "G = \(row[g]), \(penalty) KL, beta = \(row[b]), pi_ref(a) = \(row[r])"
                + (index("confidence_margin") == nil ? "" : ", gamma = \(margin)")
                + (normalisation == "population" ? "" : ", normalisation \(normalisation)")
            let name = Self.name(groupSize: row[g], penalty: penalty, beta: row[b], reference: row[r],
                                 margin: margin, normalisation: normalisation)
            let values = methods.compactMap { PrintedDecimal(row[$0]) }
            let agreeing = index("agreeing_digits").flatMap { Int(row[$0]) } ?? 0
            guard let first = values.first, agreeing > 0 else {
                lines.append("% not verified, no macro: \(setting)")
                continue
            }
            guard names.insert(name).inserted else {
                lines.append("% same setting as \\\(name) above: \(setting)")
                continue
            }
            let value = first.rounded(to: agreeing)
            var comment = "% pi(a) at \(setting): \(value.significantDigits) digits, "
                + "\(values.count) method(s) agree"
            if let c = index("certified_digits") {
                comment += "; certified digits \(row[c])"
                if let lo = index("enclosure_lower"), let hi = index("enclosure_upper"), row[lo] != "-" {
                    comment += ", enclosure [\(row[lo]), \(row[hi])]"
                }
            }
            comment += "; reproduce: grpo-verify solve --group-size \(row[g]) --penalty \(penalty) --beta \(row[b]) "
                + "--ref \(row[r]) --margin \(margin)"
                + (normalisation == "population" ? "" : " --normalisation \(normalisation)")
                + " --digits \(provenance["digits"] ?? String(agreeing)) --method \(provenance["method"] ?? "all")"
                + (provenance["certify"] == "true" ? " --certify" : "") + " --format latex"
            lines.append(comment)
            lines.append("\\newcommand{\\\(name)}{\(grouped(value))}")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
