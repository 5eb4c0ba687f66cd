/// The formats a table can be written in. Every renderer of the suite lives in Reports: tables
/// here, figures in `FigureFormat`.
public enum TableFormat: String, CaseIterable, Sendable {
    case markdown, csv, json, latex, text

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .markdown: "md"
        case .csv: "csv"
        case .json: "json"
        case .latex: "tex"
        case .text: "txt"
        }
    }

    public func render(_ table: Table) -> String {
        switch self {
        case .markdown: Self.markdown(table)
        case .csv: Self.csv(table)
        case .json: Self.json(table).rendered()
        case .latex: LaTeXTable().render(table)
        case .text: Self.text(table)
        }
    }

    static func markdown(_ t: Table) -> String {
        var lines = ["### \(t.title)", ""]
        lines.append("| " + t.columns.map(\.heading).joined(separator: " | ") + " |")
        lines.append("|" + t.columns.map { $0.numeric ? "---:" : ":---" }.joined(separator: "|") + "|")
        for row in t.rows {
            lines.append("| " + row.map { $0.replacing("|", with: "\\|") }
                .joined(separator: " | ") + " |")
        }
        if !t.summary.isEmpty {
            lines.append("")
            lines += t.summary.map { "- \($0.key): \($0.value)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180: CRLF line breaks; fields with a comma, quote or line break are quoted, with
    /// quotes doubled. Header row of column keys, then data; no summary (it is not data).
    static func csv(_ t: Table) -> String {
        let field = csvField
        let header = t.columns.map { field($0.key) }.joined(separator: ",")
        let body = t.rows.map { $0.map(field).joined(separator: ",") }
        return ([header] + body).map { $0 + "\r\n" }.joined()
    }

    /// A CSV field: quoted if it holds a comma, quote or line break, with quotes doubled.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }

    static func json(_ t: Table) -> JSONValue {
        .object([
            ("title", .string(t.title)),
            ("provenance", .object(t.provenance.map { ($0.key, .string($0.value)) })),
            ("columns", .array(t.columns.map { .string($0.key) })),
            ("rows", .array(t.rows.map { row in
                .object(zip(t.columns, row).map { ($0.key, .string($1)) })
            })),
            ("summary", .object(t.summary.map { ($0.key, .string($0.value)) })),
        ])
    }

    /// Aligned columns for a terminal.
    static func text(_ t: Table) -> String {
        let cells = [t.columns.map(\.heading)] + t.rows
        let widths = t.columns.indices.map { i in cells.map { $0[i].count }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            zip(row, zip(widths, t.columns)).map { cell, spec in
                let pad = String(repeating: " ", count: spec.0 - cell.count)
                return spec.1.numeric ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingSuffixSpaces()
        }
        var lines = [t.title, line(cells[0])]
        lines += t.rows.map(line)
        lines += t.summary.map { "\($0.key): \($0.value)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
