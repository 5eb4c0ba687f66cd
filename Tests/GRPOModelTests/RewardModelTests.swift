import GRPOModel
import Multiprecision
import Solvers
import Testing

/// Brute force: enumerate every 0/1 reward vector of the other G − 1 members, compute the
/// population-normalised advantage of member 1 directly from its definition (2), with 0/0 := 0.
func enumeratedAdvantages(groupSize g: Int, mu: BigFloat) -> (one: BigFloat, zero: BigFloat) {
    let precision = mu.precision
    var one = BigFloat(0, precision: precision), zero = one
    for mask in 0..<(1 << (g - 1)) {
        let others = (0..<(g - 1)).map { (mask >> $0) & 1 }
        var probability = BigFloat(1, precision: precision)
        for r in others { probability = probability * (r == 1 ? mu : 1 - mu) }
        for own in [1, 0] {
            let rewards = [own] + others
            let mean = BigFloat(rewards.reduce(0, +), precision: precision) / g
            var variance = BigFloat(0, precision: precision)
            for r in rewards { let d = BigFloat(r, precision: precision) - mean; variance = variance + d * d }
            let std = (variance / g).squareRoot()
            let advantage = std.isZero ? std : (BigFloat(own, precision: precision) - mean) / std
            if own == 1 { one = one + probability * advantage } else { zero = zero + probability * advantage }
        }
    }
    return (one, zero)
}

func tolerance(_ precision: Int, slack: Int = 20) -> BigFloat {
    BigFloat(1, precision: precision).scaled(byPowerOfTwo: slack - precision)
}

@Suite struct ExactSums {
    @Test(arguments: 2...9)
    func sumsEqualBruteForceEnumeration(groupSize g: Int) throws {
        let precision = 200
        let sums = BinomialRewardSums(groupSize: g, precision: precision)
        for text in ["0.001", "0.13", "0.5", "0.77", "0.999"] {
            let mu = try BigFloat(decimal: text, precision: precision)
            let brute = enumeratedAdvantages(groupSize: g, mu: mu)
            let values = sums.values(at: mu)
            #expect((values.u - brute.one).magnitude < tolerance(precision), "U_\(g)(\(text))")
            #expect((values.v + brute.zero).magnitude < tolerance(precision), "V_\(g)(\(text))")
        }
    }

    @Test(arguments: [2, 3, 5, 17, 64, 500, 4096, 100_000])
    func muUEqualsOneMinusMuV(groupSize g: Int) throws {
        let precision = 256
        let sums = BinomialRewardSums(groupSize: g, precision: precision)
        for text in ["0.0001", "0.3", "0.5", "0.9", "0.9999"] {
            let mu = try BigFloat(decimal: text, precision: precision)
            let s = sums.values(at: mu)
            let lhs = mu * s.u, rhs = (1 - mu) * s.v
            #expect((lhs - rhs).magnitude <= lhs.magnitude * tolerance(precision, slack: 24), "G = \(g), μ = \(text)")
        }
    }

    /// Over an interval reaching 0 or 1 the sums are taken term by term in Bernstein form: the
    /// enclosure holds the brute-force enumeration at points inside (and at the end itself), and
    /// the derivatives' enclosures hold difference quotients of the enumeration.
    @Test(arguments: [2, 3, 8, 12])
    func intervalsReachingAnEndHoldTheSums(groupSize g: Int) throws {
        let precision = 200
        let sums = BinomialRewardSums(groupSize: g, precision: precision)
        let one = BigFloat(1, precision: precision), zero = BigFloat(0, precision: precision)
        let w = one.scaled(byPowerOfTwo: -30)
        for (lower, upper) in [(one - w, one), (zero, w)] {
            let x = Interval(uncheckedLower: lower, upper: upper, precision: precision)
            let values = sums.values(at: x)
            for t in [0, 1, 7, 16] {
                let mu = lower + w * BigFloat(t, precision: precision) / 16
                let brute = enumeratedAdvantages(groupSize: g, mu: mu)
                #expect(values.u.contains(brute.one) && values.v.contains(-brute.zero), "G = \(g), μ = \(mu)")
                guard t == 7 else { continue }
                let h = one.scaled(byPowerOfTwo: -60)
                let (plus, minus) = (enumeratedAdvantages(groupSize: g, mu: mu + h), enumeratedAdvantages(groupSize: g, mu: mu - h))
                #expect(values.uDerivative.contains((plus.one - minus.one) / (2 * h)), "U′_\(g)")
                #expect(values.vDerivative.contains(-(plus.zero - minus.zero) / (2 * h)), "V′_\(g)")
            }
        }
    }

    @Test func groupsOfTwoAreLinear() throws {
        // U_2(μ) = 1 − μ and V_2(μ) = μ: one other member, advantage ±1 unless tied.
        let sums = BinomialRewardSums(groupSize: 2, precision: 128)
        for text in ["0", "0.2", "0.5", "0.93", "1"] {
            let mu = try BigFloat(decimal: text, precision: 128)
            let s = sums.values(at: mu)
            #expect((s.u - (1 - mu)).magnitude < tolerance(128))
            #expect((s.v - mu).magnitude < tolerance(128))
            #expect((s.uDerivative + 1).magnitude < tolerance(128))
            #expect((s.vDerivative - 1).magnitude < tolerance(128))
        }
    }

    @Test func windowedSumEqualsTheFullSum() throws {
        // The full sum Σ_{n=0}^{G−1} written out term by term, with factorial-free weights
        // from exact binomials: no recurrence, no window. At 3400 bits the tail is far below
        // the smallest Double, which the window's stopping rule must not lose.
        for (g, text, precision) in [(3000, "0.3", 192), (3000, "0.9995", 192), (2500, "0.0007", 192),
                                     (400, "0.3", 3400), (400, "0.97", 3400)] {
            let mu = try BigFloat(decimal: text, precision: precision + 64)
            var u = BigFloat(0, precision: precision + 64)
            for n in 0..<g {
                let w = BigFloat.binomial(g - 1, n, precision: precision + 64) * mu.power(n) * (1 - mu).power(g - 1 - n)
                var c = BigFloat(0, precision: precision + 64)
                c.setSquareRootOfRatio(g - 1 - n, n + 1)
                u = u + w * c
            }
            let windowed = BinomialRewardSums(groupSize: g, precision: precision).values(at: mu).u
            #expect((windowed - u).magnitude <= u * tolerance(precision), "G = \(g), μ = \(text), \(precision) bits")
        }
    }

    @Test func windowAtOneMillionSumsAFewTermsPerSigma() throws {
        // G = 10^6, μ = 0.3: σ = sqrt(G μ (1 − μ)) ≈ 458, and 256 bits need about ±20σ.
        let sums = BinomialRewardSums(groupSize: 1_000_000, precision: 256)
        let terms = sums.values(at: try BigFloat(decimal: "0.3", precision: 256)).terms
        #expect(terms > 10_000 && terms < 25_000, "\(terms) terms")
    }

    @Test func derivativesMatchCentralDifferences() throws {
        let precision = 300
        for g in [3, 10, 200] {
            let sums = BinomialRewardSums(groupSize: g, precision: precision)
            let mu = try BigFloat(decimal: "0.37", precision: precision)
            let h = BigFloat(1, precision: precision).scaled(byPowerOfTwo: -80)
            let up = sums.values(at: mu + h), down = sums.values(at: mu - h)
            let du = (up.u - down.u) / (2 * h), dv = (up.v - down.v) / (2 * h)
            let s = sums.values(at: mu)
            // Central differences are accurate to O(h²) ≈ 2^-160.
            #expect((s.uDerivative - du).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -140))
            #expect((s.vDerivative - dv).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -140))
        }
    }

    @Test func largeGroupsApproachTheLimitAdvantage() throws {
        // U_G(μ) → sqrt((1 − μ)/μ), the large-group advantage (13), monotonically in G.
        let precision = 128
        let mu = try BigFloat(decimal: "0.3", precision: precision)
        let limit = ((1 - mu) / mu).squareRoot()
        var previousGap: BigFloat? = nil
        for g in [4, 16, 64, 256, 1024, 4096, 16384] {
            let gap = (BinomialRewardSums(groupSize: g, precision: precision).values(at: mu).u - limit).magnitude
            if let previousGap { #expect(gap < previousGap, "gap shrinks at G = \(g)") }
            previousGap = gap
        }
        #expect(previousGap! < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -10))
    }
}

/// The model's residual, written through the gap `Δ = P_G(a) − P_G(b)`, against (11) and the
/// direct-KL condition as stated, with `P_G(a|π)`, `P_G(b|π)` and `E_π[P_G]` computed here from
/// (12), (13) and the exact sums; and its derivative against central differences.
@Suite struct StationarityResidual {
    static let settings: [BinarySetting] = [
        ("2", "reverse", "0.3", "0.2", "0.5"), ("inf", "reverse", "0.7", "0.4", "1"), ("12", "reverse", "0.2", "0.6", "1"),
        ("2", "direct", "0.9", "0.1", "0.8"), ("2", "direct", "1.5", "0.3", "1"),
    ].map { g, penalty, beta, reference, margin in
        try! BinarySetting(groupSize: g == "inf" ? .infinite : .finite(Int(g)!), penalty: Penalty(rawValue: penalty)!,
                           beta: DecimalNumber(beta), reference: DecimalNumber(reference),
                           confidenceMargin: DecimalNumber(margin))
    }

    /// `(P_G(a|π), P_G(b|π))` from the definitions, not from `BinaryRewardPreference`.
    static func preferences(_ s: BinarySetting, at p: BigFloat) -> (a: BigFloat, b: BigFloat) {
        switch s.groupSize {
        case .finite(2):
            let gamma = s.confidenceMargin.value(precision: p.precision)
            return (gamma * (1 - p), -(gamma * p))
        case .infinite:
            return (((1 - p) / p).squareRoot(), -((p / (1 - p)).squareRoot()))
        case .finite(let g):
            let (one, zero) = enumeratedAdvantages(groupSize: g, mu: p)
            return (one, zero)
        }
    }

    @Test(arguments: settings)
    func residualIsTheStatedCondition(_ s: BinarySetting) throws {
        let precision = 200
        let model = BinaryModel<BigFloat>(s, precision: precision)
        for text in ["0.35", "0.62", "0.9"] {
            let p = try BigFloat(decimal: text, precision: precision)
            let (a, b) = Self.preferences(s, at: p)
            let expectation = p * a + (1 - p) * b
            let stated = switch s.penalty {
            case .reverse: p * (1 - (a - expectation) / model.beta) - model.reference
            case .direct: (1 - model.reference) * p - model.reference * (1 - p) * ((a - b) / model.beta).exp()
            }
            #expect((model.stationarityResidual(at: p) - stated).magnitude < tolerance(precision, slack: 40),
                    "\(s) at p = \(text)")
            #expect(model.stationarityResidualAndDerivative(at: p).value == model.stationarityResidual(at: p))
        }
    }

    @Test(arguments: settings)
    func derivativeMatchesCentralDifferences(_ s: BinarySetting) throws {
        let precision = 300
        let model = BinaryModel<BigFloat>(s, precision: precision)
        let h = BigFloat(1, precision: precision).scaled(byPowerOfTwo: -80)
        for text in ["0.35", "0.62", "0.9"] {
            let p = try BigFloat(decimal: text, precision: precision)
            let difference = (model.stationarityResidual(at: p + h) - model.stationarityResidual(at: p - h)) / (2 * h)
            let derivative = model.stationarityResidualAndDerivative(at: p).derivative
            #expect((derivative - difference).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -140),
                    "\(s) at p = \(text)")
        }
    }
}
