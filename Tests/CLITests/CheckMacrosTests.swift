import Foundation
import Testing

/// `check --golden` on LaTeX macros files: what `solve --format latex` and `table --format
/// latex-macros` write checks out; a changed, renamed, swapped or truncated macro or a changed
/// enclosure is a mismatch naming the macro; a file the suite would not write is bad input.
@Suite(.serialized) struct CheckMacros {
    static let solve = ["solve", "--group-size", "64", "--beta", "0.04", "--ref", "0.3", "--digits", "30", "--certify",
                        "--format", "latex"]
    static let table = ["table", "--group-size", "2,inf", "--beta", "0.1,1", "--ref", "0.3,0.7", "--digits", "30",
                        "--certify", "--format", "latex-macros"]

    /// The output of `arguments` (which must succeed).
    static func written(_ arguments: [String]) throws -> String {
        let result = try grpoVerify(arguments)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return result.stdout
    }

    /// `check --golden` of `text` written to a scratch file that is removed afterwards, and the file's path.
    static func check(_ text: String, _ extra: [String] = []) throws -> (status: Int32, stdout: String, stderr: String, path: String) {
        let folder = try scratchFolder("macros")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("macros.tex")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try grpoVerify(["check", "--golden", file.path] + extra)
        return (result.status, result.stdout, result.stderr, file.path)
    }

    /// The `\newcommand` lines of `text`: the line, the name and the value as written.
    static func definitions(_ text: String) -> [(line: String, name: String, value: String)] {
        text.split(separator: "\n").compactMap { line in
            line.firstMatch(of: /^\\newcommand\{\\([A-Za-z]+)\}\{(.*)\}$/).map { (String(line), String($0.1), String($0.2)) }
        }
    }

    /// `text` with the last digit of `value` changed.
    static func lastDigitChanged(_ value: String) -> String {
        String(value.dropLast()) + (value.last == "1" ? "2" : "1")
    }

    @Test(arguments: [solve, table,
                      ["table", "--group-size", "2", "--penalty", "direct", "--margin", "0.5", "--beta", "0.1,0.10",
                       "--ref", "0.3", "--digits", "12", "--format", "latex-macros"],
                      ["solve", "--group-size", "4", "--beta", "0.5", "--ref", "0.2", "--normalisation", "bessel",
                       "--method", "newton,bisection", "--digits", "20", "--format", "latex"]])
    func whatTheSuiteWritesChecksOut(_ arguments: [String]) throws {
        let text = try Self.written(arguments)
        let digits = arguments[arguments.firstIndex(of: "--digits")! + 1]
        let result = try Self.check(text)
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout == "ok: \(result.path): \(Self.definitions(text).count) values at \(digits) digits match "
                + "(all digits compared)\n")
        #expect(result.stderr.isEmpty)
    }

    /// A `% not verified, no macro` line and a `% same setting as` line are skipped.
    @Test func rowsWithoutAMacroAreSkipped() throws {
        let text = try Self.written(["table", "--group-size", "2", "--margin", "1", "--penalty", "reverse", "--beta", "0.1,0.10",
                                     "--ref", "0.3", "--digits", "12", "--format", "latex-macros"])
        #expect(text.contains("\n% same setting as \\grpoReverseGTwoBetaZeroPointOneRefZeroPointThree above: "))
        let unverified = text + "% not verified, no macro: G = 2, reverse KL, beta = 0.2, pi_ref(a) = 0.3, gamma = 1\n"
        let result = try Self.check(unverified)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(": 1 values at 12 digits match"))
    }

    @Test func aChangedDigitIsAMismatchNamingTheMacro() throws {
        let text = try Self.written(Self.table)
        let first = try #require(Self.definitions(text).first)
        let changed = Self.lastDigitChanged(first.value)
        let result = try Self.check(text.replacing(first.line, with: "\\newcommand{\\\(first.name)}{\(changed)}"))
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let (expected, got) = (changed.replacing("\\,", with: ""), first.value.replacing("\\,", with: ""))
        #expect(lines.first?.hasPrefix("\\\(first.name) (line ") == true)
        #expect(lines.first?.hasSuffix(": expected \(expected) got \(got) (29 of 30 digits agree)") == true, "\(result.stdout)")
        #expect(lines.last?.hasPrefix("FAILED: ") == true && lines.last?.hasSuffix(": 1 of 28 values differ") == true)
        #expect(result.stderr.split(separator: "\n").count == 1)
        // The first 29 digits still match.
        let fewer = try Self.check(text.replacing(first.line, with: "\\newcommand{\\\(first.name)}{\(changed)}"), ["--digits", "29"])
        #expect(fewer.status == 0, "\(fewer.stdout)")
    }

    @Test func swappedNamesAreMismatches() throws {
        let text = try Self.written(Self.table)
        let all = Self.definitions(text)
        let (a, b) = (all[0], all[1])
        let swapped = text.replacing(a.line, with: "\\newcommand{\\\(b.name)}{\(a.value)}")
            .replacing(b.line, with: "\\newcommand{\\\(a.name)}{\(b.value)}")
        let result = try Self.check(swapped)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("\\\(b.name) (line ") && lines[0].hasSuffix(": expected the name \\\(b.name) got \\\(a.name)"))
        #expect(lines[1].hasPrefix("\\\(a.name) (line ") && lines[1].hasSuffix(": expected the name \\\(a.name) got \\\(b.name)"))
    }

    /// A value cut by one digit is a correct-looking shorter rounding: a mismatch, even when fewer digits are compared.
    @Test func aTruncatedValueIsAMismatch() throws {
        let text = try Self.written(Self.solve)
        let macro = try #require(Self.definitions(text).first)
        let cut = text.replacing(macro.line, with: "\\newcommand{\\\(macro.name)}{\(macro.value.dropLast())}")
        for extra in [[], ["--digits", "20"]] {
            let result = try Self.check(cut, extra)
            #expect(result.status == 1)
            #expect(result.stdout.contains("\\\(macro.name) (line 11): ")
                    && result.stdout.contains("(recorded with 29 significant digits; 30 are verified)"), "\(result.stdout)")
        }
    }

    @Test func aChangedEnclosureIsAMismatch() throws {
        let text = try Self.written(Self.solve)
        let lower = try #require(text.firstMatch(of: #/enclosure \[([0-9.]+), /#)).1
        let changed = Self.lastDigitChanged(String(lower))
        let result = try Self.check(text.replacing("enclosure [\(lower), ", with: "enclosure [\(changed), "))
        #expect(result.status == 1)
        #expect(result.stdout.contains(": expected the enclosure [\(changed), "), "\(result.stdout)")
        #expect(result.stdout.contains(" got [\(lower), "))
    }

    /// Each file the suite would not write: exit 2, one line on stderr naming the problem (and
    /// the line), nothing on stdout. A bad flag value gets `solve`'s own error.
    @Test func malformedFilesAreBadInput() throws {
        let text = try Self.written(Self.solve)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let (comment, definition) = (lines[10], lines[11])
        #expect(comment.hasPrefix("% pi(a) at ") && definition.hasPrefix("\\newcommand"))
        let solveError = try grpoVerify(["solve", "--beta", "0", "--ref", "0.3"]).stderr
        #expect(solveError.hasPrefix("grpo-verify: --beta: "))
        let cases: [(String, String)] = [
            (text.replacing("% command: solve\n", with: ""), "line 1: expected the provenance line '% command: …'"),
            (definition + "\n", "line 1: expected the provenance line '% command: …'"),
            (text.replacing(comment + "\n", with: ""), "line 11: a \\newcommand without its comment line"),
            (text.replacing(definition + "\n", with: ""), "line 12: expected the \\newcommand of the comment on line 11"),
            (text.replacing(" method(s) agree", with: " methods agree"), "line 11: expected '% pi(a) at SETTING: "),
            (text + comment + "\n" + definition + "\n", "line 14: \\grpoReverseGSixFourBetaZeroPointZeroFourRefZeroPointThree "
             + "is defined again (first on line 12)"),
            (text + "hello\n", "line 13: 'hello' is not a line of a macros file"),
            (text.replacing("--beta 0.04", with: "--beta 0"),
             "line 11: reproduce: " + solveError.dropFirst("grpo-verify: ".count).dropLast()),
            (text.replacing("--digits 30", with: "--digits 35"), "line 11: reproduce: --digits 35 although the provenance's digits is 30"),
            (text.replacing("\\,", with: ""), "line 12: the value is not grouped as the suite writes it"),
            (text + "% same setting as \\grpoOther above: G = 2\n", "line 13: \\grpoOther is not a macro above in this block"),
            (text.replacing("beta = 0.04", with: "β = 0.04"), "line 11: a byte that is not printable ASCII"),
            (text.replacing(comment + "\n" + definition + "\n", with: "% not verified, no macro: G = 64\n"), "no \\newcommand to check"),
        ]
        for (file, problem) in cases {
            let result = try Self.check(file)
            #expect(result.status == 2, "\(problem): \(result.stdout)")
            #expect(result.stdout.isEmpty)
            let error = result.stderr.split(separator: "\n")
            #expect(error.count == 1 && error[0].hasPrefix("grpo-verify: \(result.path): \(problem)"), "\(result.stderr)")
        }
    }

    /// The golden macros files of proofs/golden/ check out.
    @Test(arguments: ["macros-small.tex", "solve-g64.tex"])
    func goldenMacrosCheckOut(_ name: String) throws {
        let result = try grpoVerify(["check", "--golden", goldenFolder.appendingPathComponent(name).path])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        #expect(result.stdout.hasPrefix("ok: "))
    }
}
