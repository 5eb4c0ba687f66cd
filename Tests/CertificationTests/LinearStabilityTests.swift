import Certification
import Multiprecision
import Testing

/// A real Jordan block of a chosen spectrum: a real eigenvalue `l`, or the block
/// `[[a, −b], [b, a]]` with eigenvalues `a ± ib`; numerators over a common `2^e`.
enum SpectralBlock {
    case real(Int)
    case pair(Int, Int)

    var size: Int {
        switch self {
        case .real: 1
        case .pair: 2
        }
    }

    /// The block's factor of `det(tI − D)` in `t = 2^e s`, ascending: `t − l` or
    /// `t² − 2at + a² + b²`.
    var factor: [Int] {
        switch self {
        case .real(let l): [-l, 1]
        case .pair(let a, let b): [a * a + b * b, -2 * a, 1]
        }
    }
}

/// `S D S⁻¹` for a block diagonal `D` with the given spectrum (over `2^e`) and the unimodular
/// `S = ∏ (I + c E_ij)` of integer shears, `S⁻¹ = ∏ (I − c E_ij)` in reverse order.
struct Similar {
    let blocks: [SpectralBlock]
    let e: Int
    let matrix: [[Int]]                                       // numerators of S D S⁻¹

    init(_ blocks: [SpectralBlock], over e: Int = 0, shears: [(Int, Int, Int)]) {
        self.blocks = blocks
        self.e = e
        let n = blocks.map(\.size).reduce(0, +)
        var d = Self.identity(n).map { $0.map { _ in 0 } }
        var at = 0
        for block in blocks {
            switch block {
            case .real(let l): d[at][at] = l
            case .pair(let a, let b): (d[at][at], d[at][at + 1], d[at + 1][at], d[at + 1][at + 1]) = (a, -b, b, a)
            }
            at += block.size
        }
        var s = Self.identity(n), inverse = Self.identity(n)
        for (i, j, c) in shears {
            var shear = Self.identity(n), unshear = Self.identity(n)
            shear[i][j] = c
            unshear[i][j] = -c
            s = Self.product(s, shear)
            inverse = Self.product(unshear, inverse)
        }
        precondition(Self.product(s, inverse) == Self.identity(n), "S⁻¹ is not the inverse of S")
        matrix = Self.product(Self.product(s, d), inverse)
    }

    static func identity(_ n: Int) -> [[Int]] { (0..<n).map { i in (0..<n).map { $0 == i ? 1 : 0 } } }

    static func product(_ a: [[Int]], _ b: [[Int]]) -> [[Int]] {
        a.map { row in (0..<b[0].count).map { c in zip(row, b).reduce(0) { $0 + $1.0 * $1.1[c] } } }
    }

    var n: Int { matrix.count }

    /// The exact matrix as point intervals.
    var point: [[Interval]] { matrix.map { $0.map { dyadic($0, over: e) } } }

    /// Every entry widened by `2^−bits` each way.
    func widened(bits: Int) -> [[Interval]] {
        point.map { $0.map { Interval(center: $0.lower, radius: BigFloat(1, precision: 64).scaled(byPowerOfTwo: -bits),
                                      precision: linearPrecision) } }
    }

    /// `det(sI − D)` from the chosen spectrum, descending: the `k`-th coefficient is
    /// `(−1)^k e_k(λ)`, the `t^{n−k}` coefficient of `∏ factor` times `2^{−ek}`.
    var characteristicPolynomial: [Interval] {
        let ascending = blocks.reduce([1]) { p, block in
            let f = block.factor
            var product = [Int](repeating: 0, count: p.count + f.count - 1)
            for (i, x) in p.enumerated() {
                for (j, y) in f.enumerated() { product[i + j] += x * y }
            }
            return product
        }
        return ascending.reversed().enumerated().map { k, c in dyadic(c, over: e * k) }
    }
}

let linearPrecision = 128

func dyadic(_ numerator: Int, over e: Int) -> Interval {
    Interval(numerator, precision: linearPrecision).scaled(byPowerOfTwo: -e)
}

func rate(_ text: String) -> Interval { Interval(decimal(text), precision: linearPrecision) }

func reason(_ verdict: StabilityVerdict) -> String? {
    if case .undecided(let why) = verdict { return why }
    return nil
}

@Suite struct LinearStabilityTests {
    static let shears3 = [(0, 1, 1), (1, 2, -2), (2, 0, 1), (0, 2, 3)]
    static let shears5 = [(0, 1, 1), (1, 2, -1), (2, 3, 2), (3, 4, 1), (4, 0, -1), (0, 3, 1), (2, 4, 1)]

    @Test func characteristicPolynomialEnclosesTheElementarySymmetricFunctions() {
        let cases = [
            Similar([.real(-3)], shears: []),
            Similar([.pair(-1, 2)], shears: [(0, 1, 2), (1, 0, -1)]),
            Similar([.real(2), .real(-1), .real(-3)], shears: Self.shears3),
            Similar([.real(-1), .pair(1, 3), .real(4), .real(-2)], shears: Self.shears5),
            Similar([.pair(-1, 4), .real(3), .pair(1, 1)], over: 1, shears: Self.shears5),
        ]
        let tiny = BigFloat(1, precision: 64).scaled(byPowerOfTwo: -100)
        for m in cases {
            let expected = m.characteristicPolynomial
            let exact = LinearStability.characteristicPolynomial(m.point)
            #expect(exact.count == m.n + 1)
            #expect(zip(exact, expected).allSatisfy { $0.contains($1) && $0.width < tiny })
            let wide = LinearStability.characteristicPolynomial(m.widened(bits: 40))
            #expect(zip(wide, expected).allSatisfy { $0.contains($1) })
            #expect(wide[0].isPoint && wide.dropFirst().allSatisfy { !$0.isPoint })
        }
    }

    @Test func flowIsStableWhenEveryRealPartIsNegative() {
        let cases = [
            Similar([.real(-3)], shears: []),
            Similar([.pair(-1, 2)], shears: [(0, 1, 2), (1, 0, -1)]),
            Similar([.pair(-2, 4), .real(-1)], over: 1, shears: Self.shears3),                 // −1 ± 2i, −1/2
            Similar([.real(-4), .pair(-1, 12), .real(-8), .real(-20)], over: 2, shears: Self.shears5),
        ]
        for m in cases {
            #expect(LinearStability.flow(m.point) == .stable)
            #expect(LinearStability.flow(m.widened(bits: 40)) == .stable)
        }
    }

    @Test func flowIsUnstableWithAPositiveEigenvalueOrPairWithPositiveRealPart() {
        let cases = [
            Similar([.real(1)], over: 1, shears: []),                                            // 1/2
            Similar([.real(-2), .real(-4), .real(1)], over: 1, shears: Self.shears3),          // −1, −2, 1/2
            Similar([.pair(1, 12)], over: 2, shears: [(0, 1, 2), (1, 0, -1)]),                 // 1/4 ± 3i
            Similar([.real(-20), .real(-20), .real(-20), .pair(1, 12)], over: 2, shears: Self.shears5),
        ]
        // (s + 5)³ (s² − s/2 + 145/16) has only positive coefficients: only a Δ_k can certify it.
        #expect(cases[3].characteristicPolynomial.allSatisfy { $0.lower > 0 })
        for m in cases {
            #expect(LinearStability.flow(m.point) == .unstable)
            #expect(LinearStability.flow(m.widened(bits: 40)) == .unstable)
        }
    }

    @Test func flowIsUndecidedOnTheImaginaryAxis() {
        let zero = [
            Similar([.real(0), .real(-1)], shears: [(0, 1, 2), (1, 0, -1)]),
            Similar([.real(0), .real(-1), .real(-2), .pair(-1, 1)], shears: Self.shears5),
        ]
        for m in zero {
            #expect(reason(LinearStability.flow(m.point))?.contains("may be 0") == true)
            #expect(reason(LinearStability.flow(m.widened(bits: 40))) != nil)
        }
        let axis = [
            Similar([.pair(0, 2), .real(-1)], shears: Self.shears3),
            Similar([.pair(0, 1), .real(-1), .real(-2), .real(-3)], shears: Self.shears5),
        ]
        for m in axis {
            #expect(reason(LinearStability.flow(m.point))?.contains("imaginary axis") == true)
            #expect(reason(LinearStability.flow(m.widened(bits: 40))) != nil)
        }
    }

    @Test func flowIsUndecidedForAnEnclosureHoldingStableAndUnstableMatrices() throws {
        // [[x, 1], [0, −1]] has eigenvalues x, −1: stable at x = −2, unstable at x = 1/2.
        let j = [[try Interval(lower: BigFloat(-2, precision: linearPrecision), upper: dyadic(1, over: 1).upper),
                  dyadic(1, over: 0)],
                 [dyadic(0, over: 0), dyadic(-1, over: 0)]]
        #expect(j[0][0].contains(BigFloat(-2, precision: 64)) && j[0][0].contains(dyadic(1, over: 1).lower))
        #expect(reason(LinearStability.flow(j)) != nil)
        // A stable and an unstable matrix in one enclosure, widened by 64 about their mean.
        let stable = Similar([.real(-1), .real(-2), .real(-3)], shears: Self.shears3)
        let unstable = Similar([.real(1), .real(-2), .real(-3)], shears: Self.shears3)
        let hull = zip(stable.point, unstable.point).map { rows in
            zip(rows.0, rows.1).map { a, b in
                Interval(center: ((a + b) / 2).lower, radius: BigFloat(64, precision: 64), precision: linearPrecision)
            }
        }
        #expect(zip(hull.joined(), zip(stable.point.joined(), unstable.point.joined())).allSatisfy {
            $0.contains($1.0) && $0.contains($1.1)
        })
        #expect(reason(LinearStability.flow(hull)) != nil)
    }

    @Test func iterationOfAPairNearTheUnitCircle() throws {
        // λ = −1 ± 2i: |1 + ηλ|² = 1 − 2η + 5η² < 1 iff η < 2/5; λ = −1/2 gives |1 − η/2| < 1.
        for m in [Similar([.pair(-2, 4), .real(-1)], over: 1, shears: Self.shears3),
                  Similar([.pair(-2, 4), .real(-1), .real(-2), .real(-4)], over: 1, shears: Self.shears5)] {
            #expect(LinearStability.flow(m.point) == .stable)
            #expect(LinearStability.iteration(m.point, learningRate: rate("0.39")) == .stable)
            #expect(LinearStability.iteration(m.point, learningRate: rate("0.41")) == .unstable)
            #expect(LinearStability.iteration(m.widened(bits: 40), learningRate: rate("0.39")) == .stable)
            #expect(LinearStability.iteration(m.widened(bits: 40), learningRate: rate("0.41")) == .unstable)
            // 2/5 is not a binary number: its enclosure holds the boundary.
            #expect(reason(LinearStability.iteration(m.point, learningRate: rate("0.4")))?.contains("unit circle") == true)
            let below = try Interval(lower: rate("0.3899").lower, upper: rate("0.39").upper)
            let across = try Interval(lower: rate("0.39").lower, upper: rate("0.41").upper)
            #expect(LinearStability.iteration(m.point, learningRate: below) == .stable)
            #expect(reason(LinearStability.iteration(m.point, learningRate: across)) != nil)
        }
    }

    @Test func iterationOfRealEigenvalues() {
        let half = dyadic(1, over: 1)
        func one(_ l: Int) -> [[Interval]] { [[dyadic(l, over: 0)]] }
        // 1 + λ/2 for λ = −3, −4, −5, 0, 1: −1/2, −1, −3/2, 1, 3/2.
        #expect(LinearStability.iteration(one(-3), learningRate: half) == .stable)
        #expect(reason(LinearStability.iteration(one(-4), learningRate: half))?.contains("may be −1") == true)
        #expect(LinearStability.iteration(one(-5), learningRate: half) == .unstable)
        #expect(LinearStability.flow(one(-5)) == .stable)
        #expect(reason(LinearStability.iteration(one(0), learningRate: half))?.contains("may be 1") == true)
        #expect(LinearStability.iteration(one(1), learningRate: half) == .unstable)
        let two = Similar([.real(-4), .real(-1)], shears: [(0, 1, 3), (1, 0, -1)])
        #expect(reason(LinearStability.iteration(two.point, learningRate: half))?.contains("may be −1") == true)
        #expect(LinearStability.iteration(two.point, learningRate: rate("0.49")) == .stable)
        #expect(LinearStability.iteration(two.point, learningRate: rate("0.51")) == .unstable)
        let positive = Similar([.real(-4), .real(1)], over: 2, shears: [(0, 1, 3), (1, 0, -1)])
        #expect(LinearStability.iteration(positive.widened(bits: 40), learningRate: rate("0.01")) == .unstable)
    }

    @Test func anUnboundedEntryIsUndecided() throws {
        let infinite = BigFloat.quotient(BigFloat(1, precision: 64), BigFloat(0, precision: 64), precision: 64, rounding: .up)
        let j = [[try Interval(lower: BigFloat(-1, precision: 64), upper: infinite)]]
        #expect(reason(LinearStability.flow(j))?.contains("infinite") == true)
        #expect(reason(LinearStability.iteration([[dyadic(-1, over: 0)]], learningRate: j[0][0]))?.contains("learning rate") == true)
    }
}
