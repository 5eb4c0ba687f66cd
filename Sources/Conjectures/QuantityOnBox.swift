import Certification
import GRPOModel
import Multiprecision

/// Why a quantity has no enclosure over a box: at a corner (so at every box that has it,
/// undecided), or on the box itself (a smaller box may do).
enum BoxFailure: Error {
    case corner(String)
    case box(String)
}

extension Conjecture {
    /// The quantity the box's enclosure is built from, certified at a corner `(β, π_ref(a))`,
    /// each corner computed once: π(a), where the question's stationary policy is proved unique
    /// (`PolicyOnBox.isUnique`), or `β_c` (the only root of the increasing `φ(β) − logit π_ref(a)`).
    func corners(_ domain: ConjectureDomain) -> (DecimalNumber?, DecimalNumber) -> Result<Interval, BoxFailure> {
        var known: [ConjecturePoint: Interval] = [:]
        let anchor: ConjectureQuantity = domain.question == nil ? .betaC : .policy
        let unique = domain.question.map(PolicyOnBox.isUnique) ?? true
        return { beta, reference in
            guard unique else {
                return .failure(.corner("the stationary policy is not proved unique for this question (G = "
                                        + "\(domain.groupSize?.description ?? "–"), normalisation = "
                                        + "\(domain.question?.normalisation.description ?? "–")), so it has no enclosure on a box"))
            }
            guard let point = try? domain.point(beta: beta, reference: reference) else {
                return .failure(.corner("no setting at the corner β = \(beta?.text ?? "–"), π_ref(a) = \(reference)"))
            }
            if let value = known[point] { return .success(value) }
            switch anchor.enclosure(at: point, digits: digits) {
            case .failure(let failure):
                return .failure(.corner("\(anchor.symbol(at: point)) is not certified at \(point.description): \(failure.reason)"))
            case .success(let value):
                known[point] = value
                return .success(value)
            }
        }
    }

    /// The quantity at every point of the box, with its partial derivatives in `(β, π_ref(a))`:
    ///
    /// * π(a) (and μ = π(a) at γ = 1) from `PolicyOnBox`, between its corner values;
    /// * Δ = Δ(π(a)) and F_G(μ), which depend on the box only through π(a):
    ///   `∂Δ/∂x = Δ′(π) ∂π/∂x`, `∂F_G/∂x = F_G′(μ) ∂μ/∂x`;
    /// * β_c between its values at `r₀` and `r₁`, with
    ///   `∂β_c/∂π_ref(a) = 1/(π_ref(a)(1 − π_ref(a)) φ′(β_c))` (from `φ(β_c) = logit π_ref(a)`).
    func quantityOnBox(_ domain: ConjectureDomain, _ beta: DecimalRange?, _ reference: DecimalRange,
                       corner: (DecimalNumber?, DecimalNumber) -> Result<Interval, BoxFailure>,
                       precision: Int) -> Result<IntervalGradient, BoxFailure> {
        let r = Self.interval(reference, precision: precision)
        let zero = Interval(0, precision: precision)
        guard let question = domain.question, let beta else {
            return corner(nil, reference.lower).flatMap { low in
                corner(nil, reference.upper).flatMap { high in
                    let x = Interval(uncheckedLower: low.lower, upper: high.upper, precision: precision)
                    let slope = try? MPFRFlags.checking {
                        1 / (r * (1 - r) * DirectLargeGroups<Interval>.thresholdEquation(at: x, reference: r).derivative)
                    }
                    guard let slope, slope.isValid else { return .failure(.box("∂β_c/∂π_ref(a) has no enclosure on the box")) }
                    return .success(IntervalGradient(x, partials: [zero, slope]))
                }
            }
        }
        return corner(beta.upper, reference.lower).flatMap { low in
            corner(beta.lower, reference.upper).flatMap { high in
                let b = Self.interval(beta, precision: precision)
                let policy = PolicyOnBox(question, beta: b, reference: r, low: low, high: high, precision: precision)
                // Without slopes the partials are NaN: enough for an inequality, not for a mean value.
                let slopes = policy.slopes ?? (.undefined(precision: precision), .undefined(precision: precision))
                let p = IntervalGradient(policy.enclosure, partials: [slopes.beta, slopes.reference])
                let chained: (value: Interval, derivative: Interval)?
                switch quantity {
                case .policy, .successRate:
                    return .success(p)
                case .gap:
                    chained = try? MPFRFlags.checking {
                        let gap = BinaryModel<Interval>(question, beta: b, reference: r, precision: precision).preference
                            .gapAndDerivative(at: p.value)
                        return (gap.value, gap.derivative ?? zero)
                    }
                case .objective:
                    chained = try? MPFRFlags.checking {
                        let objective = AlignmentObjective(groupSize: question.groupSize, precision: precision)
                        return (objective.value(at: p.value), objective.derivative(at: p.value))
                    }
                case .betaC:
                    return .failure(.corner("β_c has a box over π_ref(a) only"))
                }
                guard let chained, chained.value.isValid else {
                    return .failure(.box("\(quantity.symbol(at: nil)) has no enclosure over π(a) on the box"))
                }
                return .success(IntervalGradient(chained.value, partials: p.partials.map { chained.derivative * $0 }))
            }
        }
    }

    /// `formula = quantity` on a box: decided exactly where the quantity is a policy the suite
    /// writes as the root of a polynomial equation — a rational constant gap (`rationalGap`:
    /// G = 2, and the shift normalisation at any G) with either penalty, G = ∞ with the reverse
    /// penalty — and the formula has an exact form (`identityVerdict`); otherwise to the
    /// requested digits by mean-value enclosures (`meanValueAgreement`).
    func equalityVerdict(on domain: ConjectureDomain) throws -> DomainVerdict {
        var inexact: String?
        if let question = domain.question, quantity == .policy || quantity == .successRate,
           Self.rationalGap(question) != nil || (question.groupSize == .infinite && question.penalty == .reverse
                                                  && [.population, .bessel].contains(question.normalisation)) {
            do {
                return try identityVerdict(on: domain)
            } catch let refusal as ConjectureDomain.Refusal {
                inexact = refusal.description
            }
        }
        var verdict = try meanValueAgreement(on: domain)
        if let inexact { verdict.identity = "not decided exactly (\(inexact)); " + (verdict.identity ?? "mean-value enclosures") }
        return verdict
    }

    /// `D`-digit agreement on the whole box by the mean-value theorem (proofs/conjectures.md,
    /// "Agreement by mean values"): on a box with centre `c` and every point `x`,
    ///
    ///     |f(x) − q(x)| ≤ |f(c) − q(c)| + Σ_i sup |∂_i f − ∂_i q| · |x_i − c_i|,
    ///
    /// with `f(c)`, `q(c)` certified at the centre and the partials enclosed over the box
    /// (`boxGradient`, `quantityOnBox`); a box holds when that bound is below `10^−D |q|`.
    /// The bound shrinks like the box's width squared where the two agree, so the boxes
    /// needed grow with D; a centre where the two differ beyond D digits refutes.
    func meanValueAgreement(on domain: ConjectureDomain) throws -> DomainVerdict {
        let precision = DigitsPolicy(digits: digits).working
        let tolerance = Interval(try DecimalNumber("1e-\(digits)"), precision: precision)
        let corner = corners(domain)
        let zero = Interval(0, precision: precision)
        func partial(_ g: IntervalGradient, _ i: Int) -> Interval { i < g.partials.count ? g.partials[i] : zero }
        var largest = BigFloat(0, precision: 64)
        var result = try searchBoxes(domain) { beta, reference in
            let c = (beta.map { ConjectureSearch.between($0.lower, $0.upper, geometric: true) ?? $0.lower },
                     ConjectureSearch.between(reference.lower, reference.upper, geometric: false) ?? reference.lower)
            let centre = try domain.point(beta: c.0, reference: c.1)
            guard let fc = try? formulaEnclosure(at: centre, precision: precision) else { return .split }
            guard case .success(let qc) = quantity.enclosure(at: centre, digits: digits) else {
                return .undecided("\(quantity.symbol(at: centre)) is not certified at \(centre.description)")
            }
            let atCentre = decide(centre, fc, qc)
            if atCentre.outcome == .refuted { return .refuted(atCentre) }
            let q: IntervalGradient
            switch quantityOnBox(domain, beta, reference, corner: corner, precision: precision) {
            case .success(let onBox): q = onBox
            case .failure(.corner(let reason)): return .undecided(reason)
            case .failure(.box): return .split
            }
            guard let f = try? boxGradient(domain, beta, reference, precision: precision), f.isValid, q.isValid,
                  !q.value.containsZero else { return .split }
            let radii = [beta.map { (Self.interval($0, precision: precision) - Interval(c.0!, precision: precision)).magnitude },
                         (Self.interval(reference, precision: precision) - Interval(c.1, precision: precision)).magnitude]
            var bound = (fc - qc).absoluteValue()
            for (i, radius) in radii.enumerated() {
                guard let radius else { continue }
                bound = bound + (partial(f, i) - partial(q, i)).absoluteValue() * Interval(uncheckedLower: radius, upper: radius, precision: radius.precision)
            }
            let relative = bound / q.value.absoluteValue()
            guard relative.isValid else { return .split }
            guard relative.upper < tolerance.lower else {
                // The bound falls like the box's area where formula and quantity agree: a box
                // needs about relative/10^−D pieces (judged once the box is at most 1/16 of the
                // domain along each side, where that rate has set in).
                let pieces = BigFloat.quotient(relative.upper, tolerance.lower, precision: 64, rounding: .down)
                let share = max(beta.map { Self.logRatio($0.lower, $0.upper) / Self.logRatio(domain.beta!.lower, domain.beta!.upper) } ?? 0,
                                Self.difference(reference.lower, reference.upper)
                                    / Self.difference(domain.reference.lower, domain.reference.upper))
                if share <= 1.0 / 16, pieces > BigFloat(64 * domain.maximumBoxes, precision: 64) {
                    return .undecided("agreement to \(digits) digits would need more than "
                                      + "10^\(bitsToDigits(pieces.exponent - 1)) boxes on "
                                      + "\(Self.box(beta, reference)) (the mean-value bound falls like a box's area); "
                                      + "fewer --digits may be certified")
                }
                return .split
            }
            let rounded = relative.rounded(toPrecision: 64).upper
            if rounded > largest { largest = rounded }
            return .holds
        }
        if result.outcome == .holds {
            result.agreement = .toDigits
            result.identity = "mean-value enclosures: |formula − \(quantity.symbol(at: nil))| ≤ |f(c) − q(c)| + Σ sup|∂f − ∂q|·|x − c| "
                + "on every box, certified below \(largest.decimalString(significantDigits: 3, rounding: .up)) × "
                + "|\(quantity.symbol(at: nil))|: the formula agrees to \(digits) digits (relative error below 10^−\(digits)) on "
                + "the whole box; whether it is \(quantity.symbol(at: nil)) exactly is not decided"
        }
        return result
    }
}
