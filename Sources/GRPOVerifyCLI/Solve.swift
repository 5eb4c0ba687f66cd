import ArgumentParser
import Certification
import GRPOModel
import Reports
import Verification

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The stationary policy: π(a) of a binary question, or π of a question with several answers.",
        discussion: """
            A single --ref is a binary question (a better, b worse) with the paper's closed forms. \
            Lists --ref 0.5,0.3,0.2 --success 0.9,0.5,0.1 give answers with Bernoulli rewards \
            (success probabilities), solved by the success-rate equation and by GRPO on all \
            answers. Every method runs at two precisions; only digits on which the error \
            estimate leaves no doubt are printed. Exit status 1 if the methods disagree \
            within the requested digits, 2 on bad input.
            """
    )

    @Option(name: .customLong("group-size"), help: "Group size G: an integer in 2…10000000, or inf.")
    var groupSize = "2"
    @Option(help: "Regularisation β > 0 (decimal).")
    var beta: String
    @Option(name: .customLong("ref"), help: "Reference probability π_ref(a) in [0, 1], or a list π_ref(o) summing to 1.")
    var reference: String
    @Option(help: "Success probabilities s_o in [0, 1], one per --ref entry (questions with several answers).")
    var success: String?
    @Option(help: "Confidence margin γ in (0, 1]; below 1 only for --group-size 2 (binary questions).")
    var margin: String?
    @Option(help: "population (the paper), bessel, population-eps:<ε>, bessel-eps:<ε> or shift.")
    var normalisation = "population"
    @Option(help: "KL penalty: reverse (GRPO) or direct.")
    var penalty = "reverse"
    @Option(help: "Significant digits, 5…10000.")
    var digits = "30"
    @Option(help: "closed-form, newton, bisection, grpo (binary), success-rate, grpo (lists), a comma list, or all.")
    var method = "all"
    @Option(help: "text, json or latex (a \\newcommand with the value; binary questions).")
    var format = "text"
    @Flag(help: "Also prove an enclosure of the policy by interval Newton and check the closed form against it.")
    var certify = false

    @OptionGroup var limits: RunOptions

    func run() throws {
        let progress = try limits.start("solve")
        defer { progress.finish() }
        if success != nil || reference.contains(",") { return try solveQuestion() }
        let setting = try SettingRules.setting(
            groupSize: Parameters.groupSize(groupSize),
            penalty: Parameters.penalty(penalty),
            beta: Parameters.decimal(beta, flag: "--beta", in: .positive),
            reference: Parameters.decimal(reference, flag: "--ref", in: .probability),
            margin: Parameters.decimal(margin ?? "1", flag: "--margin", in: .margin),
            normalisation: Parameters.normalisation(normalisation))
        let digits = try Parameters.digits(digits)
        let methods = try SettingRules.methods(method)
        let format = try Parameters.choice(format, flag: "--format", among: SolveOutput.allCases)
        try SettingRules.requireMethod(methods, forEachOf: [setting])

        let check = try PolicyCheck(setting, digits: digits, methods: methods)
        try check.requireLoneMethodConverged()
        let certified = certify
            ? CertifiedPolicy(setting, digits: digits, approximation: check.primary.run.value) : nil
        switch format {
        case .text: try StandardOutput.write(PolicyReports.solveText(check, certified: certified))
        case .json:
            let provenance: [(key: String, value: String)] = [("command", "solve"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version), ("digits", String(digits)),
                              ("group_size", groupSize), ("penalty", penalty), ("beta", beta), ("ref", reference),
                              ("margin", margin ?? "1"), ("normalisation", normalisation), ("method", method),
                              ("certify", String(certify))]
            try StandardOutput.write(PolicyReports.solveJSON(check, certified: certified, provenance: provenance).rendered())
        case .latex: try StandardOutput.write(latexMacro(check, certified: certified, digits: digits))
        }
        if !check.passed {
            throw VerificationFailed("solve: the methods agree to \(check.agreementDigits) of \(digits) digits")
        }
        if let certified, !certified.agreementCertified {
            throw VerificationFailed("solve: the policy is certified to \(certified.certifiedDigits) of \(digits) digits "
                                     + "(\(certified.certificate))")
        }
    }

    /// A question with several answers and Bernoulli rewards.
    private func solveQuestion() throws {
        guard let success else { throw InputError("--success", "required with a list of --ref values") }
        if margin != nil { throw InputError("--margin", "applies to binary questions; give success probabilities instead") }
        if certify { throw InputError("--certify", "available for binary questions (a single --ref)") }
        let setting = try GeneralSetting(
            question: Parameters.question(references: reference, successes: success),
            groupSize: Parameters.groupSize(groupSize), penalty: Parameters.penalty(penalty),
            normalisation: Parameters.normalisation(normalisation),
            beta: Parameters.decimal(beta, flag: "--beta", in: .positive))
        let digits = try Parameters.digits(digits)
        let methods: [GeneralMethod] = method == "all" ? GeneralMethod.allCases
            : try Parameters.list(method, flag: "--method") {
                [try Parameters.choice($0, flag: "--method", among: GeneralMethod.allCases)]
            }
        let format = try Parameters.choice(format, flag: "--format", among: SolveFormat.allCases)
        let check = try GeneralCheck(setting, digits: digits, methods: methods)
        try check.requireLoneMethodConverged()
        switch format {
        case .text: try StandardOutput.write(GeneralReports.solveText(check))
        case .json: try StandardOutput.write(GeneralReports.solveJSON(check, provenance: [
            ("command", "solve"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version),
            ("digits", String(digits)), ("group_size", groupSize), ("penalty", penalty), ("normalisation", normalisation),
            ("beta", beta), ("ref", reference), ("success", success), ("method", method)]).rendered())
        }
        if !check.passed {
            throw VerificationFailed("solve: the methods agree to \(check.agreementDigits) of \(digits) digits")
        }
    }
}
