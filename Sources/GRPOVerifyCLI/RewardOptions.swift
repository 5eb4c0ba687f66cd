import ArgumentParser
import GRPOModel
import Multiprecision

/// The flags that give a question's reward model; at most one kind at a time.
struct RewardOptions: ParsableArguments {
    @Option(help: "Bernoulli rewards: success probabilities s_o in [0, 1], one per --ref entry.")
    var success: String?
    @Option(help: "Deterministic graded rewards r_o (any decimals, ties allowed), one per --ref entry.")
    var rewards: String?
    @Option(name: .customLong("reward-levels"), help: "Reward levels v_1,…,v_L (distinct decimals), with --reward-probabilities.")
    var rewardLevels: String?
    @Option(name: .customLong("reward-probabilities"),
            help: "Per answer, the probabilities of the reward levels: \"q_11,…,q_1L;…;q_K1,…,q_KL\" (rows sum to 1).")
    var rewardProbabilities: String?
    @Option(help: "Groups of two: P(o_i ≻ o_j) as \"P_11,…,P_1K;…;P_K1,…,P_KK\", P_ij + P_ji ≤ 1 (the rest ties).")
    var preference: String?

    /// The most reward levels a distribution may have.
    static let maximumLevels = 100

    /// Whether any reward flag was given.
    var isGiven: Bool { [success, rewards, rewardLevels, rewardProbabilities, preference].contains { $0 != nil } }

    /// The reward model of a question with `answers` answers, or nil when no reward flag was given.
    func model(answers: Int) throws -> RewardModel? {
        let given = [("--success", success), ("--rewards", rewards), ("--reward-levels", rewardLevels ?? rewardProbabilities),
                     ("--preference", preference)].filter { $0.1 != nil }
        guard let (flag, _) = given.first else { return nil }
        guard given.count == 1 else {
            throw InputError(given[1].0, "cannot be combined with \(flag): give one reward model")
        }
        do {
            if let success {
                return try .bernoulli(try answerList(success, flag: "--success", answers: answers, in: .probability))
            }
            if let rewards {
                return .graded(try answerList(rewards, flag: "--rewards", answers: answers, in: .any))
            }
            if let preference {
                return try .preference(try matrix(preference, flag: "--preference", rows: answers, columns: answers))
            }
            guard let rewardLevels else { throw InputError("--reward-levels", "required with --reward-probabilities") }
            guard let rewardProbabilities else { throw InputError("--reward-probabilities", "required with --reward-levels") }
            let levels = try Parameters.list(rewardLevels, flag: "--reward-levels") {
                [try Parameters.decimal($0, flag: "--reward-levels", in: .any)]
            }
            guard (2...Self.maximumLevels).contains(levels.count) else {
                throw InputError("--reward-levels", "has \(levels.count) levels; expected 2…\(Self.maximumLevels)")
            }
            let rows = try matrix(rewardProbabilities, flag: "--reward-probabilities", rows: answers, columns: levels.count)
            return try .distribution(levels: levels, probabilities: rows)
        } catch let problem as RewardModel.Problem {
            throw InputError(flag == "--reward-levels" ? "--reward-probabilities" : flag, problem.description)
        }
    }

    /// One decimal per answer.
    private func answerList(_ text: String, flag: String, answers: Int, in range: Parameters.Range) throws -> [DecimalNumber] {
        let items = try Parameters.list(text, flag: flag) { [try Parameters.decimal($0, flag: flag, in: range)] }
        guard items.count == answers else {
            throw InputError(flag, "has \(items.count) entries but --ref has \(answers); expected one per answer")
        }
        return items
    }

    /// `rows` rows of `columns` decimals in [0, 1], rows separated by `;`, counted before parsing.
    private func matrix(_ text: String, flag: String, rows: Int, columns: Int) throws -> [[DecimalNumber]] {
        let lines = text.split(separator: ";", omittingEmptySubsequences: false)
        guard lines.count == rows else {
            throw InputError(flag, "has \(lines.count) rows; expected \(rows), one per answer, separated by ';'")
        }
        return try lines.enumerated().map { i, line in
            let row = try Parameters.list(String(line), flag: flag) { [try Parameters.decimal($0, flag: flag, in: .probability)] }
            guard row.count == columns else {
                throw InputError(flag, "row \(i + 1) has \(row.count) entries; expected \(columns)")
            }
            return row
        }
    }
}
