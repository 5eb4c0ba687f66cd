import Foundation
import Multiprecision
import TestSupport
import Testing

/// `solve` on questions with several answers, against `QuestionReference` (P_G enumerated from
/// its definition, the stationary policy by Newton written in TestSupport), and the input
/// errors of the reward flags.
@Suite struct QuestionCommand {
    struct Example: Sendable, CustomTestStringConvertible {
        let arguments: [String]
        let reference: QuestionReference
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let intransitive = "0,0.65,0.3;0.35,0,0.55;0.7,0.45,0"

    static let examples = [
        Example(arguments: ["solve", "--group-size", "2", "--beta", "0.25", "--ref", "0.4,0.4,0.2", "--preference", intransitive],
                reference: .preference(references: ["0.4", "0.4", "0.2"],
                                       matrix: intransitive.split(separator: ";").map { $0.split(separator: ",").map(String.init) },
                                       beta: "0.25", penalty: .reverse)),
        Example(arguments: ["solve", "--group-size", "4", "--beta", "0.15", "--ref", "0.3,0.3,0.4", "--rewards", "1,0.4,0"],
                reference: .graded(references: ["0.3", "0.3", "0.4"], rewards: ["1", "0.4", "0"], groupSize: 4,
                                   beta: "0.15", penalty: .reverse)),
    ]

    /// The JSON of `solve --certify`: K policy strings equal to the independent policy's 50
    /// digits, K enclosures `[lo, hi]` containing it, verified, every method at 50 digits; the
    /// file checks out with `check --golden`, and (preference example) a copy with one policy
    /// digit changed does not.
    @Test(arguments: examples)
    func certifiedJSONMatchesTheIndependentPolicyAndChecksOut(_ example: Example) throws {
        let pi = try #require(example.reference.stationaryPolicy())
        let k = pi.count
        let result = try grpoVerify(example.arguments + ["--digits", "50", "--certify", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        let policy = try #require(object["policy"] as? [String])
        #expect(policy.count == k)
        #expect(policy == pi.map { $0.decimalString(significantDigits: 50) })
        let enclosure = try #require(object["enclosure"] as? [[String]])
        #expect(enclosure.count == k)
        for (pair, value) in zip(enclosure, pi) {
            #expect(pair.count == 2)
            let lower = try BigFloat(decimal: pair[0], precision: QuestionReference.precision)
            let upper = try BigFloat(decimal: pair[1], precision: QuestionReference.precision)
            #expect(lower <= value && value <= upper, "\(value.decimalString(significantDigits: 60)) outside \(pair)")
            // Tight: the enclosure decides the 50 digits printed.
            #expect((upper - lower) < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -166))
        }
        #expect(object["verified"] as? Bool == true)
        let methods = try #require(object["methods"] as? [String: [String: Any]])
        #expect(Set(methods.keys) == ["grpo", "continuation"])
        for (name, method) in methods {
            #expect(method["digits"] as? Int == 50, "\(name)")
            #expect(method["policy"] as? [String] == policy, "\(name)")
        }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpo-question-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("solve.json")
        try result.stdout.write(to: file, atomically: true, encoding: .utf8)
        let checked = try grpoVerify(["check", "--golden", file.path])
        #expect(checked.status == 0, "\(checked.stdout) \(checked.stderr)")
        #expect(checked.stdout.hasPrefix("ok: "))

        // The 20th character of π(1)'s decimals, changed, in the top-level "policy" only (for
        // the preference example: each check of the G = 4 file re-solves it, ≈ 8 s in debug).
        guard example.arguments.contains("--preference") else { return }
        var digits = Array(policy[0])
        digits[20] = digits[20] == "1" ? "2" : "1"
        let changed = String(digits)
        let tamperedText = result.stdout.replacing("\"\(policy[0])\"", with: "\"\(changed)\"", maxReplacements: 1)
        #expect(tamperedText != result.stdout)
        let tamperedFile = folder.appendingPathComponent("tampered.json")
        try tamperedText.write(to: tamperedFile, atomically: true, encoding: .utf8)
        let tampered = try grpoVerify(["check", "--golden", tamperedFile.path])
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("policy[0]: expected \(changed) got \(policy[0])"), "\(tampered.stdout)")
    }

    /// Invalid reward flags: exit status 2, nothing on standard output, one line on standard
    /// error naming the flag.
    @Test(arguments: [
        (["--group-size", "4", "--ref", "0.4,0.4,0.2", "--preference", intransitive], "--group-size"),
        (["--group-size", "2", "--ref", "0.4,0.4,0.2", "--preference", "0,0.65,0.3;0.35,0,0.55;0.7,0.45"], "--preference"),
        (["--group-size", "4", "--ref", "0.4,0.4,0.2", "--preference", "0,0.65,0.3;0.35,0,0.55;0.7,0.45"], "--preference"),
        (["--group-size", "2", "--ref", "0.5,0.5", "--reward-levels", "0,1",
          "--reward-probabilities", "0.5,0.49999999999999999999;0.5,0.5"], "--reward-probabilities"),
    ])
    func invalidRewardFlagsAreUsageErrors(_ arguments: [String], flag: String) throws {
        let result = try grpoVerify(["solve", "--beta", "0.25"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "exactly one line: \(result.stderr)")
        #expect(lines.first?.contains(flag) == true, "\(result.stderr)")
    }

    /// The same preference matrix with rows summing to exactly 1 is accepted (the rule is on
    /// the decimals, not on a rounded sum).
    @Test func rowsSummingToOneExactlyAreAccepted() throws {
        let result = try grpoVerify(["solve", "--beta", "0.25", "--group-size", "2", "--ref", "0.5,0.5", "--reward-levels", "0,1",
                                     "--reward-probabilities", "0.5,0.50000000000000000000;0.25,0.75", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try json(result.stdout)["verified"] as? Bool == true)
    }
}
