import Multiprecision
import TestSupport
import Testing

/// Exact predicates on decimals: decided on the digits, checked here against integer
/// arithmetic on the same digits and against spellings of one number.
@Suite struct DecimalNumberExactness {
    func decimal(_ text: String) -> DecimalNumber { try! DecimalNumber(text) }
    func sumsToOne(_ numbers: [DecimalNumber]) -> Bool { DecimalNumber.order(ofSum: numbers, comparedWith: .one) == 0 }

    @Test func spellingsOfOneNumberAreEqual() {
        for group in [["1", "1.0", "+1", "0.1e1", "10e-1", ".1E+1", "1.", "0001.000"],
                      ["0", "0.0", "-0", "0e5", "+.0", "0.000e-9999"],
                      ["0.25", "2.5e-1", "25e-2", "0.250"]] {
            for a in group {
                for b in group { #expect(decimal(a).isNumericallyEqual(to: decimal(b)), "\(a) = \(b)") }
            }
        }
        #expect(decimal("-0").isZero && decimal("0e9999").isZero && !decimal("1e-9999").isZero)
    }

    /// Numbers that a 64-bit rounding would call 0 or 1 are neither.
    @Test func nearOneAndNearZeroAreNotOneOrZero() {
        let nearOne = decimal("0.99999999999999999999999")
        #expect(nearOne.order(comparedWith: .one) == -1)
        #expect(nearOne.value(precision: 64) == 1, "the rounding the order must not rely on")
        #expect(decimal("1.00000000000000000000001").order(comparedWith: .one) == 1)
        #expect(decimal("1e-9999").order(comparedWith: .zero) == 1)
        #expect(decimal("-1e-9999").order(comparedWith: .zero) == -1)
    }

    /// The order of random decimals `m × 10^e` equals the order of the integers `m × 10^(e − s)`
    /// computed with `Int` arithmetic in the test.
    @Test func orderMatchesIntegerArithmetic() {
        var rng = SplitMix(state: 42)
        for _ in 0..<2000 {
            let (m1, m2) = (Int.random(in: -99_999...99_999, using: &rng), Int.random(in: -99_999...99_999, using: &rng))
            let (e1, e2) = (Int.random(in: -6...6, using: &rng), Int.random(in: -6...6, using: &rng))
            let scale = min(e1, e2)
            var (a, b) = (m1, m2)
            for _ in 0..<(e1 - scale) { a *= 10 }
            for _ in 0..<(e2 - scale) { b *= 10 }
            let expected = a < b ? -1 : a == b ? 0 : 1
            #expect(decimal("\(m1)e\(e1)").order(comparedWith: decimal("\(m2)e\(e2)")) == expected, "\(m1)e\(e1) vs \(m2)e\(e2)")
        }
    }

    /// Random parts `m_i × 10^−s` (small integers `m_i`, sum `M`) and their complement, written as
    /// `0.` followed by the `s` digits of `10^s − M = 99…9 (10^7 − M)`, sum to exactly 1; one more
    /// unit far beyond the last place breaks it.
    @Test func sumsToOneExactly() {
        var rng = SplitMix(state: 7)
        for places in [7, 8, 30, 400, 9000] {
            let parts = (0..<Int.random(in: 1...12, using: &rng)).map { _ in Int.random(in: 0...800_000, using: &rng) }
            let tail = String(10_000_000 - parts.reduce(0, +))
            let complement = "0." + String(repeating: "9", count: places - 7)
                + String(repeating: "0", count: 7 - tail.count) + tail
            let numbers = parts.map { decimal("\($0)e-\(places)") } + [decimal(complement)]
            #expect(sumsToOne(numbers), "\(places) places")
            #expect(!sumsToOne(numbers + [decimal("1e-\(places + 1)")]), "\(places) places")
        }
        #expect(sumsToOne(["0.1", "0.2", "0.7"].map(decimal)))
        #expect(sumsToOne(["0.3333333333333333333333333", "0.6666666666666666666666667"].map(decimal)))
        #expect(!sumsToOne(["0.3333333333333333333333333", "0.6666666666666666666666666"].map(decimal)))
        #expect(sumsToOne(["1e-9999", "-1e-9999", "1"].map(decimal)))
        #expect(!sumsToOne(["1e-9999", "1"].map(decimal)))
        #expect(sumsToOne(["25e-2", "0.5", "2.5E-1"].map(decimal)))
        #expect(DecimalNumber.order(ofSum: ["0.35", "0.65"].map(decimal), comparedWith: .one) == 0)
        #expect(DecimalNumber.order(ofSum: ["0.35", "0.6"].map(decimal), comparedWith: .one) == -1)
        #expect(DecimalNumber.order(ofSum: ["0.35", "0.7"].map(decimal), comparedWith: .one) == 1)
        #expect(DecimalNumber.order(ofSum: ["-2", "1e-30"].map(decimal), comparedWith: decimal("-2")) == 1)
        #expect(DecimalNumber.order(ofSum: [], comparedWith: .zero) == 0)
    }
}

/// `DecimalNumber.value` divides the integer of the digits by a power of ten; `BigFloat(decimal:)`
/// is MPFR's own `mpfr_strtofr` on the text. Both round once, so they give the same number.
@Suite struct DecimalConversion {
    /// Random decimals (up to 60 digits, exponents up to ±400, both signs, leading and trailing
    /// zeros) at precisions from 2 to 40,000 bits, in all three roundings.
    @Test func integerDivisionRoundsAsStrtofr() throws {
        var rng = SplitMix(state: 7)
        for trial in 0..<1500 {
            let digits = (0..<Int.random(in: 1...60, using: &rng)).map { _ in String(Int.random(in: 0...9, using: &rng)) }
            let point = Int.random(in: 0...digits.count, using: &rng)
            var text = digits[..<point].joined() + "." + digits[point...].joined() + "0"
            if Bool.random(using: &rng) { text += "e\(Int.random(in: -400...400, using: &rng))" }
            if Bool.random(using: &rng) { text = "-" + text }
            let precision = trial % 50 == 0 ? 40_000 : Int.random(in: 2...700, using: &rng)
            for rounding in [Rounding.nearest, .down, .up] {
                let expected = try BigFloat(decimal: text, precision: precision, rounding: rounding)
                let value = try DecimalNumber(text).value(precision: precision, rounding: rounding)
                #expect(value == expected && value.precision == precision, "\(text) at \(precision) bits, \(rounding)")
            }
        }
    }

    /// The extremes of the grammar: a number with more digits than `exactDigits` (left to
    /// `mpfr_strtofr`), the largest exponents, integers, and zero.
    @Test func extremesRoundAsStrtofr() throws {
        let long = "0." + String(repeating: "12345678901", count: 4000)
        for text in [long, "1e9999", "-7.5e-9999", "123456789012345678901234567890", "5e3", "0", "-0.000"] {
            for precision in [2, 53, 3000] {
                for rounding in [Rounding.nearest, .down, .up] {
                    let expected = try BigFloat(decimal: text, precision: precision, rounding: rounding)
                    #expect(try DecimalNumber(text).value(precision: precision, rounding: rounding) == expected, "\(text.prefix(20))")
                }
            }
        }
    }
}
