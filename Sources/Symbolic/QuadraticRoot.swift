/// A closed-form root `p = (m + s)/d`, `s = sqrt(D)`, claimed for `a p² + b p + c = 0`.
///
/// The parts are separate so a check can be perturbed (change `linear` but not the root) and
/// shown to fail: nothing here derives one part from another.
public struct QuadraticRoot: Sendable {
    /// The name of the unknown `p` and of the square root `s`.
    public var unknown: String
    public var radical: String
    /// The equation `a p² + b p + c = 0`.
    public var leading: Polynomial
    public var linear: Polynomial
    public var constant: Polynomial
    /// The root `p = (m + s)/d` with `s² = D`.
    public var offset: Polynomial
    public var denominator: Polynomial
    public var radicand: Polynomial

    public init(unknown: String, radical: String, leading: Polynomial, linear: Polynomial, constant: Polynomial,
                offset: Polynomial, denominator: Polynomial, radicand: Polynomial) {
        self.unknown = unknown
        self.radical = radical
        self.leading = leading
        self.linear = linear
        self.constant = constant
        self.offset = offset
        self.denominator = denominator
        self.radicand = radicand
    }

    /// `a p² + b p + c` as a polynomial in the unknown.
    public var quadratic: Polynomial {
        let p = Polynomial.variable(unknown)
        return leading * p * p + linear * p + constant
    }

    /// `d² (a p² + b p + c)` at `p = (m + s)/d`, i.e. `a (m + s)² + b d (m + s) + c d²`, reduced
    /// modulo `s² − D`. Zero proves the claim wherever `d ≠ 0`.
    public var residual: Polynomial {
        let numerator = offset + Polynomial.variable(radical)
        let cleared = leading * numerator * numerator + linear * denominator * numerator
            + constant * denominator * denominator
        return cleared.reduced(modulo: radical, square: radicand)
    }

    /// `(s − m)(m + s) − d N` reduced modulo `s² − D`: zero iff the rationalised form
    /// `p = N/(s − m)` is the same root as `(m + s)/d` (where `s ≠ m`, `d ≠ 0`).
    public func rationalisedResidual(numerator: Polynomial) -> Polynomial {
        let s = Polynomial.variable(radical)
        return ((s - offset) * (offset + s) - denominator * numerator).reduced(modulo: radical, square: radicand)
    }
}

extension QuadraticRoot {
    /// (14) with `r = β/γ`: `p = ½[(1 − r) + s]`, `s² = (1 − r)² + 4 r p_ref`, a root of
    /// `p² − (1 − r) p − r p_ref = 0`.
    public static let groupsOfTwo: QuadraticRoot = {
        let r = Polynomial.variable("r"), reference = Polynomial.variable("p_ref")
        return QuadraticRoot(unknown: "p", radical: "s",
                             leading: 1, linear: -(1 - r), constant: -(r * reference),
                             offset: 1 - r, denominator: 2, radicand: (1 - r).power(2) + 4 * r * reference)
    }()

    /// (15): `p = (2β² p_ref + 1 + s) / (2(1 + β²))`, `s² = 1 + 4β² p_ref (1 − p_ref)`, a root of
    /// `(1 + β²) p² − (2β² p_ref + 1) p + β² p_ref² = 0`, the square of (19).
    public static let largeGroups: QuadraticRoot = {
        let beta2 = Polynomial.variable("beta").power(2), reference = Polynomial.variable("p_ref")
        return QuadraticRoot(unknown: "p", radical: "s",
                             leading: 1 + beta2, linear: -(2 * beta2 * reference + 1),
                             constant: beta2 * reference * reference,
                             offset: 2 * beta2 * reference + 1, denominator: 2 * (1 + beta2),
                             radicand: 1 + 4 * beta2 * reference * (1 - reference))
    }()
}
