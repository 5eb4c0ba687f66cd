import Conjectures
import Expressions
import GRPOModel
import Multiprecision
import TestSupport
import Testing

let reference = IndependentReference(precision: 480)

func decimal(_ s: String) -> DecimalNumber { try! DecimalNumber(s) }

func binary(_ g: GroupSize = .two, beta: String, ref: String, margin: String = "1") -> ConjecturePoint {
    .binary(try! BinarySetting(groupSize: g, beta: decimal(beta), reference: decimal(ref), confidenceMargin: decimal(margin)))
}

func conjecture(_ formula: String, _ relation: ConjectureRelation = .equal, quantity: ConjectureQuantity = .policy,
                digits: Int = 30) throws -> Conjecture {
    Conjecture(formula: try Formula(formula), quantity: quantity, relation: relation, digits: digits)
}

/// The significant digits on which `a` and `b` round to the same decimal.
func commonDigits(_ a: BigFloat, _ b: BigFloat) -> Int {
    (1...120).last { a.decimalString(significantDigits: $0) == b.decimalString(significantDigits: $0) } ?? 0
}

/// (14) written as `2 r p_ref / (sqrt((1 − r)² + 4 r p_ref) − (1 − r))`, `r = β/γ`.
let rationalisedEq14 = "2*(beta/margin)*ref/(sqrt((1-beta/margin)^2+4*(beta/margin)*ref)-(1-beta/margin))"
/// (14) as printed in the paper.
let eq14 = "((1-beta/margin)+sqrt((1-beta/margin)^2+4*(beta/margin)*ref))/2"

@Suite struct Agreement {
    /// `(β, γ, β/γ)`: (14) depends on `β/γ`, which the independent bisection of (17) takes at γ = 1.
    @Test(arguments: [("0.04", "1", "0.04"), ("0.5", "1", "0.5"), ("2", "1", "2"), ("0.04", "0.5", "0.08"), ("3", "0.25", "12")])
    func rationalisedEq14AgreesTo50Digits(beta: String, margin: String, ratio: String) throws {
        let c = try conjecture(rationalisedEq14, digits: 50)
        for ref in ["0.3", "0.7", "0.001"] {
            let v = try c.verdict(at: binary(beta: beta, ref: ref, margin: margin))
            #expect(v.outcome == .holds, "\(v.reason)")
            #expect(v.agreeingDigits == 50)
            #expect(!v.disjoint)
            #expect(v.quantity?.contains(reference.groupsOfTwo(beta: ratio, ref: ref)) == true)
            #expect(v.formula.commonDigits(cap: 50).decimal
                    == reference.groupsOfTwo(beta: ratio, ref: ref).decimalString(significantDigits: 50))
        }
    }

    /// (14) + 10⁻⁴⁰ at β = 0.04, π_ref(a) = 0.3: refuted at 50 digits; at 30 digits agreement
    /// is certified, and the verdict says the two differ beyond it.
    @Test func offByTenToTheMinusFortyIsRefutedAt50AndAgreesAt30() throws {
        let p = reference.groupsOfTwo(beta: "0.04", ref: "0.3")
        let shifted = p + reference.number("1e-40")
        let k = commonDigits(p, shifted)
        #expect(k >= 38 && k <= 40)
        let point = binary(beta: "0.04", ref: "0.3")

        let at50 = try conjecture(eq14 + " + 1e-40", digits: 50).verdict(at: point)
        #expect(at50.outcome == .refuted)
        #expect(at50.disjoint)
        #expect(at50.agreeingDigits == k)
        #expect(at50.reason.hasSuffix("they agree to \(k) digits, not 50"), "\(at50.reason)")
        #expect(at50.formula.contains(shifted) && at50.quantity?.contains(p) == true)

        let at30 = try conjecture(eq14 + " + 1e-40", digits: 30).verdict(at: point)
        #expect(at30.outcome == .holds)
        #expect(at30.disjoint)
        #expect(at30.agreeingDigits == 30)
        #expect(at30.reason.hasPrefix("agrees to 30 digits; the enclosures are disjoint"), "\(at30.reason)")
        #expect(at30.reason.hasSuffix("they agree to \(k) digits, not \(k + 1)"), "\(at30.reason)")
    }

    /// At β = γ, p = sqrt(π_ref(a)) (exactly 0.123455 for π_ref(a) = 0.123455² = 0.015241137025):
    /// a tie at the sixth digit, so no enclosure fixes 5 digits, however precise.
    @Test func aRoundingTieGivesAPartialVerdict() throws {
        #expect(123_455 * 123_455 == 15_241_137_025)
        let v = try conjecture("sqrt(ref)", digits: 5).verdict(at: binary(beta: "1", ref: "0.015241137025"))
        #expect(v.outcome == .undecided)
        #expect(v.agreeingDigits == 4)
        #expect(v.reason.hasSuffix("they agree to 4 digits; 5 are not certified"), "\(v.reason)")
        #expect(v.formula.contains(reference.number("0.123455")) && v.quantity?.contains(reference.number("0.123455")) == true)
    }

    @Test func quantityIsEnclosedAtEachGroupSize() throws {
        let c = try conjecture("ref", .lessOrEqual, digits: 40)
        let finite = try c.verdict(at: binary(.finite(64), beta: "0.04", ref: "0.3"))
        #expect(finite.outcome == .holds)
        #expect(finite.quantity?.contains(reference.finite(64, beta: "0.04", ref: "0.3")) == true)
        let large = try c.verdict(at: binary(.infinite, beta: "0.04", ref: "0.3"))
        #expect(large.quantity?.contains(reference.largeGroups(beta: "0.04", ref: "0.3")) == true)
    }

    @Test func theFormulaMustHaveAValue() throws {
        let c = try conjecture("1/ref")
        let error = #expect(throws: ConjectureEvaluationError.self) { try c.verdict(at: binary(beta: "0.1", ref: "0")) }
        #expect(error?.error.kind == .divisionByZero)
        let g = #expect(throws: FormulaError.self) { try conjecture("G").requireVariables(at: binary(.infinite, beta: "1", ref: "0.5")) }
        #expect(g?.message.hasPrefix("G is not a number at group size inf") == true)
        #expect(throws: Never.self) { try conjecture("G").requireVariables(at: binary(.finite(8), beta: "1", ref: "0.5")) }
    }
}

@Suite struct Inequalities {
    /// The paper's bound π(a) ≥ 1/(1 + β²) at G = ∞ holds; the reversed inequality is refuted.
    @Test(arguments: ["0.1", "1", "3"])
    func largeGroupBound(beta: String) throws {
        let point = binary(.infinite, beta: beta, ref: "0.3")
        let exact = reference.largeGroups(beta: beta, ref: "0.3")
        let bound = try conjecture("1/(1+beta^2)", .lessOrEqual).verdict(at: point)
        #expect(bound.outcome == .holds, "\(bound.reason)")
        #expect(bound.quantity?.contains(exact) == true)
        let reversed = try conjecture("1/(1+beta^2)", .greater).verdict(at: point)
        #expect(reversed.outcome == .refuted)
        #expect(reversed.formula.upper < reversed.quantity!.lower)
        #expect(reversed.reason.hasPrefix("the formula is below π(a) by at least"))
    }

    /// Equal values cannot be separated: an inequality between them stays undecided.
    @Test func equalValuesAreUndecided() throws {
        let v = try conjecture(eq14, .lessOrEqual, digits: 20).verdict(at: binary(beta: "0.5", ref: "0.3"))
        #expect(v.outcome == .undecided)
        #expect(v.reason.contains("may be equal"))
    }

    /// β_c(1/2): `2 asinh β = 2 sqrt(1 + β²)/β`, solved here by bisection.
    @Test func threshold() throws {
        var lo = reference.number("1"), hi = reference.number("2")
        for _ in 0..<400 {
            let mid = (lo + hi) / 2
            if (2 * mid.asinh() - 2 * (1 + mid * mid).squareRoot() / mid).sign < 0 { lo = mid } else { hi = mid }
        }
        let point = ConjecturePoint.threshold(reference: decimal("0.5"))
        let below = try conjecture("1.5", .less, quantity: .betaC).verdict(at: point)
        #expect(below.outcome == .holds)
        #expect(below.quantity?.contains(lo) == true)
        #expect(try conjecture("1.51", .greater, quantity: .betaC).verdict(at: point).outcome == .holds)
        #expect(try conjecture("1.51", .less, quantity: .betaC).verdict(at: point).outcome == .refuted)
        let error = #expect(throws: FormulaError.self) { try conjecture("beta", quantity: .betaC).requireVariables(at: point) }
        #expect(error?.kind == .unknownVariable)
    }
}

@Suite struct StochasticRewards {
    /// Bernoulli rewards s = (0.9, 0.1), β = 0.1, π_ref(a) = 0.3, G = ∞: (13) with
    /// σ² = μ(1 − μ), μ = 0.9 p + 0.1 (1 − p), solved by bisection, is not (15).
    @Test func eq15IsRefutedForAStochasticRewardQuestion() throws {
        let (s1, s2, beta, ref) = (reference.number("0.9"), reference.number("0.1"), reference.number("0.1"), reference.number("0.3"))
        let exact = reference.bisect(from: ref) { p in
            let mu = p * s1 + (1 - p) * s2
            return p * (1 - (s1 - mu) / (beta * (mu * (1 - mu)).squareRoot())) - ref
        }
        let setting = try GeneralSetting(question: Question(references: [decimal("0.3"), decimal("0.7")],
                                                        successes: [decimal("0.9"), decimal("0.1")]),
                                     groupSize: .infinite, beta: decimal("0.1"))
        let eq15 = "(2*beta^2*ref1+1+sqrt(1+4*beta^2*ref1*(1-ref1)))/(2*(1+beta^2))"
        let v = try conjecture(eq15).verdict(at: .question(setting, answer: 0))
        #expect(v.outcome == .refuted)
        #expect(v.quantity?.contains(exact) == true)
        #expect(exact.decimalString(significantDigits: 7) == "0.9716531")
        #expect(v.formula.contains(reference.largeGroups(beta: "0.1", ref: "0.3")))
        // With deterministic rewards s = (1, 0), (15) is the policy.
        let deterministic = try GeneralSetting(question: Question(references: [decimal("0.3"), decimal("0.7")],
                                                              successes: [decimal("1"), decimal("0")]),
                                           groupSize: .infinite, beta: decimal("0.1"))
        #expect(try conjecture(eq15).verdict(at: .question(deterministic, answer: 0)).outcome == .holds)
        let second = try conjecture("1 - " + eq15).verdict(at: .question(deterministic, answer: 1))
        #expect(second.outcome == .holds)
    }
}

@Suite struct SearchAndDomain {
    /// A formula equal to (14) at β ∈ {0.04, 0.5} but not between.
    @Test func searchFindsACounterexampleBetweenGridPoints() throws {
        let points = ["0.04", "0.5"].flatMap { b in ["0.3", "0.6"].map { binary(beta: b, ref: $0) } }
        let bump = try conjecture(eq14 + " + (beta-0.04)*(beta-0.5)*1e-3")
        #expect(try bump.verdicts(at: points, threads: 1).allSatisfy { $0.outcome == .holds })
        let result = ConjectureSearch(samples: 100).run(bump, around: points)
        let counterexample = try #require(result.counterexample)
        guard case .binary(let s) = counterexample.point else { Issue.record("not a binary point"); return }
        #expect(s.beta.order(comparedWith: decimal("0.04")) > 0 && s.beta.order(comparedWith: decimal("0.5")) < 0)
        let exact = reference.groupsOfTwo(beta: s.beta.text, ref: s.reference.text)
        #expect(counterexample.quantity?.contains(exact) == true)
        #expect(!counterexample.formula.contains(exact))
        let clean = ConjectureSearch(samples: 100).run(try conjecture(eq14), around: points)
        #expect(clean.samples == 100 && clean.counterexample == nil && clean.certified.isEmpty)
    }

    @Test func domainCertifiesTheLowerBoundOfTheGroupsOfTwoPolicy() throws {
        let box = try ConjectureDomain(beta: (decimal("0.01"), decimal("1")), reference: (decimal("0.1"), decimal("0.9")),
                                       margin: decimal("1"))
        let bound = try conjecture("max(1-beta/margin, ref)", .lessOrEqual).verdict(on: box)
        #expect(bound.outcome == .holds)
        // Every undecided box is halved, and every leaf is certified.
        #expect(bound.certifiedBoxes > 1 && 2 * bound.certifiedBoxes - 1 == bound.examinedBoxes)
        let wrong = try conjecture("1-beta/2", .lessOrEqual).verdict(on: box)
        #expect(wrong.outcome == .refuted)
        let counterexample = try #require(wrong.counterexample)
        guard case .binary(let s) = counterexample.point else { Issue.record("not a binary point"); return }
        let exact = reference.groupsOfTwo(beta: s.beta.text, ref: s.reference.text)
        #expect(counterexample.quantity?.contains(exact) == true)
        #expect(1 - reference.number(s.beta.text) / 2 > exact)
    }

    /// The monotonicity is proved for every β > 0, 0 < π_ref(a) < 1: boxes reaching β = 0 or
    /// π_ref(a) ∈ {0, 1} are refused, any other is accepted.
    @Test func domainsOutsideTheProvedMonotonicityAreRefused() {
        func refused(_ b0: String, _ b1: String, _ r0: String, _ r1: String, margin: String = "1") -> Bool {
            (try? ConjectureDomain(beta: (decimal(b0), decimal(b1)), reference: (decimal(r0), decimal(r1)),
                                   margin: decimal(margin))) == nil
        }
        #expect(refused("0", "1", "0.1", "0.9"))
        #expect(refused("0.01", "1", "0", "0.9"))
        #expect(refused("0.01", "1", "0.1", "1"))
        #expect(!refused("0.01", "2000", "0.1", "0.9"))
        #expect(!refused("1e-9", "1e9", "0.0001", "0.9999", margin: "0.5"))
        #expect(refused("1", "0.5", "0.1", "0.9"))
    }
}
