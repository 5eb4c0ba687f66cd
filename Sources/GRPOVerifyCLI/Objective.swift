import ArgumentParser
import Certification
import Golden
import Inputs
import Multiprecision
import Reports

struct Objective: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "GRPO's alignment objective F_G(μ) for 0/1 rewards and its derivative W_G(μ), certified.",
        discussion: """
            The stationary points of (11) are those of F_G(μ(π)) − β KL(π_ref‖π), μ = Σ_o π(o) s_o, with \
            F_G(μ) = E_{k ~ Bin(G, μ)}[g_G(k)], g_G(k) = (1/G) Σ_{j<k} (sqrt((G−1−j)/(j+1)) + sqrt(j/(G−j))), \
            and F_G′ = W_G = U_G + V_G; F_2(μ) = μ and F_∞(μ) = 2 arcsin sqrt μ. Both values are interval \
            enclosures; only digits every point of the enclosure rounds to alike are printed. At G = ∞ \
            and μ ∈ {0, 1} the derivative is printed as inf. A finite G costs up to G square roots \
            (g_G at the mode of Bin(G, μ)). Exit status 1 if fewer than --digits digits are certified, \
            2 on bad input.
            """
    )

    @Option(name: .customLong("group-size"), help: "Group size G: an integer in 2…10000000, or inf.")
    var groupSize: Checked<GroupSizeFlag>
    @Option(name: .customLong("success-rate"), help: "Success rate μ in [0, 1] (decimal, read exactly).")
    var successRate: Checked<SuccessRateFlag>
    @Option(help: "population (the one supported).")
    var normalisation: Checked<ObjectiveNormalisationFlag> = "population"
    @Option(help: "Significant digits, 5…10000.")
    var digits: Checked<DigitsFlag> = "30"
    @Option(help: "text or json.")
    var format: Checked<FormatFlag<SolveFormat>> = "text"

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = limits.start("objective")
        defer { progress.finish() }
        let result = try CertifiedObjective(groupSize: groupSize.value, successRate: successRate.value, digits: digits.value)
        switch format.value {
        case .text: try StandardOutput.write(ObjectiveReports.text(result))
        case .json: try StandardOutput.write(ObjectiveReports.json(result, provenance: [
            ("command", "objective"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version),
            ("digits", digits.text), ("group_size", groupSize.text), ("success_rate", successRate.text),
            ("normalisation", normalisation.text)]).rendered())
        }
        if !result.passed {
            let counts = [("F_G(μ)", result.objective.digits), ("W_G(μ)", result.derivative?.digits ?? digits.value)]
            throw VerificationFailed("objective: " + counts.filter { $0.1 < digits.value }
                .map { "\($0.0) certified to \($0.1) of \(digits.value) digits" }.joined(separator: ", "))
        }
    }
}
