import Foundation
import Multiprecision
import Testing

/// The `\newcommand` lines of LaTeX output: name and value (digit groups joined).
func macros(_ text: String) -> [(name: String, value: String)] {
    text.split(separator: "\n").compactMap { line in
        line.firstMatch(of: /^\\newcommand\{\\([A-Za-z]+)\}\{(.*)\}$/).map { (String($0.1), String($0.2).replacing("\\,", with: "")) }
    }
}

/// The rows of every longtable in `text`.
func longtableRows(_ text: String) -> [[String]] {
    var rows: [[String]] = [], inside = false
    for line in text.split(separator: "\n").map(String.init) {
        if line == "\\endfoot" { inside = true } else if line == "\\end{longtable}" { inside = false } else if inside {
            rows.append(line.dropLast(3).split(separator: "&").map { $0.trimmingCharacters(in: .whitespaces) })
        }
    }
    return rows
}

@Suite(.serialized) struct LaTeXCommands {
    /// The macro carries the 40 verified digits, its comment the enclosure and the command, and
    /// that command prints the same file again.
    @Test func solveWritesACitableMacroThatItsCommandReproduces() throws {
        let result = try grpoVerify(["solve", "--group-size", "64", "--beta", "0.04", "--ref", "0.3", "--digits", "40",
                                     "--certify", "--format", "latex"])
        #expect(result.status == 0, "\(result.stderr)")
        let found = macros(result.stdout)
        #expect(found.map(\.name) == ["grpoReverseGSixFourBetaZeroPointZeroFourRefZeroPointThree"])
        #expect(found.first?.value == Reference.finite(64, beta: "0.04", ref: "0.3").decimalString(significantDigits: 40))
        #expect(result.stdout.contains("\\newcommand{\\grpoReverseGSixFourBetaZeroPointZeroFourRefZeroPointThree}{0.99624\\,19232\\,"))
        let comment = try #require(result.stdout.split(separator: "\n").first { $0.contains("reproduce: ") })
        let enclosure = try #require(comment.split(separator: "enclosure [").last?.split(separator: "]").first)
        let ends = enclosure.split(separator: ", ").map { Reference.number(String($0)) }
        let exact = Reference.finite(64, beta: "0.04", ref: "0.3")
        #expect(comment.contains("certified digits 40, enclosure [") && ends.count == 2 && ends[0] <= exact && exact <= ends[1])
        let command = try #require(comment.split(separator: "reproduce: grpo-verify ").last).split(separator: " ").map(String.init)
        #expect(command.contains("--certify") && command.suffix(2) == ["--format", "latex"])
        let again = try grpoVerify(command)
        #expect(again.status == 0 && again.stdout == result.stdout)
        #expect(result.stdout.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func tableMacrosOnePerRow() throws {
        let result = try grpoVerify(["table", "--group-size", "2", "--penalty", "reverse", "--margin", "1", "--beta", "0.04,2",
                                     "--ref", "0.1,0.3", "--digits", "30", "--format", "latex-macros"])
        #expect(result.status == 0, "\(result.stderr)")
        let found = macros(result.stdout)
        let expected = [("0.04", "0.1", "ZeroPointZeroFour", "ZeroPointOne"), ("0.04", "0.3", "ZeroPointZeroFour", "ZeroPointThree"),
                        ("2", "0.1", "Two", "ZeroPointOne"), ("2", "0.3", "Two", "ZeroPointThree")]
        #expect(found.count == expected.count)
        for (macro, (beta, ref, b, r)) in zip(found, expected) {
            #expect(macro.name == "grpoReverseGTwoBeta\(b)Ref\(r)")
            #expect(macro.value == Reference.groupsOfTwo(beta: beta, ref: ref).decimalString(significantDigits: 30))
        }
    }

    @Test func pivotIsTheMatrixOfPolicies() throws {
        let result = try grpoVerify(["table", "--group-size", "2", "--penalty", "reverse", "--margin", "1", "--beta", "0.04,2",
                                     "--ref", "0.1,0.3,0.5", "--digits", "25", "--format", "latex", "--pivot", "beta,ref",
                                     "--display-digits", "6"])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = longtableRows(result.stdout)
        #expect(rows.map(\.count) == [4, 4])
        for (row, beta) in zip(rows, ["0.04", "2"]) {
            #expect(row[0] == beta)
            for (cell, ref) in zip(row.dropFirst(), ["0.1", "0.3", "0.5"]) {
                #expect(cell == Reference.groupsOfTwo(beta: beta, ref: ref).decimalString(significantDigits: 6))
            }
        }
        #expect(result.stdout.contains("{$\\beta$} & {0.1} & {0.3} & {0.5} \\\\"))
    }

    /// π = 1 − 2.5…e-7: shown as `1 − x` with x from the independent value.
    @Test func complementShowsTheDistanceToOne() throws {
        let result = try grpoVerify(["table", "--group-size", "inf", "--penalty", "reverse", "--margin", "1", "--beta", "0.001",
                                     "--ref", "0.5", "--digits", "30", "--format", "latex", "--complement",
                                     "--columns", "newton", "--display-digits", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        let cell = try #require(longtableRows(result.stdout).first?.first)
        let distance = (1 - Reference.largeGroups(beta: "0.001", ref: "0.5")).decimalString(significantDigits: 5)
        let scientific = try #require(distance.firstMatch(of: /^0\.0*([1-9])(\d*)$/))
        let zeros = distance.dropFirst(2).prefix { $0 == "0" }.count
        #expect(cell == "{$1 - \\num{\(scientific.1).\(scientific.2)e-\(zeros + 1)}$}")
    }

    @Test(arguments: [
        (["table", "--format", "latex", "--display-digits", "2"], "--display-digits"),
        (["table", "--format", "latex", "--columns", "beta,nope"], "--columns"),
        (["table", "--format", "latex", "--pivot", "beta"], "--pivot"),
        (["table", "--format", "latex", "--pivot", "beta,newton"], "--pivot"),
        (["table", "--format", "csv", "--columns", "beta"], "--columns"),
        (["table", "--format", "latex-macros", "--complement"], "--complement"),
        (["table", "--format", "tex"], "--format"),
        (["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--success", "0.9,0.1", "--format", "latex"], "--format"),
        (["plot", "threshold", "--beta", "1"], "--beta"),
        (["plot", "fig1", "--group-size", "4"], "--group-size"),
        (["plot", "pooling", "--beta", "0.1,0.2,0.3,0.4,0.5"], "--beta"),
        (["plot", "finite-g", "--group-size", "2,3,4,5,6,7,8,9,10"], "--group-size"),
        (["plot", "fig2", "--beta", "0.1,-1"], "--beta"),
    ])
    func badLayoutFlagsAreOneLineAndNoOutput(_ arguments: [String], _ flag: String) throws {
        let result = try grpoVerify(arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("grpo-verify: \(flag)") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func plotTakesBetaLists() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpo-latex-plot-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try grpoVerify(["plot", "fig2", "--beta", "0.05,3", "--format", "pgfplots", "--out", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let tex = try String(contentsOf: folder.appendingPathComponent("fig2.tex"), encoding: .utf8)
        #expect(tex.split(separator: "\n").filter { $0.hasPrefix("\\addlegendentry") }
                == ["\\addlegendentry{$\\beta = 0.05$}", "\\addlegendentry{$\\beta = 3$}"])
        #expect(tex.contains("% beta: 0.05,3"))
    }

    /// `report` writes the preamble, the macros of its agreement tables (which `check` reads
    /// back), report.md embedding every SVG and a self-contained report.html.
    @Test func reportWritesPreambleMacrosAndPages() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpo-latex-report-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try grpoVerify(["report", "--digits", "5", "--out", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        func file(_ name: String) throws -> String { try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
        let preamble = try file("preamble.tex")
        for package in ["booktabs", "longtable", "siunitx", "pgfplots", "amsmath"] { #expect(preamble.contains("\\usepackage{\(package)}")) }
        // The rows of the three agreement tables (G = 2 both penalties: 8 β × 13 π_ref × 3 γ each;
        // G = ∞: γ = 1 only), every name once.
        let names = macros(try file("macros.tex")).map(\.name)
        #expect(names.count == 2 * 8 * 13 * 3 + 8 * 13 && Set(names).count == names.count)
        // The three blocks of macros.tex check out, each macro recomputed.
        let checked = try grpoVerify(["check", "--golden", folder.appendingPathComponent("macros.tex").path])
        #expect(checked.status == 0 && checked.stdout.hasSuffix(": \(names.count) values at 5 digits match (all digits compared)\n"),
                "\(checked.stdout) \(checked.stderr)")
        let index = try file("report.md")
        let figures = ["fig1", "fig2", "fig3", "finite-g", "pooling", "threshold", "objective"]
        for figure in figures { #expect(index.contains("](\(figure).svg)\n") && index.contains("  ![")) }
        let html = try file("report.html")
        #expect(html.components(separatedBy: "<svg xmlns=").count - 1 == figures.count)
        #expect(html.components(separatedBy: "<table>").count - 1 == 10)
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("<script"))
    }
}
