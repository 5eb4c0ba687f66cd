import ArgumentParser
import GRPOModel
import Multiprecision
import Reports
import Verification

struct Variants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One question under every advantage normalisation and KL penalty, with RLHF and NLHF.",
        discussion: """
            Rows: population (the paper), bessel (divisor G − 1: TRL, verl, OpenRLHF, oat), \
            bessel-eps:1e-4 (TRL), population-eps:1e-6 (verl), shift (Dr. GRPO), each with the \
            reverse and the direct KL penalty; population at β·sqrt(G/(G − 1)), which must equal \
            bessel at β; and the RLHF and NLHF closed forms. Exit status 1 if a row's methods \
            disagree or the Bessel identity fails within --digits, 2 on bad input.
            """
    )

    @Option(name: .customLong("ref"), help: "Reference probabilities π_ref(o), summing to 1.")
    var reference: String
    @Option(help: "Success probabilities s_o in [0, 1], one per answer.")
    var success: String
    @Option(name: .customLong("group-size"), help: "Group size: an integer in 2…10000000, or inf.")
    var groupSize = "8"
    @Option(help: "Regularisation β > 0.")
    var beta: String
    @Option(help: "Significant digits, 5…10000.")
    var digits = "30"
    @Option(help: "markdown, csv, json, latex or text.")
    var format = "text"

    static let normalisations = ["population", "bessel", "bessel-eps:1e-4", "population-eps:1e-6", "shift"]

    func run() throws {
        let base = try GeneralSetting(question: Parameters.question(references: reference, successes: success),
                                      groupSize: Parameters.groupSize(groupSize), beta: Parameters.decimal(beta, flag: "--beta", in: .positive))
        let digits = try Parameters.digits(digits)
        let format = try Parameters.choice(format, flag: "--format", among: TableFormat.allCases)

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
            settings.append(("population at β√(G/(G−1))", equivalent))
        }
        let checks = try orderedMap(settings.map(\.1)) { try GeneralCheck($0, digits: digits) }
        var rows = zip(settings, checks).map { entry, check in
            GeneralReports.VariantRow(label: entry.0, penalty: entry.1.penalty.rawValue, policy: check.primary.policy,
                                      agreementDigits: check.agreementDigits, decimals: check.primary.decimals)
        }
        rows += try baselines(base, digits: digits)

        var summary: [(key: String, value: String)] = []
        var identityHolds = true
        for penalty in Penalty.allCases {
            let bessel = rows.first { $0.label == "bessel" && $0.penalty == penalty.rawValue }!
            let equivalent = rows.first { $0.label.hasPrefix("population at") && $0.penalty == penalty.rawValue }!
            let agreement = zip(bessel.policy, equivalent.policy).map { EarnedDigits.agreement($0, $1, cap: digits) }.min() ?? 0
            identityHolds = identityHolds && agreement >= digits
            summary.append(("bessel at β = population at β√(G/(G−1)) (\(penalty.rawValue))", "\(agreement) digits"))
        }
        for name in ["bessel-eps:1e-4", "population-eps:1e-6"] {
            let plain = name.hasPrefix("bessel") ? "bessel" : "population"
            for penalty in Penalty.allCases {
                let a = rows.first { $0.label == name && $0.penalty == penalty.rawValue }!
                let b = rows.first { $0.label == plain && $0.penalty == penalty.rawValue }!
                let shift = zip(a.policy, b.policy).map { ($0 - $1).magnitude }.reduce(BigFloat(0, precision: 64), BigFloat.maximum)
                summary.append(("\(name) moves \(plain) (\(penalty.rawValue)) by", "max |Δπ| = \(shift.decimalString(significantDigits: 3))"))
            }
        }
        let table = GeneralReports.variantsTable(
            rows, setting: base, digits: digits, summary: summary,
            provenance: [("command", "variants"), ("version", GRPOVerify.version), ("digits", String(digits)),
                         ("ref", reference), ("success", success), ("group_size", groupSize), ("beta", beta)])
        print(format.render(table), terminator: "")
        if !checks.allSatisfy(\.passed) || !identityHolds { throw ExitCode(1) }
    }

    /// RLHF (4) and NLHF, closed forms at the working precision of `digits`.
    private func baselines(_ s: GeneralSetting, digits: Int) throws -> [GeneralReports.VariantRow] {
        let precision = bitsForDigits(digits, guardBits: 64)
        return try MPFRFlags.checking {
            let refs = s.question.references.map { $0.value(precision: precision) }
            let rates = s.question.successes.map { $0.value(precision: precision) }
            let beta = s.beta.value(precision: precision)
            return [("RLHF", PoolingBaseline.rlhf(references: refs, successes: rates, beta: beta)),
                    ("NLHF", PoolingBaseline.nlhf(references: refs, successes: rates, beta: beta))].map { name, policy in
                GeneralReports.VariantRow(label: name, penalty: "-", policy: policy, agreementDigits: nil,
                                          decimals: policy.map { $0.decimalString(significantDigits: digits) })
            }
        }
    }
}
