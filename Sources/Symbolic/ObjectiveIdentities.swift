/// The alignment objective at small G, exactly (proofs/objective-maximisers.md).
extension ExactIdentity {
    /// `E_{k ~ Bin(G, μ)}[(1/G) Σ_{j<k} c_j]` as a polynomial in `μ`, for rational `c_j`.
    public static func binomialObjective(coefficients c: [Rational]) -> Polynomial {
        let g = c.count, mu = Polynomial.variable("mu")
        var total = Polynomial(0), level = Rational(0), choose = 1
        for k in 0...g {
            total = total + Polynomial(level * Rational(choose)) * mu.power(k) * (1 - mu).power(g - k)
            if k < g {
                level = level + c[k] / Rational(g)
                choose = choose * (g - k) / (k + 1)
            }
        }
        return total
    }

    /// `G = 2`: `c_0 = c_1 = 1`, so `g_2 = (0, ½, 1)` and `F_2(μ) = μ` (`W_2 = 1`).
    public static let objectiveGroupsOfTwo = ExactIdentity(
        name: "objectiveGroupsOfTwo",
        statement: "Σ_k C(2, k) μ^k (1 − μ)^{2−k} g_2(k) = μ with g_2 = (0, 1/2, 1)",
        reference: "derived, proofs/objective-maximisers.md"
    ) {
        binomialObjective(coefficients: [1, 1]) == .variable("mu")
    }

    /// `G = 3`: `c_j = √2` for `j = 0, 1, 2`, so `F_3(μ) = √2 E[k]/3 = √2 μ` (`W_3 = √2`): the
    /// rational part, coefficients 1, gives `μ`.
    public static let objectiveGroupsOfThree = ExactIdentity(
        name: "objectiveGroupsOfThree",
        statement: "Σ_k C(3, k) μ^k (1 − μ)^{3−k} k/3 = μ, so F_3(μ) = √2 μ",
        reference: "derived, proofs/objective-maximisers.md"
    ) {
        binomialObjective(coefficients: [1, 1, 1]) == .variable("mu")
    }

    /// Deterministic graded rewards `r_1 < r_2 < r_3` at `G = 2`: `P_2(o|π) = Σ_{o′} π(o′) sign(r_o − r_{o′})`
    /// (two distinct rewards have advantages ±1), so `J = ∂P_2/∂π` has `J(o, o′) = sign(r_o − r_{o′})`
    /// and the tangential curl `A_12 + A_23 + A_31`, `A = J − Jᵀ`, is `−2`.
    public static let gradedCurlGroupsOfTwo = ExactIdentity(
        name: "gradedCurlGroupsOfTwo",
        statement: "J(o, o′) = sign(r_o − r_o′) for r_1 < r_2 < r_3: (J − Jᵀ)_12 + (J − Jᵀ)_23 + (J − Jᵀ)_31 = −2",
        reference: "derived, proofs/objective-potential-graded.md"
    ) {
        tangentialCurl(groupsOfTwoJacobian(ranks: [1, 2, 3])) == Rational(-2)
    }

    /// `sign(r_o − r_{o′})` for rewards given by their ranks.
    public static func groupsOfTwoJacobian(ranks: [Int]) -> [[Rational]] {
        ranks.map { a in ranks.map { b in Rational(a > b ? 1 : a < b ? -1 : 0) } }
    }

    /// `A_12 + A_23 + A_31` for `A = J − Jᵀ` of a 3 × 3 matrix.
    public static func tangentialCurl(_ j: [[Rational]]) -> Rational {
        let a = { (x: Int, y: Int) in j[x][y] - j[y][x] }
        return a(0, 1) + a(1, 2) + a(2, 0)
    }
}
