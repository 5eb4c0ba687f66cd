import GRPOModel
import Multiprecision
import Solvers
import Testing
import Verification

func question(_ refs: [String], _ successes: [String]) -> Question {
    try! Question(references: refs.map(decimal), successes: successes.map(decimal))
}

@Suite struct ManyAnswers {
    @Test(arguments: [GroupSize.two, .finite(64), .infinite])
    func binaryQuestionReducesToTheBinaryModel(_ g: GroupSize) throws {
        let general = try GeneralSetting(question: question(["0.3", "0.7"], ["1", "0"]), groupSize: g, beta: decimal("0.04"))
        let check = try StationaryPolicy.solve(general, digits: 40)
        #expect(check.passed)
        let binary = try StationaryPolicy.solve(setting(g, beta: "0.04", ref: "0.3"), digits: 40).check
        #expect(check.primary.decimals[0] == binary.primary.decimal)
    }

    @Test func threeAnswersAtGroupSizeEight() throws {
        let s = try GeneralSetting(question: question(["0.5", "0.3", "0.2"], ["0.9", "0.5", "0.1"]),
                               groupSize: .finite(8), beta: decimal("0.1"))
        let check = try StationaryPolicy.solve(s, digits: 50)
        #expect(check.passed)
        #expect(check.outcomes.map(\.method) == [.successRate, .grpo, .continuation])
        let total = check.primary.policy.dropFirst().reduce(check.primary.policy[0], +)
        #expect((total - 1).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -200))
        // Better answers gain mass: the ordering of success rates is kept and sharpened.
        let p = check.primary.policy
        #expect(p[0] > BigFloat(1, precision: 64) / 2 && p[2] < BigFloat(1, precision: 64) / 5)
    }

    @Test(arguments: [AdvantageNormalisation.population, .bessel, .shift,
                      .populationEpsilon(decimal("0.01")), .besselEpsilon(decimal("0.0001"))])
    func everyMethodAgreesForEachNormalisationAndPenalty(_ n: AdvantageNormalisation) throws {
        for penalty in Penalty.allCases {
            for g in [GroupSize.two, .finite(5), .infinite] {
                let s = try GeneralSetting(question: question(["0.25", "0.25", "0.5"], ["0.8", "0.3", "0.05"]),
                                       groupSize: g, penalty: penalty, normalisation: n, beta: decimal("0.3"))
                let check = try StationaryPolicy.solve(s, digits: 30)
                #expect(check.passed, "\(n), \(penalty), G = \(g)")
            }
        }
    }
}

/// `P_G(o|π)` from the definition: every tuple of the other G − 1 outputs drawn from π and every
/// 0/1 reward vector, with the advantage of member 1 computed by `advantage`.
func enumeratedPreference(of o: Int, policy: [BigFloat], successes: [BigFloat], groupSize g: Int,
                          advantage: (_ own: Int, _ rewards: [Int]) -> BigFloat) -> BigFloat {
    let precision = policy[0].precision
    var total = BigFloat(0, precision: precision)
    let k = policy.count
    var tuple = [Int](repeating: 0, count: g - 1)
    while true {
        var tupleProbability = BigFloat(1, precision: precision)
        for j in tuple { tupleProbability = tupleProbability * policy[j] }
        let outputs = [o] + tuple
        for mask in 0..<(1 << g) {
            let rewards = (0..<g).map { (mask >> $0) & 1 }
            var probability = tupleProbability
            for (member, r) in rewards.enumerated() {
                let s = successes[outputs[member]]
                probability = probability * (r == 1 ? s : 1 - s)
            }
            total = total + probability * advantage(rewards[0], rewards)
        }
        var position = 0
        while position < g - 1 && tuple[position] == k - 1 { tuple[position] = 0; position += 1 }
        if position == g - 1 { break }
        tuple[position] += 1
    }
    return total
}

@Suite struct Enumeration {
    /// The advantage of member 1 under each normalisation, from its definition.
    static func advantage(_ n: AdvantageNormalisation, precision: Int) -> (Int, [Int]) -> BigFloat {
        { own, rewards in
            let g = rewards.count
            let mean = BigFloat(rewards.reduce(0, +), precision: precision) / g
            var squares = BigFloat(0, precision: precision)
            for r in rewards { let d = BigFloat(r, precision: precision) - mean; squares = squares + d * d }
            let centred = BigFloat(own, precision: precision) - mean
            let population = (squares / g).squareRoot(), bessel = (squares / (g - 1)).squareRoot()
            let divisor: BigFloat
            switch n {
            case .population: divisor = population
            case .bessel: divisor = bessel
            case .populationEpsilon(let e): divisor = population + e.value(precision: precision)
            case .besselEpsilon(let e): divisor = bessel + e.value(precision: precision)
            case .shift: divisor = BigFloat(1, precision: precision)
            }
            return divisor.isZero ? divisor : centred / divisor
        }
    }

    @Test(arguments: [AdvantageNormalisation.population, .bessel, .shift, .populationEpsilon(decimal("0.1"))])
    func preferenceEqualsBruteForce(_ n: AdvantageNormalisation) throws {
        let precision = 160
        let policy = ["0.2", "0.5", "0.3"].map { decimal($0).value(precision: precision) }
        let successes = ["0.9", "0.4", "0.15"].map { decimal($0).value(precision: precision) }
        for g in 2...4 {
            let s = try GeneralSetting(question: question(["0.2", "0.5", "0.3"], ["0.9", "0.4", "0.15"]),
                                   groupSize: .finite(g), normalisation: n, beta: decimal("1"))
            let mu = policy[0] * successes[0] + policy[1] * successes[1] + policy[2] * successes[2]
            let modelled = SuccessRateModel<BigFloat>(s, precision: precision)!.rewardPreferences(at: mu).values
            for o in 0..<3 {
                let brute = enumeratedPreference(of: o, policy: policy, successes: successes, groupSize: g,
                                                 advantage: Self.advantage(n, precision: precision))
                #expect((modelled[o] - brute).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -140),
                        "\(n), G = \(g), answer \(o)")
            }
        }
    }
}
