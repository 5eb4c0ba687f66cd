import Multiprecision

/// The values of one grid parameter: a list whose items are decimals and inclusive ranges
/// `start:stop:step`, counted exactly before any value is listed.
public struct DecimalAxis: Sendable {
    /// One item of the list.
    public enum Item: Sendable {
        case value(DecimalNumber)
        case range(ExactDecimalRange)
    }

    public let items: [Item]

    public init(_ items: [Item]) { self.items = items }

    public init(values: [DecimalNumber]) { self.init(values.map(Item.value)) }

    /// The number of values, without listing them (nil if it overflows `Int`).
    public var count: Int? {
        var total = 0
        for item in items {
            let (sum, overflow) = total.addingReportingOverflow(item.count)
            if overflow { return nil }
            total = sum
        }
        return total
    }

    /// How many values equal 1 exactly, without listing them.
    public var unitCount: Int { items.reduce(0) { $0 + ($1.containsOne ? 1 : 0) } }

    /// Every value, in order.
    public var values: [DecimalNumber] {
        items.flatMap { item -> [DecimalNumber] in
            switch item {
            case .value(let d): [d]
            case .range(let r): r.values
            }
        }
    }
}

/// A `DecimalAxis` indexed without listing it: value `i` in `O(log items)`, by bisection over
/// the items' cumulative counts.
public struct IndexedAxis: Sendable {
    public let axis: DecimalAxis
    /// `ends[j]`: the values in items `0...j`.
    private let ends: [Int]
    /// The number of values.
    public var count: Int { ends.last ?? 0 }

    /// The axis must have a count (`axis.count` not nil).
    public init(_ axis: DecimalAxis) {
        self.axis = axis
        var total = 0
        ends = axis.items.map { item in
            total += item.count
            return total
        }
    }

    /// Value `i`, `0 ≤ i < count`, as `axis.values[i]`.
    public subscript(i: Int) -> DecimalNumber {
        precondition(0 <= i && i < count, "index \(i) outside an axis of \(count) values")
        var (low, high) = (0, ends.count - 1)  // the first item whose end is past i
        while low < high {
            let mid = (low + high) / 2
            if ends[mid] > i { high = mid } else { low = mid + 1 }
        }
        switch axis.items[low] {
        case .value(let d): return d
        case .range(let r): return r.value(at: i - (low == 0 ? 0 : ends[low - 1]))
        }
    }

    /// The values equal to 1, in order, as `axis.values` lists them (one per item at most).
    public var ones: [DecimalNumber] {
        axis.items.compactMap { item in
            switch item {
            case .value(let d): d.isNumericallyEqual(to: .one) ? d : nil
            case .range(let r): r.one
            }
        }
    }
}

extension DecimalAxis.Item {
    var count: Int {
        switch self {
        case .value: 1
        case .range(let r): r.count
        }
    }

    var containsOne: Bool {
        switch self {
        case .value(let d): d.isNumericallyEqual(to: .one)
        case .range(let r): r.containsOne
        }
    }
}

/// `start:stop:step` with plain non-negative decimals, as the exact progression
/// `(a + k h) · 10^−scale`, `k = 0…count − 1`: the bounds are scaled to integers, so no value
/// is rounded and the count is exact.
public struct ExactDecimalRange: Sendable {
    let start: Int, step: Int, scale: Int
    /// The number of values, `⌊(stop − start)/step⌋ + 1`.
    public let count: Int

    /// Why a range is not one this suite expands.
    public enum Problem: Error, Equatable, Sendable {
        /// A bound is not a plain decimal with at most `maximumSignificantDigits` digits, or
        /// scaling the bounds to a common number of decimals leaves `Int`.
        case unrepresentableBound(String)
        /// The step is not positive, or stop is below start.
        case empty
    }

    /// The most digits a bound may have.
    public static let maximumSignificantDigits = 15

    public init(_ startText: String, _ stopText: String, _ stepText: String) throws(Problem) {
        let texts = [startText, stopText, stepText]
        let scale = texts.map(Self.fractionDigits).max() ?? 0
        var integers: [Int] = []
        for text in texts {
            guard let n = Self.scaled(text, to: scale) else { throw .unrepresentableBound(text) }
            integers.append(n)
        }
        let (a, b, h) = (integers[0], integers[1], integers[2])
        guard h > 0, b >= a else { throw .empty }
        (start, step, self.scale) = (a, h, scale)
        count = (b - a) / h + 1
    }

    /// Whether 1 is one of the values: `10^scale = a + k h` for some `0 ≤ k < count`.
    var containsOne: Bool {
        guard let one = Self.scaled("1", to: scale), one >= start else { return false }
        let (k, r) = (one - start).quotientAndRemainder(dividingBy: step)
        return r == 0 && k < count
    }

    public var values: [DecimalNumber] { (0..<count).map(value(at:)) }

    /// Value `k` (from 0) of the progression, `0 ≤ k < count`, as `values` lists it.
    public func value(at k: Int) -> DecimalNumber {
        precondition(0 <= k && k < count)
        return try! DecimalNumber(Self.text(start + k * step, scale: scale))
    }

    /// The value equal to 1, if there is one, as `values` lists it.
    var one: DecimalNumber? {
        guard containsOne, let one = Self.scaled("1", to: scale) else { return nil }
        return value(at: (one - start) / step)
    }

    static func fractionDigits(_ text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: dot, to: text.endIndex) - 1
    }

    /// `text · 10^scale` as an integer, for plain non-negative decimals of at most
    /// `maximumSignificantDigits` significant digits (leading zeros are not significant) that fit `Int`.
    static func scaled(_ text: String, to scale: Int) -> Int? {
        let digits = text.filter { $0 != "." }
        let significant = digits.drop(while: { $0 == "0" })
        guard !digits.isEmpty, significant.count <= maximumSignificantDigits, scale <= 18,
              digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              text.filter({ $0 == "." }).count <= 1, var value = Int(significant.isEmpty ? "0" : String(significant))
        else { return nil }
        for _ in 0..<(scale - fractionDigits(text)) {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            value = product
        }
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
