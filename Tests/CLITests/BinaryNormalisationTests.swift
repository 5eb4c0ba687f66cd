import Foundation
import Multiprecision
import Testing

/// A binary question under the trainers' normalisations, against the stationarity condition
/// (11) solved by bisection with `P_G` summed from the definition of the advantage (2): every
/// count `k` of ones in the group, mean `k/G`, the normalisation's divisor plus ε.
@Suite(.serialized) struct BinaryNormalisations {
    /// `P_G(a|π) − P_G(b|π)` at `π(a) = p`, summing the advantage of a one among `n + 1` ones and
    /// of a zero among `n` ones over `n ~ Bin(G − 1, p)`; G = ∞ by (13) with the divisor `σ + ε`.
    static func gap(_ p: BigFloat, groupSize: Int?, bessel: Bool, epsilon: BigFloat, shift: Bool) -> BigFloat {
        guard let g = groupSize else {
            if shift { return BigFloat(1, precision: p.precision) }
            return 1 / ((p * (1 - p)).squareRoot() + epsilon)
        }
        func advantage(reward: Int, ones k: Int) -> BigFloat {
            let mean = BigFloat(k, precision: p.precision) / g
            let deviation = BigFloat(reward, precision: p.precision) - mean
            if shift { return deviation }
            let spread = BigFloat(k * (g - k), precision: p.precision) / (g * (bessel ? g - 1 : g))
            let divisor = spread.squareRoot() + epsilon
            return divisor.isZero ? BigFloat(0, precision: p.precision) : deviation / divisor
        }
        var total = BigFloat(0, precision: p.precision)
        var weight = (1 - p).power(g - 1)
        for n in 0..<g {
            total = total + weight * (advantage(reward: 1, ones: n + 1) - advantage(reward: 0, ones: n))
            weight = weight * (g - 1 - n) / (n + 1) * (p / (1 - p))
        }
        return total
    }

    static let cases: [(String, String)] = [
        ("8", "bessel-eps:1e-4"), ("8", "bessel"), ("8", "population-eps:1e-6"), ("2", "bessel-eps:1e-6"),
        ("2", "bessel"), ("5", "shift"), ("inf", "bessel-eps:1e-9"), ("inf", "shift"), ("64", "bessel-eps:1e-4"),
    ]

    @Test(arguments: cases)
    func policyMatchesTheDefinition(groupSize: String, normalisation: String) throws {
        let result = try grpoVerify(["solve", "--group-size", groupSize, "--beta", "0.04", "--ref", "0.3",
                                     "--normalisation", normalisation, "--digits", "40", "--certify", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        let epsilonText = normalisation.split(separator: ":").dropFirst().first.map(String.init) ?? "0"
        let epsilon = Reference.number(epsilonText)
        let beta = Reference.number("0.04"), ref = Reference.number("0.3")
        let expected = Reference.bisect(from: ref) { p in
            let delta = Self.gap(p, groupSize: Int(groupSize), bessel: normalisation.hasPrefix("bessel"),
                                 epsilon: epsilon, shift: normalisation == "shift")
            return p * (1 - (1 - p) * delta / beta) - ref
        }
        #expect(object["policy"] as? String == expected.decimalString(significantDigits: 40), "\(groupSize) \(normalisation)")
        #expect(object["certified_digits"] as? Int == 40)
        #expect(object["verified"] as? Bool == true)
    }

    /// The same question entered as two answers rewarded 1 and 0 is the binary question: the
    /// JSON is identical apart from the provenance (the input echo), for every normalisation
    /// and penalty, with and without `--certify` (old: a second pipeline with a list policy).
    @Test func binaryAndTwoAnswerFormsGiveIdenticalJSON() throws {
        let normalisations = ["population", "bessel", "population-eps:0.01", "bessel-eps:1e-4", "shift"]
        for normalisation in normalisations {
            for (penalty, groupSize) in [("reverse", "8"), ("reverse", "2"), ("direct", "2")] {
                for certify in [[], ["--certify"]] {
                    let common = ["--group-size", groupSize, "--penalty", penalty, "--beta", "0.04",
                                  "--normalisation", normalisation, "--digits", "30", "--format", "json"] + certify
                    let binary = try grpoVerify(["solve", "--ref", "0.3"] + common).stdout
                    let answers = try grpoVerify(["solve", "--ref", "0.3,0.7", "--success", "1,0"] + common).stdout
                    let label = "\(normalisation), \(penalty), G = \(groupSize), \(certify)"
                    let (a, b) = (withoutProvenance(binary), withoutProvenance(answers))
                    #expect(a != nil && a == b, "\(label)")
                    #expect(try json(binary)["policy"] is String, "\(label)")
                }
            }
        }
    }

    /// The JSON text with its first object member, the provenance, cut out (nil without one).
    func withoutProvenance(_ text: String) -> String? {
        guard let start = text.range(of: "  \"provenance\": {\n"),
              let end = text.range(of: "\n  },\n", range: start.upperBound..<text.endIndex) else { return nil }
        return String(text[..<start.lowerBound]) + String(text[end.upperBound...])
    }

    /// The normalisation is part of the setting: `check` recomputes under it, and a file whose
    /// provenance and setting disagree on it is malformed.
    @Test func checkRecomputesUnderTheRecordedNormalisation() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("normalisation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let solved = try grpoVerify(["solve", "--group-size", "8", "--beta", "0.04", "--ref", "0.3", "--normalisation",
                                     "bessel-eps:1e-4", "--digits", "30", "--certify", "--format", "json"])
        let file = folder.appendingPathComponent("bessel.json")
        try Data(solved.stdout.utf8).write(to: file)
        #expect(try grpoVerify(["check", "--golden", file.path]).status == 0)
        let object = try json(solved.stdout)
        let setting = try #require(object["setting"] as? [String: Any])
        #expect(setting["normalisation"] as? String == "bessel-eps:1e-4")
        let once = solved.stdout.replacingOccurrences(of: "\"normalisation\": \"bessel-eps:1e-4\"",
                                                      with: "\"normalisation\": \"population\"", options: [], range: nil)
        let firstOnly = solved.stdout.range(of: "\"normalisation\": \"bessel-eps:1e-4\"").map {
            solved.stdout.replacingCharacters(in: $0, with: "\"normalisation\": \"population\"")
        }
        try Data(try #require(firstOnly).utf8).write(to: file)
        #expect(try grpoVerify(["check", "--golden", file.path]).status == 2, "provenance and setting disagree")
        try Data(once.utf8).write(to: file)
        #expect(try grpoVerify(["check", "--golden", file.path]).status == 1, "the values are not the population's")
    }
}
