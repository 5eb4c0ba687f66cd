import Multiprecision
import Solvers

/// Which decimal digits of a computed value are earned, given a bound on its error.
public enum EarnedDigits {
    /// The largest `d ≤ cap` such that every number within `error` of `value` has the same
    /// correctly rounded `d`-significant-digit decimal (so that string is the true value's).
    /// Zero when not even one digit is earned.
    public static func count(value: BigFloat, error: BigFloat, cap: Int) -> Int {
        earned(value: value, error: error, cap: cap).digits
    }

    /// `count`, and `value` with that many digits (`"?"` for none): the decimal every number
    /// within `error` of `value` rounds to.
    public static func earned(value: BigFloat, error: BigFloat, cap: Int) -> (digits: Int, decimal: String) {
        if !value.isFinite || !error.isFinite { return (0, "?") }
        let common = Interval(center: value, radius: error, precision: value.precision).commonDigits(cap: cap)
        return (common.digits, common.decimal ?? "?")
    }

    /// The number of significant decimal digits to which `a` and `b` agree,
    /// `⌊−log10(|a − b| / |b|)⌋`, clamped to `0…cap` (`cap` when they are equal).
    public static func agreement(_ a: BigFloat, _ b: BigFloat, cap: Int) -> Int {
        if a == b { return cap }
        let difference = (a - b).magnitude
        if b.isZero || !difference.isFinite { return 0 }
        let ratio = b.magnitude / difference
        let digits = ratio.log().doubleApproximation / 2.302585092994046
        guard digits.isFinite else { return 0 }
        // Round the Double estimate down conservatively near integers.
        return min(cap, max(0, Int((digits - 1e-9).rounded(.down))))
    }
}

/// What the earned-digits driver counts digits of: one value (a binary question's policy) or
/// one per answer.
public protocol EarnedValue: Sendable {
    var components: [BigFloat] { get }
}

extension BigFloat: EarnedValue {
    public var components: [BigFloat] { [self] }
}

extension Array: EarnedValue where Element == BigFloat {
    public var components: [BigFloat] { self }
}

extension EarnedDigits {
    /// One method run at `P = working` and `P + 32` bits, and what the pair earns.
    public struct Drive<Value: EarnedValue> {
        /// The run at `P` bits (the fine run itself when its error is bounded otherwise).
        public let coarse: SolverResult<Value>
        public let fine: SolverResult<Value>
        /// `P`, the coarse run's precision.
        public let precision: Int
        /// Per value, `|fine − coarse| + r |fine| + ulp` (`errorEstimate`), or the proven bound.
        public let errors: [BigFloat]
        /// Per value, the digits earned (0 unless both runs converged).
        public let earned: [Int]
        /// Per value, the fine run's value with its earned digits (`"?"` for none).
        public let decimals: [String]

        public var converged: Bool { coarse.converged && fine.converged }
        /// The run that explains a non-convergence: the first that did not converge, and its precision.
        public var failing: (run: SolverResult<Value>, precision: Int) {
            coarse.converged || coarse.bracketRadius != nil ? (fine, precision + 32) : (coarse, precision)
        }
    }

    /// The one earned-digits driver, for scalars and vectors: runs at `P` and `P + 32` bits,
    /// doubling `P` (up to three times) until every value earns `digits`; stops at once when a
    /// run does not converge. A run that bounds its own error (`bracketRadius`: bisection) runs
    /// once, at `P + 32` bits, with the error estimate `radius + r |v| + ulp`. So does a run for
    /// which `proven` gives a proven bound on the distance of each value to the truth (a
    /// certified enclosure) that earns `digits`: the bound is its error, and no second run is made.
    public static func drive<Value: EarnedValue>(digits: Int,
                                                 proven: (SolverResult<Value>) throws -> [BigFloat]? = { _ in nil },
                                                 _ run: (Int) throws -> SolverResult<Value>) throws -> Drive<Value> {
        var precision = DigitsPolicy(digits: digits).working
        for attempt in 1...4 {
            let fine = try run(precision + 32)
            if attempt == 1, fine.converged, let errors = try proven(fine) {
                let earned = zip(fine.value.components, errors).map { Self.earned(value: $0, error: $1, cap: digits) }
                if (earned.map(\.digits).min() ?? 0) >= digits {
                    return Drive(coarse: fine, fine: fine, precision: precision, errors: errors, earned: earned.map(\.digits),
                                 decimals: earned.map(\.decimal))
                }
            }
            let coarse = fine.bracketRadius == nil ? try run(precision) : fine
            let converged = coarse.converged && fine.converged
            let errors = zip(coarse.value.components, fine.value.components).map { c, f in
                errorEstimate(coarse: c, fine: f, relativeResidual: fine.residual, precision: precision + 32)
                    + (fine.bracketRadius ?? BigFloat(0, precision: 16))
            }
            let earned = zip(fine.value.components, errors).map {
                converged ? Self.earned(value: $0, error: $1, cap: digits) : (digits: 0, decimal: "?")
            }
            if (earned.map(\.digits).min() ?? 0) >= digits || attempt == 4 || !converged {
                return Drive(coarse: coarse, fine: fine, precision: precision, errors: errors, earned: earned.map(\.digits),
                             decimals: earned.map(\.decimal))
            }
            precision *= 2
        }
        preconditionFailure("unreachable")
    }
}
