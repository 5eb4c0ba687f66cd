import ArgumentParser
import Foundation
import Reports

/// `grpo-verify merge FILE...`: the JSON shards of one `table --shard i/n` (or `report
/// --shard i/n`) sweep joined into the table a single run gives.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the JSON shards of a sweep (table --format json --shard i/n) into one table.",
        discussion: """
            The result is byte for byte the table of the same run without --shard. Exit status 2, \
            with one line, if a shard is missing or given twice, or the files are not shards of one \
            run (each file a regular file of at most 64 MiB).
            """
    )

    @Argument(help: "The JSON files of shards 1/n … n/n, in any order.")
    var files: [String] = []
    @Option(help: "json, markdown, csv, latex or text.")
    var format = "json"

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = try limits.start("merge")
        defer { progress.finish() }
        let format = try Parameters.choice(format, flag: "--format", among: TableFormat.allCases)
        guard !files.isEmpty else { throw InputError("merge", "expected the JSON files of the shards") }
        let tables = try files.map { file -> (name: String, table: Table) in
            let bytes = try readRegularFile(file, name: "merge", maximumBytes: GoldenFile.maximumBytes)
            do {
                let json = try JSONValue.parse(bytes)
                return (file, try Table(json: json, knownColumns: PolicyReports.knownColumns
                                        + GeneralReports.questionColumns(answers: Parameters.maximumAnswers)))
            } catch let error as JSONParseError {
                throw InputError(file, "not JSON: \(error)")
            } catch {
                throw InputError(file, "\(error)")
            }
        }
        let merged: Table
        do {
            merged = try Table.merge(tables) { shards, rows throws(MergeError) in
                shards.first?.title == TableCommand.questionTitle ? GeneralReports.questionSummary(rows)
                    : try PolicyReports.mergedSummary(shards, merged: rows)
            }
        } catch {
            throw InputError("merge", error.description)
        }
        // The merged table must be the one its provenance describes: every row of the grid, in order.
        let json = TableFormat.json.render(merged)
        _ = try GoldenFile(data: Data(json.utf8), name: "merge: the merged table")
        try StandardOutput.write(format == .json ? json : format.render(merged))
    }
}
