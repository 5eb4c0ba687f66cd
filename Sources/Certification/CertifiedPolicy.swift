import GRPOModel
import Multiprecision

/// The stationarity residual of a binary model in interval arithmetic, its slope at the
/// precision `SlopePrecision` gives.
struct StationarityResidual: IntervalFunction {
    let model: BinaryModel<Interval>

    func value(over x: Interval) -> Interval { model.stationarityResidual(at: x) }

    func derivative(over x: Interval) -> Interval {
        SlopePrecision.trial(over: x, precision: model.precision) { bits, x in
            BinaryModel<Interval>(model.setting, precision: bits).stationarityResidualAndDerivative(at: x).derivative
        } ?? model.stationarityResidualAndDerivative(at: x).derivative
    }
}

/// A rigorous statement about one setting's stationary policy.
///
/// * The root of the stationarity residual is enclosed by interval Newton, which proves that
///   the enclosure holds exactly one root (started around an approximation `x̃`).
/// * The closed form, where the paper gives one, is evaluated in interval arithmetic.
/// * The `D`-digit decimal is certified when every point of the root enclosure rounds to it;
///   closed form and solver are certified to agree to `D` digits only when both enclosures
///   round to `D` digits and overlap.
public struct CertifiedPolicy: Sendable {
    public let setting: BinarySetting
    public let digits: Int
    /// The enclosure of the stationary policy (the root of the residual).
    public let enclosure: Interval
    public let certificate: RootCertificate
    /// The closed form in interval arithmetic, if the paper gives one.
    public let closedForm: Interval?
    /// Significant digits shared by every point of `enclosure` (at most `digits`), and them.
    public let certifiedDigits: Int
    public let certifiedDecimal: String?

    /// True when the root is certified to `digits` digits and, if there is a closed form,
    /// its enclosure also rounds to `digits` digits and overlaps the root's.
    public var agreementCertified: Bool {
        guard certificate == .unique, certifiedDigits >= digits else { return false }
        guard let closedForm else { return true }
        return closedForm.commonDigits(cap: digits).digits >= digits && closedForm.overlaps(enclosure)
    }

    /// A proven bound on `|x − π(a)|`, the largest distance from `x` to the enclosure (nil
    /// unless the enclosure is certified to hold the root).
    public func errorBound(of x: BigFloat) -> BigFloat? {
        guard certificate == .unique else { return nil }
        return enclosure.farthestDistance(from: x)
    }

    /// Certifies the stationary policy of `setting` to `digits` digits, starting interval
    /// Newton at `approximation`. An MPFR flag raised on the way (an interval without an
    /// enclosure, an overflow) makes the certificate `.failed`, naming the flag.
    public init(_ setting: BinarySetting, digits: Int, approximation: BigFloat) {
        self.setting = setting
        self.digits = digits
        let precision = DigitsPolicy(digits: digits).working
        do {
            (enclosure, certificate, closedForm) = try MPFRFlags.checking {
                let closed = ClosedForm.stationaryPolicy(setting, precision: precision, as: Interval.self)
                if setting.referenceIsOutsideTheOpenInterval {
                    return (Interval(setting.reference, precision: precision), RootCertificate.unique, closed)
                }
                let root = Self.enclose(BinaryModel<Interval>(setting, precision: precision),
                                        near: approximation, digits: digits)
                return (root.enclosure, root.certificate, closed)
            }
        } catch {
            enclosure = Interval(0, precision: 2)
            certificate = .failed("\(error)")
            closedForm = nil
        }
        (certifiedDigits, certifiedDecimal) = certificate == .unique ? enclosure.commonDigits(cap: digits) : (0, nil)
    }

    /// Interval Newton from `[x̃ − r, x̃ + r] ∩ [π_ref(a)/2, 1]` with `r = 2^{8−p}|x̃|` for an
    /// approximation of `p` bits, widening `r` by `2^{20}` up to four times while the
    /// existence test fails. The root lies in `[π_ref(a), 1]`, but its enclosure may reach
    /// below π_ref(a) where the two are closer than the working precision resolves (large β),
    /// so the start is cut at π_ref(a)/2 (away from 0, where the large-group gap has no value).
    static func enclose(_ model: BinaryModel<Interval>, near approximation: BigFloat, digits: Int) -> IntervalNewton.Result {
        let precision = model.precision
        let x = BigFloat(approximation, precision: precision)
        let bracket = Interval(uncheckedLower: model.reference.lower.scaled(byPowerOfTwo: -1),
                               upper: BigFloat(1, precision: precision), precision: precision)
        let target = x.magnitude.scaled(byPowerOfTwo: -DigitsPolicy(digits: digits).targetBits)
        var radius = x.magnitude.scaled(byPowerOfTwo: 8 - min(approximation.precision, precision))
        var result = IntervalNewton.Result(enclosure: bracket, certificate: .failed("approximation outside [π_ref(a)/2, 1]"), steps: 0)
        for _ in 0..<5 {
            guard let start = Interval(center: x, radius: radius, precision: precision).intersection(bracket) else { break }
            result = IntervalNewton().refine(StationarityResidual(model: model), start: start, targetWidth: target)
            if result.certificate == RootCertificate.unique { break }
            radius = radius.scaled(byPowerOfTwo: 20)
        }
        // The root is at least π_ref(a) (F(p) ≤ p − π_ref(a) < 0 below it): that part is kept.
        let above = Interval(uncheckedLower: model.reference.lower, upper: BigFloat(1, precision: precision), precision: precision)
        guard result.certificate == .unique, let kept = result.enclosure.intersection(above) else { return result }
        return IntervalNewton.Result(enclosure: kept, certificate: .unique, steps: result.steps)
    }
}
