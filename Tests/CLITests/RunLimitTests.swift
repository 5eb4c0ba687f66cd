import Foundation
import Testing

/// `--max-seconds` stops a runaway with one line and exit status 1; long runs report progress on
/// stderr, never on stdout.
@Suite(.serialized) struct RunLimits {
    @Test func aRunawayIsStoppedWithOneLine() throws {
        let started = Date()
        let result = try grpoVerify(["solve", "--group-size", "1000000", "--beta", "0.04", "--ref", "0.3",
                                     "--digits", "2000", "--max-seconds", "0.5"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n") == ["grpo-verify: --max-seconds: solve did not finish within 0.5 s; stopped"])
        #expect(Date().timeIntervalSince(started) < 30, "stopped, not finished")
    }

    @Test(arguments: ["0", "-1", "abc", "1e7", "nan", ""])
    func badLimitsAreRefused(_ value: String) throws {
        let result = try grpoVerify(["table", "--max-seconds", value])
        #expect(result.status == 2 && result.stdout.isEmpty && result.stderr.contains("--max-seconds"))
    }

    /// Every long-running command takes the flag.
    @Test(arguments: ["solve", "table", "report", "prove", "check", "threshold", "variants", "stability", "plot", "merge"])
    func everyLongCommandTakesTheLimit(_ command: String) throws {
        #expect(try grpoVerify([command, "--help"]).stdout.contains("--max-seconds"))
    }

    /// With progress lines every 0.1 s, a table that takes longer writes `table: i/n` lines to
    /// stderr and the same stdout as a run without them.
    @Test func progressLinesGoToStderrOnly() throws {
        let arguments = ["table", "--group-size", "2,inf", "--penalty", "reverse", "--beta", "0.04,0.5",
                         "--ref", "0.1:0.9:0.1", "--margin", "1", "--digits", "150", "--format", "csv", "--threads", "1"]
        let quiet = try grpoVerify(arguments)
        let reported = try grpoVerify(arguments, environment: ["GRPO_VERIFY_PROGRESS_SECONDS": "0.1"])
        #expect(quiet.status == 0 && reported.status == 0)
        #expect(quiet.stdout == reported.stdout)
        #expect(quiet.stderr.isEmpty)
        let lines = reported.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.hasPrefix("grpo-verify: table: ") && $0.contains("/36 ") && $0.contains("elapsed") })
    }

    /// A report stopped by the limit leaves neither its folder nor the staging folder beside it.
    @Test func aStoppedReportLeavesNothing() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let result = try grpoVerify(["report", "--digits", "40", "--out", parent.appendingPathComponent("report").path,
                                     "--max-seconds", "1"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--max-seconds: report did not finish within"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }
}
