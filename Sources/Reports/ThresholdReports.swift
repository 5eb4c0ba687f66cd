import Certification
import Multiprecision

/// Outputs of `threshold`.
public enum ThresholdReports {
    static func enclosure(_ x: Interval, digits: Int) -> [String] {
        let (lower, upper) = x.decimalStrings(significantDigits: digits)
        return [lower, upper]
    }

    static func sideJSON(_ side: ThresholdAnalysis.Side, digits: Int) -> JSONValue {
        .object([
            ("beta", .string(side.beta.decimalString(significantDigits: digits + 5))),
            ("stationary_points", .array(side.stationaryPoints.map {
                .array(enclosure($0, digits: digits).map(JSONValue.string))
            })),
            ("count_certified", .bool(side.countCertified)),
            ("mroueh_fixed_point", side.mrouehLimit.map { .string($0.decimalString(significantDigits: digits)) } ?? .null),
        ])
    }

    /// `threshold --format json`; `provenance` (command, version, the flags) comes first.
    public static func json(_ a: ThresholdAnalysis, provenance: [(key: String, value: String)] = []) -> JSONValue {
        .object([
            ("provenance", .object(provenance.map { ($0.key, .string($0.value)) })),
            ("reference", .string(a.reference.text)),
            ("digits", .integer(a.digits)),
            ("beta_c", a.decimal.map(JSONValue.string) ?? .null),
            ("beta_c_enclosure", .array(enclosure(a.betaC, digits: a.digits + 3).map(JSONValue.string))),
            ("certified_digits", .integer(a.certifiedDigits)),
            ("below", sideJSON(a.below, digits: a.digits)),
            ("above", sideJSON(a.above, digits: a.digits)),
            ("verified", .bool(a.passed)),
        ])
    }

    public static func text(_ a: ThresholdAnalysis) -> String {
        var lines = ["direct KL, G → ∞, π_ref(a) = \(a.reference)",
                     "β_c = \(a.decimal ?? "not certified") (\(a.certifiedDigits) certified digits; "
                        + "interval Newton on 2 asinh β − 2 sqrt(1 + β²)/β = logit π_ref(a))"]
        for (name, side) in [("below", a.below), ("above", a.above)] {
            let points = side.stationaryPoints.map { enclosure($0, digits: min(a.digits, 20))[0] }
            lines.append("\(name): β = \(side.beta.decimalString(significantDigits: min(a.digits, 20))): "
                         + "\(side.stationaryPoints.count) stationary point(s)"
                         + (side.countCertified ? " (certified count)" : " (count NOT certified)")
                         + (points.isEmpty ? "" : " near " + points.joined(separator: ", "))
                         + (side.mrouehLimit.map { "; Mroueh's map from π_ref converges to \($0.decimalString(significantDigits: min(a.digits, 20)))" } ?? ""))
        }
        lines.append(a.passed ? "verified: no stationary point just below β_c, exactly two just above"
                     : "VERIFICATION FAILED")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ThresholdReports {
    /// `β_c` and the certified counts around it for several `π_ref(a)`.
    public static func table(_ analyses: [ThresholdAnalysis], digits: Int,
                             provenance: [(key: String, value: String)]) -> Table {
        var table = Table(
            title: "Direct KL, G → ∞: threshold β_c(π_ref) and stationary points at β_c(1 ∓ 10⁻³)",
            columns: [.init("reference", heading: "π_ref(a)"), .init("beta_c", heading: "β_c"),
                      .init("certified_digits", heading: "certified digits"),
                      .init("below", heading: "points below"), .init("above", heading: "points above"),
                      .init("verified", heading: "verified", numeric: false)],
            provenance: provenance)
        for a in analyses {
            table.rows.append([a.reference.text, a.decimal ?? "-", String(a.certifiedDigits),
                               String(a.below.stationaryPoints.count), String(a.above.stationaryPoints.count),
                               a.passed ? "yes" : "NO"])
        }
        table.summary = [("rows", String(analyses.count)), ("verified", String(analyses.filter(\.passed).count))]
        return table
    }
}
