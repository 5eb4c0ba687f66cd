import Foundation
import Testing

/// Golden files for `check`, written once to a temporary folder: valid `solve` and `table`
/// files, and malformed variants of them (each must exit 2).
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

    /// A table of `shard` (`1/2`, `2/2`) of a two-row grid, its summary's failing count `failing`.
    static func shard(_ shard: String, failing: String = "0") -> String {
        table.replacing("\"beta\": \"0.04\", \"ref\"", with: "\"beta\": \"0.04,0.05\", \"ref\"")
            .replacing("\"certify\": \"false\"", with: "\"certify\": \"false\", \"shard\": \"\(shard)\"")
            .replacing("\"rows below requested agreement\": \"0\"", with: "\"rows below requested agreement\": \"\(failing)\"")
    }

    /// The files that are valid.
    static let valid = ["solve.json", "table.json", "unknown-version.json", "schema-1.json", "sharded-table.json"]

    /// File name → contents; each one but those in `valid` is malformed for `check`.
    static let files: [String: String] = [
        "solve.json": solve,
        "table.json": table,
        "unknown-version.json": solve.replacing("\"version\": \"0.1.0\"", with: "\"version\": \"9.9.9\""),
        "schema-1.json": solve.replacing("\"version\": \"0.1.0\"", with: "\"schema\": \"1\", \"version\": \"0.1.0\""),
        "sharded-table.json": shard("1/2"),
        "unknown-schema.json": solve.replacing("\"version\": \"0.1.0\"", with: "\"schema\": \"2\", \"version\": \"0.1.0\""),
        "schema-number.json": solve.replacing("\"version\": \"0.1.0\"", with: "\"schema\": 1, \"version\": \"0.1.0\""),
        "duplicate-key.json": solve.replacing("\"policy\": \"0.9723413450\"",
                                              with: "\"policy\": \"0.5\", \"policy\": \"0.9723413450\""),
        "duplicate-row-key.json": table.replacing("\"newton\": \"0.9723413450\"",
                                                  with: "\"newton\": \"0.1\", \"newton\": \"0.9723413450\""),
        "duplicate-provenance-key.json": solve.replacing("\"beta\": \"0.04\", \"ref\"",
                                                         with: "\"beta\": \"0.5\", \"beta\": \"0.04\", \"ref\""),
        "ten-mebibyte-value.json": solve.replacing("\"policy\": \"0.9723413450\"",
                                                   with: "\"policy\": \"0." + String(repeating: "9", count: 10 << 20) + "\""),
        "ten-mebibyte-beta.json": solve.replacing("\"beta\": \"0.04\", \"reference\"",
                                                  with: "\"beta\": \"0." + String(repeating: "4", count: 10 << 20) + "\", \"reference\""),
        "deep-nesting.json": String(repeating: "[", count: 40_000),
        "raw-control.json": solve.replacing("\"policy\": \"0.9723413450\"", with: "\"policy\": \"0.97\u{1}\""),
        "integer-overflow.json": solve.replacing("\"iterations\": 9", with: "\"iterations\": 9223372036854775808"),
        "million-point-ranges.json": table.replacing("\"ref\": \"0.3\"", with: "\"ref\": \""
            + Array(repeating: "0:0.99999:0.00001", count: 20).joined(separator: ",") + "\""),
        "sharded-finite-groups.json": table.replacing(#/"provenance": \{[^}]*\}/#, with: "\"provenance\": {\"command\": \"report\", \"table\": \"finite-groups\", \"version\": \"0.1.0\", \"digits\": \"10\", \"shard\": \"1/2\"}"),
        "shard-bad.json": shard("3/2"),
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
        "unknown-command.json": solve.replacing("\"command\": \"solve\"", with: "\"command\": \"plot\""),
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

    /// The fixtures' folder, shared by the tests that run in parallel and removed when the test
    /// process exits.
    static let directory: URL = {
        let folder = try! scratchFolder("golden")
        atexit { try? FileManager.default.removeItem(at: Fixtures.directory) }
        for (name, text) in files.map({ ($0.key, $0.value) }) + overflowingShards {
            try! text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        precondition(mkfifo(folder.appendingPathComponent("fifo.json").path, 0o644) == 0)
        // A sparse file one byte over the size cap.
        let huge = folder.appendingPathComponent("huge.json")
        _ = FileManager.default.createFile(atPath: huge.path, contents: Data("{".utf8))
        let handle = try! FileHandle(forWritingTo: huge)
        try! handle.truncate(atOffset: UInt64(64 << 20) + 1)
        try! handle.close()
        return folder
    }()

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Shards whose summaries add up past `Int.max`, for `merge`.
    static let overflowingShards = [("overflow-1.json", shard("1/2", failing: "9223372036854775807")),
                                    ("overflow-2.json", shard("2/2", failing: "9223372036854775807"))]

    /// One `check` invocation per malformed file, plus missing, directory and too-large files,
    /// and `merge` of malformed files.
    static var malformed: [[String]] {
        files.keys.filter { !valid.contains($0) }.sorted().map { ["check", "--golden", path($0)] }
            + [["check", "--golden", path("missing.json")],
               ["check", "--golden", directory.path],
               ["check", "--golden", path("huge.json")],
               ["check", "--golden", ""],
               ["check"],
               ["check", "--golden", path("solve.json"), "--digits", "4"],
               ["check", "--golden", path("solve.json"), "--threads", "0"],
               ["merge", path("deep-nesting.json")],
               ["merge", path("duplicate-row-key.json")],
               ["merge", path("huge.json")],
               ["merge", directory.path],
               ["merge", path("missing.json")],
               ["merge"] + overflowingShards.map { path($0.0) }]
    }
}

@Suite(.serialized) struct CheckCommand {
    @Test(arguments: Fixtures.valid)
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

/// `check` and `merge` against hostile files, and `check` on every JSON the suite writes.
@Suite(.serialized) struct CheckRefusals {
    /// A FIFO would block a plain open or read forever: refused from `stat`, without waiting for a writer.
    @Test(arguments: [["check", "--golden"], ["merge"]])
    func aFIFOIsRefusedWithoutBlocking(_ command: [String]) throws {
        let result = try Run(command + [Fixtures.path("fifo.json")]).finish(timeout: .seconds(30))
        #expect(!result.timedOut)
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a regular file") && result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
    }

    /// Refused by length before the digits are parsed (which takes a minute for 10 MiB).
    @Test(arguments: ["ten-mebibyte-value.json", "ten-mebibyte-beta.json"])
    func aTenMebibyteDecimalIsRefusedByLength(_ name: String) throws {
        let started = ContinuousClock.now
        let result = try Run(["check", "--golden", Fixtures.path(name)]).finish(timeout: .seconds(120))
        #expect(result.status == 2)
        #expect(result.stderr.contains("characters; a decimal has at most"))
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    /// Twenty ranges of 100,000 points each: the grid is counted, not expanded, before it is refused.
    @Test func rangesOfMillionsOfPointsAreCountedBeforeExpanding() throws {
        let started = ContinuousClock.now
        let result = try Run(["check", "--golden", Fixtures.path("million-point-ranges.json")]).finish(timeout: .seconds(120))
        #expect(result.status == 2)
        #expect(result.stderr.contains("at most 1000000"))
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func nestingFortyThousandDeepIsAnErrorNotACrash() throws {
        for command in [["merge"], ["check", "--golden"]] {
            let result = try grpoVerify(command + [Fixtures.path("deep-nesting.json")])
            #expect(result.status == 2)
            #expect(result.stderr.contains("nested deeper than 64"))
        }
    }

    @Test func summariesAddingUpPastIntMaxAreBadInput() throws {
        let result = try grpoVerify(["merge"] + Fixtures.overflowingShards.map { Fixtures.path($0.0) })
        #expect(result.status == 2)
        #expect(result.stderr.contains("adds up past 9223372036854775807"))
    }

    @Test func aDuplicateKeyIsMalformedWhicheverValueComesFirst() throws {
        let result = try grpoVerify(["check", "--golden", Fixtures.path("duplicate-key.json")])
        #expect(result.status == 2)
        #expect(result.stderr.contains("duplicate key 'policy'"))
    }

    /// 0.9723413450 recorded as 1, its correct rounding to one digit.
    @Test func aShorterRoundingOfTheRightValueIsAMismatch() throws {
        let file = Fixtures.directory.appendingPathComponent("short-rounding.json")
        try Fixtures.table.replacing("\"newton\": \"0.9723413450\"", with: "\"newton\": \"1\"")
            .write(to: file, atomically: true, encoding: .utf8)
        let result = try grpoVerify(["check", "--golden", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("rows[0].newton: ") && result.stdout.contains("expected 1 got 0.9723413450 "
                                                                                   + "(recorded with 1 of 10 significant digits)"))
        #expect(try grpoVerify(["check", "--golden", file.path, "--digits", "5"]).status == 1)
    }

    @Test func everyValueCutToFiveDigitsIsAMismatch() throws {
        let generated = try grpoVerify(TableAndReport.smallGrid + ["--format", "json", "--method", "closed-form,newton"])
        #expect(generated.status == 0)
        let cut = generated.stdout.replacing(#/"(closed-form|newton)": "(0\.\d{5})\d+"/#) { "\"\($0.1)\": \"\($0.2)\"" }
        #expect(cut != generated.stdout)
        let file = Fixtures.directory.appendingPathComponent("cut.json")
        try cut.write(to: file, atomically: true, encoding: .utf8)
        let result = try grpoVerify(["check", "--golden", file.path])
        #expect(result.status == 1)
        // 18 rows: 12 of G = 2 with both methods, 6 of G = ∞ with both.
        #expect(result.stdout.hasSuffix("36 of 36 values differ\n"), "\(result.stdout.suffix(200))")
    }

    @Test func namesOnStandardOutputHaveNoControlCharacters() throws {
        let file = Fixtures.directory.appendingPathComponent("a\nb.json")
        try Fixtures.solve.write(to: file, atomically: true, encoding: .utf8)
        let result = try grpoVerify(["check", "--golden", file.path])
        #expect(result.status == 0)
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(result.stdout.contains("a?b.json"))
    }

    /// The JSON of every command that writes one, generated here and checked back; one value
    /// changed in its last digit is a mismatch naming its field.
    @Test(arguments: [
        ["threshold", "--ref", "0.3", "--digits", "12", "--format", "json"],
        ["variants", "--ref", "0.5,0.3,0.2", "--success", "0.9,0.5,0.1", "--beta", "0.1", "--digits", "10",
         "--format", "json"],
        ["stability", "--ref", "0.001", "--beta", "3", "--epsilon", "1e-5", "--digits", "12", "--format", "json"],
        ["solve", "--ref", "0.5,0.3,0.2", "--success", "0.9,0.5,0.1", "--beta", "0.1", "--digits", "12",
         "--format", "json"],
        TableAndReport.smallGrid + ["--format", "json", "--method", "newton", "--shard", "2/3"],
    ])
    func everyJSONTheSuiteWritesChecksOut(_ arguments: [String]) throws {
        let generated = try grpoVerify(arguments)
        #expect(generated.status == 0)
        let file = Fixtures.directory.appendingPathComponent("generated-\(arguments[0]).json")
        try generated.stdout.write(to: file, atomically: true, encoding: .utf8)
        let result = try grpoVerify(["check", "--golden", file.path])
        #expect(result.status == 0, "\(arguments): \(result.stdout) \(result.stderr)")
        #expect(result.stdout.hasPrefix("ok: "))

        // The last digit of the first 0.d…d value of ten or more digits, changed.
        let value = try #require(generated.stdout.firstMatch(of: #/"(\d\.\d{9,})"/#))
        let digits = Array(value.1)
        let changed = String(digits.dropLast()) + (digits.last == "1" ? "2" : "1")
        try generated.stdout.replacing(value.0, with: "\"\(changed)\"", maxReplacements: 1)
            .write(to: file, atomically: true, encoding: .utf8)
        let tampered = try grpoVerify(["check", "--golden", file.path])
        #expect(tampered.status == 1, "\(arguments)")
        #expect(tampered.stdout.contains("expected \(changed) got \(value.1)"), "\(tampered.stdout)")
    }

    /// The claims checklist: statuses and counts are compared, timings are not.
    @Test func theClaimsChecklistChecksOutAndAChangedStatusIsAMismatch() throws {
        let generated = try grpoVerify(["prove", "--digits", "10", "--format", "json"])
        #expect(generated.status == 0)
        let file = Fixtures.directory.appendingPathComponent("prove.json")
        let retimed = generated.stdout.replacing(#/"seconds": "[0-9.]+"/#, with: "\"seconds\": \"99.99\"")
        try retimed.write(to: file, atomically: true, encoding: .utf8)
        #expect(try grpoVerify(["check", "--golden", file.path]).status == 0)
        let status = try #require(retimed.firstMatch(of: #/"status": "([^"]+)"/#))
        try retimed.replacing(status.0, with: "\"status\": \"FAILED\"", maxReplacements: 1)
            .write(to: file, atomically: true, encoding: .utf8)
        let tampered = try grpoVerify(["check", "--golden", file.path])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("rows[0].status: expected FAILED got \(status.1)"), "\(tampered.stdout)")
    }

    @Test func everyJSONOfAReportChecksOut() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpo-report-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try grpoVerify(["report", "--digits", "6", "--out", folder.path]).status == 0)
        let tables = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(tables.count == 10)
        for name in tables {
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
        var grid = TableAndReport.smallGrid + ["--certify", "--format", "json"]
        grid[grid.firstIndex(of: "--group-size")! + 1] = "2,inf,12"
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
