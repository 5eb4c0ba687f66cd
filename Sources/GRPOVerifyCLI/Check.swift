import ArgumentParser
import Golden
import GRPOModel
import Inputs
import Multiprecision
import Reports
import Verification

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute every value of a golden JSON or LaTeX macros file and compare it digit for digit.",
        discussion: """
            The file is any JSON the suite writes: `table --format json` (a shard too: its rows \
            are checked), `merge`, `report`'s .json tables, `solve`, `threshold`, `variants`, \
            `stability` or `prove` with --format json. Binary policies are recomputed (closed form if the \
            paper gives one, else Newton) at the file's digits; every other file is recomputed \
            whole by the functions that wrote it and compared value by value (iteration counts, \
            residuals, differences and timings are diagnostics, not compared). A recorded decimal must \
            have the digits its recomputation has at the file's digits (a shorter rounding, such \
            as 1 for 0.98833…, is a corrupted baseline and a mismatch) and equal it in all of them \
            (with --digits, in the first D). \
            It may also be a LaTeX macros file (told by its content: a `% command:` provenance and \
            \\newcommand lines) of `solve --format latex`, `table --format latex-macros` or \
            `report`'s macros.tex: each macro is recomputed from the `reproduce:` command of its \
            comment (with the certificate the comment records) and its name, value, counts, \
            enclosure and command compared with what the suite writes for that setting. \
            Exit status 1 with one line per mismatch; 2 if the file is not such a file (duplicate \
            keys or macro names included; the error names the line of a macros file) or has a \
            schema newer than this grpo-verify reads; a file from another suite version with the \
            same schema is read.
            """
    )

    @Option(help: "A golden JSON or LaTeX macros file (a regular file of at most 64 MiB).")
    var golden: String
    @Option(help: "Compare only the first D significant digits of each value, 5…10000 (default: all).")
    var digits: Checked<DigitsFlag>?
    @OptionGroup var threads: ThreadsOption

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = limits.start("check")
        defer { progress.finish() }
        let limit = digits?.value
        let file = try GoldenFile(contentsOf: golden)
        let (mismatches, compared) = try file.mismatches(digits: limit, threads: threads.count)
        for line in mismatches { try StandardOutput.line(singleLine(line)) }
        let digitsCompared = limit.map { "the first \($0)" } ?? "all"
        if mismatches.isEmpty {
            try StandardOutput.line("ok: \(singleLine(golden)): \(compared) values at \(file.digits) digits match "
                                    + "(\(digitsCompared) digits compared)")
        } else {
            try StandardOutput.line("FAILED: \(singleLine(golden)): \(mismatches.count) of \(compared) values differ")
            throw VerificationFailed("check: \(mismatches.count) of \(compared) values of \(singleLine(golden)) differ")
        }
    }
}
