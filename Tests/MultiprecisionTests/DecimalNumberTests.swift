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
