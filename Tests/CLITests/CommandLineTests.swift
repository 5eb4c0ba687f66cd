import Foundation
import Multiprecision
import TestSupport
import Testing

/// Runs the built `grpo-verify` (next to the test bundle), with `environment` added to this
/// process's, and captures its output.
func grpoVerify(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
    let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
        .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("grpo-verify") }
    guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw CocoaError(.fileNoSuchFile)
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

func json(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// Independent reference values (`IndependentReference`) at 480 bits.
let Reference = IndependentReference(precision: 480)

@Suite(.serialized) struct SolveCommand {
    @Test(arguments: [("2", 60), ("inf", 60), ("64", 60)])
    func jsonPolicyMatchesAnIndependentComputation(groupSize: String, digits: Int) throws {
        let result = try grpoVerify(["solve", "--group-size", groupSize, "--beta", "0.04", "--ref", "0.3",
                                     "--digits", String(digits), "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let expected: BigFloat = switch groupSize {
        case "2": Reference.groupsOfTwo(beta: "0.04", ref: "0.3")
        case "inf": Reference.largeGroups(beta: "0.04", ref: "0.3")
        default: Reference.finite(Int(groupSize)!, beta: "0.04", ref: "0.3")
        }
        #expect(object["policy"] as? String == expected.decimalString(significantDigits: digits))
        #expect(object["agreement_digits"] as? Int == digits)
        #expect(object["verified"] as? Bool == true)
        let methods = try #require(object["methods"] as? [String: [String: Any]])
        let expectedMethods: Set = groupSize == "64" ? ["newton", "bisection", "grpo"]
            : ["closed-form", "newton", "bisection", "grpo"]
        #expect(Set(methods.keys) == expectedMethods)
        for (name, method) in methods {
            #expect(method["value"] as? String == object["policy"] as? String, "\(name)")
            #expect(method["iterations"] is Int)
        }
    }

    @Test func finiteGroupOfOneThousandMatches() throws {
        let result = try grpoVerify(["solve", "--group-size", "1000", "--beta", "0.04", "--ref", "0.3",
                                     "--digits", "40", "--format", "json", "--method", "newton,bisection"])
        #expect(result.status == 0)
        let expected = Reference.finite(1000, beta: "0.04", ref: "0.3")
        #expect(try json(result.stdout)["policy"] as? String == expected.decimalString(significantDigits: 40))
    }

    @Test func textOutputNamesTheAgreement() throws {
        let result = try grpoVerify(["solve", "--beta", "0.5", "--ref", "0.2", "--margin", "0.5", "--penalty", "direct"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("all methods agree to 30 digits"))
        #expect(result.stderr.isEmpty)
    }

    @Test func helpExitsZero() throws {
        let result = try grpoVerify(["solve", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("--group-size"))
    }
}

@Suite struct BadInput {
    static let invocations: [[String]] = [
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.3,0.2", "--success", "0.9,0.5"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.3,0.3", "--success", "0.9,0.5,0.1"],
        ["solve", "--beta", "0.1", "--ref", "0,0,0", "--success", "0.9,0.5,0.1"],
        ["solve", "--beta", "0.1", "--ref", "1", "--success", "0.9"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--success", "0.9,1.5"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--success", "0.9,0.1", "--margin", "0.5"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--success", "0.9,0.1", "--rewards", "1,0"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--preference", "0,0.6;0.5,0"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--preference", "0,0.6;0.4,0", "--group-size", "4"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--preference", "0,0.6;0.4,0", "--normalisation", "shift"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--preference", "0,0.6,0;0.4,0,1"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--reward-levels", "0,1", "--reward-probabilities", "0.5,0.5;0.5,0.49"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--reward-levels", "0,1"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--reward-levels", "1,1.0", "--reward-probabilities", "0.5,0.5;0.5,0.5"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--reward-levels", "0,0.5,1", "--reward-probabilities", "0,1,0;1,0,0",
         "--group-size", "10000000"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--rewards", "1,0.5,0"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--rewards", "1,0.5", "--method", "success-rate"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--rewards", "1,0.5", "--margin", "0.5"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--success", "0.9,0.1", "--normalisation", "l2"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--success", "0.9,0.1", "--normalisation", "bessel-eps:0"],
        ["solve", "--beta", "0.1", "--ref", "0.5,0.5", "--success", "0.9,0.1", "--method", "newton"],
        ["threshold", "--ref", "0"],
        ["threshold", "--ref", "1"],
        ["threshold", "--ref", "0.5", "--format", "csv"],
        ["variants", "--ref", "0.5,0.5", "--beta", "0.1"],
        ["variants", "--ref", "0.5,0.5", "--success", "1,0", "--beta", "0"],
        ["stability", "--ref", "0.5", "--beta", "2", "--epsilon", "-0.1"],
        ["stability", "--ref", "0.5"],
        ["solve", "--beta", "0", "--ref", "0.3"],
        ["solve", "--beta", "-1", "--ref", "0.3"],
        ["solve", "--beta", "nan", "--ref", "0.3"],
        ["solve", "--beta", "inf", "--ref", "0.3"],
        ["solve", "--beta", "0x10", "--ref", "0.3"],
        ["solve", "--beta", "1e99999", "--ref", "0.3"],
        ["solve", "--beta", "abc", "--ref", "0.3"],
        ["solve", "--beta", "", "--ref", "0.3"],
        ["solve", "--beta", "0.1", "--ref", "1.5"],
        ["solve", "--beta", "0.1", "--ref", "-0.1"],
        ["solve", "--beta", "0.1", "--ref", "-0"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--margin", "0"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--margin", "1.01"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--group-size", "1"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--group-size", "0"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--group-size", "2.5"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--group-size", "99999999999"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--group-size", "infinity"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--digits", "4"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--digits", "10001"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--digits", "ten"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--penalty", "forward"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--penalty", "direct", "--group-size", "inf"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--margin", "0.5", "--group-size", "64"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--method", "secant"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--method", "closed-form", "--group-size", "8"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--format", "yaml"],
        ["solve", "--ref", "0.3"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--unknown", "1"],
        ["table", "--beta", "0.1,,0.2"],
        ["table", "--group-size", "2,64", "--method", "closed-form"],
        ["table", "--ref", "0.5:0.1:0.1"],
        ["table", "--ref", "0.1:0.5:0"],
        ["table", "--ref", "0:1:0.0000001"],
        ["table", "--ref", "0.1:0.5"],
        ["table", "--group-size", "inf", "--margin", "0.5"],
        ["table", "--format", "pdf"],
        ["report", "--digits", "3"],
        ["plot"],
        ["plot", "fig9"],
        ["plot", "threshold", "--beta", "1"],
        ["plot", "fig1", "--format", "png"],
        ["plot", "fig1", "--digits", "2"],
        ["plot", "fig1", "--digits", "31"],
        ["plot", "fig1", "--digits", "six"],
        ["plot", "fig1", "--out", ""],
        ["frobnicate"],
        ["solve", "--beta", "0.1\n0.2", "--ref", "0.3"],
        ["table", "--threads", "0"],
        ["table", "--threads", "1025"],
        ["table", "--threads", "two"],
        ["table", "--beta", "0.01:1000:0.01", "--ref", "0.00001:0.99999:0.00001"],
    ] + Fixtures.malformed

    @Test func atLeastSixty() {
        #expect(Self.invocations.count >= 60)
    }

    @Test(arguments: invocations)
    func exitsTwoWithOneLineAndNoOutput(_ arguments: [String]) throws {
        let result = try grpoVerify(arguments)
        #expect(result.status == 2, "\(arguments)")
        #expect(result.stdout.isEmpty, "no partial output for \(arguments)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line for \(arguments): \(result.stderr)")
        #expect(lines.first?.hasPrefix("grpo-verify: ") == true)
    }

    @Test func messagesNameTheFlagAndTheRange() throws {
        let beta = try grpoVerify(["solve", "--beta", "0", "--ref", "0.3"]).stderr
        #expect(beta.contains("--beta") && beta.contains("> 0"))
        let reference = try grpoVerify(["solve", "--beta", "1", "--ref", "2"]).stderr
        #expect(reference.contains("--ref") && reference.contains("[0, 1]"))
        let digits = try grpoVerify(["solve", "--beta", "1", "--ref", "0.5", "--digits", "1"]).stderr
        #expect(digits.contains("--digits") && digits.contains("5…10000"))
    }
}

@Suite(.serialized) struct TableAndReport {
    static let smallGrid = ["table", "--group-size", "2,inf", "--beta", "0.04,2", "--ref", "0.1:0.3:0.1",
                            "--margin", "0.5,1", "--penalty", "reverse", "--digits", "25"]

    @Test func csvFollowsRFC4180() throws {
        let result = try grpoVerify(Self.smallGrid + ["--format", "csv"])
        #expect(result.status == 0)
        let lines = result.stdout.components(separatedBy: "\r\n")
        #expect(lines.last == "")
        #expect(lines.first == "group_size,penalty,beta,reference,confidence_margin,closed-form,newton,bisection,grpo,difference,agreeing_digits")
        // G = 2: 2 β × 3 p_ref × 2 γ = 12 rows; G = ∞: γ = 1 only, 6 rows.
        #expect(lines.count - 2 == 18)
        #expect(lines.dropFirst().dropLast().allSatisfy { $0.hasSuffix(",25") })
    }

    @Test func jsonMarkdownAndLatexCarryTheSameRows() throws {
        let object = try json(try grpoVerify(Self.smallGrid + ["--format", "json"]).stdout)
        let rows = try #require(object["rows"] as? [[String: String]])
        #expect(rows.count == 18)
        #expect(rows.allSatisfy { $0["closed-form"] == $0["newton"] && $0["newton"] == $0["grpo"] })
        let markdown = try grpoVerify(Self.smallGrid + ["--format", "markdown"]).stdout
        #expect(markdown.split(separator: "\n").filter { $0.hasPrefix("| 2 ") || $0.hasPrefix("| inf ") }.count == 18)
        let latex = try grpoVerify(Self.smallGrid + ["--format", "latex"]).stdout
        #expect(latex.contains("\\toprule") && latex.contains("\\bottomrule"))
        #expect(latex.split(separator: "\n").filter { $0.hasSuffix("\\\\") && $0.contains(" & ") && !$0.hasPrefix("{$G$}") }.count == 18)
        #expect(!latex.contains("β") && !latex.contains("|Δ|"), "non-ASCII is escaped for pdflatex")
    }

    @Test func reportWritesEveryTableInEveryFormat() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpo-report-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try grpoVerify(["report", "--digits", "5", "--out", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["groups-of-two", "large-groups", "direct-kl", "finite-groups", "variants", "threshold",
                     "stability", "intransitive-preference", "graded-rewards", "finite-groups-rate"] {
            for ext in ["md", "csv", "json", "tex"] {
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(name).\(ext)").path))
            }
        }
        let index = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(index.contains("(finite-groups.csv)"))
        for figure in ["fig1", "fig2", "fig3", "finite-g", "pooling", "objective"] {
            for ext in ["svg", "tex"] {
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(figure).\(ext)").path))
                #expect(index.contains("(\(figure).\(ext))"))
            }
        }
        #expect(result.stdout.contains("wrote 10 tables and 7 figures"))
    }
}

@Suite(.serialized) struct PlotCommand {
    @Test(arguments: ["svg", "pgfplots", "csv"])
    func writesOneFileNamedAfterTheFigure(format: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpo-plot-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try grpoVerify(["plot", "fig3", "--format", format, "--digits", "8", "--out", folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let ext = ["svg": "svg", "pgfplots": "tex", "csv": "csv"][format]!
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files == ["fig3.\(ext)"])
        let text = try String(contentsOf: folder.appendingPathComponent("fig3.\(ext)"), encoding: .utf8)
        if format != "csv" {
            #expect(text.contains("digits: 8"), "provenance in a comment")
        } else {
            // β = 0.5 at π_ref(a) = 0.5: p = 1/(1 + e^{−2}), eight digits.
            #expect(text.contains("beta-0.5,0.5,0.88079708\r\n"))
        }
    }

    @Test func badInputWritesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpo-plot-\(UUID())")
        for arguments in [["plot", "fig9"], ["plot", "fig1", "--format", "png"], ["plot", "fig1", "--digits", "31"]] {
            let result = try grpoVerify(arguments + ["--out", folder.path])
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("grpo-verify: ") && result.stderr.split(separator: "\n").count == 1)
            #expect(!FileManager.default.fileExists(atPath: folder.path), "\(arguments)")
        }
        let digits = try grpoVerify(["plot", "fig1", "--digits", "2"]).stderr
        #expect(digits.contains("--digits") && digits.contains("3…30"))
        let figure = try grpoVerify(["plot", "fig9"]).stderr
        #expect(figure.contains("fig1, fig2, fig3, finite-g, pooling"))
    }
}

@Suite(.serialized) struct Certify {
    @Test(arguments: ["2", "64", "inf"])
    func thousandDigitEnclosureContainsTheIndependentValue(groupSize: String) throws {
        let result = try grpoVerify(["solve", "--group-size", groupSize, "--beta", "0.04", "--ref", "0.3",
                                     "--digits", "1000", "--certify", "--format", "json", "--method", "newton"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect(object["certified_digits"] as? Int == 1000)
        let enclosure = try #require(object["enclosure"] as? [String])
        let precision = 3600
        let lower = try BigFloat(decimal: enclosure[0], precision: precision)
        let upper = try BigFloat(decimal: enclosure[1], precision: precision)
        // Narrower than 10^-1000: (upper − lower) · 10^1000 < 1.
        #expect((upper - lower) * BigFloat(10, precision: precision).power(1000) < 1)
        // An independent 3400-bit bisection lands inside.
        let p = reference(groupSize)
        #expect(lower <= p && p <= upper)
    }

    func reference(_ groupSize: String) -> BigFloat {
        let precision = 3600
        let b = try! BigFloat(decimal: "0.04", precision: precision), r = try! BigFloat(decimal: "0.3", precision: precision)
        var lo = r, hi = BigFloat(1, precision: precision)
        let sums: [BigFloat]? = groupSize == "64" ? (0..<64).map { n in
            BigFloat.binomial(63, n, precision: precision) * (BigFloat(63 - n, precision: precision) / (n + 1)).squareRoot()
        } : nil
        for _ in 0..<3500 {
            let p = (lo + hi) / 2
            let f: BigFloat
            switch groupSize {
            case "2": f = b * (p - r) - p * (1 - p)
            case "inf": f = b * (p - r) - (p * (1 - p)).squareRoot()
            default:
                var u = BigFloat(0, precision: precision)
                for (n, c) in sums!.enumerated() { u = u + c * p.power(n) * (1 - p).power(63 - n) }
                f = b * (p - r) - p * u
            }
            if f.sign < 0 { lo = p } else { hi = p }
        }
        return (lo + hi) / 2
    }

    @Test func certifiedTableHasEnclosureColumns() throws {
        let result = try grpoVerify(["table", "--certify", "--group-size", "2,inf", "--beta", "0.001,10",
                                     "--ref", "0.001,0.999", "--margin", "0.25,1", "--penalty", "reverse,direct",
                                     "--digits", "30", "--format", "csv"])
        #expect(result.status == 0)
        let lines = result.stdout.components(separatedBy: "\r\n").dropLast()
        #expect(lines.first?.hasSuffix(",enclosure_lower,enclosure_upper,certified_digits") == true)
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",30") })
        #expect(lines.count - 1 == 8 + 8 + 4)
    }
}

@Suite struct ProveCommand {
    @Test func listsEveryClaimAndPasses() throws {
        let result = try grpoVerify(["prove", "--digits", "20", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let rows = try #require(object["rows"] as? [[String: String]])
        // One row per note of proofs/ with a claim block (the guides show one with `id: <id>`).
        let proofs = goldenFolder.deletingLastPathComponent()
        let notes = try FileManager.default.contentsOfDirectory(atPath: proofs.path).filter { name in
            guard name.hasSuffix(".md"),
                  let text = try? String(contentsOf: proofs.appendingPathComponent(name), encoding: .utf8) else { return false }
            return text.contains("```claim\nid: ") && !text.contains("```claim\nid: <")
        }
        #expect(notes.count > 0 && rows.count == notes.count)
        #expect(rows.allSatisfy { !($0["status"] ?? "").contains("FAILED") })
        let summary = try #require(object["summary"] as? [String: String])
        #expect(summary["failed"] == "0")
    }

    @Test func badDigitsExitTwo() throws {
        let result = try grpoVerify(["prove", "--digits", "3"])
        #expect(result.status == 2 && result.stdout.isEmpty)
    }
}

@Suite(.serialized) struct Shards {
    static let grid = ["--beta", "0.04,0.5,2", "--ref", "0.1:0.9:0.2", "--margin", "0.5,1", "--digits", "20"]

    func shardFiles(_ extra: [String], count: Int, in folder: URL) throws -> [String] {
        try (1...count).map { i in
            let result = try grpoVerify(["table", "--format", "json", "--shard", "\(i)/\(count)"] + Self.grid + extra)
            #expect(result.status == 0)
            #expect(try json(result.stdout)["provenance"].flatMap { ($0 as? [String: Any])?["shard"] as? String } == "\(i)/\(count)")
            let file = folder.appendingPathComponent("shard\(i).json").path
            try result.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }
    }

    @Test(arguments: [([String](), 3), (["--certify"], 4), ([], 1), ([], 100)])
    func mergeOfTheShardsIsTheUnshardedTable(extra: [String], count: Int) throws {
        let whole = try grpoVerify(["table", "--format", "json"] + Self.grid + extra)
        #expect(whole.status == 0)
        let folder = try scratchFolder("shards")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try shardFiles(extra, count: count, in: folder)
        let merged = try grpoVerify(["merge"] + files.reversed())
        #expect(merged.status == 0)
        #expect(merged.stdout == whole.stdout)
        #expect(merged.stderr.isEmpty)
        let markdown = try grpoVerify(["merge", "--format", "markdown"] + files)
        #expect(markdown.stdout == (try grpoVerify(["table"] + Self.grid + extra)).stdout)
    }

    @Test func incompleteOrRepeatedShardsAreRejectedInOneLine() throws {
        let folder = try scratchFolder("shards")
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try shardFiles([], count: 3, in: folder)
        for (arguments, message) in [
            ([files[0], files[2]], "shard 2/3 is missing"),
            ([files[0], files[1], files[1], files[2]], "shard 2/3 given twice"),
        ] {
            let result = try grpoVerify(["merge"] + arguments)
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasSuffix("\n") && result.stderr.dropLast().split(separator: "\n").count == 1)
            #expect(result.stderr.contains(message))
        }
    }

    @Test(arguments: ["0/3", "4/3", "3", "1/0", "-1/2", "a/b", "1/2/3"])
    func badShardIsRejected(_ text: String) throws {
        let result = try grpoVerify(["table", "--shard", text])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("--shard"))
    }

    /// The progress bar draws only on a terminal: through a pipe stderr stays empty.
    @Test func noProgressBarWhenStderrIsNotATerminal() throws {
        let result = try grpoVerify(["table", "--format", "csv"] + Self.grid)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
    }
}
