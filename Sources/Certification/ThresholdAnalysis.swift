import GRPOModel
import Multiprecision
import Solvers

/// Direct KL, large groups: the threshold `β_c(p_ref)` and the stationary points around it.
///
/// * `β_c` is the root of the increasing function `φ(β) − logit p_ref` (see
///   `DirectLargeGroups`), approximated by safeguarded Newton and then enclosed by interval
///   Newton (existence and uniqueness).
/// * At `β_c(1 ∓ offset)` the zeros of `h` are counted on `[δ, 1 − δ]`, `δ = 2^{−k}` (`tailBits`), by
///   certified root isolation; none lie outside, because for `x ≤ δ`
///   `h(x) ≥ 1/(β√δ) + log((1 − δ)/δ) + logit p_ref`, and for `1 − x = t ≤ δ ≤ 1/(4β²)`
///   `h(x) ≥ 1/(β√t) + log t + logit p_ref ≥ 1/(β√δ) + log δ + logit p_ref`
///   (the middle expression decreases in `t` while `√t < 1/(2β)`); both bounds are checked > 0.
/// * Mroueh's map at `ε = 0`, iterated from `p_ref`, should settle on one of the zeros when it
///   has a stable fixed point.
public struct ThresholdAnalysis: Sendable {
    public struct Side: Sendable {
        public let beta: BigFloat
        /// Disjoint enclosures, each holding exactly one zero of `h`.
        public let stationaryPoints: [Interval]
        /// True when the count is certified on the whole of (0, 1).
        public let countCertified: Bool
        /// The limit of Mroueh's iteration from `p_ref`, if it converged.
        public let mrouehLimit: BigFloat?
    }

    public let reference: DecimalNumber
    public let digits: Int
    public let betaC: Interval
    public let certificate: RootCertificate
    public let certifiedDigits: Int
    public let decimal: String?
    public let below: Side
    public let above: Side

    /// Exactly none just below `β_c`, exactly two just above, and `β_c` certified to `digits`.
    public var passed: Bool {
        certificate == .unique && certifiedDigits >= digits
            && below.countCertified && below.stationaryPoints.isEmpty
            && above.countCertified && above.stationaryPoints.count == 2
    }

    /// `offset`: the relative distance of the two sides from `β_c` (default 10⁻³).
    public init(reference: DecimalNumber, digits: Int, offset: Int = 1000) throws {
        self.reference = reference
        self.digits = digits
        let precision = DigitsPolicy(digits: digits).working + reference.bitsFromZeroAndOne.one
        let approximation = try MPFRFlags.checking { try Self.approximateThreshold(reference, precision: precision) }
        let equation = ThresholdEquation(reference: Interval(reference, precision: precision))
        let x = approximation
        let start = Interval(center: x, radius: Self.startRadius(equation, at: x), precision: precision)
        let refined = IntervalNewton().refine(equation, start: start,
                                              targetWidth: x.scaled(byPowerOfTwo: -DigitsPolicy(digits: digits).targetBits))
        betaC = refined.enclosure
        certificate = refined.certificate
        (certifiedDigits, decimal) = certificate == .unique ? betaC.commonDigits(cap: digits) : (0, nil)
        let factor = BigFloat(1, precision: precision) / offset
        below = Self.side(beta: x * (1 - factor), reference: reference, precision: precision)
        above = Self.side(beta: x * (1 + factor), reference: reference, precision: precision)
    }

    /// The radius of interval Newton's first interval around the approximation `x`:
    /// `4 |F(x)| / |F′(x)| + x 2^{16−P}`, with `|F(x)|` the magnitude of the enclosure of
    /// `φ(x) − logit p_ref` at the point `x` (its value and its rounding, which grows with
    /// `logit p_ref`): the Newton correction, scaled to `β_c` and to how well `F` is known
    /// there, not a fixed fraction of `x`.
    static func startRadius(_ equation: ThresholdEquation, at x: BigFloat) -> BigFloat {
        let point = Interval(point: x, precision: x.precision)
        let value = equation.value(over: point), slope = equation.derivative(over: point)
        let floor = x.scaled(byPowerOfTwo: 16 - x.precision)
        guard value.isValid, slope.isValid, !slope.containsZero else { return floor }
        return 4 * value.magnitude / slope.mignitude + floor
    }

    /// Safeguarded Newton on `φ(β) − logit p_ref` in a bracket found by halving and doubling
    /// from 1 (the function increases from −∞ to +∞).
    /// `φ(β) ≈ 2 log 2β` for large β and `−2/β` for small: `logit p_ref` within the precision
    /// is reached within `precision + 64` doublings or halvings; more means no bracket.
    static func approximateThreshold(_ reference: DecimalNumber, precision: Int) throws -> BigFloat {
        let r = reference.value(precision: precision)
        let f = { (b: BigFloat) in DirectLargeGroups<BigFloat>.thresholdEquation(at: b, reference: r).value }
        var lower = BigFloat(1, precision: precision), upper = lower
        for _ in 0...(precision + 64) where f(lower).sign > 0 { lower = lower.scaled(byPowerOfTwo: -1) }
        for _ in 0...(precision + 64) where f(upper).sign < 0 { upper = upper.scaled(byPowerOfTwo: 1) }
        guard f(lower).sign <= 0, f(upper).sign >= 0 else { throw ThresholdBracketNotFound() }
        let function = PointThresholdEquation(reference: r)
        return SafeguardedNewton().solve(function, in: Bracket(lower: lower, upper: upper), precision: precision).value
    }

    /// `k` of the tails `δ = 2^{−k}` left out of root isolation: 40 bits, plus the bits that
    /// separate `p_ref` from 0 and 1 (the zeros of `h` lie that close to the ends), plus what
    /// makes `δ ≤ 1/(4β²)`, which the bound on the upper tail needs.
    static func tailBits(beta: BigFloat, reference: DecimalNumber) -> Int {
        let (zero, one) = reference.bitsFromZeroAndOne
        return 40 + max(zero, one) + max(0, 2 * beta.exponent + 2)
    }

    static func side(beta: BigFloat, reference: DecimalNumber, precision: Int) -> Side {
        let model = DirectLargeGroups(beta: Interval(point: beta, precision: precision),
                                      reference: Interval(reference, precision: precision))
        let delta = BigFloat(1, precision: precision).scaled(byPowerOfTwo: -tailBits(beta: beta, reference: reference))
        let domain = Interval(uncheckedLower: delta, upper: 1 - delta, precision: precision)
        let isolation = RootIsolation(minimumWidth: BigFloat(1, precision: 64).scaled(byPowerOfTwo: -precision / 2),
                                      targetWidth: BigFloat(1, precision: 64).scaled(byPowerOfTwo: 16 - precision))
        let result = isolation.isolate(HFunction(model: model), in: domain)
        let tails = tailsArePositive(model, delta: Interval(point: delta, precision: precision))
        let pointModel = DirectLargeGroups(beta: beta, reference: reference.value(precision: precision))
        return Side(beta: beta, stationaryPoints: result.roots, countCertified: result.isComplete && tails,
                    mrouehLimit: mrouehLimit(pointModel, start: reference.value(precision: precision), precision: precision))
    }

    /// The bounds of the type's doc comment, in interval arithmetic.
    static func tailsArePositive(_ model: DirectLargeGroups<Interval>, delta: Interval) -> Bool {
        let beta = model.beta, logitReference = (model.reference / (1 - model.reference)).log()
        let lead = 1 / (beta * delta.squareRoot())
        let nearZero = lead + ((1 - delta) / delta).log() + logitReference
        let nearOne = lead + delta.log() + logitReference
        let monotone = (1 / (4 * beta * beta) - delta).lower > 0
        return nearZero.isValid && nearOne.isValid && nearZero.lower > 0 && nearOne.lower > 0 && monotone
    }

    /// `p_{n+1} = T(p_n)` at `ε = 0` from `p_ref`, up to 10⁴ steps; the limit once the steps
    /// fall below `2^{8−P}` and the Newton correction of the fixed-point equation,
    /// `(T(p) − p)/(1 − T′(p))`, vouches for it (`Convergence`), else nil.
    static func mrouehLimit(_ model: DirectLargeGroups<BigFloat>, start: BigFloat, precision: Int) -> BigFloat? {
        let zero = BigFloat(0, precision: precision)
        var p = start
        for _ in 0..<10_000 {
            let (next, slope) = model.mrouehMap(at: p, epsilon: zero)
            guard next.isFinite, next > 0, next < 1 else { return nil }
            if (next - p).magnitude <= next.scaled(byPowerOfTwo: 8 - precision) {
                let correction = Convergence.relativeCorrection(value: next - p, derivative: 1 - slope, at: p)
                return Convergence.vouches(relativeCorrection: correction, precision: precision) ? next : nil
            }
            p = next
        }
        return nil
    }
}

/// `φ(β) − logit p_ref` in intervals, for interval Newton.
struct ThresholdEquation: IntervalFunction {
    let reference: Interval
    func value(over x: Interval) -> Interval {
        DirectLargeGroups<Interval>.thresholdEquation(at: x, reference: reference).value
    }
    func derivative(over x: Interval) -> Interval {
        DirectLargeGroups<Interval>.thresholdEquation(at: x, reference: reference).derivative
    }
}

/// `φ(β) − logit p_ref` at points, for safeguarded Newton.
struct PointThresholdEquation: DifferentiableFunction {
    let reference: BigFloat
    func valueAndDerivative(at x: BigFloat) -> (value: BigFloat, derivative: BigFloat) {
        DirectLargeGroups<BigFloat>.thresholdEquation(at: x, reference: reference)
    }
}

/// `h` in intervals, for root isolation.
struct HFunction: IntervalFunction {
    let model: DirectLargeGroups<Interval>
    func value(over x: Interval) -> Interval { model.h(at: x).value }
    func derivative(over x: Interval) -> Interval { model.h(at: x).derivative }
}

/// No bracket of `β_c` within the doublings the precision allows.
struct ThresholdBracketNotFound: Error, CustomStringConvertible {
    var description: String { "no bracket of β_c found for this π_ref(a) at this precision" }
}
