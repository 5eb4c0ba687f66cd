import Certification
import GRPOModel
import Multiprecision
import Reports
import Verification

/// The figures of `grpo-verify plot`: the paper's binary stationary policies against `π_ref(a)`,
/// and the direct-KL threshold.
public enum PaperFigure: String, CaseIterable, Sendable {
    /// G = 2, closed form (14), several β/γ: the jump at `π_ref(a) = 0` when β < γ.
    case fig1
    /// G → ∞, closed form (15), several β, with the lower bounds `1/(1 + β²)`.
    case fig2
    /// Direct KL, G = 2 (Section 3): no jump at 0.
    case fig3
    /// Several G by Newton on the exact sums `U_G`, `V_G`, and G → ∞ by (15), at one β or more.
    case finiteG = "finite-g"
    /// GRPO's (14) against RLHF's logarithmic pooling (4).
    case pooling
    /// Direct KL, G → ∞: the threshold `β_c(π_ref(a))`, two stationary points above it, none below.
    case threshold
    /// GRPO's alignment objective `F_G(μ)` against the success rate, several G
    /// (proofs/alignment-objective.md).
    case objective

    static let fig1Ratios = ["0.1", "0.5", "1", "2", "10"]
    static let betas = ["0.1", "0.5", "1", "2"]
    static let finiteBeta = "0.5"
    static let finiteGroupSizes = [2, 4, 8, 16, 64]
    static let objectiveGroupSizes: [GroupSize] = [.two, .finite(4), .finite(16), .infinite]
    /// The success rates of the objective figure: every 1/64 of `[0, 1]`.
    static let objectiveRates = (0...64).map { AdaptiveSampler.dyadic($0, level: 6) }

    /// The most curves a figure draws: one colour, line style and marker each.
    public static let maximumCurves = 8

    /// What a figure is drawn for: the β of its curves (β/γ with γ = 1 for `fig1`) and, for
    /// `finite-g`, the group sizes (one curve per β and G).
    public struct Parameters: Sendable {
        public var betas: [DecimalNumber]
        public var groupSizes: [GroupSize]

        public init(betas: [DecimalNumber], groupSizes: [GroupSize]) {
            self.betas = betas
            self.groupSizes = groupSizes
        }
    }

    /// Whether `--beta` chooses the curves (every figure but the threshold, where β is the value).
    public var takesBetas: Bool { self != .threshold && self != .objective }
    /// Whether `--group-size` chooses the curves (`finite-g` and `objective`: the others are the
    /// closed forms of one G).
    public var takesGroupSizes: Bool { self == .finiteG || self == .objective }

    public var defaults: Parameters {
        let betas: [String] = switch self {
        case .fig1: Self.fig1Ratios
        case .finiteG: [Self.finiteBeta]
        case .threshold, .objective: []
        default: Self.betas
        }
        let groupSizes: [GroupSize] = switch self {
        case .finiteG: Self.finiteGroupSizes.map { .finite($0) } + [.infinite]
        case .objective: Self.objectiveGroupSizes
        default: []
        }
        return Parameters(betas: betas.map(Self.decimal), groupSizes: groupSizes)
    }

    /// The number of curves drawn for `parameters`.
    public func curveCount(_ parameters: Parameters) -> Int {
        switch self {
        case .finiteG: parameters.betas.count * parameters.groupSizes.count
        case .pooling: 2 * parameters.betas.count
        case .threshold: 1
        case .objective: parameters.groupSizes.count
        default: parameters.betas.count
        }
    }

    /// A drawn policy curve: where its values come from and how it is drawn.
    struct Entry {
        let curve: PolicyCurve
        let color: Int
        let style: Figure.LineStyle
        let marker: Figure.Marker
        /// Draw the curve's limit at `π_ref(a) ↓ 0`, its lower bound, as a dashed line.
        var bounded = false

        /// The `index`-th curve: its own colour, line style and marker.
        init(_ curve: PolicyCurve, index: Int, bounded: Bool = false) {
            self.init(curve, color: index, style: Figure.LineStyle.allCases[index % Figure.LineStyle.allCases.count],
                      marker: Figure.Marker.cycle[index % Figure.Marker.cycle.count], bounded: bounded)
        }

        init(_ curve: PolicyCurve, color: Int, style: Figure.LineStyle, marker: Figure.Marker, bounded: Bool = false) {
            self.curve = curve
            self.color = color
            self.style = style
            self.marker = marker
            self.bounded = bounded
        }
    }

    /// The precision figures are computed at: `D` digits plus 32 guard bits, at least 64 bits.
    public static func precision(digits: Int) -> Int { max(64, DigitsPolicy.bits(digits, guardBits: 32)) }

    /// A jump at 0 is drawn when the curve's start and the value at 0 differ by more than this
    /// fraction of the plot height (the sampler's chord tolerance).
    static let visibleJump = 0.001

    static func decimal(_ text: String) -> DecimalNumber { PolicyCurve.decimal(text) }

    static func binary(_ g: GroupSize, _ penalty: Penalty = .reverse, beta: DecimalNumber) throws -> BinarySetting {
        try BinarySetting(groupSize: g, penalty: penalty, beta: beta, reference: decimal("0"),
                          confidenceMargin: decimal("1"))
    }

    static func list(_ values: [DecimalNumber]) -> String { values.map(\.text).joined(separator: ", ") }

    func entries(_ p: Parameters) throws -> [Entry] {
        switch self {
        case .fig1:
            try p.betas.enumerated().map { i, r in
                Entry(.closedForm(try Self.binary(.two, beta: r), id: "beta-\(r)", label: "β/γ = \(r)"), index: i, bounded: true)
            }
        case .fig2:
            try p.betas.enumerated().map { i, b in
                Entry(.closedForm(try Self.binary(.infinite, beta: b), id: "beta-\(b)", label: "β = \(b)"), index: i, bounded: true)
            }
        case .fig3:
            try p.betas.enumerated().map { i, b in
                Entry(.closedForm(try Self.binary(.two, .direct, beta: b), id: "beta-\(b)", label: "β = \(b)"), index: i)
            }
        case .finiteG:
            try p.betas.flatMap { b in p.groupSizes.map { (b, $0) } }.enumerated().map { i, pair in
                let (b, g) = pair
                let id = (p.betas.count > 1 ? "beta-\(b)-" : "") + "g-\(g)"
                let label = (g == .infinite ? "G → ∞ (15)" : "G = \(g)") + (p.betas.count > 1 ? ", β = \(b)" : "")
                return g == .infinite
                    ? Entry(.closedForm(try Self.binary(.infinite, beta: b), id: id, label: label), index: i, bounded: true)
                    : Entry(.newton(try Self.binary(g, beta: b), id: id, label: label), index: i)
            }
        case .pooling:
            try p.betas.enumerated().flatMap { i, b in
                [Entry(.closedForm(try Self.binary(.two, beta: b), id: "grpo-beta-\(b)", label: "GRPO (14), β = \(b)"),
                       color: i, style: .solid, marker: Figure.Marker(Figure.Marker.Shape.allCases[i % 4], filled: true)),
                 Entry(.logarithmicPooling(beta: b, id: "rlhf-beta-\(b)", label: "RLHF (4), β = \(b)"),
                       color: i, style: .dotted, marker: Figure.Marker(Figure.Marker.Shape.allCases[i % 4], filled: false))]
            }
        case .threshold, .objective: []
        }
    }

    /// The title for the default parameters.
    public var title: String { title(defaults) }

    public func title(_ p: Parameters) -> String {
        switch self {
        case .fig1: "G = 2, γ = 1, β/γ ∈ {\(Self.list(p.betas))}: closed form (14)"
        case .fig2: "G → ∞, β ∈ {\(Self.list(p.betas))}: closed form (15)"
        case .fig3: "Direct KL, G = 2, γ = 1, β ∈ {\(Self.list(p.betas))}"
        case .finiteG:
            (p.betas.count == 1 ? "β = \(p.betas[0])" : "β ∈ {\(Self.list(p.betas))}") + ": "
                + p.groupSizes.map { $0 == .infinite ? "G → ∞" : "G = \($0)" }.joined(separator: ", ")
        case .pooling: "GRPO (14) against RLHF (4), r(a) = 1, r(b) = 0, β ∈ {\(Self.list(p.betas))}"
        case .threshold: "Direct KL, G → ∞: the threshold β_c(π_ref(a)) of two stationary points"
        case .objective:
            "GRPO's alignment objective F_G(μ), 0/1 rewards: "
                + p.groupSizes.map { $0 == .infinite ? "G → ∞" : "G = \($0)" }.joined(separator: ", ")
        }
    }

    var explanation: String {
        switch self {
        case .fig1:
            "Stationary π(a) of GRPO with groups of two, closed form (14). For β < γ the curve starts at its "
                + "limit 1 − β/γ as π_ref(a) ↓ 0 (open circle; dashed: the lower bound 1 − β/γ), while π(a) = 0 "
                + "at π_ref(a) = 0 (filled circle): the jump at π_ref(a) = 0."
        case .fig2:
            "Stationary π(a) of GRPO with large groups, closed form (15). Every curve starts at its limit "
                + "1/(1 + β²) as π_ref(a) ↓ 0 (open circle; dashed: the lower bound 1/(1 + β²)), while π(a) = 0 "
                + "at π_ref(a) = 0 (filled circle): a jump for every β."
        case .fig3:
            "Stationary π(a) with the direct KL penalty and groups of two, closed form of Section 3: "
                + "the odds of a multiplied by e^(γ/β); continuous at π_ref(a) = 0, no jump."
        case .finiteG:
            "Stationary π(a) for finite G by safeguarded Newton on the exact sums U_G, V_G, each curve "
                + "starting at π_ref(a) = \(PolicyCurve.tinyReference) (open circle); G → ∞ by closed form (15), starting at "
                + "its limit 1/(1 + β²) (dashed). Filled circles: π(a) = 0 at π_ref(a) = 0."
        case .pooling:
            "Solid: GRPO's stationary π(a) = π_ref(a)/(1 − P_2(a|π)/β), closed form (14), γ = 1, with its jump "
                + "at π_ref(a) = 0 (open circle: the limit, filled: the value). Dotted: RLHF's logarithmic pooling "
                + "π(a) ∝ π_ref(a) e^(r(a)/β) (4), continuous at 0. Same colour and marker shape, same β."
        case .threshold:
            "The threshold β_c solves 2 asinh β − 2 sqrt(1 + β²)/β = logit π_ref(a); certified by interval Newton "
                + "at every plotted π_ref(a), where root isolation also counts no stationary point at β_c(1 − 10⁻³) "
                + "and exactly two at β_c(1 + 10⁻³). Shaded: β > β_c, two stationary points; below the curve, none."
        case .objective:
            "F_G(μ) = E_{k ~ Bin(G, μ)}[g_G(k)], whose derivative is W_G = U_G + V_G: the stationary policies of (11) "
                + "are those of F_G(μ(π)) − β KL(π_ref ‖ π). F_2(μ) = μ; F_∞(μ) = 2 arcsin sqrt μ, reaching π at μ = 1."
        }
    }

    /// The figure with every `y` printed to `digits` significant digits; abscissae are exact
    /// decimals (dyadic sample points, or `PolicyCurve.tinyReference`).
    public func figure(digits: Int, parameters: Parameters? = nil, sampler: AdaptiveSampler = AdaptiveSampler(),
                       provenance: [(key: String, value: String)] = []) throws -> Figure {
        let parameters = parameters ?? defaults
        let provenance = provenance + [("figure", rawValue), ("digits", String(digits))]
        if self == .threshold { return try thresholdFigure(digits: digits, provenance: provenance) }
        if self == .objective { return objectiveFigure(digits: digits, groupSizes: parameters.groupSizes, provenance: provenance) }
        let precision = Self.precision(digits: digits)
        func point(_ x: DecimalNumber, _ y: BigFloat) -> Figure.Point {
            Figure.Point(x: x.text, y: y.decimalString(significantDigits: digits))
        }
        var curves: [Figure.Curve] = []
        var references: [Figure.Curve] = []
        let entries = try entries(parameters)
        for (i, entry) in entries.enumerated() {
            let samples = try sampler.sample(entry.curve, precision: precision)
            let atZero = try entry.curve.value(Self.decimal("0"), precision)
            let start = samples[0]
            let jumps = (start.y - atZero).approximation > Self.visibleJump
            let points = samples.map { point($0.x, $0.y) }
            curves.append(Figure.Curve(id: entry.curve.id, label: entry.curve.label, points: points,
                                       isolated: jumps ? [point(Self.decimal("0"), atZero)] : [],
                                       style: entry.style, color: entry.color, marker: entry.marker,
                                       marks: Figure.Curve.marks(of: points, slot: i, slots: entries.count)))
            if entry.bounded && start.y.approximation > Self.visibleJump {
                references.append(Figure.Curve(
                    id: "bound-\(entry.curve.id)", label: "lower bound of \(entry.curve.label): its limit at π_ref(a) ↓ 0",
                    points: [point(Self.decimal("0"), start.y), point(Self.decimal("1"), start.y)],
                    style: .dashed, color: entry.color))
            }
        }
        let caption = explanation + " Shaded: π(a) < π_ref(a), where no stationary policy lies. "
            + "Computed at \(precision) bits by the code behind solve and table; π(a) printed to \(digits) "
            + "significant digits, π_ref(a) exact."
        return Figure(name: rawValue, title: title(parameters), caption: caption,
                      xAxis: Figure.Axis(label: "π_ref(a)"), yAxis: Figure.Axis(label: "π(a)"),
                      curves: curves, references: references,
                      shaded: Figure.Region(label: "π(a) < π_ref(a)",
                                            polygon: [Figure.Point(x: "0", y: "0"), Figure.Point(x: "1", y: "0"),
                                                      Figure.Point(x: "1", y: "1")]),
                      provenance: provenance + [("precision", "\(precision) bits")])
    }

    /// `F_G` at every 1/64 of `[0, 1]`, one curve per G, from `AlignmentObjective` in intervals:
    /// each printed value is the enclosure's midpoint to `digits` significant digits.
    func objectiveFigure(digits: Int, groupSizes: [GroupSize], provenance: [(key: String, value: String)]) -> Figure {
        let precision = Self.precision(digits: digits)
        let curves = groupSizes.enumerated().map { i, g in
            let model = AlignmentObjective(groupSize: g, precision: precision)
            let points = Self.objectiveRates.map { mu in
                Figure.Point(x: mu.text, y: model.value(at: Interval(mu, precision: precision)).midpoint
                    .decimalString(significantDigits: digits))
            }
            return Figure.Curve(id: "g-\(g)", label: g == .infinite ? "G → ∞: 2 arcsin sqrt μ" : "G = \(g)", points: points,
                                style: Figure.LineStyle.allCases[i % Figure.LineStyle.allCases.count], color: i,
                                marker: Figure.Marker.cycle[i % Figure.Marker.cycle.count],
                                marks: Figure.Curve.marks(of: points, slot: i, slots: groupSizes.count))
        }
        return Figure(name: rawValue, title: title(Parameters(betas: [], groupSizes: groupSizes)),
                      caption: explanation + " Computed at \(precision) bits; F_G printed to \(digits) significant digits, μ exact.",
                      xAxis: Figure.Axis(label: "μ"),
                      yAxis: Figure.Axis(label: "F_G(μ)", lower: -0.06, upper: 3.3, ticks: [0, 0.5, 1, 1.5, 2, 2.5, 3]),
                      curves: curves, provenance: provenance + [("precision", "\(precision) bits")])
    }

    /// The π_ref(a) of the threshold figure: every 1/64 in (0, 1) and finer towards both ends.
    static let thresholdReferences: [DecimalNumber] = (["0.001", "0.002", "0.005"] + (1...63).map {
        AdaptiveSampler.dyadic($0, level: 6).text
    } + ["0.99", "0.995", "0.998", "0.999"]).map(decimal)

    /// β_c at each of `thresholdReferences`, certified to `digits` with the counts on both sides.
    func thresholdFigure(digits: Int, provenance: [(key: String, value: String)]) throws -> Figure {
        let analyses = try orderedMap(Self.thresholdReferences) { try ThresholdAnalysis(reference: $0, digits: digits) }
        if let failed = analyses.first(where: { !$0.passed }) {
            throw PlotFailure("the threshold at π_ref(a) = \(failed.reference) is not certified to \(digits) digits "
                              + "with none below and two above")
        }
        let points = analyses.map { Figure.Point(x: $0.reference.text, y: $0.decimal!) }
        let yAxis = Figure.Axis(label: "β", lower: 0.1, upper: 100, ticks: [0.1, 1, 10, 100], logarithmic: true)
        let curve = Figure.Curve(id: "beta-c", label: "β_c(π_ref(a))", points: points, color: 0,
                                 marker: Figure.Marker.cycle[0], marks: Figure.Curve.marks(of: points, slot: 0, slots: 1))
        let top = String(Int(yAxis.upper))
        return Figure(name: rawValue, title: title, caption: explanation + " β_c printed to \(digits) significant digits, π_ref(a) exact.",
                      xAxis: Figure.Axis(label: "π_ref(a)", lower: 0, upper: 1), yAxis: yAxis, curves: [curve],
                      shaded: Figure.Region(label: "β > β_c(π_ref(a)): two stationary points",
                                            polygon: points + [Figure.Point(x: points.last!.x, y: top),
                                                               Figure.Point(x: points[0].x, y: top)]),
                      notes: [Figure.Note(x: 0.3, y: 20, text: "two stationary points"),
                              Figure.Note(x: 0.62, y: 0.5, text: "no stationary point")],
                      provenance: provenance)
    }
}
