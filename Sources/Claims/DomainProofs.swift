import Symbolic

/// Signs of the closed forms proved exactly for every parameter value the paper allows.
///
/// A quantity `R(p)` at the root `p = (m + s)/d` of (14) or (15) is, times a positive factor,
/// `A + B s` with `A`, `B`, `s² = D` polynomials in the parameters (`QuadraticRoot.value(of:)`);
/// so is a derivative `∂p/∂x` (`QuadraticRoot.derivative(in:)`, its rewriting checked against
/// implicit differentiation of the quadratic). `A + B s > 0` follows from polynomial signs
/// (`SurdValue.positivityConditions`), and each polynomial sign is proved on the open unit box
/// by Bernstein coefficients (`BernsteinPositivity`), after mapping a parameter `x ∈ (0, ∞)`
/// to `u ∈ (0, 1)` by `x = u/(1 − u)` and clearing the positive factor `(1 − u)^deg`.
/// Nothing is rounded: the proof covers the open domain, ends included as limits.
struct WholeDomain: Sendable {
    /// A parameter and whether it ranges over `(0, ∞)` (else over `(0, 1)`).
    let parameters: [(name: String, halfLine: Bool)]
    /// The domain as the claim states it, e.g. `r = β/γ > 0, π_ref ∈ (0, 1)`.
    let text: String

    /// `r = β/γ ∈ (0, ∞)` (every `β > 0`, `γ ∈ (0, 1]`) and `π_ref ∈ (0, 1)`, for (14).
    static let groupsOfTwo = WholeDomain(parameters: [("r", true), ("p_ref", false)],
                                         text: "β > 0, γ ∈ (0, 1], π_ref ∈ (0, 1)")
    /// `β ∈ (0, ∞)` and `π_ref ∈ (0, 1)`, for (15).
    static let largeGroups = WholeDomain(parameters: [("beta", true), ("p_ref", false)], text: "β > 0, π_ref ∈ (0, 1)")

    /// `p` on the unit box: each half-line parameter `x` replaced by `u/(1 − u)`, cleared.
    func compactified(_ p: Polynomial) -> Polynomial {
        parameters.filter(\.halfLine).reduce(p) { q, parameter in
            let u = Polynomial.variable(parameter.name)
            return q.substitutingQuotient(parameter.name, numerator: u, denominator: 1 - u)
        }
    }

    /// Proves that everywhere on the domain one of `alternatives` has all its polynomials positive.
    func prove(anyOf alternatives: [[Polynomial]]) -> CheckStatus {
        let box = BernsteinPositivity(variables: parameters.map(\.name))
        switch box.prove(anyOf: alternatives.map { $0.map(compactified) }) {
        case .proved(let boxes): return .provedOnDomain(text, boxes: boxes)
        case .undecided(let corners):
            return .failed("no sign proved on the box \(corners) of \(parameters.map(\.name).joined(separator: " × ")) "
                + "(half-line parameters as u = x/(1 + x))")
        }
    }

    /// Proves `A + B s > 0` where `s² = D > 0`, together with the positive `factors` the value
    /// was multiplied by.
    func prove(positive value: SurdValue, factors: [Polynomial] = []) -> CheckStatus {
        prove(anyOf: value.positivityConditions.map { $0 + [value.radicand] + factors })
    }

    /// All of `statuses` proved: their boxes summed; else the first failure.
    static func all(_ statuses: [CheckStatus]) -> CheckStatus {
        var boxes = 0, text = ""
        for status in statuses {
            guard case .provedOnDomain(let t, let n) = status else { return status }
            boxes += n
            text = t
        }
        return .provedOnDomain(text, boxes: boxes)
    }
}

/// The monotonicity, limit and bound claims of the closed forms, on their whole domains.
enum DomainProofs {
    static let p = Polynomial.variable("p")
    static let reference = Polynomial.variable("p_ref")
    static let r = Polynomial.variable("r")
    static let beta = Polynomial.variable("beta")

    // MARK: Groups of two, (14) with r = β/γ

    /// `∂p/∂r < 0`: `∂p/∂β = (1/γ) ∂p/∂r` and `∂p/∂γ = −(β/γ²) ∂p/∂r`.
    static func groupsOfTwoDecreasingInRatio(_ root: QuadraticRoot) -> CheckStatus {
        WholeDomain.groupsOfTwo.prove(positive: -root.derivative(in: "r"), factors: [root.denominator])
    }

    /// `∂p/∂π_ref > 0`.
    static func groupsOfTwoIncreasingInReference(_ root: QuadraticRoot) -> CheckStatus {
        WholeDomain.groupsOfTwo.prove(positive: root.derivative(in: "p_ref"), factors: [root.denominator])
    }

    /// `1 − r < p < 1`, so `|1 − p| < β/γ`.
    static func groupsOfTwoBetweenLinearAndOne(_ root: QuadraticRoot) -> CheckStatus {
        WholeDomain.all([groupsOfTwoAboveLinear(root),
                         WholeDomain.groupsOfTwo.prove(positive: root.value(of: 1 - p), factors: [root.denominator])])
    }

    /// `p > 1 − r`.
    static func groupsOfTwoAboveLinear(_ root: QuadraticRoot) -> CheckStatus {
        WholeDomain.groupsOfTwo.prove(positive: root.value(of: p - (1 - r)), factors: [root.denominator])
    }

    /// `p > π_ref`.
    static func groupsOfTwoAboveReference(_ root: QuadraticRoot) -> CheckStatus {
        WholeDomain.groupsOfTwo.prove(positive: root.value(of: p - reference), factors: [root.denominator])
    }

    // MARK: Large groups, (15)

    /// `∂p/∂β < 0`.
    static func largeGroupsDecreasingInBeta(_ root: QuadraticRoot) -> CheckStatus {
        WholeDomain.largeGroups.prove(positive: -root.derivative(in: "beta"), factors: [root.denominator])
    }

    /// `∂p/∂π_ref > 0`.
    static func largeGroupsIncreasingInReference(_ root: QuadraticRoot) -> CheckStatus {
        WholeDomain.largeGroups.prove(positive: root.derivative(in: "p_ref"), factors: [root.denominator])
    }

    /// `p > 1/(1 + β²)`, as `(1 + β²) p − 1 > 0`.
    static func largeGroupsAboveBound(_ root: QuadraticRoot) -> CheckStatus {
        WholeDomain.largeGroups.prove(positive: root.value(of: (1 + beta * beta) * p - 1), factors: [root.denominator])
    }

    /// `p > π_ref`.
    static func largeGroupsAboveReference(_ root: QuadraticRoot) -> CheckStatus {
        WholeDomain.largeGroups.prove(positive: root.value(of: p - reference), factors: [root.denominator])
    }

    /// `p_∞ > p_2` at `γ = 1` (so `r = β`): `x = p_2` lies below the larger root `p_∞` of
    /// `Q_∞(x) = (1 + β²)x² − (2β²π_ref + 1)x + β²π_ref²` (whose leading coefficient is
    /// positive) where `Q_∞(x) < 0` (between the roots) or `Q_∞′(x) < 0` (left of the vertex).
    static func largeGroupsMoreBiased(groupsOfTwo: QuadraticRoot, largeGroups: QuadraticRoot) -> CheckStatus {
        var two = groupsOfTwo
        for keyPath in [\QuadraticRoot.leading, \.linear, \.constant, \.offset, \.denominator, \.radicand] {
            two[keyPath: keyPath] = two[keyPath: keyPath].substituting("r", with: beta)
        }
        let q = largeGroups.quadratic
        let extra = [two.radicand, two.denominator, largeGroups.leading, largeGroups.radicand]
        let alternatives = (two.value(of: -q).positivityConditions + two.value(of: -q.derivative(in: "p")).positivityConditions)
            .map { $0 + extra }
        return WholeDomain.largeGroups.prove(anyOf: alternatives)
    }

    // MARK: Direct KL, groups of two

    /// The direct-KL policy of groups of two as `N/D`, `N = π_ref E`, `D = π_ref E + 1 − π_ref`,
    /// with `E = e^{γ/β}` a variable: logit p = logit π_ref + γ/β (direct-kl-g2.md).
    static let tilt = Polynomial.variable("E")
    static let directNumerator = reference * tilt
    static let directDenominator = reference * tilt + 1 - reference

    /// `∂p/∂π_ref = E/D²` and `∂p/∂E = π_ref(1 − π_ref)/D²` by the quotient rule, computed on the
    /// polynomials; with `∂E/∂β = −(γ/β²)E < 0`, p increases in π_ref and decreases in β (and
    /// increases in γ) wherever `E > 0` and `0 < π_ref < 1`, which the Bernstein proof gives for
    /// `E = 1 + u/(1 − u)`, `u ∈ (0, 1)` (every β > 0, γ ∈ (0, 1]).
    static func directMonotone(numerator: Polynomial = directNumerator, denominator: Polynomial = directDenominator) -> CheckStatus {
        func quotientNumerator(_ x: String) -> Polynomial {
            numerator.derivative(in: x) * denominator - numerator * denominator.derivative(in: x)
        }
        let (inReference, inTilt) = (quotientNumerator("p_ref"), quotientNumerator("E"))
        guard inReference == tilt, inTilt == reference * (1 - reference) else {
            return .failed("the quotient rule does not give E/D² and π_ref(1 − π_ref)/D²")
        }
        let domain = WholeDomain(parameters: [("E", true), ("p_ref", false)], text: "β > 0, γ ∈ (0, 1], π_ref ∈ (0, 1)")
        // E = e^{γ/β} > 1: E − 1 ranges over the half-line.
        let shifted = [inReference, inTilt, denominator].map { $0.substituting("E", with: tilt + 1) }
        return domain.prove(anyOf: [shifted])
    }

    // MARK: The rewritings, exactly

    /// `∂p/∂x` as `derivative(in:)` rewrites it satisfies `Q_p ∂p/∂x + Q_x = 0` at the root.
    static func rewriting(_ root: QuadraticRoot, _ x: String) -> Bool {
        root.implicitDerivativeResidual(in: x).isZero
    }

    /// (14) at `π_ref = 0`: the radicand is `(1 − r)²`, so `s = |1 − r|` and the closed form,
    /// continuous on `π_ref ∈ [0, 1]`, tends to `½[(1 − r) + |1 − r|] = max(1 − r, 0)`.
    static func groupsOfTwoAtZero(_ root: QuadraticRoot) -> Bool {
        let (m, s2) = (root.offset.substituting("p_ref", with: 0), root.radicand.substituting("p_ref", with: 0))
        return s2 == m * m && m == 1 - r && root.denominator == 2
    }

    /// (15) at `π_ref = 0`: the radicand is 1 and `(m + 1)(1 + β²) = d`, so the closed form,
    /// continuous on `π_ref ∈ [0, 1]`, tends to `1/(1 + β²) > 0`.
    static func largeGroupsAtZero(_ root: QuadraticRoot) -> Bool {
        let (m, s2, d) = (root.offset.substituting("p_ref", with: 0), root.radicand.substituting("p_ref", with: 0),
                          root.denominator.substituting("p_ref", with: 0))
        return s2 == 1 && (m + 1) * (1 + beta * beta) == d
    }

    /// `r(p − π_ref) = p(1 − p)` at the root of (14) (it is (17)), and `1/4 − p(1 − p) = (p − ½)²`:
    /// so `0 < p − π_ref ≤ 1/(4r)`.
    static func groupsOfTwoSpread(_ root: QuadraticRoot) -> Bool {
        let atRoot = root.value(of: r * (p - reference) - p * (1 - p))
        let half = Polynomial(Rational(1, 2))
        return atRoot.rational.isZero && atRoot.surd.isZero && Polynomial(Rational(1, 4)) - p * (1 - p) == (p - half) * (p - half)
    }
}
