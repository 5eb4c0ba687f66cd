/// An element `(A + B s)/C` of the field `Q(x₁, …, x_n)(s)`, `s = sqrt(N/M)` the non-negative
/// square root of one rational function: exact arithmetic on the algebraic formulas that use
/// at most one square root, so that an identity between them is decided on polynomials.
///
/// `A`, `B`, `C`, `N`, `M` are polynomials with rational coefficients (`Polynomial`), `C ≠ 0`;
/// the radicand is nil until a square root is taken. Nothing is reduced by a common factor:
/// every operation is a few polynomial products, and `isZero` on the result's numerators
/// decides `x = 0` wherever the denominators do not vanish. Where `N/M` is not the square of
/// a rational function, `1` and `s` are linearly independent, so `A + B s ≡ 0` exactly when
/// `A ≡ 0` and `B ≡ 0`; the check never claims an identity that does not hold, and a radicand
/// that is a perfect square can only make it miss one.
public struct QuadraticSurd: Sendable {
    public let rational: Polynomial
    public let surd: Polynomial
    public let denominator: Polynomial
    /// `(N, M)` with `s² = N/M`, or nil when no square root was taken.
    public let radicand: (numerator: Polynomial, denominator: Polynomial)?

    /// Why an operation has no exact result here.
    public enum Failure: Error, Equatable, Sendable {
        /// A second, different square root (the field holds one).
        case secondRadicand
        /// A division by an element that is zero as a rational function.
        case divisionByZero
        /// A square root of an element that itself holds the square root.
        case nestedRoot
        /// A polynomial beyond `maximumTerms` terms.
        case tooLarge
    }

    /// The largest number of terms of any polynomial of an element.
    public static let maximumTerms = 20_000

    init(rational: Polynomial, surd: Polynomial, denominator: Polynomial,
         radicand: (numerator: Polynomial, denominator: Polynomial)?) throws(Failure) {
        for p in [rational, surd, denominator] + (radicand.map { [$0.numerator, $0.denominator] } ?? [])
        where p.terms.count > Self.maximumTerms {
            throw .tooLarge
        }
        self.rational = rational
        self.surd = surd
        self.denominator = denominator
        self.radicand = radicand
    }

    /// The polynomial `p` as an element.
    public init(_ p: Polynomial) {
        rational = p
        surd = 0
        denominator = 1
        radicand = nil
    }

    /// Zero wherever the denominators do not vanish: `A ≡ 0` and `B ≡ 0`.
    public var isZero: Bool { rational.isZero && surd.isZero }

    /// The radicand both operands share (nil if neither has one).
    private static func common(_ a: QuadraticSurd, _ b: QuadraticSurd) throws(Failure)
        -> (numerator: Polynomial, denominator: Polynomial)? {
        guard let x = a.radicand else { return b.radicand }
        guard let y = b.radicand else { return x }
        guard x.numerator * y.denominator == y.numerator * x.denominator else { throw .secondRadicand }
        return x
    }

    public static func + (a: QuadraticSurd, b: QuadraticSurd) throws(Failure) -> QuadraticSurd {
        try QuadraticSurd(rational: a.rational * b.denominator + b.rational * a.denominator,
                          surd: a.surd * b.denominator + b.surd * a.denominator,
                          denominator: a.denominator * b.denominator, radicand: try common(a, b))
    }

    public static prefix func - (a: QuadraticSurd) -> QuadraticSurd {
        try! QuadraticSurd(rational: -a.rational, surd: -a.surd, denominator: a.denominator, radicand: a.radicand)
    }

    public static func - (a: QuadraticSurd, b: QuadraticSurd) throws(Failure) -> QuadraticSurd { try a + -b }

    /// `(A₁ + B₁s)(A₂ + B₂s) = A₁A₂ + B₁B₂ N/M + (A₁B₂ + A₂B₁)s`, over `C₁C₂M` where `s²` entered.
    public static func * (a: QuadraticSurd, b: QuadraticSurd) throws(Failure) -> QuadraticSurd {
        let radicand = try common(a, b)
        let denominator = a.denominator * b.denominator
        guard let (n, m) = radicand, !a.surd.isZero, !b.surd.isZero else {
            return try QuadraticSurd(rational: a.rational * b.rational, surd: a.rational * b.surd + b.rational * a.surd,
                                     denominator: denominator, radicand: radicand)
        }
        return try QuadraticSurd(rational: a.rational * b.rational * m + a.surd * b.surd * n,
                                 surd: (a.rational * b.surd + b.rational * a.surd) * m,
                                 denominator: denominator * m, radicand: radicand)
    }

    /// `a/b = a · C₂(A₂ − B₂s) / (A₂² − B₂² N/M)`; fails when `b ≡ 0`.
    public static func / (a: QuadraticSurd, b: QuadraticSurd) throws(Failure) -> QuadraticSurd {
        guard !b.isZero else { throw .divisionByZero }
        let radicand = try common(a, b)
        guard let (n, m) = radicand, !b.surd.isZero else {
            return try a * QuadraticSurd(rational: b.denominator, surd: 0, denominator: b.rational, radicand: radicand)
        }
        // 1/b = C₂ M (A₂ − B₂ s) / (A₂² M − B₂² N); the norm is not zero when b is not.
        let norm = b.rational * b.rational * m - b.surd * b.surd * n
        guard !norm.isZero else { throw .divisionByZero }
        let inverse = try QuadraticSurd(rational: b.denominator * m * b.rational, surd: -(b.denominator * m * b.surd),
                                        denominator: norm, radicand: radicand)
        return try a * inverse
    }

    /// `a^n` for an integer `n` (by squaring; `a⁰ = 1`, a negative power divides).
    public func power(_ n: Int) throws(Failure) -> QuadraticSurd {
        var result = QuadraticSurd(1), base = self, k = n.magnitude
        while k > 0 {
            if k & 1 == 1 { result = try result * base }
            k >>= 1
            if k > 0 { base = try base * base }
        }
        return n >= 0 ? result : try QuadraticSurd(1) / result
    }

    /// `sqrt(A/C) = s` with `s² = A/C`, for an element without the square root; the same
    /// element as an earlier root when the radicands are equal as rational functions.
    public func squareRoot() throws(Failure) -> QuadraticSurd {
        guard surd.isZero else { throw .nestedRoot }
        let own = (numerator: rational, denominator: denominator)
        let shared = try Self.common(self, QuadraticSurd(rational: 0, surd: 0, denominator: 1, radicand: own))
        return try QuadraticSurd(rational: 0, surd: 1, denominator: 1, radicand: shared)
    }
}
