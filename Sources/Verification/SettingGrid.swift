import GRPOModel
import Multiprecision

/// A grid of binary settings: every combination of the listed parameters, in the order
/// group size, penalty, β, π_ref(a), γ (the last varying fastest).
///
/// A margin below 1 is defined for groups of two only, and the direct penalty has a
/// verified solution only there, so those combinations are left out for other group sizes.
public struct SettingGrid: Sendable {
    public var groupSizes: [GroupSize]
    public var penalties: [Penalty]
    public var betas: [DecimalNumber]
    public var references: [DecimalNumber]
    public var margins: [DecimalNumber]

    public init(groupSizes: [GroupSize], penalties: [Penalty], betas: [DecimalNumber],
                references: [DecimalNumber], margins: [DecimalNumber]) {
        self.groupSizes = groupSizes
        self.penalties = penalties
        self.betas = betas
        self.references = references
        self.margins = margins
    }

    public var settings: [BinarySetting] {
        var out: [BinarySetting] = []
        for g in groupSizes {
            for penalty in penalties where penalty == .reverse || g == .two {
                for beta in betas {
                    for reference in references {
                        for margin in margins where g == .two || margin.value(precision: 64) == 1 {
                            out.append(BinarySetting(groupSize: g, penalty: penalty, beta: beta,
                                                     reference: reference, confidenceMargin: margin))
                        }
                    }
                }
            }
        }
        return out
    }
}

extension PolicyCheck {
    /// Checks every setting, in order.
    public static func all(_ settings: [BinarySetting], digits: Int,
                           methods: [Method] = Method.allCases) throws -> [PolicyCheck] {
        try settings.map { try PolicyCheck($0, digits: digits, methods: methods) }
    }
}
