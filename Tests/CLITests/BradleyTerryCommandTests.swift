import Foundation
import Testing

/// `--bradley-terry w_1,…,w_K`: the same stationary policy as `--preference` given the matrix
/// `P_ij = w_i/(w_i + w_j)` written out (strengths 1, 3, 7, for which every entry terminates).
@Suite struct BradleyTerryCommand {
    @Test func strengthsGiveThePolicyOfTheirMatrix() throws {
        let common = ["--beta", "0.2", "--ref", "0.5,0.3,0.2", "--digits", "30", "--format", "json", "--certify"]
        let strengths = try grpoVerify(["solve", "--bradley-terry", "1,3,7"] + common)
        let matrix = try grpoVerify(["solve", "--preference", "0,0.25,0.125;0.75,0,0.3;0.875,0.7,0"] + common)
        #expect(strengths.status == 0 && matrix.status == 0)
        let a = try json(strengths.stdout), b = try json(matrix.stdout)
        #expect(a["policy"] as? [String] != nil && a["policy"] as? [String] == b["policy"] as? [String])
        #expect((a["enclosure"] as? [[String]])?.count == 3)
    }

    @Test(arguments: [["--bradley-terry", "1,0,7"], ["--bradley-terry", "1,3"], ["--bradley-terry", "1,3,7", "--group-size", "4"],
                      ["--bradley-terry", "1,3,7", "--success", "1,0,0"]])
    func badStrengthsAreOneLineExitTwo(_ flags: [String]) throws {
        let result = try grpoVerify(["solve", "--beta", "0.2", "--ref", "0.5,0.3,0.2"] + flags)
        #expect(result.status == 2 && result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.hasPrefix("grpo-verify: --"))
    }
}
