import Multiprecision

/// A certified answer about local stability, or why none could be given.
public enum StabilityVerdict: Equatable, Sendable {
    case stable
    case unstable
    /// The enclosure does not decide; the reason in one line.
    case undecided(String)
}

/// Local stability of a stationary point `θ*` of a vector field `g` from an interval enclosure
/// `J` of its Jacobian `∂g/∂θ(θ*)`, certified for every matrix in `J`, so for the true one
/// (Lyapunov's indirect method, `g` being C¹):
///
/// * the flow `dθ/dt = g(θ)` is stable if every eigenvalue of `J` has `Re λ < 0`, unstable if
///   one has `Re λ > 0`;
/// * the iteration `θ ← θ + η g(θ)` is stable if every eigenvalue of `M = I + ηJ` has `|μ| < 1`,
///   unstable if one has `|μ| > 1`.
///
/// Both are decided on a real polynomial `p(s) = a_0 sⁿ + … + a_n` with `a_0 > 0`, enclosed
/// coefficient by coefficient, through its Hurwitz determinants `Δ_k`, the leading `k × k`
/// minors of `H_{ij} = a_{2j−i}` (`a_m = 0` outside `0…n`):
///
/// * Routh–Hurwitz: every root has `Re s < 0` iff `Δ_1, …, Δ_n > 0`;
/// * if every root has `Re s ≤ 0`, all `a_m ≥ 0` (p is a product of factors `a_0`, `s + r` and
///   `s² + 2rs + r² + ω²` with `r ≥ 0`) and all `Δ_k ≥ 0` (p is the limit of `p(s + ε)`, whose
///   roots have `Re s < 0`, as `ε ↓ 0`). So a certainly negative `a_m` or `Δ_k` gives a root
///   with `Re s > 0`.
///
/// Every enclosure below contains the exact value at every point of the enclosures it is
/// computed from, so a sign certified on an enclosure holds for every matrix in `J`.
public enum LinearStability {
    /// Continuous time: stable iff every eigenvalue of `J` has negative real part.
    public static func flow(_ j: [[Interval]]) -> StabilityVerdict {
        if let defect = defect(j, "the Jacobian enclosure") { return .undecided(defect) }
        return switch hurwitz(characteristicPolynomial(j)) {
        case .stable: .stable
        case .unstable: .unstable
        case .zeroRoot: .undecided("det J encloses 0: an eigenvalue may be 0")
        case .opposedPair: .undecided("Δ_\(j.count - 1) encloses 0: two eigenvalues may sum to 0, as a pair on the imaginary axis does")
        case .wide(let k): .undecided("Δ_\(k) encloses 0: the enclosure of J is too wide to decide")
        }
    }

    /// Discrete time `x ← x + η g(x)`: Jacobian `M = I + ηJ`; stable iff every eigenvalue has
    /// modulus `< 1`.
    ///
    /// The Möbius map `μ = (1 + s)/(1 − s)` takes `Re s < 0` onto `|μ| < 1` (and `Re s = 0`,
    /// `Re s > 0` onto `|μ| = 1`, `|μ| > 1`): `q(s) = (1 − s)ⁿ det(μI − M)` at that `μ` is
    /// `∏((1 + μ_i) s − (μ_i − 1))`, with the roots `s_i = (μ_i − 1)/(μ_i + 1)`, and
    /// `Re s_i = (|μ_i|² − 1)/|μ_i + 1|²`. Its leading coefficient `∏(1 + μ_i) = det(2I + ηJ)`
    /// vanishes iff some `μ_i = −1`; `q(0) = ∏(1 − μ_i) = det(−ηJ)` iff some `μ_i = 1`;
    /// `s_i + s_j = 0` iff `μ_i μ_j = 1`.
    public static func iteration(_ j: [[Interval]], learningRate: Interval) -> StabilityVerdict {
        if let defect = defect(j, "the Jacobian enclosure") ?? defect([[learningRate]], "the learning rate") {
            return .undecided(defect)
        }
        var q = mobius(characteristicPolynomial(j), learningRate: learningRate)
        if q[0].containsZero { return .undecided("det(2I + ηJ) encloses 0: an eigenvalue of I + ηJ may be −1") }
        if q[0].upper < 0 { q = q.map { -$0 } }
        return switch hurwitz(q) {
        case .stable: .stable
        case .unstable: .unstable
        case .zeroRoot: .undecided("det(ηJ) encloses 0: an eigenvalue of I + ηJ may be 1")
        case .opposedPair: .undecided("two eigenvalues of I + ηJ may have product 1, as a pair on the unit circle does")
        case .wide(let k): .undecided("Δ_\(k) of the Möbius transform encloses 0: the enclosures of J and η are too wide to decide")
        }
    }

    /// The characteristic polynomial `det(λI − M)` enclosed (monic): the coefficients of
    /// `λⁿ, λⁿ⁻¹, …, λ⁰`, so the `k`-th is `(−1)^k e_k` of the eigenvalues.
    public static func characteristicPolynomial(_ m: [[Interval]]) -> [Interval] {
        trailingCharacteristicPolynomials(m).last!
    }

    /// `det(λI − A_k)` for the trailing principal `k × k` submatrices `A_k`, `k = 1…n`, by
    /// Samuelson–Berkowitz, without divisions: with `A_k = [[a, R], [C, A_{k−1}]]`,
    /// `p_k = T p_{k−1}` for the lower triangular Toeplitz `T` whose first column is
    /// `(1, −a, −RC, −R A_{k−1} C, …, −R A_{k−1}^{k−2} C)`; `p_0 = 1`.
    static func trailingCharacteristicPolynomials(_ m: [[Interval]]) -> [[Interval]] {
        let n = m.count
        precondition(n > 0 && m.allSatisfy { $0.count == n }, "a non-empty square matrix is required")
        let precision = m.joined().map(\.precision).max()!
        let zero = Interval(0, precision: precision), one = Interval(1, precision: precision)
        var p = [one], polynomials: [[Interval]] = []
        for i in stride(from: n - 1, through: 0, by: -1) {
            let k = n - i, tail = (i + 1)..<n
            var t = [one, -m[i][i]]
            var v = tail.map { m[$0][i] }                       // A_{k−1}^e C, from e = 0
            for e in 0..<(k - 1) {
                if e > 0 { v = tail.map { r in zip(tail, v).reduce(zero) { $0 + m[r][$1.0] * $1.1 } } }
                t.append(-zip(tail, v).reduce(zero) { $0 + m[i][$1.0] * $1.1 })
            }
            p = (0...k).map { r in (0...min(r, k - 1)).reduce(zero) { $0 + t[r - $1] * p[$1] } }
            polynomials.append(p)
        }
        return polynomials
    }

    /// `Δ_1…Δ_n` of `a_0 sⁿ + … + a_n`. The leading minors of `H` are the trailing minors of
    /// `H` with rows and columns reversed, `H′_{ij} = a_{n−2j+i}` (from 0), so one Berkowitz
    /// pass gives them all: `Δ_k = det H′_k = (−1)^k p_k(0)`.
    static func hurwitzDeterminants(_ a: [Interval]) -> [Interval] {
        let n = a.count - 1
        let zero = Interval(0, precision: a[0].precision)
        let reversed = (0..<n).map { i in (0..<n).map { j in (0...n).contains(n - 2 * j + i) ? a[n - 2 * j + i] : zero } }
        return trailingCharacteristicPolynomials(reversed).enumerated().map { k, p in k % 2 == 0 ? -p.last! : p.last! }
    }

    /// Where the roots of `a_0 sⁿ + … + a_n` (`a_0 > 0` on its enclosure) lie.
    enum RootLocation {
        /// All in `Re s < 0`: every `Δ_k` positive.
        case stable
        /// One in `Re s > 0`: some `a_m` or `Δ_k` negative.
        case unstable
        /// Undecided, and `a_n = a_0 ∏(−s_i)` encloses 0: a root may be 0.
        case zeroRoot
        /// Undecided, and `Δ_{n−1}` encloses 0, which Orlando's formula
        /// `Δ_{n−1} = ± a_0^{n−1} ∏_{i<j} (s_i + s_j)` makes a possible pair `s, −s`.
        case opposedPair
        /// Undecided: `Δ_k`, the first not certainly positive, encloses 0.
        case wide(Int)
    }

    static func hurwitz(_ a: [Interval]) -> RootLocation {
        let n = a.count - 1
        let delta = hurwitzDeterminants(a)
        if a.contains(where: { $0.upper < 0 }) || delta.contains(where: { $0.upper < 0 }) { return .unstable }
        guard let first = delta.firstIndex(where: { !($0.lower > 0) }) else { return .stable }
        if a[n].containsZero { return .zeroRoot }
        if n >= 2 && delta[n - 2].containsZero { return .opposedPair }
        return .wide(first + 1)
    }

    /// `q(s) = (1 − s)ⁿ det(μI − M)` at `μ = (1 + s)/(1 − s)` from `det(λI − J) = Σ_k c_k λ^{n−k}`
    /// (descending powers throughout): `det(μI − I − ηJ) = Σ_k c_k η^k (μ − 1)^{n−k}` and
    /// `μ − 1 = 2s/(1 − s)` give `q(s) = Σ_k c_k η^k (2s)^{n−k} (1 − s)^k`, so the coefficient of
    /// `s^{n−j}` is `Σ_{k≥j} c_k η^k 2^{n−k} (−1)^{k−j} C(k, j)`. `η` enters only through its
    /// powers, never through the entries of `I + ηJ`, which keeps the enclosures narrow.
    static func mobius(_ c: [Interval], learningRate eta: Interval) -> [Interval] {
        let n = c.count - 1
        var scaled: [Interval] = [], power = Interval(1, precision: eta.precision)   // c_k η^k 2^{n−k}
        for (k, x) in c.enumerated() {
            scaled.append((x * power).scaled(byPowerOfTwo: n - k))
            power = power * eta
        }
        var binomial = [[1]]                                         // C(k, j), Pascal's triangle
        for k in 0..<n {
            let row = binomial[k]
            binomial.append((0...(k + 1)).map { j in (j <= k ? row[j] : 0) + (j > 0 ? row[j - 1] : 0) })
        }
        let zero = Interval(0, precision: max(c[0].precision, eta.precision))
        return (0...n).map { j in
            (j...n).reduce(zero) { sum, k in
                let sign = (k - j) % 2 == 0 ? 1 : -1
                return sum + scaled[k] * (sign * binomial[k][j])
            }
        }
    }

    /// Why an enclosure cannot be used (an endpoint NaN or infinite), or nil.
    static func defect(_ m: [[Interval]], _ name: String) -> String? {
        m.joined().allSatisfy { $0.lower.isFinite && $0.upper.isFinite } ? nil : "\(name) has an endpoint that is NaN or infinite"
    }
}
