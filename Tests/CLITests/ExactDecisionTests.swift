import Foundation
import Multiprecision
import Testing

/// Exact facts about the user's decimals are decided on the decimals, and input is counted and
/// screened before any work: each case here was once decided on a rounding or expanded first.
@Suite(.serialized) struct ExactDecisions {
    /// π_ref(a) = 1 − 10^−23 is not 1: the policy is the root of (17), not π_ref itself.
    @Test func referenceJustBelowOneIsSolvedAndCertified() throws {
        let ref = "0.99999999999999999999999"
        let result = try grpoVerify(["solve", "--group-size", "2", "--beta", "0.04", "--ref", ref,
                                     "--digits", "30", "--certify", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        let expected = Reference.groupsOfTwo(beta: "0.04", ref: ref).decimalString(significantDigits: 30)
        #expect(object["policy"] as? String == expected)
        #expect(expected != "1.00000000000000000000000000000" && expected.hasPrefix("0.9999999999999999999999996"))
        #expect(object["certified_digits"] as? Int == 30)
    }

    /// γ = 1 − 10^−23 is below 1: refused for G ≠ 2, and used (not ignored) for G = 2, where the
    /// policy is the root of `β(p − p_ref) = γ p(1 − p)` (17).
    @Test func marginJustBelowOneIsBelowOne() throws {
        let margin = "0.99999999999999999999999"
        let refused = try grpoVerify(["solve", "--group-size", "64", "--beta", "0.04", "--ref", "0.3", "--margin", margin])
        #expect(refused.status == 2 && refused.stderr.contains("--margin"))
        let result = try grpoVerify(["solve", "--group-size", "2", "--beta", "0.04", "--ref", "0.3", "--margin", margin,
                                     "--digits", "40", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let b = Reference.number("0.04"), r = Reference.number("0.3"), g = Reference.number(margin)
        let expected = Reference.bisect(from: r) { p in b * (p - r) - g * p * (1 - p) }
        let atOne = Reference.groupsOfTwo(beta: "0.04", ref: "0.3").decimalString(significantDigits: 40)
        #expect(try json(result.stdout)["policy"] as? String == expected.decimalString(significantDigits: 40))
        #expect(expected.decimalString(significantDigits: 40) != atOne, "γ must not be read as 1")
    }

    /// A margin range counts its exact 1 for G ≠ 2: `0.5:1:0.25` holds 1, `0.5:0.99:0.25` does not.
    @Test func rangesCountTheirUnitMarginExactly() throws {
        for (margins, rows) in [("0.5:1:0.25", 1), ("0.25:1:0.25", 1), ("0.5:0.99:0.25", 0)] {
            let result = try grpoVerify(["table", "--group-size", "inf", "--penalty", "reverse", "--beta", "0.5",
                                         "--ref", "0.3", "--margin", margins, "--digits", "5", "--format", "csv"])
            if rows == 0 {
                #expect(result.status == 2 && result.stderr.contains("no grid point"))
            } else {
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stdout.split(whereSeparator: \.isNewline).count == 1 + rows, "\(margins)")
            }
        }
    }

    static let refused: [[String]] = [
        ["table", "--ref", "0:999999999999999:0.00000000000001"],
        ["table", "--ref", Array(repeating: "0:0.999998:0.000001", count: 20).joined(separator: ",")],
        ["table", "--beta", "0.001:1000:0.001", "--ref", "0.001:0.999:0.001"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--beta", "0.2"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--beta=0.2"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--digits", "+64"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--digits", "0064"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--group-size", "+8"],
        ["table", "--threads", "02"],
        ["help", "bogus"],
        ["help", "solve", "table"],
        ["--version", "--bogus"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--normalisation", "bessel-eps:0e5"],
    ]

    @Test(arguments: refused)
    func refusedInOneLine(_ arguments: [String]) throws {
        let result = try grpoVerify(arguments)
        #expect(result.status == 2, "\(arguments.prefix(6))")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.hasPrefix("grpo-verify: "))
    }

    @Test func helpAndVersionStillWork() throws {
        #expect(try grpoVerify(["help", "solve"]).status == 0)
        #expect(try grpoVerify(["--version"]).status == 0)
    }

    /// A 131,000-character argument is not echoed in full: the line keeps the flag and the range.
    @Test func longArgumentsAreShortenedInTheErrorLine() throws {
        let result = try grpoVerify(["solve", "--beta", "0.1", "--ref", String(repeating: "7", count: 131_000)])
        #expect(result.status == 2)
        #expect(result.stderr.count < 400 && result.stderr.contains("--ref") && result.stderr.contains("[0, 1]"))
        #expect(result.stderr.contains("characters left out"))
    }

    /// The trainers' normalisations as their source code computes them: `torch.std` (Bessel)
    /// plus ε, for TRL (1e-4), verl (1e-6) and OpenRLHF's `group_norm` (1e-9).
    @Test func trainerLabelsNameTheBesselNormalisation() throws {
        let help = try grpoVerify(["variants", "--help"]).stdout.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ").joined(separator: " ")
        for label in ["bessel-eps:1e-4 (TRL)", "bessel-eps:1e-6 (verl)", "bessel-eps:1e-9 (OpenRLHF"] {
            #expect(help.contains(label), "\(label)")
        }
        #expect(!help.contains("population-eps:1e-6 (verl)"))
    }

    /// An answer the reference never gives keeps π(o) = 0 for several answers as for a binary
    /// question: with it left out, `π_ref = (0.3, 0, 0.7)`, `s = (1, 0.5, 0)` at G = 2 is the
    /// binary question of (14).
    @Test func answersOutsideTheReferenceSupportStayAtZero() throws {
        let result = try grpoVerify(["solve", "--group-size", "2", "--beta", "0.04", "--ref", "0.3,0,0.7",
                                     "--success", "1,0.5,0", "--digits", "30", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let policy = try #require(try json(result.stdout)["policy"] as? [String])
        let a = Reference.groupsOfTwo(beta: "0.04", ref: "0.3")
        #expect(policy[0] == a.decimalString(significantDigits: 30))
        #expect(policy[1] == BigFloat(0, precision: 64).decimalString(significantDigits: 30))
        #expect(policy[2] == (1 - a).decimalString(significantDigits: 30))
    }

    /// A reference certain of one answer is its own stationary policy, for several answers as
    /// for a binary `--ref 1`; `check` reads the file back.
    @Test func aCertainReferenceIsItsOwnPolicy() throws {
        let result = try grpoVerify(["solve", "--beta", "0.1", "--ref", "0,1,0", "--success", "0.9,0.5,0.1",
                                     "--digits", "12", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let policy = try #require(try json(result.stdout)["policy"] as? [String])
        let (zero, one) = (BigFloat(0, precision: 64), BigFloat(1, precision: 64))
        #expect(policy == [zero, one, zero].map { $0.decimalString(significantDigits: 12) })
        let binary = try json(try grpoVerify(["solve", "--beta", "0.1", "--ref", "1", "--digits", "12", "--format", "json"]).stdout)
        #expect(binary["policy"] as? String == one.decimalString(significantDigits: 12))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("certain-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(result.stdout.utf8).write(to: file)
        #expect(try grpoVerify(["check", "--golden", file.path]).status == 0)
    }
}
