import Multiprecision

/// A pairwise preference, for groups of two only: `P_ij = P(o_i ≻ o_j)`, `P_ij + P_ji ≤ 1`, the
/// rest ties; any `K`, intransitive allowed.
///
/// In a group of two the winner's advantage is `c` (1 for the paper's normalisation, `1/√2`
/// for Bessel), the loser's `−c`, a tie's 0, so (12): `P_2(o_i|π) = c Σ_j π_j (P_ij − P_ji)`,
/// linear in `π`, its Jacobian the matrix itself.
public struct PreferenceMatrix: RewardRule {
    public let matrix: [[DecimalNumber]]

    /// A `K × K` matrix with entries in `[0, 1]` and `P_ij + P_ji ≤ 1` for every pair.
    public init(_ matrix: [[DecimalNumber]]) throws(RewardModel.Problem) {
        for (i, row) in matrix.enumerated() {
            guard row.count == matrix.count else {
                throw RewardModel.Problem(field: "row \(i + 1)", reason: "has \(row.count) entries; expected \(matrix.count) (a square matrix)")
            }
            for (j, p) in row.enumerated() {
                guard RewardModel.isProbability(p) else {
                    throw RewardModel.Problem(field: "P\(i + 1)\(j + 1)", reason: "\(p) is outside [0, 1]")
                }
                guard j >= i || DecimalNumber.order(ofSum: [p, matrix[j][i]], comparedWith: .one) <= 0 else {
                    throw RewardModel.Problem(field: "P\(j + 1)\(i + 1) + P\(i + 1)\(j + 1)", reason: "exceeds 1")
                }
            }
        }
        self.matrix = matrix
    }

    private init(valid matrix: [[DecimalNumber]]) { self.matrix = matrix }

    public var answerCount: Int { matrix.count }
    public func restricted(to kept: [Int]) -> PreferenceMatrix { PreferenceMatrix(valid: kept.map { i in kept.map { matrix[i][$0] } }) }
    public var echo: [(key: String, value: [[String]])] { [("preference", matrix.map { $0.map(\.text) })] }

    /// Groups of two, and a normalisation whose advantage is a sign times a constant
    /// (population, Bessel); the others need the rewards' values.
    public func problem(groupSize: GroupSize, normalisation: AdvantageNormalisation) -> RewardModel.Problem? {
        Self.problem(groupSize: groupSize, normalisation: normalisation)
    }

    /// The rules of every pairwise preference.
    static func problem(groupSize: GroupSize, normalisation: AdvantageNormalisation) -> RewardModel.Problem? {
        if groupSize != .two {
            return RewardModel.Problem(.groupSize, field: "group size", reason: "a preference matrix describes groups of two: G must be 2")
        }
        if normalisation != .population && normalisation != .bessel {
            return RewardModel.Problem(.normalisation, field: "normalisation",
                reason: "with a preference matrix only population and bessel apply (the others need reward values)")
        }
        return nil
    }

    public func preferences<T: RealArithmetic>(groupSize: GroupSize, normalisation: AdvantageNormalisation,
                                               precision: Int) -> RewardPreferences<T> {
        let c: T = normalisation.winnerAdvantageOfGroupsOfTwo(precision: precision)
        let a = matrix.indices.map { i in
            matrix.indices.map { j in (T(matrix[i][j], precision: precision) - T(matrix[j][i], precision: precision)) * c }
        }
        return Self.preferences(a, precision: precision)
    }

    /// The preferences `P_2(o_i|π) = Σ_j a_ij π_j` of an antisymmetric matrix `a = c(P − Pᵀ)`.
    static func preferences<T: RealArithmetic>(_ a: [[T]], precision: Int) -> RewardPreferences<T> {
        let evaluate = { (pi: [T], derivatives: Bool) -> (values: [T], jacobian: [[T]]?) in
            (a.map { dot($0, pi) }, derivatives ? a : nil)
        }
        let scale = RewardPreferences<T>.largestRowSum(precision: precision, answerCount: a.count, evaluate: evaluate)
        return RewardPreferences(precision: precision, answerCount: a.count, scale: scale, evaluate: evaluate)
    }
}

extension RewardModel {
    /// A pairwise preference matrix (`PreferenceMatrix`).
    public static func preference(_ matrix: [[DecimalNumber]]) throws(Problem) -> RewardModel {
        RewardModel(try PreferenceMatrix(matrix))
    }
}
