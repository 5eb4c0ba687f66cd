import GRPOModel
import Verification

/// What `solve` solves, from its flags: a single `--ref` without a reward model is a binary
/// question; a list with a reward model is a question, which is the binary one when it is
/// (`GeneralSetting.binary`: two answers rewarded 1 and 0).
public enum SolveTarget {
    case binary(BinarySetting)
    case question(GeneralSetting)
}

/// The flags of a solve, as given (also as recorded in a JSON provenance).
public struct SolveFlags {
    public var groupSize: String
    public var penalty: String
    public var normalisation: String
    public var beta: String
    public var reference: String
    public var margin: String?
    public var rewards: RewardFlags

    public init(groupSize: String, penalty: String, normalisation: String, beta: String, reference: String,
                margin: String?, rewards: RewardFlags) {
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
                groupSize: Parameters.groupSize(groupSize), penalty: Parameters.penalty(penalty),
                beta: Parameters.decimal(beta, flag: "--beta", in: .positive),
                reference: Parameters.decimal(reference, flag: "--ref", in: .probability),
                margin: Parameters.decimal(margin ?? "1", flag: "--margin", in: .margin),
                normalisation: Parameters.normalisation(normalisation)))
        }
        if margin != nil { throw InputError("--margin", "applies to binary questions; give a reward model instead") }
        let setting = try Parameters.setting(
            Parameters.question(references: reference, rewards: rewards),
            groupSize: Parameters.groupSize(groupSize), penalty: Parameters.penalty(penalty),
            normalisation: Parameters.normalisation(normalisation),
            beta: Parameters.decimal(beta, flag: "--beta", in: .positive))
        return setting.binary.map(SolveTarget.binary) ?? .question(setting)
    }
}
