import GRPOModel
import Multiprecision
import Symbolic
import Testing
@testable import Claims

/// The checks of objective-maximisers, objective-large-group-rate and objective-potential-graded,
/// each passing as given and failing with one coefficient changed.
@Suite struct ObjectiveClaims {
    static let context = ProofContext(digits: 20)
    /// One binary question, one with three answers and one with four.
    static let cases = [2, 3, 4].map { k in GridChecks.objectiveCases.first { $0.references.count == k }! }

    static func failed(_ status: CheckStatus) -> Bool { status.isFailure }

    @Test func theSmallGroupObjectivesAreExact() {
        #expect(ExactIdentity.objectiveGroupsOfTwo.verify() && ExactIdentity.objectiveGroupsOfThree.verify())
        #expect(ExactIdentity.binomialObjective(coefficients: [1, Rational(1001, 1000)]) != .variable("mu"))
        #expect(ExactIdentity.binomialObjective(coefficients: [1, 1, 2]) != .variable("mu"))
    }

    @Test func theKKTConditionHoldsAndFailsWithWScaled() {
        let exact = GridChecks.objectiveKKT(Self.context, cases: Self.cases) { $0.derivative(at: $1) }
        #expect(exact == .certifiedOnGrid(points: 3, digits: 20), "\(exact.text)")
        for c in Self.cases {
            let scaled = GridChecks.objectiveKKT(Self.context, cases: [c]) {
                $0.derivative(at: $1) * Interval(GridChecks.decimal("1.001"), precision: $1.precision)
            }
            #expect(scaled.isFailure, "\(c.description)")
        }
    }

    @Test func theStationaryPolicyIsTheMaximumAndAShiftedFloorFails() {
        let exact = GridChecks.objectiveGlobalMaximum(Self.context, cases: Self.cases) { $0 }
        #expect(exact == .certifiedOnGrid(points: 3, digits: 20), "\(exact.text)")
        let shift = Interval(GridChecks.decimal("0.001"), precision: GridChecks.maximumSearchPrecision)
        #expect(GridChecks.objectiveGlobalMaximum(Self.context, cases: Self.cases) { $0 + shift }.isFailure,
                "a floor above J(π*) leaves no box")
        #expect(GridChecks.objectiveGlobalMaximum(Self.context, cases: Self.cases) { $0 - shift }.isFailure,
                "a floor below J(π*) keeps boxes away from μ*")
    }

    @Test func concavityFailsAndAConstantSlopeIsCaught() {
        #expect(!GridChecks.objectiveNotConcave(Self.context).isFailure)
        let flat = GridChecks.objectiveNotConcave(Self.context) { _, mu in Interval(2, precision: mu.precision).squareRoot() }
        #expect(flat.isFailure, "a constant W_G is concave")
    }

    @Test func theRateIsOneOverRootGAndAOneOverGTermIsCaught() {
        #expect(!GridChecks.objectiveRate(Self.context).isFailure)
        let shifted = GridChecks.objectiveRate(Self.context) { model, mu in
            model.value(at: mu) - Interval(2, precision: mu.precision) / Interval(model.groupSize.finiteValue!, precision: mu.precision)
        }
        #expect(shifted.isFailure)
    }

    @Test func zeroOneRewardsHaveAPotentialAndAPerturbedJacobianDoesNot() {
        #expect(!GridChecks.bernoulliPotential(Self.context).isFailure)
        let bumped = GridChecks.bernoulliPotential(Self.context) { j in
            var j = j
            j[0][1] = j[0][1] + Interval(GridChecks.decimal("0.001"), precision: j[0][1].precision)
            return j
        }
        #expect(bumped.isFailure)
    }

    @Test func gradedRewardsHaveNoPotentialButTwoLevelsDo() {
        #expect(ExactIdentity.gradedCurlGroupsOfTwo.verify())
        #expect(ExactIdentity.tangentialCurl(ExactIdentity.groupsOfTwoJacobian(ranks: [1, 1, 2])) == Rational(0))
        #expect(!GridChecks.gradedNoPotential(Self.context).isFailure)
        #expect(GridChecks.gradedNoPotential(Self.context, rewards: [["0", "1", "1"]]).isFailure,
                "two levels: the curl is 0, so 'nonzero' must fail")
    }
}
