import Claims
import Foundation
import Reports

/// The claims checklist as the table `prove` writes and `check` recomputes.
public enum ClaimsTable {
    public static func table(_ results: [ClaimResult], digits: Int,
                             provenance: [(key: String, value: String)]) -> Table {
        var table = Table(
            title: "Claims of arXiv:2502.18548 and their checks",
            columns: [.init("claim", heading: "claim", numeric: false),
                      .init("paper", heading: "paper", numeric: false),
                      .init("checks", heading: "checks", numeric: false),
                      .init("status", heading: "status", numeric: false),
                      .init("seconds", heading: "time (s)")],
            provenance: provenance)
        for r in results {
            table.rows.append([r.claim.id, r.claim.paper,
                               r.claim.checks.map { "\($0.kind.rawValue) \($0.name)" }.joined(separator: "; "),
                               r.statusText, String(format: "%.2f", r.seconds)])
        }
        let failed = results.filter(\.failed).count, refuted = results.filter(\.refuted).count
        table.summary = [("claims", String(results.count)),
                         ("passed", String(results.count - failed - refuted)),
                         ("refuted (errata of the paper, proofs/errata.md)", String(refuted)),
                         ("failed", String(failed))]
        return table
    }
}
