import TestSupport
import Symbolic
import Testing

/// Up to four terms of degree at most 2 in `x, y, z`, coefficients `n/d` with `|n| ≤ 5`, `d ≤ 4`.
func randomPolynomial(_ rng: inout SplitMix) -> Polynomial {
    let variables = ["x", "y", "z"].map(Polynomial.variable)
    var result: Polynomial = 0
    for _ in 0..<Int.random(in: 0...4, using: &rng) {
        var term = Polynomial(Rational(Int.random(in: -5...5, using: &rng), Int.random(in: 1...4, using: &rng)))
        for _ in 0..<Int.random(in: 0...2, using: &rng) {
            term = term * variables[Int.random(in: 0..<3, using: &rng)]
        }
        result = result + term
    }
    return result
}

@Suite struct PolynomialRing {
    @Test func ringAxiomsOnRandomPolynomials() {
        var rng = SplitMix(state: 7)
        for _ in 0..<200 {
            let a = randomPolynomial(&rng), b = randomPolynomial(&rng), c = randomPolynomial(&rng)
            #expect(a * (b + c) == a * b + a * c)
            #expect((a + b) * c == a * c + b * c)
            #expect((a + b).power(2) == a * a + 2 * a * b + b * b)
            #expect((a * b) * c == a * (b * c) && a * b == b * a && a + b == b + a)
            #expect((a - a).isZero && a - b == -(b - a))
            #expect(a.power(3) == a * a * a && a.power(0) == 1)
            // Substitution is a ring homomorphism.
            #expect((a * b).substituting("x", with: c) == a.substituting("x", with: c) * b.substituting("x", with: c))
            #expect((a + b).substituting("y", with: c) == a.substituting("y", with: c) + b.substituting("y", with: c))
        }
    }

    @Test func canonicalFormDropsCancelledTerms() {
        let x = Polynomial.variable("x"), y = Polynomial.variable("y")
        #expect((x + y - x - y).isZero)
        #expect((x + 1) * (x - 1) == x * x - 1)
        #expect((x * y).degree(in: "x") == 1 && (x * y).degree(in: "w") == 0)
        #expect(x * y != y * x + 1)
        #expect(Polynomial(0).isZero && !Polynomial(Rational(1, 3)).isZero)
    }

    @Test func substitutionAgreesWithEvaluation() {
        let x = Polynomial.variable("x"), y = Polynomial.variable("y")
        let f = 3 * x * x * y - Polynomial(Rational(1, 2)) * y + 7
        // f(2, −3) = 3·4·(−3) + 3/2 + 7 = −55/2.
        #expect(f.substituting("x", with: 2).substituting("y", with: -3) == Polynomial(Rational(-55, 2)))
        #expect(f.substituting("x", with: y) == 3 * y.power(3) - Polynomial(Rational(1, 2)) * y + 7)
    }

    @Test func reductionModuloASquareRoot() {
        let s = Polynomial.variable("s"), d = Polynomial.variable("d")
        #expect(s.power(5).reduced(modulo: "s", square: d) == d * d * s)
        #expect((s.power(2) - d).reduced(modulo: "s", square: d).isZero)
        // (1 + s)(1 − s) = 1 − d, which is not zero.
        #expect(((1 + s) * (1 - s)).reduced(modulo: "s", square: d) == 1 - d)
        // With s = sqrt(2): (1 + s)² = 3 + 2s.
        #expect((1 + s).power(2).reduced(modulo: "s", square: 2) == 3 + 2 * s)
    }

    @Test func descriptionIsReadable() {
        let beta = Polynomial.variable("beta"), p = Polynomial.variable("p")
        #expect((Polynomial(Rational(3, 4)) * beta * beta * p - Polynomial.variable("p_ref") + 1).description
                == "3/4*beta^2*p - p_ref + 1")
        #expect((-p).description == "-p")
        #expect(Polynomial(0).description == "0")
    }
}

/// `QuadraticSurd`: the field operations on `(A + B s)/C`, `s² = N/M`, checked on identities
/// whose truth is known by hand.
@Suite struct QuadraticSurdArithmetic {
    let x = QuadraticSurd(.variable("x")), y = QuadraticSurd(.variable("y"))

    @Test func squareRootSquaresToItsRadicand() throws {
        let radicand = try (x * x + QuadraticSurd(1)) / y
        let s = try radicand.squareRoot()
        #expect(try (s * s - radicand).isZero)
        #expect(!(try s - QuadraticSurd(1)).isZero)
    }

    /// `1/(x + s) · (x + s) = 1` and `(x + s)(x − s) = x² − S`, for `s = sqrt(x + 2)`.
    @Test func divisionByASurdIsExact() throws {
        let s = try (x + QuadraticSurd(2)).squareRoot()
        let u = try x + s
        #expect(try (QuadraticSurd(1) / u * u - QuadraticSurd(1)).isZero)
        #expect(try ((x + s) * (x - s) - (x * x - x - QuadraticSurd(2))).isZero)
        #expect(try (u.power(-2) * u.power(2) - QuadraticSurd(1)).isZero)
    }

    /// One radicand: the same one again (written differently, as a rational function) is the
    /// same root; a different one, a nested root and a division by zero are failures.
    @Test func failuresAreNamed() throws {
        let s = try x.squareRoot()
        #expect(try (s - ((x * y) / y).squareRoot()).isZero)
        #expect(throws: QuadraticSurd.Failure.secondRadicand) { try s + (try y.squareRoot()) }
        #expect(throws: QuadraticSurd.Failure.nestedRoot) { try (s + QuadraticSurd(1)).squareRoot() }
        #expect(throws: QuadraticSurd.Failure.divisionByZero) { try x / (x - x) }
    }
}
