import TestSupport
import Multiprecision
import Testing

// Enclosure tests in the style of Arb: random intervals at random precisions, and for sample
// points x (and y) of the operands, the true value f(x, y) must lie in the computed interval.
// The reference is one MPFR operation at 4× the precision rounded to nearest: rounding is
// monotone and the p-bit endpoints are representable at 4p bits, so L ≤ f(x) implies
// L ≤ round(f(x)) — a correct enclosure always passes, whatever the reference's own error.

/// A random number using all `precision` bits: `±(n / d) · 2^k` rounded to nearest.
private func randomNumber(precision: Int, using rng: inout SplitMix, positive: Bool = false) -> BigFloat {
    let n = BigFloat(Int.random(in: 1...(1 << 62), using: &rng), precision: precision)
    let d = BigFloat(Int.random(in: 1...(1 << 40), using: &rng), precision: precision)
    let x = BigFloat.quotient(n, d, precision: precision, rounding: .nearest)
        .scaled(byPowerOfTwo: Int.random(in: -50...(-10), using: &rng))
    return positive || Bool.random(using: &rng) ? x : -x
}

/// A random interval at `precision` bits: a point a quarter of the time, otherwise a width
/// from about one ulp to larger than the endpoints (so a signed interval may contain 0).
/// `sign` +1 or −1 keeps every point strictly on that side of 0.
private func randomInterval(precision: Int, using rng: inout SplitMix, sign: Int? = nil) throws -> Interval {
    let start = randomNumber(precision: precision, using: &rng, positive: sign != nil)
    guard Int.random(in: 0..<4, using: &rng) != 0 else {
        return try Interval(sign == -1 ? -start : start)
    }
    let width = randomNumber(precision: precision, using: &rng, positive: true)
        .scaled(byPowerOfTwo: -Int.random(in: -2...(precision + 4), using: &rng))
    let end = BigFloat.sum(start, width, precision: precision, rounding: .up)
    return sign == -1 ? try Interval(lower: -end, upper: -start) : try Interval(lower: start, upper: end)
}

/// The endpoints, an interior point at `4 · precision` bits, and 0 when it is inside.
private func samples(_ a: Interval, using rng: inout SplitMix) -> [BigFloat] {
    let p = 4 * a.precision
    let t = BigFloat(Int.random(in: 0...(1 << 30), using: &rng), precision: p).scaled(byPowerOfTwo: -30)
    let gap = BigFloat.difference(a.upper, a.lower, precision: p, rounding: .nearest)
    let inner = BigFloat.sum(a.lower, BigFloat.product(gap, t, precision: p, rounding: .nearest),
                             precision: p, rounding: .nearest)
    var points = [a.lower, a.upper, BigFloat.maximum(a.lower, BigFloat.minimum(inner, a.upper))]
    if a.containsZero { points.append(BigFloat(0, precision: p)) }
    return points
}

/// For point operands the result is at most one ulp wide: `upper − lower ≤ |f| · 2^(1−p)`,
/// and a single point when the true value is representable (0 included).
private func isTight(_ r: Interval, around reference: BigFloat) -> Bool {
    r.width <= reference.magnitude.scaled(byPowerOfTwo: 1 - r.precision)
}

private let nearest = Rounding.nearest

@Suite struct IntervalEnclosures {
    typealias Operation = (name: String, interval: @Sendable (Interval, Interval) throws -> Interval,
                           reference: @Sendable (BigFloat, BigFloat, Int) -> BigFloat)

    static let operations: [Operation] = [
        ("+", { $0 + $1 }, { BigFloat.sum($0, $1, precision: $2, rounding: nearest) }),
        ("-", { $0 - $1 }, { BigFloat.difference($0, $1, precision: $2, rounding: nearest) }),
        ("*", { $0 * $1 }, { BigFloat.product($0, $1, precision: $2, rounding: nearest) }),
        ("/", { $0 / $1 }, { BigFloat.quotient($0, $1, precision: $2, rounding: nearest) }),
    ]

    @Test(arguments: 0..<4)
    func binaryOperationsEncloseEveryPointResult(_ index: Int) throws {
        let op = Self.operations[index]
        var rng = SplitMix(state: 100 + UInt64(index))
        for _ in 0..<300 {
            let a = try randomInterval(precision: Int.random(in: 16...600, using: &rng), using: &rng)
            // A divisor keeps one sign; the other operations also see intervals containing 0.
            let b = try randomInterval(precision: Int.random(in: 16...600, using: &rng), using: &rng,
                                       sign: op.name == "/" ? (Bool.random(using: &rng) ? 1 : -1) : nil)
            let r = try op.interval(a, b)
            #expect(r.precision == max(a.precision, b.precision))
            #expect(r.lower <= r.upper)
            let p = 4 * r.precision
            for x in samples(a, using: &rng) {
                for y in samples(b, using: &rng) {
                    let exact = op.reference(x, y, p)
                    #expect(r.contains(exact), "\(op.name): \(x.decimalString(significantDigits: 30)) ∘ \(y.decimalString(significantDigits: 30))")
                }
            }
            if a.isPoint && b.isPoint {
                #expect(isTight(r, around: op.reference(a.lower, b.lower, p)), "\(op.name) of points")
            }
        }
    }

    @Test func integerOperandsEncloseEveryPointResult() throws {
        var rng = SplitMix(state: 200)
        for _ in 0..<300 {
            let a = try randomInterval(precision: Int.random(in: 16...600, using: &rng), using: &rng)
            let n = Int.random(in: 1...1_000_000, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
            let p = 4 * a.precision
            let m = BigFloat(n, precision: p)  // exact: p ≥ 64
            var checks: [(Interval, BigFloat)] = []
            for x in samples(a, using: &rng) {
                checks += [
                    (a + n, .sum(x, m, precision: p, rounding: nearest)),
                    (n + a, .sum(m, x, precision: p, rounding: nearest)),
                    (a - n, .difference(x, m, precision: p, rounding: nearest)),
                    (n - a, .difference(m, x, precision: p, rounding: nearest)),
                    (a * n, .product(x, m, precision: p, rounding: nearest)),
                    (n * a, .product(m, x, precision: p, rounding: nearest)),
                    (a / n, .quotient(x, m, precision: p, rounding: nearest)),
                ]
                if !a.containsZero {
                    checks.append((n / a, .quotient(m, x, precision: p, rounding: nearest)))
                }
            }
            for (r, exact) in checks {
                #expect(r.contains(exact))
                #expect(r.precision == a.precision)
            }
        }
    }

    @Test func functionsEncloseEveryPointResult() throws {
        var rng = SplitMix(state: 300)
        for _ in 0..<300 {
            let precision = Int.random(in: 16...600, using: &rng)
            let positive = try randomInterval(precision: precision, using: &rng, sign: 1)
            let signed = try randomInterval(precision: precision, using: &rng)
            // From 0, to check the boundary of the square root's domain.
            let fromZero = try Interval(lower: BigFloat(0, precision: precision), upper: positive.upper)
            let p = 4 * precision
            let cases: [(Interval, Interval, (BigFloat) -> BigFloat)] = [
                (positive, positive.squareRoot(), { $0.squareRoot(precision: p, rounding: nearest) }),
                (fromZero, fromZero.squareRoot(), { $0.squareRoot(precision: p, rounding: nearest) }),
                (positive, positive.log(), { $0.log(precision: p, rounding: nearest) }),
                (signed, signed.exp(), { $0.exp(precision: p, rounding: nearest) }),
                (positive, positive.exp(), { $0.exp(precision: p, rounding: nearest) }),
                (signed, signed.asinh(), { $0.asinh(precision: p, rounding: nearest) }),
                (signed, signed.square(), { $0.power(2, precision: p, rounding: nearest) }),
            ]
            for (input, r, f) in cases {
                #expect(r.precision == precision)
                for x in samples(input, using: &rng) {
                    #expect(r.contains(f(x)), "at \(x.decimalString(significantDigits: 30))")
                }
                if input.isPoint { #expect(isTight(r, around: f(input.lower))) }
            }
        }
    }

    @Test func integerPowersEncloseEveryPointResult() throws {
        var rng = SplitMix(state: 400)
        for _ in 0..<400 {
            let precision = Int.random(in: 16...600, using: &rng)
            let n = Int.random(in: -7...7, using: &rng)
            // Negative powers need an interval without 0.
            let sign: Int? = n < 0 ? (Bool.random(using: &rng) ? 1 : -1) : nil
            let a = try randomInterval(precision: precision, using: &rng, sign: sign)
            let r = a.power(n)
            for x in samples(a, using: &rng) {
                #expect(r.contains(x.power(n, precision: 4 * precision, rounding: nearest)), "x^\(n)")
            }
            if a.isPoint { #expect(isTight(r, around: a.lower.power(n, precision: 4 * precision))) }
        }
    }

    @Test func decimalStringsBracketTheInterval() throws {
        var rng = SplitMix(state: 500)
        for _ in 0..<300 {
            let a = try randomInterval(precision: Int.random(in: 16...600, using: &rng), using: &rng)
            let digits = Int.random(in: 1...60, using: &rng)
            let (low, high) = a.decimalStrings(significantDigits: digits)
            // Parsing the lower text rounded up (the upper text rounded down) can only move it
            // towards the interval, so these comparisons are sound at any parsing precision.
            #expect(try BigFloat(decimal: low, precision: 4 * a.precision, rounding: .up) <= a.lower, "\(low)")
            #expect(try BigFloat(decimal: high, precision: 4 * a.precision, rounding: .down) >= a.upper, "\(high)")
        }
    }
}

@Suite struct IntervalIdentities {
    @Test func inversesEncloseTheArgument() throws {
        var rng = SplitMix(state: 600)
        for _ in 0..<200 {
            let a = try randomInterval(precision: Int.random(in: 16...600, using: &rng), using: &rng, sign: 1)
            #expect(a.squareRoot().square().contains(a), "(√a)² ∋ a")
            #expect(a.log().exp().contains(a), "exp(log a) ∋ a")
            #expect(a.exp().log().contains(a), "log(exp a) ∋ a")
            #expect((a / a).contains(BigFloat(1, precision: 64)), "a / a ∋ 1")
            // asinh a = log(a + √(a² + 1)): both enclose the same image, so they meet.
            #expect(a.asinh().overlaps((a + (a.square() + 1).squareRoot()).log()))
        }
    }

    @Test func dependentOperandsAreEnclosed() throws {
        var rng = SplitMix(state: 700)
        for _ in 0..<200 {
            let precision = Int.random(in: 16...600, using: &rng)
            let a = try randomInterval(precision: precision, using: &rng)
            let b = try randomInterval(precision: precision, using: &rng)
            #expect((a - a).containsZero)
            #expect((a * a).contains(a.square()), "x·x treats the operands as independent: wider")
            #expect(-(-a) == a)
            #expect(a + b == b + a && a * b == b * a)
            let positive = try randomInterval(precision: precision, using: &rng, sign: 1)
            #expect(positive * positive == positive.square(), "for x ≥ 0 both are [l²↓, u²↑]")
            #expect(-positive * -positive == positive.square())
        }
    }

    @Test func exactOperationsOnPointsGivePoints() throws {
        let p = 53
        func point(_ n: Int) -> Interval { Interval(n, precision: p) }
        #expect(point(1) + point(2) == point(3))
        #expect((point(1) + point(2)).isPoint)
        #expect(point(3) * point(-2) == point(-6))
        #expect(point(6) / point(3) == point(2))
        #expect(point(7) - point(7) == point(0))
        #expect(point(1) + 2 == point(3) && 5 - point(2) == point(3) && -3 * point(4) == point(-12))
        #expect(point(4).squareRoot() == point(2))
        #expect(point(1).log() == point(0))
        #expect(point(0).exp() == point(1))
        #expect(point(0).asinh() == point(0))
        #expect(point(2).power(10) == point(1024))
        #expect(point(2).power(-3) == point(1) / 8)
        #expect(point(-3).power(0) == point(1))
        // 1/3 is not a binary fraction: the enclosure is two neighbours, one ulp apart.
        let third = point(1) / 3
        #expect(!third.isPoint && third.lower < third.upper)
        #expect(third.width == BigFloat(1, precision: p).scaled(byPowerOfTwo: -1 - p))  // in [2^-2, 2^-1): spacing 2^(-2-(p-1))
    }
}

@Suite struct IntervalSpecialValues {
    let p = 64
    func interval(_ l: Int, _ u: Int) throws -> Interval {
        try Interval(lower: BigFloat(l, precision: p), upper: BigFloat(u, precision: p))
    }

    /// Runs `body` and expects an invalid interval reported as MPFR's NaN error.
    func expectInvalid(_ body: () throws -> Interval) {
        #expect(throws: NumericalError.notANumber) {
            let result = try MPFRFlags.checking(body)
            #expect(!result.isValid)
        }
    }

    @Test func divisionByAnIntervalContainingZeroIsAnError() throws {
        for divisor in [try interval(-1, 1), try interval(0, 1), try interval(-2, 0), try interval(0, 0)] {
            expectInvalid { try interval(1, 2) / divisor }
            expectInvalid { 1 / divisor }
            expectInvalid { divisor.power(-2) }
            expectInvalid { (1 / divisor + 3).exp() * 2 }   // and it stays invalid
        }
        expectInvalid { try interval(1, 2) / 0 }
    }

    @Test func functionsOutsideTheirDomainAreErrors() throws {
        expectInvalid { try interval(-1, 2).squareRoot() }
        expectInvalid { try interval(0, 1).log() }
        expectInvalid { try interval(-3, -1).log() }
        #expect(try interval(0, 4).squareRoot() == interval(0, 2), "[0, x] touches the domain's edge")
    }

    @Test func evenPowersOfIntervalsContainingZero() throws {
        #expect(try interval(-1, 2).square() == interval(0, 4))
        #expect(try interval(-1, 2).power(2) == interval(0, 4))
        #expect(try interval(-3, 2).power(4) == interval(0, 81))
        #expect(try interval(-1, 2) * interval(-1, 2) == interval(-2, 4))
        #expect(try interval(-2, 1).power(3) == interval(-8, 1))
        #expect(try interval(-3, -2).power(2) == interval(4, 9))
        #expect(try interval(-4, -2).power(-1) == Interval(lower: BigFloat(-1, precision: p) / 2,
                                                          upper: BigFloat(-1, precision: p) / 4))
        #expect(try interval(-2, 4).power(0) == interval(1, 1))
    }

    @Test func decimalPointIsBracketed() throws {
        let tenth = Interval(try DecimalNumber("0.1"), precision: 53)
        let fine = try BigFloat(decimal: "0.1", precision: 2000)
        #expect(tenth.contains(fine) && !tenth.isPoint)
        // 0.1 is in [2^-4, 2^-3), where 53-bit numbers are 2^-56 apart.
        #expect(tenth.width == BigFloat(1, precision: 64).scaled(byPowerOfTwo: -56))
        for digits in [1, 3, 17, 20, 40] {
            let (low, high) = tenth.decimalStrings(significantDigits: digits)
            #expect(try BigFloat(decimal: low, precision: 2000) <= fine, "\(low)")
            #expect(try BigFloat(decimal: high, precision: 2000) >= fine, "\(high)")
        }
        #expect(tenth.decimalStrings(significantDigits: 3) == (lower: "0.0999", upper: "0.101"))
    }

    @Test func integersBeyondThePrecisionAreEnclosed() {
        let n = (1 << 60) + 1
        let a = Interval(n, precision: 16)
        #expect(!a.isPoint && a.contains(BigFloat(n, precision: 64)))
        #expect(Interval(n, precision: 64).isPoint)
    }

    @Test func nanEndpointsAreRejected() {
        let nan = BigFloat(-1, precision: 64).squareRoot()
        #expect(throws: IntervalError.nanEndpoint) { try Interval(nan) }
        #expect(throws: IntervalError.nanEndpoint) { try Interval(lower: BigFloat(0, precision: 64), upper: nan) }
    }

    @Test func overflowAndInfiniteEndpoints() throws {
        // e^(2^40) exceeds MPFR's exponent range: the upper endpoint rounds up to +∞, the
        // lower one down to the largest finite number.
        let big = try Interval(BigFloat(1, precision: p).scaled(byPowerOfTwo: 40)).exp()
        #expect(big.upper.isInfinite && big.lower.isFinite && big.lower > 0)
        let one = BigFloat(1, precision: p), infinity = big.upper
        let unbounded = try Interval(lower: one, upper: infinity)
        #expect(try unbounded / unbounded == Interval(lower: BigFloat(0, precision: p), upper: infinity))
        #expect(try interval(0, 0) * unbounded == interval(0, 0), "0 · x = 0 for every real x")
        #expect(try interval(-1, 0) * unbounded == Interval(lower: -infinity, upper: BigFloat(0, precision: p)))
    }

    @Test func setRelationsAndMeasures() throws {
        let a = try interval(-3, 2)
        #expect(a.width == 5 && a.magnitude == 3 && a.mignitude == 0 && a.containsZero)
        #expect(a.midpoint == BigFloat(-1, precision: p) / 2)
        #expect(try interval(2, 5).mignitude == 2 && interval(-5, -2).mignitude == 2)
        #expect(try a.contains(interval(-1, 1)) && interval(-1, 1).isSubset(of: a))
        #expect(try !a.contains(interval(1, 3)) && a.overlaps(interval(1, 3)) && !a.overlaps(interval(3, 4)))
        #expect(try a.overlaps(interval(2, 9)), "closed intervals meeting at an endpoint overlap")
        #expect(a.contains(BigFloat(-3, precision: p)) && !a.contains(BigFloat(3, precision: p)))
    }
}
