import Multiprecision

/// The exact expected advantages of a group of `G` with 0/1 rewards (proofs/finite-g-exact-sums.md).
///
/// The other `G − 1` rewards are i.i.d. Bernoulli(μ); with weights
/// `w_n = C(G−1, n) μ^n (1−μ)^{G−1−n}`,
///
///     U_G(μ) = Σ_n w_n sqrt((G−1−n)/(n+1))      expected advantage of a one,
///     V_G(μ) = Σ_n w_n sqrt(n/(G−n))            minus the expected advantage of a zero,
///
/// and `μ U_G(μ) = (1 − μ) V_G(μ)`. The weights come from the recurrence
/// `w_{n+1} = w_n · (G−1−n)/(n+1) · μ/(1−μ)`, started at 1 at the mode of the binomial and run
/// outwards until the geometric bound on the rest of the tail is below the working precision;
/// since `Σ_n w_n = 1`, the sums are then divided by the sum of these weights (no `lnΓ`).
public struct BinomialRewardSums: Sendable {
    public let groupSize: Int
    /// How advantages are normalised; the formulas above are for `population`.
    public let normalisation: AdvantageNormalisation
    /// Precision of the returned values in bits; the sums run with guard bits on top.
    public let precision: Int
    let workingPrecision: Int

    public init(groupSize: Int, precision: Int, normalisation: AdvantageNormalisation = .population) {
        precondition(groupSize >= 2 && groupSize <= GroupSize.maximumFinite)
        self.groupSize = groupSize
        self.normalisation = normalisation
        self.precision = precision
        let logG = Int.bitWidth - groupSize.leadingZeroBitCount
        workingPrecision = precision + 2 * logG + 16
    }

    /// `U_G(μ)`, `V_G(μ)` and their derivatives in μ.
    public struct Values<T: RealArithmetic> {
        public var u: T
        public var v: T
        public var uDerivative: T
        public var vDerivative: T
        /// Terms summed (0 at μ ∈ {0, 1}), for the benchmarks and tests of the window.
        public var terms = 0
    }

    /// The sums at `mu ∈ [0, 1]` (an enclosure over an interval `mu` inside `(0, 1)`).
    ///
    /// Derivatives use `w_n′ = w_n (n − (G−1)μ) / (μ(1−μ))`; at μ ∈ {0, 1} they are the
    /// one-sided limits `(G−1)(c_1 − c_0)` and `(G−1)(c_{G−1} − c_{G−2})` of each sum's
    /// coefficients `c_n`.
    ///
    /// Outwards from the mode the weight ratio `r_n = w_{n±1}/w_n` decreases, so once
    /// `r_n ≤ r̄ < 1` everywhere on `mu` the rest of the tail is at most `w_n / (1 − r̄)`
    /// (a geometric series), times `sqrt(G)` per sum and `G sqrt(G)` for the `n`-weighted sums.
    /// Each direction stops at the first such `n` with `2 G² k w_n` below `2^{−(P+8)} U`,
    /// `k = ⌈1/(1 − r̄)⌉`, and adds `[0, 2 G² k w_n]` (which changes nothing for a `BigFloat`);
    /// that bound exceeds `sqrt(G) w_n / (1 − r̄)` by far more than its own rounding error.
    /// The terms summed number `O(sqrt(G μ(1−μ) P))`: about 19,000 at `G = 10^6`, μ = 0.3, 256 bits.
    ///
    /// Per term the loop runs in place (`multiply(by:)`, `add`, `setSquareRootOfRatio`), so a
    /// `BigFloat` sum allocates nothing per term; the operations and roundings are those of the
    /// formulas above, in the same order.
    public func values<T: RealArithmetic>(at mu: T) -> Values<T> {
        let g = groupSize
        let wp = workingPrecision
        let m = mu.approximation
        let atZero = mu.upperBound.isZero, atOne = mu.lowerBound == 1
        if atZero || atOne {
            let edge = atZero ? 0 : g - 1
            let step = atZero ? 1 : -1
            func c(_ n: Int, one: Bool) -> T {
                var value = T(0, precision: wp)
                normalisation.setAdvantage(&value, ofOne: one, otherOnes: n, groupSize: g)
                return value
            }
            let u = c(edge, one: true), v = c(edge, one: false)
            return rounded(Values(u: u, v: v,
                                  uDerivative: (c(edge + step, one: true) - u) * ((g - 1) * step),
                                  vDerivative: (c(edge + step, one: false) - v) * ((g - 1) * step)))
        }
        if mu.lowerBound.sign <= 0 || mu.upperBound >= 1 { return edgeValues(at: mu) }
        let one = T(1, precision: wp)
        let muW = mu * one                          // μ carried at the working precision
        let oneMinus = 1 - muW
        let ratio = muW / oneMinus                  // w_{n+1} / w_n = (G−1−n)/(n+1) · ratio
        let inverseRatio = oneMinus / muW
        let ratioBound = ratio.upperBound.doubleApproximation * (1 + 1e-12)
        let inverseBound = inverseRatio.upperBound.doubleApproximation * (1 + 1e-12)

        // Where the sum starts; any start is correct. A NaN μ starts anywhere and gives NaN sums
        // (MPFR's NaN flag, an error), never a trap.
        let mode = m.isFinite ? min(g - 1, max(0, Int((min(max(m, 0), 1) * Double(g - 1)).rounded(.down)))) : 0
        // Relative weights: `w_mode = 1`, normalised at the end by their sum.
        let modeWeight = one
        var sums = Accumulator<T>(precision: wp, normalisation: normalisation)

        // Upwards from the mode: the ratio (G−1−n)/(n+1)·r decreases in n.
        var weight = modeWeight
        var n = mode
        var tail = BigFloat(0, precision: 64)
        while n <= g - 1 {
            if n > mode, let k = Self.tailFactor(Double(g - 1 - n) / Double(n + 1) * ratioBound),
               sums.negligible(weight, factor: 2 * g * g * k, precision: precision) {
                tail = weight.upperBound * (2 * g * g * k)
                break
            }
            sums.add(weight: weight, n: n, groupSize: g)
            weight.multiply(by: g - 1 - n)
            weight.divide(by: n + 1)
            weight.multiply(by: ratio)
            n += 1
        }
        // Downwards: the ratio n/(G−n)/r decreases as n falls.
        weight = modeWeight
        n = mode
        while n > 0 {
            weight.multiply(by: n)
            weight.divide(by: g - n)
            weight.multiply(by: inverseRatio)
            n -= 1
            if let k = Self.tailFactor(Double(n) / Double(g - n) * inverseBound),
               sums.negligible(weight, factor: 2 * g * g * k, precision: precision) {
                tail = tail + weight.upperBound * (2 * g * g * k)
                break
            }
            sums.add(weight: weight, n: n, groupSize: g)
        }
        return rounded(sums.values(mu: muW, groupSize: g, tail: tail))
    }

    /// The largest `G` whose sums are taken term by term over an interval reaching 0 or 1.
    public static let maximumEdgeGroupSize = 100_000

    /// The sums over an interval `mu` reaching 0 or 1 (an enclosure near a certain answer),
    /// where the weight ratio `μ/(1 − μ)` has no bound: every term of the Bernstein form,
    /// `w_n = C(G−1, n) μ^n (1−μ)^{G−1−n}` with
    /// `w_n′ = C(G−1, n)(n μ^{n−1}(1−μ)^{G−1−n} − (G−1−n) μ^n (1−μ)^{G−2−n})`, times the
    /// advantages `c_n` of a one and (negated) of a zero among `n` other ones. NaN (MPFR's
    /// flag, an error) beyond `maximumEdgeGroupSize`.
    func edgeValues<T: RealArithmetic>(at mu: T) -> Values<T> {
        let g = groupSize, wp = workingPrecision
        let zero = T(0, precision: wp)
        guard g <= Self.maximumEdgeGroupSize else {
            let nan = zero / zero
            return Values(u: nan, v: nan, uDerivative: nan, vDerivative: nan)
        }
        let muW = mu * T(1, precision: wp), q = 1 - muW
        var binomial = T(1, precision: wp), advantage = zero
        var sums = Values(u: zero, v: zero, uDerivative: zero, vDerivative: zero, terms: 0)
        for n in 0..<g {
            let k = g - 1 - n
            let (muN, qK) = (muW.power(n), q.power(k))
            let weight = binomial * muN * qK
            var slope = zero
            if n > 0 { slope = slope + n * muW.power(n - 1) * qK }
            if k > 0 { slope = slope - k * muN * q.power(k - 1) }
            slope = binomial * slope
            normalisation.setAdvantage(&advantage, ofOne: true, otherOnes: n, groupSize: g)
            sums.u = sums.u + weight * advantage
            sums.uDerivative = sums.uDerivative + slope * advantage
            normalisation.setAdvantage(&advantage, ofOne: false, otherOnes: n, groupSize: g)
            sums.v = sums.v + weight * advantage
            sums.vDerivative = sums.vDerivative + slope * advantage
            sums.terms += 1
            binomial = binomial * k / (n + 1)
        }
        return rounded(sums)
    }

    /// `k = ⌈1/(1 − r̄)⌉ ≤ 1000` for a ratio bound `r̄` (the double estimate `r` raised by
    /// `10^{−9}` relative); nil while the ratio is too close to 1 for a useful tail bound.
    static func tailFactor(_ r: Double) -> Int? {
        let bound = r * (1 + 1e-9)
        return bound <= 0.999 ? Int((1 / (1 - bound)).rounded(.up)) : nil
    }

    private func rounded<T: RealArithmetic>(_ x: Values<T>) -> Values<T> {
        let one = T(1, precision: precision)
        return Values(u: x.u * one, v: x.v * one, uDerivative: x.uDerivative * one,
                      vDerivative: x.vDerivative * one, terms: x.terms)
    }

    /// Running sums of `w_n`, `w_n c_n` and `n w_n c_n` for the advantages `c_n` of a one, and
    /// a scratch value for the terms, so that adding a term allocates nothing for a `BigFloat`.
    /// `V` follows from `U` by `μ U = (1 − μ) V`, which holds for every normalisation: the
    /// advantages in a group sum to 0, so `E_π P_G = p U − (1 − p) V = 0` (claim
    /// zero-mean-preference; term by term, `C(G−1, n+1) a₀(n+1) = C(G−1, n) a₁(n+1)` for the
    /// advantages `a₁`, `−a₀` of a one and a zero among `n + 1` ones).
    struct Accumulator<T: RealArithmetic> {
        var weights, u, nu, term: T
        var terms = 0
        let precision: Int
        let normalisation: AdvantageNormalisation

        init(precision: Int, normalisation: AdvantageNormalisation) {
            self.precision = precision
            self.normalisation = normalisation
            u = T(0, precision: precision)
            weights = u; nu = u; term = u
        }

        /// `U += w c_n`, `nU += n w c_n` with `c_n` the advantage of a one among `n` other ones
        /// (`sqrt((G−1−n)/(n+1))` for `population`).
        mutating func add(weight: T, n: Int, groupSize g: Int) {
            terms += 1
            weights.add(weight)
            normalisation.setAdvantage(&term, ofOne: true, otherOnes: n, groupSize: g)
            term.multiply(by: weight)
            u.add(term)
            term.multiply(by: n)
            nu.add(term)
        }

        /// True when `factor · w < 2^{−(P+8)} U`, decided on binary exponents (`w < 2^{e_w}`,
        /// `factor < 2^{b}`): no rounding and no `Double` underflow, whatever the precision.
        /// (`V = μU/(1 − μ)` inherits `U`'s relative accuracy.)
        func negligible(_ weight: T, factor: Int, precision p: Int) -> Bool {
            let w = weight.upperBound
            if w.isZero { return true }
            let uLow = u.lowerBound
            guard uLow.sign > 0 else { return false }
            return w.exponent + (Int.bitWidth - factor.leadingZeroBitCount) <= uLow.exponent - 1 - (p + 8)
        }

        /// The sums with the omitted tail added, over the total weight `Σ_n w_n` (its omitted
        /// tail added too: the true weights are these over that total, which sums them to 1);
        /// `U′ = Σ w_n c_n (n − (G−1)μ) / (μ(1−μ))`, whose tail is enclosed by
        /// `±G · tail / (μ(1−μ))`; `V = μU/(1 − μ)` and `V′ = U/(1 − μ)² + μU′/(1 − μ)`.
        func values(mu: T, groupSize g: Int, tail: BigFloat) -> Values<T> {
            let total = weights.addingTail(atMost: tail)
            let oneMinus = 1 - mu
            let scale = mu * oneMinus * total
            let center = mu * (g - 1)
            let nTail = tail * g
            let du = (nu.addingTail(atMost: nTail) - (center * u).addingTail(atMost: nTail)) / scale
            let uValue = u.addingTail(atMost: tail) / total
            let odds = mu / oneMinus
            return Values(u: uValue, v: odds * uValue, uDerivative: du,
                          vDerivative: uValue / (oneMinus * oneMinus) + odds * du, terms: terms)
        }
    }
}
