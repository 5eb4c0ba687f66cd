import Certification
import GRPOModel
import Multiprecision
import Solvers

/// One setting's stationary policy computed by several methods, with the digits each earns
/// and how far the methods agree.
///
/// Each method runs at two precisions, `P` and `P + 32` bits, with
/// `P = ⌈D log2 10⌉ + 64`. A method that converged at both (its residual vouches,
/// `Convergence`) has the error estimate `|v(P + 32) − v(P)| + r |v(P + 32)| + ulp`, `r` the
/// relative Newton correction at `v(P + 32)`, and only the digits that estimate leaves
/// unambiguous are printed; a method that did not converge earns none. If a method earns
/// fewer than `D` digits, both precisions double (up to three times). Bisection runs once, at
/// `P + 32` bits, with half its final bracket in place of the difference (`EarnedDigits.drive`).
///
/// Bisection and the GRPO iteration gain a bounded number of bits per evaluation, where Newton
/// doubles its bits: at `D` digits they cost `O(D)` evaluations to Newton's `O(log D)`. When
/// another method is quoted, they are carried to `min(D, crossCheckDigits)` digits (their
/// `targetDigits`) and must agree with it to that many; the quoted method, and Newton, to `D`.
public struct PolicyCheck: Sendable {
    /// The digits to which bisection and GRPO are carried when another method is quoted.
    public static let crossCheckDigits = 60

    public struct Outcome: Sendable {
        public let method: Method
        /// The run at the higher of the two precisions.
        public let run: SolverResult<BigFloat>
        /// The error estimate of `run.value`.
        public let errorEstimate: BigFloat
        /// The digits the method was carried to: `D`, or `min(D, crossCheckDigits)` for a
        /// cross-check (see the type's documentation).
        public let targetDigits: Int
        /// Correctly rounded significant digits earned (at most `targetDigits`; 0 unless
        /// the method converged at both precisions).
        public let earnedDigits: Int
        /// The digits on which this method agrees with the quoted one (at most `targetDigits`;
        /// `targetDigits` for the quoted method itself).
        public let agreementDigits: Int
        /// The value with its earned digits (`"?"` if none).
        public let decimal: String
        /// Why the method earned nothing, if it did not converge: one line naming the method.
        public let failure: String?
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

    /// The significant digits on which every method agrees with the primary one, each capped
    /// at its target (0 when a method did not converge).
    public var agreementDigits: Int { outcomes.map(\.agreementDigits).min() ?? 0 }

    /// True when every method converged, earned its target digits and agrees to them.
    public var passed: Bool {
        outcomes.allSatisfy { $0.run.converged && $0.earnedDigits >= $0.targetDigits && $0.agreementDigits >= $0.targetDigits }
    }

    /// Why the check did not pass, one line (nil if it passed): the methods that did not
    /// converge, then those short of `D` digits, then the agreement.
    public var failure: String? {
        if passed { return nil }
        let failures = outcomes.compactMap(\.failure)
        if !failures.isEmpty { return failures.joined(separator: "; ") }
        let short = outcomes.filter { $0.earnedDigits < $0.targetDigits }
        if !short.isEmpty {
            return short.map { "\($0.method.rawValue) earned \($0.earnedDigits) of \($0.targetDigits) digits" }
                .joined(separator: "; ")
        }
        let apart = outcomes.filter { $0.agreementDigits < $0.targetDigits }
        return apart.map { "\($0.method.rawValue) agrees to \($0.agreementDigits) of \($0.targetDigits) digits" }
            .joined(separator: "; ")
    }

    /// The methods carried to fewer than `D` digits, and to how many (nil when none was).
    public var crossChecks: (methods: [Method], digits: Int)? {
        let short = outcomes.filter { $0.targetDigits < digits }
        return short.isEmpty ? nil : (short.map(\.method), short[0].targetDigits)
    }

    /// The certified enclosure, when asked for (`certify`).
    public let certified: CertifiedPolicy?

    /// Runs `methods` (those that apply; the closed form first when it applies) on `setting`.
    ///
    /// With `certify`, interval Newton encloses the root around the first method's first
    /// converged value (`CertifiedPolicy`), and each method's distance to that enclosure is its
    /// proven error: a method whose value it places within `D` digits runs once, not at two
    /// precisions (`EarnedDigits.drive`). A failed certificate leaves every method to the two runs.
    init(_ setting: BinarySetting, digits: Int, methods: [Method] = Method.allCases, certify: Bool = false) throws {
        self.setting = setting
        self.digits = digits
        let chosen = Method.allCases.filter { methods.contains($0) && $0.applies(to: setting) }
        precondition(!chosen.isEmpty, "no method of \(methods) applies to \(setting)")
        var outcomes: [Outcome] = []
        var certified: CertifiedPolicy?
        for method in chosen {
            let target = method.gainsBitsLinearly && method != chosen[0] ? min(digits, Self.crossCheckDigits) : digits
            let proven = { (run: SolverResult<BigFloat>) -> [BigFloat]? in
                guard certify else { return nil }
                let enclosure = certified ?? CertifiedPolicy(setting, digits: digits, approximation: run.value)
                certified = enclosure
                return enclosure.errorBound(of: run.value).map { [$0] }
            }
            do {
                outcomes.append(try Self.outcome(of: method, on: setting, digits: target, primary: outcomes.first,
                                                 proven: proven))
            } catch let error as NumericalError {
                throw ComputationFailure(reason: "\(error)", method: method.rawValue, setting: setting.summary)
            }
        }
        // Computed here, on the thread that ran the methods, not later in a serial report.
        let primary = outcomes[0].run.value
        if certify && certified == nil {
            certified = CertifiedPolicy(setting, digits: digits, approximation: primary)
        }
        self.certified = certified
        self.outcomes = outcomes
        largestDifference = outcomes.dropFirst().map { ($0.run.value - primary).magnitude }
            .reduce(BigFloat(0, precision: primary.precision), BigFloat.maximum)
    }

    /// Throws when only one method ran and it did not converge: with no other method to
    /// compare, the check has nothing to show but the reason.
    public func requireLoneMethodConverged() throws(ComputationFailure) {
        if outcomes.count == 1, let failure = primary.failure {
            throw ComputationFailure(reason: failure, method: primary.method.rawValue, setting: setting.summary)
        }
    }

    /// `method` carried to `digits`, and its agreement with the `primary` outcome (itself when
    /// nil); `proven` as in `EarnedDigits.drive`.
    static func outcome(of method: Method, on setting: BinarySetting, digits: Int, primary: Outcome?,
                        proven: (SolverResult<BigFloat>) -> [BigFloat]?) throws -> Outcome {
        let d = try EarnedDigits.drive(digits: digits, proven: proven) { try method.run(setting, precision: $0) }
        let earned = d.earned[0]
        let failure = d.converged ? nil
            : Self.nonConvergence(method, setting, run: d.failing.run, precision: d.failing.precision)
        let agreement = failure != nil || primary?.failure != nil ? 0
            : primary.map { EarnedDigits.agreement(d.fine.value, $0.run.value, cap: digits) } ?? digits
        return Outcome(method: method, run: d.fine, errorEstimate: d.errors[0], targetDigits: digits, earnedDigits: earned,
                       agreementDigits: agreement,
                       decimal: d.decimals[0], failure: failure)
    }

    /// "grpo did not converge within N steps from π_ref(a) = … at P bits (relative residual …)".
    static func nonConvergence(_ method: Method, _ setting: BinarySetting, run: SolverResult<BigFloat>, precision: Int) -> String {
        let start = method == .grpo ? "steps from π_ref(a) = \(setting.reference)"
            : "iterations on [π_ref(a), 1] = [\(setting.reference), 1]"
        let residual = run.residual.map { "relative residual \($0.decimalString(significantDigits: 3))" }
            ?? "no Newton correction (F′ = 0)"
        return "\(method.rawValue) did not converge within \(run.iterations) \(start) at \(precision) bits "
            + "(\(residual); at most 2^\(Convergence.slackBits - precision) vouches)"
    }
}

extension BinarySetting {
    /// `G = 2, penalty = reverse, β = 0.1, π_ref(a) = 0.3, γ = 1`, for messages.
    public var summary: String {
        "G = \(groupSize), penalty = \(penalty.rawValue), β = \(beta), π_ref(a) = \(reference), γ = \(confidenceMargin)"
    }
}

/// A computation of `method` on a setting that cannot be printed as a number: MPFR raised a
/// flag, or a method run alone did not converge. Its description names both and the setting.
public struct ComputationFailure: Error, CustomStringConvertible {
    public let reason: String
    public let method: String
    public let setting: String

    public init(reason: String, method: String, setting: String) {
        self.reason = reason
        self.method = method
        self.setting = setting
    }

    public var description: String {
        reason.hasPrefix(method) ? "\(reason) at \(setting)" : "\(reason) in \(method) at \(setting)"
    }
}

extension EarnedDigits {
    /// The error estimate of a value computed at `precision` bits (`fine`) and at fewer
    /// (`coarse`): `|fine − coarse| + r |fine| + ulp`, with `r` the relative Newton correction
    /// at `fine` (the distance to the root that Newton predicts; none for a closed form).
    public static func errorEstimate(coarse: BigFloat, fine: BigFloat, relativeResidual: BigFloat?,
                                     precision: Int) -> BigFloat {
        let ulp = fine.isZero ? fine : BigFloat(1, precision: 16).scaled(byPowerOfTwo: fine.exponent - precision)
        let predicted = relativeResidual.map { $0 * fine.magnitude } ?? BigFloat(0, precision: 16)
        return (fine - coarse).magnitude + predicted + ulp
    }
}
