import GRPOModel
import Inputs
import Multiprecision
import Reports
import Verification

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
        return GoldenFile.Entry(field: field, setting: setting, text: text, digits: count, target: digits)
    }
}
