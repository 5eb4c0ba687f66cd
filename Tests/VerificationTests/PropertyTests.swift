import TestSupport
import GRPOModel
import Multiprecision
import Testing
import Verification

/// Random valid parameters, written as exact decimals: β = m·10^e ∈ [0.001, 100),
/// π_ref(a) = r·10^−6 ∈ (0, 1), γ = g·10^−4 ∈ (0, 1]; each with a nearby larger neighbour.
struct RandomSetting {
    let groupSize: GroupSize
    var beta: (mantissa: Int, exponent: Int)
    var reference: Int
    var margin: Int

    init(_ groupSize: GroupSize, using rng: inout SplitMix) {
        self.groupSize = groupSize
        beta = (Int.random(in: 1000...9999, using: &rng), Int.random(in: -6 ... -2, using: &rng))
        reference = Int.random(in: 1...999_979, using: &rng)
        margin = groupSize == .two ? Int.random(in: 1...9_980, using: &rng) : 10_000
    }

    /// `n·10^−digits` for `1 ≤ n ≤ 10^digits`.
    static func fraction(_ n: Int, digits: Int) -> String {
        let text = String(n)
        guard text.count <= digits else { return "1" }
        return "0." + String(repeating: "0", count: digits - text.count) + text
    }

    var setting: BinarySetting {
        try! BinarySetting(groupSize: groupSize,
                           beta: try! DecimalNumber("\(beta.mantissa)e\(beta.exponent)"),
                           reference: try! DecimalNumber(Self.fraction(reference, digits: 6)),
                           confidenceMargin: try! DecimalNumber(Self.fraction(margin, digits: 4)))
    }
}

@Suite struct StationaryPolicyProperties {
    static let precision = 256
    static let groupSizes: [GroupSize] = [.two, .infinite, .finite(3), .finite(5), .finite(8), .finite(16)]

    static func policy(_ s: BinarySetting) throws -> BigFloat {
        let run = try Method.newton.run(s, precision: precision)
        #expect(run.converged, "\(s)")
        return run.value
    }

    /// `2^−(P − 16)`: a few hundred ulps at the working precision.
    static let tolerance = BigFloat(1, precision: 64).scaled(byPowerOfTwo: 16 - precision)

    @Test(arguments: groupSizes)
    func policyIsAStationaryPointAboveItsBounds(_ g: GroupSize) throws {
        var rng = SplitMix(state: 0x5EED_0000 + UInt64(Self.groupSizes.firstIndex(of: g)!))
        for _ in 0..<60 {
            let s = RandomSetting(g, using: &rng).setting
            let p = try Self.policy(s)
            let model = BinaryModel<BigFloat>(s, precision: Self.precision)
            let (beta, reference, gamma) = (model.beta, model.reference, model.confidenceMargin)
            #expect(p >= reference && p <= 1, "\(s): p = \(p.decimalString(significantDigits: 20))")
            // |F(p)| at the working precision, scaled by the size of the terms (1/β).
            let residual = model.stationarityResidual(at: p).magnitude
            #expect(residual <= Self.tolerance * (1 + 1 / beta), "\(s): F(p) = \(residual.decimalString(significantDigits: 3))")
            switch g {
            case .two:
                // p ≥ max(1 − β/γ, p_ref).
                #expect(p >= 1 - beta / gamma - Self.tolerance, "\(s)")
            case .infinite:
                // p ≥ max(1/(1 + β²), p_ref).
                #expect(p >= 1 / (1 + beta * beta) - Self.tolerance, "\(s)")
            default:
                break
            }
        }
    }

    @Test(arguments: groupSizes)
    func policyIsMonotone(_ g: GroupSize) throws {
        var rng = SplitMix(state: 0xACE0_0000 + UInt64(Self.groupSizes.firstIndex(of: g)!))
        for _ in 0..<40 {
            let base = RandomSetting(g, using: &rng)
            let p = try Self.policy(base.setting)
            let step = Int.random(in: 1...20, using: &rng)
            // Decreasing in β.
            var larger = base
            larger.beta.mantissa += step
            #expect(try Self.policy(larger.setting) <= p + Self.tolerance, "β: \(base.setting) → \(larger.setting)")
            // Increasing in π_ref(a).
            larger = base
            larger.reference += step
            #expect(try Self.policy(larger.setting) >= p - Self.tolerance, "π_ref: \(base.setting) → \(larger.setting)")
            // Increasing in γ (defined below 1 for groups of two only).
            if g == .two {
                larger = base
                larger.margin += step
                #expect(try Self.policy(larger.setting) >= p - Self.tolerance, "γ: \(base.setting) → \(larger.setting)")
            }
        }
    }
}
