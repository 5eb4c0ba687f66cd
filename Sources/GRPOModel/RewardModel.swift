import Multiprecision

/// How the rewards of a question's answers are drawn: all that GRPO's advantages see of them.
///
/// Built only through the throwing initialisers, so a reward model that exists is valid:
/// probabilities in `[0, 1]`, rows summing to exactly 1, preferences with `P_ij + P_ji ≤ 1`,
/// every fact decided on the decimals themselves.
public struct RewardModel: Hashable, Sendable {
    public let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// The reward models.
    public enum Kind: Hashable, Sendable {
        /// 0/1 rewards: answer `o` is rewarded 1 with probability `s_o` (deterministic: `s_o ∈ {0, 1}`).
        case bernoulli(successes: [DecimalNumber])
        /// A finite reward distribution per answer: levels `v_1 < … < v_L` and `D_o(ℓ)`, the
        /// probability that answer `o` is rewarded `v_ℓ` (derived: the composition sums of `LevelAdvantages`). Deterministic graded rewards
        /// are one level per answer.
        case distribution(levels: [DecimalNumber], probabilities: [[DecimalNumber]])
        /// A pairwise preference, for groups of two only: `P_ij = P(o_i ≻ o_j)`, the rest ties;
        /// any `K`, intransitive allowed. (12): `P_2(o_i|π) = Σ_j π_j (P_ij − P_ji)`.
        case preference(matrix: [[DecimalNumber]])
    }

    /// Why a reward model, a question or a setting cannot be built: `subject` says which part
    /// of the input, `field` names the entry, `reason` says what is wrong.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Subject: Sendable { case rewards, references, groupSize, normalisation }
        public let subject: Subject
        public let field: String
        public let reason: String
        public init(_ subject: Subject = .rewards, field: String, reason: String) {
            self.subject = subject
            self.field = field
            self.reason = reason
        }
        public var description: String { "\(field): \(reason)" }
    }

    /// Bernoulli rewards with success probabilities in `[0, 1]`.
    public static func bernoulli(_ successes: [DecimalNumber]) throws(Problem) -> RewardModel {
        for (o, s) in successes.enumerated() where !isProbability(s) {
            throw Problem(field: "successes[\(o + 1)]", reason: "\(s) is outside [0, 1]")
        }
        return RewardModel(.bernoulli(successes: successes))
    }

    /// Deterministic graded rewards `r_o` (any decimals, ties allowed): the levels are the
    /// distinct values in increasing order, each answer certain of its own. When every answer
    /// has the same reward `r`, a second level that no answer takes (0, or 1 when `r = 0`) keeps
    /// two levels (every group is then tied and every advantage 0, as with one level).
    public static func graded(_ rewards: [DecimalNumber]) -> RewardModel {
        var levels: [DecimalNumber] = []
        for r in rewards.sorted(by: { $0.order(comparedWith: $1) < 0 })
        where levels.last.map({ !$0.isNumericallyEqual(to: r) }) ?? true {
            levels.append(r)
        }
        if levels.count == 1, let r = levels.first {
            levels = r.isZero ? [r, .one] : r.order(comparedWith: .zero) > 0 ? [.zero, r] : [r, .zero]
        }
        let rows = rewards.map { r in levels.map { $0.isNumericallyEqual(to: r) ? DecimalNumber.one : .zero } }
        return RewardModel(.distribution(levels: levels, probabilities: rows))
    }

    /// A reward distribution per answer over `levels` (any order, distinct): each row in
    /// `[0, 1]` summing to exactly 1. Levels are put in increasing order, with the columns.
    public static func distribution(levels: [DecimalNumber], probabilities: [[DecimalNumber]]) throws(Problem) -> RewardModel {
        guard levels.count >= 2 else { throw Problem(field: "levels", reason: "needs at least 2 reward levels") }
        let order = levels.indices.sorted { levels[$0].order(comparedWith: levels[$1]) < 0 }
        for (a, b) in zip(order, order.dropFirst()) where levels[a].isNumericallyEqual(to: levels[b]) {
            throw Problem(field: "levels", reason: "\(levels[a]) and \(levels[b]) are the same level")
        }
        for (o, row) in probabilities.enumerated() {
            guard row.count == levels.count else {
                throw Problem(field: "probabilities[\(o + 1)]", reason: "has \(row.count) entries; expected one per level (\(levels.count))")
            }
            for q in row where !isProbability(q) {
                throw Problem(field: "probabilities[\(o + 1)]", reason: "\(q) is outside [0, 1]")
            }
            guard DecimalNumber.order(ofSum: row, comparedWith: .one) == 0 else {
                throw Problem(field: "probabilities[\(o + 1)]", reason: "the row must sum to exactly 1")
            }
        }
        return RewardModel(.distribution(levels: order.map { levels[$0] },
                                         probabilities: probabilities.map { row in order.map { row[$0] } }))
    }

    /// A `K × K` preference matrix with entries in `[0, 1]` and `P_ij + P_ji ≤ 1` for every pair.
    public static func preference(_ matrix: [[DecimalNumber]]) throws(Problem) -> RewardModel {
        for (i, row) in matrix.enumerated() {
            guard row.count == matrix.count else {
                throw Problem(field: "row \(i + 1)", reason: "has \(row.count) entries; expected \(matrix.count) (a square matrix)")
            }
            for (j, p) in row.enumerated() {
                guard isProbability(p) else { throw Problem(field: "P\(i + 1)\(j + 1)", reason: "\(p) is outside [0, 1]") }
                guard j >= i || DecimalNumber.order(ofSum: [p, matrix[j][i]], comparedWith: .one) <= 0 else {
                    throw Problem(field: "P\(j + 1)\(i + 1) + P\(i + 1)\(j + 1)", reason: "exceeds 1")
                }
            }
        }
        return RewardModel(.preference(matrix: matrix))
    }

    /// The number of answers the model describes.
    public var answerCount: Int {
        switch kind {
        case .bernoulli(let s): s.count
        case .distribution(_, let rows): rows.count
        case .preference(let m): m.count
        }
    }

    /// `s_o` for Bernoulli rewards (nil for the other models).
    public var successes: [DecimalNumber]? {
        if case .bernoulli(let s) = kind { return s }
        return nil
    }

    /// `r_o` when every answer is certain of one reward level (deterministic graded rewards).
    public var gradedRewards: [DecimalNumber]? {
        guard case .distribution(let levels, let rows) = kind else { return nil }
        var rewards: [DecimalNumber] = []
        for row in rows {
            guard let k = row.firstIndex(where: { !$0.isZero }), row[k].order(comparedWith: .one) == 0 else { return nil }
            rewards.append(levels[k])
        }
        return rewards
    }

    /// The model on the answers `kept`, in order (preference: the submatrix; the levels stay).
    public func restricted(to kept: [Int]) -> RewardModel {
        switch kind {
        case .bernoulli(let s): RewardModel(.bernoulli(successes: kept.map { s[$0] }))
        case .distribution(let levels, let rows): RewardModel(.distribution(levels: levels, probabilities: kept.map { rows[$0] }))
        case .preference(let m): RewardModel(.preference(matrix: kept.map { i in kept.map { m[i][$0] } }))
        }
    }

    /// The answers' rewards as the flags give them, for echoing a setting: `successes`,
    /// `rewards` (graded), `reward_levels` with `reward_probabilities`, or `preference`.
    public var echo: [(key: String, value: [[String]])] {
        if let r = gradedRewards { return [("rewards", [r.map(\.text)])] }
        return switch kind {
        case .bernoulli(let s): [("successes", [s.map(\.text)])]
        case .distribution(let levels, let rows): [("reward_levels", [levels.map(\.text)]), ("reward_probabilities", rows.map { $0.map(\.text) })]
        case .preference(let m): [("preference", m.map { $0.map(\.text) })]
        }
    }

    private static func isProbability(_ x: DecimalNumber) -> Bool {
        x.order(comparedWith: .zero) >= 0 && x.order(comparedWith: .one) <= 0
    }
}
