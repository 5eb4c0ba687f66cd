import ArgumentParser
import Golden
import GRPOModel
import Inputs
import Reports
import Verification

struct Variants: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One question under every advantage normalisation and KL penalty, with RLHF and NLHF.",
        discussion: """
            Rows: population (the paper), bessel (divisor G − 1, torch.std), bessel-eps:1e-4 (TRL), \
            bessel-eps:1e-6 (verl), bessel-eps:1e-9 (OpenRLHF group_norm), shift (Dr. GRPO), each with the \
            reverse and the direct KL penalty; population at β·sqrt(G/(G − 1)), which must equal \
            bessel at β; and the RLHF and NLHF closed forms. Exit status 1 if a row's methods \
            disagree or the Bessel identity fails within --digits, 2 on bad input.
            """
    )

    @Option(name: .customLong("ref"), help: "Reference probabilities π_ref(o), summing to 1.")
    var reference: String
    @Option(help: "Success probabilities s_o in [0, 1], one per answer.")
    var success: String
    @Option(name: .customLong("group-size"), help: "Group size: an integer in 2…10000000, or inf.")
    var groupSize: Checked<GroupSizeFlag> = "8"
    @Option(help: "Regularisation β > 0.")
    var beta: Checked<BetaFlag>
    @Option(help: "Significant digits, 5…10000.")
    var digits: Checked<DigitsFlag> = "30"
    @Option(help: "markdown, csv, json, latex or text.")
    var format: Checked<FormatFlag<TableFormat>> = "text"

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = limits.start("variants")
        defer { progress.finish() }
        let base = try GeneralSetting(question: Parameters.question(references: reference, successes: success),
                                      groupSize: groupSize.value, beta: beta.value)
        let digits = digits.value
        let variants = try VariantsAnalysis(base, digits: digits)
        let table = GeneralReports.variantsTable(
            variants,
            provenance: [("command", "variants"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version), ("digits", String(digits)),
                         ("ref", reference), ("success", success), ("group_size", groupSize.text), ("beta", beta.text)])
        try StandardOutput.write(format.value.render(table))
        if !variants.passed {
            throw VerificationFailed("variants: a row or the Bessel identity falls short of \(digits) digits (see the table)")
        }
    }
}
