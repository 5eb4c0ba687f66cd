import GRPOModel
import Multiprecision

/// GRPO's alignment objective `F_G(μ)` and its derivative `F_G′(μ) = W_G(μ)` at a decimal
/// success rate `μ ∈ [0, 1]` (`AlignmentObjective`, proofs/alignment-objective.md), each an
/// `Interval` enclosure, with only the digits the enclosure determines.
///
/// Both are evaluated at `b(D) + 64` bits (plus the bits that separate `μ` from 1, which
/// `1 − μ` needs); a value whose enclosure does not round to `D` digits is evaluated again at
/// twice the precision, up to three times. Fewer digits remain only where every point of the
/// final enclosure does not round alike: the value is (or lies extremely close to) a tie of
/// the rounding to `D` digits, as `F_2(μ) = μ` is for `μ = 0.123455` and `D = 5`.
///
/// For `G = ∞` at `μ ∈ {0, 1}` the derivative `1/sqrt(μ(1 − μ))` is `+∞` (a one-sided
/// derivative: `F_∞(μ) ≈ 2 sqrt μ` near 0): it is reported as infinite, never enclosed.
public struct CertifiedObjective: Sendable {
    /// One certified value: its enclosure, the significant digits every point of it rounds
    /// to alike (at most the requested `D`), and that decimal (nil when not one digit is shared).
    public struct Value: Sendable {
        public let enclosure: Interval
        public let digits: Int
        public let decimal: String?
    }

    public let groupSize: GroupSize
    public let successRate: DecimalNumber
    /// The requested significant digits `D`.
    public let digits: Int
    /// `F_G(μ)`.
    public let objective: Value
    /// `W_G(μ) = F_G′(μ)`; nil where it is `+∞` (`G = ∞`, `μ ∈ {0, 1}`).
    public let derivative: Value?

    /// Both values earned `D` digits.
    public var passed: Bool { objective.digits >= digits && (derivative?.digits ?? digits) >= digits }

    /// `successRate` must lie in `[0, 1]` (checked by `Parameters.successRate`); `digits ≥ 1`.
    /// Throws `NumericalError` if MPFR raises a flag.
    public init(groupSize: GroupSize, successRate: DecimalNumber, digits: Int) throws {
        precondition(successRate.order(comparedWith: .zero) >= 0 && successRate.order(comparedWith: .one) <= 0)
        self.groupSize = groupSize
        self.successRate = successRate
        self.digits = digits
        let start = DigitsPolicy(digits: digits).working + successRate.bitsFromZeroAndOne.one
        func earned(_ f: (AlignmentObjective, Interval) -> Interval) throws -> Value {
            var precision = start
            for attempt in 1...4 {
                let model = AlignmentObjective(groupSize: groupSize, precision: precision)
                let enclosure = try MPFRFlags.checking { f(model, Interval(successRate, precision: model.precision + 64)) }
                let (shared, decimal) = enclosure.commonDigits(cap: digits)
                if shared >= digits || attempt == 4 { return Value(enclosure: enclosure, digits: shared, decimal: decimal) }
                precision *= 2
            }
            preconditionFailure("unreachable")
        }
        objective = try earned { $0.value(at: $1) }
        let infinite = groupSize == .infinite && (successRate.isZero || successRate.order(comparedWith: .one) == 0)
        derivative = infinite ? nil : try earned { $0.derivative(at: $1) }
    }
}
