import Multiprecision

/// A finite reward distribution per answer: levels `v_1 < … < v_L` and `D_o(ℓ)`, the probability
/// that answer `o` is rewarded `v_ℓ`. Deterministic graded rewards are one level per answer.
///
/// A group member's reward is drawn from the mixture `m = Σ_o π(o) D_o`, so
/// `P_G(o|π) = Σ_ℓ D_o(ℓ) a_ℓ(m)` with the level advantages `a_ℓ` of `LevelAdvantages` (the
/// composition sums at finite G, (13) at G = ∞), and
/// `∂P_G(o|π)/∂π_j = Σ_ℓ D_o(ℓ) Σ_k ∂a_ℓ/∂m_k D_j(k)`.
public struct LevelRewards: RewardRule {
    public let levels: [DecimalNumber]
    /// `D_o(ℓ)`, one row per answer, one column per level.
    public let probabilities: [[DecimalNumber]]

    /// A distribution per answer over `levels` (any order, distinct, at least two): each row in
    /// `[0, 1]` summing to exactly 1. Levels are put in increasing order, with the columns.
    public init(levels: [DecimalNumber], probabilities: [[DecimalNumber]]) throws(RewardModel.Problem) {
        guard levels.count >= 2 else { throw RewardModel.Problem(field: "levels", reason: "needs at least 2 reward levels") }
        let order = levels.indices.sorted { levels[$0].order(comparedWith: levels[$1]) < 0 }
        for (a, b) in zip(order, order.dropFirst()) where levels[a].isNumericallyEqual(to: levels[b]) {
            throw RewardModel.Problem(field: "levels", reason: "\(levels[a]) and \(levels[b]) are the same level")
        }
        for (o, row) in probabilities.enumerated() {
            guard row.count == levels.count else {
                throw RewardModel.Problem(field: "probabilities[\(o + 1)]",
                                          reason: "has \(row.count) entries; expected one per level (\(levels.count))")
            }
            for q in row where !RewardModel.isProbability(q) {
                throw RewardModel.Problem(field: "probabilities[\(o + 1)]", reason: "\(q) is outside [0, 1]")
            }
            guard DecimalNumber.order(ofSum: row, comparedWith: .one) == 0 else {
                throw RewardModel.Problem(field: "probabilities[\(o + 1)]", reason: "the row must sum to exactly 1")
            }
        }
        self.init(valid: order.map { levels[$0] }, probabilities.map { row in order.map { row[$0] } })
    }

    /// Deterministic graded rewards `r_o` (any decimals, ties allowed): the levels are the
    /// distinct values in increasing order, each answer certain of its own. When every answer
    /// has the same reward `r`, a second level that no answer takes (0, or 1 when `r = 0`) keeps
    /// two levels (every group is then tied and every advantage 0, as with one level).
    public init(graded rewards: [DecimalNumber]) {
        var levels: [DecimalNumber] = []
        for r in rewards.sorted(by: { $0.order(comparedWith: $1) < 0 })
        where levels.last.map({ !$0.isNumericallyEqual(to: r) }) ?? true {
            levels.append(r)
        }
        if levels.count == 1, let r = levels.first {
            levels = r.isZero ? [r, .one] : r.order(comparedWith: .zero) > 0 ? [.zero, r] : [r, .zero]
        }
        self.init(valid: levels, rewards.map { r in levels.map { $0.isNumericallyEqual(to: r) ? DecimalNumber.one : .zero } })
    }

    private init(valid levels: [DecimalNumber], _ probabilities: [[DecimalNumber]]) {
        self.levels = levels
        self.probabilities = probabilities
    }

    /// `r_o` when every answer is certain of one level (deterministic graded rewards).
    public var gradedRewards: [DecimalNumber]? {
        var rewards: [DecimalNumber] = []
        for row in probabilities {
            guard let k = row.firstIndex(where: { !$0.isZero }), row[k].order(comparedWith: .one) == 0 else { return nil }
            rewards.append(levels[k])
        }
        return rewards
    }

    public var answerCount: Int { probabilities.count }
    public func restricted(to kept: [Int]) -> LevelRewards { LevelRewards(valid: levels, kept.map { probabilities[$0] }) }

    public var echo: [(key: String, value: [[String]])] {
        if let r = gradedRewards { return [("rewards", [r.map(\.text)])] }
        return [("reward_levels", [levels.map(\.text)]), ("reward_probabilities", probabilities.map { $0.map(\.text) })]
    }

    /// The composition sums must stay within `LevelAdvantages.maximumTerms`.
    public func problem(groupSize: GroupSize, normalisation: AdvantageNormalisation) -> RewardModel.Problem? {
        do {
            _ = try LevelAdvantages(levels: levels, groupSize: groupSize, normalisation: normalisation)
            return nil
        } catch {
            guard case .tooManyCompositions(let count) = error else { return nil }
            return RewardModel.Problem(.groupSize, field: "group size",
                reason: "\(levels.count) reward levels at G = \(groupSize) need "
                    + "\(count.map(String.init) ?? "more than 2^63") composition terms; at most \(LevelAdvantages.maximumTerms)")
        }
    }

    public func preferences<T: RealArithmetic>(groupSize: GroupSize, normalisation: AdvantageNormalisation,
                                               precision: Int) -> RewardPreferences<T> {
        // `problem` accepted the composition count.
        let model = try! LevelAdvantages(levels: levels, groupSize: groupSize, normalisation: normalisation)
        let rows = probabilities.map { $0.map { T($0, precision: precision) } }
        let evaluate = { (pi: [T], derivatives: Bool) -> (values: [T], jacobian: [[T]]?) in
            let m = (0..<model.levels.count).map { k in dot(pi, rows.map { $0[k] }) }
            let (a, da) = model.advantages(at: m, derivatives: derivatives)
            let values = rows.map { dot($0, a) }
            guard let da else { return (values, nil) }
            let slopes = rows.map { row in (0..<m.count).map { k in dot(row, da.map { $0[k] }) } }
            return (values, slopes.map { slope in rows.map { dot(slope, $0) } })
        }
        let scale = RewardPreferences<T>.largestRowSum(precision: precision, answerCount: rows.count, evaluate: evaluate)
        return RewardPreferences(precision: precision, answerCount: rows.count, scale: scale, evaluate: evaluate)
    }
}

extension RewardModel {
    /// A reward distribution per answer (`LevelRewards`).
    public static func distribution(levels: [DecimalNumber], probabilities: [[DecimalNumber]]) throws(Problem) -> RewardModel {
        RewardModel(try LevelRewards(levels: levels, probabilities: probabilities))
    }

    /// Deterministic graded rewards (`LevelRewards(graded:)`).
    public static func graded(_ rewards: [DecimalNumber]) -> RewardModel { RewardModel(LevelRewards(graded: rewards)) }
}
