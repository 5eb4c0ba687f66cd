import GRPOModel
import Multiprecision

/// One question under every advantage normalisation and KL penalty, with the RLHF and NLHF
/// baselines, the Bessel identity and the shifts that ε causes.
public struct VariantsAnalysis: Sendable {
    /// One row: a label, a penalty, the policy and how it was checked.
    public struct Row: Sendable {
        public let label: String
        public let penalty: String
        public let policy: [BigFloat]
        /// Digits on which the independent methods agree (nil for the closed-form baselines).
        public let agreementDigits: Int?
        public let decimals: [String]
    }

    /// population (the paper), bessel (divisor G − 1, `torch.std`), and the trainers' defaults:
    /// bessel-eps:1e-4 (TRL: `std(dim=1) + 1e-4`), bessel-eps:1e-6 (verl: `torch.std + 1e-6`),
    /// bessel-eps:1e-9 (OpenRLHF `group_norm`: `std(-1) + 1e-9`), shift (Dr. GRPO).
    public static let normalisations = ["population", "bessel", "bessel-eps:1e-4", "bessel-eps:1e-6",
                                        "bessel-eps:1e-9", "shift"]
    static let besselEquivalentLabel = "population at β√(G/(G−1))"

    public let setting: GeneralSetting
    public let digits: Int
    public let rows: [Row]
    /// Per penalty, the digits to which bessel at β and population at β√(G/(G−1)) agree.
    public let besselIdentityDigits: [(penalty: Penalty, digits: Int)]
    /// Per ε variant and penalty, `max_o |Δπ(o)|` from the same normalisation without ε.
    public let epsilonShifts: [(variant: String, base: String, penalty: Penalty, shift: BigFloat)]
    let checksPassed: Bool

    public var passed: Bool { checksPassed && besselIdentityDigits.allSatisfy { $0.digits >= digits } }

    public init(_ base: GeneralSetting, digits: Int) throws {
        setting = base
        self.digits = digits
        var settings: [(String, GeneralSetting)] = []
        for penalty in Penalty.allCases {
            for name in Self.normalisations {
                var s = base
                s.penalty = penalty
                s.normalisation = AdvantageNormalisation(parsing: name)!
                settings.append((name, s))
            }
            var equivalent = base
            equivalent.penalty = penalty
            equivalent.effectiveBeta = .besselEquivalent
            settings.append((Self.besselEquivalentLabel, equivalent))
        }
        let checks = try orderedMap(settings.map(\.1)) { try GeneralCheck($0, digits: digits) }
        checksPassed = checks.allSatisfy(\.passed)
        var rows = zip(settings, checks).map { entry, check in
            Row(label: entry.0, penalty: entry.1.penalty.rawValue, policy: check.primary.policy,
                agreementDigits: check.agreementDigits, decimals: check.primary.decimals)
        }
        let precision = bitsForDigits(digits, guardBits: 64)
        rows += try MPFRFlags.checking {
            let refs = base.question.references.map { $0.value(precision: precision) }
            let rates = base.question.successes.map { $0.value(precision: precision) }
            let beta = base.beta.value(precision: precision)
            return [("RLHF", PoolingBaseline.rlhf(references: refs, successes: rates, beta: beta)),
                    ("NLHF", PoolingBaseline.nlhf(references: refs, successes: rates, beta: beta))].map { name, policy in
                Row(label: name, penalty: "-", policy: policy, agreementDigits: nil,
                    decimals: policy.map { $0.decimalString(significantDigits: digits) })
            }
        }
        self.rows = rows
        func row(_ label: String, _ penalty: Penalty) -> Row { rows.first { $0.label == label && $0.penalty == penalty.rawValue }! }
        besselIdentityDigits = Penalty.allCases.map { penalty in
            let a = row("bessel", penalty).policy, b = row(Self.besselEquivalentLabel, penalty).policy
            return (penalty, zip(a, b).map { EarnedDigits.agreement($0, $1, cap: digits) }.min() ?? 0)
        }
        epsilonShifts = Self.normalisations.filter { $0.contains("-eps:") }.flatMap { name in
            Penalty.allCases.map { penalty in
                let plain = name.hasPrefix("bessel") ? "bessel" : "population"
                let shift = zip(row(name, penalty).policy, row(plain, penalty).policy).map { ($0 - $1).magnitude }
                    .reduce(BigFloat(0, precision: 64), BigFloat.maximum)
                return (name, plain, penalty, shift)
            }
        }
    }

    /// `max_o |Δπ(o)|` of `row` from the population row with the same penalty (baselines: reverse).
    public func changeFromPopulation(_ row: Row) -> BigFloat {
        let reference = rows.first { $0.label == "population" && $0.penalty == row.penalty } ?? rows[0]
        return zip(row.policy, reference.policy).map { ($0 - $1).magnitude }.reduce(BigFloat(0, precision: 64), BigFloat.maximum)
    }
}
