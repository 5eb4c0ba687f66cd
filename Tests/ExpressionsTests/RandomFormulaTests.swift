import Expressions
import Multiprecision
import TestSupport
import Testing

/// Random formulas from a seeded source (replayable from the seed in the failure message).
struct FormulaGenerator {
    var random: SplitMix

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

    mutating func decimal() -> String {
        let digits = String(random.next() % 100_000)
        return pick(["0.", "1.", "2.", "", "0.00"]) + digits + pick(["", "", "e-3", "e2"])
    }

    /// A formula of at most `depth` levels over the variables x (in (0, 1)) and y (in (1, 3)).
    mutating func formula(depth: Int) -> String {
        if depth == 0 || random.next() % 4 == 0 {
            return pick(["x", "y", "pi", "e", decimal(), String(random.next() % 10)])
        }
        let a = formula(depth: depth - 1), b = formula(depth: depth - 1)
        switch random.next() % 8 {
        case 0: return "(\(a) + \(b))"
        case 1: return "(\(a) - \(b))"
        case 2: return "\(a) * \(b)"
        case 3: return "\(a) / (\(b))"
        case 4: return "(\(a))^\(pick(["2", "3", "-1", "(0-2)", "0.5", "y"]))"
        case 5: return "-\(a)"
        case 6: return pick(["min", "max"]) + "(\(a), \(b))"
        default:
            let f = pick(["sqrt", "exp", "log", "log1p", "expm1", "asinh", "acosh", "atanh", "sin", "cos",
                          "arcsin", "arccos", "arctan", "abs"])
            return "\(f)(\(a))"
        }
    }
}

@Suite struct RandomFormulas {
    /// Each random formula is evaluated at p bits in intervals, at p bits to nearest, and at
    /// p + 200 bits to nearest. Whenever the interval evaluation succeeds, it must contain both
    /// values (rounding to nearest keeps a value between representable bounds, and the more
    /// precise value lies within its far smaller error of the exact one).
    @Test func intervalsContainThePointValues() throws {
        var generator = FormulaGenerator(random: SplitMix(state: 20_250_218))
        var contained = 0
        for index in 0..<1_500 {
            let text = generator.formula(depth: 4)
            let p = 53 + Int(generator.random.next() % 250)
            let x = "0.\(1 + generator.random.next() % 998)", y = "1.\(generator.random.next() % 1000)"
            let formula = try Formula(text)
            func values<T: RealArithmetic>(_: T.Type, _ precision: Int) -> [String: T] {
                ["x": T(try! DecimalNumber(x), precision: precision), "y": T(try! DecimalNumber(y), precision: precision)]
            }
            guard let interval = try? formula.evaluate(values(Interval.self, p), precision: p) else { continue }
            let near: BigFloat = try formula.evaluate(values(BigFloat.self, p), precision: p)
            let precise: BigFloat = try formula.evaluate(values(BigFloat.self, p + 200), precision: p + 200)
            #expect(interval.contains(near), "case \(index): \(text) at x = \(x), y = \(y), \(p) bits")
            #expect(interval.contains(precise), "case \(index): \(text) at x = \(x), y = \(y), \(p) bits")
            contained += 1
        }
        // Enough formulas have a value for the test to mean something.
        #expect(contained > 500)
    }

    /// Every function of the language over random intervals holds its value at random points
    /// of them (for `sin` and `cos` also over intervals wider than a period).
    @Test func functionsOverIntervalsContainTheirValues() throws {
        var random = SplitMix(state: 7_341)
        let p = 96
        func uniform() -> BigFloat { BigFloat(Int(random.next() % 1_000_001), precision: p) / 1_000_000 }
        let functions: [(String, ClosedRange<Double>)] = [
            ("sqrt", 0...4), ("exp", -5...5), ("log", 0.01...9), ("log1p", -0.99...9), ("expm1", -5...5),
            ("asinh", -9...9), ("acosh", 1...9), ("atanh", -0.99...0.99), ("sin", -20...20), ("cos", -20...20),
            ("arcsin", -1...1), ("arccos", -1...1), ("arctan", -9...9), ("abs", -3...3),
        ]
        for (name, domain) in functions {
            let formula = try Formula("\(name)(x)")
            let span = BigFloat(Int((domain.upperBound - domain.lowerBound) * 100), precision: p) / 100
            let start = BigFloat(Int(domain.lowerBound * 100), precision: p) / 100
            for _ in 0..<200 {
                let (a, b) = (start + span * uniform(), start + span * uniform())
                let box = Interval(uncheckedLower: .minimum(a, b), upper: .maximum(a, b), precision: p)
                let image = try formula.evaluate(["x": box], precision: p)
                for _ in 0..<5 {
                    let x = box.lower + (box.upper - box.lower) * uniform()
                    let fx: BigFloat = try formula.evaluate(["x": BigFloat(x, precision: p + 100)], precision: p + 100)
                    #expect(image.contains(fx), "\(name) over \(box.decimalStrings(significantDigits: 8)) at \(x.decimalString(significantDigits: 8))")
                }
            }
        }
    }

    /// Hostile text: random characters of the language, ASCII, control characters and other
    /// scripts, deep and unbalanced nesting, long numbers. Each parses or is refused with a
    /// one-line error at a place inside the text; what parses evaluates to a value or an error.
    @Test func hostileTextIsRefusedCleanly() {
        var random = SplitMix(state: 0xF0_221)
        let alphabet = Array("0123456789.eE+-*/^(),  \t\nxyzbetarefGpisqrtlogminmaxbinomial$#@!~[]{}\u{0}\u{7}\u{1b}é∞βπ√😀\u{301}")
        let pieces = ["sqrt(", "log(", "binomial(", "min(", "1e9999", "1e-9999", "^", "((", "))", "-", "e", "pi", "9".repeated(60), "0.", ".", ","]
        var parsed = 0
        for _ in 0..<10_000 {
            var text = ""
            let length = Int(random.next() % 80)
            for _ in 0..<length {
                if random.next() % 5 == 0 {
                    text += pieces[Int(random.next() % UInt64(pieces.count))]
                } else {
                    text.append(alphabet[Int(random.next() % UInt64(alphabet.count))])
                }
            }
            if random.next() % 50 == 0 { text = String(repeating: "(", count: 150 + Int(random.next() % 100)) + text }
            do {
                let formula = try Formula(text)
                parsed += 1
                let point: [String: BigFloat] = ["x": BigFloat(3, precision: 64), "y": BigFloat(-2, precision: 64)]
                _ = try? formula.evaluate(point, integers: ["G": 4], precision: 64)
                _ = try? formula.evaluate(point.mapValues { try! Interval($0) }, precision: 64)
            } catch {
                let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
                #expect(!error.description.contains("\n"), "\(text.debugDescription)")
                #expect(error.location.line >= 1 && error.location.line <= lines.count, "\(text.debugDescription)")
                #expect(error.location.column >= 1 && error.location.column <= lines[error.location.line - 1].count + 1,
                        "\(text.debugDescription): \(error)")
                let (_, caret) = error.caretLines(in: text)
                #expect(caret.hasSuffix("^"))
            }
        }
        #expect(parsed > 100)
    }
}

extension String {
    func repeated(_ n: Int) -> String { String(repeating: self, count: n) }
}

/// Forward-mode gradients (`IntervalGradient`) of random formulas in x and y: at a point the
/// partials hold the central difference quotient at 400 bits, and over a box they satisfy the
/// mean-value inclusion `f(x) ∈ f(c) + ∂f(X)·(x − c)` at random points of it.
@Suite struct RandomGradients {
    static func gradientValues(_ x: Interval, _ y: Interval) -> [String: IntervalGradient] {
        ["x": .variable(x, index: 0, count: 2), "y": .variable(y, index: 1, count: 2)]
    }

    @Test func partialsHoldTheDifferenceQuotient() throws {
        var generator = FormulaGenerator(random: SplitMix(state: 4_041_2026))
        var checked = 0
        let p = 64, fine = 400
        for index in 0..<800 {
            let text = generator.formula(depth: 3)
            let x = "0.\(1 + generator.random.next() % 998)", y = "1.\(generator.random.next() % 1000)"
            let formula = try Formula(text)
            let point = Self.gradientValues(Interval(try DecimalNumber(x), precision: p), Interval(try DecimalNumber(y), precision: p))
            guard let g = try? formula.evaluate(point, precision: p), g.isValid else { continue }
            let h = BigFloat(1, precision: fine).scaled(byPowerOfTwo: -100)
            func f(_ dx: BigFloat, _ dy: BigFloat) -> BigFloat? {
                try? formula.evaluate(["x": try! BigFloat(decimal: x, precision: fine) + dx,
                                       "y": try! BigFloat(decimal: y, precision: fine) + dy], precision: fine)
            }
            let zero = BigFloat(0, precision: fine)
            guard let xp = f(h, zero), let xm = f(-h, zero), let yp = f(zero, h), let ym = f(zero, -h) else { continue }
            let partials = g.partials.isEmpty ? [Interval(0, precision: p), Interval(0, precision: p)] : g.partials
            for (partial, quotient) in zip(partials, [(xp - xm) / (2 * h), (yp - ym) / (2 * h)]) {
                let slack = (1 + quotient.magnitude).scaled(byPowerOfTwo: -150)
                #expect(partial.lower - slack <= quotient && quotient <= partial.upper + slack,
                        "case \(index): \(text) at x = \(x), y = \(y)")
            }
            checked += 1
        }
        #expect(checked > 300)
    }

    @Test func partialsOverABoxGiveTheMeanValueInclusion() throws {
        var generator = FormulaGenerator(random: SplitMix(state: 17))
        var checked = 0
        let p = 96
        for index in 0..<600 {
            let text = generator.formula(depth: 3)
            let formula = try Formula(text)
            // Dyadic ends and points, exact at p bits: x0 = n/2^10, y0 = 1 + m/2^10, width 2^−k.
            func dyadic(_ n: Int, _ shift: Int) -> BigFloat { BigFloat(n, precision: p).scaled(byPowerOfTwo: -shift) }
            func point(_ x: BigFloat) -> Interval { Interval(uncheckedLower: x, upper: x, precision: p) }
            let x0 = dyadic(1 + Int(generator.random.next() % 800), 10)
            let y0 = 1 + dyadic(Int(generator.random.next() % 1000), 10)
            let w = dyadic(1, 1 + Int(generator.random.next() % 12))
            let box = Self.gradientValues(Interval(uncheckedLower: x0, upper: x0 + w, precision: p),
                                          Interval(uncheckedLower: y0, upper: y0 + w, precision: p))
            guard let g = try? formula.evaluate(box, precision: p), g.isValid else { continue }
            let (cx, cy) = (x0 + w.scaled(byPowerOfTwo: -1), y0 + w.scaled(byPowerOfTwo: -1))
            guard let fc = try? formula.evaluate(["x": point(cx), "y": point(cy)], precision: p) else { continue }
            for _ in 0..<4 {
                let u = x0 + w * dyadic(Int(generator.random.next() % 1025), 10)
                let v = y0 + w * dyadic(Int(generator.random.next() % 1025), 10)
                guard let fx = try? formula.evaluate(["x": point(u), "y": point(v)], precision: p) else { continue }
                // A constant's partials are empty: zero.
                let zero = Interval(0, precision: p)
                let (gx, gy) = (g.partials.first ?? zero, g.partials.count > 1 ? g.partials[1] : zero)
                let predicted = fc + gx * (point(u) - point(cx)) + gy * (point(v) - point(cy))
                #expect(predicted.overlaps(fx), "case \(index): \(text) on a box of width \(w.doubleApproximation) at x0 = \(x0.doubleApproximation)")
            }
            checked += 1
        }
        #expect(checked > 200)
    }
}
