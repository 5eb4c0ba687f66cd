import GRPOModel
import Multiprecision

/// Which stationary points GRPO with the direct KL penalty and large groups converges to.
///
/// With Mroueh's regularised std (arXiv:2503.06639), the exact-maximisation GRPO step is the
/// map `logit T_ε(p) = logit p_ref + 1/(β sqrt(p(1 − p) + ε))`, whose fixed points are the
/// zeros of `h_ε` (`h` at ε = 0). For each fixed point `x*`:
///
/// * gradient flow (`dθ/dt = β p(1 − p) h_ε(p)` in the logit) is stable iff `h_ε′(x*) < 0`;
/// * the map is stable iff `|T_ε′(x*)| < 1`.
///
/// A 2-cycle is a pair `p ≠ q` with `T_ε(p) = q`, `T_ε(q) = p`: a zero of `T_ε(T_ε(x)) − x` that
/// is not a fixed point; it is stable iff `|T_ε′(p) T_ε′(q)| < 1`. 2-cycles are searched for
/// `ε > 0` only: at `ε = 0`, `T` rounds to 1 near both ends and `T(T(x))` has no enclosure
/// there. Zeros are isolated and
/// counted with certificates on `[δ, 1 − δ]`, `δ = 2^{−k}` (`tailBits`); signs and stability are decided in
/// interval arithmetic (nil where an interval straddles the boundary).
public struct StabilityAnalysis: Sendable {
    public struct FixedPoint: Sendable {
        public let enclosure: Interval
        public let gradientFlowStable: Bool?
        /// `T_ε′(x*)` enclosed.
        public let mapDerivative: Interval
        public let mapStable: Bool?
    }

    public struct Cycle: Sendable {
        /// The two points, the smaller first.
        public let points: (Interval, Interval)
        /// `T_ε′(p) T_ε′(q)` enclosed.
        public let multiplier: Interval
        public let stable: Bool?
    }

    public let reference: DecimalNumber
    /// `k` of the tails `δ = 2^{−k}` outside the certified root isolation.
    public let tailBits: Int
    public let beta: DecimalNumber
    public let epsilon: DecimalNumber
    public let fixedPoints: [FixedPoint]
    public let cycles: [Cycle]
    /// Whether 2-cycles were searched (`ε > 0`).
    public let cyclesSearched: Bool
    /// True when the isolations run are certified complete on the domain.
    public let complete: Bool

    public init(reference: DecimalNumber, beta: DecimalNumber, epsilon: DecimalNumber, digits: Int) {
        self.reference = reference
        self.beta = beta
        self.epsilon = epsilon
        let precision = DigitsPolicy(digits: digits).working + reference.bitsFromZeroAndOne.one
        let model = DirectLargeGroups(beta: Interval(beta, precision: precision),
                                      reference: Interval(reference, precision: precision))
        let eps = Interval(epsilon, precision: precision)
        tailBits = ThresholdAnalysis.tailBits(beta: beta.value(precision: 64, rounding: .up), reference: reference)
        let delta = BigFloat(1, precision: precision).scaled(byPowerOfTwo: -tailBits)
        let domain = Interval(uncheckedLower: delta, upper: 1 - delta, precision: precision)
        let isolation = RootIsolation(minimumWidth: BigFloat(1, precision: 64).scaled(byPowerOfTwo: -precision / 2),
                                      targetWidth: BigFloat(1, precision: 64).scaled(byPowerOfTwo: 16 - precision))
        let fixed = isolation.isolate(RegularisedH(model: model, epsilon: eps), in: domain)
        fixedPoints = fixed.roots.map { x in
            let slope = model.h(at: x, epsilon: eps).derivative
            let mapSlope = model.mrouehMap(at: x, epsilon: eps).derivative
            return FixedPoint(enclosure: x, gradientFlowStable: Self.sign(slope).map { $0 < 0 },
                              mapDerivative: mapSlope, mapStable: Self.belowOne(mapSlope))
        }
        cyclesSearched = eps.lower > 0
        guard cyclesSearched else {
            cycles = []
            complete = fixed.isComplete
            return
        }
        let twice = isolation.isolate(TwiceIterated(model: model, epsilon: eps), in: domain)
        var cycles: [Cycle] = []
        for x in twice.roots where !fixed.roots.contains(where: { $0.overlaps(x) }) {
            let (tx, slope) = model.mrouehMap(at: x, epsilon: eps)
            guard let partner = twice.roots.first(where: { $0.overlaps(tx) }), x.upper < partner.lower else { continue }
            let multiplier = slope * model.mrouehMap(at: partner, epsilon: eps).derivative
            cycles.append(Cycle(points: (x, partner), multiplier: multiplier, stable: Self.belowOne(multiplier)))
        }
        self.cycles = cycles
        complete = fixed.isComplete && twice.isComplete
    }

    /// The sign of an interval that excludes 0, else nil.
    static func sign(_ x: Interval) -> Int? {
        guard x.isValid else { return nil }
        if x.lower > 0 { return 1 }
        if x.upper < 0 { return -1 }
        return nil
    }

    /// Whether `|x| < 1` holds (true) or `|x| > 1` holds (false) on the whole interval.
    static func belowOne(_ x: Interval) -> Bool? {
        guard x.isValid else { return nil }
        if x.magnitude < 1 { return true }
        if x.mignitude > 1 { return false }
        return nil
    }
}

/// `h_ε` in intervals.
struct RegularisedH: IntervalFunction {
    let model: DirectLargeGroups<Interval>
    let epsilon: Interval
    func value(over x: Interval) -> Interval { model.h(at: x, epsilon: epsilon).value }
    func derivative(over x: Interval) -> Interval { model.h(at: x, epsilon: epsilon).derivative }
}

/// `T_ε(T_ε(x)) − x` and its derivative `T_ε′(T_ε(x)) T_ε′(x) − 1`.
struct TwiceIterated: IntervalFunction {
    let model: DirectLargeGroups<Interval>
    let epsilon: Interval
    func value(over x: Interval) -> Interval {
        model.mrouehMap(at: model.mrouehMap(at: x, epsilon: epsilon).value, epsilon: epsilon).value - x
    }
    func derivative(over x: Interval) -> Interval {
        let (tx, slope) = model.mrouehMap(at: x, epsilon: epsilon)
        return model.mrouehMap(at: tx, epsilon: epsilon).derivative * slope - 1
    }
}
