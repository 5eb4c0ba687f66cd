// grpo-verify as a Swift library: settings are values built under the model's rules, and
// `StationaryPolicy.solve` approximates their stationary policies by every method, then certifies.
import GRPOModel
import Multiprecision
import Reports
import Verification

// A binary question: G = 64, β = 0.04, π_ref(a) = 0.3, rewards 1 and 0, with its enclosure.
let binary = try BinarySetting(groupSize: .finite(64), beta: DecimalNumber("0.04"),
                               reference: DecimalNumber("0.3"), confidenceMargin: .one)
let solution = try StationaryPolicy.solve(binary, digits: 40, certify: true)
print("pi(a) =", solution.decimal ?? "not verified: \(solution.failure ?? "")")
if let enclosure = solution.certified?.enclosure.decimalStrings(significantDigits: 45) {
    print("enclosure: [\(enclosure.lower), \(enclosure.upper)]")
}

// Three answers, an intransitive preference at G = 2: every method, every stationary policy.
let question = try Question(references: ["0.4", "0.4", "0.2"].map { try DecimalNumber($0) },
                            rewards: .preference([["0", "0.65", "0.3"], ["0.35", "0", "0.55"], ["0.7", "0.45", "0"]]
                                .map { try $0.map { try DecimalNumber($0) } }))
let setting = try GeneralSetting(question: question, groupSize: .two, beta: DecimalNumber("0.25"))
let check = try StationaryPolicy.solve(setting, digits: 30)
print("pi =", check.policy?.joined(separator: ", ") ?? "not verified: \(check.failure ?? "")")
print("certified stationary policies on the simplex:", check.stationary.points.count)

// A grid as `grpo-verify table` prints it: every method on every setting, one row each.
let grid = try ["0.1", "1"].flatMap { beta in
    try ["0.3", "0.7"].map { reference in
        try BinarySetting(groupSize: .two, beta: DecimalNumber(beta), reference: DecimalNumber(reference),
                          confidenceMargin: .one)
    }
}
let (table, solutions) = try Table.run(grid, digits: 20)
print(TableFormat.markdown.render(table), terminator: "")
print("rows short of 20 digits:", solutions.filter { $0.failure != nil }.count)

// A setting that breaks a rule cannot be built: the direct penalty is for groups of two.
do {
    _ = try BinarySetting(groupSize: .finite(8), penalty: .direct, beta: DecimalNumber("0.1"),
                          reference: DecimalNumber("0.3"), confidenceMargin: .one)
} catch {
    print("refused:", error)
}
