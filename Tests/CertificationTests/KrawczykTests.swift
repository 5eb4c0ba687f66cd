import Certification
import Multiprecision
import Testing

/// A polynomial system by closures over intervals, with its constants enclosed at the precision
/// of the argument; defined everywhere, or (like the model) only on the simplex.
struct PolynomialSystem: IntervalVectorFunction, Sendable {
    let dimension: Int
    let f: @Sendable ([Interval], Int) -> [Interval]
    let j: @Sendable ([Interval], Int) -> [[Interval]]
    var domainIsSimplex = false

    func value(over x: [Interval]) -> [Interval] { f(x, x[0].precision) }
    func jacobian(over x: [Interval]) -> [[Interval]] { j(x, x[0].precision) }
    func isDefined(on x: [Interval]) -> Bool { !domainIsSimplex || SimplexIsolation.simplexContains(x) }
}

/// `a/b` enclosed at `p` bits.
func ratio(_ a: Int, _ b: Int, _ p: Int) -> Interval { Interval(a, precision: p) / b }

/// `√n` enclosed at `p` bits.
func root(_ n: Int, _ p: Int) -> Interval { Interval(n, precision: p).squareRoot() }

/// Every entry of `box` contains the corresponding entry of `point` (an enclosure of the exact
/// zero, narrower than the box), so the box contains the exact zero.
func encloses(_ box: [Interval], _ point: [Interval]) -> Bool {
    box.count == point.count && zip(box, point).allSatisfy { $0.contains($1) }
}

/// Systems whose zeros are known in closed form (each comment gives them).
enum Systems {
    /// `x² + y − 13/36`, `x + y² − 19/48`: the zero (1/3, 1/4), the only one in `[0, 1]²`
    /// (`y = 13/36 − x²` leaves `x + (13/36 − x²)² − 19/48`, whose derivative
    /// `1 − 4x(13/36 − x²) ≥ 1 − 0.34 > 0` on `[0, 1]`).
    static let third = PolynomialSystem(dimension: 2, f: { x, p in
        [x[0].square() + x[1] - ratio(13, 36, p), x[0] + x[1].square() - ratio(19, 48, p)]
    }, j: { x, p in
        [[2 * x[0], Interval(1, precision: p)], [Interval(1, precision: p), 2 * x[1]]]
    })
    static func thirdZero(_ p: Int) -> [Interval] { [ratio(1, 3, p), ratio(1, 4, p)] }

    /// The circle of centre `(c, c)` and radius² `r2` met by the line `x = y`: zeros
    /// `c ± √(r2/2)` on the diagonal.
    static func circleOnDiagonal(centre c: (Int, Int), radiusSquared r2: (Int, Int), simplexDomain: Bool = false)
        -> PolynomialSystem {
        PolynomialSystem(dimension: 2, f: { x, p in
            let centre = ratio(c.0, c.1, p)
            return [(x[0] - centre).square() + (x[1] - centre).square() - ratio(r2.0, r2.1, p), x[0] - x[1]]
        }, j: { x, p in
            let centre = ratio(c.0, c.1, p)
            return [[2 * (x[0] - centre), 2 * (x[1] - centre)], [Interval(1, precision: p), Interval(-1, precision: p)]]
        }, domainIsSimplex: simplexDomain)
    }

    /// `x² + y² − 5/16`, `x − 2y`: zeros ±(1/2, 1/4); (1/2, 1/4) lies on the first bisection
    /// face `x = 1/2` and on the face `y = 1/4` of the second level.
    static let onFace = PolynomialSystem(dimension: 2, f: { x, p in
        [x[0].square() + x[1].square() - ratio(5, 16, p), x[0] - 2 * x[1]]
    }, j: { x, p in
        [[2 * x[0], 2 * x[1]], [Interval(1, precision: p), Interval(-2, precision: p)]]
    })

    /// `(x − 3/10)² + (y − 2/5)² − 1/100`, `y − 3/10`: the circle touches the line at its
    /// only real zero (3/10, 3/10), a double zero (singular Jacobian).
    static let tangent = PolynomialSystem(dimension: 2, f: { x, p in
        [(x[0] - ratio(3, 10, p)).square() + (x[1] - ratio(2, 5, p)).square() - ratio(1, 100, p), x[1] - ratio(3, 10, p)]
    }, j: { x, p in
        [[2 * (x[0] - ratio(3, 10, p)), 2 * (x[1] - ratio(2, 5, p))], [Interval(0, precision: p), Interval(1, precision: p)]]
    })

    /// `x + y − c`, `x² − 2y²`: in `[0, 1]²` the one zero `c (√2, 1)/(1 + √2) = c (2 − √2, √2 − 1)`,
    /// with `Σx = c` (the other, `c (√2, −1)/(√2 − 1)`, has `y < 0`).
    static func lineAndCone(sum c: (Int, Int), simplexDomain: Bool) -> PolynomialSystem {
        PolynomialSystem(dimension: 2, f: { x, p in
            [x[0] + x[1] - ratio(c.0, c.1, p), x[0].square() - 2 * x[1].square()]
        }, j: { x, p in
            [[Interval(1, precision: p), Interval(1, precision: p)], [2 * x[0], -4 * x[1]]]
        }, domainIsSimplex: simplexDomain)
    }

    /// `x² − x + 1/5`: zeros `(1 ± 1/√5)/2`, both in `[0, 1]`.
    static let quadratic = PolynomialSystem(dimension: 1, f: { x, p in
        [x[0].square() - x[0] + ratio(1, 5, p)]
    }, j: { x, _ in [[2 * x[0] - 1]] })

    /// `(x − 1/3)²`: a double zero.
    static let doubleRoot = PolynomialSystem(dimension: 1, f: { x, p in
        [(x[0] - ratio(1, 3, p)).square()]
    }, j: { x, p in [[2 * (x[0] - ratio(1, 3, p))]] })

    /// `x² + y² + z² − (1/25 + 1/16 + 1/9)`, `5x − 4y`, `5x − 3z`: on the line
    /// `(x, 5x/4, 5x/3)` the sphere gives `x = ±1/5`, so the zeros are ±(1/5, 1/4, 1/3).
    static let sphere = PolynomialSystem(dimension: 3, f: { x, p in
        [x[0].square() + x[1].square() + x[2].square() - ratio(1, 25, p) - ratio(1, 16, p) - ratio(1, 9, p),
         5 * x[0] - 4 * x[1], 5 * x[0] - 3 * x[2]]
    }, j: { x, p in
        let zero = Interval(0, precision: p)
        return [[2 * x[0], 2 * x[1], 2 * x[2]],
                [Interval(5, precision: p), Interval(-4, precision: p), zero],
                [Interval(5, precision: p), zero, Interval(-3, precision: p)]]
    })
    static func sphereZero(_ p: Int) -> [Interval] { [ratio(1, 5, p), ratio(1, 4, p), ratio(1, 3, p)] }

    /// The sphere of centre (1/4, 1/4, 1/4) and radius 1/10 met by the diagonal `x = y = z`:
    /// zeros `1/4 ± 1/(10√3) = 1/4 ± √3/30`.
    static let sphereOnDiagonal = PolynomialSystem(dimension: 3, f: { x, p in
        let c = ratio(1, 4, p)
        return [(x[0] - c).square() + (x[1] - c).square() + (x[2] - c).square() - ratio(1, 100, p),
                x[0] - x[1], x[1] - x[2]]
    }, j: { x, p in
        let c = ratio(1, 4, p), zero = Interval(0, precision: p), one = Interval(1, precision: p)
        return [[2 * (x[0] - c), 2 * (x[1] - c), 2 * (x[2] - c)], [one, -one, zero], [zero, one, -one]]
    })
}

@Suite struct KrawczykTests {
    let isolation = SimplexIsolation(precision: 128)

    @Test func aUniqueZeroRefinedToOneHundredAndOneThousandDigits() throws {
        let result = isolation.isolate(Systems.third)
        #expect(result.countCertified)
        try #require(result.zeros.count == 1)
        let zero = result.zeros[0]
        #expect(encloses(zero.enclosure, Systems.thirdZero(400)))
        for digits in [100, 1000] {
            let refined = Krawczyk().refine(Systems.third, start: zero.uniquenessBox,
                                            precision: DigitsPolicy(digits: digits).working,
                                            target: .significantDigits(digits))
            #expect(refined.certificate == .unique)
            #expect(encloses(refined.enclosure, Systems.thirdZero(4 * digits + 400)))
            for entry in refined.enclosure {
                #expect(Double(entry.width.exponent) * 0.30103 < Double(-digits))
                #expect(entry.commonDigits(cap: digits).digits == digits)
            }
            let third = refined.enclosure[0].commonDigits(cap: digits).decimal
            #expect(third == "0." + String(repeating: "3", count: digits))
        }
    }

    @Test func epsilonInflationCertifiesAnApproximateZero() throws {
        let approximate = [BigFloat(1, precision: 64) / 3, BigFloat(1, precision: 64) / 4]
        let certified = Krawczyk().certify(Systems.third, near: approximate, precision: DigitsPolicy(digits: 100).working,
                                           target: .significantDigits(100))
        #expect(certified.certificate == .unique)
        #expect(encloses(certified.enclosure, Systems.thirdZero(800)))
        #expect(certified.enclosure[1].commonDigits(cap: 100).decimal == "0.25" + String(repeating: "0", count: 98))
        // A start far from the zero: either rejected, or the enclosure holds the true zero.
        let far = Krawczyk().certify(Systems.third, near: [BigFloat(9, precision: 64) / 10, BigFloat(9, precision: 64) / 10],
                                     precision: 200, target: .significantDigits(40))
        #expect(far.certificate != .unique || encloses(far.enclosure, Systems.thirdZero(800)))
    }

    @Test func twoZerosOfACircleAndALineAreCountedExactly() throws {
        let result = isolation.isolate(Systems.circleOnDiagonal(centre: (3, 10), radiusSquared: (1, 25)))
        #expect(result.countCertified)
        try #require(result.zeros.count == 2)
        let p = 400
        for (zero, sign) in zip(result.zeros, [-1, 1]) {
            let exact = ratio(3, 10, p) + sign * root(2, p) / 10
            #expect(encloses(zero.enclosure, [exact, exact]))
        }
    }

    @Test func aZeroOnBisectionFacesIsCountedOnce() throws {
        let result = isolation.isolate(Systems.onFace)
        #expect(result.countCertified)
        #expect(result.boxesProven >= 2)      // found from both sides of the face
        try #require(result.zeros.count == 1)
        #expect(encloses(result.zeros[0].enclosure, [Interval(1, precision: 64) / 2, Interval(1, precision: 64) / 4]))
    }

    @Test func noZeroInTheSimplexIsACertifiedCountOfZero() {
        // Zeros 1 ± √2/8 on the diagonal: (0.82, 0.82) outside S, (1.18, 1.18) outside [0, 1]².
        for simplexDomain in [false, true] {
            let result = isolation.isolate(Systems.circleOnDiagonal(centre: (1, 1), radiusSquared: (1, 16),
                                                                    simplexDomain: simplexDomain))
            #expect(result.countCertified)
            #expect(result.zeros.isEmpty)
        }
    }

    @Test func aZeroOutsideTheSimplexIsNotCounted() throws {
        // Zeros 1/2 ± 3/(10√2) = 1/2 ± 3√2/20 on the diagonal: 0.29 in S, 0.71 in [0, 1]² but not in S.
        let p = 400
        let exact = ratio(1, 2, p) - 3 * root(2, p) / 20
        for simplexDomain in [false, true] {
            let result = isolation.isolate(Systems.circleOnDiagonal(centre: (1, 2), radiusSquared: (9, 100),
                                                                    simplexDomain: simplexDomain))
            #expect(result.countCertified)
            try #require(result.zeros.count == 1)
            #expect(encloses(result.zeros[0].enclosure, [exact, exact]))
        }
    }

    @Test func aZeroProvenJustOutsideTheSimplexIsDiscarded() {
        // The only zero in [0, 1]², (17/16)(2 − √2, √2 − 1), has Σx = 17/16.
        let everywhere = isolation.isolate(Systems.lineAndCone(sum: (17, 16), simplexDomain: false))
        #expect(everywhere.countCertified)
        #expect(everywhere.zeros.isEmpty)
        #expect(everywhere.boxesProven >= 1)     // proven in a box meeting S, then discarded
        let onSimplex = isolation.isolate(Systems.lineAndCone(sum: (17, 16), simplexDomain: true))
        #expect(onSimplex.countCertified)
        #expect(onSimplex.zeros.isEmpty)
        #expect(onSimplex.boxesProven == 0)      // never proven in a box leaving the domain
    }

    @Test func aZeroOnTheBoundaryOfTheSimplexLeavesTheCountUncertified() {
        // The zero (2 − √2, √2 − 1) has Σx = 1 exactly.
        let everywhere = isolation.isolate(Systems.lineAndCone(sum: (1, 1), simplexDomain: false))
        #expect(everywhere.zeros.isEmpty)
        #expect(everywhere.uncertified?.contains("may lie on the boundary of the simplex") == true)
        let onSimplex = isolation.isolate(Systems.lineAndCone(sum: (1, 1), simplexDomain: true))
        #expect(onSimplex.zeros.isEmpty)
        #expect(onSimplex.uncertified?.contains("stayed undecided") == true)
        let p = 200
        let exact = [2 - root(2, p), root(2, p) - 1]
        #expect(!onSimplex.undecided.isEmpty)
        for box in onSimplex.undecided {
            #expect(zip(box, exact).allSatisfy { ($0 - $1).magnitude < BigFloat(1, precision: 64).scaled(byPowerOfTwo: -30) })
        }
    }

    @Test func aDoubleZeroLeavesTheCountUncertifiedWithinTheBudget() {
        let budget = 20_000
        let coarse = SimplexIsolation(precision: 128, boxBudget: budget,
                                      minimumWidth: BigFloat(1, precision: 64).scaled(byPowerOfTwo: -20))
        let start = ContinuousClock.now
        let tenth = BigFloat(1, precision: 64) / 10, third = BigFloat(1, precision: 64) / 3
        for (system, centre) in [(Systems.tangent, [3 * tenth, 3 * tenth]), (Systems.doubleRoot, [third])] {
            let result = coarse.isolate(system)
            #expect(!result.countCertified)
            #expect(result.uncertified?.contains("undecided") == true)
            #expect(result.zeros.isEmpty)
            #expect(result.boxesExamined <= budget)
            #expect(!result.undecided.isEmpty)
            // Every undecided box lies within 1/20 of the double zero ((3/10, 3/10), or 1/3).
            for box in result.undecided {
                #expect(zip(box, centre).allSatisfy { ($0.midpoint - $1).magnitude < BigFloat(1, precision: 64) / 20 })
            }
        }
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test func theBoxBudgetRunningOutIsReported() {
        let result = SimplexIsolation(precision: 128, boxBudget: 10).isolate(Systems.third)
        #expect(result.boxesExamined == 10)
        #expect(result.uncertified?.hasPrefix("the box budget of 10 boxes ran out near x = (") == true)
    }

    @Test func oneDimensionTwoRootsOfAQuadratic() throws {
        let result = isolation.isolate(Systems.quadratic)
        #expect(result.countCertified)
        try #require(result.zeros.count == 2)
        let p = 400
        let inverseRoot5 = 1 / root(5, p)
        #expect(encloses(result.zeros[0].enclosure, [(1 - inverseRoot5) / 2]))
        #expect(encloses(result.zeros[1].enclosure, [(1 + inverseRoot5) / 2]))
        let refined = Krawczyk().refine(Systems.quadratic, start: result.zeros[1].uniquenessBox,
                                        precision: DigitsPolicy(digits: 1000).working, target: .significantDigits(1000))
        #expect(refined.certificate == .unique)
        let q = 4000
        #expect(encloses(refined.enclosure, [(1 + 1 / root(5, q)) / 2]))
    }

    @Test func threeDimensionsOneZeroAndTwoZeros() throws {
        let one = isolation.isolate(Systems.sphere)
        #expect(one.countCertified)
        try #require(one.zeros.count == 1)
        #expect(encloses(one.zeros[0].enclosure, Systems.sphereZero(400)))
        let refined = Krawczyk().refine(Systems.sphere, start: one.zeros[0].uniquenessBox,
                                        precision: DigitsPolicy(digits: 100).working, target: .significantDigits(100))
        #expect(refined.certificate == .unique)
        #expect(encloses(refined.enclosure, Systems.sphereZero(800)))

        let two = isolation.isolate(Systems.sphereOnDiagonal)
        #expect(two.countCertified)
        try #require(two.zeros.count == 2)
        let p = 400
        for (zero, sign) in zip(two.zeros, [-1, 1]) {
            let exact = ratio(1, 4, p) + sign * root(3, p) / 30
            #expect(encloses(zero.enclosure, [exact, exact, exact]))
        }
    }
}
