import ArgumentParser
import Claims
import Golden
import Foundation
import Inputs
import Reports

struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the claims checklist: every claim of proofs/ with the checks that discharge it.",
        discussion: """
            Statuses: proved exactly (identities over the rationals), certified on grid (interval \
            enclosures at every point), proved for all … (a sign proved exactly on the whole \
            parameter domain by Bernstein coefficients), refuted (a statement of the paper false \
            as stated, with a certified counterexample; not a failure), FAILED. The domain column \
            says "full" or which part of the domain the checks cover. Times are in JSON only, so \
            the other formats are the same from run to run. \
            Exit status 1 if any check fails, 2 on bad input.
            """
    )

    @Option(help: "Significant digits of the grid checks, 5…10000.")
    var digits: Checked<DigitsFlag> = "30"
    @Option(help: "text, markdown, csv, json or latex.")
    var format: Checked<FormatFlag<TableFormat>> = "text"

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = limits.start("prove")
        defer { progress.finish() }
        let digits = digits.value
        let results = Prover.prove(context: ProofContext(digits: digits))
        try StandardOutput.write(format.value.render(ClaimsTable.table(results, digits: digits, provenance: [
            ("command", "prove"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version),
            ("digits", String(digits))], times: format.value == .json)))
        let failed = results.filter(\.failed).count
        if failed > 0 { throw VerificationFailed("prove: \(failed) of \(results.count) claims failed") }
    }
}
