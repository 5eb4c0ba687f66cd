import Dispatch
import Foundation
import GRPOModel
import Multiprecision

/// A grid of binary settings: every combination of the listed parameters, in the order
/// group size, penalty, β, π_ref(a), γ (the last varying fastest).
///
/// A margin below 1 is defined for groups of two only, and the direct penalty has a
/// verified solution only there, so those combinations are left out for other group sizes.
public struct SettingGrid: Sendable {
    public var groupSizes: [GroupSize]
    public var penalties: [Penalty]
    public var betas: DecimalAxis
    public var references: DecimalAxis
    public var margins: DecimalAxis

    public init(groupSizes: [GroupSize], penalties: [Penalty], betas: DecimalAxis,
                references: DecimalAxis, margins: DecimalAxis) {
        self.groupSizes = groupSizes
        self.penalties = penalties
        self.betas = betas
        self.references = references
        self.margins = margins
    }

    /// The default grid of the agreement tables (and of the certified claims):
    /// β ∈ {0.001, …, 10}, π_ref(a) ∈ {0.001, 0.01, 0.1, …, 0.9, 0.99, 0.999}, γ ∈ {0.25, 0.5, 1}.
    public static let defaultBetas = ["0.001", "0.01", "0.04", "0.1", "0.5", "1", "2", "10"]
    public static let defaultReferences = ["0.001", "0.01"] + (1...9).map { "0.\($0)" } + ["0.99", "0.999"]
    public static let defaultMargins = ["0.25", "0.5", "1"]

    /// The default grid at the given group sizes and penalties.
    public static func standard(groupSizes: [GroupSize], penalties: [Penalty]) -> SettingGrid {
        func axis(_ texts: [String]) -> DecimalAxis { DecimalAxis(values: texts.map { try! DecimalNumber($0) }) }
        return SettingGrid(groupSizes: groupSizes, penalties: penalties, betas: axis(defaultBetas),
                           references: axis(defaultReferences), margins: axis(defaultMargins))
    }

    static let marginBelowOne = try! DecimalNumber("0.5")

    /// The number of settings, counted from the axes without listing any value (nil if it
    /// overflows `Int`).
    public var count: Int? {
        guard let betaCount = betas.count, let referenceCount = references.count,
              let marginCount = margins.count else { return nil }
        let unitMargins = margins.unitCount
        var total = 0
        // `BinarySetting.problem` on one margin below 1 and on margin 1 stands for every margin
        // of its kind (the rule looks at `γ = 1` only).
        let below = Self.marginBelowOne
        for g in groupSizes {
            for penalty in penalties where BinarySetting.problem(groupSize: g, penalty: penalty, margin: .one) == nil {
                let lowerMargins = BinarySetting.problem(groupSize: g, penalty: penalty, margin: below) == nil
                let (points, o1) = betaCount.multipliedReportingOverflow(by: referenceCount)
                let (rows, o2) = points.multipliedReportingOverflow(by: lowerMargins ? marginCount : unitMargins)
                let (sum, o3) = total.addingReportingOverflow(rows)
                if o1 || o2 || o3 { return nil }
                total = sum
            }
        }
        return total
    }

    /// Every setting, in grid order. List them only once `count` is known to be acceptable.
    public var settings: [BinarySetting] {
        let (betaValues, referenceValues, marginValues) = (betas.values, references.values, margins.values)
        var out: [BinarySetting] = []
        for g in groupSizes {
            for penalty in penalties {
                for beta in betaValues {
                    for reference in referenceValues {
                        // The settings the rules admit (`count` counts the same ones).
                        for margin in marginValues {
                            if let s = try? BinarySetting(groupSize: g, penalty: penalty, beta: beta,
                                                          reference: reference, confidenceMargin: margin) {
                                out.append(s)
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// One worker thread per core.
public let defaultThreads = ProcessInfo.processInfo.activeProcessorCount

/// `items.map(transform)` spread over `threads` worker threads (1: in order on the calling
/// thread): the results come back in the order of `items`, and the error thrown is that of the
/// first failing item, so the output is the same either way. `progress`, if given, is called
/// (from any thread) after each item.
///
/// Items must be independent. MPFR here is built with thread-local storage (its flags and
/// constant caches belong to the thread), and each item runs whole on one worker thread;
/// workers take the next unclaimed item, so slow items do not hold up the rest.
public func orderedMap<T: Sendable, R>(_ items: [T], threads: Int = defaultThreads,
                                       progress: (@Sendable () -> Void)? = nil,
                                       _ transform: @Sendable (T) throws -> R) throws -> [R] {
    let workers = min(threads, items.count)
    guard workers > 1 else {
        return try items.map { item in
            defer { progress?() }
            return try transform(item)
        }
    }
    let results = ResultSlots<R>(count: items.count)
    let counter = WorkCounter()
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while let i = counter.claim(below: items.count) {
            results[i] = Result { try transform(items[i]) }
            progress?()
        }
    }
    return try results.values()
}

/// Hands out the indices 0, 1, 2, … to worker threads, each exactly once.
final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func claim(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}

/// One slot per task for results computed on several threads; each slot is written once,
/// by its own task, through a raw pointer, and read only after all tasks have finished.
final class ResultSlots<T>: @unchecked Sendable {
    private let count: Int
    private let base: UnsafeMutablePointer<Result<T, Error>?>

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: count)
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    subscript(i: Int) -> Result<T, Error>? {
        get { base[i] }
        set { base[i] = newValue }
    }

    func values() throws -> [T] { try (0..<count).map { try base[$0]!.get() } }
}
