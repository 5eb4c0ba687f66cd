import Certification
import Expressions
import GRPOModel
import Multiprecision
import Symbolic

extension Conjecture {
    /// `formula = π(a)` at every point of `domain`, decided exactly (proofs/conjectures.md,
    /// "An identity on a box").
    ///
    /// On the domain's questions the stationary policy is the larger root of a quadratic
    /// `a p² + b p + c = 0` (`stationaryQuadratic`). The formula's exact form `f = (A + B s)/C`
    /// (`Formula.algebraic`, the box's margin as a rational) is substituted: if
    /// `C² (a f² + b f + c)`, reduced modulo `s² − S`, is the zero polynomial, `f` is a root
    /// wherever it is defined. Interval arithmetic then certifies, box by box, that the formula
    /// is defined (so continuous) and `b² − 4ac > 0`; since `(2a f + b)² = b² − 4ac`, the sign of
    /// `2a f + b` is then one on the whole (connected) box, decided at a corner: positive, the
    /// formula is the larger root, π(a), everywhere; negative, it is the other root, refuted at
    /// that corner. If the reduced residual is not zero the formula is not the stationary policy
    /// as a function: the verdict is refuted at a corner or the centre of the box where the
    /// point check refutes it, and undecided otherwise.
    func identityVerdict(on domain: ConjectureDomain) throws -> DomainVerdict {
        guard domain.question != nil else { throw ConjectureDomain.Refusal(description: "β_c has no closed form") }
        if domain.penalty == .direct { return try directIdentityVerdict(on: domain) }
        let f: QuadraticSurd
        do {
            f = try exactForm(on: domain)
        } catch {
            throw ConjectureDomain.Refusal(description: "an identity on a box needs an algebraic formula: \(error)")
        }
        let gap = Self.rationalGap(domain.question!)
        let quadratic = Self.stationaryQuadratic(gap == nil ? .infinite : .two, margin: gap?.value ?? 1, named: gap?.name ?? "γ")
        let residual: QuadraticSurd
        do {
            residual = try QuadraticSurd(quadratic.a) * f * f + QuadraticSurd(quadratic.b) * f + QuadraticSurd(quadratic.c)
        } catch {
            throw ConjectureDomain.Refusal(description: "an identity on a box needs an algebraic formula: "
                                           + "the residual of \(quadratic.name) exceeds \(QuadraticSurd.maximumTerms) terms")
        }
        guard residual.isZero else {
            let notIdentity = "not an identity: C²·(\(quadratic.name)) at the formula f = (A + B·s)/C is U + V·s with "
                + "U = \(Self.shown(residual.rational)), V = \(Self.shown(residual.surd)), not both 0"
            var verdict = try pointsOfTheBox(domain)
            if verdict.outcome == .undecided, var agreement = try agreementVerdict(on: domain, residual: residual, quadratic: quadratic) {
                agreement.identity = notIdentity + "; " + (agreement.identity ?? "")
                return agreement
            }
            verdict.identity = notIdentity
            return verdict
        }
        let precision = DigitsPolicy(digits: digits).working
        let margin = Interval(quadratic.gap, precision: precision)
        var result = try searchBoxes(domain) { beta, reference in
            guard let beta else { return .undecided("a box of binary settings needs a range of β") }
            guard (try? boxEnclosure(domain, beta, reference, precision: precision)) != nil else { return .split }
            let discriminant = quadratic.discriminant(Self.interval(beta, precision: precision),
                                                      Self.interval(reference, precision: precision), margin)
            return discriminant.isValid && discriminant.lower > 0 ? .holds : .split
        }
        guard result.outcome == .holds else {
            result.identity = "exact: the formula is a root of \(quadratic.name); which root is not decided, since the "
                + "formula is not certified defined, with distinct roots, on every box"
            return result
        }
        // Defined and continuous on the connected box, with (2a f + b)² = b² − 4ac > 0 there:
        // 2a f + b keeps one sign, which one point decides.
        let corner = try domain.point(beta: domain.beta!.lower, reference: domain.reference.lower)
        let atCorner = try formulaEnclosure(at: corner, precision: precision)
        let sign = quadratic.branch(Interval(domain.beta!.lower, precision: precision),
                                    Interval(domain.reference.lower, precision: precision), margin, atCorner)
        let roots = "the formula is a root of \(quadratic.name) wherever it is defined (C²·Q(f) reduces to 0 modulo "
            + "s² − S); it is defined on every box and b² − 4ac > 0 there, so \(quadratic.branchName) keeps one sign "
            + "on the box"
        if sign.isValid, sign.lower > 0 {
            result.agreement = .exact
            result.identity = "exact: \(roots), positive at β = \(domain.beta!.lower), π_ref(a) = \(domain.reference.lower): "
                + "the formula is the larger root, π(a)"
            return result
        }
        guard sign.isValid, sign.upper < 0 else {
            return DomainVerdict(outcome: .undecided, certifiedBoxes: result.certifiedBoxes, examinedBoxes: result.examinedBoxes,
                                 counterexample: nil, undecided: "the sign of \(quadratic.branchName) is not decided at a corner",
                                 identity: "exact: \(roots)")
        }
        return DomainVerdict(outcome: .refuted, certifiedBoxes: 0, examinedBoxes: result.examinedBoxes,
                             counterexample: try verdict(at: corner), undecided: nil,
                             identity: "exact: \(roots), negative at β = \(domain.beta!.lower), π_ref(a) = "
                                 + "\(domain.reference.lower): the formula is the smaller root, not π(a), on the whole box")
    }

    /// `D`-digit agreement on the whole box for a formula that is not the root exactly, from its
    /// residual `Q(f) = (U + V s)/C²`, whose polynomials carry the formula's small difference
    /// from π(a) as a factor, so that interval evaluation over a box does not lose it to the
    /// box's width. `(2a f + b)² = b² − 4ac + 4a Q(f)`: where the right side is certified
    /// positive on a box, `2a f + b` keeps one sign there (the formula is defined, so
    /// continuous); positive (decided at a corner, like the identity's branch),
    /// `f = (−b + sqrt(b² − 4ac + 4aQ))/(2a)` and
    ///
    ///     |f − π(a)| = 2|Q(f)| / (sqrt(b² − 4ac + 4aQ) + sqrt(b² − 4ac)) ≤ 2|Q(f)| / sqrt(b² − 4ac).
    ///
    /// With π(a) at least its certified value at the corner `(β₁, r₀)` (it decreases in β and
    /// increases in π_ref(a)), `2|Q|/sqrt(b² − 4ac) < 10^−D π(a)` on every box (halved while
    /// undecided) gives agreement to D digits on the whole box. Nil when some box stays
    /// undecided or the corner's sign is not positive.
    private func agreementVerdict(on domain: ConjectureDomain, residual: QuadraticSurd,
                                  quadratic: StationaryQuadratic) throws -> DomainVerdict? {
        let precision = DigitsPolicy(digits: digits).working
        let margin = Interval(quadratic.gap, precision: precision)
        let tolerance = Interval(try DecimalNumber("1e-\(digits)"), precision: precision)
        let corner = corners(domain)
        var largest = BigFloat(0, precision: 64)
        var result = try searchBoxes(domain) { beta, reference in
            guard let beta else { return .undecided("a box of binary settings needs a range of β") }
            guard let f = try? boxEnclosure(domain, beta, reference, precision: precision), f.isValid else { return .split }
            let box = ["beta": Self.interval(beta, precision: precision), "ref": Self.interval(reference, precision: precision)]
            let a = quadratic.a.enclosure(at: box, precision: precision)
            let discriminant = quadratic.discriminant(box["beta"]!, box["ref"]!, margin)
            let s = residual.radicand.map {
                ($0.numerator.enclosure(at: box, precision: precision) / $0.denominator.enclosure(at: box, precision: precision)).squareRoot()
            } ?? Interval(0, precision: precision)
            let q = (residual.rational.enclosure(at: box, precision: precision)
                     + residual.surd.enclosure(at: box, precision: precision) * s) / residual.denominator.enclosure(at: box, precision: precision)
            guard a.isValid, a.lower > 0, discriminant.isValid, q.isValid,
                  (discriminant - 4 * a * q.absoluteValue()).lower > 0 else { return .split }
            guard case .success(let low) = corner(beta.upper, reference.lower), low.lower > 0 else {
                return .undecided("π(a) is not certified at a corner of \(Self.box(beta, reference))")
            }
            let relative = 2 * q.absoluteValue() / (discriminant.squareRoot() * low)
            guard relative.isValid, relative.upper < tolerance.lower else { return .split }
            let bound = relative.rounded(toPrecision: 64).upper
            if bound > largest { largest = bound }
            return .holds
        }
        guard result.outcome == .holds else { return nil }
        let point = try domain.point(beta: domain.beta!.lower, reference: domain.reference.lower)
        let sign = quadratic.branch(Interval(domain.beta!.lower, precision: precision), Interval(domain.reference.lower, precision: precision),
                                    margin, try formulaEnclosure(at: point, precision: precision))
        guard sign.isValid, sign.lower > 0 else { return nil }
        result.agreement = .toDigitsNotExact
        result.identity = "\(quadratic.branchName) > 0 at β = \(domain.beta!.lower), π_ref(a) = \(domain.reference.lower) and "
            + "b² − 4ac + 4aQ(f) > 0 on every box, so |f − π(a)| ≤ 2|Q(f)|/sqrt(b² − 4ac), certified below "
            + "\(largest.decimalString(significantDigits: 3, rounding: .up)) × π(a) on every box: the formula agrees with "
            + "π(a) to \(digits) digits (relative error below 10^−\(digits)) on the whole box"
        return result
    }

    /// `formula = π(a)` on a box for the direct penalty at G = 2, decided exactly (proofs/
    /// conjectures.md, "An identity with exp"). π(a) solves `p(1 − π_ref(a)) = (1 − p) π_ref(a)
    /// e^{γ/β}` (logit p = logit π_ref(a) + γ/β, direct-kl-g2.md), linear in p with the positive
    /// coefficient `1 − π_ref(a) + π_ref(a) e^{γ/β}`: one solution. The formula's exact form with
    /// `E = e^x` its one exponential as a variable (`Formula.algebraic(exponential:)`) is
    /// substituted, with `e^{γ/β} = E^k` where `γ/β = k x` for an integer k. A residual that is
    /// zero in `Q(β, π_ref(a), E)(s)` is zero at `E = e^x`: the formula is π(a) wherever it is
    /// defined, which interval arithmetic certifies box by box.
    func directIdentityVerdict(on domain: ConjectureDomain) throws -> DomainVerdict {
        let (f, x): (QuadraticSurd, QuadraticSurd?)
        do {
            (f, x) = try exactFormWithExponential(on: domain)
        } catch {
            throw ConjectureDomain.Refusal(description: "an identity on a box needs an algebraic formula with exp of one argument: \(error)")
        }
        guard let gap = Self.rationalGap(domain.question!) else {
            throw ConjectureDomain.Refusal(description: "the direct penalty's gap Δ is not a rational constant here")
        }
        let gamma = QuadraticSurd(Polynomial(gap.value)), beta = QuadraticSurd(.variable("beta"))
        let reference = QuadraticSurd(.variable("ref")), one = QuadraticSurd(1)
        var k = 1
        if let x {
            let y = try gamma / beta
            guard let ratio = (y.rational * x.denominator).constantMultiple(of: x.rational * y.denominator),
                  let integer = Int(ratio.description), integer != 0, integer.magnitude <= Formula.maximumAlgebraicPower else {
                throw ConjectureDomain.Refusal(description: "--formula: with the direct penalty, exp's argument x must make "
                                               + "γ/β = k·x for a non-zero integer k of magnitude at most "
                                               + "\(Formula.maximumAlgebraicPower), so that e^{γ/β} = (e^x)^k")
            }
            k = integer
        }
        let name = "p(1 − π_ref(a)) − (1 − p)π_ref(a)e^{γ/β}"
        let residual: QuadraticSurd
        do {
            let tilt = try QuadraticSurd(.variable(Self.exponentialAtom)).power(k)
            residual = try f * (try one - reference) - (try one - f) * reference * tilt
        } catch {
            throw ConjectureDomain.Refusal(description: "an identity on a box needs an algebraic formula: the residual of "
                                           + "\(name) exceeds \(QuadraticSurd.maximumTerms) terms")
        }
        let atom = x == nil ? "E" : "E = e^x, x the formula's exp argument, e^{γ/β} = " + (k == 1 ? "E" : "E^\(k)")
        guard residual.isZero else {
            var verdict = try pointsOfTheBox(domain)
            verdict.identity = "not an identity: \(name) at the formula is U + V·s with U = \(Self.shown(residual.rational)), "
                + "V = \(Self.shown(residual.surd)) (\(atom)), not both 0"
            return verdict
        }
        let precision = DigitsPolicy(digits: digits).working
        var result = try searchBoxes(domain) { beta, reference in
            (try? boxEnclosure(domain, beta, reference, precision: precision))?.isValid == true ? .holds : .split
        }
        if result.outcome == .holds { result.agreement = .exact }
        result.identity = result.outcome == .holds
            ? "exact: \(name) at the formula reduces to 0 for every value of \(atom), and the formula is defined on every box: "
                + "it is the one solution, π(a)"
            : "exact: \(name) at the formula reduces to 0 (\(atom)); the formula is not certified defined on every box"
        return result
    }

    /// The variable standing for the formula's exponential.
    static let exponentialAtom = "E"

    /// The formula's exact form with its exponential as the variable `exponentialAtom`.
    func exactFormWithExponential(on domain: ConjectureDomain) throws(FormulaError) -> (value: QuadraticSurd, exponent: QuadraticSurd?) {
        try formula.algebraic(constants: ["margin": Rational(domain.margin!)], exponential: Self.exponentialAtom)
    }

    /// The formula's exact form with the box's margin as the rational it is.
    func exactForm(on domain: ConjectureDomain) throws(FormulaError) -> QuadraticSurd {
        try formula.algebraic(constants: ["margin": Rational(domain.margin!)])
    }

    /// The point verdicts at the corners and the centre of the box: refuted at the first that
    /// refutes, otherwise undecided (a box is not certified from points).
    private func pointsOfTheBox(_ domain: ConjectureDomain) throws -> DomainVerdict {
        let betas = [domain.beta!.lower, domain.beta!.upper], references = [domain.reference.lower, domain.reference.upper]
        let middle = (ConjectureSearch.between(domain.beta!.lower, domain.beta!.upper, geometric: true),
                      ConjectureSearch.between(domain.reference.lower, domain.reference.upper, geometric: false))
        var points = betas.flatMap { b in references.map { (b, $0) } }
        if let beta = middle.0, let reference = middle.1 { points.append((beta, reference)) }
        for (beta, reference) in points {
            let point = try domain.point(beta: beta, reference: reference)
            let v: PointVerdict
            do { v = try verdict(at: point) } catch { continue }
            if v.outcome == .refuted {
                return DomainVerdict(outcome: .refuted, certifiedBoxes: 0, examinedBoxes: 0, counterexample: v,
                                     undecided: nil)
            }
        }
        return DomainVerdict(outcome: .undecided, certifiedBoxes: 0, examinedBoxes: 0, counterexample: nil,
                             undecided: "the formula agrees with π(a) to \(digits) digits at the corners and the centre, "
                                 + "but it is not the stationary policy exactly, and agreement to \(digits) digits on a "
                                 + "whole box is not certified from points")
    }

    /// A polynomial for a message: itself if short, else its number of terms.
    static func shown(_ p: Polynomial) -> String {
        let text = p.description
        return text.count <= 160 ? text : "a polynomial of \(p.termCount) terms"
    }

    /// The preference gap `Δ` of the box's question when it is a rational constant, with its
    /// name in messages (`BinaryRewardPreference.constantGap`): at G = 2, `γ` times the advantage
    /// of a group of two's winner (1 for the population normalisation, `1/(1 + 2ε)` with ε, 1/2
    /// for shift); for shift at G > 2, `1 − 1/G` (1 at G = ∞). Nil otherwise (Bessel's `1/sqrt 2`,
    /// `U_G + V_G` at finite G, `1/sqrt(p(1 − p))` at G = ∞).
    static func rationalGap(_ question: BinarySetting) -> (value: Rational, name: String)? {
        let gamma = Rational(question.confidenceMargin)
        switch (question.groupSize, question.normalisation) {
        case (.two, .population): return (gamma, "γ")
        case (.two, .populationEpsilon(let e)): return (gamma / (1 + 2 * Rational(e)), "Δ = γ/(1 + 2ε)")
        case (.two, .shift): return (gamma / 2, "Δ = γ/2")
        case (.finite(let g), .shift): return (1 - Rational(1) / Rational(g), "Δ = 1 − 1/G")
        case (.infinite, .shift): return (1, "Δ = 1")
        default: return nil
        }
    }

    /// The quadratic whose larger root is the stationary policy `p = π(a)` of the domain's
    /// questions (reverse KL), in the variables `beta` and `ref`, with its branch condition
    /// `2a p + b` in intervals:
    ///
    /// * a rational constant gap Δ (`rationalGap`; γ for the paper's groups of two): (11) times
    ///   β, `Δ p² + (β − Δ) p − β π_ref(a) = 0` (one positive root, since the product of the
    ///   roots `−β π_ref(a)/Δ` is negative); `groupSize` is then `.two` and `margin` is Δ;
    /// * G = ∞, population or Bessel: (19) squared, `(1 + β²) p² − (2β² π_ref(a) + 1) p + β² π_ref(a)² = 0`, whose
    ///   larger root lies above `π_ref(a)` (the quadratic is `−π_ref(a)(1 − π_ref(a)) < 0`
    ///   there), as (19) requires.
    static func stationaryQuadratic(_ groupSize: GroupSize, margin gamma: Rational, named gapName: String = "γ") -> StationaryQuadratic {
        let beta = Polynomial.variable("beta"), reference = Polynomial.variable("ref"), margin = Polynomial(gamma)
        if groupSize == .two {
            let (name, branch) = gapName == "γ" ? ("γp² + (β − γ)p − β·π_ref(a)", "2γp + β − γ")
                : ("Δp² + (β − Δ)p − β·π_ref(a) with \(gapName)", "2Δp + β − Δ")
            return StationaryQuadratic(a: margin, b: beta - margin, c: -(beta * reference), gap: gamma,
                                       name: name, branchName: branch,
                                       discriminant: { beta, reference, margin in
                                           (beta - margin) * (beta - margin) + 4 * margin * beta * reference
                                       }) { beta, _, margin, p in
                2 * margin * p + beta - margin
            }
        }
        let beta2 = beta * beta
        return StationaryQuadratic(a: 1 + beta2, b: -(2 * beta2 * reference + 1), c: beta2 * reference * reference, gap: 1,
                                   name: "(1 + β²)p² − (2β²π_ref(a) + 1)p + β²π_ref(a)²",
                                   branchName: "2(1 + β²)p − 2β²π_ref(a) − 1",
                                   discriminant: { beta, reference, _ in 1 + 4 * beta * beta * reference * (1 - reference) }
        ) { beta, reference, _, p in
            2 * (1 + beta * beta) * p - 2 * beta * beta * reference - 1
        }
    }
}

/// `a p² + b p + c` (with `a > 0`), its branch condition `2a p + b` (positive at the larger
/// root) and its discriminant `b² − 4ac`.
struct StationaryQuadratic {
    let a: Polynomial
    let b: Polynomial
    let c: Polynomial
    /// The constant gap Δ it was built with (1, and unused, at G = ∞), the closures' third argument.
    let gap: Rational
    let name: String
    let branchName: String
    /// `b² − 4ac` over intervals of β, π_ref(a) and Δ.
    let discriminant: (Interval, Interval, Interval) -> Interval
    /// `2a p + b` over intervals of β, π_ref(a), Δ and p.
    let branch: (Interval, Interval, Interval, Interval) -> Interval
}
