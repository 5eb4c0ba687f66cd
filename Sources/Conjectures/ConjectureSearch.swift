import Multiprecision
import Verification

/// Looks for a counterexample between the points of a grid, then certifies what it finds.
///
/// The points are grouped into slices that differ only in `β` and `π_ref(a)`; each slice's
/// cells between neighbouring grid values are sampled best-first: a cell is scored by the
/// violation at its centre (for `=`, `log10 |f − q|/|q| + D`; for an inequality, the relative
/// amount by which it fails), the worst cell is split in four (two when only one of `β`,
/// `π_ref(a)` varies), and so on until `samples` points have been evaluated. `β` is halved
/// geometrically and `π_ref(a)` evenly, at short decimals strictly inside each cell. The
/// values come from the formula and the quantity's approximation (Newton on (11), or
/// bisection for `β_c`), not from enclosures: the samples that violate the conjecture are then
/// certified like grid points, and only a certified refutation is a counterexample.
public struct ConjectureSearch: Sendable {
    /// Points evaluated in all.
    public var samples: Int
    /// Violating samples certified, worst first, before giving up.
    public var certifications: Int

    public init(samples: Int = 400, certifications: Int = 3) {
        self.samples = samples
        self.certifications = certifications
    }

    public struct Result: Sendable {
        /// Points evaluated, and those skipped because the formula or the approximation had no value.
        public let samples: Int
        public let skipped: Int
        /// The worst sample, and its score (positive when it appears to violate the conjecture).
        public let worst: ConjecturePoint?
        public let worstScore: Double?
        /// The certified verdicts at the violating samples, worst first.
        public let certified: [PointVerdict]

        /// The first certified refutation.
        public var counterexample: PointVerdict? { certified.first { $0.outcome == .refuted } }
    }

    /// A cell of a slice: the ranges of `β` and `π_ref(a)` it spans (nil for a parameter that
    /// does not vary), and its centre with the centre's score.
    struct Cell {
        typealias Range = (DecimalNumber, DecimalNumber)
        let beta: Range?
        let reference: Range?
        let centre: ConjecturePoint
        let score: Double
    }

    public func run(_ conjecture: Conjecture, around points: [ConjecturePoint]) -> Result {
        let precision = DigitsPolicy(digits: conjecture.digits).working
        var evaluated = 0, skipped = 0
        var scored: [(point: ConjecturePoint, score: Double)] = []
        func cell(_ beta: Cell.Range?, _ reference: Cell.Range?, in slice: ConjecturePoint) -> Cell? {
            let b = beta.flatMap { Self.between($0.0, $0.1, geometric: true) }
            let r = reference.flatMap { Self.between($0.0, $0.1, geometric: false) }
            guard beta == nil || b != nil, reference == nil || r != nil, evaluated < samples else { return nil }
            let centre = slice.moved(beta: b, reference: r)
            evaluated += 1
            guard let score = Self.score(conjecture, at: centre, precision: precision) else {
                skipped += 1
                return nil
            }
            scored.append((centre, score))
            return Cell(beta: beta, reference: reference, centre: centre, score: score)
        }
        // The ranges between neighbouring values, or `[nil]` for a single value.
        func ranges(_ values: [DecimalNumber]) -> [Cell.Range?] {
            values.count > 1 ? zip(values, values.dropFirst()).map { ($0, $1) } : [nil]
        }
        // Both halves of a range around `middle`, or `[nil]`.
        func halves(_ range: Cell.Range?, _ middle: DecimalNumber?) -> [Cell.Range?] {
            guard let range, let middle else { return [nil] }
            return [(range.0, middle), (middle, range.1)]
        }
        var cells: [Cell] = []
        for (slice, betas, references) in Self.slices(points) where betas.count > 1 || references.count > 1 {
            for b in ranges(betas) {
                for r in ranges(references) {
                    if let c = cell(b, r, in: slice) { cells.append(c) }
                }
            }
        }
        while evaluated < samples, let worst = cells.indices.max(by: { cells[$0].score < cells[$1].score }) {
            let parent = cells.remove(at: worst)
            for b in halves(parent.beta, parent.centre.beta) {
                for r in halves(parent.reference, parent.centre.reference) {
                    if let c = cell(b, r, in: parent.centre) { cells.append(c) }
                }
            }
        }
        let violating = scored.filter { $0.score > 0 || ($0.score == 0 && conjecture.relation.isStrict) }
            .sorted { $0.score > $1.score }
        var certified: [PointVerdict] = []
        for candidate in violating.prefix(certifications) {
            // A sample whose interval evaluation has no value (near the edge of a domain) is passed over.
            guard let verdict = try? conjecture.verdict(at: candidate.point) else { continue }
            certified.append(verdict)
            if verdict.outcome == .refuted { break }
        }
        let worst = scored.max { $0.score < $1.score }
        return Result(samples: evaluated, skipped: skipped, worst: worst?.point, worstScore: worst?.score,
                      certified: certified)
    }

    /// The slices of `points` (equal but for `β` and `π_ref(a)`): the first point of each, and
    /// its `β` and `π_ref(a)` values in increasing order.
    static func slices(_ points: [ConjecturePoint]) -> [(ConjecturePoint, [DecimalNumber], [DecimalNumber])] {
        var order: [ConjecturePoint] = []
        var members: [ConjecturePoint: (first: ConjecturePoint, betas: [DecimalNumber], references: [DecimalNumber])] = [:]
        for p in points {
            // The point at β = π_ref(a) = 1 stands for its slice (a setting the rules admit).
            let key = p.moved(beta: p.beta.map { _ in .one }, reference: p.reference.map { _ in .one })
            if members[key] == nil {
                order.append(key)
                members[key] = (p, [], [])
            }
            if let b = p.beta { members[key]!.betas.append(b) }
            if let r = p.reference { members[key]!.references.append(r) }
        }
        func sorted(_ xs: [DecimalNumber]) -> [DecimalNumber] {
            var unique: [DecimalNumber] = []
            for x in xs.sorted(by: { $0.order(comparedWith: $1) < 0 })
            where unique.last.map({ !$0.isNumericallyEqual(to: x) }) ?? true { unique.append(x) }
            return unique
        }
        return order.map { key in
            let m = members[key]!
            return (m.first, sorted(m.betas), sorted(m.references))
        }
    }

    /// A short decimal strictly between `a < b`: near the arithmetic or geometric mean, with
    /// the fewest significant digits (3 to 40) that land strictly inside; nil if none does.
    static func between(_ a: DecimalNumber, _ b: DecimalNumber, geometric: Bool) -> DecimalNumber? {
        guard a.order(comparedWith: b) < 0 else { return nil }
        let precision = 256
        let (x, y) = (a.value(precision: precision), b.value(precision: precision))
        let middle = geometric && x > 0 ? (x * y).squareRoot() : BigFloat.average(x, y)
        for significant in 3...40 {
            guard let m = try? DecimalNumber(middle.decimalString(significantDigits: significant)) else { continue }
            if a.order(comparedWith: m) < 0 && m.order(comparedWith: b) < 0 { return m }
        }
        return nil
    }

    /// How badly the sample at `point` appears to violate the conjecture (positive: it does);
    /// nil where the formula or the approximation has no value.
    static func score(_ conjecture: Conjecture, at point: ConjecturePoint, precision: Int) -> Double? {
        let values = Dictionary(uniqueKeysWithValues: point.variables.map { ($0.name, $0.value.value(precision: precision)) })
        guard let f: BigFloat = try? conjecture.formula.evaluate(values, integers: point.integers, precision: precision),
              let q = try? conjecture.quantity.approximation(at: point, precision: precision), q.isFinite else { return nil }
        let tiny = BigFloat(1, precision: precision).scaled(byPowerOfTwo: -precision)
        let scale = BigFloat.maximum(q.magnitude, tiny)
        switch conjecture.relation {
        case .equal:
            let relative = (f - q).magnitude / scale
            return relative.isZero ? -Double(precision) : relative.log().doubleApproximation / 2.302585092994046
                + Double(conjecture.digits)
        case .less, .lessOrEqual: return ((f - q) / scale).doubleApproximation
        case .greater, .greaterOrEqual: return ((q - f) / scale).doubleApproximation
        }
    }
}

extension ConjectureRelation {
    var isStrict: Bool { self == .less || self == .greater }
}
