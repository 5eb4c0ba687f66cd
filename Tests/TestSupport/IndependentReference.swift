import Multiprecision

/// Independent values for tests, written from the paper's defining equations by plain
/// bisection — never through `ClosedForm` or the suite's solvers: (17), (19) and the
/// finite-G equation with `U_G` summed term by term from exact binomial coefficients.
public struct IndependentReference: Sendable {
    public let precision: Int

    public init(precision: Int) {
        self.precision = precision
    }

    public func number(_ s: String) -> BigFloat { try! BigFloat(decimal: s, precision: precision) }

    /// The root of `f` in `[lower, 1]` with `f < 0` below it.
    public func bisect(from lower: BigFloat, _ f: (BigFloat) -> BigFloat) -> BigFloat {
        var lo = lower, hi = BigFloat(1, precision: precision)
        for _ in 0..<(precision + 20) {
            let mid = (lo + hi) / 2
            if f(mid).sign < 0 { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// (17), γ = 1: `β (p − p_ref) − p (1 − p) = 0`; at `p_ref = 0` the bisection from 0 finds
    /// the largest root, the limit `π_ref(a) ↓ 0`.
    public func groupsOfTwo(beta: String, ref: String) -> BigFloat {
        let b = number(beta), r = number(ref)
        return bisect(from: r) { p in b * (p - r) - p * (1 - p) }
    }

    /// (19): `β (p − p_ref) − sqrt(p (1 − p)) = 0`.
    public func largeGroups(beta: String, ref: String) -> BigFloat {
        let b = number(beta), r = number(ref)
        return bisect(from: r) { p in b * (p - r) - (p * (1 - p)).squareRoot() }
    }

    /// `β (p − p_ref) − p U_G(p) = 0`, `U_G` summed over every term: the binomial weights by
    /// `w_0 = (1−p)^{G−1}`, `w_{n+1} = w_n (G−1−n)/(n+1) · p/(1−p)` (no window, no tail bound).
    public func finite(_ g: Int, beta: String, ref: String) -> BigFloat {
        let b = number(beta), r = number(ref)
        let advantages = (0..<g).map { n in (BigFloat(g - 1 - n, precision: precision) / (n + 1)).squareRoot() }
        return bisect(from: r) { p in
            let ratio = p / (1 - p)
            var weight = (1 - p).power(g - 1)
            var u = BigFloat(0, precision: precision)
            for n in 0..<g {
                u = u + weight * advantages[n]
                weight = weight * (g - 1 - n) / (n + 1) * ratio
            }
            return b * (p - r) - p * u
        }
    }

    /// `p ↦ U_G(p) + V_G(p)` of proofs/finite-g-exact-sums.md, every term summed with the weights of `finite`
    /// (the coefficients `sqrt((G−1−n)/(n+1)) + sqrt(n/(G−n))` computed once).
    public func advantageScale(_ g: Int) -> (BigFloat) -> BigFloat {
        let coefficients = (0..<g).map { n -> BigFloat in
            let one = (BigFloat(g - 1 - n, precision: precision) / (n + 1)).squareRoot()
            let zero = (BigFloat(n, precision: precision) / (g - n)).squareRoot()
            return one + zero
        }
        return { p in
            let ratio = p / (1 - p)
            var weight = (1 - p).power(g - 1)
            var total = BigFloat(0, precision: precision)
            for n in 0..<g {
                total = total + weight * coefficients[n]
                let factor: BigFloat = ratio * (g - 1 - n)
                weight = weight * factor / (n + 1)
            }
            return total
        }
    }

    /// Every root of `f` on `(0, 1)` where it changes sign between neighbours of the grid
    /// `x_k = 1/(1 + e^{−t_k})`, `t_k = from + k·step ≤ to`, each refined by plain bisection.
    public func roots(logitsFrom from: Int, to: Int, stepsPerUnit: Int, _ f: (BigFloat) -> BigFloat) -> [BigFloat] {
        let points = (from * stepsPerUnit...to * stepsPerUnit).map { k in
            1 / (1 + (-(BigFloat(k, precision: precision) / stepsPerUnit)).exp())
        }
        var found: [BigFloat] = []
        for (a, b) in zip(points, points.dropFirst()) where f(a).sign * f(b).sign < 0 {
            var lo = a, hi = b
            let rising = f(a).sign < 0
            for _ in 0..<(precision + 20) {
                let mid = (lo + hi) / 2
                if (f(mid).sign < 0) == rising { lo = mid } else { hi = mid }
            }
            found.append((lo + hi) / 2)
        }
        return found
    }
}
