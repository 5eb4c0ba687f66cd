import Multiprecision

/// Independent values of GRPO's alignment objective `F_G(μ)` (proofs/alignment-objective.md),
/// written from its two definitions and never through the suite's window, prefix sum or tail
/// bounds: the binomial expectation of the cumulative sums `g_G(k)` over every `k`, and the
/// integral of `W_G = U_G + V_G` from 0 to μ by Gauss–Legendre quadrature.
extension IndependentReference {
    /// `E_{k ~ Bin(G, μ)}[g_G(k)]` term by term over `k = 0…G`: `g_G(k+1) = g_G(k) + c_k/G` with
    /// `c_k = sqrt((G−1−k)/(k+1)) + sqrt(k/(G−k))`, weights `C(G, k) μ^k (1−μ)^{G−k}` from
    /// `w_0 = (1−μ)^G`, `w_{k+1} = w_k (G−k)/(k+1) · μ/(1−μ)`; `g_G(G)` at μ = 1.
    public func cumulativeObjective(_ g: Int, mu: String) -> BigFloat {
        let p = number(mu)
        var level = BigFloat(0, precision: precision), levels = [level]
        for k in 0..<g {
            let one = (BigFloat(g - 1 - k, precision: precision) / (k + 1)).squareRoot()
            let zero = (BigFloat(k, precision: precision) / (g - k)).squareRoot()
            level = level + (one + zero) / g
            levels.append(level)
        }
        if p == 1 { return levels[g] }
        let ratio = p / (1 - p)
        var weight = (1 - p).power(g)
        var total = BigFloat(0, precision: precision)
        for k in 0...g {
            total = total + weight * levels[k]
            weight = weight * (g - k) / (k + 1) * ratio
        }
        return total
    }

    /// `∫_0^μ W_G(t) dt` by Gauss–Legendre with `G/2 + 1` nodes, exact for the polynomial
    /// `W_G` of degree `G − 1` up to rounding; `W_G` summed over every `n` (`advantageScale`).
    public func integratedObjective(_ g: Int, mu: String) -> BigFloat {
        let w = advantageScale(g)
        let p = number(mu)
        return gaussLegendre(nodes: g / 2 + 1).reduce(BigFloat(0, precision: precision)) { sum, node in
            sum + node.weight * w(p * (1 + node.x) / 2)
        } * p / 2
    }

    /// `F_∞(μ) = ∫_0^μ dt/sqrt(t(1 − t))` with `t = μ s²`: `∫_0^1 2 sqrt(μ)/sqrt(1 − μ s²) ds`,
    /// an analytic integrand for μ < 1, by Gauss–Legendre with `nodes` nodes.
    public func integratedLargeGroupObjective(mu: String, nodes: Int) -> BigFloat {
        let p = number(mu)
        return gaussLegendre(nodes: nodes).reduce(BigFloat(0, precision: precision)) { sum, node in
            let s = (1 + node.x) / 2
            return sum + node.weight / (1 - p * s * s).squareRoot()
        } * p.squareRoot()
    }

    /// The nodes and weights of `n`-point Gauss–Legendre on `[−1, 1]`: each node by Newton's
    /// method on `P_n` (three-term recurrence) from `cos(π(4i − 1)/(4n + 2))`, weight
    /// `2/((1 − x²) P_n′(x)²)`.
    public func gaussLegendre(nodes n: Int) -> [(x: BigFloat, weight: BigFloat)] {
        func legendre(_ x: BigFloat) -> (value: BigFloat, derivative: BigFloat) {
            var previous = BigFloat(1, precision: precision), current = x
            for k in 1..<n {
                let next = ((2 * k + 1) * x * current - k * previous) / (k + 1)
                previous = current
                current = next
            }
            return (current, n * (x * current - previous) / (x * x - 1))
        }
        let tolerance = BigFloat(1, precision: precision).scaled(byPowerOfTwo: 8 - precision)
        return (1...n).map { i in
            var x = (BigFloat.pi(precision: precision) * (4 * i - 1) / (4 * n + 2)).cos()
            for _ in 0..<100 {
                let (value, derivative) = legendre(x)
                let step = value / derivative
                x = x - step
                if step.magnitude <= tolerance { break }
            }
            let derivative = legendre(x).derivative
            return (x, 2 / ((1 - x * x) * derivative * derivative))
        }
    }
}
