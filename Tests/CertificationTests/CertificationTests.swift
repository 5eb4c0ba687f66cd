import Certification
import GRPOModel
import Multiprecision
import Solvers
import TestSupport
import Testing
import Verification

func decimal(_ text: String) -> DecimalNumber { try! DecimalNumber(text) }

func setting(_ g: GroupSize, _ penalty: Penalty = .reverse, beta: String, ref: String,
             margin: String = "1") -> BinarySetting {
    try! BinarySetting(groupSize: g, penalty: penalty, beta: decimal(beta), reference: decimal(ref),
                       confidenceMargin: decimal(margin))
}

/// The stationary point by safeguarded Newton at `precision` bits (an approximation, not proof).
func newtonRoot(_ s: BinarySetting, precision: Int) throws -> BigFloat {
    try Method.newton.run(s, precision: precision).value
}

@Suite struct CertifiedRoots {
    static let settings: [BinarySetting] = [
        setting(.two, beta: "0.04", ref: "0.3"),
        setting(.two, beta: "10", ref: "0.001", margin: "0.25"),
        setting(.two, beta: "0.001", ref: "0.999", margin: "0.5"),
        setting(.infinite, beta: "0.04", ref: "0.3"),
        setting(.infinite, beta: "2", ref: "0.01"),
        setting(.finite(3), beta: "0.5", ref: "0.2"),
        setting(.finite(64), beta: "0.04", ref: "0.3"),
        setting(.finite(1000), beta: "0.1", ref: "0.7"),
        setting(.two, .direct, beta: "0.5", ref: "0.2", margin: "0.5"),
        setting(.two, .direct, beta: "0.01", ref: "0.3"),
    ]

    @Test(arguments: settings)
    func enclosureIsUniqueNarrowAndContainsTheHighPrecisionRoot(_ s: BinarySetting) throws {
        let digits = 60
        let start = try newtonRoot(s, precision: 160)            // a rough start only
        let certified = CertifiedPolicy(s, digits: digits, approximation: start)
        #expect(certified.certificate == .unique)
        #expect(certified.certifiedDigits == digits)
        // Newton at twice the precision lands inside the certified enclosure.
        let fine = try newtonRoot(s, precision: 2 * DigitsPolicy(digits: digits).working)
        #expect(certified.enclosure.contains(fine))
        #expect(certified.certifiedDecimal == fine.decimalString(significantDigits: digits))
        if Method.closedForm.applies(to: s) {
            #expect(certified.agreementCertified)
            #expect(certified.closedForm?.overlaps(certified.enclosure) == true)
        }
    }

    /// A tiny β puts π(a) within 10⁻³⁰ of 1 at finite G, so the interval around Newton's value
    /// reaches 1, where the sums' weight ratio μ/(1 − μ) has no bound: the sums are then taken
    /// in Bernstein form, and the enclosure holds the independent bisection root (it was NaN).
    @Test(arguments: [("1e-30", "0.3"), ("1e-25", "0.999999"), ("1e-40", "0.001")])
    func aPolicyNextToOneIsCertified(beta: String, ref: String) throws {
        let s = setting(.finite(5), beta: beta, ref: ref)
        let certified = CertifiedPolicy(s, digits: 20, approximation: try newtonRoot(s, precision: 128))
        #expect(certified.certificate == .unique, "\(certified.certificate)")
        #expect(certified.enclosure.contains(IndependentReference(precision: 480).finite(5, beta: beta, ref: ref)))
    }

    /// At β = π_ref(a) = 10⁻³⁰ and G = 2 the residual's derivative `1 + (2p − 1)/β` rounds to 0
    /// near p = 1/2: Newton bisects there instead of dividing by 0 (which raised MPFR's flag and
    /// failed the run), and the certified policy holds the independent bisection of (17).
    @Test func aFlatPointOfTheRoundedResidualIsBisected() throws {
        let s = setting(.two, beta: "1e-30", ref: "1e-30")
        let start = try newtonRoot(s, precision: 64)
        let certified = CertifiedPolicy(s, digits: 20, approximation: start)
        #expect(certified.certificate == .unique, "\(certified.certificate)")
        #expect(certified.enclosure.contains(IndependentReference(precision: 480).groupsOfTwo(beta: "1e-30", ref: "1e-30")))
    }

    /// At β = 10³⁰ the policy exceeds π_ref(a) by about 10⁻³¹, far below the working precision
    /// of 8 digits: the enclosure may reach below π_ref(a) (it was cut there, and the existence
    /// test failed), then keeps its part above π_ref(a), and holds the independent root.
    @Test(arguments: [GroupSize.two, .finite(7), .infinite])
    func aPolicyNextToTheReferenceIsCertified(_ g: GroupSize) throws {
        let s = setting(g, beta: "1e30", ref: "0.3")
        let certified = CertifiedPolicy(s, digits: 8, approximation: try newtonRoot(s, precision: 64))
        #expect(certified.certificate == .unique && certified.certifiedDigits == 8, "\(certified.certificate)")
        let independent = IndependentReference(precision: 480)
        let root = switch g {
        case .two: independent.groupsOfTwo(beta: "1e30", ref: "0.3")
        case .infinite: independent.largeGroups(beta: "1e30", ref: "0.3")
        default: independent.finite(7, beta: "1e30", ref: "0.3")
        }
        // Not below π_ref(a) by more than its rounding at the working precision.
        let ulps = 1 - BigFloat(1, precision: 480).scaled(byPowerOfTwo: 4 - DigitsPolicy(digits: 8).working)
        #expect(certified.enclosure.contains(root) && certified.enclosure.lower >= independent.number("0.3") * ulps)
    }

    @Test func thousandDigitsAtGroupSizesTwoSixtyFourAndInfinity() throws {
        for g in [GroupSize.two, .finite(64), .infinite] {
            let s = setting(g, beta: "0.04", ref: "0.3")
            let certified = CertifiedPolicy(s, digits: 1000, approximation: try newtonRoot(s, precision: 128))
            #expect(certified.certificate == .unique)
            #expect(certified.certifiedDigits == 1000)
            // Width below 10^-1000: log10 of the width < −1000.
            let width = certified.enclosure.width
            #expect(Double(width.exponent) * 0.30103 < -1000)
        }
    }

    @Test func aFarStartIsRejectedNotMisreported() throws {
        // Started far from the root, the existence test fails rather than certify a wrong point.
        let s = setting(.two, beta: "0.04", ref: "0.3")
        let wrong = try BigFloat(decimal: "0.5", precision: 64)
        let certified = CertifiedPolicy(s, digits: 30, approximation: wrong)
        if certified.certificate == .unique {
            #expect(certified.enclosure.contains(try newtonRoot(s, precision: 200)))
        } else {
            #expect(certified.certifiedDigits == 0)
        }
    }
}

/// `(x − a)(x − b)(x − c)` with rational roots given as decimals.
struct Cubic: IntervalFunction {
    let roots: [DecimalNumber]
    func value(over x: Interval) -> Interval {
        roots.map { x - Interval($0, precision: x.precision) }.reduce(Interval(1, precision: x.precision), *)
    }
    func derivative(over x: Interval) -> Interval {
        let factors = roots.map { x - Interval($0, precision: x.precision) }
        return (0..<3).map { i in factors.enumerated().filter { $0.offset != i }.map(\.element)
            .reduce(Interval(1, precision: x.precision), *) }.reduce(Interval(0, precision: x.precision), +)
    }
}

@Suite struct Isolation {
    let precision = 200
    var unit: Interval { Interval(uncheckedLower: BigFloat(0, precision: precision), upper: BigFloat(1, precision: precision), precision: precision) }
    var isolation: RootIsolation {
        RootIsolation(minimumWidth: BigFloat(1, precision: 64).scaled(byPowerOfTwo: -60),
                      targetWidth: BigFloat(1, precision: 64).scaled(byPowerOfTwo: -150))
    }

    @Test func isolatesEachSimpleRootExactlyOnce() {
        let f = Cubic(roots: ["0.3", "0.5", "0.75"].map(decimal))
        let result = isolation.isolate(f, in: unit)
        #expect(result.isComplete)
        #expect(result.roots.count == 3)
        for (enclosure, root) in zip(result.roots, ["0.3", "0.5", "0.75"]) {
            #expect(enclosure.contains(try! BigFloat(decimal: root, precision: 400)))
        }
    }

    @Test func countsRootsOnlyInsideTheDomain() {
        let f = Cubic(roots: ["-0.5", "0.25", "1.5"].map(decimal))
        let result = isolation.isolate(f, in: unit)
        #expect(result.isComplete && result.roots.count == 1)
    }

    @Test func aDoubleRootIsReportedUndecidedNeverMiscounted() {
        let f = Cubic(roots: ["0.5", "0.5", "2"].map(decimal))
        let result = isolation.isolate(f, in: unit)
        #expect(!result.isComplete)
        #expect(result.undecided.allSatisfy { $0.contains(BigFloat(1, precision: 64) / 2) })
    }
}
