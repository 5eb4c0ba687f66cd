import Multiprecision

/// Evaluates a formula's tree in any `RealArithmetic`. Each operation is preceded by a check
/// of its domain on the bounds of its operands (exact for a `BigFloat`, whose bounds are the
/// value; conservative for an interval) and followed by a check that the result is finite:
/// whatever has no enclosure becomes a `FormulaError` at the operation's location.
struct Evaluator<T: RealArithmetic> {
    let values: [String: T]
    let integers: [String: Int]
    let precision: Int

    init(values: [String: T], integers: [String: Int], precision: Int) {
        self.values = values
        self.integers = integers
        self.precision = precision
    }

    /// The largest binary exponent of an argument of `sin` and `cos`: beyond it the range
    /// reduction would need π to more bits than any formula of this suite warrants.
    static var maximumPeriodicExponent: Int { 1024 }

    func value(_ node: Node) throws(FormulaError) -> T {
        let result: T
        switch node.kind {
        case .number(let d): result = T(d, precision: precision)
        case .pi: result = T.pi(precision: precision)
        case .e: result = T(1, precision: precision).exp()
        case .variable(let name):
            guard let v = values[name] else {
                throw FormulaError(.unknownVariable, at: node.location, "unknown variable '\(name)'")
            }
            result = v
        case .negate(let operand): result = -(try value(operand))
        case .sum(let first, let rest):
            var total = try value(first)
            for (subtract, operand) in rest {
                let term = try value(operand)
                total = subtract ? total - term : total + term
                try checkFinite(total, at: operand.location)
            }
            result = total
        case .product(let first, let rest):
            var total = try value(first)
            for (divide, operand, location) in rest {
                let factor = try value(operand)
                if divide {
                    guard !Self.holdsZero(factor) else {
                        throw FormulaError(.divisionByZero, at: location, "division by \(Self.shown(factor)), which "
                                           + (Self.isPoint(factor) ? "is 0" : "holds 0"))
                    }
                    total = total / factor
                } else {
                    total = total * factor
                }
                try checkFinite(total, at: location)
            }
            result = total
        case .power(let base, let exponent, let location):
            result = try power(base, exponent, at: location)
        case .call(let function, let arguments):
            result = try call(function, arguments, at: node.location)
        }
        try checkFinite(result, at: node.location)
        return result
    }

    func power(_ baseNode: Node, _ exponentNode: Node, at location: FormulaLocation) throws(FormulaError) -> T {
        let base = try value(baseNode)
        if let n = integerValue(exponentNode) {
            guard n >= 0 || !Self.holdsZero(base) else {
                throw FormulaError(.divisionByZero, at: location,
                                   "\(Self.shown(base)) to the power \(n): a negative power of 0")
            }
            return base.power(n)
        }
        let exponent = try value(exponentNode)
        guard base.lowerBound > 0 || (base.lowerBound >= 0 && exponent.lowerBound > 0) else {
            throw FormulaError(.domain, at: location, "x^y with x = \(Self.shown(base)), y = \(Self.shown(exponent)): "
                               + "a real exponent needs x > 0 (or x ≥ 0 with y > 0); integer exponents need an integer written in the formula")
        }
        return base.power(exponent)
    }

    func call(_ function: FormulaFunction, _ arguments: [Node], at location: FormulaLocation) throws(FormulaError) -> T {
        if function == .binomial { return try binomial(arguments[0], arguments[1]) }
        var xs: [T] = []
        for argument in arguments { xs.append(try value(argument)) }
        let x = xs[0]
        func require(_ condition: Bool, _ domain: String) throws(FormulaError) {
            guard condition else {
                throw FormulaError(.domain, at: location, "\(function.rawValue)(\(Self.shown(x))) is outside its domain \(domain)")
            }
        }
        switch function {
        case .sqrt:
            try require(x.lowerBound >= 0, "x ≥ 0")
            return x.squareRoot()
        case .exp: return x.exp()
        case .log:
            try require(x.lowerBound > 0, "x > 0")
            return x.log()
        case .log1p:
            try require(x.lowerBound > -1, "x > −1")
            return x.log1p()
        case .expm1: return x.expm1()
        case .asinh: return x.asinh()
        case .acosh:
            try require(x.lowerBound >= 1, "x ≥ 1")
            return x.acosh()
        case .atanh:
            try require(x.lowerBound > -1 && x.upperBound < 1, "−1 < x < 1")
            return x.atanh()
        case .sin, .cos:
            let bound = BigFloat.maximum(x.lowerBound.magnitude, x.upperBound.magnitude)
            guard bound.isZero || bound.exponent <= Self.maximumPeriodicExponent else {
                throw FormulaError(.range, at: location, "\(function.rawValue) of \(Self.shown(x)): "
                                   + "arguments must stay below 2^\(Self.maximumPeriodicExponent) in magnitude")
            }
            return function == .sin ? x.sin() : x.cos()
        case .arcsin, .arccos:
            try require(x.lowerBound >= -1 && x.upperBound <= 1, "−1 ≤ x ≤ 1")
            return function == .arcsin ? x.arcsin() : x.arccos()
        case .arctan: return x.arctan()
        case .abs: return x.absoluteValue()
        case .min: return xs.dropFirst().reduce(x, T.minimum)
        case .max: return xs.dropFirst().reduce(x, T.maximum)
        case .binomial: preconditionFailure("handled above")
        }
    }

    /// `binomial(n, k) = ∏_{i<k} (n − i)/(i + 1)`.
    func binomial(_ nNode: Node, _ kNode: Node) throws(FormulaError) -> T {
        guard let k = integerValue(kNode), (0...FormulaFunction.maximumBinomialK).contains(k) else {
            throw FormulaError(.domain, at: kNode.location, "binomial(n, k) needs k an integer in "
                               + "0…\(FormulaFunction.maximumBinomialK) fixed by the formula (a literal, G, or + − * of them)")
        }
        let n = try value(nNode)
        var result = T(1, precision: precision)
        for i in 0..<k {
            result = result * (n - i) / (i + 1)
        }
        return result
    }

    /// The exact integer a node denotes, if the formula fixes one: integer literals, integer
    /// variables, and unary `−`, `+`, `−` and `*` of them, without overflow.
    func integerValue(_ node: Node) -> Int? {
        switch node.kind {
        case .number(let d):
            guard d.text.allSatisfy({ $0.isASCII && $0.isNumber }), d.text.count <= 18 else { return nil }
            return Int(d.text)
        case .variable(let name): return integers[name]
        case .negate(let operand):
            return integerValue(operand).flatMap { $0 == .min ? nil : -$0 }
        case .sum(let first, let rest):
            guard var total = integerValue(first) else { return nil }
            for (subtract, operand) in rest {
                guard let n = integerValue(operand) else { return nil }
                let (r, overflow) = subtract ? total.subtractingReportingOverflow(n) : total.addingReportingOverflow(n)
                if overflow { return nil }
                total = r
            }
            return total
        case .product(let first, let rest):
            guard var total = integerValue(first) else { return nil }
            for (divide, operand, _) in rest {
                guard !divide, let n = integerValue(operand) else { return nil }
                let (r, overflow) = total.multipliedReportingOverflow(by: n)
                if overflow { return nil }
                total = r
            }
            return total
        default: return nil
        }
    }

    func checkFinite(_ x: T, at location: FormulaLocation) throws(FormulaError) {
        if x.lowerBound.isNaN || x.upperBound.isNaN {
            throw FormulaError(.range, at: location, "the result is not a number (MPFR's NaN)")
        }
        if !x.lowerBound.isFinite || !x.upperBound.isFinite {
            throw FormulaError(.range, at: location, "the result is beyond MPFR's exponent range")
        }
    }

    static func holdsZero(_ x: T) -> Bool { x.lowerBound <= 0 && x.upperBound >= 0 }

    static func isPoint(_ x: T) -> Bool { x.lowerBound == x.upperBound }

    /// A value for a message: the number, or the interval `[lower, upper]` rounded outward,
    /// with six significant digits.
    static func shown(_ x: T) -> String {
        if isPoint(x) && x.lowerBound.isZero { return "0" }
        let lower = x.lowerBound.decimalString(significantDigits: 6, rounding: .down)
        return isPoint(x) ? x.lowerBound.decimalString(significantDigits: 6)
            : "[\(lower), \(x.upperBound.decimalString(significantDigits: 6, rounding: .up))]"
    }
}
