import ArgumentParser
import Golden
import Inputs
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
    var format: Checked<FormatFlag<TableFormat>> = "json"

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = limits.start("merge")
        defer { progress.finish() }
        guard !files.isEmpty else { throw InputError("merge", "expected the JSON files of the shards") }
        try StandardOutput.write(format.value.render(try ShardMerge.merge(files: files)))
    }
}
