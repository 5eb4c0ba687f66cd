import GRPOModel
import Multiprecision
import Testing
import Verification

/// `variants` at matched temperatures (proofs/rlhf-nlhf-equivalence.md): direct KL at G = 2 is
/// RLHF at β and NLHF at β/2, shift-only direct KL is RLHF at βG/(G − 1). RLHF's policy is
/// computed here from (4), `π(o) ∝ π_ref(o) e^{s_o/β′}`.
@Suite struct MatchedTemperatures {
    static func rlhf(_ references: [String], _ successes: [String], beta: BigFloat) -> [BigFloat] {
        let weights = zip(references, successes).map { r, s in
            try! BigFloat(decimal: r, precision: 256) * (try! BigFloat(decimal: s, precision: 256) / beta).exp()
        }
        let total = weights.dropFirst().reduce(weights[0], +)
        return weights.map { $0 / total }
    }

    @Test(arguments: [GroupSize.two, .finite(5)])
    func directKLIsRLHFAtTheMatchedTemperature(_ g: GroupSize) throws {
        let (refs, successes) = (["0.2", "0.3", "0.5"], ["0.9", "0.4", "0.1"])
        let question = try Question(references: refs.map { try DecimalNumber($0) }, successes: successes.map { try DecimalNumber($0) })
        let setting = try GeneralSetting(question: question, groupSize: g, beta: try DecimalNumber("0.3"))
        let v = try VariantsAnalysis(setting, digits: 25)
        #expect(v.passed)
        #expect(v.matchedTemperatures.count == (g == .two ? 3 : 1))
        #expect(v.matchedTemperatures.allSatisfy { $0.digits >= 25 })
        let beta = try BigFloat(decimal: "0.3", precision: 256)
        let shifted = g.finiteValue.map { beta * $0 / ($0 - 1) }!
        let shiftOnly = try #require(v.rows.first { $0.label == "shift" && $0.penalty == "direct" })
        for (x, y) in zip(shiftOnly.policy, Self.rlhf(refs, successes, beta: shifted)) {
            #expect(EarnedDigits.agreement(x, y, cap: 25) >= 25)
        }
        if g == .two {
            let population = try #require(v.rows.first { $0.label == "population" && $0.penalty == "direct" })
            for (x, y) in zip(population.policy, Self.rlhf(refs, successes, beta: beta)) {
                #expect(EarnedDigits.agreement(x, y, cap: 25) >= 25)
            }
        }
    }
}
