import GRPOModel
import Multiprecision

/// One setting's stationary policy computed by several methods, with the digits each earns
/// and how far the methods agree.
///
/// Each method runs at two precisions, `P` and `P + 32` bits, with
/// `P = ⌈D log2 10⌉ + 64`; the difference of the two runs (plus one ulp) bounds the error of
/// the more precise one, and only the digits that bound leaves unambiguous are printed. If a
/// method earns fewer than `D` digits, both precisions double (up to three times).
public struct PolicyCheck: Sendable {
    public struct Outcome: Sendable {
        public let method: Method
        /// The run at the higher of the two precisions.
        public let run: MethodRun
        /// `|v(P + 32) − v(P)| + ulp`, the error estimate of `run.value`.
        public let errorEstimate: BigFloat
        /// Correctly rounded significant digits earned (at most the requested `D`).
        public let earnedDigits: Int
        /// The value with its earned digits (`"?"` if none).
        public let decimal: String
    }

    public let setting: BinarySetting
    /// The requested significant digits `D`.
    public let digits: Int
    public let outcomes: [Outcome]

    /// The method whose value is quoted as the policy: the closed form if there is one.
    public var primary: Outcome { outcomes[0] }

    /// The policy with `D` correctly rounded significant digits, or nil if not earned.
    public var policy: String? { primary.earnedDigits >= digits ? primary.decimal : nil }

    /// `max |v_method − v_primary|` over the other methods.
    public let largestDifference: BigFloat

    /// The significant digits on which every method agrees with the primary one (capped at D).
    public let agreementDigits: Int

    /// True when every method converged, earned `D` digits, and all agree to `D` digits.
    public var passed: Bool {
        outcomes.allSatisfy { $0.run.converged && $0.earnedDigits >= digits } && agreementDigits >= digits
    }

    /// Runs `methods` (those that apply; the closed form first when it applies) on `setting`.
    public init(_ setting: BinarySetting, digits: Int, methods: [Method] = Method.allCases) throws {
        self.setting = setting
        self.digits = digits
        let chosen = Method.allCases.filter { methods.contains($0) && $0.applies(to: setting) }
        precondition(!chosen.isEmpty, "no method of \(methods) applies to \(setting)")
        let outcomes = try chosen.map { method in
            do {
                return try Self.outcome(of: method, on: setting, digits: digits)
            } catch let error as NumericalError {
                throw ComputationFailure(setting: setting, method: method, error: error)
            }
        }
        // Computed here, on the thread that ran the methods, not later in a serial report.
        let primary = outcomes[0].run.value
        self.outcomes = outcomes
        largestDifference = outcomes.dropFirst().map { ($0.run.value - primary).magnitude }
            .reduce(BigFloat(0, precision: primary.precision), BigFloat.maximum)
        agreementDigits = outcomes.map { EarnedDigits.agreement($0.run.value, primary, cap: digits) }.min() ?? 0
    }

    static func outcome(of method: Method, on setting: BinarySetting, digits: Int) throws -> Outcome {
        var precision = bitsForDigits(digits, guardBits: 64)
        var attempt = 0
        while true {
            let coarse = try method.run(setting, precision: precision)
            let fine = try method.run(setting, precision: precision + 32)
            let ulp = fine.value.isZero ? fine.value
                : BigFloat(1, precision: 16).scaled(byPowerOfTwo: fine.value.exponent - (precision + 32))
            let error = (fine.value - coarse.value).magnitude + ulp
            let earned = EarnedDigits.count(value: fine.value, error: error, cap: digits)
            attempt += 1
            if earned >= digits || attempt == 4 || !fine.converged {
                let decimal = earned > 0 ? fine.value.decimalString(significantDigits: earned) : "?"
                return Outcome(method: method, run: fine, errorEstimate: error,
                               earnedDigits: earned, decimal: decimal)
            }
            precision *= 2
        }
    }
}

/// MPFR flagged a result of `method` on `setting`: reported, never printed as a number.
public struct ComputationFailure: Error, CustomStringConvertible {
    public let setting: BinarySetting
    public let method: Method
    public let error: NumericalError

    public var description: String {
        "\(error) in \(method.rawValue) at G = \(setting.groupSize), penalty = \(setting.penalty.rawValue), "
            + "β = \(setting.beta), π_ref(a) = \(setting.reference), γ = \(setting.confidenceMargin)"
    }
}
