import GRPOModel
import Multiprecision

/// The stationary condition on the whole policy vector (`GeneralModel.policyResidual`, (11)
/// for the reverse KL), certified on the simplex for any reward model: the unknowns are
/// `x = (π_1, …, π_{K−1})` with `π_K = 1 − Σ x`, and the equations `F_1, …, F_{K−1}` (on the
/// simplex `Σ_o F_o = 0`, so `F_K = 0` follows). `∂F_o/∂x_j = ∂F_o/∂π_j − ∂F_o/∂π_K`.
///
/// `F` is defined on the simplex `S` (`isDefined`); on a box that sticks out of it, `π_K` is
/// enclosed by `[max(0, 1 − Σ x̄), 1 − Σ x̲]`, which holds every value on the box's part in `S`.
/// Every zero is isolated by `SimplexIsolation` at `isolationPrecision` bits, then refined by
/// `Krawczyk` at the working precision: each enclosure holds exactly one stationary policy.
struct PolicySystem: IntervalVectorFunction {
    let model: GeneralModel<Interval>

    static let isolation = "Krawczyk isolation of the stationary condition on the simplex"
    static let isolationPrecision = 128

    var dimension: Int { model.references.count - 1 }

    func policy(_ x: [Interval]) -> [Interval] {
        let p = model.precision
        let rest = x.dropFirst().reduce(x[0], +)
        let last = 1 - rest
        let clipped = last.lower < 0 ? Interval(uncheckedLower: BigFloat(0, precision: p), upper: BigFloat.maximum(last.upper, BigFloat(0, precision: p)), precision: p) : last
        return x + [clipped]
    }

    func value(over x: [Interval]) -> [Interval] {
        Array(model.policyResidual(at: policy(x)).value.prefix(dimension))
    }

    func jacobian(over x: [Interval]) -> [[Interval]] {
        let j = model.policyResidual(at: policy(x)).jacobian
        return (0..<dimension).map { o in (0..<dimension).map { k in j[o][k] - j[o][dimension] } }
    }

    func isDefined(on x: [Interval]) -> Bool { SimplexIsolation.simplexContains(x) }

    /// Every stationary policy of `setting` (whose reference gives every answer), each entry
    /// with its certified digits, and why the count is not certified (nil when it is).
    static func isolate(_ setting: GeneralSetting, digits: Int) -> ([StationaryPolicies.Point], String?) {
        let precision = DigitsPolicy(digits: digits).working
        let coarse = PolicySystem(model: GeneralModel(setting, precision: isolationPrecision))
        let fine = PolicySystem(model: GeneralModel(setting, precision: precision))
        let result = SimplexIsolation(precision: isolationPrecision).isolate(coarse)
        var failure = result.uncertified
        var points: [StationaryPolicies.Point] = []
        for zero in result.zeros {
            // Every entry, π_K = 1 − Σ x too, to D digits: widths below 2^{−b} times the
            // smallest entry of the policy.
            let smallest = coarse.policy(zero.enclosure).map(\.lower).reduce(BigFloat(1, precision: isolationPrecision), BigFloat.minimum)
            let target = WidthTarget(absoluteWidth: smallest.scaled(byPowerOfTwo: -DigitsPolicy(digits: digits).targetBits))
            let refined = Krawczyk().refine(fine, start: zero.uniquenessBox, precision: precision,
                                            target: smallest > 0 ? target : .significantDigits(digits))
            let box = refined.certificate == .unique ? refined.enclosure : zero.enclosure
            if refined.certificate != .unique {
                failure = failure ?? "a stationary policy's enclosure did not narrow at \(precision) bits (\(refined.certificate))"
            }
            let policy = fine.policy(box)
            let common = policy.map { $0.commonDigits(cap: digits) }
            points.append(StationaryPolicies.Point(successRate: nil, policy: policy, certifiedDigits: common.map(\.digits),
                                                   decimals: common.map { $0.decimal ?? "?" }, successRateDecimal: nil))
        }
        return (points, failure)
    }
}
