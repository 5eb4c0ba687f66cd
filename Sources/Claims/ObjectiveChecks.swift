import Certification
import Foundation
import GRPOModel
import Multiprecision
import Verification

/// The checks of proofs/alignment-objective.md.
extension GridChecks {
    static let objectiveGroupSizes: [GroupSize] = [.two, .finite(3), .finite(8), .finite(64), .finite(1000), .infinite]
    static let objectiveRates = ["0.1", "0.3", "0.5", "0.9"]

    /// `F_G′ = W_G`: by the mean value theorem `F_G(μ + h) − F_G(μ) ∈ h W_G([μ, μ + h])`. At
    /// `h = 2^{−24}` both sides are enclosed; they must overlap, and the left side must round to
    /// D digits. The right side's width is about `h² |W_G′|`, so a relative error of `F_G′`
    /// above about `h |W_G′/W_G|` would separate them.
    static func objectiveMeanValue(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let points = objectiveGroupSizes.flatMap { g in objectiveRates.map { (g, $0) } }
        return everyPoint(points, digits: context.digits) { g, m in
            let model = AlignmentObjective(groupSize: g, precision: precision)
            let mu = Interval(decimal(m), precision: precision)
            let h = Interval(1, precision: precision).scaled(byPowerOfTwo: -24)
            let step = model.value(at: mu + h) - model.value(at: mu)
            let slopes = model.derivative(at: Interval(uncheckedLower: mu.lower, upper: (mu + h).upper, precision: precision))
            return step.isValid && slopes.isValid && step.commonDigits(cap: context.digits).digits >= context.digits
                && step.overlaps(h * slopes) ? nil : "G = \(g), μ = \(m)"
        }
    }

    /// `|F_∞(μ) − F_G(μ)|`, `F_∞ = 2 arcsin sqrt μ`, strictly decreasing over G = 2, 4, …, 4096.
    static func objectiveLargeGroupLimit(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        return everyPoint(objectiveRates, digits: context.digits) { m in
            let mu = Interval(decimal(m), precision: precision)
            let limit = AlignmentObjective(groupSize: .infinite, precision: precision).value(at: mu)
            let gaps = (1...12).map {
                (AlignmentObjective(groupSize: .finite(1 << $0), precision: precision).value(at: mu) - limit).absolute()
            }
            return zip(gaps, gaps.dropFirst()).allSatisfy { $1.upper < $0.lower } ? nil : "μ = \(m)"
        }
    }
}

/// The checks of proofs/objective-maximisers.md and proofs/objective-large-group-rate.md.
extension GridChecks {
    /// A question of the maximiser grid: `π_ref` with full support, `s`, the group sizes and β.
    struct ObjectiveCase: Sendable {
        let references: [String]
        let successes: [String]
        let groupSize: GroupSize
        let beta: String

        var description: String { "π_ref = \(references), s = \(successes), G = \(groupSize), β = \(beta)" }

        func setting() throws -> GeneralSetting {
            let question = try Question(references: references.map(decimal), successes: successes.map(decimal))
            return try GeneralSetting(question: question, groupSize: groupSize, beta: decimal(beta))
        }
    }

    /// Binary questions at G ∈ {2, 8, ∞} (π_ref(a) = 0.1 at β = 0.1, 1, 0.1; π_ref(a) = 0.7 at
    /// β = 1, 0.1, 1), and at G = 1000 (π_ref(a) = 0.1, β = 0.1); three answers at G ∈ {2, 8, ∞}
    /// (β = 0.1, 1, 0.1); four at G ∈ {4, 64}.
    static let objectiveCases: [ObjectiveCase] = {
        let binary = zip([["0.1", "0.9"], ["0.7", "0.3"]], [["0.1", "1"], ["1", "0.1"]]).flatMap { r, betas in
            zip([GroupSize.two, .finite(8), .infinite], betas + betas).map { g, b in
                ObjectiveCase(references: r, successes: ["1", "0"], groupSize: g, beta: b)
            }
        } + [ObjectiveCase(references: ["0.1", "0.9"], successes: ["1", "0"], groupSize: .finite(1000), beta: "0.1")]
        let three = zip([GroupSize.two, .finite(8), .infinite], ["0.1", "1", "0.1"]).map { g, b in
            ObjectiveCase(references: ["0.2", "0.3", "0.5"], successes: ["0.9", "0.5", "0.2"], groupSize: g, beta: b)
        }
        let four = [GroupSize.finite(4), .finite(64)].map {
            ObjectiveCase(references: ["0.1", "0.2", "0.3", "0.4"], successes: ["1", "0.7", "0.4", "0"], groupSize: $0, beta: "0.5")
        }
        return binary + three + four
    }()

    /// The certified stationary policy of a case: StationaryPolicies must count exactly one
    /// (isolated once per setting and digits for both checks, `StationaryCache`).
    static func uniqueStationaryPolicy(_ setting: GeneralSetting, digits: Int) -> StationaryPolicies.Point? {
        let stationary = StationaryCache.shared.policies(setting, digits: digits)
        return stationary.countCertified && stationary.points.count == 1 ? stationary.points[0] : nil
    }

    /// `F_G′` as the checks use it: `AlignmentObjective.derivative` (tests perturb it).
    typealias Slope = @Sendable (AlignmentObjective, Interval) -> Interval

    static func objectiveKKT(_ context: ProofContext) -> CheckStatus {
        objectiveKKT(context, cases: objectiveCases) { $0.derivative(at: $1) }
    }

    /// The KKT condition of `F_G(μ(π)) − β KL(π_ref ‖ π)` at the certified stationary policy:
    /// the gradient `W_G(μ) s_o + β π_ref(o)/π(o)`, with `μ = Σ_o π(o) s_o` from the policy's
    /// enclosure, is one multiplier λ for every o: each difference from the first answer's
    /// encloses 0 and is narrower than `10^{−D} |λ|`.
    static func objectiveKKT(_ context: ProofContext, cases: [ObjectiveCase], slope: @escaping Slope) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let tolerance = 1 / Interval(10, precision: precision).power(context.digits)
        return everyPoint(cases, digits: context.digits) { c in
            let setting = try c.setting()
            guard let point = uniqueStationaryPolicy(setting, digits: context.digits) else {
                return "no certified unique stationary policy at \(c.description)"
            }
            let model = AlignmentObjective(groupSize: c.groupSize, precision: precision)
            let s = c.successes.map { Interval(decimal($0), precision: precision) }
            let r = c.references.map { Interval(decimal($0), precision: precision) }
            let beta = Interval(decimal(c.beta), precision: precision)
            let mu = zip(point.policy, s).map { $0 * $1 }.reduce(Interval(0, precision: precision), +)
            let w = slope(model, mu)
            let gradient = s.indices.map { o in w * s[o] + beta * r[o] / point.policy[o] }
            let bound = (tolerance * gradient[0].absoluteValue()).lower
            let spread = gradient.dropFirst().map { $0 - gradient[0] }
            return spread.allSatisfy { $0.isValid && $0.containsZero && $0.width < bound }
                ? nil : "the gradient of the objective is not one multiplier at \(c.description)"
        }
    }

    /// Precision of the dual bound's search: it resolves `J(π*) − J(π)` at `|μ − μ*| = 2^{−20}`.
    static let maximumSearchPrecision = 128

    static func objectiveGlobalMaximum(_ context: ProofContext) -> CheckStatus {
        objectiveGlobalMaximum(context, cases: objectiveCases) { $0 }
    }

    /// The certified stationary policy π* is the maximiser of `J = F_G(μ(π)) − β KL(π_ref ‖ π)`
    /// over the whole simplex: with `J(π*)` enclosed, the dual bound of `ObjectiveMaximum`
    /// excludes every box of success rates in `[s_min, s_max]` except boxes of width
    /// `≤ 2^{−24}(s_max − s_min)` within `2^{−20}` of μ*; so the maximiser (interior, a KKT point,
    /// a stationary policy) has its μ there, where StationaryPolicies counts only π*. Some box
    /// must remain: the one holding μ* has a bound at least `J(π*)`.
    /// `floor` maps the enclosure of `J(π*)` to the value compared (tests raise it).
    static func objectiveGlobalMaximum(_ context: ProofContext, cases: [ObjectiveCase],
                                       floor: @escaping @Sendable (Interval) -> Interval) -> CheckStatus {
        let precision = maximumSearchPrecision
        return everyPoint(cases, digits: context.digits) { c in
            let setting = try c.setting()
            guard let point = uniqueStationaryPolicy(setting, digits: context.digits) else {
                return "no certified unique stationary policy at \(c.description)"
            }
            let rates = c.successes.map(decimal)
            let objective = ObjectiveMaximum(setting, successes: rates, precision: precision)
            let policy = point.policy.map { $0.rounded(toPrecision: precision) }
            let best = floor(objective.value(at: policy))
            let domain = Interval(uncheckedLower: objective.successes.map(\.lower).min()!,
                                  upper: objective.successes.map(\.upper).max()!, precision: precision)
            let mu = zip(policy, objective.successes).map { $0 * $1 }.reduce(Interval(0, precision: precision), +)
            let near = Interval(uncheckedLower: mu.lower - BigFloat(1, precision: 64).scaled(byPowerOfTwo: -20),
                                upper: mu.upper + BigFloat(1, precision: 64).scaled(byPowerOfTwo: -20), precision: precision)
            guard best.isValid, let kept = objective.unexcluded(in: domain, below: best.lower,
                                                                width: domain.width.scaled(byPowerOfTwo: -24),
                                                                maximumBoxes: 2000),
                  !kept.isEmpty, kept.allSatisfy(near.contains) else {
                return "the objective is not certified below J(π*) away from μ* at \(c.description)"
            }
            return nil
        }
    }

    /// `F_G` is not concave for G ≥ 4 (`W_G(0.9) > W_G(0.5)`, F_G′ increases somewhere), and
    /// linear for G = 3 (`W_3 = √2` at every μ of the grid).
    static func objectiveNotConcave(_ context: ProofContext) -> CheckStatus {
        objectiveNotConcave(context) { $0.derivative(at: $1) }
    }

    static func objectiveNotConcave(_ context: ProofContext, slope: @escaping Slope) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let points: [(GroupSize, String)] = [GroupSize.finite(4), .finite(8), .finite(1000), .infinite].map { ($0, "") }
            + ["0.1", "0.5", "0.9"].map { (.finite(3), $0) }
        return everyPoint(points, digits: context.digits) { g, m in
            let model = AlignmentObjective(groupSize: g, precision: precision)
            if m.isEmpty {
                let centre = slope(model, Interval(decimal("0.5"), precision: precision))
                let edge = slope(model, Interval(decimal("0.9"), precision: precision))
                return centre.isValid && edge.isValid && centre.upper < edge.lower ? nil : "W_\(g)(0.9) > W_\(g)(0.5) not certified"
            }
            let w = slope(model, Interval(decimal(m), precision: precision))
            return agrees(w, Interval(2, precision: precision).squareRoot(), digits: context.digits) ? nil : "W_3(\(m)) ≠ √2"
        }
    }

    /// `−ζ(1/2)` (MPFR's `mpfr_zeta`): the observed limit of `√G (F_∞(μ) − F_G(μ))` for `0 < μ < 1`.
    static func rateConstant(precision: Int) -> Interval {
        -Interval.zeta(BigFloat(1, precision: precision).scaled(byPowerOfTwo: -1), precision: precision)
    }
    static let rateMus = ["0.1", "0.3", "0.5", "0.7", "0.9", "1"]

    static func objectiveRate(_ context: ProofContext) -> CheckStatus {
        objectiveRate(context) { $0.value(at: $1) }
    }

    /// Over G = 2^8, …, 2^12, the gap `d_G = F_∞(μ) − F_G(μ)` is positive, each ratio
    /// `d_{2G}/d_G` lies within 0.012 of `2^{−1/2}` (rate `1/√G`; `1/G` would give ½), and at
    /// G = 4096 `√G d_G` is within 2% of `−ζ(1/2)` (`−2ζ(1/2)` at μ = 1). `value` is `F_G`.
    static func objectiveRate(_ context: ProofContext,
                              value: @escaping @Sendable (AlignmentObjective, Interval) -> Interval) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        return everyPoint(rateMus, digits: context.digits) { m in
            let mu = Interval(decimal(m), precision: precision)
            let limit = AlignmentObjective(groupSize: .infinite, precision: precision).value(at: mu)
            let sizes = (8...12).map { 1 << $0 }
            let gaps = sizes.map { limit - value(AlignmentObjective(groupSize: .finite($0), precision: precision), mu) }
            let rate = 1 / Interval(2, precision: precision).squareRoot()
            let ratiosNear = zip(gaps, gaps.dropFirst()).allSatisfy { d, next in
                let ratio = next / d
                return ratio.isValid && (ratio - rate).absolute().upper < decimal("0.012").value(precision: 64)
            }
            let constant = rateConstant(precision: precision) * (m == "1" ? 2 : 1)
            let scaled = gaps.last! * Interval(sizes.last!, precision: precision).squareRoot()
            let constantNear = ((scaled - constant) / constant).absolute().upper < decimal("0.02").value(precision: 64)
            return gaps.allSatisfy({ $0.isValid && $0.lower.sign > 0 }) && ratiosNear && constantNear
                ? nil : "μ = \(m): the gaps do not fall like ζ-constant/√G"
        }
    }
}

/// The stationary policies of the maximiser grid, isolated once per setting and digits: the
/// KKT check and the global check read the same certificate.
final class StationaryCache: @unchecked Sendable {
    static let shared = StationaryCache()
    private let lock = NSLock()
    private struct Key: Hashable {
        let setting: GeneralSetting
        let digits: Int
    }
    private var entries: [Key: StationaryPolicies] = [:]

    func policies(_ setting: GeneralSetting, digits: Int) -> StationaryPolicies {
        let key = Key(setting: setting, digits: digits)
        if let found = lock.withLock({ entries[key] }) { return found }
        let computed = StationaryPolicies(setting, digits: digits)
        lock.withLock { entries[key] = computed }
        return computed
    }
}
