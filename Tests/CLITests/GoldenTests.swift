import Foundation
import Testing

/// Golden files for `check`, written once to a temporary folder: a valid `solve` and `table`
/// file, and malformed variants of them (each must exit 2).
enum Fixtures {
    static let solve = """
        {
          "provenance": {
            "command": "solve", "version": "0.1.0", "digits": "10", "group_size": "2", "penalty": "reverse",
            "beta": "0.04", "ref": "0.3", "margin": "1", "method": "newton", "certify": "false"
          },
          "setting": {"group_size": "2", "penalty": "reverse", "beta": "0.04", "reference": "0.3", "confidence_margin": "1"},
          "digits": 10,
          "policy": "0.9723413450",
          "methods": {
            "newton": {"value": "0.9723413450", "digits": 10, "iterations": 9, "residual": "6.98e-39",
                       "converged": true, "precision_bits": 130}
          },
          "agreement_digits": 10,
          "verified": true
        }
        """

    static let table = """
        {
          "title": "Stationary policy π(a): closed forms against solvers",
          "provenance": {
            "command": "table", "version": "0.1.0", "digits": "10", "group_size": "2", "penalty": "reverse",
            "beta": "0.04", "ref": "0.3", "margin": "1", "method": "newton", "certify": "false"
          },
          "columns": ["group_size", "penalty", "beta", "reference", "confidence_margin", "closed-form", "newton",
                      "bisection", "grpo", "difference", "agreeing_digits"],
          "rows": [
            {"group_size": "2", "penalty": "reverse", "beta": "0.04", "reference": "0.3", "confidence_margin": "1",
             "closed-form": "n/a", "newton": "0.9723413450", "bisection": "n/a", "grpo": "n/a",
             "difference": "0.00", "agreeing_digits": "10"}
          ],
          "summary": {"rows checked": "1", "requested digits": "10", "worst agreement": "10 digits",
                      "rows below requested agreement": "0"}
        }
        """

    static let row = #"{"group_size": "2", "penalty": "reverse", "beta": "0.04", "reference": "0.3", "confidence_margin": "1","#

    /// File name → contents; each one but `solve.json` and `table.json` is malformed.
    static let files: [String: String] = [
        "solve.json": solve,
        "table.json": table,
        "empty.json": "",
        "truncated.json": String(solve.prefix(solve.count / 2)),
        "array.json": "[" + solve + "]",
        "fragment.json": "\"0.9723413450\"",
        "garbage.json": "\u{1}\u{2}{\u{ff}",
        "deep.json": String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        "digits-string.json": solve.replacing("\"digits\": 10,", with: "\"digits\": \"10\","),
        "digits-bool.json": solve.replacing("\"digits\": 10,", with: "\"digits\": true,"),
        "digits-exponent.json": solve.replacing("\"digits\": 10,", with: "\"digits\": 1e1,"),
        "digits-fraction.json": solve.replacing("\"digits\": 10,", with: "\"digits\": 10.0,"),
        "digits-mismatch.json": solve.replacing("\"digits\": 10,", with: "\"digits\": 12,"),
        "negative-zero.json": solve.replacing("\"iterations\": 9", with: "\"iterations\": -0"),
        "negative-iterations.json": solve.replacing("\"iterations\": 9", with: "\"iterations\": -9"),
        "unknown-key.json": solve.replacing("\"verified\": true", with: "\"verified\": true, \"extra\": 1"),
        "newline-key.json": solve.replacing("\"verified\": true", with: "\"verified\": true, \"a\\nb\\rc\": 1"),
        "missing-key.json": solve.replacing("\"agreement_digits\": 10,", with: ""),
        "nan-policy.json": solve.replacing("\"policy\": \"0.9723413450\"", with: "\"policy\": \"nan\""),
        "inf-policy.json": solve.replacing("\"policy\": \"0.9723413450\"", with: "\"policy\": \"inf\""),
        "hex-policy.json": solve.replacing("\"policy\": \"0.9723413450\"", with: "\"policy\": \"0x1p-1\""),
        "signed-policy.json": solve.replacing("\"policy\": \"0.9723413450\"", with: "\"policy\": \"+0.9723413450\""),
        "null-policy.json": solve.replacing("\"policy\": \"0.9723413450\"", with: "\"policy\": null"),
        "long-policy.json": solve.replacing("\"policy\": \"0.9723413450\"", with: "\"policy\": \"0.972341345000\""),
        "huge-exponent.json": solve.replacing("\"beta\": \"0.04\", \"ref\"", with: "\"beta\": \"1e99999\", \"ref\""),
        "zero-beta.json": solve.replacing("\"beta\": \"0.04\", \"ref\"", with: "\"beta\": \"0\", \"ref\""),
        "negative-zero-ref.json": solve.replacing("\"ref\": \"0.3\"", with: "\"ref\": \"-0\""),
        "setting-mismatch.json": solve.replacing("\"reference\": \"0.3\"", with: "\"reference\": \"0.4\""),
        "unknown-version.json": solve.replacing("\"version\": \"0.1.0\"", with: "\"version\": \"9.9.9\""),
        "unknown-command.json": solve.replacing("\"command\": \"solve\"", with: "\"command\": \"prove\""),
        "no-provenance.json": "{\"digits\": 10}",
        "empty-methods.json": solve.replacing(#/"methods": \{[^}]*\}\s*\}/#, with: "\"methods\": {}"),
        "method-string.json": solve.replacing(#/"newton": \{[^}]*\}/#, with: "\"newton\": \"0.9723413450\""),
        "certificate-without-certify.json": solve.replacing("\"verified\": true", with: "\"verified\": true, \"certificate\": \"x\""),
        "empty-rows.json": table.replacing(#/"rows": \[[^\]]*\]/#, with: "\"rows\": []"),
        "extra-row.json": table.replacing("\"agreeing_digits\": \"10\"}", with: "\"agreeing_digits\": \"10\"}, " + row + "\"closed-form\": \"n/a\", \"newton\": \"0.9723413450\", \"bisection\": \"n/a\", \"grpo\": \"n/a\", \"difference\": \"0.00\", \"agreeing_digits\": \"10\"}"),
        "missing-column.json": table.replacing("\"bisection\", \"grpo\"", with: "\"grpo\""),
        "short-row.json": table.replacing("\"bisection\": \"n/a\", ", with: ""),
        "row-string.json": table.replacing(#/"rows": \[[^\]]*\]/#, with: "\"rows\": [\"2\"]"),
        "applicable-n-a.json": table.replacing("\"newton\": \"0.9723413450\"", with: "\"newton\": \"n/a\""),
        "summary-number.json": table.replacing("\"rows checked\": \"1\"", with: "\"rows checked\": 1"),
        "unknown-table.json": table.replacing(#/"provenance": \{[^}]*\}/#, with: "\"provenance\": {\"command\": \"report\", \"table\": \"sweep\", \"version\": \"0.1.0\", \"digits\": \"10\"}"),
        "huge-grid.json": table.replacing("\"beta\": \"0.04\", \"ref\": \"0.3\"", with: "\"beta\": \"0.01:1000:0.01\", \"ref\": \"0.00001:0.99999:0.00001\""),
        "agreeing-digits-range.json": table.replacing("\"agreeing_digits\": \"10\"", with: "\"agreeing_digits\": \"11\""),
    ]

    static let directory: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpo-golden-\(UUID())")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try! text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        // A sparse file one byte over the size cap.
        let huge = folder.appendingPathComponent("huge.json")
        _ = FileManager.default.createFile(atPath: huge.path, contents: Data("{".utf8))
        let handle = try! FileHandle(forWritingTo: huge)
        try! handle.truncate(atOffset: UInt64(64 << 20) + 1)
        try! handle.close()
        return folder
    }()

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// One `check` invocation per malformed file, plus missing, directory and too-large files.
    static var malformed: [[String]] {
        files.keys.filter { $0 != "solve.json" && $0 != "table.json" }.sorted().map { ["check", "--golden", path($0)] }
            + [["check", "--golden", path("missing.json")],
               ["check", "--golden", directory.path],
               ["check", "--golden", path("huge.json")],
               ["check", "--golden", ""],
               ["check"],
               ["check", "--golden", path("solve.json"), "--digits", "4"],
               ["check", "--golden", path("solve.json"), "--threads", "0"]]
    }
}

@Suite(.serialized) struct CheckCommand {
    @Test(arguments: ["solve.json", "table.json"])
    func validFilesPass(_ name: String) throws {
        let result = try grpoVerify(["check", "--golden", Fixtures.path(name)])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("ok: "))
        #expect(result.stderr.isEmpty)
    }

    @Test func aChangedLastDigitIsAMismatchUnlessFewerDigitsAreChecked() throws {
        let folder = Fixtures.directory
        let file = folder.appendingPathComponent("changed.json")
        try Fixtures.solve.replacing("\"policy\": \"0.9723413450\"", with: "\"policy\": \"0.9723413451\"")
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try grpoVerify(["check", "--golden", file.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("policy: G = 2, penalty = reverse, β = 0.04, π_ref(a) = 0.3, γ = 1: "
                                       + "expected 0.9723413451 got 0.9723413450 (9 of 10 digits agree)") == true)
        #expect(try grpoVerify(["check", "--golden", file.path, "--digits", "9"]).status == 0)
    }

    @Test func generatedFilesCheckOut() throws {
        let folder = Fixtures.directory
        let runs: [(String, [String])] = [
            ("solve-64.json", ["solve", "--group-size", "64", "--beta", "0.5", "--ref", "0.2", "--digits", "25",
                               "--format", "json", "--certify"]),
            ("table-small.json", TableAndReport.smallGrid + ["--format", "json", "--certify"]),
        ]
        for (name, arguments) in runs {
            let generated = try grpoVerify(arguments)
            #expect(generated.status == 0)
            try generated.stdout.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            let result = try grpoVerify(["check", "--golden", folder.appendingPathComponent(name).path])
            #expect(result.status == 0, "\(name): \(result.stdout) \(result.stderr)")
        }
    }
}

@Suite(.serialized) struct Determinism {
    static let solve = ["solve", "--group-size", "64", "--beta", "0.04", "--ref", "0.3", "--digits", "30", "--certify"]

    @Test func sameCommandTwiceGivesTheSameBytes() throws {
        for arguments in [Self.solve, Self.solve + ["--format", "json"]] {
            let first = try grpoVerify(arguments), second = try grpoVerify(arguments)
            #expect(first.status == 0)
            #expect(Data(first.stdout.utf8) == Data(second.stdout.utf8))
        }
    }

    @Test func tableIsTheSameSequentialAndConcurrent() throws {
        let grid = TableAndReport.smallGrid + ["--group-size", "2,inf,12", "--certify", "--format", "json"]
        let sequential = try grpoVerify(grid + ["--threads", "1"])
        let concurrent = try grpoVerify(grid + ["--threads", "4"])
        let byDefault = try grpoVerify(grid)
        #expect(sequential.status == 0)
        #expect(Data(sequential.stdout.utf8) == Data(concurrent.stdout.utf8))
        #expect(Data(sequential.stdout.utf8) == Data(byDefault.stdout.utf8))
    }
}

@Suite struct FlaggedComputations {
    /// Valid but extreme inputs: the direct-KL tilt `e^{γ/β}` leaves MPFR's exponent range.
    @Test(arguments: [
        ["solve", "--penalty", "direct", "--beta", "1e-9999", "--ref", "0.3"],
        ["solve", "--penalty", "direct", "--beta", "1e-30", "--ref", "0.3", "--method", "newton", "--format", "json"],
        ["table", "--penalty", "direct", "--group-size", "2", "--beta", "1e-9999", "--ref", "0.3", "--margin", "1"],
    ])
    func areReportedNotPrinted(_ arguments: [String]) throws {
        let result = try grpoVerify(arguments)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "no number printed: \(result.stdout)")
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("computation failed: MPFR") == true)
    }
}
