import Foundation
import Reports
import Testing

/// `table` writes markdown, CSV and JSON as the rows complete and the other formats at the
/// end; all of them are renderings of the same table, whatever the thread count.
@Suite(.serialized) struct StreamedTableCommand {
    /// 40 rows: G = 2 with both penalties and two margins (32), G = ∞ (8).
    static let grid = ["table", "--group-size", "2,inf", "--penalty", "reverse,direct", "--beta", "0.01,4",
                       "--ref", "0.001,0.3,0.9,1", "--margin", "0.25,1", "--digits", "12", "--method", "closed-form,newton"]

    @Test func everyFormatIsARenderingOfTheStreamedJSON() throws {
        let streamed = try grpoVerify(Self.grid + ["--format", "json"])
        #expect(streamed.status == 0 && streamed.stderr.isEmpty)
        let table = try Table(json: JSONValue.parse(streamed.stdout), knownColumns: PolicyReports.knownColumns)
        #expect(table.rows.count == 40)
        #expect(TableFormat.json.render(table) == streamed.stdout)
        for format in ["markdown", "csv", "text", "latex"] {
            for threads in ["1", "2", "5"] {
                let result = try grpoVerify(Self.grid + ["--format", format, "--threads", threads])
                #expect(result.status == 0)
                #expect(result.stdout == TableFormat(rawValue: format)!.render(table), "\(format), \(threads) threads")
            }
        }
    }

    /// Bad input is refused before anything is written, streamed format or not.
    @Test(arguments: [
        ["--beta", "0.001:10:0.001", "--ref", "0.001:0.999:0.001"],  // 10⁷ rows: over the limit
        ["--group-size", "64", "--method", "closed-form"],
        ["--format", "html"],
        ["--columns", "beta"],
    ])
    func badInputWritesNothing(_ extra: [String]) throws {
        let base = ["table", "--penalty", "reverse", "--margin", "1", "--digits", "10"]
        let result = try grpoVerify(base + (extra.contains("--format") ? [] : ["--format", "json"]) + extra)
        #expect(result.status == 2, "\(extra)")
        #expect(result.stdout.isEmpty, "\(extra)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(extra)")
    }
}
