import Multiprecision

/// The number `G` of outputs GRPO samples per question.
public enum GroupSize: Hashable, Sendable, CustomStringConvertible {
    /// A finite group, `G ≥ 2`.
    case finite(Int)
    /// The large-group limit `G → ∞` (13).
    case infinite

    /// Groups of two, where the advantage is `sign(r_i − r_j)` (12).
    public static let two = GroupSize.finite(2)

    /// The largest finite `G` the exact sums accept.
    public static let maximumFinite = 10_000_000

    public var description: String {
        switch self {
        case .finite(let g): String(g)
        case .infinite: "inf"
        }
    }

    /// `G` for a finite group.
    public var finiteValue: Int? {
        if case .finite(let g) = self { return g }
        return nil
    }
}

/// How the policy is pulled back to the reference policy.
public enum Penalty: String, Hashable, Sendable, CaseIterable {
    /// GRPO's penalty: the k3 estimator of the reverse KL divergence, sampled from `π_old`.
    case reverse
    /// The importance-weighted estimator of the KL divergence `KL(π ‖ π_ref)` (Section 3).
    case direct
}

/// One binary question and one GRPO configuration: everything that fixes a stationary policy.
///
/// Two answers `a` (better) and `b`; `π_ref(a) = reference`; the confidence margin
/// `γ = P(a ≻ b) − P(b ≻ a)`. A margin below 1 describes stochastic preferences and is
/// defined for groups of two only (larger groups need the rewards' distributions);
/// `G ≠ 2` therefore requires `γ = 1`, the deterministic rewards `r(a) = 1`, `r(b) = 0`.
///
/// Built only through the throwing initialiser, which applies these rules (`problem`): a
/// setting that breaks them is not representable.
public struct BinarySetting: Hashable, Sendable {
    public let groupSize: GroupSize
    public let penalty: Penalty
    /// The regularisation strength `β > 0`.
    public let beta: DecimalNumber
    /// `π_ref(a) ∈ [0, 1]`.
    public let reference: DecimalNumber
    /// The confidence margin `γ ∈ (0, 1]`.
    public let confidenceMargin: DecimalNumber
    /// How group rewards become advantages; the paper's (2) is `population`.
    public let normalisation: AdvantageNormalisation

    /// True when `π_ref(a) ∈ {0, 1}`: then `π(a) = π_ref(a)` (an answer outside the reference
    /// support stays outside; a certain answer stays certain).
    public var referenceIsOutsideTheOpenInterval: Bool {
        reference.isZero || reference.isNumericallyEqual(to: .one)
    }

    /// Why no binary setting has this group size, penalty and margin (nil when one has): the
    /// direct penalty's closed forms are for groups of two, and a margin below 1 describes
    /// stochastic preferences, defined for groups of two only.
    public static func problem(groupSize: GroupSize, penalty: Penalty, margin: DecimalNumber) -> RewardModel.Problem? {
        if penalty == .direct && groupSize != .two {
            return RewardModel.Problem(.groupSize, field: "penalty",
                                       reason: "direct is supported with --group-size 2 only (got \(groupSize))")
        }
        if groupSize != .two && !margin.isNumericallyEqual(to: .one) {
            return RewardModel.Problem(.groupSize, field: "margin", reason: "a margin below 1 is defined for --group-size 2 only "
                                       + "(got --group-size \(groupSize)); larger groups use deterministic rewards")
        }
        return nil
    }

    /// Throws unless `2 ≤ G ≤ GroupSize.maximumFinite` (or `G = ∞`), `β > 0`, `π_ref(a) ∈ [0, 1]`,
    /// `γ ∈ (0, 1]` (decided on the decimals) and the group size, penalty and margin combine (`problem`).
    public init(groupSize: GroupSize, penalty: Penalty = .reverse, beta: DecimalNumber,
                reference: DecimalNumber, confidenceMargin: DecimalNumber,
                normalisation: AdvantageNormalisation = .population) throws(RewardModel.Problem) {
        if let problem = GroupSize.problem(groupSize, beta: beta) { throw problem }
        guard RewardModel.isProbability(reference) else {
            throw RewardModel.Problem(.references, field: "ref", reason: "π_ref(a) must lie in [0, 1] (got \(reference))")
        }
        guard confidenceMargin.order(comparedWith: .zero) > 0, confidenceMargin.order(comparedWith: .one) <= 0 else {
            throw RewardModel.Problem(.rewards, field: "margin", reason: "γ must lie in (0, 1] (got \(confidenceMargin))")
        }
        if let problem = Self.problem(groupSize: groupSize, penalty: penalty, margin: confidenceMargin) { throw problem }
        self.normalisation = normalisation
        self.groupSize = groupSize
        self.penalty = penalty
        self.beta = beta
        self.reference = reference
        self.confidenceMargin = confidenceMargin
    }

    /// This setting with some of its choices replaced, under the same rules.
    public func with(beta: DecimalNumber? = nil, reference: DecimalNumber? = nil,
                     normalisation: AdvantageNormalisation? = nil) throws(RewardModel.Problem) -> BinarySetting {
        try BinarySetting(groupSize: groupSize, penalty: penalty, beta: beta ?? self.beta, reference: reference ?? self.reference,
                          confidenceMargin: confidenceMargin, normalisation: normalisation ?? self.normalisation)
    }
}

extension GroupSize {
    /// Why no setting has this group size and `β` (nil when one has): a finite `G` lies in
    /// `2…maximumFinite`, and `β > 0`.
    static func problem(_ groupSize: GroupSize, beta: DecimalNumber) -> RewardModel.Problem? {
        if case .finite(let g) = groupSize, g < 2 || g > maximumFinite {
            return RewardModel.Problem(.groupSize, field: "group-size", reason: "G must lie in 2…\(maximumFinite) or be ∞ (got \(g))")
        }
        if beta.order(comparedWith: .zero) <= 0 {
            return RewardModel.Problem(.beta, field: "beta", reason: "β must be > 0 (got \(beta))")
        }
        return nil
    }
}
