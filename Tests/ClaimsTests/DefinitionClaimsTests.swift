@testable import Claims
import GRPOModel
import Multiprecision
import Symbolic
import Testing

extension Array where Element == Polynomial {
    var allZero: Bool { allSatisfy { $0.isZero } }
}

/// The claims of (1)–(10) and the statements in words: each passes, and each of its checks
/// fails when one coefficient of what it checks changes.
@Suite struct DefinitionClaims {
    static let ids = ClaimRegistry.definitionClaims.map(\.id)

    @Test func theDefinitionClaimsPassAndComeFirst() {
        let results = Prover.prove(ClaimRegistry.definitionClaims, context: ProofContext(digits: 20))
        for r in results {
            #expect(!r.failed && !r.refuted, "\(r.claim.id): \(r.statusText)")
        }
        #expect(Array(ClaimRegistry.claims.prefix(Self.ids.count).map(\.id)) == Self.ids)
        #expect(Self.ids.first == "eq01-grpo-objective")
    }

    @Test func thePairwiseAdvantageFailsWhenPerturbed() {
        for g in 2...ExactIdentity.advantageMaximumGroupSize {
            #expect(ExactIdentity.pairwiseNumeratorResidual(groupSize: g, coefficient: Rational(1, g)).allZero)
            #expect(!ExactIdentity.pairwiseNumeratorResidual(groupSize: g, coefficient: Rational(1, g + 1)).allZero)
            #expect(ExactIdentity.pairwiseVarianceResidual(groupSize: g, coefficient: Rational(1, 2 * g * g)).isZero)
            #expect(!ExactIdentity.pairwiseVarianceResidual(groupSize: g, coefficient: Rational(1, g * g)).isZero,
                    "without the ½ the pairwise sum counts each pair twice")
            #expect(!ExactIdentity.pairwiseVarianceResidual(groupSize: g, coefficient: Rational(1, 2 * g * (g - 1))).isZero,
                    "Bessel's divisor is not the paper's")
        }
    }

    @Test func shiftScaleAndTieFailWhenPerturbed() {
        for g in 2...ExactIdentity.advantageMaximumGroupSize {
            #expect(ExactIdentity.shiftScaleResidual(groupSize: g, numeratorPower: 1, variancePower: 2).allZero)
            #expect(!ExactIdentity.shiftScaleResidual(groupSize: g, numeratorPower: 1, variancePower: 1).allZero)
            #expect(!ExactIdentity.shiftScaleResidual(groupSize: g, numeratorPower: 2, variancePower: 2).allZero)
            #expect(ExactIdentity.tiedAdvantageTerms(groupSize: g, tie: true).allZero)
            #expect(!ExactIdentity.tiedAdvantageTerms(groupSize: g, tie: false).allZero)
        }
    }

    @Test func clippingIsActiveOutsideTheTrustRegion() {
        let epsilon = ExactIdentity.clippingEpsilon
        #expect(ExactIdentity.clippingInactive.verify())
        // ρ = 3/2 > 1 + ε with A > 0: min(ρA, (1 + ε)A) = (1 + ε)A ≠ ρA.
        #expect(ExactIdentity.clippedSurrogate(ratio: Rational(3, 2), advantage: 1, epsilon: epsilon) != Rational(3, 2))
        // ρ = 1/2 < 1 − ε with A < 0: min(−ρ, −(1 − ε)) = −(1 − ε) ≠ −ρ.
        #expect(ExactIdentity.clippedSurrogate(ratio: Rational(1, 2), advantage: -1, epsilon: epsilon) != Rational(-1, 2))
    }

    @Test func klZeroAndItsGradientIdentitiesFailWhenPerturbed() {
        let (pi, old) = (ExactIdentity.klPolicies[0], ExactIdentity.klPolicies[1])
        let reference = ExactIdentity.klPolicies[2]
        #expect(ExactIdentity.importanceSum(old: pi, policy: pi, reference: reference) == 1)
        #expect(ExactIdentity.importanceSum(old: old, policy: pi, reference: reference) != 1, "π_old ≠ π: KL0 ≠ KL")
        #expect(ExactIdentity.eq10Residual(constant: 1).isZero)
        #expect(!ExactIdentity.eq10Residual(constant: 0).isZero, "(10) needs the additive constant 1")
        #expect(!ExactIdentity.eq10Residual(constant: 2).isZero)
    }

    @Test func theWordStatementsFailWhenPerturbed() {
        #expect(ExactIdentity.signMatrix([1, 0, 2]) != ExactIdentity.signMatrix([Rational(1), 0, 2].map { -$0 }),
                "a decreasing map reverses the ranking")
        #expect(ExactIdentity.largeGroupCentredReward(tie: true).allZero)
        #expect(!ExactIdentity.largeGroupCentredReward(tie: false).allZero)
        #expect(ExactIdentity.directBoundGap(coefficient: 1).isZero)
        #expect(!ExactIdentity.directBoundGap(coefficient: 0).isZero)
    }

    /// The enumerations of (6) and (7) against the models at `π` and `π_old` swapped: disjoint.
    @Test func theEnumerationsSeeAWrongPolicy() throws {
        let precision = DigitsPolicy(digits: 20).working
        let q = EnumeratedQuestion.grid[2]
        let swapped = EnumeratedQuestion(policy: q.old, old: q.policy, reference: q.reference, levels: q.levels,
                                         probabilities: q.probabilities, groupSizes: q.groupSizes)
        let enumerated = q.expectedAdvantage(groupSize: 3, precision: precision)
        #expect(GridChecks.agrees(enumerated, try Definitions.expectedPreference(q, groupSize: 3, precision: precision), digits: 20))
        #expect(!enumerated.overlaps(try Definitions.expectedPreference(swapped, groupSize: 3, precision: precision)))
        let penalty = q.expectedPenalty(groupSize: 3, precision: precision)
        #expect(GridChecks.agrees(penalty, Definitions.kl0Value(q, precision: precision), digits: 20))
        #expect(!penalty.overlaps(Definitions.kl0Value(swapped, precision: precision)))
    }

    /// (8)–(10) against formulas with one coefficient changed: the forward derivatives disagree.
    @Test func theGradientFormulasFailWhenPerturbed() {
        let precision = DigitsPolicy(digits: 20).working
        let point = Definitions.gradientGrid[0]
        let (pi, old, reference) = (Definitions.intervals(point.policy, precision: precision),
                                    Definitions.intervals(point.old, precision: precision),
                                    Definitions.intervals(point.reference, precision: precision))
        let moving = Jet.along(pi, coordinate: 1)
        let kl0 = Definitions.kl0(moving, reference: reference, old: old).first
        let kl = Definitions.kl(moving, reference: reference).first
        #expect(GridChecks.agrees(kl0, -(old[1] * reference[1] / pi[1].square()) + old[1] / pi[1], digits: 20))
        #expect(!kl0.overlaps(-(old[1] * reference[1] / pi[1].square()) + 2 * old[1] / pi[1]))
        #expect(GridChecks.agrees(kl, -(reference[1] / pi[1]).log() + 1, digits: 20))
        #expect(!kl.overlaps(-(reference[1] / pi[1]).log()))
        let reverse = Definitions.reverseKL(moving, reference: reference).first
        #expect(!reverse.overlaps(1 - reference[1] / pi[1]), "(10) holds only up to the constant 1")
    }

    /// A perturbed NLHF map (β doubled) has a residual at the true fixed point, and Krawczyk's
    /// certificate at 2β is another point; RLHF's (4) at
    /// 2β is not a stationary point of (3) at β.
    @Test func theFixedPointsFailWhenPerturbed() throws {
        let precision = DigitsPolicy(digits: 20).working
        let entry = Definitions.nlhfMatrices[0]
        let solution = try #require(Definitions.iterateNLHF(entry.matrix, reference: entry.reference, beta: entry.beta, precision: precision))
        let pi = solution.map { Interval(point: $0, precision: precision) }
        let matrix = entry.matrix.map { Definitions.intervals($0, precision: precision) }
        let reference = Definitions.intervals(entry.reference, precision: precision)
        let beta = Interval(GridChecks.decimal(entry.beta), precision: precision)
        let image = Definitions.nlhfMap(pi, matrix: matrix, reference: reference, beta: beta)
        #expect(zip(pi, image).allSatisfy { Definitions.isWithinDigits($0 - $1, digits: 20) })
        let wrong = Definitions.nlhfMap(pi, matrix: matrix, reference: reference, beta: beta * 2)
        #expect(!zip(pi, wrong).allSatisfy { Definitions.isWithinDigits($0 - $1, digits: 20) })

        let certified = try #require(Definitions.certifiedFixedPoint(NLHFResidual(matrix: matrix, reference: reference, beta: beta),
                                                                     near: solution, precision: precision, digits: 20))
        #expect(zip(pi, certified).allSatisfy { Definitions.isWithinDigits($1 - $0, digits: 20) })
        let doubled = NLHFResidual(matrix: matrix, reference: reference, beta: beta * 2)
        if let other = Definitions.certifiedFixedPoint(doubled, near: solution, precision: precision, digits: 20) {
            #expect(!zip(pi, other).allSatisfy { Definitions.isWithinDigits($1 - $0, digits: 20) }, "the fixed point at 2β is another point")
        }

        let r = Definitions.intervals(["1", "0.5", "0.2"], precision: precision)
        let rlhfReference = Definitions.intervals(["0.2", "0.3", "0.5"], precision: precision)
        let half = Interval(GridChecks.decimal("0.5"), precision: precision)
        let atDouble = PoolingBaseline.rlhf(references: rlhfReference, successes: r, beta: half * 2)
        let gradient = atDouble.indices.map {
            Definitions.rlhfObjective(Jet.along(atDouble, coordinate: $0), rewards: r, reference: rlhfReference, beta: half).first
        }
        #expect(!gradient[0].overlaps(gradient[1]))
    }

    /// A direct-KL closed form with a jump at π_ref = 0 ((14) in its place) fails the no-jump check.
    @Test func aJumpingDirectFormIsCaught() {
        var table = ClosedFormTable.paper
        table.directGroupsOfTwo = ClosedFormTable.paper.groupsOfTwo
        #expect(Definitions.directContinuousAtZero(ProofContext(digits: 20, closedForms: table)).isFailure)
        #expect(!Definitions.directContinuousAtZero(ProofContext(digits: 20)).isFailure)
    }

    /// Rewards reordered (not an increasing image) change P_2.
    @Test func aReorderedRewardChangesThePreferences() {
        let precision = DigitsPolicy(digits: 20).working
        let pi = Definitions.intervals(["0.2", "0.3", "0.5"], precision: precision)
        func preferences(_ rewards: [String]) -> [Interval] {
            let model: RewardPreferences<Interval> = LevelRewards(graded: rewards.map(GridChecks.decimal))
                .preferences(groupSize: .two, normalisation: .population, precision: precision)
            return model.values(at: pi)
        }
        #expect(GridChecks.agrees(preferences(["0.5", "0.1", "0.3"])[0], preferences(["4", "3.2", "3.6"])[0], digits: 20))
        #expect(!preferences(["0.5", "0.1", "0.3"])[1].overlaps(preferences(["0.5", "0.3", "0.1"])[1]))
    }
}

