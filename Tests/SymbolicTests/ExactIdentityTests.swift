import Symbolic
import Testing

@Suite struct ExactIdentities {
    @Test(arguments: ExactIdentity.all())
    func identityHolds(_ identity: ExactIdentity) {
        #expect(identity.verify(), "\(identity)")
    }

    @Test func listCoversEveryCheck() {
        let names = Set(ExactIdentity.all(maximumGroupSize: 10).map(\.name))
        for name in ["eq17Quadratic", "eq19Quadratic", "eq14IsRoot", "eq15IsRoot", "lowerBoundGap",
                     "lowerBoundPositive", "betaEqualsMargin", "tieGivesReference",
                     "muUEqualsOneMinusMuV(G=10)", "zeroMeanAdvantage(G=2)", "shiftOnlyExpectation(G=8)", "eq16", "eq18"] {
            #expect(names.contains(name), "\(name) missing")
        }
        #expect(ExactIdentity.all().count == 10 + 2 * 199 + 7)
    }

    @Test func groupsOfTwoRootAtANumericPoint() {
        // r = 1/2, p_ref = 3/8: s² = 1/4 + 3/4 = 1, so p = (1/2 + 1)/2 = 3/4,
        // and 9/16 − 3/8 − 3/16 = 0. Reduction modulo s² − 1 with s = 1 substituted gives 0.
        let root = QuadraticRoot.groupsOfTwo
        let quadratic = root.quadratic.substituting("r", with: Polynomial(Rational(1, 2)))
            .substituting("p_ref", with: Polynomial(Rational(3, 8)))
        #expect(quadratic.substituting("p", with: Polynomial(Rational(3, 4))).isZero)
        #expect(root.radicand.substituting("r", with: Polynomial(Rational(1, 2)))
                    .substituting("p_ref", with: Polynomial(Rational(3, 8))) == 1)
    }
}

/// Each check must fail when the claim is wrong: the same code, one coefficient changed.
@Suite struct PerturbedIdentitiesFail {
    let r = Polynomial.variable("r"), reference = Polynomial.variable("p_ref")
    let beta = Polynomial.variable("beta")

    /// (16) and (18) as polynomials: one changed sign or a dropped term makes them fail.
    @Test func eq16AndEq18FailWhenPerturbed() {
        let (gamma, p, q) = (Polynomial.variable("gamma"), Polynomial.variable("p"), Polynomial.variable("p_ref"))
        #expect(p * gamma * (1 - q) + (1 - p) * gamma * q != gamma * (p - q))
        let (ra, rb) = (Polynomial.variable("r_a"), Polynomial.variable("r_b"))
        let mean = q * ra + (1 - q) * rb
        #expect(q * ra * ra + (1 - q) * rb * rb - mean * mean == (ra - rb) * (ra - rb) * q * (1 - q))
        #expect(q * ra * ra + (1 - q) * rb * rb - q * q * ra * ra != (ra - rb) * (ra - rb) * q * (1 - q))
    }

    @Test func eq14WithWrongLinearCoefficient() {
        var root = QuadraticRoot.groupsOfTwo
        root.linear = -(1 + r)
        #expect(!root.residual.isZero)
    }

    @Test func eq14WithWrongRadicand() {
        var root = QuadraticRoot.groupsOfTwo
        root.radicand = (1 - r).power(2) + 3 * r * reference
        #expect(!root.residual.isZero)
        #expect(!root.rationalisedResidual(numerator: 2 * r * reference).isZero)
        // The residual is exactly the discrepancy of the radicands: −r p_ref.
        #expect(root.residual == -(r * reference))
    }

    @Test func eq14RationalisedWithWrongNumerator() {
        #expect(!QuadraticRoot.groupsOfTwo.rationalisedResidual(numerator: r * reference).isZero)
    }

    @Test func eq15WithWrongParts() {
        var root = QuadraticRoot.largeGroups
        root.denominator = 2 * (1 + beta)
        #expect(!root.residual.isZero)
        root = QuadraticRoot.largeGroups
        root.radicand = 1 + 4 * beta * beta * reference
        #expect(!root.residual.isZero)
        root = QuadraticRoot.largeGroups
        root.constant = beta * reference * reference
        #expect(!root.residual.isZero)
    }

    @Test func muUWithWrongCoefficientFails() {
        let wrong = SquaredAdvantages(ofOne: { g, k in Rational(g - k, k + 1) },
                                      ofZero: SquaredAdvantages.populationNormalised.ofZero)
        for g in 2...30 {
            #expect(!ExactIdentity.muUEqualsOneMinusMuV(groupSize: g, advantages: wrong).verify())
            #expect(!ExactIdentity.zeroMeanAdvantage(groupSize: g, advantages: wrong).verify())
        }
        // A non-vanishing boundary term is caught even when the interior matches.
        let boundary = SquaredAdvantages(ofOne: { g, k in Rational(g - k + (k == g ? 1 : 0), k) },
                                         ofZero: SquaredAdvantages.populationNormalised.ofZero)
        #expect(!ExactIdentity.muUEqualsOneMinusMuV(groupSize: 5, advantages: boundary).verify())
    }

    @Test func shiftOnlyNeedsTheFiniteGroupFactor() {
        let example = BinaryExample.standard
        for g in 2...ExactIdentity.shiftOnlyMaximumGroupSize {
            let lhs = example.shiftOnlyExpectedPreference(groupSize: g)
            #expect(lhs != example.rewardGain)
            #expect(lhs != (1 - Rational(1, g + 1)) * example.rewardGain)
        }
        // E_π r − E_π_old r = (1/3 − 3/5)(1 − 1/4) = −1/5, so at G = 2 the value is −1/10.
        #expect(example.rewardGain == Rational(-1, 5))
        #expect(example.shiftOnlyExpectedPreference(groupSize: 2) == Rational(-1, 10))
    }

    @Test func shiftOnlyHoldsForOtherExamples() {
        let example = BinaryExample(policy: Rational(5, 7), oldPolicy: Rational(1, 9),
                                    rewardA: Rational(-2, 3), rewardB: Rational(5, 2))
        for g in 2...ExactIdentity.shiftOnlyMaximumGroupSize {
            #expect(ExactIdentity.shiftOnlyExpectation(groupSize: g, example: example).verify())
        }
    }
}
