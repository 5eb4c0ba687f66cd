import CMPFR

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

    /// In place, rounded like the operators, reusing this value's storage where it can: the
    /// hot loops (the sums of `U_G`, `V_G`) allocate nothing per term with a `BigFloat`.
    mutating func add(_ b: Self)
    mutating func multiply(by b: Self)
    mutating func multiply(by n: Int)
    mutating func divide(by n: Int)
    /// `self ← self + a·b` (for a `BigFloat` with one rounding, `mpfr_fma`).
    mutating func addProduct(_ a: Self, _ b: Self)
    /// `self ← sqrt(n / d)` for integers `0 ≤ n`, `0 < d`, at this value's precision.
    mutating func setSquareRootOfRatio(_ n: Int, _ d: Int)

    func squareRoot() -> Self
    func exp() -> Self
    func log() -> Self
    func asinh() -> Self
    func power(_ n: Int) -> Self
    /// `log(1 + x)`, `e^x − 1`, `acosh`, `atanh`, `sin`, `cos`, `arcsin`, `arccos`, `arctan`
    /// (radians), `|x|` and `x^y = e^{y log x}` for a real exponent (`x > 0`, or `x ≥ 0` with
    /// `y > 0`): outside a function's domain the result is NaN, as for `log`.
    func log1p() -> Self
    func expm1() -> Self
    func acosh() -> Self
    func atanh() -> Self
    func sin() -> Self
    func cos() -> Self
    func arcsin() -> Self
    func arccos() -> Self
    func arctan() -> Self
    func absoluteValue() -> Self
    func power(_ y: Self) -> Self
    static func minimum(_ a: Self, _ b: Self) -> Self
    static func maximum(_ a: Self, _ b: Self) -> Self
    /// π at `precision` bits (an enclosure of it, for intervals).
    static func pi(precision: Int) -> Self
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

    public mutating func add(_ b: BigFloat) { add(b, rounding: .nearest) }
    public mutating func multiply(by b: BigFloat) { multiply(by: b, rounding: .nearest) }
    public mutating func multiply(by n: Int) { multiply(by: n, rounding: .nearest) }
    public mutating func divide(by n: Int) { divide(by: n, rounding: .nearest) }
    public mutating func addProduct(_ a: BigFloat, _ b: BigFloat) { addProduct(a, b, rounding: .nearest) }
    public mutating func setSquareRootOfRatio(_ n: Int, _ d: Int) { setSquareRootOfRatio(n, d, rounding: .nearest) }

    public func squareRoot() -> BigFloat { squareRoot(precision: nil, rounding: .nearest) }
    public func exp() -> BigFloat { exp(precision: nil, rounding: .nearest) }
    public func log() -> BigFloat { log(precision: nil, rounding: .nearest) }
    public func asinh() -> BigFloat { asinh(precision: nil, rounding: .nearest) }
    public func power(_ n: Int) -> BigFloat { power(n, precision: nil, rounding: .nearest) }
    public func log1p() -> BigFloat { log1p(precision: nil, rounding: .nearest) }
    public func expm1() -> BigFloat { expm1(precision: nil, rounding: .nearest) }
    public func acosh() -> BigFloat { acosh(precision: nil, rounding: .nearest) }
    public func atanh() -> BigFloat { atanh(precision: nil, rounding: .nearest) }
    public func sin() -> BigFloat { sin(precision: nil, rounding: .nearest) }
    public func cos() -> BigFloat { cos(precision: nil, rounding: .nearest) }
    public func arcsin() -> BigFloat { arcsin(precision: nil, rounding: .nearest) }
    public func arccos() -> BigFloat { arccos(precision: nil, rounding: .nearest) }
    public func arctan() -> BigFloat { arctan(precision: nil, rounding: .nearest) }
    public func absoluteValue() -> BigFloat { magnitude }
    /// `x^y` by `mpfr_pow`, with the domain of the protocol: NaN (raising MPFR's NaN flag)
    /// for `x < 0`, and for `x = 0` with `y ≤ 0`, even where `mpfr_pow` has a value.
    public func power(_ y: BigFloat) -> BigFloat {
        guard self > 0 || (self >= 0 && y > 0) else {
            return BigFloat.computing(precision: max(precision, y.precision)) { _ in mpfr_set_nanflag() }
        }
        return power(y, precision: nil, rounding: .nearest)
    }
    public static func pi(precision: Int) -> BigFloat { pi(precision: precision, rounding: .nearest) }
    public func addingTail(atMost bound: BigFloat) -> BigFloat { self }
    public var lowerBound: BigFloat { self }
    public var upperBound: BigFloat { self }
}

extension Interval: RealArithmetic {
    public var approximation: Double { midpoint.doubleApproximation }
    public var lowerBound: BigFloat { lower }
    public var upperBound: BigFloat { upper }

    /// In place when `b` has at most this precision and the endpoints have it (as `+`).
    public mutating func add(_ b: Interval) {
        guard inPlace(b.precision) else {
            self = self + b
            return
        }
        lower.add(b.lower, rounding: .down)
        upper.add(b.upper, rounding: .up)
    }

    /// In place, `[l b_l ↓, u b_u ↑]`, when both intervals are finite and non-negative and `b`
    /// has at most this precision (as `*`, whose extreme corners these are).
    /// `self + a·b`, the product enclosed by `*` and added in place.
    public mutating func addProduct(_ a: Interval, _ b: Interval) { add(a * b) }

    public mutating func multiply(by b: Interval) {
        guard inPlace(b.precision), b.isValid, lower.sign >= 0, b.lower.sign >= 0,
              upper.isFinite, b.upper.isFinite else {
            self = self * b
            return
        }
        lower.multiply(by: b.lower, rounding: .down)
        upper.multiply(by: b.upper, rounding: .up)
    }

    /// In place for `n > 0` (an increasing map, `[l n ↓, u n ↑]`); otherwise as `*`.
    public mutating func multiply(by n: Int) {
        guard n > 0, inPlace(precision) else {
            self = self * n
            return
        }
        lower.multiply(by: n, rounding: .down)
        upper.multiply(by: n, rounding: .up)
    }

    /// In place for `n > 0` (`[l/n ↓, u/n ↑]`); otherwise as `/`.
    public mutating func divide(by n: Int) {
        guard n > 0, inPlace(precision) else {
            self = self / n
            return
        }
        lower.divide(by: n, rounding: .down)
        upper.divide(by: n, rounding: .up)
    }

    /// Whether an operation with an operand of `operandPrecision` bits can round this
    /// interval's endpoints in place: a valid interval whose endpoints have its precision,
    /// at least the operand's.
    private func inPlace(_ operandPrecision: Int) -> Bool {
        isValid && operandPrecision <= precision && lower.precision == precision && upper.precision == precision
    }
    /// In place, `[sqrt(n/d ↓) ↓, sqrt(n/d ↑) ↑]`, when the endpoints have this precision and
    /// it holds every `Int` exactly; otherwise by the interval operations.
    public mutating func setSquareRootOfRatio(_ n: Int, _ d: Int) {
        guard precision >= Int.bitWidth, inPlace(precision) else {
            self = (Interval(n, precision: precision) / d).squareRoot()
            return
        }
        lower.setSquareRootOfRatio(n, d, rounding: .down)
        upper.setSquareRootOfRatio(n, d, rounding: .up)
    }

    public func scaled(byPowerOfTwo k: Int) -> Interval {
        Interval(uncheckedLower: lower.scaled(byPowerOfTwo: k), upper: upper.scaled(byPowerOfTwo: k), precision: precision)
    }

    public func addingTail(atMost bound: BigFloat) -> Interval {
        Interval(uncheckedLower: lower, upper: BigFloat.sum(upper, bound, precision: precision, rounding: .up),
                 precision: precision)
    }
}
