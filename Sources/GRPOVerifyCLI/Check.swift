import ArgumentParser
import GRPOModel
import Verification

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute every value of a golden JSON file and compare it digit for digit.",
        discussion: """
            The file is JSON written by `table --format json`, `report` (its .json tables) or \
            `solve --format json`. Each setting is recomputed (closed form if the paper gives one, \
            else Newton) at the file's digits, and each recorded value must equal the recomputed \
            decimal at the value's own digit count. Exit status 1 with one line per mismatch, 2 if \
            the file is not such a JSON file.
            """
    )

    @Option(help: "A golden JSON file (at most 64 MiB).")
    var golden: String
    @Option(help: "Compare only the first D significant digits of each value, 5…10000 (default: all).")
    var digits: String?
    @Option(help: "Worker threads, 1…1024 (default: one per core).")
    var threads: String?

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = try limits.start("check")
        defer { progress.finish() }
        let limit = try digits.map(Parameters.digits)
        let threads = try threads.map(Parameters.threads) ?? defaultThreads
        let file = try GoldenFile(contentsOf: golden)
        let mismatches = try file.mismatches(digits: limit, threads: threads)
        for line in mismatches { print(line) }
        let compared = limit.map { "the first \($0)" } ?? "all"
        if mismatches.isEmpty {
            print("ok: \(golden): \(file.entries.count) values at \(file.digits) digits match (\(compared) digits compared)")
        } else {
            print("FAILED: \(golden): \(mismatches.count) of \(file.entries.count) values differ")
            throw ExitCode(1)
        }
    }
}

extension GoldenFile {
    /// Recomputes every entry's setting (closed form if there is one, else Newton) at the file's
    /// digits, and returns one line per value whose first `min(its digits, limit)` digits differ.
    func mismatches(digits limit: Int?, threads: Int) throws -> [String] {
        var seen = Set<BinarySetting>()
        let settings = entries.map(\.setting).filter { seen.insert($0).inserted }
        let outcomes = try orderedMap(settings, threads: threads) { setting in
            let method: Method = Method.closedForm.applies(to: setting) ? .closedForm : .newton
            return try PolicyCheck(setting, digits: digits, methods: [method]).primary
        }
        let recomputed = Dictionary(uniqueKeysWithValues: zip(settings, outcomes))
        return entries.compactMap { entry in
            let outcome = recomputed[entry.setting]!
            let wanted = min(entry.digits, limit ?? entry.digits)
            let got = outcome.run.value.decimalString(significantDigits: entry.digits)
            let agreeing = Significand(got).agreement(with: Significand(entry.text))
            let exact = limit != nil || got == entry.text
            if agreeing >= wanted && outcome.earnedDigits >= wanted && exact { return nil }
            let s = entry.setting
            return "\(entry.field): G = \(s.groupSize), penalty = \(s.penalty.rawValue), β = \(s.beta), "
                + "π_ref(a) = \(s.reference), γ = \(s.confidenceMargin): expected \(entry.text) got \(got) "
                + "(\(agreeing) of \(wanted) digits agree"
                + (outcome.earnedDigits < wanted ? "; recomputation earned \(outcome.earnedDigits))" : ")")
        }
    }
}
