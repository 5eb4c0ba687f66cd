import Multiprecision

/// Monotonicity and bounds of the closed forms on bounded parameter domains, proved box by box.
///
/// Each predicate evaluates, in interval arithmetic over the box, an algebraic rewriting of the
/// quantity whose sign is claimed, chosen so that it is a product or quotient of manifestly
/// signed factors (so interval overestimation cannot blur the sign). With `r = β/γ`,
/// `S = sqrt((1 − r)² + 4 r p_ref)` and `p` from (14):
///
/// * `dp/dr = −(p − p_ref)/S = −p(1 − p)/(r S)` — implicit differentiation of
///   `p² − (1 − r)p − r p_ref = 0`, with `2p − (1 − r) = S` and, by (17), `p − p_ref = p(1 − p)/r`;
/// * `dp/dp_ref = r/S`;
/// * `p − (1 − r) = (S − (1 − r))/2`, with `S − (1 − r)` evaluated as `S + (r − 1)` for `r ≥ 1`
///   and as `4 r p_ref/(S + 1 − r)` for `r < 1`;
/// * `1 − p = 2r(1 − p_ref)/(1 + r + S)`, so `r − (1 − p) = r(S − (1 − r) + 2p_ref)/(1 + r + S)`;
/// * `1/(4r) − (p − p_ref) = (1/4 − p(1 − p))/r = (p − ½)²/r`.
///
/// For (15), with `T = sqrt(1 + 4β² p_ref(1 − p_ref))`:
/// `p − 1/(1 + β²) = (2β² p_ref + 4β² p_ref(1 − p_ref)/(T + 1)) / (2(1 + β²))`,
/// `1 − p = 2β²(1 − p_ref)²/(1 + 2β²(1 − p_ref) + T)` and, by (19), `p − p_ref = sqrt(p(1 − p))/β`.
/// Implicit differentiation of `H = p − sqrt(p(1 − p))/β − p_ref = 0` gives, with
/// `∂H/∂p = T/(2β²(p − p_ref))` (by (19) and `2(1 + β²)p − 2β² p_ref − 1 = T` from (15)),
/// `dp/dβ = −2p(1 − p)/(βT)` and `dp/dp_ref = 2β sqrt(p(1 − p))/T`.
enum BoxChecks {
    static func decimal(_ text: String) -> DecimalNumber { try! DecimalNumber(text) }

    /// `r = β/γ ∈ [10⁻³, 10³]`, `p_ref ∈ [10⁻³, 1 − 10⁻³]`.
    static let groupsOfTwoDomain = BoxCertification(x: (decimal("0.001"), decimal("1000")),
                                                    y: (decimal("0.001"), decimal("0.999")))
    /// `β ∈ [10⁻³, 10³]`, `p_ref ∈ [0, 1]`.
    static let largeGroupsDomain = BoxCertification(x: (decimal("0.001"), decimal("1000")),
                                                    y: (decimal("0"), decimal("1")))
    /// `β ∈ [10⁻³, 10³]`, `p_ref ∈ [10⁻³, 1 − 10⁻³]` (at `p_ref = 1`, `p = 1` and both derivatives vanish).
    static let largeGroupsMonotoneDomain = BoxCertification(x: (decimal("0.001"), decimal("1000")),
                                                            y: (decimal("0.001"), decimal("0.999")))

    /// `S = sqrt((1 − r)² + 4 r p_ref)`.
    static func discriminantRoot(_ r: Interval, _ y: Interval) -> Interval {
        ((1 - r).square() + 4 * r * y).squareRoot()
    }

    /// `S − (1 − r) ≥ 0` in a form without cancellation on the box.
    static func aboveLinear(_ r: Interval, _ y: Interval) -> Interval {
        let root = discriminantRoot(r, y)
        return r.lower >= 1 ? root + (r - 1) : 4 * r * y / (root + 1 - r)
    }

    /// `p(1 − p)` on the box with `1 − p` in its signed form; `p` from (14) at `γ = 1`.
    static func spread(_ r: Interval, _ y: Interval, _ context: ProofContext) -> Interval {
        let p = context.closedForms.groupsOfTwo(r, y, Interval(1, precision: r.precision))
        let oneMinus = 2 * r * (1 - y) / (1 + r + discriminantRoot(r, y))
        return p * oneMinus
    }

    static func decreasingInBeta(_ context: ProofContext) -> CheckStatus {
        groupsOfTwoDomain.certify { r, y in
            (-(spread(r, y, context) / (r * discriminantRoot(r, y)))).upper < 0
        }
    }

    /// `dp/dγ = −(β/γ²) dp/dr`, positive exactly where `dp/dr < 0`.
    static func increasingInMargin(_ context: ProofContext) -> CheckStatus {
        groupsOfTwoDomain.certify { r, y in
            (spread(r, y, context) / (r * discriminantRoot(r, y))).lower > 0
        }
    }

    static func increasingInReference(_ context: ProofContext) -> CheckStatus {
        groupsOfTwoDomain.certify { r, y in (r / discriminantRoot(r, y)).lower > 0 }
    }

    /// `0 ≤ 1 − p ≤ r`.
    static func smallBeta(_ context: ProofContext) -> CheckStatus {
        groupsOfTwoDomain.certify { r, y in
            let root = discriminantRoot(r, y)
            let oneMinus = 2 * r * (1 - y) / (1 + r + root)
            let slack = r * (aboveLinear(r, y) + 2 * y) / (1 + r + root)
            return oneMinus.lower >= 0 && slack.lower >= 0
        }
    }

    /// `0 ≤ p − p_ref = p(1 − p)/r ≤ 1/(4r)`.
    static func largeBeta(_ context: ProofContext) -> CheckStatus {
        groupsOfTwoDomain.certify { r, y in
            let p = context.closedForms.groupsOfTwo(r, y, Interval(1, precision: r.precision))
            return (spread(r, y, context) / r).lower >= 0 && ((p - 1 / 2).square() / r).lower >= 0
        }
    }

    /// `p ≥ 1 − r` and `p ≥ p_ref`.
    static func groupsOfTwoLowerBound(_ context: ProofContext) -> CheckStatus {
        groupsOfTwoDomain.certify { r, y in
            aboveLinear(r, y).lower >= 0 && spread(r, y, context).lower >= 0
        }
    }

    /// `T = sqrt(1 + 4β² p_ref(1 − p_ref))` and `p(1 − p)` for (15), `1 − p` in its signed form.
    static func largeGroupsSpread(_ beta: Interval, _ y: Interval, _ context: ProofContext) -> (t: Interval, spread: Interval) {
        let b2 = beta * beta
        let t = (4 * b2 * y * (1 - y) + 1).squareRoot()
        let oneMinus = 2 * b2 * (1 - y).square() / (2 * b2 * (1 - y) + 1 + t)
        return (t, context.closedForms.largeGroups(beta, y) * oneMinus)
    }

    /// `dp/dβ = −2p(1 − p)/(βT) < 0` for (15).
    static func largeGroupsDecreasingInBeta(_ context: ProofContext) -> CheckStatus {
        largeGroupsMonotoneDomain.certify { beta, y in
            let (t, spread) = largeGroupsSpread(beta, y, context)
            return (-(2 * spread / (beta * t))).upper < 0
        }
    }

    /// `dp/dp_ref = 2β sqrt(p(1 − p))/T > 0` for (15).
    static func largeGroupsIncreasingInReference(_ context: ProofContext) -> CheckStatus {
        largeGroupsMonotoneDomain.certify { beta, y in
            let (t, spread) = largeGroupsSpread(beta, y, context)
            let derivative = 2 * beta * spread.squareRoot() / t
            return derivative.isValid && derivative.lower > 0
        }
    }

    /// `p ≥ 1/(1 + β²)` and `p ≥ p_ref` for (15).
    static func largeGroupsLowerBound(_ context: ProofContext) -> CheckStatus {
        largeGroupsDomain.certify { beta, y in
            let b2 = beta * beta
            let t = (4 * b2 * y * (1 - y) + 1).squareRoot()
            let aboveBound = (2 * b2 * y + 4 * b2 * y * (1 - y) / (t + 1)) / (2 * (b2 + 1))
            let p = context.closedForms.largeGroups(beta, y)
            let oneMinus = 2 * b2 * (1 - y).square() / (2 * b2 * (1 - y) + 1 + t)
            let aboveReference = (p * oneMinus).squareRoot() / beta
            return aboveBound.lower >= 0 && aboveReference.isValid && aboveReference.lower >= 0
        }
    }
}
