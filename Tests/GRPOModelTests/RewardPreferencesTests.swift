import GRPOModel
import Multiprecision
import Testing

/// `P_G(o|π)` of every reward model against brute force over whole groups: the other `G − 1`
/// answers drawn from `π`, each answer's reward from its own distribution, and the advantage (2)
/// of the first member computed from the group's rewards.
@Suite struct RewardPreferencesAgainstEnumeration {
    func decimal(_ s: String) -> DecimalNumber { try! DecimalNumber(s) }
    func number(_ s: String) -> BigFloat { try! BigFloat(decimal: s, precision: 400) }

    static let levels = ["0", "0.4", "1"]
    static let rows = [["0.1", "0.2", "0.7"], ["0.5", "0.5", "0"], ["0.3", "0.3", "0.4"]]
    static let policy = ["0.2", "0.5", "0.3"]

    /// `E[A_1 | o_1 = o]` by enumerating every sequence of (answer, reward) for the others.
    func bruteForce(_ pi: [BigFloat], groupSize g: Int) -> [BigFloat] {
        let v = Self.levels.map(number), d = Self.rows.map { $0.map(number) }
        let zero = BigFloat(0, precision: 400)
        return (0..<3).map { own in
            var total = zero
            var sequence = [(answer: Int, level: Int)](repeating: (0, 0), count: g)
            func visit(_ i: Int, _ probability: BigFloat) {
                if i == g {
                    let rewards = sequence.map { v[$0.level] }
                    let mean = rewards.reduce(zero, +) / g
                    let sd = (rewards.map { ($0 - mean) * ($0 - mean) }.reduce(zero, +) / g).squareRoot()
                    if !sd.isZero { total = total + probability * (rewards[0] - mean) / sd }
                    return
                }
                for answer in 0..<3 where i > 0 || answer == own {
                    for level in 0..<3 {
                        sequence[i] = (answer, level)
                        visit(i + 1, probability * (i == 0 ? d[own][level] : pi[answer] * d[answer][level]))
                    }
                }
            }
            visit(0, BigFloat(1, precision: 400))
            return total
        }
    }

    @Test(arguments: [2, 3, 4])
    func distributionsMatchEnumeration(groupSize: Int) throws {
        let model = try RewardModel.distribution(levels: Self.levels.map(decimal), probabilities: Self.rows.map { $0.map(decimal) })
        let preferences = try preferences(Interval.self, model, groupSize: .finite(groupSize), normalisation: .population, precision: 256)
        let pi = Self.policy.map { Interval(decimal($0), precision: 256) }
        let (values, jacobian) = preferences.valuesAndJacobian(at: pi)
        let expected = bruteForce(Self.policy.map(number), groupSize: groupSize)
        for o in 0..<3 { #expect(values[o].contains(expected[o]), "P_\(groupSize)(o\(o + 1))") }
        // The advantages of a group sum to zero, so E_π P_G = 0.
        #expect(zip(pi, values).map { $0 * $1 }.reduce(Interval(0, precision: 256), +).containsZero)
        // Derivatives along the simplex, by central differences of the enumeration.
        let h = BigFloat(1, precision: 400).scaled(byPowerOfTwo: -100)
        for (j, k) in [(0, 1), (1, 2)] {
            var up = Self.policy.map(number), down = up
            up[j] = up[j] + h; up[k] = up[k] - h
            down[j] = down[j] - h; down[k] = down[k] + h
            let (a, b) = (bruteForce(up, groupSize: groupSize), bruteForce(down, groupSize: groupSize))
            for o in 0..<3 {
                let slope = (a[o] - b[o]) / (2 * h)
                let tangent = jacobian[o][j] - jacobian[o][k]
                #expect((tangent.midpoint - slope).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -60))
            }
        }
    }

    /// At G = 2 the distribution model and the preference matrix it induces,
    /// `P_ij = Σ_{ℓ,k} D_i(ℓ) D_j(k) [v_ℓ > v_k]`, give the same `P_2` (12).
    @Test func preferenceMatrixOfTheDistributionAgrees() throws {
        let v = Self.levels.map(number)
        let d = Self.rows.map { $0.map { decimal($0).value(precision: 400) } }
        // The induced matrix, written as exact decimals: products of one- and two-digit decimals.
        var matrix: [[BigFloat]] = []
        for i in 0..<3 {
            matrix.append((0..<3).map { j in
                var p = BigFloat(0, precision: 400)
                for l in 0..<3 { for k in 0..<3 where v[l] > v[k] { p = p + d[i][l] * d[j][k] } }
                return p
            })
        }
        let texts = matrix.map { $0.map { decimal($0.decimalString(significantDigits: 6)) } }
        let fromMatrix = try preferences(BigFloat.self, try RewardModel.preference(texts), groupSize: .two,
                                                         normalisation: .population, precision: 256)
        let fromLevels = try preferences(BigFloat.self,
            try RewardModel.distribution(levels: Self.levels.map(decimal), probabilities: Self.rows.map { $0.map(decimal) }),
            groupSize: .two, normalisation: .population, precision: 256)
        let pi = Self.policy.map { decimal($0).value(precision: 256) }
        for (a, b) in zip(fromMatrix.values(at: pi), fromLevels.values(at: pi)) {
            #expect((a - b).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -240))
        }
    }

    /// Bernoulli rewards are the levels {0, 1}: the two models agree at every G.
    @Test(arguments: [GroupSize.two, .finite(7), .infinite])
    func bernoulliIsTheTwoLevelDistribution(groupSize: GroupSize) throws {
        let s = ["0.9", "0.5", "0.1"]
        let bernoulli = try preferences(BigFloat.self, try RewardModel.bernoulli(s.map(decimal)), groupSize: groupSize,
                                                        normalisation: .bessel, precision: 256)
        let levels = try preferences(BigFloat.self,
            try RewardModel.distribution(levels: ["0", "1"].map(decimal),
                                         probabilities: [["0.1", "0.9"], ["0.5", "0.5"], ["0.9", "0.1"]].map { $0.map(decimal) }),
            groupSize: groupSize, normalisation: .bessel, precision: 256)
        let pi = Self.policy.map { decimal($0).value(precision: 256) }
        for (a, b) in zip(bernoulli.values(at: pi), levels.values(at: pi)) {
            #expect((a - b).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -240))
        }
    }

    @Test func invalidModelsAreNotRepresentable() {
        #expect(throws: RewardModel.Problem.self) { try RewardModel.bernoulli([decimal("1.5")]) }
        #expect(throws: RewardModel.Problem.self) {
            try RewardModel.distribution(levels: ["0", "1"].map(decimal), probabilities: [["0.5", "0.49999999999999999999"].map(decimal)])
        }
        #expect(throws: RewardModel.Problem.self) {
            try RewardModel.distribution(levels: ["1", "1.0"].map(decimal), probabilities: [["0.5", "0.5"].map(decimal)])
        }
        #expect(throws: RewardModel.Problem.self) {
            try RewardModel.preference([["0", "0.6"], ["0.40000000000000000001", "0"]].map { $0.map(decimal) })
        }
        // A preference matrix is for groups of two, under a scale normalisation.
        let matrix = try! RewardModel.preference([["0", "0.6"], ["0.4", "0"]].map { $0.map(decimal) })
        #expect(throws: RewardModel.Problem.self) {
            try preferences(BigFloat.self, matrix, groupSize: .finite(3), normalisation: .population, precision: 64)
        }
        #expect(throws: RewardModel.Problem.self) {
            try preferences(BigFloat.self, matrix, groupSize: .two, normalisation: .shift, precision: 64)
        }
        let graded = RewardModel.graded(["1", "0.4", "1.0", "-2"].map(decimal))
        guard let levels = graded.rule as? LevelRewards else { Issue.record("not a distribution"); return }
        #expect(levels.levels.map(\.text) == ["-2", "0.4", "1"])
        #expect(levels.probabilities.map { $0.map(\.text) } == [["0", "0", "1"], ["0", "1", "0"], ["0", "0", "1"], ["1", "0", "0"]])
    }
}

/// The preferences of `rewards` at a setting with a uniform reference (which they do not see).
func preferences<T: RealArithmetic>(_: T.Type, _ rewards: RewardModel, groupSize: GroupSize,
                                    normalisation: AdvantageNormalisation, precision: Int) throws -> RewardPreferences<T> {
    let references = (0..<rewards.answerCount).map { $0 == 0 ? DecimalNumber.one : .zero }
    let setting = try GeneralSetting(question: try Question(references: references, rewards: rewards),
                                     groupSize: groupSize, normalisation: normalisation, beta: .one)
    return RewardPreferences(setting, precision: precision)
}
