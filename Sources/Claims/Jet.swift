import Multiprecision

/// A function's value and its first and second derivatives along one direction, in interval
/// arithmetic: forward-mode differentiation of the objectives (3) and (7), for (4) and (8)–(10).
struct Jet {
    var value: Interval
    var first: Interval
    var second: Interval

    /// A variable moving with slope `first` (and no curvature).
    init(_ value: Interval, first: Interval) {
        self.value = value
        self.first = first
        second = Interval(0, precision: value.precision)
    }

    init(_ value: Interval, first: Interval, second: Interval) {
        self.value = value
        self.first = first
        self.second = second
    }

    /// A constant.
    init(constant value: Interval) { self.init(value, first: Interval(0, precision: value.precision)) }

    static func + (a: Jet, b: Jet) -> Jet { Jet(a.value + b.value, first: a.first + b.first, second: a.second + b.second) }
    static func - (a: Jet, b: Jet) -> Jet { Jet(a.value - b.value, first: a.first - b.first, second: a.second - b.second) }

    /// `(fg)′ = f′g + fg′`, `(fg)″ = f″g + 2f′g′ + fg″`.
    static func * (a: Jet, b: Jet) -> Jet {
        Jet(a.value * b.value, first: a.first * b.value + a.value * b.first,
            second: a.second * b.value + 2 * (a.first * b.first) + a.value * b.second)
    }

    /// `(1/g)′ = −g′/g²`, `(1/g)″ = 2g′²/g³ − g″/g²`.
    var reciprocal: Jet {
        let v2 = value * value
        return Jet(1 / value, first: -(first / v2), second: 2 * first * first / (v2 * value) - second / v2)
    }

    static func / (a: Jet, b: Jet) -> Jet { a * b.reciprocal }

    /// `(log f)′ = f′/f`, `(log f)″ = f″/f − f′²/f²`.
    func log() -> Jet {
        Jet(value.log(), first: first / value, second: second / value - first * first / (value * value))
    }

    /// `(e^f)′ = e^f f′`, `(e^f)″ = e^f (f″ + f′²)`.
    func exp() -> Jet {
        let e = value.exp()
        return Jet(e, first: e * first, second: e * (second + first * first))
    }

    /// The sum of `terms` (at least one).
    static func sum(_ terms: [Jet]) -> Jet { terms.dropFirst().reduce(terms[0], +) }

    /// The point `x` moving along `direction`.
    static func along(_ x: [Interval], _ direction: [Interval]) -> [Jet] {
        zip(x, direction).map { Jet($0, first: $1) }
    }

    /// The point `x` moving along the coordinate `o` (the paper's `∂/∂π(o)`).
    static func along(_ x: [Interval], coordinate o: Int) -> [Jet] {
        let p = x[0].precision
        return along(x, x.indices.map { Interval($0 == o ? 1 : 0, precision: p) })
    }
}
