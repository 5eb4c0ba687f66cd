import Foundation
import Inputs
import Reports

/// The JSON shards of one `table --shard i/n` (or `report --shard i/n`) sweep joined into the
/// table a single run gives, which must be the one its provenance describes: every row of the
/// grid, in order (read back as a golden file).
public enum ShardMerge {
    /// The shards in the files at `paths` (each a regular file of at most `GoldenFile.maximumBytes`).
    public static func merge(files paths: [String]) throws -> Table {
        let tables = try paths.map { file -> (name: String, table: Table) in
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
                shards.first?.title == TableTitles.question ? GeneralReports.questionSummary(rows)
                    : try PolicyReports.mergedSummary(shards, merged: rows)
            }
        } catch {
            throw InputError("merge", error.description)
        }
        _ = try GoldenFile(data: Data(TableFormat.json.render(merged).utf8), name: "merge: the merged table")
        return merged
    }
}
