import Certification
import Claims
import Foundation
import GRPOModel
import Multiprecision
import Reports
import Verification

/// A golden file: any JSON the suite writes (`table`, `report`, `solve`, `threshold`,
/// `variants`, `stability`, `prove`, `merge`), read back with every field checked, as the recorded
/// values `check` recomputes.
///
/// Binary policy files (`table`, `solve` of one π_ref(a), and `report`'s agreement and finite-G
/// tables) give `entries`, each recomputed by one method. Every other file is a `document`,
/// recomputed whole by the library functions that wrote it and compared value by value.
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
        guard !data.isEmpty else { throw InputError(name, "empty file; expected a JSON object") }
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
        case "table" where Parameters.SolveFlags.rewardKeys.contains(where: provenance.has):
            (digits, document) = try Self.questionTableDocument(root)
            entries = []
        case "table":
            (digits, entries) = try Self.table(root, command: command)
        case "report":
            let table = try provenance.object(allowing: ["table"], partially: true)["table"]!.string()
            if let build = Report.recomputedTables.first(where: { $0.name == table })?.build {
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
            if let grid = Report.agreementTables.first(where: { $0.name == name })?.grid {
                settings = try shardRows(grid.settings, p).map { ($0, Method.allCases) }
                columns = PolicyReports.agreementColumns(certified: false)
            } else if name == "finite-groups", p[Shard.provenanceKey] == nil {
                settings = Report.finiteGroupSettings
                columns = PolicyReports.finiteGroupColumns
            } else {
                throw p["table"]!.error("'\(name.prefix(40))' is not one of: "
                                        + (Report.agreementTables.map(\.name) + ["finite-groups"]
                                           + Report.recomputedTables.map(\.name)).joined(separator: ", ")
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
                let limit = BinarySetting(groupSize: .infinite, beta: setting.beta, reference: setting.reference,
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
    static let solveKeys = tableKeys + ["schema", "normalisation"] + Parameters.SolveFlags.rewardKeys

    /// A solve's flags as its provenance records them.
    static func solveFlags(_ p: [String: GoldenField]) throws -> Parameters.SolveFlags {
        func text(_ key: String) throws -> String? { try p[key].map { try $0.gridText() } }
        guard let groupSize = try text("group_size"), let penalty = try text("penalty"), let beta = try text("beta"),
              let reference = try text("ref") else {
            throw InputError("provenance", "a solve records group_size, penalty, beta and ref")
        }
        return Parameters.SolveFlags(
            groupSize: groupSize, penalty: penalty, normalisation: try text("normalisation") ?? "population", beta: beta,
            reference: reference, margin: try text("margin"),
            rewards: .init(success: try text("success"), rewards: try text("rewards"), levels: try text("reward_levels"),
                           probabilities: try text("reward_probabilities"), preference: try text("preference")))
    }

    /// A binary solve, checked entry by entry against `setting` (the question its provenance gives).
    static func solve(_ root: GoldenField, setting: BinarySetting) throws -> (Int, [Entry]) {
        let certificateKeys = ["certified_digits", "certificate", "agreement_certified"]
        let top = try root.object(
            required: ["provenance", "setting", "digits", "policy", "methods", "agreement_digits", "verified"],
            optional: certificateKeys + ["enclosure", "closed_form_enclosure", "failure"])
        // A question given with a reward model records that model instead of a margin.
        let given = try top["provenance"]!.object(optional: solveKeys, partially: true)
        let rewardKeys = Parameters.SolveFlags.rewardKeys.filter { given[$0] != nil }
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
                                                        "precision_bits"])
            let entry = try run["value"]!.entry(setting, digits: digits)
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

    /// A solve of a question, recomputed whole.
    static func questionDocument(_ root: GoldenField, setting: GeneralSetting) throws -> (Int, Document) {
        let field = try root.object(allowing: ["provenance"], partially: true)["provenance"]!
        let p = try field.object(required: ["command", "version", "digits", "group_size", "penalty", "normalisation",
                                            "beta", "ref", "method"],
                                 optional: ["schema", "certify"] + Parameters.SolveFlags.rewardKeys)
        let digits = try versionAndDigits(p)
        let certify = try p["certify"].map { try $0.parameter(Self.certify) } ?? false
        let methods = try field.renaming { () throws -> [GeneralMethod] in
            let method = try p["method"]!.gridText()
            return method == "all" ? GeneralMethod.allCases.filter { $0.applies(to: setting) }
                : try Parameters.list(method, flag: "--method") {
                    [try Parameters.choice($0, flag: "--method", among: GeneralMethod.allCases)]
                }
        }
        return (digits, Document(recorded: root.value, recompute: {
            GeneralReports.solveJSON(try GeneralCheck(setting, digits: digits, methods: methods), certify: certify)
        }))
    }

    /// A table of one question over a grid, recomputed whole with the parsers and the
    /// functions of `table`.
    static func questionTableDocument(_ root: GoldenField) throws -> (Int, Document) {
        let field = try root.object(allowing: ["provenance"], partially: true)["provenance"]!
        let p = try field.object(required: ["command", "version", "digits", "group_size", "penalty", "normalisation",
                                            "beta", "ref", "method"],
                                 optional: ["schema", Shard.provenanceKey] + Parameters.SolveFlags.rewardKeys)
        let digits = try versionAndDigits(p)
        func text(_ key: String) throws -> String? { try p[key].map { try $0.gridText() } }
        let grid = try field.renaming {
            try QuestionGrid(reference: p["ref"]!.gridText(),
                             rewards: .init(success: text("success"), rewards: text("rewards"), levels: text("reward_levels"),
                                            probabilities: text("reward_probabilities"), preference: text("preference")),
                             groupSize: p["group_size"]!.gridText(), penalty: p["penalty"]!.gridText(),
                             normalisation: p["normalisation"]!.gridText(), beta: p["beta"]!.gridText(),
                             method: p["method"]!.gridText(), shard: text(Shard.provenanceKey))
        }
        return (digits, Document(recorded: root.value) {
            try tableJSON(GeneralReports.questionTable(try grid.checks(digits: digits), title: TableCommand.questionTitle,
                                                       provenance: []))
        })
    }

    /// A table of `report` computed beyond the closed forms, recomputed by `build`.
    static func reportDocument(_ root: GoldenField, build: @escaping @Sendable (Int) throws -> (table: Table, passed: Bool))
    throws -> (Int, Document) {
        let p = try root.object(allowing: ["provenance"], partially: true)["provenance"]!
            .object(required: ["command", "table", "version", "digits"], optional: ["schema"])
        let digits = try versionAndDigits(p)
        return (digits, Document(recorded: root.value) { try tableJSON(build(digits).table) })
    }

    /// `threshold`, `variants`, `stability` and `prove` with `--format json`, and `solve
    /// --format json` for a question with several answers: the provenance read with the
    /// command's own flag parsers, the document recomputed by the functions the command calls.
    static func document(_ root: GoldenField, command: String) throws -> (Int, Document) {
        let field = try root.object(allowing: ["provenance"], partially: true)["provenance"]!
        let flags = ["threshold": ["ref"], "stability": ["ref", "beta", "epsilon"], "prove": [],
                     "variants": ["ref", "success", "group_size", "beta"]][command]!
        let p = try field.object(required: ["command", "version", "digits"] + flags, optional: ["schema"])
        let digits = try versionAndDigits(p)
        let recompute: @Sendable () throws -> JSONValue
        switch command {
        case "threshold":
            let reference = try p["ref"]!.parameter { try Parameters.decimal($0, flag: "--ref", in: .openProbability) }
            recompute = { ThresholdReports.json(try ThresholdAnalysis(reference: reference, digits: digits)) }
        case "prove":
            recompute = {
                try tableJSON(ClaimsTable.table(Prover.prove(context: ProofContext(digits: digits)), digits: digits))
            }
        case "stability":
            let reference = try p["ref"]!.parameter { try Parameters.decimal($0, flag: "--ref", in: .openProbability) }
            let beta = try p["beta"]!.parameter { try Parameters.decimal($0, flag: "--beta", in: .positive) }
            let epsilon = try p["epsilon"]!.parameter { try Parameters.decimal($0, flag: "--epsilon", in: .nonNegative) }
            recompute = {
                let analysis = StabilityAnalysis(reference: reference, beta: beta, epsilon: epsilon, digits: digits)
                return try tableJSON(StabilityReports.table(analysis, digits: digits, provenance: []))
            }
        case "variants":
            let setting = try field.renaming {
                try GeneralSetting(question: Parameters.question(references: p["ref"]!.gridText(),
                                                                 successes: p["success"]!.gridText()),
                                   groupSize: Parameters.groupSize(p["group_size"]!.string()),
                                   beta: Parameters.decimal(p["beta"]!.decimalString(), flag: "--beta", in: .positive))
            }
            recompute = {
                try tableJSON(GeneralReports.variantsTable(try VariantsAnalysis(setting, digits: digits), provenance: []))
            }
        default:
            preconditionFailure("document(_:command:) serves threshold, prove, stability and variants")
        }
        return (digits, Document(recorded: root.value, recompute: recompute))
    }

    /// A table as `--format json` writes it.
    static func tableJSON(_ table: Table) throws -> JSONValue {
        try JSONValue.parse(TableFormat.json.render(table))
    }

    /// A count of digits written as text, in `0...digits`.
    static func count(_ text: String, upTo digits: Int) throws -> Int {
        guard text.allSatisfy(\.isASCII), let n = Int(text), (0...digits).contains(n) else {
            throw InputError("", "'\(text)' is out of range; expected an integer in 0…\(digits)")
        }
        return n
    }
}

/// A decimal's significant digits: `0.d₁d₂… × 10^exponent` with `d₁ ≠ 0` (a zero keeps all its digits).
struct Significand: Equatable {
    let digits: [Character]
    let exponent: Int

    /// `text` must be in the suite's decimal grammar (checked by `DecimalNumber`).
    init(_ text: String) {
        var mantissa = Substring(text)
        var scale = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            scale = Int(text[text.index(after: e)...]) ?? 0
        }
        mantissa = mantissa.drop { $0 == "+" || $0 == "-" }
        var digits = mantissa.filter { $0 != "." }.map { $0 }
        var exponent = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) }
                        ?? mantissa.count) + scale
        if digits.contains(where: { $0 != "0" }) {
            while digits.first == "0" {
                digits.removeFirst()
                exponent -= 1
            }
        } else {
            exponent = 0
        }
        self.digits = digits
        self.exponent = exponent
    }

    /// The leading digits two decimals share (0 if their exponents differ).
    func agreement(with other: Significand) -> Int {
        guard exponent == other.exponent else { return 0 }
        return zip(digits, other.digits).prefix { $0 == $1 }.count
    }
}

/// A JSON value at a named place in a golden file, taken apart with strict type checks.
struct GoldenField {
    let file: String
    let field: String
    let value: JSONValue

    func error(_ problem: String) -> InputError {
        InputError(field.isEmpty ? file : "\(file): \(field)", problem)
    }

    func child(_ name: String, _ value: JSONValue) -> GoldenField {
        GoldenField(file: file, field: field.isEmpty ? name : "\(field).\(name)", value: value)
    }

    /// Whether this is an object with the key `key`.
    func has(_ key: String) -> Bool { value[key] != nil }

    /// An object with exactly the `required` keys and any of the `optional` ones (with
    /// `partially`, only the named keys are taken and the others left for a later check).
    /// `JSONValue.parse` has refused duplicate keys.
    func object(required: [String] = [], optional: [String] = [], allowing named: [String] = [],
                partially: Bool = false) throws -> [String: GoldenField] {
        guard let members = value.members else { throw error("expected a JSON object") }
        var out: [String: GoldenField] = [:]
        for (key, member) in members {
            if required.contains(key) || optional.contains(key) || named.contains(key) {
                out[key] = child(key, member)
            } else if !partially {
                throw error("unknown key '\(key.prefix(40))'; expected " + (required + optional).joined(separator: ", "))
            }
        }
        for key in required + named where out[key] == nil {
            throw error("missing key '\(key)'")
        }
        return out
    }

    func array() throws -> [GoldenField] {
        guard case .array(let items) = value else { throw error("expected a list") }
        guard !items.isEmpty else { throw error("expected a non-empty list") }
        return items.enumerated().map { GoldenField(file: file, field: "\(field)[\($0.offset)]", value: $0.element) }
    }

    func string() throws -> String {
        guard case .string(let text) = value else { throw error("expected a string") }
        return text
    }

    /// A string short enough to be one decimal of the suite (checked before it is parsed).
    func decimalString() throws -> String {
        let text = try string()
        guard text.utf8.count <= GoldenFile.maximumDecimalLength else {
            throw error("a value of \(text.utf8.count) characters; a decimal has at most "
                        + "\(GoldenFile.maximumDecimalLength)")
        }
        return text
    }

    /// A comma list of grid items (`0.1,0.2:0.5:0.1`), each short enough to be decimals.
    func gridText() throws -> String {
        let text = try string()
        guard text.utf8.split(separator: UInt8(ascii: ",")).allSatisfy({ $0.count <= 3 * GoldenFile.maximumDecimalLength }) else {
            throw error("an item longer than a decimal range of the suite")
        }
        return text
    }

    var isNull: Bool { value == .null }

    /// A JSON integer (`JSONValue.parse` admits only plain ones), in `range`.
    func integer(in range: ClosedRange<Int>) throws -> Int {
        guard case .integer(let n) = value else {
            throw error("expected an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        guard range.contains(n) else {
            throw error("\(n) is out of range; expected an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return n
    }

    func bool() throws -> Bool {
        guard case .bool(let b) = value else { throw error("expected true or false") }
        return b
    }

    /// A string checked by one of `Parameters`' parsers; its errors are renamed to this field.
    func parameter<T>(_ parse: (String) throws -> T) throws -> T {
        let text = try decimalString()
        do {
            return try parse(text)
        } catch let e as InputError where e.flag.isEmpty || e.flag.hasPrefix("--") {
            throw error(e.problem)
        }
    }

    /// `body`'s input errors, reported at this field with the flag they name.
    func renaming<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as InputError where e.flag.isEmpty || e.flag.hasPrefix("--") {
            throw error(e.flag.isEmpty ? e.problem : "\(e.flag) \(e.problem)")
        }
    }

    /// A setting cell: valid for its flag, and the provenance's value at this row.
    func matches<T>(_ expected: String, _ parse: (String) throws -> T) throws {
        let text = try decimalString()
        _ = try parameter(parse)
        guard text == expected else { throw error("'\(text.prefix(40))' does not match the provenance (expected \(expected))") }
    }

    /// A decimal in the suite's grammar (no NaN, infinities, hexadecimal or huge exponents).
    func decimalText(signed: Bool) throws {
        let text = try decimalString()
        guard (try? DecimalNumber(text)) != nil, signed || !(text.hasPrefix("-") || text.hasPrefix("+")) else {
            throw error("'\(text.prefix(40))' is not a\(signed ? "" : "n unsigned") decimal number")
        }
    }

    /// A recorded policy value: a decimal in [0, 1] with 1…`digits` significant digits.
    func entry(_ setting: BinarySetting, digits: Int) throws -> GoldenFile.Entry {
        let text = try decimalString()
        _ = try parameter { try Parameters.decimal($0, flag: "", in: .probability) }
        guard !text.hasPrefix("+") else { throw error("'\(text.prefix(40))' has a sign; expected a plain decimal") }
        let count = Significand(text).digits.count
        guard count <= digits else {
            throw error("has \(count) significant digits; the file records digits \(digits)")
        }
        return GoldenFile.Entry(field: field, setting: setting, text: text, digits: count)
    }
}
