import Multiprecision
import Testing

@Suite struct ElementaryFunctions {
    let p = 128

    func interval(_ lower: String, _ upper: String) -> Interval {
        Interval(uncheckedLower: try! BigFloat(decimal: lower, precision: p, rounding: .down),
                 upper: try! BigFloat(decimal: upper, precision: p, rounding: .up), precision: p)
    }

    /// Outside their domains the interval functions are invalid and raise MPFR's NaN flag.
    @Test func outsideTheDomainIsAnError() {
        let cases: [(String, () -> Interval)] = [
            ("log1p", { interval("-1", "0").log1p() }), ("acosh", { interval("0.5", "2").acosh() }),
            ("atanh", { interval("-1", "0").atanh() }), ("atanh", { interval("0", "1").atanh() }),
            ("arcsin", { interval("0", "1.5").arcsin() }), ("arccos", { interval("-1.5", "0").arccos() }),
            ("power", { interval("-1", "1").power(interval("0.5", "0.5")) }),
            ("power", { interval("0", "1").power(interval("-1", "1")) }),
        ]
        for (name, f) in cases {
            #expect(throws: NumericalError.notANumber, "\(name)") { _ = try MPFRFlags.checking { f() } }
            #expect(!f().isValid, "\(name)")
        }
        #expect(throws: NumericalError.notANumber) {
            _ = try MPFRFlags.checking { BigFloat(-8, precision: 64).power(BigFloat(1, precision: 64) / 3) }
        }
        #expect(throws: NumericalError.notANumber) {
            _ = try MPFRFlags.checking { BigFloat(0, precision: 64).power(BigFloat(0, precision: 64)) }
        }
    }

    @Test func exactResults() throws {
        #expect(interval("-2", "1").absoluteValue() == interval("0", "2"))
        #expect(interval("-3", "-1").absoluteValue() == interval("1", "3"))
        #expect(Interval.minimum(interval("1", "4"), interval("2", "3")) == interval("1", "3"))
        #expect(Interval.maximum(interval("1", "4"), interval("2", "3")) == interval("2", "4"))
        #expect(try BigFloat(decimal: "-2.5", precision: p).floor() == -3)
        #expect(try BigFloat(decimal: "7", precision: p).floor() == 7)
        let pi = Interval.pi(precision: p), precise = BigFloat.pi(precision: 4 * p)
        #expect(pi.contains(precise) && pi.lower < pi.upper)
        #expect(BigFloat.pi(precision: p) == pi.lower || BigFloat.pi(precision: p) == pi.upper)
        // arccos decreases: its enclosure over [0, 1/2] is [arccos(1/2), arccos(0)] = [π/3, π/2].
        let falling = interval("0", "0.5").arccos()
        #expect(falling.contains(precise / 3) && falling.contains(precise / 2))
        #expect(!falling.contains(precise / 3 - BigFloat(1, precision: p).scaled(byPowerOfTwo: -100)))
    }
}
