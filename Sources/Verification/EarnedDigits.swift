import Multiprecision
import Solvers

/// Which decimal digits of a computed value are earned, given a bound on its error.
public enum EarnedDigits {
    /// The largest `d ≤ cap` such that every number within `error` of `value` has the same
    /// correctly rounded `d`-significant-digit decimal (so that string is the true value's).
    /// Zero when not even one digit is earned.
    public static func count(value: BigFloat, error: BigFloat, cap: Int) -> Int {
        if !value.isFinite || !error.isFinite { return 0 }
        return Interval(center: value, radius: error, precision: value.precision).commonDigits(cap: cap).digits
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
        /// The run at `P` bits (the fine run itself when it bounds its own error).
        public let coarse: SolverResult<Value>
        public let fine: SolverResult<Value>
        /// `P`, the coarse run's precision.
        public let precision: Int
        /// Per value, `|fine − coarse| + r |fine| + ulp` (`errorEstimate`).
        public let errors: [BigFloat]
        /// Per value, the digits earned (0 unless both runs converged).
        public let earned: [Int]

        public var converged: Bool { coarse.converged && fine.converged }
        /// The run that explains a non-convergence: the first that did not converge, and its precision.
        public var failing: (run: SolverResult<Value>, precision: Int) {
            coarse.converged || coarse.bracketRadius != nil ? (fine, precision + 32) : (coarse, precision)
        }
    }

    /// The one earned-digits driver, for scalars and vectors: runs at `P` and `P + 32` bits,
    /// doubling `P` (up to three times) until every value earns `digits`; stops at once when a
    /// run does not converge. A run that bounds its own error (`bracketRadius`: bisection) runs
    /// once, at `P + 32` bits, with the error estimate `radius + r |v| + ulp`.
    public static func drive<Value: EarnedValue>(digits: Int, _ run: (Int) throws -> SolverResult<Value>) throws -> Drive<Value> {
        var precision = DigitsPolicy(digits: digits).working
        for attempt in 1...4 {
            let fine = try run(precision + 32)
            let coarse = fine.bracketRadius == nil ? try run(precision) : fine
            let converged = coarse.converged && fine.converged
            let errors = zip(coarse.value.components, fine.value.components).map { c, f in
                errorEstimate(coarse: c, fine: f, relativeResidual: fine.residual, precision: precision + 32)
                    + (fine.bracketRadius ?? BigFloat(0, precision: 16))
            }
            let earned = zip(fine.value.components, errors).map { converged ? count(value: $0, error: $1, cap: digits) : 0 }
            if (earned.min() ?? 0) >= digits || attempt == 4 || !converged {
                return Drive(coarse: coarse, fine: fine, precision: precision, errors: errors, earned: earned)
            }
            precision *= 2
        }
        preconditionFailure("unreachable")
    }
}
