import Certification
import GRPOModel
import Inputs
import Multiprecision
import Reports
import Verification

/// The tables `report` writes, as `check` reads them back: the grids and fixed questions they are
/// computed at, and the functions that compute every table beyond the agreement tables.
public enum ReportTables {
    /// The agreement tables: name, title and grid.
    public static let agreement: [(name: String, title: String, grid: SettingGrid)] = {
        let grid = SettingGrid.standard(groupSizes: [.two], penalties: [.reverse])
        var large = grid
        large.groupSizes = [.infinite]
        var direct = grid
        direct.penalties = [.direct]
        return [
            ("groups-of-two", "G = 2, reverse KL: closed form (14) against the solvers", grid),
            ("large-groups", "G → ∞, reverse KL: closed form (15) against the solvers", large),
            ("direct-kl", "G = 2, direct KL: closed form against the solvers", direct),
        ]
    }()

    /// The finite-G sweep: G = 2, 4, …, 4096 at one (β, π_ref(a)).
    static let finiteGroupSizes = (1...12).map { 1 << $0 }
    static let finiteBeta = try! DecimalNumber("0.1")
    static let finiteReference = try! DecimalNumber("0.3")
    /// The GRPO iteration costs one exact sum per step; beyond this G the report leaves it out.
    static let largestGroupForGRPO = 256

    /// The settings of the finite-G sweep and the methods run on each.
    public static let finiteGroupSettings: [(setting: BinarySetting, methods: [Method])] = finiteGroupSizes.map { g in
        (try! finiteSetting(g), g <= largestGroupForGRPO ? Method.allCases : [.newton, .bisection])
    }

    /// The finite-G sweep's table from the checks of `finiteGroupSettings`, against the G = ∞ limit (15).
    public static func finiteGroupTable(_ checks: [PolicyCheck], digits: Int,
                                        provenance: [(key: String, value: String)]) throws -> Table {
        PolicyReports.finiteGroupTable(checks, limit: try largeGroupLimit(digits: digits), digits: digits,
                                       provenance: provenance)
    }

    private static func finiteSetting(_ g: Int) throws -> BinarySetting {
        try BinarySetting(groupSize: .finite(g), beta: finiteBeta, reference: finiteReference, confidenceMargin: .one)
    }

    /// The closed form (15) at the sweep's (β, π_ref(a)): what finite G approaches.
    private static func largeGroupLimit(digits: Int) throws -> BigFloat {
        let precision = DigitsPolicy(digits: digits).working
        return try MPFRFlags.checking {
            ClosedForm.largeGroups(beta: finiteBeta.value(precision: precision),
                                   reference: finiteReference.value(precision: precision))
        }
    }

    /// The question, G and β of the report's variants table.
    static let variantsSetting = try! GeneralSetting(
        question: Question(references: ["0.5", "0.3", "0.2"].map { try! DecimalNumber($0) },
                           successes: ["0.9", "0.5", "0.1"].map { try! DecimalNumber($0) }),
        groupSize: .finite(8), beta: try! DecimalNumber("0.1"))
    /// The questions of the report's tables on several answers: an intransitive preference
    /// matrix (rock, paper, scissors tilted) over β, GRPO cycling at small β; graded rewards over G.
    static let intransitiveQuestion = try! QuestionGrid(
        reference: "0.4,0.4,0.2", rewards: .init(preference: "0,0.65,0.3;0.35,0,0.55;0.7,0.45,0"), groupSize: "2",
        penalty: "reverse,direct", normalisation: "population", beta: "0.02,0.25,1", method: "all", shard: nil)
    static let gradedQuestion = try! QuestionGrid(
        reference: "0.3,0.3,0.4", rewards: .init(rewards: "1,0.4,0"), groupSize: "2,3,4",
        penalty: "reverse", normalisation: "population", beta: "0.15", method: "all", shard: nil)
    /// The π_ref(a) of the threshold table.
    static let thresholdReferences = ["0.001", "0.01", "0.1", "0.3", "0.5", "0.7", "0.9", "0.99"]
    /// The finite-G rate: G = 2, 4, …, 131072 (past 10⁵) by Newton.
    static let rateGroupSizes = (1...17).map { 1 << $0 }

    /// The tables beyond the paper's closed forms — variants, threshold, stability, questions,
    /// finite-G rate — each built at `digits` without provenance (and whether it passed); `check`
    /// recomputes a recorded one with the same function.
    public static let recomputed: [(name: String, build: @Sendable (Int) throws -> (table: Table, passed: Bool))] = [
        ("variants", { digits in
            let variants = try VariantsAnalysis(variantsSetting, digits: digits)
            return (GeneralReports.variantsTable(variants, provenance: []), variants.passed)
        }),
        ("threshold", { digits in
            let thresholds = try orderedMap(thresholdReferences) {
                try ThresholdAnalysis(reference: try DecimalNumber($0), digits: digits)
            }
            return (ThresholdReports.table(thresholds, digits: digits, provenance: []), thresholds.allSatisfy(\.passed))
        }),
        ("stability", { digits in
            let stability = StabilityAnalysis(reference: try DecimalNumber("0.001"), beta: try DecimalNumber("3"),
                                              epsilon: try DecimalNumber("1e-5"), digits: min(digits, 30))
            return (StabilityReports.table(stability, digits: min(digits, 30), provenance: []), stability.complete)
        }),
        ("intransitive-preference", { digits in
            let checks = try intransitiveQuestion.checks(digits: digits)
            return (GeneralReports.questionTable(checks, title: "An intransitive preference at G = 2 (12): which stationary policy GRPO reaches",
                                                 provenance: []), checks.allSatisfy(\.passed))
        }),
        ("graded-rewards", { digits in
            let checks = try gradedQuestion.checks(digits: digits)
            return (GeneralReports.questionTable(checks, title: "Graded rewards 1, 0.4, 0 at G = 2, 3 and 4",
                                                 provenance: []), checks.allSatisfy(\.passed))
        }),
        ("finite-groups-rate", { digits in
            let checks = try orderedMap(rateGroupSizes) { g in
                try StationaryPolicy.solve(finiteSetting(g), digits: digits, methods: [.newton]).check
            }
            return (PolicyReports.finiteGroupRateTable(checks, limit: try largeGroupLimit(digits: digits), digits: digits,
                                                       provenance: []),
                    checks.allSatisfy(\.passed))
        }),
    ]
}
