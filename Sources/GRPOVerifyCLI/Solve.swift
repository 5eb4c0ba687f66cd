import ArgumentParser
import Certification
import Golden
import GRPOModel
import Inputs
import Reports
import Verification

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The stationary policy: π(a) of a binary question, or π of a question with several answers.",
        discussion: """
            A single --ref is a binary question (a better, b worse) with the paper's closed forms. \
            A list --ref 0.5,0.3,0.2 gives a question with several answers and one reward model: \
            --success (Bernoulli 0/1 rewards), --rewards (deterministic graded rewards), \
            --reward-levels with --reward-probabilities (a reward distribution per answer), or \
            --preference (a pairwise preference matrix, groups of two). Two answers rewarded 1 \
            and 0 are the binary question. Every method runs at two precisions; only digits on \
            which the error estimate leaves no doubt are printed; every stationary policy is \
            isolated and counted with a certificate. Exit status 1 if the methods disagree \
            within the requested digits, 2 on bad input.
            """
    )

    @Option(name: .customLong("group-size"), help: "Group size G: an integer in 2…10000000, or inf.")
    var groupSize: Checked<GroupSizeFlag> = "2"
    @Option(help: "Regularisation β > 0 (decimal).")
    var beta: Checked<BetaFlag>
    @Option(name: .customLong("ref"), help: "Reference probability π_ref(a) in [0, 1], or a list π_ref(o) summing to 1.")
    var reference: String
    @OptionGroup var rewards: RewardOptions
    @Option(help: "Confidence margin γ in (0, 1]; below 1 only for --group-size 2 (binary questions).")
    var margin: Checked<MarginFlag>?
    @Option(help: "population (the paper), bessel, population-eps:<ε>, bessel-eps:<ε> or shift.")
    var normalisation: Checked<NormalisationFlag> = "population"
    @Option(help: "KL penalty: reverse (GRPO) or direct.")
    var penalty: Checked<PenaltyFlag> = "reverse"
    @Option(help: "Significant digits, 5…10000.")
    var digits: Checked<DigitsFlag> = "30"
    @Option(help: "closed-form, newton, bisection, grpo (binary); success-rate, grpo, continuation (lists); a comma list, or all.")
    var method = "all"
    @Option(help: "text, json or latex (a \\newcommand with the value; binary questions).")
    var format = "text"
    @Flag(help: "Also prove an enclosure of the policy by interval Newton and check the closed form against it.")
    var certify = false

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = limits.start("solve")
        defer { progress.finish() }
        let flags = SolveFlags(groupSize: groupSize.value, penalty: penalty.value, normalisation: normalisation.value,
                               beta: beta.value, reference: reference, margin: margin?.value, rewards: rewards.flags)
        switch try flags.target() {
        case .binary(let setting): try solveBinary(setting, echo: flags.rewards.provenance)
        case .question(let setting): try solveQuestion(setting, echo: flags.rewards.provenance)
        }
    }

    /// A binary question, by its closed forms and every binary method.
    private func solveBinary(_ setting: BinarySetting, echo: [(key: String, value: String)]) throws {
        let digits = digits.value
        let methods = try SettingRules.methods(method)
        let format = try Parameters.choice(format, flag: "--format", among: SolveOutput.allCases)
        try SettingRules.requireMethod(methods, forEachOf: [setting])

        let solution = try StationaryPolicy.solve(setting, digits: digits, methods: methods, certify: certify)
        let (check, certified) = (solution.check, solution.certified)
        switch format {
        case .text: try StandardOutput.write(PolicyReports.solveText(check, certified: certified))
        case .json:
            let provenance: [(key: String, value: String)] = [("command", "solve"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version), ("digits", String(digits)),
                              ("group_size", groupSize.text), ("penalty", penalty.text), ("beta", beta.text), ("ref", reference)]
                              + echo + (echo.isEmpty ? [("margin", margin?.text ?? "1")] : [])
                              + [("normalisation", normalisation.text), ("method", method), ("certify", String(certify))]
            try StandardOutput.write(PolicyReports.solveJSON(check, certified: certified, provenance: provenance).rendered())
        case .latex: try StandardOutput.write(latexMacro(check, certified: certified, digits: digits))
        }
        if let failure = solution.failure { throw VerificationFailed("solve: \(failure)") }
    }

    /// A question with several answers; two answers rewarded 1 and 0 are the binary question.
    private func solveQuestion(_ setting: GeneralSetting, echo: [(key: String, value: String)]) throws {
        let digits = digits.value
        let methods = try SettingRules.methods(method, for: [setting])
        let format = try Parameters.choice(format, flag: "--format", among: SolveFormat.allCases)
        let check = try StationaryPolicy.solve(setting, digits: digits, methods: methods)
        switch format {
        case .text: try StandardOutput.write(GeneralReports.solveText(check, certify: certify))
        case .json:
            try StandardOutput.write(GeneralReports.solveJSON(check, certify: certify, provenance: [
                ("command", "solve"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version),
                ("digits", String(digits)), ("group_size", groupSize.text), ("penalty", penalty.text),
                ("normalisation", normalisation.text), ("beta", beta.text), ("ref", reference)] + echo + [("method", method), ("certify", String(certify))]).rendered())
        }
        if let failure = check.failure { throw VerificationFailed("solve: \(failure)") }
    }
}
