import Foundation
import GRPOModel
import Multiprecision
import Reports
import Verification

/// Parsing and range checks for every flag; the allowed ranges live here and nowhere else.
enum Parameters {
    static let digitsRange = 5...10_000

    /// A decimal number, as the user wrote it, within the flag's range.
    struct Range: Sendable {
        let description: String
        let contains: @Sendable (BigFloat) -> Bool

        /// β > 0.
        static let positive = Range(description: "a decimal number > 0") { $0 > 0 }
        /// π_ref(a) ∈ [0, 1].
        static let probability = Range(description: "a decimal number in [0, 1]") { $0 >= 0 && $0 <= 1 }
        /// π_ref(a) ∈ (0, 1).
        static let openProbability = Range(description: "a decimal number in (0, 1)") { $0 > 0 && $0 < 1 }
        /// ε ≥ 0.
        static let nonNegative = Range(description: "a decimal number ≥ 0") { $0 >= 0 }
        /// γ ∈ (0, 1].
        static let margin = Range(description: "a decimal number in (0, 1]") { $0 > 0 && $0 <= 1 }
    }

    static func decimal(_ text: String, flag: String, in range: Range) throws -> DecimalNumber {
        let number: DecimalNumber
        do {
            number = try DecimalNumber(text)
        } catch .exponentOutOfRange {
            throw InputError(flag, "exponent too large in '\(text)'; expected \(range.description)")
        } catch {
            throw InputError(flag, "'\(text)' is not a decimal number; expected \(range.description)")
        }
        // Exact range check: the decimal rounded down and up must both lie inside.
        let low = number.value(precision: 128, rounding: .down)
        let high = number.value(precision: 128, rounding: .up)
        guard !text.hasPrefix("-"), range.contains(low), range.contains(high) else {
            throw InputError(flag, "\(text) is out of range; expected \(range.description)")
        }
        return number
    }

    /// An integer flag within `range`.
    static func integer(_ text: String, flag: String, in range: ClosedRange<Int>) throws -> Int {
        guard let n = Int(text), range.contains(n) else {
            throw InputError(flag, "'\(text)' is out of range; expected an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return n
    }

    static func digits(_ text: String) throws -> Int {
        try integer(text, flag: "--digits", in: digitsRange)
    }

    /// Significant digits of a figure's plotted values.
    static let figureDigitsRange = 3...30

    static func figureDigits(_ text: String) throws -> Int {
        try integer(text, flag: "--digits", in: figureDigitsRange)
    }

    /// An output folder (`--out`): any non-empty path.
    static func folder(_ text: String) throws -> URL {
        guard !text.isEmpty else { throw InputError("--out", "expected a folder path") }
        return URL(fileURLWithPath: text, isDirectory: true)
    }

    static let threadsRange = 1...1024

    static func threads(_ text: String) throws -> Int {
        try integer(text, flag: "--threads", in: threadsRange)
    }

    static func groupSize(_ text: String) throws -> GroupSize {
        if text == "inf" { return .infinite }
        guard text.allSatisfy(\.isASCII), let g = Int(text), g >= 2, g <= GroupSize.maximumFinite else {
            throw InputError("--group-size", "'\(text)' is out of range; expected an integer in "
                             + "2…\(GroupSize.maximumFinite) or 'inf'")
        }
        return .finite(g)
    }

    static func penalty(_ text: String) throws -> Penalty {
        guard let p = Penalty(rawValue: text) else {
            throw InputError("--penalty", "'\(text)' is not one of: reverse, direct")
        }
        return p
    }

    /// A value of a closed set of names (`--format`, `--method`).
    static func choice<T: RawRepresentable>(_ text: String, flag: String, among all: [T]) throws -> T
    where T.RawValue == String {
        guard let value = all.first(where: { $0.rawValue == text }) else {
            throw InputError(flag, "'\(text)' is not one of: " + all.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// A comma-separated list; each item is parsed by `item`. Empty items are errors.
    static func list<T>(_ text: String, flag: String, _ item: (String) throws -> [T]) throws -> [T] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else {
            throw InputError(flag, "empty item in list '\(text)'")
        }
        return try parts.flatMap(item)
    }

    /// A grid of decimals: `a,b,c` and ranges `start:stop:step` (inclusive), generated exactly.
    static func decimalGrid(_ text: String, flag: String, in range: Range) throws -> [DecimalNumber] {
        try list(text, flag: flag) { item in
            guard item.contains(":") else { return [try decimal(item, flag: flag, in: range)] }
            let bounds = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard bounds.count == 3 else {
                throw InputError(flag, "range '\(item)' must be start:stop:step")
            }
            return try ExactDecimalRange(bounds[0], bounds[1], bounds[2], flag: flag).values
                .map { try decimal($0, flag: flag, in: range) }
        }
    }

    /// A question: `--ref` and `--success` lists of equal length `2…maximumAnswers`, success
    /// probabilities in [0, 1], reference probabilities in (0, 1] summing to exactly 1.
    static func question(references: String, successes: String) throws -> Question {
        let refs = try list(references, flag: "--ref") { [try decimal($0, flag: "--ref", in: .probability)] }
        let rates = try list(successes, flag: "--success") { [try decimal($0, flag: "--success", in: .probability)] }
        guard refs.count == rates.count else {
            throw InputError("--success", "has \(rates.count) entries but --ref has \(refs.count); expected one per answer")
        }
        guard (2...maximumAnswers).contains(refs.count) else {
            throw InputError("--ref", "has \(refs.count) entries; expected 2…\(maximumAnswers) answers")
        }
        if let zero = refs.first(where: { $0.value(precision: 64).isZero }) {
            throw InputError("--ref", "\(zero) is outside (0, 1]: an answer the reference never gives cannot be learned")
        }
        guard sumsToOne(refs) else {
            throw InputError("--ref", "the reference probabilities must sum to exactly 1")
        }
        return Question(references: refs, successes: rates)
    }

    static let maximumAnswers = 1_000

    /// Whether decimals sum to exactly 1: with at most `k` digits after the point (exponents
    /// included) their sum is a multiple of `10^−k`, so an enclosure of the sum within `10^−k`
    /// of 1 proves it equal to 1.
    static func sumsToOne(_ numbers: [DecimalNumber]) -> Bool {
        let k = numbers.map { fractionDigits($0.text) }.max() ?? 0
        let precision = bitsForDigits(k + 10, guardBits: 64)
        let sum = numbers.dropFirst().reduce(Interval(numbers[0], precision: precision)) { $0 + Interval($1, precision: precision) }
        let tolerance = Interval(try! DecimalNumber("1e-\(k)"), precision: precision).lower
        return (sum - 1).magnitude < tolerance
    }

    /// Digits after the decimal point of a validated decimal, net of its exponent.
    static func fractionDigits(_ text: String) -> Int {
        let lower = text.lowercased()
        let mantissa = lower.split(separator: "e", maxSplits: 1).first.map(String.init) ?? lower
        let exponent = lower.contains("e") ? Int(lower.split(separator: "e")[1]) ?? 0 : 0
        let fraction = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        return max(0, (fraction.count == 2 ? fraction[1].count : 0) - exponent)
    }

    static func normalisation(_ text: String) throws -> AdvantageNormalisation {
        guard let n = AdvantageNormalisation(parsing: text) else {
            throw InputError("--normalisation", "'\(text)' is not one of: population, bessel, "
                             + "population-eps:<ε>, bessel-eps:<ε> (ε > 0), shift")
        }
        return n
    }

    /// `--shard i/n`: this run computes rows `k` with `k mod n = i − 1` of the grid.
    static func shard(_ text: String?) throws -> Shard? {
        guard let text else { return nil }
        guard let shard = Shard(text) else {
            throw InputError("--shard", "'\(text)' is not i/n with integers 1 ≤ i ≤ n")
        }
        return shard
    }

    /// The largest number of points one grid may have.
    static let maximumGridPoints = 1_000_000

    /// The settings of a grid, once its size is known to be within `maximumGridPoints`.
    static func settings(of grid: SettingGrid) throws -> [BinarySetting] {
        guard let count = grid.count, count <= maximumGridPoints else {
            throw InputError("--ref", "the grid has \(grid.count.map(String.init) ?? "too many") points; "
                             + "at most \(maximumGridPoints)")
        }
        guard count > 0 else {
            throw InputError("--margin", "no grid point left: margins below 1 and the direct penalty need --group-size 2")
        }
        return grid.settings
    }
}

/// `start:stop:step` expanded without rounding: the decimals are scaled to integers.
struct ExactDecimalRange {
    let values: [String]

    init(_ start: String, _ stop: String, _ step: String, flag: String) throws {
        let texts = [start, stop, step]
        let scale = texts.map { Self.fractionDigits($0) }.max() ?? 0
        let integers = try texts.map { text -> Int in
            guard let n = Self.scaled(text, to: scale) else {
                throw InputError(flag, "range bound '\(text)' must be a plain decimal with at most "
                                 + "15 significant digits")
            }
            return n
        }
        let (a, b, h) = (integers[0], integers[1], integers[2])
        guard h > 0, b >= a else {
            throw InputError(flag, "range '\(start):\(stop):\(step)' needs step > 0 and stop ≥ start")
        }
        guard (b - a) / h < Parameters.maximumGridPoints else {
            throw InputError(flag, "range '\(start):\(stop):\(step)' has more than "
                             + "\(Parameters.maximumGridPoints) points")
        }
        values = stride(from: a, through: b, by: h).map { Self.text($0, scale: scale) }
    }

    static func fractionDigits(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }

    /// `text · 10^scale` as an integer, for plain non-negative decimals that fit.
    static func scaled(_ text: String, to scale: Int) -> Int? {
        let digits = text.filter { $0 != "." }
        guard !digits.isEmpty, digits.count <= 15, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              text.filter({ $0 == "." }).count <= 1, let n = Int(digits) else { return nil }
        var value = n
        for _ in 0..<(scale - fractionDigits(text)) { value *= 10 }
        return value
    }

    static func text(_ n: Int, scale: Int) -> String {
        guard scale > 0 else { return String(n) }
        var digits = String(n)
        if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
        var fraction = String(digits.suffix(scale))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let whole = String(digits.dropLast(scale))
        return fraction.isEmpty ? whole : whole + "." + fraction
    }
}
