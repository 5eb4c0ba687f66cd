import Foundation
import FoundationXML
import GRPOModel
import Multiprecision
import Reports
import Testing
@testable import Figures

/// What the figures look like: curves told apart without colour, clear of the frame, the jumps
/// drawn in SVG and pgfplots alike, and the threshold figure.
@Suite struct FigureStyle {
    @Test(arguments: PaperFigure.allCases)
    func curvesDifferInLineStyleAndMarkerAndTheirMarksDoNotOverlap(_ figure: PaperFigure) throws {
        let drawn = try #require(Drawn.all[figure])
        let looks = drawn.curves.map { "\($0.style) \(String(describing: $0.marker))" }
        #expect(Set(looks).count == looks.count, "\(looks)")
        var abscissae = Set<String>()
        for curve in drawn.curves {
            #expect(curve.marker != nil && curve.marks.count >= 3, "\(curve.id)")
            #expect(curve.marks.allSatisfy(curve.points.indices.contains))
            for i in curve.marks {
                let p = curve.points[i]
                #expect(abscissae.insert("\(p.x) \(p.y)").inserted, "\(curve.id) shares a mark at \(p)")
            }
        }
    }

    @Test(arguments: PaperFigure.allCases)
    func curvesStayClearOfTheFrame(_ figure: PaperFigure) throws {
        let drawn = try #require(Drawn.all[figure])
        for curve in drawn.curves {
            let ys = curve.points.map { Double($0.y)! }
            #expect(drawn.yAxis.fraction(ys.max()!) <= 0.97, "\(curve.id) runs along the top of the frame")
            #expect(drawn.yAxis.fraction(ys.min()!) >= 0.01 || figure == .threshold, "\(curve.id) runs along the bottom")
            #expect(drawn.xAxis.fraction(Double(curve.points[0].x)!) >= 0.01 || figure == .threshold)
        }
    }

    /// The limit each jumping curve starts from as an open circle and its value at 0 as a filled one,
    /// in both renderings, at the curve's first point and at its isolated point.
    @Test(arguments: PaperFigure.allCases)
    func jumpsAreOpenAndFilledCirclesInBothFormats(_ figure: PaperFigure) throws {
        let drawn = try #require(Drawn.all[figure])
        let jumping = drawn.curves.filter { !$0.isolated.isEmpty }
        let svg = SVGElements()
        let parser = XMLParser(data: Data(FigureFormat.svg.render(drawn).utf8))
        parser.delegate = svg
        #expect(parser.parse())
        let limits = svg.elements.filter { $0.name == "circle" && $0.attributes["class"] == "limit" }
        #expect(limits.count == jumping.count)
        #expect(limits.allSatisfy { $0.attributes["fill"] == "white" })
        #expect(svg.count("polygon", class: "mark") == drawn.curves.map(\.marks.count).reduce(0, +) + drawn.curves.count,
                "the marks and one marker per legend entry")
        let tex = FigureFormat.pgfplots.render(drawn)
        let lines = tex.split(separator: "\n").map(String.init)
        let open = lines.indices.filter { lines[$0].contains("only marks, mark=o,") }
        let filled = lines.indices.filter { lines[$0].contains("only marks, mark=*,") }
        #expect(open.count == jumping.count && filled.count == jumping.count)
        for (k, curve) in jumping.enumerated() {
            #expect(lines[open[k] + 3] == "\(curve.points[0].x) \(curve.points[0].y)\\\\")
            #expect(lines[filled[k] + 3] == "\(curve.isolated[0].x) \(curve.isolated[0].y)\\\\")
        }
    }

    @Test(arguments: PaperFigure.allCases)
    func pgfplotsIsAnInputableTikzpictureWithItsColours(_ figure: PaperFigure) throws {
        let drawn = try #require(Drawn.all[figure])
        let tex = FigureFormat.pgfplots.render(drawn)
        let lines = tex.split(separator: "\n").filter { !$0.hasPrefix("%") }.map(String.init)
        #expect(lines.first == "\\begin{tikzpicture}" && lines.last == "\\end{tikzpicture}")
        let used = Set(tex.matches(of: /color=(gvc\d)/).map { String($0.1) })
        let defined = Set(lines.compactMap { $0.firstMatch(of: /^\\definecolor\{(gvc\d)\}\{HTML\}\{[0-9A-F]{6}\}$/).map { String($0.1) } })
        #expect(!used.isEmpty && used == defined)
        for curve in drawn.curves {
            #expect(tex.contains("mark indices={\(curve.marks.map { String($0 + 1) }.joined(separator: ","))}"))
        }
        #expect(tex.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(!tex.contains("\\to ") && !tex.contains("\\to}"), "TikZ redefines \\to inside a picture")
    }

    /// β_c against bisection on `2 asinh β − 2 sqrt(1 + β²)/β = logit π_ref(a)` at 256 bits.
    @Test func thresholdFigureIsTheCertifiedThreshold() throws {
        let drawn = try #require(Drawn.all[.threshold])
        #expect(drawn.yAxis.logarithmic && drawn.curves.count == 1)
        let curve = drawn.curves[0]
        #expect(curve.points.count == PaperFigure.thresholdReferences.count)
        for (i, p) in curve.points.enumerated() where i % 7 == 0 || i == curve.points.count - 1 {
            let r = Independent.number(p.x), logit = (r / (1 - r)).log()
            var lo = Independent.number("0.001"), hi = Independent.number("10000")
            for _ in 0..<300 {
                let mid = (lo + hi) / 2
                let f = 2 * mid.asinh() - 2 * (1 + mid * mid).squareRoot() / mid - logit
                if f.sign < 0 { lo = mid } else { hi = mid }
            }
            #expect(agrees(p.y, (lo + hi) / 2, digits: Drawn.digits), "π_ref(a) = \(p.x): \(p.y)")
        }
        let ys = curve.points.map { Independent.number($0.y) }
        #expect(zip(ys, ys.dropFirst()).allSatisfy { $0 < $1 }, "β_c increases with π_ref(a)")
        let region = try #require(drawn.shaded)
        #expect(Array(region.polygon.prefix(curve.points.count)) == curve.points)
        #expect(region.polygon.suffix(2).allSatisfy { Double($0.y) == drawn.yAxis.upper })
    }

    @Test func betasAndGroupSizesChooseTheCurves() throws {
        let parameters = PaperFigure.Parameters(betas: [try DecimalNumber("0.05"), try DecimalNumber("3")], groupSizes: [])
        let fig2 = try PaperFigure.fig2.figure(digits: 6, parameters: parameters)
        #expect(fig2.curves.map(\.id) == ["beta-0.05", "beta-3"])
        #expect(fig2.title == "G → ∞, β ∈ {0.05, 3}: closed form (15)")
        for curve in fig2.curves {
            for p in curve.points.prefix(60) {
                #expect(agrees(p.y, Independent.largeGroups(beta: Drawn.parameter(curve.id), ref: p.x), digits: 6))
            }
        }
        let finite = try PaperFigure.finiteG.figure(digits: 6, parameters: PaperFigure.Parameters(
            betas: [try DecimalNumber("0.1"), try DecimalNumber("1")], groupSizes: [.finite(3), .infinite]))
        #expect(finite.curves.map(\.id) == ["beta-0.1-g-3", "beta-0.1-g-inf", "beta-1-g-3", "beta-1-g-inf"])
        for (curve, beta) in [(finite.curves[0], "0.1"), (finite.curves[2], "1")] {
            for (i, p) in curve.points.enumerated() where i % 9 == 0 {
                #expect(agrees(p.y, Independent.finite(3, beta: beta, ref: p.x), digits: 6), "\(curve.id) at \(p.x)")
            }
        }
        #expect(PaperFigure.pooling.curveCount(parameters) == 4 && PaperFigure.threshold.takesBetas == false)
    }
}
