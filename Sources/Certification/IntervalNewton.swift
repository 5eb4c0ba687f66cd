import Multiprecision

/// A real function with interval extensions of itself and its derivative: for every interval
/// `X`, `value(over: X)` contains `f(x)` and `derivative(over: X)` contains `f′(x)` for all
/// `x ∈ X` (or is invalid, if the extension has no enclosure there).
public protocol IntervalFunction {
    func value(over x: Interval) -> Interval
    func derivative(over x: Interval) -> Interval
    /// Whether `derivative(over: x)` can be narrow enough to decide anything; where it cannot,
    /// root isolation splits `x` without evaluating it (true by default).
    func derivativeIsInformative(over x: Interval) -> Bool
}

extension IntervalFunction {
    public func derivativeIsInformative(over x: Interval) -> Bool { true }
}

/// The precision of a slope `F′(X)` for interval Newton at `precision` bits, or nil for the
/// full precision.
///
/// `N(X) = m − F(m)/F′(X)` needs `F(m)` to the full precision but `F′(X)` only to the bits
/// the step still has to gain: `N(X)` is as wide as `|F(m)/F′| · (relative width of F′(X))`,
/// and `|F(m)/F′|` is at the level of the box. A box `2^{−w}` wide relative to its points
/// reaches the full `P` bits in one step with a slope good to `P − w` bits. So the slope is
/// evaluated at `slopeBits` bits more than that, and more than `X` needs to stand apart from
/// 1 (where `1 − x` must not round to 0), when that is below half the precision; the caller
/// falls back to the full precision if that slope decides nothing.
public enum SlopePrecision {
    public static let slopeBits = 128

    public static func bits(over x: Interval, precision: Int) -> Int? {
        guard x.isValid, x.lower.isFinite, x.upper.isFinite, !x.magnitude.isZero else { return nil }
        let fromOne = x.upper < 1 ? max(0, -(1 - x.upper).exponent) : precision
        let bits = slopeBits + fromOne + max(0, precision - x.relativeWidthBits(cap: precision))
        return bits < precision / 2 ? bits : nil
    }

    /// `slope(bits, x rounded outward to bits)` when `bits(over:precision:)` gives a precision
    /// and that slope is valid and free of 0 (a flag it raised is not kept,
    /// `MPFRFlags.attempt`); nil otherwise.
    public static func trial(over x: Interval, precision: Int, _ slope: (Int, Interval) -> Interval) -> Interval? {
        guard let bits = bits(over: x, precision: precision),
              let value = MPFRFlags.attempt({ slope(bits, x.rounded(toPrecision: bits)) }),
              value.isValid, !value.containsZero else { return nil }
        return value
    }
}

/// What a certification established about the roots of `f` in an interval.
public enum RootCertificate: Equatable, Sendable {
    /// `f` has exactly one root in the search interval, and it lies in the enclosure.
    case unique
    /// No enclosure could be certified; the reason says which test failed.
    case failed(String)
}

/// The interval Newton method (Moore): for `X` with `0 ∉ F′(X)` and midpoint `m`,
/// `N(X) = m − F(m)/F′(X)` contains every root of `f` in `X`; if `N(X)` lies in the interior
/// of `X`, then `f` has exactly one root in `X` (existence by the mean value theorem applied
/// to the contraction, uniqueness because `f` is strictly monotone on `X`).
///
/// When `N(X)` is not inside `X` — typically because the root lies within an ulp of an end
/// of `X` — existence and uniqueness follow instead from strict opposite signs of `f` at the
/// two ends (evaluated as point intervals) together with `0 ∉ F′(X)`.
///
/// Each step then replaces `X` by `N(X) ∩ X`, which still holds the root; the width roughly
/// squares, so the number of correct digits doubles, until the enclosure is narrower than
/// the target.
public struct IntervalNewton {
    public var maximumSteps: Int

    public init(maximumSteps: Int = 64) {
        self.maximumSteps = maximumSteps
    }

    public struct Result {
        public let enclosure: Interval
        public let certificate: RootCertificate
        public let steps: Int
    }

    /// Refines `start` until its width is at most `targetWidth`, proving on the way that it
    /// holds exactly one root of `f`.
    public func refine<F: IntervalFunction>(_ f: F, start: Interval, targetWidth: BigFloat) -> Result {
        var x = start
        var proven = false
        for step in 1...maximumSteps {
            let slope = f.derivative(over: x)
            guard slope.isValid, !slope.containsZero else {
                return Result(enclosure: x, certificate: .failed("f′ may vanish on the enclosure"), steps: step)
            }
            let m = x.midpoint
            let mPoint = Interval(point: m, precision: x.precision)
            let fm = f.value(over: mPoint)
            guard fm.isValid else {
                return Result(enclosure: x, certificate: .failed("f has no enclosure at the midpoint"), steps: step)
            }
            let newton = mPoint - fm / slope
            if !proven {
                guard (newton.lower > x.lower && newton.upper < x.upper) || changesSign(f, on: x) else {
                    return Result(enclosure: x, certificate: .failed("N(X) is not inside X and f has no sign change"),
                                  steps: step)
                }
                proven = true
            }
            guard let next = newton.intersection(x) else {
                return Result(enclosure: x, certificate: .failed("N(X) misses X"), steps: step)
            }
            let stalled = !(next.width < x.width)
            x = next
            if x.width <= targetWidth || stalled {
                return Result(enclosure: x, certificate: x.width <= targetWidth ? .unique
                                  : .failed("enclosure stopped shrinking above the target width"),
                              steps: step)
            }
        }
        return Result(enclosure: x, certificate: .failed("step budget exhausted"), steps: maximumSteps)
    }

    /// `refine` with the working precision doubling up to `precision`: a box `2^{−w}` wide
    /// relative to its points takes its next steps at `2w + 64` bits (at least 128), where
    /// interval Newton can square its width, so only the last steps are at the full precision.
    /// `function(p)` is `f` at `p` bits. Each level starts from the box the one before left
    /// (rounded outwards to its precision) and must prove a unique root in it; the enclosure is
    /// certified only if every level is.
    public func refine<F: IntervalFunction>(precision: Int, start: Interval, targetWidth: BigFloat,
                                            _ function: (Int) -> F) -> Result {
        var x = start
        var steps = 0
        while true {
            let p = min(precision, max(128, 2 * x.relativeWidthBits(cap: precision) + 64))
            if p == precision {
                let last = refine(function(precision), start: x.rounded(toPrecision: precision), targetWidth: targetWidth)
                return Result(enclosure: last.enclosure, certificate: last.certificate, steps: steps + last.steps)
            }
            let level = refine(function(p), start: x.rounded(toPrecision: p),
                               targetWidth: x.magnitude.scaled(byPowerOfTwo: 64 - p))
            steps += level.steps
            guard level.certificate == .unique, let narrower = level.enclosure.intersection(x) else {
                return Result(enclosure: x, certificate: level.certificate == .unique ? .failed("N(X) misses X")
                                  : level.certificate, steps: steps)
            }
            x = narrower
        }
    }

    /// True when `f` has strictly opposite signs at the two ends of `x`.
    func changesSign<F: IntervalFunction>(_ f: F, on x: Interval) -> Bool {
        endSigns(f, on: x).map { $0 != $1 } ?? false
    }

    /// True when `f` has a certain, non-zero sign at both ends of `x`.
    func hasSignedEnds<F: IntervalFunction>(_ f: F, on x: Interval) -> Bool {
        endSigns(f, on: x) != nil
    }

    /// Whether `f` is negative at each end of `x`, or nil if a sign is uncertain.
    private func endSigns<F: IntervalFunction>(_ f: F, on x: Interval) -> (Bool, Bool)? {
        let low = f.value(over: Interval(point: x.lower, precision: x.precision))
        let high = f.value(over: Interval(point: x.upper, precision: x.precision))
        guard low.isValid, high.isValid, !low.containsZero, !high.containsZero else { return nil }
        return (low.upper < 0, high.upper < 0)
    }
}
