import Multiprecision
import Testing
import TestSupport
@testable import GRPOModel

/// `AlignmentObjective` against values computed independently in `TestSupport`: the binomial
/// expectation of `g_G` over every `k`, and Gauss–Legendre quadrature of `W_G` from 0 to μ.
@Suite struct AlignmentObjectiveTests {
    static let digits = 30
    static let reference = IndependentReference(precision: 320)

    /// The interval value of `F_G(μ)` at the working precision of 30 digits.
    static func objective(_ g: GroupSize, _ mu: String) throws -> Interval {
        let p = DigitsPolicy(digits: digits).working
        return try MPFRFlags.checking {
            AlignmentObjective(groupSize: g, precision: p).value(at: Interval(try DecimalNumber(mu), precision: p))
        }
    }

    /// The enclosure earns 30 digits, and they are the 30-digit rounding of `expected`.
    static func expectDigits(_ enclosure: Interval, _ expected: BigFloat, _ comment: Comment) {
        let (digits, decimal) = enclosure.commonDigits(cap: Self.digits)
        #expect(digits == Self.digits, comment)
        #expect(decimal == expected.decimalString(significantDigits: Self.digits), comment)
    }

    @Test(arguments: [2, 3, 8, 1000])
    func matchesTheExpectationOverEveryK(g: Int) throws {
        for mu in ["0.001", "0.05", "0.3", "0.5", "0.77", "0.99", "1"] {
            Self.expectDigits(try Self.objective(.finite(g), mu), Self.reference.cumulativeObjective(g, mu: mu),
                              "G = \(g), μ = \(mu)")
        }
    }

    @Test(arguments: [2, 3, 8, 1000])
    func matchesTheIntegralOfW(g: Int) throws {
        for mu in g == 1000 ? ["0.3", "0.9"] : ["0.05", "0.3", "0.5", "0.9"] {
            Self.expectDigits(try Self.objective(.finite(g), mu), Self.reference.integratedObjective(g, mu: mu),
                              "G = \(g), μ = \(mu)")
        }
    }

    @Test func largeGroupsMatchTheIntegralAndArctan() throws {
        for mu in ["0.001", "0.1", "0.3", "0.5", "0.9", "1"] {
            let p = Self.reference.number(mu)
            let expected = p == 1 ? BigFloat.pi(precision: 320) : 2 * (p / (1 - p)).squareRoot().arctan()
            Self.expectDigits(try Self.objective(.infinite, mu), expected, "μ = \(mu)")
        }
        for mu in ["0.1", "0.3", "0.5"] {
            Self.expectDigits(try Self.objective(.infinite, mu),
                              Self.reference.integratedLargeGroupObjective(mu: mu, nodes: 120), "μ = \(mu)")
        }
    }

    /// `F_2(μ) = μ` exactly: the enclosure meets a 2000-bit enclosure of the decimal μ.
    @Test func groupsOfTwoGiveTheSuccessRate() throws {
        for mu in ["0", "0.000123", "0.3", "0.5", "0.987654321", "1"] {
            let enclosure = try Self.objective(.two, mu)
            #expect(enclosure.overlaps(Interval(try DecimalNumber(mu), precision: 2000)), "μ = \(mu)")
            Self.expectDigits(enclosure, Self.reference.number(mu), "μ = \(mu)")
        }
    }

    @Test func vanishesAtZero() throws {
        for g in [GroupSize.two, .finite(7), .finite(10_000_000), .infinite] {
            let enclosure = try Self.objective(g, "0")
            #expect(enclosure.lower.isZero && enclosure.upper.isZero)
        }
    }

    /// Large and extreme cases against the expectation over every `k` (the weights underflow
    /// nowhere: MPFR's exponent range holds `0.7^100000`).
    @Test func largeGroupsAndRatesNearZeroAndOne() throws {
        for (g, mu) in [(100_000, "0.3"), (1000, "1e-20"), (1000, "0.99999999999999999999"), (20_001, "0.5")] {
            Self.expectDigits(try Self.objective(.finite(g), mu), Self.reference.cumulativeObjective(g, mu: mu),
                              "G = \(g), μ = \(mu)")
        }
    }

    @Test func approachesTheLargeGroupLimit() throws {
        let limit = try Self.objective(.infinite, "0.3")
        let gaps = try (1...12).map { try limit - Self.objective(.finite(1 << $0), "0.3") }
        for (wider, narrower) in zip(gaps, gaps.dropFirst()) {
            #expect(narrower.lower > 0 && narrower.upper < wider.lower)
        }
    }

    @Test func derivativeIsTheSumOfW() throws {
        let p = DigitsPolicy(digits: Self.digits).working
        for (g, mu) in [(2, "0.3"), (8, "0.3"), (1000, "0.77")] {
            let w = try MPFRFlags.checking {
                AlignmentObjective(groupSize: .finite(g), precision: p).derivative(at: Interval(try DecimalNumber(mu), precision: p))
            }
            Self.expectDigits(w, Self.reference.advantageScale(g)(Self.reference.number(mu)), "G = \(g), μ = \(mu)")
        }
        let w = try MPFRFlags.checking {
            AlignmentObjective(groupSize: .infinite, precision: p).derivative(at: Interval(try DecimalNumber("0.3"), precision: p))
        }
        let m = Self.reference.number("0.3")
        Self.expectDigits(w, 1 / (m * (1 - m)).squareRoot(), "G = ∞")
    }

    /// `g_G(k)` by the prefix sum agrees with the sum of the `c_j`, on both sides of `k = G/2`.
    @Test func prefixSumCountsEveryCoefficientOnce() {
        let g = 11
        for k in 0...g {
            let prefix: BigFloat = AlignmentObjective.prefixSum(below: k, groupSize: g, precision: 200)
            var direct = BigFloat(0, precision: 200)
            for j in 0..<k {
                let one: BigFloat = (BigFloat(g - 1 - j, precision: 200) / (j + 1)).squareRoot()
                let zero: BigFloat = (BigFloat(j, precision: 200) / (g - j)).squareRoot()
                direct = direct + one + zero
            }
            let gap: BigFloat = (prefix - direct).magnitude
            #expect(gap.doubleApproximation < 1e-55, "k = \(k)")
        }
    }
}
