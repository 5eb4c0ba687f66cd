import Multiprecision

/// The direct KL penalty with large groups, binary question (Section 3, App. B.2; proofs/direct-kl-large-g.md).
///
/// Stationary points are the zeros in (0, 1) of
///
///     h(x) = 1/(β sqrt(x(1 − x))) − logit x + logit p_ref,
///
/// which falls on `(0, x*]` and rises on `[x*, 1)`, `x* = (1 + sqrt(1 − 1/(1 + β²)))/2`, with
/// `h(x*) = 2 sqrt(1 + β²)/β − 2 asinh β + logit p_ref` **(derived)**: zeros exist iff
/// `β ≥ β_c(p_ref)`, the root of `φ(β) = 2 asinh β − 2 sqrt(1 + β²)/β = logit p_ref` (a double
/// zero at `β_c`, two zeros above).
public struct DirectLargeGroups<T: RealArithmetic> {
    public let beta: T
    public let reference: T

    public init(beta: T, reference: T) {
        self.beta = beta
        self.reference = reference
    }

    var referenceLogit: T { (reference / (1 - reference)).log() }

    /// `h(x)` and `h′(x) = −(1 − 2x)/(2β (x(1 − x))^{3/2}) − 1/(x(1 − x))`; with `ε > 0`,
    /// `h_ε(x) = 1/(β sqrt(x(1 − x) + ε)) − logit x + logit p_ref`, whose zeros are the fixed
    /// points of Mroueh's map `T_ε`.
    public func h(at x: T, epsilon: T? = nil) -> (value: T, derivative: T) {
        let spread = x * (1 - x)
        let shifted = epsilon.map { spread + $0 } ?? spread
        let root = shifted.squareRoot()
        let value = 1 / (beta * root) - (x / (1 - x)).log() + referenceLogit
        let derivative = -((1 - 2 * x) / (2 * beta * shifted * root)) - 1 / spread
        return (value, derivative)
    }

    /// `x* = (1 + sqrt(1 − 1/(1 + β²)))/2`, where `h′ = 0`.
    public var minimiser: T {
        ((1 - 1 / (beta * beta + 1)).squareRoot() + 1) / 2
    }

    /// `h(x*) = 2 sqrt(1 + β²)/β − 2 asinh β + logit p_ref`.
    public var minimum: T {
        2 * (beta * beta + 1).squareRoot() / beta - 2 * beta.asinh() + referenceLogit
    }

    /// `φ(β) − logit p_ref` with `φ(β) = 2 asinh β − 2 sqrt(1 + β²)/β`, and its β-derivative
    /// `φ′(β) = 2/sqrt(1 + β²) + 2/(β² sqrt(1 + β²)) > 0`: its root is `β_c(p_ref)`.
    public static func thresholdEquation(at beta: T, reference: T) -> (value: T, derivative: T) {
        let root = (beta * beta + 1).squareRoot()
        let value = 2 * beta.asinh() - 2 * root / beta - (reference / (1 - reference)).log()
        return (value, 2 / root + 2 / (beta * beta * root))
    }

    /// Mroueh's map (arXiv:2503.06639), GRPO with the true KL penalty:
    /// `logit T(p) = logit p_ref + 1/(β sqrt(p(1 − p) + ε))`; at `ε = 0` its fixed points are
    /// the zeros of `h`. Returns `T(p)` and `T′(p)`.
    public func mrouehMap(at p: T, epsilon: T) -> (value: T, derivative: T) {
        let spread = p * (1 - p) + epsilon
        let root = spread.squareRoot()
        let logit = referenceLogit + 1 / (beta * root)
        let t = 1 / ((-logit).exp() + 1)
        let logitSlope = -((1 - 2 * p) / (2 * beta * spread * root))
        return (t, t * (1 - t) * logitSlope)
    }
}
