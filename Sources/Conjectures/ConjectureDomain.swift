import Certification
import GRPOModel
import Multiprecision

/// A box `β ∈ [β₀, β₁]`, `π_ref(a) ∈ [r₀, r₁]` of binary settings with G = 2 (one margin γ)
/// or G = ∞ (γ = 1), the reverse penalty and the population normalisation, on which an
/// inequality is certified at every point, not only at grid points (an equality is decided
/// exactly instead: `Conjecture.identityVerdict`).
///
/// The enclosure of `π(a)` over a box comes from two corners: the policy increases in
/// `π_ref(a)` and decreases in `β` for every `β > 0`, `0 < π_ref(a) < 1` — at G = 2, (14)
/// (the claims `g2-increasing-in-reference` and `g2-decreasing-in-beta`), at G = ∞, (15)
/// (`large-g-increasing-in-reference`, `large-g-decreasing-in-beta`), each proved on that whole
/// domain by `grpo-verify prove` — so on the box `π(a) ∈ [π(β₁, r₀), π(β₀, r₁)]`, each corner
/// enclosed by interval Newton; with the direct penalty at G = 2 likewise (`direct-kl-g2-monotone`).
/// Boxes must have `β₀ > 0` and `0 < r₀ ≤ r₁ < 1`; other group sizes, penalties and
/// normalisations have no proved monotonicity in the suite and are refused.
public struct ConjectureDomain: Sendable {
    /// `.two` or `.infinite`.
    public let groupSize: GroupSize
    public let beta: (lower: DecimalNumber, upper: DecimalNumber)
    public let reference: (lower: DecimalNumber, upper: DecimalNumber)
    public let margin: DecimalNumber
    /// `.reverse`, or `.direct` at G = 2 (its policy proved monotone: direct-kl-g2-monotone).
    public let penalty: Penalty
    /// Boxes examined before the verdict is given as undecided.
    public var maximumBoxes = 20_000

    /// Why a box is refused.
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// The box, checked exactly on the decimals to lie in the certified domain.
    public init(groupSize: GroupSize = .two, penalty: Penalty = .reverse, beta: (lower: DecimalNumber, upper: DecimalNumber),
                reference: (lower: DecimalNumber, upper: DecimalNumber), margin: DecimalNumber) throws(Refusal) {
        guard penalty == .reverse || groupSize == .two else {
            throw Refusal(description: "the direct penalty has a box only at G = 2, where its policy has a closed form")
        }
        func below(_ x: DecimalNumber, _ y: DecimalNumber) -> Bool { x.order(comparedWith: y) < 0 }
        let (policy, claims) = groupSize == .two ? ("G = 2 policy (14)", ("g2-decreasing-in-beta", "g2-increasing-in-reference"))
            : ("G = ∞ policy (15)", ("large-g-decreasing-in-beta", "large-g-increasing-in-reference"))
        guard groupSize == .two || groupSize == .infinite else {
            throw Refusal(description: "a domain needs --group-size 2 or inf, where the suite certifies that π(a) is monotone")
        }
        guard groupSize == .two || margin.isNumericallyEqual(to: .one) else {
            throw Refusal(description: "G = ∞ has deterministic rewards: the margin must be 1")
        }
        guard !below(beta.upper, beta.lower), !below(reference.upper, reference.lower) else {
            throw Refusal(description: "each range must be lower:upper with lower ≤ upper")
        }
        guard beta.lower.order(comparedWith: .zero) > 0 else {
            throw Refusal(description: "β must be positive on the box: the \(policy) is proved to decrease in β for every "
                          + "β > 0 (claim \(claims.0))")
        }
        guard reference.lower.order(comparedWith: .zero) > 0, below(reference.upper, .one) else {
            throw Refusal(description: "π_ref(a) must stay in (0, 1), where the \(policy) is proved to increase in π_ref(a) "
                          + "(claim \(claims.1))")
        }
        self.groupSize = groupSize
        self.penalty = penalty
        self.beta = beta
        self.reference = reference
        self.margin = margin
    }

    /// The setting of the box at `(β, π_ref(a))`.
    public func setting(beta: DecimalNumber, reference: DecimalNumber) throws -> BinarySetting {
        try BinarySetting(groupSize: groupSize, penalty: penalty, beta: beta, reference: reference, confidenceMargin: margin)
    }
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
    /// For `=` holding on the box: the formula is not π(a) exactly, but agrees with it to the
    /// requested digits at every point (`Conjecture.agreementVerdict`).
    public var approximate = false
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
    /// Certifies `formula REL π(a)` on every point of `domain`, box by box: on a box the
    /// formula is evaluated over the intervals of `β` and `π_ref(a)` and compared with the
    /// corner enclosure of `π(a)`; at each undecided box the corner `(β₁, r₀)` is checked as a
    /// point, so a violation there ends the search with a certified counterexample. For `=`,
    /// the identity is decided exactly instead (`identityVerdict`).
    public func verdict(on domain: ConjectureDomain) throws -> DomainVerdict {
        guard quantity == .policy else {
            throw ConjectureDomain.Refusal(description: "a domain compares the formula with π(a)")
        }
        if relation == .equal { return try identityVerdict(on: domain) }
        let precision = DigitsPolicy(digits: digits).working
        let corner = cornerPolicy(domain)
        return try searchBoxes(domain) { beta, reference in
            guard let low = corner(beta.upper, reference.lower), let high = corner(beta.lower, reference.upper) else {
                return .undecided("π(a) is not certified at a corner of \(Self.box(beta, reference))")
            }
            let q = Interval(uncheckedLower: low.lower, upper: high.upper, precision: precision)
            if let f = try? boxEnclosure(domain, beta, reference, precision: precision), relation.decide(f, q) == true {
                return .holds
            }
            let point = ConjecturePoint.binary(try domain.setting(beta: beta.upper, reference: reference.lower))
            if let f = try? formulaEnclosure(at: point, precision: precision), relation.decide(f, low) == false {
                return .refuted(decide(point, f, low))
            }
            return .split
        }
    }

    /// π(a) certified at a corner `(β, π_ref(a))` of the domain's boxes, each corner computed once.
    func cornerPolicy(_ domain: ConjectureDomain) -> (DecimalNumber, DecimalNumber) -> Interval? {
        var corners: [BinarySetting: Interval] = [:]
        return { beta, reference in
            guard let setting = try? domain.setting(beta: beta, reference: reference) else { return nil }
            if let known = corners[setting] { return known }
            guard case .success(let q) = quantity.enclosure(at: .binary(setting), digits: digits) else { return nil }
            corners[setting] = q
            return q
        }
    }

    /// The formula over the box `β × π_ref(a)` (`G` at finite G only, as at grid points).
    func boxEnclosure(_ domain: ConjectureDomain, _ beta: (lower: DecimalNumber, upper: DecimalNumber),
                      _ reference: (lower: DecimalNumber, upper: DecimalNumber), precision: Int) throws -> Interval {
        let sizeInteger = domain.groupSize.finiteValue.map { ["G": $0] } ?? [:]
        let values: [String: Interval] = [
            "beta": Self.interval(beta, precision: precision), "ref": Self.interval(reference, precision: precision),
            "margin": Interval(domain.margin, precision: precision),
        ]
        return try formula.evaluate(values.merging(sizeInteger.mapValues { Interval($0, precision: precision) }) { $1 },
                                    integers: sizeInteger, precision: precision)
    }

    /// Box by box from the whole of `domain`: a box `decide` neither holds nor refutes is
    /// halved (β geometrically, π_ref(a) evenly, along the relatively wider side), up to
    /// `domain.maximumBoxes` boxes.
    func searchBoxes(_ domain: ConjectureDomain,
                     _ decide: ((lower: DecimalNumber, upper: DecimalNumber), (lower: DecimalNumber, upper: DecimalNumber))
                         throws -> BoxDecision) throws -> DomainVerdict {
        let logBetaSpan = Self.logRatio(domain.beta.lower, domain.beta.upper)
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
            let splitBeta = Self.logRatio(beta.lower, beta.upper) / logBetaSpan
                > Self.difference(reference.lower, reference.upper) / referenceSpan
            let middle = splitBeta ? ConjectureSearch.between(beta.lower, beta.upper, geometric: true)
                : ConjectureSearch.between(reference.lower, reference.upper, geometric: false)
            guard examined + pending.count < domain.maximumBoxes, let middle else {
                return DomainVerdict(outcome: .undecided, certifiedBoxes: certified, examinedBoxes: examined, counterexample: nil,
                                     undecided: "undecided on \(Self.box(beta, reference))")
            }
            if splitBeta {
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

    static func interval(_ range: (lower: DecimalNumber, upper: DecimalNumber), precision: Int) -> Interval {
        Interval(uncheckedLower: range.lower.value(precision: precision, rounding: .down),
                 upper: range.upper.value(precision: precision, rounding: .up), precision: precision)
    }

    static func box(_ beta: (lower: DecimalNumber, upper: DecimalNumber),
                    _ reference: (lower: DecimalNumber, upper: DecimalNumber)) -> String {
        "β ∈ [\(beta.lower), \(beta.upper)] × π_ref(a) ∈ [\(reference.lower), \(reference.upper)]"
    }

    /// For choosing which side to split (any choice is correct): `log(b/a)` and `b − a` as doubles.
    static func logRatio(_ a: DecimalNumber, _ b: DecimalNumber) -> Double {
        max((b.value(precision: 64) / a.value(precision: 64)).log().doubleApproximation, 1e-300)
    }

    static func difference(_ a: DecimalNumber, _ b: DecimalNumber) -> Double {
        max((b.value(precision: 64) - a.value(precision: 64)).doubleApproximation, 1e-300)
    }
}
