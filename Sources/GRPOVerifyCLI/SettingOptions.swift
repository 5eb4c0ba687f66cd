import GRPOModel
import Multiprecision
import Verification

/// The combination rules of a binary setting, checked before anything is computed.
enum SettingRules {
    static func setting(groupSize: GroupSize, penalty: Penalty, beta: DecimalNumber,
                        reference: DecimalNumber, margin: DecimalNumber,
                        normalisation: AdvantageNormalisation = .population) throws -> BinarySetting {
        if let problem = BinarySetting.problem(groupSize: groupSize, penalty: penalty, margin: margin) {
            throw InputError("--" + problem.field, problem.reason)
        }
        return BinarySetting(groupSize: groupSize, penalty: penalty, beta: beta,
                             reference: reference, confidenceMargin: margin, normalisation: normalisation)
    }

    /// The grid of `table`'s flags (comma lists of values and ranges).
    static func grid(groupSize: String, penalty: String, beta: String, reference: String,
                     margin: String) throws -> SettingGrid {
        try SettingGrid(
            groupSizes: Parameters.list(groupSize, flag: "--group-size") { [try Parameters.groupSize($0)] },
            penalties: Parameters.list(penalty, flag: "--penalty") { [try Parameters.penalty($0)] },
            betas: Parameters.decimalGrid(beta, flag: "--beta", in: .positive),
            references: Parameters.decimalGrid(reference, flag: "--ref", in: .probability),
            margins: Parameters.decimalGrid(margin, flag: "--margin", in: .margin))
    }

    /// Every setting must have a method to run: `--method closed-form` alone needs a closed form.
    static func requireMethod(_ methods: [Method], forEachOf settings: [BinarySetting]) throws {
        guard methods == [.closedForm],
              let setting = settings.first(where: { !Method.closedForm.applies(to: $0) }) else { return }
        throw InputError("--method", "the paper gives no closed form for G = \(setting.groupSize) "
                         + "with the \(setting.penalty.rawValue) penalty; use newton, bisection or grpo")
    }

    /// The methods named by `--method` (a comma list, or `all`).
    static func methods(_ text: String) throws -> [Method] {
        if text == "all" { return Method.allCases }
        return try Parameters.list(text, flag: "--method") { item in
            guard let m = Method(rawValue: item) else {
                throw InputError("--method", "'\(item)' is not one of: "
                                 + (Method.allCases.map(\.rawValue) + ["all"]).joined(separator: ", "))
            }
            return [m]
        }
    }
}
