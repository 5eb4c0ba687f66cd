import GRPOModel
import Multiprecision
import Verification

/// What `solve` solves, from its flags: a single `--ref` without a reward model is a binary
/// question; a list with a reward model is a question, which is the binary one when it is
/// (`GeneralSetting.binary`: two answers rewarded 1 and 0).
public enum SolveTarget {
    case binary(BinarySetting)
    case question(GeneralSetting)
}

/// The flags of a solve, each checked on its own; `--ref` as given, read by `target()`.
public struct SolveFlags {
    public var groupSize: GroupSize
    public var penalty: Penalty
    public var normalisation: AdvantageNormalisation
    public var beta: DecimalNumber
    public var reference: String
    public var margin: DecimalNumber?
    public var rewards: RewardFlags

    public init(groupSize: GroupSize, penalty: Penalty, normalisation: AdvantageNormalisation, beta: DecimalNumber,
                reference: String, margin: DecimalNumber?, rewards: RewardFlags) {
        self.groupSize = groupSize
        self.penalty = penalty
        self.normalisation = normalisation
        self.beta = beta
        self.reference = reference
        self.margin = margin
        self.rewards = rewards
    }

    public func target() throws -> SolveTarget {
        if rewards.given.isEmpty && !reference.contains(",") {
            return .binary(try SettingRules.setting(
                groupSize: groupSize, penalty: penalty, beta: beta, reference: Parameters.reference(reference),
                margin: margin ?? .one, normalisation: normalisation))
        }
        if margin != nil { throw InputError("--margin", "applies to binary questions; give a reward model instead") }
        let setting = try Parameters.setting(Parameters.question(references: reference, rewards: rewards),
                                             groupSize: groupSize, penalty: penalty, normalisation: normalisation,
                                             beta: beta)
        return setting.binary.map(SolveTarget.binary) ?? .question(setting)
    }
}
