import GRPOModel
import Multiprecision
import Testing

@Suite struct ClosedForms {
    static let precision = 400
    static func number(_ text: String) -> BigFloat { try! BigFloat(decimal: text, precision: precision) }
    static let grid: [(beta: String, reference: String, margin: String)] = {
        var out: [(String, String, String)] = []
        for b in ["0.001", "0.04", "0.5", "1", "3.7", "10"] {
            for r in ["0.001", "0.3", "0.5", "0.999"] {
                for g in ["0.25", "0.6", "1"] { out.append((b, r, g)) }
            }
        }
        return out
    }()

    func small(_ x: BigFloat, slack: Int = 40) -> Bool {
        x.magnitude <= BigFloat(1, precision: 64).scaled(byPowerOfTwo: slack - Self.precision)
    }

    @Test func groupsOfTwoSolvesItsQuadraticAndEquation17() {
        for (b, r, g) in Self.grid {
            let beta = Self.number(b), ref = Self.number(r), gamma = Self.number(g)
            let p = ClosedForm.groupsOfTwo(beta: beta, reference: ref, confidenceMargin: gamma)
            let ratio = beta / gamma
            #expect(small(p * p - (1 - ratio) * p - ratio * ref), "(14) quadratic at β=\(b) p_ref=\(r) γ=\(g)")
            #expect(small(beta * (p - ref) / (p * (1 - p)) - gamma, slack: 60), "(17) at β=\(b) p_ref=\(r) γ=\(g)")
            #expect(p >= ref && p >= 1 - ratio, "p ≥ max(1 − β/γ, p_ref)")
        }
    }

    @Test func betaEqualsMarginGivesSquareRootOfReference() {
        for r in ["0.001", "0.3", "0.77"] {
            for g in ["0.25", "1"] {
                let p = ClosedForm.groupsOfTwo(beta: Self.number(g), reference: Self.number(r),
                                               confidenceMargin: Self.number(g))
                #expect(small(p - Self.number(r).squareRoot()))
            }
        }
    }

    @Test func largeGroupsSolveEquation19AndItsSquare() {
        for (b, r, _) in Self.grid {
            let beta = Self.number(b), ref = Self.number(r)
            let p = ClosedForm.largeGroups(beta: beta, reference: ref)
            let b2 = beta * beta
            #expect(small((1 + b2) * p * p - (2 * b2 * ref + 1) * p + b2 * ref * ref, slack: 50))
            #expect(small(beta * (p - ref) - (p * (1 - p)).squareRoot(), slack: 50), "(19) at β=\(b), p_ref=\(r)")
            #expect(p >= ref && p >= 1 / (1 + b2), "p ≥ max(1/(1+β²), p_ref)")
        }
    }

    @Test func directGroupsOfTwoTiltsTheOddsByExpGammaOverBeta() {
        for (b, r, g) in Self.grid {
            let beta = Self.number(b), ref = Self.number(r), gamma = Self.number(g)
            let p = ClosedForm.directGroupsOfTwo(beta: beta, reference: ref, confidenceMargin: gamma)
            // logit p is ill-conditioned when 1 − p is tiny; check where it keeps 200 bits.
            guard 1 - p > BigFloat(1, precision: 64).scaled(byPowerOfTwo: -200) else { continue }
            #expect(small(p.logit() - ref.logit() - gamma / beta, slack: 60))
        }
    }

    @Test func logarithmicPoolingIsRLHFsPolicy4() {
        for (b, r, _) in Self.grid {
            let beta = Self.number(b), ref = Self.number(r)
            let p = ClosedForm.logarithmicPooling(beta: beta, reference: ref, rewardGap: Self.number("1"))
            // π(o) ∝ π_ref(o) e^{r(o)/β} with r(a) = 1, r(b) = 0, normalised as written in (4).
            let tilted = ref * (1 / beta).exp()
            #expect(small((p - tilted / (tilted + 1 - ref)) / p, slack: 8))
        }
    }

    @Test func formulaAtZeroIsTheLimitWhileThePolicyIsZero() throws {
        for (g, penalty, beta, limit) in [(GroupSize.two, Penalty.reverse, "0.25", "0.75"),
                                          (.two, .reverse, "2", "0"), (.infinite, .reverse, "0.5", "0.8"),
                                          (.two, .direct, "0.5", "0")] {
            let s = try BinarySetting(groupSize: g, penalty: penalty, beta: try DecimalNumber(beta),
                                      reference: try DecimalNumber("0"), confidenceMargin: try DecimalNumber("1"))
            let value: BigFloat = try #require(ClosedForm.formula(s, precision: Self.precision))
            #expect(small(value - Self.number(limit)), "limit at G = \(g), β = \(beta)")
            #expect(ClosedForm.stationaryPolicy(s, precision: Self.precision)?.isZero == true)
        }
    }

    @Test func referenceOutsideTheSupportStaysOutside() throws {
        for g in [GroupSize.two, .infinite] {
            let s = try BinarySetting(groupSize: g, beta: try DecimalNumber("0.1"),
                                      reference: try DecimalNumber("0"), confidenceMargin: try DecimalNumber("1"))
            #expect(ClosedForm.stationaryPolicy(s, precision: 64)?.isZero == true)
        }
    }
}
