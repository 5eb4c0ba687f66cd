import Certification
import Claims
import GRPOModel
import Inputs
import Multiprecision
import Reports
import Verification

/// The golden files recomputed whole (`Document`), by the library functions that wrote them.
extension GoldenFile {
    /// A solve of a question, recomputed whole.
    static func questionDocument(_ root: GoldenField, setting: GeneralSetting) throws -> (Int, Document) {
        let field = try root.object(allowing: ["provenance"], partially: true)["provenance"]!
        let p = try field.object(required: ["command", "version", "digits", "group_size", "penalty", "normalisation",
                                            "beta", "ref", "method"],
                                 optional: ["schema", "certify"] + RewardFlags.keys)
        let digits = try versionAndDigits(p)
        let certify = try p["certify"].map { try $0.parameter(Self.certify) } ?? false
        let methods = try field.renaming { try SettingRules.methods(p["method"]!.gridText(), for: [setting]) }
        return (digits, Document(recorded: root.value, recompute: {
            GeneralReports.solveJSON(try StationaryPolicy.solve(setting, digits: digits, methods: methods), certify: certify)
        }))
    }

    /// A table of one question over a grid, recomputed whole with the parsers and the
    /// functions of `table`.
    static func questionTableDocument(_ root: GoldenField) throws -> (Int, Document) {
        let field = try root.object(allowing: ["provenance"], partially: true)["provenance"]!
        let p = try field.object(required: ["command", "version", "digits", "group_size", "penalty", "normalisation",
                                            "beta", "ref", "method"],
                                 optional: ["schema", Shard.provenanceKey] + RewardFlags.keys)
        let digits = try versionAndDigits(p)
        func text(_ key: String) throws -> String? { try p[key].map { try $0.gridText() } }
        let grid = try field.renaming {
            try QuestionGrid(reference: p["ref"]!.gridText(),
                             rewards: RewardFlags(provenance: text),
                             groupSize: p["group_size"]!.gridText(), penalty: p["penalty"]!.gridText(),
                             normalisation: p["normalisation"]!.gridText(), beta: p["beta"]!.gridText(),
                             method: p["method"]!.gridText(), shard: text(Shard.provenanceKey))
        }
        return (digits, Document(recorded: root.value) {
            try tableJSON(GeneralReports.questionTable(try grid.checks(digits: digits), title: TableTitles.question,
                                                       provenance: []))
        })
    }

    /// A table of `report` computed beyond the closed forms, recomputed by `build`.
    static func reportDocument(_ root: GoldenField, build: @escaping @Sendable (Int) throws -> (table: Table, passed: Bool))
    throws -> (Int, Document) {
        let p = try root.object(allowing: ["provenance"], partially: true)["provenance"]!
            .object(required: ["command", "table", "version", "digits"], optional: ["schema"])
        let digits = try versionAndDigits(p)
        return (digits, Document(recorded: root.value) { try tableJSON(build(digits).table) })
    }

    /// `threshold`, `variants`, `stability` and `prove` with `--format json`, and `solve
    /// --format json` for a question with several answers: the provenance read with the
    /// command's own flag parsers, the document recomputed by the functions the command calls.
    static func document(_ root: GoldenField, command: String) throws -> (Int, Document) {
        let field = try root.object(allowing: ["provenance"], partially: true)["provenance"]!
        let flags = ["threshold": ["ref"], "stability": ["ref", "beta", "epsilon"], "prove": [],
                     "variants": ["ref", "success", "group_size", "beta"]][command]!
        let p = try field.object(required: ["command", "version", "digits"] + flags, optional: ["schema"])
        let digits = try versionAndDigits(p)
        let recompute: @Sendable () throws -> JSONValue
        switch command {
        case "threshold":
            let reference = try p["ref"]!.parameter(Parameters.openReference)
            recompute = { ThresholdReports.json(try ThresholdAnalysis(reference: reference, digits: digits)) }
        case "prove":
            recompute = {
                try tableJSON(ClaimsTable.table(Prover.prove(context: ProofContext(digits: digits)), digits: digits, provenance: [],
                                                times: true))
            }
        case "stability":
            let reference = try p["ref"]!.parameter(Parameters.openReference)
            let beta = try p["beta"]!.parameter(Parameters.beta)
            let epsilon = try p["epsilon"]!.parameter(Parameters.epsilon)
            recompute = {
                let analysis = StabilityAnalysis(reference: reference, beta: beta, epsilon: epsilon, digits: digits)
                return try tableJSON(StabilityReports.table(analysis, digits: digits, provenance: []))
            }
        case "variants":
            let setting = try field.renaming {
                try GeneralSetting(question: Parameters.question(references: p["ref"]!.gridText(),
                                                                 successes: p["success"]!.gridText()),
                                   groupSize: Parameters.groupSize(p["group_size"]!.string()),
                                   beta: Parameters.beta(p["beta"]!.decimalString()))
            }
            recompute = {
                try tableJSON(GeneralReports.variantsTable(try VariantsAnalysis(setting, digits: digits), provenance: []))
            }
        default:
            preconditionFailure("document(_:command:) serves threshold, prove, stability and variants")
        }
        return (digits, Document(recorded: root.value, recompute: recompute))
    }

    /// A table as `--format json` writes it.
    static func tableJSON(_ table: Table) throws -> JSONValue {
        try JSONValue.parse(TableFormat.json.render(table))
    }
}
