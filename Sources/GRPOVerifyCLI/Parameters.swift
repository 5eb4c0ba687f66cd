import Foundation
import GRPOModel
import Multiprecision
import Reports
import Verification

/// Parsing and range checks for every flag; the allowed ranges live here and nowhere else.
enum Parameters {
    static let digitsRange = 5...10_000

    /// A decimal number, as the user wrote it, within the flag's range.
    struct Range: Sendable {
        let description: String
        /// Whether a leading minus sign may be written (otherwise even "-0" is refused).
        var signed = false
        /// Decided exactly on the decimal, never on a rounding.
        let contains: @Sendable (DecimalNumber) -> Bool

        /// β > 0.
        static let positive = Range(description: "a decimal number > 0") { above($0, .zero) }
        /// π_ref(a) ∈ [0, 1].
        static let probability = Range(description: "a decimal number in [0, 1]") { !below($0, .zero) && !above($0, .one) }
        /// π_ref(a) ∈ (0, 1).
        static let openProbability = Range(description: "a decimal number in (0, 1)") { above($0, .zero) && below($0, .one) }
        /// Any reward value.
        static let anyDecimal = Range(description: "a decimal number", signed: true) { _ in true }
        /// ε ≥ 0.
        static let nonNegative = Range(description: "a decimal number ≥ 0") { !below($0, .zero) }
        /// γ ∈ (0, 1].
        static let margin = Range(description: "a decimal number in (0, 1]") { above($0, .zero) && !above($0, .one) }

        /// A time limit in seconds, `(0, 10⁶]`.
        static let seconds = Range(description: "a decimal number of seconds in (0, 1000000]") {
            above($0, .zero) && !above($0, try! DecimalNumber("1000000"))
        }

        private static func above(_ x: DecimalNumber, _ bound: DecimalNumber) -> Bool { x.order(comparedWith: bound) > 0 }
        private static func below(_ x: DecimalNumber, _ bound: DecimalNumber) -> Bool { x.order(comparedWith: bound) < 0 }
    }

    static func decimal(_ text: String, flag: String, in range: Range) throws -> DecimalNumber {
        let number: DecimalNumber
        do {
            number = try DecimalNumber(text)
        } catch .exponentOutOfRange {
            throw InputError(flag, "exponent too large in '\(text)'; expected \(range.description)")
        } catch {
            throw InputError(flag, "'\(text)' is not a decimal number; expected \(range.description)")
        }
        guard range.signed || !text.hasPrefix("-"), range.contains(number) else {
            throw InputError(flag, "\(text) is out of range; expected \(range.description)")
        }
        return number
    }

    /// An integer flag within `range`, written plainly (no sign, no leading zeros).
    static func integer(_ text: String, flag: String, in range: ClosedRange<Int>) throws -> Int {
        guard let n = Int(text), String(n) == text, range.contains(n) else {
            throw InputError(flag, "'\(text)' is out of range; expected an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return n
    }

    static func digits(_ text: String) throws -> Int {
        try integer(text, flag: "--digits", in: digitsRange)
    }

    /// Significant digits of a figure's plotted values.
    static let figureDigitsRange = 3...30

    static func figureDigits(_ text: String) throws -> Int {
        try integer(text, flag: "--digits", in: figureDigitsRange)
    }

    /// An output folder (`--out`): any non-empty path.
    static func folder(_ text: String) throws -> URL {
        guard !text.isEmpty else { throw InputError("--out", "expected a folder path") }
        return URL(fileURLWithPath: text, isDirectory: true)
    }

    static let threadsRange = 1...1024

    static func threads(_ text: String) throws -> Int {
        try integer(text, flag: "--threads", in: threadsRange)
    }

    static func groupSize(_ text: String) throws -> GroupSize {
        if text == "inf" { return .infinite }
        guard let g = Int(text), String(g) == text, g >= 2, g <= GroupSize.maximumFinite else {
            throw InputError("--group-size", "'\(text)' is out of range; expected an integer in "
                             + "2…\(GroupSize.maximumFinite) or 'inf'")
        }
        return .finite(g)
    }

    static func penalty(_ text: String) throws -> Penalty {
        guard let p = Penalty(rawValue: text) else {
            throw InputError("--penalty", "'\(text)' is not one of: reverse, direct")
        }
        return p
    }

    /// A value of a closed set of names (`--format`, `--method`).
    static func choice<T: RawRepresentable>(_ text: String, flag: String, among all: [T]) throws -> T
    where T.RawValue == String {
        guard let value = all.first(where: { $0.rawValue == text }) else {
            throw InputError(flag, "'\(text)' is not one of: " + all.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// A comma-separated list; each item is parsed by `item`. Empty items are errors.
    static func list<T>(_ text: String, flag: String, _ item: (String) throws -> [T]) throws -> [T] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else {
            throw InputError(flag, "empty item in list '\(text)'")
        }
        return try parts.flatMap(item)
    }

    /// A grid axis: `a,b,c` and ranges `start:stop:step` (inclusive), counted exactly and
    /// refused beyond `maximumGridPoints` before any value is listed.
    static func decimalGrid(_ text: String, flag: String, in range: Range) throws -> DecimalAxis {
        let axis = DecimalAxis(try list(text, flag: flag) { item -> [DecimalAxis.Item] in
            guard item.contains(":") else { return [.value(try decimal(item, flag: flag, in: range))] }
            let bounds = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard bounds.count == 3 else {
                throw InputError(flag, "range '\(item)' must be start:stop:step")
            }
            let exact: ExactDecimalRange
            do {
                exact = try ExactDecimalRange(bounds[0], bounds[1], bounds[2])
            } catch ExactDecimalRange.Problem.unrepresentableBound(let bound) {
                throw InputError(flag, "range '\(item)': bound '\(bound)' must be a plain decimal, and every "
                                 + "bound must fit in \(ExactDecimalRange.maximumSignificantDigits) digits "
                                 + "at the range's common number of decimal places")
            } catch {
                throw InputError(flag, "range '\(item)' needs step > 0 and stop ≥ start")
            }
            for bound in [bounds[0], bounds[1]] { _ = try decimal(bound, flag: flag, in: range) }
            return [.range(exact)]
        })
        guard let count = axis.count, count <= maximumGridPoints else {
            throw InputError(flag, "'\(text)' has \(axis.count.map(String.init) ?? "too many") values; "
                             + "at most \(maximumGridPoints)")
        }
        return axis
    }

    /// A question with Bernoulli rewards: `--ref` and `--success` lists (`question(_:)`).
    static func question(references: String, successes: String) throws -> Question {
        try question(references: references, rewards: RewardFlags(success: successes))
    }

    /// A question: a `--ref` list of `2…maximumAnswers` probabilities summing to exactly 1 (an
    /// answer the reference never gives keeps π(o) = 0, as for a binary question) and exactly
    /// one reward model — `--success`, `--rewards`, `--reward-levels` with
    /// `--reward-probabilities`, or `--preference` — with one entry (row) per answer.
    static func question(references: String, rewards flags: RewardFlags) throws -> Question {
        let refs = try list(references, flag: "--ref") { [try decimal($0, flag: "--ref", in: .probability)] }
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

    /// The reward flags of a question, as given.
    struct RewardFlags {
        var success: String?
        var rewards: String?
        var levels: String?
        var probabilities: String?
        var preference: String?

        var given: [String] {
            [("--success", success), ("--rewards", rewards), ("--reward-levels", levels),
             ("--reward-probabilities", probabilities), ("--preference", preference)].compactMap { $0.1 == nil ? nil : $0.0 }
        }
    }

    /// The reward model the flags describe, and the flag that describes it.
    static func rewardModel(_ f: RewardFlags, answers: Int) throws -> (RewardModel, String) {
        let choices = "--success, --rewards, --reward-levels with --reward-probabilities, or --preference"
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
            default:
                let matrix = try rows(f.preference!, flag, in: .probability)
                return (try .preference(matrix), flag)
            }
        } catch let error as RewardModel.Problem {
            throw InputError(flag, "\(error.field): \(error.reason)")
        }
    }

    /// What `solve` solves, from its flags: a single `--ref` without a reward model is a binary
    /// question; a list with a reward model is a question, which is the binary one when it is
    /// (`GeneralSetting.binary`: two answers rewarded 1 and 0).
    enum SolveTarget {
        case binary(BinarySetting)
        case question(GeneralSetting)
    }

    /// The flags of a solve, as given (also as recorded in a JSON provenance).
    struct SolveFlags {
        var groupSize: String
        var penalty: String
        var normalisation: String
        var beta: String
        var reference: String
        var margin: String?
        var rewards: RewardFlags

        /// The reward flags given, as provenance keys and their text.
        var rewardEcho: [(key: String, value: String)] {
            [("success", rewards.success), ("rewards", rewards.rewards), ("reward_levels", rewards.levels),
             ("reward_probabilities", rewards.probabilities), ("preference", rewards.preference)]
                .compactMap { key, value in value.map { (key: key, value: $0) } }
        }

        static let rewardKeys = ["success", "rewards", "reward_levels", "reward_probabilities", "preference"]

        func target() throws -> SolveTarget {
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

    /// A setting of a question: the reward model's rules on the group size and normalisation
    /// (`GeneralSetting`) reported on the flag they concern.
    static func setting(_ question: Question, groupSize: GroupSize, penalty: Penalty,
                        normalisation: AdvantageNormalisation, beta: DecimalNumber) throws -> GeneralSetting {
        do {
            return try GeneralSetting(question: question, groupSize: groupSize, penalty: penalty,
                                      normalisation: normalisation, beta: beta)
        } catch {
            let flag = switch error.subject {
            case .groupSize: "--group-size"
            case .normalisation: "--normalisation"
            case .references: "--ref"
            case .rewards: "--preference"
            }
            throw InputError(flag, error.reason)
        }
    }

    static let maximumAnswers = 1_000

    static func normalisation(_ text: String) throws -> AdvantageNormalisation {
        guard let n = AdvantageNormalisation(parsing: text) else {
            throw InputError("--normalisation", "'\(text)' is not one of: population, bessel, "
                             + "population-eps:<ε>, bessel-eps:<ε> (ε > 0), shift")
        }
        return n
    }

    /// `--shard i/n`: this run computes rows `k` with `k mod n = i − 1` of the grid.
    static func shard(_ text: String?) throws -> Shard? {
        guard let text else { return nil }
        guard let shard = Shard(text) else {
            throw InputError("--shard", "'\(text)' is not i/n with integers 1 ≤ i ≤ n")
        }
        return shard
    }

    /// The largest number of points one grid may have.
    static let maximumGridPoints = 1_000_000

    /// The settings of a grid, counted before any is listed: at most `maximumGridPoints`.
    static func settings(of grid: SettingGrid) throws -> [BinarySetting] {
        guard let count = grid.count, count <= maximumGridPoints else {
            throw InputError("--ref", "the grid has \(grid.count.map(String.init) ?? "too many") points; "
                             + "at most \(maximumGridPoints)")
        }
        guard count > 0 else {
            throw InputError("--margin", "no grid point left: margins below 1 and the direct penalty need --group-size 2")
        }
        return grid.settings
    }
}
