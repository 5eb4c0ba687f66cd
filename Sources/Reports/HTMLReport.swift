/// `report.html`: one self-contained page (no scripts, fonts, images or style sheets from
/// elsewhere) with every table as HTML and every figure as inline SVG; well-formed XML
/// after its doctype.
public enum HTMLReport {
    static func escaped(_ s: String) -> String { SVGRenderer.escaped(s) }

    static let style = """
        body { font-family: sans-serif; margin: 2em auto; max-width: 64em; padding: 0 1em; color: #111; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; }
        .scroll { overflow-x: auto; max-height: 36em; overflow-y: auto; border: 1px solid #ddd; }
        table { border-collapse: collapse; font-size: 0.85em; }
        th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #eee; white-space: nowrap; }
        th { position: sticky; top: 0; background: #f4f4f4; text-align: left; }
        td.number { font-family: monospace; text-align: right; }
        figure { margin: 1.5em 0; } figure svg { max-width: 100%; height: auto; }
        """

    /// The page: `title`, a paragraph `intro`, the tables (title, summary, rows) and the
    /// figures, each SVG as written by `FigureFormat.svg`.
    public static func page(title: String, intro: String, tables: [(name: String, table: Table)],
                            figures: [(name: String, svg: String)]) -> String {
        var lines = ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\"/>",
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>",
                     "<title>\(escaped(title))</title>", "<style>", style, "</style>", "</head>", "<body>",
                     "<h1>\(escaped(title))</h1>", "<p>\(escaped(intro))</p>"]
        lines.append("<nav><ul>")
        lines += tables.map { "<li><a href=\"#table-\(escaped($0.name))\">\(escaped($0.table.title))</a></li>" }
        lines += figures.map { "<li><a href=\"#figure-\(escaped($0.name))\">Figure \(escaped($0.name))</a></li>" }
        lines.append("</ul></nav>")
        for (name, table) in tables {
            lines.append("<section id=\"table-\(escaped(name))\">")
            lines.append("<h2>\(escaped(table.title))</h2>")
            if !table.summary.isEmpty {
                lines.append("<ul class=\"summary\">")
                lines += table.summary.map { "<li>\(escaped($0.key)): \(escaped($0.value))</li>" }
                lines.append("</ul>")
            }
            lines += Self.table(table)
            lines.append("</section>")
        }
        for (name, svg) in figures {
            lines.append("<figure id=\"figure-\(escaped(name))\">")
            lines += svg.split(separator: "\n").filter { !$0.hasPrefix("<?xml") }.map(String.init)
            lines.append("</figure>")
        }
        lines += ["</body>", "</html>"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table with a sticky head, numeric columns right-aligned, in a scrolling box.
    static func table(_ t: Table) -> [String] {
        var lines = ["<div class=\"scroll\"><table>", "<thead><tr>"
                     + t.columns.map { "<th>\(escaped($0.heading))</th>" }.joined() + "</tr></thead>", "<tbody>"]
        for row in t.rows {
            lines.append("<tr>" + zip(t.columns, row).map { column, cell in
                (column.numeric ? "<td class=\"number\">" : "<td>") + escaped(cell) + "</td>"
            }.joined() + "</tr>")
        }
        lines += ["</tbody>", "</table></div>"]
        return lines
    }
}
