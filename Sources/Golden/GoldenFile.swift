import Foundation
import GRPOModel
import Inputs
import Multiprecision
import Reports
import Verification

/// A golden file: any JSON the suite writes (`table`, `report`, `solve`, `threshold`,
/// `variants`, `stability`, `prove`, `merge`), or a LaTeX macros file (`MacrosFile`), read back
/// with every field checked, as the recorded values `check` recomputes.
///
/// Binary policy files (`table`, `solve` of one π_ref(a), and `report`'s agreement and finite-G
/// tables) give `entries`, each recomputed by one method. A macros file gives `macros`, each
/// recomputed and rendered as its writer would. Every other file is a `document`, recomputed
/// whole by the library functions that wrote it and compared value by value.
///
/// Anything the suite would not have written is bad input (an `InputError` naming the file and
/// the field): not a regular file, larger than `maximumBytes`, invalid JSON (`JSONValue.parse`:
/// duplicate keys, JSON numbers that are not plain integers, nesting deeper than 64), wrong
/// types, unknown or missing keys, decimals outside the suite's grammar or range or longer than
/// `maximumDecimalLength`, rows that do not match the provenance's grid, more digits than the
/// file records, another command, or a `schema` newer than `schema`. The suite's version is
/// recorded but not compared: a file stays readable across releases until its schema changes.
public struct GoldenFile: Sendable {
    /// One recorded value of a stationary policy (for `limit`, the G = ∞ closed form (15)).
    public struct Entry: Sendable {
        /// Where it is in the file: `rows[3].newton`, `policy`, `methods.grpo.value`.
        public let field: String
        public let setting: BinarySetting
        /// The decimal text as recorded, and its significant digits.
        public let text: String
        public let digits: Int
        /// The digits it was computed to: the file's, or fewer for a cross-check
        /// (`PolicyCheck.crossCheckDigits`).
        public let target: Int
    }

    /// A file recomputed whole: what it records and how to compute it again.
    struct Document: Sendable {
        let recorded: JSONValue
        let recompute: @Sendable () throws -> JSONValue
    }

    /// The `digits` of the provenance: the precision every value was computed at.
    public let digits: Int
    public let entries: [Entry]
    let document: Document?
    let macros: MacrosFile?

    /// Golden files larger than this are refused before parsing.
    public static let maximumBytes = 64 << 20
    /// The layout of the JSON the suite writes (`provenance.schema`; a file without one is
    /// schema 1). It changes only when a file of the old layout could no longer be read.
    public static let schema = 1
    /// The longest decimal a value may be: 10,000 digits, a sign, a point and an exponent.
    /// Longer text is refused before it is parsed.
    static let maximumDecimalLength = Parameters.digitsRange.upperBound + 32

    /// Reads and checks the file at `path`.
    public init(contentsOf path: String) throws {
        let bytes = try readRegularFile(path, name: "--golden", maximumBytes: Self.maximumBytes)
        try self.init(data: Data(bytes), name: path)
    }

    /// Parses and checks `data`; `name` prefixes every error.
    public init(data: Data, name: String) throws {
        guard !data.isEmpty else { throw InputError(name, "empty file; expected a JSON object or LaTeX macros") }
        if MacrosFile.opens(data) {
            let macros = try MacrosFile(data: data, name: name)
            (digits, entries, document, self.macros) = (macros.digits, [], nil, macros)
            return
        }
        macros = nil
        let json: JSONValue
        do {
            json = try JSONValue.parse(Array(data))
        } catch {
            throw InputError(name, "not valid JSON: \(error)")
        }
        let root = GoldenField(file: name, field: "", value: json)
        let provenance = try root.object(allowing: ["provenance"], partially: true)["provenance"]!
        let p = try provenance.object(optional: ["schema"], allowing: ["command"], partially: true)
        if let schema = p["schema"] {
            guard try schema.string() == String(Self.schema) else {
                throw schema.error("'\(try schema.string().prefix(40))' is not a schema this grpo-verify reads "
                                   + "(\(Self.schema)); check the file with the grpo-verify that wrote it or a newer one")
            }
        }
        let command = try p["command"]!.string()
        var document: Document? = nil
        switch command {
        case "table" where RewardFlags.keys.contains(where: provenance.has):
            (digits, document) = try Self.questionTableDocument(root)
            entries = []
        case "table":
            (digits, entries) = try Self.table(root, command: command)
        case "report":
            let table = try provenance.object(allowing: ["table"], partially: true)["table"]!.string()
            if let build = ReportTables.recomputed.first(where: { $0.name == table })?.build {
                (digits, document) = try Self.reportDocument(root, build: build)
                entries = []
            } else {
                (digits, entries) = try Self.table(root, command: command)
            }
        case "solve":
            let p = try provenance.object(optional: Self.solveKeys, partially: true)
            switch try provenance.renaming({ try Self.solveFlags(p).target() }) {
            case .binary(let setting):
                (digits, entries) = try Self.solve(root, setting: setting)
            case .question(let setting):
                (digits, document) = try Self.questionDocument(root, setting: setting)
                entries = []
            }
        case "threshold", "variants", "stability", "prove":
            (digits, document) = try Self.document(root, command: command)
            entries = []
        default:
            throw InputError("\(name): provenance.command",
                             "'\(command.prefix(40))' is not one of: table, report, solve, threshold, variants, stability, prove")
        }
        self.document = document
    }

    static let tableKeys = ["command", "version", "digits", "group_size", "penalty", "beta", "ref", "margin",
                            "method", "certify"]
    /// Provenance keys a table may have besides its flags: the schema, and the shard of a sharded table.
    static let optionalKeys = ["schema", Shard.provenanceKey]
    static let summaryKeys = ["rows checked", "requested digits", "worst agreement",
                              "rows below requested agreement", "worst row", "rows certified"]

    /// Checks the provenance's version (any suite version: the schema decides what can be
    /// read) and returns its digits.
    static func versionAndDigits(_ p: [String: GoldenField]) throws -> Int {
        guard try !p["version"]!.string().isEmpty else { throw p["version"]!.error("expected a suite version") }
        return try p["digits"]!.parameter(Parameters.digits)
    }

    /// The rows of the full grid that a table holds: all of them, or those of its shard.
    static func shardRows<T>(_ items: [T], _ p: [String: GoldenField]) throws -> [T] {
        guard let field = p[Shard.provenanceKey] else { return items }
        return try field.parameter { try Parameters.shard($0)! }.rows(of: items)
    }

    /// `table --format json` and the JSON tables of `report`.
    static func table(_ root: GoldenField, command: String) throws -> (Int, [Entry]) {
        let top = try root.object(required: ["title", "provenance", "columns", "rows", "summary"])
        _ = try top["title"]!.string()
        let summary = try top["summary"]!.object(required: Array(summaryKeys.prefix(4)),
                                                 optional: Array(summaryKeys.dropFirst(4)))
        for (_, value) in summary { _ = try value.string() }

        let digits: Int
        let settings: [(setting: BinarySetting, methods: [Method])]
        let columns: [Table.Column]
        if command == "table" {
            let field = top["provenance"]!
            let p = try field.object(required: tableKeys, optional: optionalKeys)
            digits = try versionAndDigits(p)
            let methods = try p["method"]!.parameter(SettingRules.methods)
            let certify = try p["certify"]!.parameter(Self.certify)
            settings = try shardRows(field.renaming {
                try Parameters.settings(of: SettingRules.grid(
                    groupSize: p["group_size"]!.gridText(), penalty: p["penalty"]!.gridText(),
                    beta: p["beta"]!.gridText(), reference: p["ref"]!.gridText(), margin: p["margin"]!.gridText()))
            }, p).map { ($0, methods) }
            columns = PolicyReports.agreementColumns(certified: certify)
        } else {
            let p = try top["provenance"]!.object(required: ["command", "table", "version", "digits"],
                                                  optional: optionalKeys)
            digits = try versionAndDigits(p)
            let name = try p["table"]!.string()
            if let grid = ReportTables.agreement.first(where: { $0.name == name })?.grid {
                settings = try shardRows(grid.settings, p).map { ($0, Method.allCases) }
                columns = PolicyReports.agreementColumns(certified: false)
            } else if name == "finite-groups", p[Shard.provenanceKey] == nil {
                settings = ReportTables.finiteGroupSettings
                columns = PolicyReports.finiteGroupColumns
            } else {
                throw p["table"]!.error("'\(name.prefix(40))' is not one of: "
                                        + (ReportTables.agreement.map(\.name) + ["finite-groups"]
                                           + ReportTables.recomputed.map(\.name)).joined(separator: ", ")
                                        + (p[Shard.provenanceKey] == nil ? "" : " (sharded: the agreement tables)"))
            }
        }
        let entries = try rows(top, columns: columns.map(\.key), settings: settings, digits: digits)
        try summary["rows checked"]!.matches(String(settings.count)) { $0 }
        try summary["requested digits"]!.matches(String(digits)) { $0 }
        return (digits, entries)
    }

    /// `provenance.certify`: the text of a Boolean flag.
    static func certify(_ text: String) throws -> Bool {
        guard let b = Bool(text) else { throw InputError("", "'\(text.prefix(40))' is not true or false") }
        return b
    }

    /// The rows of a table: exactly the columns, one row per setting of the provenance, in order.
    static func rows(_ top: [String: GoldenField], columns: [String],
                     settings: [(setting: BinarySetting, methods: [Method])], digits: Int) throws -> [Entry] {
        let finite = columns.contains("limit")
        let listed = try top["columns"]!.array().map { try $0.string() }
        guard listed == columns else {
            throw top["columns"]!.error("expected [" + columns.joined(separator: ", ") + "]")
        }
        let rows = try top["rows"]!.array()
        guard rows.count == settings.count else {
            throw top["rows"]!.error("\(rows.count) rows; the provenance's grid has \(settings.count)")
        }
        var entries: [Entry] = []
        for (row, (setting, methods)) in zip(rows, settings) {
            let cells = try row.object(required: columns)
            try cells["group_size"]!.matches(setting.groupSize.description, Parameters.groupSize)
            try cells["beta"]!.matches(setting.beta.text) { try Parameters.decimal($0, flag: "", in: .positive) }
            try cells["reference"]!.matches(setting.reference.text) {
                try Parameters.decimal($0, flag: "", in: .probability)
            }
            if !finite {
                try cells["penalty"]!.matches(setting.penalty.rawValue, Parameters.penalty)
                try cells["confidence_margin"]!.matches(setting.confidenceMargin.text) {
                    try Parameters.decimal($0, flag: "", in: .margin)
                }
            }
            for method in Method.allCases where columns.contains(method.rawValue) {
                let cell = cells[method.rawValue]!
                if methods.contains(method) && method.applies(to: setting) {
                    entries.append(try cell.entry(setting, digits: digits))
                } else if try cell.string() != "n/a" {
                    throw cell.error("expected n/a: \(method.rawValue) does not apply to this row")
                }
            }
            _ = try cells["agreeing_digits"]!.parameter { try Self.count($0, upTo: digits) }
            if finite {
                let limit = try BinarySetting(groupSize: .infinite, beta: setting.beta, reference: setting.reference,
                                              confidenceMargin: setting.confidenceMargin)
                entries.append(try cells["limit"]!.entry(limit, digits: digits))
                try cells["gap"]!.decimalText(signed: true)
                if try cells["gap_ratio"]!.string() != "-" { try cells["gap_ratio"]!.decimalText(signed: true) }
            } else {
                try cells["difference"]!.decimalText(signed: false)
            }
            if columns.contains("certified_digits") {
                for key in ["enclosure_lower", "enclosure_upper"] {
                    if try cells[key]!.string() != "-" { try cells[key]!.decimalText(signed: false) }
                }
                _ = try cells["certified_digits"]!.parameter { try Self.count($0, upTo: digits) }
            }
        }
        return entries
    }

    /// `solve --format json`.
    /// Every key a solve's provenance may have.
    static let solveKeys = tableKeys + ["schema", "normalisation"] + RewardFlags.keys

    /// A solve's flags as its provenance records them.
    static func solveFlags(_ p: [String: GoldenField]) throws -> SolveFlags {
        func text(_ key: String) throws -> String? { try p[key].map { try $0.gridText() } }
        guard let groupSize = try text("group_size"), let penalty = try text("penalty"), let beta = try text("beta"),
              let reference = try text("ref") else {
            throw InputError("provenance", "a solve records group_size, penalty, beta and ref")
        }
        return SolveFlags(
            groupSize: try Parameters.groupSize(groupSize), penalty: try Parameters.penalty(penalty),
            normalisation: try Parameters.normalisation(text("normalisation") ?? "population"),
            beta: try Parameters.beta(beta), reference: reference, margin: try text("margin").map(Parameters.margin),
            rewards: try RewardFlags(provenance: text))
    }

    /// A binary solve, checked entry by entry against `setting` (the question its provenance gives).
    static func solve(_ root: GoldenField, setting: BinarySetting) throws -> (Int, [Entry]) {
        let certificateKeys = ["certified_digits", "certificate", "agreement_certified"]
        let top = try root.object(
            required: ["provenance", "setting", "digits", "policy", "methods", "agreement_digits", "verified"],
            optional: certificateKeys + ["enclosure", "closed_form_enclosure", "failure"])
        // A question given with a reward model records that model instead of a margin.
        let given = try top["provenance"]!.object(optional: solveKeys, partially: true)
        let rewardKeys = RewardFlags.keys.filter { given[$0] != nil }
        let p = try top["provenance"]!.object(required: tableKeys.filter { rewardKeys.isEmpty || $0 != "margin" },
                                              optional: ["schema", "normalisation"] + rewardKeys)
        let digits = try versionAndDigits(p)
        let methods = try p["method"]!.parameter(SettingRules.methods)
        let certify = try p["certify"]!.parameter(Self.certify)

        let s = try top["setting"]!.object(required: ["group_size", "penalty", "beta", "reference",
                                                      "confidence_margin"], optional: ["normalisation"])
        // Files written before the normalisation was recorded use the paper's.
        if let field = s["normalisation"] {
            let text = try field.string()
            guard text == setting.normalisation.description else {
                throw field.error("'\(text.prefix(40))' does not match the provenance (expected \(setting.normalisation))")
            }
        } else if setting.normalisation != .population {
            throw top["setting"]!.error("has no normalisation; the provenance gives \(setting.normalisation)")
        }
        try s["group_size"]!.matches(setting.groupSize.description, Parameters.groupSize)
        try s["penalty"]!.matches(setting.penalty.rawValue, Parameters.penalty)
        try s["beta"]!.matches(setting.beta.text) { try Parameters.decimal($0, flag: "", in: .positive) }
        try s["reference"]!.matches(setting.reference.text) { try Parameters.decimal($0, flag: "", in: .probability) }
        try s["confidence_margin"]!.matches(setting.confidenceMargin.text) {
            try Parameters.decimal($0, flag: "", in: .margin)
        }
        let recorded = try top["digits"]!.integer(in: Parameters.digitsRange)
        guard recorded == digits else {
            throw top["digits"]!.error("\(recorded) does not match provenance.digits \(digits)")
        }
        let policy = try top["policy"]!.entry(setting, digits: digits)
        guard policy.digits == digits else {
            throw top["policy"]!.error("has \(policy.digits) significant digits; expected \(digits)")
        }
        var entries = [policy]
        let ran = Method.allCases.filter { methods.contains($0) && $0.applies(to: setting) }.map(\.rawValue)
        let runs = try top["methods"]!.object(required: ran)
        for name in ran {
            let run = try runs[name]!.object(required: ["value", "digits", "iterations", "residual", "converged",
                                                        "precision_bits"], optional: ["target_digits"])
            // A cross-check carried to fewer digits records its target (PolicyCheck.crossCheckDigits).
            let target = try run["target_digits"]?.integer(in: 1...digits) ?? digits
            let entry = try run["value"]!.entry(setting, digits: target)
            guard try run["digits"]!.integer(in: 0...digits) == entry.digits else {
                throw run["digits"]!.error("does not match the \(entry.digits) significant digits of the value")
            }
            entries.append(entry)
            _ = try run["iterations"]!.integer(in: 0...Int.max)
            if !run["residual"]!.isNull { try run["residual"]!.decimalText(signed: true) }
            _ = try run["converged"]!.bool()
            _ = try run["precision_bits"]!.integer(in: 2...Int(Int32.max))
        }
        _ = try top["agreement_digits"]!.integer(in: 0...digits)
        _ = try top["verified"]!.bool()

        for key in certificateKeys + ["enclosure", "closed_form_enclosure"] where top[key] != nil && !certify {
            throw top[key]!.error("present although provenance.certify is false")
        }
        if certify {
            for key in certificateKeys where top[key] == nil {
                throw root.error("missing key '\(key)' (provenance.certify is true)")
            }
            _ = try top["certified_digits"]!.integer(in: 0...digits)
            _ = try top["certificate"]!.string()
            _ = try top["agreement_certified"]!.bool()
            for key in ["enclosure", "closed_form_enclosure"] {
                guard let pair = top[key] else { continue }
                let ends = try pair.array()
                guard ends.count == 2 else { throw pair.error("expected two decimals [lower, upper]") }
                for end in ends { try end.decimalText(signed: false) }
            }
        }
        return (digits, entries)
    }

    /// A count of digits written as text, in `0...digits`.
    static func count(_ text: String, upTo digits: Int) throws -> Int {
        guard text.allSatisfy(\.isASCII), let n = Int(text), (0...digits).contains(n) else {
            throw InputError("", "'\(text)' is out of range; expected an integer in 0…\(digits)")
        }
        return n
    }
}
