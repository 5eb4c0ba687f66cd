import Foundation
import FoundationXML
import Multiprecision
import Reports
import TestSupport
import Testing
@testable import Figures

/// Independent values at 256 bits (`IndependentReference`), and the direct-KL and RLHF
/// policies in the symmetric forms the paper writes.
let Independent = IndependentReference(precision: 256)

extension IndependentReference {
    /// Section 3, γ = 1: `e^{1/(2β)} p_ref / (e^{1/(2β)} p_ref + e^{−1/(2β)} (1 − p_ref))`.
    func direct(beta: String, ref: String) -> BigFloat {
        let r = number(ref), half = (1 / (2 * number(beta))).exp()
        return half * r / (half * r + (1 - r) / half)
    }

    /// (4), `r(a) = 1`, `r(b) = 0`: `p_ref e^{1/β} / (p_ref e^{1/β} + 1 − p_ref)`.
    func rlhf(beta: String, ref: String) -> BigFloat {
        let r = number(ref), tilt = (1 / number(beta)).exp()
        return r * tilt / (r * tilt + 1 - r)
    }
}

/// True when the printed `text` is `exact` rounded to `digits` significant digits (half a unit
/// in the last printed place, with slack for the plotted value's own rounding error).
func agrees(_ text: String, _ exact: BigFloat, digits: Int) -> Bool {
    let printed = Independent.number(text)
    let error = (printed - exact).magnitude
    let scale = exact.magnitude
    if scale < Independent.number("1e-60") { return error < Independent.number("1e-60") }
    let exponent = Int(Foundation.floor(Foundation.log10(scale.approximation)))
    let halfUnit = Independent.number("5e\(exponent - digits)") * Independent.number("1.001")
    return error <= halfUnit
}

/// The figures, computed once per digit count.
enum Drawn {
    static let digits = 6
    static let all: [PaperFigure: Figure] = Dictionary(uniqueKeysWithValues: PaperFigure.allCases.map {
        ($0, try! $0.figure(digits: digits))
    })

    static func curve(_ figure: PaperFigure, _ id: String) throws -> Figure.Curve {
        try #require(all[figure]!.curves.first { $0.id == id })
    }

    /// The parameter in an id such as `beta-0.5` or `rlhf-beta-0.5`.
    static func parameter(_ id: String) -> String { String(id.split(separator: "-").last!) }
}

@Suite struct PlottedValues {
    static let figures: [PaperFigure] = [.fig1, .fig2, .fig3, .pooling]

    @Test(arguments: figures)
    func everyPointIsTheClosedFormToThePrintedDigits(_ figure: PaperFigure) throws {
        let drawn = try #require(Drawn.all[figure])
        for curve in drawn.curves {
            let beta = Drawn.parameter(curve.id)
            for p in curve.points {
                let exact: BigFloat = switch figure {
                case .fig1: Independent.groupsOfTwo(beta: beta, ref: p.x)
                case .fig2: Independent.largeGroups(beta: beta, ref: p.x)
                case .fig3: Independent.direct(beta: beta, ref: p.x)
                default: curve.id.hasPrefix("rlhf") ? Independent.rlhf(beta: beta, ref: p.x)
                    : Independent.groupsOfTwo(beta: beta, ref: p.x)
                }
                #expect(agrees(p.y, exact, digits: Drawn.digits), "\(figure) \(curve.id) at \(p.x): \(p.y) vs \(exact)")
            }
        }
    }

    /// Newton at finite G against bisection on the exact sums, every fourth point (and the first).
    @Test func finiteGroupsAreTheExactSumsToThePrintedDigits() throws {
        let drawn = try #require(Drawn.all[.finiteG])
        #expect(drawn.curves.map(\.id) == ["g-2", "g-4", "g-8", "g-16", "g-64", "g-inf"])
        for curve in drawn.curves {
            for (i, p) in curve.points.enumerated() where i % 4 == 0 {
                let exact = if let g = Int(Drawn.parameter(curve.id)) {
                    Independent.finite(g, beta: PaperFigure.finiteBeta, ref: p.x)
                } else {
                    Independent.largeGroups(beta: PaperFigure.finiteBeta, ref: p.x)
                }
                #expect(agrees(p.y, exact, digits: Drawn.digits), "\(curve.id) at \(p.x): \(p.y) vs \(exact)")
            }
        }
    }

    @Test func thirtyDigitsAreEarnedToo() throws {
        let drawn = try PaperFigure.fig2.figure(digits: 30)
        for curve in drawn.curves {
            for p in curve.points.prefix(40) {
                #expect(agrees(p.y, Independent.largeGroups(beta: Drawn.parameter(curve.id), ref: p.x), digits: 30))
            }
        }
    }
}

@Suite struct JumpsAtZero {
    /// `(isolated value at 0, start of the curve)` as numbers.
    func jump(_ curve: Figure.Curve) -> (isolated: BigFloat?, start: BigFloat) {
        (curve.isolated.first.map { Independent.number($0.y) }, Independent.number(curve.points[0].y))
    }

    @Test func figureOneJumpsExactlyWhenBetaIsBelowGamma() throws {
        for ratio in PaperFigure.fig1Ratios {
            let curve = try Drawn.curve(.fig1, "beta-\(ratio)")
            #expect(curve.points[0].x == "0")
            let (isolated, start) = jump(curve)
            if Independent.number(ratio) < 1 {
                #expect(curve.isolated.map(\.x) == ["0"])
                #expect(isolated?.isZero == true)
                #expect(agrees(curve.points[0].y, 1 - Independent.number(ratio), digits: Drawn.digits))
            } else {
                #expect(curve.isolated.isEmpty, "β/γ = \(ratio): continuous at 0")
                #expect(start.isZero)
            }
        }
    }

    @Test func figureTwoJumpsForEveryBetaToTheLowerBound() throws {
        let figure = try #require(Drawn.all[.fig2])
        for beta in PaperFigure.betas {
            let curve = try Drawn.curve(.fig2, "beta-\(beta)")
            let (isolated, start) = jump(curve)
            #expect(isolated?.isZero == true && start > 0)
            let bound = 1 / (1 + Independent.number(beta) * Independent.number(beta))
            #expect(agrees(curve.points[0].y, bound, digits: Drawn.digits))
            let reference = try #require(figure.references.first { $0.id == "bound-beta-\(beta)" })
            #expect(reference.style == .dashed && reference.points.allSatisfy { agrees($0.y, bound, digits: Drawn.digits) })
            #expect(curve.points.allSatisfy { Independent.number($0.y) >= Independent.number(reference.points[0].y) })
        }
    }

    @Test func figureThreeIsContinuousAtZero() throws {
        for curve in try #require(Drawn.all[.fig3]).curves {
            #expect(curve.isolated.isEmpty)
            #expect(curve.points[0].x == "0" && Independent.number(curve.points[0].y).isZero)
        }
    }

    @Test func finiteGroupsJumpAtBetaOneHalf() throws {
        for curve in try #require(Drawn.all[.finiteG]).curves {
            #expect(curve.isolated.count == 1 && jump(curve).start > Independent.number("0.4"), "\(curve.id)")
        }
    }

    @Test func poolingJumpsForGRPOOnlyWhereBetaIsBelowOne() throws {
        for curve in try #require(Drawn.all[.pooling]).curves {
            let jumps = curve.id.hasPrefix("grpo") && Independent.number(Drawn.parameter(curve.id)) < 1
            #expect(curve.isolated.isEmpty == !jumps, "\(curve.id)")
        }
    }
}

@Suite struct Shape {
    /// (14), (15), the direct-KL and RLHF policies increase with `π_ref(a)`; rounding keeps order.
    @Test(arguments: PlottedValues.figures)
    func curvesAreNonDecreasingInTheReference(_ figure: PaperFigure) throws {
        for curve in try #require(Drawn.all[figure]).curves {
            let ys = curve.points.map { Independent.number($0.y) }
            #expect(zip(ys, ys.dropFirst()).allSatisfy { $0 <= $1 }, "\(figure) \(curve.id)")
        }
    }

    /// Every plotted `F_G(μ)` is the binomial expectation of `g_G` summed over every k
    /// (`cumulativeObjective`), or `2 arcsin sqrt μ` for G → ∞, to the printed digits.
    @Test func theObjectiveIsTheBinomialExpectationToThePrintedDigits() throws {
        let drawn = try #require(Drawn.all[.objective])
        #expect(drawn.curves.map(\.id) == ["g-2", "g-4", "g-16", "g-inf"])
        for curve in drawn.curves {
            #expect(curve.points.count == 65 && curve.points.first?.x == "0" && curve.points.last?.x == "1")
            let g = Int(Drawn.parameter(curve.id))
            for p in curve.points {
                let exact = g.map { Independent.cumulativeObjective($0, mu: p.x) }
                    ?? 2 * Independent.number(p.x).squareRoot().arcsin()
                #expect(agrees(p.y, exact, digits: Drawn.digits), "\(curve.id) at \(p.x): \(p.y) vs \(exact)")
            }
        }
        #expect(try Drawn.curve(.objective, "g-2").points.allSatisfy { agrees($0.y, Independent.number($0.x), digits: Drawn.digits) },
                "F_2(μ) = μ")
    }

    @Test(arguments: PaperFigure.allCases.filter { $0 != .threshold && $0 != .objective })
    func abscissaeIncreaseFromZeroToOne(_ figure: PaperFigure) throws {
        let sampler = AdaptiveSampler()
        for curve in try #require(Drawn.all[figure]).curves {
            let xs = curve.points.map { Independent.number($0.x) }
            #expect(zip(xs, xs.dropFirst()).allSatisfy { $0 < $1 })
            #expect(curve.points.last == Figure.Point(x: "1", y: "1.00000"))
            #expect(xs[0] <= Independent.number(PolicyCurve.tinyReference.text))
            #expect(curve.points.count <= sampler.pointBudget)
        }
    }

    @Test func samplingRefinesWhereTheCurveBends() throws {
        // β = γ: p = sqrt(p_ref), infinitely steep at 0; β/γ = 0.1: nearly straight.
        let steep = try Drawn.curve(.fig1, "beta-1"), flat = try Drawn.curve(.fig1, "beta-0.1")
        let smallest = Independent.number(steep.points[1].x)
        #expect(smallest < Independent.number("0.0001"))
        #expect(steep.points.count > 2 * flat.points.count)
        #expect(flat.points.count >= 33)
    }

    @Test func dyadicAbscissaeAreExactDecimals() {
        #expect(AdaptiveSampler.dyadic(1, level: 5).text == "0.03125")
        #expect(AdaptiveSampler.dyadic(1 << 17, level: 17).text == "1")
        #expect(AdaptiveSampler.dyadic(3, level: 17).text == "0.0000228881835937" + "5")
    }
}

/// Collects the elements of an SVG with `XMLParser`.
final class SVGElements: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append((name, attributes))
    }

    func count(_ name: String, class className: String) -> Int {
        elements.filter { $0.name == name && $0.attributes["class"] == className }.count
    }
}

@Suite struct Renderings {
    @Test(arguments: PaperFigure.allCases)
    func svgParsesWithOnePathPerCurve(_ figure: PaperFigure) throws {
        let drawn = try #require(Drawn.all[figure])
        let parser = XMLParser(data: Data(FigureFormat.svg.render(drawn).utf8))
        let svg = SVGElements()
        parser.delegate = svg
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(svg.elements.first?.name == "svg")
        #expect(svg.count("path", class: "curve") == drawn.curves.count)
        #expect(svg.count("path", class: "reference") == drawn.references.count)
        #expect(svg.count("circle", class: "isolated") == drawn.curves.map(\.isolated.count).reduce(0, +))
        #expect(svg.count("polygon", class: "shaded") == (drawn.shaded == nil ? 0 : 1), "one shaded region where the figure has one")
        let ids = svg.elements.compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == ids.count, "ids are unique")
        #expect(drawn.curves.allSatisfy { ids.contains("\(drawn.name)-curve-\($0.id)") })
        let dashed = svg.elements.filter { $0.attributes["class"] == "reference" }
        #expect(dashed.allSatisfy { $0.attributes["stroke-dasharray"] != nil })
    }

    @Test func csvHasTheHeaderAndCRLF() throws {
        let drawn = try #require(Drawn.all[.fig1])
        let text = FigureFormat.csv.render(drawn)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == "curve,x,y")
        #expect(lines.last == "")
        #expect(!text.replacing("\r\n", with: "").contains("\n"))
        let rows = lines.dropFirst().dropLast()
        let expected = (drawn.curves + drawn.references).map { $0.points.count + $0.isolated.count }.reduce(0, +)
        #expect(rows.count == expected)
        #expect(rows.contains("beta-0.5.isolated,0,0.00000"))
        #expect(rows.allSatisfy { $0.split(separator: ",").count == 3 })
    }

    @Test(arguments: PaperFigure.allCases)
    func pgfplotsIsWellFormed(_ figure: PaperFigure) throws {
        let drawn = try #require(Drawn.all[figure])
        let tex = FigureFormat.pgfplots.render(drawn)
        let body = tex.split(separator: "\n").filter { !$0.hasPrefix("%") }.joined(separator: "\n")
        var environments: [String] = []
        let pattern = /\\(begin|end)\{([a-z]+)\}/
        for match in body.matches(of: pattern) {
            if match.1 == "begin" {
                environments.append(String(match.2))
            } else {
                #expect(environments.popLast() == String(match.2))
            }
        }
        #expect(environments.isEmpty)
        var depth = 0
        var previous: Character = " "
        for c in body {
            if previous != "\\" && c == "{" { depth += 1 }
            if previous != "\\" && c == "}" { depth -= 1 }
            #expect(depth >= 0)
            previous = c
        }
        #expect(depth == 0)
        #expect(body.hasPrefix("\\begin{tikzpicture}") && !body.contains("\\documentclass"))
        #expect(body.components(separatedBy: "\\addlegendentry").count - 1 == drawn.curves.count)
        let ascii = body.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(ascii, "pdflatex reads the body as ASCII")
    }
}
