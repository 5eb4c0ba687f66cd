import ArgumentParser
import Certification
import Golden
import GRPOModel
import Inputs
import Reports
import Verification

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

            A binary grid's table in markdown, csv or json is written as its rows complete, in \
            order (memory independent of the number of rows); text, latex and latex-macros lay \
            out their columns from every row and are written at the end. A streamed table cut \
            short by --max-seconds (or by a computation that fails at some row) has written the \
            rows done so far, whole, without the summary; bad input is refused before any row.
            """
    )

    @OptionGroup var grid: GridOptions<TableGrid>
    @OptionGroup var rewards: RewardOptions
    @Option(help: "population (the paper), bessel, population-eps:<ε>, bessel-eps:<ε> or shift (a question).")
    var normalisation: Checked<NormalisationFlag>?
    @Option(help: "Significant digits, 5…10000.")
    var digits: Checked<DigitsFlag> = "30"
    @Option(help: "closed-form, newton, bisection, grpo, a comma list of them, or all.")
    var method = "all"
    @Option(help: "markdown, csv, json, latex, latex-macros or text.")
    var format = "markdown"
    @OptionGroup var threads: ThreadsOption
    @Option(help: "Compute only shard i/n of the grid (row k goes to shard (k mod n) + 1); join the JSON shards with merge.")
    var shard: Checked<ShardFlag>?
    @Flag(help: "Add interval-Newton enclosures and a certified-digits column; exit 1 unless every row is certified.")
    var certify = false
    @OptionGroup var latex: LaTeXTableFlags
    @OptionGroup var limits: RunOptions

    func run() throws {
        if !rewards.flags.given.isEmpty { return try questionTable() }
        if normalisation != nil { throw InputError("--normalisation", "applies to a question's table (give a reward model)") }
        let digits = digits.value
        let methods = try SettingRules.methods(method)
        let output = try latex.output(format: format, columns: PolicyReports.agreementColumns(certified: certify))
        let shard = shard?.value
        let allSettings = try grid.lazySettings()
        try SettingRules.requireMethod(methods, forEachOf: allSettings)
        let settings = shard?.rows(of: allSettings) ?? allSettings

        let progress = limits.start("table", total: settings.count)
        let provenance = [("command", "table"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version),
                          ("digits", String(digits)), ("group_size", grid.groupSizes.text), ("penalty", grid.penalties.text),
                          ("beta", grid.betas.text), ("ref", grid.references), ("margin", grid.margins.text),
                          ("method", method), ("certify", String(certify))]
            + (shard.map { [(Shard.provenanceKey, $0.description)] } ?? [])
        let summary: AgreementSummary
        if case .table(let format, _) = output, format.streams {
            // Markdown, CSV and JSON: each batch of rows written as it completes (Table.streamAgreement).
            summary = try Table.streamAgreement(settings, format: format, digits: digits, methods: methods, certify: certify,
                                                title: TableTitles.agreement, provenance: provenance, threads: threads.count,
                                                progress: progress.advance) { text in
                try progress.pausing { () throws(IOFailure) in try StandardOutput.stream(text) }
            }
            try StandardOutput.sync()
            progress.finish()
        } else {
            // Text, LaTeX and the macros lay out their columns from every row: written at the end.
            let table: Table
            (table, summary) = try Table.agreement(settings, digits: digits, methods: methods, certify: certify,
                                                   title: TableTitles.agreement, provenance: provenance,
                                                   threads: threads.count, progress: progress.advance)
            progress.finish()
            try StandardOutput.write(output.render(table))
        }
        if summary.failing > 0 || summary.uncertified > 0 {
            throw VerificationFailed("table: of \(summary.rows) rows, \(summary.failing) agree to fewer than \(digits) digits"
                                     + (certify ? " and \(summary.uncertified) are not certified to \(digits) digits" : ""))
        }
    }

    /// One question over a grid of group sizes, penalties and β.
    private func questionTable() throws {
        if grid.margin != nil { throw InputError("--margin", "applies to binary questions; a question's table has a reward model") }
        if certify { throw InputError("--certify", "a question's table certifies every row already") }
        let normalisation = normalisation ?? "population"
        let questions = try QuestionGrid(question: Parameters.question(references: grid.references, rewards: rewards.flags),
                                         groupSizes: grid.groupSizes.value, penalties: grid.penalties.value,
                                         normalisation: normalisation.value, betas: grid.betas.value, method: method,
                                         shard: shard?.value)
        let digits = digits.value
        let output = try latex.output(format: format, columns: GeneralReports.questionColumns(answers: questions.answers))
        let progress = limits.start("table", total: questions.settings.count)
        let checks = try questions.checks(digits: digits, threads: threads.count, progress: progress.advance)
        progress.finish()
        let table = GeneralReports.questionTable(checks, title: TableTitles.question, provenance:
            [("command", "table"), ("schema", String(GoldenFile.schema)), ("version", GRPOVerify.version), ("digits", String(digits)),
             ("group_size", grid.groupSizes.text), ("penalty", grid.penalties.text), ("normalisation", normalisation.text),
             ("beta", grid.betas.text), ("ref", grid.references)] + rewards.flags.provenance + [("method", method)]
            + (questions.shard.map { [(Shard.provenanceKey, $0.description)] } ?? []))
        try StandardOutput.write(output.render(table))
        let failed = checks.filter { !$0.passed }.count
        if failed > 0 { throw VerificationFailed("table: \(failed) of \(checks.count) rows not verified") }
    }
}
