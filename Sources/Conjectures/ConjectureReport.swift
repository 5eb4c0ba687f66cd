import GRPOModel
import Multiprecision
import Reports

/// Everything one `conjecture` run decided: the points, and optionally a search between them
/// or a box.
public struct ConjectureRun: Sendable {
    public let conjecture: Conjecture
    public let verdicts: [PointVerdict]
    public let search: ConjectureSearch.Result?
    public let domain: (box: ConjectureDomain, verdict: DomainVerdict)?

    public init(conjecture: Conjecture, verdicts: [PointVerdict], search: ConjectureSearch.Result? = nil,
                domain: (box: ConjectureDomain, verdict: DomainVerdict)? = nil) {
        self.conjecture = conjecture
        self.verdicts = verdicts
        self.search = search
        self.domain = domain
    }

    /// Certified everywhere it was asked: every point holds, the search found no
    /// counterexample and the box, if any, is certified.
    public var holds: Bool {
        verdicts.allSatisfy { $0.outcome == .holds } && search?.counterexample == nil
            && (domain.map { $0.verdict.outcome == .holds } ?? true)
    }

    public func count(_ outcome: PointVerdict.Outcome) -> Int { verdicts.filter { $0.outcome == outcome }.count }
}

/// The text and JSON of a `conjecture` run.
public enum ConjectureReport {
    /// `formula ≤ π(a)`, or `formula = π(a) to 50 digits`.
    static func claim(_ run: ConjectureRun) -> String {
        let c = run.conjecture
        return "formula \(c.relation.symbol) \(symbol(run))"
            + (c.relation == .equal ? " to \(c.digits) digits" : ", enclosures targeted at \(c.digits) digits")
    }

    /// Both enclosures rounded outward, with `digits + 3` significant digits, or more when
    /// disjoint enclosures need more to print disjoint.
    static func printed(_ v: PointVerdict, digits: Int) -> (formula: (String, String), quantity: (String, String)?) {
        guard let q = v.quantity else { return (v.formula.decimalStrings(significantDigits: digits + 3), nil) }
        let limit = bitsToDigits(max(v.formula.precision, q.precision)) + 5
        var n = digits + 3
        while true {
            let (f, e) = (v.formula.decimalStrings(significantDigits: n), q.decimalStrings(significantDigits: n))
            if !(v.formula.upper < q.lower || q.upper < v.formula.lower) || n >= limit
                || separated(f.upper, e.lower) || separated(e.upper, f.lower) {
                return (f, e)
            }
            n += 1
        }
    }

    static func separated(_ a: String, _ b: String) -> Bool {
        guard let x = try? DecimalNumber(a), let y = try? DecimalNumber(b) else { return false }
        return x.order(comparedWith: y) < 0
    }

    /// The digits a value earns from its enclosure (at most `digits`), as text: `?` if none.
    static func value(_ x: Interval?, digits: Int) -> String {
        x?.commonDigits(cap: digits).decimal ?? "?"
    }

    static func columns(_ run: ConjectureRun) -> [Table.Column] {
        let point: [Table.Column] = switch run.verdicts.first?.point {
        case .threshold?: [.init("reference", heading: "π_ref(a)")]
        case .question?: [.init("group_size", heading: "G"), .init("penalty", heading: "penalty", numeric: false),
                          .init("beta", heading: "β"), .init("answer", heading: "answer")]
        case .binary?, nil: [.init("group_size", heading: "G"), .init("penalty", heading: "penalty", numeric: false),
                             .init("beta", heading: "β"), .init("reference", heading: "π_ref(a)"),
                             .init("confidence_margin", heading: "γ")]
        }
        return point + [.init("verdict", heading: "verdict", numeric: false),
                        .init("agreeing_digits", heading: "agreeing digits"),
                        .init("formula", heading: "formula"),
                        .init("quantity", heading: symbol(run))]
    }

    static func cells(_ p: ConjecturePoint) -> [String] {
        switch p {
        case .binary(let s): [s.groupSize.description, s.penalty.rawValue, s.beta.text, s.reference.text, s.confidenceMargin.text]
        case .threshold(let reference): [reference.text]
        case .question(let s, let answer): [s.groupSize.description, s.penalty.rawValue, s.beta.text, String(answer + 1)]
        }
    }

    /// `conjecture --format text`.
    public static func text(_ run: ConjectureRun) -> String {
        let c = run.conjecture, d = c.digits
        var table = Table(title: "conjecture: " + claim(run), columns: columns(run))
        for v in run.verdicts {
            table.rows.append(cells(v.point) + [v.outcome.rawValue, String(v.agreeingDigits),
                                                value(v.formula, digits: d), value(v.quantity, digits: d)])
        }
        // The table's first line is its title, the claim: the formula goes under it.
        let rendered = TableFormat.text.render(table).split(separator: "\n").map(String.init)
        var lines = [rendered[0], "formula: " + c.formula.text]
        let (held, refuted, undecided, total) = (run.count(.holds), run.count(.refuted), run.count(.undecided), run.verdicts.count)
        if total > 0 {
            lines += [""] + rendered.dropFirst() + [""]
            if held == total {
                lines.append("certified at all \(total) grid point\(total == 1 ? "" : "s"): " + summary(run))
                let distinct = run.verdicts.filter(\.disjoint)
                if c.relation == .equal, let first = distinct.first {
                    lines.append("yet the enclosures are disjoint at \(distinct.count) of them: there the formula differs from "
                                 + "\(symbol(run)) beyond \(c.digits) digits; the first:")
                    lines += block(first, c)
                }
            } else if let first = run.verdicts.first(where: { $0.outcome == .refuted }) {
                lines.append("refuted at \(refuted) of \(total) grid points (undecided at \(undecided)); certified counterexample:")
                lines += block(first, c)
            } else if let first = run.verdicts.first(where: { $0.outcome == .undecided }) {
                lines.append("not decided at \(undecided) of \(total) grid points (certified at \(held)); first such point:")
                lines += block(first, c)
            }
        }
        if let s = run.search, s.samples == 0 {
            lines += ["", "search between grid points: nothing to sample (β and π_ref(a) each take a single value)"]
        } else if let s = run.search {
            lines.append("")
            lines.append("search between grid points: \(s.samples) samples" + (s.skipped > 0 ? " (\(s.skipped) without a value)" : "")
                         + (s.worst.map { "; worst at \($0.description)" } ?? ""))
            if let counterexample = s.counterexample {
                lines.append("certified counterexample between grid points:")
                lines += block(counterexample, c)
            } else if s.certified.isEmpty {
                lines.append("no sample violates the conjecture (sampling, not a proof)")
            } else {
                lines.append("\(s.certified.count) violating sample(s) certified, none refuted: \(s.certified[0].reason)")
            }
        }
        if let (box, verdict) = run.domain {
            lines.append("")
            lines.append("domain: " + box.description + (box.question.map { q in
                ", G = \(q.groupSize), penalty = \(q.penalty.rawValue), γ = \(q.confidenceMargin)"
                    + (q.normalisation == .population ? "" : ", normalisation = \(q.normalisation)")
            } ?? ""))
            let symbol = c.quantity.symbol(at: nil)
            switch verdict.outcome {
            case .holds:
                let extent = switch verdict.agreement {
                case .exact?: " exactly"
                case .toDigitsNotExact?: " to \(c.digits) digits, not exactly"
                case .toDigits?: " to \(c.digits) digits (exactness not decided)"
                case nil: ""
                }
                lines.append("certified on the whole box: formula \(c.relation.symbol) \(symbol)\(extent) (\(boxes(verdict.certifiedBoxes)))")
            case .refuted:
                lines.append("refuted on the box" + (verdict.examinedBoxes == 0 ? "" : " (\(boxes(verdict.examinedBoxes)) examined)")
                             + "; certified counterexample:")
                lines += verdict.counterexample.map { block($0, c) } ?? []
            case .undecided:
                lines.append("not certified on the box: \(verdict.undecided ?? "")" + (verdict.examinedBoxes == 0 ? ""
                             : " (\(verdict.certifiedBoxes) of \(boxes(verdict.examinedBoxes)) examined certified)"))
            }
            if let identity = verdict.identity { lines.append("identity: \(identity)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The quantity's name for the run's points.
    static func symbol(_ run: ConjectureRun) -> String { run.conjecture.quantity.symbol(at: run.verdicts.first?.point) }

    static func boxes(_ n: Int) -> String { n == 1 ? "1 box" : "\(n) boxes" }

    static func summary(_ run: ConjectureRun) -> String {
        let c = run.conjecture
        return c.relation == .equal ? "the formula agrees with \(symbol(run)) to \(c.digits) digits"
            : "formula \(c.relation.symbol) \(symbol(run))"
    }

    /// A point, both enclosures and the reason, indented.
    static func block(_ v: PointVerdict, _ c: Conjecture) -> [String] {
        let (f, q) = printed(v, digits: c.digits)
        func padded(_ s: String) -> String { s + String(repeating: " ", count: max(0, 7 - s.count)) }
        let name = padded(c.quantity.symbol(at: v.point))
        return ["  at \(v.point.description)",
                "  \(padded("formula")) ∈ [\(f.0), \(f.1)]",
                "  \(name) ∈ " + (q.map { "[\($0.0), \($0.1)]" } ?? "not certified"),
                "  " + v.reason]
    }

    static func pointJSON(_ v: PointVerdict, digits: Int) -> JSONValue {
        let (f, q) = printed(v, digits: digits)
        let point: [(String, JSONValue)] = switch v.point {
        case .binary(let s): [("group_size", .string(s.groupSize.description)), ("penalty", .string(s.penalty.rawValue)),
                              ("beta", .string(s.beta.text)), ("reference", .string(s.reference.text)),
                              ("confidence_margin", .string(s.confidenceMargin.text)),
                              ("normalisation", .string(s.normalisation.description))]
        case .threshold(let reference): [("reference", .string(reference.text))]
        case .question(let s, let answer):
            [("group_size", .string(s.groupSize.description)), ("penalty", .string(s.penalty.rawValue)),
             ("beta", .string(s.beta.text)), ("references", .array(s.question.references.map { .string($0.text) })),
             ("successes", .array((s.question.successes ?? []).map { .string($0.text) })),
             ("normalisation", .string(s.normalisation.description)), ("answer", .integer(answer + 1))]
        }
        return .object(point + [
            ("verdict", .string(v.outcome.rawValue)),
            ("agreeing_digits", .integer(v.agreeingDigits)),
            ("disjoint", .bool(v.disjoint)),
            ("formula_enclosure", .array([.string(f.0), .string(f.1)])),
            ("quantity_enclosure", q.map { .array([.string($0.0), .string($0.1)]) } ?? .null),
            ("reason", .string(v.reason)),
        ])
    }

    /// `conjecture --format json`.
    public static func json(_ run: ConjectureRun, provenance: [(key: String, value: String)]) -> JSONValue {
        let c = run.conjecture
        var members: [(String, JSONValue)] = [
            ("provenance", .object(provenance.map { ($0.key, .string($0.value)) })),
            ("formula", .string(c.formula.text)),
            ("quantity", .string(c.quantity.rawValue)),
            ("relation", .string(c.relation.rawValue)),
            ("digits", .integer(c.digits)),
            ("points", .array(run.verdicts.map { pointJSON($0, digits: c.digits) })),
            ("summary", .object([("points", .integer(run.verdicts.count)), ("holds", .integer(run.count(.holds))),
                                 ("refuted", .integer(run.count(.refuted))), ("undecided", .integer(run.count(.undecided)))])),
            ("counterexample", run.verdicts.first { $0.outcome == .refuted }.map { pointJSON($0, digits: c.digits) } ?? .null),
        ]
        if let s = run.search {
            members.append(("search", .object([
                ("samples", .integer(s.samples)), ("skipped", .integer(s.skipped)),
                ("certified", .array(s.certified.map { pointJSON($0, digits: c.digits) })),
                ("counterexample", s.counterexample.map { pointJSON($0, digits: c.digits) } ?? .null),
            ])))
        }
        if let (box, verdict) = run.domain {
            let question = box.question
            func field(_ value: (BinarySetting) -> String) -> JSONValue { question.map { .string(value($0)) } ?? .null }
            let beta: JSONValue = box.beta.map { .array([.string($0.lower.text), .string($0.upper.text)]) } ?? .null
            let exact: JSONValue = switch verdict.agreement {
            case .exact?: .bool(true)
            case .toDigitsNotExact?: .bool(false)
            default: .null
            }
            let fields: [(String, JSONValue)] = [
                ("group_size", field { $0.groupSize.description }),
                ("penalty", field { $0.penalty.rawValue }),
                ("beta", beta),
                ("reference", .array([.string(box.reference.lower.text), .string(box.reference.upper.text)])),
                ("confidence_margin", field { $0.confidenceMargin.text }),
                ("normalisation", field { $0.normalisation.description }),
                ("verdict", .string(verdict.outcome.rawValue)),
                ("certified_boxes", .integer(verdict.certifiedBoxes)),
                ("examined_boxes", .integer(verdict.examinedBoxes)),
                ("counterexample", verdict.counterexample.map { pointJSON($0, digits: c.digits) } ?? .null),
                ("undecided", verdict.undecided.map(JSONValue.string) ?? .null),
                ("identity", verdict.identity.map(JSONValue.string) ?? .null),
                ("agreement", verdict.agreement.map { .string($0.rawValue) } ?? .null),
                ("exact", exact),
            ]
            members.append(("domain", .object(fields)))
        }
        members.append(("verified", .bool(run.holds)))
        return .object(members)
    }
}
