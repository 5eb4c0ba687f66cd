import GRPOModel
import Multiprecision

/// The checks of proofs/objective-potential-graded.md: whether `P_G` is a gradient on the
/// simplex, up to a common term, through the tangential curl of its Jacobian.
extension GridChecks {
    /// `C_ijk = A_ij + A_jk + A_ki` for every triple `i < j < k`, `A = J − Jᵀ`: the 2-form
    /// `uᵀ A v` on tangent vectors `u = e_i − e_k`, `v = e_j − e_k`. All vanish exactly when
    /// `A_ij = d_i − d_j` (`d_i = A_ik`), i.e. when `P_G + c(π) 1` is locally a gradient.
    static func tangentialCurls(_ j: [[Interval]]) -> [Interval] {
        let n = j.count
        let a = { (x: Int, y: Int) in j[x][y] - j[y][x] }
        return (0..<n).flatMap { i in (i + 1..<n).flatMap { k in (k + 1..<n).map { l in a(i, k) + a(k, l) + a(l, i) } } }
    }

    static let potentialSizes: [GroupSize] = [.two, .finite(3), .finite(8), .finite(16), .infinite]
    static let potentialPolicies = [["0.5", "0.3", "0.2"], ["0.4", "0.3", "0.2", "0.1"]]

    static func jacobian(_ model: RewardModel, _ g: GroupSize, policy: [String], precision: Int) -> [[Interval]] {
        let preferences: RewardPreferences<Interval> = model.rule.preferences(groupSize: g, normalisation: .population,
                                                                              precision: precision)
        return preferences.valuesAndJacobian(at: policy.map { Interval(decimal($0), precision: precision) }).jacobian
    }

    static func bernoulliPotential(_ context: ProofContext) -> CheckStatus {
        bernoulliPotential(context) { $0 }
    }

    /// 0/1 rewards, `s = (0.9, 0.5, 0.2)` and `(1, 0.7, 0.4, 0)`, at every G of the grid: every
    /// curl encloses 0 within `10^{−D}` (the symbolic reason: `A_ij = (s_i − s_j)(W + μW′)`).
    /// `jacobianMap` is applied to the Jacobian first (tests perturb it).
    static func bernoulliPotential(_ context: ProofContext,
                                   jacobianMap: @escaping @Sendable ([[Interval]]) -> [[Interval]]) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let tolerance = (1 / Interval(10, precision: precision).power(context.digits)).lower
        let questions = [["0.9", "0.5", "0.2"], ["1", "0.7", "0.4", "0"]]
        let points = potentialSizes.flatMap { g in questions.indices.map { (g, $0) } }
        return everyPoint(points, digits: context.digits) { g, q in
            let model = try RewardModel.bernoulli(questions[q].map(decimal))
            let j = jacobianMap(jacobian(model, g, policy: potentialPolicies[q], precision: precision))
            return tangentialCurls(j).allSatisfy { $0.isValid && $0.containsZero && $0.magnitude < tolerance }
                ? nil : "a curl of 0/1 rewards s = \(questions[q]) at G = \(g) is not 0"
        }
    }

    /// Deterministic graded rewards `(0, 0.5, 1)` and `(0, 1, 3)` at π = (0.5, 0.3, 0.2): the curl
    /// is certified nonzero (its enclosure excludes 0 and rounds to D digits) at every G of the
    /// grid, so no potential exists; it agrees with −2 at G = 2 (`gradedCurlGroupsOfTwo`) and at
    /// G = ∞ with `−(r_1 − r_2)(r_2 − r_3)(r_3 − r_1)/(2σ³)`, σ the rewards' spread under π.
    static func gradedNoPotential(_ context: ProofContext) -> CheckStatus {
        gradedNoPotential(context, rewards: [["0", "0.5", "1"], ["0", "1", "3"]])
    }

    static func gradedNoPotential(_ context: ProofContext, rewards: [[String]]) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let points = potentialSizes.flatMap { g in rewards.map { (g, $0) } }
        return everyPoint(points, digits: context.digits) { g, r in
            let j = jacobian(.graded(r.map(decimal)), g, policy: potentialPolicies[0], precision: precision)
            let curl = tangentialCurls(j)[0]
            guard curl.isValid, !curl.containsZero, curl.commonDigits(cap: context.digits).digits >= context.digits else {
                return "the curl of graded rewards \(r) at G = \(g) is not certified nonzero"
            }
            let exact: Interval? = switch g {
            case .two: Interval(-2, precision: precision)
            case .infinite: largeGroupCurl(rewards: r.map { Interval(decimal($0), precision: precision) },
                                           policy: potentialPolicies[0].map { Interval(decimal($0), precision: precision) })
            default: nil
            }
            return exact.map { agrees(curl, $0, digits: context.digits) } ?? true
                ? nil : "the curl of graded rewards \(r) at G = \(g) is not its closed form"
        }
    }

    /// `−(r_1 − r_2)(r_2 − r_3)(r_3 − r_1)/(2σ³)`, `σ² = Σ π r² − (Σ π r)²`: the curl of
    /// `P_∞(o|π) = (r_o − m)/σ`.
    static func largeGroupCurl(rewards r: [Interval], policy pi: [Interval]) -> Interval {
        let m = zip(pi, r).map { $0 * $1 }.reduce(Interval(0, precision: r[0].precision), +)
        let second = zip(pi, r).map { $0 * $1 * $1 }.reduce(Interval(0, precision: r[0].precision), +)
        let sigma = (second - m * m).squareRoot()
        return -((r[0] - r[1]) * (r[1] - r[2]) * (r[2] - r[0])) / (2 * sigma.power(3))
    }
}
