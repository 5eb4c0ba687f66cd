import GRPOModel
import Multiprecision
import Solvers
import Testing
import Verification

/// With `certify`, each method's error is its distance to the certified enclosure and the
/// second run at `P` bits is skipped (`EarnedDigits.drive(proven:)`); without it, the two runs
/// estimate the error. The two paths must print the same digits.
@Suite struct CertifiedDrive {
    static let settings = [
        setting(.two, beta: "0.04", ref: "0.3"),
        setting(.finite(64), beta: "0.1", ref: "0.001"),
        setting(.finite(1000), beta: "0.04", ref: "0.3"),
        setting(.infinite, beta: "0.04", ref: "0.999"),
        setting(.two, .direct, beta: "0.5", ref: "0.3", margin: "0.25"),
        setting(.two, .direct, beta: "2", ref: "0.999"),
        setting(.finite(8), beta: "0.001", ref: "0.5"),
    ]

    /// 200 digits, every method: the same decimals and digits as the two-run path, and each
    /// proven error places the whole enclosure within it.
    @Test(arguments: settings)
    func certifiedErrorsPrintTheTwoRunDigits(_ s: BinarySetting) throws {
        let twoRuns = try StationaryPolicy.solve(s, digits: 200).check
        let solution = try StationaryPolicy.solve(s, digits: 200, certify: true)
        let certified = try #require(solution.certified)
        #expect(certified.agreementCertified && twoRuns.passed && solution.check.passed)
        for (old, new) in zip(twoRuns.outcomes, solution.check.outcomes) {
            #expect(new.method == old.method && new.decimal == old.decimal && new.earnedDigits == old.earnedDigits)
            let p = new.run.value.precision
            let ball = Interval(center: new.run.value, radius: new.errorEstimate, precision: p)
            #expect(ball.contains(certified.enclosure), "\(new.method)")
        }
    }

    /// A value, a run counter, and a driver: one run when the proven bound earns the digits;
    /// both runs when there is none, or when it is too wide to earn them.
    @Test func aProvenBoundThatEarnsTheDigitsSkipsTheSecondRun() throws {
        let digits = 30
        let third = BigFloat(1, precision: 256) / BigFloat(3, precision: 256)
        func drive(bound: BigFloat?) throws -> (runs: [Int], earned: Int) {
            var runs: [Int] = []
            let d = try EarnedDigits.drive(digits: digits, proven: { _ in bound.map { [$0] } }) { precision in
                runs.append(precision)
                return SolverResult(value: BigFloat(third, precision: precision), iterations: 1,
                                    residual: BigFloat(0, precision: 16), converged: true)
            }
            return (runs, d.earned[0])
        }
        let p = DigitsPolicy(digits: digits).working
        let tight = try drive(bound: BigFloat(1, precision: 16).scaled(byPowerOfTwo: -150))
        #expect(tight.runs == [p + 32] && tight.earned == digits)
        let none = try drive(bound: nil)
        #expect(none.runs == [p + 32, p] && none.earned == digits)
        let wide = try drive(bound: BigFloat(1, precision: 16).scaled(byPowerOfTwo: -20))
        #expect(wide.runs == [p + 32, p] && wide.earned == digits)
    }
}
