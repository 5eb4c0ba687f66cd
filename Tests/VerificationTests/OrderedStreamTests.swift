import Foundation
import GRPOModel
import Multiprecision
import Testing
import Verification

/// `orderedStream` hands on what `orderedMap` returns, in order and in bounded batches, and
/// `SettingGrid.Settings` makes from an index the setting `SettingGrid.settings` lists there.
@Suite struct OrderedStreams {
    struct Failure: Error, Equatable { let index: Int }

    /// Records what `consume` saw, from the calling thread only.
    final class Consumed: @unchecked Sendable {
        var batches: [[Int]] = []
        var values: [Int] { batches.flatMap { $0 } }
    }

    static let pacings = [StreamPacing(window: 1, batch: 1), StreamPacing(window: 4, batch: 3),
                          StreamPacing(window: 7, batch: 2, seconds: 0.001), StreamPacing()]

    @Test(arguments: [0, 1, 2, 5, 40, 1000], [1, 2, 3, 8])
    func streamEqualsMapInOrder(count: Int, threads: Int) throws {
        for pacing in Self.pacings {
            let consumed = Consumed()
            try orderedStream(count: count, threads: threads, pacing: pacing, { $0 * $0 }) { consumed.batches.append($0) }
            #expect(consumed.values == (0..<count).map { $0 * $0 }, "\(pacing)")
            #expect(consumed.batches.allSatisfy { !$0.isEmpty && $0.count <= pacing.window }, "\(pacing)")
        }
    }

    /// Items are claimed at most a window ahead of the first one not yet handed on (so at most
    /// a window, and the batch being consumed, ahead of the first one `consume` has seen).
    @Test(arguments: [1, 2, 4])
    func atMostAWindowIsHeld(threads: Int) throws {
        final class Bound: @unchecked Sendable {
            let lock = NSLock()
            var consumed = 0, worst = 0
        }
        let bound = Bound(), window = 5
        try orderedStream(count: 300, threads: threads, pacing: StreamPacing(window: window, batch: 2), { i in
            bound.lock.lock()
            bound.worst = max(bound.worst, i - bound.consumed)
            bound.lock.unlock()
            return i
        }) { batch in
            bound.lock.lock()
            bound.consumed += batch.count
            bound.lock.unlock()
        }
        #expect(bound.worst < 2 * window)
    }

    /// The error is that of the first failing item; everything before it is consumed, nothing after.
    @Test(arguments: [1, 2, 4])
    func firstFailureStopsAfterThePrefix(threads: Int) throws {
        for pacing in Self.pacings {
            let consumed = Consumed()
            #expect(throws: Failure(index: 17)) {
                try orderedStream(count: 100, threads: threads, pacing: pacing, { i in
                    if i == 17 || i == 18 || i == 60 { throw Failure(index: i) }
                    return i
                }) { consumed.batches.append($0) }
            }
            #expect(consumed.values == Array(0..<17), "\(pacing)")
        }
    }

    @Test(arguments: [1, 3])
    func aFailingConsumerStopsTheWorkers(threads: Int) throws {
        let consumed = Consumed()
        #expect(throws: Failure(index: -1)) {
            try orderedStream(count: 10_000, threads: threads, pacing: StreamPacing(window: 8, batch: 4), { $0 }) { batch in
                consumed.batches.append(batch)
                if consumed.values.count >= 20 { throw Failure(index: -1) }
            }
        }
        #expect(consumed.values == Array(0..<consumed.values.count) && consumed.values.count < 40)
    }

    /// Slow items are handed on one by one once the batch's time has passed.
    @Test func slowItemsAreNotHeldForABatch() throws {
        let consumed = Consumed()
        try orderedStream(count: 6, threads: 2, pacing: StreamPacing(window: 64, batch: 64, seconds: 0.01), { i in
            Thread.sleep(forTimeInterval: 0.05)
            return i
        }) { consumed.batches.append($0) }
        #expect(consumed.values == Array(0..<6))
        #expect(consumed.batches.count > 1)
    }

    static func axis(_ items: [String]) throws -> DecimalAxis {
        DecimalAxis(try items.map { item in
            let bounds = item.split(separator: ":").map(String.init)
            return bounds.count == 3 ? .range(try ExactDecimalRange(bounds[0], bounds[1], bounds[2]))
                : .value(try DecimalNumber(item))
        })
    }

    static let grids: [SettingGrid] = try! [
        SettingGrid(groupSizes: [.two, .infinite], penalties: [.reverse, .direct], betas: axis(["0.001", "0.04:0.1:0.03", "10"]),
                    references: axis(["0", "0.1:0.9:0.4", "1"]), margins: axis(["0.25", "0.5:1:0.25", "1.0"])),
        SettingGrid(groupSizes: [.finite(3), .two, .finite(64)], penalties: [.direct, .reverse], betas: axis(["0.5"]),
                    references: axis(["0.3", "0.7"]), margins: axis(["0.2:0.6:0.2", "1", "0.9"])),
        SettingGrid(groupSizes: [.infinite], penalties: [.reverse], betas: axis(["0.01:1:0.01"]),
                    references: axis(["0.001:0.999:0.05"]), margins: axis(["1"])),
        SettingGrid(groupSizes: [.finite(8)], penalties: [.direct, .reverse], betas: axis(["1"]),
                    references: axis(["0.5"]), margins: axis(["0.5"])),  // no settings
    ]

    @Test(arguments: grids)
    func lazySettingsAreTheListedOnes(_ grid: SettingGrid) {
        let listed = grid.settings
        let lazy = grid.lazySettings
        #expect(lazy.count == listed.count && grid.count == listed.count)
        #expect(Array(lazy) == listed)
        #expect(lazy.map(\.beta.text) == listed.map(\.beta.text))
        #expect(lazy.map(\.confidenceMargin.text) == listed.map(\.confidenceMargin.text))
        for n in [1, 2, 3, 7, listed.count + 1] {
            for first in 0..<min(n, 4) {
                let shard = lazy.every(n, from: first)
                #expect(Array(shard) == listed.indices.filter { $0 % n == first }.map { listed[$0] }, "\(first)/\(n)")
                #expect(Array(shard.every(2, from: 1)) == Array(shard).enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
            }
        }
    }

    @Test func indexedAxisIsTheListedAxis() throws {
        let axis = try Self.axis(["0.5", "0.001:0.01:0.003", "2", "1:1:1", "0.25:1.5:0.25", "1.00"])
        let indexed = IndexedAxis(axis)
        #expect(indexed.count == axis.values.count)
        #expect((0..<indexed.count).map { indexed[$0].text } == axis.values.map(\.text))
        #expect(indexed.ones.map(\.text) == axis.values.filter { $0.isNumericallyEqual(to: .one) }.map(\.text))
    }
}
