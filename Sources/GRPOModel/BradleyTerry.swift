import Multiprecision

/// Bradley–Terry preferences, for groups of two: answer `o_i` has a strength `w_i > 0` and is
/// preferred to `o_j` with probability `P_ij = w_i/(w_i + w_j)`, never tied.
///
/// As for any preference matrix (12), `P_2(o_i|π) = c Σ_j π_j (P_ij − P_ji)
/// = c Σ_j π_j (w_i − w_j)/(w_i + w_j)`, with the winner's advantage `c` of the normalisation;
/// linear in `π`. The probabilities are rational in the strengths, not decimals, so they are
/// formed at the working precision (or enclosed, in intervals).
public struct BradleyTerry: RewardRule {
    public let strengths: [DecimalNumber]

    /// Strengths `w_i > 0`.
    public init(strengths: [DecimalNumber]) throws(RewardModel.Problem) {
        for (i, w) in strengths.enumerated() where w.order(comparedWith: .zero) <= 0 {
            throw RewardModel.Problem(field: "strengths[\(i + 1)]", reason: "\(w) is not > 0")
        }
        self.strengths = strengths
    }

    private init(valid strengths: [DecimalNumber]) { self.strengths = strengths }

    public var answerCount: Int { strengths.count }
    public func restricted(to kept: [Int]) -> BradleyTerry { BradleyTerry(valid: kept.map { strengths[$0] }) }
    public var echo: [(key: String, value: [[String]])] { [("bradley_terry", [strengths.map(\.text)])] }

    /// The rules of a preference matrix: groups of two, population or Bessel.
    public func problem(groupSize: GroupSize, normalisation: AdvantageNormalisation) -> RewardModel.Problem? {
        PreferenceMatrix.problem(groupSize: groupSize, normalisation: normalisation)
    }

    public func preferences<T: RealArithmetic>(groupSize: GroupSize, normalisation: AdvantageNormalisation,
                                               precision: Int) -> RewardPreferences<T> {
        let c: T = normalisation.winnerAdvantageOfGroupsOfTwo(precision: precision)
        let w = strengths.map { T($0, precision: precision) }
        let a = w.indices.map { i in w.indices.map { j in (w[i] - w[j]) / (w[i] + w[j]) * c } }
        return PreferenceMatrix.preferences(a, precision: precision)
    }
}

extension RewardModel {
    /// Bradley–Terry preferences of strengths `w_i > 0` (`BradleyTerry`).
    public static func bradleyTerry(_ strengths: [DecimalNumber]) throws(Problem) -> RewardModel {
        RewardModel(try BradleyTerry(strengths: strengths))
    }
}
