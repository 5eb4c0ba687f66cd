import ArgumentParser
import Certification
import Figures
import GRPOModel
import Inputs
import Reports
import Verification

/// The layout flags of `table --format latex`.
struct LaTeXTableFlags: ParsableArguments {
    @Option(help: "LaTeX: the columns shown, in order (keys as in the CSV header; ref, margin, group-size also do).")
    var columns: String?
    @Option(help: "LaTeX: a matrix ROWS,COLUMNS[,VALUE] of two setting columns (e.g. beta,ref), one per value of the others.")
    var pivot: String?
    @Option(name: .customLong("display-digits"),
            help: "LaTeX: significant digits shown of each computed value, 3…10000 (at most those verified; default \(LaTeXTableOptions.defaultDisplayDigits)).")
    var displayDigits: Checked<DisplayDigitsFlag>?
    @Flag(help: "LaTeX: show a value of π within 1e-6 of 1 as 1 − (1 − π).")
    var complement = false

    /// Column keys by the names of the flags that set them.
    static let aliases = ["ref": "reference", "margin": "confidence_margin", "group-size": "group_size"]

    static func keys(_ text: String, flag: String) throws -> [String] {
        try Parameters.list(text, flag: flag) { [aliases[$0] ?? $0] }
    }

    /// The layout flags given.
    var given: [String] {
        [("--columns", columns != nil), ("--pivot", pivot != nil), ("--display-digits", displayDigits != nil),
         ("--complement", complement)].filter(\.1).map(\.0)
    }

    /// The output for `--format` and these flags, checked against the table's `columns` before
    /// anything is computed.
    func output(format: String, columns: [Table.Column]) throws -> TableOutput {
        if format == TableOutput.macrosName {
            if let flag = given.first { throw InputError(flag, "applies to --format latex (the macros carry every verified digit)") }
            return .macros
        }
        guard let format = TableFormat(rawValue: format) else {
            throw InputError("--format", "'\(format)' is not one of: "
                             + (TableFormat.allCases.map(\.rawValue) + [TableOutput.macrosName]).joined(separator: ", "))
        }
        guard format == .latex else {
            if let flag = given.first { throw InputError(flag, "applies to --format latex") }
            return .table(format, LaTeXTableOptions())
        }
        var options = LaTeXTableOptions(complement: complement)
        if let displayDigits { options.displayDigits = displayDigits.value }
        options.columns = try self.columns.map { try Self.keys($0, flag: "--columns") }
        if let pivot {
            let keys = try Self.keys(pivot, flag: "--pivot")
            guard (2...3).contains(keys.count) else {
                throw InputError("--pivot", "expected ROWS,COLUMNS or ROWS,COLUMNS,VALUE (e.g. beta,ref)")
            }
            options.pivot = LaTeXTableOptions.Pivot(rows: keys[0], columns: keys[1], value: keys.count == 3 ? keys[2] : nil)
        }
        if let (flag, problem) = options.problem(with: columns) { throw InputError(flag, problem) }
        return .table(.latex, options)
    }
}

/// What `table` prints: a table in one of its formats, or the LaTeX macros of its rows.
enum TableOutput {
    case table(TableFormat, LaTeXTableOptions)
    case macros

    static let macrosName = "latex-macros"

    func render(_ table: Table) -> String {
        switch self {
        case .table(.latex, let options): LaTeXTable(options).render(table)
        case .table(let format, _): format.render(table)
        case .macros: LaTeXMacros.render(table)
        }
    }
}

/// Output formats of `solve` for a binary question.
enum SolveOutput: String, CaseIterable {
    case text, json, latex
}

extension Solve {
    /// `solve --format latex`: the macro of the policy, with its comment line.
    func latexMacro(_ check: PolicyCheck, certified: CertifiedPolicy?, digits: Int) -> String {
        LaTeXMacros.render(LaTeXMacros.solveTable(check, certified: certified, provenance: [
            ("command", "solve"), ("version", GRPOVerify.version), ("digits", String(digits)), ("method", method),
            ("certify", String(certify)), ("normalisation", normalisation.text)]))
    }
}

/// The curves of `plot`: `--beta` and `--group-size` lists where the figure takes them.
struct FigureFlags: ParsableArguments {
    @Option(help: "β of the curves (β/γ with γ = 1 for fig1): decimals > 0, comma-separated.")
    var beta: Checked<BetaListFlag>?
    @Option(name: .customLong("group-size"), help: "finite-g and objective: group sizes, integers in 2…10000000 and/or inf.")
    var groupSize: Checked<GroupSizesFlag>?

    func parameters(for figure: PaperFigure) throws -> PaperFigure.Parameters {
        var parameters = figure.defaults
        if let beta {
            guard figure.takesBetas else {
                throw InputError("--beta", figure == .objective ? "objective has no β (F_G depends on μ and G only); give no --beta"
                                 : "\(figure.rawValue) has β on its axis; give no --beta")
            }
            parameters.betas = beta.value
        }
        if let groupSize {
            guard figure.takesGroupSizes else {
                throw InputError("--group-size", "\(figure.rawValue) is drawn for one G by its closed form; only finite-g and objective take --group-size")
            }
            parameters.groupSizes = groupSize.value
        }
        let count = figure.curveCount(parameters)
        guard count <= PaperFigure.maximumCurves else {
            throw InputError(beta != nil ? "--beta" : "--group-size",
                             "\(figure.rawValue) would draw \(count) curves; at most \(PaperFigure.maximumCurves)")
        }
        return parameters
    }

    /// The flags as given, for the figure's provenance.
    var provenance: [(key: String, value: String)] {
        (beta.map { [("beta", $0.text)] } ?? []) + (groupSize.map { [("group_size", $0.text)] } ?? [])
    }
}
