import Foundation

/// The formats a figure can be written in, next to `TableFormat`.
public enum FigureFormat: String, CaseIterable, Sendable {
    /// A standalone SVG for a browser.
    case svg
    /// A pgfplots `tikzpicture` to `\input`, data inline (see `LaTeX.preamble`).
    case pgfplots
    /// The plotted data: `curve,x,y`.
    case csv

    public var fileExtension: String {
        switch self {
        case .svg: "svg"
        case .pgfplots: "tex"
        case .csv: "csv"
        }
    }

    public func render(_ figure: Figure) -> String {
        switch self {
        case .svg: SVGRenderer(figure: figure).render()
        case .pgfplots: Self.pgfplots(figure)
        case .csv: Self.csv(figure)
        }
    }

    /// The colours of `Curve.color`, cycled (Tableau 10).
    static let palette = ["1F77B4", "D62728", "2CA02C", "FF7F0E", "9467BD", "8C564B", "E377C2", "17BECF"]

    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// The CSV `curve` name of a curve's isolated points.
    static func isolatedName(_ curve: Figure.Curve) -> String { curve.id + ".isolated" }

    /// RFC 4180 with CRLF, like `TableFormat.csv`: header `curve,x,y`, then every curve's
    /// points, its isolated points (as `<id>.isolated`), then the reference curves.
    static func csv(_ f: Figure) -> String {
        var rows: [[String]] = []
        for curve in f.curves + f.references {
            rows += curve.points.map { [curve.id, $0.x, $0.y] }
            rows += curve.isolated.map { [isolatedName(curve), $0.x, $0.y] }
        }
        return TableFormat.csv(Table(title: f.title,
                                     columns: [.init("curve", heading: "curve", numeric: false),
                                               .init("x", heading: "x"), .init("y", heading: "y")],
                                     rows: rows))
    }

    /// A `tikzpicture` with one pgfplots `axis` to `\input` into a document whose preamble is
    /// `LaTeX.preamble`: colours defined inside, inline `table` data, each curve with its line
    /// style and markers and a legend entry, the jumps at 0 as open (limit) and filled (value)
    /// circles, references thin, the region shaded and the notes placed. ASCII only.
    static func pgfplots(_ f: Figure) -> String {
        func color(_ index: Int) -> String { "gvc\(index % palette.count)" }
        func dash(_ style: Figure.LineStyle) -> String {
            style.dashes.isEmpty ? "solid" : "dash pattern=" + style.dashes.enumerated().map { i, d in
                (i % 2 == 0 ? "on " : "off ") + number(d) + "pt"
            }.joined(separator: " ")
        }
        func style(_ curve: Figure.Curve) -> String {
            var style = "color=\(color(curve.color)), thick, \(dash(curve.style))"
            if let marker = curve.marker, !curve.marks.isEmpty {
                style += ", mark=\(marker.shape.rawValue)\(marker.filled ? "*" : ""), "
                    + "mark indices={\(curve.marks.map { String($0 + 1) }.joined(separator: ","))}, "
                    + "mark options={solid\(marker.filled ? "" : ", fill=white")}"
            } else {
                style += ", no markers"
            }
            return style
        }
        func data(_ points: [Figure.Point]) -> [String] {
            ["table[row sep=\\\\] {", "x y\\\\"] + points.map { "\($0.x) \($0.y)\\\\" } + ["};"]
        }
        func circles(_ curve: Figure.Curve, _ points: [Figure.Point], filled: Bool) -> [String] {
            ["\\addplot[color=\(color(curve.color)), only marks, mark=\(filled ? "*" : "o"), "
                + "mark options={solid\(filled ? "" : ", fill=white")}, forget plot]"] + data(points)
        }
        func ticks(_ axis: Figure.Axis) -> String { axis.ticks.map { number($0) }.joined(separator: ",") }
        func limits(_ axis: Figure.Axis, _ name: String) -> String {
            "\(name)min=\(number(axis.lower)), \(name)max=\(number(axis.upper)), \(name)tick={\(ticks(axis))},"
                + (axis.logarithmic ? " \(name)mode=log, log ticks with fixed point," : "")
        }
        var lines = LaTeX.comments(f.provenance)
        lines.append("% " + LaTeX.comment(f.title))
        lines.append("% " + LaTeX.comment(f.caption))
        lines.append("\\begin{tikzpicture}")
        let colors = Set((f.curves + f.references).map { $0.color % palette.count }).sorted()
        lines += colors.map { "\\definecolor{\(color($0))}{HTML}{\(palette[$0])}" }
        lines += ["\\begin{axis}[",
                  "  width=\\linewidth, height=0.8\\linewidth,",
                  "  " + limits(f.xAxis, "x"),
                  "  " + limits(f.yAxis, "y"),
                  "  xlabel={\(LaTeX.text(f.xAxis.label))}, ylabel={\(LaTeX.text(f.yAxis.label))},",
                  "  title={\(LaTeX.text(f.title))},",
                  "  title style={font=\\small, text width=0.9\\linewidth, align=flush center},",
                  "  tick label style={font=\\footnotesize}, label style={font=\\small},",
                  "  legend pos=south east, legend cell align=left, legend style={font=\\footnotesize},",
                  "  legend image post style={mark indices={2}},",
                  "]"]
        if let region = f.shaded {
            lines.append("% shaded: " + LaTeX.comment(region.label))
            lines.append("\\fill[black, opacity=0.07] " + region.polygon.map { "(axis cs:\($0.x),\($0.y))" }
                .joined(separator: " -- ") + " -- cycle;")
        }
        for curve in f.references {
            lines.append("% reference \(curve.id): " + LaTeX.comment(curve.label))
            lines.append("\\addplot[color=\(color(curve.color)), thin, \(dash(curve.style)), no markers, forget plot]")
            lines += data(curve.points)
        }
        for curve in f.curves {
            lines.append("% curve \(curve.id)")
            lines.append("\\addplot[\(style(curve))]")
            lines += data(curve.points)
            lines.append("\\addlegendentry{\(LaTeX.text(curve.label))}")
        }
        for curve in f.curves where !curve.isolated.isEmpty {
            lines.append("% \(curve.id): the limit it starts from (open) and its value at 0 (filled)")
            lines += circles(curve, Array(curve.points.prefix(1)), filled: false)
            lines += circles(curve, curve.isolated, filled: true)
        }
        for note in f.notes {
            lines.append("\\node[font=\\footnotesize, align=center] at (axis cs:\(number(note.x)),\(number(note.y))) "
                         + "{" + note.text.split(separator: "\n").map { LaTeX.text(String($0)) }.joined(separator: " \\\\ ") + "};")
        }
        lines += ["\\end{axis}", "\\end{tikzpicture}"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A plain decimal for a coordinate or length (`0.2`, `1`, `-0.02`).
    static func number(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}

/// The SVG of a figure: plot area with axes and ticks, title, legend to the right, caption
/// below. Element ids start with the figure's name, so that several SVGs can share one page.
struct SVGRenderer {
    let figure: Figure

    let width = 820.0
    let plotLeft = 70.0, plotTop = 60.0, plotSize = 460.0
    let legendLeft = 570.0
    /// Caption characters per line.
    let captionWidth = 120
    /// SVG units per point of the pgfplots dash patterns (the plot is about twice as large).
    let dashScale = 2.0

    var captionLines: [String] { Self.wrapped(figure.caption, width: captionWidth) }
    var height: Double { plotTop + plotSize + 70 + Double(captionLines.count) * 16 }

    func px(_ x: Double) -> Double { plotLeft + figure.xAxis.fraction(x) * plotSize }

    func py(_ y: Double) -> Double { plotTop + plotSize - figure.yAxis.fraction(y) * plotSize }

    func id(_ name: String) -> String { Self.escaped(figure.name + "-" + name) }

    func position(_ p: Figure.Point) -> (x: Double, y: Double) {
        // The strings are decimals produced by the suite; a failed parse would be a bug.
        guard let x = Double(p.x), let y = Double(p.y) else { preconditionFailure("not a decimal: \(p)") }
        return (px(x), py(y))
    }

    func coordinates(_ p: Figure.Point) -> (String, String) {
        let (x, y) = position(p)
        return (Self.number(x), Self.number(y))
    }

    func path(_ points: [Figure.Point]) -> String {
        points.enumerated().map { i, p in
            let (x, y) = coordinates(p)
            return (i == 0 ? "M" : "L") + "\(x) \(y)"
        }.joined(separator: " ")
    }

    func stroke(_ curve: Figure.Curve, width: Double = 2) -> String {
        let dash = curve.style.dashes.isEmpty ? ""
            : " stroke-dasharray=\"" + curve.style.dashes.map { Self.number($0 * dashScale) }.joined(separator: " ") + "\""
        return "fill=\"none\" stroke=\"#\(FigureFormat.color(curve.color))\" stroke-width=\"\(Self.number(width))\"\(dash)"
    }

    /// A marker centred at `(x, y)`: filled in the curve's colour, or white with a coloured outline.
    func marker(_ marker: Figure.Marker, color: Int, at x: Double, _ y: Double) -> String {
        let r = 4.5
        let paint = marker.filled ? "fill=\"#\(FigureFormat.color(color))\""
            : "fill=\"white\" stroke=\"#\(FigureFormat.color(color))\" stroke-width=\"1.5\""
        let corners: [(Double, Double)] = switch marker.shape {
        case .square: [(-r, -r), (r, -r), (r, r), (-r, r)]
        case .triangle: [(0, -1.2 * r), (1.1 * r, 0.8 * r), (-1.1 * r, 0.8 * r)]
        case .diamond: [(0, -1.35 * r), (r, 0), (0, 1.35 * r), (-r, 0)]
        case .pentagon: (0..<5).map { k in
            let angle = (-90 + 72 * Double(k)) * Double.pi / 180
            return (1.15 * r * cos(angle), 1.15 * r * sin(angle))
        }
        }
        let points = corners.map { "\(Self.number(x + $0.0)),\(Self.number(y + $0.1))" }.joined(separator: " ")
        return "<polygon class=\"mark\" points=\"\(points)\" \(paint)/>"
    }

    func circle(_ className: String, _ p: Figure.Point, color: Int, filled: Bool, title: String? = nil) -> String {
        let (x, y) = coordinates(p)
        let paint = filled ? "fill=\"#\(FigureFormat.color(color))\""
            : "fill=\"white\" stroke=\"#\(FigureFormat.color(color))\" stroke-width=\"1.5\""
        return "<circle class=\"\(className)\" cx=\"\(x)\" cy=\"\(y)\" r=\"4\" \(paint)>"
            + (title.map { "<title>\(Self.escaped($0))</title>" } ?? "") + "</circle>"
    }

    func render() -> String {
        let f = figure
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        out += f.provenance.map { "<!-- \(Self.comment($0.key)): \(Self.comment($0.value)) -->" }
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" "
                   + "height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" "
                   + "font-family=\"sans-serif\" font-size=\"13\">")
        out.append("<title>\(Self.escaped(f.title))</title>")
        out.append("<desc>\(Self.escaped(f.caption))</desc>")
        out.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
        out.append("<text class=\"title\" x=\"\(Self.number(width / 2))\" y=\"28\" text-anchor=\"middle\" "
                   + "font-size=\"15\">\(Self.escaped(f.title))</text>")
        out += axes()
        out.append("<g clip-path=\"url(#\(id("plot-area")))\">")
        if let region = f.shaded {
            let points = region.polygon.map { p -> String in
                let (x, y) = coordinates(p)
                return "\(x),\(y)"
            }.joined(separator: " ")
            out.append("<polygon class=\"shaded\" points=\"\(points)\" fill=\"#000000\" fill-opacity=\"0.07\">"
                       + "<title>\(Self.escaped(region.label))</title></polygon>")
        }
        for curve in f.references {
            out.append("<path id=\"\(id("reference-" + curve.id))\" class=\"reference\" "
                       + "d=\"\(path(curve.points))\" \(stroke(curve, width: 1.2))><title>\(Self.escaped(curve.label))</title></path>")
        }
        for curve in f.curves {
            out.append("<path id=\"\(id("curve-" + curve.id))\" class=\"curve\" "
                       + "d=\"\(path(curve.points))\" \(stroke(curve))><title>\(Self.escaped(curve.label))</title></path>")
        }
        out.append("</g>")
        for curve in f.curves {
            guard let m = curve.marker else { continue }
            for i in curve.marks {
                let (x, y) = position(curve.points[i])
                out.append(marker(m, color: curve.color, at: x, y))
            }
        }
        for curve in f.curves where !curve.isolated.isEmpty {
            // The limit the curve starts from is not attained: an open circle there.
            out.append(circle("limit", curve.points[0], color: curve.color, filled: false))
            out += curve.isolated.map {
                circle("isolated", $0, color: curve.color, filled: true, title: "\(curve.label): (\($0.x), \($0.y))")
            }
        }
        for note in f.notes {
            let lines = note.text.split(separator: "\n")
            for (i, line) in lines.enumerated() {
                out.append("<text class=\"note\" x=\"\(Self.number(px(note.x)))\" "
                           + "y=\"\(Self.number(py(note.y) + 16 * (Double(i) - Double(lines.count - 1) / 2) + 4))\" "
                           + "text-anchor=\"middle\" font-size=\"12\">\(Self.escaped(String(line)))</text>")
            }
        }
        out += legend()
        for (i, line) in captionLines.enumerated() {
            out.append("<text class=\"caption\" x=\"20\" y=\"\(Self.number(plotTop + plotSize + 70 + Double(i) * 16))\" "
                       + "font-size=\"12\">\(Self.escaped(line))</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    func axes() -> [String] {
        let f = figure
        let left = Self.number(plotLeft)
        let (top, bottom) = (Self.number(plotTop), Self.number(plotTop + plotSize))
        var out = ["<defs><clipPath id=\"\(id("plot-area"))\"><rect x=\"\(left)\" y=\"\(top)\" "
                   + "width=\"\(Self.number(plotSize))\" height=\"\(Self.number(plotSize))\"/></clipPath></defs>",
                   "<g class=\"axes\" stroke=\"#000000\" stroke-width=\"1\">",
                   "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(Self.number(plotSize))\" "
                   + "height=\"\(Self.number(plotSize))\" fill=\"none\"/>"]
        for t in f.xAxis.ticks {
            let x = Self.number(px(t))
            out.append("<line x1=\"\(x)\" y1=\"\(bottom)\" x2=\"\(x)\" y2=\"\(Self.number(plotTop + plotSize + 6))\"/>")
        }
        for t in f.yAxis.ticks {
            let y = Self.number(py(t))
            out.append("<line x1=\"\(Self.number(plotLeft - 6))\" y1=\"\(y)\" x2=\"\(left)\" y2=\"\(y)\"/>")
        }
        out.append("</g>")
        for t in f.xAxis.ticks {
            out.append("<text class=\"tick\" x=\"\(Self.number(px(t)))\" y=\"\(Self.number(plotTop + plotSize + 22))\" "
                       + "text-anchor=\"middle\">\(FigureFormat.number(t))</text>")
        }
        for t in f.yAxis.ticks {
            out.append("<text class=\"tick\" x=\"\(Self.number(plotLeft - 10))\" y=\"\(Self.number(py(t) + 4))\" "
                       + "text-anchor=\"end\">\(FigureFormat.number(t))</text>")
        }
        out.append("<text class=\"axis-label\" x=\"\(Self.number(plotLeft + plotSize / 2))\" "
                   + "y=\"\(Self.number(plotTop + plotSize + 45))\" text-anchor=\"middle\">\(Self.escaped(f.xAxis.label))</text>")
        let middle = Self.number(plotTop + plotSize / 2)
        out.append("<text class=\"axis-label\" x=\"22\" y=\"\(middle)\" text-anchor=\"middle\" "
                   + "transform=\"rotate(-90 22 \(middle))\">\(Self.escaped(f.yAxis.label))</text>")
        return out
    }

    func legend() -> [String] {
        var out = ["<g class=\"legend\">"]
        for (i, curve) in figure.curves.enumerated() {
            let y = plotTop + 10 + Double(i) * 22
            out.append("<line x1=\"\(Self.number(legendLeft))\" y1=\"\(Self.number(y))\" "
                       + "x2=\"\(Self.number(legendLeft + 36))\" y2=\"\(Self.number(y))\" \(stroke(curve))/>")
            if let m = curve.marker { out.append(marker(m, color: curve.color, at: legendLeft + 18, y)) }
            out.append("<text x=\"\(Self.number(legendLeft + 44))\" y=\"\(Self.number(y + 4))\">"
                       + "\(Self.escaped(curve.label))</text>")
        }
        out.append("</g>")
        return out
    }

    /// A pixel coordinate with two decimals.
    static func number(_ v: Double) -> String { String(format: "%.2f", v) }

    static func escaped(_ s: String) -> String {
        s.replacing("&", with: "&amp;").replacing("<", with: "&lt;").replacing(">", with: "&gt;")
            .replacing("\"", with: "&quot;")
    }

    /// Text safe inside an XML comment (no `--`).
    static func comment(_ s: String) -> String { escaped(s).replacing("--", with: "- -") }

    /// Greedy word wrap.
    static func wrapped(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
