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
public struct BinomialRewardSums {
    public let groupSize: Int
    /// Precision of the returned values in bits; the sums run with guard bits on top.
    public let precision: Int
    let workingPrecision: Int

    public init(groupSize: Int, precision: Int) {
        precondition(groupSize >= 2 && groupSize <= GroupSize.maximumFinite)
        self.groupSize = groupSize
        self.precision = precision
        let logG = Int.bitWidth - groupSize.leadingZeroBitCount
        workingPrecision = precision + 2 * logG + 16
    }

    /// `U_G(μ)`, `V_G(μ)` and their derivatives in μ.
    public struct Values {
        public var u: BigFloat
        public var v: BigFloat
        public var uDerivative: BigFloat
        public var vDerivative: BigFloat
    }

    /// The sums at `mu ∈ [0, 1]`.
    ///
    /// Derivatives use `w_n′ = w_n (n − (G−1)μ) / (μ(1−μ))`; at μ ∈ {0, 1} they are the
    /// one-sided limits `(G−1)(c_1 − c_0)` and `(G−1)(c_{G−1} − c_{G−2})` of each sum's
    /// coefficients `c_n`.
    public func values(at mu: BigFloat) -> Values {
        let g = groupSize
        let wp = workingPrecision
        if mu.isZero || mu == 1 {
            let edge = mu.isZero ? 0 : g - 1
            let step = mu.isZero ? 1 : -1
            let u = uCoefficient(edge, precision: wp)
            let v = vCoefficient(edge, precision: wp)
            let du = (uCoefficient(edge + step, precision: wp) - u) * ((g - 1) * step)
            let dv = (vCoefficient(edge + step, precision: wp) - v) * ((g - 1) * step)
            return rounded(Values(u: u, v: v, uDerivative: du, vDerivative: dv))
        }
        let m = BigFloat(mu, precision: wp)
        let oneMinus = 1 - m
        let ratio = m / oneMinus              // w_{n+1} / w_n = (G−1−n)/(n+1) · ratio
        let inverseRatio = oneMinus / m

        // The mode of Binomial(G − 1, μ) and its weight, from log-gamma at extra precision.
        let mode = min(g - 1, max(0, Int((m * (g - 1)).doubleApproximation.rounded(.down))))
        let modeWeight = Self.binomialWeight(n: mode, trials: g - 1, mu: m, precision: wp)

        var sums = Accumulator(precision: wp)
        var weight = modeWeight
        var coefficient = BigFloat(0, precision: wp)
        let tolerance = BigFloat(1, precision: wp).scaled(byPowerOfTwo: -(precision + 8))
        // Successive weight ratios, for deciding where the tails start (a Double suffices:
        // it only chooses where to stop, with a factor-2 margin in the tail bound).
        let r = ratio.doubleApproximation

        // Upwards from the mode: w_{n+1}/w_n = (G−1−n)/(n+1)·r decreases in n, so once it is
        // at most 1/2 the tail from n on is at most 2 w_n sqrt(G) per sum (coefficients are
        // at most sqrt(G − 1)); stop there when that is negligible.
        var n = mode
        while n <= g - 1 {
            if n > mode, Double(g - 1 - n) / Double(n + 1) * r <= 0.5,
               sums.negligible(weight, groupSize: g, tolerance: tolerance) { break }
            sums.add(weight: weight, n: n, groupSize: g, coefficient: &coefficient)
            weight.multiply(by: g - 1 - n)
            weight.divide(by: n + 1)
            weight.multiply(by: ratio)
            n += 1
        }
        // Downwards: w_{n−1}/w_n = n/(G−n)/r decreases as n falls.
        weight.set(modeWeight)
        n = mode
        while n > 0 {
            weight.multiply(by: n)
            weight.divide(by: g - n)
            weight.multiply(by: inverseRatio)
            n -= 1
            if Double(n) / Double(g - n) / r <= 0.5,
               sums.negligible(weight, groupSize: g, tolerance: tolerance) { break }
            sums.add(weight: weight, n: n, groupSize: g, coefficient: &coefficient)
        }
        return rounded(sums.values(mu: m, groupSize: g))
    }

    /// `sqrt((G−1−n)/(n+1))`, the advantage of a one among `n` other ones.
    func uCoefficient(_ n: Int, precision: Int) -> BigFloat {
        var c = BigFloat(0, precision: precision)
        c.setSquareRootOfRatio(groupSize - 1 - n, n + 1)
        return c
    }

    /// `sqrt(n/(G−n))`, minus the advantage of a zero among `n` ones.
    func vCoefficient(_ n: Int, precision: Int) -> BigFloat {
        var c = BigFloat(0, precision: precision)
        c.setSquareRootOfRatio(n, groupSize - n)
        return c
    }

    private func rounded(_ x: Values) -> Values {
        Values(u: BigFloat(x.u, precision: precision), v: BigFloat(x.v, precision: precision),
               uDerivative: BigFloat(x.uDerivative, precision: precision),
               vDerivative: BigFloat(x.vDerivative, precision: precision))
    }

    /// `C(N, n) μ^n (1−μ)^{N−n}` as `exp(lnΓ(N+1) − lnΓ(n+1) − lnΓ(N−n+1) + n ln μ + (N−n) ln(1−μ))`,
    /// evaluated with enough extra bits to absorb the cancellation in the exponent.
    static func binomialWeight(n: Int, trials: Int, mu: BigFloat, precision: Int) -> BigFloat {
        let extra = precision + 2 * (Int.bitWidth - trials.leadingZeroBitCount) + 16
        let m = BigFloat(mu, precision: extra)
        var exponent = BigFloat(trials + 1, precision: extra).logGamma()
        exponent.subtract(BigFloat(n + 1, precision: extra).logGamma())
        exponent.subtract(BigFloat(trials - n + 1, precision: extra).logGamma())
        if n > 0 { exponent.add(m.log() * n) }
        if trials - n > 0 { exponent.add((1 - m).log() * (trials - n)) }
        return exponent.exp(precision: precision)
    }

    /// Running sums of `w_n c_n` and `n w_n c_n` for both coefficient families.
    struct Accumulator {
        var u, v, nu, nv, term: BigFloat

        init(precision: Int) {
            u = BigFloat(0, precision: precision)
            v = u; nu = u; nv = u; term = u
        }

        mutating func add(weight: BigFloat, n: Int, groupSize g: Int, coefficient: inout BigFloat) {
            coefficient.setSquareRootOfRatio(g - 1 - n, n + 1)
            term.setProduct(weight, coefficient)
            u.add(term)
            term.multiply(by: n)
            nu.add(term)
            if n > 0 {
                coefficient.setSquareRootOfRatio(n, g - n)
                term.setProduct(weight, coefficient)
                v.add(term)
                term.multiply(by: n)
                nv.add(term)
            }
        }

        /// True when `2 G² w` — a bound on the tail `2 w sqrt(G)` of every sum, times `G` for
        /// the `n`-weighted sums — is below `tolerance · (U + V)`.
        func negligible(_ weight: BigFloat, groupSize g: Int, tolerance: BigFloat) -> Bool {
            let bound = weight * (2 * g * g)
            return bound <= tolerance * (u + v)
        }

        func values(mu: BigFloat, groupSize g: Int) -> Values {
            // U′ = Σ w_n c_n (n − (G−1)μ) / (μ(1−μ)), likewise V′.
            let scale = mu * (1 - mu)
            let center = mu * (g - 1)
            return Values(u: u, v: v,
                          uDerivative: (nu - center * u) / scale,
                          vDerivative: (nv - center * v) / scale)
        }
    }
}
