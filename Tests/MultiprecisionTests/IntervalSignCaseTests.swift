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
