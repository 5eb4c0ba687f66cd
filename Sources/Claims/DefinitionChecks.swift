import Certification
import GRPOModel
import Multiprecision
import Symbolic

/// The paper's definitions (1)–(10) in interval arithmetic, and the grid checks of their claims.
enum Definitions {
    /// `KL0(π‖π*; π′) = E_{x~π′}[π*(x)/π(x)] − E_{x~π′}[log(π*(x)/π(x))] − 1` (7), with `π` moving.
    static func kl0(_ pi: [Jet], reference: [Interval], old: [Interval]) -> Jet {
        let p = reference[0].precision
        let terms = pi.indices.map { x in
            let ratio = Jet(constant: reference[x]) / pi[x]
            return Jet(constant: old[x]) * (ratio - ratio.log())
        }
        return Jet.sum(terms) - Jet(constant: Interval(1, precision: p))
    }

    /// `KL(π‖π_ref) = Σ_x π(x) log(π(x)/π_ref(x))`, with `π` moving.
    static func kl(_ pi: [Jet], reference: [Interval]) -> Jet {
        Jet.sum(pi.indices.map { x in pi[x] * (pi[x] / Jet(constant: reference[x])).log() })
    }

    /// `KL(π_ref‖π) = Σ_x π_ref(x) log(π_ref(x)/π(x))` (10), with `π` moving.
    static func reverseKL(_ pi: [Jet], reference: [Interval]) -> Jet {
        Jet.sum(pi.indices.map { x in Jet(constant: reference[x]) * (Jet(constant: reference[x]) / pi[x]).log() })
    }

    /// `J_RLHF(π) = E_{o~π}[r(o)] − β KL(π‖π_ref)` (3), with `π` moving.
    static func rlhfObjective(_ pi: [Jet], rewards: [Interval], reference: [Interval], beta: Interval) -> Jet {
        Jet.sum(pi.indices.map { pi[$0] * Jet(constant: rewards[$0]) }) - Jet(constant: beta) * kl(pi, reference: reference)
    }

    /// `D(o) = π_ref(o)/π(o) − log(π_ref(o)/π(o)) − 1`, the penalty `D_i` of (1).
    static func penalty(policy: Interval, reference: Interval) -> Interval {
        let ratio = reference / policy
        return ratio - ratio.log() - 1
    }

    static func intervals(_ xs: [String], precision: Int) -> [Interval] {
        xs.map { Interval(GridChecks.decimal($0), precision: precision) }
    }

    /// Whether every point of `x` lies within `10^−digits` of 0.
    static func isWithinDigits(_ x: Interval, digits: Int) -> Bool {
        x.isValid && (x.magnitude.isZero || x.magnitude.exponent < -(digits * 3322 / 1000 + 1))
    }

    /// Whether `x` contains 0 and lies within `10^−digits` of it.
    static func vanishes(_ x: Interval, digits: Int) -> Bool { x.containsZero && isWithinDigits(x, digits: digits) }
}

// MARK: - (1), (6), (7): every group and every reward draw

/// A question for the enumeration of (1), (6) and (7): the policies `π`, `π_old`, `π_ref` and,
/// per answer, a distribution `D_o` over reward levels (0/1 levels: Bernoulli rewards).
struct EnumeratedQuestion: Sendable {
    let policy: [String], old: [String], reference: [String]
    let levels: [String]
    let probabilities: [[String]]
    let groupSizes: ClosedRange<Int>

    var isBernoulli: Bool { levels == ["0", "1"] }

    /// `P_G(o|π_old)` from the suite's reward model (`BernoulliRewards` or `LevelRewards`).
    func preferences(groupSize g: Int, precision: Int) throws -> [Interval] {
        let old = Definitions.intervals(self.old, precision: precision)
        let model: RewardPreferences<Interval>
        if isBernoulli {
            model = try BernoulliRewards(probabilities.map { GridChecks.decimal($0[1]) })
                .preferences(groupSize: .finite(g), normalisation: .population, precision: precision)
        } else {
            model = try LevelRewards(levels: levels.map(GridChecks.decimal), probabilities: probabilities.map { $0.map(GridChecks.decimal) })
                .preferences(groupSize: .finite(g), normalisation: .population, precision: precision)
        }
        return model.values(at: old)
    }

    /// The ratios `π(o)/π_old(o)` lie in `[1 − ε, 1 + ε]`, where `Ã = ρA` (`clippingInactive`), decided exactly.
    var clippingInactive: Bool {
        zip(policy, old).allSatisfy { p, q in
            let rho = Rational(GridChecks.decimal(p)) / Rational(GridChecks.decimal(q))
            return [Rational(-1), 1].allSatisfy {
                ExactIdentity.clippedSurrogate(ratio: rho, advantage: $0, epsilon: ExactIdentity.clippingEpsilon) == rho * $0
            }
        }
    }

    /// `E[(1/G) Σ_i ρ_i A_i]` over every ordered group `(o_1, …, o_G)` drawn from `π_old` and
    /// every draw of the rewards, with `A_i` of (2) (population std, `0/0 ≡ 0` at a tie).
    func expectedAdvantage(groupSize g: Int, precision: Int) -> Interval {
        let (pi, old) = (Definitions.intervals(policy, precision: precision), Definitions.intervals(self.old, precision: precision))
        let values = Definitions.intervals(levels, precision: precision)
        // One group member: its output, its reward level and the probability π_old(o) D_o(ℓ).
        var members: [(output: Int, level: Int, weight: Interval)] = []
        for o in pi.indices {
            for l in levels.indices where !GridChecks.decimal(probabilities[o][l]).isZero {
                members.append((o, l, old[o] * Interval(GridChecks.decimal(probabilities[o][l]), precision: precision)))
            }
        }
        // The advantages of (2) of one draw of reward levels, computed once per draw.
        var advantages: [[Int]: [Interval]] = [:]
        func advantagesOf(_ draw: [Int]) -> [Interval] {
            if let known = advantages[draw] { return known }
            let rewards = draw.map { values[$0] }
            let mean = rewards.dropFirst().reduce(rewards[0], +) / g
            let variance = rewards.map { ($0 - mean).square() }.dropFirst().reduce((rewards[0] - mean).square(), +) / g
            let std = variance.squareRoot()
            let a = rewards.map { ($0 - mean) / std }
            advantages[draw] = a
            return a
        }
        var total = Interval(0, precision: precision)
        var group = [Int](repeating: 0, count: g)
        repeat {
            let chosen = group.map { members[$0] }
            let draw = chosen.map(\.level)
            if Set(draw).count > 1 {
                let a = advantagesOf(draw)
                var weight = chosen[0].weight, sum = Interval(0, precision: precision)
                for (i, member) in chosen.enumerated() {
                    if i > 0 { weight = weight * member.weight }
                    sum = sum + pi[member.output] / old[member.output] * a[i]
                }
                total = total + weight * sum / g
            }
        } while Self.advance(&group, base: members.count)
        return total
    }

    /// `E[(1/G) Σ_i D_i]` over every ordered group of outputs drawn from `π_old`.
    func expectedPenalty(groupSize g: Int, precision: Int) -> Interval {
        let pi = Definitions.intervals(policy, precision: precision)
        let (old, reference) = (Definitions.intervals(self.old, precision: precision), Definitions.intervals(self.reference, precision: precision))
        var total = Interval(0, precision: precision)
        var group = [Int](repeating: 0, count: g)
        repeat {
            let weight = group.dropFirst().reduce(old[group[0]]) { $0 * old[$1] }
            let sum = group.dropFirst().reduce(Definitions.penalty(policy: pi[group[0]], reference: reference[group[0]])) {
                $0 + Definitions.penalty(policy: pi[$1], reference: reference[$1])
            }
            total = total + weight * sum / g
        } while Self.advance(&group, base: pi.count)
        return total
    }

    /// The next tuple in `0..<base` (odometer order); false after the last.
    static func advance(_ digits: inout [Int], base: Int) -> Bool {
        for i in digits.indices {
            digits[i] += 1
            if digits[i] < base { return true }
            digits[i] = 0
        }
        return false
    }

    var description: String { "π = \(policy), π_old = \(old), levels \(levels), D = \(probabilities)" }

    /// Two and three answers, Bernoulli, graded and three-level rewards; every `π/π_old` within 1 ± 1/5.
    static let grid = [
        EnumeratedQuestion(policy: ["0.55", "0.45"], old: ["0.5", "0.5"], reference: ["0.3", "0.7"],
                           levels: ["0", "1"], probabilities: [["0.2", "0.8"], ["0.7", "0.3"]], groupSizes: 2...5),
        EnumeratedQuestion(policy: ["0.75", "0.25"], old: ["0.7", "0.3"], reference: ["0.5", "0.5"],
                           levels: ["0.25", "1"], probabilities: [["0", "1"], ["1", "0"]], groupSizes: 2...5),
        EnumeratedQuestion(policy: ["0.22", "0.27", "0.51"], old: ["0.2", "0.3", "0.5"], reference: ["0.25", "0.25", "0.5"],
                           levels: ["0", "1"], probabilities: [["0.1", "0.9"], ["0.5", "0.5"], ["0.8", "0.2"]], groupSizes: 2...5),
        EnumeratedQuestion(policy: ["0.3", "0.35", "0.35"], old: ["0.25", "0.35", "0.4"], reference: ["0.2", "0.3", "0.5"],
                           levels: ["0", "0.5", "1"], probabilities: [["0.1", "0.3", "0.6"], ["0.5", "0.25", "0.25"], ["0.2", "0.7", "0.1"]],
                           groupSizes: 2...4),
    ]
}

extension Definitions {
    /// `E_{o~π}[P_G(o|π_old)] = Σ_o π(o) P_G(o|π_old)` from the suite's reward model.
    static func expectedPreference(_ q: EnumeratedQuestion, groupSize g: Int, precision: Int) throws -> Interval {
        let pi = intervals(q.policy, precision: precision)
        let p = try q.preferences(groupSize: g, precision: precision)
        return pi.indices.dropFirst().reduce(pi[0] * p[0]) { $0 + pi[$1] * p[$1] }
    }

    /// `KL0(π‖π_ref; π_old)` (7) at the question's policies.
    static func kl0Value(_ q: EnumeratedQuestion, precision: Int) -> Interval {
        let pi = intervals(q.policy, precision: precision)
        return kl0(pi.map { Jet(constant: $0) }, reference: intervals(q.reference, precision: precision),
                   old: intervals(q.old, precision: precision)).value
    }

    static func cases(_ questions: [EnumeratedQuestion]) -> [(EnumeratedQuestion, Int)] {
        questions.flatMap { q in q.groupSizes.map { (q, $0) } }
    }

    /// (6): the enumerated `E[(1/G) Σ ρ_i A_i]` equals `E_{o~π}[P_G(o|π_old)]` of the reward model.
    static func expectedAdvantageEnumeration(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        return GridChecks.everyPoint(cases(EnumeratedQuestion.grid), digits: context.digits) { q, g in
            let enumerated = q.expectedAdvantage(groupSize: g, precision: precision)
            return GridChecks.agrees(enumerated, try expectedPreference(q, groupSize: g, precision: precision), digits: context.digits)
                ? nil : "E[(1/G)Σ ρ_i A_i] ≠ E_π P_G(o|π_old) at G = \(g), \(q.description)"
        }
    }

    /// (1) with clipping inactive, at β = 1/10: `E[(1/G) Σ (Ã_i − β D_i)]` enumerated equals
    /// `E_{o~π}[P_G(o|π_old)] − β KL0(π‖π_ref; π_old)`, (6) and (7).
    static func objectiveEnumeration(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let questions = EnumeratedQuestion.grid.filter { $0.policy.count == 2 }
        return GridChecks.everyPoint(cases(questions), digits: context.digits) { q, g in
            guard q.clippingInactive else { return "π/π_old outside 1 ± ε at \(q.description)" }
            let beta = Interval(GridChecks.decimal("0.1"), precision: precision)
            let enumerated = q.expectedAdvantage(groupSize: g, precision: precision)
                - beta * q.expectedPenalty(groupSize: g, precision: precision)
            let model = try expectedPreference(q, groupSize: g, precision: precision) - beta * kl0Value(q, precision: precision)
            return GridChecks.agrees(enumerated, model, digits: context.digits) ? nil : "J_GRPO at G = \(g), \(q.description)"
        }
    }

    /// (7): the enumerated `E[(1/G) Σ D_i]` equals `KL0(π‖π_ref; π_old)`.
    static func penaltyEnumeration(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        return GridChecks.everyPoint(cases(EnumeratedQuestion.grid), digits: context.digits) { q, g in
            GridChecks.agrees(q.expectedPenalty(groupSize: g, precision: precision), kl0Value(q, precision: precision),
                              digits: context.digits) ? nil : "E[(1/G)Σ D_i] ≠ KL0 at G = \(g), \(q.description)"
        }
    }

    /// (7), "but not in general": at `π ≠ π_old` KL0 and `KL(π‖π_ref)` have disjoint enclosures.
    static func kl0IsNotKL(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        return GridChecks.everyPoint(EnumeratedQuestion.grid, digits: context.digits) { q in
            let pi = intervals(q.policy, precision: precision).map { Jet(constant: $0) }
            let value = kl0Value(q, precision: precision), kl = kl(pi, reference: intervals(q.reference, precision: precision)).value
            return value.isValid && kl.isValid && !value.overlaps(kl) ? nil : "KL0 meets KL at \(q.description)"
        }
    }
}

// MARK: - (8)–(10): forward-mode gradients against the paper's formulas

extension Definitions {
    /// Policies `π`, old policies `π_old` and references `π_ref` on three answers (not normalised
    /// in the derivative: the paper differentiates in each `π(o)`).
    static let gradientGrid: [(policy: [String], old: [String], reference: [String])] = [
        (["0.2", "0.3", "0.5"], ["0.25", "0.25", "0.5"], ["0.1", "0.6", "0.3"]),
        (["0.7", "0.2", "0.1"], ["0.6", "0.3", "0.1"], ["0.3", "0.3", "0.4"]),
        (["0.01", "0.49", "0.5"], ["0.02", "0.48", "0.5"], ["0.5", "0.25", "0.25"]),
    ]

    /// (8) and (9): `∂KL0/∂π(o) = −π_old π_ref/π² + π_old/π` and `∂KL/∂π(o) = −log(π_ref/π) + 1`.
    static func klGradients(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let points = gradientGrid.flatMap { point in (0..<3).map { (point, $0) } }
        return GridChecks.everyPoint(points, digits: context.digits) { point, o in
            let (pi, old, reference) = (intervals(point.policy, precision: precision), intervals(point.old, precision: precision),
                                        intervals(point.reference, precision: precision))
            let moving = Jet.along(pi, coordinate: o)
            let eq08 = -(old[o] * reference[o] / pi[o].square()) + old[o] / pi[o]
            let eq09 = -(reference[o] / pi[o]).log() + 1
            guard GridChecks.agrees(kl0(moving, reference: reference, old: old).first, eq08, digits: context.digits) else {
                return "(8) at o = \(o + 1), \(point)"
            }
            return GridChecks.agrees(kl(moving, reference: reference).first, eq09, digits: context.digits) ? nil : "(9) at o = \(o + 1), \(point)"
        }
    }

    /// (10): at `π_old = π`, (8) is `1 − π_ref/π = 1 + ∂KL(π_ref‖π)/∂π(o)`, the derivative taken forward.
    static func reverseKLGradient(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let points = gradientGrid.flatMap { point in (0..<3).map { (point, $0) } }
        return GridChecks.everyPoint(points, digits: context.digits) { point, o in
            let (pi, reference) = (intervals(point.policy, precision: precision), intervals(point.reference, precision: precision))
            let atOld = kl0(Jet.along(pi, coordinate: o), reference: reference, old: pi).first
            let eq10 = 1 - reference[o] / pi[o]
            let reverse = reverseKL(Jet.along(pi, coordinate: o), reference: reference).first + 1
            return GridChecks.agrees(atOld, eq10, digits: context.digits) && GridChecks.agrees(reverse, eq10, digits: context.digits)
                ? nil : "(10) at o = \(o + 1), \(point)"
        }
    }
}

// MARK: - (3)–(5): RLHF and NLHF

extension Definitions {
    /// Rewards and references of two and three answers, and β.
    static let poolingGrid: [(rewards: [String], reference: [String], beta: String)] =
        [(["1", "0.25"], ["0.3", "0.7"]), (["1", "0.5", "0.2"], ["0.2", "0.3", "0.5"]), (["0.3", "0.9", "0.1"], ["0.6", "0.1", "0.3"])]
            .flatMap { r, ref in ["0.1", "0.5", "2"].map { (r, ref, $0) } }

    /// (4) maximises (3): at `π ∝ π_ref e^{r/β}` (`PoolingBaseline.rlhf`) the gradient of (3),
    /// `r(o) − β(log(π(o)/π_ref(o)) + 1)` taken forward, is the same for every `o` (the
    /// Lagrange condition on the simplex), and its curvature along `e_i − e_j`, `−β(1/π_i + 1/π_j)`,
    /// is negative there and at `π_ref` (strict concavity).
    static func rlhfMaximiser(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        return GridChecks.everyPoint(poolingGrid, digits: context.digits) { point in
            let (r, reference) = (intervals(point.rewards, precision: precision), intervals(point.reference, precision: precision))
            let beta = Interval(GridChecks.decimal(point.beta), precision: precision)
            let pi = PoolingBaseline.rlhf(references: reference, successes: r, beta: beta)
            let objective = { (x: [Interval], direction: [Interval]) in
                rlhfObjective(Jet.along(x, direction), rewards: r, reference: reference, beta: beta)
            }
            let gradient = pi.indices.map { rlhfObjective(Jet.along(pi, coordinate: $0), rewards: r, reference: reference, beta: beta).first }
            guard gradient.allSatisfy({ GridChecks.agrees($0, gradient[0], digits: context.digits) }) else {
                return "the gradient of (3) differs between answers at (4), \(point)"
            }
            for x in [pi, reference] {
                for i in x.indices {
                    for j in x.indices where j > i {
                        let v = x.indices.map { Interval($0 == i ? 1 : $0 == j ? -1 : 0, precision: precision) }
                        let curvature = objective(x, v).second
                        guard curvature.isValid, curvature.upper < 0 else { return "(3) not concave along e_\(i + 1) − e_\(j + 1), \(point)" }
                    }
                }
            }
            return nil
        }
    }

    /// NLHF's map `π ↦ π_ref e^{E_{o'~π} P(o ≻ o')/β}/Z` of (5).
    static func nlhfMap<T: RealArithmetic>(_ pi: [T], matrix: [[T]], reference: [T], beta: T) -> [T] {
        let weights = matrix.indices.map { o in
            reference[o] * (matrix[o].indices.dropFirst().reduce(matrix[o][0] * pi[0]) { $0 + matrix[o][$1] * pi[$1] } / beta).exp()
        }
        let z = weights.dropFirst().reduce(weights[0], +)
        return weights.map { $0 / z }
    }

    /// Preference matrices of three answers with `P(o ≻ o') + P(o' ≻ o) = 1`: an intransitive
    /// (cyclic) one and a transitive one, at two values of β.
    static let nlhfMatrices: [(matrix: [[String]], reference: [String], beta: String)] = [
        [["0.5", "0.8", "0.2"], ["0.2", "0.5", "0.8"], ["0.8", "0.2", "0.5"]],
        [["0.5", "0.7", "0.9"], ["0.3", "0.5", "0.6"], ["0.1", "0.4", "0.5"]],
    ].flatMap { m in ["0.5", "1"].map { (m, ["0.2", "0.3", "0.5"], $0) } }

    /// (5): the fixed point `π = π_ref e^{E_{o'~π} P(o ≻ o')/β}/Z`, certified by Krawczyk's
    /// method (`NLHFResidual`) near an approximation: for Bernoulli rewards with ties split
    /// (`P` from the four reward outcomes) near the suite's NLHF, RLHF at 2β
    /// (`PoolingBaseline.nlhf`), whose interval value must then agree with the certified
    /// enclosure; for preference matrices near the damped iteration's point.
    static func nlhfFixedPoint(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        enum Case: Sendable { case bernoulli([String], String), matrix([[String]], [String], String) }
        let cases = ["0.1", "1"].map { Case.bernoulli(["0.9", "0.5", "0.2"], $0) } + nlhfMatrices.map { Case.matrix($0.matrix, $0.reference, $0.beta) }
        return GridChecks.everyPoint(cases, digits: context.digits) { item in
            let residual: NLHFResidual, start: [BigFloat], suite: [Interval]?
            switch item {
            case .bernoulli(let successes, let b):
                let s = intervals(successes, precision: precision)
                let reference = intervals(["0.2", "0.3", "0.5"], precision: precision)
                let beta = Interval(GridChecks.decimal(b), precision: precision)
                // P(o ≻ o') = P[r = 1, r' = 0] + ½ P[r = r'] with independent 0/1 rewards.
                let matrix = s.map { so in s.map { sp in so * (1 - sp) + (so * sp + (1 - so) * (1 - sp)) / 2 } }
                residual = NLHFResidual(matrix: matrix, reference: reference, beta: beta)
                suite = PoolingBaseline.nlhf(references: reference, successes: s, beta: beta)
                start = PoolingBaseline.nlhf(references: reference.map(\.midpoint), successes: s.map(\.midpoint), beta: beta.midpoint)
            case .matrix(let entries, let ref, let b):
                residual = NLHFResidual(matrix: entries.map { intervals($0, precision: precision) },
                                        reference: intervals(ref, precision: precision),
                                        beta: Interval(GridChecks.decimal(b), precision: precision))
                guard let solution = iterateNLHF(entries, reference: ref, beta: b, precision: precision) else {
                    return "NLHF's iteration did not converge for \(entries), β = \(b)"
                }
                (start, suite) = (solution, nil)
            }
            guard let enclosure = certifiedFixedPoint(residual, near: start, precision: precision, digits: context.digits) else {
                return "NLHF's fixed point not certified at \(item)"
            }
            if let suite, !zip(suite, enclosure).allSatisfy({ GridChecks.agrees($0, $1, digits: context.digits) }) {
                return "the suite's NLHF is not the certified fixed point at \(item)"
            }
            return nil
        }
    }

    /// The enclosure of the unique zero of `residual` that Krawczyk's method certifies near
    /// `start`, rounding to `digits` digits; nil if not certified.
    static func certifiedFixedPoint(_ residual: NLHFResidual, near start: [BigFloat], precision: Int, digits: Int) -> [Interval]? {
        let result = Krawczyk().certify(residual, near: start, precision: precision, target: .significantDigits(digits))
        guard result.certificate == .unique, result.enclosure.allSatisfy({ $0.commonDigits(cap: digits).digits >= digits }) else {
            return nil
        }
        return result.enclosure
    }

    /// Damped iteration `π ← (π + T(π))/2` of NLHF's map from `π_ref`, until a step moves no
    /// coordinate by more than `2^(8 − precision)`; nil after 5000 steps.
    static func iterateNLHF(_ entries: [[String]], reference ref: [String], beta b: String, precision: Int) -> [BigFloat]? {
        let matrix = entries.map { $0.map { BigFloat(GridChecks.decimal($0), precision: precision) } }
        let reference = ref.map { BigFloat(GridChecks.decimal($0), precision: precision) }
        let beta = BigFloat(GridChecks.decimal(b), precision: precision)
        let tolerance = BigFloat(1, precision: precision).scaled(byPowerOfTwo: 8 - precision)
        var pi = reference
        for _ in 0..<5000 {
            let next = zip(pi, nlhfMap(pi, matrix: matrix, reference: reference, beta: beta)).map { ($0 + $1) / 2 }
            defer { pi = next }
            if zip(pi, next).allSatisfy({ ($0 - $1).magnitude < tolerance }) { return next }
        }
        return nil
    }
}

/// `F(π) = π − T(π)` for NLHF's map `T` of (5), on all of `ℝ^K` (`T` normalises), with its
/// Jacobian by forward-mode differentiation (`Jet`): the zeros of `F` are the fixed points.
struct NLHFResidual: IntervalVectorFunction {
    let matrix: [[Interval]]
    let reference: [Interval]
    let beta: Interval

    var dimension: Int { reference.count }

    func map(_ pi: [Jet]) -> [Jet] {
        let weights = matrix.indices.map { o in
            let mean = Jet.sum(pi.indices.map { Jet(constant: matrix[o][$0]) * pi[$0] })
            return Jet(constant: reference[o]) * (mean / Jet(constant: beta)).exp()
        }
        let z = Jet.sum(weights)
        return zip(pi, weights).map { $0 - $1 / z }
    }

    func value(over x: [Interval]) -> [Interval] { map(x.map { Jet(constant: $0) }).map(\.value) }

    func jacobian(over x: [Interval]) -> [[Interval]] {
        let columns = x.indices.map { j in map(Jet.along(x, coordinate: j)).map(\.first) }
        return x.indices.map { i in x.indices.map { j in columns[j][i] } }
    }

    func isDefined(on x: [Interval]) -> Bool { x.allSatisfy(\.isValid) }
}

// MARK: - Statements in words

extension Definitions {
    /// Deterministic graded rewards and their images under strictly increasing maps:
    /// `x ↦ 2x + 3` and `x ↦ x³`.
    static let rankingGrid: [(rewards: [String], transformed: [[String]])] = [
        (["0.5", "0.1", "0.3"], [["4", "3.2", "3.6"], ["0.125", "0.001", "0.027"]]),
        (["1", "0.25", "1"], [["5", "3.5", "5"], ["1", "0.015625", "1"]]),
    ]

    /// G = 2: `P_2(o|π)` of the suite's `LevelRewards` is the same for the rewards and for
    /// their increasing images, at several `π`.
    static func rankingOnlyPreferences(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let policies = [["0.2", "0.3", "0.5"], ["0.6", "0.3", "0.1"], ["0.01", "0.01", "0.98"]]
        let points = rankingGrid.flatMap { point in policies.map { (point, $0) } }
        return GridChecks.everyPoint(points, digits: context.digits) { point, policy in
            let pi = intervals(policy, precision: precision)
            func preferences(_ rewards: [String]) -> [Interval] {
                let model: RewardPreferences<Interval> = LevelRewards(graded: rewards.map(GridChecks.decimal))
                    .preferences(groupSize: .two, normalisation: .population, precision: precision)
                return model.values(at: pi)
            }
            let base = preferences(point.rewards)
            for images in point.transformed {
                let moved = preferences(images)
                for o in base.indices {
                    let same = vanishes(base[o], digits: context.digits) ? vanishes(moved[o], digits: context.digits)
                        : GridChecks.agrees(moved[o], base[o], digits: context.digits)
                    guard same else { return "P_2 changes from \(point.rewards) to \(images) at π = \(policy)" }
                }
            }
            return nil
        }
    }

    /// Direct KL, G = 2 (Figure 3): the closed form is 0 at `π_ref(a) = 0` and at most
    /// `e^{γ/β} π_ref/(1 − π_ref)` at `π_ref(a) = 10^−k`, so it tends to 0 there: no jump.
    static func directContinuousAtZero(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let points = ["0.1", "0.5", "1", "2"].flatMap { b in ["0", "0.000000000001", "0.000001", "0.001", "0.1"].map { (b, $0) } }
        return GridChecks.everyPoint(points, digits: context.digits) { b, r in
            let beta = Interval(GridChecks.decimal(b), precision: precision), one = Interval(1, precision: precision)
            let reference = Interval(GridChecks.decimal(r), precision: precision)
            let p = context.closedForms.directGroupsOfTwo(beta, reference, one)
            if reference.isPoint && reference.lower.isZero {
                return vanishes(p, digits: context.digits) ? nil : "direct KL at π_ref = 0, β/γ = \(b) is not 0"
            }
            let bound = (one / beta).exp() * reference / (1 - reference)
            return p.isValid && bound.isValid && p.lower >= 0 && p.upper <= bound.lower
                ? nil : "direct KL exceeds e^{γ/β}π_ref/(1 − π_ref) at π_ref = \(r), β/γ = \(b)"
        }
    }
}
