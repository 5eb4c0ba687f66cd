/// An interval with enclosures of its partial derivatives in a few variables: forward-mode
/// differentiation in interval arithmetic, for mean-value enclosures over a box,
/// `f(x) ∈ f(c) + Σ_i ∂_i f(X) (x_i − c_i)` for every `x` of the box `X` around `c`.
///
/// Evaluated over a box, `value` encloses `f` there and `partials[i]` encloses `∂f/∂x_i` at
/// every point of it. At a kink of `|x|`, `min` or `max` inside the box the partials enclose
/// the hull of the one-sided derivatives, Clarke's generalised gradient, for which the
/// mean-value inclusion still holds (the functions are Lipschitz there). Where a derivative
/// has no enclosure (`sqrt` at 0, `x^y` at `x = 0`) a partial is NaN: not `isValid`.
public struct IntervalGradient: Sendable {
    public var value: Interval
    public var partials: [Interval]

    public init(_ value: Interval, partials: [Interval]) {
        self.value = value
        self.partials = partials
    }

    /// The `index`-th of `count` variables, with value `x`.
    public static func variable(_ x: Interval, index: Int, count: Int) -> IntervalGradient {
        IntervalGradient(x, partials: (0..<count).map { Interval($0 == index ? 1 : 0, precision: x.precision) })
    }

    /// Value and every partial enclosed (no NaN).
    public var isValid: Bool { value.isValid && partials.allSatisfy(\.isValid) }

    /// A constant of the given precision; its partials are empty and count as zero.
    init(constant value: Interval) {
        self.value = value
        partials = []
    }

    /// `g(self)` with `g′(self)` given: the chain rule.
    func chain(_ value: Interval, derivative: Interval) -> IntervalGradient {
        IntervalGradient(value, partials: partials.map { derivative * $0 })
    }

    /// Partials of `a` and `b` combined term by term, a missing one (a constant's) as zero.
    static func combine(_ a: [Interval], _ b: [Interval], _ op: (Interval, Interval) -> Interval,
                        left: (Interval) -> Interval, right: (Interval) -> Interval) -> [Interval] {
        (0..<max(a.count, b.count)).map { i in
            switch (i < a.count, i < b.count) {
            case (true, true): op(a[i], b[i])
            case (true, false): left(a[i])
            default: right(b[i])
            }
        }
    }

    /// `[min, max]` of two intervals: the hull.
    static func hull(_ a: Interval, _ b: Interval) -> Interval {
        Interval(uncheckedLower: .minimum(a.lower, b.lower), upper: .maximum(a.upper, b.upper),
                 precision: max(a.precision, b.precision))
    }
}

extension IntervalGradient: RealArithmetic {
    public init(_ n: Int, precision: Int) { self.init(constant: Interval(n, precision: precision)) }
    public init(_ d: DecimalNumber, precision: Int) { self.init(constant: Interval(d, precision: precision)) }

    public var precision: Int { value.precision }
    public var approximation: Double { value.approximation }
    public var lowerBound: BigFloat { value.lower }
    public var upperBound: BigFloat { value.upper }

    public static func + (a: Self, b: Self) -> Self {
        Self(a.value + b.value, partials: combine(a.partials, b.partials, +, left: { $0 }, right: { $0 }))
    }

    public static func - (a: Self, b: Self) -> Self {
        Self(a.value - b.value, partials: combine(a.partials, b.partials, -, left: { $0 }, right: { -$0 }))
    }

    /// `(fg)′ = f′g + fg′`.
    public static func * (a: Self, b: Self) -> Self {
        Self(a.value * b.value, partials: combine(a.partials, b.partials, { $0 * b.value + a.value * $1 },
                                                  left: { $0 * b.value }, right: { a.value * $0 }))
    }

    /// `(f/g)′ = (f′ − (f/g) g′)/g`.
    public static func / (a: Self, b: Self) -> Self {
        let q = a.value / b.value
        return Self(q, partials: combine(a.partials, b.partials, { ($0 - q * $1) / b.value },
                                         left: { $0 / b.value }, right: { -(q * $0) / b.value }))
    }

    public static prefix func - (a: Self) -> Self { Self(-a.value, partials: a.partials.map { -$0 }) }
    public static func + (a: Self, n: Int) -> Self { Self(a.value + n, partials: a.partials) }
    public static func - (a: Self, n: Int) -> Self { Self(a.value - n, partials: a.partials) }
    public static func - (n: Int, a: Self) -> Self { Self(n - a.value, partials: a.partials.map { -$0 }) }
    public static func * (a: Self, n: Int) -> Self { Self(a.value * n, partials: a.partials.map { $0 * n }) }
    public static func * (n: Int, a: Self) -> Self { a * n }
    public static func / (a: Self, n: Int) -> Self { Self(a.value / n, partials: a.partials.map { $0 / n }) }
    public static func / (n: Int, a: Self) -> Self { Self(n, precision: a.precision) / a }

    public mutating func add(_ b: Self) { self = self + b }
    public mutating func multiply(by b: Self) { self = self * b }
    public mutating func multiply(by n: Int) { self = self * n }
    public mutating func divide(by n: Int) { self = self / n }
    public mutating func addProduct(_ a: Self, _ b: Self) { self = self + a * b }
    public mutating func setSquareRootOfRatio(_ n: Int, _ d: Int) {
        var root = Interval(0, precision: precision)
        root.setSquareRootOfRatio(n, d)
        self = Self(constant: root)
    }

    /// `(√x)′ = 1/(2√x)`.
    public func squareRoot() -> Self {
        let root = value.squareRoot()
        return chain(root, derivative: 1 / (2 * root))
    }

    public func exp() -> Self {
        let e = value.exp()
        return chain(e, derivative: e)
    }

    public func log() -> Self { chain(value.log(), derivative: 1 / value) }
    /// `asinh′ = 1/√(1 + x²)`.
    public func asinh() -> Self { chain(value.asinh(), derivative: 1 / (1 + value.power(2)).squareRoot()) }
    /// `(xⁿ)′ = n xⁿ⁻¹`.
    public func power(_ n: Int) -> Self {
        n == 0 ? Self(1, precision: precision) : chain(value.power(n), derivative: n * value.power(n - 1))
    }
    public func log1p() -> Self { chain(value.log1p(), derivative: 1 / (1 + value)) }
    public func expm1() -> Self { chain(value.expm1(), derivative: value.exp()) }
    /// `acosh′ = 1/√(x² − 1)`.
    public func acosh() -> Self { chain(value.acosh(), derivative: 1 / (value.power(2) - 1).squareRoot()) }
    /// `atanh′ = 1/(1 − x²)`.
    public func atanh() -> Self { chain(value.atanh(), derivative: 1 / (1 - value.power(2))) }
    public func sin() -> Self { chain(value.sin(), derivative: value.cos()) }
    public func cos() -> Self { chain(value.cos(), derivative: -value.sin()) }
    /// `arcsin′ = 1/√(1 − x²)`, `arccos′ = −arcsin′`.
    public func arcsin() -> Self { chain(value.arcsin(), derivative: 1 / (1 - value.power(2)).squareRoot()) }
    public func arccos() -> Self { chain(value.arccos(), derivative: -(1 / (1 - value.power(2)).squareRoot())) }
    /// `arctan′ = 1/(1 + x²)`.
    public func arctan() -> Self { chain(value.arctan(), derivative: 1 / (1 + value.power(2))) }

    /// `|x|′ = sign x`, `[−1, 1]` where the box holds 0.
    public func absoluteValue() -> Self {
        let p = precision
        let sign = value.lower.sign > 0 ? Interval(1, precision: p) : value.upper.sign < 0 ? Interval(-1, precision: p)
            : Interval(uncheckedLower: BigFloat(-1, precision: p), upper: BigFloat(1, precision: p), precision: p)
        return chain(value.absoluteValue(), derivative: sign)
    }

    /// `x^y = e^{y log x}`: `(x^y)′ = x^y (y′ log x + y x′/x)`.
    public func power(_ y: Self) -> Self {
        let v = value.power(y.value)
        let logX = value.log()
        return Self(v, partials: Self.combine(partials, y.partials, { v * ($1 * logX + y.value * $0 / value) },
                                               left: { v * y.value * $0 / value }, right: { v * $0 * logX }))
    }

    /// The smaller of the two; where the box does not decide which, the hull of both partials.
    public static func minimum(_ a: Self, _ b: Self) -> Self {
        if a.value.upper < b.value.lower { return a }
        if b.value.upper < a.value.lower { return b }
        return Self(.minimum(a.value, b.value), partials: combine(a.partials, b.partials, hull,
                                                                   left: { hull($0, Interval(0, precision: $0.precision)) },
                                                                   right: { hull($0, Interval(0, precision: $0.precision)) }))
    }

    public static func maximum(_ a: Self, _ b: Self) -> Self { -minimum(-a, -b) }

    public static func pi(precision: Int) -> Self { Self(constant: .pi(precision: precision)) }
    public func scaled(byPowerOfTwo k: Int) -> Self {
        Self(value.scaled(byPowerOfTwo: k), partials: partials.map { $0.scaled(byPowerOfTwo: k) })
    }

    /// The omitted tail of a sum bounds its value, not its derivative: the partials become NaN.
    public func addingTail(atMost bound: BigFloat) -> Self {
        Self(value.addingTail(atMost: bound), partials: partials.map { _ in .undefined(precision: precision) })
    }
}
