import Certification
import GRPOModel
import Multiprecision

/// The library's entry point: approximate, then certify, the stationary policy of a setting.
///
/// ```swift
/// let setting = try BinarySetting(groupSize: .finite(64), beta: try DecimalNumber("0.04"),
///                                 reference: try DecimalNumber("0.3"), confidenceMargin: .one)
/// let solution = try StationaryPolicy.solve(setting, digits: 40, certify: true)
/// print(solution.decimal ?? "not verified", solution.certified?.enclosure as Any)
/// ```
///
/// A binary question runs every method at two precisions (`PolicyCheck`) or, with `certify`,
/// proves an enclosure by interval Newton around the first method's value (`CertifiedPolicy`)
/// and bounds each method's error by its distance to the enclosure. A question with several answers (`GeneralSetting`) runs every method
/// and certifies every stationary policy on the simplex (`GeneralCheck`); one that is the
/// binary question is solved as such. Every command that computes a stationary policy
/// (`solve`, `table`, `check`, `report`, `prove`, `conjecture`) comes through here.
public enum StationaryPolicy {
    /// Both steps for a binary question.
    public struct Solution: Sendable {
        public let check: PolicyCheck
        /// The certified enclosure, when asked for.
        public var certified: CertifiedPolicy? { check.certified }

        /// The policy `π(a)` with the verified digits (nil when the methods fall short).
        public var decimal: String? { check.policy }

        /// Why the solution is not verified, one line (nil when it is).
        public var failure: String? {
            if !check.passed { return "the methods agree to \(check.agreementDigits) of \(check.digits) digits" }
            if let certified, !certified.agreementCertified {
                return "the policy is certified to \(certified.certifiedDigits) of \(check.digits) digits (\(certified.certificate))"
            }
            return nil
        }
    }

    /// Approximates, then (with `certify`) certifies. Throws `ComputationFailure` when only
    /// one method ran and it did not converge.
    public static func solve(_ setting: BinarySetting, digits: Int, methods: [Method] = Method.allCases,
                             certify: Bool = false) throws -> Solution {
        let check = try PolicyCheck(setting, digits: digits, methods: methods, certify: certify)
        try check.requireLoneMethodConverged()
        return Solution(check: check)
    }

    /// `solve` for every setting of a grid, over `threads` workers, in order.
    public static func solve(_ settings: [BinarySetting], digits: Int, methods: [Method] = Method.allCases,
                             certify: Bool = false, threads: Int = defaultThreads,
                             progress: (@Sendable () -> Void)? = nil) throws -> [Solution] {
        try orderedMap(settings, threads: threads, progress: progress) {
            Solution(check: try PolicyCheck($0, digits: digits, methods: methods, certify: certify))
        }
    }

    /// `solve` for every setting of a grid without holding the solutions: each is turned into
    /// `row` on the worker that computed it (then dropped), and the rows are handed to
    /// `consume` in order, in batches as they complete (`orderedStream`), so the memory is that
    /// of `pacing.window` rows whatever the number of settings. The rows are those of
    /// `solve(_:)` mapped by `row`; `progress` is called once per setting. An error is that of
    /// the first failing setting, thrown once the rows before it have been consumed.
    public static func stream<Settings: RandomAccessCollection<BinarySetting> & Sendable, Row>(
        _ settings: Settings, digits: Int, methods: [Method] = Method.allCases, certify: Bool = false,
        threads: Int = defaultThreads, pacing: StreamPacing = StreamPacing(), progress: (@Sendable () -> Void)? = nil,
        row: @escaping @Sendable (Solution) -> Row, consume: ([Row]) throws -> Void) throws {
        try orderedStream(count: settings.count, threads: threads, pacing: pacing, progress: progress, { i in
            row(Solution(check: try PolicyCheck(settings[settings.index(settings.startIndex, offsetBy: i)],
                                                digits: digits, methods: methods, certify: certify)))
        }, consume: consume)
    }

    /// Every method and every certified stationary policy of a question with several answers.
    public static func solve(_ setting: GeneralSetting, digits: Int,
                             methods: [GeneralMethod] = GeneralMethod.allCases) throws -> GeneralCheck {
        let check = try GeneralCheck(setting, digits: digits, methods: methods)
        try check.requireLoneMethodConverged()
        return check
    }

    /// `solve` for every question of a grid, over `threads` workers, in order (each with those
    /// of `methods` that apply to it).
    public static func solve(_ settings: [GeneralSetting], digits: Int, methods: [GeneralMethod] = GeneralMethod.allCases,
                             threads: Int = defaultThreads, progress: (@Sendable () -> Void)? = nil) throws -> [GeneralCheck] {
        try orderedMap(settings, threads: threads, progress: progress) {
            try GeneralCheck($0, digits: digits, methods: methods)
        }
    }
}
