import Verification

/// How a table is laid out in LaTeX: which columns, how many digits, a pivot.
public struct LaTeXTableOptions: Sendable {
    /// A matrix of one value column: one setting column down, another across.
    public struct Pivot: Sendable, Equatable {
        public var rows: String
        public var columns: String
        /// The value column; nil: the first computed value column with a value in every row.
        public var value: String?

        public init(rows: String, columns: String, value: String? = nil) {
            self.rows = rows
            self.columns = columns
            self.value = value
        }
    }

    /// The column keys shown, in order; nil: every column but `omittedByDefault`.
    public var columns: [String]?
    public var pivot: Pivot?
    /// Significant digits shown of a computed value, never more than it was printed with.
    public var displayDigits: Int
    /// Values of π within 10⁻⁶ of 1 shown as `1 − x`.
    public var complement: Bool
    /// `\label{tab:…}`; nil: the provenance's `table`, else `grpo-verify`.
    public var label: String?

    /// Columns left out unless asked for: the other solvers (their agreement is the digits
    /// column), the largest difference and the enclosure's ends (too wide for a page).
    public static let omittedByDefault: Set<String> = ["bisection", "grpo", "difference", "enclosure_lower", "enclosure_upper"]
    public static let defaultDisplayDigits = 8

    public init(columns: [String]? = nil, pivot: Pivot? = nil, displayDigits: Int = defaultDisplayDigits,
                complement: Bool = false, label: String? = nil) {
        self.columns = columns
        self.pivot = pivot
        self.displayDigits = displayDigits
        self.complement = complement
        self.label = label
    }

    /// Why these options do not fit a table with `columns`: the flag and the problem.
    public func problem(with columns: [Table.Column]) -> (flag: String, problem: String)? {
        let keys = columns.map(\.key)
        if let chosen = self.columns {
            if let unknown = chosen.first(where: { !keys.contains($0) }) {
                return ("--columns", "'\(unknown)' is not a column; expected some of: " + keys.joined(separator: ", "))
            }
            if Set(chosen).count != chosen.count { return ("--columns", "a column is named twice") }
        }
        if let pivot {
            let settings = keys.filter(LaTeXTable.settingKeys.contains)
            for key in [pivot.rows, pivot.columns] where !settings.contains(key) {
                return ("--pivot", "'\(key)' is not a setting column; expected two of: " + settings.joined(separator: ", "))
            }
            if pivot.rows == pivot.columns { return ("--pivot", "rows and columns must be different settings") }
            let values = keys.filter(LaTeXTable.isValueColumn)
            if let value = pivot.value, !values.contains(value) {
                return ("--pivot", "'\(value)' is not a value column; expected one of: " + values.joined(separator: ", "))
            }
            if self.columns != nil { return ("--columns", "not with --pivot (name the value column as --pivot's third item)") }
        }
        return nil
    }
}

/// `table --format latex`: a booktabs `longtable` to `\input` (it breaks across pages), numbers
/// in siunitx `S` columns, a caption and a label, the font `\footnotesize`; or, with a pivot,
/// one matrix per value of the other settings, split into parts that fit a page.
public struct LaTeXTable: Sendable {
    public var options: LaTeXTableOptions

    public init(_ options: LaTeXTableOptions = LaTeXTableOptions()) {
        self.options = options
    }

    /// The columns of a setting; a pivot takes two of them.
    static let settingKeys: [String] = ["group_size", "penalty", "beta", "reference", "confidence_margin"]
    /// Inputs, printed exactly as given.
    static let exactKeys: Set<String> = ["group_size", "beta", "reference", "confidence_margin"]

    /// Columns holding a computed probability π: `--complement` applies to them.
    static func isValueColumn(_ key: String) -> Bool {
        Method.allCases.contains { $0.rawValue == key } || ["limit", "policy"].contains(key) || key.hasPrefix("pi_")
    }

    /// Shorter headings than the tables' own, for a page.
    static let headings: [String: String] = [
        "closed-form": "closed form", "newton": "Newton", "grpo": "GRPO", "agreeing_digits": "digits",
        "certified_digits": "certified", "enclosure_lower": "enclosure from", "enclosure_upper": "to",
    ]

    static func heading(_ column: Table.Column) -> String { LaTeX.text(headingText(column)) }

    /// Page budget of a pivot part: the estimated width of its columns, in points (an
    /// article's text is 345 pt wide).
    static let pageWidth = 320.0

    /// The width of `text` at `\footnotesize`, in points: 4.25 pt a digit, 3.6 pt another
    /// character, nothing for the markup of subscripts.
    static func estimatedWidth(_ text: String) -> Double {
        text.filter { !"_{}".contains($0) }.reduce(0) { $0 + ($1.isNumber ? 4.25 : 3.6) }
    }

    /// The heading shown for a column, before conversion to LaTeX.
    static func headingText(_ column: Table.Column) -> String { headings[column.key] ?? column.heading }

    /// A cell as shown: a number (rounded for display), `1 − x`, or text.
    enum Cell {
        case number(PrintedDecimal)
        case complement(PrintedDecimal)
        case text(String)

        /// In an `S` column: numbers bare, anything else braced.
        var latex: String {
            switch self {
            case .number(let x): x.text
            case .complement(let x): "{$1 - \\num{\(x.text)}$}"
            case .text(let s): "{" + LaTeXTable.text(s) + "}"
            }
        }

        /// Estimated width at `\footnotesize`, in points.
        var width: Double {
            switch self {
            case .number(let x): Double(x.text.count) * 4.25 + (x.scientific ? 14 : 0)
            case .complement(let x): Double(x.text.count) * 4.25 + 34
            case .text(let s): LaTeXTable.estimatedWidth(s)
            }
        }
    }

    /// A placeholder or label cell as LaTeX.
    static func text(_ s: String) -> String {
        switch s {
        case "-": "--"
        case "inf": "$\\infty$"
        default: LaTeX.text(s)
        }
    }

    func cell(_ text: String, column: Table.Column) -> Cell {
        guard column.numeric, let x = PrintedDecimal(text) else { return .text(text) }
        if Self.exactKeys.contains(column.key) || x.isInteger { return .number(x) }
        if options.complement && Self.isValueColumn(column.key), let c = x.complement {
            return .complement(c.rounded(to: options.displayDigits).inScientific)
        }
        let direction: PrintedDecimal.Direction = switch column.key {
        case "enclosure_lower": .down
        case "enclosure_upper": .up
        default: .nearest
        }
        let shown = x.rounded(to: options.displayDigits, direction)
        return .number(!shown.scientific && !shown.isZero && shown.exponent < -3 ? shown.inScientific : shown)
    }

    /// `S[table-format=…]` fitting the numbers of a column; `l` for a column without numbers.
    static func columnSpec(_ cells: [Cell], numeric: Bool) -> String {
        let numbers = cells.compactMap { if case .number(let x) = $0 { x } else { nil } }
        guard numeric, !numbers.isEmpty else { return "l" }
        var integer = 1, fraction = 0, exponent = 0
        var negative = false, negativeExponent = false
        for x in numbers {
            negative = negative || x.negative
            let shownExponent = x.scientific ? 1 : x.exponent
            if !x.isZero {
                integer = max(integer, shownExponent)
                fraction = max(fraction, x.digits.count - shownExponent)
            } else {
                fraction = max(fraction, x.text.split(separator: ".").dropFirst().first?.count ?? 0)
            }
            if x.scientific {
                exponent = max(exponent, String(abs(x.exponent - 1)).count)
                negativeExponent = negativeExponent || x.exponent - 1 < 0
            }
        }
        let format = (negative ? "-" : "") + "\(integer).\(fraction)"
            + (exponent > 0 ? "e" + (negativeExponent ? "-" : "") + "\(exponent)" : "")
        return "S[table-format=\(format)]"
    }

    func label(for table: Table) -> String {
        let name = options.label ?? table.provenance.first { $0.key == "table" }?.value ?? "grpo-verify"
        return String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }

    public func render(_ table: Table) -> String {
        var lines = LaTeX.comments(table.provenance)
        lines.append("% " + LaTeX.comment(table.title))
        if let pivot = options.pivot {
            lines += pivotTables(table, pivot)
        } else {
            lines += plainTable(table)
        }
        lines += LaTeX.comments(table.summary)
        return lines.joined(separator: "\n") + "\n"
    }

    func plainTable(_ table: Table) -> [String] {
        let keys = table.columns.map(\.key)
        let chosen = options.columns ?? keys.filter { !LaTeXTableOptions.omittedByDefault.contains($0) }
        let indices = chosen.compactMap { keys.firstIndex(of: $0) }
        let left = keys.filter { !chosen.contains($0) }
        var lines = ["% columns: " + chosen.joined(separator: ", ")
                     + (left.isEmpty ? "" : "; not shown: " + left.joined(separator: ", ")) + " (choose with --columns)",
                     "% computed values rounded for display to at most \(options.displayDigits) significant digits "
                     + "(--display-digits); the verified digits are in the table's other formats and the macros"]
        let columns = indices.map { table.columns[$0] }
        let cells = Self.consistent(table.rows.map { row in indices.map { i in cell(row[i], column: table.columns[i]) } })
        let widths = columns.indices.map { j in
            max(cells.map { $0[j].width }.max() ?? 0, Self.estimatedWidth(Self.headingText(columns[j]))) + 8
        }
        // Too wide for a page: parts of the other columns, each with the columns that name a row.
        let naming = columns.indices.filter { Self.settingKeys.contains(columns[$0].key) || !columns[$0].numeric }
        let rest = columns.indices.filter { !naming.contains($0) }
        let parts = widths.reduce(0, +) <= Self.pageWidth ? [rest]
            : Self.parts(widths: rest.map { widths[$0] }, budget: Self.pageWidth - naming.map { widths[$0] }.reduce(0, +))
                .map { $0.map { rest[$0] } }
        for (p, part) in parts.enumerated() {
            let shown = (naming + part).sorted()
            let specs = shown.map { j in Self.columnSpec(cells.map { $0[j] }, numeric: columns[j].numeric) }
            let head = shown.map { "{" + Self.heading(columns[$0]) + "}" }.joined(separator: " & ") + " \\\\"
            let caption = table.title + (parts.count > 1 ? " (part \(p + 1) of \(parts.count))" : "")
            lines += longtable(specs: specs, caption: LaTeX.text(caption),
                               label: label(for: table) + (parts.count > 1 ? "-\(p + 1)" : ""),
                               head: ["\\toprule", head, "\\midrule"],
                               body: cells.map { row in shown.map { row[$0].latex }.joined(separator: " & ") + " \\\\" })
        }
        return lines
    }

    /// In each column where some number is shown in scientific notation, every number is (the
    /// same digits), so that the column lines up on one format.
    static func consistent(_ rows: [[Cell]]) -> [[Cell]] {
        guard let width = rows.first?.count else { return rows }
        let scientific = (0..<width).map { j in rows.contains { if case .number(let x) = $0[j] { x.scientific } else { false } } }
        return rows.map { row in
            row.enumerated().map { j, cell in
                if scientific[j], case .number(let x) = cell, !x.isInteger { .number(x.inScientific) } else { cell }
            }
        }
    }

    /// A `longtable` in `\footnotesize` with the head repeated on every page.
    func longtable(specs: [String], caption: String, label: String, head: [String], body: [String]) -> [String] {
        ["\\begingroup", "\\footnotesize", "\\setlength{\\tabcolsep}{4pt}",
         "\\begin{longtable}{" + specs.joined() + "}",
         "\\caption{\(caption)}\\label{tab:\(label)}\\\\"] + head + ["\\endfirsthead"]
            + ["\\multicolumn{\(specs.count)}{@{}l}{\\emph{continued}}\\\\"] + head + ["\\endhead", "\\bottomrule", "\\endfoot"]
            + body + ["\\end{longtable}", "\\endgroup"]
    }

    func pivotTables(_ table: Table, _ pivot: LaTeXTableOptions.Pivot) -> [String] {
        let keys = table.columns.map(\.key)
        guard let r = keys.firstIndex(of: pivot.rows), let c = keys.firstIndex(of: pivot.columns),
              let v = pivot.value.flatMap({ keys.firstIndex(of: $0) }) ?? keys.indices.first(where: { i in
                  Self.isValueColumn(keys[i]) && table.rows.allSatisfy { PrintedDecimal($0[i]) != nil }
              }) else {
            return ["% no value column with a value in every row to pivot"]
        }
        let others = keys.indices.filter { Self.settingKeys.contains(keys[$0]) && $0 != r && $0 != c }
        var groups: [(key: [String], rows: [[String]])] = []
        for row in table.rows {
            let key = others.map { row[$0] }
            if let g = groups.firstIndex(where: { $0.key == key }) { groups[g].rows.append(row) } else { groups.append((key, [row])) }
        }
        var lines = ["% \(LaTeX.comment(table.columns[v].heading)) by \(keys[r]) (rows) and \(keys[c]) (columns), "
                     + "rounded for display to at most \(options.displayDigits) significant digits (--display-digits)"]
        let rowColumn = table.columns[r], valueColumn = table.columns[v], across = table.columns[c]
        for (g, group) in groups.enumerated() {
            let rowValues = group.rows.map { $0[r] }.uniqued()
            let columnValues = group.rows.map { $0[c] }.uniqued()
            var matrix: [[String]: String] = [:]
            for row in group.rows { matrix[[row[r], row[c]]] = row[v] }
            let cells = Self.consistent(rowValues.map { rv in
                columnValues.map { cv in matrix[[rv, cv]].map { cell($0, column: valueColumn) } ?? .text("-") }
            })
            let rowCells = rowValues.map { cell($0, column: rowColumn) }
            let parts = Self.parts(widths: columnValues.indices.map { j in
                max(cells.map { $0[j].width }.max() ?? 0, Cell.text(columnValues[j]).width) + 8
            }, budget: Self.pageWidth - ((rowCells.map(\.width) + [Self.estimatedWidth(Self.headingText(rowColumn))]).max() ?? 0) - 8)
            let setting = others.enumerated().map { i, k in
                "\(table.columns[k].heading) = \(group.key[i] == "inf" ? "∞" : group.key[i])"
            }
            for (p, part) in parts.enumerated() {
                let caption = "\(table.title): \(Self.headings[valueColumn.key] ?? valueColumn.heading) by "
                    + "\(rowColumn.heading) (rows) and \(across.heading) (columns)"
                    + (setting.isEmpty ? "" : ", " + setting.joined(separator: ", "))
                    + (parts.count > 1 ? " (part \(p + 1) of \(parts.count))" : "")
                let specs = [Self.columnSpec(rowCells, numeric: rowColumn.numeric)]
                    + part.map { j in Self.columnSpec(cells.map { $0[j] }, numeric: true) }
                let head = ["\\toprule",
                            " & \\multicolumn{\(part.count)}{c}{\(Self.heading(across))} \\\\",
                            "\\cmidrule(l){2-\(part.count + 1)}",
                            "{\(Self.heading(rowColumn))} & " + part.map { "{" + Self.text(columnValues[$0]) + "}" }
                                .joined(separator: " & ") + " \\\\",
                            "\\midrule"]
                let body = rowValues.indices.map { i in
                    ([rowCells[i].latex] + part.map { cells[i][$0].latex }).joined(separator: " & ") + " \\\\"
                }
                lines += longtable(specs: specs, caption: LaTeX.text(caption),
                                   label: label(for: table) + "-\(g + 1)" + (parts.count > 1 ? "-\(p + 1)" : ""),
                                   head: head, body: body)
            }
        }
        return lines
    }

    /// Consecutive runs of column indices whose widths add up to at most `budget` (at least one column each).
    static func parts(widths: [Double], budget: Double) -> [[Int]] {
        var parts: [[Int]] = [[]]
        var used = 0.0
        for (j, w) in widths.enumerated() {
            if !parts[parts.count - 1].isEmpty && used + w > budget {
                parts.append([])
                used = 0
            }
            parts[parts.count - 1].append(j)
            used += w
        }
        // Balanced parts (the same number of columns in each but the last) where they fit too.
        let size = (widths.count + parts.count - 1) / parts.count
        let balanced = stride(from: 0, to: widths.count, by: max(1, size)).map { Array($0..<min($0 + size, widths.count)) }
        let fits = balanced.allSatisfy { part in part.count == 1 || part.map { widths[$0] }.reduce(0, +) <= budget }
        return fits ? balanced : parts
    }
}

extension Array where Element: Hashable {
    /// The elements in order of first appearance, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
