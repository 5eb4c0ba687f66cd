import GRPOModel
import Multiprecision
import Certification
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
        ] + s.question.rewards.echo.map { key, rows in
            let strings = rows.map { JSONValue.array($0.map(JSONValue.string)) }
            return (key, key == "successes" || key == "rewards" ? strings[0] : .array(strings))
        })
    }

    /// `solve --format json` for a question: `"policy"` is the list of probabilities (with
    /// several stationary points, the one GRPO reaches), `"stationary_policies"` every one of
    /// them with the certified count, `"grpo_reaches"` the index of GRPO's in that list;
    /// `provenance` (command, version, the flags) comes first.
    /// With `certify`, `"enclosure"` is the certified `["lo", "hi"]` of each entry of `"policy"`.
    public static func solveJSON(_ check: GeneralCheck, certify: Bool = false,
                                 provenance: [(key: String, value: String)] = []) -> JSONValue {
        let residual = { (r: BigFloat?) in r.map { JSONValue.string(PolicyReports.short($0)) } ?? .null }
        let methods: [(String, JSONValue)] = check.outcomes.map { o in
            let members: [(String, JSONValue)] = [
                ("policy", .array(o.decimals.map(JSONValue.string))),
                ("digits", .integer(o.earnedDigits)),
                ("iterations", .integer(o.iterations)),
                ("residual", residual(o.residual)),
                ("converged", .bool(o.converged)),
                ("reaches", o.reaches.map(JSONValue.integer) ?? .null),
            ]
            return (o.method.rawValue, .object(members + (o.failure.map { [("failure", .string($0))] } ?? [])))
        }
        let points: [JSONValue] = zip(check.stationary.points, check.stability.points).map { point, verdicts in
            let rate: [(String, JSONValue)] = point.successRateDecimal.map { [("success_rate", .string($0))] } ?? []
            let members: [(String, JSONValue)] = [
                ("policy", .array(point.decimals.map(JSONValue.string))),
                ("certified_digits", .integer(point.certifiedDigits.min() ?? 0)),
                ("flow_stability", .string(verdictText(verdicts.flow))),
                ("iteration_stability", .string(verdictText(verdicts.iteration))),
            ]
            return .object(rate + members)
        }
        var members: [(String, JSONValue)] = [
            ("provenance", .object(provenance.map { ($0.key, .string($0.value)) })),
            ("setting", settingJSON(check.setting)),
            ("digits", .integer(check.digits)),
            ("policy", check.policy.map { .array($0.map(JSONValue.string)) } ?? .null),
        ]
        if certify { members.append(("enclosure", enclosureJSON(check))) }
        members += [
            ("methods", .object(methods)),
            ("stationary_policies", .array(points)),
            ("learning_rate", .string(PolicyReports.short(check.stability.learningRate))),
        ]
        if let orbit = check.grpoOrbit { members.append(("grpo_orbit", orbitJSON(orbit))) }
        members += [
            ("grpo_cycles", .bool(check.grpoCycles)),
            ("count_certified", .bool(check.stationary.countCertified)),
            ("grpo_reaches", check.grpoReaches.map(JSONValue.integer) ?? .null),
            ("agreement_digits", .integer(check.agreementDigits)),
        ]
        if let failure = check.failure { members.append(("failure", .string(failure))) }
        members.append(("verified", .bool(check.passed)))
        return .object(members)
    }

    /// "stable", "unstable" (both certified) or "undecided: why".
    static func verdictText(_ v: StabilityVerdict) -> String {
        switch v {
        case .stable: "stable"
        case .unstable: "unstable"
        case .undecided(let why): "undecided: \(why)"
        }
    }

    static func orbitJSON(_ o: IterationOrbit) -> JSONValue {
        .object([
            ("steps", .integer(o.steps)),
            ("learning_rate", .string(PolicyReports.short(o.learningRate))),
            ("reached_boundary", .bool(o.reachedBoundary)),
            ("distance_smallest", .string(PolicyReports.short(o.distance.smallest))),
            ("distance_largest", .string(PolicyReports.short(o.distance.largest))),
            ("period", o.period.map { .string(PolicyReports.short($0)) } ?? .null),
            ("cycle", .bool(o.isCycle)),
        ])
    }

    /// One line on where the GRPO iteration went (observed, not certified).
    static func orbitText(_ o: IterationOrbit) -> String {
        if o.reachedBoundary { return "grpo iteration at η = \(PolicyReports.short(o.learningRate)) ran to the boundary of the simplex (observed)" }
        let range = "\(PolicyReports.short(o.distance.smallest))…\(PolicyReports.short(o.distance.largest))"
        return "grpo iteration at η = \(PolicyReports.short(o.learningRate)), steps \(o.steps / 2)…\(o.steps): distance "
            + "\(range) from stationary policy 1" + (o.period.map { ", revolving every ≈ \(PolicyReports.short($0)) steps" } ?? "")
            + (o.isCycle ? " — a cycle (observed)" : "") 
    }

    /// The certified enclosure of each entry of the reported policy, rounded outward with
    /// three digits beyond those asked for (null without a certified point).
    static func enclosureJSON(_ check: GeneralCheck) -> JSONValue {
        guard let point = check.policyPoint else { return .null }
        return .array(point.policy.map { e in
            let (lo, hi) = e.decimalStrings(significantDigits: check.digits + 3)
            return .array([.string(lo), .string(hi)])
        })
    }

    /// `solve --format text` for a question: one row per answer and method, then every
    /// stationary policy (certified count), marking the one GRPO reaches from `π_ref`.
    public static func solveText(_ check: GeneralCheck, certify: Bool = false) -> String {
        let s = check.setting
        let successes = s.question.successes
        var table = Table(title: "answers", columns: [
            .init("answer", heading: "answer"), .init("reference", heading: "π_ref"),
        ] + (successes == nil ? [] : [.init("success", heading: "s")])
          + check.outcomes.map { .init($0.method.rawValue, heading: "π (\($0.method.rawValue))", numeric: false) })
        for o in s.question.references.indices {
            table.rows.append([String(o + 1), s.question.references[o].text] + (successes.map { [$0[o].text] } ?? [])
                              + check.outcomes.map { $0.decimals[o] })
        }
        var lines = ["setting: G = \(s.groupSize), penalty = \(s.penalty.rawValue), normalisation = \(s.normalisation), β = \(s.beta)"]
            + (successes == nil ? s.question.rewards.echo.map { key, rows in
                "\(key.replacingOccurrences(of: "_", with: " ")): " + rows.map { $0.joined(separator: ", ") }.joined(separator: "; ")
            } : [])
        lines += TableFormat.text(table).split(separator: "\n").dropFirst().map(String.init)
        for o in check.outcomes {
            if o.method == .grpo && check.grpoCycles {
                lines.append("grpo: does not converge — the iteration is certified unstable at the stationary policy "
                             + "and cycles (below); not held to agreement")
                continue
            }
            lines.append("\(o.method.rawValue): \(o.iterations) iterations, relative residual "
                         + "\(o.residual.map(PolicyReports.short) ?? "-"), \(o.earnedDigits) digits"
                         + (o.reaches.map { ", reaches stationary policy \($0 + 1)" } ?? "")
                         + (o.failure.map { " — \($0)" } ?? ""))
        }
        let stationary = check.stationary
        lines.append("stationary policies: \(stationary.points.count)"
                     + (stationary.countCertified ? " (certified count: \(stationary.certificate))"
                        : " (count NOT certified: \(stationary.uncertified!))"))
        for (i, (point, verdicts)) in zip(stationary.points, check.stability.points).enumerated() {
            lines.append("  \(i + 1): " + (point.successRateDecimal.map { "μ = \($0), " } ?? "")
                         + "π = (\(point.decimals.joined(separator: ", ")))"
                         + "; flow \(verdictText(verdicts.flow)), iteration at η \(verdictText(verdicts.iteration))"
                         + (check.grpoReaches == i ? "  ← GRPO from π_ref" : ""))
        }
        if let orbit = check.grpoOrbit { lines.append(orbitText(orbit)) }
        if certify, let point = check.policyPoint {
            lines.append("certified enclosure (\(stationary.certificate)):")
            for (o, e) in point.policy.enumerated() {
                let (lo, hi) = e.decimalStrings(significantDigits: check.digits + 3)
                lines.append("  π(\(o + 1)) ∈ [\(lo), \(hi)]")
            }
        }
        let verified = switch stationary.points.count {
        case 0: "verified: there is no stationary policy, and no method converged to one"
        case 1: check.grpoCycles ? "the methods that converge agree to \(check.agreementDigits) digits; GRPO cycles"
            : "all methods agree to \(check.agreementDigits) digits"
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
        } + v.matchedTemperatures.map {
            ("\($0.statement) (matched temperatures, proofs/rlhf-nlhf-equivalence.md)", "\($0.digits) digits")
        } + v.epsilonShifts.map {
            ("\($0.variant) moves \($0.base) (\($0.penalty.rawValue)) by", $0.shift.map { "max |Δπ| ≤ \(PolicyReports.short($0))" } ?? "not earned")
        } + v.rows.compactMap { row in
            row.failure.map { ("FAILED: \(row.label) (\(row.penalty))", $0) }
        }
        return table
    }
}

extension GeneralReports {
    /// The table of one question over a grid of group sizes, penalties and β: per row the
    /// stationary policy with its verified digits (`?` where not earned), the certified count
    /// of stationary policies, which one GRPO reaches (or that it cycles), the stability of
    /// that policy under the flow and the iteration, and the methods' agreement.
    /// The columns of `questionTable` for a question of `answers` answers.
    public static func questionColumns(answers k: Int) -> [Table.Column] {
        [.init("group_size", heading: "G"), .init("penalty", heading: "penalty", numeric: false), .init("beta", heading: "β")]
            + (1...k).map { .init("pi_\($0)", heading: "π(\($0))") }
            + [.init("stationary_policies", heading: "stationary policies", numeric: false),
               .init("grpo", heading: "GRPO", numeric: false),
               .init("flow", heading: "flow", numeric: false), .init("iteration", heading: "iteration", numeric: false),
               .init("agreeing_digits", heading: "agreeing digits"), .init("verified", heading: "verified", numeric: false),
               .init("failure", heading: "failure", numeric: false)]
    }

    /// The summary of a question's table, from its rows (so that merged shards recompute it).
    public static func questionSummary(_ rows: [[String]]) -> [(key: String, value: String)] {
        [("rows", String(rows.count)), ("rows verified", String(rows.filter { $0[$0.count - 2] == "yes" }.count))]
    }

    public static func questionTable(_ checks: [GeneralCheck], title: String, provenance: [(key: String, value: String)]) -> Table {
        let k = checks.first?.setting.question.count ?? 2
        var table = Table(title: title, columns: questionColumns(answers: k), provenance: provenance)
        for check in checks {
            let s = check.setting
            let reached = check.grpoCycles ? "cycles" : check.grpoReaches.map { "reaches \($0 + 1)" } ?? "-"
            let index = check.stationary.points.count == 1 ? 0 : check.grpoReaches
            let verdicts = index.map { check.stability.points[$0] }
            let count = "\(check.stationary.points.count)" + (check.stationary.countCertified ? " (certified)" : " (not certified)")
            table.rows.append([s.groupSize.description, s.penalty.rawValue, s.beta.text]
                              + (check.policy ?? [String](repeating: "?", count: k))
                              + [count, reached, verdicts.map { verdictText($0.flow) } ?? "-",
                                 verdicts.map { verdictText($0.iteration) } ?? "-",
                                 String(check.agreementDigits), check.passed ? "yes" : "NO", check.failure ?? ""])
        }
        table.summary = questionSummary(table.rows)
        return table
    }
}
