extension TableFormat {
    /// Whether the format can be written row by row (`TableWriter`): markdown, CSV and JSON.
    /// Text pads every cell to its column's widest and LaTeX sizes its columns (siunitx
    /// formats, page splits, pivots) from every value, so those are rendered from the whole table.
    public var streams: Bool {
        switch self {
        case .markdown, .csv, .json: true
        case .latex, .text: false
        }
    }
}

/// A table of a streaming format (`TableFormat.streams`) written in pieces: `head()` (what
/// precedes the rows: title, provenance, columns), then each batch of rows as it is known
/// (`rows(_:)`), then `tail(summary:)`. The pieces joined are `format.render` of the whole
/// table, byte for byte; no piece depends on rows it does not hold (the summary comes after
/// the rows in every streaming format, and CSV has none).
public struct TableWriter: Sendable {
    public let format: TableFormat
    public let title: String
    public let columns: [Table.Column]
    public let provenance: [(key: String, value: String)]
    /// The rows written so far.
    public private(set) var rowCount = 0

    public init(format: TableFormat, title: String, columns: [Table.Column],
                provenance: [(key: String, value: String)] = []) {
        precondition(format.streams, "\(format) is rendered from the whole table")
        self.format = format
        self.title = title
        self.columns = columns
        self.provenance = provenance
    }

    /// Everything before the first row.
    public func head() -> String {
        switch format {
        case .markdown:
            "### \(title)\n\n"
                + "| " + columns.map(\.heading).joined(separator: " | ") + " |\n"
                + "|" + columns.map { $0.numeric ? "---:" : ":---" }.joined(separator: "|") + "|\n"
        case .csv:
            columns.map { Self.csvField($0.key) }.joined(separator: ",") + "\r\n"
        case .json:
            "{\n"
                + "  \"title\": " + JSONValue.string(title).rendered(indent: 1) + ",\n"
                + "  \"provenance\": " + JSONValue.object(provenance.map { ($0.key, .string($0.value)) }).rendered(indent: 1) + ",\n"
                + "  \"columns\": " + JSONValue.array(columns.map { .string($0.key) }).rendered(indent: 1) + ",\n"
                + "  \"rows\": "
        case .latex, .text: preconditionFailure()
        }
    }

    /// The next rows, in order.
    public mutating func rows(_ rows: [[String]]) -> String {
        var out = ""
        for row in rows {
            switch format {
            case .markdown:
                out += "| " + row.map { $0.replacing("|", with: "\\|") }.joined(separator: " | ") + " |\n"
            case .csv:
                out += row.map(Self.csvField).joined(separator: ",") + "\r\n"
            case .json:
                out += (rowCount == 0 ? "[\n" : ",\n") + "    "
                    + JSONValue.object(zip(columns, row).map { ($0.key, .string($1)) }).rendered(indent: 2)
            case .latex, .text: preconditionFailure()
            }
            rowCount += 1
        }
        return out
    }

    /// Everything after the last row.
    public func tail(summary: [(key: String, value: String)]) -> String {
        switch format {
        case .markdown:
            summary.isEmpty ? "" : "\n" + summary.map { "- \($0.key): \($0.value)\n" }.joined()
        case .csv:
            ""
        case .json:
            (rowCount == 0 ? "[]" : "\n  ]") + ",\n"
                + "  \"summary\": " + JSONValue.object(summary.map { ($0.key, .string($0.value)) }).rendered(indent: 1) + "\n"
                + "}\n"
        case .latex, .text: preconditionFailure()
        }
    }

    /// A CSV field as `TableFormat.csv` writes it.
    static func csvField(_ s: String) -> String { TableFormat.csvField(s) }
}
