import Foundation
import GRPOModel
import Multiprecision
import Reports
import Verification

/// Parsing and range checks for every flag; the allowed ranges live here and nowhere else.
public enum Parameters {
    public static let digitsRange = 5...10_000

    /// A decimal number, as the user wrote it, within the flag's range.
    public struct Range: Sendable {
        public let description: String
        /// Whether a leading minus sign may be written (otherwise even "-0" is refused).
        var signed = false
        /// Decided exactly on the decimal, never on a rounding.
        let contains: @Sendable (DecimalNumber) -> Bool

        /// β > 0.
        public static let positive = Range(description: "a decimal number > 0") { above($0, .zero) }
        /// π_ref(a) ∈ [0, 1].
        public static let probability = Range(description: "a decimal number in [0, 1]") { !below($0, .zero) && !above($0, .one) }
        /// π_ref(a) ∈ (0, 1).
        public static let openProbability = Range(description: "a decimal number in (0, 1)") { above($0, .zero) && below($0, .one) }
        /// Any reward value.
        public static let anyDecimal = Range(description: "a decimal number", signed: true) { _ in true }
        /// ε ≥ 0.
        public static let nonNegative = Range(description: "a decimal number ≥ 0") { !below($0, .zero) }
        /// γ ∈ (0, 1].
        public static let margin = Range(description: "a decimal number in (0, 1]") { above($0, .zero) && !above($0, .one) }

        /// A time limit in seconds, `(0, 10⁶]`.
        public static let seconds = Range(description: "a decimal number of seconds in (0, 1000000]") {
            above($0, .zero) && !above($0, try! DecimalNumber("1000000"))
        }

        private static func above(_ x: DecimalNumber, _ bound: DecimalNumber) -> Bool { x.order(comparedWith: bound) > 0 }
        private static func below(_ x: DecimalNumber, _ bound: DecimalNumber) -> Bool { x.order(comparedWith: bound) < 0 }
    }

    public static func decimal(_ text: String, flag: String, in range: Range) throws -> DecimalNumber {
        let number: DecimalNumber
        do {
            number = try DecimalNumber(text)
        } catch .exponentOutOfRange {
            throw InputError(flag, "exponent too large in '\(text)'; expected \(range.description)")
        } catch {
            throw InputError(flag, "'\(text)' is not a decimal number; expected \(range.description)")
        }
        guard range.signed || !text.hasPrefix("-"), range.contains(number) else {
            throw InputError(flag, "\(text) is out of range; expected \(range.description)")
        }
        return number
    }

    /// An integer flag within `range`, written plainly (no sign, no leading zeros).
    public static func integer(_ text: String, flag: String, in range: ClosedRange<Int>) throws -> Int {
        guard let n = Int(text), String(n) == text, range.contains(n) else {
            throw InputError(flag, "'\(text)' is out of range; expected an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return n
    }

    public static func digits(_ text: String) throws -> Int {
        try integer(text, flag: "--digits", in: digitsRange)
    }

    /// Significant digits a LaTeX table shows of each value.
    public static let displayDigitsRange = 3...10_000

    public static func displayDigits(_ text: String) throws -> Int {
        try integer(text, flag: "--display-digits", in: displayDigitsRange)
    }

    /// Significant digits of a figure's plotted values.
    public static let figureDigitsRange = 3...30

    public static func figureDigits(_ text: String) throws -> Int {
        try integer(text, flag: "--digits", in: figureDigitsRange)
    }

    /// An output folder (`--out`): any non-empty path.
    public static func folder(_ text: String) throws -> URL {
        guard !text.isEmpty else { throw InputError("--out", "expected a folder path") }
        return URL(fileURLWithPath: text, isDirectory: true)
    }

    /// `--max-seconds`: a time limit in seconds.
    public static func seconds(_ text: String) throws -> Double {
        try decimal(text, flag: "--max-seconds", in: .seconds).value(precision: 53).doubleApproximation
    }

    public static let threadsRange = 1...1024

    public static func threads(_ text: String) throws -> Int {
        try integer(text, flag: "--threads", in: threadsRange)
    }

    public static func groupSize(_ text: String) throws -> GroupSize {
        if text == "inf" { return .infinite }
        guard let g = Int(text), String(g) == text, g >= 2, g <= GroupSize.maximumFinite else {
            throw InputError("--group-size", "'\(text)' is out of range; expected an integer in "
                             + "2…\(GroupSize.maximumFinite) or 'inf'")
        }
        return .finite(g)
    }

    /// `--group-size` as a comma list.
    public static func groupSizes(_ text: String) throws -> [GroupSize] {
        try list(text, flag: "--group-size") { [try groupSize($0)] }
    }

    public static func penalty(_ text: String) throws -> Penalty {
        guard let p = Penalty(rawValue: text) else {
            throw InputError("--penalty", "'\(text)' is not one of: reverse, direct")
        }
        return p
    }

    /// `--penalty` as a comma list.
    public static func penalties(_ text: String) throws -> [Penalty] {
        try list(text, flag: "--penalty") { [try penalty($0)] }
    }

    /// `--beta`: β > 0.
    public static func beta(_ text: String) throws -> DecimalNumber { try decimal(text, flag: "--beta", in: .positive) }

    /// `--beta` as a grid of values and ranges.
    public static func betaGrid(_ text: String) throws -> DecimalAxis { try decimalGrid(text, flag: "--beta", in: .positive) }

    /// `--beta` as a comma list (no ranges).
    public static func betaList(_ text: String) throws -> [DecimalNumber] { try list(text, flag: "--beta") { [try beta($0)] } }

    /// `--margin`: γ ∈ (0, 1].
    public static func margin(_ text: String) throws -> DecimalNumber { try decimal(text, flag: "--margin", in: .margin) }

    /// `--margin` as a grid.
    public static func marginGrid(_ text: String) throws -> DecimalAxis { try decimalGrid(text, flag: "--margin", in: .margin) }

    /// `--ref` of a binary question: π_ref(a) ∈ [0, 1].
    public static func reference(_ text: String) throws -> DecimalNumber {
        try decimal(text, flag: "--ref", in: .probability)
    }

    /// `--ref` as a grid of π_ref(a) ∈ [0, 1].
    public static func referenceGrid(_ text: String) throws -> DecimalAxis {
        try decimalGrid(text, flag: "--ref", in: .probability)
    }

    /// `--ref` where π_ref(a) ∈ (0, 1) (the direct-KL threshold, stability).
    public static func openReference(_ text: String) throws -> DecimalNumber {
        try decimal(text, flag: "--ref", in: .openProbability)
    }

    /// `--ref` as a grid of π_ref(a) ∈ (0, 1).
    public static func openReferenceGrid(_ text: String) throws -> DecimalAxis {
        try decimalGrid(text, flag: "--ref", in: .openProbability)
    }

    /// `--success-rate` of `objective`: μ ∈ [0, 1].
    public static func successRate(_ text: String) throws -> DecimalNumber {
        try decimal(text, flag: "--success-rate", in: .probability)
    }

    /// `--normalisation` of `objective`: `population`, the one for which `F_G` is derived.
    public static func objectiveNormalisation(_ text: String) throws -> AdvantageNormalisation {
        guard text == "population" else {
            throw InputError("--normalisation", "'\(text)' is not supported by objective; expected population")
        }
        return .population
    }

    /// `--epsilon`: ε ≥ 0.
    public static func epsilon(_ text: String) throws -> DecimalNumber {
        try decimal(text, flag: "--epsilon", in: .nonNegative)
    }

    /// A value of a closed set of names (`--format`, `--method`).
    public static func choice<T: RawRepresentable>(_ text: String, flag: String, among all: [T]) throws -> T
    where T.RawValue == String {
        guard let value = all.first(where: { $0.rawValue == text }) else {
            throw InputError(flag, "'\(text)' is not one of: " + all.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// A comma-separated list; each item is parsed by `item`. Empty items are errors.
    public static func list<T>(_ text: String, flag: String, _ item: (String) throws -> [T]) throws -> [T] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard !parts.contains(where: \.isEmpty) else {
            throw InputError(flag, "empty item in list '\(text)'")
        }
        return try parts.flatMap(item)
    }

    /// A grid axis: `a,b,c` and ranges `start:stop:step` (inclusive), counted exactly and
    /// refused beyond `maximumGridPoints` before any value is listed.
    public static func decimalGrid(_ text: String, flag: String, in range: Range) throws -> DecimalAxis {
        let axis = DecimalAxis(try list(text, flag: flag) { item -> [DecimalAxis.Item] in
            guard item.contains(":") else { return [.value(try decimal(item, flag: flag, in: range))] }
            let bounds = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard bounds.count == 3 else {
                throw InputError(flag, "range '\(item)' must be start:stop:step")
            }
            let exact: ExactDecimalRange
            do {
                exact = try ExactDecimalRange(bounds[0], bounds[1], bounds[2])
            } catch ExactDecimalRange.Problem.unrepresentableBound(let bound) {
                throw InputError(flag, "range '\(item)': bound '\(bound)' must be a plain decimal, and every "
                                 + "bound must fit in \(ExactDecimalRange.maximumSignificantDigits) digits "
                                 + "at the range's common number of decimal places")
            } catch {
                throw InputError(flag, "range '\(item)' needs step > 0 and stop ≥ start")
            }
            for bound in [bounds[0], bounds[1]] { _ = try decimal(bound, flag: flag, in: range) }
            return [.range(exact)]
        })
        guard let count = axis.count, count <= maximumGridPoints else {
            throw InputError(flag, "'\(text)' has \(axis.count.map(String.init) ?? "too many") values; "
                             + "at most \(maximumGridPoints)")
        }
        return axis
    }

    public static func normalisation(_ text: String) throws -> AdvantageNormalisation {
        guard let n = AdvantageNormalisation(parsing: text) else {
            throw InputError("--normalisation", "'\(text)' is not one of: population, bessel, "
                             + "population-eps:<ε>, bessel-eps:<ε> (ε > 0), shift")
        }
        return n
    }

    /// `--shard i/n`: this run computes rows `k` with `k mod n = i − 1` of the grid.
    public static func shard(_ text: String?) throws -> Shard? {
        guard let text else { return nil }
        guard let shard = Shard(text) else {
            throw InputError("--shard", "'\(text)' is not i/n with integers 1 ≤ i ≤ n")
        }
        return shard
    }

    /// The largest number of points one grid may have.
    public static let maximumGridPoints = 1_000_000

    /// The settings of a grid, counted before any is listed: at most `maximumGridPoints`.
    public static func settings(of grid: SettingGrid) throws -> [BinarySetting] {
        _ = try lazySettings(of: grid)
        return grid.settings
    }

    /// The settings of a grid, counted (at most `maximumGridPoints`) and made one at a time
    /// from their index, never listed.
    public static func lazySettings(of grid: SettingGrid) throws -> SettingGrid.Settings {
        guard let count = grid.count, count <= maximumGridPoints else {
            throw InputError("--ref", "the grid has \(grid.count.map(String.init) ?? "too many") points; "
                             + "at most \(maximumGridPoints)")
        }
        guard count > 0 else {
            throw InputError("--margin", "no grid point left: margins below 1 and the direct penalty need --group-size 2")
        }
        return grid.lazySettings
    }
}
