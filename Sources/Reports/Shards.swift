import Verification

/// One of `count` parts of a sweep: row `k` (from 0) of the full table belongs to shard
/// `(k mod count) + 1`, so shards are deterministic, balanced to one row, and merge back by
/// dealing rows round-robin.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    public let index: Int
    public let count: Int
    /// The provenance key under which a sharded table records `index/count`.
    public static let provenanceKey = "shard"

    /// `1 ≤ index ≤ count`; the command line checks this before (Parameters.shard).
    public init(index: Int, count: Int) {
        precondition(1 <= index && index <= count)
        self.index = index
        self.count = count
    }

    /// Parses `i/n`; nil unless both are integers with `1 ≤ i ≤ n`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let i = Int(parts[0]), let n = Int(parts[1]), 1 <= i, i <= n else { return nil }
        self.init(index: i, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    /// The items of this shard, in their order.
    public func rows<T>(of items: [T]) -> [T] {
        items.indices.filter { $0 % count == index - 1 }.map { items[$0] }
    }

    /// The settings of this shard, in their order, made one at a time as the grid's are.
    public func rows(of settings: SettingGrid.Settings) -> SettingGrid.Settings {
        settings.every(count, from: index - 1)
    }
}

/// Shards that do not make up one table: named by the file, reported in one line (exit 2).
public struct MergeError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Table {
    /// A table read back from `TableFormat.json`; headings come from `knownColumns` (JSON
    /// keeps only the keys), or are the keys themselves.
    public init(json: JSONValue, knownColumns: [Column]) throws(MergeError) {
        func strings(_ value: JSONValue?, _ what: String) throws(MergeError) -> [(key: String, value: String)] {
            guard let members = value?.members else { throw MergeError("no \(what) object") }
            var out: [(key: String, value: String)] = []
            for (k, v) in members {
                guard let s = v.stringValue else { throw MergeError("\(what).\(k) is not a string") }
                out.append((k, s))
            }
            return out
        }
        guard let title = json["title"]?.stringValue, case .array(let keys)? = json["columns"],
              case .array(let rows)? = json["rows"] else {
            throw MergeError("not a table written by grpo-verify --format json")
        }
        let columnKeys = keys.compactMap(\.stringValue)
        let columns = columnKeys.map { key in
            knownColumns.first { $0.key == key } ?? Column(key, heading: key, numeric: false)
        }
        var cells: [[String]] = []
        for row in rows {
            let fields = try strings(row, "row")
            guard fields.map(\.key) == columnKeys else { throw MergeError("a row does not match the columns") }
            cells.append(fields.map(\.value))
        }
        self.init(title: title, columns: columns, rows: cells, summary: try strings(json["summary"], "summary"),
                  provenance: try strings(json["provenance"], "provenance"))
    }

    /// The shard this table was computed for, from its provenance (nil for a whole table).
    public var shard: Shard? {
        provenance.first { $0.key == Shard.provenanceKey }.flatMap { Shard($0.value) }
    }

    /// The one table that shards `1/n … n/n` of the same run make up, byte for byte what the
    /// run without `--shard` gives: rows dealt back round-robin, the shard left out of the
    /// provenance, the summary recomputed by `summary(shards, mergedRows)`. A single table
    /// without a shard is returned as it is. Shards must agree on everything but their rows
    /// and summaries, and be complete: each of `1 … n` exactly once.
    public static func merge(
        _ tables: [(name: String, table: Table)],
        summary: ([Table], [[String]]) throws(MergeError) -> [(key: String, value: String)]
    ) throws(MergeError) -> Table {
        guard let first = tables.first else { throw MergeError("no files to merge") }
        if tables.count == 1 && first.table.shard == nil { return first.table }
        var byIndex: [Int: (name: String, table: Table)] = [:]
        let count = first.table.shard?.count ?? 0
        func withoutShard(_ t: Table) -> [String] {
            t.provenance.filter { $0.key != Shard.provenanceKey }.map { "\($0.key)=\($0.value)" }
        }
        for (name, table) in tables {
            guard let shard = table.shard else { throw MergeError("\(name) records no shard i/n in its provenance") }
            guard shard.count == count else {
                throw MergeError("\(name) is shard \(shard) but \(first.name) is shard \(first.table.shard!)")
            }
            guard table.title == first.table.title, table.columns.map(\.key) == first.table.columns.map(\.key),
                  withoutShard(table) == withoutShard(first.table) else {
                throw MergeError("\(name) is not from the same run as \(first.name) (its provenance or columns differ)")
            }
            if let other = byIndex[shard.index] {
                throw MergeError("shard \(shard) given twice: \(other.name) and \(name)")
            }
            byIndex[shard.index] = (name, table)
        }
        if let missing = (1...count).first(where: { byIndex[$0] == nil }) {
            throw MergeError("shard \(missing)/\(count) is missing")
        }
        let shards = (1...count).map { byIndex[$0]!.table }
        let total = shards.reduce(0) { $0 + $1.rows.count }
        for (i, t) in shards.enumerated() {
            // Row k goes to shard (k mod n) + 1: shard i + 1 has ⌊total/n⌋ rows, one more if i < total mod n.
            let expected = total / count + (i < total % count ? 1 : 0)
            guard t.rows.count == expected else {
                throw MergeError("\(byIndex[i + 1]!.name) has \(t.rows.count) rows; a \(count)-way split of \(total) rows gives it \(expected)")
            }
        }
        var merged = first.table
        merged.provenance = first.table.provenance.filter { $0.key != Shard.provenanceKey }
        merged.rows = (0..<total).map { shards[$0 % count].rows[$0 / count] }
        merged.summary = try summary(shards, merged.rows)
        return merged
    }
}
