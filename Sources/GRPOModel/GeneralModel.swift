import Multiprecision

/// The stationary conditions of GRPO for a `Question` with any reward model, on the whole
/// policy vector: `P_G(o|π)` and its Jacobian come from `RewardPreferences`, and
///
/// * reverse KL, (11): `π(o)(1 − (P_G(o|π) − E_π P_G)/β) = π_ref(o)`;
/// * direct KL: `π(o) ∝ π_ref(o) e^{P_G(o|π)/β}`.
///
/// Bernoulli rewards also reduce to one equation in the success rate (`SuccessRateModel`).
public struct GeneralModel<T: RealArithmetic> {
    public let setting: GeneralSetting
    public let precision: Int
    public let beta: T
    public let references: [T]
    public let preferences: RewardPreferences<T>

    /// The model of `setting`, or of the same question at another regularisation `beta`
    /// (used as given: for continuation in `β`).
    public init(_ setting: GeneralSetting, precision: Int, beta: T? = nil) {
        self.setting = setting
        self.precision = precision
        self.beta = beta ?? setting.regularisation(precision: precision)
        references = setting.question.references.map { T($0, precision: precision) }
        preferences = RewardPreferences(setting, precision: precision)
    }

    /// `π = softmax(θ_1, …, θ_{K−1}, 0)`, with the largest logit subtracted before `exp`
    /// (chosen on `approximation`; any choice gives the same value) so that no weight overflows.
    public func policy(logits theta: [T]) -> [T] {
        let all = theta + [T(0, precision: precision)]
        let top = all.max { $0.approximation < $1.approximation }!
        let weights = all.map { ($0 - top).exp() }
        let total = weights.dropFirst().reduce(weights[0], +)
        return weights.map { $0 / total }
    }

    /// The stationary condition on the whole policy vector `π`, written without divisions:
    /// reverse (11): `F_o = π(o)(1 − (P_G(o|π) − E_π P_G)/β) − π_ref(o)`;
    /// direct: `F_o = π(o) Z − π_ref(o) e^{P_G(o|π)/β}`, `Z = Σ_j π_ref(j) e^{P_G(j|π)/β}`.
    /// On the simplex `Σ_o F_o = 0` for both. Returns `F` and its Jacobian `∂F_o/∂π_j`, from
    /// `J_oj = ∂P_G(o|π)/∂π_j`.
    public func policyResidual(at pi: [T]) -> (value: [T], jacobian: [[T]]) {
        let k = pi.count
        let (p, jp) = preferences.valuesAndJacobian(at: pi)
        var value: [T] = [], jacobian: [[T]] = []
        switch setting.penalty {
        case .reverse:
            let e = dot(pi, p)
            // ∂E/∂π_j = P_j + Σ_o π_o J_oj
            let dE = (0..<k).map { j in p[j] + dot(pi, jp.map { $0[j] }) }
            for o in 0..<k {
                let d = 1 - (p[o] - e) / beta
                value.append(pi[o] * d - references[o])
                jacobian.append((0..<k).map { j in
                    let own = o == j ? d : T(0, precision: precision)
                    return own - pi[o] * (jp[o][j] - dE[j]) / beta
                })
            }
        case .direct:
            let tilts = (0..<k).map { references[$0] * (p[$0] / beta).exp() }
            let z = tilts.dropFirst().reduce(tilts[0], +)
            // ∂Z/∂π_j = Σ_o t_o J_oj / β
            let dZ = (0..<k).map { j in dot(tilts, jp.map { $0[j] }) / beta }
            for o in 0..<k {
                value.append(pi[o] * z - tilts[o])
                jacobian.append((0..<k).map { j in
                    let own = o == j ? z : T(0, precision: precision)
                    return own + pi[o] * dZ[j] - tilts[o] * jp[o][j] / beta
                })
            }
        }
        return (value, jacobian)
    }

    /// The expected GRPO gradient in the logits, at `π_old = π` (softmax chain rule
    /// `∂J/∂θ_m = π_m (g_m − Σ_o π_o g_o)` with `g_o = ∂J/∂π(o)`):
    ///
    /// * reverse KL (k3 estimator): `g_o = P_G(o|π) − β(1 − π_ref(o)/π(o))`, so
    ///   `∂J/∂θ_m = π_m (P_G(m|π) − E_π P_G) − β(π_m − π_ref(m))`;
    /// * direct KL: `g_o = P_G(o|π) − β(log(π(o)/π_ref(o)) + 1)`, so
    ///   `∂J/∂θ_m = π_m (P_G(m|π) − E_π P_G − β(log(π_m/π_ref(m)) − KL(π ‖ π_ref)))`.
    public func logitGradient(atLogits theta: [T]) -> [T] {
        let pi = policy(logits: theta)
        let p = preferences.values(at: pi)
        let e = dot(pi, p)
        switch setting.penalty {
        case .reverse:
            return theta.indices.map { m in pi[m] * (p[m] - e) - beta * (pi[m] - references[m]) }
        case .direct:
            let logRatios = pi.indices.map { (pi[$0] / references[$0]).log() }
            let kl = dot(pi, logRatios)
            return theta.indices.map { m in pi[m] * (p[m] - e - beta * (logRatios[m] - kl)) }
        }
    }

    /// The Jacobian `∂(∂J/∂θ_m)/∂θ_n` of `logitGradient` (`m, n = 1 … K−1`) at the policy `π`,
    /// by the chain rule through `∂π_j/∂θ_n = π_j(δ_jn − π_n)` from the partial derivatives in
    /// `π` (all K entries taken as free), with `J_oj = ∂P_G(o|π)/∂π_j` and `∂E/∂π_j = P_j + Σ_o π_o J_oj`:
    ///
    /// * reverse: `∂g_m/∂π_j = δ_mj (P_m − E − β) + π_m (J_mj − ∂E/∂π_j)`;
    /// * direct: `∂g_m/∂π_j = δ_mj (P_m − E − β(ℓ_m − KL) − β) + π_m (J_mj − ∂E/∂π_j + β(ℓ_j + 1))`,
    ///   `ℓ_o = log(π(o)/π_ref(o))`.
    public func logitJacobian(at pi: [T]) -> [[T]] {
        let k = pi.count
        let (p, jp) = preferences.valuesAndJacobian(at: pi)
        let e = dot(pi, p)
        let dE = (0..<k).map { j in p[j] + dot(pi, jp.map { $0[j] }) }
        let zero = T(0, precision: precision)
        let partial: [[T]]
        switch setting.penalty {
        case .reverse:
            partial = (0..<(k - 1)).map { m in
                let own: T = p[m] - e - beta
                return (0..<k).map { j in (m == j ? own : zero) + pi[m] * (jp[m][j] - dE[j]) }
            }
        case .direct:
            let l = (0..<k).map { (pi[$0] / references[$0]).log() }
            let kl = dot(pi, l)
            partial = (0..<(k - 1)).map { m in
                let own: T = p[m] - e - beta * (l[m] - kl) - beta
                return (0..<k).map { j in
                    let cross: T = jp[m][j] - dE[j] + beta * (l[j] + 1)
                    return (m == j ? own : zero) + pi[m] * cross
                }
            }
        }
        return partial.map { row in
            (0..<(k - 1)).map { n in
                var total = row[n] * pi[n]
                for j in 0..<k { total = total - row[j] * pi[j] * pi[n] }
                return total
            }
        }
    }

    /// A starting learning rate `4/(S + β)`, as for the binary iteration, with the reward
    /// model's `RewardPreferences.scale` standing in for the size of the preferences' slope.
    public var learningRate: T {
        4 / (preferences.scale + beta)
    }
}

