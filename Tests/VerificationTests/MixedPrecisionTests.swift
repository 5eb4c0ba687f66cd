import GRPOModel
import Multiprecision
import Solvers
import Testing
import Verification

/// The linearly converging methods in mixed precision (`MixedPrecision.levels`) against the
/// same algorithms at the full precision throughout, and the cross-check targets of
/// `PolicyCheck` at digits beyond `crossCheckDigits`.
@Suite struct MixedPrecisionMethods {
    /// (11) as a root-finding problem, written here from the model's public residual.
    struct Residual: DifferentiableFunction {
        let model: BinaryModel<BigFloat>
        func valueAndDerivative(at x: BigFloat) -> (value: BigFloat, derivative: BigFloat) {
            model.stationarityResidualAndDerivative(at: x)
        }
    }

    /// GRPO's field from the model's public gradient and residual.
    struct Field: LogitGradientField {
        let model: BinaryModel<BigFloat>
        func logitGradient(atLogit theta: BigFloat) -> BigFloat {
            model.logitGradient(atLogit: theta, referenceLogit: model.reference.logit())
        }
        func relativeCorrection(atLogit theta: BigFloat) -> BigFloat? {
            let p = theta.logistic()
            let (f, d) = model.stationarityResidualAndDerivative(at: p)
            return Convergence.relativeCorrection(value: f, derivative: d, at: p)
        }
    }

    static let settings = [
        setting(.finite(64), beta: "0.04", ref: "0.3"),
        setting(.finite(1000), beta: "0.1", ref: "0.001"),
        setting(.infinite, beta: "0.04", ref: "0.999"),
        setting(.two, .direct, beta: "0.5", ref: "0.3", margin: "0.25"),
    ]

    /// Plain bisection at the full precision, every sign at `P` bits: the old path.
    static func plainBisection(_ f: Residual, lower: BigFloat, precision: Int) -> BigFloat {
        var lo = lower, hi = BigFloat(1, precision: precision)
        for _ in 0..<(precision + 8) {
            let mid = BigFloat.average(lo, hi)
            if mid == lo || mid == hi { break }
            if f.value(at: mid).sign < 0 { lo = mid } else { hi = mid }
        }
        return BigFloat.average(lo, hi)
    }

    /// 200 digits: the ramped bisection, the plain one and Newton (`solve --method newton`)
    /// print the same digits.
    @Test(arguments: settings)
    func bisectionInMixedPrecisionMatchesThePlainOne(_ s: BinarySetting) throws {
        let precision = DigitsPolicy(digits: 200).working
        let model = BinaryModel<BigFloat>(s, precision: precision)
        let ramped = Bisection().solve(precision: precision,
                                       in: Bracket(lower: model.reference, upper: BigFloat(1, precision: precision))) { p in
            Residual(model: BinaryModel(s, precision: p))
        }
        #expect(ramped.converged)
        let plain = Self.plainBisection(Residual(model: model), lower: model.reference, precision: precision)
        let newton = try StationaryPolicy.solve(s, digits: 200, methods: [.newton]).check.primary.decimal
        #expect(ramped.value.decimalString(significantDigits: 200) == plain.decimalString(significantDigits: 200))
        #expect(ramped.value.decimalString(significantDigits: 200) == newton)
        // The bracket bounds the error at the last ulps.
        let radius = try #require(ramped.bracketRadius)
        #expect(radius.magnitude(isAtMost: ramped.value, timesPowerOfTwo: 4 - precision))
    }

    /// 200 digits: GRPO in mixed precision aiming at ρ = 1/8, and at the full precision aiming
    /// at ½ (the old iteration), reach the same policy at the same precision, the new one in
    /// no more steps.
    @Test(arguments: settings.filter { $0.penalty == .reverse })
    func grpoInMixedPrecisionMatchesTheFullPrecisionIteration(_ s: BinarySetting) throws {
        let precision = DigitsPolicy(digits: 200).working
        let model = BinaryModel<BigFloat>(s, precision: precision)
        let start = model.reference.logit()
        let old = GRPOIteration().solve(Field(model: model), start: start, learningRate: model.learningRate,
                                        precision: precision)
        let new = GRPOIteration(targetRateExponent: -3).solve(precision: precision, start: start,
                                                              learningRate: model.learningRate) { p in
            Field(model: BinaryModel(s, precision: p))
        }
        #expect(old.converged && new.converged)
        #expect(new.value.precision == old.value.precision)
        #expect(new.value.decimalString(significantDigits: 200) == old.value.decimalString(significantDigits: 200))
        #expect(new.iterations <= old.iterations)
    }

    /// Beyond `crossCheckDigits`, bisection and GRPO are carried to it, Newton to `D`; the
    /// check passes and says so. (Before the targets, every method was carried to `D`.)
    @Test func crossChecksAreCarriedToTheirTarget() throws {
        let s = setting(.finite(64), beta: "0.04", ref: "0.3")
        let digits = PolicyCheck.crossCheckDigits + 90
        let check = try StationaryPolicy.solve(s, digits: digits).check
        #expect(check.passed)
        let targets = Dictionary(uniqueKeysWithValues: check.outcomes.map { ($0.method, $0.targetDigits) })
        #expect(targets == [.newton: digits, .bisection: PolicyCheck.crossCheckDigits, .grpo: PolicyCheck.crossCheckDigits])
        let crossChecks = try #require(check.crossChecks)
        #expect(crossChecks.methods == [.bisection, .grpo] && crossChecks.digits == PolicyCheck.crossCheckDigits)
        // Each cross-check's digits are the first of Newton's (both are correct roundings of the root,
        // so they agree unless the shorter one rounds up a run of nines, which these digits do not have).
        let newton = try #require(check.outcomes.first { $0.method == .newton })
        #expect(newton.earnedDigits == digits)
        for o in check.outcomes where o.method != .newton {
            #expect(o.earnedDigits == PolicyCheck.crossCheckDigits)
            #expect(o.run.value.decimalString(significantDigits: o.earnedDigits)
                    == newton.run.value.decimalString(significantDigits: o.earnedDigits))
        }
        // Alone, a linear method is quoted and carried to D.
        let alone = try StationaryPolicy.solve(s, digits: digits, methods: [.bisection]).check
        #expect(alone.primary.targetDigits == digits && alone.primary.earnedDigits == digits)
    }
}
