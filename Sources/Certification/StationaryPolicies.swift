import GRPOModel
import Multiprecision

/// Every stationary policy of a question with 0/1 rewards, counted with a certificate.
///
/// For 0/1 rewards the stationary condition is one equation in the success rate
/// `μ = Σ_o π(o) s_o` (proofs/finite-g-exact-sums.md); its zeros are isolated by interval bisection and interval
/// Newton (`RootIsolation`) on the cleared residual `C(μ)` of
/// `SuccessRateModel.clearedSuccessRateResidual`, which has the sign of `R(μ) = Σ_o π(o; μ) s_o − μ`
/// wherever the policy is positive. The domain is `[L, U]`:
///
/// * every zero has `μ ≥ π_B s_max`, `π_B = Σ_{o: s_o = s_max} π_ref(o)`: at `μ ≤ s_max` the
///   best answers have the largest `P_G` and `P_G ≥ 0`, so `π(o) ≥ π_ref(o)` for them (both
///   penalties) and `R(μ) ≥ π_B s_max − μ`; so `L ≥ max(s_min, π_B s_max / 2)`;
/// * for the reverse KL, `L` is moved up to just below the edge of positivity (`d_B = 0`),
///   where `C > 0`; each zero found must then be proven where the policy is positive;
/// * `U = s_max`, except for `G = ∞` with the population or Bessel scale and `s_max = 1`,
///   where `W_∞ = 1/sqrt(μ(1 − μ))` is singular at 1: there `U = 1 − δ`, and the tail
///   `t = 1 − μ ∈ (0, δ]` is excluded by bounds proven in interval arithmetic, with
///   `s₂ = max{s_o < 1}` and `W ≥ 1/√t`:
///   direct KL, `C ≥ π_B t − (1 − π_B) e^{−c/√t} > 0` for `c = (1 − s₂)/β` once
///   `√δ < c/2` (then `e^{−c/√t}/t` increases in `t`) and `(1 − π_B) e^{−c/√δ} < π_B δ`;
///   reverse KL, `C ≤ π_B + (1 − π_B) β√δ/(1 − δ − s₂) − (1 − δ)(1 − sqrt(δ/(1 − δ))/β) < 0`,
///   with `sqrt(δ/(1 − δ)) < β` (the policy is positive there).
///
/// Each zero's enclosure holds exactly that zero, so interval Newton at the working precision
/// may narrow it (`N(X) ∩ X` keeps the zero); the policy of each zero is enclosed entry by
/// entry, and its decimals keep only the digits every point of the enclosure shares.
public struct StationaryPolicies: Sendable {
    public struct Point: Sendable {
        /// The enclosure of the success rate `μ` (Bernoulli rewards only).
        public let successRate: Interval?
        /// `π(o)` enclosed for every answer.
        public let policy: [Interval]
        /// The digits every point of each entry's enclosure shares (capped at the requested D).
        public let certifiedDigits: [Int]
        /// Each entry with its certified digits (`"?"` if none).
        public let decimals: [String]
        /// `μ` with its certified digits (Bernoulli rewards only).
        public let successRateDecimal: String?
    }

    public let setting: GeneralSetting
    public let digits: Int
    /// The zeros in increasing `μ`.
    public let points: [Point]
    /// Why the count is not certified (nil when it is: exactly these zeros, no others).
    public let uncertified: String?

    public var countCertified: Bool { uncertified == nil }
    /// How the count is certified.
    public let certificate: String

    static let isolation = "interval root isolation of the success-rate equation"

    /// Counting needs no high precision: the zeros are isolated at `isolationPrecision` bits,
    /// then each enclosure is narrowed by interval Newton at precisions doubling up to
    /// `⌈D log2 10⌉ + 64` bits.
    static let isolationPrecision = 80

    /// Isolates the stationary policies of `setting`. Interval arithmetic needs no MPFR flags:
    /// an enclosure that over- or underflows stays an enclosure, and one without a value is
    /// invalid and decides nothing.
    private init(setting: GeneralSetting, digits: Int, points: [Point], uncertified: String?, certificate: String) {
        self.certificate = certificate
        self.setting = setting
        self.digits = digits
        self.points = points
        self.uncertified = uncertified
    }

    /// Per entry, the largest distance from `policy` to the enclosure of a stationary policy:
    /// proven bounds on `|policy(o) − π(o)|` for that stationary `π`, returned for the first
    /// point at which every entry of `policy` earns `digits` digits with them (nil if none).
    public func provenErrors(of policy: [BigFloat], digits: Int) -> [BigFloat]? {
        for point in points where point.policy.count == policy.count {
            let errors = zip(point.policy, policy).map { enclosure, x in enclosure.farthestDistance(from: x) }
            let earned = zip(policy, errors).allSatisfy { x, error in
                Interval(center: x, radius: error, precision: x.precision).commonDigits(cap: digits).digits >= digits
            }
            if earned { return errors }
        }
        return nil
    }

    /// These stationary policies of a question restricted to `support`, as those of `setting`:
    /// `π(o) = 0`, exact, for every other answer.
    public func expanded(to setting: GeneralSetting, support: [Int]) -> StationaryPolicies {
        let zero = Interval(0, precision: 64), zeroText = BigFloat(0, precision: 64).decimalString(significantDigits: digits)
        func full<T>(_ values: [T], _ outside: T) -> [T] { setting.question.placing(values, at: support, outside: outside) }
        return StationaryPolicies(setting: setting, digits: digits, points: points.map { p in
            Point(successRate: p.successRate, policy: full(p.policy, zero), certifiedDigits: full(p.certifiedDigits, digits),
                  decimals: full(p.decimals, zeroText), successRateDecimal: p.successRateDecimal)
        }, uncertified: uncertified, certificate: certificate)
    }

    /// The one stationary policy of a question whose reference gives only `answer`: `π = π_ref`,
    /// exactly (every other answer keeps `π(o) = 0`), at the success rate `s_answer`.
    public static func certain(_ setting: GeneralSetting, answer: Int, digits: Int) -> StationaryPolicies {
        let precision = DigitsPolicy(digits: digits).working
        let policy = setting.question.placing([Interval(1, precision: precision)], at: [answer],
                                              outside: Interval(0, precision: precision))
        let rate = setting.question.successes?[answer]
        return StationaryPolicies(setting: setting, digits: digits, points: [
            Point(successRate: rate.map { Interval($0, precision: precision) }, policy: policy,
                  certifiedDigits: policy.map { _ in digits },
                  decimals: policy.map { $0.lower.decimalString(significantDigits: digits) },
                  successRateDecimal: rate?.value(precision: precision).decimalString(significantDigits: digits))
        ], uncertified: nil, certificate: "π_ref is certain of one answer, which (11) keeps")
    }

    /// Isolates the stationary policies of `setting`: on the success-rate equation for
    /// Bernoulli rewards, on the whole policy vector over the simplex otherwise.
    public init(_ setting: GeneralSetting, digits: Int) {
        self.setting = setting
        self.digits = digits
        let precision = DigitsPolicy(digits: digits).working
        guard let coarse = SuccessRateModel<Interval>(setting, precision: min(precision, Self.isolationPrecision)),
              let fine = SuccessRateModel<Interval>(setting, precision: precision) else {
            certificate = PolicySystem.isolation
            (points, uncertified) = PolicySystem.isolate(setting, digits: digits)
            return
        }
        certificate = Self.isolation
        (points, uncertified) = Self.isolate(coarse, refiningIn: fine, digits: digits)
    }

    static func isolate(_ model: SuccessRateModel<Interval>, refiningIn fine: SuccessRateModel<Interval>,
                        digits: Int) -> ([Point], String?) {
        let p = model.precision
        if !model.isBest.contains(false) {
            // Every answer equally good: P_G = 0, so π = π_ref and μ = s.
            return ([point(fine, successRate: fine.successes[0], digits: digits)], nil)
        }
        guard let (lower, upper, tail) = model.successRateDomain(point: { Interval(point: $0, precision: p) }) else {
            return ([], "the policy is not positive even at μ = s_max")
        }
        var tailFailure: String? = nil
        if let delta = tail, !tailIsExcluded(model, delta: delta) {
            tailFailure = "the tail μ ∈ [1 − δ, 1), δ = \(delta.decimalString(significantDigits: 3)), is not excluded"
        }
        let domain = Interval(uncheckedLower: lower, upper: upper, precision: p)
        let isolation = RootIsolation(minimumWidth: lower.scaled(byPowerOfTwo: -p / 2),
                                      targetWidth: lower.scaled(byPowerOfTwo: 8 - p), maximumPieces: 20_000)
        let result = isolation.isolate(ClearedSuccessRate(model: model), in: domain)
        var points: [Point] = []
        var failure = tailFailure
        if !result.isComplete {
            failure = failure ?? "\(result.undecided.count) pieces of [\(domain.decimalStrings(significantDigits: 6).lower), "
                + "\(domain.decimalStrings(significantDigits: 6).upper)] undecided"
        }
        for coarse in result.roots {
            let start = Interval(uncheckedLower: BigFloat(coarse.lower, precision: fine.precision, rounding: .down),
                                 upper: BigFloat(coarse.upper, precision: fine.precision, rounding: .up),
                                 precision: fine.precision)
            let refined = IntervalNewton().refine(precision: fine.precision, start: start,
                                                  targetWidth: lower.scaled(byPowerOfTwo: -DigitsPolicy(digits: digits).targetBits)) { p in
                // A question with a success-rate model at one precision has one at every precision.
                ClearedSuccessRate(model: p == fine.precision ? fine : SuccessRateModel<Interval>(fine.setting, precision: p)!)
            }
            let mu = refined.certificate == .unique ? refined.enclosure : start
            if fine.isAdmissible(at: mu) {
                points.append(point(fine, successRate: mu, digits: digits))
            } else if !fine.isInadmissible(at: mu) {
                failure = failure ?? "a zero at μ ≈ \(mu.midpoint.decimalString(significantDigits: 6)) straddles the edge of positivity"
            }
        }
        return (points, failure)
    }

    static func point(_ model: SuccessRateModel<Interval>, successRate mu: Interval, digits: Int) -> Point {
        let policy = model.policy(at: mu)
        let common = policy.map { $0.commonDigits(cap: digits) }
        let rate = mu.commonDigits(cap: digits)
        return Point(successRate: mu, policy: policy, certifiedDigits: common.map(\.digits),
                     decimals: common.map { $0.decimal ?? "?" }, successRateDecimal: rate.decimal ?? "?")
    }

    /// Whether the tail bounds of the type's comment hold at `δ`.
    static func tailIsExcluded(_ model: SuccessRateModel<Interval>, delta: BigFloat) -> Bool {
        let p = model.precision
        let beta = model.beta
        let d = Interval(point: delta, precision: p)
        let second = zip(model.successes, model.isBest).filter { !$0.1 }.map(\.0.upper)
            .reduce(BigFloat(0, precision: p), BigFloat.maximum)
        let s2 = Interval(point: second, precision: p)
        let piB = model.bestReference
        let root = d.squareRoot()
        switch model.setting.penalty {
        case .direct:
            let c = (1 - s2) / beta
            return (c / 2 - root).lower > 0 && (piB * d - (1 - piB) * (-(c / root)).exp()).lower > 0
        case .reverse:
            let ratio = (d / (1 - d)).squareRoot()
            let bound = piB + (1 - piB) * beta * root / (1 - d - s2) - (1 - d) * (1 - ratio / beta)
            return (beta - ratio).lower > 0 && bound.upper < 0
        }
    }
}

/// `C(μ)` of `SuccessRateModel.clearedSuccessRateResidual` in intervals, for root isolation.
///
/// For finite `G` the value over an interval `[l, u]` takes `W = U_G + V_G` from the ends,
/// `W ∈ [U_G(u) + V_G(l), U_G(l) + V_G(u)]` (`U_G` falls, `V_G` rises), which is much
/// tighter than summing the binomial series over the whole interval.
struct ClearedSuccessRate: IntervalFunction {
    let model: SuccessRateModel<Interval>

    func value(over x: Interval) -> Interval {
        let p = x.precision
        guard !x.isPoint, let low = model.advantageParts(at: Interval(point: x.lower, precision: p)),
              let high = model.advantageParts(at: Interval(point: x.upper, precision: p)) else {
            return model.clearedSuccessRateResidual(at: x).value
        }
        let scale = Interval(uncheckedLower: (high.u + low.v).lower, upper: (low.u + high.v).upper, precision: p)
        return model.clearedSuccessRateResidual(at: x, scale: scale, scaleDerivative: nil).value
    }

    func derivative(over x: Interval) -> Interval {
        SlopePrecision.trial(over: x, precision: model.precision) { bits, x in
            // A question with a success-rate model at one precision has one at every precision.
            SuccessRateModel<Interval>(model.setting, precision: bits)!.clearedSuccessRateResidual(at: x).derivative
        } ?? model.clearedSuccessRateResidual(at: x).derivative
    }

    /// False where the binomial weights' slopes `w_n (n − (G−1)μ)/(μ(1 − μ))` cannot be
    /// enclosed usefully over `x`: `G` times its width above `min(μ, 1 − μ)`.
    func derivativeIsInformative(over x: Interval) -> Bool {
        guard case .finite(let g) = model.setting.groupSize else { return true }
        return !((x.width * g).upperBound > BigFloat.minimum(x.lower, 1 - x.upper))
    }
}
