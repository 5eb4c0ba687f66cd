import GRPOModel
import Reports
import Verification

/// The grid of a question's table: one question (`--ref` list and a reward model) over group
/// sizes, penalties and β, with the methods and the shard; counted before any setting is built.
public struct QuestionGrid: Sendable {
    public let answers: Int
    public let settings: [GeneralSetting]
    public let methods: [GeneralMethod]
    public let shard: Shard?

    public init(reference: String, rewards: RewardFlags, groupSize: String, penalty: String, normalisation: String,
                beta: String, method: String, shard: String?) throws {
        let question = try Parameters.question(references: reference, rewards: rewards)
        let all = try Self.settings(question, normalisation: Parameters.normalisation(normalisation),
                                    groupSizes: Parameters.groupSizes(groupSize), penalties: Parameters.penalties(penalty),
                                    betas: Parameters.decimalGrid(beta, flag: "--beta", in: .positive))
        methods = try SettingRules.methods(method, for: all)
        self.shard = try Parameters.shard(shard)
        answers = question.count
        settings = self.shard?.rows(of: all) ?? all
    }

    /// Every setting of `question` at the group sizes, penalties and β, at most `Parameters.maximumGridPoints`.
    public static func settings(_ question: Question, normalisation: AdvantageNormalisation, groupSizes: [GroupSize],
                                penalties: [Penalty], betas: DecimalAxis) throws -> [GeneralSetting] {
        guard let count = betas.count, count * groupSizes.count * penalties.count <= Parameters.maximumGridPoints else {
            throw InputError("--beta", "the grid has too many points; at most \(Parameters.maximumGridPoints)")
        }
        return try groupSizes.flatMap { g in
            try penalties.flatMap { p in
                try betas.values.map { b in
                    try Parameters.setting(question, groupSize: g, penalty: p, normalisation: normalisation, beta: b)
                }
            }
        }
    }

    public func checks(digits: Int, threads: Int = defaultThreads, progress: (@Sendable () -> Void)? = nil) throws -> [GeneralCheck] {
        let methods = self.methods
        return try orderedMap(settings, threads: threads, progress: progress) {
            try GeneralCheck($0, digits: digits, methods: methods)
        }
    }
}
