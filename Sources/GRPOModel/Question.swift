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

    /// The answers the reference gives, `π_ref(o) > 0`: the only ones a policy can hold, since
    /// (11) and the direct-KL condition both give `π(o) = 0` where `π_ref(o) = 0`.
    public var support: [Int] { references.indices.filter { !references[$0].isZero } }

    /// Values given for the answers `kept`, placed at their answers, `outside` at the others.
    public func placing<T>(_ values: [T], at kept: [Int], outside: T) -> [T] {
        var all = [T](repeating: outside, count: count)
        for (value, o) in zip(values, kept) { all[o] = value }
        return all
    }

    /// The question on the answers `kept` (at least two), in order.
    public func restricted(to kept: [Int]) -> Question {
        Question(references: kept.map { references[$0] }, successes: kept.map { successes[$0] })
    }
}

/// One configuration of GRPO on a `Question`.
public struct GeneralSetting: Hashable, Sendable {
    public var question: Question
    public var groupSize: GroupSize
    public var penalty: Penalty
    public var normalisation: AdvantageNormalisation
    public var beta: DecimalNumber
    public var effectiveBeta: EffectiveBeta

    public init(question: Question, groupSize: GroupSize, penalty: Penalty = .reverse,
                normalisation: AdvantageNormalisation = .population, beta: DecimalNumber,
                effectiveBeta: EffectiveBeta = .given) {
        self.question = question
        self.groupSize = groupSize
        self.penalty = penalty
        self.normalisation = normalisation
        self.beta = beta
        self.effectiveBeta = effectiveBeta
    }
}

/// The regularisation a model uses: `β` as given, or `β_eff = β sqrt(G/(G − 1))`, at which the
/// population normalisation has exactly the stationary points of `bessel` at `β` (every Bessel
/// advantage is the population one times `sqrt((G − 1)/G)`).
public enum EffectiveBeta: Hashable, Sendable {
    case given
    case besselEquivalent
}
