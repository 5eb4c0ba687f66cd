import Multiprecision

/// A question with `K ≥ 2` candidate answers: the reference policy and the reward model.
///
/// Built only through the throwing initialiser: one reference probability in `[0, 1]` per
/// answer of the reward model, summing to exactly 1 (decided on the decimals).
public struct Question: Hashable, Sendable {
    /// `π_ref(o)` for each answer; they sum to 1.
    public let references: [DecimalNumber]
    /// How the answers are rewarded.
    public let rewards: RewardModel

    public init(references: [DecimalNumber], rewards: RewardModel) throws(RewardModel.Problem) {
        guard references.count == rewards.answerCount else {
            throw RewardModel.Problem(.references, field: "references", reason: "has \(references.count) entries but the rewards describe "
                                      + "\(rewards.answerCount) answers; expected one per answer")
        }
        guard references.count >= 2 else {
            throw RewardModel.Problem(.references, field: "references", reason: "a question needs at least 2 answers")
        }
        for (o, r) in references.enumerated() where r.order(comparedWith: .zero) < 0 || r.order(comparedWith: .one) > 0 {
            throw RewardModel.Problem(.references, field: "references[\(o + 1)]", reason: "\(r) is outside [0, 1]")
        }
        guard DecimalNumber.order(ofSum: references, comparedWith: .one) == 0 else {
            throw RewardModel.Problem(.references, field: "references", reason: "the reference probabilities must sum to exactly 1")
        }
        self.references = references
        self.rewards = rewards
    }

    /// A question with Bernoulli rewards of success probabilities `successes`.
    public init(references: [DecimalNumber], successes: [DecimalNumber]) throws(RewardModel.Problem) {
        try self.init(references: references, rewards: .bernoulli(successes))
    }

    public var count: Int { references.count }

    /// `s_o` when the rewards are Bernoulli (nil for other reward models).
    public var successes: [DecimalNumber]? { rewards.successes }

    /// The answers the reference gives, `π_ref(o) > 0`: the only ones a policy can hold, since
    /// (11) and the direct-KL condition both give `π(o) = 0` where `π_ref(o) = 0`.
    public var support: [Int] { references.indices.filter { !references[$0].isZero } }

    /// Values given for the answers `kept`, placed at their answers, `outside` at the others.
    public func placing<T>(_ values: [T], at kept: [Int], outside: T) -> [T] {
        var all = [T](repeating: outside, count: count)
        for (value, o) in zip(values, kept) { all[o] = value }
        return all
    }

    /// The question on the answers of the reference support, in order (nil with fewer than two).
    public var onSupport: Question? {
        let kept = support
        // The support holds every reference probability, so they still sum to 1.
        return kept.count < 2 ? nil : try? Question(references: kept.map { references[$0] }, rewards: rewards.restricted(to: kept))
    }
}

/// One configuration of GRPO on a `Question`.
///
/// Built only through the throwing initialiser, which applies the group size's and `β`'s rules
/// (as `BinarySetting`) and the reward model's (`RewardRule.problem`): a preference matrix needs groups of two and a scale
/// normalisation, reward levels a group size whose composition sums stay within their bound.
public struct GeneralSetting: Hashable, Sendable {
    public let question: Question
    public let groupSize: GroupSize
    public let penalty: Penalty
    public let normalisation: AdvantageNormalisation
    public let beta: DecimalNumber
    public let effectiveBeta: EffectiveBeta

    public init(question: Question, groupSize: GroupSize, penalty: Penalty = .reverse,
                normalisation: AdvantageNormalisation = .population, beta: DecimalNumber,
                effectiveBeta: EffectiveBeta = .given) throws(RewardModel.Problem) {
        if let problem = GroupSize.problem(groupSize, beta: beta) { throw problem }
        if let problem = question.rewards.rule.problem(groupSize: groupSize, normalisation: normalisation) {
            throw problem
        }
        self.question = question
        self.groupSize = groupSize
        self.penalty = penalty
        self.normalisation = normalisation
        self.beta = beta
        self.effectiveBeta = effectiveBeta
    }

    /// This setting with some of its choices replaced, under the same rules.
    public func with(penalty: Penalty? = nil, normalisation: AdvantageNormalisation? = nil, beta: DecimalNumber? = nil,
                     effectiveBeta: EffectiveBeta? = nil) throws(RewardModel.Problem) -> GeneralSetting {
        try GeneralSetting(question: question, groupSize: groupSize, penalty: penalty ?? self.penalty,
                           normalisation: normalisation ?? self.normalisation, beta: beta ?? self.beta,
                           effectiveBeta: effectiveBeta ?? self.effectiveBeta)
    }

    /// The `β` the stationary conditions use, at `precision` bits: as given, or
    /// `β sqrt(G/(G − 1))` for `EffectiveBeta.besselEquivalent` at finite `G`.
    public func regularisation<T: RealArithmetic>(precision: Int) -> T {
        let given = T(beta, precision: precision)
        guard effectiveBeta == .besselEquivalent, case .finite(let g) = groupSize else { return given }
        return given * (T(g, precision: precision) / (g - 1)).squareRoot()
    }

    /// The binary question this setting is, when it is one: two answers with deterministic
    /// rewards 1 and 0 (the better one first) at a configuration the binary model has. The
    /// model's fast path: the gap form of (11) and the paper's closed forms.
    public var binary: BinarySetting? {
        guard question.count == 2, effectiveBeta == .given, let s = question.successes,
              s[0].isNumericallyEqual(to: .one), s[1].isZero else { return nil }
        return try? BinarySetting(groupSize: groupSize, penalty: penalty, beta: beta, reference: question.references[0],
                                  confidenceMargin: .one, normalisation: normalisation)
    }

    /// The setting on the reference support (nil with fewer than two answers there).
    public var onSupport: GeneralSetting? {
        question.onSupport.flatMap { try? with(question: $0) }
    }

    private func with(question: Question) throws(RewardModel.Problem) -> GeneralSetting {
        try GeneralSetting(question: question, groupSize: groupSize, penalty: penalty, normalisation: normalisation,
                           beta: beta, effectiveBeta: effectiveBeta)
    }
}

/// The regularisation a model uses: `β` as given, or `β_eff = β sqrt(G/(G − 1))`, at which the
/// population normalisation has exactly the stationary points of `bessel` at `β` (every Bessel
/// advantage is the population one times `sqrt((G − 1)/G)`).
public enum EffectiveBeta: Hashable, Sendable {
    case given
    case besselEquivalent
}
