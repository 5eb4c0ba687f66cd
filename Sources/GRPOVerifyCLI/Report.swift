import ArgumentParser
import Certification
import Figures
import Foundation
import GRPOModel
import Multiprecision
import Reports
import Verification

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every table of the paper's binary results and write them to a folder.",
        discussion: """
            Writes each table as Markdown, CSV, JSON and LaTeX, each figure of `plot` as SVG and \
            pgfplots, preamble.tex and macros.tex for LaTeX, report.md and a self-contained \
            report.html; prints a summary. The folder is built as \
            .NAME.partial-PID beside --out and renamed into place when complete (an existing --out \
            must be empty or an earlier report: it is replaced); it is removed on a failure, \
            SIGINT or SIGTERM. Exit status 1 if any table has a row below --digits digits or \
            --out cannot be written, 2 on bad input.
            """
    )

    @Option(help: "Significant digits, 5…10000.")
    var digits = "50"
    @Option(help: "Output folder (created if missing).")
    var out = "report"
    @Option(help: "Compute only shard i/n of each grid table (row k goes to shard (k mod n) + 1); the finite-G sweep and the figures run in shard 1.")
    var shard: String?
    @OptionGroup var limits: RunOptions

    /// The finite-G sweep: G = 2, 4, …, 4096 at one (β, π_ref(a)).
    static let finiteGroupSizes = (1...12).map { 1 << $0 }
    static let finiteBeta = "0.1"
    static let finiteReference = "0.3"
    /// Significant digits of the figures' plotted values.
    static let figureDigits = 6
    /// The GRPO iteration costs one exact sum per step; beyond this G the report leaves it out.
    static let largestGroupForGRPO = 256

    /// The agreement tables: name, title and grid.
    static let agreementTables: [(name: String, title: String, grid: SettingGrid)] = {
        let grid = SettingGrid.standard(groupSizes: [.two], penalties: [.reverse])
        var large = grid
        large.groupSizes = [.infinite]
        var direct = grid
        direct.penalties = [.direct]
        return [
            ("groups-of-two", "G = 2, reverse KL: closed form (14) against the solvers", grid),
            ("large-groups", "G → ∞, reverse KL: closed form (15) against the solvers", large),
            ("direct-kl", "G = 2, direct KL: closed form against the solvers", direct),
        ]
    }()

    /// The settings of the finite-G sweep and the methods run on each.
    static let finiteGroupSettings: [(setting: BinarySetting, methods: [Method])] = finiteGroupSizes.map { g in
        let setting = BinarySetting(groupSize: .finite(g), beta: try! DecimalNumber(finiteBeta),
                                    reference: try! DecimalNumber(finiteReference),
                                    confidenceMargin: try! DecimalNumber("1"))
        return (setting, g <= largestGroupForGRPO ? Method.allCases : [.newton, .bisection])
    }

    func run() throws {
        let digits = try Parameters.digits(digits)
        let folder = try Parameters.folder(out)
        let shard = try Parameters.shard(shard)
        let output = try StagedOutput(folder: folder, flag: "--out", marker: "report.md")
        defer { output.discard() }
        let start = ContinuousClock.now
        let grids = Self.agreementTables.map { ($0.name, $0.title, shard?.rows(of: $0.grid.settings) ?? $0.grid.settings) }
        let runsFiniteGroups = shard.map { $0.index == 1 } ?? true
        let progress = try limits.start("report", total: grids.reduce(0) { $0 + $1.2.count }
                                       + (runsFiniteGroups ? Self.finiteGroupSizes.count : 0))
        var tables: [(name: String, table: Table, passed: Bool)] = []
        for (name, title, settings) in grids {
            let checks = try PolicyCheck.all(settings, digits: digits, progress: progress.advance)
            let table = PolicyReports.agreementTable(checks, digits: digits, title: title,
                                                     provenance: provenance(name, digits, shard: shard))
            tables.append((name, table, checks.allSatisfy(\.passed)))
        }
        if runsFiniteGroups {
            tables.append(try finiteGroupTable(digits: digits, progress: progress))
            for (name, build) in Self.recomputedTables {
                var (table, passed) = try build(digits)
                table.provenance = provenance(name, digits)
                tables.append((name, table, passed))
            }
        }
        progress.finish()

        for (name, table, _) in tables {
            for format in [TableFormat.markdown, .csv, .json, .latex] {
                try output.write(format.render(table), named: "\(name).\(format.fileExtension)")
            }
        }
        // Like the finite-G sweep, the figures are drawn once, by shard 1.
        let figures = runsFiniteGroups ? PaperFigure.allCases : []
        var svgs: [(String, String)] = []
        for figure in figures {
            let rendered = try Plot.render(figure, formats: [.svg, .pgfplots], digits: Self.figureDigits, command: "report")
            for (name, text) in rendered { try output.write(text, named: name) }
            svgs.append((figure.rawValue, rendered[0].text))
        }
        try output.write(index(tables.map { ($0.name, $0.table) }, figures: figures, digits: digits), named: "report.md")
        try output.write(LaTeX.preamble, named: "preamble.tex")
        try output.write(tables.filter { t in Self.agreementTables.contains { $0.name == t.name } }
            .map { LaTeXMacros.render($0.table) }.joined(separator: "\n"), named: "macros.tex")
        try output.write(HTMLReport.page(title: "grpo-verify report",
                                         intro: "Stationary policies of GRPO (arXiv:2502.18548) at \(digits) significant digits.",
                                         tables: tables.map { ($0.name, $0.table) },
                                         figures: svgs), named: "report.html")
        try output.commit()

        let seconds = Double((ContinuousClock.now - start).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - start).components.seconds)
        for (name, table, passed) in tables {
            let summary = table.summary.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
            try StandardOutput.line("\(passed ? "ok  " : "FAIL") \(name): \(summary)")
        }
        try StandardOutput.line("wrote \(tables.count) tables and \(figures.count) figures to \(singleLine(output.target.path))/ in \(String(format: "%.1f", seconds)) s")
        let failed = tables.filter { !$0.passed }.map(\.name)
        if !failed.isEmpty {
            throw VerificationFailed("report: \(failed.count) of \(tables.count) tables fall short of \(digits) digits: "
                                     + failed.joined(separator: ", "))
        }
    }

    private func finiteGroupTable(digits: Int, progress: Progress) throws -> (name: String, table: Table, passed: Bool) {
        let checks = try Self.finiteGroupSettings.map { setting, methods in
            defer { progress.advance() }
            return try PolicyCheck(setting, digits: digits, methods: methods)
        }
        let (beta, reference) = (checks[0].setting.beta, checks[0].setting.reference)
        let precision = DigitsPolicy(digits: digits).working
        let limit = try MPFRFlags.checking {
            ClosedForm.largeGroups(beta: beta.value(precision: precision), reference: reference.value(precision: precision))
        }
        let table = PolicyReports.finiteGroupTable(checks, limit: limit, digits: digits,
                                                   provenance: provenance("finite-groups", digits))
        return ("finite-groups", table, checks.allSatisfy(\.passed))
    }

    /// The question, G and β of the report's variants table.
    static let variantsSetting = try! GeneralSetting(
        question: Question(references: ["0.5", "0.3", "0.2"].map { try! DecimalNumber($0) },
                           successes: ["0.9", "0.5", "0.1"].map { try! DecimalNumber($0) }),
        groupSize: .finite(8), beta: try! DecimalNumber("0.1"))
    /// The questions of the report's tables on several answers: an intransitive preference
    /// matrix (rock, paper, scissors tilted) over β, GRPO cycling at small β; graded rewards over G.
    static let intransitiveQuestion = try! QuestionGrid(
        reference: "0.4,0.4,0.2", rewards: .init(preference: "0,0.65,0.3;0.35,0,0.55;0.7,0.45,0"), groupSize: "2",
        penalty: "reverse,direct", normalisation: "population", beta: "0.02,0.25,1", method: "all", shard: nil)
    static let gradedQuestion = try! QuestionGrid(
        reference: "0.3,0.3,0.4", rewards: .init(rewards: "1,0.4,0"), groupSize: "2,3,4",
        penalty: "reverse", normalisation: "population", beta: "0.15", method: "all", shard: nil)
    /// The π_ref(a) of the threshold table.
    static let thresholdReferences = ["0.001", "0.01", "0.1", "0.3", "0.5", "0.7", "0.9", "0.99"]
    /// The finite-G rate: G = 2, 4, …, 131072 (past 10⁵) by Newton.
    static let rateGroupSizes = (1...17).map { 1 << $0 }

    /// The tables beyond the paper's closed forms — variants, threshold, stability, finite-G
    /// rate — each built at `digits` without provenance (and whether it passed); `check`
    /// recomputes a recorded one with the same function.
    static let recomputedTables: [(name: String, build: @Sendable (Int) throws -> (table: Table, passed: Bool))] = [
        ("variants", { digits in
            let variants = try VariantsAnalysis(variantsSetting, digits: digits)
            return (GeneralReports.variantsTable(variants, provenance: []), variants.passed)
        }),
        ("threshold", { digits in
            let thresholds = try orderedMap(thresholdReferences) {
                try ThresholdAnalysis(reference: try DecimalNumber($0), digits: digits)
            }
            return (ThresholdReports.table(thresholds, digits: digits, provenance: []), thresholds.allSatisfy(\.passed))
        }),
        ("stability", { digits in
            let stability = StabilityAnalysis(reference: try DecimalNumber("0.001"), beta: try DecimalNumber("3"),
                                              epsilon: try DecimalNumber("1e-5"), digits: min(digits, 30))
            return (StabilityReports.table(stability, digits: min(digits, 30), provenance: []), stability.complete)
        }),
        ("intransitive-preference", { digits in
            let checks = try Self.intransitiveQuestion.checks(digits: digits)
            return (GeneralReports.questionTable(checks, title: "An intransitive preference at G = 2 (12): which stationary policy GRPO reaches",
                                                 provenance: []), checks.allSatisfy(\.passed))
        }),
        ("graded-rewards", { digits in
            let checks = try Self.gradedQuestion.checks(digits: digits)
            return (GeneralReports.questionTable(checks, title: "Graded rewards 1, 0.4, 0 at G = 2, 3 and 4",
                                                 provenance: []), checks.allSatisfy(\.passed))
        }),
        ("finite-groups-rate", { digits in
            let checks = try orderedMap(rateGroupSizes) { g in
                try PolicyCheck(BinarySetting(groupSize: .finite(g), beta: try DecimalNumber(finiteBeta),
                                              reference: try DecimalNumber(finiteReference),
                                              confidenceMargin: try DecimalNumber("1")),
                                digits: digits, methods: [.newton])
            }
            let precision = DigitsPolicy(digits: digits).working
            let limit = try MPFRFlags.checking {
                ClosedForm.largeGroups(beta: try! DecimalNumber(finiteBeta).value(precision: precision),
                                       reference: try! DecimalNumber(finiteReference).value(precision: precision))
            }
            return (PolicyReports.finiteGroupRateTable(checks, limit: limit, digits: digits, provenance: []),
                    checks.allSatisfy(\.passed))
        }),
    ]

    private func provenance(_ name: String, _ digits: Int, shard: Shard? = nil) -> [(key: String, value: String)] {
        [("command", "report"), ("schema", String(GoldenFile.schema)), ("table", name), ("version", GRPOVerify.version),
         ("digits", String(digits))]
            + (shard.map { [(Shard.provenanceKey, $0.description)] } ?? [])
    }

    private func index(_ tables: [(name: String, table: Table)], figures: [PaperFigure], digits: Int) -> String {
        var lines = ["# grpo-verify report", "",
                     "Stationary policies of GRPO (arXiv:2502.18548) at \(digits) significant digits.", ""]
        for (name, table) in tables {
            lines.append("## \(table.title)")
            lines.append("")
            lines.append("Files: [Markdown](\(name).md), [CSV](\(name).csv), [JSON](\(name).json), [LaTeX](\(name).tex)")
            lines.append("")
            lines += table.summary.map { "- \($0.key): \($0.value)" }
            lines.append("")
        }
        lines += ["## Figures", "",
                  "Computed by the closed forms and solvers of the tables, π(a) to \(Self.figureDigits) significant digits "
                  + "(`grpo-verify plot <figure>`).", ""]
        for figure in figures {
            lines.append("- \(figure.rawValue), \(figure.title): [SVG](\(figure.rawValue).svg), [pgfplots](\(figure.rawValue).tex)")
            lines += ["", "  ![\(figure.title)](\(figure.rawValue).svg)", ""]
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}
