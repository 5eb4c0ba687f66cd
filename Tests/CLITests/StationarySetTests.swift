import Foundation
import Multiprecision
import TestSupport
import Testing

/// Questions with several answers (here two, `s = (1, 0)`, where `μ = π(a)`): every stationary
/// policy is listed with a certified count, checked against an independent scan of the
/// stationary condition written out (direct KL: `logit x − logit π_ref(a) = Δ(x)/β`
/// with `Δ = U_G + V_G` summed term by term, or `h(x) = 0` of §5 for G = ∞) and bisection.
@Suite(.serialized) struct StationarySets {
    /// 140 bits are ample for 30 digits.
    let reference = IndependentReference(precision: 140)

    func stationaryPolicies(_ arguments: [String]) throws -> (status: Int32, object: [String: Any], points: [[String]]) {
        let result = try grpoVerify(["solve"] + arguments + ["--format", "json"])
        let object = try json(result.stdout)
        let points = try #require(object["stationary_policies"] as? [[String: Any]]).map { try #require($0["policy"] as? [String]) }
        return (result.status, object, points)
    }

    /// G = 1000, β = 3, direct KL: three stationary policies (old: one, "all methods agree").
    @Test func directPenaltyAtGroupOfOneThousandListsThreeStationaryPolicies() throws {
        let (status, object, points) = try stationaryPolicies(["--group-size", "1000", "--beta", "3", "--ref", "0.5,0.5",
                                                               "--success", "1,0", "--penalty", "direct"])
        let beta = reference.number("3"), scale = reference.advantageScale(1000)
        let expected = reference.roots(logitsFrom: -1, to: 12, stepsPerUnit: 4) { x in
            (x / (1 - x)).log() - scale(x) / beta
        }
        #expect(expected.count == 3)
        #expect(status == 0)
        #expect(object["count_certified"] as? Bool == true)
        #expect(points.map { $0[0] } == expected.map { $0.decimalString(significantDigits: 30) })
        #expect(object["grpo_reaches"] as? Int == 0)
        #expect(object["verified"] as? Bool == true)
    }

    /// G = ∞, direct KL: the zeros of `h(x) = 1/(β sqrt(x(1 − x))) − logit x + logit π_ref(a)`;
    /// above `β_c(½) ≈ 1.509` two (GRPO reaches the one where `h` falls, the smaller), below
    /// none (old: "MPFR underflow").
    @Test(arguments: [("3", 2), ("1", 0)])
    func directPenaltyAtLargeGroupsListsTheZerosOfH(beta: String, count: Int) throws {
        let (status, object, points) = try stationaryPolicies(["--group-size", "inf", "--beta", beta, "--ref", "0.5,0.5",
                                                               "--success", "1,0", "--penalty", "direct"])
        let b = reference.number(beta)
        let expected = reference.roots(logitsFrom: -2, to: 30, stepsPerUnit: 8) { x in
            1 / (b * (x * (1 - x)).squareRoot()) - (x / (1 - x)).log()
        }
        #expect(expected.count == count)
        #expect(status == 0)
        #expect(object["count_certified"] as? Bool == true)
        #expect(points.map { $0[0] } == expected.map { $0.decimalString(significantDigits: 30) })
        #expect(object["grpo_reaches"] as? Int == (count > 0 ? 0 : nil))
        #expect(object["verified"] as? Bool == true)
    }

    /// A computation failure on a question names the method and the setting (old: only
    /// "computation failed: MPFR underflow").
    @Test func aComputationFailureNamesTheMethodAndTheSetting() throws {
        let result = try grpoVerify(["solve", "--group-size", "inf", "--beta", "1e-12", "--ref", "0.5,0.5",
                                     "--success", "1,0", "--penalty", "direct"])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("in success-rate at G = inf, penalty = direct"))
        #expect(result.stderr.contains("β = 1e-12, π_ref = (0.5, 0.5), successes = (1, 0)"))
    }

    /// `threshold --ref 0.999999`: `β_c ≈ 1359.14` is certified to 30 digits (old: 0), checked
    /// against bisection on `2 asinh β − 2 sqrt(1 + β²)/β = logit π_ref(a)` (increasing in β).
    @Test func thresholdAboveOneThousandIsCertified() throws {
        let result = try grpoVerify(["threshold", "--ref", "0.999999", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        let r = reference.number("0.999999"), target = (r / (1 - r)).log()
        var lo = reference.number("1"), hi = reference.number("100000")
        for _ in 0..<240 {
            let mid = (lo + hi) / 2
            let phi = 2 * mid.asinh() - 2 * (mid * mid + 1).squareRoot() / mid
            if phi < target { lo = mid } else { hi = mid }
        }
        #expect(object["beta_c"] as? String == lo.decimalString(significantDigits: 30))
        #expect(object["certified_digits"] as? Int == 30)
    }
}

@Suite(.serialized) struct VariantsEarnedDigits {
    /// At `π_ref(a) = 1 − 10⁻⁶`, G = ∞, some rows' methods cannot vouch for a value: those rows
    /// show `?` (not digits), are named in a FAILED summary line with the method and reason,
    /// and the exit status is 1 (old: digits printed with "agreeing digits 0", exit 0 or a bare
    /// MPFR error). The RLHF row is checked against `π(o) ∝ π_ref(o) e^{s_o/β}` written here.
    @Test func rowsWithoutEarnedDigitsSaySoAndFail() throws {
        let result = try grpoVerify(["variants", "--group-size", "inf", "--beta", "1", "--ref", "0.999999,0.000001",
                                     "--success", "1,0", "--digits", "10", "--format", "json"])
        #expect(result.status == 1)
        let object = try json(result.stdout)
        let rows = try #require(object["rows"] as? [[String: Any]])
        let summary = try #require(object["summary"] as? [String: Any])
        let failed = summary.filter { $0.key.hasPrefix("FAILED: ") }
        #expect(!failed.isEmpty)
        for (key, value) in failed {
            let reason = try #require(value as? String)
            #expect(reason.contains("success-rate") || reason.contains("grpo"), "\(key): \(reason)")
        }
        for row in rows where row["agreeing_digits"] as? String == "FAILED" {
            #expect(failed.keys.contains { $0.contains(row["variant"] as? String ?? "-") })
        }
        let reference = IndependentReference(precision: 200)
        let r = reference.number("0.999999"), tilt = reference.number("1").exp()
        let rlhf = r * tilt / (r * tilt + (1 - r))
        let row = try #require(rows.first { $0["variant"] as? String == "RLHF" })
        #expect(row["pi_1"] as? String == rlhf.decimalString(significantDigits: 10))
    }
}
