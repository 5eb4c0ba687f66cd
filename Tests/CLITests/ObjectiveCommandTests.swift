import Foundation
import Multiprecision
import Testing
import TestSupport

/// `grpo-verify objective`: its JSON against independent values (`TestSupport`), infinite
/// derivatives, digits that a rounding tie leaves unearned, and bad input.
@Suite struct ObjectiveCommand {
    @Test func jsonHasItsKeysAndIndependentValues() throws {
        let result = try grpoVerify(["objective", "--group-size", "8", "--success-rate", "0.3", "--digits", "40",
                                     "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let object = try json(result.stdout)
        #expect(Set(object.keys) == ["provenance", "group_size", "success_rate", "normalisation", "digits", "objective",
                                     "derivative", "enclosure", "derivative_enclosure", "certified_digits", "verified"])
        let provenance = try #require(object["provenance"] as? [String: String])
        #expect(provenance["command"] == "objective" && provenance["schema"] == "1" && provenance["group_size"] == "8"
                && provenance["success_rate"] == "0.3" && provenance["normalisation"] == "population"
                && provenance["digits"] == "40")
        #expect(object["digits"] as? Int == 40)
        #expect(object["objective"] as? String == Reference.cumulativeObjective(8, mu: "0.3").decimalString(significantDigits: 40))
        #expect(object["derivative"] as? String
                == Reference.advantageScale(8)(Reference.number("0.3")).decimalString(significantDigits: 40))
        let enclosure = try #require(object["enclosure"] as? [String])
        let (lower, upper) = (try BigFloat(decimal: enclosure[0], precision: 480), try BigFloat(decimal: enclosure[1], precision: 480))
        let integral = Reference.integratedObjective(8, mu: "0.3")
        #expect(enclosure.count == 2 && lower <= integral && integral <= upper)
        #expect(object["certified_digits"] as? [String: Int] == ["objective": 40, "derivative": 40])
        #expect(object["verified"] as? Bool == true)
    }

    @Test func largeGroupsAtTheEndsHaveAnInfiniteDerivative() throws {
        for (mu, objective) in [("0", "0.0000000000"), ("1", BigFloat.pi(precision: 100).decimalString(significantDigits: 11))] {
            let result = try grpoVerify(["objective", "--group-size", "inf", "--success-rate", mu, "--digits", "11",
                                         "--format", "json"])
            #expect(result.status == 0)
            let object = try json(result.stdout)
            #expect(object["objective"] as? String == objective)
            #expect(object["derivative"] as? String == "inf")
            #expect(object["derivative_enclosure"] is NSNull)
        }
        let text = try grpoVerify(["objective", "--group-size", "inf", "--success-rate", "0", "--digits", "5"])
        #expect(text.status == 0 && text.stdout.contains("W_G(μ) = inf"))
    }

    /// `F_2(μ) = μ = 0.123455` is a tie of the rounding to 5 digits: only 4 are printed, exit 1.
    @Test func aRoundingTieEarnsFewerDigits() throws {
        let result = try grpoVerify(["objective", "--group-size", "2", "--success-rate", "0.123455", "--digits", "5",
                                     "--format", "json"])
        #expect(result.status == 1)
        let object = try json(result.stdout)
        #expect(object["objective"] as? String == "0.1235")
        #expect(object["verified"] as? Bool == false)
        #expect(result.stderr == "grpo-verify: objective: F_G(μ) certified to 4 of 5 digits\n")
    }

    @Test(arguments: [
        (["--group-size", "1", "--success-rate", "0.3"], "--group-size"),
        (["--group-size", "10000001", "--success-rate", "0.3"], "--group-size"),
        (["--group-size", "8", "--success-rate", "1.5"], "--success-rate"),
        (["--group-size", "8", "--success-rate", "0.3e"], "--success-rate"),
        (["--group-size", "8", "--success-rate", "1e-999999"], "--success-rate"),
        (["--group-size", "8", "--success-rate", "0.3", "--normalisation", "bessel"], "--normalisation"),
        (["--group-size", "8", "--success-rate", "0.3", "--digits", "4"], "--digits"),
        (["--group-size", "8", "--success-rate", "0.3", "--format", "csv"], "--format"),
        (["--group-size", "8"], "--success-rate"),
    ])
    func badInputIsOneLineAndExitTwo(arguments: [String], flag: String) throws {
        let result = try grpoVerify(["objective"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("grpo-verify: ") && result.stderr.hasSuffix("\n"))
        #expect(result.stderr.dropLast().contains("\n") == false)
        #expect(result.stderr.contains(flag))
    }
}
