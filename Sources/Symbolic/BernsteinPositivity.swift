/// An exact proof that polynomials are positive on the open unit box `(0, 1)ⁿ`, by their
/// Bernstein coefficients over the rationals.
///
/// On a box `[l, u]` a polynomial of degrees `d₁ … d_n` is `Σ_I b_I B_I(x)`, where
/// `B_I(x) = Π_k C(d_k, i_k) t_k^{i_k} (1 − t_k)^{d_k − i_k}`, `t_k = (x_k − l_k)/(u_k − l_k)`.
/// Every `B_I` is positive inside the box, and on a face of the box exactly the `B_I` whose
/// index sits on that face (`i_k = 0` at a lower end, `i_k = d_k` at an upper end) are not
/// zero. So if every `b_I ≥ 0`, and every face of the box that is not on the boundary of
/// `(0, 1)ⁿ` (the box itself included) has an index with `b_I > 0`, the polynomial is positive
/// at every point of the box that lies in `(0, 1)ⁿ`. Boxes that decide nothing are halved (de
/// Casteljau, exactly), up to a budget of boxes. No rounding enters anywhere: every
/// coefficient is a `Rational`. The method is sound, not complete: a polynomial that tends to
/// 0 at a boundary point along directions where its Bernstein form keeps a negative
/// coefficient (such as `x² − xy + y²` at the origin) stays undecided, and the budget ends the
/// search.
public struct BernsteinPositivity: Sendable {
    /// The variables, each ranging over `(0, 1)`.
    public let variables: [String]
    /// The most boxes examined before the proof gives up.
    public var maximumBoxes: Int

    public init(variables: [String], maximumBoxes: Int = 2_000) {
        self.variables = variables
        self.maximumBoxes = maximumBoxes
    }

    public enum Verdict: Equatable, Sendable {
        /// Proved on every point of `(0, 1)ⁿ`, with the number of boxes of the proof.
        case proved(boxes: Int)
        /// The budget ran out on a box (its corners, as text).
        case undecided(box: String)
    }

    /// Proves that at every point of `(0, 1)ⁿ` one of `alternatives` has all its polynomials
    /// positive (each alternative a conjunction, decided box by box).
    public func prove(anyOf alternatives: [[Polynomial]]) -> Verdict {
        for polynomial in alternatives.joined() {
            precondition(Set(polynomial.variables).isSubset(of: variables),
                         "\(polynomial) has variables outside \(variables)")
        }
        let start = Box(lower: variables.map { _ in 0 }, upper: variables.map { _ in 1 },
                        tensors: alternatives.map { $0.map { BernsteinTensor($0, variables: variables) } })
        var pending = [start]
        var examined = 0
        while let box = pending.popLast() {
            examined += 1
            let decided = box.tensors.contains { alternative in
                alternative.allSatisfy { $0.isPositive(atLowerBoundary: box.lower.map(\.isZero),
                                                       atUpperBoundary: box.upper.map { $0 == 1 }) }
            }
            if decided { continue }
            guard examined + pending.count < maximumBoxes else { return .undecided(box: box.description) }
            pending.append(contentsOf: box.halves())
        }
        return .proved(boxes: examined)
    }

    /// Whether `polynomial > 0` on `(0, 1)ⁿ`.
    public func prove(positive polynomial: Polynomial) -> Verdict { prove(anyOf: [[polynomial]]) }

    /// A box with the Bernstein coefficients of every polynomial of every alternative on it.
    struct Box {
        var lower: [Rational]
        var upper: [Rational]
        var tensors: [[BernsteinTensor]]

        /// The two halves along the widest side.
        func halves() -> [Box] {
            let widths = zip(lower, upper).map { $1 - $0 }
            let axis = widths.indices.max { widths[$0] < widths[$1] || (widths[$0] == widths[$1] && $0 > $1) }!
            let middle = (lower[axis] + upper[axis]) * Rational(1, 2)
            let split = tensors.map { $0.map { $0.halves(axis: axis) } }
            var left = self, right = self
            left.upper[axis] = middle
            right.lower[axis] = middle
            left.tensors = split.map { $0.map(\.left) }
            right.tensors = split.map { $0.map(\.right) }
            return [left, right]
        }

        var description: String {
            zip(lower, upper).map { "[\($0), \($1)]" }.joined(separator: " × ")
        }
    }
}

/// The Bernstein coefficients of one polynomial on a box, as a dense tensor in row-major order.
struct BernsteinTensor {
    let degrees: [Int]
    var coefficients: [Rational]
    let strides: [Int]

    init(degrees: [Int], coefficients: [Rational]) {
        self.degrees = degrees
        self.coefficients = coefficients
        var strides = [Int](repeating: 1, count: degrees.count)
        for k in degrees.indices.dropLast().reversed() { strides[k] = strides[k + 1] * (degrees[k + 1] + 1) }
        self.strides = strides
    }

    /// The coefficients on `[0, 1]ⁿ`: along each axis `b_i = Σ_{j ≤ i} C(i, j)/C(d, j) a_j`
    /// from the power-basis coefficients `a_j`.
    init(_ p: Polynomial, variables: [String]) {
        let degrees = variables.map { p.degree(in: $0) }
        var tensor = BernsteinTensor(degrees: degrees,
                                     coefficients: [Rational](repeating: 0, count: degrees.reduce(1) { $0 * ($1 + 1) }))
        for (monomial, coefficient) in p.terms {
            let index = zip(variables, tensor.strides).reduce(0) { $0 + monomial.exponent(of: $1.0) * $1.1 }
            tensor.coefficients[index] = coefficient
        }
        for axis in degrees.indices where degrees[axis] > 0 {
            let d = degrees[axis]
            let factors = (0...d).map { i in (0...i).map { j in Rational.binomial(i, j) / Rational.binomial(d, j) } }
            tensor.mapFibers(axis: axis) { a in (0...d).map { i in (0...i).reduce(Rational(0)) { $0 + factors[i][$1] * a[$1] } } }
        }
        self = tensor
    }

    /// Replaces every fiber along `axis` (the coefficients that differ only in that index).
    mutating func mapFibers(axis: Int, _ transform: ([Rational]) -> [Rational]) {
        let d = degrees[axis], stride = strides[axis]
        for start in coefficients.indices where (start / stride) % (d + 1) == 0 {
            let fiber = (0...d).map { coefficients[start + $0 * stride] }
            for (i, value) in transform(fiber).enumerated() { coefficients[start + i * stride] = value }
        }
    }

    /// The coefficients on the two halves of the box along `axis` (de Casteljau at ½).
    func halves(axis: Int) -> (left: BernsteinTensor, right: BernsteinTensor) {
        var left = self, right = self
        let d = degrees[axis], half = Rational(1, 2)
        guard d > 0 else { return (left, right) }
        var rightFibers: [[Rational]] = []
        left.mapFibers(axis: axis) { fiber in
            var work = fiber, l = fiber, r = fiber
            for step in 1...d {
                for i in 0...(d - step) { work[i] = (work[i] + work[i + 1]) * half }
                l[step] = work[0]
                r[d - step] = work[d - step]
            }
            rightFibers.append(r)
            return l
        }
        var next = 0
        right.mapFibers(axis: axis) { _ in
            defer { next += 1 }
            return rightFibers[next]
        }
        return (left, right)
    }

    /// Whether the polynomial is positive at every point of its box inside `(0, 1)ⁿ`: every
    /// coefficient `≥ 0`, and every face not on the boundary of `(0, 1)ⁿ` (flags per axis) has a
    /// positive coefficient on it.
    func isPositive(atLowerBoundary: [Bool], atUpperBoundary: [Bool]) -> Bool {
        guard !coefficients.contains(where: \.isNegative) else { return false }
        if !coefficients.contains(where: \.isZero) { return true }
        let positive = coefficients.indices.filter { coefficients[$0].isPositive }.map { index in
            degrees.indices.map { (index / strides[$0]) % (degrees[$0] + 1) }
        }
        // A face chooses per axis its lower end (0), its upper end (1) or the whole side (2).
        var face = [Int](repeating: 0, count: degrees.count)
        repeat {
            let onBoundary = face.indices.contains {
                (face[$0] == 0 && atLowerBoundary[$0]) || (face[$0] == 1 && atUpperBoundary[$0])
            }
            if !onBoundary {
                let covered = positive.contains { i in
                    face.indices.allSatisfy { face[$0] == 2 || i[$0] == (face[$0] == 0 ? 0 : degrees[$0]) }
                }
                if !covered { return false }
            }
            var k = 0
            while k < face.count {
                face[k] += 1
                if face[k] < 3 { break }
                face[k] = 0
                k += 1
            }
            if k == face.count { break }
        } while true
        return true
    }
}
