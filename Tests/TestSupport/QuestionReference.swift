import Multiprecision

/// An independent reference for questions with several answers and any reward model, written
/// from the definitions only (no `RewardPreferences`, `GeneralModel`, `LevelAdvantages` or the
/// suite's solvers):
///
/// * `P_G(o|π) = E[A_1 | o_1 = o]`: every ordered tuple of the other `G − 1` members' answers
///   and every outcome of every member's reward is enumerated, and the advantage of member 1
///   is computed from its definition (`(r_1 − mean)/std`, population or Bessel std, `0` for a
///   group of equal rewards; shift: `r_1 − mean`). For a preference matrix at `G = 2` a win is
///   the group of rewards `(1, 0)`, a loss `(0, 1)`, a tie `(½, ½)`.
/// * The stationary policy: damped Newton in the logits `θ` (`π = softmax(θ_1 … θ_{K−1}, 0)`)
///   on reverse (11) `π_m(1 − (P_m − E_π P)/β) − π_ref(m) = 0` or the direct condition
///   `θ_m = log(π_ref(m)/π_ref(K)) + (P_m − P_K)/β`, with the Jacobian by central differences,
///   started from `π_ref` and iterated until the Newton step is below `2^-380`.
/// * The expected-gradient flow in the logits, and its Jacobian by central differences.
public struct QuestionReference: Sendable {
    public static let precision = 448

    public enum Scale: Sendable { case population, bessel, shift }
    public enum KL: Sendable { case reverse, direct }

    public let references: [BigFloat]
    public let groupSize: Int
    public let beta: BigFloat
    public let penalty: KL
    /// Every ordered tuple of the answers of members 2 … G.
    public let tuples: [[Int]]
    /// `c[o][t] = E[A_1 | o_1 = o, (o_2 … o_G) = tuples[t]]`, over the members' rewards.
    public let coefficients: [[BigFloat]]

    public var count: Int { references.count }

    public static func number(_ s: String) -> BigFloat { try! BigFloat(decimal: s, precision: precision) }
    static var zero: BigFloat { BigFloat(0, precision: precision) }

    /// The advantage of member 1 of a group with rewards `r`, from its definition.
    public static func advantage(_ r: [BigFloat], _ scale: Scale) -> BigFloat {
        let g = r.count
        // Equal rewards (the same decimals): every advantage is 0 (0/0 := 0); decided on the
        // values, not on a rounded mean.
        if r.allSatisfy({ $0 == r[0] }) { return zero }
        let mean = r.dropFirst().reduce(r[0], +) / g
        var squares = zero
        for x in r { squares = squares + (x - mean) * (x - mean) }
        let centred = r[0] - mean
        switch scale {
        case .shift: return centred
        case .population: return centred / (squares / g).squareRoot()
        case .bessel: return centred / (squares / (g - 1)).squareRoot()
        }
    }

    init(references: [String], beta: String, penalty: KL, groupSize g: Int, coefficient: (Int, [Int]) -> BigFloat) {
        self.references = references.map(Self.number)
        self.beta = Self.number(beta)
        self.penalty = penalty
        self.groupSize = g
        let k = references.count
        var tuples: [[Int]] = []
        var tuple = [Int](repeating: 0, count: g - 1)
        while true {
            tuples.append(tuple)
            var position = 0
            while position < g - 1 && tuple[position] == k - 1 { tuple[position] = 0; position += 1 }
            if position == g - 1 { break }
            tuple[position] += 1
        }
        self.tuples = tuples
        coefficients = (0..<k).map { o in tuples.map { coefficient(o, $0) } }
    }

    /// Rewards drawn per answer: `outcomes[o]` lists `(reward, probability)` pairs as decimals
    /// (deterministic graded rewards: one pair with probability 1).
    public static func rewards(references: [String], outcomes: [[(String, String)]], groupSize g: Int,
                               scale: Scale, beta: String, penalty: KL) -> QuestionReference {
        let table = outcomes.map { $0.map { (number($0.0), number($0.1)) }.filter { !$0.1.isZero } }
        return QuestionReference(references: references, beta: beta, penalty: penalty, groupSize: g) { o, others in
            let members = [o] + others
            var total = zero
            // Every reward vector of the G members, with its probability.
            func visit(_ member: Int, _ rewards: [BigFloat], _ probability: BigFloat) {
                if member == members.count {
                    total = total + probability * advantage(rewards, scale)
                    return
                }
                for (r, q) in table[members[member]] { visit(member + 1, rewards + [r], probability * q) }
            }
            visit(0, [], BigFloat(1, precision: precision))
            return total
        }
    }

    /// Deterministic graded rewards `r_o`.
    public static func graded(references: [String], rewards: [String], groupSize g: Int, scale: Scale = .population,
                              beta: String, penalty: KL) -> QuestionReference {
        Self.rewards(references: references, outcomes: rewards.map { [($0, "1")] }, groupSize: g, scale: scale,
                     beta: beta, penalty: penalty)
    }

    /// A preference matrix at `G = 2`: member 1 wins with `P_ij` (rewards `(1, 0)`), loses
    /// with `P_ji` (`(0, 1)`), and ties otherwise (`(½, ½)`).
    public static func preference(references: [String], matrix: [[String]], scale: Scale = .population,
                                  beta: String, penalty: KL) -> QuestionReference {
        let p = matrix.map { $0.map(number) }
        let one = BigFloat(1, precision: precision), half = one / 2
        let win = advantage([one, zero], scale), loss = advantage([zero, one], scale), tie = advantage([half, half], scale)
        return QuestionReference(references: references, beta: beta, penalty: penalty, groupSize: 2) { i, others in
            let j = others[0]
            return p[i][j] * win + p[j][i] * loss + (1 - p[i][j] - p[j][i]) * tie
        }
    }

    // MARK: - P_G, the policy, the residual and the flow

    /// `P_G(o|π)` for every answer: `Σ_t Π_j π(t_j) c[o][t]`.
    public func preferences(_ pi: [BigFloat]) -> [BigFloat] {
        let weights = tuples.map { t in t.reduce(BigFloat(1, precision: Self.precision)) { $0 * pi[$1] } }
        return coefficients.map { row in zip(row, weights).reduce(Self.zero) { $0 + $1.0 * $1.1 } }
    }

    /// `softmax(θ_1 … θ_{K−1}, 0)`.
    public func policy(logits theta: [BigFloat]) -> [BigFloat] {
        let weights = (theta + [Self.zero]).map { $0.exp() }
        let total = weights.reduce(Self.zero, +)
        return weights.map { $0 / total }
    }

    public func logits(_ pi: [BigFloat]) -> [BigFloat] {
        pi.dropLast().map { ($0 / pi[pi.count - 1]).log() }
    }

    /// The stationary condition on answers `1 … K−1` (the K-th follows on the simplex).
    public func residual(logits theta: [BigFloat]) -> [BigFloat] { residual(logits: theta, beta: beta) }

    func residual(logits theta: [BigFloat], beta: BigFloat) -> [BigFloat] {
        let pi = policy(logits: theta), p = preferences(pi)
        switch penalty {
        case .reverse:
            let e = zip(pi, p).reduce(Self.zero) { $0 + $1.0 * $1.1 }
            return theta.indices.map { m in pi[m] * (1 - (p[m] - e) / beta) - references[m] }
        case .direct:
            let last = count - 1
            return theta.indices.map { m in theta[m] - (references[m] / references[last]).log() - (p[m] - p[last]) / beta }
        }
    }

    /// The expected GRPO gradient in the logits: reverse `π_m (P_m − E) − β(π_m − π_ref(m))`;
    /// direct `π_m (P_m − E − β(log(π_m/π_ref(m)) − KL(π‖π_ref)))`.
    public func flow(logits theta: [BigFloat]) -> [BigFloat] {
        let pi = policy(logits: theta), p = preferences(pi)
        let e = zip(pi, p).reduce(Self.zero) { $0 + $1.0 * $1.1 }
        switch penalty {
        case .reverse:
            return theta.indices.map { m in pi[m] * (p[m] - e) - beta * (pi[m] - references[m]) }
        case .direct:
            let l = pi.indices.map { (pi[$0] / references[$0]).log() }
            let kl = zip(pi, l).reduce(Self.zero) { $0 + $1.0 * $1.1 }
            return theta.indices.map { m in pi[m] * (p[m] - e - beta * (l[m] - kl)) }
        }
    }

    /// `∂f/∂θ` by central differences with step `2^-110`.
    public static func jacobian(_ f: ([BigFloat]) -> [BigFloat], at theta: [BigFloat]) -> [[BigFloat]] {
        let h = BigFloat(1, precision: precision).scaled(byPowerOfTwo: -110)
        let columns = theta.indices.map { n -> [BigFloat] in
            var plus = theta, minus = theta
            plus[n] = plus[n] + h
            minus[n] = minus[n] - h
            return zip(f(plus), f(minus)).map { ($0 - $1) / (2 * h) }
        }
        return theta.indices.map { m in theta.indices.map { n in columns[n][m] } }
    }

    /// Gaussian elimination with partial pivoting (nil if singular).
    public static func solve(_ a: [[BigFloat]], _ b: [BigFloat]) -> [BigFloat]? {
        var m = zip(a, b).map { $0 + [$1] }
        let n = b.count
        for c in 0..<n {
            guard let pivot = (c..<n).max(by: { m[$0][c].magnitude < m[$1][c].magnitude }), !m[pivot][c].isZero else { return nil }
            m.swapAt(c, pivot)
            for r in (c + 1)..<n {
                let factor = m[r][c] / m[c][c]
                for k in c...n { m[r][k] = m[r][k] - factor * m[c][k] }
            }
        }
        var x = [BigFloat](repeating: zero, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = m[r][n]
            for k in (r + 1)..<n { s = s - m[r][k] * x[k] }
            x[r] = s / m[r][r]
        }
        return x
    }

    public static func largest(_ v: [BigFloat]) -> BigFloat { v.map(\.magnitude).reduce(zero, BigFloat.maximum) }

    /// The stationary logits: damped Newton from `π_ref` at `β₀ = 2^n β ≥ 8` (where the
    /// stationary policy is close to `π_ref`), then at `β₀/2, β₀/4, …, β`, each started from
    /// the last; at `β` iterated until the Newton step is below `2^-380` (nil if a stage does
    /// not converge within 200 steps).
    public func stationaryLogits() -> [BigFloat]? {
        var betas = [beta]
        while betas[0] < 8 { betas.insert(betas[0] * 2, at: 0) }
        var theta = logits(references)
        for (stage, b) in betas.enumerated() {
            let last = stage == betas.count - 1
            guard let solved = newton(from: theta, beta: b, toleranceExponent: last ? -380 : -40) else { return nil }
            theta = solved
        }
        return theta
    }

    func newton(from start: [BigFloat], beta b: BigFloat, toleranceExponent: Int) -> [BigFloat]? {
        let tolerance = BigFloat(1, precision: Self.precision).scaled(byPowerOfTwo: toleranceExponent)
        let f = { (theta: [BigFloat]) in self.residual(logits: theta, beta: b) }
        var theta = start
        for _ in 0..<200 {
            let r = f(theta)
            guard let step = Self.solve(Self.jacobian(f, at: theta), r.map { -$0 }) else { return nil }
            if Self.largest(step) < tolerance { return zip(theta, step).map { $0 + $1 } }
            var lambda = BigFloat(1, precision: Self.precision), accepted = false
            let size = Self.largest(r)
            for _ in 0..<60 {
                let trial = zip(theta, step).map { $0 + lambda * $1 }
                if Self.largest(f(trial)) < size { theta = trial; accepted = true; break }
                lambda = lambda / 2
            }
            if !accepted { return nil }
        }
        return nil
    }

    /// The stationary policy (nil if Newton did not converge).
    public func stationaryPolicy() -> [BigFloat]? { stationaryLogits().map { policy(logits: $0) } }

    /// The largest modulus of an eigenvalue of a 2 × 2 matrix.
    public static func spectralRadius(_ m: [[BigFloat]]) -> BigFloat {
        let trace = m[0][0] + m[1][1], det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
        let discriminant = trace * trace - 4 * det
        if discriminant.sign < 0 { return det.squareRoot() }
        let root = discriminant.squareRoot()
        return BigFloat.maximum(((trace + root) / 2).magnitude, ((trace - root) / 2).magnitude)
    }
}
