import Multiprecision

/// A question with `K ≥ 2` candidate answers: the reference policy and, for each answer, the
/// probability that its 0/1 reward is 1 (deterministic rewards are success rates 0 or 1).
public struct Question: Hashable, Sendable {
    /// `π_ref(o)` for each answer; they sum to 1.
    public let references: [DecimalNumber]
    /// `s_o = P(r = 1 | o)` for each answer.
    public let successes: [DecimalNumber]

    public init(references: [DecimalNumber], successes: [DecimalNumber]) {
        precondition(references.count == successes.count && references.count >= 2)
        self.references = references
        self.successes = successes
    }

    public var count: Int { references.count }

    /// The binary question of Section 3 with deterministic rewards: `a` always right.
    public static func binary(reference: DecimalNumber) -> Question {
        let one = try! DecimalNumber("1"), zero = try! DecimalNumber("0")
        let complement = try! DecimalNumber((1 - reference.value(precision: 4096)).decimalString(significantDigits: 1200))
        return Question(references: [reference, complement], successes: [one, zero])
    }
}

/// One configuration of GRPO on a `Question`.
public struct GeneralSetting: Hashable, Sendable {
    public var question: Question
    public var groupSize: GroupSize
    public var penalty: Penalty
    public var normalisation: AdvantageNormalisation
    public var beta: DecimalNumber

    public init(question: Question, groupSize: GroupSize, penalty: Penalty = .reverse,
                normalisation: AdvantageNormalisation = .population, beta: DecimalNumber) {
        self.question = question
        self.groupSize = groupSize
        self.penalty = penalty
        self.normalisation = normalisation
        self.beta = beta
    }
}
