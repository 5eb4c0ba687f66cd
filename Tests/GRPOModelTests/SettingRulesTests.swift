import GRPOModel
import Multiprecision
import Testing

/// A setting that breaks a rule of the model cannot be built: each initialiser throws, naming
/// the field, and everything just inside the rules builds.
@Suite struct SettingRules {
    static func d(_ text: String) -> DecimalNumber { try! DecimalNumber(text) }

    static func binary(_ g: GroupSize, _ penalty: Penalty = .reverse, beta: String = "0.1", ref: String = "0.3",
                       margin: String = "1") throws(RewardModel.Problem) -> BinarySetting {
        try BinarySetting(groupSize: g, penalty: penalty, beta: d(beta), reference: d(ref), confidenceMargin: d(margin))
    }

    @Test(arguments: [
        (GroupSize.finite(1), Penalty.reverse, "0.1", "0.3", "1", "group-size"),
        (.finite(GroupSize.maximumFinite + 1), .reverse, "0.1", "0.3", "1", "group-size"),
        (.two, .reverse, "0", "0.3", "1", "beta"),
        (.two, .reverse, "-1e-30", "0.3", "1", "beta"),
        (.two, .reverse, "0.1", "1.0000000000000000000001", "1", "ref"),
        (.two, .reverse, "0.1", "0.3", "0", "margin"),
        (.two, .reverse, "0.1", "0.3", "1.000001", "margin"),
        (.finite(4), .direct, "0.1", "0.3", "1", "penalty"),
        (.infinite, .reverse, "0.1", "0.3", "0.5", "margin"),
    ] as [(GroupSize, Penalty, String, String, String, String)])
    func brokenBinarySettingsThrowNamingTheField(_ g: GroupSize, _ penalty: Penalty, _ beta: String, _ ref: String,
                                                 _ margin: String, _ field: String) {
        do {
            Issue.record("built \(try Self.binary(g, penalty, beta: beta, ref: ref, margin: margin))")
        } catch {
            #expect(error.field == field, "\(error)")
        }
    }

    @Test func settingsAtTheEdgesOfTheRulesBuild() throws {
        for (g, penalty, beta, ref, margin) in [
            (GroupSize.two, Penalty.reverse, "1e-400", "0", "1e-400"), (.two, .direct, "1e400", "1", "1"),
            (.finite(GroupSize.maximumFinite), .reverse, "0.1", "0.5", "1"), (.infinite, .reverse, "7", "1", "1"),
        ] as [(GroupSize, Penalty, String, String, String)] {
            let s = try Self.binary(g, penalty, beta: beta, ref: ref, margin: margin)
            #expect(s.groupSize == g && s.penalty == penalty)
        }
    }

    @Test func replacingAChoiceKeepsTheRules() throws {
        let s = try Self.binary(.two, margin: "0.5")
        #expect(throws: RewardModel.Problem.self) { try s.with(reference: Self.d("2")) }
        #expect(throws: RewardModel.Problem.self) { try s.with(beta: Self.d("0")) }
        #expect(try s.with(beta: Self.d("0.2")).beta == Self.d("0.2"))
    }

    @Test func aQuestionSettingAppliesTheGroupSizeAndBetaRules() throws {
        let question = try Question(references: [Self.d("0.5"), Self.d("0.5")],
                                    rewards: try .bernoulli([Self.d("1"), Self.d("0")]))
        for (g, beta, field) in [(GroupSize.finite(1), "0.1", "group-size"), (.two, "0", "beta"), (.infinite, "-2", "beta")] {
            let error = #expect(throws: RewardModel.Problem.self) {
                try GeneralSetting(question: question, groupSize: g, beta: Self.d(beta))
            }
            #expect(error?.field == field)
        }
        #expect(try GeneralSetting(question: question, groupSize: .finite(3), beta: Self.d("0.1")).binary != nil)
    }
}
