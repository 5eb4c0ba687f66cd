import Certification
import Symbolic
@testable import Conjectures
import GRPOModel
import Multiprecision
import TestSupport
import Testing

/// `--domain` at any group size and for every quantity: enclosures on a box by the comparison
/// principle (`PolicyOnBox`), inequalities box by box, `=` by mean values. Expected values come
/// from `IndependentReference` (bisection of the finite-G equation summed term by term, of (17)
/// and (19)) and from closed forms written here.
@Suite struct BoxAtAnyGroupSize {
    static func box(_ g: GroupSize, beta: (String, String), ref: (String, String), margin: String = "1",
                    normalisation: AdvantageNormalisation = .population) throws -> ConjectureDomain {
        try ConjectureDomain(groupSize: g, beta: (decimal(beta.0), decimal(beta.1)), reference: (decimal(ref.0), decimal(ref.1)),
                             margin: decimal(margin), normalisation: normalisation)
    }

    /// The counterexample's setting.
    static func setting(_ v: PointVerdict?) throws -> BinarySetting {
        guard case .binary(let s)? = v?.point else { throw VerdictError.notBinary }
        return s
    }

    enum VerdictError: Error { case notBinary }

    /// π(a) ≥ π_ref(a) holds at every G (the advantage terms are non-negative); π(a) ≤ π_ref(a) + 1/20
    /// does not, and its counterexample's enclosure holds the independent root.
    @Test(arguments: [3, 8, 64])
    func inequalitiesAtFiniteGroupSizes(_ g: Int) throws {
        let box = try Self.box(.finite(g), beta: ("0.1", "2"), ref: ("0.1", "0.9"))
        let holds = try conjecture("ref", .lessOrEqual, digits: 10).verdict(on: box)
        #expect(holds.outcome == .holds, "\(holds.undecided ?? "")")
        let wrong = try conjecture("ref + 1/20", .greaterOrEqual, digits: 10).verdict(on: box)
        #expect(wrong.outcome == .refuted)
        let s = try Self.setting(wrong.counterexample)
        let exact = reference.finite(g, beta: s.beta.text, ref: s.reference.text)
        #expect(wrong.counterexample?.quantity?.contains(exact) == true)
        #expect(reference.number(s.reference.text) + reference.number("0.05") < exact)
    }

    /// At G = 3, `U_3(μ) = sqrt 2 (1 − μ)` (the weights (1 − μ)², 2μ(1 − μ), μ² times sqrt 2,
    /// sqrt(1/2), 0), so Δ = sqrt 2 and π(a) is (14) with γ = sqrt 2: the box's enclosure and
    /// slopes hold it and its derivatives (central differences at 400 bits) at inner points.
    @Test func theBoxEnclosureHoldsTheClosedFormAtGroupsOfThree() throws {
        let question = try BinarySetting(groupSize: .finite(3), beta: decimal("0.5"), reference: decimal("0.3"),
                                         confidenceMargin: decimal("1"))
        #expect(PolicyOnBox.isUnique(question))
        let precision = 200
        let (b0, b1, r0, r1) = ("0.5", "0.6", "0.3", "0.35")
        func policy(_ beta: BigFloat, _ ref: BigFloat) -> BigFloat {
            let c = 1 - beta / BigFloat(2, precision: 400).squareRoot()
            return (c + (c * c + 4 * (1 - c) * ref).squareRoot()) / 2
        }
        func corner(_ beta: String, _ ref: String) -> Interval {
            try! ConjectureQuantity.policyEnclosure(try! question.with(beta: decimal(beta), reference: decimal(ref)), digits: 40).get()
        }
        let onBox = PolicyOnBox(question, beta: Conjecture.interval((decimal(b0), decimal(b1)), precision: precision),
                                reference: Conjecture.interval((decimal(r0), decimal(r1)), precision: precision),
                                low: corner(b1, r0), high: corner(b0, r1), precision: precision)
        let slopes = try #require(onBox.slopes)
        let h = reference.number("1e-30")
        for (beta, ref) in [("0.5", "0.3"), ("0.55", "0.31"), ("0.6", "0.35"), ("0.58", "0.33")] {
            let (b, r) = (reference.number(beta), reference.number(ref))
            #expect(onBox.enclosure.contains(policy(b, r)))
            #expect(slopes.beta.contains((policy(b + h, r) - policy(b - h, r)) / (2 * h)))
            #expect(slopes.reference.contains((policy(b, r + h) - policy(b, r - h)) / (2 * h)))
        }
        // The corner values bound it: below at (β₁, r₀), above at (β₀, r₁).
        #expect(onBox.enclosure.lower <= policy(reference.number(b1), reference.number(r0)))
        #expect(onBox.enclosure.upper >= policy(reference.number(b0), reference.number(r1)))
    }

    /// `=` on a box by mean values: the G = 3 closed form agrees to 5 digits on a small box
    /// (exactness not decided); moved by 10⁻³ it is refuted at a point holding the true policy.
    @Test func meanValuesCertifyAgreementToFewDigits() throws {
        let closed = "((1 - beta/sqrt(2)) + sqrt((1 - beta/sqrt(2))^2 + 4*beta/sqrt(2)*ref))/2"
        let box = try Self.box(.finite(3), beta: ("0.5", "0.52"), ref: ("0.3", "0.32"))
        let agrees = try conjecture(closed, digits: 5).verdict(on: box)
        #expect(agrees.outcome == .holds && agrees.agreement == .toDigits, "\(agrees.undecided ?? "")")
        let moved = try conjecture(closed + " + 1/1000", digits: 5).verdict(on: box)
        #expect(moved.outcome == .refuted)
        let s = try Self.setting(moved.counterexample)
        #expect(moved.counterexample?.quantity?.contains(reference.finite(3, beta: s.beta.text, ref: s.reference.text)) == true)
        // Thirty digits on a box this wide would need far more boxes than the budget: said at once.
        let far = try conjecture(closed, digits: 30).verdict(on: box)
        #expect(far.outcome == .undecided && far.examinedBoxes < 20 && far.undecided?.contains("would need more than 10^") == true)
    }

    /// Δ at G = ∞ is `1/sqrt(p(1 − p)) ≥ 2`: `1.9 ≤ Δ` holds on the box; `Δ ≤ 2.5` is refuted at a
    /// point whose enclosure holds `1/sqrt(p(1 − p))` at the root of (19).
    @Test func theGapOnABox() throws {
        let box = try Self.box(.infinite, beta: ("0.1", "10"), ref: ("0.01", "0.99"))
        let holds = try conjecture("1.9", .lessOrEqual, quantity: .gap, digits: 10).verdict(on: box)
        #expect(holds.outcome == .holds, "\(holds.undecided ?? "")")
        let wrong = try conjecture("2.5", .greaterOrEqual, quantity: .gap, digits: 10).verdict(on: box)
        #expect(wrong.outcome == .refuted)
        let s = try Self.setting(wrong.counterexample)
        let p = reference.largeGroups(beta: s.beta.text, ref: s.reference.text)
        #expect(wrong.counterexample?.quantity?.contains(1 / (p * (1 - p)).squareRoot()) == true)
    }

    /// F_2(μ) = μ with μ = π(a) at γ = 1: F_G(μ) ≥ π_ref(a) holds at G = 2 and 4; at G = 2, (14)
    /// agrees with F_2(μ) to 5 digits on a small box by mean values.
    @Test func theObjectiveOnABox() throws {
        for g in [GroupSize.two, .finite(4)] {
            let box = try Self.box(g, beta: ("0.2", "2"), ref: ("0.05", "0.9"))
            let v = try conjecture("ref", .lessOrEqual, quantity: .objective, digits: 10).verdict(on: box)
            #expect(v.outcome == .holds, "G = \(g): \(v.undecided ?? "")")
        }
        let small = try Self.box(.two, beta: ("1", "1.02"), ref: ("0.4", "0.42"))
        let v = try conjecture(eq14, quantity: .objective, digits: 5).verdict(on: small)
        #expect(v.outcome == .holds && v.agreement == .toDigits, "\(v.undecided ?? "")")
    }

    /// β_c increases in π_ref(a); `φ(1) = 2 asinh 1 − 2 sqrt 2`, so β_c ≤ 1 exactly where
    /// logit π_ref(a) ≤ φ(1) ≈ −1.0657 (π_ref(a) ≲ 0.256): it holds on [0.01, 0.2] and is refuted
    /// on [0.01, 0.99] at a point whose enclosure brackets the root of φ(β) = logit π_ref(a).
    @Test func theThresholdOnABox() throws {
        let low = try ConjectureDomain(thresholdReference: (decimal("0.01"), decimal("0.2")))
        #expect(try conjecture("1", .greaterOrEqual, quantity: .betaC, digits: 10).verdict(on: low).outcome == .holds)
        let whole = try ConjectureDomain(thresholdReference: (decimal("0.01"), decimal("0.99")))
        let wrong = try conjecture("1", .greaterOrEqual, quantity: .betaC, digits: 10).verdict(on: whole)
        #expect(wrong.outcome == .refuted)
        guard case .threshold(let r)? = wrong.counterexample?.point, let q = wrong.counterexample?.quantity else {
            Issue.record("no threshold counterexample")
            return
        }
        let ref = reference.number(r.text)
        func phi(_ b: BigFloat) -> BigFloat { 2 * b.asinh() - 2 * (1 + b * b).squareRoot() / b - (ref / (1 - ref)).log() }
        #expect(phi(BigFloat(q.lower, precision: 480)).sign <= 0 && phi(BigFloat(q.upper, precision: 480)).sign >= 0)
        #expect(q.lower > 1)
    }

    /// The concavity of `p P_G(a|π)` decides uniqueness: proved for population, Bessel and shift
    /// at every G and for every normalisation at G = ∞; with ε at finite G checked on
    /// `e_k = σ_k²/(σ_k + ε)`, here recomputed at 300 bits, and not beyond G = 10⁵.
    @Test func uniquenessFollowsTheConcavityOfTheCoefficients() throws {
        for normalisation in [AdvantageNormalisation.population, .bessel, .shift] {
            for g in [GroupSize.two, .finite(7), .finite(GroupSize.maximumFinite), .infinite] {
                #expect(normalisation.expectedAdvantageIsConcave(groupSize: g))
            }
        }
        for (epsilon, g) in [("0.0001", 8), ("1", 8), ("0.5", 40), ("0.000001", 3)] {
            let e = try DecimalNumber(epsilon)
            let precision = 300
            let eps = try BigFloat(decimal: epsilon, precision: precision)
            let coefficients = (0...g).map { k -> BigFloat in
                let sigma = (BigFloat(k * (g - k), precision: precision) / (g * g)).squareRoot()
                return sigma.isZero ? sigma : sigma * sigma / (sigma + eps)
            }
            let concave = (1..<g).allSatisfy { (coefficients[$0 + 1] - 2 * coefficients[$0] + coefficients[$0 - 1]).sign < 0 }
            #expect(AdvantageNormalisation.populationEpsilon(e).expectedAdvantageIsConcave(groupSize: .finite(g)) == concave,
                    "ε = \(epsilon), G = \(g)")
        }
        #expect(AdvantageNormalisation.populationEpsilon(decimal("0.01")).expectedAdvantageIsConcave(groupSize: .infinite))
        #expect(!AdvantageNormalisation.populationEpsilon(decimal("0.01")).expectedAdvantageIsConcave(groupSize: .finite(200_000)))
    }

    /// Where the gap is a rational constant the identity is exact at any G: the shift
    /// normalisation (Dr. GRPO) at G = 8 has Δ = 7/8 (U_G + V_G = (1 − 1/G) from advantages
    /// 1 − k/G and k/G), so π(a) is (14) with γ = 7/8; 8/9 in its place is refuted at a point
    /// holding the root of β(p − π_ref(a)) = (7/8)p(1 − p), bisected here. With ε at G = 2,
    /// Δ = γ/(1 + 2ε).
    @Test func aRationalGapIsDecidedExactlyAtAnyGroupSize() throws {
        func closedForm(_ gap: String) -> String {
            "((1-beta/(\(gap)))+sqrt((1-beta/(\(gap)))^2+4*(beta/(\(gap)))*ref))/2"
        }
        let shift = try Self.box(.finite(8), beta: ("0.01", "10"), ref: ("0.01", "0.99"), normalisation: .shift)
        let exact = try conjecture(closedForm("7/8"), digits: 40).verdict(on: shift)
        #expect(exact.outcome == .holds && exact.agreement == .exact, "\(exact.identity ?? "")")
        let wrong = try conjecture(closedForm("8/9"), digits: 40).verdict(on: shift)
        #expect(wrong.outcome == .refuted)
        let s = try Self.setting(wrong.counterexample)
        let (b, r) = (reference.number(s.beta.text), reference.number(s.reference.text))
        let root = reference.bisect(from: r) { p in b * (p - r) - 7 * p * (1 - p) / 8 }
        #expect(wrong.counterexample?.quantity?.contains(root) == true)
        let epsilon = try Self.box(.two, beta: ("0.01", "10"), ref: ("0.01", "0.99"), margin: "0.5",
                                   normalisation: .populationEpsilon(decimal("0.001")))
        let eps = try conjecture(closedForm("margin/(1+2*0.001)"), digits: 40).verdict(on: epsilon)
        #expect(eps.outcome == .holds && eps.agreement == .exact, "\(eps.identity ?? "")")
    }

    /// The exact identity behind the population coefficients' concavity, and that concavity
    /// itself, `sqrt((k+1)(G−k−1)) + sqrt((k−1)(G−k+1)) < 2 sqrt(k(G−k))`, at 300 bits for G ≤ 300.
    @Test func thePopulationCoefficientsAreConcave() {
        #expect(ExactIdentity.populationCoefficientsConcave.verify())
        for g in 2...300 {
            func root(_ k: Int) -> BigFloat { BigFloat(k * (g - k), precision: 300).squareRoot() }
            #expect((1..<g).allSatisfy { root($0 + 1) + root($0 - 1) < 2 * root($0) }, "G = \(g)")
        }
    }

    /// Without a proof of uniqueness (ε beyond the checked G) a box is undecided, never guessed.
    @Test func aBoxWithoutUniquenessIsUndecided() throws {
        let box = try Self.box(.finite(200_000), beta: ("0.5", "1"), ref: ("0.2", "0.8"),
                               normalisation: .populationEpsilon(decimal("0.01")))
        let v = try conjecture("ref", .lessOrEqual, digits: 10).verdict(on: box)
        #expect(v.outcome == .undecided && v.undecided?.contains("not proved unique") == true)
        let large = try Self.box(.infinite, beta: ("0.5", "1"), ref: ("0.2", "0.8"), normalisation: .populationEpsilon(decimal("0.01")))
        #expect(try conjecture("ref", .lessOrEqual, digits: 10).verdict(on: large).outcome == .holds)
    }
}
