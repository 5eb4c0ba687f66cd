import GRPOModel
import Multiprecision
import Reports

/// The figures of `grpo-verify plot`: the paper's binary stationary policies against `π_ref(a)`.
public enum PaperFigure: String, CaseIterable, Sendable {
    /// G = 2, closed form (14), several β/γ: the jump at `π_ref(a) = 0` when β < γ.
    case fig1
    /// G → ∞, closed form (15), several β, with the lower bounds `1/(1 + β²)`.
    case fig2
    /// Direct KL, G = 2 (Section 3): no jump at 0.
    case fig3
    /// G = 2, 4, 8, 16, 64 by Newton on the exact sums (brief §4) and G → ∞ (15), one β.
    case finiteG = "finite-g"
    /// GRPO's (14) against RLHF's logarithmic pooling (4).
    case pooling

    static let fig1Ratios = ["0.1", "0.5", "1", "2", "10"]
    static let betas = ["0.1", "0.5", "1", "2"]
    static let finiteBeta = "0.5"
    static let finiteGroupSizes = [2, 4, 8, 16, 64]

    /// A drawn policy curve: where its values come from and how it is drawn.
    struct Entry {
        let curve: PolicyCurve
        let color: Int
        var style: Figure.LineStyle = .solid
        /// Draw the curve's limit at `π_ref(a) ↓ 0`, its lower bound, as a dashed line.
        var bounded = false
    }

    /// The precision figures are computed at: `D` digits plus 32 guard bits, at least 64 bits.
    public static func precision(digits: Int) -> Int { max(64, bitsForDigits(digits, guardBits: 32)) }

    /// A jump at 0 is drawn when the curve's start and the value at 0 differ by more than this
    /// fraction of the plot height (the sampler's chord tolerance).
    static let visibleJump = 0.001

    static func decimal(_ text: String) -> DecimalNumber { PolicyCurve.decimal(text) }

    static func binary(_ g: GroupSize, _ penalty: Penalty = .reverse, beta: String) -> BinarySetting {
        BinarySetting(groupSize: g, penalty: penalty, beta: decimal(beta), reference: decimal("0"),
                      confidenceMargin: decimal("1"))
    }

    var entries: [Entry] {
        switch self {
        case .fig1:
            Self.fig1Ratios.enumerated().map { i, r in
                Entry(curve: .closedForm(Self.binary(.two, beta: r), id: "beta-\(r)", label: "β/γ = \(r)"),
                      color: i, bounded: true)
            }
        case .fig2:
            Self.betas.enumerated().map { i, b in
                Entry(curve: .closedForm(Self.binary(.infinite, beta: b), id: "beta-\(b)", label: "β = \(b)"),
                      color: i, bounded: true)
            }
        case .fig3:
            Self.betas.enumerated().map { i, b in
                Entry(curve: .closedForm(Self.binary(.two, .direct, beta: b), id: "beta-\(b)", label: "β = \(b)"),
                      color: i)
            }
        case .finiteG:
            Self.finiteGroupSizes.enumerated().map { i, g in
                Entry(curve: .newton(Self.binary(.finite(g), beta: Self.finiteBeta), id: "g-\(g)", label: "G = \(g)"),
                      color: i)
            } + [Entry(curve: .closedForm(Self.binary(.infinite, beta: Self.finiteBeta), id: "g-inf",
                                          label: "G → ∞ (15)"),
                       color: Self.finiteGroupSizes.count, bounded: true)]
        case .pooling:
            Self.betas.enumerated().flatMap { i, b in
                [Entry(curve: .closedForm(Self.binary(.two, beta: b), id: "grpo-beta-\(b)", label: "GRPO (14), β = \(b)"),
                       color: i),
                 Entry(curve: .logarithmicPooling(beta: Self.decimal(b), id: "rlhf-beta-\(b)", label: "RLHF (4), β = \(b)"),
                       color: i, style: .dotted)]
            }
        }
    }

    public var title: String {
        switch self {
        case .fig1: "G = 2, γ = 1, β/γ ∈ {\(Self.fig1Ratios.joined(separator: ", "))}: closed form (14)"
        case .fig2: "G → ∞, β ∈ {\(Self.betas.joined(separator: ", "))}: closed form (15)"
        case .fig3: "Direct KL, G = 2, γ = 1, β ∈ {\(Self.betas.joined(separator: ", "))}"
        case .finiteG: "β = \(Self.finiteBeta): G = \(Self.finiteGroupSizes.map(String.init).joined(separator: ", ")) and G → ∞"
        case .pooling: "GRPO (14) against RLHF (4), r(a) = 1, r(b) = 0, β ∈ {\(Self.betas.joined(separator: ", "))}"
        }
    }

    var explanation: String {
        switch self {
        case .fig1:
            "Stationary π(a) of GRPO with groups of two, closed form (14). For β < γ the curve starts at its "
                + "limit 1 − β/γ as π_ref(a) ↓ 0 (open circle; dashed: the lower bound 1 − β/γ), while π(a) = 0 "
                + "at π_ref(a) = 0 (filled marker): the jump at π_ref(a) = 0."
        case .fig2:
            "Stationary π(a) of GRPO with large groups, closed form (15). Every curve starts at its limit "
                + "1/(1 + β²) as π_ref(a) ↓ 0 (open circle; dashed: the lower bound 1/(1 + β²)), while π(a) = 0 "
                + "at π_ref(a) = 0 (filled marker): a jump for every β."
        case .fig3:
            "Stationary π(a) with the direct KL penalty and groups of two, closed form of Section 3: "
                + "the odds of a multiplied by e^{γ/β}; continuous at π_ref(a) = 0, no jump."
        case .finiteG:
            "Stationary π(a) for finite G by safeguarded Newton on the exact sums U_G (brief §4), each curve "
                + "starting at π_ref(a) = \(PolicyCurve.tinyReference); G → ∞ by closed form (15), starting at "
                + "its limit 1/(1 + β²) (dashed). Filled markers: π(a) = 0 at π_ref(a) = 0."
        case .pooling:
            "Solid: GRPO's stationary π(a) = π_ref(a)/(1 − P_2(a|π)/β), closed form (14), γ = 1, with its jump "
                + "at π_ref(a) = 0 (filled markers). Dotted: RLHF's logarithmic pooling π(a) ∝ π_ref(a) e^{r(a)/β} (4), "
                + "continuous at 0. Same colour, same β."
        }
    }

    /// The figure with every `y` printed to `digits` significant digits; abscissae are exact
    /// decimals (dyadic sample points, or `PolicyCurve.tinyReference`).
    public func figure(digits: Int, sampler: AdaptiveSampler = AdaptiveSampler(),
                       provenance: [(key: String, value: String)] = []) throws -> Figure {
        let precision = Self.precision(digits: digits)
        func point(_ x: DecimalNumber, _ y: BigFloat) -> Figure.Point {
            Figure.Point(x: x.text, y: y.decimalString(significantDigits: digits))
        }
        var curves: [Figure.Curve] = []
        var references: [Figure.Curve] = []
        for entry in entries {
            let samples = try sampler.sample(entry.curve, precision: precision)
            let atZero = try entry.curve.value(Self.decimal("0"), precision)
            let start = samples[0]
            let jumps = (start.y - atZero).approximation > Self.visibleJump
            curves.append(Figure.Curve(id: entry.curve.id, label: entry.curve.label,
                                       points: samples.map { point($0.x, $0.y) },
                                       isolated: jumps ? [point(Self.decimal("0"), atZero)] : [],
                                       style: entry.style, color: entry.color))
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
        return Figure(name: rawValue, title: title, caption: caption,
                      xAxis: Figure.Axis(label: "π_ref(a)"), yAxis: Figure.Axis(label: "π(a)"),
                      curves: curves, references: references,
                      shaded: Figure.Region(label: "π(a) < π_ref(a)",
                                            polygon: [Figure.Point(x: "0", y: "0"), Figure.Point(x: "1", y: "0"),
                                                      Figure.Point(x: "1", y: "1")]),
                      provenance: provenance + [("figure", rawValue), ("digits", String(digits)),
                                                ("precision", "\(precision) bits")])
    }
}
