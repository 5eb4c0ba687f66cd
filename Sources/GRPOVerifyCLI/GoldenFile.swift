import Foundation
import GRPOModel
import Multiprecision
import Reports
import Verification

/// A golden file: the JSON written by `table --format json`, `report` or `solve --format json`,
/// read back with every field checked, as the recorded values `check` recomputes.
///
/// Anything the suite would not have written is bad input (an `InputError` naming the file and
/// the field): wrong types, unknown or missing keys, JSON numbers that are not plain integers,
/// decimals outside the suite's grammar or range, rows that do not match the provenance's grid,
/// more digits than the file records, another command or version.
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

    /// The `digits` of the provenance: the precision every value was computed at.
    public let digits: Int
    public let entries: [Entry]

    /// Golden files larger than this are refused before parsing.
    public static let maximumBytes = 64 << 20

    /// Reads and checks the file at `path`.
    public init(contentsOf path: String) throws {
        var isDirectory: ObjCBool = false
        guard !path.isEmpty, FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError("--golden", "no file at '\(path)'")
        }
        guard !isDirectory.boolValue else { throw InputError("--golden", "'\(path)' is a directory, not a file") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError("--golden", "'\(path)' cannot be read")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: Self.maximumBytes + 1) ?? Data()
        } catch {
            throw InputError("--golden", "'\(path)' cannot be read")
        }
        guard data.count <= Self.maximumBytes else {
            throw InputError("--golden", "'\(path)' is larger than \(Self.maximumBytes >> 20) MiB")
        }
        try self.init(data: data, name: path)
    }

    /// Parses and checks `data`; `name` prefixes every error.
    public init(data: Data, name: String) throws {
        guard !data.isEmpty else { throw InputError(name, "empty file; expected a JSON object") }
        try Self.checkNumbers(data, name: name)
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw InputError(name, "not valid JSON (malformed, truncated or nested deeper than 512)")
        }
        let root = GoldenField(file: name, field: "", value: object)
        let provenance = try root.object(allowing: ["provenance"], partially: true)["provenance"]!
        let command = try provenance.object(allowing: ["command"], partially: true)["command"]!.string()
        switch command {
        case "table", "report":
            (digits, entries) = try Self.table(root, command: command)
        case "solve":
            (digits, entries) = try Self.solve(root)
        default:
            throw InputError("\(name): provenance.command",
                             "'\(command)' is not one of: table, report, solve")
        }
    }

    /// JSON numbers outside strings must be plain integers: `-?(0|[1-9][0-9]*)`, not `-0`
    /// (`JSONSerialization` would read `4e1`, `40.0` and `-0` as numbers too).
    static func checkNumbers(_ data: Data, name: String) throws {
        var inString = false, escaped = false
        var token: [UInt8] = []
        func finish() throws {
            defer { token.removeAll() }
            guard !token.isEmpty else { return }
            let digits = token.first == UInt8(ascii: "-") ? token.dropFirst() : token[...]
            let plain = !digits.isEmpty && digits.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                && (digits.count == 1 || digits.first != 0x30)
            guard plain, token != Array("-0".utf8) else {
                throw InputError(name, "JSON number '\(String(decoding: token.prefix(40), as: UTF8.self))' "
                                 + "is not a plain integer (no fraction, exponent or -0)")
            }
        }
        for byte in data {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                try finish()
                inString = true
            } else if (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-")
                        || (!token.isEmpty && "+.eE".utf8.contains(byte)) {
                if token.count < 64 { token.append(byte) }
            } else {
                try finish()
            }
        }
        try finish()
    }

    static let tableKeys = ["command", "version", "digits", "group_size", "penalty", "beta", "ref", "margin",
                            "method", "certify"]
    static let summaryKeys = ["rows checked", "requested digits", "worst agreement",
                              "rows below requested agreement", "worst row", "rows certified"]

    /// Checks the provenance's version and returns its digits.
    static func versionAndDigits(_ p: [String: GoldenField]) throws -> Int {
        let version = try p["version"]!.string()
        guard version == GRPOVerify.version else {
            throw p["version"]!.error("unknown version '\(version)'; this is grpo-verify \(GRPOVerify.version)")
        }
        return try p["digits"]!.parameter(Parameters.digits)
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
            let p = try field.object(required: tableKeys)
            digits = try versionAndDigits(p)
            let methods = try p["method"]!.parameter(SettingRules.methods)
            let certify = try p["certify"]!.parameter(Self.certify)
            settings = try field.renaming {
                try Parameters.settings(of: SettingRules.grid(
                    groupSize: p["group_size"]!.string(), penalty: p["penalty"]!.string(),
                    beta: p["beta"]!.string(), reference: p["ref"]!.string(), margin: p["margin"]!.string()))
            }.map { ($0, methods) }
            columns = PolicyReports.agreementColumns(certified: certify)
        } else {
            let p = try top["provenance"]!.object(required: ["command", "table", "version", "digits"])
            digits = try versionAndDigits(p)
            let name = try p["table"]!.string()
            if let grid = Report.agreementTables.first(where: { $0.name == name })?.grid {
                settings = grid.settings.map { ($0, Method.allCases) }
                columns = PolicyReports.agreementColumns(certified: false)
            } else if name == "finite-groups" {
                settings = Report.finiteGroupSettings
                columns = PolicyReports.finiteGroupColumns
            } else {
                throw p["table"]!.error("'\(name.prefix(40))' is not one of: "
                                        + (Report.agreementTables.map(\.name) + ["finite-groups"]).joined(separator: ", "))
            }
        }
        return (digits, try rows(top, columns: columns.map(\.key), settings: settings, digits: digits))
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
    static func solve(_ root: GoldenField) throws -> (Int, [Entry]) {
        let certificateKeys = ["certified_digits", "certificate", "agreement_certified"]
        let top = try root.object(
            required: ["provenance", "setting", "digits", "policy", "methods", "agreement_digits", "verified"],
            optional: certificateKeys + ["enclosure", "closed_form_enclosure", "failure"])
        let p = try top["provenance"]!.object(required: tableKeys)
        let digits = try versionAndDigits(p)
        let setting = try top["provenance"]!.renaming {
            try SettingRules.setting(
                groupSize: Parameters.groupSize(p["group_size"]!.string()),
                penalty: Parameters.penalty(p["penalty"]!.string()),
                beta: Parameters.decimal(p["beta"]!.string(), flag: "--beta", in: .positive),
                reference: Parameters.decimal(p["ref"]!.string(), flag: "--ref", in: .probability),
                margin: Parameters.decimal(p["margin"]!.string(), flag: "--margin", in: .margin))
        }
        let methods = try p["method"]!.parameter(SettingRules.methods)
        let certify = try p["certify"]!.parameter(Self.certify)

        let s = try top["setting"]!.object(required: ["group_size", "penalty", "beta", "reference",
                                                      "confidence_margin"])
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

/// A JSON value at a named place in a golden file, taken apart with strict type checks
/// (`JSONSerialization` gives `NSNumber` for numbers and booleans alike; its type code tells them apart).
struct GoldenField {
    let file: String
    let field: String
    let value: Any

    func error(_ problem: String) -> InputError {
        InputError(field.isEmpty ? file : "\(file): \(field)", problem)
    }

    func child(_ name: String, _ value: Any) -> GoldenField {
        GoldenField(file: file, field: field.isEmpty ? name : "\(field).\(name)", value: value)
    }

    /// An object with exactly the `required` keys and any of the `optional` ones (with
    /// `partially`, only the named keys are taken and the others left for a later check).
    func object(required: [String] = [], optional: [String] = [], allowing named: [String] = [],
                partially: Bool = false) throws -> [String: GoldenField] {
        guard let members = value as? [String: Any] else { throw error("expected a JSON object") }
        var out: [String: GoldenField] = [:]
        for key in required + named where members[key] == nil {
            throw error("missing key '\(key)'")
        }
        for (key, member) in members {
            if required.contains(key) || optional.contains(key) || named.contains(key) {
                out[key] = child(key, member)
            } else if !partially {
                throw error("unknown key '\(key.prefix(40))'; expected " + (required + optional).joined(separator: ", "))
            }
        }
        return out
    }

    func array() throws -> [GoldenField] {
        guard let items = value as? [Any] else { throw error("expected a list") }
        guard !items.isEmpty else { throw error("expected a non-empty list") }
        return items.enumerated().map { GoldenField(file: file, field: "\(field)[\($0.offset)]", value: $0.element) }
    }

    func string() throws -> String {
        guard let text = value as? String else { throw error("expected a string") }
        return text
    }

    var isNull: Bool { value is NSNull }

    private var number: NSNumber? {
        value is String ? nil : value as? NSNumber
    }

    /// A JSON integer written plainly (`40`; not `40.0`, `4e1`, `-0`, `true`), in `range`.
    func integer(in range: ClosedRange<Int>) throws -> Int {
        guard let n = number, ["q", "l", "i", "s"].contains(String(cString: n.objCType)) else {
            throw error("expected an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        guard range.contains(n.intValue) else {
            throw error("\(n.intValue) is out of range; expected an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return n.intValue
    }

    func bool() throws -> Bool {
        guard let n = number, String(cString: n.objCType) == "c" else { throw error("expected true or false") }
        return n.boolValue
    }

    /// A string checked by one of `Parameters`' parsers; its errors are renamed to this field.
    func parameter<T>(_ parse: (String) throws -> T) throws -> T {
        let text = try string()
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
        let text = try string()
        _ = try parameter(parse)
        guard text == expected else { throw error("'\(text.prefix(40))' does not match the provenance (expected \(expected))") }
    }

    /// A decimal in the suite's grammar (no NaN, infinities, hexadecimal or huge exponents).
    func decimalText(signed: Bool) throws {
        let text = try string()
        guard (try? DecimalNumber(text)) != nil, signed || !(text.hasPrefix("-") || text.hasPrefix("+")) else {
            throw error("'\(text.prefix(40))' is not a\(signed ? "" : "n unsigned") decimal number")
        }
    }

    /// A recorded policy value: a decimal in [0, 1] with 1…`digits` significant digits.
    func entry(_ setting: BinarySetting, digits: Int) throws -> GoldenFile.Entry {
        let text = try string()
        _ = try parameter { try Parameters.decimal($0, flag: "", in: .probability) }
        guard !text.hasPrefix("+") else { throw error("'\(text.prefix(40))' has a sign; expected a plain decimal") }
        let count = Significand(text).digits.count
        guard count <= digits else {
            throw error("has \(count) significant digits; the file records digits \(digits)")
        }
        return GoldenFile.Entry(field: field, setting: setting, text: text, digits: count)
    }
}
