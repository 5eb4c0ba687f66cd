import Multiprecision

/// How a group's rewards are turned into advantages (the paper's (2) is `population`).
///
/// For 0/1 rewards with `k` ones in a group of `G`, the mean is `k/G` and each choice fixes the
/// advantage of a one, `(1 − k/G)/d_k`, and of a zero, `−(k/G)/d_k`, for a divisor `d_k`:
///
/// * `population`: `d_k = σ_k = sqrt(k(G − k))/G`, the standard deviation with divisor G;
/// * `bessel`: `d_k = sqrt(k(G − k)/(G(G − 1)))`, divisor G − 1 (`torch.std`, which TRL, verl
///   and OpenRLHF use), i.e. every advantage times `sqrt((G − 1)/G)`;
/// * `populationEpsilon(ε)`, `besselEpsilon(ε)`: the same plus `ε` (`bessel-eps`: TRL adds 1e-4,
///   verl 1e-6, OpenRLHF's `group_norm` 1e-9);
/// * `shift`: `d_k = 1`, no scale normalisation (Dr. GRPO).
///
/// `0/0 := 0`: a group of equal rewards has zero advantages. Every choice keeps the advantages
/// of a group summing to zero, so `μ U_G = (1 − μ) V_G` and `P_G(o|π) = (s_o − μ)(U_G + V_G)`.
public enum AdvantageNormalisation: Hashable, Sendable, CustomStringConvertible {
    case population
    case bessel
    case populationEpsilon(DecimalNumber)
    case besselEpsilon(DecimalNumber)
    case shift

    /// Parses `population`, `bessel`, `population-eps:<ε>`, `bessel-eps:<ε>` or `shift`.
    public init?(parsing text: String) {
        switch text {
        case "population": self = .population
        case "bessel": self = .bessel
        case "shift": self = .shift
        default:
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let epsilon = try? DecimalNumber(parts[1]),
                  !parts[1].hasPrefix("-"), epsilon.order(comparedWith: .zero) > 0 else { return nil }
            switch parts[0] {
            case "population-eps": self = .populationEpsilon(epsilon)
            case "bessel-eps": self = .besselEpsilon(epsilon)
            default: return nil
            }
        }
    }

    public var description: String {
        switch self {
        case .population: "population"
        case .bessel: "bessel"
        case .populationEpsilon(let e): "population-eps:\(e)"
        case .besselEpsilon(let e): "bessel-eps:\(e)"
        case .shift: "shift"
        }
    }

    /// The advantage of the winner of a group of two with rewards 1 and 0: `(1/2)/d_1` with
    /// `G = 2` (1 for population, `1/sqrt 2` for Bessel, `1/(1 + 2ε)` and `1/(sqrt 2 + 2ε)` with ε,
    /// `1/2` for shift). At `G = 2` every advantage is this times the paper's `sign(r_i − r_j)`.
    public func winnerAdvantageOfGroupsOfTwo<T: RealArithmetic>(precision: Int) -> T {
        var value = T(0, precision: precision)
        setAdvantage(&value, ofOne: true, otherOnes: 0, groupSize: 2)
        return value
    }

    /// True when `h(p) = p P_G(a|π) = p(1 − p)Δ(p)` is proved concave on [0, 1] for binary
    /// questions with groups of `G`; then the reverse penalty's stationarity condition
    /// `β(p − π_ref(a)) = h(p)` has exactly one root in (0, 1) for every β > 0 and
    /// 0 < π_ref(a) < 1 (proofs/conjectures.md, "A box at any group size").
    ///
    /// `h = Σ_k C(G, k) p^k (1 − p)^{G−k} e_k` with `e_k = σ_k²/d_k` (the advantage of a one
    /// among k ones, times k/G), and a Bernstein polynomial with concave coefficients is concave.
    /// Population and Bessel: `e_k ∝ σ_k = sqrt(k(G − k))/G`, concave in k; shift: `e_k = σ_k²`,
    /// `h = (1 − 1/G) p(1 − p)`. At G = ∞, `h = ψ(s)` with `s = sqrt(p(1 − p))` and `ψ(s) = s²/(s + ε)`
    /// (ε ≥ 0; shift: `s²`), and `h″ = ψ″s′² + ψ′s″` with `s′² = (1 − 4s²)/(4s²)`, `s″ = −1/(4s³)`
    /// has the sign of `−s(8ε²s² + s² + 3εs) < 0`. With ε at finite G the second differences of
    /// `e_k` are checked negative in interval arithmetic, for `G ≤ 10⁵`.
    public func expectedAdvantageIsConcave(groupSize: GroupSize) -> Bool {
        switch (self, groupSize) {
        case (.population, _), (.bessel, _), (.shift, _), (_, .infinite): return true
        case (_, .finite(let g)):
            guard g <= 100_000 else { return false }
            let precision = 128
            func e(_ k: Int) -> Interval {
                guard k > 0 else { return Interval(0, precision: precision) }
                var value = Interval(0, precision: precision)
                setAdvantage(&value, ofOne: true, otherOnes: k - 1, groupSize: g)
                return value * k / g
            }
            var (previous, current) = (e(0), e(1))
            for k in 1..<g {
                let next = e(k + 1)
                let second = next - 2 * current + previous
                guard second.isValid, second.upper.sign < 0 else { return false }
                (previous, current) = (current, next)
            }
            return true
        }
    }

    /// Sets `value` to the advantage of a one whose `n` other group members are ones
    /// (`k = n + 1`), or to minus the advantage of a zero among `n` ones (`k = n`), at the
    /// precision of `value`. Population and Bessel are one rounded square root of an integer
    /// ratio, computed in place: `sqrt((G − k)/k)` and `sqrt((G − k)(G − 1)/(kG))` for a one,
    /// `sqrt(k/(G − k))` and `sqrt(k(G − 1)/((G − k)G))` for a zero.
    func setAdvantage<T: RealArithmetic>(_ value: inout T, ofOne: Bool, otherOnes n: Int, groupSize g: Int) {
        let k = ofOne ? n + 1 : n
        let (numerator, other) = ofOne ? (g - k, k) : (k, g - k)
        guard numerator > 0 else { value.setSquareRootOfRatio(0, 1); return }
        switch self {
        case .population: value.setSquareRootOfRatio(numerator, other)
        case .bessel: value.setSquareRootOfRatio(numerator * (g - 1), other * g)
        default:
            let p = value.precision
            value = T(numerator, precision: p) / g / divisor(ones: k, groupSize: g, precision: p)
        }
    }

    /// `d_k` for `0 < k < G` (only its value there matters: at `k = G` the numerator of a
    /// one's advantage is 0, and it is returned as 1 to keep `0/d` defined).
    func divisor<T: RealArithmetic>(ones k: Int, groupSize g: Int, precision: Int) -> T {
        guard k < g else { return T(1, precision: precision) }
        let population = (T(k * (g - k), precision: precision)).squareRoot() / g
        switch self {
        case .population: return population
        case .bessel: return population * (T(g, precision: precision) / (g - 1)).squareRoot()
        case .populationEpsilon(let e): return population + T(e, precision: precision)
        case .besselEpsilon(let e):
            return population * (T(g, precision: precision) / (g - 1)).squareRoot() + T(e, precision: precision)
        case .shift: return T(1, precision: precision)
        }
    }

    /// `W_∞(μ) = lim (U_G + V_G)`: `1/sqrt(μ(1 − μ))` (population, bessel),
    /// `1/(sqrt(μ(1 − μ)) + ε)` (ε variants) and `1` (shift), with its derivative in μ.
    ///
    /// With `σ = sqrt(μ(1 − μ))` and `W = 1/(σ + ε)`: `W′ = −σ′W² = (2μ − 1)W²/(2σ)`, which is
    /// `(2μ − 1)W³/2` for `ε = 0` (one division in all).
    public func largeGroupWeight<T: RealArithmetic>(at mu: T, spread given: T? = nil) -> (value: T, derivative: T) {
        let spread = given ?? mu * (1 - mu)
        let sigma = spread.squareRoot()
        switch self {
        case .population, .bessel:
            let w = 1 / sigma
            return (w, (2 * mu - 1) * (w * w * w) / 2)
        case .populationEpsilon(let e), .besselEpsilon(let e):
            let w = 1 / (sigma + T(e, precision: mu.precision))
            return (w, (2 * mu - 1) * (w * w) / (2 * sigma))
        case .shift: return (T(1, precision: mu.precision), T(0, precision: mu.precision))
        }
    }
}
