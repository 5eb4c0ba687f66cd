import Multiprecision

/// The exact expected advantages of a group of `G` with 0/1 rewards (brief, section 4).
///
/// The other `G − 1` rewards are i.i.d. Bernoulli(μ); with weights
/// `w_n = C(G−1, n) μ^n (1−μ)^{G−1−n}`,
///
///     U_G(μ) = Σ_n w_n sqrt((G−1−n)/(n+1))      expected advantage of a one,
///     V_G(μ) = Σ_n w_n sqrt(n/(G−n))            minus the expected advantage of a zero,
///
/// and `μ U_G(μ) = (1 − μ) V_G(μ)`. The weights come from the recurrence
/// `w_{n+1} = w_n · (G−1−n)/(n+1) · μ/(1−μ)`, started at the mode of the binomial and run
/// outwards until the geometric bound on the rest of the tail is below the working precision.
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
    }

    /// The sums at `mu ∈ [0, 1]` (an enclosure over an interval `mu` inside `(0, 1)`).
    ///
    /// Derivatives use `w_n′ = w_n (n − (G−1)μ) / (μ(1−μ))`; at μ ∈ {0, 1} they are the
    /// one-sided limits `(G−1)(c_1 − c_0)` and `(G−1)(c_{G−1} − c_{G−2})` of each sum's
    /// coefficients `c_n`.
    ///
    /// Each direction of the summation stops at the first `n` where the weight ratio is at most
    /// ½ everywhere on `mu` and `2 G² w_n` is below `2^{−(P+8)}(U + V)`; the rest of the tail,
    /// at most `2 w_n sqrt(G)` per sum and `G` times that for the `n`-weighted sums, is then
    /// added as `[0, bound]` (which changes nothing for a `BigFloat`). The bound used,
    /// `2 G² w_n`, exceeds `2 sqrt(G) w_n` by far more than its own rounding error.
    public func values<T: RealArithmetic>(at mu: T) -> Values<T> {
        let g = groupSize
        let wp = workingPrecision
        let m = mu.approximation
        let atZero = mu.upperBound.isZero, atOne = mu.lowerBound == 1
        if atZero || atOne {
            let edge = atZero ? 0 : g - 1
            let step = atZero ? 1 : -1
            let u: T = uCoefficient(edge, precision: wp), v: T = vCoefficient(edge, precision: wp)
            return rounded(Values(u: u, v: v,
                                  uDerivative: (uCoefficient(edge + step, precision: wp) - u) * ((g - 1) * step),
                                  vDerivative: (vCoefficient(edge + step, precision: wp) - v) * ((g - 1) * step)))
        }
        let one = T(1, precision: wp)
        let muW = mu * one                          // μ carried at the working precision
        let oneMinus = 1 - muW
        let ratio = muW / oneMinus                  // w_{n+1} / w_n = (G−1−n)/(n+1) · ratio
        let inverseRatio = oneMinus / muW
        let ratioBound = ratio.upperBound.doubleApproximation * (1 + 1e-12)
        let inverseBound = inverseRatio.upperBound.doubleApproximation * (1 + 1e-12)

        let mode = min(g - 1, max(0, Int((m * Double(g - 1)).rounded(.down))))
        let modeWeight = Self.binomialWeight(n: mode, trials: g - 1, mu: muW, precision: wp)
        let tolerance = BigFloat(1, precision: 64).scaled(byPowerOfTwo: -(precision + 8))
        var sums = Accumulator<T>(precision: wp, sums: self)

        // Upwards from the mode: the ratio (G−1−n)/(n+1)·r decreases in n.
        var weight = modeWeight
        var n = mode
        var tail = BigFloat(0, precision: 64)
        while n <= g - 1 {
            if n > mode, Double(g - 1 - n) / Double(n + 1) * ratioBound <= 0.5,
               sums.negligible(weight, groupSize: g, tolerance: tolerance) {
                tail = weight.upperBound * (2 * g * g)
                break
            }
            sums.add(weight: weight, n: n, groupSize: g)
            weight = weight * (g - 1 - n) / (n + 1) * ratio
            n += 1
        }
        // Downwards: the ratio n/(G−n)/r decreases as n falls.
        weight = modeWeight
        n = mode
        while n > 0 {
            weight = weight * n / (g - n) * inverseRatio
            n -= 1
            if Double(n) / Double(g - n) * inverseBound <= 0.5,
               sums.negligible(weight, groupSize: g, tolerance: tolerance) {
                tail = tail + weight.upperBound * (2 * g * g)
                break
            }
            sums.add(weight: weight, n: n, groupSize: g)
        }
        return rounded(sums.values(mu: muW, groupSize: g, tail: tail))
    }

    /// `sqrt((G−1−n)/(n+1))` for the population std: the advantage of a one among `n` other ones.
    func uCoefficient<T: RealArithmetic>(_ n: Int, precision: Int) -> T {
        normalisation.advantageOfOne(otherOnes: n, groupSize: groupSize, precision: precision)
    }

    /// `sqrt(n/(G−n))` for the population std: minus the advantage of a zero among `n` ones.
    func vCoefficient<T: RealArithmetic>(_ n: Int, precision: Int) -> T {
        normalisation.advantageOfZero(otherOnes: n, groupSize: groupSize, precision: precision)
    }

    private func rounded<T: RealArithmetic>(_ x: Values<T>) -> Values<T> {
        let one = T(1, precision: precision)
        return Values(u: x.u * one, v: x.v * one, uDerivative: x.uDerivative * one, vDerivative: x.vDerivative * one)
    }

    /// `C(N, n) μ^n (1−μ)^{N−n}` as `exp(lnΓ(N+1) − lnΓ(n+1) − lnΓ(N−n+1) + n ln μ + (N−n) ln(1−μ))`,
    /// evaluated with enough extra bits to absorb the cancellation in the exponent.
    static func binomialWeight<T: RealArithmetic>(n: Int, trials: Int, mu: T, precision: Int) -> T {
        let extra = precision + 2 * (Int.bitWidth - trials.leadingZeroBitCount) + 16
        let m = mu * T(1, precision: extra)
        var exponent = T(trials + 1, precision: extra).logGamma()
            - T(n + 1, precision: extra).logGamma()
            - T(trials - n + 1, precision: extra).logGamma()
        if n > 0 { exponent = exponent + m.log() * n }
        if trials - n > 0 { exponent = exponent + (1 - m).log() * (trials - n) }
        return exponent.exp() * T(1, precision: precision)
    }

    /// Running sums of `w_n c_n` and `n w_n c_n` for both coefficient families.
    struct Accumulator<T: RealArithmetic> {
        var u, v, nu, nv: T
        let precision: Int
        let sums: BinomialRewardSums

        init(precision: Int, sums: BinomialRewardSums) {
            self.precision = precision
            self.sums = sums
            u = T(0, precision: precision)
            v = u; nu = u; nv = u
        }

        mutating func add(weight: T, n: Int, groupSize g: Int) {
            let a = weight * (sums.uCoefficient(n, precision: precision) as T)
            u = u + a
            nu = nu + a * n
            if n > 0 {
                let b = weight * (sums.vCoefficient(n, precision: precision) as T)
                v = v + b
                nv = nv + b * n
            }
        }

        /// True when `2 G² w` is below `tolerance · (U + V)`.
        func negligible(_ weight: T, groupSize g: Int, tolerance: BigFloat) -> Bool {
            (weight * (2 * g * g)).approximation <= tolerance.doubleApproximation * (u + v).approximation
        }

        /// The sums with the omitted tail added; `U′ = Σ w_n c_n (n − (G−1)μ) / (μ(1−μ))`,
        /// likewise `V′`, whose tails are enclosed by `±G · tail / (μ(1−μ))`.
        func values(mu: T, groupSize g: Int, tail: BigFloat) -> Values<T> {
            let scale = mu * (1 - mu)
            let center = mu * (g - 1)
            let nTail = tail * g
            let du = (nu.addingTail(atMost: nTail) - (center * u).addingTail(atMost: nTail)) / scale
            let dv = (nv.addingTail(atMost: nTail) - (center * v).addingTail(atMost: nTail)) / scale
            return Values(u: u.addingTail(atMost: tail), v: v.addingTail(atMost: tail),
                          uDerivative: du, vDerivative: dv)
        }
    }
}
