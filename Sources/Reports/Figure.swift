/// A figure of curves in the unit square, as decimal strings, independent of output format
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

    public enum LineStyle: String, Sendable {
        case solid, dashed, dotted
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

        public init(id: String, label: String, points: [Point], isolated: [Point] = [],
                    style: LineStyle = .solid, color: Int) {
            self.id = id
            self.label = label
            self.points = points
            self.isolated = isolated
            self.style = style
            self.color = color
        }
    }

    public struct Axis: Sendable {
        public let label: String
        public let lower: Double
        public let upper: Double
        public let ticks: [Double]

        public init(label: String, lower: Double = 0, upper: Double = 1,
                    ticks: [Double] = [0, 0.2, 0.4, 0.6, 0.8, 1]) {
            self.label = label
            self.lower = lower
            self.upper = upper
            self.ticks = ticks
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
    /// What produced the figure: command, parameters, suite version (comments in every format).
    public var provenance: [(key: String, value: String)]

    public init(name: String, title: String, caption: String, xAxis: Axis, yAxis: Axis,
                curves: [Curve], references: [Curve] = [], shaded: Region? = nil,
                provenance: [(key: String, value: String)] = []) {
        self.name = name
        self.title = title
        self.caption = caption
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.curves = curves
        self.references = references
        self.shaded = shaded
        self.provenance = provenance
    }
}
