import TestSupport
import Multiprecision
import Testing

@Suite struct ParsingAndPrinting {
    @Test func decimalRoundTripsAtEnoughPrecision() throws {
        var rng = SplitMix(state: 1)
        for _ in 0..<300 {
            let digits = Int.random(in: 1...120, using: &rng)
            var mantissa = String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<digits { mantissa += String(Int.random(in: 0...9, using: &rng)) }
            let exponent = Int.random(in: -15...0, using: &rng)
            let text = "0." + String(repeating: "0", count: -exponent) + mantissa
            // 10^d < 2^(p−1) guarantees the d-digit decimal survives the binary round trip.
            let x = try BigFloat(decimal: text, precision: DigitsPolicy.bits(digits, guardBits: 2))
            #expect(x.decimalString(significantDigits: digits) == text)
        }
    }

    @Test func decimalIsRoundedOnceNotThroughDouble() throws {
        let precision = 300
        let parsed = try BigFloat(decimal: "0.04", precision: precision)
        // 4/100 by one correctly rounded division is the correctly rounded 0.04.
        let quotient = BigFloat.quotient(BigFloat(4, precision: precision), BigFloat(100, precision: precision),
                                         precision: precision, rounding: .nearest)
        #expect(parsed == quotient)
        // Through a Double the error would be about 1e-18; rounded once it is below 2^-299.
        #expect((parsed * 100 - 4).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -290))
    }

    @Test func directedRoundingBracketsTheDecimal() throws {
        for text in ["0.1", "0.3", "2.718281828459045235360287", "1e-30", "123456.7891e3"] {
            let down = try BigFloat(decimal: text, precision: 53, rounding: .down)
            let up = try BigFloat(decimal: text, precision: 53, rounding: .up)
            let fine = try BigFloat(decimal: text, precision: 2000)
            #expect(down <= fine && fine <= up)
            #expect(down < up, "\(text) is not a binary fraction, so the two roundings differ")
        }
        // An exact binary fraction rounds the same both ways.
        #expect(try BigFloat(decimal: "0.375", precision: 10, rounding: .down)
                == BigFloat(decimal: "0.375", precision: 10, rounding: .up))
    }

    @Test func printedDigitsAreCorrectlyRounded() {
        let two = BigFloat(2, precision: 200), three = BigFloat(3, precision: 200)
        #expect((two / three).decimalString(significantDigits: 5) == "0.66667")
        #expect((1 / three).decimalString(significantDigits: 5, rounding: .down) == "0.33333")
        #expect((1 / three).decimalString(significantDigits: 5, rounding: .up) == "0.33334")
        #expect((BigFloat(-1, precision: 64) / three).decimalString(significantDigits: 3) == "-0.333")
        #expect(BigFloat(1, precision: 64).decimalString(significantDigits: 4) == "1.000")
        #expect(BigFloat(123_456, precision: 64).decimalString(significantDigits: 3) == "123000")
        #expect(BigFloat(0, precision: 64).decimalString(significantDigits: 3) == "0.00")
        let tiny = BigFloat(1, precision: 64).scaled(byPowerOfTwo: -200)
        #expect(tiny.decimalString(significantDigits: 3) == "6.22e-61")  // 2^-200 = 6.2230…e-61
    }

    @Test(arguments: ["", "nan", "NaN", "inf", "-inf", "Infinity", "0x1p3", "1e", "1e+", ".", "e5",
                      " 1", "1 ", "1,5", "--1", "+-1", "1.2.3", "1_000", "١", "1e99999", "1e10000"])
    func malformedDecimalsAreRejected(_ text: String) {
        #expect(throws: DecimalParseError.self) { try BigFloat(decimal: text, precision: 64) }
    }

    @Test(arguments: ["1", "-2.5", "+0.25", ".5", "5.", "1e-3", "2.5E+2", "1e9999"])
    func wellFormedDecimalsAreAccepted(_ text: String) throws {
        _ = try BigFloat(decimal: text, precision: 64)
    }
}

@Suite struct ArithmeticAndFunctions {
    @Test func inPlaceOperationsRespectValueSemantics() {
        var x = BigFloat(2, precision: 256)
        let saved = x
        x.formSquareRoot()
        #expect(saved == 2, "a copy keeps its value when the original is mutated in place")
        #expect(((x * x) - 2).magnitude < BigFloat(1, precision: 256).scaled(byPowerOfTwo: -250))
        // The value used as both operands (aliasing) gives the same as distinct operands.
        var y = BigFloat(3, precision: 128)
        let y2 = y
        y.multiply(by: y)
        #expect(y == y2 * y2)
        y.add(y)
        #expect(y == 18)
        var z = BigFloat(7, precision: 128)
        z.subtract(z)
        #expect(z.isZero)
    }

    @Test func elementaryFunctionsSatisfyTheirIdentities() {
        var rng = SplitMix(state: 7)
        for _ in 0..<100 {
            let precision = Int.random(in: 32...2000, using: &rng)
            let numerator = Int.random(in: 1...1_000_000, using: &rng)
            let x = BigFloat(numerator, precision: precision) / 1000
            let tolerance = x.magnitude.scaled(byPowerOfTwo: 8 - precision) + BigFloat(1, precision: precision).scaled(byPowerOfTwo: 8 - precision)
            #expect((x.squareRoot() * x.squareRoot() - x).magnitude <= tolerance)
            #expect((x.log().exp() - x).magnitude <= tolerance * 32)
            // asinh x = log(x + sqrt(x² + 1))
            let viaLog = (x + (x * x + 1).squareRoot()).log()
            #expect((x.asinh() - viaLog).magnitude <= BigFloat(1, precision: precision).scaled(byPowerOfTwo: 10 - precision))
            let q = x / (x + 1)   // in (0, 1)
            #expect((q.logit().logistic() - q).magnitude <= BigFloat(1, precision: precision).scaled(byPowerOfTwo: 12 - precision))
        }
    }

    @Test func binomialIsExact() {
        // C(n, k) by the multiplicative formula in exact integer arithmetic.
        for (n, k) in [(10, 3), (50, 25), (60, 30), (0, 0), (7, 7)] {
            var c = 1
            for i in 0..<k { c = c * (n - i) / (i + 1) }
            #expect(BigFloat.binomial(n, k, precision: 128) == BigFloat(c, precision: 128))
        }
    }

    @Test func digitsPolicyBitsAreNeverTooFew() {
        for d in [1, 5, 30, 100, 1000, 10_000] {
            let bits = DigitsPolicy.bits(d, guardBits: 0)
            // 2^bits ≥ 10^d  ⇔  bits ≥ d log2 10
            #expect(Double(bits) >= Double(d) * 3.321928094887362)
            #expect(Double(bits) < Double(d) * 3.321928094887362 + 1)
        }
    }
}

@Suite struct Flags {
    @Test func nanAndOverflowAreErrors() {
        #expect(throws: NumericalError.notANumber) {
            try MPFRFlags.checking { BigFloat(-1, precision: 64).squareRoot() }
        }
        #expect(throws: NumericalError.overflow) {
            try MPFRFlags.checking { BigFloat(1, precision: 64).scaled(byPowerOfTwo: 40).exp() }
        }
        #expect(throws: NumericalError.underflow) {
            try MPFRFlags.checking { (-BigFloat(1, precision: 64).scaled(byPowerOfTwo: 40)).exp() }
        }
        #expect(throws: Never.self) {
            try MPFRFlags.checking { BigFloat(2, precision: 64).squareRoot() }
        }
    }

    @Test func comparisonsTreatNaNLikeDouble() {
        let nan = BigFloat(-1, precision: 64).squareRoot()
        #expect(nan.isNaN)
        #expect(!(nan == nan))
        #expect(!(nan < 1) && !(nan > 1) && !(nan == 0))
    }
}

/// The allocation-free comparisons the solvers' stopping rules use, against the same
/// comparisons made with ordinary (allocating) arithmetic; scaling by 2^k is exact, so the
/// reference is exact too.
@Suite struct ComparisonsWithoutAllocation {
    @Test func magnitudeIsAtMostAgreesWithScaledComparison() {
        var rng = SplitMix(state: 11)
        let precision = 96
        func random() -> BigFloat {
            // A mantissa of a few bits, so equal exponents and exact ties occur often.
            let m = BigFloat(Int.random(in: -40...40, using: &rng), precision: precision)
            return m.scaled(byPowerOfTwo: Int.random(in: -6...6, using: &rng))
        }
        for _ in 0..<5_000 {
            let a = random(), b = random(), k = Int.random(in: -4...4, using: &rng)
            let expected = a.magnitude <= b.magnitude.scaled(byPowerOfTwo: k)
            #expect(a.magnitude(isAtMost: b, timesPowerOfTwo: k) == expected,
                    "|\(a.doubleApproximation)| ≤ |\(b.doubleApproximation)| · 2^\(k)")
            #expect(BigFloat.compareMagnitudes(a, b) == (a.magnitude < b.magnitude ? -1 : a.magnitude == b.magnitude ? 0 : 1))
        }
    }

    @Test func averageIsTheRoundedHalfSum() {
        var rng = SplitMix(state: 12)
        for _ in 0..<1_000 {
            let a = BigFloat(Int.random(in: -1_000_000...1_000_000, using: &rng), precision: 64).scaled(byPowerOfTwo: -7)
            let b = BigFloat(Int.random(in: -1_000_000...1_000_000, using: &rng), precision: 40)
            #expect(BigFloat.average(a, b) == (a + b).scaled(byPowerOfTwo: -1))
        }
    }
}
