/// `A + B s` with `s = sqrt(D) ≥ 0`, `A`, `B`, `D` polynomials in the parameters: the value (up
/// to a positive factor) of a quantity at a closed-form root, whose sign a proof decides.
public struct SurdValue: Sendable {
    public let rational: Polynomial
    public let surd: Polynomial
    public let radicand: Polynomial

    public static prefix func - (x: SurdValue) -> SurdValue {
        SurdValue(rational: -x.rational, surd: -x.surd, radicand: x.radicand)
    }

    /// Conditions that each make `A + B s > 0` where `D > 0`; each is a list of polynomials
    /// that must all be positive: `A > 0, B > 0`; `B > 0, B²D − A² > 0` (`Bs > |A|`);
    /// `A > 0, A² − B²D > 0` (`A > |B|s`); `B > 0, D − 1 > 0, A + B > 0` (`s > 1`, so
    /// `A + Bs > A + B`).
    public var positivityConditions: [[Polynomial]] {
        if surd.isZero { return [[rational]] }
        if rational.isZero { return [[surd]] }
        let gap = surd * surd * radicand - rational * rational
        return [[rational, surd], [surd, gap], [rational, -gap], [surd, radicand - 1, rational + surd]]
    }
}

extension QuadraticRoot {
    /// `d^k R(p)` at the root `p = (m + s)/d`, `k` the degree of `R` in the unknown, as
    /// `A + B s` (reduced modulo `s² − D`): where `d > 0` it has the sign of `R(p)`.
    public func value(of quantity: Polynomial) -> SurdValue {
        let scaled = quantity.substitutingQuotient(unknown, numerator: offset + Polynomial.variable(radical),
                                                   denominator: denominator)
        return surdValue(scaled.reduced(modulo: radical, square: radicand))
    }

    /// `2 s d² ∂p/∂x = (D_x d − 2 D d_x) + 2(m_x d − m d_x) s`, from `p = (m + s)/d` and
    /// `∂s/∂x = D_x/(2s)`: where `D > 0` and `d ≠ 0` it has the sign of `∂p/∂x`.
    public func derivative(in x: String) -> SurdValue {
        let (m, d, big) = (offset, denominator, radicand)
        return SurdValue(rational: big.derivative(in: x) * d - 2 * big * d.derivative(in: x),
                         surd: 2 * (m.derivative(in: x) * d - m * d.derivative(in: x)), radicand: radicand)
    }

    /// The residual of implicit differentiation: `Q_p(p) ∂p/∂x + Q_x(p) = 0` with `∂p/∂x` from
    /// `derivative(in:)`, i.e. `(A + Bs) Q_p(p) + 2 s d² Q_x(p)` at the root, times `d^k`, reduced
    /// modulo `s² − D`. Zero proves the rewriting of `∂p/∂x` against the equation itself.
    public func implicitDerivativeResidual(in x: String) -> Polynomial {
        let q = quadratic, s = Polynomial.variable(radical)
        let slope = derivative(in: x)
        let (qp, qx) = (q.derivative(in: unknown), q.derivative(in: x))
        let k = max(qp.degree(in: unknown), qx.degree(in: unknown))
        func atRoot(_ f: Polynomial) -> Polynomial {
            // d^k f(p): the substitution clears d^{deg f}; the rest of d^k multiplies.
            f.substitutingQuotient(unknown, numerator: offset + s, denominator: denominator)
                * denominator.power(k - f.degree(in: unknown))
        }
        let total = (slope.rational + slope.surd * s) * atRoot(qp) + 2 * s * denominator * denominator * atRoot(qx)
        return total.reduced(modulo: radical, square: radicand)
    }

    /// `A + B s` from a polynomial linear in `s`.
    private func surdValue(_ reduced: Polynomial) -> SurdValue {
        SurdValue(rational: reduced.substituting(radical, with: 0), surd: reduced.derivative(in: radical), radicand: radicand)
    }
}
