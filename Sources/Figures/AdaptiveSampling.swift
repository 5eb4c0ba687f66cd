import Multiprecision

/// Adaptive sampling of a `PolicyCurve` on `π_ref(a) ∈ [0, 1]`.
///
/// Starts from a uniform grid of `2^initialLevel` intervals and halves, level by level, every
/// interval whose midpoint leaves the chord by more than `chordTolerance` of the plot height
/// (the curve bends) or whose ends differ by more than `largestStep` of it (the curve is steep),
/// down to `maximumDepth` halvings or `pointBudget` points. Every abscissa is a dyadic
/// `k / 2^(initialLevel + maximumDepth)`, an exact decimal. These decisions use `Double`
/// approximations; they choose where to sample, never what is plotted.
public struct AdaptiveSampler: Sendable {
    public var initialLevel = 5
    public var maximumDepth = 12
    public var pointBudget = 1500
    public var chordTolerance = 0.001
    public var largestStep = 0.02

    public init() {}

    /// The samples in increasing `π_ref(a)`; the first is the curve's `start`.
    public func sample(_ curve: PolicyCurve, precision: Int,
                       plotHeight: Double = 1) throws -> [(x: DecimalNumber, y: BigFloat)] {
        let finest = initialLevel + maximumDepth
        let start = try curve.start(precision)
        var values: [Int: BigFloat] = [0: start.y]
        func value(_ k: Int) throws -> BigFloat {
            if let y = values[k] { return y }
            let y = try curve.value(Self.dyadic(k, level: finest), precision)
            values[k] = y
            return y
        }
        let step = 1 << maximumDepth
        var pending = (0..<(1 << initialLevel)).map { (i: Int) in (i * step, (i + 1) * step) }
        for (_, right) in pending { _ = try value(right) }
        while !pending.isEmpty && values.count < pointBudget {
            var next: [(Int, Int)] = []
            for (left, right) in pending where right - left >= 2 && values.count < pointBudget {
                let middle = (left + right) / 2
                let (yl, ym, yr) = (try value(left).approximation, try value(middle).approximation,
                                    try value(right).approximation)
                let bends = abs(ym - (yl + yr) / 2) > chordTolerance * plotHeight
                let steep = abs(yr - yl) > largestStep * plotHeight
                if bends || steep { next += [(left, middle), (middle, right)] }
            }
            pending = next
        }
        return values.keys.sorted().map { k in (k == 0 ? start.x : Self.dyadic(k, level: finest), values[k]!) }
    }

    /// `k / 2^level` as an exact decimal: `k · 5^level / 10^level`.
    static func dyadic(_ k: Int, level: Int) -> DecimalNumber {
        precondition(level <= 18 && k >= 0 && k <= 1 << level, "dyadic \(k)/2^\(level) out of range")
        var scaled = k
        for _ in 0..<level { scaled *= 5 }
        var digits = String(scaled)
        if digits.count <= level { digits = String(repeating: "0", count: level - digits.count + 1) + digits }
        var fraction = String(digits.suffix(level))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let whole = String(digits.dropLast(level))
        return PolicyCurve.decimal(fraction.isEmpty ? whole : whole + "." + fraction)
    }
}
