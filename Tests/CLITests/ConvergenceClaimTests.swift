import Foundation
import Multiprecision
import TestSupport
import Testing

/// A method claims convergence only when its residual vouches for it; values are checked
/// against `IndependentReference` (bisection on (17), (19) and the finite-G sums) or the
/// direct-KL closed form written out here, never against the suite's output.
@Suite(.serialized) struct ConvergenceClaims {
    /// GRPO from `π_ref(a) = 1e-200`: its logit steps start below `2^{−P}`, so a stopping rule
    /// on the step alone stops at `π_ref` (the old output was `1e-200`, "verified").
    @Test func grpoFromANearlyDeterministicReferenceReachesTheStationaryPolicy() throws {
        let result = try grpoVerify(["solve", "--group-size", "2", "--beta", "0.1", "--ref", "1e-200",
                                     "--digits", "100", "--method", "grpo", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let expected = Reference.groupsOfTwo(beta: "0.1", ref: "1e-200").decimalString(significantDigits: 100)
        #expect(object["policy"] as? String == expected)
        #expect(object["verified"] as? Bool == true)
    }

    /// Between `1e-8` and `2^{−P}` the old iteration ran to its cap and printed its start.
    @Test(arguments: ["1e-6", "1e-8", "1e-12"])
    func grpoFromASmallReferenceConverges(reference: String) throws {
        let result = try grpoVerify(["solve", "--group-size", "2", "--beta", "0.1", "--ref", reference,
                                     "--digits", "30", "--method", "grpo", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = Reference.groupsOfTwo(beta: "0.1", ref: reference).decimalString(significantDigits: 30)
        #expect(try json(result.stdout)["policy"] as? String == expected)
    }

    /// `π_ref(a) = 1e-9`, `β = 10⁻⁶`: `π(a) ≈ 1 − β` is far from `π_ref`; every method, GRPO
    /// included, earns the 30 digits of the independent value (old: exit 1, "agreement 0",
    /// GRPO's unconverged value shown with 30 digits).
    @Test(arguments: ["2", "64", "inf"])
    func tinyReferenceAndSmallBetaVerify(groupSize: String) throws {
        let result = try grpoVerify(["solve", "--group-size", groupSize, "--beta", "1e-6", "--ref", "1e-9",
                                     "--digits", "30", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        let expected: BigFloat = switch groupSize {
        case "2": Reference.groupsOfTwo(beta: "1e-6", ref: "1e-9")
        case "inf": Reference.largeGroups(beta: "1e-6", ref: "1e-9")
        default: Reference.finite(Int(groupSize)!, beta: "1e-6", ref: "1e-9")
        }
        #expect(object["policy"] as? String == expected.decimalString(significantDigits: 30))
        let methods = try #require(object["methods"] as? [String: [String: Any]])
        let grpo = try #require(methods["grpo"])
        #expect(grpo["converged"] as? Bool == true)
        #expect(grpo["value"] as? String == expected.decimalString(significantDigits: 30))
    }

    /// The direct-KL closed form at G = 2, `p = p_ref / (p_ref + e^{−γ/β}(1 − p_ref))`, at 480 bits.
    static func directGroupsOfTwo(beta: String, ref: String) -> BigFloat {
        let b = Reference.number(beta), r = Reference.number(ref)
        return r / (r + (-(1 / b)).exp() * (1 - r))
    }

    /// Direct KL, G = 2, `β = 10⁻⁶`: `e^{γ/β}` is about `10^{434294}`, so an unscaled residual
    /// is huge or `0.7` at a correct answer (old: "VERIFICATION FAILED"); the relative Newton
    /// correction is tiny for every method.
    @Test(arguments: ["0.3", "1e-9"])
    func directPenaltyWithSmallBetaVerifies(reference: String) throws {
        let result = try grpoVerify(["solve", "--group-size", "2", "--beta", "1e-6", "--ref", reference,
                                     "--penalty", "direct", "--digits", "30", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result.stdout)
        let expected = Self.directGroupsOfTwo(beta: "1e-6", ref: reference).decimalString(significantDigits: 30)
        #expect(object["policy"] as? String == expected)
        let methods = try #require(object["methods"] as? [String: [String: Any]])
        for name in ["newton", "bisection", "grpo"] {
            let residual = try #require(methods[name]?["residual"] as? String, "\(name)")
            // "d.dde-N" with N > 40, or exactly zero.
            let exponent = residual.split(separator: "e").last.flatMap { Int($0) }
            #expect(residual == "0.00" || (exponent ?? 0) < -40, "\(name): \(residual)")
        }
    }

    /// A lone method that cannot vouch fails in one line naming the method, the setting and
    /// why: at G = ∞, direct KL, `π_ref = (0.9, 0.1)`, `s = (1, 0)`, `β = 3 < β_c(0.9)` there
    /// is no stationary point, so GRPO alone cannot converge — yet the certified count of none
    /// is itself the verified answer; with a stationary point present (`s = (1, 0.5)`) GRPO
    /// converges to the one certified.
    @Test func aLoneMethodIsJudgedByItsResidual() throws {
        let none = try grpoVerify(["solve", "--group-size", "inf", "--beta", "3", "--ref", "0.9,0.1",
                                   "--success", "1,0", "--penalty", "direct", "--method", "grpo", "--format", "json"])
        #expect(none.status == 0)
        let object = try json(none.stdout)
        let grpo = try #require((object["methods"] as? [String: [String: Any]])?["grpo"])
        #expect(grpo["converged"] as? Bool == false)
        #expect((grpo["failure"] as? String)?.hasPrefix("grpo") == true)
        #expect((object["stationary_policies"] as? [Any])?.isEmpty == true)
    }
}
