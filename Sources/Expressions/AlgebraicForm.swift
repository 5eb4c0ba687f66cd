import Multiprecision
import Symbolic

extension Formula {
    /// The formula as an exact element `(A + B s)/C` of `Q(variables)(s)`, `s` one square root
    /// (`QuadraticSurd`): its variables become polynomial variables of the same names, its
    /// decimals exact rationals. Only the algebraic part of the language has such a form —
    /// `+ − × /`, integer powers (an integer written in the formula, at most
    /// `maximumAlgebraicPower` in magnitude), `sqrt` of an expression without a square root
    /// (every `sqrt` of the same radicand), and `binomial(n, k)` with `k` an integer written in
    /// the formula — so anything else (`pi`, `e`, `exp`, `abs`, `min`, a real exponent, a second
    /// radicand, …) throws a `FormulaError` at its place, of kind `.domain`.
    ///
    /// `constants` fixes variables to exact values (the margin of a box), which then enter as
    /// rationals, not as polynomial variables.
    public func algebraic(constants: [String: Rational] = [:]) throws(FormulaError) -> QuadraticSurd {
        try AlgebraicForm(constants: constants).value(root)
    }

    /// The formula with its exponentials as one more variable: every `exp(x)` of one argument `x`
    /// (a rational function of the variables, without a square root) becomes the variable
    /// `atom`, every `exp(−x)` its reciprocal; any other argument throws at its place. The
    /// result is exact in `Q(variables, atom)(s)`, with `atom = e^x` (nil when the formula has
    /// no `exp`): an identity in it holds for every value of the atom, `e^x` included.
    public func algebraic(constants: [String: Rational] = [:], exponential atom: String)
        throws(FormulaError) -> (value: QuadraticSurd, exponent: QuadraticSurd?) {
        let walk = AlgebraicForm(constants: constants, exponentialAtom: atom)
        let value = try walk.value(root)
        return (value, walk.exponent)
    }

    /// The largest integer power `x^n` taken exactly.
    public static let maximumAlgebraicPower = 64
}

/// The walk behind `Formula.algebraic`.
private final class AlgebraicForm {
    let constants: [String: Rational]
    /// The first square root taken, so that a second radicand is refused where it appears.
    var firstRoot: QuadraticSurd?
    /// The variable standing for `exp` of `exponent` (nil: `exp` has no exact form).
    let exponentialAtom: String?
    /// The argument of the first `exp`, so that another argument is refused where it appears.
    var exponent: QuadraticSurd?

    init(constants: [String: Rational], exponentialAtom: String? = nil) {
        self.constants = constants
        self.exponentialAtom = exponentialAtom
    }
    /// The integer an exponent or binomial `k` names (the rule of the interval evaluation).
    let integers = Evaluator<BigFloat>(values: [:], integers: [:], precision: 64)

    func value(_ node: Node) throws(FormulaError) -> QuadraticSurd {
        func refuse(_ what: String) -> FormulaError {
            FormulaError(.domain, at: node.location, "\(what) has no exact algebraic form; an identity on a box is "
                         + "decided for + − * /, integer powers, one sqrt radicand and binomial")
        }
        func exact(_ body: () throws(QuadraticSurd.Failure) -> QuadraticSurd) throws(FormulaError) -> QuadraticSurd {
            do {
                return try body()
            } catch {
                throw FormulaError(error == .divisionByZero ? .divisionByZero : .domain, at: node.location,
                                   Self.message(error))
            }
        }
        switch node.kind {
        case .number(let d): return QuadraticSurd(Polynomial(Rational(d)))
        case .pi: throw refuse("pi")
        case .e: throw refuse("e")
        case .variable(let name): return QuadraticSurd(constants[name].map { Polynomial($0) } ?? .variable(name))
        case .negate(let operand): return -(try value(operand))
        case .sum(let first, let rest):
            var total = try value(first)
            for (subtract, operand) in rest {
                let term = try value(operand)
                total = try exact { () throws(QuadraticSurd.Failure) in subtract ? try total - term : try total + term }
            }
            return total
        case .product(let first, let rest):
            var total = try value(first)
            for (divide, operand, _) in rest {
                let factor = try value(operand)
                total = try exact { () throws(QuadraticSurd.Failure) in divide ? try total / factor : try total * factor }
            }
            return total
        case .power(let base, let exponent, let caret):
            guard let n = integers.integerValue(exponent), n.magnitude <= Formula.maximumAlgebraicPower else {
                throw FormulaError(.domain, at: caret, "a power whose exponent is not an integer of magnitude at most "
                                   + "\(Formula.maximumAlgebraicPower) has no exact algebraic form")
            }
            let b = try value(base)
            return try exact { () throws(QuadraticSurd.Failure) in try b.power(n) }
        case .call(.sqrt, let arguments):
            let x = try value(arguments[0])
            let s = try exact { () throws(QuadraticSurd.Failure) in try x.squareRoot() }
            if let first = firstRoot {
                _ = try exact { () throws(QuadraticSurd.Failure) in try first + s }    // the same radicand, or refused here
            }
            firstRoot = firstRoot ?? s
            return s
        case .call(.binomial, let arguments):
            guard let k = integers.integerValue(arguments[1]), (0...Formula.maximumAlgebraicPower).contains(k) else {
                throw refuse("binomial(n, k) with k not an integer in 0…\(Formula.maximumAlgebraicPower)")
            }
            let n = try value(arguments[0])
            var result = QuadraticSurd(1)
            for i in 0..<k {
                let factor = try exact { () throws(QuadraticSurd.Failure) in
                    try (n - QuadraticSurd(Polynomial(Rational(i)))) / QuadraticSurd(Polynomial(Rational(i + 1)))
                }
                result = try exact { () throws(QuadraticSurd.Failure) in try result * factor }
            }
            return result
        case .call(.exp, let arguments) where exponentialAtom != nil:
            let x = try value(arguments[0])
            guard x.surd.isZero, x.radicand == nil else { throw refuse("exp of an expression holding a square root") }
            let atom = QuadraticSurd(.variable(exponentialAtom!))
            guard let first = exponent else {
                exponent = x
                return atom
            }
            if x.rational * first.denominator == first.rational * x.denominator { return atom }
            if x.rational * first.denominator == -(first.rational * x.denominator) {
                return try exact { () throws(QuadraticSurd.Failure) in try QuadraticSurd(1) / atom }
            }
            throw refuse("exp of a second argument (an identity on a box is decided with exp of one argument and its negative)")
        case .call(let function, _):
            throw refuse(function.rawValue)
        }
    }

    static func message(_ failure: QuadraticSurd.Failure) -> String {
        switch failure {
        case .secondRadicand: "a second square root radicand: an identity on a box is decided with one"
        case .divisionByZero: "a division by an expression that is identically 0"
        case .nestedRoot: "a square root of an expression holding a square root (nested roots are not decided)"
        case .tooLarge: "the exact form exceeds \(QuadraticSurd.maximumTerms) terms"
        }
    }
}
