import Symbolic
import Testing

/// A fraction over `Int`, reduced by Euclid's gcd: the independent reference for `Rational`.
struct IntFraction: Equatable {
    let numerator: Int
    let denominator: Int

    init(_ numerator: Int, _ denominator: Int) {
        precondition(denominator != 0)
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }
        let g = max(gcd(numerator, denominator), 1) * (denominator < 0 ? -1 : 1)
        self.numerator = numerator / g
        self.denominator = denominator / g
    }

    static func + (a: IntFraction, b: IntFraction) -> IntFraction {
        IntFraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }
    static func - (a: IntFraction, b: IntFraction) -> IntFraction {
        IntFraction(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }
    static func * (a: IntFraction, b: IntFraction) -> IntFraction {
        IntFraction(a.numerator * b.numerator, a.denominator * b.denominator)
    }
    static func / (a: IntFraction, b: IntFraction) -> IntFraction {
        IntFraction(a.numerator * b.denominator, a.denominator * b.numerator)
    }

    var rational: Rational { Rational(numerator, denominator) }
    var text: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }
}

@Suite struct RationalArithmetic {
    @Test func harmonicNumberMatchesIntegerFractions() {
        var exact: Rational = 0
        var reference = IntFraction(0, 1)
        for n in 1...20 {
            exact = exact + Rational(1, n)
            reference = reference + IntFraction(1, n)
        }
        #expect(reference == IntFraction(55_835_135, 15_519_504))
        #expect(exact == reference.rational)
        #expect(exact.description == "55835135/15519504")
    }

    @Test func fourOperationsAgreeWithIntegerFractionsOnAGrid() {
        let values = [-7, -3, -1, 0, 1, 2, 5, 12]
        var fractions: [IntFraction] = []
        for n in values { for d in [1, 2, 3, -4, 9] { fractions.append(IntFraction(n, d)) } }
        for a in fractions {
            for b in fractions {
                #expect((a.rational + b.rational).description == (a + b).text)
                #expect((a.rational - b.rational).description == (a - b).text)
                #expect((a.rational * b.rational).description == (a * b).text)
                if b.numerator != 0 {
                    #expect((a.rational / b.rational).description == (a / b).text)
                }
                #expect((a.rational < b.rational) == (a.numerator * b.denominator < b.numerator * a.denominator))
                #expect((a.rational == b.rational) == (a == b))
                #expect((-a.rational).description == IntFraction(-a.numerator, a.denominator).text)
            }
        }
    }

    @Test func constructionCanonicalises() {
        #expect(Rational(6, -4).description == "-3/2")
        #expect(Rational(0, -5).isZero && Rational(0, -5) == 0)
        #expect(!Rational(1, 1_000_000).isZero)
        #expect(Rational(-10, -15) == Rational(2, 3))
        #expect(Rational(Int.min, Int.min) == 1)
    }

    @Test func binomialsAreExactIntegers() {
        #expect(Rational.binomial(10, 3) == 120)
        #expect(Rational.binomial(0, 0) == 1)
        // C(100, 50) = 100891344545564193334812497256, beyond Int.
        #expect(Rational.binomial(100, 50).description == "100891344545564193334812497256")
    }
}

@Suite struct DecimalParsing {
    @Test func exactDecimalsAreTheirFractions() {
        #expect(Rational(decimal: "0.04") == Rational(1, 25))
        #expect(Rational(decimal: "-1.50") == Rational(-3, 2))
        #expect(Rational(decimal: "12") == 12)
        #expect(Rational(decimal: "0.1") == Rational(1, 10))
        // 0.1 is not a binary fraction, so 3 × 0.1 = 0.3 holds only in exact arithmetic.
        #expect(Rational(decimal: "0.1")! * 3 == Rational(decimal: "0.3")!)
        // 36 digits, beyond Int; the reduced fraction is from Python's fractions.Fraction.
        #expect(Rational(decimal: "3.14159265358979323846264338327950288")?.description
                == "19634954084936207740391521145496893/6250000000000000000000000000000000")
    }

    @Test(arguments: ["", "-", ".5", "5.", "1e3", "1.0e-2", "+1", "--1", " 1", "1 ", "1,5", "0x10", "nan", "1.2.3", "١"])
    func malformedTextIsRejected(_ text: String) {
        #expect(Rational(decimal: text) == nil)
    }
}
