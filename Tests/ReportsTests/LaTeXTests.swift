import Foundation
import FoundationXML
import TestSupport
import Testing
@testable import Reports

/// `Decimal` (38 significant digits, exact for these lengths) as the independent arithmetic.
func exact(_ text: String) -> Decimal { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))! }

/// `x` rounded half up to `places` digits after the point, by `NSDecimalRound`.
func roundedPlain(_ x: Decimal, places: Int) -> Decimal {
    var input = x, output = Decimal()
    NSDecimalRound(&output, &input, places, .plain)
    return output
}

func randomDigits(_ count: Int, _ rng: inout SplitMix) -> String {
    String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) })
}

@Suite struct PrintedDecimals {
    @Test func partsAndTextRoundTrip() throws {
        for text in ["0.99624192", "-3.94e-68", "4096", "0.000123", "12.5", "1.00000", "5.4e3"] {
            let x = try #require(PrintedDecimal(text))
            #expect(x.text == text)
        }
        for text in ["n/a", "-", "inf", "1.2.3", "", "e5", "1e"] { #expect(PrintedDecimal(text) == nil, "\(text)") }
        #expect(PrintedDecimal("0.00")?.isZero == true && PrintedDecimal("0.00")?.text == "0.00")
        #expect(PrintedDecimal("0.0012300")?.significantDigits == 5)
        #expect(PrintedDecimal("4096")?.isInteger == true && PrintedDecimal("4096.5")?.isInteger == false)
    }

    /// A value printed with 20 earned digits (the correct rounding of a 36-digit "true" value),
    /// rounded again to fewer digits, is the correct rounding of the true value to the digits
    /// it keeps — also where the 20 digits end in a tie `…5000`, which costs one digit.
    @Test func reroundingAnEarnedValueIsCorrect() throws {
        var rng = SplitMix(state: 15)
        var ties = 0
        for trial in 0..<400 {
            let d = Int.random(in: 3...18, using: &rng)
            // Half of the trials sit next to a tie at d digits: …4999…9x or …5000…0x.
            let middle = trial % 2 == 0 ? randomDigits(20 - d, &rng)
                : (Bool.random(using: &rng) ? "4" + String(repeating: "9", count: 19 - d) : "5" + String(repeating: "0", count: 19 - d))
            let truth = "0." + String(Int.random(in: 1...9, using: &rng)) + randomDigits(d - 1, &rng) + middle + randomDigits(16, &rng)
            var earned = "\(roundedPlain(exact(truth), places: 20))"
            guard earned.hasPrefix("0.") else { continue }
            earned += String(repeating: "0", count: 22 - earned.count)
            let shown = try #require(PrintedDecimal(earned)).rounded(to: d)
            if shown.significantDigits == d - 1 { ties += 1 }
            #expect([d, d - 1].contains(shown.significantDigits))
            let places = shown.significantDigits - shown.exponent
            #expect(exact(shown.text) == roundedPlain(exact(truth), places: places), "\(truth) → \(earned) → \(shown.text)")
        }
        #expect(ties > 20, "the tie cases were exercised")
    }

    @Test func directedRoundingEnclosesTheValue() throws {
        var rng = SplitMix(state: 7)
        for _ in 0..<300 {
            let sign = Bool.random(using: &rng) ? "-" : ""
            let text = sign + "0.00" + String(Int.random(in: 1...9, using: &rng)) + randomDigits(25, &rng)
            let x = try #require(PrintedDecimal(text))
            let d = Int.random(in: 1...20, using: &rng)
            let (down, up) = (x.rounded(to: d, .down), x.rounded(to: d, .up))
            #expect(exact(down.text) <= exact(text) && exact(text) <= exact(up.text), "\(text)")
            #expect(down.significantDigits == d && up.significantDigits == d)
            #expect(exact(up.text) - exact(down.text) <= exact("1e\(x.exponent - d)"))
        }
        #expect(PrintedDecimal("0.99999")!.rounded(to: 3).text == "1.00")
        #expect(PrintedDecimal("9.996e-30")!.rounded(to: 3).text == "1.00e-29")
    }

    @Test func complementIsExactAndOnlyNearOne() throws {
        var rng = SplitMix(state: 3)
        for _ in 0..<300 {
            let text = "0.999999" + randomDigits(Int.random(in: 1...24, using: &rng), &rng)
            let x = try #require(PrintedDecimal(text))
            guard let c = x.complement else {
                #expect(exact(text) == exact("0.999999"), "only 0.999999 itself has no complement: \(text)")
                continue
            }
            #expect(exact(c.text) + exact(text) == 1, "\(text) + \(c.text)")
            #expect(exact(c.text) < exact("1e-6"))
            // The last printed place is kept: as many decimals as the value had.
            #expect(c.significantDigits - c.exponent == text.count - 2)
        }
        for text in ["0.999999", "0.9999990000", "0.99999", "1.000000000", "0.5", "-0.9999999"] {
            #expect(PrintedDecimal(text)!.complement == nil, "\(text)")
        }
        #expect(PrintedDecimal("0.9999999")!.complement?.text == "0.0000001")
    }

    @Test func groupsOfFive() {
        #expect(PrintedDecimal("0.9962419232023527")!.grouped(separator: ",") == ("0.99624,19232,02352,7", nil))
        #expect(PrintedDecimal("123456.5")!.grouped(separator: " ") == ("1 23456.5", nil))
        #expect(PrintedDecimal("1.2345678e-25")!.grouped(separator: ",") == ("1.23456,78", -25))
    }
}

@Suite struct LaTeXText {
    /// The suite's headings, titles and labels, against LaTeX written out by hand.
    @Test(arguments: [
        ("π_ref(a)", "$\\pi_{\\mathrm{ref}}(a)$"),
        ("G → ∞ (15)", "$G \\rightarrow \\infty$ (15)"),
        ("G = 2, reverse KL: closed form (14) against the solvers", "$G = 2$, reverse KL: closed form (14) against the solvers"),
        ("p_G − p_∞", "$p_{G} - p_{\\infty}$"),
        ("2 c_{2G} − c_G", "$2 c_{2G} - c_{G}$"),
        ("max |Δπ| vs population", "max $|\\Delta\\pi|$ vs population"),
        ("T′ (or T′(p)T′(q))", "$T'$ (or $T'(p)T'(q))$"),
        ("map T_ε", "map $T_{\\varepsilon}$"),
        ("β_c(1 ∓ 10⁻³)", "$\\beta_{c}(1 \\mp 10^{-3})$"),
        ("population at β√(G/(G−1))", "population at $\\beta\\sqrt{G/(G-1)}$"),
        ("bessel-eps:1e-4", "bessel-eps:1e-4"),
        ("ε = 1e-5", "$\\varepsilon = \\text{1e-5}$"),
        ("50% & #1_x", "50\\% \\& \\#$1_{x}$"),
        ("gap(G/2) / gap(G)", "gap$(G/2) /$ gap$(G)$"),
        ("μ", "$\\mu$"),
    ])
    func suiteTextBecomesMath(_ source: String, _ latex: String) {
        #expect(LaTeX.text(source) == latex)
    }

    @Test func commentsAreASCII() {
        let text = "β_c(π_ref) ∓ 10⁻³, G → ∞, √2 ∈ Δ, ε ≥ 0 — x"
        let comment = LaTeX.comment(text)
        #expect(comment.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(comment.hasPrefix("beta_c(pi_ref) -/+ 10^-3, G -> inf"))
    }
}

@Suite struct LaTeXTables {
    static let columns: [Table.Column] = [
        .init("group_size", heading: "G"), .init("penalty", heading: "penalty", numeric: false),
        .init("beta", heading: "β"), .init("reference", heading: "π_ref(a)"), .init("confidence_margin", heading: "γ"),
        .init("closed-form", heading: "closed-form"), .init("newton", heading: "newton"),
        .init("bisection", heading: "bisection"), .init("grpo", heading: "grpo"),
        .init("difference", heading: "max |Δ|"), .init("agreeing_digits", heading: "agreeing digits"),
    ]

    /// An agreement table over β × π_ref(a) × G with made-up values `0.<β digits><ref digits>…`.
    static func table(betas: [String], references: [String], groups: [String] = ["2"]) -> Table {
        var rows: [[String]] = []
        for g in groups {
            for b in betas {
                for r in references {
                    let value = "0.9999" + b.filter(\.isNumber) + r.filter(\.isNumber) + "1234567890123456789"
                    rows.append([g, "reverse", b, r, "1", g == "2" ? value : "n/a", value, value, value, "1.2e-40", "30"])
                }
            }
        }
        return Table(title: "Stationary policy π(a)", columns: columns, rows: rows, summary: [("rows checked", "\(rows.count)")],
                     provenance: [("command", "test"), ("table", "t")])
    }

    /// The rows of every longtable: the lines between `\endfoot` and `\end{longtable}`.
    static func body(_ latex: String) -> [String] {
        var rows: [String] = [], inside = false
        for line in latex.split(separator: "\n").map(String.init) {
            if line == "\\endfoot" { inside = true } else if line == "\\end{longtable}" { inside = false } else if inside { rows.append(line) }
        }
        return rows
    }

    @Test func defaultLayoutIsALongtableOfSiunitxColumns() {
        let text = LaTeXTable().render(Self.table(betas: ["0.1", "0.5"], references: ["0.2", "0.4", "0.6"]))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(text.contains("\\begin{longtable}{S[table-format=1.0]lS[table-format=1.1]S[table-format=1.1]S[table-format=1.0]"
                              + "S[table-format=1.8]S[table-format=1.8]S[table-format=2.0]}"))
        #expect(text.contains("\\caption{Stationary policy $\\pi(a)$}\\label{tab:t}\\\\"))
        #expect(text.contains("\\endhead") && text.contains("\\bottomrule") && !text.contains("\\begin{tabular}"))
        let rows = Self.body(text)
        #expect(rows.count == 6)
        // β = 0.1, π_ref = 0.2: 0.99990102123… to 8 digits.
        #expect(rows[0] == "2 & {reverse} & 0.1 & 0.2 & 1 & 0.99990102 & 0.99990102 & 30 \\\\")
        #expect(text.contains("% rows checked: 6"))
    }

    @Test func chosenColumnsInTheirOrderAndDisplayDigits() {
        let options = LaTeXTableOptions(columns: ["newton", "reference", "difference"], displayDigits: 12)
        let rows = Self.body(LaTeXTable(options).render(Self.table(betas: ["0.1"], references: ["0.2"])))
        #expect(rows == ["0.999901021235 & 0.2 & 1.2e-40 \\\\"])
        // Never more digits than printed: 27 are there.
        let all = LaTeXTable(LaTeXTableOptions(columns: ["newton"], displayDigits: 100))
        #expect(Self.body(all.render(Self.table(betas: ["0.1"], references: ["0.2"]))) == ["0.999901021234567890123456789 \\\\"])
    }

    @Test func complementShowsOneMinusTheValue() {
        let text = LaTeXTable(LaTeXTableOptions(columns: ["newton"], displayDigits: 4, complement: true))
            .render(Self.table(betas: ["0.1"], references: ["0.2"]))
        // 1 − 0.99990102123456789012345678 = 0.00009897876543210987654322 > 1e-6: no complement.
        #expect(Self.body(text) == ["0.9999 \\\\"])
        var near = Self.table(betas: ["0.1"], references: ["0.2"])
        near.rows[0][6] = "0.99999987654321"
        let shown = Self.body(LaTeXTable(LaTeXTableOptions(columns: ["newton"], displayDigits: 4, complement: true)).render(near))
        #expect(shown == ["{$1 - \\num{1.235e-7}$} \\\\"])
    }

    @Test func pivotIsTheMatrixOfTheValues() throws {
        let table = Self.table(betas: ["0.1", "0.5"], references: ["0.2", "0.4", "0.6"], groups: ["2", "inf"])
        let text = LaTeXTable(LaTeXTableOptions(pivot: .init(rows: "beta", columns: "reference"), displayDigits: 6)).render(table)
        // One matrix per G; the closed form is n/a at G = ∞, so the value column is newton's.
        #expect(text.components(separatedBy: "\\begin{longtable}").count - 1 == 2)
        #expect(text.contains("\\label{tab:t-1}") && text.contains("\\label{tab:t-2}"))
        let rows = Self.body(text)
        #expect(rows.count == 4)
        for (i, beta) in ["0.1", "0.5", "0.1", "0.5"].enumerated() {
            let cells = rows[i].dropLast(3).split(separator: "&").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(cells[0] == beta)
            for (j, ref) in ["0.2", "0.4", "0.6"].enumerated() {
                let value = "0.9999" + beta.filter(\.isNumber) + ref.filter(\.isNumber) + "1234567890123456789"
                #expect(exact(cells[j + 1]) == roundedPlain(exact(value), places: 6))
            }
        }
        #expect(text.contains("G = $\\infty$") || text.contains("$G = \\infty$"))
    }

    @Test func wideTablesAreSplitIntoPartsThatNameTheirRows() {
        let references = (1...19).map { "0.0\($0 < 10 ? "0" : "")\($0)" }
        let table = Self.table(betas: ["0.1", "0.5"], references: references)
        let text = LaTeXTable(LaTeXTableOptions(pivot: .init(rows: "beta", columns: "reference", value: "newton"))).render(table)
        let parts = text.components(separatedBy: "\\begin{longtable}").count - 1
        #expect(parts >= 2)
        #expect(text.contains("(part 1 of \(parts))"))
        let wide = LaTeXTable(LaTeXTableOptions(columns: Self.columns.map(\.key), displayDigits: 30)).render(table)
        let headings = wide.split(separator: "\n").filter { $0.hasPrefix("{$G$}") }
        #expect(headings.count >= 4, "each part repeats the setting columns in its head")
        #expect(headings.allSatisfy { $0.contains("{$\\beta$} & {$\\pi_{\\mathrm{ref}}(a)$}") })
    }

    @Test func optionsAreCheckedAgainstTheColumns() {
        let problem = { (o: LaTeXTableOptions) in o.problem(with: Self.columns)?.flag }
        #expect(problem(LaTeXTableOptions(columns: ["beta", "nope"])) == "--columns")
        #expect(problem(LaTeXTableOptions(columns: ["beta", "beta"])) == "--columns")
        #expect(problem(LaTeXTableOptions(pivot: .init(rows: "beta", columns: "newton"))) == "--pivot")
        #expect(problem(LaTeXTableOptions(pivot: .init(rows: "beta", columns: "beta"))) == "--pivot")
        #expect(problem(LaTeXTableOptions(pivot: .init(rows: "beta", columns: "reference", value: "difference"))) == "--pivot")
        #expect(problem(LaTeXTableOptions(columns: ["beta"], pivot: .init(rows: "beta", columns: "reference"))) == "--columns")
        #expect(problem(LaTeXTableOptions(pivot: .init(rows: "beta", columns: "reference", value: "grpo"))) == nil)
    }
}

@Suite struct LaTeXMacroNames {
    @Test func namesSpellTheSettingInLetters() {
        let name = LaTeXMacros.name(groupSize: "64", penalty: "reverse", beta: "0.04", reference: "0.3", margin: "1")
        #expect(name == "grpoReverseGSixFourBetaZeroPointZeroFourRefZeroPointThree")
        #expect(LaTeXMacros.name(groupSize: "inf", penalty: "direct", beta: "1e-7", reference: "0.5", margin: "0.25",
                                 normalisation: "bessel-eps:1e-4")
                == "grpoDirectGInfBetaOneEMinusSevenRefZeroPointFiveMarginZeroPointTwoFiveBesselEpsZeroPointZeroZeroZeroOne")
        // The same numbers however they were written.
        #expect(LaTeXMacros.name(groupSize: "64", penalty: "reverse", beta: "4e-2", reference: "0.30", margin: "1.0") == name)
        for (g, b, r) in [("2", "0.001", "0.999"), ("4096", "10", "0"), ("inf", "123456789", "1")] {
            let n = LaTeXMacros.name(groupSize: g, penalty: "reverse", beta: b, reference: r, margin: "1")
            #expect(n.allSatisfy { $0.isASCII && $0.isLetter }, "\(n)")
        }
    }

    @Test func macrosCarryTheAgreedDigitsGroupedByFive() throws {
        var table = LaTeXTables.table(betas: ["0.1"], references: ["0.2"])
        table.rows[0][10] = "17"
        table.rows.append(table.rows[0])
        table.rows[1][10] = "0"
        let text = LaTeXMacros.render(table)
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        let macros = text.split(separator: "\n").filter { $0.hasPrefix("\\newcommand") }
        // 0.99990102123456789012… at 17 agreed digits; the second row agrees on none: no macro.
        #expect(macros == ["\\newcommand{\\grpoReverseGTwoBetaZeroPointOneRefZeroPointTwo}{0.99990\\,10212\\,34567\\,89}"])
        #expect(text.contains("% not verified, no macro: G = 2"))
        #expect(text.contains("17 digits, 4 method(s) agree; reproduce: grpo-verify solve --group-size 2 --penalty reverse "
                              + "--beta 0.1 --ref 0.2 --margin 1 --digits 17 --method all --format latex"))
    }
}

@Suite struct HTMLPage {
    @Test func selfContainedWithTablesAndInlineSVG() throws {
        let svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><title>a</title></svg>\n"
        let page = HTMLReport.page(title: "r", intro: "x < y", tables: [("t", LaTeXTables.table(betas: ["0.1"], references: ["0.2"]))],
                                   figures: [("fig1", svg)])
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        #expect(page.contains("<p>x &lt; y</p>"))
        #expect(!page.contains("<?xml") && page.contains("<figure id=\"figure-fig1\">\n<svg"))
        #expect(page.components(separatedBy: "<tr>").count - 1 == 2, "the head and one row")
        #expect(page.contains("<td class=\"number\">0.999901021234567890123456789</td>"))
        for external in ["src=", "href=\"http", "<link", "<script", "@import", "url(http"] {
            #expect(!page.contains(external), "\(external)")
        }
        let parser = XMLParser(data: Data(page.replacing("<!DOCTYPE html>\n", with: "").utf8))
        #expect(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
    }
}
