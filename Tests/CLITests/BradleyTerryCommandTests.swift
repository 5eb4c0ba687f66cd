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

/// A question's table: the JSON `check` re-verifies, shards `merge` joins into the single run's
/// table byte for byte, and a changed digit `check` refuses.
@Suite struct QuestionTableFiles {
    @Test func shardsMergeAndCheck() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("question-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let flags = ["table", "--ref", "0.4,0.4,0.2", "--preference", "0,0.65,0.3;0.35,0,0.55;0.7,0.45,0",
                     "--group-size", "2", "--penalty", "reverse", "--beta", "0.25,1", "--digits", "12", "--format", "json"]
        let whole = try grpoVerify(flags)
        #expect(whole.status == 0, "\(whole.stderr)")
        var shards: [String] = []
        for i in 1...2 {
            let shard = try grpoVerify(flags + ["--shard", "\(i)/2"])
            let path = folder.appendingPathComponent("s\(i).json").path
            try shard.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            shards.append(path)
        }
        let merged = try grpoVerify(["merge"] + shards)
        #expect(merged.status == 0 && merged.stdout == whole.stdout)
        let file = folder.appendingPathComponent("whole.json")
        try whole.stdout.write(to: file, atomically: true, encoding: .utf8)
        #expect(try grpoVerify(["check", "--golden", file.path]).status == 0)
        let rows = try #require(try json(whole.stdout)["rows"] as? [[String: Any]])
        let value = try #require(rows[0]["pi_1"] as? String)
        let last = value.last!, changed = String(value.dropLast()) + (last == "9" ? "8" : String(Character(UnicodeScalar(last.asciiValue! + 1))))
        try whole.stdout.replacingOccurrences(of: "\"\(value)\"", with: "\"\(changed)\"").write(to: file, atomically: true, encoding: .utf8)
        #expect(try grpoVerify(["check", "--golden", file.path]).status == 1)
    }
}
