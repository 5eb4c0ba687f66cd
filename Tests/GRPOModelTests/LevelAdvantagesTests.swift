import GRPOModel
import Multiprecision
import Testing

/// The expected advantages of reward levels against brute force: every ordered sequence of the
/// other `G − 1` rewards, its probability `Π m`, and the advantage from the definition (2)
/// (mean, then the standard deviation as `sqrt(Σ (r − mean)²/G)`).
@Suite struct LevelAdvantagesAgainstEnumeration {
    let precision = 256
    func number(_ s: String) -> BigFloat { try! BigFloat(decimal: s, precision: 400) }

    /// `a_ℓ(m)` and `∂a_ℓ/∂m_k = Σ_seq (count_k/m_k) Π m · A` by enumeration, at 400 bits.
    func bruteForce(levels: [String], m: [String], groupSize g: Int, normalisation: AdvantageNormalisation)
        -> (values: [BigFloat], jacobian: [[BigFloat]]) {
        let v = levels.map(number), w = m.map(number)
        let zero = BigFloat(0, precision: 400)
        var values = [BigFloat](repeating: zero, count: v.count)
        var jacobian = [[BigFloat]](repeating: values, count: v.count)
        var sequence = [Int](repeating: 0, count: g - 1)
        func advantage(_ own: Int) -> BigFloat {
            let rewards = [v[own]] + sequence.map { v[$0] }
            let mean = rewards.reduce(zero, +) / g
            let squares = rewards.map { ($0 - mean) * ($0 - mean) }.reduce(zero, +)
            let divisor: BigFloat
            switch normalisation {
            case .population: divisor = (squares / g).squareRoot()
            case .bessel: divisor = (squares / (g - 1)).squareRoot()
            case .populationEpsilon(let e): divisor = (squares / g).squareRoot() + e.value(precision: 400)
            case .besselEpsilon(let e): divisor = (squares / (g - 1)).squareRoot() + e.value(precision: 400)
            case .shift: divisor = BigFloat(1, precision: 400)
            }
            return divisor.isZero ? zero : (v[own] - mean) / divisor
        }
        func visit(_ i: Int) {
            if i == g - 1 {
                let probability = sequence.map { w[$0] }.reduce(BigFloat(1, precision: 400), *)
                for own in v.indices {
                    let a = advantage(own)
                    values[own] = values[own] + probability * a
                    for k in v.indices {
                        let count = sequence.filter { $0 == k }.count
                        jacobian[own][k] = jacobian[own][k] + probability * a * count / w[k]
                    }
                }
                return
            }
            for level in v.indices {
                sequence[i] = level
                visit(i + 1)
            }
        }
        visit(0)
        return (values, jacobian)
    }

    static let cases: [(Int, String)] = [(2, "population"), (3, "population"), (4, "bessel"), (5, "bessel-eps:1e-4"),
                                         (4, "population-eps:0.25"), (3, "shift"), (6, "population")]

    @Test(arguments: cases)
    func finiteGroupsMatchEnumeration(groupSize: Int, normalisation: String) throws {
        let n = AdvantageNormalisation(parsing: normalisation)!
        let levels = ["-0.5", "0.2", "0.25", "3"], m = ["0.1", "0.4", "0.3", "0.2"]
        let model = try LevelAdvantages(levels: levels.map { try DecimalNumber($0) }, groupSize: .finite(groupSize),
                                        normalisation: n)
        let enclosure = model.advantages(at: m.map { Interval(try! DecimalNumber($0), precision: precision) }, derivatives: true)
        let expected = bruteForce(levels: levels, m: m, groupSize: groupSize, normalisation: n)
        for own in levels.indices {
            #expect(enclosure.values[own].contains(expected.values[own]), "a_\(own)")
            #expect(enclosure.values[own].width < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -200))
            for k in levels.indices {
                #expect(enclosure.jacobian![own][k].contains(expected.jacobian[own][k]), "∂a_\(own)/∂m_\(k)")
            }
        }
    }

    /// G = ∞: (13) with `σ² = Σ m_k (v_k − E)²`; derivatives along the simplex (`e_k − e_j`,
    /// where every extension of `a_ℓ` off the simplex agrees) by central differences of that
    /// formula (step 2^−120, agreement to 2^−80).
    @Test(arguments: ["population", "population-eps:0.125", "shift"])
    func largeGroupsMatchThirteen(normalisation: String) throws {
        let n = AdvantageNormalisation(parsing: normalisation)!
        let levels = ["0", "0.5", "2"], m = ["0.2", "0.5", "0.3"]
        let model = try LevelAdvantages(levels: levels.map { try DecimalNumber($0) }, groupSize: .infinite, normalisation: n)
        let got = model.advantages(at: m.map { try! DecimalNumber($0).value(precision: precision) }, derivatives: true)
        let v = levels.map(number)
        func thirteen(_ w: [BigFloat]) -> [BigFloat] {
            var mean = BigFloat(0, precision: 400), variance = mean
            for k in w.indices { mean = mean + w[k] * v[k] }
            for k in w.indices { variance = variance + w[k] * (v[k] - mean) * (v[k] - mean) }
            let sigma = variance.squareRoot()
            let d: BigFloat = switch n {
            case .shift: BigFloat(1, precision: 400)
            case .populationEpsilon(let e): sigma + e.value(precision: 400)
            default: sigma
            }
            return v.map { ($0 - mean) / d }
        }
        let w = m.map(number)
        let exact = thirteen(w)
        for own in levels.indices {
            #expect((got.values[own] - exact[own]).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -200))
        }
        let h = BigFloat(1, precision: 400).scaled(byPowerOfTwo: -120)
        for (k, j) in [(0, 1), (1, 2), (0, 2)] {
            var up = w, down = w
            up[k] = up[k] + h; up[j] = up[j] - h
            down[k] = down[k] - h; down[j] = down[j] + h
            let (a, b) = (thirteen(up), thirteen(down))
            for own in levels.indices {
                let slope = (a[own] - b[own]) / (2 * h)
                let tangent = got.jacobian![own][k] - got.jacobian![own][j]
                #expect((tangent - slope).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -80), "\(own) along \(k)−\(j)")
            }
        }
    }

    @Test func compositionCountIsBounded() {
        #expect(LevelAdvantages.compositions(of: 7, parts: 3) == 36)
        #expect(LevelAdvantages.compositions(of: 1, parts: 5) == 5)
        #expect(LevelAdvantages.compositions(of: 1_000_000_000, parts: 40) == nil)
        #expect(throws: LevelAdvantages.Problem.self) {
            try LevelAdvantages(levels: (0..<10).map { try DecimalNumber(String($0)) }, groupSize: .finite(1000),
                                normalisation: .population)
        }
    }
}
