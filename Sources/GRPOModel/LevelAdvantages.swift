import Multiprecision

/// The expected advantage of each reward level when the other `G − 1` rewards of the group are
/// i.i.d. from a mixture `m` over the levels `v_1 < … < v_L` (derived: the composition sums of `LevelAdvantages`):
///
///     a_ℓ(m) = E[A_1 | r_1 = v_ℓ] = Σ_c C(G − 1; c) Π_k m_k^{c_k} · A(v_ℓ; c + e_ℓ),
///
/// the sum over the compositions `c` of `G − 1` into `L` parts (`C(G + L − 2, L − 1)` of them),
/// `A(v_ℓ; n)` the advantage of `v_ℓ` in a group holding `n_k` rewards `v_k`. Groups of two
/// are the case `G = 2` of the same sum: `a_ℓ(m) = Σ_k m_k A(v_ℓ; e_ℓ + e_k)`, `A = sign(v_ℓ − v_k)`
/// for the paper's normalisation (12). As `G → ∞`, (13): `a_ℓ(m) = (v_ℓ − E_m r)/d(σ_m)` with the
/// normalisation's divisor `d` (`σ`, `σ + ε` or 1).
///
/// `∂a_ℓ/∂m_k = (G − 1) Σ_{c'} C(G − 2; c') Π m^{c'} · A(v_ℓ; c' + e_ℓ + e_k)` (compositions of
/// `G − 2`): the mixture enters as a polynomial, so the derivative needs no division by `m_k`.
public struct LevelAdvantages: Sendable {
    public let levels: [DecimalNumber]
    public let groupSize: GroupSize
    public let normalisation: AdvantageNormalisation

    /// The most compositions one evaluation may sum: `C(G + L − 2, L − 1) ≤ maximumTerms`.
    public static let maximumTerms = 200_000

    /// Why a level model cannot be evaluated.
    public enum Problem: Error, Equatable, Sendable {
        /// `C(G + L − 2, L − 1)` exceeds `maximumTerms` (nil: beyond `Int`).
        case tooManyCompositions(Int?)
    }

    /// `levels` strictly increasing, at least two.
    public init(levels: [DecimalNumber], groupSize: GroupSize, normalisation: AdvantageNormalisation) throws(Problem) {
        precondition(levels.count >= 2)
        if case .finite(let g) = groupSize {
            let count = Self.compositions(of: g - 1, parts: levels.count)
            guard let count, count <= Self.maximumTerms else { throw .tooManyCompositions(count) }
        }
        self.levels = levels
        self.groupSize = groupSize
        self.normalisation = normalisation
    }

    /// `C(n + L − 1, L − 1)`, the number of compositions of `n` into `L` parts; nil on overflow.
    public static func compositions(of n: Int, parts: Int) -> Int? {
        var count = 1
        for i in 1..<parts {
            let (product, overflow) = count.multipliedReportingOverflow(by: n + i)
            if overflow { return nil }
            count = product / i          // exact: a product of i consecutive integers over i!
        }
        return count
    }

    /// `a_ℓ(m)` for every level and, if `derivatives`, `∂a_ℓ/∂m_k`.
    public func advantages<T: RealArithmetic>(at m: [T], derivatives: Bool) -> (values: [T], jacobian: [[T]]?) {
        let precision = m[0].precision
        let v = levels.map { T($0, precision: precision) }
        guard case .finite(let g) = groupSize else { return largeGroups(m, v, derivatives: derivatives) }
        let values = (0..<v.count).map { own in
            expectation(over: g - 1, m, v) { counts in advantage(own, adding(counts, own), v, g) }
        }
        guard derivatives else { return (values, nil) }
        let jacobian = (0..<v.count).map { own in
            (0..<v.count).map { k in
                expectation(over: g - 2, m, v) { counts in advantage(own, adding(counts, own, k), v, g) } * (g - 1)
            }
        }
        return (values, jacobian)
    }

    /// `E[f(c)]` for `c ~ Multinomial(n, m)`, as the polynomial `Σ_c C(n; c) Π m_k^{c_k} f(c)`.
    private func expectation<T: RealArithmetic>(over n: Int, _ m: [T], _ v: [T], _ f: ([Int]) -> T) -> T {
        var total = T(0, precision: m[0].precision)
        var counts = [Int](repeating: 0, count: m.count)
        func visit(_ part: Int, left: Int, weight: T) {
            if part == m.count - 1 {
                counts[part] = left
                total = total + weight * m[part].power(left) * f(counts)
                return
            }
            var factor = T(1, precision: weight.precision)     // C(left, c) m^c, built up in c
            for c in 0...left {
                counts[part] = c
                visit(part + 1, left: left - c, weight: weight * factor)
                factor = factor * (left - c) / (c + 1) * m[part]
            }
        }
        visit(0, left: n, weight: T(1, precision: m[0].precision))
        return total
    }

    /// The advantage of the level `own` in a group of `g` with `counts[k]` rewards `v_k`:
    /// `(v_own − mean)/d`, `mean = Σ n_k v_k / g`, `d` the normalisation's divisor of the
    /// variance `Σ_{k<j} n_k n_j (v_k − v_j)² / g²` (or its Bessel form); 0 when every reward
    /// of the group is the same (the paper's 0/0 := 0).
    private func advantage<T: RealArithmetic>(_ own: Int, _ counts: [Int], _ v: [T], _ g: Int) -> T {
        let present = counts.indices.filter { counts[$0] > 0 }
        let zero = T(0, precision: v[0].precision)
        guard present.count > 1 else { return zero }
        var deviation = zero                                // Σ n_k (v_own − v_k), over g below
        for k in present where k != own { deviation = deviation + (v[own] - v[k]) * counts[k] }
        deviation = deviation / g
        var spread = zero                                   // Σ_{k<j} n_k n_j (v_k − v_j)²
        for (i, k) in present.enumerated() {
            for j in present[(i + 1)...] {
                let d = v[j] - v[k]
                spread = spread + d * d * (counts[k] * counts[j])
            }
        }
        return deviation / normalisation.divisor(pairwiseSpread: spread, groupSize: g)
    }

    /// `counts` with one more reward at each of `levels`.
    private func adding(_ counts: [Int], _ more: Int...) -> [Int] {
        var n = counts
        for k in more { n[k] += 1 }
        return n
    }

    /// (13) with the normalisation's divisor: `a_ℓ = (v_ℓ − E)/d(σ)`, `E = Σ m_k v_k`,
    /// `σ² = ½ Σ_{k,j} m_k m_j (v_k − v_j)²`, and `∂a_ℓ/∂m_k = −v_k/d − (v_ℓ − E) d′ ∂σ/∂m_k / d²`
    /// with `∂σ/∂m_k = Σ_j m_j (v_k − v_j)² / (2σ)`.
    private func largeGroups<T: RealArithmetic>(_ m: [T], _ v: [T], derivatives: Bool) -> (values: [T], jacobian: [[T]]?) {
        let zero = T(0, precision: m[0].precision)
        var mean = zero, variance = zero
        for k in m.indices { mean = mean + m[k] * v[k] }
        for k in m.indices {
            for j in m.indices where j > k {
                let d = v[j] - v[k]
                variance = variance + m[k] * m[j] * d * d
            }
        }
        let (divisor, divisorSlope) = normalisation.largeGroupDivisor(variance: variance)
        let values = v.map { ($0 - mean) / divisor }
        guard derivatives else { return (values, nil) }
        let varianceSlopes = m.indices.map { k in
            m.indices.reduce(zero) { total, j in
                let d = v[k] - v[j]
                return total + m[j] * d * d
            }
        }
        let jacobian = v.map { level in
            m.indices.map { k in
                -(v[k] / divisor) - (level - mean) * divisorSlope * varianceSlopes[k] / (divisor * divisor)
            }
        }
        return (values, jacobian)
    }
}

extension AdvantageNormalisation {
    /// The divisor of a group's deviations from the mean, from `S = Σ_{k<j} n_k n_j (v_k − v_j)²`
    /// over the group's `g` rewards: the population variance is `S/g²`, the Bessel one `S/(g(g − 1))`.
    func divisor<T: RealArithmetic>(pairwiseSpread s: T, groupSize g: Int) -> T {
        switch self {
        case .population: (s / (g * g)).squareRoot()
        case .bessel: (s / (g * (g - 1))).squareRoot()
        case .populationEpsilon(let e): (s / (g * g)).squareRoot() + T(e, precision: s.precision)
        case .besselEpsilon(let e): (s / (g * (g - 1))).squareRoot() + T(e, precision: s.precision)
        case .shift: T(1, precision: s.precision)
        }
    }

    /// As `G → ∞`, the divisor `d(σ)` from the variance `σ²` of the mixture, and `dd/d(σ²)`:
    /// `σ` (population and Bessel agree in the limit), `σ + ε`, or 1 (shift).
    func largeGroupDivisor<T: RealArithmetic>(variance: T) -> (value: T, slope: T) {
        let p = variance.precision
        switch self {
        case .population, .bessel:
            let sigma = variance.squareRoot()
            return (sigma, 1 / (2 * sigma))
        case .populationEpsilon(let e), .besselEpsilon(let e):
            let sigma = variance.squareRoot()
            return (sigma + T(e, precision: p), 1 / (2 * sigma))
        case .shift:
            return (T(1, precision: p), T(0, precision: p))
        }
    }
}

