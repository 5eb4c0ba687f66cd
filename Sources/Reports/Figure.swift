import Foundation

/// A figure of curves (π(a) or β_c against π_ref(a)), as decimal strings, independent of output format
/// (the plotting counterpart of `Table`).
public struct Figure: Sendable {
    /// One plotted point; `x` and `y` are decimal strings as printed in every format.
    public struct Point: Sendable, Equatable {
        public let x: String
        public let y: String

        public init(x: String, y: String) {
            self.x = x
            self.y = y
        }
    }

    /// How a curve's line is drawn; together with the marker it tells curves apart in grayscale.
    public enum LineStyle: Sendable, CaseIterable {
        case solid, dashed, dotted, dashDotted, longDashed, denselyDashed, dashDotDotted, denselyDotted

        /// Alternating on and off lengths in points; empty for a solid line.
        public var dashes: [Double] {
            switch self {
            case .solid: []
            case .dashed: [4, 2.5]
            case .dotted: [1, 2]
            case .dashDotted: [4, 2, 1, 2]
            case .longDashed: [8, 3]
            case .denselyDashed: [2.5, 1.5]
            case .dashDotDotted: [4, 1.5, 1, 1.5, 1, 1.5]
            case .denselyDotted: [1, 1]
            }
        }
    }

    /// A marker drawn at a few points of a curve (and in its legend entry). Circles are kept
    /// for the jumps at 0: open at the limit a curve starts from, filled at the value there.
    public struct Marker: Sendable, Equatable {
        public enum Shape: String, Sendable, CaseIterable { case square, triangle, diamond, pentagon }
        public let shape: Shape
        public let filled: Bool

        public init(_ shape: Shape, filled: Bool) {
            self.shape = shape
            self.filled = filled
        }

        /// The markers in order: the four shapes filled, then open.
        public static let cycle: [Marker] = [true, false].flatMap { filled in Shape.allCases.map { Marker($0, filled: filled) } }
    }

    /// Text placed at a point of the plot, in data coordinates.
    public struct Note: Sendable {
        public let x: Double
        public let y: Double
        public let text: String

        public init(x: Double, y: Double, text: String) {
            self.x = x
            self.y = y
            self.text = text
        }
    }

    public struct Curve: Sendable {
        /// Machine name: the SVG id and class, the CSV `curve` column.
        public let id: String
        /// Legend text.
        public let label: String
        /// The curve, in increasing `x`, drawn as one line.
        public var points: [Point]
        /// Values drawn as markers, not joined to the curve (e.g. `π(a) = 0` at `π_ref(a) = 0`).
        public var isolated: [Point]
        public var style: LineStyle
        /// Index into the renderers' palette; a reference curve takes the colour of the curve it bounds.
        public var color: Int
        public var marker: Marker?
        /// Indices into `points` where the marker is drawn.
        public var marks: [Int]

        public init(id: String, label: String, points: [Point], isolated: [Point] = [],
                    style: LineStyle = .solid, color: Int, marker: Marker? = nil, marks: [Int] = []) {
            self.id = id
            self.label = label
            self.points = points
            self.isolated = isolated
            self.style = style
            self.color = color
            self.marker = marker
            self.marks = marks
        }

        /// `count` marks spread over `[lower, upper]` in `x`, shifted by `slot/slots` of their
        /// spacing so that the marks of different curves do not overlap: each at the sampled
        /// point nearest its abscissa.
        public static func marks(of points: [Point], count: Int = 4, slot: Int, slots: Int,
                                 lower: Double = 0, upper: Double = 1) -> [Int] {
            let xs = points.map { Double($0.x) ?? 0 }
            let spacing = (upper - lower) / Double(count)
            return (0..<count).compactMap { k in
                let target = lower + spacing * (Double(k) + Double(slot + 1) / Double(slots + 1))
                return xs.indices.min { abs(xs[$0] - target) < abs(xs[$1] - target) }
            }.uniqued()
        }
    }

    public struct Axis: Sendable {
        public let label: String
        public let lower: Double
        public let upper: Double
        public let ticks: [Double]
        /// Drawn on a log scale (`lower > 0`).
        public let logarithmic: Bool

        /// The unit interval with a margin, so that curves along 0 or 1 stay clear of the frame.
        public init(label: String, lower: Double = -0.02, upper: Double = 1.04,
                    ticks: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 1], logarithmic: Bool = false) {
            self.label = label
            self.lower = lower
            self.upper = upper
            self.ticks = ticks
            self.logarithmic = logarithmic
        }

        /// Where `v` lies between `lower` (0) and `upper` (1), on the axis' scale.
        public func fraction(_ v: Double) -> Double {
            logarithmic ? (log10(v) - log10(lower)) / (log10(upper) - log10(lower)) : (v - lower) / (upper - lower)
        }
    }

    /// A shaded polygon with its meaning.
    public struct Region: Sendable {
        public let label: String
        public let polygon: [Point]

        public init(label: String, polygon: [Point]) {
            self.label = label
            self.polygon = polygon
        }
    }

    /// File name without extension (`fig1`).
    public var name: String
    /// Title with the parameter values.
    public var title: String
    /// What is drawn and how it was computed.
    public var caption: String
    public var xAxis: Axis
    public var yAxis: Axis
    /// The curves of the legend.
    public var curves: [Curve]
    /// Reference curves (bounds), drawn dashed and explained in the caption, not in the legend.
    public var references: [Curve]
    public var shaded: Region?
    public var notes: [Note]
    /// What produced the figure: command, parameters, suite version (comments in every format).
    public var provenance: [(key: String, value: String)]

    public init(name: String, title: String, caption: String, xAxis: Axis, yAxis: Axis,
                curves: [Curve], references: [Curve] = [], shaded: Region? = nil, notes: [Note] = [],
                provenance: [(key: String, value: String)] = []) {
        self.name = name
        self.title = title
        self.caption = caption
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.curves = curves
        self.references = references
        self.shaded = shaded
        self.notes = notes
        self.provenance = provenance
    }
}
