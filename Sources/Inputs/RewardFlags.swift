import GRPOModel
import Multiprecision

/// The reward flags of a question, as given.
public struct RewardFlags: Sendable {
    public var success: String?
    public var rewards: String?
    public var levels: String?
    public var probabilities: String?
    public var preference: String?
    public var bradleyTerry: String?

    public init(success: String? = nil, rewards: String? = nil, levels: String? = nil, probabilities: String? = nil,
                preference: String? = nil, bradleyTerry: String? = nil) {
        self.success = success
        self.rewards = rewards
        self.levels = levels
        self.probabilities = probabilities
        self.preference = preference
        self.bradleyTerry = bradleyTerry
    }

    /// The flags given, by name.
    public var given: [String] {
        [("--success", success), ("--rewards", rewards), ("--reward-levels", levels),
         ("--reward-probabilities", probabilities), ("--preference", preference), ("--bradley-terry", bradleyTerry)]
            .compactMap { $0.1 == nil ? nil : $0.0 }
    }

    /// The provenance keys of the reward flags, in the order they are recorded.
    public static let keys = ["success", "rewards", "reward_levels", "reward_probabilities", "preference", "bradley_terry"]

    /// The flags a provenance records: `value(key)` for each of `keys`.
    public init(provenance value: (String) throws -> String?) rethrows {
        self.init(success: try value(Self.keys[0]), rewards: try value(Self.keys[1]), levels: try value(Self.keys[2]),
                  probabilities: try value(Self.keys[3]), preference: try value(Self.keys[4]),
                  bradleyTerry: try value(Self.keys[5]))
    }

    /// The flags given, as provenance keys and their text.
    public var provenance: [(key: String, value: String)] {
        zip(Self.keys, [success, rewards, levels, probabilities, preference, bradleyTerry])
            .compactMap { key, value in value.map { (key: key, value: $0) } }
    }
}

extension Parameters {
    public static let maximumAnswers = 1_000

    /// A question with Bernoulli rewards: `--ref` and `--success` lists (`question(_:)`).
    public static func question(references: String, successes: String) throws -> Question {
        try question(references: references, rewards: RewardFlags(success: successes))
    }

    /// A question: a `--ref` list of `2…maximumAnswers` probabilities summing to exactly 1 (an
    /// answer the reference never gives keeps π(o) = 0, as for a binary question) and exactly
    /// one reward model — `--success`, `--rewards`, `--reward-levels` with
    /// `--reward-probabilities`, `--preference` or `--bradley-terry` — with one entry (row) per answer.
    public static func question(references: String, rewards flags: RewardFlags) throws -> Question {
        let refs = try list(references, flag: "--ref") { [try reference($0)] }
        guard (2...maximumAnswers).contains(refs.count) else {
            throw InputError("--ref", "has \(refs.count) entries; expected 2…\(maximumAnswers) answers")
        }
        let (rewards, flag) = try rewardModel(flags, answers: refs.count)
        do {
            return try Question(references: refs, rewards: rewards)
        } catch {
            throw InputError(error.subject == .references ? "--ref" : flag, error.reason)
        }
    }

    /// The reward model the flags describe, and the flag that describes it.
    static func rewardModel(_ f: RewardFlags, answers: Int) throws -> (RewardModel, String) {
        let choices = "--success, --rewards, --reward-levels with --reward-probabilities, --preference or --bradley-terry"
        let given = f.given.filter { $0 != "--reward-probabilities" }
        guard given.count == 1 else {
            throw InputError(given.count > 1 ? given[1] : "--success",
                             given.count > 1 ? "cannot be combined with \(given[0]): give one reward model"
                                             : "a list of --ref values needs one reward model: \(choices)")
        }
        func rows(_ text: String, _ flag: String, in range: Range) throws -> [[DecimalNumber]] {
            let rows = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            guard rows.count == answers else {
                throw InputError(flag, "has \(rows.count) rows; expected one per answer (\(answers)), separated by ';'")
            }
            return try rows.map { row in try list(row, flag: flag) { [try decimal($0, flag: flag, in: range)] } }
        }
        func entries(_ values: [DecimalNumber], _ flag: String) throws -> [DecimalNumber] {
            guard values.count == answers else {
                throw InputError(flag, "has \(values.count) entries but --ref has \(answers); expected one per answer")
            }
            return values
        }
        let flag = given[0]
        do {
            switch flag {
            case "--success":
                let s = try list(f.success!, flag: flag) { [try decimal($0, flag: flag, in: .probability)] }
                return (try .bernoulli(try entries(s, flag)), flag)
            case "--rewards":
                let r = try list(f.rewards!, flag: flag) { [try decimal($0, flag: flag, in: .anyDecimal)] }
                return (.graded(try entries(r, flag)), flag)
            case "--reward-levels":
                guard let probabilities = f.probabilities else {
                    throw InputError("--reward-probabilities", "required with --reward-levels: one row \"q_1,…,q_L\" per answer, rows separated by ';'")
                }
                let levels = try list(f.levels!, flag: flag) { [try decimal($0, flag: flag, in: .anyDecimal)] }
                let table = try rows(probabilities, "--reward-probabilities", in: .probability)
                do {
                    return (try .distribution(levels: levels, probabilities: table), flag)
                } catch {
                    throw InputError(error.field == "levels" ? flag : "--reward-probabilities", "\(error.field): \(error.reason)")
                }
            case "--bradley-terry":
                let w = try list(f.bradleyTerry!, flag: flag) { [try decimal($0, flag: flag, in: .positive)] }
                return (try .bradleyTerry(try entries(w, flag)), flag)
            default:
                let matrix = try rows(f.preference!, flag, in: .probability)
                return (try .preference(matrix), flag)
            }
        } catch let error as RewardModel.Problem {
            throw InputError(flag, "\(error.field): \(error.reason)")
        }
    }

    /// A setting of a question: the reward model's rules on the group size and normalisation
    /// (`GeneralSetting`) reported on the flag they concern.
    public static func setting(_ question: Question, groupSize: GroupSize, penalty: Penalty,
                               normalisation: AdvantageNormalisation, beta: DecimalNumber) throws -> GeneralSetting {
        do {
            return try GeneralSetting(question: question, groupSize: groupSize, penalty: penalty,
                                      normalisation: normalisation, beta: beta)
        } catch {
            let flag = switch error.subject {
            case .groupSize: "--group-size"
            case .beta: "--beta"
            case .normalisation: "--normalisation"
            case .references: "--ref"
            case .rewards: "--preference"
            }
            throw InputError(flag, error.reason)
        }
    }
}
