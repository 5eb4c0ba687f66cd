import Certification
import GRPOModel
import Verification

/// One row of the agreement table and what the summary needs of its solution, made on the
/// worker that computed the solution so the solution itself can be dropped there.
struct AgreementRow: Sendable {
    let cells: [String]
    let agreementDigits: Int
    let passed: Bool
    let crossCheckDigits: Int?
    /// Whether the certificate proves the agreement (nil without `--certify`).
    let certified: Bool?
}

extension AgreementRow {
    init(_ check: PolicyCheck, certified: CertifiedPolicy?) {
        cells = PolicyReports.agreementCells(check, certified: certified)
        agreementDigits = check.agreementDigits
        passed = check.passed
        crossCheckDigits = check.crossChecks?.digits
        self.certified = certified?.agreementCertified
    }

    init(_ solution: StationaryPolicy.Solution) {
        self.init(solution.check, certified: solution.certified)
    }
}

/// The summary of an agreement table, accumulated row by row in table order: `lines` are
/// those `PolicyReports.agreementTable` gives the same rows (rows checked, requested digits,
/// cross-checks, worst agreement and its first row, rows below the requested agreement, and
/// with certificates the rows certified), without holding the rows.
public struct AgreementSummary: Sendable {
    /// The requested digits `D`.
    public let digits: Int
    /// Whether the rows carry certificates.
    public let certify: Bool
    public private(set) var rows = 0
    /// Rows whose methods agree to fewer digits than asked (`PolicyCheck.passed` false).
    public private(set) var failing = 0
    /// Rows whose certificate proves the agreement (0 without certificates).
    public private(set) var certified = 0
    /// The fewest agreeing digits of a row, and the first row with that many (its setting cells).
    public private(set) var worstAgreement: Int? = nil
    public private(set) var worstRow: String? = nil
    /// The fewest digits the cross-checks of a row were carried to, when fewer than `D`.
    public private(set) var crossCheckDigits: Int? = nil

    public init(digits: Int, certify: Bool) {
        self.digits = digits
        self.certify = certify
    }

    /// Rows whose certificate does not prove the agreement (0 without certificates).
    public var uncertified: Int { certify ? rows - certified : 0 }

    mutating func add(_ row: AgreementRow) {
        rows += 1
        if !row.passed { failing += 1 }
        if row.certified == true { certified += 1 }
        if let d = row.crossCheckDigits { crossCheckDigits = min(crossCheckDigits ?? d, d) }
        if worstAgreement.map({ row.agreementDigits < $0 }) ?? true {  // the first of the fewest, as `min(by:)`
            worstAgreement = row.agreementDigits
            worstRow = row.cells.prefix(PolicyReports.settingColumns.count).joined(separator: ", ")
        }
    }

    /// The summary lines of the table.
    public var lines: [(key: String, value: String)] {
        PolicyReports.summaryLines(rows: rows, digits: digits, crossCheckDigits: crossCheckDigits,
                                   worstAgreement: worstAgreement, failing: failing, worstRow: worstRow)
            + (certify ? [("rows certified", "\(certified) of \(rows)")] : [])
    }
}

extension Table {
    /// The agreement table of `run` written as its rows complete, for a format that streams
    /// (`TableFormat.streams`: markdown, CSV, JSON): `write` receives the head with the first
    /// batch of rows, then each batch in table order as soon as it and every row before it are
    /// done (`StationaryPolicy.stream`), then the summary. Only `pacing.window` rows are held
    /// at a time and each solution is dropped once its row is made, so the memory does not
    /// depend on the number of settings. The text written is `format.render` of the table `run`
    /// returns, byte for byte. Returns the summary, whose counts decide the verdict.
    ///
    /// A setting whose computation throws stops the table there: its error is thrown after the
    /// rows before it have been written (the table is then incomplete, without summary).
    public static func streamAgreement<Settings: RandomAccessCollection<BinarySetting> & Sendable>(
        _ settings: Settings, format: TableFormat, digits: Int, methods: [Method] = Method.allCases,
        certify: Bool = false, title: String = PolicyReports.agreementTitle,
        provenance: [(key: String, value: String)] = [], threads: Int = defaultThreads,
        pacing: StreamPacing = StreamPacing(), progress: (@Sendable () -> Void)? = nil,
        write: (String) throws -> Void) throws -> AgreementSummary {
        var writer = TableWriter(format: format, title: title,
                                 columns: PolicyReports.agreementColumns(certified: certify), provenance: provenance)
        var summary = AgreementSummary(digits: digits, certify: certify)
        var pending = writer.head()
        try StationaryPolicy.stream(settings, digits: digits, methods: methods, certify: certify, threads: threads,
                                    pacing: pacing, progress: progress, row: AgreementRow.init) { rows in
            for row in rows { summary.add(row) }
            let text = pending + writer.rows(rows.map(\.cells))
            pending = ""
            try write(text)
        }
        try write(pending + writer.tail(summary: summary.lines))
        return summary
    }

    /// The agreement table of `run` and its summary, for the formats rendered from the whole
    /// table (text, LaTeX, the LaTeX macros): the rows' cells are collected as they complete and
    /// each solution is dropped once its row is made. The table equals `run`'s.
    public static func agreement<Settings: RandomAccessCollection<BinarySetting> & Sendable>(
        _ settings: Settings, digits: Int, methods: [Method] = Method.allCases, certify: Bool = false,
        title: String = PolicyReports.agreementTitle, provenance: [(key: String, value: String)] = [],
        threads: Int = defaultThreads, progress: (@Sendable () -> Void)? = nil) throws -> (table: Table, summary: AgreementSummary) {
        var table = Table(title: title, columns: PolicyReports.agreementColumns(certified: certify), provenance: provenance)
        table.rows.reserveCapacity(settings.count)
        var summary = AgreementSummary(digits: digits, certify: certify)
        try StationaryPolicy.stream(settings, digits: digits, methods: methods, certify: certify, threads: threads,
                                    progress: progress, row: AgreementRow.init) { rows in
            for row in rows {
                summary.add(row)
                table.rows.append(row.cells)
            }
        }
        table.summary = summary.lines
        return (table, summary)
    }
}
