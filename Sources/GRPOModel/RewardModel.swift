import Multiprecision

/// One reward model: its rules and its expected group-relative preferences. Each model is its
/// own type in its own file (`BernoulliRewards`, `LevelRewards`, `PreferenceMatrix`), built only
/// through throwing initialisers, so a value that exists is valid; adding a model is adding one
/// such file, its flag and its tests.
public protocol RewardRule: Hashable, Sendable {
    /// The number of answers the model describes.
    var answerCount: Int { get }
    /// The model on the answers `kept`, in order.
    func restricted(to kept: [Int]) -> Self
    /// The model as the flags give it, for echoing a setting: JSON keys and rows of decimals.
    var echo: [(key: String, value: [[String]])] { get }
    /// Why the model has no preference at this group size and normalisation (nil when it has).
    func problem(groupSize: GroupSize, normalisation: AdvantageNormalisation) -> RewardModel.Problem?
    /// `P_G(o|π)` and its Jacobian, at a group size and normalisation `problem` accepts.
    func preferences<T: RealArithmetic>(groupSize: GroupSize, normalisation: AdvantageNormalisation,
                                        precision: Int) -> RewardPreferences<T>
}

/// How the rewards of a question's answers are drawn: all that GRPO's advantages see of them.
public struct RewardModel: Hashable, Sendable {
    public let rule: any RewardRule

    public init(_ rule: some RewardRule) { self.rule = rule }

    public static func == (a: RewardModel, b: RewardModel) -> Bool { AnyHashable(a.rule) == AnyHashable(b.rule) }
    public func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(rule)) }

    /// Why a reward model, a question or a setting cannot be built: `subject` says which part
    /// of the input, `field` names the entry, `reason` says what is wrong.
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Subject: Sendable { case rewards, references, groupSize, normalisation, beta }
        public let subject: Subject
        public let field: String
        public let reason: String
        public init(_ subject: Subject = .rewards, field: String, reason: String) {
            self.subject = subject
            self.field = field
            self.reason = reason
        }
        public var description: String { "\(field): \(reason)" }
    }

    public var answerCount: Int { rule.answerCount }
    public func restricted(to kept: [Int]) -> RewardModel { RewardModel(rule.restricted(to: kept)) }
    public var echo: [(key: String, value: [[String]])] { rule.echo }

    /// `s_o` for Bernoulli rewards (nil for the other models): the model's fast path.
    public var successes: [DecimalNumber]? { (rule as? BernoulliRewards)?.successes }

    /// `r_o` when every answer is certain of one reward level (deterministic graded rewards).
    public var gradedRewards: [DecimalNumber]? { (rule as? LevelRewards)?.gradedRewards }

    /// Whether `x ∈ [0, 1]`, decided on the decimal.
    static func isProbability(_ x: DecimalNumber) -> Bool {
        x.order(comparedWith: .zero) >= 0 && x.order(comparedWith: .one) <= 0
    }
}

/// The expected group-relative preference `P_G(o|π)` of every answer of a question, and its
/// Jacobian `∂P_G(o|π)/∂π(o')`, for one reward model at one group size and normalisation
/// (each `RewardRule` builds it). Every normalisation keeps a group's advantages summing to
/// zero, so `E_{o~π}[P_G(o|π)] = 0`.
public struct RewardPreferences<T: RealArithmetic> {
    public let precision: Int
    public let answerCount: Int
    /// A size of the preferences' slope, for a starting learning rate.
    public let scale: T
    /// `P_G(o|π)` at `π` and, when asked, its Jacobian.
    let evaluate: ([T], Bool) -> (values: [T], jacobian: [[T]]?)

    public init(precision: Int, answerCount: Int, scale: T, evaluate: @escaping ([T], Bool) -> (values: [T], jacobian: [[T]]?)) {
        self.precision = precision
        self.answerCount = answerCount
        self.scale = scale
        self.evaluate = evaluate
    }

    /// The preferences of a setting's reward model (valid by construction of `GeneralSetting`).
    public init(_ setting: GeneralSetting, precision: Int) {
        self = setting.question.rewards.rule.preferences(groupSize: setting.groupSize,
                                                         normalisation: setting.normalisation, precision: precision)
    }

    /// `P_G(o|π)` for every answer.
    public func values(at pi: [T]) -> [T] { evaluate(pi, false).values }

    /// `P_G(o|π)` and the Jacobian `∂P_G(o|π)/∂π(o')`.
    public func valuesAndJacobian(at pi: [T]) -> (values: [T], jacobian: [[T]]) {
        let result = evaluate(pi, true)
        return (result.values, result.jacobian!)
    }

    /// The largest row sum of `|∂P_G(o|π)/∂π(o')|` at the uniform policy: the `scale` of the
    /// models without a closer one.
    public static func largestRowSum(precision: Int, answerCount k: Int,
                                     evaluate: ([T], Bool) -> (values: [T], jacobian: [[T]]?)) -> T {
        let uniform = [T](repeating: T(1, precision: precision) / k, count: k)
        let rows = evaluate(uniform, true).jacobian!.map { row in
            row.dropFirst().reduce(row[0].absoluteValue()) { $0 + $1.absoluteValue() }
        }
        return rows.dropFirst().reduce(rows[0]) { $0.approximation < $1.approximation ? $1 : $0 }
    }
}
