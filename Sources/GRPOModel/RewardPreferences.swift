import Multiprecision

/// The expected group-relative preference `P_G(o|π)` of every answer of a question, and its
/// derivatives `∂P_G(o|π)/∂π(o')`, for one reward model, group size and normalisation:
///
/// * Bernoulli rewards (proofs/finite-g-exact-sums.md): `P_G(o|π) = (s_o − μ) W(μ)`, `μ = Σ_o π(o) s_o`,
///   `W = U_G + V_G` (for G = ∞, `W_∞` of the normalisation);
/// * reward distributions (derived: the composition sums of `LevelAdvantages`): `P_G(o|π) = Σ_ℓ D_o(ℓ) a_ℓ(m)`, `m = Σ_o π(o) D_o`
///   (`LevelAdvantages`);
/// * a preference matrix, groups of two (12): `P_2(o_i|π) = c Σ_j π_j (P_ij − P_ji)`, with the
///   winner's advantage `c` of the normalisation (1 for the paper's).
///
/// The policy enters through `μ` or `m`, linear in `π`, so `∂P/∂π(o')` is the chain rule through
/// them. Every normalisation here keeps a group's advantages summing to zero, so
/// `E_{o~π}[P_G(o|π)] = 0`.
public struct RewardPreferences<T: RealArithmetic> {
    enum Evaluator {
        case bernoulli(successes: [T], sums: BinomialRewardSums?, normalisation: AdvantageNormalisation)
        case levels(LevelAdvantages, rows: [[T]])
        case matrix([[T]])
    }

    let evaluator: Evaluator
    public let precision: Int

    /// Why `rewards` has no preference at this group size and normalisation (nil when it has):
    /// a preference matrix describes groups of two only, and only under the population and
    /// Bessel normalisations is its advantage a sign times a constant (the others need the
    /// rewards' values); reward levels need their composition sums within `LevelAdvantages.maximumTerms`.
    public static func problem(_ rewards: RewardModel, groupSize: GroupSize,
                               normalisation: AdvantageNormalisation) -> RewardModel.Problem? {
        switch rewards.kind {
        case .bernoulli: return nil
        case .distribution(let levels, _):
            do {
                _ = try LevelAdvantages(levels: levels, groupSize: groupSize, normalisation: normalisation)
                return nil
            } catch {
                guard case .tooManyCompositions(let count) = error else { return nil }
                return RewardModel.Problem(.groupSize, field: "group size",
                    reason: "\(levels.count) reward levels at G = \(groupSize) need "
                        + "\(count.map(String.init) ?? "more than 2^63") composition terms; at most \(LevelAdvantages.maximumTerms)")
            }
        case .preference:
            if groupSize != .two {
                return RewardModel.Problem(.groupSize, field: "group size",
                                           reason: "a preference matrix describes groups of two: G must be 2")
            }
            if normalisation != .population && normalisation != .bessel {
                return RewardModel.Problem(.normalisation, field: "normalisation",
                    reason: "with a preference matrix only population and bessel apply (the others need reward values)")
            }
            return nil
        }
    }

    /// The preferences of a setting's reward model (valid by construction of `GeneralSetting`).
    public init(_ setting: GeneralSetting, precision: Int) {
        self.precision = precision
        let normalisation = setting.normalisation
        switch setting.question.rewards.kind {
        case .bernoulli(let s):
            let sums = setting.groupSize.finiteValue.map {
                BinomialRewardSums(groupSize: $0, precision: precision, normalisation: normalisation)
            }
            evaluator = .bernoulli(successes: s.map { T($0, precision: precision) }, sums: sums, normalisation: normalisation)
        case .distribution(let levels, let rows):
            // GeneralSetting's rules checked the composition count.
            let model = try! LevelAdvantages(levels: levels, groupSize: setting.groupSize, normalisation: normalisation)
            evaluator = .levels(model, rows: rows.map { $0.map { T($0, precision: precision) } })
        case .preference(let p):
            let c: T = normalisation.winnerAdvantageOfGroupsOfTwo(precision: precision)
            let matrix = p.indices.map { i in
                p.indices.map { j in (T(p[i][j], precision: precision) - T(p[j][i], precision: precision)) * c }
            }
            evaluator = .matrix(matrix)
        }
    }

    /// A size of the preferences' slope, for a starting learning rate: the Bernoulli advantage
    /// scale `W(½)`; otherwise the largest row sum of `|∂P_G(o|π)/∂π(o')|` at the uniform policy.
    public var scale: T {
        if case .bernoulli(_, let sums, let normalisation) = evaluator {
            let half = T(1, precision: precision) / 2
            guard let sums else { return normalisation.largeGroupWeight(at: half).value }
            let v = sums.values(at: half)
            return v.u + v.v
        }
        let k = answerCount
        let uniform = [T](repeating: T(1, precision: precision) / k, count: k)
        let rows = valuesAndJacobian(at: uniform).jacobian.map { row in
            row.dropFirst().reduce(row[0].absoluteValue()) { $0 + $1.absoluteValue() }
        }
        return rows.dropFirst().reduce(rows[0]) { $0.approximation < $1.approximation ? $1 : $0 }
    }

    /// The number of answers.
    public var answerCount: Int {
        switch evaluator {
        case .bernoulli(let s, _, _): s.count
        case .levels(_, let rows): rows.count
        case .matrix(let m): m.count
        }
    }

    /// `P_G(o|π)` for every answer.
    public func values(at pi: [T]) -> [T] { evaluate(at: pi, derivatives: false).values }

    /// `P_G(o|π)` and the Jacobian `∂P_G(o|π)/∂π(o')`.
    public func valuesAndJacobian(at pi: [T]) -> (values: [T], jacobian: [[T]]) {
        let result = evaluate(at: pi, derivatives: true)
        return (result.values, result.jacobian!)
    }

    private func evaluate(at pi: [T], derivatives: Bool) -> (values: [T], jacobian: [[T]]?) {
        switch evaluator {
        case .bernoulli(let s, let sums, let normalisation):
            let mu = dot(pi, s)
            let (w, dw): (T, T)
            if let sums {
                let v = sums.values(at: mu)
                (w, dw) = (v.u + v.v, v.uDerivative + v.vDerivative)
            } else {
                (w, dw) = normalisation.largeGroupWeight(at: mu)
            }
            let values = s.map { ($0 - mu) * w }
            guard derivatives else { return (values, nil) }
            // ∂P_o/∂π_j = s_j ((s_o − μ) W′ − W)
            return (values, s.map { so in s.map { sj in sj * ((so - mu) * dw - w) } })
        case .levels(let model, let rows):
            let m = (0..<model.levels.count).map { k in dot(pi, rows.map { $0[k] }) }
            let (a, da) = model.advantages(at: m, derivatives: derivatives)
            let values = rows.map { dot($0, a) }
            guard let da else { return (values, nil) }
            // ∂P_o/∂π_j = Σ_ℓ D_o(ℓ) Σ_k ∂a_ℓ/∂m_k D_j(k)
            let slopes = rows.map { row in (0..<m.count).map { k in dot(row, da.map { $0[k] }) } }
            return (values, slopes.map { slope in rows.map { dot(slope, $0) } })
        case .matrix(let matrix):
            return (matrix.map { dot($0, pi) }, derivatives ? matrix : nil)
        }
    }
}
