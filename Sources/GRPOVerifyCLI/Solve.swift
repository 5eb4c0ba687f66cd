import ArgumentParser
import Certification
import GRPOModel
import Reports
import Verification

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The stationary probability π(a) of the better answer of a binary question.",
        discussion: """
            Every applicable method runs at two precisions; only digits on which the error \
            estimate leaves no doubt are printed. Exit status 1 if the methods disagree \
            within the requested digits, 2 on bad input.
            """
    )

    @Option(name: .customLong("group-size"), help: "Group size G: an integer in 2…10000000, or inf.")
    var groupSize = "2"
    @Option(help: "Regularisation β > 0 (decimal).")
    var beta: String
    @Option(name: .customLong("ref"), help: "Reference probability π_ref(a) in [0, 1].")
    var reference: String
    @Option(help: "Confidence margin γ in (0, 1]; below 1 only for --group-size 2.")
    var margin = "1"
    @Option(help: "KL penalty: reverse (GRPO) or direct.")
    var penalty = "reverse"
    @Option(help: "Significant digits, 5…10000.")
    var digits = "30"
    @Option(help: "closed-form, newton, bisection, grpo, a comma list of them, or all.")
    var method = "all"
    @Option(help: "text or json.")
    var format = "text"
    @Flag(help: "Also prove an enclosure of the policy by interval Newton and check the closed form against it.")
    var certify = false

    func run() throws {
        let setting = try SettingRules.setting(
            groupSize: Parameters.groupSize(groupSize),
            penalty: Parameters.penalty(penalty),
            beta: Parameters.decimal(beta, flag: "--beta", in: .positive),
            reference: Parameters.decimal(reference, flag: "--ref", in: .probability),
            margin: Parameters.decimal(margin, flag: "--margin", in: .margin))
        let digits = try Parameters.digits(digits)
        let methods = try SettingRules.methods(method)
        let format = try Parameters.choice(format, flag: "--format", among: SolveFormat.allCases)
        if methods == [.closedForm] && !Method.closedForm.applies(to: setting) {
            throw InputError("--method", "the paper gives no closed form for G = \(setting.groupSize) "
                             + "with the \(setting.penalty.rawValue) penalty; use newton, bisection or grpo")
        }

        let check = try PolicyCheck(setting, digits: digits, methods: methods)
        let certified = certify
            ? CertifiedPolicy(setting, digits: digits, approximation: check.primary.run.value) : nil
        switch format {
        case .text: print(PolicyReports.solveText(check, certified: certified), terminator: "")
        case .json:
            let provenance: [(key: String, value: String)] = [("command", "solve"), ("version", GRPOVerify.version), ("digits", String(digits)),
                              ("group_size", groupSize), ("penalty", penalty), ("beta", beta), ("ref", reference),
                              ("margin", margin), ("method", method), ("certify", String(certify))]
            print(PolicyReports.solveJSON(check, certified: certified, provenance: provenance).rendered(),
                  terminator: "")
        }
        if !check.passed || certified?.agreementCertified == false { throw ExitCode(1) }
    }
}
