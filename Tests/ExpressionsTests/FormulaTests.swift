import Expressions
import Multiprecision
import TestSupport
import Testing

let precision = 200

func point(_ text: String) -> BigFloat { try! BigFloat(decimal: text, precision: precision) }

/// The formula in round-to-nearest arithmetic, with decimals for its variables.
func value(_ text: String, _ variables: [String: String] = [:], integers: [String: Int] = [:]) throws -> BigFloat {
    try Formula(text).evaluate(variables.mapValues(point), integers: integers, precision: precision)
}

/// The formula in interval arithmetic, with decimals for its variables.
func enclosure(_ text: String, _ variables: [String: String] = [:], integers: [String: Int] = [:]) throws -> Interval {
    try Formula(text).evaluate(variables.mapValues { Interval(try! DecimalNumber($0), precision: precision) },
                               integers: integers, precision: precision)
}

@Suite struct Precedence {
    /// Integer results are exact in binary, so each is compared exactly.
    @Test(arguments: [
        ("1+2*3", 7), ("(1+2)*3", 9), ("2*3^2", 18), ("-2^2", -4), ("(-2)^2", 4), ("8/4/2", 1),
        ("8-3-2", 3), ("2*-3", -6), ("-3*-2", 6), ("1 - -1", 2), ("2*-3^2", -18), ("+5-+2", 3),
        ("10-2*3+4/2", 6), ("-(2+3)*2", -10), ("2^3*2", 16), ("3 * (2 - (1 + 4))", -9),
    ])
    func operators(_ formula: String, _ expected: Int) throws {
        #expect(try value(formula) == expected, "\(formula)")
        #expect(try enclosure(formula) == Interval(expected, precision: precision), "\(formula)")
    }

    @Test func powerIsRightAssociative() throws {
        #expect(try value("2^3^2") == 512)
        #expect(try value("2^(3^2)") == 512)
        #expect(try value("(2^3)^2") == 64)
        #expect(try value("2^-1") == point("0.5"))
        #expect(try value("2^-2^2") == point("0.0625"))     // 2^(-(2^2))
        #expect(try value("-2^-2") == point("-0.25"))
    }

    /// Integer exponents fixed by the formula are integer powers, defined for negative bases;
    /// any other exponent is the real power, defined for positive bases.
    @Test func integerAndRealExponents() throws {
        #expect(try value("(-3)^3") == -27)
        #expect(try value("(-2)^(G-1)", integers: ["G": 4]) == -8)
        #expect(try value("x^(2*3-1)", ["x": "-1"]) == -1)
        let sqrt2 = point("2").squareRoot()
        #expect(try value("2^0.5") == sqrt2)
        #expect(try enclosure("2^0.5").contains(sqrt2))
        #expect(try enclosure("4^0.5") .contains(point("2")))
        #expect(try enclosure("0^0.5") == Interval(0, precision: precision))
        let error = #expect(throws: FormulaError.self) { try value("(-8)^(1/3)") }
        #expect(error?.kind == .domain)
        #expect(error?.location.column == 5)
    }

    @Test func decimalsAreReadExactly() throws {
        // 0.1 is not binary: its enclosure brackets the decimal, and 0.1*10 - 1 encloses 0.
        let tenth = try enclosure("0.1")
        #expect(tenth.lower < tenth.upper)
        #expect(tenth == Interval(try DecimalNumber("0.1"), precision: precision))
        #expect(try enclosure("0.1*10 - 1").contains(BigFloat(0, precision: precision)))
        #expect(try enclosure("1e-40 * 1e40").contains(BigFloat(1, precision: precision)))
        #expect(try value(".5 + 5.") == point("5.5"))
        #expect(try value("2.5E+1") == 25)
    }
}

@Suite struct Functions {
    /// `(formula, exact value)`: closed values and identities independent of how MPFR computes
    /// each function (each formula's interval must contain the value, and its round-to-nearest
    /// value must lie in the interval).
    @Test(arguments: [
        ("sqrt(2)*sqrt(2)", "2"), ("sqrt(6.25)", "2.5"), ("exp(log(3))", "3"), ("log(e)", "1"),
        ("exp(1) - e", "0"), ("log1p(1) - log(2)", "0"), ("expm1(log(3))", "2"),
        ("asinh(0.75) - log(2)", "0"),            // 0.75 + sqrt(0.75² + 1) = 2
        ("acosh(1.25) - log(2)", "0"),            // 1.25 + sqrt(1.25² − 1) = 2
        ("atanh(1/3) - log(2)/2", "0"),           // ½ log((1 + 1/3)/(1 − 1/3))
        ("sin(pi/6)", "0.5"), ("cos(pi/3)", "0.5"), ("sin(pi/2)", "1"), ("cos(pi)", "-1"),
        ("sin(x)^2 + cos(x)^2", "1"), ("6*arcsin(0.5) - pi", "0"), ("3*arccos(0.5) - pi", "0"),
        ("4*arctan(1) - pi", "0"), ("arcsin(x) + arccos(x) - pi/2", "0"),
        ("abs(-2.5)", "2.5"), ("abs(3)", "3"), ("min(3, -1, 2)", "-1"), ("max(3, -1, 2)", "3"),
        ("binomial(10, 3)", "120"), ("binomial(0.5, 2)", "-0.125"), ("binomial(G, 2)", "2016"),
        ("binomial(7, 9)", "0"), ("binomial(x, 0)", "1"),
    ])
    func closedValues(_ formula: String, _ expected: String) throws {
        let variables = ["x": "0.3", "G": "64"]
        let exact = point(expected)
        let interval = try enclosure(formula, variables, integers: ["G": 64])
        #expect(interval.contains(exact), "\(formula): \(interval.decimalStrings(significantDigits: 10))")
        #expect(interval.width < point("1e-55"), "\(formula)")
        #expect(interval.contains(try value(formula, variables, integers: ["G": 64])), "\(formula)")
    }

    /// Over an interval, `sin` and `cos` reach ±1 exactly when an extremum lies inside.
    @Test func periodicFunctionsOverIntervals() throws {
        func over(_ formula: String, _ lower: String, _ upper: String) throws -> Interval {
            let x = Interval(uncheckedLower: point(lower), upper: point(upper), precision: precision)
            return try Formula(formula).evaluate(["x": x], precision: precision)
        }
        #expect(try over("sin(x)", "1.5", "1.7").upper == 1)             // π/2 inside
        #expect(try over("sin(x)", "4.6", "4.8").lower == -1)            // 3π/2 inside
        #expect(try over("cos(x)", "-0.1", "0.1").upper == 1)
        #expect(try over("cos(x)", "3.1", "3.2").lower == -1)
        let monotone = try over("sin(x)", "0.1", "0.2")
        #expect(monotone.upper < 1 && monotone.lower > 0)
        #expect(monotone.contains(point("0.1").sin()) && monotone.contains(point("0.2").sin()))
        let wide = try over("cos(x)", "-100", "100")
        #expect(wide.lower == -1 && wide.upper == 1)
        // The hull at the endpoints of a monotone piece: sin decreases on [2, 4].
        let falling = try over("sin(x)", "2", "4")
        #expect(falling.contains(point("2").sin()) && falling.contains(point("4").sin()) && falling.upper < 1)
    }
}

@Suite struct Errors {
    /// `(formula, kind, column, a phrase of the message)`.
    @Test(arguments: [
        ("1 + * 2", FormulaError.Kind.syntax, 5, "expected a number"),
        ("(1+2", .syntax, 5, "expected ')'"),
        ("1 2", .syntax, 3, "expected an operator"),
        ("2e", .syntax, 2, "found 'e'"),
        ("1 $ 2", .syntax, 3, "unexpected character '$'"),
        ("1\u{7}", .syntax, 2, "U+7"),
        ("1e99999", .syntax, 1, "exponent"),
        ("", .syntax, 1, "empty"),
        ("sqrt + 1", .syntax, 1, "is a function"),
        ("max(1,)", .syntax, 7, "expected a number"),
        ("foo(1)", .unknownFunction, 1, "unknown function 'foo'"),
        ("2*pi(2)", .unknownFunction, 3, "constant"),
        ("sqrt(1, 2)", .arity, 1, "1 argument, got 2"),
        ("min(1)", .arity, 1, "at least 2 arguments"),
        ("3+binomial(4)", .arity, 3, "2 arguments, got 1"),
        ("1/(x-x)", .divisionByZero, 2, "is 0"),
        ("0^-1", .divisionByZero, 2, "negative power of 0"),
        ("log(0)", .domain, 1, "x > 0"),
        ("2*log(-1)", .domain, 3, "x > 0"),
        ("sqrt(-1)", .domain, 1, "x ≥ 0"),
        ("log1p(-1)", .domain, 1, "x > −1"),
        ("acosh(0.5)", .domain, 1, "x ≥ 1"),
        ("atanh(1)", .domain, 1, "−1 < x < 1"),
        ("arcsin(2)", .domain, 1, "−1 ≤ x ≤ 1"),
        ("arccos(-1.5)", .domain, 1, "−1 ≤ x ≤ 1"),
        ("(-2)^0.5", .domain, 5, "real exponent"),
        ("binomial(5, 0.5)", .domain, 13, "k an integer"),
        ("binomial(5, -1)", .domain, 13, "k an integer"),
        ("exp(1e9999)", .range, 1, "exponent range"),
        ("sin(2^2000)", .range, 1, "2^1024"),
    ])
    func reportedAtTheirColumn(_ formula: String, _ kind: FormulaError.Kind, _ column: Int, _ phrase: String) {
        let error = #expect(throws: FormulaError.self) { _ = try value(formula, ["x": "0.3"]) }
        #expect(error?.kind == kind, "\(formula)")
        #expect(error?.location == FormulaLocation(line: 1, column: column), "\(formula)")
        #expect(error?.message.contains(phrase) == true, "\(formula): \(error?.message ?? "")")
        #expect(error.map { !$0.description.contains("\n") } == true)
    }

    /// In intervals, `x − x` is an interval around 0 (x = 0.3 is not binary), and a division by it is refused.
    @Test func divisionByAnIntervalHoldingZero() {
        let error = #expect(throws: FormulaError.self) { _ = try enclosure("1/(x-x)", ["x": "0.3"]) }
        #expect(error?.kind == .divisionByZero)
        #expect(error?.message.contains("holds 0") == true)
        #expect(error?.location.column == 2)
    }

    @Test func unknownVariablesAtTheirFirstUse() throws {
        let formula = try Formula("beta + 2*bta - bta")
        let error = #expect(throws: FormulaError.self) { try formula.requireVariables(["beta", "ref"]) }
        #expect(error?.kind == .unknownVariable)
        #expect(error?.location.column == 10)
        #expect(error?.message == "unknown variable 'bta'; this setting has beta, ref")
        #expect(throws: Never.self) { try formula.requireVariables(["beta", "bta"]) }
        let multiline = try Formula("1 +\n  foo")
        let second = #expect(throws: FormulaError.self) { try multiline.requireVariables([]) }
        #expect(second?.location == FormulaLocation(line: 2, column: 3))
        #expect(second?.description.hasPrefix("line 2, column 3: ") == true)
    }

    @Test func caretUnderTheColumn() throws {
        let error = FormulaError(.unknownVariable, at: FormulaLocation(line: 1, column: 3), "unknown")
        let (excerpt, caret) = error.caretLines(in: "2*bta+1")
        #expect(excerpt == "2*bta+1")
        #expect(caret == "  ^")
        // A long line is cut around the column, and the caret still points at it.
        let long = String(repeating: "1+", count: 200) + "bad" + String(repeating: "+1", count: 200)
        let far = FormulaError(.unknownVariable, at: FormulaLocation(line: 1, column: 401), "unknown")
        let (cut, farCaret) = far.caretLines(in: long)
        let index = cut.index(cut.startIndex, offsetBy: farCaret.count - 1)
        #expect(cut[index...].hasPrefix("bad"))
        #expect(cut.count <= 74 && cut.hasPrefix("…") && cut.hasSuffix("…"))
        let tab = FormulaError(.syntax, at: FormulaLocation(line: 2, column: 2), "x").caretLines(in: "1\n\t$")
        #expect(tab == ("?$", " ^"))
    }

    @Test func lengthAndDepthAreBounded() throws {
        let nested = { (n: Int) in String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n) }
        #expect(try value(nested(Formula.maximumDepth)) == 1)
        let deep = #expect(throws: FormulaError.self) { try Formula(nested(Formula.maximumDepth + 1)) }
        #expect(deep?.kind == .tooLarge)
        #expect(deep?.location.column == Formula.maximumDepth + 1)
        #expect(try value(String(repeating: "-", count: Formula.maximumDepth) + "1") == 1)
        #expect(throws: FormulaError.self) { try Formula(String(repeating: "-", count: Formula.maximumDepth + 1) + "1") }
        #expect(try value(String(repeating: "1^", count: Formula.maximumDepth) + "1") == 1)
        #expect(throws: FormulaError.self) { try Formula(String(repeating: "1^", count: Formula.maximumDepth + 1) + "1") }
        // Long flat sums are not nesting: 49,999 additions evaluate without deep recursion.
        let flat = String(repeating: "1+", count: 49_999) + "1"
        #expect(flat.count < Formula.maximumLength)
        #expect(try value(flat) == 50_000)
        let long = #expect(throws: FormulaError.self) { try Formula(String(repeating: "1", count: Formula.maximumLength + 1)) }
        #expect(long?.kind == .tooLarge)
    }
}
