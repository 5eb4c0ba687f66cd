/// A product of variables `x₁^e₁ ⋯ x_n^e_n`, stored as its exponent vector: the variables
/// sorted by name, each with a positive exponent. The empty vector is the monomial 1.
struct Monomial: Hashable, Sendable {
    struct Power: Hashable, Sendable {
        let variable: String
        let exponent: Int
    }

    let powers: [Power]

    static let one = Monomial(powers: [])

    var degree: Int { powers.reduce(0) { $0 + $1.exponent } }

    func exponent(of variable: String) -> Int {
        powers.first { $0.variable == variable }?.exponent ?? 0
    }

    /// This monomial with `variable` removed, and the exponent it had.
    func removing(_ variable: String) -> (rest: Monomial, exponent: Int) {
        (Monomial(powers: powers.filter { $0.variable != variable }), exponent(of: variable))
    }

    /// The product: exponents of equal variables add (a merge of the two sorted vectors).
    static func * (lhs: Monomial, rhs: Monomial) -> Monomial {
        var merged: [Power] = []
        merged.reserveCapacity(lhs.powers.count + rhs.powers.count)
        var i = 0, j = 0
        while i < lhs.powers.count || j < rhs.powers.count {
            if j == rhs.powers.count || (i < lhs.powers.count && lhs.powers[i].variable < rhs.powers[j].variable) {
                merged.append(lhs.powers[i]); i += 1
            } else if i == lhs.powers.count || rhs.powers[j].variable < lhs.powers[i].variable {
                merged.append(rhs.powers[j]); j += 1
            } else {
                merged.append(Power(variable: lhs.powers[i].variable,
                                    exponent: lhs.powers[i].exponent + rhs.powers[j].exponent))
                i += 1; j += 1
            }
        }
        return Monomial(powers: merged)
    }

    /// Printing order: higher total degree first, then by exponent vector (`a² ≻ a b ≻ b²`).
    static func printsBefore(_ lhs: Monomial, _ rhs: Monomial) -> Bool {
        if lhs.degree != rhs.degree { return lhs.degree > rhs.degree }
        for (l, r) in zip(lhs.powers, rhs.powers) where l != r {
            if l.variable != r.variable { return l.variable < r.variable }
            return l.exponent > r.exponent
        }
        return lhs.powers.count < rhs.powers.count
    }
}

/// A sparse multivariate polynomial with exact `Rational` coefficients over named variables.
///
/// Canonical form: a dictionary from monomials to non-zero coefficients, so two polynomials
/// are equal exactly when they are equal as polynomials, and `isZero` is an exact test.
public struct Polynomial: Equatable, Sendable {
    let terms: [Monomial: Rational]

    init(terms: [Monomial: Rational]) {
        self.terms = terms.filter { !$0.value.isZero }
    }

    /// The constant polynomial `value`.
    public init(_ value: Rational) {
        self.init(terms: [.one: value])
    }

    /// The polynomial consisting of the single variable `name`.
    public static func variable(_ name: String) -> Polynomial {
        Polynomial(terms: [Monomial(powers: [.init(variable: name, exponent: 1)]): 1])
    }

    public var isZero: Bool { terms.isEmpty }

    /// The number of non-zero terms.
    public var termCount: Int { terms.count }

    /// The highest exponent of `variable` in any term (0 if it does not occur).
    public func degree(in variable: String) -> Int {
        terms.keys.map { $0.exponent(of: variable) }.max() ?? 0
    }
}

extension Polynomial: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(Rational(value)) }
}

// MARK: - Ring operations

extension Polynomial {
    public static func + (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        var sum = lhs.terms
        for (monomial, coefficient) in rhs.terms {
            sum[monomial] = sum[monomial].map { $0 + coefficient } ?? coefficient
        }
        return Polynomial(terms: sum)
    }

    public static prefix func - (operand: Polynomial) -> Polynomial {
        Polynomial(terms: operand.terms.mapValues { -$0 })
    }

    public static func - (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        lhs + -rhs
    }

    public static func * (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        var product: [Monomial: Rational] = [:]
        for (a, x) in lhs.terms {
            for (b, y) in rhs.terms {
                let monomial = a * b
                product[monomial] = product[monomial].map { $0 + x * y } ?? x * y
            }
        }
        return Polynomial(terms: product)
    }

    /// `self^exponent` for `exponent ≥ 0` (by repeated squaring; `p⁰ = 1`).
    public func power(_ exponent: Int) -> Polynomial {
        precondition(exponent >= 0, "negative power of a polynomial")
        var result: Polynomial = 1, base = self, n = exponent
        while n > 0 {
            if n & 1 == 1 { result = result * base }
            n >>= 1
            if n > 0 { base = base * base }
        }
        return result
    }
}

// MARK: - Substitution and reduction

extension Polynomial {
    /// `self` with every occurrence of `variable` replaced by `replacement`.
    public func substituting(_ variable: String, with replacement: Polynomial) -> Polynomial {
        var powers: [Int: Polynomial] = [:]
        var result: Polynomial = 0
        for (monomial, coefficient) in terms {
            let (rest, exponent) = monomial.removing(variable)
            if powers[exponent] == nil { powers[exponent] = replacement.power(exponent) }
            result = result + Polynomial(terms: [rest: coefficient]) * powers[exponent]!
        }
        return result
    }

    /// The remainder of `self` modulo `variable² − square`: every `s^e` becomes
    /// `square^⌊e/2⌋ · s^(e mod 2)`, repeated until `s` occurs at most linearly.
    ///
    /// A zero remainder proves that `self` vanishes wherever `s² = square` (for `s = sqrt(D)`
    /// the converse also holds when `D` is not a perfect square). `square` must have degree at
    /// most 1 in `variable`, which makes the loop terminate.
    public func reduced(modulo variable: String, square: Polynomial) -> Polynomial {
        precondition(square.degree(in: variable) <= 1,
                     "reduction modulo \(variable)² − (\(square)) would not terminate")
        var current = self
        while current.degree(in: variable) >= 2 {
            var next: Polynomial = 0
            for (monomial, coefficient) in current.terms {
                let (rest, exponent) = monomial.removing(variable)
                let remaining = exponent % 2 == 1 ? Polynomial.variable(variable) : 1
                next = next + Polynomial(terms: [rest: coefficient]) * square.power(exponent / 2) * remaining
            }
            current = next
        }
        return current
    }
}

// MARK: - Calculus and changes of variable

extension Polynomial {
    /// The variables that occur, sorted by name.
    public var variables: [String] {
        Set(terms.keys.flatMap { $0.powers.map(\.variable) }).sorted()
    }

    /// The exact value at a point that gives every variable of `self` a value.
    public func value(at point: [String: Rational]) -> Rational {
        terms.reduce(Rational(0)) { sum, term in
            sum + term.key.powers.reduce(term.value) { product, power in
                guard let x = point[power.variable] else { preconditionFailure("no value for \(power.variable)") }
                return (0..<power.exponent).reduce(product) { p, _ in p * x }
            }
        }
    }

    /// The rational `k` with `self = k · other`, if there is one (`other` not zero).
    public func constantMultiple(of other: Polynomial) -> Rational? {
        guard let (monomial, coefficient) = other.terms.first else { return nil }
        let k = (terms[monomial] ?? 0) / coefficient
        return self == Polynomial(k) * other ? k : nil
    }

    /// `∂self/∂variable`, term by term.
    public func derivative(in variable: String) -> Polynomial {
        var result: [Monomial: Rational] = [:]
        for (monomial, coefficient) in terms {
            let (rest, exponent) = monomial.removing(variable)
            guard exponent > 0 else { continue }
            let lowered = exponent == 1 ? rest : rest * Monomial(powers: [.init(variable: variable, exponent: exponent - 1)])
            result[lowered] = (result[lowered] ?? 0) + coefficient * Rational(exponent)
        }
        return Polynomial(terms: result)
    }

    /// `denominator^d · self(variable = numerator/denominator)`, `d` the degree of `self` in
    /// `variable`: the substitution with its denominator cleared, `Σ_k c_k numerator^k
    /// denominator^(d−k)`. Where `denominator > 0` it has the sign of `self` at the quotient.
    public func substitutingQuotient(_ variable: String, numerator: Polynomial, denominator: Polynomial) -> Polynomial {
        let d = degree(in: variable)
        var byExponent: [Int: [Monomial: Rational]] = [:]
        for (monomial, coefficient) in terms {
            let (rest, exponent) = monomial.removing(variable)
            byExponent[exponent, default: [:]][rest] = coefficient
        }
        return byExponent.reduce(Polynomial(0)) { sum, entry in
            sum + Polynomial(terms: entry.value) * numerator.power(entry.key) * denominator.power(d - entry.key)
        }
    }
}

// MARK: - Printing

extension Polynomial: CustomStringConvertible {
    /// Terms by decreasing degree, e.g. `"3/4*beta^2*p - p_ref + 1"`; `"0"` for zero.
    public var description: String {
        let ordered = terms.keys.sorted(by: Monomial.printsBefore)
        guard !ordered.isEmpty else { return "0" }
        var text = ""
        for (index, monomial) in ordered.enumerated() {
            let coefficient = terms[monomial]!
            let negative = coefficient < 0
            let magnitude = negative ? -coefficient : coefficient
            let factors = monomial.powers.map { $0.exponent == 1 ? $0.variable : "\($0.variable)^\($0.exponent)" }
            let body: String
            if monomial.powers.isEmpty {
                body = magnitude.description
            } else if magnitude == 1 {
                body = factors.joined(separator: "*")
            } else {
                body = ([magnitude.description] + factors).joined(separator: "*")
            }
            if index == 0 {
                text = (negative ? "-" : "") + body
            } else {
                text += (negative ? " - " : " + ") + body
            }
        }
        return text
    }
}
