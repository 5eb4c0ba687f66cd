import Foundation
import Testing

/// `conjecture` on questions of any reward model, certified on the simplex (old: refused for
/// all but Bernoulli rewards).
@Suite struct QuestionConjectures {
    /// Equal graded rewards tie every group: `P_G = 0`, so `π = π_ref` exactly; the graded
    /// rewards are the variables `r1…rK`.
    @Test func equalGradedRewardsKeepTheReference() throws {
        let result = try grpoVerify(["conjecture", "--formula", "ref1 + 0*r1", "--ref", "0.5,0.3,0.2",
                                     "--rewards", "0.3,0.3,0.3", "--beta", "0.2", "--group-size", "3", "--digits", "20"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("certified at all 1 grid point"))
    }

    /// An intransitive preference moves the policy off the reference: `π(o_1) = π_ref(o_1)` is
    /// refuted with disjoint enclosures (the stationary policy is (0.3408…, 0.3146…, 0.3445…),
    /// QuestionModel's independent solve).
    @Test func anIntransitivePreferenceRefutesTheReference() throws {
        let result = try grpoVerify(["conjecture", "--formula", "ref1", "--ref", "0.4,0.4,0.2",
                                     "--preference", "0,0.65,0.3;0.35,0,0.55;0.7,0.45,0", "--beta", "0.25", "--digits", "20"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("the enclosures are disjoint"))
    }

    /// `--search` samples between grid points with an approximate solver: continuation for a
    /// reward model without the success-rate equation (old: an out-of-range trap).
    @Test func searchBetweenPointsOfAPreferenceQuestion() throws {
        let result = try grpoVerify(["conjecture", "--formula", "ref1", "--ref", "0.4,0.4,0.2", "--search",
                                     "--preference", "0,0.65,0.3;0.35,0,0.55;0.7,0.45,0", "--beta", "0.2,0.3", "--digits", "10"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("the enclosures are disjoint"))
    }

    @Test func anUnknownRewardVariableIsReported() throws {
        let result = try grpoVerify(["conjecture", "--formula", "ref1 + r4", "--ref", "0.5,0.3,0.2",
                                     "--rewards", "1,0.4,0", "--beta", "0.2", "--digits", "20"])
        #expect(result.status == 2 && result.stderr.split(separator: "\n").count == 1)
    }
}
