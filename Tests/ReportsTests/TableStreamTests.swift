import Foundation
import GRPOModel
import Multiprecision
@testable import Reports
import Testing
import Verification

/// The streamed table is the buffered one: `TableWriter`'s pieces joined are `TableFormat.render`
/// byte for byte, `Table.streamAgreement` writes what `Table.run` renders, and the summary
/// accumulated row by row is the one computed from all checks.
@Suite struct StreamedTables {
    static let tables: [Table] = [
        Table(title: "t | \"q\"", columns: [.init("a", heading: "A|a", numeric: false), .init("b,c", heading: "β")],
              rows: [["x,y", "say \"hi\""], ["pi|pe", "1\n2"], ["ü\\", "\t"], ["", "-"], ["last", "row"]],
              summary: [("rows checked", "5"), ("worst", "a \"b\"")], provenance: [("command", "test"), ("x", "y\nz")]),
        Table(title: "empty", columns: [.init("a", heading: "A")]),
        Table(title: "no summary", columns: [.init("a", heading: "A")], rows: [["1"], ["2"], ["3"]],
              provenance: [("command", "test")]),
        Table(title: "no rows", columns: [.init("a", heading: "A"), .init("b", heading: "B")],
              summary: [("rows checked", "0")]),
    ]

    /// The table written in batches of `sizes` (cycled), joined.
    static func pieces(_ t: Table, _ format: TableFormat, batches sizes: [Int]) -> String {
        var writer = TableWriter(format: format, title: t.title, columns: t.columns, provenance: t.provenance)
        var out = writer.head(), at = 0, k = 0
        while at < t.rows.count {
            let n = min(sizes[k % sizes.count], t.rows.count - at)
            out += writer.rows(Array(t.rows[at..<at + n]))
            (at, k) = (at + n, k + 1)
        }
        return out + writer.tail(summary: t.summary)
    }

    @Test(arguments: [TableFormat.markdown, .csv, .json])
    func piecesJoinedAreTheRenderedTable(_ format: TableFormat) {
        #expect(TableFormat.allCases.filter(\.streams) == [.markdown, .csv, .json])
        for table in Self.tables {
            for sizes in [[1], [2, 1], [100], [0, 3]] {
                #expect(Self.pieces(table, format, batches: sizes) == format.render(table), "\(table.title) \(sizes)")
            }
        }
    }

    /// 40 rows: G = 2 with both penalties and two margins (32), G = ∞ (8); closed form and Newton.
    static let grid = SettingGrid(
        groupSizes: [.two, .infinite], penalties: [.reverse, .direct],
        betas: DecimalAxis(values: ["0.01", "4"].map { try! DecimalNumber($0) }),
        references: DecimalAxis(values: ["0.001", "0.3", "0.9", "1"].map { try! DecimalNumber($0) }),
        margins: DecimalAxis(values: ["0.25", "1"].map { try! DecimalNumber($0) })).lazySettings
    static let provenance = [("command", "table"), ("digits", "12")]

    @Test(arguments: [TableFormat.markdown, .csv, .json], [1, 2, 3])
    func streamedAgreementIsTheRenderedRun(_ format: TableFormat, threads: Int) throws {
        #expect(Self.grid.count == 40)
        let (table, solutions) = try Table.run(Array(Self.grid), digits: 12, methods: [.closedForm, .newton],
                                               provenance: Self.provenance, threads: threads)
        let checks = solutions.map(\.check)
        for pacing in [StreamPacing(window: 6, batch: 4), StreamPacing(window: 1, batch: 1), StreamPacing()] {
            var writes: [String] = []
            let summary = try Table.streamAgreement(Self.grid, format: format, digits: 12, methods: [.closedForm, .newton],
                                                    provenance: Self.provenance, threads: threads, pacing: pacing) {
                writes.append($0)
            }
            #expect(writes.joined() == format.render(table), "\(pacing)")
            #expect(writes.count > (pacing.batch < 40 ? 2 : 1), "written in pieces")
            #expect(summary.lines.map { "\($0.key): \($0.value)" }
                    == PolicyReports.agreementSummary(checks, digits: 12).map { "\($0.key): \($0.value)" })
            #expect(summary.rows == 40 && summary.failing == checks.filter { !$0.passed }.count && summary.uncertified == 0)
        }
    }

    @Test func certifiedAndShardedStreamIsTheRenderedRun() throws {
        let shard = Shard(index: 2, count: 3).rows(of: Self.grid)
        #expect(Array(shard) == Shard(index: 2, count: 3).rows(of: Array(Self.grid)))
        let (table, _) = try Table.run(Array(shard), digits: 10, methods: [.closedForm, .newton, .bisection], certify: true,
                                       provenance: Self.provenance, threads: 2)
        var text = ""
        let summary = try Table.streamAgreement(shard, format: .json, digits: 10, methods: [.closedForm, .newton, .bisection],
                                                certify: true, provenance: Self.provenance, threads: 2,
                                                pacing: StreamPacing(window: 3, batch: 2)) { text += $0 }
        #expect(text == TableFormat.json.render(table))
        #expect(summary.lines.map { "\($0.key): \($0.value)" } == table.summary.map { "\($0.key): \($0.value)" })
        #expect(summary.lines.last?.key == "rows certified")
    }

    /// The buffered formats' table, collected without the solutions, is `run`'s.
    @Test func collectedAgreementIsTheRun() throws {
        let (table, _) = try Table.run(Array(Self.grid), digits: 12, methods: [.closedForm, .newton], threads: 2)
        let (collected, summary) = try Table.agreement(Self.grid, digits: 12, methods: [.closedForm, .newton], threads: 2)
        for format in TableFormat.allCases {
            #expect(format.render(collected) == format.render(table), "\(format)")
        }
        #expect(summary.rows == 40)
    }

    /// Rows below the agreement asked for: the worst row is the first with the fewest digits,
    /// the failing ones are counted, the cross-checks' least digits shown.
    @Test func summaryOfFailingRowsIsTheWholeTables() {
        func row(_ name: String, _ agreement: Int, passed: Bool, cross: Int? = nil, certified: Bool? = nil) -> AgreementRow {
            AgreementRow(cells: [name, "reverse", "0.1", "0.3", "1", "x", "x", "n/a", "n/a", "0.00", String(agreement)],
                         agreementDigits: agreement, passed: passed, crossCheckDigits: cross, certified: certified)
        }
        let rows = [row("a", 30, passed: true), row("b", 7, passed: false, cross: 60), row("c", 30, passed: true),
                    row("d", 7, passed: false), row("e", 3, passed: false, cross: 50), row("f", 3, passed: false)]
        for n in 0...rows.count {
            var summary = AgreementSummary(digits: 30, certify: false)
            for r in rows.prefix(n) { summary.add(r) }
            let part = rows.prefix(n)
            let worst = part.min { $0.agreementDigits < $1.agreementDigits }
            let expected = PolicyReports.summaryLines(
                rows: n, digits: 30, crossCheckDigits: part.compactMap(\.crossCheckDigits).min(),
                worstAgreement: worst?.agreementDigits, failing: part.filter { !$0.passed }.count,
                worstRow: worst.map { $0.cells.prefix(5).joined(separator: ", ") })
            #expect(summary.lines.map { "\($0.key): \($0.value)" } == expected.map { "\($0.key): \($0.value)" })
        }
        var all = AgreementSummary(digits: 30, certify: true)
        for r in rows { all.add(r) }
        #expect(all.lines.contains { $0.key == "worst row" && $0.value == "e, reverse, 0.1, 0.3, 1" })
        #expect(all.failing == 4 && all.uncertified == 6)
        #expect(all.lines.last.map { "\($0.key): \($0.value)" } == "rows certified: 0 of 6")
    }
}
