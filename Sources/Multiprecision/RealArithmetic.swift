/// The arithmetic the paper's formulas need, so each formula is written once and evaluated
/// either as a `BigFloat` (round to nearest) or as an `Interval` (outward rounding: the result
/// encloses the exact value of the formula at every point of the input intervals).
///
/// Invalid operations (a square root or logarithm of negative numbers, a division by zero or by
/// an interval containing zero) give NaN and raise MPFR's NaN flag, which `MPFRFlags.checking`
/// turns into an error: never a wrong number.
public protocol RealArithmetic: Sendable {
    /// The integer `n` (exact while it fits in `precision` bits).
    init(_ n: Int, precision: Int)
    /// The decimal `d` rounded to `precision` bits (an enclosure of it, for intervals).
    init(_ d: DecimalNumber, precision: Int)

    var precision: Int { get }
    /// A `Double` near the value (the midpoint of an interval), for choices that do not
    /// affect correctness, such as where to start a sum or which of two equal forms to use.
    var approximation: Double { get }

    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
    static func / (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
    static func + (a: Self, n: Int) -> Self
    static func - (a: Self, n: Int) -> Self
    static func - (n: Int, a: Self) -> Self
    static func * (a: Self, n: Int) -> Self
    static func * (n: Int, a: Self) -> Self
    static func / (a: Self, n: Int) -> Self
    static func / (n: Int, a: Self) -> Self

    func squareRoot() -> Self
    func exp() -> Self
    func log() -> Self
    func asinh() -> Self
    func logGamma() -> Self
    func power(_ n: Int) -> Self
    /// `x · 2^k`, exact.
    func scaled(byPowerOfTwo k: Int) -> Self
    /// This value plus an unknown amount in `[0, bound]`: the omitted tail of a sum of
    /// non-negative terms. Intervals widen upwards; a `BigFloat` approximation is unchanged.
    func addingTail(atMost bound: BigFloat) -> Self
    /// Bounds of the value (the value itself for a `BigFloat`).
    var lowerBound: BigFloat { get }
    var upperBound: BigFloat { get }
}

extension BigFloat: RealArithmetic {
    public init(_ d: DecimalNumber, precision: Int) {
        self = d.value(precision: precision)
    }

    public var approximation: Double { doubleApproximation }

    public func squareRoot() -> BigFloat { squareRoot(precision: nil, rounding: .nearest) }
    public func exp() -> BigFloat { exp(precision: nil, rounding: .nearest) }
    public func log() -> BigFloat { log(precision: nil, rounding: .nearest) }
    public func asinh() -> BigFloat { asinh(precision: nil, rounding: .nearest) }
    public func logGamma() -> BigFloat { logGamma(precision: nil, rounding: .nearest) }
    public func power(_ n: Int) -> BigFloat { power(n, precision: nil, rounding: .nearest) }
    public func addingTail(atMost bound: BigFloat) -> BigFloat { self }
    public var lowerBound: BigFloat { self }
    public var upperBound: BigFloat { self }
}

extension Interval: RealArithmetic {
    public var approximation: Double { midpoint.doubleApproximation }
    public var lowerBound: BigFloat { lower }
    public var upperBound: BigFloat { upper }

    public func scaled(byPowerOfTwo k: Int) -> Interval {
        Interval(uncheckedLower: lower.scaled(byPowerOfTwo: k), upper: upper.scaled(byPowerOfTwo: k), precision: precision)
    }

    public func addingTail(atMost bound: BigFloat) -> Interval {
        Interval(uncheckedLower: lower, upper: BigFloat.sum(upper, bound, precision: precision, rounding: .up),
                 precision: precision)
    }
}
