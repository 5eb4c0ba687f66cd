import Foundation

/// The formats a figure can be written in, next to `TableFormat`.
public enum FigureFormat: String, CaseIterable, Sendable {
    /// A standalone SVG for a browser.
    case svg
    /// A standalone LaTeX document with pgfplots, data inline; compiles with pdflatex.
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

    /// `\documentclass{standalone}` with one pgfplots `axis`: inline `table` data, legend for
    /// the curves, dashed references, isolated points as filled marks, the region filled.
    static func pgfplots(_ f: Figure) -> String {
        func style(_ curve: Figure.Curve) -> String {
            let dash = curve.style == .solid ? "" : ", \(curve.style.rawValue)"
            return "color=c\(curve.color % palette.count), thick, no markers\(dash)"
        }
        func data(_ points: [Figure.Point]) -> [String] {
            ["table[row sep=\\\\] {", "x y\\\\"] + points.map { "\($0.x) \($0.y)\\\\" } + ["};"]
        }
        func ticks(_ axis: Figure.Axis) -> String { axis.ticks.map { String($0) }.joined(separator: ",") }
        var lines = f.provenance.map { "% \($0.key): \($0.value)" }
        lines.append("% \(f.title)")
        lines.append("% \(f.caption)")
        lines += ["\\documentclass[border=4pt]{standalone}", "\\usepackage{pgfplots}",
                  "\\pgfplotsset{compat=1.16}"]
        lines += palette.enumerated().map { "\\definecolor{c\($0.offset)}{HTML}{\($0.element)}" }
        lines += ["\\begin{document}", "\\begin{tikzpicture}", "\\begin{axis}["]
        lines += ["  width=12cm, height=9cm,",
                  "  xmin=\(f.xAxis.lower), xmax=\(f.xAxis.upper), ymin=\(f.yAxis.lower), ymax=\(f.yAxis.upper),",
                  "  xtick={\(ticks(f.xAxis))}, ytick={\(ticks(f.yAxis))},",
                  "  xlabel={\(latexEscaped(f.xAxis.label))}, ylabel={\(latexEscaped(f.yAxis.label))},",
                  "  title={\(latexEscaped(f.title))}, title style={font=\\small, text width=11cm, align=center},",
                  "  legend pos=outer north east, legend cell align=left, legend style={font=\\small},",
                  "]"]
        if let region = f.shaded {
            lines.append("% shaded: \(region.label)")
            lines.append("\\fill[gray!15] " + region.polygon.map { "(axis cs:\($0.x),\($0.y))" }
                .joined(separator: " -- ") + " -- cycle;")
        }
        for curve in f.curves {
            lines.append("% curve \(curve.id)")
            lines.append("\\addplot[\(style(curve))]")
            lines += data(curve.points)
            lines.append("\\addlegendentry{\(latexEscaped(curve.label))}")
            if !curve.isolated.isEmpty {
                lines.append("\\addplot[color=c\(curve.color % palette.count), only marks, mark=*, forget plot]")
                lines += data(curve.isolated)
            }
        }
        for curve in f.references {
            lines.append("% reference \(curve.id): \(curve.label)")
            lines.append("\\addplot[\(style(curve)), forget plot]")
            lines += data(curve.points)
        }
        lines += ["\\end{axis}", "\\end{tikzpicture}", "\\end{document}"]
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The SVG of a figure: plot area with axes and ticks, title, legend to the right, caption below.
struct SVGRenderer {
    let figure: Figure

    let width = 820.0
    let plotLeft = 70.0, plotTop = 60.0, plotSize = 460.0
    let legendLeft = 570.0
    /// Caption characters per line.
    let captionWidth = 120

    var captionLines: [String] { Self.wrapped(figure.caption, width: captionWidth) }
    var height: Double { plotTop + plotSize + 70 + Double(captionLines.count) * 16 }

    func px(_ x: Double) -> Double {
        plotLeft + (x - figure.xAxis.lower) / (figure.xAxis.upper - figure.xAxis.lower) * plotSize
    }

    func py(_ y: Double) -> Double {
        plotTop + plotSize - (y - figure.yAxis.lower) / (figure.yAxis.upper - figure.yAxis.lower) * plotSize
    }

    func coordinates(_ p: Figure.Point) -> (String, String) {
        // The strings are decimals produced by the suite; a failed parse would be a bug.
        guard let x = Double(p.x), let y = Double(p.y) else { preconditionFailure("not a decimal: \(p)") }
        return (Self.number(px(x)), Self.number(py(y)))
    }

    func path(_ points: [Figure.Point]) -> String {
        points.enumerated().map { i, p in
            let (x, y) = coordinates(p)
            return (i == 0 ? "M" : "L") + "\(x) \(y)"
        }.joined(separator: " ")
    }

    func stroke(_ curve: Figure.Curve) -> String {
        let dash = switch curve.style {
        case .solid: ""
        case .dashed: " stroke-dasharray=\"8 5\""
        case .dotted: " stroke-dasharray=\"2 4\""
        }
        return "fill=\"none\" stroke=\"#\(FigureFormat.color(curve.color))\" stroke-width=\"2\"\(dash)"
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
        if let region = f.shaded {
            let points = region.polygon.map { p -> String in
                let (x, y) = coordinates(p)
                return "\(x),\(y)"
            }.joined(separator: " ")
            out.append("<polygon class=\"shaded\" points=\"\(points)\" fill=\"#000000\" fill-opacity=\"0.07\">"
                       + "<title>\(Self.escaped(region.label))</title></polygon>")
        }
        out += axes()
        out.append("<g clip-path=\"url(#plot-area)\">")
        for curve in f.references {
            out.append("<path id=\"reference-\(Self.escaped(curve.id))\" class=\"reference\" "
                       + "d=\"\(path(curve.points))\" \(stroke(curve))><title>\(Self.escaped(curve.label))</title></path>")
        }
        for curve in f.curves {
            out.append("<path id=\"curve-\(Self.escaped(curve.id))\" class=\"curve\" "
                       + "d=\"\(path(curve.points))\" \(stroke(curve))><title>\(Self.escaped(curve.label))</title></path>")
        }
        out.append("</g>")
        for curve in f.curves where !curve.isolated.isEmpty {
            // The limit the curve starts from is not attained: an open circle there.
            if let start = curve.points.first {
                let (x, y) = coordinates(start)
                out.append("<circle class=\"limit\" cx=\"\(x)\" cy=\"\(y)\" r=\"4\" fill=\"white\" "
                           + "stroke=\"#\(FigureFormat.color(curve.color))\" stroke-width=\"1.5\"/>")
            }
            for p in curve.isolated {
                let (x, y) = coordinates(p)
                out.append("<circle class=\"isolated\" cx=\"\(x)\" cy=\"\(y)\" r=\"4\" "
                           + "fill=\"#\(FigureFormat.color(curve.color))\"><title>\(Self.escaped(curve.label)): "
                           + "(\(p.x), \(p.y))</title></circle>")
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
        var out = ["<defs><clipPath id=\"plot-area\"><rect x=\"\(left)\" y=\"\(Self.number(plotTop - 5))\" "
                   + "width=\"\(Self.number(plotSize + 5))\" height=\"\(Self.number(plotSize + 10))\"/></clipPath></defs>",
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
                       + "text-anchor=\"middle\">\(Self.tick(t))</text>")
        }
        for t in f.yAxis.ticks {
            out.append("<text class=\"tick\" x=\"\(Self.number(plotLeft - 10))\" y=\"\(Self.number(py(t) + 4))\" "
                       + "text-anchor=\"end\">\(Self.tick(t))</text>")
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
                       + "x2=\"\(Self.number(legendLeft + 30))\" y2=\"\(Self.number(y))\" \(stroke(curve))/>")
            out.append("<text x=\"\(Self.number(legendLeft + 38))\" y=\"\(Self.number(y + 4))\">"
                       + "\(Self.escaped(curve.label))</text>")
        }
        out.append("</g>")
        return out
    }

    /// A pixel coordinate with two decimals.
    static func number(_ v: Double) -> String { String(format: "%.2f", v) }

    static func tick(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }

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
