import Foundation
import Multiprecision
import Testing

/// Independent references for the commands of questions with several answers and of the
/// direct-KL threshold: plain bisection, written here, on the defining equations.
enum GeneralReference {
    static let precision = 400
    static func number(_ s: String) -> BigFloat { try! BigFloat(decimal: s, precision: precision) }

    static func bisect(_ lower: BigFloat, _ upper: BigFloat, increasing: Bool = true,
                       _ f: (BigFloat) -> BigFloat) -> BigFloat {
        var lo = lower, hi = upper
        for _ in 0..<(precision + 20) {
            let mid = (lo + hi) / 2
            if (f(mid).sign < 0) == increasing { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// The stationary policy of answers with Bernoulli rewards at group size `g`: `P_G(o|π)`
    /// from the definition, `E[A_1 | o_1 = o]` over every count `n` of other successes with
    /// the population-normalised advantage, and `π(o) = π_ref(o)/(1 − P_G(o|π)/β)`, with the
    /// success rate found by bisection where every denominator is positive.
    static func policy(references: [String], successes: [String], groupSize g: Int, beta: String) -> [BigFloat] {
        let refs = references.map(number), rates = successes.map(number), b = number(beta)
        func preference(_ s: BigFloat, _ mu: BigFloat) -> BigFloat {
            var total = BigFloat(0, precision: precision)
            for n in 0..<g {
                let weight = BigFloat.binomial(g - 1, n, precision: precision) * mu.power(n) * (1 - mu).power(g - 1 - n)
                // own reward 1 (n + 1 ones) with probability s, 0 (n ones) with 1 − s
                let ones = n + 1, zeros = n
                let one = ones == g ? BigFloat(0, precision: precision)
                    : (BigFloat(g - ones, precision: precision) / ones).squareRoot()
                let zero = zeros == 0 ? BigFloat(0, precision: precision)
                    : -(BigFloat(zeros, precision: precision) / (g - zeros)).squareRoot()
                total = total + weight * (s * one + (1 - s) * zero)
            }
            return total
        }
        func pi(_ mu: BigFloat) -> [BigFloat] { zip(refs, rates).map { $0 / (1 - preference($1, mu) / b) } }
        func admissible(_ mu: BigFloat) -> Bool { rates.allSatisfy { (b - preference($0, mu)).sign > 0 } }
        var lower = rates.reduce(rates[0], BigFloat.minimum), upper = rates.reduce(rates[0], BigFloat.maximum)
        var inside = upper
        for _ in 0..<200 where !admissible(lower) {
            let mid = (lower + inside) / 2
            if admissible(mid) { inside = mid } else { lower = mid }
        }
        if !admissible(lower) { lower = inside }
        let mu = bisect(lower, upper, increasing: false) { m in zip(pi(m), rates).map { $0 * $1 }.reduce(-m, +) }
        return pi(mu)
    }

    /// β where the minimum of h(x) = 1/(β sqrt(x(1 − x))) − logit x + logit p_ref over x is 0:
    /// the minimiser by bisection on h′ (not the formula for x*), then bisection on β.
    static func mergingBeta(reference: String) -> BigFloat {
        let r = number(reference)
        let logitR = (r / (1 - r)).log()
        func minimum(_ beta: BigFloat) -> BigFloat {
            let slope = { (x: BigFloat) -> BigFloat in
                let s = x * (1 - x)
                return -((1 - 2 * x) / (2 * beta * s * s.squareRoot())) - 1 / s
            }
            let x = bisect(number("0.5"), number("0.9999999999"), slope)
            return 1 / (beta * (x * (1 - x)).squareRoot()) - (x / (1 - x)).log() + logitR
        }
        // min h decreases in β; it is positive below β_c.
        return bisect(number("0.01"), number("100"), increasing: false, minimum)
    }
}

@Suite(.serialized) struct QuestionCommands {
    @Test func threeAnswersMatchAnIndependentComputationToFiftyDigits() throws {
        let result = try grpoVerify(["solve", "--group-size", "8", "--beta", "0.1", "--ref", "0.5,0.3,0.2",
                                     "--success", "0.9,0.5,0.1", "--digits", "50", "--format", "json"])
        #expect(result.status == 0)
        let policy = try #require(try json(result.stdout)["policy"] as? [String])
        let expected = GeneralReference.policy(references: ["0.5", "0.3", "0.2"], successes: ["0.9", "0.5", "0.1"],
                                               groupSize: 8, beta: "0.1")
        #expect(policy == expected.map { $0.decimalString(significantDigits: 50) })
        let total = policy.map { try! BigFloat(decimal: $0, precision: 400) }.reduce(BigFloat(0, precision: 400), +)
        #expect((total - 1).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -160))
    }

    @Test func thresholdMatchesTheBetaWhereTheRootsMerge() throws {
        let result = try grpoVerify(["threshold", "--ref", "0.5", "--digits", "50", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let betaC = try #require(object["beta_c"] as? String)
        let merging = GeneralReference.mergingBeta(reference: "0.5")
        // The nested bisection is accurate to ~ half the working precision (h is flat at its minimum).
        let difference = (try BigFloat(decimal: betaC, precision: 400) - merging).magnitude
        #expect(difference < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -150))
        let below = try #require(object["below"] as? [String: Any]), above = try #require(object["above"] as? [String: Any])
        #expect((below["stationary_points"] as? [Any])?.count == 0)
        #expect((above["stationary_points"] as? [Any])?.count == 2)
        #expect(object["verified"] as? Bool == true)
    }

    @Test func mrouehFixedPointsAreTheZerosOfH() throws {
        // At ε = 0 the fixed points of the map (stability) are the stationary points (threshold).
        let stability = try json(try grpoVerify(["stability", "--ref", "0.5", "--beta", "1.52", "--digits", "25",
                                                  "--format", "json"]).stdout)
        let points = try #require(stability["rows"] as? [[String: String]]).compactMap { $0["point"] }
        #expect(points.count == 2)
        let beta = try BigFloat(decimal: "1.52", precision: 300), logitR = BigFloat(0, precision: 300)
        for text in points {
            let x = try BigFloat(decimal: text, precision: 300)
            let h = 1 / (beta * (x * (1 - x)).squareRoot()) - (x / (1 - x)).log() + logitR
            #expect(h.magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -50), "h(\(text)) = 0")
        }
    }

    @Test func mrouehTwoCycleIsReproduced() throws {
        let result = try grpoVerify(["stability", "--ref", "0.001", "--beta", "3", "--epsilon", "1e-5", "--format", "json"])
        #expect(result.status == 0)
        let rows = try #require(try json(result.stdout)["rows"] as? [[String: String]])
        let cycles = rows.filter { $0["kind"] == "2-cycle" }
        #expect(cycles.count == 1 && cycles[0]["map"] == "stable")
        // The interior fixed point is stable for gradient flow but not for the map.
        #expect(rows.contains { $0["kind"] == "fixed point" && $0["gradient_flow"] == "stable" && $0["map"] == "unstable" })
    }

    @Test func variantsShowTheBesselIdentity() throws {
        let result = try grpoVerify(["variants", "--ref", "0.5,0.3,0.2", "--success", "0.9,0.5,0.1", "--beta", "0.1",
                                     "--digits", "20", "--format", "json"])
        #expect(result.status == 0)
        let summary = try #require(try json(result.stdout)["summary"] as? [String: String])
        #expect(summary.filter { $0.key.hasPrefix("bessel at β") }.values.allSatisfy { $0 == "20 digits" })
        #expect(summary.filter { $0.key.hasPrefix("bessel at β") }.count == 2)
        #expect(summary.keys.contains { $0.hasPrefix("bessel-eps:1e-4 moves") })
    }
}
