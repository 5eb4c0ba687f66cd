import Certification
import GRPOModel
import Multiprecision
import Verification

/// Tables and documents built from `PolicyCheck`s.
public enum PolicyReports {
    /// The parameters of a setting, as table cells: G, penalty, β, π_ref(a), γ.
    static let settingColumns: [Table.Column] = [
        .init("group_size", heading: "G"),
        .init("penalty", heading: "penalty", numeric: false),
        .init("beta", heading: "β"),
        .init("reference", heading: "π_ref(a)"),
        .init("confidence_margin", heading: "γ"),
    ]

    static func settingCells(_ s: BinarySetting) -> [String] {
        [s.groupSize.description, s.penalty.rawValue, s.beta.text, s.reference.text, s.confidenceMargin.text]
    }

    /// A short decimal for diagnostics (residuals, differences): three significant digits.
    static func short(_ x: BigFloat) -> String {
        x.decimalString(significantDigits: 3)
    }

    /// The agreement table: per setting, the closed form, every solver's value, the largest
    /// absolute difference to the primary value and the digits on which all methods agree.
    public static func agreementTable(_ checks: [PolicyCheck], certified: [CertifiedPolicy]? = nil,
                                      digits: Int, title: String,
                                      provenance: [(key: String, value: String)] = []) -> Table {
        var table = Table(title: title, columns: agreementColumns(certified: certified != nil),
                          provenance: provenance)
        var summary = AgreementSummary(digits: digits, certify: certified != nil)
        for (i, check) in checks.enumerated() {
            let row = AgreementRow(check, certified: certified?[i])
            summary.add(row)
            table.rows.append(row.cells)
        }
        table.summary = summary.lines
        return table
    }

    /// One row of `agreementTable`: the setting, each method's value ("n/a" where it did not
    /// run), the largest difference, the agreeing digits and, if certified, the enclosure.
    static func agreementCells(_ check: PolicyCheck, certified: CertifiedPolicy?) -> [String] {
        let values = Method.allCases.map { method in
            check.outcomes.first { $0.method == method }?.decimal ?? "n/a"
        }
        return settingCells(check.setting) + values + [short(check.largestDifference), String(check.agreementDigits)]
            + (certified.map(certificateCells) ?? [])
    }

    /// The columns of `agreementTable`: the setting, each method's value, the largest
    /// difference, the agreeing digits and, if certified, the enclosure.
    public static func agreementColumns(certified: Bool) -> [Table.Column] {
        settingColumns + Method.allCases.map { Table.Column($0.rawValue, heading: $0.rawValue) } + [
            .init("difference", heading: "max |Δ|"),
            .init("agreeing_digits", heading: "agreeing digits"),
        ] + (certified ? certificateColumns : [])
    }

    static let certificateColumns: [Table.Column] = [
        .init("enclosure_lower", heading: "enclosure lower"),
        .init("enclosure_upper", heading: "enclosure upper"),
        .init("certified_digits", heading: "certified digits"),
    ]

    /// The enclosure rounded outward with three digits beyond the certified ones, and the
    /// certified digit count (0 when the certificate failed).
    static func certificateCells(_ c: CertifiedPolicy) -> [String] {
        guard c.certificate == .unique else { return ["-", "-", "0"] }
        let (lower, upper) = c.enclosure.decimalStrings(significantDigits: c.digits + 3)
        return [lower, upper, String(c.agreementCertified ? c.certifiedDigits : 0)]
    }

    static func certificateJSON(_ c: CertifiedPolicy) -> [(String, JSONValue)] {
        let cells = certificateCells(c)
        var members: [(String, JSONValue)] = []
        if c.certificate == .unique {
            members.append(("enclosure", .array([.string(cells[0]), .string(cells[1])])))
        }
        members.append(("certified_digits", .integer(Int(cells[2])!)))
        members.append(("certificate", .string(certificateText(c))))
        if let closed = c.closedForm, closed.isValid {
            let (lower, upper) = closed.decimalStrings(significantDigits: c.digits + 3)
            members.append(("closed_form_enclosure", .array([.string(lower), .string(upper)])))
        }
        members.append(("agreement_certified", .bool(c.agreementCertified)))
        return members
    }

    static func certificateText(_ c: CertifiedPolicy) -> String {
        switch c.certificate {
        case .unique:
            c.setting.referenceIsOutsideTheOpenInterval
                ? "π_ref(a) ∈ {0, 1} fixes π(a) = π_ref(a)"
                : "interval Newton: exactly one root of the stationarity residual in the enclosure"
        case .failed(let reason): "not certified: \(reason)"
        }
    }

    /// The summary lines of an agreement table of `checks` (`AgreementSummary`, without certificates).
    static func agreementSummary(_ checks: [PolicyCheck], digits: Int) -> [(key: String, value: String)] {
        var summary = AgreementSummary(digits: digits, certify: false)
        for check in checks { summary.add(AgreementRow(check, certified: nil)) }
        return summary.lines
    }

    /// The summary key that names the digits bisection and GRPO were carried to, when fewer than requested.
    static let crossCheckKey = "cross-checks carried to"

    /// The summary lines of an agreement table; `worstRow` is shown only below the agreement
    /// asked for (`digits`, or `crossCheckDigits` when the cross-checks were carried to fewer).
    static func summaryLines(rows: Int, digits: Int, crossCheckDigits: Int?, worstAgreement: Int?, failing: Int,
                             worstRow: String?) -> [(key: String, value: String)] {
        var summary: [(key: String, value: String)] = [
            ("rows checked", String(rows)),
            ("requested digits", String(digits)),
        ]
        if let crossCheckDigits { summary.append((crossCheckKey, "\(crossCheckDigits) digits (bisection, grpo)")) }
        summary += [
            ("worst agreement", worstAgreement.map { "\($0) digits" } ?? "none"),
            ("rows below requested agreement", String(failing)),
        ]
        if let worstAgreement, worstAgreement < (crossCheckDigits ?? digits), let worstRow {
            summary.append(("worst row", worstRow))
        }
        return summary
    }

    /// The summary of a table whose rows are `merged`, dealt round-robin from `shards` (row `k`
    /// from shard `k mod n`), as one run over all rows would give it: counts add up; the worst
    /// row is the first with the fewest agreeing digits, named as its own shard named it.
    public static func mergedSummary(_ shards: [Table], merged: [[String]]) throws(MergeError) -> [(key: String, value: String)] {
        func value(_ t: Table, _ key: String) throws(MergeError) -> String {
            guard let v = t.summary.first(where: { $0.key == key })?.value else {
                throw MergeError("a shard's summary has no '\(key)'")
            }
            return v
        }
        func count(_ key: String, part: Int = 0) throws(MergeError) -> Int {
            var total = 0
            for t in shards {
                let fields = try value(t, key).split(separator: " ")
                guard part < fields.count, let n = Int(fields[part]), n >= 0 else {
                    throw MergeError("bad '\(key)' in a shard's summary")
                }
                let (sum, overflow) = total.addingReportingOverflow(n)
                guard !overflow else { throw MergeError("'\(key)' in the shards' summaries adds up past \(Int.max)") }
                total = sum
            }
            return total
        }
        guard let column = shards[0].columns.firstIndex(where: { $0.key == "agreeing_digits" }),
              let digits = Int(try value(shards[0], "requested digits")) else {
            throw MergeError("not an agreement table")
        }
        let agreement = merged.map { Int($0[column]) ?? 0 }
        let worstIndex = agreement.indices.min { agreement[$0] < agreement[$1] }
        let worstRow = worstIndex.flatMap { shards[$0 % shards.count].summary.first { $0.key == "worst row" }?.value }
        var crossCheckDigits: Int? = nil
        for t in shards {
            guard let text = t.summary.first(where: { $0.key == crossCheckKey })?.value else { continue }
            guard let n = text.split(separator: " ").first.flatMap({ Int($0) }) else {
                throw MergeError("bad '\(crossCheckKey)' in a shard's summary")
            }
            crossCheckDigits = min(crossCheckDigits ?? n, n)
        }
        var summary = summaryLines(rows: merged.count, digits: digits, crossCheckDigits: crossCheckDigits,
                                   worstAgreement: worstIndex.map { agreement[$0] },
                                   failing: try count("rows below requested agreement"), worstRow: worstRow)
        if shards[0].summary.contains(where: { $0.key == "rows certified" }) {
            summary.append(("rows certified", "\(try count("rows certified")) of \(try count("rows certified", part: 2))"))
        }
        return summary
    }

    /// Every column an agreement or finite-G table can have, to give a table read back from
    /// JSON (which keeps only the keys) its headings.
    public static let knownColumns: [Table.Column] = settingColumns
        + Method.allCases.map { Table.Column($0.rawValue, heading: $0.rawValue) }
        + [.init("difference", heading: "max |Δ|"), .init("agreeing_digits", heading: "agreeing digits")]
        + certificateColumns
        + [.init("limit", heading: "G = ∞ (15)"), .init("gap", heading: "p_G − p_∞"),
           .init("gap_ratio", heading: "gap(G/2) / gap(G)")]

    /// `solve --format json`: the policy with `D` digits, every method's run (its residual the
    /// relative Newton correction), with `--certify` the enclosure, and `"failure"` (why the
    /// check failed) when it did. `provenance` (command, version, the flags as given) comes
    /// first, as in the tables.
    public static func solveJSON(_ check: PolicyCheck, certified: CertifiedPolicy? = nil,
                                 provenance: [(key: String, value: String)] = []) -> JSONValue {
        let s = check.setting
        let methods: [(String, JSONValue)] = check.outcomes.map { o in
            (o.method.rawValue, .object([
                ("value", .string(o.decimal)),
                ("digits", .integer(o.earnedDigits)),
                ("target_digits", .integer(o.targetDigits)),
                ("iterations", .integer(o.run.iterations)),
                ("residual", o.run.residual.map { .string(short($0)) } ?? .null),
                ("converged", .bool(o.run.converged)),
                ("precision_bits", .integer(o.run.value.precision)),
            ]))
        }
        return .object([
            ("provenance", .object(provenance.map { ($0.key, .string($0.value)) })),
            ("setting", .object([
                ("group_size", .string(s.groupSize.description)),
                ("penalty", .string(s.penalty.rawValue)),
                ("beta", .string(s.beta.text)),
                ("reference", .string(s.reference.text)),
                ("confidence_margin", .string(s.confidenceMargin.text)),
                ("normalisation", .string(s.normalisation.description)),
            ])),
            ("digits", .integer(check.digits)),
            ("policy", check.policy.map(JSONValue.string) ?? .null),
            ("methods", .object(methods)),
            ("agreement_digits", .integer(check.agreementDigits)),
        ] + (certified.map(certificateJSON) ?? []) + (check.failure.map { [("failure", .string($0))] } ?? []) + [
            ("verified", .bool(check.passed && (certified?.agreementCertified ?? true))),
        ])
    }

    /// `solve --format text`.
    public static func solveText(_ check: PolicyCheck, certified: CertifiedPolicy? = nil) -> String {
        let s = check.setting
        var lines = [
            "setting: G = \(s.groupSize), penalty = \(s.penalty.rawValue), β = \(s.beta), "
                + "π_ref(a) = \(s.reference), γ = \(s.confidenceMargin)"
                + (s.normalisation == .population ? "" : ", normalisation = \(s.normalisation)"),
            "stationary policy π(a) = \(check.policy ?? "not earned to \(check.digits) digits")",
            "",
        ]
        var table = Table(title: "methods", columns: [
            .init("method", heading: "method", numeric: false),
            .init("digits", heading: "digits"),
            .init("iterations", heading: "iterations"),
            .init("residual", heading: "residual"),
            .init("value", heading: "value", numeric: false),
        ])
        for o in check.outcomes {
            table.rows.append([o.method.rawValue, String(o.earnedDigits), String(o.run.iterations),
                               o.run.residual.map(short) ?? "-", o.decimal])
        }
        lines += TableFormat.text(table).split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst().map(String.init)
        lines.append(check.failure.map { "VERIFICATION FAILED: \($0)" } ?? agreementLine(check))
        if let certified {
            let cells = certificateCells(certified)
            lines.append("certificate: \(certificateText(certified))")
            if certified.certificate == .unique {
                lines.append("enclosure: [\(cells[0]), \(cells[1])]")
            }
            lines.append(certified.agreementCertified
                ? "certified: \(certified.certifiedDigits) digits" + (certified.closedForm == nil ? "" : "; the closed form's enclosure agrees")
                : "CERTIFICATION FAILED")
        }
        return lines.joined(separator: "\n").trimmingSuffixNewlines() + "\n"
    }
}

extension PolicyReports {
    /// "all methods agree to D digits", or, with cross-checks carried to fewer digits,
    /// "newton agrees with the closed form to D digits; bisection and grpo, cross-checks carried
    /// to 60 of D digits, agree to 60".
    static func agreementLine(_ check: PolicyCheck) -> String {
        guard let cross = check.crossChecks else { return "all methods agree to \(check.agreementDigits) digits" }
        let full = check.outcomes.filter { $0.targetDigits == check.digits }
        let short = check.outcomes.filter { $0.targetDigits < check.digits }
        func names(_ outcomes: [PolicyCheck.Outcome]) -> String {
            outcomes.map { $0.method == .closedForm ? "the closed form" : $0.method.rawValue }.joined(separator: " and ")
        }
        let lead = full.count > 1
            ? "\(names(Array(full.dropFirst()))) \(full.count > 2 ? "agree" : "agrees") with \(names([full[0]])) to "
                + "\(full.map(\.agreementDigits).min()!) digits; "
            : "\(names([full[0]])) earns \(full[0].earnedDigits) digits; "
        return lead + "\(names(short)), cross-checks carried to \(cross.digits) of \(check.digits) digits, "
            + "\(short.count > 1 ? "agree" : "agrees") to \(short.map(\.agreementDigits).min()!)"
    }
}

extension String {
    func trimmingSuffixNewlines() -> String {
        String(self[..<(lastIndex { $0 != "\n" }.map(index(after:)) ?? startIndex)])
    }

    func trimmingSuffixSpaces() -> String {
        String(self[..<(lastIndex { $0 != " " }.map(index(after:)) ?? startIndex)])
    }
}

extension PolicyReports {
    /// The columns of `finiteGroupTable`.
    public static let finiteGroupColumns: [Table.Column] =
        [.init("group_size", heading: "G"), .init("beta", heading: "β"), .init("reference", heading: "π_ref(a)")]
        + Method.allCases.dropFirst().map { Table.Column($0.rawValue, heading: $0.rawValue) }
        + [.init("agreeing_digits", heading: "agreeing digits"),
           .init("limit", heading: "G = ∞ (15)"),
           .init("gap", heading: "p_G − p_∞"),
           .init("gap_ratio", heading: "gap(G/2) / gap(G)")]

    /// Finite groups approaching the large-group limit: for each G the exact-sum solvers, the
    /// G = ∞ closed form (15), the gap `p_G − p_∞` and the ratio of successive gaps.
    ///
    /// `checks` are finite-G checks of one (β, π_ref(a)) in increasing G; `limit` is (15) there.
    public static func finiteGroupTable(_ checks: [PolicyCheck], limit: BigFloat, digits: Int,
                                        provenance: [(key: String, value: String)] = []) -> Table {
        var table = Table(
            title: "Finite G → ∞: exact sums against the large-group closed form (15)",
            columns: finiteGroupColumns, provenance: provenance)
        var previousGap: BigFloat? = nil
        for check in checks {
            let gap = check.primary.run.value - limit
            let ratio = previousGap.map { short($0 / gap) } ?? "-"
            previousGap = gap
            let values = Method.allCases.dropFirst().map { m in
                check.outcomes.first { $0.method == m }?.decimal ?? "n/a"
            }
            table.rows.append([check.setting.groupSize.description, check.setting.beta.text,
                               check.setting.reference.text] + values
                              + [String(check.agreementDigits), limit.decimalString(significantDigits: digits),
                                 gap.decimalString(significantDigits: 6), ratio])
        }
        table.summary = agreementSummary(checks, digits: digits)
        return table
    }
}

extension PolicyReports {
    /// The rate at which finite groups approach (15): for each G the Newton value `p_G`, the gap
    /// `p_G − p_∞`, `c_G = G (p_G − p_∞)`, and the Richardson estimate `2 c_{2G} − c_G` of
    /// `lim G (p_G − p_∞)` (it cancels a `1/G²` term in the gap). `checks` run over doubling G.
    public static func finiteGroupRateTable(_ checks: [PolicyCheck], limit: BigFloat, digits: Int,
                                            provenance: [(key: String, value: String)] = []) -> Table {
        var table = Table(
            title: "Finite G → ∞: the gap to (15) and its 1/G coefficient (Richardson)",
            columns: [.init("group_size", heading: "G"), .init("policy", heading: "p_G (newton)"),
                      .init("gap", heading: "p_G − p_∞"), .init("scaled_gap", heading: "G (p_G − p_∞)"),
                      .init("richardson", heading: "2 c_{2G} − c_G")],
            provenance: provenance)
        let scaled = checks.map { check -> BigFloat in
            guard case .finite(let g) = check.setting.groupSize else { return limit }
            return (check.primary.run.value - limit) * g
        }
        for (i, check) in checks.enumerated() {
            let gap = check.primary.run.value - limit
            let richardson = i + 1 < scaled.count ? short(2 * scaled[i + 1] - scaled[i]) : "-"
            table.rows.append([check.setting.groupSize.description, check.primary.decimal,
                               gap.decimalString(significantDigits: 6), scaled[i].decimalString(significantDigits: 6), richardson])
        }
        let last = scaled.count >= 2 ? short(2 * scaled[scaled.count - 1] - scaled[scaled.count - 2]) : "-"
        table.summary = [("rows checked", String(checks.count)), ("leading coefficient (last Richardson)", last),
                         ("rows below requested digits", String(checks.filter { !$0.passed }.count))]
        return table
    }
}

extension PolicyReports {
    /// The agreement table's title.
    public static let agreementTitle = "Stationary policy π(a): closed forms against solvers"
}

extension Table {
    /// The agreement table of a grid of binary settings, as `grpo-verify table` prints it: each
    /// setting approximated by every method and, with `certify`, certified (`StationaryPolicy.solve`),
    /// one row each, with the solutions behind the rows (a row falls short where its solution's
    /// `failure` is not nil).
    public static func run(_ settings: [BinarySetting], digits: Int, methods: [Method] = Method.allCases,
                           certify: Bool = false, title: String = PolicyReports.agreementTitle,
                           provenance: [(key: String, value: String)] = [], threads: Int = defaultThreads,
                           progress: (@Sendable () -> Void)? = nil) throws -> (table: Table, solutions: [StationaryPolicy.Solution]) {
        let solutions = try StationaryPolicy.solve(settings, digits: digits, methods: methods, certify: certify,
                                                   threads: threads, progress: progress)
        let checks = solutions.map(\.check)
        let certified = certify ? solutions.compactMap(\.certified) : nil
        let table = PolicyReports.agreementTable(checks, certified: certified, digits: digits, title: title,
                                                 provenance: provenance)
        return (table, solutions)
    }
}
