/// Exact checks of the paper's definitions (1)–(10): the advantage (2), the clipped surrogate of
/// (1), KL0 (7) and the gradients (8)–(10), and the statements in words built on them.

/// The rewards `r_1, …, r_G` of a group as polynomial variables.
enum GroupRewards {
    static func rewards(_ g: Int) -> [Polynomial] { (1...g).map { Polynomial.variable("r_\($0)") } }

    static func sum(_ terms: [Polynomial]) -> Polynomial { terms.reduce(Polynomial(0), +) }

    /// `r_i − mean(r)`, the numerator of (2).
    static func centred(_ r: [Polynomial], _ i: Int) -> Polynomial {
        r[i] - Polynomial(Rational(1, r.count)) * sum(r)
    }

    /// The population variance `(1/G) Σ_j (r_j − mean)²` (2).
    static func variance(_ r: [Polynomial]) -> Polynomial {
        Polynomial(Rational(1, r.count)) * sum(r.indices.map { centred(r, $0).power(2) })
    }
}

extension ExactIdentity {
    /// The largest group size of the polynomial identities of (2).
    public static let advantageMaximumGroupSize = 8

    /// (2), pairwise numerator: `c Σ_j (r_i − r_j) − (r_i − mean)`; zero for every `i` when
    /// `c = 1/G` (tests perturb `c`).
    public static func pairwiseNumeratorResidual(groupSize g: Int, coefficient c: Rational) -> [Polynomial] {
        let r = GroupRewards.rewards(g)
        return r.indices.map { i in
            Polynomial(c) * GroupRewards.sum(r.map { r[i] - $0 }) - GroupRewards.centred(r, i)
        }
    }

    /// (2), pairwise variance: `c Σ_j Σ_k (r_j − r_k)² − (1/G) Σ_j (r_j − mean)²`; zero when
    /// `c = 1/(2G²)` (tests perturb `c`).
    public static func pairwiseVarianceResidual(groupSize g: Int, coefficient c: Rational) -> Polynomial {
        let r = GroupRewards.rewards(g)
        let pairs = GroupRewards.sum(r.flatMap { rj in r.map { rk in (rj - rk).power(2) } })
        return Polynomial(c) * pairs - GroupRewards.variance(r)
    }

    /// (2): the pairwise form of the advantage is the standard one, numerator and variance.
    public static func advantagePairwiseForm(groupSize g: Int) -> ExactIdentity {
        ExactIdentity(
            name: "advantagePairwiseForm(G=\(g))",
            statement: "(1/G)Σ_j(r_i − r_j) = r_i − mean and (1/(2G²))Σ_jΣ_k(r_j − r_k)² = (1/G)Σ_j(r_j − mean)²",
            reference: "paper (2)"
        ) {
            pairwiseNumeratorResidual(groupSize: g, coefficient: Rational(1, g)).allSatisfy(\.isZero)
                && pairwiseVarianceResidual(groupSize: g, coefficient: Rational(1, 2 * g * g)).isZero
        }
    }

    /// Shift and scale `r ↦ αr + c`: the numerator of (2) minus `α^numeratorPower` times the old
    /// one, and the variance minus `α^variancePower` times the old one; all zero for powers 1
    /// and 2 (tests perturb them). So for `α > 0`, `A_i(αr + c) = α/sqrt(α²) · A_i(r) = A_i(r)`.
    public static func shiftScaleResidual(groupSize g: Int, numeratorPower: Int, variancePower: Int) -> [Polynomial] {
        let r = GroupRewards.rewards(g)
        let (alpha, shift) = (Polynomial.variable("alpha"), Polynomial.variable("c"))
        let moved = r.map { alpha * $0 + shift }
        return r.indices.map { GroupRewards.centred(moved, $0) - alpha.power(numeratorPower) * GroupRewards.centred(r, $0) }
            + [GroupRewards.variance(moved) - alpha.power(variancePower) * GroupRewards.variance(r)]
    }

    /// (2): the advantages are invariant under `r ↦ αr + c`, `α > 0`.
    public static func advantageShiftScale(groupSize g: Int) -> ExactIdentity {
        ExactIdentity(
            name: "advantageShiftScale(G=\(g))",
            statement: "r_i − mean and the variance of αr + c are α and α² times those of r",
            reference: "paper (2)"
        ) {
            shiftScaleResidual(groupSize: g, numeratorPower: 1, variancePower: 2).allSatisfy(\.isZero)
        }
    }

    /// The numerators and the variance of (2) when every reward is `r` (`tie` = 1), or when
    /// `r_1` is `r + 1` instead (`tie` = 0, for tests): all zero at a tie, so `A_i = 0/0 ≡ 0`.
    public static func tiedAdvantageTerms(groupSize g: Int, tie: Bool) -> [Polynomial] {
        let r = Polynomial.variable("r")
        let tied = (0..<g).map { $0 == 0 && !tie ? r + 1 : r }
        return tied.indices.map { GroupRewards.centred(tied, $0) } + [GroupRewards.variance(tied)]
    }

    /// (2), the convention `A_i = 0/0 ≡ 0` when `r_1 = ⋯ = r_G`: numerator and variance vanish.
    public static func advantageTie(groupSize g: Int) -> ExactIdentity {
        ExactIdentity(
            name: "advantageTie(G=\(g))",
            statement: "r_1 = ⋯ = r_G = r gives r_i − mean = 0 and variance 0, so A_i = 0/0 ≡ 0",
            reference: "paper (2)"
        ) {
            tiedAdvantageTerms(groupSize: g, tie: true).allSatisfy(\.isZero)
        }
    }

    /// (2) at `G = 2`: the numerator squared equals the variance, so `|A_i| = 1` and
    /// `A_1 = sign(r_1 − r_2)` (a tie gives 0).
    public static let groupsOfTwoAdvantageIsSign = ExactIdentity(
        name: "groupsOfTwoAdvantageIsSign",
        statement: "G = 2: (r_1 − mean)² = variance = (r_1 − r_2)²/4 and r_1 − mean = (r_1 − r_2)/2",
        reference: "paper (2), Section 2.1"
    ) {
        let r = GroupRewards.rewards(2)
        let difference = r[0] - r[1]
        return GroupRewards.centred(r, 0).power(2) == GroupRewards.variance(r)
            && GroupRewards.variance(r) == Polynomial(Rational(1, 4)) * difference.power(2)
            && GroupRewards.centred(r, 0) == Polynomial(Rational(1, 2)) * difference
    }
}

// MARK: - The clipped surrogate of (1)

extension ExactIdentity {
    /// `clip_ε(ρ) = min(max(ρ, 1 − ε), 1 + ε)`.
    public static func clip(_ ratio: Rational, epsilon: Rational) -> Rational {
        min(max(ratio, 1 - epsilon), 1 + epsilon)
    }

    /// `Ã = min(ρA, clip_ε(ρ)A)` of (1).
    public static func clippedSurrogate(ratio: Rational, advantage: Rational, epsilon: Rational) -> Rational {
        min(ratio * advantage, clip(ratio, epsilon: epsilon) * advantage)
    }

    /// The ratios `ρ` and advantages `A` of the clipping identity, and `ε`.
    public static let clippingRatios = [Rational(4, 5), Rational(9, 10), 1, Rational(21, 20), Rational(6, 5)]
    public static let clippingAdvantages = [Rational(-2), Rational(-1, 3), 0, Rational(1, 2), Rational(3)]
    public static let clippingEpsilon = Rational(1, 5)

    /// (1) with clipping inactive: for `ρ ∈ [1 − ε, 1 + ε]`, `min(ρA, clip_ε(ρ)A) = ρA`, so
    /// `J_GRPO` is `E[(1/G) Σ_i (ρ_i A_i − β D_i)]` (§1.3), at every `ρ` and `A` of the grid.
    public static let clippingInactive = ExactIdentity(
        name: "clippingInactive",
        statement: "min(ρA, clip_ε(ρ)A) = ρA for ρ ∈ [1 − ε, 1 + ε], ε = 1/5, on a grid of ρ and A",
        reference: "paper (1), Section 1.3"
    ) {
        clippingRatios.allSatisfy { rho in
            clippingAdvantages.allSatisfy { a in
                clippedSurrogate(ratio: rho, advantage: a, epsilon: clippingEpsilon) == rho * a
            }
        }
    }
}

// MARK: - KL0 (7) and its gradients (8)–(10)

extension ExactIdentity {
    /// `E_{x~π′}[π*(x)/π(x)] = Σ_x π′(x) π*(x)/π(x)`, the first term of KL0 (7).
    public static func importanceSum(old: [Rational], policy: [Rational], reference: [Rational]) -> Rational {
        old.indices.reduce(Rational(0)) { $0 + old[$1] * reference[$1] / policy[$1] }
    }

    /// Rational policies on three answers (each sums to 1) for the KL0 identity.
    public static let klPolicies: [[Rational]] = [
        [Rational(1, 2), Rational(1, 3), Rational(1, 6)], [Rational(1, 10), Rational(3, 10), Rational(3, 5)],
        [Rational(7, 8), Rational(1, 16), Rational(1, 16)], [Rational(1, 3), Rational(1, 3), Rational(1, 3)],
    ]

    /// (7) at `π = π_old`: `E_π[π_ref/π] = Σ_x π_ref(x) = 1`, and the log terms are
    /// `−E_π log(π_ref/π) = KL(π‖π_ref)`, so `KL0(π‖π_ref; π) = 1 + KL(π‖π_ref) − 1`; checked
    /// as the rational sum for every pair of the policies above.
    public static let kl0AtOldPolicy = ExactIdentity(
        name: "kl0AtOldPolicy",
        statement: "Σ_x π(x) π_ref(x)/π(x) = 1 for rational π, π_ref on three answers",
        reference: "paper (7)"
    ) {
        klPolicies.allSatisfy { pi in
            klPolicies.allSatisfy { reference in importanceSum(old: pi, policy: pi, reference: reference) == 1 }
        }
    }

    /// `p²` times (8) at `π_old = π` minus `p²` times `c + ∂KL(π_ref‖π)/∂π = c − π_ref/π`, with
    /// `p = π(o)`, `q = π_old(o)`, `r = π_ref(o)`: `(−qr + qp)|_{q=p} − (c p² − p r)`; zero for
    /// `c = 1` (tests perturb `c`).
    public static func eq10Residual(constant c: Rational) -> Polynomial {
        let (p, q, r) = (Variable.p, Polynomial.variable("q"), Variable.reference)
        let eq08Cleared = -(q * r) + q * p               // p² (−q r/p² + q/p)
        return eq08Cleared.substituting("q", with: p) - (Polynomial(c) * p * p - p * r)
    }

    /// (10): at `π_old = π`, (8) is `1 − π_ref/π`, which is `1 + ∂/∂π Σ π_ref log(π_ref/π)`.
    public static let eq10 = ExactIdentity(
        name: "eq10",
        statement: "p²(−q r/p² + q/p) at q = p is p²(1 − r/p) = p²(1 + ∂/∂p[r log(r/p)])",
        reference: "paper (8), (10)"
    ) {
        eq10Residual(constant: 1).isZero
    }
}

// MARK: - Statements in words

extension ExactIdentity {
    /// Strictly increasing maps of rationals, for the ranking-only statement at G = 2.
    public static let increasingMaps: [@Sendable (Rational) -> Rational] = [
        { 2 * $0 + 3 }, { $0 * $0 * $0 }, { $0 * $0 * $0 + $0 / 7 - 5 },
    ]

    /// Deterministic rewards of three answers (ties included).
    public static let rankingRewards: [[Rational]] = [
        [1, 0, Rational(1, 2)], [Rational(-3, 4), Rational(2, 5), Rational(2, 5)], [5, -1, Rational(7, 3)],
    ]

    /// `sign(r_i − r_j)` for every pair: the advantages of a group of two (2).
    public static func signMatrix(_ rewards: [Rational]) -> [[Int]] {
        rewards.map { ri in rewards.map { rj in ri == rj ? 0 : ri > rj ? 1 : -1 } }
    }

    /// G = 2, deterministic rewards: `A = sign(r_i − r_j)` (`groupsOfTwoAdvantageIsSign`) is
    /// unchanged by any strictly increasing `f`, so `P_2` depends on the ranking only.
    public static let rankingOnly = ExactIdentity(
        name: "rankingOnly",
        statement: "sign(f(r_i) − f(r_j)) = sign(r_i − r_j) for strictly increasing f, on a grid of rewards and maps",
        reference: "Section 2.1, 2.3.1"
    ) {
        groupsOfTwoAdvantageIsSign.verify() && rankingRewards.allSatisfy { r in
            increasingMaps.allSatisfy { f in signMatrix(r.map(f)) == signMatrix(r) }
        }
    }

    /// `r(o) − E_π r` for a binary question, `p = π(a)`, at `r(b) = r(a)` (`tie`) or
    /// `r(b) = r(a) + 1`: the large-G preference (13) is its multiple by `1/σ`.
    public static func largeGroupCentredReward(tie: Bool) -> [Polynomial] {
        let (p, ra) = (Variable.p, Polynomial.variable("r_a"))
        let rb = tie ? ra : ra + 1
        let mean = p * ra + (1 - p) * rb
        return [ra - mean, rb - mean]
    }

    /// Large G, `r(a) = r(b)`: every group is tied, so every advantage is `0/0 ≡ 0`
    /// (`advantageTie`), and in (13) `r(o) − E_π r = 0`: (13) reads `π(o) = π_ref(o)`.
    public static let largeGroupTie = ExactIdentity(
        name: "largeGroupTie",
        statement: "r(a) = r(b): r(o) − E_π r = 0 for both answers, and tied groups have A_i = 0/0 ≡ 0",
        reference: "paper (2), (13), Section 2.3.1"
    ) {
        largeGroupCentredReward(tie: true).allSatisfy(\.isZero)
            && (2...advantageMaximumGroupSize).allSatisfy { advantageTie(groupSize: $0).verify() }
    }

    /// The direct-KL policy at G = 2 with `u = e^{γ/β}` symbolic, `π(a) = u r/(u r + 1 − r)`,
    /// `r = π_ref(a)`: the bound `π(a) ≤ u r/(1 − r)` cross-multiplied,
    /// `u r (u r + 1 − r) − u r (1 − r) − c (u r)²`; zero for `c = 1` (tests perturb `c`), so
    /// the gap is the square `(u r)² ≥ 0`.
    public static func directBoundGap(coefficient c: Rational) -> Polynomial {
        let (u, r) = (Polynomial.variable("u"), Variable.reference)
        return u * r * (u * r + 1 - r) - u * r * (1 - r) - Polynomial(c) * (u * r).power(2)
    }

    /// Direct KL, G = 2: `0 ≤ π(a) ≤ e^{γ/β} π_ref(a)/(1 − π_ref(a))`, so `π(a) → 0 = π(a)|_{π_ref = 0}`.
    public static let directNoJump = ExactIdentity(
        name: "directNoJump",
        statement: "u r(u r + 1 − r) − u r(1 − r) = (u r)², so u r/(u r + 1 − r) ≤ u r/(1 − r)",
        reference: "Section 3, Figure 3"
    ) {
        directBoundGap(coefficient: 1).isZero
    }
}
