/// One exact check of the algebra behind the paper's closed forms: polynomial identities in
/// canonical form and rational sums, with no tolerance anywhere.
public struct ExactIdentity: Sendable, CustomStringConvertible {
    public let name: String
    /// The claim in one line.
    public let statement: String
    /// Where the claim comes from: the paper's equation, or the proofs/ note of a derived one.
    public let reference: String
    let check: @Sendable () -> Bool

    public init(name: String, statement: String, reference: String, check: @escaping @Sendable () -> Bool) {
        self.name = name
        self.statement = statement
        self.reference = reference
        self.check = check
    }

    /// Whether the identity holds, decided exactly.
    public func verify() -> Bool { check() }

    public var description: String { "\(name): \(statement) [\(reference)]" }
}

/// The variables of the identities.
enum Variable {
    static let beta = Polynomial.variable("beta")
    static let gamma = Polynomial.variable("gamma")
    static let p = Polynomial.variable("p")
    static let reference = Polynomial.variable("p_ref")
    static let r = Polynomial.variable("r")
    static let s = Polynomial.variable("s")
}

// MARK: - Binary questions, groups of two and large groups

extension ExactIdentity {
    /// `β (p − p_ref) − γ p(1 − p)`: (17) `β (p − p_ref)/(p(1 − p)) = γ` cleared of its denominator.
    static var eq17Cleared: Polynomial {
        Variable.beta * (Variable.p - Variable.reference) - Variable.gamma * Variable.p * (1 - Variable.p)
    }

    /// (17) cleared is `γ p² − (γ − β) p − β p_ref`, which is `γ` times the quadratic of (14) at
    /// `r = β/γ`: that quadratic is affine in `r`, so `γ Q(β/γ) = γ Q(0) + β (Q(1) − Q(0))`.
    public static let eq17Quadratic = ExactIdentity(
        name: "eq17Quadratic",
        statement: "β(p − p_ref) − γp(1 − p) = γp² − (γ − β)p − βp_ref = γ[p² − (1 − β/γ)p − (β/γ)p_ref]",
        reference: "paper (17) → (14)"
    ) {
        let (beta, gamma, p, reference) = (Variable.beta, Variable.gamma, Variable.p, Variable.reference)
        let expanded = gamma * p * p - (gamma - beta) * p - beta * reference
        let q = QuadraticRoot.groupsOfTwo.quadratic
        let atZero = q.substituting("r", with: 0), atOne = q.substituting("r", with: 1)
        return eq17Cleared == expanded && q.degree(in: "r") == 1
            && expanded == gamma * atZero + beta * (atOne - atZero)
    }

    /// (16), groups of two: with `P_2(a|π_old) = γ(1 − q)` and `P_2(b|π_old) = −γq` (12) at
    /// `q = π_old(a)`, `E_{o~π}[P_2(o|π_old)] = pγ(1 − q) − (1 − p)γq = γ(p − q)`, `p = π(a)`.
    public static let eq16 = ExactIdentity(
        name: "eq16",
        statement: "p·γ(1 − q) + (1 − p)·(−γq) = γ(p − q)",
        reference: "paper (16)"
    ) {
        let (gamma, p, q) = (Variable.gamma, Variable.p, Variable.reference)
        return p * gamma * (1 - q) + (1 - p) * (-(gamma * q)) == gamma * (p - q)
    }

    /// (18), large groups, deterministic rewards `r(a)`, `r(b)`: the change of the expected
    /// reward is `E_π r − E_{π_old} r = (p − q)(r(a) − r(b))`, and the variance under `π_old` is
    /// `σ² = q r(a)² + (1 − q) r(b)² − (q r(a) + (1 − q) r(b))² = (r(a) − r(b))² q(1 − q)`; so
    /// `σ = |r(a) − r(b)| sqrt(q(1 − q))` and (18) follows with `(r(a) − r(b))/|r(a) − r(b)| = sign`.
    public static let eq18 = ExactIdentity(
        name: "eq18",
        statement: "E_π r − E_π_old r = (p − q)(r_a − r_b) and σ²(π_old) = (r_a − r_b)² q(1 − q)",
        reference: "paper (18)"
    ) {
        let (p, q, ra, rb) = (Variable.p, Variable.reference, Polynomial.variable("r_a"), Polynomial.variable("r_b"))
        let mean = { (x: Polynomial) in x * ra + (1 - x) * rb }
        let variance = q * ra * ra + (1 - q) * rb * rb - mean(q) * mean(q)
        return mean(p) - mean(q) == (p - q) * (ra - rb) && variance == (ra - rb) * (ra - rb) * q * (1 - q)
    }

    /// At a tie `γ = 0`, (17) cleared is `β (p − p_ref)`, so the only stationary point is `p_ref`.
    public static let tieGivesReference = ExactIdentity(
        name: "tieGivesReference",
        statement: "β(p − p_ref) − γp(1 − p) at γ = 0 is β(p − p_ref)",
        reference: "paper (17), tie γ = 0"
    ) {
        eq17Cleared.substituting("gamma", with: 0) == Variable.beta * (Variable.p - Variable.reference)
    }

    /// (14) with the square root symbolic, in both the textbook and the rationalised form.
    public static let eq14IsRoot = ExactIdentity(
        name: "eq14IsRoot",
        statement: "p = ((1 − r) + s)/2 = 2r p_ref/(s − (1 − r)) solves p² − (1 − r)p − r p_ref = 0 when s² = (1 − r)² + 4r p_ref",
        reference: "paper (14)"
    ) {
        let root = QuadraticRoot.groupsOfTwo
        return root.residual.isZero && root.rationalisedResidual(numerator: 2 * Variable.r * Variable.reference).isZero
    }

    /// At `β = γ` (`r = 1`) the quadratic of (14) is `p² − p_ref`, whose non-negative root is
    /// `sqrt(p_ref)` (checked as `s² − p_ref ≡ 0` modulo `s² − p_ref`).
    public static let betaEqualsMargin = ExactIdentity(
        name: "betaEqualsMargin",
        statement: "p² − (1 − r)p − r p_ref at r = 1 is p² − p_ref, so p = sqrt(p_ref)",
        reference: "paper (14), β = γ"
    ) {
        let atOne = QuadraticRoot.groupsOfTwo.quadratic.substituting("r", with: 1)
        return atOne == Variable.p * Variable.p - Variable.reference
            && atOne.substituting("p", with: Variable.s).reduced(modulo: "s", square: Variable.reference).isZero
    }

    /// Squaring (19) `β (p − p_ref) = sqrt(p(1 − p))` gives the quadratic solved by (15).
    public static let eq19Quadratic = ExactIdentity(
        name: "eq19Quadratic",
        statement: "β²(p − p_ref)² − p(1 − p) = (1 + β²)p² − (2β²p_ref + 1)p + β²p_ref²",
        reference: "paper (19) → (15)"
    ) {
        let (beta, p, reference) = (Variable.beta, Variable.p, Variable.reference)
        let squared = beta * beta * (p - reference).power(2) - p * (1 - p)
        let expanded = (1 + beta * beta) * p * p - (2 * beta * beta * reference + 1) * p
            + beta * beta * reference * reference
        return squared == expanded && expanded == QuadraticRoot.largeGroups.quadratic
    }

    /// (15) with the square root symbolic; also its rationalised form
    /// `p = 2β² p_ref² / ((2β² p_ref + 1) − s)`, since `s² − m² = −4β² p_ref² (1 + β²)`.
    public static let eq15IsRoot = ExactIdentity(
        name: "eq15IsRoot",
        statement: "p = (2β²p_ref + 1 + s)/(2(1 + β²)) solves (1 + β²)p² − (2β²p_ref + 1)p + β²p_ref² = 0 when s² = 1 + 4β²p_ref(1 − p_ref)",
        reference: "paper (15)"
    ) {
        let root = QuadraticRoot.largeGroups
        let numerator = -2 * Variable.beta.power(2) * Variable.reference.power(2)
        return root.residual.isZero && root.rationalisedResidual(numerator: numerator).isZero
    }

    /// The variance of the reward of an output drawn from `π` (a binary question, Bernoulli
    /// rewards `s_a`, `s_b`, `μ = s_a p + s_b(1 − p)`) exceeds the one (15) is derived with,
    /// `(s_a − s_b)² p(1 − p)`, by the expected variance given the output (total variance):
    /// `μ(1 − μ) − (s_a − s_b)² p(1 − p) = s_a(1 − s_a) p + s_b(1 − s_b)(1 − p)`. For
    /// `0 < p < 1` the right side vanishes exactly when `s_a, s_b ∈ {0, 1}`.
    public static let rewardVarianceGap = ExactIdentity(
        name: "rewardVarianceGap",
        statement: "μ(1 − μ) − (s_a − s_b)²p(1 − p) = s_a(1 − s_a)p + s_b(1 − s_b)(1 − p), μ = s_a p + s_b(1 − p)",
        reference: "paper (13), (15), (18)"
    ) {
        rewardVarianceResidual(sa: .variable("s_a"), sb: .variable("s_b"), coefficient: 1).isZero
    }

    /// `μ(1 − μ) − (s_a − s_b)² p(1 − p) − c (s_a(1 − s_a) p + s_b(1 − s_b)(1 − p))`: zero for
    /// `c = 1` (tests perturb `c`).
    public static func rewardVarianceResidual(sa: Polynomial, sb: Polynomial, coefficient c: Rational) -> Polynomial {
        let p = Variable.p
        let mu = sa * p + sb * (1 - p)
        return mu * (1 - mu) - (sa - sb).power(2) * p * (1 - p)
            - Polynomial(c) * (sa * (1 - sa) * p + sb * (1 - sb) * (1 - p))
    }

    /// Direct KL at G = 2 with 0/1 rewards is RLHF at the same β: with `t = e^{γ/β}` (γ = 1:
    /// `e^{1/β}`, RLHF's factor for `r(a) − r(b) = 1`), RLHF's policy (4)
    /// `p = p_ref t/(p_ref t + 1 − p_ref)` solves the direct-KL condition
    /// `(1 − p_ref) p − p_ref (1 − p) t = 0`: cleared of `p_ref t + 1 − p_ref`, identically 0 in
    /// `p_ref` and `t` (the exponential kept symbolic).
    public static let directKLIsRLHF = ExactIdentity(
        name: "directKLIsRLHF",
        statement: "(1 − p_ref)·p_ref t − p_ref((p_ref t + 1 − p_ref) − p_ref t) t = 0: RLHF's p = p_ref t/(p_ref t + 1 − p_ref) solves direct KL at G = 2",
        reference: "paper (4), Section 3"
    ) {
        directKLResidualAtRLHF(tilt: .variable("t")).isZero
    }

    /// The direct-KL condition with odds tilt `tilt`, at RLHF's `p = p_ref t/(p_ref t + 1 − p_ref)`,
    /// cleared of the denominator: `(1 − p_ref) p_ref t − p_ref (1 − p_ref) · tilt`; zero for
    /// `tilt = t` (tests perturb it).
    public static func directKLResidualAtRLHF(tilt: Polynomial) -> Polynomial {
        let (r, t) = (Variable.reference, Polynomial.variable("t"))
        let numerator = r * t, denominator = r * t + 1 - r       // p = numerator/denominator
        return (1 - r) * numerator - r * (denominator - numerator) * tilt
    }

    /// NLHF with 0/1 rewards, ties split evenly (`P(a ≻ b) = 1`, `P(o ≻ o) = ½`): the preference
    /// gap `E_{o′~π} P(a ≻ o′) − E_{o′~π} P(b ≻ o′) = (p/2 + (1 − p)) − (1 − p)/2 = ½` at every
    /// `p`, so NLHF's `π ∝ π_ref e^{E P(o ≻ ·)/τ}` multiplies the odds by `e^{1/(2τ)}`: at
    /// `τ = β/2` it is RLHF (and direct KL at G = 2) at β.
    public static let nlhfGapIsHalf = ExactIdentity(
        name: "nlhfGapIsHalf",
        statement: "(p/2 + (1 − p)) − ((1 − p)/2 + 0·p) = 1/2 for every p",
        reference: "Section 3, 'akin to NLHF'"
    ) {
        nlhfPreferenceGap(tie: Rational(1, 2)) == Polynomial(Rational(1, 2))
    }

    /// `E_{o′~π} P(a ≻ o′) − E_{o′~π} P(b ≻ o′)` for 0/1 rewards with `P(o ≻ o) = tie`:
    /// `(tie p + (1 − p)) − tie (1 − p)`, a polynomial in `p` (constant ½ for `tie = ½`).
    public static func nlhfPreferenceGap(tie: Rational) -> Polynomial {
        let p = Variable.p, t = Polynomial(tie)
        return (t * p + (1 - p)) - t * (1 - p)
    }

    /// `1/(1 + β²) − (1 − β) = β(1 − β + β²)/(1 + β²)`, cross-multiplied by `1 + β² > 0`.
    public static let lowerBoundGap = ExactIdentity(
        name: "lowerBoundGap",
        statement: "1 − (1 − β)(1 + β²) = β(1 − β + β²), i.e. 1/(1 + β²) − (1 − β) = β(1 − β + β²)/(1 + β²)",
        reference: "paper (15), bound p ≥ 1/(1 + β²) > 1 − β"
    ) {
        let beta = Variable.beta
        return 1 - (1 - beta) * (1 + beta * beta) == beta * (1 - beta + beta * beta)
    }

    /// The population coefficients `e_k = sqrt(k(G − k))/G` of `p P_G(a|π)` in the Bernstein
    /// basis are strictly concave in k: `e_{k+1} + e_{k−1} < 2e_k` squares (every term positive)
    /// to `A + B + 2 sqrt(AB) < 4k(G − k)` with `A = (k + 1)(G − k − 1)`, `B = (k − 1)(G − k + 1)`,
    /// `A + B = 2k(G − k) − 2`, so to `AB < (k(G − k) + 1)²`, which this identity gives for every G
    /// (proofs/eq11-stationarity.md, *binary-uniqueness*).
    public static let populationCoefficientsConcave = ExactIdentity(
        name: "populationCoefficientsConcave",
        statement: "(k + 1)(G − k − 1)(k − 1)(G − k + 1) = (k(G − k) + 1)² − G² and (k + 1)(G − k − 1) + (k − 1)(G − k + 1) = 2k(G − k) − 2",
        reference: "proofs/eq11-stationarity.md: the binary stationary policy is unique"
    ) {
        let k = Polynomial.variable("k"), g = Polynomial.variable("G")
        let a = (k + 1) * (g - k - 1), b = (k - 1) * (g - k + 1), m = k * (g - k)
        return a * b == (m + 1).power(2) - g * g && a + b == 2 * m - 2
    }

    /// `1 − β + β²` is a sum of squares plus `3/4`, so the gap above is positive for `β > 0`.
    public static let lowerBoundPositive = ExactIdentity(
        name: "lowerBoundPositive",
        statement: "1 − β + β² = (β − 1/2)² + 3/4",
        reference: "paper (15), 1/(1 + β²) > 1 − β for β > 0"
    ) {
        let beta = Variable.beta
        return 1 - beta + beta * beta == (beta - Polynomial(Rational(1, 2))).power(2) + Polynomial(Rational(3, 4))
    }
}

// MARK: - Finite groups with 0/1 rewards

/// The squared advantages of a reward 1 and of a reward 0 in a group of `G` 0/1 rewards with
/// `k` ones. Both advantages are square roots of rationals with known signs, so identities
/// between positive sums of them are checked term by term on squares, exactly.
public struct SquaredAdvantages: Sendable {
    public var ofOne: @Sendable (_ groupSize: Int, _ ones: Int) -> Rational
    public var ofZero: @Sendable (_ groupSize: Int, _ ones: Int) -> Rational

    public init(ofOne: @escaping @Sendable (_ groupSize: Int, _ ones: Int) -> Rational,
                ofZero: @escaping @Sendable (_ groupSize: Int, _ ones: Int) -> Rational) {
        self.ofOne = ofOne
        self.ofZero = ofZero
    }

    /// (2) with the population std: a one has advantage `sqrt((G−k)/k)`, a zero `−sqrt(k/(G−k))`.
    public static let populationNormalised = SquaredAdvantages(
        ofOne: { g, k in Rational(g - k, k) },
        ofZero: { g, k in Rational(k, g - k) }
    )
}

extension ExactIdentity {
    /// `μ U_G(μ) = (1 − μ) V_G(μ)` matched in the Bernstein basis `μ^k (1 − μ)^{G−k}`:
    /// `C(G−1, k−1) sqrt((G−k)/k) = C(G−1, k) sqrt(k/(G−k))` for `0 < k < G`, compared as squares;
    /// the `k = G` term of `μU` and the `k = 0` term of `(1 − μ)V` vanish.
    public static func muUEqualsOneMinusMuV(groupSize g: Int,
                                            advantages: SquaredAdvantages = .populationNormalised) -> ExactIdentity {
        precondition(g >= 2)
        return ExactIdentity(
            name: "muUEqualsOneMinusMuV(G=\(g))",
            statement: "μU_G(μ) = (1 − μ)V_G(μ), coefficient by coefficient in μ^k(1 − μ)^(G−k)",
            reference: "derived, proofs/finite-g-exact-sums.md"
        ) {
            guard advantages.ofOne(g, g).isZero, advantages.ofZero(g, 0).isZero else { return false }
            return (1..<g).allSatisfy { k in
                let u = Rational.binomial(g - 1, k - 1), v = Rational.binomial(g - 1, k)
                return u * u * advantages.ofOne(g, k) == v * v * advantages.ofZero(g, k)
            }
        }
    }

    /// The advantages of a group sum to zero: `k` ones and `G − k` zeros give
    /// `k sqrt((G−k)/k) = (G − k) sqrt(k/(G−k))`, compared as squares; hence `E_π[P_G(o|π)] = 0`.
    public static func zeroMeanAdvantage(groupSize g: Int,
                                         advantages: SquaredAdvantages = .populationNormalised) -> ExactIdentity {
        precondition(g >= 2)
        return ExactIdentity(
            name: "zeroMeanAdvantage(G=\(g))",
            statement: "k·A_one = (G − k)·|A_zero| for every 0 < k < G, so advantages sum to 0",
            reference: "derived, proofs/zero-mean-preference.md"
        ) {
            (1..<g).allSatisfy { k in
                Rational(k * k) * advantages.ofOne(g, k) == Rational((g - k) * (g - k)) * advantages.ofZero(g, k)
            }
        }
    }
}

// MARK: - Shift-only normalisation

/// Two outputs `a`, `b` with deterministic rewards, a policy `π` and an old policy `π_old`.
public struct BinaryExample: Sendable {
    public var policy: Rational
    public var oldPolicy: Rational
    public var rewardA: Rational
    public var rewardB: Rational

    public init(policy: Rational, oldPolicy: Rational, rewardA: Rational, rewardB: Rational) {
        self.policy = policy
        self.oldPolicy = oldPolicy
        self.rewardA = rewardA
        self.rewardB = rewardB
    }

    /// `π(a) = 1/3`, `π_old(a) = 3/5`, `r_a = 1`, `r_b = 1/4`.
    public static let standard = BinaryExample(policy: Rational(1, 3), oldPolicy: Rational(3, 5),
                                               rewardA: 1, rewardB: Rational(1, 4))

    /// `E_{o~π}[P_G(o|π_old)]` with the shift-only advantage `A_1 = r_1 − mean(r)`, by summing
    /// over all `2^{G−1}` tuples `o_2..o_G ~ π_old` with their exact probabilities.
    public func shiftOnlyExpectedPreference(groupSize g: Int) -> Rational {
        precondition(g >= 2 && g <= ExactIdentity.shiftOnlyMaximumGroupSize)
        var preferenceA: Rational = 0, preferenceB: Rational = 0
        for tuple in 0..<(1 << (g - 1)) {
            var probability: Rational = 1, othersSum: Rational = 0
            for position in 0..<(g - 1) {
                let isA = (tuple >> position) & 1 == 1
                probability = probability * (isA ? oldPolicy : 1 - oldPolicy)
                othersSum = othersSum + (isA ? rewardA : rewardB)
            }
            let size = Rational(g)
            preferenceA = preferenceA + probability * (rewardA - (rewardA + othersSum) / size)
            preferenceB = preferenceB + probability * (rewardB - (rewardB + othersSum) / size)
        }
        return policy * preferenceA + (1 - policy) * preferenceB
    }

    /// `E_π r − E_{π_old} r`.
    public var rewardGain: Rational {
        (policy - oldPolicy) * (rewardA - rewardB)
    }
}

extension ExactIdentity {
    /// The largest group enumerated by `shiftOnlyExpectation` (`2^{G−1}` tuples).
    public static let shiftOnlyMaximumGroupSize = 8

    /// `E_{o~π}[P_G(o|π_old)] = (1 − 1/G)(E_π r − E_{π_old} r)` for the shift-only advantage.
    public static func shiftOnlyExpectation(groupSize g: Int, example: BinaryExample = .standard) -> ExactIdentity {
        ExactIdentity(
            name: "shiftOnlyExpectation(G=\(g))",
            statement: "E_π[P_G(o|π_old)] = (1 − 1/G)(E_π r − E_π_old r) with A_i = r_i − mean(r)",
            reference: "paper Section 3, Appendix B.2 (proofs/direct-kl-large-g.md)"
        ) {
            example.shiftOnlyExpectedPreference(groupSize: g) == (1 - Rational(1, g)) * example.rewardGain
        }
    }

    /// Every check: the closed-form identities, the finite-group identities for
    /// `G = 2…maximumGroupSize`, and the shift-only identity up to `shiftOnlyMaximumGroupSize`.
    public static func all(maximumGroupSize: Int = 200) -> [ExactIdentity] {
        precondition(maximumGroupSize >= 2)
        let sizes = 2...maximumGroupSize
        return [eq17Quadratic, tieGivesReference, eq14IsRoot, betaEqualsMargin,
                eq19Quadratic, eq15IsRoot, lowerBoundGap, lowerBoundPositive, eq16, eq18]
            + sizes.map { muUEqualsOneMinusMuV(groupSize: $0) }
            + sizes.map { zeroMeanAdvantage(groupSize: $0) }
            + (2...min(maximumGroupSize, shiftOnlyMaximumGroupSize)).map { shiftOnlyExpectation(groupSize: $0) }
    }
}

// MARK: - The GRPO gradient and the groups-of-two preference

extension ExactIdentity {
    /// With `A = P_G(a|π)`, `B = P_G(b|π)` and `E = pA + (1 − p)B`, the expected GRPO gradient in
    /// the logit, `p(1 − p)(A − B) − β(p − p_ref)`, equals `−β` times the residual of (11),
    /// `p(1 − (A − E)/β) − p_ref` (written `β·residual = βp − p(A − E) − βp_ref`).
    public static let grpoGradientIdentity = ExactIdentity(
        name: "grpoGradientIdentity",
        statement: "p(1 − p)(A − B) − β(p − p_ref) = −[βp − p(A − (pA + (1 − p)B)) − βp_ref]",
        reference: "paper (11), proofs/grpo-iteration.md"
    ) {
        let (beta, p, reference) = (Variable.beta, Variable.p, Variable.reference)
        let a = Polynomial.variable("A"), b = Polynomial.variable("B")
        let expectation = p * a + (1 - p) * b
        let gradient = p * (1 - p) * (a - b) - beta * (p - reference)
        let scaledResidual = beta * p - p * (a - expectation) - beta * reference
        return gradient == -scaledResidual
    }

    /// (12) for Bernoulli rewards: `P_2(a|π) = P[r > r' | a] − P[r < r' | a]` with `o' ~ π`,
    /// enumerated over the outputs and the four reward outcomes with exact probabilities,
    /// equals `γ(1 − p)`, and likewise `P_2(b|π) = −γ p`, with `γ = s_a(1 − s_b) − s_b(1 − s_a)`,
    /// on a grid of rational `p`, `s_a`, `s_b`.
    public static let eq12Enumeration = ExactIdentity(
        name: "eq12Enumeration",
        statement: "P_2(a|π) = γ(1 − p), P_2(b|π) = −γp for Bernoulli rewards, by enumeration",
        reference: "paper (12)"
    ) {
        let grid = [Rational(0), Rational(1, 7), Rational(1, 2), Rational(5, 6), Rational(1)]
        func preference(_ own: Rational, policy p: Rational, sa: Rational, sb: Rational) -> Rational {
            // E[sign(r − r')] over o' ~ π and independent rewards r ~ Bernoulli(own), r' ~ Bernoulli(s(o')).
            var total: Rational = 0
            for (other, weight) in [(sa, p), (sb, 1 - p)] {
                for r in [0, 1] {
                    for rr in [0, 1] where r != rr {
                        let probability = (r == 1 ? own : 1 - own) * (rr == 1 ? other : 1 - other)
                        total = total + weight * probability * Rational(r > rr ? 1 : -1)
                    }
                }
            }
            return total
        }
        for p in grid {
            for sa in grid {
                for sb in grid {
                    let gamma = sa * (1 - sb) - sb * (1 - sa)
                    guard preference(sa, policy: p, sa: sa, sb: sb) == gamma * (1 - p),
                          preference(sb, policy: p, sa: sa, sb: sb) == -(gamma * p) else { return false }
                }
            }
        }
        return true
    }
}
