@testable import Claims
import Multiprecision
import Symbolic
import Testing

/// The whole-domain proofs: each fails for a closed form with one coefficient changed, and the
/// rewritten derivative matches a difference quotient of the closed form evaluated directly.
@Suite struct DomainProofChecks {
    static func failed(_ status: CheckStatus) -> Bool { status.isFailure }

    /// (14) with `4 r p_ref` under the root replaced by `3 r p_ref` (no longer a root of the quadratic).
    static var perturbedGroupsOfTwo: QuadraticRoot {
        var root = QuadraticRoot.groupsOfTwo
        let r = Polynomial.variable("r"), reference = Polynomial.variable("p_ref")
        root.radicand = (1 - r).power(2) + 3 * r * reference
        return root
    }

    /// (14) with the other root, `½[(1 − r) − s]`, written as the offset `−(1 − r)` and `−p`.
    static var otherRootOfFourteen: QuadraticRoot {
        var root = QuadraticRoot.groupsOfTwo
        root.offset = -root.offset
        root.denominator = -2
        return root
    }

    @Test func theProofsHoldForThePaper() {
        let statuses = [DomainProofs.groupsOfTwoDecreasingInRatio(.groupsOfTwo),
                        DomainProofs.groupsOfTwoIncreasingInReference(.groupsOfTwo),
                        DomainProofs.groupsOfTwoBetweenLinearAndOne(.groupsOfTwo),
                        DomainProofs.groupsOfTwoAboveReference(.groupsOfTwo),
                        DomainProofs.largeGroupsDecreasingInBeta(.largeGroups),
                        DomainProofs.largeGroupsIncreasingInReference(.largeGroups),
                        DomainProofs.largeGroupsAboveBound(.largeGroups),
                        DomainProofs.largeGroupsAboveReference(.largeGroups),
                        DomainProofs.largeGroupsMoreBiased(groupsOfTwo: .groupsOfTwo, largeGroups: .largeGroups)]
        for status in statuses {
            guard case .provedOnDomain = status else {
                Issue.record("\(status.text)")
                continue
            }
        }
        #expect(DomainProofs.rewriting(.groupsOfTwo, "r") && DomainProofs.rewriting(.largeGroups, "beta"))
        #expect(DomainProofs.groupsOfTwoSpread(.groupsOfTwo))
    }

    @Test func theRewritingsFailForAPerturbedRoot() {
        #expect(!DomainProofs.rewriting(Self.perturbedGroupsOfTwo, "r"))
        #expect(!DomainProofs.rewriting(Self.perturbedGroupsOfTwo, "p_ref"))
        #expect(!DomainProofs.groupsOfTwoSpread(Self.perturbedGroupsOfTwo))
        var large = QuadraticRoot.largeGroups
        large.offset = large.offset + Polynomial.variable("p_ref")
        #expect(!DomainProofs.rewriting(large, "beta"))
    }

    @Test func theSignsFailForTheOtherRoot() {
        let other = Self.otherRootOfFourteen
        #expect(Self.failed(DomainProofs.groupsOfTwoAboveReference(other)))
        #expect(Self.failed(DomainProofs.groupsOfTwoAboveLinear(other)))
        var largeOther = QuadraticRoot.largeGroups
        largeOther.offset = -largeOther.offset
        largeOther.denominator = -largeOther.denominator
        #expect(Self.failed(DomainProofs.largeGroupsAboveBound(largeOther)))
        // The comparison rests on the quadratic of (15): with that of (14) in its place, p_2 is its root.
        var groupsOfTwoQuadratic = QuadraticRoot.largeGroups
        let beta = Polynomial.variable("beta")
        groupsOfTwoQuadratic.leading = 1
        groupsOfTwoQuadratic.linear = -(1 - beta)
        groupsOfTwoQuadratic.constant = -(beta * Polynomial.variable("p_ref"))
        #expect(Self.failed(DomainProofs.largeGroupsMoreBiased(groupsOfTwo: .groupsOfTwo, largeGroups: groupsOfTwoQuadratic)))
    }

    /// `∂p/∂r` of (14) from `derivative(in:)`, `(A + Bs)/(2 s d²)`, against the central
    /// difference of (14) itself at 256 bits, at a few points.
    @Test func theRewrittenDerivativeMatchesADifferenceQuotient() throws {
        let precision = 256
        let slope = QuadraticRoot.groupsOfTwo.derivative(in: "r")
        func big(_ q: Rational) throws -> BigFloat {
            let parts = try q.description.split(separator: "/").map { try BigFloat(decimal: String($0), precision: precision) }
            return parts.count == 2 ? parts[0] / parts[1] : parts[0]
        }
        func root(_ x: BigFloat, _ y: BigFloat) -> BigFloat {
            let b: BigFloat = 1 - x
            let s: BigFloat = (b * b + 4 * x * y).squareRoot()
            return (b + s) / 2
        }
        for (r, reference) in [("0.25", "0.2"), ("3.5", "0.9"), ("0.01", "0.5")] {
            let x = try BigFloat(decimal: r, precision: precision), y = try BigFloat(decimal: reference, precision: precision)
            let h = BigFloat(1, precision: precision).scaled(byPowerOfTwo: -80)
            let quotient: BigFloat = (root(x + h, y) - root(x - h, y)) / (2 * h)
            let point = ["r": Rational(decimal: r)!, "p_ref": Rational(decimal: reference)!]
            let b: BigFloat = 1 - x
            let s: BigFloat = (b * b + 4 * x * y).squareRoot()
            let rewritten: BigFloat = (try big(slope.rational.value(at: point)) + (try big(slope.surd.value(at: point))) * s) / (8 * s)
            #expect(((rewritten - quotient) / quotient).absoluteValue() < BigFloat(1, precision: precision).scaled(byPowerOfTwo: -120))
        }
    }
}

/// The limits at π_ref = 0: the identities hold for the paper's closed forms and fail for one
/// coefficient changed.
@Suite struct LimitsAtZero {
    @Test func theLimitsAreProvedAndPerturbationsFail() {
        #expect(DomainProofs.groupsOfTwoAtZero(.groupsOfTwo) && DomainProofs.largeGroupsAtZero(.largeGroups))
        var two = QuadraticRoot.groupsOfTwo
        two.radicand = two.radicand + Polynomial.variable("r") * Polynomial.variable("r")
        #expect(!DomainProofs.groupsOfTwoAtZero(two))
        var large = QuadraticRoot.largeGroups
        large.offset = large.offset + 1
        #expect(!DomainProofs.largeGroupsAtZero(large))
    }
}

/// Grid agreement is a relative width, not a rounding: a value that is a rounding tie at D
/// digits (0.0216125 at five) agrees with itself; disjoint or wide enclosures do not.
@Suite struct GridAgreement {
    @Test func aRoundingTieAgrees() throws {
        let tie = Interval(try DecimalNumber("0.0216125"), precision: 80)
        #expect(GridChecks.agrees(tie, tie, digits: 5))
        let other = Interval(try DecimalNumber("0.0216126"), precision: 80)
        #expect(!GridChecks.agrees(tie, other, digits: 5))
        let wide = Interval(uncheckedLower: tie.lower, upper: other.upper, precision: 80)
        #expect(!GridChecks.agrees(wide, tie, digits: 7))
    }
}

/// The direct-KL monotonicity: proved for the closed form, failed for one coefficient changed.
@Suite struct DirectMonotonicity {
    @Test func theQuotientRuleProofHoldsAndFailsWhenPerturbed() {
        guard case .provedOnDomain = DomainProofs.directMonotone() else {
            Issue.record("\(DomainProofs.directMonotone().text)")
            return
        }
        let reference = Polynomial.variable("p_ref"), tilt = Polynomial.variable("E")
        #expect(DomainProofs.directMonotone(denominator: reference * tilt + 1 - 2 * reference).isFailure)
        #expect(DomainProofs.directMonotone(numerator: reference * tilt * tilt).isFailure)
    }
}
