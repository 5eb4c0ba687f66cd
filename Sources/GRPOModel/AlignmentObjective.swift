import Multiprecision

/// GRPO's alignment objective for 0/1 rewards, population normalisation
/// (proofs/alignment-objective.md).
///
/// With `P_G(o|π) = (s_o − μ) W_G(μ)`, `W_G = U_G + V_G` (`BinomialRewardSums`), the
/// stationary points of (11) are those of `F_G(μ(π)) − β KL(π_ref ‖ π)`, `μ = Σ_o π(o) s_o`, for
///
///     F_G(μ) = E_{k ~ Bin(G, μ)}[g_G(k)],   g_G(k) = (1/G) Σ_{j<k} c_j,
///     c_j = sqrt((G−1−j)/(j+1)) + sqrt(j/(G−j)),
///
/// because `d/dμ E_{Bin(G,μ)} g(k) = G E_{Bin(G−1,μ)}[g(n+1) − g(n)] = Σ_n w_n c_n = W_G(μ)`;
/// `F_G(0) = 0`, `F_2(μ) = μ` (12) and, for large groups (13), `F_∞(μ) = 2 arcsin sqrt μ` with
/// `F_∞′ = W_∞ = 1/sqrt(μ(1 − μ))`.
///
/// Cost for finite `G`: the expectation is summed outwards from the mode `m = ⌊Gμ⌋` of
/// `Bin(G, μ)` with the weights and geometric tail bounds of `BinomialRewardSums`
/// (`O(sqrt(G μ(1−μ) P))` terms at `P` bits), but `g_G(m)` itself is a sum of `m` coefficients:
/// `prefixSum` takes `min(2m, G)` square roots, so one evaluation is `O(G)` square roots in the
/// worst case (μ ≥ 1/2): about 10^7 at `G = 10^7`.
public struct AlignmentObjective: Sendable {
    public let groupSize: GroupSize
    /// Precision of the returned values in bits; the sums run with guard bits on top.
    public let precision: Int
    let workingPrecision: Int

    /// `2 ≤ G ≤ GroupSize.maximumFinite`, or `G = ∞`.
    public init(groupSize: GroupSize, precision: Int) {
        if let g = groupSize.finiteValue { precondition(g >= 2 && g <= GroupSize.maximumFinite) }
        self.groupSize = groupSize
        self.precision = precision
        let logG = groupSize.finiteValue.map { Int.bitWidth - $0.leadingZeroBitCount } ?? 0
        workingPrecision = precision + 2 * logG + 16
    }

    /// `F_G(mu)` for `mu ∈ [0, 1]` (an enclosure over an interval `mu` inside `(0, 1)`).
    ///
    /// Terms `w_k g_G(k)`, `w_k = C(G, k) μ^k (1−μ)^{G−k}`, are added outwards from the mode,
    /// `g_G` updated by `± c_j / G`; as in `BinomialRewardSums` the weights start at 1 at the mode
    /// and the sum is divided by their total (`Σ_k w_k = 1`, its omitted tail below the same bound). Since `c_j ≤ sqrt(G/(j+1)) + sqrt(G/(G−j))` and
    /// `Σ_{m=1}^{G} m^{−1/2} < 2 sqrt(G)`, `g_G(k) ≤ g_G(G) < 4`: each direction stops at the
    /// first `k` (past the mode) where the weight ratio is at most `r̄ < 1` from there on and
    /// `8 f w_k`, `f = ⌈1/(1 − r̄)⌉`, is below `2^{−(P+8)}` times the sum so far, and adds
    /// `[0, 8 f w_k]`, which exceeds the omitted `Σ w g < 4 w_k / (1 − r̄)` by more than the
    /// rounding of the bound.
    public func value<T: RealArithmetic>(at mu: T) -> T {
        guard case .finite(let g) = groupSize else {
            return 2 * (mu * T(1, precision: precision)).squareRoot().arcsin()
        }
        let wp = workingPrecision
        let one = T(1, precision: wp)
        if mu.upperBound.isZero { return T(0, precision: precision) }
        if mu.lowerBound == 1 {
            let total: T = Self.prefixSum(below: g, groupSize: g, precision: wp)
            return total / g * T(1, precision: precision)
        }

        let muW = mu * one
        let oneMinus = 1 - muW
        let ratio = muW / oneMinus                  // w_{k+1} / w_k = (G−k)/(k+1) · ratio
        let inverseRatio = oneMinus / muW
        let ratioBound = ratio.upperBound.doubleApproximation * (1 + 1e-12)
        let inverseBound = inverseRatio.upperBound.doubleApproximation * (1 + 1e-12)
        let m = mu.approximation
        // Any start is correct; a NaN μ starts at 0 and gives NaN (MPFR's NaN flag), never a trap.
        let mode = m.isFinite ? min(g, max(0, Int((min(max(m, 0), 1) * Double(g)).rounded(.down)))) : 0
        let modeWeight = one                        // relative weights, normalised at the end
        let modeLevel: T = Self.prefixSum(below: mode, groupSize: g, precision: wp) / g

        var sum = T(0, precision: wp), weights = sum, step = sum, zero = sum
        var tail = BigFloat(0, precision: 64)
        /// `step ← c_j / G`, in place.
        func setStep(_ j: Int) {
            step.setSquareRootOfRatio(g - 1 - j, j + 1)
            zero.setSquareRootOfRatio(j, g - j)
            step.add(zero)
            step.divide(by: g)
        }
        /// `sum += w_k g_G(k)`, in place (a copy of `weight` to multiply would allocate per term).
        func addTerm(_ weight: T, _ level: T) {
            weights.add(weight)
            sum.addProduct(weight, level)
        }
        // Upwards from the mode: the ratio (G−k)/(k+1)·ratio decreases in k.
        var weight = modeWeight, level = modeLevel, k = mode
        while k <= g {
            if k > mode, let f = BinomialRewardSums.tailFactor(Double(g - k) / Double(k + 1) * ratioBound),
               Self.negligible(weight, factor: 8 * f, against: sum, precision: precision) {
                tail = weight.upperBound * (8 * f)
                break
            }
            addTerm(weight, level)
            guard k < g else { break }
            setStep(k)
            level.add(step)
            weight.multiply(by: g - k)
            weight.divide(by: k + 1)
            weight.multiply(by: ratio)
            k += 1
        }
        // Downwards: the ratio k/(G−k+1)/ratio decreases as k falls.
        weight = modeWeight
        level = modeLevel
        k = mode
        while k > 0 {
            weight.multiply(by: k)
            weight.divide(by: g - k + 1)
            weight.multiply(by: inverseRatio)
            k -= 1
            setStep(k)
            level = level - step
            if let f = BinomialRewardSums.tailFactor(Double(k) / Double(g - k + 1) * inverseBound),
               Self.negligible(weight, factor: 8 * f, against: sum, precision: precision) {
                tail = tail + weight.upperBound * (8 * f)
                break
            }
            addTerm(weight, level)
        }
        // The omitted weights sum to less than `f w_k`, within the tail bound `8 f w_k` too.
        return sum.addingTail(atMost: tail) / weights.addingTail(atMost: tail) * T(1, precision: precision)
    }

    /// `F_G′(mu) = W_G(mu) = U_G(mu) + V_G(mu)`; for `G = ∞`, `1/sqrt(μ(1 − μ))`, which needs
    /// `mu` inside `(0, 1)` (at 0 and 1 the derivative is `+∞`: NaN and MPFR's flag here).
    public func derivative<T: RealArithmetic>(at mu: T) -> T {
        guard case .finite(let g) = groupSize else {
            let m = mu * T(1, precision: precision)
            return 1 / (m * (1 - m)).squareRoot()
        }
        let sums = BinomialRewardSums(groupSize: g, precision: precision).values(at: mu)
        return sums.u + sums.v
    }

    /// `G g_G(k) = Σ_{j<k} c_j` for `0 ≤ k ≤ G`. With `a_i = sqrt((G−1−i)/(i+1))`, the second
    /// root of `c_j` is `a_{G−1−j}`, so the sum is `Σ_{i<k} a_i + Σ_{i≥G−k} a_i`: each `a_i` is
    /// computed once and added once or, where the two ranges overlap (`2k > G`), twice —
    /// `min(2k, G)` square roots, in place (no allocation per term, for a `BigFloat` or an `Interval`).
    static func prefixSum<T: RealArithmetic>(below k: Int, groupSize g: Int, precision: Int) -> T {
        var sum = T(0, precision: precision), term = sum
        for i in 0..<k {
            term.setSquareRootOfRatio(g - 1 - i, i + 1)
            sum.add(term)
            if i >= g - k { sum.add(term) }
        }
        for i in max(k, g - k)..<g {
            term.setSquareRootOfRatio(g - 1 - i, i + 1)
            sum.add(term)
        }
        return sum
    }

    /// True when `factor · w < 2^{−(P+8)} · sum`, decided on binary exponents as in
    /// `BinomialRewardSums` (false while the sum's lower bound is not positive).
    static func negligible<T: RealArithmetic>(_ weight: T, factor: Int, against sum: T, precision p: Int) -> Bool {
        let w = weight.upperBound, s = sum.lowerBound
        if w.isZero { return true }
        guard s.sign > 0 else { return false }
        return w.exponent + (Int.bitWidth - factor.leadingZeroBitCount) <= s.exponent - 1 - (p + 8)
    }
}
