import Foundation
import GRPOModel
import Inputs
import Multiprecision
import Reports
import Verification

/// A LaTeX macros file: `solve --format latex`, `table --format latex-macros` or `report`'s
/// macros.tex, read back line by line as the macros `check` recomputes.
///
/// A file is one or more blocks (blank lines between them), each as `LaTeXMacros.render` writes
/// it: the provenance (`% command: …`, `% version: …`, `% digits: …`, …), the title, the legend,
/// then one row per setting: a macro (its comment line, then its `\newcommand`), `% not
/// verified, no macro: …` or `% same setting as \X above: …` (both skipped). A macro's setting,
/// digits, methods and certification are its comment's `reproduce:` command, read with the
/// parsers of `solve`'s flags; the command must agree with its block's provenance, and every
/// block must have the same digits.
///
/// Anything the suite would not have written is bad input naming the line: not printable ASCII,
/// a line longer than `maximumLineLength`, no provenance, another title, a line of no row, a
/// macro without its comment or a comment without its macro, a comment or value not exactly as
/// the writer renders it, a name defined twice, a decimal longer than
/// `GoldenFile.maximumDecimalLength`, a bad flag.
struct MacrosFile: Sendable {
    /// One macro: what the file records, and how to compute it again.
    struct Entry: Sendable {
        /// The line of its comment.
        let line: Int
        let recorded: LaTeXMacros.Macro
        let setting: BinarySetting
        let digits: Int
        let methods: [Method]
        let certify: Bool
        /// The flags of `recorded.command` that the writer takes from its table's provenance.
        let provenance: [(key: String, value: String)]
    }

    /// The digits of every block's provenance.
    let digits: Int
    let entries: [Entry]

    /// The longest line read: a comment with a 10,000-digit enclosure and a setting, name and
    /// command of decimals of the longest length, spelled in letters.
    static let maximumLineLength = 16 * GoldenFile.maximumDecimalLength

    /// Whether `data` is a macros file rather than JSON: it opens with a LaTeX comment or command.
    static func opens(_ data: Data) -> Bool {
        data.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }.map { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\\") }
            ?? false
    }

    /// The provenance keys the macros' writers record (`table`, `solve`, `report`).
    static let provenanceKeys = ["command", "schema", "version", "digits", "table", "group_size", "penalty", "beta",
                                 "ref", "margin", "normalisation", "method", "certify", Shard.provenanceKey]

    /// Parses and checks `data`; `name` and the line number prefix every error.
    init(data: Data, name: String) throws {
        func error(_ line: Int, _ problem: String) -> InputError { InputError("\(name): line \(line)", problem) }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for (i, line) in lines.enumerated() {
            guard line.allSatisfy({ (0x20..<0x7F).contains($0) }) else {
                throw error(i + 1, "a byte that is not printable ASCII; the suite writes macros files in printable ASCII")
            }
            guard line.count <= Self.maximumLineLength else {
                throw error(i + 1, "a line of \(line.count) characters; a macros file's lines have at most \(Self.maximumLineLength)")
            }
        }
        let text = lines.map { String(decoding: $0, as: UTF8.self) }

        var digits: (value: Int, line: Int)? = nil
        var entries: [Entry] = []
        var defined: [String: Int] = [:]  // the line of each \newcommand
        var i = 0
        while i < text.count {
            if text[i].isEmpty && i > 0 {
                i += 1
                continue
            }
            // The provenance: `% key: value` lines, `% command: …` first.
            guard text[i].hasPrefix("% command: ") else {
                throw error(i + 1, "expected the provenance line '% command: …' that opens a block of macros "
                            + "(as solve --format latex, table --format latex-macros and report write)")
            }
            var provenance: [String: (value: String, line: Int)] = [:]
            while i < text.count, text[i].hasPrefix("% "), let colon = text[i].firstRange(of: ": "),
                  case let key = String(text[i][text[i].index(text[i].startIndex, offsetBy: 2)..<colon.lowerBound]),
                  Self.provenanceKeys.contains(key) {
                guard provenance[key] == nil else {
                    throw error(i + 1, "provenance '\(key)' given again (first on line \(provenance[key]!.line))")
                }
                provenance[key] = (String(text[i][colon.upperBound...]), i + 1)
                i += 1
            }
            let block = try Self.provenance(provenance, error: error)
            if let digits, digits.value != block.digits {
                throw error(provenance["digits"]!.line, "digits \(block.digits) differ from the \(digits.value) of line \(digits.line); "
                            + "the blocks of a macros file share their digits (check each block as its own file)")
            }
            digits = digits ?? (block.digits, provenance["digits"]!.line)
            guard i < text.count, text[i] == block.title else { throw error(i + 1, "expected the title '\(block.title)'") }
            i += 1
            for legend in LaTeXMacros.legend {
                guard i < text.count, text[i] == legend else { throw error(i + 1, "expected the legend line '\(legend.prefix(60))…'") }
                i += 1
            }
            // The rows, up to a blank line or the end.
            var names = Set<String>()
            let first = i
            while i < text.count, !text[i].isEmpty {
                let line = text[i]
                if line.hasPrefix(Self.commentPrefix) {
                    guard i + 1 < text.count, text[i + 1].hasPrefix("\\newcommand") else {
                        throw error(i + 2, "expected the \\newcommand of the comment on line \(i + 1)")
                    }
                    let entry = try Self.entry(comment: line, definition: text[i + 1], line: i + 1, block: block, error: error)
                    if let earlier = defined[entry.recorded.name] {
                        throw error(i + 2, "\\\(entry.recorded.name) is defined again (first on line \(earlier))")
                    }
                    defined[entry.recorded.name] = i + 2
                    names.insert(entry.recorded.name)
                    entries.append(entry)
                    i += 2
                } else if line.hasPrefix("\\newcommand") {
                    throw error(i + 1, "a \\newcommand without its comment line '\(Self.commentPrefix)…; reproduce: …' before it")
                } else if line.hasPrefix(Self.notVerifiedPrefix) {
                    i += 1
                } else if line.hasPrefix(Self.sameSettingPrefix), let above = line.firstRange(of: " above: ") {
                    let name = String(line[line.index(line.startIndex, offsetBy: Self.sameSettingPrefix.count)..<above.lowerBound])
                    guard names.contains(name) else { throw error(i + 1, "\\\(name.prefix(60)) is not a macro above in this block") }
                    i += 1
                } else {
                    throw error(i + 1, "'\(line.prefix(40))' is not a line of a macros file (a macro's comment, "
                                + "its \\newcommand, '% not verified, no macro: …' or '% same setting as \\… above: …')")
                }
            }
            guard i > first else { throw error(i + 1, "expected the rows of the block that opens on line \(block.line)") }
        }
        guard let digits, !entries.isEmpty else { throw InputError(name, "no \\newcommand to check") }
        self.digits = digits.value
        self.entries = entries
    }

    static let commentPrefix = "% pi(a) at "
    static let notVerifiedPrefix = LaTeXMacros.Row.notVerified(setting: "").lines[0]
    static let sameSettingPrefix = "% same setting as \\"

    /// A block's provenance: what the reproduce commands of its macros must agree with.
    struct Block {
        let line: Int
        /// The comment line of the table's title, which follows the provenance.
        let title: String
        let digits: Int
        /// The flags the writer takes from the provenance: `--digits`, `--method`, `--certify`, `--normalisation`.
        let flags: [(key: String, value: String)]
    }

    static func provenance(_ p: [String: (value: String, line: Int)], error: (Int, String) -> InputError) throws -> Block {
        let line = p["command"]!.line
        let command = p["command"]!.value
        let title: String
        switch command {
        case "solve": title = LaTeXMacros.solveTitle
        case "table": title = TableTitles.agreement
        case "report":
            let table = p["table"]?.value ?? ""
            guard let report = ReportTables.agreement.first(where: { $0.name == table }) else {
                throw error(p["table"]?.line ?? line, "provenance 'table': '\(table.prefix(40))' is not one of: "
                            + ReportTables.agreement.map(\.name).joined(separator: ", ") + " (the tables with macros)")
            }
            title = report.title
        default:
            throw error(line, "'\(command.prefix(40))' is not a command that writes macros (solve, table, report)")
        }
        if let schema = p["schema"], schema.value != String(GoldenFile.schema) {
            throw error(schema.line, "'\(schema.value.prefix(40))' is not a schema this grpo-verify reads (\(GoldenFile.schema)); "
                        + "check the file with the grpo-verify that wrote it or a newer one")
        }
        for key in ["version", "digits"] where p[key]?.value.isEmpty ?? true {
            throw error(p[key]?.line ?? line, "the block that opens on line \(line) has no provenance '\(key)'")
        }
        func parse<T>(_ key: String, _ rule: (String) throws -> T) throws -> T? {
            guard let field = p[key] else { return nil }
            do { return try rule(field.value) } catch let e as InputError {
                throw error(field.line, "provenance '\(key)': " + (e.flag.isEmpty ? e.problem : "\(e)"))
            }
        }
        return Block(line: line, title: "% " + LaTeX.comment(title), digits: try parse("digits", Parameters.digits)!, flags: [
            ("digits", p["digits"]!.value), ("method", p["method"]?.value ?? "all"),
            ("certify", String(try parse("certify", GoldenFile.certify) ?? false)),
            ("normalisation", p["normalisation"]?.value ?? "population")])
    }

    /// A macro from its comment line (on `line`) and its `\newcommand` (on the next line).
    static func entry(comment: String, definition: String, line: Int, block: Block,
                      error: (Int, String) -> InputError) throws -> Entry {
        let shape = "expected '\(commentPrefix)SETTING: N digits, M method(s) agree[; certified digits C[, enclosure [LO, HI]]]; "
            + "reproduce: grpo-verify solve … --format latex'"
        let body = comment.dropFirst(commentPrefix.count)
        guard let reproduce = body.firstRange(of: "; reproduce: "), let colon = body[..<reproduce.lowerBound].firstRange(of: ": ")
        else { throw error(line, shape) }
        let parts = body[colon.upperBound..<reproduce.lowerBound].split(separator: "; ", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].hasSuffix(" method(s) agree"), let comma = parts[0].firstRange(of: " digits, "),
              let agreeing = count(parts[0][..<comma.lowerBound]),
              let methods = count(parts[0][comma.upperBound...].dropLast(" method(s) agree".count))
        else { throw error(line, shape) }
        var certified: Int? = nil
        var enclosure: [String]? = nil
        if parts.count == 2 {
            let certificate = parts[1].split(separator: ", enclosure [", maxSplits: 1, omittingEmptySubsequences: false)
            guard certificate[0].hasPrefix("certified digits "), let c = count(certificate[0].dropFirst("certified digits ".count))
            else { throw error(line, shape) }
            certified = c
            if certificate.count == 2 {
                let ends = certificate[1].dropLast().split(separator: ", ", omittingEmptySubsequences: false).map(String.init)
                guard certificate[1].hasSuffix("]"), ends.count == 2 else { throw error(line, shape) }
                for end in ends { try decimal(end, what: "an end of the enclosure", line: line, error: error) }
                enclosure = ends
            }
        }

        // `\newcommand{\NAME}{VALUE}`: a name of letters, a value as the writer groups it.
        let prefix = "\\newcommand{\\"
        guard definition.hasPrefix(prefix), definition.hasSuffix("}"),
              let braces = definition.dropFirst(prefix.count).firstRange(of: "}{") else {
            throw error(line + 1, "expected '\\newcommand{\\NAME}{VALUE}'")
        }
        let name = String(definition[definition.index(definition.startIndex, offsetBy: prefix.count)..<braces.lowerBound])
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw error(line + 1, "'\(name.prefix(40))' is not a macro name of letters")
        }
        let grouped = String(definition[braces.upperBound...].dropLast())
        guard grouped.utf8.count <= 2 * GoldenFile.maximumDecimalLength, let value = LaTeXMacros.decimal(grouped: grouped) else {
            throw error(line + 1, "the value '\(grouped.prefix(40))' is not a decimal grouped as the suite writes it")
        }
        try decimal(value, what: "the value", line: line + 1, error: error)

        let command = String(body[reproduce.upperBound...])
        let recorded = LaTeXMacros.Macro(name: name, setting: String(body[..<colon.lowerBound]), value: value,
                                         digits: agreeing, methods: methods, certified: certified, enclosure: enclosure,
                                         command: command)
        // Read leniently above, the lines must be exactly as the writer renders them.
        guard recorded.lines[0] == comment else { throw error(line, shape) }
        guard recorded.lines[1] == definition else {
            throw error(line + 1, "the value is not grouped as the suite writes it (digits in fives, '\\,' between)")
        }
        return try reproduction(recorded, line: line, block: block, error: error)
    }

    /// A count written in digits (the round trip to the writer's text refuses leading zeros).
    static func count(_ text: Substring) -> Int? {
        text.allSatisfy { $0.isASCII && $0.isNumber } ? Int(text) : nil
    }

    /// A decimal of the suite's grammar and length, unsigned.
    static func decimal(_ text: String, what: String, line: Int, error: (Int, String) -> InputError) throws {
        guard text.utf8.count <= GoldenFile.maximumDecimalLength else {
            throw error(line, "\(what) has \(text.utf8.count) characters; a decimal has at most \(GoldenFile.maximumDecimalLength)")
        }
        guard (try? DecimalNumber(text)) != nil, !text.hasPrefix("-"), !text.hasPrefix("+") else {
            throw error(line, "\(what) '\(text.prefix(40))' is not an unsigned decimal number")
        }
    }

    /// The flags of `reproduce: grpo-verify solve … --format latex`, which `solve` writes.
    static let valueFlags = ["--group-size", "--penalty", "--beta", "--ref", "--margin", "--normalisation", "--digits", "--method"]

    /// The setting and computation of a macro, from its reproduce command: the flags parsed by
    /// the rules of `solve`, and those of the provenance as its block records them.
    static func reproduction(_ recorded: LaTeXMacros.Macro, line: Int, block: Block,
                             error: (Int, String) -> InputError) throws -> Entry {
        let (head, tail) = ("grpo-verify solve ", " --format latex")
        let command = recorded.command
        guard command.hasPrefix(head), command.hasSuffix(tail), command.count > head.count + tail.count else {
            throw error(line, "reproduce: expected 'grpo-verify solve FLAGS --format latex'")
        }
        let tokens = command.dropFirst(head.count).dropLast(tail.count).split(separator: " ", omittingEmptySubsequences: false)
            .map(String.init)
        var flags: [String: String] = [:]
        var certify = false
        var k = 0
        while k < tokens.count {
            let flag = tokens[k]
            guard flag == "--certify" || valueFlags.contains(flag) else {
                throw error(line, "reproduce: '\(flag.prefix(40))' is not one of its flags: "
                            + (valueFlags + ["--certify"]).joined(separator: ", "))
            }
            guard flags[flag] == nil, !(flag == "--certify" && certify) else {
                throw error(line, "reproduce: \(flag) given more than once; give each flag once")
            }
            if flag == "--certify" {
                certify = true
                k += 1
                continue
            }
            guard k + 1 < tokens.count, !tokens[k + 1].hasPrefix("--") else { throw error(line, "reproduce: \(flag) needs a value") }
            guard tokens[k + 1].utf8.count <= 3 * GoldenFile.maximumDecimalLength else {
                throw error(line, "reproduce: \(flag) has a value of \(tokens[k + 1].utf8.count) characters; "
                            + "at most \(3 * GoldenFile.maximumDecimalLength)")
            }
            flags[flag] = tokens[k + 1]
            k += 2
        }
        // The writer gives every flag but --normalisation (when population) and --certify.
        if let missing = valueFlags.first(where: { $0 != "--normalisation" && flags[$0] == nil }) {
            throw error(line, "reproduce: \(missing) missing; the suite writes it in every reproduce command")
        }
        let normalisation = flags["--normalisation"] ?? "population"
        let (setting, digits, methods): (BinarySetting, Int, [Method])
        do {
            let solve = SolveFlags(groupSize: try Parameters.groupSize(flags["--group-size"]!),
                                   penalty: try Parameters.penalty(flags["--penalty"]!),
                                   normalisation: try Parameters.normalisation(normalisation),
                                   beta: try Parameters.beta(flags["--beta"]!), reference: flags["--ref"]!,
                                   margin: try Parameters.margin(flags["--margin"]!), rewards: RewardFlags())
            digits = try Parameters.digits(flags["--digits"]!)
            methods = try SettingRules.methods(flags["--method"]!)
            guard case .binary(let binary) = try solve.target() else {
                throw InputError("--ref", "a macro is the policy of a binary question: one π_ref(a)")
            }
            setting = binary
            try SettingRules.requireMethod(methods, forEachOf: [setting])
        } catch let e as InputError {
            throw error(line, "reproduce: \(e)")
        }
        var provenance: [(key: String, value: String)] = [
            ("digits", flags["--digits"]!), ("method", flags["--method"]!), ("certify", String(certify)),
            ("normalisation", normalisation)]
        for ((key, value), (_, expected)) in zip(provenance, block.flags) where value != expected {
            throw error(line, "reproduce: " + (key == "certify" ? (certify ? "--certify" : "no --certify") : "--\(key) \(value.prefix(40))")
                        + " although the provenance's \(key) is \(expected.prefix(40)) (line \(block.line))")
        }
        // A comment that records a certificate is recomputed with one, whatever its command says.
        certify = certify || recorded.certified != nil
        provenance[2].value = String(certify)
        return Entry(line: line, recorded: recorded, setting: setting, digits: digits, methods: methods,
                     certify: certify, provenance: provenance)
    }
}

extension MacrosFile {
    /// Recomputes every macro through `StationaryPolicy.solve` (with the certificate its comment
    /// records) and renders it as the writer does; returns one line per macro that differs,
    /// naming each part that does: the name, the setting, the value (all its significant digits, or with `limit`
    /// the first `limit`), the digit and method counts, the certified digits, the enclosure's
    /// ends (as the value) and the reproduce command.
    func mismatches(digits limit: Int?, threads: Int) throws -> [String] {
        let expected = try orderedMap(entries, threads: threads) { entry in
            let solution = try StationaryPolicy.solve(entry.setting, digits: entry.digits, methods: entry.methods,
                                                      certify: entry.certify)
            return LaTeXMacros.rows(LaTeXMacros.solveTable(solution.check, certified: solution.certified,
                                                           provenance: entry.provenance))[0]
        }
        return zip(entries, expected).compactMap { entry, row in
            let differences = entry.differences(from: row, limit: limit)
            return differences.isEmpty ? nil : entry.described + ": " + differences.joined(separator: "; ")
        }
    }
}

extension MacrosFile.Entry {
    /// The macro and its setting, as its mismatch line begins.
    var described: String { "\\\(recorded.name) (line \(line)): \(GoldenFile.described(setting))" }

    /// Each part of `recorded` that differs from the recomputed `row`.
    func differences(from row: LaTeXMacros.Row, limit: Int?) -> [String] {
        let r = recorded
        guard case .macro(let e) = row else { return ["expected \(r.value) got not verified (the methods agree on no digit)"] }
        func certificate(_ m: LaTeXMacros.Macro) -> String {
            m.enclosure.map { "[" + $0.joined(separator: ", ") + "]" } ?? "none"
        }
        var lines: [String] = []
        if r.name != e.name { lines.append("expected the name \\\(r.name) got \\\(e.name)") }
        if r.setting != e.setting { lines.append("expected the setting '\(r.setting)' got '\(e.setting)'") }
        if !GoldenFile.decimal(r.value, matches: e.value, limit: limit) {
            let (rs, es) = (Significand(r.value), Significand(e.value))
            lines.append("expected \(r.value) got \(e.value) ("
                         + (rs.digits.count == es.digits.count
                            ? "\(rs.agreement(with: es)) of \(min(limit ?? es.digits.count, es.digits.count)) digits agree"
                            : "recorded with \(rs.digits.count) significant digits; \(es.digits.count) are verified") + ")")
        }
        if r.digits != e.digits { lines.append("expected \(r.digits) digits got \(e.digits)") }
        if r.methods != e.methods { lines.append("expected \(r.methods) method(s) agree got \(e.methods)") }
        if r.certified != e.certified {
            lines.append("expected certified digits \(r.certified.map(String.init) ?? "none") "
                         + "got \(e.certified.map(String.init) ?? "none")")
        }
        let enclosuresMatch = switch (r.enclosure, e.enclosure) {
        case (nil, nil): true
        case (let re?, let ee?): zip(re, ee).allSatisfy { GoldenFile.decimal($0, matches: $1, limit: limit) }
        default: false
        }
        if !enclosuresMatch { lines.append("expected the enclosure \(certificate(r)) got \(certificate(e))") }
        if r.command != e.command { lines.append("expected reproduce: \(r.command) got \(e.command)") }
        return lines
    }
}
