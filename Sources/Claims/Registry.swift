import GRPOModel
import Symbolic

/// Every claim the suite knows, in the order of the paper; `proofs/<id>.md` explains each.
public enum ClaimRegistry {
    static func exact(_ identities: [ExactIdentity], name: String) -> ClaimCheck {
        ClaimCheck(.exact, name) { _ in
            if let failing = identities.first(where: { !$0.verify() }) {
                return .failed("\(failing.name) does not hold")
            }
            return .provedExactly(identities: identities.count)
        }
    }

    static func exact(_ identity: ExactIdentity) -> ClaimCheck { exact([identity], name: identity.name) }

    /// `count` identities decided exactly by `holds` (in `DomainProofs`, `StationarityChecks`),
    /// failing with `why`.
    static func exact(_ name: String, identities count: Int = 1, otherwise why: String,
                      _ holds: @escaping @Sendable () -> Bool) -> ClaimCheck {
        ClaimCheck(.exact, name) { _ in holds() ? .provedExactly(identities: count) : .failed(why) }
    }

    /// The rewriting of `∂p/∂x` at a closed-form root, against implicit differentiation.
    static func rewriting(_ root: QuadraticRoot, _ x: String, name: String) -> ClaimCheck {
        exact(name, otherwise: "Q_p ∂p/∂\(x) + Q_\(x) ≠ 0 at the root") { DomainProofs.rewriting(root, x) }
    }

    /// The largest group size of the finite-G identities.
    static let identityGroupSizes = 2...200

    public static let claims: [Claim] = definitionClaims + [
        Claim(id: "eq11-stationarity", paper: "(11)",
              statement: "stationary policies satisfy (1 − (P_G(o|π) − E_π P_G)/β) π(o) = π_ref(o); the binary one is unique at every G",
              checks: [exact(.populationCoefficientsConcave).renamed("binary-uniqueness"),
                       ClaimCheck(.grid, "stationarity-unique", GridChecks.stationarityUnique)]),
        Claim(id: "eq12-groups-of-two", paper: "(12), binary question only",
              statement: "the G = 2 preference of a binary question: P_2(a|π) = γ(1 − p), P_2(b|π) = −γp",
              checks: [exact(ExactIdentity.eq12Enumeration)].map { $0.renamed("eq12-enumeration") }),
        Claim(id: "eq12-general", paper: "(12)",
              statement: "groups of two, any answers, stochastic or graded rewards or any pairwise preference (intransitive included): (1 − Σ_o′ π(o′)M(o, o′)/β) π(o) = π_ref(o), M(o, o′) = P(o ≻ o′) − P(o′ ≻ o)",
              checks: [exact("antisymmetric-margins", identities: StationarityQuestion.groupsOfTwo.count,
                             otherwise: "E_π Σ π(o′)M(o, o′) is not identically 0") {
                           StationarityQuestion.groupsOfTwo.map(\.margins).allSatisfy(StationarityChecks.meanPreferenceVanishes)
                       },
                       ClaimCheck(.grid, "eq12-at-stationary-policies") { StationarityChecks.groupsOfTwo($0) }]),
        Claim(id: "eq13-large-groups", paper: "(13), binary question with 0/1 rewards only",
              statement: "the large-G preference of a binary question: P_∞(a|π) = sqrt((1 − p)/p) = lim U_G(p)",
              checks: [ClaimCheck(.grid, "large-group-limit", GridChecks.largeGroupLimit)]),
        Claim(id: "eq13-general", paper: "(13)",
              statement: "large groups, any answers with stochastic or graded rewards: (1 − (r(o) − E_π r)/(β σ(π))) π(o) = π_ref(o), σ(π)² the variance of a reward drawn with its answer",
              checks: [ClaimCheck(.grid, "eq13-at-stationary-policies") { StationarityChecks.largeGroups($0) },
                       ClaimCheck(.grid, "eq13-limit-of-finite-groups", StationarityChecks.largeGroupLimit)]),
        Claim(id: "eq14-closed-form-g2", paper: "(14)", statement: "the closed form for groups of two",
              checks: [exact(.eq14IsRoot), ClaimCheck(.grid, "closed-form-g2", GridChecks.closedFormAgreement(.two, .reverse))]),
        Claim(id: "eq15-closed-form-large-g", paper: "(15)", statement: "the closed form for large groups",
              checks: [exact(.eq15IsRoot),
                       ClaimCheck(.grid, "closed-form-large-g", GridChecks.closedFormAgreement(.infinite, .reverse))]),
        Claim(id: "eq15-stochastic-rewards", paper: "(15), stated for any r(a) > r(b)",
              statement: "(15) with stochastic rewards: false as stated; it holds when every reward is 0 or 1",
              checks: [ClaimCheck(.grid, "eq15-bernoulli-counterexample", GridChecks.eq15StochasticRewards),
                       exact(.rewardVarianceGap)],
              // One certified counterexample refutes the statement; the exact condition is an identity.
              domain: .full),
        Claim(id: "eq16", paper: "(16)", statement: "groups of two: E_{o~π}[P_2(o|π_old)] = γ(π(a) − π_old(a))",
              checks: [exact(.eq16)]),
        Claim(id: "eq17-quadratic-g2", paper: "(17)",
              statement: "(17) cleared of denominators is γ times the quadratic of (14)", checks: [exact(.eq17Quadratic)]),
        Claim(id: "eq18", paper: "(18)",
              statement: "large G, deterministic rewards: (E_π r − E_π_old r)/σ(π_old) = (π(a) − π_old(a)) sign(r(a) − r(b))/sqrt(π_old(a)(1 − π_old(a)))",
              checks: [exact(.eq18)]),
        Claim(id: "eq19-quadratic-large-g", paper: "(19)",
              statement: "squaring (19) gives the quadratic of (15); (15) is its only root solving (19)",
              checks: [exact(.eq19Quadratic), ClaimCheck(.grid, "spurious-root-large-g", GridChecks.spuriousRootLargeG)]),
        Claim(id: "g2-depends-on-ratio", paper: "Section 3, on (14)", statement: "p depends on β/γ and p_ref only",
              checks: [exact(.eq17Quadratic), ClaimCheck(.grid, "ratio-invariance", GridChecks.ratioInvariance)]),
        Claim(id: "g2-decreasing-in-beta", paper: "Section 3", statement: "p decreases in β: ∂p/∂β = (1/γ) ∂p/∂r < 0",
              checks: [rewriting(.groupsOfTwo, "r", name: "g2-dp-dr-rewriting"),
                       ClaimCheck(.monotone, "g2-dp-dr") { _ in DomainProofs.groupsOfTwoDecreasingInRatio(.groupsOfTwo) }]),
        Claim(id: "g2-increasing-in-margin", paper: "Section 3", statement: "p increases in γ: ∂p/∂γ = −(β/γ²) ∂p/∂r > 0",
              checks: [rewriting(.groupsOfTwo, "r", name: "g2-dp-dr-rewriting"),
                       ClaimCheck(.monotone, "g2-dp-dr") { _ in DomainProofs.groupsOfTwoDecreasingInRatio(.groupsOfTwo) }]),
        Claim(id: "g2-increasing-in-reference", paper: "Section 3", statement: "p increases in p_ref",
              checks: [rewriting(.groupsOfTwo, "p_ref", name: "g2-dp-dreference-rewriting"),
                       ClaimCheck(.monotone, "g2-dp-dreference") { _ in DomainProofs.groupsOfTwoIncreasingInReference(.groupsOfTwo) }]),
        Claim(id: "g2-limit-small-beta", paper: "Section 3", statement: "p → 1 as β → 0: 1 − β/γ < p < 1",
              checks: [ClaimCheck(.bound, "g2-between-linear-and-one") { _ in DomainProofs.groupsOfTwoBetweenLinearAndOne(.groupsOfTwo) }]),
        Claim(id: "g2-limit-large-beta", paper: "Section 3", statement: "p → p_ref as β → ∞: 0 < p − p_ref ≤ γ/(4β)",
              checks: [exact("g2-spread", identities: 2, otherwise: "r(p − p_ref) ≠ p(1 − p) at (14)") {
                           DomainProofs.groupsOfTwoSpread(.groupsOfTwo)
                       },
                       ClaimCheck(.bound, "g2-above-reference") { _ in DomainProofs.groupsOfTwoAboveReference(.groupsOfTwo) }]),
        Claim(id: "g2-lower-bound", paper: "Section 3", statement: "p ≥ max(1 − β/γ, p_ref), strictly",
              checks: [ClaimCheck(.bound, "g2-above-linear") { _ in DomainProofs.groupsOfTwoAboveLinear(.groupsOfTwo) },
                       ClaimCheck(.bound, "g2-above-reference") { _ in DomainProofs.groupsOfTwoAboveReference(.groupsOfTwo) }]),
        Claim(id: "g2-beta-equals-margin", paper: "Section 3", statement: "β = γ ⇒ p = sqrt(p_ref)",
              checks: [exact(.betaEqualsMargin), ClaimCheck(.grid, "beta-equals-margin", GridChecks.betaEqualsMargin)]),
        Claim(id: "g2-discontinuity-at-zero", paper: "Section 3",
              statement: "for β < γ the policy jumps at p_ref = 0 (limit 1 − β/γ, value 0)",
              checks: [exact("g2-limit-at-zero", otherwise: "(14) at π_ref = 0 is not max(1 − r, 0)") {
                           DomainProofs.groupsOfTwoAtZero(.groupsOfTwo)
                       },
                       ClaimCheck(.grid, "g2-jump-at-zero", GridChecks.groupsOfTwoJumpAtZero)],
              // The identity gives the limit max(1 − r, 0) for every r; the grid cross-checks it.
              domain: .full),
        Claim(id: "g2-tie", paper: "Section 3", statement: "a tie γ = 0 gives p = p_ref",
              checks: [exact(.tieGivesReference)]),
        Claim(id: "large-g-decreasing-in-beta", paper: "derived, for (15)", statement: "p decreases in β at G = ∞",
              checks: [rewriting(.largeGroups, "beta", name: "large-g-dp-dbeta-rewriting"),
                       ClaimCheck(.monotone, "large-g-dp-dbeta") { _ in DomainProofs.largeGroupsDecreasingInBeta(.largeGroups) }]),
        Claim(id: "large-g-increasing-in-reference", paper: "derived, for (15)", statement: "p increases in p_ref at G = ∞",
              checks: [rewriting(.largeGroups, "p_ref", name: "large-g-dp-dreference-rewriting"),
                       ClaimCheck(.monotone, "large-g-dp-dreference") { _ in DomainProofs.largeGroupsIncreasingInReference(.largeGroups) }]),
        Claim(id: "large-g-lower-bound", paper: "Section 3", statement: "p ≥ max(1/(1 + β²), p_ref), strictly",
              checks: [ClaimCheck(.bound, "large-g-above-bound") { _ in DomainProofs.largeGroupsAboveBound(.largeGroups) },
                       ClaimCheck(.bound, "large-g-above-reference") { _ in DomainProofs.largeGroupsAboveReference(.largeGroups) }]),
        Claim(id: "large-g-more-biased", paper: "Section 3, 'more biased towards the reward preference'",
              statement: "deterministic rewards (γ = 1): the large-group policy (15) exceeds the groups-of-two policy (14)",
              checks: [ClaimCheck(.bound, "large-g-above-g2") { _ in
                  DomainProofs.largeGroupsMoreBiased(groupsOfTwo: .groupsOfTwo, largeGroups: .largeGroups)
              }]),
        Claim(id: "large-g-bound-exceeds-linear", paper: "Section 3", statement: "1/(1 + β²) > 1 − β for β > 0",
              checks: [exact(.lowerBoundGap), exact(.lowerBoundPositive)]),
        Claim(id: "large-g-discontinuity-at-zero", paper: "Section 3",
              statement: "for every β > 0 the large-group policy jumps at p_ref = 0 (limit 1/(1 + β²))",
              checks: [exact("large-g-limit-at-zero", otherwise: "(15) at π_ref = 0 is not 1/(1 + β²)") {
                           DomainProofs.largeGroupsAtZero(.largeGroups)
                       },
                       ClaimCheck(.grid, "large-g-jump-at-zero", GridChecks.largeGroupsJumpAtZero)],
              // The identity gives the limit 1/(1 + β²) for every β; the grid cross-checks it.
              domain: .full),
        Claim(id: "direct-kl-g2", paper: "Section 3, App. B.2", statement: "the direct-KL closed form for groups of two",
              checks: [ClaimCheck(.grid, "closed-form-direct-g2", GridChecks.closedFormAgreement(.two, .direct))]),
        Claim(id: "direct-kl-g2-monotone", paper: "Section 3, App. B.2 (derived)",
              statement: "direct KL, G = 2: p increases in π_ref(a) and in γ and decreases in β",
              checks: [ClaimCheck(.monotone, "direct-g2-quotient-rule") { _ in DomainProofs.directMonotone() }]),
        Claim(id: "shift-only", paper: "Section 3, App. B.2",
              statement: "shift-only normalisation: E_π[P_G(o|π_old)] = (1 − 1/G)(E_π r − E_π_old r)",
              checks: [exact((2...ExactIdentity.shiftOnlyMaximumGroupSize).map { ExactIdentity.shiftOnlyExpectation(groupSize: $0) },
                             name: "shiftOnlyExpectation")]),
        Claim(id: "rlhf-nlhf-equivalence", paper: "Section 3, 'akin to NLHF', 'similar to RLHF' (derived)",
              statement: "0/1 rewards: direct KL at G = 2 is RLHF at β and NLHF at β/2; shift-only with direct KL is RLHF at βG/(G − 1)",
              checks: [exact(.directKLIsRLHF), exact(.nlhfGapIsHalf),
                       ClaimCheck(.grid, "rlhf-equivalences", GridChecks.rlhfEquivalences)]),
        Claim(id: "zero-mean-preference", paper: "derived", statement: "E_{o~π}[P_G(o|π)] = 0",
              checks: [exact(identityGroupSizes.map { ExactIdentity.zeroMeanAdvantage(groupSize: $0) }, name: "zeroMeanAdvantage"),
                       exact(identityGroupSizes.map { ExactIdentity.muUEqualsOneMinusMuV(groupSize: $0) },
                             name: "muUEqualsOneMinusMuV")]),
        Claim(id: "finite-g-exact-sums", paper: "derived",
              statement: "P_G(a|π) = U_G(p), P_G(b|π) = −V_G(p) for 0/1 rewards",
              checks: [ClaimCheck(.grid, "exact-sums-enumeration", GridChecks.exactSumsEnumeration)]),
        Claim(id: "grpo-iteration", paper: "derived",
              statement: "the GRPO gradient in the logit is −β times the residual of (11)",
              checks: [exact(.grpoGradientIdentity)]),
        Claim(id: "alignment-objective", paper: "derived, from (11)–(13)",
              statement: "F_G(μ) = E_{k ~ Bin(G, μ)}[g_G(k)] has F_G′ = W_G = U_G + V_G; F_2(μ) = μ, F_∞(μ) = 2 arcsin sqrt μ",
              checks: [ClaimCheck(.grid, "objective-mean-value", GridChecks.objectiveMeanValue),
                       ClaimCheck(.grid, "objective-large-group-limit", GridChecks.objectiveLargeGroupLimit)]),
        Claim(id: "objective-maximisers", paper: "derived, from (11)",
              statement: "0/1 rewards, π_ref of full support: the stationary policy of (11) is the maximiser of F_G(μ(π)) − β KL(π_ref ‖ π) over the simplex (certified on a grid of questions with 2–4 answers); F_2(μ) = μ, F_3(μ) = √2 μ, F_G not concave for G ≥ 4",
              checks: [exact([.objectiveGroupsOfTwo, .objectiveGroupsOfThree], name: "objective-small-groups"),
                       ClaimCheck(.grid, "objective-kkt", GridChecks.objectiveKKT),
                       ClaimCheck(.grid, "objective-global-maximum", GridChecks.objectiveGlobalMaximum),
                       ClaimCheck(.grid, "objective-not-concave", GridChecks.objectiveNotConcave)]),
        Claim(id: "objective-large-group-rate", paper: "derived, from (13) (observed rate)",
              statement: "F_∞(μ) − F_G(μ) falls like 1/√G: √G (F_∞ − F_G) → −ζ(1/2) ≈ 1.4604 for 0 < μ < 1 and −2ζ(1/2) at μ = 1 (observed on μ ∈ {0.1, …, 0.9, 1}, G ≤ 4096; not proved)",
              checks: [ClaimCheck(.grid, "objective-rate", GridChecks.objectiveRate)]),
        Claim(id: "objective-potential-graded", paper: "derived, from (11)",
              statement: "P_G + c(π)·1 is a gradient on the simplex for 0/1 rewards (potential F_G(μ)); for deterministic rewards with three distinct levels it is not, at G ∈ {2, 3, 8, 16, ∞}",
              checks: [exact(.gradedCurlGroupsOfTwo),
                       ClaimCheck(.grid, "bernoulli-curl-vanishes", GridChecks.bernoulliPotential),
                       ClaimCheck(.grid, "graded-curl-nonzero", GridChecks.gradedNoPotential)]),
        Claim(id: "finite-g-convergence", paper: "observation (derived)",
              statement: "the finite-G policy approaches (15) as G grows",
              checks: [ClaimCheck(.grid, "finite-g-gap", GridChecks.finiteGroupGap)]),
        Claim(id: "direct-kl-large-g", paper: "Section 3, App. B.2 (derived threshold)",
              statement: "direct KL, large G: zero, one or two stationary points around β_c(p_ref)",
              checks: [ClaimCheck(.grid, "direct-kl-threshold", GridChecks.directThreshold)]),
    ]
}

extension ClaimRegistry {
    /// The claims of the paper's definitions (1)–(10) and the statements in words built on them
    /// (proofs/eq01-grpo-objective.md … proofs/direct-kl-g2-no-jump.md), in the order of the paper.
    static let definitionClaims: [Claim] = [
        Claim(id: "eq01-grpo-objective", paper: "(1)",
              statement: "with clipping inactive, E[(1/G)Σ(Ã_i − βD_i)] = E_π[P_G(o|π_old)] − β KL0(π‖π_ref; π_old)",
              checks: [exact(.clippingInactive), ClaimCheck(.grid, "objective-enumeration", Definitions.objectiveEnumeration)]),
        Claim(id: "eq02-advantage", paper: "(2)",
              statement: "the pairwise form of A_i is the standard one; A_i is shift and scale invariant; 0/0 ≡ 0 at a tie",
              checks: [exact(advantageGroupSizes.map { ExactIdentity.advantagePairwiseForm(groupSize: $0) }, name: "advantagePairwiseForm"),
                       exact(advantageGroupSizes.map { ExactIdentity.advantageShiftScale(groupSize: $0) }, name: "advantageShiftScale"),
                       exact(advantageGroupSizes.map { ExactIdentity.advantageTie(groupSize: $0) }, name: "advantageTie")]),
        Claim(id: "eq03-eq04-rlhf", paper: "(3), (4)",
              statement: "π ∝ π_ref e^{r/β} (4) maximises the strictly concave J_RLHF (3)",
              checks: [ClaimCheck(.grid, "rlhf-maximiser", Definitions.rlhfMaximiser)]),
        Claim(id: "eq05-nlhf", paper: "(5)",
              statement: "NLHF's policy solves π = π_ref e^{E_{o'~π}P(o≻o')/β}/Z, intransitive preferences included",
              checks: [ClaimCheck(.grid, "nlhf-fixed-point", Definitions.nlhfFixedPoint)]),
        Claim(id: "eq06-expected-advantage", paper: "(6)",
              statement: "E[(1/G)Σ_i (π(o_i)/π_old(o_i)) A_i] = E_{o~π}[P_G(o|π_old)], by enumeration of groups and rewards",
              checks: [ClaimCheck(.grid, "expected-advantage-enumeration", Definitions.expectedAdvantageEnumeration)]),
        Claim(id: "eq07-kl0", paper: "(7)",
              statement: "E[(1/G)Σ D_i] = KL0(π‖π_ref; π_old), which is KL(π‖π_ref) at π = π_old but not in general",
              checks: [exact(.kl0AtOldPolicy), ClaimCheck(.grid, "penalty-enumeration", Definitions.penaltyEnumeration),
                       ClaimCheck(.grid, "kl0-not-kl", Definitions.kl0IsNotKL)]),
        Claim(id: "eq08-eq09-kl-gradients", paper: "(8), (9)",
              statement: "∂KL0/∂π(o) = −π_old π_ref/π² + π_old/π and ∂KL/∂π(o) = −log(π_ref/π) + 1",
              checks: [ClaimCheck(.grid, "kl-gradients", Definitions.klGradients)]),
        Claim(id: "eq10-reverse-kl-gradient", paper: "(10)",
              statement: "at π_old = π, ∂KL0/∂π(o) = 1 − π_ref/π = 1 + ∂KL(π_ref‖π)/∂π(o)",
              checks: [exact(.eq10), ClaimCheck(.grid, "reverse-kl-gradient", Definitions.reverseKLGradient)]),
        Claim(id: "g2-ranking-only", paper: "Section 2.1, Section 2.3.1",
              statement: "G = 2, deterministic rewards: P_2 depends only on the ranking of the rewards",
              checks: [exact(.rankingOnly), ClaimCheck(.grid, "ranking-only-preferences", Definitions.rankingOnlyPreferences)]),
        Claim(id: "large-g-tie", paper: "Section 2.3.1", statement: "large G, r(a) = r(b) ⇒ π = π_ref",
              checks: [exact(.largeGroupTie)]),
        Claim(id: "direct-kl-g2-no-jump", paper: "Section 3, Figure 3",
              statement: "direct KL at G = 2: π(a) ≤ e^{γ/β}π_ref(a)/(1 − π_ref(a)), so no jump at π_ref(a) = 0",
              checks: [exact(.directNoJump), ClaimCheck(.grid, "direct-g2-continuous-at-zero", Definitions.directContinuousAtZero)]),
    ]

    /// The group sizes of the polynomial identities of (2).
    static let advantageGroupSizes = 2...ExactIdentity.advantageMaximumGroupSize
}

extension ClaimCheck {
    func renamed(_ name: String) -> ClaimCheck { ClaimCheck(kind, name, run) }
}

/// Runs claims and times them.
public enum Prover {
    public static func prove(_ claims: [Claim] = ClaimRegistry.claims, context: ProofContext) -> [ClaimResult] {
        claims.map { claim in
            let start = ContinuousClock.now
            let statuses = claim.checks.map { $0.run(context) }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return ClaimResult(claim: claim, statuses: statuses, seconds: seconds)
        }
    }
}
