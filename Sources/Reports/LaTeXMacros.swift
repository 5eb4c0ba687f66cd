import Certification
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

    /// The decimal a macro's value spells (`grouped` undone), or nil if it is not one.
    public static func decimal(grouped text: String) -> String? {
        var body = Substring(text)
        var exponent = ""
        let (open, times) = ("\\ensuremath{", "\\times10^{")
        if body.hasPrefix(open), body.hasSuffix("}}"), let t = body.firstRange(of: times) {
            exponent = "e" + body[t.upperBound...].dropLast(2)
            body = body[body.index(body.startIndex, offsetBy: open.count)..<t.lowerBound]
        }
        return PrintedDecimal(body.replacing("\\,", with: "") + exponent)?.text
    }

    /// The lines between a table's provenance and title and its rows.
    public static let legend = [
        "% One \\newcommand per setting, its value pi(a) with the verified digits. The name spells the",
        "% setting: \\grpo, Reverse or Direct, G, Beta, Ref (then Margin unless gamma = 1, and the",
        "% normalisation unless population), each number in words: digits Zero..Nine, Point, E, Minus, Inf.",
    ]

    /// A verified row: the `\newcommand` and its comment line.
    public struct Macro: Equatable, Sendable {
        /// Without the backslash.
        public var name: String
        /// The setting as the comment spells it: `G = 64, reverse KL, beta = 0.04, pi_ref(a) = 0.3, gamma = 1`.
        public var setting: String
        /// The decimal, with the verified digits.
        public var value: String
        public var digits: Int
        /// How many methods agree on it.
        public var methods: Int
        /// With `--certify`: the certified digits, and the enclosure's ends when it was proved.
        public var certified: Int?
        public var enclosure: [String]?
        /// The `solve` command that reproduces the value.
        public var command: String

        public init(name: String, setting: String, value: String, digits: Int, methods: Int, certified: Int?,
                    enclosure: [String]?, command: String) {
            (self.name, self.setting, self.value, self.digits) = (name, setting, value, digits)
            (self.methods, self.certified, self.enclosure, self.command) = (methods, certified, enclosure, command)
        }

        /// The comment line, then the `\newcommand`.
        public var lines: [String] {
            var comment = "% pi(a) at \(setting): \(digits) digits, \(methods) method(s) agree"
            if let certified {
                comment += "; certified digits \(certified)"
                if let enclosure { comment += ", enclosure [" + enclosure.joined(separator: ", ") + "]" }
            }
            return [comment + "; reproduce: " + command, "\\newcommand{\\\(name)}{\(PrintedDecimal(value).map(grouped) ?? value)}"]
        }
    }

    /// What a macros file has for one row of a table.
    public enum Row: Equatable, Sendable {
        case macro(Macro)
        /// The methods agree on no digit.
        case notVerified(setting: String)
        /// The name of an earlier row (`0.1` and `0.10`): no second `\newcommand`.
        case sameSetting(as: String, setting: String)

        public var lines: [String] {
            switch self {
            case .macro(let macro): macro.lines
            case .notVerified(let setting): ["% not verified, no macro: \(setting)"]
            case .sameSetting(let name, let setting): ["% same setting as \\\(name) above: \(setting)"]
            }
        }
    }

    /// The rows of an agreement table: the setting, the verified and certified digits, the
    /// enclosure when certified, and the `solve` command that reproduces the value.
    public static func rows(_ table: Table) -> [Row] {
        let provenance = Dictionary(table.provenance, uniquingKeysWith: { a, _ in a })
        let keys = table.columns.map(\.key)
        func index(_ key: String) -> Int? { keys.firstIndex(of: key) }
        guard let g = index("group_size"), let b = index("beta"), let r = index("reference") else { return [] }
        let methods = keys.indices.filter { i in Method.allCases.contains { $0.rawValue == keys[i] } }
        var names = Set<String>()
        return table.rows.map { row in
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
            guard let first = values.first, agreeing > 0 else { return .notVerified(setting: setting) }
            guard names.insert(name).inserted else { return .sameSetting(as: name, setting: setting) }
            let value = first.rounded(to: agreeing)
            var certified: Int? = nil, enclosure: [String]? = nil
            if let c = index("certified_digits") {
                certified = Int(row[c])
                if let lo = index("enclosure_lower"), let hi = index("enclosure_upper"), row[lo] != "-" {
                    enclosure = [row[lo], row[hi]]
                }
            }
            let command = "grpo-verify solve --group-size \(row[g]) --penalty \(penalty) --beta \(row[b]) "
                + "--ref \(row[r]) --margin \(margin)"
                + (normalisation == "population" ? "" : " --normalisation \(normalisation)")
                + " --digits \(provenance["digits"] ?? String(agreeing)) --method \(provenance["method"] ?? "all")"
                + (provenance["certify"] == "true" ? " --certify" : "") + " --format latex"
            return .macro(Macro(name: name, setting: setting, value: value.text, digits: value.significantDigits,
                                methods: values.count, certified: certified, enclosure: enclosure, command: command))
        }
    }

    /// The macros of an agreement table (one per row), each with its comment line, after the
    /// table's provenance, title and `legend`.
    public static func render(_ table: Table) -> String {
        var lines = LaTeX.comments(table.provenance) + ["% " + LaTeX.comment(table.title)] + legend
        let rows = rows(table)
        lines += rows.isEmpty ? ["% no settings in this table"] : rows.flatMap(\.lines)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The title of `solveTable`.
    public static let solveTitle = "solve: the stationary policy π(a)"

    /// The table `solve --format latex` renders: its one setting, with `provenance` (the
    /// command, version, digits, method, certify and normalisation that reproduce it).
    public static func solveTable(_ check: PolicyCheck, certified: CertifiedPolicy?,
                                  provenance: [(key: String, value: String)]) -> Table {
        PolicyReports.agreementTable([check], certified: certified.map { [$0] }, digits: check.digits,
                                     title: solveTitle, provenance: provenance)
    }
}
