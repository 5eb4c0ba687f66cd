import ArgumentParser
import Certification
import Golden
import Inputs
import Reports

struct Threshold: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Direct KL with large groups: the threshold β_c(π_ref) and the stationary points around it.",
        discussion: """
            β_c solves 2 asinh β − 2 sqrt(1 + β²)/β = logit π_ref(a), certified by interval Newton; \
            just below and above it the zeros of h(x) = 1/(β sqrt(x(1 − x))) − logit x + logit π_ref(a) \
            are counted by certified root isolation. Exit status 1 unless there are none below \
            and exactly two above, 2 on bad input.
            """
    )

    @Option(name: .customLong("ref"), help: "Reference probability π_ref(a) in (0, 1).")
    var reference: Checked<OpenReferenceFlag>
    @Option(help: "Significant digits, 5…10000.")
    var digits: Checked<DigitsFlag> = "30"
    @Option(help: "text or json.")
    var format: Checked<FormatFlag<SolveFormat>> = "text"

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = limits.start("threshold")
        defer { progress.finish() }
        let digits = digits.value
        let analysis = try ThresholdAnalysis(reference: reference.value, digits: digits)
        switch format.value {
        case .text: try StandardOutput.write(ThresholdReports.text(analysis))
        case .json: try StandardOutput.write(ThresholdReports.json(analysis, provenance: [
            ("command", "threshold"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version),
            ("digits", String(digits)), ("ref", reference.text)]).rendered())
        }
        if !analysis.passed {
            throw VerificationFailed("threshold: β_c is not certified to \(digits) digits with no stationary point "
                                     + "below it and exactly two above")
        }
    }
}
