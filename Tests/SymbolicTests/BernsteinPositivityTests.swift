import Symbolic
import Testing
import TestSupport

/// Positivity on the open unit box by Bernstein coefficients: what it proves holds at exact
/// rational sample points, and what is false or touches zero inside is never proved.
@Suite struct BernsteinPositivityProofs {
    let x = Polynomial.variable("x")
    let y = Polynomial.variable("y")
    static let box = BernsteinPositivity(variables: ["x", "y"], maximumBoxes: 2_000)

    /// Every point `(i/n, j/n)`, `0 < i, j < n`, evaluated exactly.
    static func positiveOnSamples(_ p: Polynomial, n: Int = 23) -> Bool {
        (1..<n).allSatisfy { i in
            (1..<n).allSatisfy { j in p.value(at: ["x": Rational(i, n), "y": Rational(j, n)]).isPositive }
        }
    }

    @Test func provesPolynomialsThatArePositiveInside() {
        let half = Polynomial(Rational(1, 2))
        for p in [x * (1 - x) + y, (x - half) * (x - half) + y, x * y * (1 - y), 1 - x * y, (x - y) * (x - y) + x] {
            guard case .proved = Self.box.prove(positive: p) else {
                Issue.record("\(p) not proved")
                continue
            }
            #expect(Self.positiveOnSamples(p), "\(p)")
        }
    }

    @Test func neverProvesANegativeOrVanishingValueInside() {
        let half = Polynomial(Rational(1, 2))
        for p in [x - half, (x - half) * (x - half) + (y - half) * (y - half), (x - y) * (x - y), -x * y, Polynomial(0)] {
            if case .proved = Self.box.prove(positive: p) { Issue.record("\(p) proved positive") }
        }
    }

    @Test func decidesAlternativesBoxByBox() {
        // x − ½ > 0 on the right half, ½ − x + y/4 > 0 on the left: together everywhere.
        let half = Polynomial(Rational(1, 2))
        let alternatives = [[x - half + y * Polynomial(Rational(1, 4))], [half - x + y * Polynomial(Rational(1, 4))]]
        guard case .proved(let boxes) = Self.box.prove(anyOf: alternatives) else {
            Issue.record("not proved")
            return
        }
        #expect(boxes > 1)
        if case .proved = Self.box.prove(anyOf: [[x - half], [half - x]]) { Issue.record("x = ½ is in neither") }
    }

    @Test func theSubstitutionsAgreeWithEvaluation() {
        var rng = SplitMix(state: 11)
        for _ in 0..<100 {
            let p = randomPolynomial(&rng)
            let point = ["x": Rational(Int.random(in: 1...9, using: &rng), 10), "y": Rational(3, 7), "z": Rational(-2, 5)]
            let u = point["x"]!
            // x = u/(1 − u) cleared: (1 − u)^d p(u/(1 − u)).
            let d = p.degree(in: "x")
            let cleared = p.substitutingQuotient("x", numerator: Polynomial.variable("x"), denominator: 1 - Polynomial.variable("x"))
            var atQuotient = point
            atQuotient["x"] = u / (1 - u)
            let scale = (0..<d).reduce(Rational(1)) { p, _ in p * (1 - u) }
            #expect(cleared.value(at: point) == scale * p.value(at: atQuotient))
            // The derivative against the exact difference quotient of a polynomial of degree ≤ 2:
            // (p(x + h) − p(x − h))/(2h) is exact for degree 2.
            let h = Rational(1, 1000)
            var plus = point, minus = point
            plus["x"] = u + h
            minus["x"] = u - h
            #expect(p.derivative(in: "x").value(at: point) == (p.value(at: plus) - p.value(at: minus)) / (2 * h))
        }
    }
}
