import Certification
import GRPOModel
import Multiprecision

/// A closed range `[lower, upper]` of decimals.
public typealias DecimalRange = (lower: DecimalNumber, upper: DecimalNumber)

/// A box on which a relation is certified at every point, not only at grid points:
/// `β ∈ [β₀, β₁]`, `π_ref(a) ∈ [r₀, r₁]` of one binary question (G, penalty, γ and
/// normalisation fixed), or `π_ref(a) ∈ [r₀, r₁]` alone for `β_c`.
///
/// The quantity is enclosed over a box by the comparison principle (`PolicyOnBox`): the
/// stationary policy is unique at every point of the box, increasing in `π_ref(a)` and
/// decreasing in β, so it lies between its values at the corners `(β₁, r₀)` and `(β₀, r₁)`,
/// each enclosed by interval Newton and proved the only root there; `β_c` increases in
/// `π_ref(a)` (`φ` increases in β), so it lies between its values at `r₀` and `r₁`.
/// Boxes must have `β₀ > 0` and `0 < r₀ ≤ r₁ < 1`.
public struct ConjectureDomain: Sendable {
    /// The box's question: a binary setting at the corner `(β₀, r₀)`, whose group size,
    /// penalty, margin and normalisation every point of the box shares; nil for `β_c`.
    public let question: BinarySetting?
    /// `[β₀, β₁]`; nil for `β_c`, which depends on `π_ref(a)` only.
    public let beta: DecimalRange?
    public let reference: DecimalRange
    /// Boxes examined before the verdict is given as undecided (`--max-boxes`).
    public var maximumBoxes = 20_000
    /// The largest budget accepted: the pending boxes stay in memory.
    public static let largestBoxBudget = 10_000_000

    /// Why a box is refused.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
        /// The setting's field at fault (`penalty`, `margin`, …), when it is not the box itself.
        public var field: String? = nil
    }

    /// The box of binary settings, checked exactly on the decimals.
    public init(groupSize: GroupSize = .two, penalty: Penalty = .reverse, beta: DecimalRange, reference: DecimalRange,
                margin: DecimalNumber, normalisation: AdvantageNormalisation = .population) throws(Refusal) {
        try Self.check(reference)
        guard !Self.below(beta.upper, beta.lower) else {
            throw Refusal(description: "each range must be lower:upper with lower ≤ upper")
        }
        guard beta.lower.order(comparedWith: .zero) > 0 else {
            throw Refusal(description: "β must be positive on the box")
        }
        do {
            question = try BinarySetting(groupSize: groupSize, penalty: penalty, beta: beta.lower, reference: reference.lower,
                                         confidenceMargin: margin, normalisation: normalisation)
        } catch {
            throw Refusal(description: error.reason, field: error.field)
        }
        self.beta = beta
        self.reference = reference
    }

    /// The range of `π_ref(a)` for `β_c`.
    public init(thresholdReference reference: DecimalRange) throws(Refusal) {
        try Self.check(reference)
        question = nil
        beta = nil
        self.reference = reference
    }

    private static func below(_ x: DecimalNumber, _ y: DecimalNumber) -> Bool { x.order(comparedWith: y) < 0 }

    private static func check(_ reference: DecimalRange) throws(Refusal) {
        guard !below(reference.upper, reference.lower) else {
            throw Refusal(description: "each range must be lower:upper with lower ≤ upper")
        }
        guard reference.lower.order(comparedWith: .zero) > 0, below(reference.upper, .one) else {
            throw Refusal(description: "π_ref(a) must stay in (0, 1) on the box")
        }
    }

    public var groupSize: GroupSize? { question?.groupSize }
    public var penalty: Penalty? { question?.penalty }
    public var margin: DecimalNumber? { question?.confidenceMargin }

    /// The point of the box at `(β, π_ref(a))` (β ignored for `β_c`).
    public func point(beta: DecimalNumber?, reference: DecimalNumber) throws -> ConjecturePoint {
        guard let question else { return .threshold(reference: reference) }
        return .binary(try question.with(beta: beta, reference: reference))
    }

    /// `β ∈ [β₀, β₁] × π_ref(a) ∈ [r₀, r₁]`, or `π_ref(a) ∈ [r₀, r₁]`.
    public var description: String { Conjecture.box(beta, reference) }
}

/// The verdict on a box.
public struct DomainVerdict: Sendable {
    public let outcome: PointVerdict.Outcome
    /// Boxes on which the relation was certified, and boxes examined.
    public let certifiedBoxes: Int
    public let examinedBoxes: Int
    /// A certified refutation at a point of the box, if one was found.
    public let counterexample: PointVerdict?
    /// An undecided box and why, when the verdict is undecided.
    public let undecided: String?
    /// For `=`: the exact identity the verdict rests on, or why there is none.
    public var identity: String? = nil
    /// For `=` holding on the box: how far the agreement goes.
    public var agreement: BoxAgreement? = nil
}

/// What an `=` certified on a box says.
public enum BoxAgreement: String, Sendable {
    /// The formula is the quantity at every point of the box, decided exactly.
    case exact
    /// It agrees to the requested digits everywhere and is proved not to be the quantity
    /// exactly (its exact residual is not zero).
    case toDigitsNotExact = "to-digits-not-exact"
    /// It agrees to the requested digits everywhere; whether it is the quantity exactly is not decided.
    case toDigits = "to-digits"
}

/// What a test of one box decided.
enum BoxDecision {
    case holds
    /// Neither: halve the box.
    case split
    case refuted(PointVerdict)
    case undecided(String)
}

extension Conjecture {
    /// Certifies `formula REL quantity` on every point of `domain`, box by box: on a box the
    /// formula is evaluated over the intervals of `β` and `π_ref(a)` and compared with the
    /// quantity's enclosure over the box (`quantityOnBox`); at each undecided box the corner
    /// `(β₁, r₀)` is checked as a point, so a violation there ends the search with a certified
    /// counterexample. For `=`, see `equalityVerdict(on:)`.
    public func verdict(on domain: ConjectureDomain) throws -> DomainVerdict {
        if relation == .equal { return try equalityVerdict(on: domain) }
        let precision = DigitsPolicy(digits: digits).working
        let corner = corners(domain)
        return try searchBoxes(domain) { beta, reference in
            let q: Interval
            switch quantityOnBox(domain, beta, reference, corner: corner, precision: precision) {
            case .success(let onBox): q = onBox.value
            case .failure(.corner(let reason)): return .undecided(reason)
            case .failure(.box): return .split
            }
            if let f = try? boxEnclosure(domain, beta, reference, precision: precision), relation.decide(f, q) == true {
                return .holds
            }
            // The corner (β₁, r₀) as a point; π(a), μ and β_c there are the cached corner value.
            let point = try domain.point(beta: beta?.upper, reference: reference.lower)
            let atPoint = [.policy, .successRate, .betaC].contains(quantity) ? try? corner(beta?.upper, reference.lower).get()
                : try? quantity.enclosure(at: point, digits: digits).get()
            if let f = try? formulaEnclosure(at: point, precision: precision), let atPoint, relation.decide(f, atPoint) == false {
                return .refuted(decide(point, f, atPoint))
            }
            return .split
        }
    }

    /// The formula's variables over the box `β × π_ref(a)` in a number type made from each
    /// variable's interval and index (`beta` 0, `ref` 1); `margin` and `G` are constants.
    func boxValues<T: RealArithmetic>(_ domain: ConjectureDomain, _ beta: DecimalRange?, _ reference: DecimalRange,
                                      precision: Int, _ make: (Interval, Int) -> T) -> [String: T] {
        var values = ["ref": make(Self.interval(reference, precision: precision), 1)]
        if let beta { values["beta"] = make(Self.interval(beta, precision: precision), 0) }
        if let margin = domain.margin { values["margin"] = T(margin, precision: precision) }
        if let g = domain.groupSize?.finiteValue { values["G"] = T(g, precision: precision) }
        return values
    }

    /// The formula over the box `β × π_ref(a)` (`G` at finite G only, as at grid points).
    func boxEnclosure(_ domain: ConjectureDomain, _ beta: DecimalRange?, _ reference: DecimalRange,
                      precision: Int) throws -> Interval {
        try formula.evaluate(boxValues(domain, beta, reference, precision: precision) { x, _ in x },
                             integers: domain.groupSize?.finiteValue.map { ["G": $0] } ?? [:], precision: precision)
    }

    /// The formula and its partial derivatives in `(β, π_ref(a))` over the box.
    func boxGradient(_ domain: ConjectureDomain, _ beta: DecimalRange?, _ reference: DecimalRange,
                     precision: Int) throws -> IntervalGradient {
        try formula.evaluate(boxValues(domain, beta, reference, precision: precision) {
            IntervalGradient.variable($0, index: $1, count: 2)
        }, integers: domain.groupSize?.finiteValue.map { ["G": $0] } ?? [:], precision: precision)
    }

    /// Box by box from the whole of `domain`: a box `decide` neither holds nor refutes is
    /// halved (β geometrically, π_ref(a) evenly, along the relatively wider side), up to
    /// `domain.maximumBoxes` boxes.
    func searchBoxes(_ domain: ConjectureDomain, _ decide: (DecimalRange?, DecimalRange) throws -> BoxDecision) throws -> DomainVerdict {
        let logBetaSpan = domain.beta.map { Self.logRatio($0.lower, $0.upper) } ?? 1
        let referenceSpan = Self.difference(domain.reference.lower, domain.reference.upper)
        var pending = [(domain.beta, domain.reference)]
        var certified = 0, examined = 0
        while let (beta, reference) = pending.popLast() {
            examined += 1
            switch try decide(beta, reference) {
            case .holds:
                certified += 1
                continue
            case .refuted(let counterexample):
                return DomainVerdict(outcome: .refuted, certifiedBoxes: certified, examinedBoxes: examined,
                                     counterexample: counterexample, undecided: nil)
            case .undecided(let reason):
                return DomainVerdict(outcome: .undecided, certifiedBoxes: certified, examinedBoxes: examined,
                                     counterexample: nil, undecided: reason)
            case .split:
                break
            }
            let splitBeta = beta.map { Self.logRatio($0.lower, $0.upper) / logBetaSpan
                > Self.difference(reference.lower, reference.upper) / referenceSpan } ?? false
            let middle = splitBeta ? ConjectureSearch.between(beta!.lower, beta!.upper, geometric: true)
                : ConjectureSearch.between(reference.lower, reference.upper, geometric: false)
            guard examined + pending.count < domain.maximumBoxes, let middle else {
                return DomainVerdict(outcome: .undecided, certifiedBoxes: certified, examinedBoxes: examined, counterexample: nil,
                                     undecided: "undecided on \(Self.box(beta, reference))")
            }
            if let beta, splitBeta {
                pending.append(((beta.lower, middle), reference))
                pending.append(((middle, beta.upper), reference))
            } else {
                pending.append((beta, (reference.lower, middle)))
                pending.append((beta, (middle, reference.upper)))
            }
        }
        return DomainVerdict(outcome: .holds, certifiedBoxes: certified, examinedBoxes: examined, counterexample: nil,
                             undecided: nil)
    }

    static func interval(_ range: DecimalRange, precision: Int) -> Interval {
        Interval(uncheckedLower: range.lower.value(precision: precision, rounding: .down),
                 upper: range.upper.value(precision: precision, rounding: .up), precision: precision)
    }

    static func box(_ beta: DecimalRange?, _ reference: DecimalRange) -> String {
        (beta.map { "β ∈ [\($0.lower), \($0.upper)] × " } ?? "") + "π_ref(a) ∈ [\(reference.lower), \(reference.upper)]"
    }

    /// For choosing which side to split (any choice is correct): `log(b/a)` and `b − a` as doubles.
    static func logRatio(_ a: DecimalNumber, _ b: DecimalNumber) -> Double {
        max((b.value(precision: 64) / a.value(precision: 64)).log().doubleApproximation, 1e-300)
    }

    static func difference(_ a: DecimalNumber, _ b: DecimalNumber) -> Double {
        max((b.value(precision: 64) - a.value(precision: 64)).doubleApproximation, 1e-300)
    }
}
