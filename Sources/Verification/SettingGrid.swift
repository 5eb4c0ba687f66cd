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

extension SettingGrid {
    /// The settings of a grid in grid order, made one at a time from its index: the same
    /// settings as `settings`, without listing them (a grid of 10⁶ settings listed takes about
    /// 180 MB), or every `stride`-th of them from `offset` (a shard).
    public struct Settings: RandomAccessCollection, Sendable {
        /// The rows of one group size and penalty: all margins, or those equal to 1 only.
        struct Block: Sendable {
            let groupSize: GroupSize
            let penalty: Penalty
            let start: Int
            let allMargins: Bool
        }

        private let blocks: [Block]
        private let betas: IndexedAxis, references: IndexedAxis, margins: IndexedAxis
        private let unitMargins: [DecimalNumber]
        /// The grid's rows, and those of this collection: grid rows `offset + k stride`.
        private let gridCount: Int, offset: Int, stride: Int
        public let count: Int

        init(_ grid: SettingGrid) {
            guard let total = grid.count else { preconditionFailure("a grid whose count overflows Int cannot be indexed") }
            betas = IndexedAxis(grid.betas)
            references = IndexedAxis(grid.references)
            margins = IndexedAxis(grid.margins)
            unitMargins = margins.ones
            var blocks: [Block] = []
            var start = 0
            // The same rule as `count` and `settings`: `problem` looks at `γ = 1` or not only.
            for g in grid.groupSizes {
                for penalty in grid.penalties where BinarySetting.problem(groupSize: g, penalty: penalty, margin: .one) == nil {
                    let all = BinarySetting.problem(groupSize: g, penalty: penalty, margin: SettingGrid.marginBelowOne) == nil
                    let rows = betas.count * references.count * (all ? margins.count : unitMargins.count)
                    if rows > 0 { blocks.append(Block(groupSize: g, penalty: penalty, start: start, allMargins: all)) }
                    start += rows
                }
            }
            precondition(start == total)
            self.blocks = blocks
            (gridCount, offset, stride, count) = (total, 0, 1, total)
        }

        private init(_ base: Settings, offset: Int, stride: Int) {
            (blocks, betas, references, margins, unitMargins) = (base.blocks, base.betas, base.references, base.margins, base.unitMargins)
            (gridCount, self.offset, self.stride) = (base.gridCount, offset, stride)
            count = offset < gridCount ? (gridCount - 1 - offset) / stride + 1 : 0
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        /// Setting `position` (from 0): grid row `offset + position · stride`.
        public subscript(position: Int) -> BinarySetting {
            precondition(0 <= position && position < count, "index \(position) outside \(count) settings")
            let row = offset + position * stride
            var (low, high) = (0, blocks.count - 1)  // the last block starting at or before row
            while low < high {
                let mid = (low + high + 1) / 2
                if blocks[mid].start <= row { low = mid } else { high = mid - 1 }
            }
            let block = blocks[low]
            let marginCount = block.allMargins ? margins.count : unitMargins.count
            let local = row - block.start
            let (b, rest) = local.quotientAndRemainder(dividingBy: references.count * marginCount)
            let (r, m) = rest.quotientAndRemainder(dividingBy: marginCount)
            do {
                return try BinarySetting(groupSize: block.groupSize, penalty: block.penalty, beta: betas[b],
                                         reference: references[r],
                                         confidenceMargin: block.allMargins ? margins[m] : unitMargins[m])
            } catch {
                preconditionFailure("grid value outside the rules (the axes are checked by Parameters): \(error)")
            }
        }

        /// Every `n`-th of these settings from the `first` (from 0): rows `first, first + n, …`.
        public func every(_ n: Int, from first: Int) -> Settings {
            precondition(n >= 1 && first >= 0)
            return Settings(self, offset: offset + first * stride, stride: stride * n)
        }
    }

    /// `settings` made one at a time from their index (`Settings`). The grid must have a
    /// count (not nil), and its values must satisfy `BinarySetting`'s rules (β > 0,
    /// π_ref(a) ∈ [0, 1], γ ∈ (0, 1]), as the command line's axes do.
    public var lazySettings: Settings { Settings(self) }
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
