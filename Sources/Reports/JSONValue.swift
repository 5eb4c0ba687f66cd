/// A JSON document with object keys kept in insertion order, so output is stable and reads
/// in the order the suite chose. Numbers the suite computes are always strings (decimal text
/// with earned digits); JSON numbers are used only for counts.
public indirect enum JSONValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.rendered() == rhs.rendered()
    }

    /// Pretty-printed with two-space indentation and a trailing newline.
    public func rendered() -> String {
        var out = ""
        write(to: &out, indent: 0)
        return out + "\n"
    }

    /// The value as `rendered()` writes it nested `indent` levels deep, without the trailing
    /// newline: a piece of a document written in parts (`TableWriter`).
    func rendered(indent: Int) -> String {
        var out = ""
        write(to: &out, indent: indent)
        return out
    }

    private func write(to out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch self {
        case .string(let s): out += Self.quoted(s)
        case .integer(let n): out += String(n)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                item.write(to: &out, indent: indent + 1)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += closePad + "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, (key, value)) in members.enumerated() {
                out += pad + Self.quoted(key) + ": "
                value.write(to: &out, indent: indent + 1)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += closePad + "}"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// A JSON text that does not parse, with the byte offset where parsing stopped.
public struct JSONParseError: Error, CustomStringConvertible {
    public let offset: Int
    public let problem: String
    public var description: String { "\(problem) at byte \(offset)" }
}

extension JSONValue {
    /// The deepest nesting of arrays and objects `parse` accepts (the suite writes at most 4).
    public static let maximumDepth = 64

    /// Parses JSON text (RFC 8259) keeping object members in order, so a document the suite
    /// wrote reads back to a value that renders to the same bytes. Stricter than RFC 8259
    /// where the suite's own files are: numbers are plain integers `-?(0|[1-9][0-9]*)` that fit
    /// an `Int` (no fraction, exponent or `-0`), an object has no key twice, and nesting is at
    /// most `maximumDepth` deep. Invalid UTF-8 and unescaped control characters are errors.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw JSONParseError(offset: 0, problem: "not UTF-8")
        }
        var parser = JSONParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == parser.bytes.count else { throw parser.error("trailing characters") }
        return value
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// The members of an object (nil otherwise); `self[key]` looks one up.
    public var members: [(String, JSONValue)]? {
        if case .object(let m) = self { return m }
        return nil
    }

    public subscript(key: String) -> JSONValue? { members?.first { $0.0 == key }?.1 }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

struct JSONParser {
    let bytes: [UInt8]
    var at = 0

    func error(_ problem: String) -> JSONParseError { JSONParseError(offset: at, problem: problem) }

    mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
    }

    mutating func expect(_ literal: String) throws(JSONParseError) {
        for b in literal.utf8 {
            guard at < bytes.count, bytes[at] == b else { throw error("expected \(literal)") }
            at += 1
        }
    }

    mutating func value(depth: Int) throws(JSONParseError) -> JSONValue {
        skipSpace()
        guard at < bytes.count else { throw error("unexpected end") }
        if bytes[at] == UInt8(ascii: "{") || bytes[at] == UInt8(ascii: "["), depth == JSONValue.maximumDepth {
            throw error("nested deeper than \(JSONValue.maximumDepth)")
        }
        switch bytes[at] {
        case UInt8(ascii: "{"):
            at += 1
            var members: [(String, JSONValue)] = []
            var keys = Set<String>()
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
            while true {
                skipSpace()
                let start = at
                let key = try string()
                guard keys.insert(key).inserted else {
                    at = start
                    throw error("duplicate key '\(key.prefix(40))'")
                }
                skipSpace()
                try expect(":")
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard at < bytes.count else { throw error("unexpected end") }
                at += 1
                if bytes[at - 1] == UInt8(ascii: "}") { return .object(members) }
                guard bytes[at - 1] == UInt8(ascii: ",") else { throw error("expected , or }") }
            }
        case UInt8(ascii: "["):
            at += 1
            var items: [JSONValue] = []
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard at < bytes.count else { throw error("unexpected end") }
                at += 1
                if bytes[at - 1] == UInt8(ascii: "]") { return .array(items) }
                guard bytes[at - 1] == UInt8(ascii: ",") else { throw error("expected , or ]") }
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default:
            let start = at
            while at < bytes.count, "+-.0123456789eE".utf8.contains(bytes[at]) {
                at += 1
                // A 64-bit integer has at most 20 characters: refuse a longer number at once.
                guard at - start <= 21 else { at = start; throw error("integer out of range") }
            }
            let token = bytes[start..<at]
            let digits = token.first == UInt8(ascii: "-") ? token.dropFirst() : token
            let plain = !digits.isEmpty && digits.allSatisfy { (0x30...0x39).contains($0) }
                && (digits.count == 1 || digits.first != 0x30) && !token.elementsEqual("-0".utf8)
            guard plain else {
                at = start
                throw error(token.isEmpty ? "expected a value" : "'\(String(decoding: token.prefix(40), as: UTF8.self))' "
                            + "is not a plain integer (no fraction, exponent or -0)")
            }
            guard let n = Int(String(decoding: token, as: UTF8.self)) else {
                at = start
                throw error("integer out of range")
            }
            return .integer(n)
        }
    }

    mutating func string() throws(JSONParseError) -> String {
        try expect("\"")
        var scalars = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
            run.removeAll()
        }
        while at < bytes.count {
            let b = bytes[at]
            at += 1
            switch b {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard at < bytes.count else { throw error("unexpected end") }
                let e = bytes[at]
                at += 1
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                case UInt8(ascii: "u"):
                    guard at + 4 <= bytes.count,
                          let code = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code) else { throw error("bad \\u escape") }
                    at += 4
                    scalars.append(scalar)
                default: throw error("bad escape")
                }
            case 0..<0x20: throw error("unescaped control character in a string")
            default: run.append(b)
            }
        }
        throw error("unterminated string")
    }
}
