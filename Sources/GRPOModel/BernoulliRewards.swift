import Multiprecision

/// 0/1 rewards: answer `o` is rewarded 1 with probability `s_o` (deterministic: `s_o ∈ {0, 1}`).
///
/// `P_G(o|π) = (s_o − μ) W(μ)` with the success rate `μ = Σ_o π(o) s_o` and `W = U_G + V_G`
/// (proofs/finite-g-exact-sums.md; for G = ∞, `W_∞` of the normalisation), so
/// `∂P_G(o|π)/∂π_j = s_j ((s_o − μ) W′ − W)`. Every `P_G` depends on `π` through `μ` only: the
/// stationary condition reduces to one equation in `μ` (`SuccessRateModel`), the fast path.
public struct BernoulliRewards: RewardRule {
    public let successes: [DecimalNumber]

    /// Success probabilities in `[0, 1]`.
    public init(_ successes: [DecimalNumber]) throws(RewardModel.Problem) {
        for (o, s) in successes.enumerated() where !RewardModel.isProbability(s) {
            throw RewardModel.Problem(field: "successes[\(o + 1)]", reason: "\(s) is outside [0, 1]")
        }
        self.successes = successes
    }

    private init(valid successes: [DecimalNumber]) { self.successes = successes }

    public var answerCount: Int { successes.count }
    public func restricted(to kept: [Int]) -> BernoulliRewards { BernoulliRewards(valid: kept.map { successes[$0] }) }
    public var echo: [(key: String, value: [[String]])] { [("successes", [successes.map(\.text)])] }
    public func problem(groupSize: GroupSize, normalisation: AdvantageNormalisation) -> RewardModel.Problem? { nil }

    public func preferences<T: RealArithmetic>(groupSize: GroupSize, normalisation: AdvantageNormalisation,
                                               precision: Int) -> RewardPreferences<T> {
        let s = successes.map { T($0, precision: precision) }
        let sums = groupSize.finiteValue.map {
            BinomialRewardSums(groupSize: $0, precision: precision, normalisation: normalisation)
        }
        func weight(_ mu: T) -> (T, T) {
            guard let sums else { return normalisation.largeGroupWeight(at: mu) }
            let v = sums.values(at: mu)
            return (v.u + v.v, v.uDerivative + v.vDerivative)
        }
        // The scale of the binary iteration: W(½).
        let scale = weight(T(1, precision: precision) / 2).0
        return RewardPreferences(precision: precision, answerCount: s.count, scale: scale) { pi, derivatives in
            let mu = dot(pi, s)
            let (w, dw) = weight(mu)
            let values = s.map { ($0 - mu) * w }
            guard derivatives else { return (values, nil) }
            return (values, s.map { so in s.map { sj in sj * ((so - mu) * dw - w) } })
        }
    }
}

extension RewardModel {
    /// Bernoulli rewards with success probabilities in `[0, 1]` (`BernoulliRewards`).
    public static func bernoulli(_ successes: [DecimalNumber]) throws(Problem) -> RewardModel {
        RewardModel(try BernoulliRewards(successes))
    }
}
