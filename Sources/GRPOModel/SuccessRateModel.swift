import Multiprecision

/// The stationary conditions of GRPO for a `Question` with Bernoulli rewards, reduced to one
/// equation in the success rate (proofs/finite-g-exact-sums.md): the fast path of the model.
///
/// The other members of a group succeed independently with the success rate of the policy,
/// `μ = Σ_o π(o) s_o`, so the expected advantage of answer `o` is
///
///     P_G(o|π) = s_o U_G(μ) − (1 − s_o) V_G(μ) = (s_o − μ) W(μ),   W = U_G + V_G,
///
/// using `μ U_G = (1 − μ) V_G`; for G = ∞, `W = W_∞(μ)` of the normalisation. The stationary
/// policy is `π(o) = π_ref(o) / (1 − P_G(o|π)/β)` (reverse KL, (11) with `E_π P_G = 0`) or
/// `π(o) ∝ π_ref(o) e^{P_G(o|π)/β}` (direct KL): one equation in `μ`.
public struct SuccessRateModel<T: RealArithmetic> {
    public let setting: GeneralSetting
    public let precision: Int
    public let beta: T
    public let references: [T]
    public let successes: [T]
    /// Whether each answer has the largest success probability `s_max` (decided exactly on the
    /// decimals), and `Σ_{o: s_o = s_max} π_ref(o)`.
    public let isBest: [Bool]
    public let bestReference: T
    let sums: BinomialRewardSums?

    /// The reduction of `setting`, nil unless its rewards are Bernoulli.
    public init?(_ setting: GeneralSetting, precision: Int) {
        guard let given = setting.question.successes else { return nil }
        self.setting = setting
        self.precision = precision
        beta = setting.regularisation(precision: precision)
        references = setting.question.references.map { T($0, precision: precision) }
        successes = given.map { T($0, precision: precision) }
        // A decimal of n characters in [0, 1] is a multiple of 10^{−n}: at 4n + 8 bits distinct
        // ones round apart, so equal roundings mean equal numbers.
        let exact = 4 * given.map(\.text.count).reduce(0, max) + 8
        let rates = given.map { $0.value(precision: exact) }
        let top = rates.reduce(rates[0], BigFloat.maximum)
        isBest = rates.map { $0 == top }
        bestReference = zip(references, isBest).filter(\.1).map(\.0).dropFirst()
            .reduce(references[isBest.firstIndex(of: true)!], +)
        if case .finite(let g) = setting.groupSize {
            sums = BinomialRewardSums(groupSize: g, precision: precision, normalisation: setting.normalisation)
        } else {
            sums = nil
        }
    }

    /// `U_G(μ)` and `V_G(μ)` for finite `G` (nil for `G = ∞`). `U_G` falls and `V_G` rises in
    /// `μ`: they are expectations over `n ~ Bin(G − 1, μ)`, stochastically increasing in `μ`, of
    /// the advantage of a one among `n` other ones (falling in `n` for every normalisation: its
    /// numerator `1 − k/G` falls and `d_k` grows relative to it) and of minus that of a zero
    /// (rising). So their values at the ends of an interval enclose them on it.
    public func advantageParts(at mu: T) -> (u: T, v: T)? {
        sums.map { let s = $0.values(at: mu); return (s.u, s.v) }
    }

    /// `W(μ) = U_G(μ) + V_G(μ)` and `W′(μ)`.
    public func advantageScale(at mu: T) -> (value: T, derivative: T) {
        guard let sums else { return setting.normalisation.largeGroupWeight(at: mu) }
        let s = sums.values(at: mu)
        return (s.u + s.v, s.uDerivative + s.vDerivative)
    }

    /// `P_G(o|π)` for every answer at success rate `μ`, and `dP_G(o|π)/dμ = −W + (s_o − μ) W′`.
    public func rewardPreferences(at mu: T) -> (values: [T], derivatives: [T]) {
        let (w, dw) = advantageScale(at: mu)
        return (successes.map { ($0 - mu) * w }, successes.map { ($0 - mu) * dw - w })
    }

    /// The policy the stationary condition assigns to success rate `μ` (before checking that
    /// it reproduces `μ`): reverse `π_ref/(1 − P/β)`, direct `π_ref e^{P/β}` normalised.
    public func policy(at mu: T) -> [T] {
        let preferences = rewardPreferences(at: mu).values
        switch setting.penalty {
        case .reverse:
            return zip(references, preferences).map { $0 / (1 - $1 / beta) }
        case .direct:
            let tilted = zip(references, preferences).map { $0 * ($1 / beta).exp() }
            let total = tilted.dropFirst().reduce(tilted[0], +)
            return tilted.map { $0 / total }
        }
    }

    /// Whether the policy at `μ` is positive: for the reverse KL every `β − P_G(o|π) > 0`
    /// (checked without dividing), for the direct KL always.
    public func isAdmissible(at mu: T) -> Bool {
        setting.penalty != .reverse || positivityMargin(at: mu) > 0
    }

    /// `min_o` of the lower bound of `β − P_G(o|π)` at `μ` (NaN if one is): positive exactly
    /// where the reverse-KL policy is certainly positive.
    func positivityMargin(at mu: T) -> BigFloat {
        let margins = rewardPreferences(at: mu).values.map { (beta - $0).lowerBound }
        return margins.first(where: \.isNaN) ?? margins.min()!
    }

    /// The bits to which `L` is placed below the edge of positivity: within `2^{−64}` of it.
    static var edgeBits: Int { 64 }

    /// The success rates `[L, U]` that hold every stationary point (`StationaryPolicies` proves
    /// it, with the tail beyond `U`): `L = max(s_min, π_B s_max/2)` (no zero lies below
    /// `π_B s_max`), raised for the reverse KL to a point where the policy is not certainly
    /// positive, within `2^{−64}` below the edge of positivity `d_B = 0` (`edgeOfPositivity`);
    /// `U = s_max`, or `1 − δ` with `δ = 2^{−40} min(β, 1/β)²` where `W` is singular at 1
    /// (`tail` is then `δ`). Nil when the policy is not positive even at `s_max`. `point`
    /// turns a `BigFloat` into a `T`.
    public func successRateDomain(point: (BigFloat) -> T) -> (lower: BigFloat, upper: BigFloat, tail: BigFloat?)? {
        let p = precision
        let sMax = successes.map(\.upperBound).reduce(successes[0].upperBound, BigFloat.maximum)
        let sMin = successes.map(\.lowerBound).reduce(successes[0].lowerBound, BigFloat.minimum)
        let bound = (bestReference * point(sMax)).lowerBound.scaled(byPowerOfTwo: -1)
        var lower = BigFloat.maximum(sMin, bound)
        var upper = sMax, tail: BigFloat? = nil
        if isSingularAtOne, sMax == 1 {
            let delta = BigFloat(1, precision: p).scaled(byPowerOfTwo: -40 - 2 * abs(beta.lowerBound.exponent))
            upper = 1 - delta
            tail = delta
        }
        if setting.penalty == .reverse && !isAdmissible(at: point(lower)) {
            guard isAdmissible(at: point(upper)) else { return nil }
            lower = edgeOfPositivity(outside: lower, inside: upper, point: point)
        }
        return (lower, upper, tail)
    }

    /// A point below the edge of positivity, within `2^{−64}` of it (relative to `inside`):
    /// the bracket `[outside, inside]` (the policy not certainly positive at `outside`, certainly
    /// positive at `inside`) narrowed by the Illinois variant of regula falsi on the smallest
    /// `β − P_G(o|π)`, each point classified by `isAdmissible`, so the invariant holds exactly
    /// whatever the approximations; every fourth step bisects, so the bracket at least halves
    /// every four steps. At most `4 · edgeBits` steps.
    func edgeOfPositivity(outside start: BigFloat, inside end: BigFloat, point: (BigFloat) -> T) -> BigFloat {
        // `positivityMargin` rounded down to 64 bits for the proposals (its sign, which
        // classifies the point as `isAdmissible` does, is kept).
        func gap(_ mu: BigFloat) -> BigFloat { BigFloat(positivityMargin(at: point(mu)), precision: 64, rounding: .down) }
        var (outside, inside) = (start, end)
        var (gOutside, gInside) = (gap(outside), gap(inside))
        var kept = 0                                            // −1 outside, +1 inside kept last
        for step in 1...(4 * min(precision, Self.edgeBits)) {
            let width = inside - outside
            if width.magnitude(isAtMost: inside, timesPowerOfTwo: -Self.edgeBits) { break }
            let t = gInside / (gInside - gOutside)
            let secant = step % 4 != 0 && t.isFinite && t > 0 && t < 1
            var mu = secant ? inside - width * t : BigFloat.average(outside, inside)
            if !(mu > outside && mu < inside) { mu = BigFloat.average(outside, inside) }
            let g = gap(mu)
            if g > 0 {
                (inside, gInside) = (mu, g)
                if kept == 1 { gOutside = gOutside.scaled(byPowerOfTwo: -1) }
                kept = 1
            } else {
                (outside, gOutside) = (mu, g)
                if kept == -1 { gInside = gInside.scaled(byPowerOfTwo: -1) }
                kept = -1
            }
        }
        return outside
    }

    /// Whether some answer's policy is certainly not positive at `μ`: `β − P_G(o|π) < 0` on
    /// the whole of `μ` (reverse KL; never for the direct KL).
    public func isInadmissible(at mu: T) -> Bool {
        guard setting.penalty == .reverse else { return false }
        return rewardPreferences(at: mu).values.contains { (beta - $0).upperBound < 0 }
    }

    /// True when the advantage scale or its slope is singular at `μ = 1`: at `G = ∞`,
    /// `W_∞ = 1/sqrt(μ(1 − μ))` (population, Bessel) and `W_∞′` of `1/(sqrt(μ(1 − μ)) + ε)`;
    /// only the shift-only scale `W_∞ = 1` is smooth there.
    public var isSingularAtOne: Bool {
        setting.groupSize == .infinite && setting.normalisation != .shift
    }

    /// The success-rate equation `R(μ) = Σ_o π(o; μ) s_o − μ` and `R′(μ)`.
    public func successRateResidual(at mu: T) -> (value: T, derivative: T) {
        let (preferences, slopes) = rewardPreferences(at: mu)
        var value = -mu, derivative = T(-1, precision: precision)
        switch setting.penalty {
        case .reverse:
            for o in references.indices {
                let d = 1 - preferences[o] / beta
                value = value + references[o] * successes[o] / d
                derivative = derivative + references[o] * successes[o] * slopes[o] / (beta * d * d)
            }
        case .direct:
            let tilts = preferences.map { ($0 / beta).exp() }
            var z = T(0, precision: precision), n = z, dz = z, dn = z
            for o in references.indices {
                let weight = references[o] * tilts[o], slope = weight * slopes[o] / beta
                z = z + weight; n = n + weight * successes[o]
                dz = dz + slope; dn = dn + slope * successes[o]
            }
            value = value + n / z
            derivative = derivative + (dn * z - n * dz) / (z * z)
        }
        return (value, derivative)
    }

    /// The success-rate equation cleared of its denominators: `C(μ)`, of the sign of `R(μ)`
    /// wherever the policy is positive and without a singularity there, and `C′(μ)`. With
    /// `d_o = 1 − P_G(o|π)/β` and B the answers of largest success probability `s_max`
    /// (largest `P_G`, smallest `d`):
    ///
    /// * reverse KL: `C = d_B R = Σ_o π_ref(o) s_o d_B/d_o − μ d_B`, with `d_B/d_o = 1` on B,
    ///   so `C → Σ_B π_ref(o) s_max > 0` at the edge of positivity `d_B → 0`;
    /// * direct KL: `C = R Z e^{−P_B/β} = Σ_o π_ref(o)(s_o − μ) e^{(s_o − s_max) W/β}`, every
    ///   exponent ≤ 0 (`Z = Σ_o π_ref(o) e^{P_G(o|π)/β}`).
    public func clearedSuccessRateResidual(at mu: T) -> (value: T, derivative: T) {
        let (w, dw) = advantageScale(at: mu)
        return clearedSuccessRateResidual(at: mu, scale: w, scaleDerivative: dw)
    }

    /// `C(μ)` with the advantage scale `W` given (for intervals, any enclosure of `W` over
    /// `μ`); `C′` is computed only with `W′` given (zero otherwise).
    public func clearedSuccessRateResidual(at mu: T, scale w: T, scaleDerivative: T?) -> (value: T, derivative: T) {
        let dw = scaleDerivative ?? T(0, precision: precision)
        let best = successes[isBest.firstIndex(of: true)!]
        var value = T(0, precision: precision), derivative = value
        switch setting.penalty {
        case .reverse:
            // d_o and d_o′ from P_o = (s_o − μ) W, P_o′ = −W + (s_o − μ) W′.
            func d(_ s: T) -> (T, T) { (1 - (s - mu) * w / beta, (w - (s - mu) * dw) / beta) }
            let (dBest, dBestSlope) = d(best)
            for o in references.indices {
                let weight = references[o] * successes[o]
                if isBest[o] {
                    value = value + weight
                    continue
                }
                let (dO, dOSlope) = d(successes[o])
                value = value + weight * dBest / dO
                derivative = derivative + weight * (dBestSlope * dO - dBest * dOSlope) / (dO * dO)
            }
            value = value - mu * dBest
            derivative = derivative - dBest - mu * dBestSlope
        case .direct:
            for o in references.indices {
                let lead = successes[o] - mu
                if isBest[o] {
                    value = value + references[o] * lead
                    derivative = derivative - references[o]
                    continue
                }
                let gap = successes[o] - best
                let tilt = references[o] * (gap * w / beta).exp()
                value = value + tilt * lead
                derivative = derivative + tilt * (lead * gap * dw / beta - 1)
            }
        }
        return (value, derivative)
    }

}

/// `Σ_i a_i b_i`.
public func dot<T: RealArithmetic>(_ a: [T], _ b: [T]) -> T {
    var total = a[0] * b[0]
    for i in a.indices.dropFirst() { total = total + a[i] * b[i] }
    return total
}

/// The classical baselines the variants table compares GRPO with.
public enum PoolingBaseline {
    /// RLHF (4): `π(o) ∝ π_ref(o) e^{r(o)/β}` with the expected reward `r(o) = s_o`.
    public static func rlhf<T: RealArithmetic>(references: [T], successes: [T], beta: T) -> [T] {
        normalised(zip(references, successes).map { $0 * ($1 / beta).exp() })
    }

    /// NLHF: `π(o) ∝ π_ref(o) e^{E_{o'~π} P(o ≻ o')/β}`. For Bernoulli rewards with ties split,
    /// `P(o ≻ o') = s_o(1 − s_o') + ½(s_o s_o' + (1 − s_o)(1 − s_o'))`, so
    /// `E_{o'~π} P(o ≻ o') = ½ + (s_o − μ)/2` and the `μ` terms cancel in the normalisation:
    /// the fixed point is RLHF at `2β`.
    public static func nlhf<T: RealArithmetic>(references: [T], successes: [T], beta: T) -> [T] {
        rlhf(references: references, successes: successes, beta: 2 * beta)
    }

    static func normalised<T: RealArithmetic>(_ weights: [T]) -> [T] {
        let total = weights.dropFirst().reduce(weights[0], +)
        return weights.map { $0 / total }
    }
}
