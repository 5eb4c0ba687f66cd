import ArgumentParser
import Certification
import Figures
import Foundation
import Golden
import GRPOModel
import Inputs
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
    var digits: Checked<DigitsFlag> = "50"
    @Option(help: "Output folder (created if missing).")
    var out: Checked<FolderFlag> = "report"
    @Option(help: "Compute only shard i/n of each grid table (row k goes to shard (k mod n) + 1); the finite-G sweep and the figures run in shard 1.")
    var shard: Checked<ShardFlag>?
    @OptionGroup var limits: RunOptions

    /// Significant digits of the figures' plotted values.
    static let figureDigits = 6

    func run() throws {
        let digits = digits.value
        let shard = shard?.value
        let output = try StagedOutput(folder: out.value, flag: "--out", marker: "report.md")
        defer { output.discard() }
        let start = ContinuousClock.now
        let grids = ReportTables.agreement.map { ($0.name, $0.title, shard?.rows(of: $0.grid.settings) ?? $0.grid.settings) }
        let runsFiniteGroups = shard.map { $0.index == 1 } ?? true
        let progress = limits.start("report", total: grids.reduce(0) { $0 + $1.2.count }
                                       + (runsFiniteGroups ? ReportTables.finiteGroupSettings.count : 0))
        var tables: [(name: String, table: Table, passed: Bool)] = []
        for (name, title, settings) in grids {
            let checks = try StationaryPolicy.solve(settings, digits: digits, progress: progress.advance).map(\.check)
            let table = PolicyReports.agreementTable(checks, digits: digits, title: title,
                                                     provenance: provenance(name, digits, shard: shard))
            tables.append((name, table, checks.allSatisfy(\.passed)))
        }
        if runsFiniteGroups {
            tables.append(try finiteGroupTable(digits: digits, progress: progress))
            for (name, build) in ReportTables.recomputed {
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
        try output.write(tables.filter { t in ReportTables.agreement.contains { $0.name == t.name } }
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
        let checks = try ReportTables.finiteGroupSettings.map { setting, methods in
            defer { progress.advance() }
            return try StationaryPolicy.solve(setting, digits: digits, methods: methods).check
        }
        let table = try ReportTables.finiteGroupTable(checks, digits: digits, provenance: provenance("finite-groups", digits))
        return ("finite-groups", table, checks.allSatisfy(\.passed))
    }

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
