import Certification
import GRPOModel
import Multiprecision
import Testing
import TestSupport
import Verification

/// One question of the suite and the same question written for `QuestionReference`.
struct QuestionCase: Sendable, CustomTestStringConvertible {
    let name: String
    let setting: GeneralSetting
    let reference: QuestionReference
    var testDescription: String { name }

    static func penalty(_ kl: QuestionReference.KL) -> Penalty { kl == .reverse ? .reverse : .direct }

    static func preference(_ name: String, refs: [String], matrix: [[String]], beta: String,
                           penalty: QuestionReference.KL) -> QuestionCase {
        let rewards = try! RewardModel.preference(matrix.map { $0.map(decimal) })
        let setting = try! GeneralSetting(question: Question(references: refs.map(decimal), rewards: rewards),
                                          groupSize: .two, penalty: Self.penalty(penalty), beta: decimal(beta))
        return QuestionCase(name: "\(name), \(penalty)", setting: setting,
                            reference: .preference(references: refs, matrix: matrix, beta: beta, penalty: penalty))
    }

    static func graded(_ name: String, refs: [String], rewards: [String], groupSize g: Int, beta: String,
                       penalty: QuestionReference.KL) -> QuestionCase {
        let setting = try! GeneralSetting(question: Question(references: refs.map(decimal), rewards: .graded(rewards.map(decimal))),
                                          groupSize: .finite(g), penalty: Self.penalty(penalty), beta: decimal(beta))
        return QuestionCase(name: "\(name), \(penalty)", setting: setting,
                            reference: .graded(references: refs, rewards: rewards, groupSize: g, beta: beta, penalty: penalty))
    }

    /// Levels and the rows' columns as given (not necessarily increasing); Bessel scale.
    static func distribution(_ name: String, refs: [String], levels: [String], rows: [[String]], groupSize g: Int,
                             beta: String, penalty: QuestionReference.KL) -> QuestionCase {
        let rewards = try! RewardModel.distribution(levels: levels.map(decimal), probabilities: rows.map { $0.map(decimal) })
        let setting = try! GeneralSetting(question: Question(references: refs.map(decimal), rewards: rewards),
                                          groupSize: .finite(g), penalty: Self.penalty(penalty), normalisation: .bessel,
                                          beta: decimal(beta))
        let outcomes = rows.map { row in zip(levels, row).map { ($0, $1) } }
        return QuestionCase(name: "\(name), \(penalty)", setting: setting,
                            reference: .rewards(references: refs, outcomes: outcomes, groupSize: g, scale: .bessel,
                                                beta: beta, penalty: penalty))
    }

    static let intransitive = [["0", "0.65", "0.3"], ["0.35", "0", "0.55"], ["0.7", "0.45", "0"]]
    static let rockPaperScissors = [["0", "1", "0"], ["0", "0", "1"], ["1", "0", "0"]]

    static let all: [QuestionCase] = [QuestionReference.KL.reverse, .direct].flatMap { kl in [
        preference("intransitive preference, G = 2", refs: ["0.4", "0.4", "0.2"], matrix: intransitive, beta: "0.25", penalty: kl),
        graded("graded 1, 0.4, 0, G = 4", refs: ["0.3", "0.3", "0.4"], rewards: ["1", "0.4", "0"], groupSize: 4,
               beta: "0.15", penalty: kl),
    ] } + [
        distribution("levels 0.5, 0, 1, G = 3, bessel", refs: ["0.3", "0.3", "0.4"], levels: ["0.5", "0", "1"],
                     rows: [["0.3", "0.1", "0.6"], ["0.4", "0.3", "0.3"], ["0.25", "0.5", "0.25"]], groupSize: 3,
                     beta: "0.2", penalty: .reverse),
        graded("graded tie 1, 1, 0, G = 3", refs: ["0.5", "0.3", "0.2"], rewards: ["1", "1", "0"], groupSize: 3,
               beta: "0.2", penalty: .reverse),
        preference("preference with ties, G = 2", refs: ["0.5", "0.3", "0.2"],
                   matrix: [["0", "0.4", "0.2"], ["0.3", "0", "0.5"], ["0.6", "0.1", "0"]], beta: "0.3", penalty: .reverse),
    ]
}

/// `2^k` at the reference precision.
func twoToThe(_ k: Int) -> BigFloat { BigFloat(1, precision: QuestionReference.precision).scaled(byPowerOfTwo: k) }

@Suite struct QuestionModel {
    /// The independent stationary policy solves its own condition and sums to 1.
    static func independentPolicy(_ c: QuestionCase) throws -> [BigFloat] {
        let theta = try #require(c.reference.stationaryLogits(), "reference Newton did not converge: \(c.name)")
        #expect(QuestionReference.largest(c.reference.residual(logits: theta)) < twoToThe(-370), "\(c.name)")
        let pi = c.reference.policy(logits: theta)
        #expect((pi.reduce(BigFloat(0, precision: QuestionReference.precision), +) - 1).magnitude < twoToThe(-400))
        return pi
    }

    /// `GeneralCheck` passes with one certified stationary policy, whose 50 digits (and every
    /// held method's) are the independent policy's, and whose enclosure contains it.
    static func agrees(_ c: QuestionCase, _ check: GeneralCheck, _ pi: [BigFloat]) {
        let expected = pi.map { $0.decimalString(significantDigits: 50) }
        #expect(check.passed, "\(c.name): \(check.failure ?? "")")
        #expect(check.policy == expected, "\(c.name)")
        #expect(check.stationary.countCertified && check.stationary.points.count == 1, "\(c.name)")
        for point in check.stationary.points {
            #expect(point.policy.count == pi.count)
            for (enclosure, value) in zip(point.policy, pi) {
                let shown = enclosure.decimalStrings(significantDigits: 60)
                #expect(enclosure.contains(value),
                        "\(c.name): \(value.decimalString(significantDigits: 60)) outside [\(shown.lower), \(shown.upper)]")
            }
        }
        for outcome in check.outcomes where !(check.grpoCycles && outcome.method == .grpo) {
            #expect(outcome.earnedDigits == 50 && outcome.decimals == expected, "\(c.name), \(outcome.method)")
        }
    }

    @Test(arguments: QuestionCase.all)
    func stationaryPolicyMatchesTheIndependentSolverToFiftyDigits(_ c: QuestionCase) throws {
        let pi = try Self.independentPolicy(c)
        let check = try StationaryPolicy.solve(c.setting, digits: 50)
        Self.agrees(c, check, pi)
    }

    /// Equal graded rewards (0.3, not a binary fraction, so a rounded mean is not exactly
    /// 0.3): every group is tied, `P_G = 0`, so `π = π_ref` exactly, for both penalties.
    @Test(arguments: [QuestionReference.KL.reverse, .direct])
    func equalRewardsKeepTheReference(_ kl: QuestionReference.KL) throws {
        let c = QuestionCase.graded("graded all 0.3, G = 3", refs: ["0.45", "0.35", "0.2"], rewards: ["0.3", "0.3", "0.3"],
                                    groupSize: 3, beta: "0.2", penalty: kl)
        let refs = c.reference.references
        #expect(c.reference.preferences(["0.2", "0.5", "0.3"].map(QuestionReference.number)).allSatisfy { $0.isZero })
        let check = try StationaryPolicy.solve(c.setting, digits: 50)
        #expect(check.passed)
        #expect(check.policy == ["0.45", "0.35", "0.2"].map { t in t + String(repeating: "0", count: 52 - t.count) })
        let pi = try Self.independentPolicy(c)
        Self.agrees(c, check, pi)
        for (enclosure, r) in zip(check.stationary.points[0].policy, refs) { #expect(enclosure.contains(r)) }
    }

    // MARK: - P_G against its closed forms (the reference itself, checked by hand)

    /// At G = 2 the population advantage of a win is 1: `P_2(o_i|π) = Σ_j π_j (P_ij − P_ji)`.
    /// The reference's enumeration reproduces (12); and with graded rewards 1, 0 at G = 2,
    /// `P_2(a|π) = π(b)`, `P_2(b|π) = −π(a)` (the other member wins, loses or ties).
    @Test func theReferencePreferenceReproducesItsClosedForms() {
        let pi = ["0.2", "0.5", "0.3"].map(QuestionReference.number)
        let r = QuestionReference.preference(references: ["0.4", "0.4", "0.2"], matrix: QuestionCase.intransitive,
                                             beta: "1", penalty: .reverse)
        let m = QuestionCase.intransitive.map { $0.map(QuestionReference.number) }
        for (i, value) in r.preferences(pi).enumerated() {
            let closed = (0..<3).reduce(BigFloat(0, precision: QuestionReference.precision)) { $0 + pi[$1] * (m[i][$1] - m[$1][i]) }
            #expect((value - closed).magnitude < twoToThe(-420))
        }
        let binary = QuestionReference.graded(references: ["0.5", "0.5"], rewards: ["1", "0"], groupSize: 2,
                                              beta: "1", penalty: .reverse)
        let q = ["0.3", "0.7"].map(QuestionReference.number)
        let values = binary.preferences(q)
        #expect((values[0] - q[1]).magnitude < twoToThe(-420))
        #expect((values[1] + q[0]).magnitude < twoToThe(-420))
    }

    // MARK: - Stability

    /// The 2 × 2 logit Jacobian of the flow at the independent stationary policy, by central
    /// differences of the flow written in the reference.
    static func flowJacobian(_ c: QuestionCase) throws -> [[BigFloat]] {
        let theta = try #require(c.reference.stationaryLogits())
        let flow = c.reference.flow(logits: theta)
        #expect(QuestionReference.largest(flow) < twoToThe(-370), "the flow vanishes at the stationary policy")
        return QuestionReference.jacobian(c.reference.flow, at: theta)
    }

    /// `S`, the largest row sum of `|∂P_2(o_i|π)/∂π_j| = |P_ij − P_ji|`, and `η = 4/(S + β)`.
    static func learningRate(_ matrix: [[String]], beta: String) -> BigFloat {
        let m = matrix.map { $0.map(QuestionReference.number) }
        let rows = m.indices.map { i in
            m.indices.reduce(BigFloat(0, precision: QuestionReference.precision)) { $0 + (m[i][$1] - m[$1][i]).magnitude }
        }
        return 4 / (rows.reduce(rows[0], BigFloat.maximum) + QuestionReference.number(beta))
    }

    @Test(arguments: QuestionCase.all.filter { $0.name.hasPrefix("intransitive") })
    func intransitiveStabilityMatchesTheFiniteDifferenceJacobian(_ c: QuestionCase) throws {
        let j = try Self.flowJacobian(c)
        let trace = j[0][0] + j[1][1], det = j[0][0] * j[1][1] - j[0][1] * j[1][0]
        let check = try StationaryPolicy.solve(c.setting, digits: 50)
        let verdicts = try #require(check.stability.points.first)
        #expect(check.stability.points.count == 1)
        #expect((trace.sign < 0 && det.sign > 0) == (verdicts.flow == .stable), "\(c.name)")
        #expect(verdicts.flow == .stable, "\(c.name)")
        // The iteration θ ← θ + ηJ at the suite's η: stable iff the spectral radius of I + ηJ is < 1.
        let eta = Self.learningRate(QuestionCase.intransitive, beta: "0.25")
        #expect((BigFloat(check.stability.learningRate, precision: QuestionReference.precision) - eta).magnitude
                < twoToThe(-200))
        let radius = QuestionReference.spectralRadius(Self.step(j, eta))
        #expect(verdicts.iteration == .stable || verdicts.iteration == .unstable, "decided: \(verdicts.iteration)")
        #expect((radius < 1) == (verdicts.iteration == .stable), "\(c.name): ρ(I + ηJ) = \(radius.decimalString(significantDigits: 6))")
        #expect(!check.grpoCycles)
    }

    static func step(_ j: [[BigFloat]], _ eta: BigFloat) -> [[BigFloat]] {
        j.indices.map { m in j.indices.map { n in (m == n ? 1 : 0) + eta * j[m][n] } }
    }

    /// Rock–paper–scissors, β = 0.02: the flow spirals in (certified stable), but GRPO's steps
    /// at η = 4/(2 + β) overshoot (|eig(I + ηJ)| > 1): certified unstable, seen to cycle; the
    /// check passes on the other methods.
    @Test func rockPaperScissorsFlowIsStableButTheIterationCycles() throws {
        let c = QuestionCase.preference("rock-paper-scissors", refs: ["0.4", "0.4", "0.2"],
                                        matrix: QuestionCase.rockPaperScissors, beta: "0.02", penalty: .reverse)
        let pi = try Self.independentPolicy(c)
        let j = try Self.flowJacobian(c)
        let trace = j[0][0] + j[1][1], det = j[0][0] * j[1][1] - j[0][1] * j[1][0]
        #expect(trace.sign < 0 && det.sign > 0)
        let check = try StationaryPolicy.solve(c.setting, digits: 50)
        Self.agrees(c, check, pi)
        let verdicts = try #require(check.stability.points.first)
        #expect(verdicts.flow == .stable)
        #expect(verdicts.iteration == .unstable)
        let eta = Self.learningRate(QuestionCase.rockPaperScissors, beta: "0.02")
        #expect((BigFloat(check.stability.learningRate, precision: QuestionReference.precision) - eta).magnitude
                < twoToThe(-200))
        #expect(QuestionReference.spectralRadius(Self.step(j, eta)) > 1)
        #expect(check.grpoCycles)
        #expect(check.grpoOrbit?.isCycle == true)
    }
}
