import ArgumentParser
import Foundation
import Inputs

/// The options every long-running command shares: a wall-clock limit, and the progress report
/// it starts.
struct RunOptions: ParsableArguments {
    @Option(name: .customLong("max-seconds"),
            help: "Stop with exit status 1 once the run has taken this many seconds (a decimal in (0, 1000000]).")
    var maxSeconds: Checked<SecondsFlag>?

    /// Arms the limit and starts the progress report of `label` over `total` items (nil when
    /// the run has no count, as `solve`).
    func start(_ label: String, total: Int? = nil) -> Progress {
        let progress = Progress(label: label, total: total)
        if let limit = maxSeconds?.value { progress.stop(after: limit) }
        return progress
    }
}

/// Progress of a long run on stderr, and its time limit.
///
/// On a terminal: a bar redrawn in place with the rate and the estimated time left (or the
/// elapsed time when there is no count). Elsewhere (pipes, files, CI logs): nothing for the
/// first `quietSeconds`, then one plain line every `quietSeconds`, so a log shows that a long
/// run is alive and short runs print nothing. stdout is never touched.
final class Progress: @unchecked Sendable {
    // Sendable: every mutable field is guarded by `lock`.
    private let label: String
    private let total: Int?
    private let lock = NSLock()
    private let started = ContinuousClock.now
    private let terminal = isatty(STDERR_FILENO) != 0
    private var done = 0
    private var finished = false
    private var timer: DispatchSourceTimer?
    private var deadline: DispatchSourceTimer?

    /// Seconds between plain progress lines when stderr is not a terminal:
    /// `GRPO_VERIFY_PROGRESS_SECONDS` if set to a positive number, else 10.
    static let quietSeconds: Double = ProcessInfo.processInfo.environment["GRPO_VERIFY_PROGRESS_SECONDS"]
        .flatMap(Double.init).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } ?? 10

    init(label: String, total: Int?) {
        self.label = label
        self.total = total.flatMap { $0 > 0 ? $0 : nil }
        let interval = terminal ? 0.1 : Self.quietSeconds
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + interval, repeating: interval)
        timer.setEventHandler { [weak self] in self?.report() }
        timer.resume()
        self.timer = timer
    }

    deinit {
        timer?.cancel()
        deadline?.cancel()
    }

    /// One more item done.
    func advance() {
        lock.lock()
        defer { lock.unlock() }
        done += 1
    }

    /// Clears the bar's line and stops reporting.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        finished = true
        timer?.cancel()
        if terminal && drawn {
            try? writeAll(Array("\r\u{1B}[K".utf8), to: STDERR_FILENO, what: "standard error")  // drawing is best effort
        }
    }

    /// After `seconds`, ends the process with exit status 1 and one line naming the limit.
    /// Every command writes its output at the end, so nothing has been written to stdout, but
    /// a table in a streaming format (markdown, CSV, JSON), which has written the rows done so
    /// far: it is cut after a whole batch of rows (`StandardOutput.stream`), without summary.
    func stop(after seconds: Double) {
        let deadline = DispatchSource.makeTimerSource(queue: .global())
        deadline.schedule(deadline: .now() + seconds)
        deadline.setEventHandler { [label, terminal] in
            let line = (terminal ? "\r\u{1B}[K" : "") + "grpo-verify: --max-seconds: \(label) did not finish within "
                + "\(Self.duration(seconds)); stopped\n"
            try? writeAll(Array(line.utf8), to: STDERR_FILENO, what: "standard error")  // exiting either way
            Interruption.shared.stop(status: 1)
        }
        deadline.resume()
        self.deadline = deadline
    }

    private var drawn = false
    /// While true the bar is not drawn (standard output is being written to the same terminal).
    private var paused = false

    /// Runs `body`, which writes to standard output, with the bar cleared and not redrawn until
    /// it returns, when both standard output and standard error are the terminal (a streamed
    /// table's rows then scroll above the bar instead of running into it).
    func pausing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        guard terminal && isatty(STDOUT_FILENO) != 0 else { return try body() }
        lock.lock()
        paused = true
        if drawn && !finished {
            try? writeAll(Array("\r\u{1B}[K".utf8), to: STDERR_FILENO, what: "standard error")  // drawing is best effort
        }
        lock.unlock()
        defer {
            lock.lock()
            paused = false
            lock.unlock()
        }
        return try body()
    }

    private func report() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished && !paused else { return }
        let elapsed = (ContinuousClock.now - started) / .seconds(1)
        var text = "\(label): "
        if let total {
            let rate = Double(done) / max(elapsed, 1e-9)
            text += "\(done)/\(total) (\(Int(100 * Double(done) / Double(total)))%)"
            if terminal {
                let width = 30, filled = done * width / total
                text += " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
            }
            text += String(format: ", %.3g/s", rate)
            if done > 0 && done < total { text += ", about \(Self.duration(Double(total - done) / rate)) left" }
        } else {
            text += "running"
        }
        text += ", \(Self.duration(elapsed)) elapsed"
        drawn = true
        try? writeAll(Array((terminal ? "\r\u{1B}[K" + text : "grpo-verify: " + text + "\n").utf8),
                      to: STDERR_FILENO, what: "standard error")  // progress is best effort
    }

    /// `42 s`, `3 min 5 s`, `2 h 4 min`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 1e9 else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return seconds < 10 ? String(format: "%.1f s", seconds) : "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \((s % 3600) / 60) min"
    }
}
