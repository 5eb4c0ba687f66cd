import GRPOModel
import Multiprecision
import Verification

/// The combination rules of a binary setting, checked before anything is computed.
public enum SettingRules {
    public static func setting(groupSize: GroupSize, penalty: Penalty, beta: DecimalNumber,
                               reference: DecimalNumber, margin: DecimalNumber,
                               normalisation: AdvantageNormalisation = .population) throws -> BinarySetting {
        do {
            return try BinarySetting(groupSize: groupSize, penalty: penalty, beta: beta,
                                     reference: reference, confidenceMargin: margin, normalisation: normalisation)
        } catch {
            throw InputError("--" + error.field, error.reason)
        }
    }

    /// The grid of `table`'s flags (comma lists of values and ranges).
    public static func grid(groupSize: String, penalty: String, beta: String, reference: String,
                            margin: String) throws -> SettingGrid {
        try SettingGrid(
            groupSizes: Parameters.groupSizes(groupSize),
            penalties: Parameters.penalties(penalty),
            betas: Parameters.betaGrid(beta),
            references: Parameters.referenceGrid(reference),
            margins: Parameters.marginGrid(margin))
    }

    /// Every setting must have a method to run: `--method closed-form` alone needs a closed form.
    public static func requireMethod<Settings: Collection<BinarySetting>>(_ methods: [Method], forEachOf settings: Settings) throws {
        guard methods == [.closedForm],
              let setting = settings.first(where: { !Method.closedForm.applies(to: $0) }) else { return }
        throw InputError("--method", "the paper gives no closed form for G = \(setting.groupSize) "
                         + "with the \(setting.penalty.rawValue) penalty; use newton, bisection or grpo")
    }

    /// The methods named by `--method` (a comma list, or `all`).
    public static func methods(_ text: String) throws -> [Method] {
        if text == "all" { return Method.allCases }
        return try Parameters.list(text, flag: "--method") { item in
            guard let m = Method(rawValue: item) else {
                throw InputError("--method", "'\(item)' is not one of: "
                                 + (Method.allCases.map(\.rawValue) + ["all"]).joined(separator: ", "))
            }
            return [m]
        }
    }

    /// The methods named by `--method` for a question's settings (a comma list, or `all`: those
    /// that apply to every setting); each named method must apply to every setting.
    public static func methods(_ text: String, for settings: [GeneralSetting]) throws -> [GeneralMethod] {
        let methods: [GeneralMethod] = text == "all" ? GeneralMethod.allCases.filter { m in settings.allSatisfy(m.applies) }
            : try Parameters.list(text, flag: "--method") {
                [try Parameters.choice($0, flag: "--method", among: GeneralMethod.allCases)]
            }
        if let unfit = methods.first(where: { m in settings.contains { !m.applies(to: $0) } }) {
            throw InputError("--method", "\(unfit.rawValue) needs Bernoulli rewards (--success); use grpo or continuation")
        }
        return methods
    }
}
