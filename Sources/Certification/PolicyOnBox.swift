import GRPOModel
import Multiprecision

/// The stationary policy over a box of binary settings, `β ∈ [β₀, β₁]`, `π_ref(a) ∈ [r₀, r₁]`
/// (one question: G, penalty, γ, normalisation), by the comparison principle
/// (proofs/conjectures.md, "A box at any group size").
///
/// The residual `F(p; β, r)` of (11) increases in β and decreases in r at every p
/// (`BinaryModel.parameterDerivatives`, since `Δ ≥ 0`), so on the box
///
///     F(p; β₀, r₁) ≤ F(p; β, r) ≤ F(p; β₁, r₀)   for every p.
///
/// Where every setting of the question has exactly one root in (0, 1) (`isUnique`), with `F`
/// negative below it and positive above, the root at `(β, r)` therefore lies between the
/// roots `p₀` at `(β₁, r₀)` and `p₁` at `(β₀, r₁)`: π(a) increases in π_ref(a) and decreases
/// in β, and the hull of the two corner enclosures holds it on the whole box. Its partial
/// derivatives follow by implicit differentiation, `∂π/∂β = −F_β/F_p`, `∂π/∂r = −F_r/F_p`,
/// enclosed over `X = [p₀, p₁]` where `F_p > 0` is certified there.
public struct PolicyOnBox: Sendable {
    /// The stationary policy at every point of the box.
    public let enclosure: Interval
    /// `∂π(a)/∂β` and `∂π(a)/∂π_ref(a)` at every point of the box; nil where `F_p > 0` is not
    /// certified over the enclosure (a smaller box may do).
    public let slopes: (beta: Interval, reference: Interval)?

    /// True when every setting of `question`'s kind (its G, penalty, γ and normalisation, any
    /// β > 0 and 0 < π_ref(a) < 1) has exactly one stationary policy: the direct penalty at
    /// G = 2 (`F` increases in p), the reverse penalty where `p P_G(a|π)` is concave
    /// (`AdvantageNormalisation.expectedAdvantageIsConcave`: then `β(p − π_ref(a)) − p P_G(a|π)`
    /// is convex, negative at π_ref(a) and positive at 1).
    public static func isUnique(_ question: BinarySetting) -> Bool {
        switch question.penalty {
        case .direct: question.groupSize == .two
        case .reverse: question.normalisation.expectedAdvantageIsConcave(groupSize: question.groupSize)
        }
    }

    /// The policy on the box `beta × reference` of `question`'s settings (`isUnique` must
    /// hold), from the certified roots `low` at `(β₁, r₀)` and `high` at `(β₀, r₁)`.
    ///
    /// For the reverse penalty `F_p = 1 − h′(p)/β` with `h(p) = p P_G(a|π)` concave, so
    /// `h′` decreases and over X lies in `[h′(p₁), h′(p₀)]`, evaluated at the two points:
    /// no interval evaluation of `h′` over a wide X, whose sums would lose every digit.
    public init(_ question: BinarySetting, beta: Interval, reference: Interval, low: Interval, high: Interval,
                precision: Int) {
        let x = Interval(uncheckedLower: low.lower, upper: high.upper, precision: precision)
        enclosure = x
        slopes = try? MPFRFlags.checking {
            let model = BinaryModel<Interval>(question, beta: beta, reference: reference, precision: precision)
            let slope: Interval
            switch question.penalty {
            case .reverse:
                let ends = [x.lower, x.upper].map {
                    model.expectedAdvantageAndDerivative(at: Interval(uncheckedLower: $0, upper: $0, precision: precision)).derivative
                }
                slope = 1 - Interval(uncheckedLower: ends[1].lower, upper: ends[0].upper, precision: precision) / beta
            case .direct:
                slope = model.stationarityResidualAndDerivative(at: x).derivative
            }
            let parameters = model.parameterDerivatives(at: x)
            guard slope.isValid, slope.lower > 0 else { return nil }
            return (-(parameters.beta / slope), -(parameters.reference / slope))
        } ?? nil
    }
}
