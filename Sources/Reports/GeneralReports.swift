import GRPOModel
import Multiprecision
import Verification

/// Outputs for questions with several answers.
public enum GeneralReports {
    static func settingJSON(_ s: GeneralSetting) -> JSONValue {
        .object([
            ("group_size", .string(s.groupSize.description)),
            ("penalty", .string(s.penalty.rawValue)),
            ("normalisation", .string(s.normalisation.description)),
            ("beta", .string(s.beta.text)),
            ("references", .array(s.question.references.map { .string($0.text) })),
            ("successes", .array(s.question.successes.map { .string($0.text) })),
        ])
    }

    /// `solve --format json` for a question: `"policy"` is the list of probabilities (with
    /// several stationary points, the one GRPO reaches), `"stationary_policies"` every one of
    /// them with the certified count, `"grpo_reaches"` the index of GRPO's in that list;
    /// `provenance` (command, version, the flags) comes first.
    public static func solveJSON(_ check: GeneralCheck, provenance: [(key: String, value: String)] = []) -> JSONValue {
        let residual = { (r: BigFloat?) in r.map { JSONValue.string(PolicyReports.short($0)) } ?? .null }
        return .object([
            ("provenance", .object(provenance.map { ($0.key, .string($0.value)) })),
            ("setting", settingJSON(check.setting)),
            ("digits", .integer(check.digits)),
            ("policy", check.policy.map { .array($0.map(JSONValue.string)) } ?? .null),
            ("methods", .object(check.outcomes.map { o in
                (o.method.rawValue, .object([
                    ("policy", .array(o.decimals.map(JSONValue.string))),
                    ("digits", .integer(o.earnedDigits)),
                    ("iterations", .integer(o.iterations)),
                    ("residual", residual(o.residual)),
                    ("converged", .bool(o.converged)),
                    ("reaches", o.reaches.map(JSONValue.integer) ?? .null),
                ] + (o.failure.map { [("failure", .string($0))] } ?? [])))
            })),
            ("stationary_policies", .array(check.stationary.points.map { point in
                .object([
                    ("success_rate", .string(point.successRateDecimal)),
                    ("policy", .array(point.decimals.map(JSONValue.string))),
                    ("certified_digits", .integer(point.certifiedDigits.min() ?? 0)),
                ])
            })),
            ("count_certified", .bool(check.stationary.countCertified)),
            ("grpo_reaches", check.grpoReaches.map(JSONValue.integer) ?? .null),
            ("agreement_digits", .integer(check.agreementDigits)),
        ] + (check.failure.map { [("failure", .string($0))] } ?? []) + [
            ("verified", .bool(check.passed)),
        ])
    }

    /// `solve --format text` for a question: one row per answer and method, then every
    /// stationary policy (certified count), marking the one GRPO reaches from `π_ref`.
    public static func solveText(_ check: GeneralCheck) -> String {
        let s = check.setting
        var table = Table(title: "answers", columns: [
            .init("answer", heading: "answer"), .init("reference", heading: "π_ref"), .init("success", heading: "s"),
        ] + check.outcomes.map { .init($0.method.rawValue, heading: "π (\($0.method.rawValue))", numeric: false) })
        for o in s.question.references.indices {
            table.rows.append([String(o + 1), s.question.references[o].text, s.question.successes[o].text]
                              + check.outcomes.map { $0.decimals[o] })
        }
        var lines = ["setting: G = \(s.groupSize), penalty = \(s.penalty.rawValue), normalisation = \(s.normalisation), β = \(s.beta)"]
        lines += TableFormat.text(table).split(separator: "\n").dropFirst().map(String.init)
        for o in check.outcomes {
            lines.append("\(o.method.rawValue): \(o.iterations) iterations, relative residual "
                         + "\(o.residual.map(PolicyReports.short) ?? "-"), \(o.earnedDigits) digits"
                         + (o.reaches.map { ", reaches stationary policy \($0 + 1)" } ?? "")
                         + (o.failure.map { " — \($0)" } ?? ""))
        }
        let stationary = check.stationary
        lines.append("stationary policies: \(stationary.points.count)"
                     + (stationary.countCertified ? " (certified count: \(stationary.certificate))"
                        : " (count NOT certified: \(stationary.uncertified!))"))
        for (i, point) in stationary.points.enumerated() {
            lines.append("  \(i + 1): μ = \(point.successRateDecimal), π = (\(point.decimals.joined(separator: ", ")))"
                         + (check.grpoReaches == i ? "  ← GRPO from π_ref" : ""))
        }
        let verified = switch stationary.points.count {
        case 0: "verified: there is no stationary policy, and no method converged to one"
        case 1: "all methods agree to \(check.agreementDigits) digits"
        default: "every method reaches a certified stationary policy to \(check.digits) digits"
        }
        lines.append(check.failure.map { "VERIFICATION FAILED: \($0)" } ?? verified)
        return lines.joined(separator: "\n") + "\n"
    }
}

extension GeneralReports {
    /// The variants table: one row per normalisation and penalty, the baselines, an upper
    /// bound on the change `max_o |Δπ(o)|` from the paper's population normalisation with the
    /// same penalty, and summary lines for the Bessel identity, the ε shifts and every row
    /// whose check failed (its cells then show only earned digits, `?` for none).
    public static func variantsTable(_ v: VariantsAnalysis, provenance: [(key: String, value: String)]) -> Table {
        let k = v.setting.question.count
        var table = Table(
            title: "One question under every normalisation and penalty (G = \(v.setting.groupSize), β = \(v.setting.beta))",
            columns: [.init("variant", heading: "variant", numeric: false), .init("penalty", heading: "penalty", numeric: false)]
                + (1...k).map { .init("pi_\($0)", heading: "π(\($0))") }
                + [.init("success_rate", heading: "μ"), .init("change", heading: "max |Δπ| vs population (bound)"),
                   .init("agreeing_digits", heading: "agreeing digits")],
            provenance: provenance)
        for row in v.rows {
            let agreement = row.failure != nil ? "FAILED" : !row.hasPolicy ? "no stationary policy"
                : row.agreementDigits.map(String.init) ?? "closed form"
            table.rows.append([row.label, row.penalty] + row.decimals
                              + [row.successRate, v.changeFromPopulation(row).map(PolicyReports.short) ?? "not earned", agreement])
        }
        table.summary = v.besselIdentityDigits.map {
            ("bessel at β = population at β√(G/(G−1)) (\($0.penalty.rawValue))", "\($0.digits) digits")
        } + v.epsilonShifts.map {
            ("\($0.variant) moves \($0.base) (\($0.penalty.rawValue)) by", $0.shift.map { "max |Δπ| ≤ \(PolicyReports.short($0))" } ?? "not earned")
        } + v.rows.compactMap { row in
            row.failure.map { ("FAILED: \(row.label) (\(row.penalty))", $0) }
        }
        return table
    }
}
