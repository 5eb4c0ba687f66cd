/// A table of decimal strings with a title and summary lines, independent of output format.
public struct Table: Sendable {
    public struct Column: Sendable {
        /// Machine name: JSON key and CSV header.
        public let key: String
        /// Human heading for Markdown, LaTeX and text.
        public let heading: String
        public let numeric: Bool

        public init(_ key: String, heading: String, numeric: Bool = true) {
            self.key = key
            self.heading = heading
            self.numeric = numeric
        }
    }

    public var title: String
    public var columns: [Column]
    public var rows: [[String]]
    /// Summary lines (`worst agreement: 100 digits`), as key and value.
    public var summary: [(key: String, value: String)]
    /// What produced the table: command, parameters, suite version (JSON and LaTeX comments).
    public var provenance: [(key: String, value: String)]

    public init(title: String, columns: [Column], rows: [[String]] = [],
                summary: [(key: String, value: String)] = [],
                provenance: [(key: String, value: String)] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.summary = summary
        self.provenance = provenance
    }
}
