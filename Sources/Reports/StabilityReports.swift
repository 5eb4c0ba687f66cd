import Certification
import Multiprecision

/// The stability table of `stability`.
public enum StabilityReports {
    static func verdict(_ b: Bool?) -> String { b.map { $0 ? "stable" : "unstable" } ?? "undecided" }

    public static func table(_ a: StabilityAnalysis, digits: Int, provenance: [(key: String, value: String)]) -> Table {
        var table = Table(
            title: "Direct KL, G → ∞: stationary points and 2-cycles of GRPO (π_ref = \(a.reference), β = \(a.beta), ε = \(a.epsilon))",
            columns: [.init("kind", heading: "kind", numeric: false),
                      .init("point", heading: "π(a)"), .init("partner", heading: "cycle partner"),
                      .init("gradient_flow", heading: "gradient flow", numeric: false),
                      .init("map_derivative", heading: "T′ (or T′(p)T′(q))"),
                      .init("map", heading: "map T_ε", numeric: false)],
            provenance: provenance)
        func point(_ x: Interval) -> String { x.midpoint.decimalString(significantDigits: max(1, x.commonDigits(cap: digits).digits)) }
        for f in a.fixedPoints {
            table.rows.append(["fixed point", point(f.enclosure), "-", verdict(f.gradientFlowStable),
                               PolicyReports.short(f.mapDerivative.midpoint), verdict(f.mapStable)])
        }
        for c in a.cycles {
            table.rows.append(["2-cycle", point(c.points.0), point(c.points.1), "-",
                               PolicyReports.short(c.multiplier.midpoint), verdict(c.stable)])
        }
        table.summary = [("fixed points", String(a.fixedPoints.count)), ("2-cycles", a.cyclesSearched ? String(a.cycles.count) : "not searched at ε = 0 (T is singular at 0 and 1)"),
                         ("counts certified", a.complete ? "yes (interval root isolation on [2^-\(a.tailBits), 1 − 2^-\(a.tailBits)])" : "NO")]
        return table
    }
}
