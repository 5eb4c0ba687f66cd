import Conjectures
import Expressions
import GRPOModel
import Multiprecision
import Testing

/// `--domain` with `=`: the identity decided exactly (`Conjecture.identityVerdict`). The
/// closed forms entered here are the paper's (14) and (15) as printed, and their rationalised
/// forms; the counterexamples' enclosures are compared with the independent reference.
@Suite struct IdentityOnBox {
    static let g2Box = try! ConjectureDomain(beta: (decimal("0.01"), decimal("10")), reference: (decimal("0.01"), decimal("0.99")),
                                             margin: decimal("1"))

    static let forms14 = [
        "((1-beta/margin) + sqrt((1-beta/margin)^2 + 4*(beta/margin)*ref))/2",
        "2*(beta/margin)*ref/(sqrt((1-beta/margin)^2 + 4*(beta/margin)*ref) - (1-beta/margin))",
    ]

    /// (14) in both forms, at γ = 1 and γ = 1/2 (the margin enters as the rational it is), and at
    /// any --digits: exactly π(a) on the box.
    @Test(arguments: forms14)
    func equationFourteenIsThePolicyOnTheBox(_ formula: String) throws {
        for (margin, digits) in [("1", 30), ("0.5", 200)] {
            let box = try ConjectureDomain(beta: (decimal("0.01"), decimal("5")), reference: (decimal("0.01"), decimal("0.99")),
                                           margin: decimal(margin))
            let verdict = try conjecture(formula, digits: digits).verdict(on: box)
            #expect(verdict.outcome == .holds, "\(verdict.undecided ?? "")")
            #expect(verdict.identity?.hasPrefix("exact:") == true)
        }
    }

    /// (15) on its whole certified range of β and π_ref(a).
    @Test func equationFifteenIsThePolicyOnTheBox() throws {
        let box = try ConjectureDomain(groupSize: .infinite, beta: (decimal("0.001"), decimal("1000")),
                                       reference: (decimal("0.001"), decimal("0.999")), margin: decimal("1"))
        let verdict = try conjecture("(2*beta^2*ref + 1 + sqrt(1 + 4*beta^2*ref*(1 - ref)))/(2*(1 + beta^2))").verdict(on: box)
        #expect(verdict.outcome == .holds)
        // The same formula at G = 2 is not the policy there.
        let atTwo = try conjecture("(2*beta^2*ref + 1 + sqrt(1 + 4*beta^2*ref*(1 - ref)))/(2*(1 + beta^2))")
            .verdict(on: Self.g2Box)
        #expect(atTwo.outcome == .refuted && atTwo.identity?.hasPrefix("not an identity") == true)
    }

    /// One coefficient of (14) changed (4 → 3 in the radicand, ½ → ⅓): not an identity, and a
    /// corner refutes it with disjoint enclosures.
    @Test(arguments: ["((1-beta) + sqrt((1-beta)^2 + 3*beta*ref))/2", "((1-beta) + sqrt((1-beta)^2 + 4*beta*ref))/3"])
    func aPerturbedCoefficientIsRefuted(_ formula: String) throws {
        let verdict = try conjecture(formula).verdict(on: Self.g2Box)
        #expect(verdict.outcome == .refuted)
        #expect(verdict.identity?.hasPrefix("not an identity") == true)
        let counterexample = try #require(verdict.counterexample)
        #expect(counterexample.disjoint)
    }

    /// The other root of the quadratic is a root too, exactly, but the smaller one: refuted at
    /// the corner, where the true π(a) (independent reference) lies in the quantity's enclosure.
    @Test func theOtherRootIsRefutedAtTheCorner() throws {
        let verdict = try conjecture("((1-beta) - sqrt((1-beta)^2 + 4*beta*ref))/2").verdict(on: Self.g2Box)
        #expect(verdict.outcome == .refuted)
        #expect(verdict.identity?.contains("the smaller root") == true)
        let counterexample = try #require(verdict.counterexample)
        let q = try #require(counterexample.quantity)
        guard case .binary(let s) = counterexample.point else { Issue.record("not a binary point"); return }
        #expect(q.contains(reference.groupsOfTwo(beta: s.beta.text, ref: s.reference.text)))
        #expect(counterexample.disjoint && counterexample.formula.upper < 0)
    }

    /// (14) plus 10⁻⁴⁰: not an identity; at 30 digits every corner agrees, so the box is
    /// undecided (never certified); at 50 digits a corner refutes it.
    /// (14) + 10⁻⁴⁰: not an identity; at 30 digits its agreement on the box is certified from the
    /// residual, with a relative error bound no smaller than the true one, 10⁻⁴⁰/π(a), at the
    /// corner of smallest π(a) (computed here from (14) directly); at 50 digits it is refuted.
    @Test func anOffsetOfTenToTheMinusFortyAgreesToThirtyDigitsNotFifty() throws {
        let formula = "((1-beta) + sqrt((1-beta)^2 + 4*beta*ref))/2 + 1e-40"
        let thirty = try conjecture(formula, digits: 30).verdict(on: Self.g2Box)
        #expect(thirty.outcome == .holds && thirty.counterexample == nil)
        let identity = try #require(thirty.identity)
        #expect(identity.hasPrefix("not an identity") && identity.contains("agrees with π(a) to 30 digits"), "\(identity)")
        let bound = try #require(identity.components(separatedBy: "certified below ").last?.split(separator: " ").first)
        let precision = 200
        let (beta, reference) = (try BigFloat(decimal: "10", precision: precision), try BigFloat(decimal: "0.01", precision: precision))
        let b: BigFloat = 1 - beta
        let smallest: BigFloat = (b + (b * b + 4 * beta * reference).squareRoot()) / 2
        let trueError = try BigFloat(decimal: "1e-40", precision: precision) / smallest
        let claimed = try BigFloat(decimal: String(bound), precision: precision)
        let tolerance = try BigFloat(decimal: "1e-30", precision: precision)
        #expect(claimed >= trueError && claimed < tolerance, "\(bound)")
        let fifty = try conjecture(formula, digits: 50).verdict(on: Self.g2Box)
        #expect(fifty.outcome == .refuted)
        #expect(try #require(fifty.counterexample).agreeingDigits == 39)
    }

    /// A first-order approximation, 1 − β(1 − π_ref(a)) (from 1 − p = 2r(1 − π_ref)/(1 + r + S)),
    /// agrees to no 30 digits: refuted at a point of the box, never certified.
    @Test func anApproximationIsNotCertified() throws {
        let box = try ConjectureDomain(beta: (decimal("0.001"), decimal("0.01")), reference: (decimal("0.2"), decimal("0.8")),
                                       margin: decimal("1"))
        let verdict = try conjecture("1 - beta*(1 - ref)", digits: 30).verdict(on: box)
        #expect(verdict.outcome == .refuted)
    }

    /// Outside the algebraic part of the language the identity is not decided exactly (the
    /// algebraic form names the first such operation): the mean-value route decides instead,
    /// here refuting each at a point where the certified π(a) holds the root of (17).
    @Test(arguments: [("exp(beta)", 1), ("ref + pi", 7), ("sqrt(ref) + sqrt(beta)", 13), ("sqrt(1 + sqrt(ref))", 1),
                      ("ref^0.5", 4)])
    func nonAlgebraicFormulasAreDecidedByMeanValues(_ formula: String, _ column: Int) throws {
        let verdict = try conjecture(formula).verdict(on: Self.g2Box)
        #expect(verdict.outcome == .refuted && verdict.identity?.hasPrefix("not decided exactly") == true, "\(formula)")
        if case .binary(let s)? = verdict.counterexample?.point {
            #expect(verdict.counterexample?.quantity?.contains(reference.groupsOfTwo(beta: s.beta.text, ref: s.reference.text)) == true)
        } else {
            Issue.record("\(formula): no binary counterexample")
        }
        do {
            _ = try Formula(formula).algebraic()
            Issue.record("\(formula) has an algebraic form")
        } catch {
            #expect(error.location.column == column, "\(formula): \(error)")
        }
    }
}

/// `--domain` with `=` and the direct penalty at G = 2: formulas with `exp` decided exactly
/// (`Conjecture.directIdentityVerdict`), against the logit form of the policy computed here.
@Suite struct DirectIdentityOnBox {
    static func box(margin: String = "1") throws -> ConjectureDomain {
        try ConjectureDomain(groupSize: .two, penalty: .direct, beta: (decimal("0.05"), decimal("20")),
                             reference: (decimal("0.01"), decimal("0.99")), margin: decimal(margin))
    }

    @Test(arguments: ["ref*exp(margin/beta)/(ref*exp(margin/beta) + 1 - ref)", "ref/(ref + exp(-margin/beta)*(1 - ref))",
                      "1/(1 + (1 - ref)/ref*exp(-margin/beta))"])
    func theDirectClosedFormIsThePolicyOnTheBox(_ formula: String) throws {
        for margin in ["1", "0.5"] {
            let verdict = try conjecture(formula, digits: 40).verdict(on: try Self.box(margin: margin))
            #expect(verdict.outcome == .holds && verdict.identity?.hasPrefix("exact:") == true, "\(verdict.identity ?? "")")
        }
    }

    /// NLHF's tilt at β (`e^{γ/(2β)}`, the direct policy at 2β) is not the policy: refuted at a
    /// point, where the certified π(a) holds the logit form `π_ref e^{γ/β}/(π_ref e^{γ/β} + 1 − π_ref)`.
    @Test func aHalvedExponentIsRefutedWithTheTruePolicyEnclosed() throws {
        let verdict = try conjecture("ref*exp(margin/(2*beta))/(ref*exp(margin/(2*beta)) + 1 - ref)", digits: 30)
            .verdict(on: try Self.box())
        #expect(verdict.outcome == .refuted && verdict.identity?.hasPrefix("not an identity") == true)
        let counterexample = try #require(verdict.counterexample)
        guard case .binary(let s) = counterexample.point else { Issue.record("not a binary point"); return }
        let precision = 200
        let beta = try BigFloat(decimal: s.beta.text, precision: precision), reference = try BigFloat(decimal: s.reference.text, precision: precision)
        let tilt = (1 / beta).exp()
        let policy: BigFloat = reference * tilt / (reference * tilt + 1 - reference)
        #expect(counterexample.quantity?.contains(policy) == true)
    }

    @Test func refusalsAndPerturbations() throws {
        let perturbed = try conjecture("1.001*ref*exp(margin/beta)/(ref*exp(margin/beta) + 1 - ref)", digits: 30).verdict(on: try Self.box())
        #expect(perturbed.outcome != .holds)
        // Two exponentials, an exponent that is not an integer multiple of γ/β, exp of a root:
        // not decided exactly, refuted by the mean-value route at a point.
        for formula in ["exp(beta) + exp(ref)", "ref*exp(2/beta)", "exp(sqrt(beta))"] {
            let verdict = try conjecture(formula).verdict(on: try Self.box())
            #expect(verdict.outcome == .refuted && verdict.identity?.hasPrefix("not decided exactly") == true, "\(formula)")
        }
        // Inequalities: π_ref(a) ≤ π(a) holds (e^{γ/β} > 1); π_ref(a)e^{γ/β} ≤ π(a) is false, since
        // π(a) = π_ref e^{γ/β}/(π_ref e^{γ/β} + 1 − π_ref) < π_ref e^{γ/β}.
        let narrower = try ConjectureDomain(groupSize: .two, penalty: .direct, beta: (decimal("0.1"), decimal("10")),
                                            reference: (decimal("0.01"), decimal("0.99")), margin: decimal("1"))
        #expect(try conjecture("ref", .lessOrEqual).verdict(on: narrower).outcome == .holds)
        let tilted = try conjecture("ref*exp(margin/beta)", .lessOrEqual).verdict(on: try Self.box())
        #expect(tilted.outcome == .refuted && tilted.counterexample != nil)
        #expect(throws: ConjectureDomain.Refusal.self) {
            try ConjectureDomain(groupSize: .infinite, penalty: .direct, beta: (decimal("1"), decimal("2")),
                                 reference: (decimal("0.1"), decimal("0.9")), margin: decimal("1"))
        }
    }
}
