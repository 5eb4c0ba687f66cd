import Certification
import GRPOModel
import Multiprecision
import Verification

/// Checks on grids of points: every point certified with interval enclosures.
enum GridChecks {
    static func decimal(_ text: String) -> DecimalNumber { try! DecimalNumber(text) }

    static func setting(_ g: GroupSize, _ penalty: Penalty = .reverse, beta: String, reference: String,
                        margin: String = "1") throws -> BinarySetting {
        try BinarySetting(groupSize: g, penalty: penalty, beta: decimal(beta), reference: decimal(reference),
                          confidenceMargin: decimal(margin))
    }

    /// The interval-Newton enclosure of the stationary policy, around Newton's approximation
    /// (`StationaryPolicy`); nil where Newton did not converge.
    static func certifiedRoot(_ s: BinarySetting, digits: Int) -> CertifiedPolicy? {
        try? StationaryPolicy.solve(s, digits: digits, methods: [.newton], certify: true).certified
    }

    /// Runs `check` on every point (concurrently, in order) and reports the first failure.
    static func everyPoint<T: Sendable>(_ points: [T], digits: Int,
                                        _ check: @escaping @Sendable (T) throws -> String?) -> CheckStatus {
        let failures = (try? orderedMap(points) { try check($0) }) ?? ["evaluation failed"]
        if let first = failures.compactMap({ $0 }).first { return .failed(first) }
        return .certifiedOnGrid(points: points.count, digits: digits)
    }

    static func describe(_ s: BinarySetting) -> String {
        "G = \(s.groupSize), \(s.penalty.rawValue), β = \(s.beta), π_ref = \(s.reference), γ = \(s.confidenceMargin)"
    }

    /// True when `x` overlaps `y` and is narrower than `10^−digits |x|`: the two agree to a
    /// relative error below `10^−digits`. (Not "rounds to `digits` digits": a value that is a
    /// rounding tie, such as 0.0216125 at five digits, has no enclosure that rounds.)
    static func agrees(_ x: Interval, _ y: Interval, digits: Int) -> Bool {
        let bits = DigitsPolicy.bits(digits, guardBits: 1)
        return x.isValid && y.isValid && x.overlaps(y) && x.relativeWidthBits(cap: bits) >= bits
    }

    // MARK: The stationary point and the closed forms

    static func stationarityUnique(_ context: ProofContext) -> CheckStatus {
        let points = SettingGrid(groupSizes: [.two, .finite(16), .infinite], penalties: [.reverse],
                                 betas: DecimalAxis(values: ["0.01", "0.5", "10"].map(decimal)),
                                 references: DecimalAxis(values: ["0.01", "0.5", "0.99"].map(decimal)),
                                 margins: DecimalAxis(values: [decimal("1")])).settings
        return everyPoint(points, digits: context.digits) { s in
            let root = certifiedRoot(s, digits: context.digits)
            return root?.certificate == .unique && (root?.certifiedDigits ?? 0) >= context.digits
                ? nil : "no certified unique root at \(describe(s))"
        }
    }

    /// (15) applied where the paper states it, any `r(a) > r(b)`, with stochastic rewards: the
    /// question `s = (0.9, 0.1)`, `π_ref = (0.3, 0.7)`, `β = 0.1`, `G = ∞` (whose stationary
    /// policy solves (13) with σ the spread of the rewards themselves) certified by isolation of
    /// the success-rate equation, against (15) in intervals: refuted when the two are disjoint.
    static func eq15StochasticRewards(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        guard let question = try? Question(references: ["0.3", "0.7"].map(decimal), successes: ["0.9", "0.1"].map(decimal)),
              let setting = try? GeneralSetting(question: question, groupSize: .infinite, beta: decimal("0.1")) else {
            return .failed("the question s = (0.9, 0.1) is refused")
        }
        let stationary = StationaryPolicies(setting, digits: context.digits)
        guard stationary.countCertified, stationary.points.count == 1 else {
            return .failed("the stationary policy of (13) at s = (0.9, 0.1) is not certified unique")
        }
        let truth = stationary.points[0].policy[0]
        let closed = ClosedForm.largeGroups(beta: Interval(decimal("0.1"), precision: precision),
                                            reference: Interval(decimal("0.3"), precision: precision))
        guard truth.isValid, closed.isValid, !truth.overlaps(closed) else {
            return .failed("(15) is not refuted: its enclosure meets the stationary policy's")
        }
        func shown(_ x: Interval) -> String {
            let (lower, upper) = x.decimalStrings(significantDigits: 12)
            return "[\(lower), \(upper)]"
        }
        return .refuted("at s = (0.9, 0.1), β = 0.1, π_ref(a) = 0.3, G = ∞ the stationary policy is π(a) ∈ "
                        + "\(shown(truth)), (15) gives \(shown(closed)): disjoint")
    }

    /// Direct KL at G = 2 (γ = 1, the population normalisation and the shift-only one), each
    /// certified by interval Newton, against RLHF's policy (4) `p_ref/(p_ref + e^{−Δr/β′}(1 − p_ref))`
    /// in intervals at the matched temperature: `β′ = β` with `Δr = 1` (the RLHF equivalence),
    /// `β′ = β/2` with NLHF's constant gap `Δr = ½` (`nlhfGapIsHalf`), and, shift-only,
    /// `β′ = βG/(G − 1) = 2β` with `Δr = 1`.
    static func rlhfEquivalences(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let cases = ["0.05", "0.5", "2"].flatMap { b in ["0.01", "0.3", "0.9"].map { (b, $0) } }
        return everyPoint(cases, digits: context.digits) { beta, reference in
            let b = Interval(decimal(beta), precision: precision), r = Interval(decimal(reference), precision: precision)
            let one = Interval(1, precision: precision), half = one / 2
            let population = try setting(.two, .direct, beta: beta, reference: reference)
            let shift = try BinarySetting(groupSize: .two, penalty: .direct, beta: decimal(beta), reference: decimal(reference),
                                          confidenceMargin: decimal("1"), normalisation: .shift)
            let pairs: [(BinarySetting, Interval, String)] = [
                (population, ClosedForm.logarithmicPooling(beta: b, reference: r, rewardGap: one), "RLHF at β"),
                (population, ClosedForm.logarithmicPooling(beta: b / 2, reference: r, rewardGap: half), "NLHF at β/2"),
                (shift, ClosedForm.logarithmicPooling(beta: b * 2, reference: r, rewardGap: one), "RLHF at βG/(G − 1)"),
            ]
            for (s, rlhf, name) in pairs {
                guard let root = certifiedRoot(s, digits: context.digits), root.certificate == .unique,
                      agrees(rlhf, root.enclosure, digits: context.digits) else {
                    return "direct KL and \(name) differ at \(describe(s)), normalisation \(s.normalisation)"
                }
            }
            return nil
        }
    }

    /// The closed form in intervals agrees with the certified root on the default grid.
    static func closedFormAgreement(_ g: GroupSize, _ penalty: Penalty) -> @Sendable (ProofContext) -> CheckStatus {
        { context in
            let points = SettingGrid.standard(groupSizes: [g], penalties: [penalty]).settings
            let precision = DigitsPolicy(digits: context.digits).working
            return everyPoint(points, digits: context.digits) { s in
                guard let root = certifiedRoot(s, digits: context.digits), root.certificate == .unique,
                      let closed = context.closedForms.stationaryPolicy(s, precision: precision),
                      agrees(closed, root.enclosure, digits: context.digits) else {
                    return "closed form and certified root disagree at \(describe(s))"
                }
                return nil
            }
        }
    }

    /// (19): the second root of the squared quadratic, `β² p_ref² / ((1 + β²) p)` (the product of
    /// the roots over the (15) root), lies below `p_ref`, where (19)'s left side is negative.
    static func spuriousRootLargeG(_ context: ProofContext) -> CheckStatus {
        let points = SettingGrid.standard(groupSizes: [.infinite], penalties: [.reverse]).settings
        let precision = DigitsPolicy(digits: context.digits).working
        return everyPoint(points, digits: context.digits) { s in
            let beta = Interval(s.beta, precision: precision), reference = Interval(s.reference, precision: precision)
            let root = context.closedForms.largeGroups(beta, reference)
            let beta2 = beta * beta
            let other = beta2 * reference * reference / ((beta2 + 1) * root)
            return other.isValid && other.upper < reference.lower ? nil : "second root not below π_ref at \(describe(s))"
        }
    }

    /// The certified stationary point of the model at G = 2 — whose residual uses β and γ
    /// separately — is the same for `(β, γ)` pairs with one ratio: `(0.025, 0.25), (0.05, 0.5),
    /// (0.1, 1)`, and likewise for the ratios 0.4 and 2, at every default `p_ref`.
    static func ratioInvariance(_ context: ProofContext) -> CheckStatus {
        let families = [[("0.025", "0.25"), ("0.05", "0.5"), ("0.1", "1")],
                        [("0.1", "0.25"), ("0.2", "0.5"), ("0.4", "1")],
                        [("0.5", "0.25"), ("1", "0.5"), ("2", "1")]]
        let points = families.flatMap { family in SettingGrid.defaultReferences.map { (family, $0) } }
        return everyPoint(points, digits: context.digits) { family, r in
            let roots = try family.map { certifiedRoot(try setting(.two, beta: $0.0, reference: r, margin: $0.1), digits: context.digits) }
            guard roots.allSatisfy({ $0?.certificate == .unique }) else { return "no certified root for \(family), π_ref = \(r)" }
            let enclosures = roots.map { $0!.enclosure }
            return enclosures.allSatisfy({ agrees($0, enclosures[0], digits: context.digits) })
                ? nil : "the stationary point changes along β/γ = const at \(family), π_ref = \(r)"
        }
    }

    /// (14) at `β = γ` overlaps `sqrt(p_ref)`.
    static func betaEqualsMargin(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let points = SettingGrid.defaultMargins.flatMap { g in SettingGrid.defaultReferences.map { (g, $0) } }
        return everyPoint(points, digits: context.digits) { g, r in
            let gamma = Interval(decimal(g), precision: precision), reference = Interval(decimal(r), precision: precision)
            let p = context.closedForms.groupsOfTwo(gamma, reference, gamma)
            return agrees(p, reference.squareRoot(), digits: context.digits) ? nil : "β = γ = \(g), π_ref = \(r)"
        }
    }

    /// (14) as a formula at `p_ref = 0`: `1 − β/γ > 0` for β < γ (a jump, since π(a) = 0 there)
    /// and 0 for β ≥ γ.
    static func groupsOfTwoJumpAtZero(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let ratios = ["0.001", "0.1", "0.5", "0.99", "1", "1.5", "10"]
        return everyPoint(ratios, digits: context.digits) { r in
            let beta = Interval(decimal(r), precision: precision), one = Interval(1, precision: precision)
            let p = context.closedForms.groupsOfTwo(beta, Interval(0, precision: precision), one)
            let limit = beta.upper < 1 ? one - beta : Interval(0, precision: precision)
            let ok = beta.upper < 1 ? agrees(p, limit, digits: context.digits) && p.lower > 0
                : p.isValid && p.contains(BigFloat(0, precision: 64)) && p.magnitude.exponent < -3 * context.digits
            return ok ? nil : "β/γ = \(r)"
        }
    }

    /// (15) as a formula at `p_ref = 0` is `1/(1 + β²) > 0`.
    static func largeGroupsJumpAtZero(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        return everyPoint(SettingGrid.defaultBetas, digits: context.digits) { b in
            let beta = Interval(decimal(b), precision: precision)
            let p = context.closedForms.largeGroups(beta, Interval(0, precision: precision))
            return agrees(p, 1 / (beta * beta + 1), digits: context.digits) && p.lower > 0 ? nil : "β = \(b)"
        }
    }

    // MARK: Direct KL, large groups

    /// At each π_ref of the grid: β_c certified, no zero of h just below it, exactly two above.
    static func directThreshold(_ context: ProofContext) -> CheckStatus {
        let references = ["0.001", "0.01", "0.1", "0.3", "0.5", "0.7", "0.9", "0.99"]
        return everyPoint(references, digits: context.digits) { r in
            let analysis = try? ThresholdAnalysis(reference: decimal(r), digits: context.digits)
            return analysis?.passed == true ? nil : "π_ref = \(r)"
        }
    }

    // MARK: Finite groups

    /// Interval `U_G`, `V_G` against an interval enumeration of every reward vector.
    static func exactSumsEnumeration(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let points = (2...10).flatMap { g in ["0.1", "0.37", "0.5", "0.9"].map { (g, $0) } }
        return everyPoint(points, digits: context.digits) { g, m in
            let mu = Interval(decimal(m), precision: precision)
            let sums = BinomialRewardSums(groupSize: g, precision: precision).values(at: mu)
            let (one, zero) = enumeratedAdvantages(groupSize: g, mu: mu)
            return agrees(sums.u, one, digits: context.digits) && agrees(sums.v, -zero, digits: context.digits)
                ? nil : "G = \(g), μ = \(m)"
        }
    }

    /// `E[A_1 | r_1 = 1]` and `E[A_1 | r_1 = 0]` from (2), summed over all `2^{G−1}` reward
    /// vectors of the other members (population std, 0/0 := 0).
    static func enumeratedAdvantages(groupSize g: Int, mu: Interval) -> (one: Interval, zero: Interval) {
        let p = mu.precision
        var one = Interval(0, precision: p), zero = one
        for mask in 0..<(1 << (g - 1)) {
            let ones = mask.nonzeroBitCount
            let probability = mu.power(ones) * (1 - mu).power(g - 1 - ones)
            for own in [1, 0] {
                let k = ones + own  // ones in the whole group
                guard k > 0 && k < g else { continue }  // std 0: advantage 0
                // A = (r − k/G) / sqrt(k(G − k)/G²) = (G r − k) / sqrt(k (G − k))
                let advantage = (Interval(g * own - k, precision: p) / Interval(k * (g - k), precision: p).squareRoot())
                if own == 1 { one = one + probability * advantage } else { zero = zero + probability * advantage }
            }
        }
        return (one, zero)
    }

    /// `|U_G(μ) − sqrt((1 − μ)/μ)|` strictly decreasing over G = 16, 64, …, 4096.
    static func largeGroupLimit(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let mus = ["0.1", "0.3", "0.5", "0.7", "0.9"]
        return everyPoint(mus, digits: context.digits) { m in
            let mu = Interval(decimal(m), precision: precision)
            let limit = ((1 - mu) / mu).squareRoot()
            let gaps = [16, 64, 256, 1024, 4096].map {
                (BinomialRewardSums(groupSize: $0, precision: precision).values(at: mu).u - limit).absolute()
            }
            return zip(gaps, gaps.dropFirst()).allSatisfy { $1.upper < $0.lower } ? nil : "μ = \(m)"
        }
    }

    /// `|p_G − p_∞|` strictly decreasing over G = 2, 4, …, 4096 at β = 0.1, π_ref = 0.3.
    static func finiteGroupGap(_ context: ProofContext) -> CheckStatus {
        let precision = DigitsPolicy(digits: context.digits).working
        let sizes = (1...12).map { 1 << $0 }
        let roots = (try? orderedMap(sizes) { g in certifiedRoot(try setting(.finite(g), beta: "0.1", reference: "0.3"),
                                                                 digits: context.digits) }) ?? []
        guard roots.count == sizes.count, roots.allSatisfy({ $0?.certificate == .unique }) else {
            return .failed("a finite-G root was not certified")
        }
        let limit = context.closedForms.largeGroups(Interval(decimal("0.1"), precision: precision),
                                                    Interval(decimal("0.3"), precision: precision))
        let gaps = roots.map { ($0!.enclosure - limit).absolute() }
        guard zip(gaps, gaps.dropFirst()).allSatisfy({ $1.upper < $0.lower }) else {
            return .failed("the gap to (15) does not shrink at every step")
        }
        return .certifiedOnGrid(points: sizes.count, digits: context.digits)
    }
}

extension Interval {
    /// `{|x|}` enclosed.
    func absolute() -> Interval {
        if lower.sign >= 0 { return self }
        if upper.sign <= 0 { return -self }
        return Interval(uncheckedLower: BigFloat(0, precision: precision), upper: magnitude, precision: precision)
    }
}
