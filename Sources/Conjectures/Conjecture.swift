import Certification
import Expressions
import GRPOModel
import Multiprecision
import Verification

/// What a formula is compared with: a quantity the suite encloses rigorously.
public enum ConjectureQuantity: String, CaseIterable, Sendable {
    /// The stationary policy `π(a)` of a binary setting: the root of (11), enclosed by interval
    /// Newton (`CertifiedPolicy`), which proves it unique in the enclosure.
    case policy
    /// Direct KL, large groups: the threshold `β_c(π_ref(a))`, the root of
    /// `2 asinh β − 2 sqrt(1 + β²)/β = logit π_ref(a)` (proofs/direct-kl-large-g.md), enclosed by interval Newton
    /// (`ThresholdAnalysis`).
    case betaC = "beta-c"
    /// The preference gap `Δ = P_G(a|π) − P_G(b|π)` of a binary setting at its stationary
    /// policy (`BinaryRewardPreference.gap`: `γ` at G = 2, `U_G + V_G` at finite G, `1/sqrt(p(1 − p))`
    /// at G = ∞), evaluated over the enclosure of `π(a)`.
    case gap
    /// The success rate `μ = Σ_o π(o) s_o` at the stationary policy: `π(a)` for a binary setting
    /// with deterministic rewards (γ = 1); for a question with Bernoulli rewards the root of the
    /// success-rate equation, enclosed by interval Newton (`CertifiedQuestionPolicy`).
    case successRate = "success-rate"
    /// GRPO's alignment objective `F_G(μ)` at the stationary success rate `μ` (as for
    /// `success-rate`), evaluated over its enclosure (`AlignmentObjective`).
    case objective

    /// The quantity's name in reports: `π(a)`, `π(o_k)` for answer k of a question, `β_c`, `Δ`, `μ`.
    public func symbol(at point: ConjecturePoint?) -> String {
        switch (self, point) {
        case (.policy, .question(_, let answer)?): "π(o_\(answer + 1))"
        case (.policy, _): "π(a)"
        case (.betaC, _): "β_c"
        case (.gap, _): "Δ"
        case (.successRate, _): "μ"
        case (.objective, _): "F_G(μ)"
        }
    }
}

/// The claimed relation `formula REL quantity`.
public enum ConjectureRelation: String, CaseIterable, Sendable {
    /// Agreement to the requested digits (and refutation by disjoint enclosures).
    case equal = "="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    public var symbol: String {
        switch self {
        case .equal: "="
        case .less: "<"
        case .lessOrEqual: "≤"
        case .greater: ">"
        case .greaterOrEqual: "≥"
        }
    }

    /// `formula REL quantity` holds for every point of the two enclosures, as far as that can
    /// be decided: true when the enclosures are separated the right way, false when they are
    /// separated the wrong way, nil when they overlap. Not for `.equal`.
    func decide(_ f: Interval, _ q: Interval) -> Bool? {
        switch self {
        case .equal: preconditionFailure("agreement is decided by digits")
        case .lessOrEqual: f.upper <= q.lower ? true : f.lower > q.upper ? false : nil
        case .less: f.upper < q.lower ? true : f.lower >= q.upper ? false : nil
        case .greaterOrEqual: f.lower >= q.upper ? true : f.upper < q.lower ? false : nil
        case .greater: f.lower > q.upper ? true : f.upper <= q.lower ? false : nil
        }
    }
}

/// One point at which a conjecture is tested.
public enum ConjecturePoint: Hashable, Sendable {
    /// A binary setting, for `π(a)`.
    case binary(BinarySetting)
    /// A reference probability `π_ref(a) ∈ (0, 1)`, for `β_c`.
    case threshold(reference: DecimalNumber)
    /// A question with several answers and Bernoulli rewards, for `π` of one answer (0-based).
    case question(GeneralSetting, answer: Int)

    /// The formula's variables at this point, as given: `beta`, `ref`, `margin` and (finite
    /// groups) `G` for a binary setting; `ref` for `β_c`; `beta`, `G`, `ref1…refK` and
    /// `s1…sK` (the success probabilities) for a question.
    public var variables: [(name: String, value: DecimalNumber)] {
        let size = groupSize?.finiteValue.map { [("G", try! DecimalNumber(String($0)))] } ?? []
        let v: [(String, DecimalNumber)] = switch self {
        case .binary(let s): [("beta", s.beta), ("ref", s.reference), ("margin", s.confidenceMargin)] + size
        case .threshold(let reference): [("ref", reference)]
        case .question(let s, _):
            [("beta", s.beta)] + size + Self.numbered("ref", s.question.references)
                + Self.numbered("s", s.question.successes ?? []) + Self.numbered("r", s.question.rewards.gradedRewards ?? [])
        }
        return v.map { (name: $0.0, value: $0.1) }
    }

    private static func numbered(_ name: String, _ values: [DecimalNumber]) -> [(String, DecimalNumber)] {
        values.enumerated().map { ("\(name)\($0 + 1)", $1) }
    }

    var groupSize: GroupSize? {
        switch self {
        case .binary(let s): s.groupSize
        case .threshold: nil
        case .question(let s, _): s.groupSize
        }
    }

    /// Variables with an exact integer value (`G`), for integer exponents and binomials.
    public var integers: [String: Int] {
        groupSize?.finiteValue.map { ["G": $0] } ?? [:]
    }

    /// `G = 2, penalty = reverse, β = 0.04, π_ref(a) = 0.3, γ = 1`.
    public var description: String {
        switch self {
        case .binary(let s):
            "G = \(s.groupSize), penalty = \(s.penalty.rawValue), β = \(s.beta), π_ref(a) = \(s.reference), "
                + "γ = \(s.confidenceMargin)" + (s.normalisation == .population ? "" : ", normalisation = \(s.normalisation)")
        case .threshold(let reference):
            "π_ref(a) = \(reference)"
        case .question(let s, let answer):
            s.summary + ", answer \(answer + 1)"
        }
    }

    /// The same point with `beta` and `ref` replaced where given (`beta` is ignored for `β_c`),
    /// and left as it is where the replacement breaks a rule of the setting.
    func moved(beta: DecimalNumber?, reference: DecimalNumber?) -> ConjecturePoint {
        switch self {
        case .binary(let s):
            return .binary((try? s.with(beta: beta, reference: reference)) ?? s)
        case .threshold(let old):
            return .threshold(reference: reference ?? old)
        case .question(let s, let answer):
            return .question((beta.flatMap { try? s.with(beta: $0) }) ?? s, answer: answer)
        }
    }

    var beta: DecimalNumber? {
        switch self {
        case .binary(let s): s.beta
        case .threshold: nil
        case .question(let s, _): s.beta
        }
    }

    /// `π_ref(a)` of a binary setting or of `β_c`; nil for a question (its references stay fixed).
    var reference: DecimalNumber? {
        switch self {
        case .binary(let s): s.reference
        case .threshold(let reference): reference
        case .question: nil
        }
    }
}

/// The formula could not be evaluated at a point of the conjecture's domain.
public struct ConjectureEvaluationError: Error, CustomStringConvertible {
    public let point: ConjecturePoint
    public let error: FormulaError

    public var description: String { "at \(point.description): \(error)" }
}

/// The verdict at one point, with both enclosures.
public struct PointVerdict: Sendable {
    public enum Outcome: String, Sendable {
        /// Certified: agreement to the requested digits, or the relation at every point of
        /// both enclosures.
        case holds
        /// Certified: disjoint enclosures not sharing the requested digits (`=`), or enclosures
        /// separated the wrong way.
        case refuted
        /// Neither: the enclosures overlap without fixing the digits or the relation, or the
        /// quantity could not be certified.
        case undecided
    }

    public let point: ConjecturePoint
    public let outcome: Outcome
    /// The formula in interval arithmetic, and the quantity's certified enclosure (nil if the
    /// certification failed).
    public let formula: Interval
    public let quantity: Interval?
    /// The significant digits on which every point of both enclosures rounds to the same
    /// decimal, at most the requested digits: the digits to which formula and quantity agree.
    public let agreeingDigits: Int
    /// The enclosures have no point in common: formula and quantity certainly differ here
    /// (for `=`, even when they agree to the requested digits).
    public let disjoint: Bool
    /// Why: one line.
    public let reason: String
}

/// A formula compared with a quantity the suite encloses: `formula REL quantity` at points, on
/// a box (`ConjectureDomain`), or between points by adaptive sampling (`ConjectureSearch`).
///
/// Agreement (`=`) at `D` digits is certified at a point when every point of both enclosures
/// rounds to the same `D`-digit decimal; if the enclosures are also disjoint the verdict says
/// that the two differ beyond `D` digits, and to how many they agree. It is refuted when the
/// enclosures are disjoint without sharing `D` digits (a certified counterexample), and
/// undecided when they overlap without fixing `D` digits (with the digits they do share). An
/// inequality is certified or refuted when the enclosures are separated. Undecided points are
/// computed again with 2D and 4D digits before the verdict is given.
public struct Conjecture: Sendable {
    public let formula: Formula
    public let quantity: ConjectureQuantity
    public let relation: ConjectureRelation
    public let digits: Int

    public init(formula: Formula, quantity: ConjectureQuantity = .policy, relation: ConjectureRelation = .equal,
                digits: Int) {
        self.formula = formula
        self.quantity = quantity
        self.relation = relation
        self.digits = digits
    }

    /// Refuses a formula whose variables are not all defined at `point`.
    public func requireVariables(at point: ConjecturePoint) throws(FormulaError) {
        var explanations: [String: String] = [:]
        if point.groupSize == .infinite {
            explanations["G"] = "G is not a number at group size inf; the variables there are "
                + point.variables.map(\.name).joined(separator: ", ")
        }
        if case .threshold = point {
            explanations["beta"] = "β_c depends on ref only; the variable there is ref"
        }
        try formula.requireVariables(point.variables.map(\.name), explanations: explanations)
    }

    /// The formula in intervals at `point`, at `precision` bits.
    func formulaEnclosure(at point: ConjecturePoint, precision: Int) throws -> Interval {
        let values = Dictionary(uniqueKeysWithValues: point.variables.map { ($0.name, Interval($0.value, precision: precision)) })
        do {
            return try formula.evaluate(values, integers: point.integers, precision: precision)
        } catch {
            throw ConjectureEvaluationError(point: point, error: error)
        }
    }

    /// The verdict at `point`; throws `ConjectureEvaluationError` where the formula has no value.
    public func verdict(at point: ConjecturePoint) throws -> PointVerdict {
        var result: PointVerdict?
        for level in 0..<3 {
            let d = min(digits << level, Self.maximumDigits)
            let precision = DigitsPolicy(digits: d).working
            let f = try formulaEnclosure(at: point, precision: precision)
            let verdict: PointVerdict
            switch quantity.enclosure(at: point, digits: d) {
            case .failure(let failure):
                verdict = PointVerdict(point: point, outcome: .undecided, formula: f, quantity: nil, agreeingDigits: 0,
                                       disjoint: false, reason: "\(quantity.symbol(at: point)) is not certified: \(failure.reason)")
            case .success(let q):
                verdict = decide(point, f, q)
            }
            result = verdict
            if verdict.outcome != .undecided || verdict.quantity == nil || d == Self.maximumDigits { break }
        }
        return result!
    }

    /// The largest digits used when an undecided point is computed again.
    public static let maximumDigits = 10_000

    /// The verdict from the formula's enclosure `f` and the quantity's `q` (see the type's comment).
    func decide(_ point: ConjecturePoint, _ f: Interval, _ q: Interval) -> PointVerdict {
        let hull = Interval(uncheckedLower: .minimum(f.lower, q.lower), upper: .maximum(f.upper, q.upper),
                            precision: max(f.precision, q.precision))
        let agreeing = hull.commonDigits(cap: digits).digits
        let name = quantity.symbol(at: point)
        func verdict(_ outcome: PointVerdict.Outcome, _ reason: String) -> PointVerdict {
            PointVerdict(point: point, outcome: outcome, formula: f, quantity: q, agreeingDigits: agreeing,
                         disjoint: !f.overlaps(q), reason: reason)
        }
        let above = BigFloat.difference(f.lower, q.upper, precision: 64, rounding: .down)
        let below = BigFloat.difference(q.lower, f.upper, precision: 64, rounding: .down)
        func gap(_ x: BigFloat) -> String { x.decimalString(significantDigits: 3, rounding: .down) }
        guard relation == .equal else {
            switch relation.decide(f, q) {
            case true?:
                let margin = relation == .less || relation == .lessOrEqual ? below : above
                return verdict(.holds, "formula \(relation.symbol) \(name): the enclosures are separated by at least \(gap(margin))")
            case false?:
                let margin = relation == .less || relation == .lessOrEqual ? above : below
                let side = relation == .less || relation == .lessOrEqual ? "above" : "below"
                return verdict(.refuted, "the formula is \(side) \(name)" + (margin.sign > 0 ? " by at least \(gap(margin))" : ""))
            case nil:
                return verdict(.undecided, "the enclosures overlap: formula \(relation.symbol) \(name) is not decided "
                               + "at \(bitsToDigits(max(f.precision, q.precision))) digits (the two may be equal here)")
            }
        }
        let uncapped = hull.commonDigits(cap: bitsToDigits(max(f.precision, q.precision))).digits
        // `, not n` when each enclosure fixes n digits (then differently: the hull does not).
        func notMore(_ n: Int) -> String {
            f.commonDigits(cap: n).digits == n && q.commonDigits(cap: n).digits == n ? ", not \(n)" : ""
        }
        if f.overlaps(q) {
            return agreeing >= digits ? verdict(.holds, "agrees to \(digits) digits")
                : verdict(.undecided, "the enclosures overlap but do not fix \(digits) digits: they agree to "
                          + "\(Self.digitCount(agreeing)); \(digits) are not certified")
        }
        let side = above.sign > 0 ? "above \(name) by at least \(gap(above))" : "below \(name) by at least \(gap(below))"
        if agreeing >= digits {
            return verdict(.holds, "agrees to \(digits) digits; the enclosures are disjoint, so the two differ: the formula "
                           + "is \(side); they agree to \(Self.digitCount(uncapped))\(notMore(uncapped + 1))")
        }
        return verdict(.refuted, "the enclosures are disjoint: the formula is \(side); they agree to \(Self.digitCount(agreeing))"
                       + notMore(digits))
    }

    /// `1 digit`, `39 digits`.
    static func digitCount(_ n: Int) -> String { n == 1 ? "1 digit" : "\(n) digits" }

    /// The verdict at every point, in order, on `threads` threads; `progress` after each.
    public func verdicts(at points: [ConjecturePoint], threads: Int = defaultThreads,
                         progress: (@Sendable () -> Void)? = nil) throws -> [PointVerdict] {
        try orderedMap(points, threads: threads, progress: progress) { try verdict(at: $0) }
    }
}

/// Decimal digits carried by `bits` bits, rounded down (for messages).
func bitsToDigits(_ bits: Int) -> Int { bits * 30103 / 100_000 }

/// Why a quantity has no certified enclosure at a point.
struct QuantityFailure: Error {
    let reason: String
}

extension ConjectureQuantity {
    /// The certified enclosure at `point`, targeted at `digits` digits.
    func enclosure(at point: ConjecturePoint, digits: Int) -> Result<Interval, QuantityFailure> {
        switch (self, point) {
        case (.policy, .binary(let setting)):
            return Self.policyEnclosure(setting, digits: digits)
        case (.successRate, .binary(let setting)) where setting.confidenceMargin.isNumericallyEqual(to: .one):
            return Self.policyEnclosure(setting, digits: digits)
        case (.gap, .binary(let setting)):
            return Self.policyEnclosure(setting, digits: digits).flatMap { p in
                let precision = DigitsPolicy(digits: digits).working
                let gap = (try? MPFRFlags.checking { BinaryModel<Interval>(setting, precision: precision).preference.gap(at: p) })
                return gap.map { $0.isValid ? .success($0) : .failure(QuantityFailure(reason: "Δ has no enclosure at π(a)")) }
                    ?? .failure(QuantityFailure(reason: "MPFR raised a flag evaluating Δ over the enclosure of π(a)"))
            }
        case (.policy, .question(let setting, let answer)):
            return CertifiedQuestionPolicy.enclosure(setting, answer: answer, digits: digits)
        case (.successRate, .question(let setting, _)) where setting.question.successes != nil:
            return CertifiedQuestionPolicy.successRate(setting, digits: digits)
        case (.objective, _) where point.groupSize != nil:
            let groupSize = point.groupSize!     // a setting's point; β_c's has no G
            return ConjectureQuantity.successRate.enclosure(at: point, digits: digits).flatMap { mu in
                let precision = DigitsPolicy(digits: digits).working
                let value = try? MPFRFlags.checking {
                    AlignmentObjective(groupSize: groupSize, precision: precision).value(at: mu)
                }
                guard let value, value.isValid else {
                    return .failure(QuantityFailure(reason: "F_G has no enclosure over the enclosure of μ"))
                }
                return .success(value)
            }
        case (.betaC, .threshold(let reference)):
            do {
                let analysis = try ThresholdAnalysis(reference: reference, digits: digits)
                guard analysis.certificate == .unique else {
                    return .failure(QuantityFailure(reason: "\(analysis.certificate)"))
                }
                return .success(analysis.betaC)
            } catch {
                return .failure(QuantityFailure(reason: "\(error)"))
            }
        default:
            return .failure(QuantityFailure(reason: "\(symbol(at: point)) is not defined at \(point.description)"))
        }
    }

    /// The interval-Newton enclosure of `π(a)` around Newton's approximation (`StationaryPolicy`).
    static func policyEnclosure(_ setting: BinarySetting, digits: Int) -> Result<Interval, QuantityFailure> {
        let certified: CertifiedPolicy
        do {
            certified = try StationaryPolicy.solve(setting, digits: digits, methods: [.newton], certify: true).certified!
        } catch {
            return .failure(QuantityFailure(reason: "Newton's approximation failed: \(error)"))
        }
        guard certified.certificate == .unique else {
            return .failure(QuantityFailure(reason: "\(certified.certificate)"))
        }
        return .success(certified.enclosure)
    }

    /// An approximation at `point` to about `precision` bits, for sampling between points.
    func approximation(at point: ConjecturePoint, precision: Int) throws -> BigFloat {
        switch (self, point) {
        case (.policy, .binary(let setting)),
             (.successRate, .binary(let setting)) where setting.confidenceMargin.isNumericallyEqual(to: .one):
            return try Method.newton.run(setting, precision: precision).value
        case (.gap, .binary(let setting)):
            let p = try Method.newton.run(setting, precision: precision).value
            return try MPFRFlags.checking { BinaryModel<BigFloat>(setting, precision: precision).preference.gap(at: p) }
        case (.objective, _) where point.groupSize != nil:
            let groupSize = point.groupSize!
            let mu = try ConjectureQuantity.successRate.approximation(at: point, precision: precision)
            return try MPFRFlags.checking { AlignmentObjective(groupSize: groupSize, precision: precision).value(at: mu) }
        case (.successRate, .question(let setting, _)) where setting.question.successes != nil:
            let run = try GeneralMethod.successRate.run(setting, precision: precision)
            guard run.converged else { throw QuantityFailure(reason: "success-rate did not converge at \(point.description)") }
            return try MPFRFlags.checking {
                zip(run.value, setting.question.successes!).map { $0 * $1.value(precision: precision) }
                    .reduce(BigFloat(0, precision: precision), +)
            }
        case (.policy, .question(let setting, let answer)):
            // The success-rate equation for Bernoulli rewards; continuation in β for any other.
            let method: GeneralMethod = GeneralMethod.successRate.applies(to: setting) ? .successRate : .continuation
            let run = try method.run(setting, precision: precision)
            guard run.converged, answer < run.value.count else {
                throw QuantityFailure(reason: "\(method.rawValue) did not converge at \(point.description)")
            }
            return run.value[answer]
        case (.betaC, .threshold(let reference)):
            return try MPFRFlags.checking { Self.threshold(reference.value(precision: precision), precision: precision) }
        default:
            throw QuantityFailure(reason: "\(symbol(at: point)) is not defined at \(point.description)")
        }
    }

    /// `β_c` by bisection of the increasing `φ(β) − logit π_ref(a)` in a bracket found by
    /// halving and doubling from 1.
    static func threshold(_ reference: BigFloat, precision: Int) -> BigFloat {
        let f = { (b: BigFloat) in DirectLargeGroups<BigFloat>.thresholdEquation(at: b, reference: reference).value }
        var lower = BigFloat(1, precision: precision), upper = lower
        while f(lower).sign > 0 { lower = lower.scaled(byPowerOfTwo: -1) }
        while f(upper).sign < 0 { upper = upper.scaled(byPowerOfTwo: 1) }
        for _ in 0..<(precision + 8) {
            let middle = BigFloat.average(lower, upper)
            if f(middle).sign < 0 { lower = middle } else { upper = middle }
        }
        return BigFloat.average(lower, upper)
    }
}
