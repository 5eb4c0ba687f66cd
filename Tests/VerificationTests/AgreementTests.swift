import GRPOModel
import Multiprecision
import Solvers
import Testing
import Verification

func decimal(_ text: String) -> DecimalNumber { try! DecimalNumber(text) }

func setting(_ g: GroupSize, _ penalty: Penalty = .reverse, beta: String, ref: String,
             margin: String = "1") -> BinarySetting {
    try! BinarySetting(groupSize: g, penalty: penalty, beta: decimal(beta), reference: decimal(ref),
                       confidenceMargin: decimal(margin))
}

@Suite struct ClosedFormsAgainstSolvers {
    static let grid: [BinarySetting] = SettingGrid(
        groupSizes: [.two, .infinite], penalties: [.reverse, .direct],
        betas: DecimalAxis(values: ["0.001", "0.04", "2", "10"].map(decimal)),
        references: DecimalAxis(values: ["0.001", "0.3", "0.999"].map(decimal)),
        margins: DecimalAxis(values: ["0.25", "1"].map(decimal))).settings

    /// Each solver alone is carried to 100 digits and prints the closed form's; together,
    /// bisection and GRPO are cross-checks carried to `PolicyCheck.crossCheckDigits` and print
    /// the closed form's first digits.
    @Test(arguments: grid)
    func everyMethodAgreesToOneHundredDigits(_ s: BinarySetting) throws {
        let check = try StationaryPolicy.solve(s, digits: 100).check
        #expect(check.outcomes.first?.method == .closedForm)
        #expect(check.outcomes.count == 4)
        #expect(check.passed)
        let closedForm = check.primary.run.value
        for outcome in check.outcomes {
            #expect(outcome.run.converged, "\(outcome.method) converged")
            #expect(outcome.earnedDigits == outcome.targetDigits, "\(outcome.method) earned its target")
            #expect(outcome.decimal == closedForm.decimalString(significantDigits: outcome.targetDigits),
                    "\(outcome.method) prints the closed form's digits")
        }
        for method in [Method.newton, .bisection, .grpo] {
            let alone = try StationaryPolicy.solve(s, digits: 100, methods: [method]).check.primary
            #expect(alone.run.converged && alone.earnedDigits == 100, "\(method) alone earned 100 digits")
            #expect(alone.decimal == check.primary.decimal, "\(method) alone prints the closed form's digits")
        }
    }
}

/// The residual of the binary deterministic equation (proofs/finite-g-exact-sums.md) `p (1 − U_G(p)/β) − p_ref`,
/// built from the exact sums alone (not from the model's stationarity residual).
struct ExactSumEquation: DifferentiableFunction {
    let sums: BinomialRewardSums
    let beta: BigFloat, reference: BigFloat
    func valueAndDerivative(at p: BigFloat) -> (value: BigFloat, derivative: BigFloat) {
        let s = sums.values(at: p)
        return (p * (1 - s.u / beta) - reference, 1 - (s.u + p * s.uDerivative) / beta)
    }
}

@Suite struct FiniteGroups {
    @Test func exactModelAtGroupsOfTwoIsClosedForm14() {
        let precision = 400
        for (b, r) in [("0.04", "0.3"), ("0.5", "0.001"), ("3", "0.9")] {
            let beta = try! BigFloat(decimal: b, precision: precision)
            let ref = try! BigFloat(decimal: r, precision: precision)
            let equation = ExactSumEquation(sums: BinomialRewardSums(groupSize: 2, precision: precision),
                                            beta: beta, reference: ref)
            let root = SafeguardedNewton().solve(equation, in: Bracket(lower: ref, upper: BigFloat(1, precision: precision)),
                                                 precision: precision).value
            let closed = ClosedForm.groupsOfTwo(beta: beta, reference: ref, confidenceMargin: BigFloat(1, precision: precision))
            #expect((root - closed).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: 8 - precision))
        }
    }

    @Test func largeGroupsApproachClosedForm15() throws {
        let precision = DigitsPolicy(digits: 30).working
        let limit = ClosedForm.largeGroups(beta: BigFloat(1, precision: precision) / 10,
                                           reference: try BigFloat(decimal: "0.3", precision: precision))
        var previousGap: BigFloat? = nil
        for g in [4, 16, 64, 256, 1024, 4096] {
            let check = try StationaryPolicy.solve(setting(.finite(g), beta: "0.1", ref: "0.3"), digits: 30,
                                                   methods: [.newton, .bisection]).check
            #expect(check.passed)
            let gap = (check.primary.run.value - limit).magnitude
            if let previousGap { #expect(gap < previousGap / 3 * 2, "gap shrinks by a third at G = \(g)") }
            previousGap = gap
        }
        #expect(previousGap! < BigFloat(1, precision: 64) / 10_000)
    }

    @Test func finiteGroupMethodsAgree() throws {
        for g in [3, 8, 64] {
            for (b, r) in [("0.04", "0.3"), ("2", "0.001")] {
                let check = try StationaryPolicy.solve(setting(.finite(g), beta: b, ref: r), digits: 40).check
                #expect(check.outcomes.map(\.method) == [.newton, .bisection, .grpo])
                #expect(check.passed, "G = \(g), β = \(b), π_ref = \(r)")
            }
        }
    }

    @Test func referenceAtTheBoundaryIsAFixedPoint() throws {
        for r in ["0", "1"] {
            let check = try StationaryPolicy.solve(setting(.finite(16), beta: "0.1", ref: r), digits: 20).check
            #expect(check.outcomes.allSatisfy { $0.run.value == (r == "0" ? 0 : 1) })
        }
    }
}

@Suite struct Digits {
    @Test func earnedDigitsStopBeforeAnAmbiguousRounding() throws {
        let v = try BigFloat(decimal: "0.1234550000", precision: 200)
        let e = try BigFloat(decimal: "1e-9", precision: 200)
        // [0.123454999, 0.123455001]: six digits round alike (0.123455), five do not.
        #expect(EarnedDigits.count(value: v, error: e, cap: 50) >= 6)
        let w = try BigFloat(decimal: "0.12345", precision: 200)
        let f = try BigFloat(decimal: "0.000005", precision: 200)
        // [0.123445, 0.123455] straddles 0.12344|0.12346 at five digits and 0.1234|0.1235 at
        // four: three are earned.
        #expect(EarnedDigits.count(value: w, error: f, cap: 50) == 3)
        #expect(EarnedDigits.count(value: v, error: e, cap: 3) == 3)
    }

    @Test func agreementCountsLeadingDigits() throws {
        let a = try BigFloat(decimal: "0.3333333", precision: 200)
        let b = try BigFloat(decimal: "0.3333334", precision: 200)
        #expect(EarnedDigits.agreement(a, b, cap: 50) == 6)
        #expect(EarnedDigits.agreement(a, a, cap: 50) == 50)
        #expect(EarnedDigits.agreement(a, -a, cap: 50) == 0)
    }
}

@Suite struct Concurrency {
    @Test func concurrentGridEqualsSequentialRowForRow() throws {
        let settings = SettingGrid(groupSizes: [.two, .infinite, .finite(12)], penalties: [.reverse],
                                   betas: DecimalAxis(values: ["0.01", "1"].map(decimal)), references: DecimalAxis(values: ["0.2", "0.9"].map(decimal)),
                                   margins: DecimalAxis(values: ["1"].map(decimal))).settings
        let sequential = try StationaryPolicy.solve(settings, digits: 40, threads: 1).map(\.check)
        let concurrent = try StationaryPolicy.solve(settings, digits: 40, threads: 4).map(\.check)
        #expect(sequential.map(\.setting) == concurrent.map(\.setting))
        for (a, b) in zip(sequential, concurrent) {
            #expect(a.outcomes.map(\.decimal) == b.outcomes.map(\.decimal))
            #expect(a.outcomes.map(\.run.iterations) == b.outcomes.map(\.run.iterations))
        }
    }
}
