// grpo-bench: the workloads of issue 6, each timed as the median over repeated runs.
//
//   grpo-bench [--runs N] [WORKLOAD...]      (default: every workload, N = 5)
//
// Each line is `name  median-seconds  description`, so scripts can read the first two fields.
import Certification
import Dispatch
import Foundation
import GRPOModel
import Multiprecision
import Verification

/// One timed workload; `body` returns a short note (a count, a digit string) shown once.
struct Workload {
    let name: String
    let description: String
    /// Untimed preparation (building a large grid), run once before the timed runs.
    var setup: () -> Void = {}
    let body: () throws -> String
}

/// Digits whose working precision `⌈D log2 10⌉ + 64` is 257 bits, the closest to 256.
let digits256 = 58
func decimal(_ s: String) -> DecimalNumber { try! DecimalNumber(s) }

let defaultGrid = SettingGrid.standard(groupSizes: [.two, .infinite], penalties: [.reverse, .direct]).settings

func agreement(_ methods: [Method], concurrently: Bool) throws -> String {
    let checks = try StationaryPolicy.solve(defaultGrid, digits: digits256, methods: methods,
                                           threads: concurrently ? defaultThreads : 1).map(\.check)
    return "\(checks.count) rows, \(checks.filter(\.passed).count) passed"
}

/// W5's grid: G = 2, reverse KL, γ = 1, β = 0.005, 0.010, …, 1 (200) × π_ref(a) = 0.001, 0.003, …, 0.999 (500).
enum Sweep {
    static let grid: [BinarySetting] = (1...200).flatMap { i in
        (0..<500).map { j in
            try! BinarySetting(groupSize: .two, beta: decimal(String(format: "%.3f", Double(i) * 0.005)),
                               reference: decimal(String(format: "%.3f", 0.001 + Double(j) * 0.002)),
                               confidenceMargin: decimal("1"))
        }
    }
}

func sweepRun(concurrently: Bool) throws -> String {
    let checks = try StationaryPolicy.solve(Sweep.grid, digits: 30, methods: [.closedForm, .newton],
                                           threads: concurrently ? defaultThreads : 1).map(\.check)
    return "\(checks.count) points, \(checks.filter(\.passed).count) passed"
}

let workloads: [Workload] = [
    Workload(name: "W1", description: "default agreement table (728 rows, every method), 58 digits = 257 bits, all cores") {
        try agreement(Method.allCases, concurrently: true)
    },
    Workload(name: "W1-one-core", description: "W1 on one core") {
        try agreement(Method.allCases, concurrently: false)
    },
    Workload(name: "W1-mpmath", description: "W1 without GRPO (closed form, Newton, bisection), one core: bench/mpmath_workloads.py w1") {
        try agreement([.closedForm, .newton, .bisection], concurrently: false)
    },
    Workload(name: "W1-c", description: "W1's closed form and Newton, one core: bench/c_floor w1") {
        try agreement([.closedForm, .newton], concurrently: false)
    },
    Workload(name: "W2", description: "U_G, V_G and derivatives at G = 10^6, μ = 0.3, 256 bits") {
        let sums = BinomialRewardSums(groupSize: 1_000_000, precision: 256)
        let values = sums.values(at: decimal("0.3").value(precision: 256))
        return "U = \(values.u.decimalString(significantDigits: 20))…, \(values.terms) terms summed"
    },
    Workload(name: "W3", description: "stationary point, G = 4096, β = 0.1, π_ref(a) = 0.3, 1000 digits, Newton (at P and P + 32 bits)") {
        let setting = try BinarySetting(groupSize: .finite(4096), beta: decimal("0.1"), reference: decimal("0.3"),
                                    confidenceMargin: decimal("1"))
        let check = try StationaryPolicy.solve(setting, digits: 1000, methods: [.newton]).check
        return "\(check.primary.earnedDigits) digits, \(check.primary.run.iterations) iterations"
    },
    Workload(name: "W4", description: "certified table (table --certify): 728 rows, 30 digits, all cores") {
        let certified = try StationaryPolicy.solve(defaultGrid, digits: 30, certify: true).compactMap(\.certified)
        return "\(certified.filter(\.agreementCertified).count) of \(certified.count) certified"
    },
    Workload(name: "W6", description: "certified stationary point, G = 1000, β = 0.04, π_ref(a) = 0.3, 10,000 digits, Newton + interval Newton: bench/arb_direct.py w6") {
        let setting = try BinarySetting(groupSize: .finite(1000), beta: decimal("0.04"), reference: decimal("0.3"),
                                        confidenceMargin: decimal("1"))
        let solution = try StationaryPolicy.solve(setting, digits: 10_000, methods: [.newton], certify: true)
        return "\(solution.certified?.certifiedDigits ?? 0) certified digits"
    },
    Workload(name: "W7", description: "certified stationary point, G = 2, β = 0.04, π_ref(a) = 0.3, 10,000 digits, Newton + interval Newton: bench/arb_direct.py w7") {
        let setting = try BinarySetting(groupSize: .two, beta: decimal("0.04"), reference: decimal("0.3"),
                                        confidenceMargin: decimal("1"))
        let solution = try StationaryPolicy.solve(setting, digits: 10_000, methods: [.newton], certify: true)
        return "\(solution.certified?.certifiedDigits ?? 0) certified digits"
    },
    Workload(name: "W8", description: "certified stationary point, G = ∞, β = 0.04, π_ref(a) = 0.3, 10,000 digits, Newton + interval Newton: bench/arb_direct.py w8") {
        let setting = try BinarySetting(groupSize: .infinite, beta: decimal("0.04"), reference: decimal("0.3"),
                                        confidenceMargin: decimal("1"))
        let solution = try StationaryPolicy.solve(setting, digits: 10_000, methods: [.newton], certify: true)
        return "\(solution.certified?.certifiedDigits ?? 0) certified digits"
    },
    Workload(name: "W9", description: "three answers, s = (1, 1, 0), π_ref = (0.2, 0.3, 0.5), G = 8, β = 0.04, 1000 digits, success-rate Newton + every stationary point certified: bench/arb_direct.py w9") {
        let question = try Question(references: ["0.2", "0.3", "0.5"].map(decimal), successes: ["1", "1", "0"].map(decimal))
        let setting = try GeneralSetting(question: question, groupSize: .finite(8), beta: decimal("0.04"))
        let check = try StationaryPolicy.solve(setting, digits: 1000, methods: [.successRate])
        return "\(check.stationary.points.count) stationary point(s), " + (check.failure ?? "passed")
    },
    Workload(name: "W5-all-cores", description: "100,000-point sweep, G = 2, closed form + Newton, 30 digits, all cores",
             setup: { _ = Sweep.grid }) {
        try sweepRun(concurrently: true)
    },
    Workload(name: "W5-one-core", description: "W5 on one core", setup: { _ = Sweep.grid }) {
        try sweepRun(concurrently: false)
    },
]

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 5
if let i = arguments.firstIndex(of: "--runs"), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0 {
    runs = n
    arguments.removeSubrange(i...i + 1)
}
let unknown = arguments.filter { name in !workloads.contains { $0.name == name } }
guard unknown.isEmpty else {
    FileHandle.standardError.write(Data("grpo-bench: unknown workload \(unknown[0]); expected one of: \(workloads.map(\.name).joined(separator: ", "))\n".utf8))
    exit(2)
}
let chosen = arguments.isEmpty ? workloads : workloads.filter { arguments.contains($0.name) }
print("# median of \(runs) runs, \(ProcessInfo.processInfo.activeProcessorCount) cores")
for workload in chosen {
    var times: [Double] = []
    var note = ""
    workload.setup()
    for _ in 0..<runs {
        let start = ContinuousClock.now
        do { note = try workload.body() } catch {
            print("\(workload.name) failed: \(error)")
            exit(1)
        }
        times.append(seconds(ContinuousClock.now - start))
    }
    times.sort()
    let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    let name = workload.name.padding(toLength: 14, withPad: " ", startingAt: 0)
    print(name + String(format: " %10.4f s  ", median) + workload.description + " [" + note
          + String(format: "; min %.4f, max %.4f]", times.first!, times.last!))
}
