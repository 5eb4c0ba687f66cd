import Multiprecision

/// A map `F: D → ℝⁿ`, `D ⊂ ℝⁿ` closed and convex, with interval extensions of itself and its
/// Jacobian, evaluated at the precision of the intervals it is given (point intervals at `P`
/// bits give a `P`-bit enclosure), so one value serves both a low-precision isolation and a
/// high-precision refinement.
///
/// For a box `X` (one interval per unknown), `value(over: X)` and `jacobian(over: X)` must
/// enclose `F(x)` and `∂F_i/∂x_j(x)` for every `x ∈ X ∩ D`; entries may be invalid (NaN) where
/// there is no enclosure, and then decide nothing. `isDefined(on: X)` says whether `X ⊂ D`:
/// Krawczyk's theorem needs `F` continuously differentiable on the whole box, so only such
/// boxes are ever certified. A function on the simplex `S = {x ≥ 0, Σx ≤ 1}` (`D = S`) answers
/// `SimplexIsolation.simplexContains(X)`, and encloses `F` on `X ∩ S` for boxes sticking out
/// beyond `Σx ≤ 1` (e.g. with `π_K = 1 − Σx` clipped below at 0).
public protocol IntervalVectorFunction {
    /// The number of unknowns and of equations.
    var dimension: Int { get }
    /// Encloses `F(x)` for every `x` of the box in the domain of `F`.
    func value(over x: [Interval]) -> [Interval]
    /// Encloses `∂F_i/∂x_j(x)` (row `i`, column `j`) for every `x` of the box in the domain.
    func jacobian(over x: [Interval]) -> [[Interval]]
    /// Whether the whole box lies in the domain of `F`.
    func isDefined(on x: [Interval]) -> Bool
}

/// How narrow every entry of an enclosure must be: it is enough to meet either bound.
public struct WidthTarget: Sendable {
    /// `width ≤ 2^{−relativeBits} · max|x|` over the entry (for `relativeBits ≥ 1`, never met
    /// by an entry containing 0: give `absoluteWidth` too for a zero with a coordinate 0).
    public var relativeBits: Int?
    /// `width ≤ absoluteWidth`.
    public var absoluteWidth: BigFloat?

    public init(relativeBits: Int? = nil, absoluteWidth: BigFloat? = nil) {
        self.relativeBits = relativeBits
        self.absoluteWidth = absoluteWidth
    }

    /// Relative width `2^{−(⌈D log2 10⌉ + 8)}`: narrow enough that the entry usually rounds to
    /// one `D`-digit decimal (`Interval.commonDigits` says whether it does).
    public static func significantDigits(_ digits: Int) -> WidthTarget {
        WidthTarget(relativeBits: DigitsPolicy(digits: digits).targetBits)
    }

    public func isMet(by x: Interval) -> Bool {
        guard x.isValid, x.lower.isFinite, x.upper.isFinite else { return false }
        let w = x.width
        if let absoluteWidth, w <= absoluteWidth { return true }
        if let relativeBits, w.magnitude(isAtMost: x.magnitude, timesPowerOfTwo: -relativeBits) { return true }
        return false
    }
}

/// The Krawczyk operator (Krawczyk 1969; Moore 1977): for a box `X ⊂ D`, a point `m ∈ X`
/// (the midpoint) and any real matrix `Y`,
///
///     K(X) = m − Y F(m) + (I − Y J(X)) (X − m)
///
/// contains `g(x) = x − Y F(x) = m − Y F(m) + (I − Y J̃)(x − m)` for every `x ∈ X` (`J̃ ∈ J(X)`
/// by the mean value theorem, row by row), so it contains every zero of `F` in `X`. If
/// `K(X) ⊂ int X`, then `F` has exactly one zero in `X`: the width of `K(X)` is at least
/// `|I − Y J(X)| w(X)` and below `w(X)`, so `ρ(|I − Y J(X)|) < 1` and `Y` and every matrix
/// of `J(X)` are regular, which gives uniqueness; `g` maps `X` into itself, and its fixed
/// point (Brouwer) is a zero. `Y ≈ J(m)⁻¹` need not be exact — only the interval parts carry
/// the proof — and is taken as the inverse of the midpoint matrix of `J(X)`, computed in
/// `BigFloat` by Gauss–Jordan elimination with partial pivoting, so a step costs one value at
/// a point and one Jacobian on the box.
///
/// Refinement replaces `X` by `K(X) ∩ X`, which still holds the zero; with `Y` recomputed at
/// every step the width roughly squares (`(I − Y J(X))(X − m)` is of second order in the
/// width), so the number of correct digits doubles each step. Precision is chosen per call:
/// the start box is re-created at the working precision (endpoints rounded outward, exact
/// when the precision grows), and `F` then evaluates at that precision.
public struct Krawczyk: Sendable {
    public var maximumSteps: Int

    public init(maximumSteps: Int = 64) {
        self.maximumSteps = maximumSteps
    }

    public struct Result: Sendable {
        /// The last enclosure; it holds the zero whenever the first step proved one.
        public let enclosure: [Interval]
        public let certificate: RootCertificate
        public let steps: Int
    }

    /// `K(X)` at the midpoint of `x`, or nil if `F` has no enclosure at the midpoint, `J` none
    /// on the box, or the midpoint matrix of `J(X)` is singular. Meaningful when `X ⊂ D`.
    public func image<F: IntervalVectorFunction>(_ f: F, over x: [Interval]) -> [Interval]? {
        guard let step = KrawczykStep(f, box: x) else { return nil }
        return step.image(over: x)
    }

    /// Whether `K(X) ⊂ int X` for a box in the domain: `F` has exactly one zero in `x`.
    public func provesUniqueZero<F: IntervalVectorFunction>(_ f: F, in x: [Interval]) -> Bool {
        guard f.isDefined(on: x), let k = image(f, over: x) else { return false }
        return Box.isInterior(k, of: x)
    }

    /// Proves that `start` (re-created at `precision` bits) holds exactly one zero of `F`,
    /// then narrows it by `X ← K(X) ∩ X` until every entry meets `target`.
    public func refine<F: IntervalVectorFunction>(_ f: F, start: [Interval], precision: Int,
                                                  target: WidthTarget) -> Result {
        proveAndRefine(f, start: start.map { $0.atPrecision(precision) }, target: target).result
    }

    /// Certifies an approximate zero `x̃` (epsilon-inflation): refines the box `x̃_i ± r_i` at
    /// `precision` bits, with `r_i = 2^{8−p}|x̃_i|` for an approximation of `p` bits (`|x̃_i|`
    /// replaced by `max_j |x̃_j|`, or 1, where it is 0), widening every `r_i` by `2^{20}` up to
    /// four times while `K(X) ⊂ int X` fails. The box must lie in the domain of `F`.
    public func certify<F: IntervalVectorFunction>(_ f: F, near approximation: [BigFloat], precision: Int,
                                                   target: WidthTarget) -> Result {
        let scale = approximation.map(\.magnitude).max() ?? BigFloat(0, precision: precision)
        let fallback = scale.isZero ? BigFloat(1, precision: precision) : scale
        let shift = 8 - min(approximation.map(\.precision).min() ?? precision, precision)
        var widening = 0
        while true {
            let box = approximation.map { x in
                Interval(center: x, radius: (x.isZero ? fallback : x.magnitude).scaled(byPowerOfTwo: shift + 20 * widening),
                         precision: precision)
            }
            let attempt = proveAndRefine(f, start: box, target: target)
            if attempt.proven || widening == 4 { return attempt.result }
            widening += 1
        }
    }

    /// `X ← K(X) ∩ X` from `start` after the first step has shown `K(X) ⊂ int X`; stops when
    /// every entry meets `target`, when no entry shrinks, or after `maximumSteps`. `proven`:
    /// the proof succeeded (the enclosure holds the zero even if the target was missed).
    func proveAndRefine<F: IntervalVectorFunction>(_ f: F, start: [Interval],
                                                   target: WidthTarget) -> (result: Result, proven: Bool) {
        var x = start
        var proven = false
        func stop(_ certificate: RootCertificate, _ steps: Int) -> (result: Result, proven: Bool) {
            (Result(enclosure: x, certificate: certificate, steps: steps), proven)
        }
        guard x.count == f.dimension, f.isDefined(on: x) else {
            return stop(.failed("the start box does not lie in the domain of F"), 0)
        }
        for step in 1...maximumSteps {
            guard let k = image(f, over: x) else {
                return stop(.failed("F has no enclosure at the midpoint, or J none on the box, or mid J(X) is singular"), step)
            }
            if !proven {
                guard Box.isInterior(k, of: x) else { return stop(.failed("K(X) is not inside X"), step) }
                proven = true
            }
            // Never nil for consistent enclosures: K(X) and X both hold the zero.
            guard let next = Box.intersection(k, x) else { return stop(.failed("K(X) misses X"), step) }
            let stalled = zip(next, x).allSatisfy { !($0.width < $1.width) }
            x = next
            if x.allSatisfy(target.isMet) { return stop(.unique, step) }
            if stalled { return stop(.failed("the enclosure stopped shrinking above the target width"), step) }
        }
        return stop(.failed("step budget exhausted"), maximumSteps)
    }

    /// `X ← K(X) ∩ X` from a box in the domain of `F` until no entry shrinks (at most
    /// `maximumSteps` times): every zero of `F` in `x` stays in the result.
    func narrowed<F: IntervalVectorFunction>(_ f: F, _ x: [Interval]) -> [Interval] {
        var x = x
        for _ in 0..<maximumSteps {
            guard let k = image(f, over: x), let next = Box.intersection(k, x) else { break }
            let stalled = zip(next, x).allSatisfy { !($0.width < $1.width) }
            x = next
            if stalled { break }
        }
        return x
    }
}

// MARK: - The parts of one Krawczyk step

/// `F(m)` at the midpoint `m` of a box, `J(X)` and `Y = (mid J(X))⁻¹`: everything `K` needs.
struct KrawczykStep {
    let center: [BigFloat]
    let valueAtCenter: [Interval]
    let jacobian: [[Interval]]
    let preconditioner: [[BigFloat]]

    /// Nil when an enclosure is invalid or the midpoint matrix is singular.
    init?<F: IntervalVectorFunction>(_ f: F, box x: [Interval]) {
        let m = x.map(\.midpoint)
        let fm = f.value(over: Box.points(m, precision: Box.precision(of: x)))
        guard fm.allSatisfy(\.isValid) else { return nil }
        self.init(center: m, valueAtCenter: fm, jacobian: f.jacobian(over: x), precision: Box.precision(of: x))
    }

    /// Nil when the Jacobian enclosure is invalid or its midpoint matrix is singular.
    init?(center: [BigFloat], valueAtCenter: [Interval], jacobian: [[Interval]], precision: Int) {
        guard jacobian.allSatisfy({ $0.allSatisfy(\.isValid) }),
              let y = approximateInverse(jacobian.map { $0.map(\.midpoint) }, precision: precision)
        else { return nil }
        self.center = center
        self.valueAtCenter = valueAtCenter
        self.jacobian = jacobian
        preconditioner = y
    }

    /// `K(X) = m − Y F(m) + (I − Y J)(X − m)` for a box `x ∋ m` (`J` enclosing `∂F` on `x`),
    /// in outward-rounded interval arithmetic.
    func image(over x: [Interval], jacobian j: [[Interval]]? = nil) -> [Interval] {
        let j = j ?? jacobian
        let n = x.count, p = Box.precision(of: x)
        let m = Box.points(center, precision: p)
        let y = preconditioner.map { Box.points($0, precision: p) }
        let offsets = (0..<n).map { x[$0] - m[$0] }
        return (0..<n).map { i in
            var k = m[i]
            for r in 0..<n { k = k - y[i][r] * valueAtCenter[r] }
            for c in 0..<n {
                var entry = Interval(i == c ? 1 : 0, precision: p)
                for r in 0..<n { entry = entry - y[i][r] * j[r][c] }
                k = k + entry * offsets[c]
            }
            return k
        }
    }
}

/// `a⁻¹` by Gauss–Jordan elimination with partial pivoting, rounded to nearest at `precision`
/// bits: an approximation only. Nil when an entry is not finite (checked first, so that no
/// comparison meets a NaN and raises MPFR's erange flag), a pivot is zero or a result is not finite.
func approximateInverse(_ a: [[BigFloat]], precision: Int) -> [[BigFloat]]? {
    guard a.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return nil }
    let n = a.count
    var m = a.map { $0.map { BigFloat($0, precision: precision) } }
    var inverse = (0..<n).map { i in (0..<n).map { j in BigFloat(i == j ? 1 : 0, precision: precision) } }
    for c in 0..<n {
        let p = (c..<n).max { BigFloat.compareMagnitudes(m[$0][c], m[$1][c]) < 0 }!
        guard m[p][c].isFinite, !m[p][c].isZero else { return nil }   // singular, or overflowed
        m.swapAt(c, p)
        inverse.swapAt(c, p)
        let pivot = m[c][c]
        for j in 0..<n {
            m[c][j] = m[c][j] / pivot
            inverse[c][j] = inverse[c][j] / pivot
        }
        for r in 0..<n where r != c && !m[r][c].isZero {
            let factor = m[r][c]
            for j in 0..<n {
                m[r][j] = m[r][j] - factor * m[c][j]
                inverse[r][j] = inverse[r][j] - factor * inverse[c][j]
            }
        }
    }
    return inverse.allSatisfy({ $0.allSatisfy(\.isFinite) }) ? inverse : nil
}

// MARK: - Boxes

/// Operations on boxes `[Interval]` (one interval per coordinate).
enum Box {
    static func precision(of x: [Interval]) -> Int { x.map(\.precision).max() ?? 2 }

    /// The exact points `[v, v]` at `precision` bits (each `v` must be representable there).
    static func points(_ v: [BigFloat], precision: Int) -> [Interval] {
        v.map { Interval(point: $0, precision: precision) }
    }

    /// `k ⊂ int x`: every entry strictly inside.
    static func isInterior(_ k: [Interval], of x: [Interval]) -> Bool {
        zip(k, x).allSatisfy { $0.isValid && $0.lower > $1.lower && $0.upper < $1.upper }
    }

    static func contains(_ x: [Interval], _ y: [Interval]) -> Bool {
        zip(x, y).allSatisfy { $1.isValid && $0.contains($1) }
    }

    /// `a ∩ b`, or nil when they are disjoint (or an entry of `a` is invalid).
    static func intersection(_ a: [Interval], _ b: [Interval]) -> [Interval]? {
        var result: [Interval] = []
        for (u, v) in zip(a, b) {
            guard u.isValid, let w = u.intersection(v) else { return nil }
            result.append(w)
        }
        return result
    }

    /// `Σ x_i` enclosed.
    static func sum(_ x: [Interval]) -> Interval {
        x.dropFirst().reduce(x[0], +)
    }

    /// `(m_1, …, m_n)` of the midpoints, 6 digits each, for messages.
    static func describe(_ x: [Interval]) -> String {
        "(" + x.map { $0.midpoint.decimalString(significantDigits: 6) }.joined(separator: ", ") + ")"
    }
}

extension Interval {
    /// The same interval re-created at `precision` bits, endpoints rounded outward (exact
    /// when the precision does not decrease).
    func atPrecision(_ precision: Int) -> Interval {
        Interval(uncheckedLower: BigFloat(lower, precision: precision, rounding: .down),
                 upper: BigFloat(upper, precision: precision, rounding: .up), precision: precision)
    }
}
