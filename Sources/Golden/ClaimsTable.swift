import Claims
import Foundation
import Reports

/// The claims checklist as the table `prove` writes and `check` recomputes.
public enum ClaimsTable {
    /// One row per claim: id, paper reference, domain (`full` or the bounded domain and why),
    /// checks and status; the time of each claim only with `times` (JSON), so that the other
    /// formats are the same from run to run.
    public static func table(_ results: [ClaimResult], digits: Int,
                             provenance: [(key: String, value: String)], times: Bool) -> Table {
        var table = Table(
            title: "Claims of arXiv:2502.18548 and their checks",
            columns: [.init("claim", heading: "claim", numeric: false),
                      .init("paper", heading: "paper", numeric: false),
                      .init("domain", heading: "domain", numeric: false),
                      .init("checks", heading: "checks", numeric: false),
                      .init("status", heading: "status", numeric: false)]
                + (times ? [.init("seconds", heading: "time (s)")] : []),
            provenance: provenance)
        for r in results {
            table.rows.append([r.claim.id, r.claim.paper, r.claim.domain.text,
                               r.claim.checks.map { "\($0.kind.rawValue) \($0.name)" }.joined(separator: "; "),
                               r.statusText] + (times ? [String(format: "%.2f", r.seconds)] : []))
        }
        let failed = results.filter(\.failed).count, refuted = results.filter(\.refuted).count
        table.summary = [("claims", String(results.count)),
                         ("passed", String(results.count - failed - refuted)),
                         ("refuted (errata of the paper, proofs/errata.md)", String(refuted)),
                         ("failed", String(failed))]
        return table
    }
}
