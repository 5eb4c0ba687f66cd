import GRPOModel
import Multiprecision
import Solvers
import TestSupport
import Testing
import Verification

/// The residual of a model for plain `SafeguardedNewton` (the solver before precision doubling).
private struct Residual: DifferentiableFunction {
    let model: BinaryModel<BigFloat>
    func valueAndDerivative(at x: BigFloat) -> (value: BigFloat, derivative: BigFloat) {
        model.stationarityResidualAndDerivative(at: x)
    }
}

/// The algorithms that make the suite fast change no printed digit.
@Suite struct SpeedChangesNoDigit {
    static let settings = [
        setting(.two, beta: "0.04", ref: "0.3"), setting(.two, .direct, beta: "0.5", ref: "0.2", margin: "0.5"),
        setting(.infinite, beta: "0.001", ref: "0.999"), setting(.infinite, beta: "10", ref: "0.001"),
        setting(.finite(64), beta: "0.04", ref: "0.3"), setting(.finite(4096), beta: "0.1", ref: "0.3"),
    ]

    /// Newton with the precision-doubling schedule prints the digits of Newton run at the target
    /// precision from the bracket's midpoint, at both of PolicyCheck's precisions.
    @Test(arguments: settings)
    func precisionDoublingNewtonPrintsTheSameDigits(_ s: BinarySetting) throws {
        let digits = 200
        let check = try StationaryPolicy.solve(s, digits: digits, methods: [.newton]).check
        #expect(check.primary.earnedDigits == digits)
        for precision in [DigitsPolicy(digits: digits).working, DigitsPolicy.bits(digits, guardBits: 96)] {
            let model = BinaryModel<BigFloat>(s, precision: precision)
            let plain = SafeguardedNewton().solve(
                Residual(model: model), in: Bracket(lower: model.reference, upper: BigFloat(1, precision: precision)),
                precision: precision)
            let doubled = try Method.newton.run(s, precision: precision)
            #expect(plain.converged && doubled.converged)
            #expect(doubled.value.decimalString(significantDigits: digits) == plain.value.decimalString(significantDigits: digits))
        }
        #expect(check.primary.decimal == (try StationaryPolicy.solve(s, digits: digits, methods: [.bisection]).check).primary.decimal)
    }

    /// The windowed sums with their tail bound, under precision-doubling Newton, print the
    /// digits of an independent solve that sums every term of `U_G` (G = 4096 at 60 digits,
    /// where the window leaves out most of the terms).
    @Test func finiteGroupDigitsAreThoseOfTheFullSum() throws {
        let s = setting(.finite(4096), beta: "0.1", ref: "0.3")
        let check = try StationaryPolicy.solve(s, digits: 60, methods: [.newton]).check
        let reference = IndependentReference(precision: 330).finite(4096, beta: "0.1", ref: "0.3")
        #expect(check.policy == reference.decimalString(significantDigits: 60))
    }
}
