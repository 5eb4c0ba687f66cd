@testable import Claims
import Symbolic
import Testing

/// The general (12) and (13): each check fails when the paper's quantity is changed in one place.
@Suite struct GeneralStationarity {
    static let context = ProofContext(digits: 20)

    @Test func theChecksHold() {
        #expect(!StationarityChecks.groupsOfTwo(Self.context).isFailure)
        #expect(!StationarityChecks.largeGroups(Self.context).isFailure)
        #expect(!StationarityChecks.largeGroupLimit(Self.context).isFailure)
        #expect(StationarityQuestion.groupsOfTwo.map(\.margins).allSatisfy(StationarityChecks.meanPreferenceVanishes))
    }

    @Test func aMarginChangedInOneEntryIsCaught() {
        var margins = StationarityQuestion.groupsOfTwo[3].margins
        margins[0][1] = margins[0][1] * Rational(101, 100)
        #expect(!StationarityChecks.meanPreferenceVanishes(margins))
        let status = StationarityChecks.groupsOfTwo(Self.context, questions: [StationarityQuestion.groupsOfTwo[1]]) { q in
            var m = q.margins
            m[1][2] = m[1][2] + Rational(1, 1000)
            return m
        }
        #expect(status.isFailure)
    }

    /// The variance of (15)'s derivation, `(r(a) − r(b))²p(1 − p)`-like: the spread of the expected
    /// rewards alone, without the rewards' own randomness. Stochastic rewards then fail (13).
    @Test func theVarianceWithoutTheRewardsRandomnessIsCaught() {
        let status = StationarityChecks.largeGroups(Self.context, questions: [StationarityQuestion.largeGroups[0]]) { q in
            let m = q.rewardMoments
            return (m.mean, m.mean.map { $0 * $0 })
        }
        #expect(status.isFailure)
    }
}
