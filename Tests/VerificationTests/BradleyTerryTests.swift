import GRPOModel
import Multiprecision
import Testing
import TestSupport
import Verification

/// Bradley–Terry preferences `P_ij = w_i/(w_i + w_j)` against the independent reference given
/// the same matrix written out as decimals (strengths chosen so that every `P_ij` terminates).
@Suite struct BradleyTerryPreferences {
    /// `w = (1, 3, 7)`: `P_12 = 1/4`, `P_13 = 1/8`, `P_23 = 3/10`.
    static let strengths = ["1", "3", "7"]
    static let matrix = [["0", "0.25", "0.125"], ["0.75", "0", "0.3"], ["0.875", "0.7", "0"]]

    static func question(_ kl: QuestionReference.KL, beta: String) -> QuestionCase {
        let rewards = try! RewardModel.bradleyTerry(strengths.map(decimal))
        let refs = ["0.5", "0.3", "0.2"]
        let setting = try! GeneralSetting(question: Question(references: refs.map(decimal), rewards: rewards),
                                          groupSize: .two, penalty: QuestionCase.penalty(kl), beta: decimal(beta))
        return QuestionCase(name: "Bradley–Terry 1, 3, 7, \(kl)", setting: setting,
                            reference: .preference(references: refs, matrix: matrix, beta: beta, penalty: kl))
    }

    @Test(arguments: [QuestionReference.KL.reverse, .direct])
    func stationaryPolicyMatchesTheIndependentSolverToFiftyDigits(_ kl: QuestionReference.KL) throws {
        let c = Self.question(kl, beta: "0.2")
        let pi = try QuestionModel.independentPolicy(c)
        QuestionModel.agrees(c, try StationaryPolicy.solve(c.setting, digits: 50), pi)
    }

    @Test func strengthsMustBePositiveAndGroupsOfTwo() {
        #expect(throws: RewardModel.Problem.self) { try RewardModel.bradleyTerry(["1", "0"].map(decimal)) }
        let rewards = try! RewardModel.bradleyTerry(["1", "2"].map(decimal))
        let question = try! Question(references: ["0.5", "0.5"].map(decimal), rewards: rewards)
        #expect(throws: RewardModel.Problem.self) {
            try GeneralSetting(question: question, groupSize: .finite(3), beta: decimal("1"))
        }
    }
}

@Suite struct MethodsOfAQuestion {
    /// The success-rate equation needs Bernoulli rewards; asked alone of another model the
    /// check refuses (old: an empty list of outcomes, and a trap reading the first).
    @Test func noApplicableMethodIsRefused() {
        let rewards = try! RewardModel.preference([["0", "0.6"], ["0.4", "0"]].map { $0.map(decimal) })
        let setting = try! GeneralSetting(question: Question(references: ["0.5", "0.5"].map(decimal), rewards: rewards),
                                          groupSize: .two, beta: decimal("0.2"))
        #expect(throws: RewardModel.Problem.self) { try StationaryPolicy.solve(setting, digits: 10, methods: [.successRate]) }
    }
}
