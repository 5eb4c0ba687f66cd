import ArgumentParser
import Certification
import Golden
import GRPOModel
import Inputs
import Reports
import Verification

/// The default grid of `table` and `report`.
enum DefaultGrid {
    static let groupSizes = "2,inf"
    static let penalties = "reverse,direct"
    static let betas = SettingGrid.defaultBetas.joined(separator: ",")
    static let references = SettingGrid.defaultReferences.joined(separator: ",")
    static let margins = SettingGrid.defaultMargins.joined(separator: ",")
}

struct TableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "The agreement table: closed forms against every solver on a grid.",
        discussion: """
            Each grid flag takes a comma list whose items are decimals or inclusive ranges \
            start:stop:step. Margins below 1 and the direct penalty apply to G = 2 rows only. \
            With a reward model (--success, --rewards, --reward-levels with --reward-probabilities, \
            or --preference), --ref is one question's reference list and the grid runs over \
            --group-size, --penalty and --beta, with every stationary policy certified per row. \
            Exit status 1 if any row agrees to fewer than --digits digits, 2 on bad input.
            """
    )

    @Option(name: .customLong("group-size"), help: "Group sizes: integers in 2…10000000 and/or inf.")
    var groupSize = DefaultGrid.groupSizes
    @Option(help: "Penalties: reverse and/or direct.")
    var penalty = DefaultGrid.penalties
    @Option(help: "Values of β > 0.")
    var beta = DefaultGrid.betas
    @Option(name: .customLong("ref"), help: "Values of π_ref(a) in [0, 1].")
    var reference = DefaultGrid.references
    @Option(help: "Values of γ in (0, 1] (binary questions).")
    var margin: String?
    @Option(help: "Success probabilities s_o, one per --ref entry (a question: Bernoulli rewards).")
    var success: String?
    @Option(help: "Deterministic graded rewards r_o, one per --ref entry (a question).")
    var rewards: String?
    @Option(name: .customLong("reward-levels"), help: "Reward levels v_1,…,v_L, with --reward-probabilities (a question).")
    var rewardLevels: String?
    @Option(name: .customLong("reward-probabilities"), help: "\"q_11,…,q_1L;…;q_K1,…,q_KL\", one row per answer.")
    var rewardProbabilities: String?
    @Option(help: "\"P_11,…,P_1K;…;P_K1,…,P_KK\", P_ij = P(o_i ≻ o_j) (a question, groups of two).")
    var preference: String?
    @Option(help: "population (the paper), bessel, population-eps:<ε>, bessel-eps:<ε> or shift (a question).")
    var normalisation: String?
    @Option(help: "Significant digits, 5…10000.")
    var digits = "30"
    @Option(help: "closed-form, newton, bisection, grpo, a comma list of them, or all.")
    var method = "all"
    @Option(help: "markdown, csv, json, latex, latex-macros or text.")
    var format = "markdown"
    @Option(help: "Worker threads, 1…1024 (1: sequential; default: one per core). The output does not depend on it.")
    var threads: String?
    @Option(help: "Compute only shard i/n of the grid (row k goes to shard (k mod n) + 1); join the JSON shards with merge.")
    var shard: String?
    @Flag(help: "Add interval-Newton enclosures and a certified-digits column; exit 1 unless every row is certified.")
    var certify = false
    @OptionGroup var latex: LaTeXTableFlags
    @OptionGroup var limits: RunOptions

    var rewardFlags: RewardFlags {
        .init(success: success, rewards: rewards, levels: rewardLevels, probabilities: rewardProbabilities, preference: preference)
    }

    func run() throws {
        if !rewardFlags.given.isEmpty { return try questionTable() }
        if normalisation != nil { throw InputError("--normalisation", "applies to a question's table (give a reward model)") }
        let margin = margin ?? DefaultGrid.margins
        let grid = try SettingRules.grid(groupSize: groupSize, penalty: penalty, beta: beta,
                                         reference: reference, margin: margin)
        let digits = try Parameters.digits(digits)
        let methods = try SettingRules.methods(method)
        let output = try latex.output(format: format, columns: PolicyReports.agreementColumns(certified: certify))
        let threads = try threads.map(Parameters.threads) ?? defaultThreads
        let shard = try Parameters.shard(shard)
        let allSettings = try Parameters.settings(of: grid)
        try SettingRules.requireMethod(methods, forEachOf: allSettings)
        let settings = shard?.rows(of: allSettings) ?? allSettings

        let progress = try limits.start("table", total: settings.count * (certify ? 2 : 1))
        let checks = try PolicyCheck.all(settings, digits: digits, methods: methods, threads: threads,
                                         progress: progress.advance)
        let certified = certify ? try orderedMap(checks, threads: threads, progress: progress.advance) {
            CertifiedPolicy($0.setting, digits: digits, approximation: $0.primary.run.value)
        } : nil
        progress.finish()
        let table = PolicyReports.agreementTable(
            checks, certified: certified, digits: digits, title: TableTitles.agreement,
            provenance: [("command", "table"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version), ("digits", String(digits)),
                         ("group_size", groupSize), ("penalty", penalty), ("beta", beta),
                         ("ref", reference), ("margin", margin), ("method", method),
                         ("certify", String(certify))] + (shard.map { [(Shard.provenanceKey, $0.description)] } ?? []))
        try StandardOutput.write(output.render(table))
        let short = checks.filter { !$0.passed }.count
        let uncertified = certified?.filter { !$0.agreementCertified }.count ?? 0
        if short > 0 || uncertified > 0 {
            throw VerificationFailed("table: of \(checks.count) rows, \(short) agree to fewer than \(digits) digits"
                                     + (certify ? " and \(uncertified) are not certified to \(digits) digits" : ""))
        }
    }

    /// One question over a grid of group sizes, penalties and β.
    private func questionTable() throws {
        if margin != nil { throw InputError("--margin", "applies to binary questions; a question's table has a reward model") }
        if certify { throw InputError("--certify", "a question's table certifies every row already") }
        let grid = try QuestionGrid(reference: reference, rewards: rewardFlags, groupSize: groupSize, penalty: penalty,
                                    normalisation: normalisation ?? "population", beta: beta, method: method, shard: shard)
        let digits = try Parameters.digits(digits)
        let output = try latex.output(format: format, columns: GeneralReports.questionColumns(answers: grid.answers))
        let threads = try threads.map(Parameters.threads) ?? defaultThreads
        let progress = try limits.start("table", total: grid.settings.count)
        let checks = try grid.checks(digits: digits, threads: threads, progress: progress.advance)
        progress.finish()
        let table = GeneralReports.questionTable(checks, title: TableTitles.question, provenance:
            [("command", "table"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version), ("digits", String(digits)),
             ("group_size", groupSize), ("penalty", penalty), ("normalisation", normalisation ?? "population"),
             ("beta", beta), ("ref", reference)] + rewardFlags.provenance + [("method", method)]
            + (grid.shard.map { [(Shard.provenanceKey, $0.description)] } ?? []))
        try StandardOutput.write(output.render(table))
        let failed = checks.filter { !$0.passed }.count
        if failed > 0 { throw VerificationFailed("table: \(failed) of \(checks.count) rows not verified") }
    }
}
