import GRPOModel
import Multiprecision

/// One question under every advantage normalisation and KL penalty, with the RLHF and NLHF
/// baselines, the Bessel identity and the shifts that ε causes. Every number shown is earned:
/// a row's entries carry the digits its check earned, differences between rows are given only
/// where both rows earned digits, and a row that earned none says why.
public struct VariantsAnalysis: Sendable {
    /// One row: a label, a penalty, the policy and how it was checked.
    public struct Row: Sendable {
        public let label: String
        public let penalty: String
        public let policy: [BigFloat]
        /// Per entry, a bound on the error of `policy`.
        public let errors: [BigFloat]
        /// Digits on which the independent methods agree (nil for the closed-form baselines).
        public let agreementDigits: Int?
        /// Each entry with its earned digits (`"?"` if none).
        public let decimals: [String]
        /// The success rate `μ = Σ_o π(o) s_o` with the digits its error bound `Σ_o s_o err_o` earns.
        public let successRate: String
        /// Why the row's check failed (nil if it passed).
        public let failure: String?

        /// True when the row passed with a policy whose every entry earned digits (not a
        /// row with, verifiably, no stationary policy).
        public var hasPolicy: Bool { failure == nil && !decimals.contains("?") }
    }

    /// population (the paper), bessel (divisor G − 1, `torch.std`), and the trainers' defaults:
    /// bessel-eps:1e-4 (TRL: `std(dim=1) + 1e-4`), bessel-eps:1e-6 (verl: `torch.std + 1e-6`),
    /// bessel-eps:1e-9 (OpenRLHF `group_norm`: `std(-1) + 1e-9`), shift (Dr. GRPO).
    public static let normalisations = ["population", "bessel", "bessel-eps:1e-4", "bessel-eps:1e-6",
                                        "bessel-eps:1e-9", "shift"]
    static let besselEquivalentLabel = "population at β√(G/(G−1))"

    public let setting: GeneralSetting
    public let digits: Int
    public let rows: [Row]
    /// Per penalty, the digits to which bessel at β and population at β√(G/(G−1)) agree
    /// (all when both verifiably have none, 0 when only one has a policy or a row failed).
    public let besselIdentityDigits: [(penalty: Penalty, digits: Int)]
    /// Per ε variant and penalty, an upper bound on `max_o |Δπ(o)|` from the same
    /// normalisation without ε (`largestChange`; nil when either row failed).
    public let epsilonShifts: [(variant: String, base: String, penalty: Penalty, shift: BigFloat?)]

    /// The equivalences at matched temperatures (proofs/rlhf-nlhf-equivalence.md), each with
    /// the digits to which its two rows agree: at G = 2, direct KL (population) = RLHF at β =
    /// NLHF at β/2; at every G, shift-only with direct KL = RLHF at βG/(G − 1).
    public let matchedTemperatures: [(statement: String, digits: Int)]

    public var passed: Bool {
        rows.allSatisfy { $0.failure == nil } && besselIdentityDigits.allSatisfy { $0.digits >= digits }
            && matchedTemperatures.allSatisfy { $0.digits >= digits }
    }

    /// The variants of a question with Bernoulli rewards (the baselines need `r(o) = s_o`).
    public init(_ base: GeneralSetting, digits: Int) throws {
        guard let successes = base.question.successes else {
            throw RewardModel.Problem(field: "rewards", reason: "the variants table compares Bernoulli rewards with RLHF and NLHF")
        }
        setting = base
        self.digits = digits
        var settings: [(String, GeneralSetting)] = []
        for penalty in Penalty.allCases {
            for name in Self.normalisations {
                settings.append((name, try base.with(penalty: penalty, normalisation: AdvantageNormalisation(parsing: name)!)))
            }
            settings.append((Self.besselEquivalentLabel, try base.with(penalty: penalty, effectiveBeta: .besselEquivalent)))
        }
        let checks = try orderedMap(settings.map(\.1)) { try GeneralCheck($0, digits: digits) }
        var rows = zip(settings, checks).map { entry, check in
            Self.row(entry.0, entry.1.penalty.rawValue, policy: check.primary.policy, errors: check.primary.errorEstimates,
                     decimals: check.primary.decimals, converged: check.primary.converged, successes: successes,
                     digits: digits, agreement: check.agreementDigits, failure: check.failure)
        }
        rows += try Self.baselines(base, successes: successes, digits: digits)
        self.rows = rows
        func row(_ label: String, _ penalty: Penalty) -> Row { rows.first { $0.label == label && $0.penalty == penalty.rawValue }! }
        besselIdentityDigits = Penalty.allCases.map { penalty in
            let a = row("bessel", penalty), b = row(Self.besselEquivalentLabel, penalty)
            let neither = [a, b].allSatisfy { $0.failure == nil && !$0.hasPolicy }
            guard a.hasPolicy, b.hasPolicy else { return (penalty, neither ? digits : 0) }
            return (penalty, zip(a.policy, b.policy).map { EarnedDigits.agreement($0, $1, cap: digits) }.min() ?? 0)
        }
        func agreement(_ a: Row, _ b: Row) -> Int {
            guard a.hasPolicy, b.hasPolicy else { return 0 }
            return zip(a.policy, b.policy).map { EarnedDigits.agreement($0, $1, cap: digits) }.min() ?? 0
        }
        let rlhf = rows.first { $0.label == "RLHF" }!, nlhf = rows.first { $0.label == Self.halfNLHFLabel }!
        let shifted = rows.first { $0.label == Self.shiftRLHFLabel }!
        matchedTemperatures = (base.groupSize == .two ? [
            ("direct KL at G = 2 = RLHF at β", agreement(row("population", .direct), rlhf)),
            ("direct KL at G = 2 = NLHF at β/2", agreement(row("population", .direct), nlhf)),
        ] : []) + [("shift-only direct KL = RLHF at βG/(G − 1)", agreement(row("shift", .direct), shifted))]
        epsilonShifts = Self.normalisations.filter { $0.contains("-eps:") }.flatMap { name in
            Penalty.allCases.map { penalty in
                let plain = name.hasPrefix("bessel") ? "bessel" : "population"
                return (name, plain, penalty, Self.largestChange(row(name, penalty), row(plain, penalty)))
            }
        }
    }

    static func row(_ label: String, _ penalty: String, policy: [BigFloat], errors: [BigFloat], decimals: [String],
                    converged: Bool, successes: [DecimalNumber], digits: Int, agreement: Int?, failure: String?) -> Row {
        let p = policy[0].precision
        let rates = successes.map { $0.value(precision: p) }
        let mu = zip(policy, rates).dropFirst().reduce(policy[0] * rates[0]) { $0 + $1.0 * $1.1 }
        let muError = zip(errors, rates).dropFirst().reduce(errors[0] * rates[0]) { $0 + $1.0 * $1.1 }
            + BigFloat(1, precision: 16).scaled(byPowerOfTwo: mu.exponent - p + 4)
        let muDigits = converged ? EarnedDigits.count(value: mu, error: muError, cap: digits) : 0
        return Row(label: label, penalty: penalty, policy: policy, errors: errors, agreementDigits: agreement,
                   decimals: decimals, successRate: muDigits > 0 ? mu.decimalString(significantDigits: muDigits) : "?",
                   failure: failure)
    }

    static let halfNLHFLabel = "NLHF at β/2", shiftRLHFLabel = "RLHF at βG/(G−1)"

    /// RLHF and NLHF at β, and at the matched temperatures NLHF at β/2 and RLHF at βG/(G − 1)
    /// (β at G = ∞), each at `P` and `P + 32` bits: the digits their difference earns.
    static func baselines(_ base: GeneralSetting, successes: [DecimalNumber], digits: Int) throws -> [Row] {
        let precision = DigitsPolicy(digits: digits).working
        func policies(_ p: Int) throws -> [[BigFloat]] {
            try MPFRFlags.checking {
                let refs = base.question.references.map { $0.value(precision: p) }
                let rates = successes.map { $0.value(precision: p) }
                let beta = base.beta.value(precision: p)
                let shifted = base.groupSize.finiteValue.map { beta * $0 / ($0 - 1) } ?? beta
                return [PoolingBaseline.rlhf(references: refs, successes: rates, beta: beta),
                        PoolingBaseline.nlhf(references: refs, successes: rates, beta: beta),
                        PoolingBaseline.nlhf(references: refs, successes: rates, beta: beta / 2),
                        PoolingBaseline.rlhf(references: refs, successes: rates, beta: shifted)]
            }
        }
        let coarse = try policies(precision), fine = try policies(precision + 32)
        return zip(["RLHF", "NLHF", halfNLHFLabel, shiftRLHFLabel], zip(coarse, fine)).map { name, pair in
            let errors = zip(pair.0, pair.1).map {
                EarnedDigits.errorEstimate(coarse: $0, fine: $1, relativeResidual: nil, precision: precision + 32)
            }
            let earned = zip(pair.1, errors).map { EarnedDigits.count(value: $0, error: $1, cap: digits) }
            let failure = earned.min()! < digits ? "\(name) earned \(earned.min()!) of \(digits) digits" : nil
            return row(name, "-", policy: pair.1, errors: errors,
                       decimals: zip(pair.1, earned).map { $1 > 0 ? $0.decimalString(significantDigits: $1) : "?" },
                       converged: true, successes: successes, digits: digits, agreement: nil,
                       failure: failure)
        }
    }

    /// An upper bound on `max_o |π_a(o) − π_b(o)|`: the computed difference plus both rows'
    /// error bounds (nil when either row has no policy).
    static func largestChange(_ a: Row, _ b: Row) -> BigFloat? {
        guard a.hasPolicy, b.hasPolicy else { return nil }
        return zip(zip(a.policy, b.policy), zip(a.errors, b.errors)).map { values, errors in
            (values.0 - values.1).magnitude + errors.0 + errors.1
        }.reduce(BigFloat(0, precision: 64), BigFloat.maximum)
    }

    /// `max_o |Δπ(o)|` of `row` from the population row with the same penalty (baselines:
    /// reverse), as an upper bound with the rows' error bounds added; nil when either row failed.
    public func changeFromPopulation(_ row: Row) -> BigFloat? {
        let reference = rows.first { $0.label == "population" && $0.penalty == row.penalty } ?? rows[0]
        return Self.largestChange(row, reference)
    }
}
