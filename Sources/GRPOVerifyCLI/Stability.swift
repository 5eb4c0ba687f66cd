import ArgumentParser
import Certification
import Golden
import Inputs
import Reports

struct Stability: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Direct KL, large G: which stationary points GRPO converges to, and its 2-cycles.",
        discussion: """
            Fixed points of Mroueh's map logit T(p) = logit π_ref + 1/(β sqrt(p(1 − p) + ε)) \
            (the zeros of h at ε = 0), each marked stable or not for gradient flow (h′ < 0) and \
            for the map (|T′| < 1), and the 2-cycles of T with their multipliers, all isolated \
            with certificates. Exit status 1 if a count cannot be certified, 2 on bad input.
            """
    )

    @Option(name: .customLong("ref"), help: "Reference probability π_ref(a) in (0, 1).")
    var reference: Checked<OpenReferenceFlag>
    @Option(help: "Regularisation β > 0.")
    var beta: Checked<BetaFlag>
    @Option(help: "ε ≥ 0 inside the square root of Mroueh's map.")
    var epsilon: Checked<EpsilonFlag> = "0"
    @Option(help: "Significant digits, 5…10000.")
    var digits: Checked<DigitsFlag> = "20"
    @Option(help: "markdown, csv, json, latex or text.")
    var format: Checked<FormatFlag<TableFormat>> = "text"

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = limits.start("stability")
        defer { progress.finish() }
        let digits = digits.value
        let analysis = StabilityAnalysis(reference: reference.value, beta: beta.value, epsilon: epsilon.value, digits: digits)
        let table = StabilityReports.table(analysis, digits: digits, provenance: [
            ("command", "stability"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version), ("digits", String(digits)),
            ("ref", reference.text), ("beta", beta.text), ("epsilon", epsilon.text)])
        try StandardOutput.write(format.value.render(table))
        if !analysis.complete {
            throw VerificationFailed("stability: not every fixed point and 2-cycle was certified at \(digits) digits")
        }
    }
}
