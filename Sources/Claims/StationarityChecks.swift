import Certification
import GRPOModel
import Multiprecision
import Symbolic
import Verification

/// A question of several answers for the general (12) and (13): its reference policy and
/// either a reward distribution per answer (`levels`, `probabilities`) or a pairwise
/// preference matrix, all as decimals so that the paper's quantities can be formed exactly.
struct StationarityQuestion: Sendable {
    let name: String
    let reference: [String]
    let levels: [String]
    let probabilities: [[String]]
    let preference: [[String]]?

    init(_ name: String, reference: [String], levels: [String], probabilities: [[String]]) {
        self.name = name
        self.reference = reference
        self.levels = levels
        self.probabilities = probabilities
        preference = nil
    }

    init(_ name: String, reference: [String], preference: [[String]]) {
        self.name = name
        self.reference = reference
        levels = []
        probabilities = []
        self.preference = preference
    }

    static func exact(_ text: String) -> Rational { Rational(GridChecks.decimal(text)) }

    /// `M(o, o′) = P(o ≻ o′) − P(o′ ≻ o)`: from the matrix, or from the rewards,
    /// `Σ_{ℓ,k} D_o(ℓ) D_{o′}(k) sign(v_ℓ − v_k)` (12), exactly.
    var margins: [[Rational]] {
        if let preference {
            return preference.indices.map { i in preference.indices.map { j in Self.exact(preference[i][j]) - Self.exact(preference[j][i]) } }
        }
        let v = levels.map(Self.exact), d = probabilities.map { $0.map(Self.exact) }
        return d.indices.map { o in
            d.indices.map { q in
                var m = Rational(0)
                for l in v.indices {
                    for k in v.indices where v[l] != v[k] {
                        m = m + (v[l] < v[k] ? -1 : 1) * d[o][l] * d[q][k]
                    }
                }
                return m
            }
        }
    }

    /// `r(o) = Σ_ℓ D_o(ℓ) v_ℓ` and `E[r² | o] = Σ_ℓ D_o(ℓ) v_ℓ²`, exactly (reward distributions only).
    var rewardMoments: (mean: [Rational], square: [Rational]) {
        let v = levels.map(Self.exact), d = probabilities.map { $0.map(Self.exact) }
        return (d.map { row in zip(row, v).reduce(Rational(0)) { $0 + $1.0 * $1.1 } },
                d.map { row in zip(row, v).reduce(Rational(0)) { $0 + $1.0 * $1.1 * $1.1 } })
    }

    func setting(groupSize: GroupSize, beta: String) throws -> GeneralSetting {
        let rewards: RewardModel = if let preference {
            try .preference(preference.map { $0.map(GridChecks.decimal) })
        } else {
            try .distribution(levels: levels.map(GridChecks.decimal), probabilities: probabilities.map { $0.map(GridChecks.decimal) })
        }
        return try GeneralSetting(question: Question(references: reference.map(GridChecks.decimal), rewards: rewards),
                                  groupSize: groupSize, beta: GridChecks.decimal(beta))
    }

    /// Three answers with graded deterministic rewards, with stochastic three-level rewards, a
    /// transitive preference with ties, and rock-paper-scissors (intransitive: no reward
    /// function produces it).
    static let groupsOfTwo = [
        StationarityQuestion("graded rewards (0, 0.5, 1)", reference: ["0.2", "0.3", "0.5"], levels: ["0", "0.5", "1"],
                             probabilities: [["1", "0", "0"], ["0", "1", "0"], ["0", "0", "1"]]),
        stochastic,
        StationarityQuestion("a transitive preference with ties", reference: ["0.2", "0.3", "0.5"],
                             preference: [["0", "0.6", "0.7"], ["0.3", "0", "0.5"], ["0.2", "0.4", "0"]]),
        StationarityQuestion("rock-paper-scissors", reference: ["0.5", "0.3", "0.2"],
                             preference: [["0", "1", "0"], ["0", "0", "1"], ["1", "0", "0"]]),
    ]

    /// Three answers, each rewarded 0, 0.5 or 1 at random.
    static let stochastic = StationarityQuestion(
        "stochastic rewards on (0, 0.5, 1)", reference: ["0.25", "0.25", "0.5"], levels: ["0", "0.5", "1"],
        probabilities: [["0.1", "0.3", "0.6"], ["0.5", "0.25", "0.25"], ["0.2", "0.7", "0.1"]])

    /// Reward distributions for (13): two answers with stochastic rewards on (0, 0.5, 1), and
    /// three answers with Bernoulli rewards. (The three-answer stochastic question enters the
    /// limit check; its count of stationary points at G = ∞, a Krawczyk cover of the simplex,
    /// costs more than the whole checklist should.)
    static let largeGroups = [
        StationarityQuestion("two answers with stochastic rewards on (0, 0.5, 1)", reference: ["0.3", "0.7"],
                             levels: ["0", "0.5", "1"], probabilities: [["0.1", "0.3", "0.6"], ["0.5", "0.25", "0.25"]]),
        StationarityQuestion("Bernoulli rewards (0.9, 0.5, 0.2)", reference: ["0.2", "0.3", "0.5"], levels: ["0", "1"],
                             probabilities: [["0.1", "0.9"], ["0.5", "0.5"], ["0.8", "0.2"]]),
    ]

    /// The questions of the limit G → ∞: those of `largeGroups`, the three-answer stochastic
    /// question and graded rewards (0, 0.25, 1).
    static let limits = largeGroups + [stochastic,
        StationarityQuestion("graded rewards (0, 0.25, 1)", reference: ["0.4", "0.35", "0.25"], levels: ["0", "0.25", "1"],
                             probabilities: [["1", "0", "0"], ["0", "1", "0"], ["0", "0", "1"]]),
    ]
}

/// The checks of proofs/eq12-general.md and proofs/eq13-general.md: the paper's stationarity
/// conditions, formed from the question's rewards or preferences, at the certified stationary
/// policies of (11).
enum StationarityChecks {
    static let betas = ["0.1", "1"]

    /// `Σ_{o,o′} π(o) π(o′) M(o, o′) = 0` as a polynomial in `π`: the `E_π P_2` term of (11) is
    /// absent from (12) because `M` is antisymmetric.
    static func meanPreferenceVanishes(_ margins: [[Rational]]) -> Bool {
        let pi = margins.indices.map { Polynomial.variable("pi\($0 + 1)") }
        var form: Polynomial = 0
        for o in margins.indices {
            for q in margins.indices { form = form + pi[o] * pi[q] * Polynomial(margins[o][q]) }
        }
        return form.isZero
    }

    /// The residuals of (12), `(1 − Σ_{o′} π(o′)M(o, o′)/β) π(o) − π_ref(o)`.
    static func residuals12(_ q: StationarityQuestion, policy pi: [Interval], beta: Interval, margins: [[Rational]]) -> [Interval] {
        let precision = beta.precision
        return pi.indices.map { o in
            let preference = dot(pi, margins[o].map { Interval($0, precision: precision) })
            return (1 - preference / beta) * pi[o] - Interval(GridChecks.decimal(q.reference[o]), precision: precision)
        }
    }

    /// `(r(o) − E_π r)/σ(π)` for every answer, the large-group preference of (13), with
    /// `σ(π)² = Σ_o π(o) E[r² | o] − (E_π r)²` the variance of a reward drawn with its answer.
    static func largeGroupPreferences(policy pi: [Interval], moments: (mean: [Rational], square: [Rational])) -> [Interval] {
        let precision = pi[0].precision
        let r = moments.mean.map { Interval($0, precision: precision) }
        let mean = dot(pi, r), second = dot(pi, moments.square.map { Interval($0, precision: precision) })
        let sigma = (second - mean.square()).squareRoot()
        return r.map { ($0 - mean) / sigma }
    }

    /// The residuals of (13), `(1 − (r(o) − E_π r)/(β σ(π))) π(o) − π_ref(o)`.
    static func residuals13(_ q: StationarityQuestion, policy pi: [Interval], beta: Interval,
                            moments: (mean: [Rational], square: [Rational])) -> [Interval] {
        let preferences = largeGroupPreferences(policy: pi, moments: moments)
        return pi.indices.map { o in
            (1 - preferences[o] / beta) * pi[o] - Interval(GridChecks.decimal(q.reference[o]), precision: beta.precision)
        }
    }

    /// (12) at every stationary policy of (11) at G = 2 that `StationaryPolicies` encloses.
    static func groupsOfTwo(_ context: ProofContext, questions: [StationarityQuestion] = StationarityQuestion.groupsOfTwo,
                            margins: @escaping @Sendable (StationarityQuestion) -> [[Rational]] = { $0.margins }) -> CheckStatus {
        residualsVanish(context, questions: questions, groupSize: .two, equation: "(12)") { q, pi, beta in
            residuals12(q, policy: pi, beta: beta, margins: margins(q))
        }
    }

    /// (13) at every stationary policy of (11) at G = ∞ that `StationaryPolicies` encloses.
    static func largeGroups(_ context: ProofContext, questions: [StationarityQuestion] = StationarityQuestion.largeGroups,
                            moments: @escaping @Sendable (StationarityQuestion) -> (mean: [Rational], square: [Rational]) = { $0.rewardMoments })
        -> CheckStatus {
        residualsVanish(context, questions: questions, groupSize: .infinite, equation: "(13)") { q, pi, beta in
            residuals13(q, policy: pi, beta: beta, moments: moments(q))
        }
    }

    /// At every stationary policy of (11) that `StationaryPolicies` encloses (each enclosure
    /// certified to hold one zero, at D + 5 digits), for each question and β of `betas`, every
    /// residual of `equation` encloses 0 within `10^−D`.
    static func residualsVanish(_ context: ProofContext, questions: [StationarityQuestion], groupSize: GroupSize, equation: String,
                                _ residuals: @escaping @Sendable (StationarityQuestion, [Interval], Interval) -> [Interval]) -> CheckStatus {
        let cases = questions.flatMap { q in betas.map { (q, $0) } }
        return GridChecks.everyPoint(cases, digits: context.digits) { q, b in
            let stationary = StationaryPolicies(try q.setting(groupSize: groupSize, beta: b), digits: context.digits + 5)
            guard !stationary.points.isEmpty else { return "no certified stationary policy: \(q.name), β = \(b)" }
            let beta = Interval(GridChecks.decimal(b), precision: DigitsPolicy(digits: context.digits + 5).working)
            let holds = stationary.points.allSatisfy { point in
                residuals(q, point.policy, beta).allSatisfy { Definitions.vanishes($0, digits: context.digits) }
            }
            return holds ? nil : "\(equation) fails for \(q.name), β = \(b)"
        }
    }

    /// (13) as the limit of the finite-G preferences: at `π = π_ref`, the largest over the answers
    /// of `|P_G(o|π) − (r(o) − E_π r)/σ(π)|` (the G = ∞ term of (13)) strictly decreases over
    /// G = 4, 8, 16, 32, with `P_G` from the composition sums of the reward model.
    static func largeGroupLimit(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        return GridChecks.everyPoint(StationarityQuestion.limits, digits: context.digits) { q in
            let pi = q.reference.map { Interval(GridChecks.decimal($0), precision: precision) }
            let limit = largeGroupPreferences(policy: pi, moments: q.rewardMoments)
            var gaps: [[Interval]] = []
            for g in [4, 8, 16, 32] {
                let p = try q.setting(groupSize: .finite(g), beta: "1").question.rewards.rule
                    .preferences(groupSize: .finite(g), normalisation: .population, precision: precision).values(at: pi) as [Interval]
                gaps.append(zip(p, limit).map { ($0 - $1).absolute() })
            }
            // The largest gap over the answers, certified to fall: every gap at the next G below
            // some gap's lower end at this one (one answer's gap need not fall at every step).
            let decreasing = zip(gaps, gaps.dropFirst()).allSatisfy { a, b in
                let largest = a.map(\.lower).max()!
                return b.allSatisfy { $0.upper < largest }
            }
            return decreasing ? nil : "P_G does not approach (13) for \(q.name)"
        }
    }
}
