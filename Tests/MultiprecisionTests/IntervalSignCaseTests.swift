import Multiprecision
import Testing
import TestSupport

/// `Interval` products and quotients take two endpoint operations when the signs fix the
/// extreme corners; the result must be exactly the hull of all four corners, rounded
/// outwards, computed here independently (with `0 · ±∞ = 0` and `±∞/±∞` corners skipped).
@Suite struct IntervalSignCases {
    static let precision = 64

    /// Nil when every corner is NaN (`[±∞, ±∞] / [±∞, ±∞]`), where the quotient encloses nothing.
    static func hull(_ a: Interval, _ b: Interval, _ f: (BigFloat, BigFloat, Rounding) -> BigFloat) -> (BigFloat, BigFloat)? {
        let corners = [(a.lower, b.lower), (a.lower, b.upper), (a.upper, b.lower), (a.upper, b.upper)]
        let lows = corners.map { f($0.0, $0.1, .down) }.filter { !$0.isNaN }
        let highs = corners.map { f($0.0, $0.1, .up) }.filter { !$0.isNaN }
        guard let low = lows.min(), let high = highs.max() else { return nil }
        return (low, high)
    }

    /// Endpoints: ±∞, ±0-adjacent values, 0, and seeded random values of either sign.
    static func endpoints() -> [BigFloat] {
        let p = precision
        let infinity = BigFloat.quotient(BigFloat(1, precision: p), BigFloat(0, precision: p), precision: p, rounding: .nearest)
        var values = [-infinity, infinity, BigFloat(0, precision: p)]
        var generator = SplitMix(state: 20261201)
        for _ in 0..<9 {
            let magnitude = BigFloat(Int.random(in: 1...1_000_000, using: &generator), precision: p)
                / BigFloat(Int.random(in: 1...1_000, using: &generator), precision: p)
            values += [magnitude, -magnitude]
        }
        return values
    }

    static var intervals: [Interval] {
        let ends = endpoints()
        return ends.flatMap { lower in
            ends.filter { $0 >= lower }.map { Interval(uncheckedLower: lower, upper: $0, precision: precision) }
        }
    }

    @Test func productsAreTheHullOfTheCorners() {
        let all = Self.intervals
        for a in all {
            for b in all {
                let product = a * b
                let hull = Self.hull(a, b) { x, y, r in
                    x.isZero || y.isZero ? BigFloat(0, precision: Self.precision)
                        : BigFloat.product(x, y, precision: Self.precision, rounding: r)
                }
                #expect(hull.map { product.lower == $0.0 && product.upper == $0.1 } == true, "\(a) × \(b)")
            }
        }
    }

    @Test func quotientsAreTheHullOfTheCorners() {
        let all = Self.intervals
        for a in all {
            for b in all where !b.containsZero {
                let quotient = a / b
                if let (low, high) = Self.hull(a, b, { x, y, r in BigFloat.quotient(x, y, precision: Self.precision, rounding: r) }) {
                    #expect(quotient.lower == low && quotient.upper == high, "\(a) / \(b)")
                } else {
                    #expect(!quotient.isValid, "\(a) / \(b) encloses nothing")
                }
            }
        }
    }
}

/// `Interval` with an `Int` operand works endpoint by endpoint (`mpfr_mul_si`, `mpfr_div_si`);
/// `BigFloat` division by a power of two scales instead of dividing. Each must equal the
/// general operation on the integer as an exact interval, and a zero is unsigned.
@Suite struct IntegerOperands {
    @Test func integerProductsAndQuotientsEqualTheIntervalOnes() {
        let p = IntervalSignCases.precision
        for a in IntervalSignCases.intervals {
            for n in [-7, -2, -1, 1, 2, 3, 1000] {
                let exact = Interval(n, precision: p)
                #expect(a * n == a * exact && n * a == exact * a, "\(a.lower) … \(a.upper) × \(n)")
                #expect(a / n == a / exact, "\(a.lower) … \(a.upper) / \(n)")
            }
            #expect(a * 0 == Interval(0, precision: p), "0 · ±∞ = 0")
        }
    }

    /// 0 times or over a negative integer is +0 (as the interval product gives), and the
    /// decimal of an interval of zeros has no sign, whichever zeros bound it.
    @Test func zerosStayUnsigned() {
        let zero = Interval(0, precision: 64)
        for x in [zero * -3, zero / -3, -3 * zero] {
            #expect(x.lower.sign == 0 && x.lower.decimalString(significantDigits: 3) == "0.00")
        }
        let negativeZero = -BigFloat(0, precision: 64)
        let both = Interval(uncheckedLower: negativeZero, upper: BigFloat(0, precision: 64), precision: 64)
        #expect(both.commonDigits(cap: 5).decimal == "0.0000")
        #expect(Interval(center: BigFloat(0, precision: 64), radius: BigFloat(0, precision: 64), precision: 64)
            .commonDigits(cap: 5).decimal == "0.0000")
    }

    /// Division by `2^k` (both signs of `k`, every rounding) equals `a · 2^{−k}` (exact) rounded once.
    @Test func divisionByAPowerOfTwoEqualsTheQuotient() {
        var rng = SplitMix(state: 99)
        for _ in 0..<500 {
            let p = Int.random(in: 2...300, using: &rng)
            let a = BigFloat(Int.random(in: -1_000_000...1_000_000, using: &rng), precision: 40)
                / BigFloat(Int.random(in: 1...999, using: &rng), precision: 40)
            let k = Int.random(in: -80...80, using: &rng)
            let power = BigFloat(1, precision: Int.random(in: 2...200, using: &rng)).scaled(byPowerOfTwo: k)
            for rounding in Rounding.allCases {
                let rounded = BigFloat(a.scaled(byPowerOfTwo: -k), precision: p, rounding: rounding)
                #expect(BigFloat.quotient(a, power, precision: p, rounding: rounding) == rounded)
            }
        }
    }
}

/// `Interval.commonDigits` converts only the lower end when 18 more of its digits decide the
/// rounding (`sharedRounding`). The result must be the one of converting both ends at each
/// digit count, written here from the definition, on intervals placed at and around rounding
/// boundaries (`…5000…` and `…4999…` tails, carries into a new digit) and at random.
@Suite struct SharedRounding {
    /// Both ends converted, from the same first guess as `commonDigits`, down to one digit.
    static func reference(_ x: Interval, cap: Int) -> (Int, String?) {
        let w = x.width, scale = BigFloat.maximum(x.lower.magnitude, x.upper.magnitude)
        var d = w.isZero ? cap : min(cap, max(1, Int(Double(scale.exponent - w.exponent + 1) * 0.30103) + 1))
        while d >= 1 {
            let a = x.lower.decimalString(significantDigits: d)
            if a == x.upper.decimalString(significantDigits: d) { return (d, a) }
            d -= 1
        }
        return (0, nil)
    }

    @Test func oneConversionAgreesWithTwo() throws {
        var rng = SplitMix(state: 1201)
        let p = 400
        var intervals: [Interval] = []
        for _ in 0..<3000 {
            let digits = Int.random(in: 1...60, using: &rng)
            let body = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
            let tail = ["5", "49999999999999999999", "50000000000000000001", "9999999999999999999", ""]
                .randomElement(using: &rng)!
            let text = "0." + (body.hasPrefix("0") ? "1" + body.dropFirst() : body) + tail
                + "e\(Int.random(in: -30...30, using: &rng))"
            let centre = try BigFloat(decimal: text, precision: p)
            let radius = BigFloat(1, precision: 64).scaled(byPowerOfTwo: centre.exponent - Int.random(in: 20...(p - 2), using: &rng))
            intervals.append(Interval(center: centre, radius: radius, precision: p))
            intervals.append(try Interval(lower: centre, upper: centre))
        }
        for x in intervals {
            for cap in [5, 30, 100] {
                let (digits, decimal) = x.commonDigits(cap: cap)
                let expected = Self.reference(x, cap: cap)
                #expect(digits == expected.0 && decimal == expected.1, "\(x.lower.decimalString(significantDigits: 40)) cap \(cap)")
            }
        }
    }
}
