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

    public init(question: Question, groupSizes: [GroupSize], penalties: [Penalty], normalisation: AdvantageNormalisation,
                betas: DecimalAxis, method: String, shard: Shard?) throws {
        let all = try Self.settings(question, normalisation: normalisation, groupSizes: groupSizes, penalties: penalties,
                                    betas: betas)
        methods = try SettingRules.methods(method, for: all)
        self.shard = shard
        answers = question.count
        settings = shard?.rows(of: all) ?? all
    }

    /// The grid of flags as given (a table's provenance, the report's questions).
    public init(reference: String, rewards: RewardFlags, groupSize: String, penalty: String, normalisation: String,
                beta: String, method: String, shard: String?) throws {
        try self.init(question: Parameters.question(references: reference, rewards: rewards),
                      groupSizes: Parameters.groupSizes(groupSize), penalties: Parameters.penalties(penalty),
                      normalisation: Parameters.normalisation(normalisation), betas: Parameters.betaGrid(beta),
                      method: method, shard: Parameters.shard(shard))
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
        try StationaryPolicy.solve(settings, digits: digits, methods: methods, threads: threads, progress: progress)
    }
}
