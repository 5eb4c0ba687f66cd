import Dispatch
import Foundation

/// How `orderedStream` hands its results on: in batches of at least `batch` results, or fewer
/// once `seconds` have passed since the last batch (so slow items are not held back), and
/// never more than `window` results computed ahead of the last one handed on.
public struct StreamPacing: Sendable {
    /// Results held at most: items are claimed only `window` ahead of the first one not yet handed on.
    public var window: Int
    /// Results handed on together when they come fast.
    public var batch: Int
    /// The longest a finished result waits for a batch to fill.
    public var seconds: Double

    public init(window: Int = 4096, batch: Int = 512, seconds: Double = 0.1) {
        precondition(window >= 1 && batch >= 1 && batch <= window && seconds > 0)
        self.window = window
        self.batch = batch
        self.seconds = seconds
    }
}

/// `orderedMap` over the indices `0..<count` without holding every result: `transform(i)` runs
/// on `threads` worker threads of its own (1: in order on the calling thread), and the results are handed
/// to `consume`, on the calling thread, in index order and in batches (`pacing`) as soon as
/// they and every result before them are done. At most `pacing.window` results are held at a
/// time, so the memory does not depend on `count`.
///
/// The error thrown is that of the first failing item, as `orderedMap`'s, but the results
/// before it have been consumed by then; nothing after it is consumed. An error thrown by
/// `consume` stops the workers (each finishes the item it has) and is rethrown. `progress`, if
/// given, is called (from any thread) after each item. Items must be independent, as for
/// `orderedMap`; a worker takes the next unclaimed index, so slow items do not hold up the rest
/// (up to the window).
public func orderedStream<R>(count: Int, threads: Int = defaultThreads, pacing: StreamPacing = StreamPacing(),
                             progress: (@Sendable () -> Void)? = nil,
                             _ transform: @escaping @Sendable (Int) throws -> R,
                             consume: ([R]) throws -> Void) throws {
    precondition(count >= 0)
    let workers = min(threads, count)
    guard workers > 1 else {
        var batch: [R] = []
        var lastFlush = ContinuousClock.now
        for i in 0..<count {
            do {
                batch.append(try transform(i))
            } catch {
                if !batch.isEmpty { try consume(batch) }  // the items before the failure, as with workers
                throw error
            }
            progress?()
            if batch.count >= pacing.batch || ContinuousClock.now - lastFlush >= .seconds(pacing.seconds) {
                try consume(batch)
                batch.removeAll(keepingCapacity: true)
                lastFlush = ContinuousClock.now
            }
        }
        if !batch.isEmpty { try consume(batch) }
        return
    }
    let state = StreamState<R>(count: count, window: min(pacing.window, count), batch: pacing.batch)
    // Workers on threads of their own, not Dispatch's pool: blocks that never return until the
    // stream ends would hold every pool thread (on two cores, both) and delay the timers that
    // run there (the progress report, `--max-seconds`).
    let group = DispatchGroup()
    for _ in 0..<workers {
        group.enter()
        Thread {
            state.work(transform, progress: progress)
            group.leave()
        }.start()
    }
    defer {
        state.stop()
        group.wait()
    }
    try state.consume(seconds: pacing.seconds, consume)
}

/// The shared state of `orderedStream`'s workers and its consumer, guarded by `condition`:
/// `slots` is a ring of `window` results, slot `i % window` holding item `i` from when it is
/// done until it is consumed. Items are claimed in order (`next`), only below
/// `consumed + window`, so a slot is free when its item is claimed.
final class StreamState<R>: @unchecked Sendable {
    // Sendable: every field is read and written under `condition` only.
    private let condition = NSCondition()
    private var slots: [Result<R, Error>?]
    private let window: Int
    private let batch: Int
    /// Items `0..<end` are to be computed: `count`, or just past the first failing item.
    private var end: Int
    /// The first item not yet claimed, not yet done, not yet consumed.
    private var next = 0, frontier = 0, consumed = 0
    private var stopped = false

    init(count: Int, window: Int, batch: Int) {
        self.window = window
        self.batch = min(batch, window)
        end = count
        slots = Array(repeating: nil, count: window)
    }

    /// A worker: claims the next item while there is one within the window, computes it
    /// outside the lock and stores it.
    func work(_ transform: (Int) throws -> R, progress: (@Sendable () -> Void)?) {
        condition.lock()
        defer { condition.unlock() }
        while true {
            while !stopped && next < end && next >= consumed + window { condition.wait() }
            guard !stopped && next < end else { return }
            let i = next
            next += 1
            condition.unlock()
            let result = Result { try transform(i) }
            progress?()
            condition.lock()
            slots[i % window] = result
            if case .failure = result, i < end { end = i + 1 }  // nothing after the first failure is needed
            while frontier < end && frontier < next && slots[frontier % window] != nil { frontier += 1 }
            if frontier - consumed >= batch || frontier >= end { condition.broadcast() }
        }
    }

    /// The consumer: waits for a batch (or for the time limit with something done), takes the
    /// finished results in order, frees their slots and hands them to `consume` outside the lock.
    func consume(seconds: Double, _ consume: ([R]) throws -> Void) throws {
        var lastFlush = Date()
        condition.lock()
        while consumed < end {
            let ready = frontier - consumed
            let waited = Date().timeIntervalSince(lastFlush)
            guard ready >= batch || (ready > 0 && (frontier >= end || waited >= seconds)) else {
                _ = condition.wait(until: Date(timeIntervalSinceNow: ready > 0 ? seconds - waited : seconds))  // woken or timed out: look again
                continue
            }
            var values: [R] = []
            values.reserveCapacity(ready)
            var failure: Error? = nil
            for i in consumed..<frontier {
                switch slots[i % window]! {
                case .success(let value): values.append(value)
                case .failure(let error): failure = error  // the last one taken: `end` is just past it
                }
                slots[i % window] = nil
            }
            consumed = frontier
            condition.broadcast()
            condition.unlock()
            if !values.isEmpty { try consume(values) }
            if let failure { throw failure }
            lastFlush = Date()
            condition.lock()
        }
        condition.unlock()
    }

    /// Lets every worker return once it has finished the item it holds.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
