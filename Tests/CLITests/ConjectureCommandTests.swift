import Foundation
import Multiprecision
import TestSupport
import Testing

/// (14) in the paper's form, and rationalised: `2 r p_ref / (sqrt((1 − r)² + 4 r p_ref) − (1 − r))`, `r = β/γ`.
let eq14Formula = "((1-beta/margin)+sqrt((1-beta/margin)^2+4*(beta/margin)*ref))/2"
let rationalisedEq14Formula = "2*beta*ref/(sqrt((1-beta)^2+4*beta*ref)-(1-beta))"
/// (15).
let eq15Formula = "(2*beta^2*ref+1+sqrt(1+4*beta^2*ref*(1-ref)))/(2*(1+beta^2))"

/// The two values of a JSON enclosure `["lo", "hi"]` at 480 bits, rounded outward.
func bounds(_ value: Any?) throws -> (BigFloat, BigFloat) {
    let pair = try #require(value as? [String])
    return (try BigFloat(decimal: pair[0], precision: 480, rounding: .down), try BigFloat(decimal: pair[1], precision: 480, rounding: .up))
}

@Suite(.serialized) struct ConjectureCommand {
    @Test func rationalisedEq14IsConfirmedAt50Digits() throws {
        let result = try grpoVerify(["conjecture", "--formula", rationalisedEq14Formula, "--beta", "0.04,0.5,2",
                                     "--ref", "0.3,0.7", "--digits", "50", "--format", "json"])
        #expect(result.status == 0)
        let object = try json(result.stdout)
        #expect(object["verified"] as? Bool == true)
        let points = try #require(object["points"] as? [[String: Any]])
        #expect(points.count == 6)
        for point in points {
            let (beta, ref) = (try #require(point["beta"] as? String), try #require(point["reference"] as? String))
            let exact = Reference.groupsOfTwo(beta: beta, ref: ref)
            #expect(point["verdict"] as? String == "holds")
            #expect(point["agreeing_digits"] as? Int == 50)
            let (lo, hi) = try bounds(point["quantity_enclosure"])
            #expect(lo <= exact && exact <= hi)
        }
        let provenance = try #require(object["provenance"] as? [String: String])
        #expect(provenance["command"] == "conjecture" && provenance["formula"] == rationalisedEq14Formula)
    }

    /// (14) + 10⁻⁴⁰ is refuted at 50 digits with a certified counterexample; at 30 digits the
    /// agreement is certified and the text says where the two part.
    @Test func offByTenToTheMinusForty() throws {
        let p = Reference.groupsOfTwo(beta: "0.04", ref: "0.3"), q = p + Reference.number("1e-40")
        let k = (1...60).last { p.decimalString(significantDigits: $0) == q.decimalString(significantDigits: $0) }!
        let arguments = ["conjecture", "--formula", eq14Formula + " + 1e-40", "--beta", "0.04", "--ref", "0.3"]
        let at50 = try grpoVerify(arguments + ["--digits", "50"])
        #expect(at50.status == 1)
        #expect(at50.stdout.contains("refuted at 1 of 1 grid points (undecided at 0); certified counterexample:"))
        #expect(at50.stdout.contains("the enclosures are disjoint: the formula is above π(a) by at least 9.99e-41; "
                                     + "they agree to \(k) digits, not 50\n"))
        let json50 = try json(try grpoVerify(arguments + ["--digits", "50", "--format", "json"]).stdout)
        let counterexample = try #require(json50["counterexample"] as? [String: Any])
        let (fLo, fHi) = try bounds(counterexample["formula_enclosure"]), (qLo, qHi) = try bounds(counterexample["quantity_enclosure"])
        #expect(qHi < fLo)                                         // disjoint as printed
        #expect(qLo <= p && p <= qHi && fLo <= q && q <= fHi)      // and holding the exact values

        let at30 = try grpoVerify(arguments + ["--digits", "30"])
        #expect(at30.status == 0)
        #expect(at30.stdout.contains("certified at all 1 grid point: the formula agrees with π(a) to 30 digits\n"))
        #expect(at30.stdout.contains("yet the enclosures are disjoint at 1 of them"))
        #expect(at30.stdout.contains("they agree to \(k) digits, not \(k + 1)\n"))
    }

    @Test func aFalseInequalityIsRefutedWithACertifiedPoint() throws {
        let result = try grpoVerify(["conjecture", "--formula", "1/(1+beta^2)", "--relation", ">", "--group-size", "inf",
                                     "--beta", "0.1,1", "--ref", "0.3", "--format", "json"])
        #expect(result.status == 1)
        let object = try json(result.stdout)
        let counterexample = try #require(object["counterexample"] as? [String: Any])
        #expect(counterexample["verdict"] as? String == "refuted")
        let beta = try #require(counterexample["beta"] as? String)
        let (fLo, fHi) = try bounds(counterexample["formula_enclosure"]), (qLo, qHi) = try bounds(counterexample["quantity_enclosure"])
        let exact = Reference.largeGroups(beta: beta, ref: "0.3"), b = Reference.number(beta)
        #expect(fHi < qLo && qLo <= exact && exact <= qHi)
        #expect(fLo <= 1 / (1 + b * b) && 1 / (1 + b * b) <= fHi)
        // The true bound, π(a) ≥ 1/(1 + β²), is certified at the same points.
        let bound = try grpoVerify(["conjecture", "--formula", "1/(1+beta^2)", "--relation", "<=", "--group-size", "inf",
                                    "--beta", "0.1,1", "--ref", "0.3"])
        #expect(bound.status == 0)
        #expect(bound.stdout.contains("certified at all 2 grid points: formula ≤ π(a)"))
    }

    /// The README's examples, as documented there.
    @Test func readmeExamples() throws {
        let confirmed = try grpoVerify(["conjecture", "--formula", rationalisedEq14Formula, "--group-size", "2",
                                        "--beta", "0.04,0.5", "--ref", "0.3", "--digits", "40"])
        #expect(confirmed.status == 0)
        #expect(confirmed.stdout.contains("certified at all 2 grid points: the formula agrees with π(a) to 40 digits"))
        let refuted = try grpoVerify(["conjecture", "--formula", eq15Formula.replacingOccurrences(of: "ref", with: "ref1"),
                                      "--group-size", "inf", "--beta", "0.1", "--ref", "0.3,0.7", "--success", "0.9,0.1"])
        #expect(refuted.status == 1)
        // Independently: at G = ∞, P(o) = (s_o − μ)/sqrt(μ(1 − μ)) and (11) gives
        // π(o) = π_ref(o)/(1 − P(o)/β); μ = Σ π(o) s_o by bisection on [0.87, 1), above the edge
        // of positivity (1 − P(a)/β = 0 near μ = 0.868), where μ − Σ π(o) s_o runs from −∞ to 1.
        let beta = Reference.number("0.1")
        let refs = ["0.3", "0.7"].map(Reference.number), successes = ["0.9", "0.1"].map(Reference.number)
        func policy(_ mu: BigFloat) -> [BigFloat] {
            zip(refs, successes).map { r, s in r / (1 - (s - mu) / (mu * (1 - mu)).squareRoot() / beta) }
        }
        let mu = Reference.bisect(from: Reference.number("0.87")) { mu in
            let p = policy(mu)
            return mu - (p[0] * successes[0] + p[1] * successes[1])
        }
        let printed = try #require(refuted.stdout.split(separator: "\n").first { $0.contains("π(o_1)  ∈ [") })
        let ends = printed.split(separator: "[")[1].dropLast().split(separator: ", ").map { Reference.number(String($0)) }
        #expect(ends.count == 2 && ends[0] <= policy(mu)[0] && policy(mu)[0] <= ends[1], "\(printed)")
        #expect(refuted.stdout.contains("the formula is above π(o_1) by at least 0.0234"))
        let box = try grpoVerify(["conjecture", "--formula", "max(1-beta/margin, ref)", "--relation", "<=",
                                  "--domain", "beta=0.01:1,ref=0.1:0.9"])
        #expect(box.status == 0)
        #expect(box.stdout.contains("certified on the whole box: formula ≤ π(a)"))
    }

    /// At G = ∞ a box is certified between the corner policies (π(a) is unique, increasing in
    /// π_ref(a) and decreasing in β): the paper's `π(a) ≥ π_ref(a)` holds on the box, and
    /// `π_ref(a) + 0.3 ≤ π(a)` is refuted at a corner (where it exceeds 1).
    @Test func aBoxAtLargeGroups() throws {
        let holds = try grpoVerify(["conjecture", "--formula", "ref", "--relation", "<=", "--group-size", "inf",
                                    "--domain", "beta=0.5:2,ref=0.1:0.9", "--format", "json"])
        #expect(holds.status == 0, "\(holds.stderr)")
        let domain = try #require(try json(holds.stdout)["domain"] as? [String: Any])
        #expect(domain["group_size"] as? String == "inf" && domain["verdict"] as? String == "holds")
        let refuted = try grpoVerify(["conjecture", "--formula", "ref+0.3", "--relation", "<=", "--group-size", "inf",
                                      "--domain", "beta=0.5:2,ref=0.1:0.9", "--format", "json"])
        #expect(refuted.status == 1)
        let counterexample = try #require((try json(refuted.stdout)["domain"] as? [String: Any])?["counterexample"] as? [String: Any])
        #expect(counterexample["verdict"] as? String == "refuted" && counterexample["group_size"] as? String == "inf")
    }

    /// Boxes at a finite G, with the Bessel normalisation, and for β_c over π_ref(a) alone.
    @Test func boxesAtAnyGroupSizeAndForTheThreshold() throws {
        let finite = try grpoVerify(["conjecture", "--formula", "ref", "--relation", "<=", "--group-size", "16",
                                     "--normalisation", "bessel", "--digits", "10", "--domain", "beta=0.2:5,ref=0.05:0.95",
                                     "--format", "json"])
        #expect(finite.status == 0, "\(finite.stderr)")
        let domain = try #require(try json(finite.stdout)["domain"] as? [String: Any])
        #expect(domain["group_size"] as? String == "16" && domain["normalisation"] as? String == "bessel")
        let budget = try grpoVerify(["conjecture", "--formula", "ref", "--relation", "<=", "--group-size", "16",
                                     "--digits", "10", "--domain", "beta=0.2:5,ref=0.05:0.95", "--max-boxes", "3"])
        #expect(budget.status == 1 && budget.stdout.contains("not certified on the box: undecided on") && budget.stdout.contains("of 2 boxes examined"), "\(budget.stdout)")
        let threshold = try grpoVerify(["conjecture", "--quantity", "beta-c", "--formula", "1", "--relation", ">=",
                                        "--digits", "10", "--domain", "ref=0.01:0.2"])
        #expect(threshold.status == 0, "\(threshold.stderr)")
        #expect(threshold.stdout.contains("domain: π_ref(a) ∈ [0.01, 0.2]") && threshold.stdout.contains("formula ≥ β_c"))
    }

    /// Any reward model gives the question as `solve` reads it, and π is enclosed by the
    /// certified isolation on the simplex: at G = 2 the graded rewards 1, 0.4, 0 move π(o_1) far
    /// from π_ref(o_1) = 0.3 (to 0.9, QuestionModel's independent solve), so `ref1` is refuted.
    @Test func everyRewardModelGivesTheQuestion() throws {
        let graded = try grpoVerify(["conjecture", "--formula", "ref1", "--beta", "0.15", "--ref", "0.3,0.3,0.4",
                                     "--rewards", "1,0.4,0", "--digits", "10", "--format", "json"])
        #expect(graded.status == 1 && graded.stderr.split(separator: "\n").count == 1)
        let object = try json(graded.stdout)
        #expect((object["provenance"] as? [String: Any])?["rewards"] as? String == "1,0.4,0")
        let points = try #require(object["points"] as? [[String: Any]])
        #expect(points.count == 1 && points[0]["verdict"] as? String == "refuted")
        #expect((points[0]["reason"] as? String)?.hasPrefix("the enclosures are disjoint: the formula is below π(o_1)") == true)
    }

    @Test func searchFindsACounterexampleBetweenGridPoints() throws {
        let result = try grpoVerify(["conjecture", "--formula", eq14Formula + " + (beta-0.04)*(beta-0.5)*1e-3",
                                     "--beta", "0.04,0.5", "--ref", "0.3,0.6", "--search", "--format", "json"])
        #expect(result.status == 1)
        let object = try json(result.stdout)
        #expect((object["points"] as? [[String: Any]])?.allSatisfy { $0["verdict"] as? String == "holds" } == true)
        let search = try #require(object["search"] as? [String: Any])
        let counterexample = try #require(search["counterexample"] as? [String: Any])
        #expect(counterexample["verdict"] as? String == "refuted")
    }

    @Test func formulaFromAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("conjecture-\(UUID().uuidString).txt")
        try Data("# not a comment\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let bad = try grpoVerify(["conjecture", "--formula", "@" + url.path, "--beta", "0.5", "--ref", "0.3"])
        #expect(bad.status == 2 && bad.stdout.isEmpty)
        #expect(bad.stderr == "grpo-verify: --formula: column 1: unexpected character '#' (here: ‸# not a comment)\n")
        try Data("((1-beta)\n + sqrt((1-beta)^2 + 4*beta*ref)) / 2\n".utf8).write(to: url)
        let good = try grpoVerify(["conjecture", "--formula", "@" + url.path, "--beta", "0.5", "--ref", "0.3"])
        #expect(good.status == 0)
    }

    /// `(arguments, the error, the formula marked at the column)`: one line, exit status 2 and
    /// nothing on stdout.
    @Test(arguments: [
        (["--formula", "2*bta"], "grpo-verify: --formula: column 3: unknown variable 'bta'; this setting has beta, ref, margin, G", "2*‸bta"),
        (["--formula", "sqrt(ref, 2)"], "grpo-verify: --formula: column 1: sqrt takes 1 argument, got 2", "‸sqrt(ref, 2)"),
        (["--formula", "G", "--group-size", "inf"],
         "grpo-verify: --formula: column 1: G is not a number at group size inf; the variables there are beta, ref, margin", "‸G"),
        (["--formula", "1+1/ref", "--ref", "0,0.5", "--beta", "1"],
         "grpo-verify: --formula: at G = 2, penalty = reverse, β = 1, π_ref(a) = 0, γ = 1: column 4: division by 0, which is 0", "1+1‸/ref"),
        (["--formula", "ref^^2"], "grpo-verify: --formula: column 5: expected a number, a name or '(', found '^'", "ref^‸^2"),
        (["--formula", "ref1", "--ref", "0.3"],
         "grpo-verify: --formula: column 1: unknown variable 'ref1'; this setting has beta, ref, margin, G", "‸ref1"),
    ])
    func formulaErrorsPointAtTheirColumn(_ arguments: [String], _ message: String, _ marked: String) throws {
        let result = try grpoVerify(["conjecture"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == message + " (here: " + marked + ")\n", "\(result.stderr)")
    }

    /// The preference gap at G = 2 is the margin γ (12); at G = ∞ it is `1/sqrt(p(1 − p))` (13) at
    /// the closed form (15) of `p`; the success rate of `s = (1, 0)` is the policy of the better
    /// answer, (14) at G = 2. Each formula is the paper's, not the suite's output.
    @Test func gapAndSuccessRateAreTheQuantitiesOfThePaper() throws {
        let p = "(" + eq15Formula + ")"
        for (arguments, agreeing) in [
            (["--quantity", "gap", "--formula", "margin", "--margin", "0.25,1"], 30),
            (["--quantity", "gap", "--formula", "1/sqrt(\(p)*(1-\(p)))", "--group-size", "inf"], 30),
            (["--quantity", "success-rate", "--formula", eq14Formula.replacingOccurrences(of: "ref", with: "ref1")
                .replacingOccurrences(of: "margin", with: "1"), "--ref", "0.3,0.7", "--success", "1,0"], 30),
            (["--quantity", "success-rate", "--formula", eq14Formula, "--margin", "1"], 30),
            // F_2(μ) = μ and F_∞(μ) = 2 arcsin sqrt(μ), at the stationary μ of (14) and (15).
            (["--quantity", "objective", "--formula", eq14Formula, "--margin", "1"], 30),
            (["--quantity", "objective", "--formula", "2*arcsin(sqrt(\(p)))", "--group-size", "inf"], 30),
        ] {
            let result = try grpoVerify(["conjecture", "--beta", "0.1,2", "--digits", "30", "--format", "json"]
                                        + (arguments.contains("--ref") ? [] : ["--ref", "0.2,0.9"]) + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let points = try #require(try json(result.stdout)["points"] as? [[String: Any]])
            #expect(!points.isEmpty && points.allSatisfy { $0["agreeing_digits"] as? Int == agreeing }, "\(arguments)")
        }
        // A gap one part in 10^20 too large is refuted with disjoint enclosures.
        let refuted = try grpoVerify(["conjecture", "--quantity", "gap", "--formula", "margin*(1+1e-20)", "--beta", "0.1",
                                      "--ref", "0.3", "--margin", "0.5", "--digits", "30", "--format", "json"])
        #expect(refuted.status == 1)
        let point = try #require((try json(refuted.stdout)["points"] as? [[String: Any]])?.first)
        #expect(point["verdict"] as? String == "refuted" && point["disjoint"] as? Bool == true)
        // The success rate of Bernoulli rewards all equal to s is s.
        let equal = try grpoVerify(["conjecture", "--quantity", "success-rate", "--formula", "s1", "--ref", "0.3,0.2,0.5",
                                    "--success", "0.7,0.7,0.7", "--beta", "0.1", "--digits", "30"])
        #expect(equal.status == 0, "\(equal.stderr)")
    }

    @Test(arguments: [
        (["--formula", "ref", "--relation", "=="], "--relation: '==' is not one of: =, <, <=, >, >="),
        (["--formula", "ref", "--quantity", "f"], "--quantity: 'f' has no certified enclosure in the suite; expected one of: policy, beta-c, gap, success-rate, objective"),
        (["--formula", "ref", "--quantity", "objective", "--penalty", "direct"], "--penalty: --quantity objective is F_G of the reverse penalty"),
        (["--formula", "ref", "--quantity", "objective", "--normalisation", "bessel"],
         "--normalisation: --quantity objective is F_G of the population normalisation"),
        (["--formula", "ref", "--quantity", "gap", "--ref", "0.3,0.7", "--success", "1,0"], "--success: does not apply to --quantity gap"),
        (["--formula", "ref", "--quantity", "success-rate", "--ref", "0.3,0.7", "--rewards", "1,0"],
         "--rewards: --quantity success-rate needs 0/1 rewards"),
        (["--formula", "ref", "--quantity", "success-rate", "--margin", "0.5"], "--margin: --quantity success-rate needs deterministic rewards"),
        (["--formula", "ref", "--quantity", "beta-c", "--beta", "1"], "--beta: does not apply to --quantity beta-c"),
        (["--formula", "ref", "--max-boxes", "0", "--domain", "beta=0.1:1,ref=0.1:0.9"],
         "--max-boxes: '0' is out of range; expected an integer in 1…10000000"),
        (["--formula", "ref", "--max-boxes", "5"], "--max-boxes: applies to --domain only"),
        (["--formula", "ref", "--domain", "beta=0.1:1,ref=0.1:0.9", "--group-size", "2,3"],
         "--group-size: takes one value with --domain"),
        (["--formula", "ref", "--quantity", "beta-c", "--domain", "beta=0.1:1,ref=0.1:0.9"],
         "--domain: 'beta=0.1:1,ref=0.1:0.9' is not ref=r0:r1 (β_c depends on π_ref(a) only)"),
        (["--formula", "ref", "--quantity", "objective", "--margin", "0.5", "--domain", "beta=0.1:1,ref=0.1:0.9"],
         "--margin: --quantity objective needs deterministic rewards"),
        (["--formula", "ref", "--relation", "<=", "--domain", "beta=0.1:1"], "--domain: 'beta=0.1:1' is not beta=b0:b1,ref=r0:r1"),
        (["--formula", "ref", "--relation", "<=", "--domain", "beta=0:2,ref=0.1:0.9"], "--domain beta: 0 is out of range; expected a decimal number > 0"),
        (["--formula", "ref", "--relation", "<=", "--domain", "beta=0.1:2,ref=0.1:1"], "--domain ref: 1 is out of range; expected a decimal number in (0, 1)"),
        (["--formula", "ref", "--relation", "<=", "--group-size", "8", "--penalty", "direct", "--domain", "beta=0.1:1,ref=0.1:0.9"],
         "--penalty: direct is supported with --group-size 2 only"),
        (["--formula", "ref", "--relation", "<=", "--group-size", "inf", "--margin", "0.5", "--domain", "beta=0.1:1,ref=0.1:0.9"],
         "--margin: a margin below 1 is defined for --group-size 2 only"),
        (["--formula", "ref", "--relation", "<=", "--domain", "beta=0.1:1,ref=0.1:0.9", "--ref", "0.3"],
         "--ref: cannot be combined with --domain"),
        (["--formula", "ref1", "--ref", "0.3,0.7", "--success", "0.9,0.1", "--answer", "3"], "--answer: '3' is out of range"),
        (["--formula", "ref", "--answer", "1"], "--answer: applies to questions given with --success"),
        (["--formula", "ref1", "--ref", "0.3,0.7", "--success", "0.9,0.1", "--rewards", "1,0"],
         "--rewards: cannot be combined with --success: give one reward model"),
        (["--formula", "ref1", "--ref", "0.3,0.7", "--rewards", "1"], "--rewards: has 1 entries but --ref has 2"),
        (["--formula", "ref1", "--ref", "0.3,0.7", "--preference", "0,1;0,0", "--group-size", "4"], "--group-size:"),
        (["--formula", "ref", "--quantity", "beta-c", "--preference", "0,1;0,0"], "--preference: does not apply to --quantity beta-c"),
        (["--formula", "@/nonexistent/formula"], "--formula: cannot read the file '/nonexistent/formula'"),
        (["--formula", String(repeating: "1+", count: 50_001)], "--formula: column 1: the formula has more than 100000 characters"),
    ])
    func badInputIsOneLine(_ arguments: [String], _ start: String) throws {
        let result = try grpoVerify(["conjecture"] + arguments)
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("grpo-verify: " + start), "\(result.stderr)")
    }
}
