import Foundation

/// A progress bar on stderr for long runs, drawn only when stderr is a terminal (`isatty(2)`),
/// so pipes, files and CI logs see nothing and stdout is never touched.
final class ProgressBar: @unchecked Sendable {
    // Sendable: every mutable field is guarded by `lock`.
    private let total: Int
    private let label: String
    private let lock = NSLock()
    private var done = 0
    private var lastDrawn = ContinuousClock.now

    /// Nil when stderr is not a terminal or there is nothing to count.
    init?(total: Int, label: String) {
        guard total > 0, isatty(STDERR_FILENO) != 0 else { return nil }
        self.total = total
        self.label = label
    }

    /// One more item done; redraws at most ten times a second (and at the end).
    func advance() {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        let now = ContinuousClock.now
        guard done == total || now - lastDrawn >= .milliseconds(100) else { return }
        lastDrawn = now
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        try? writeAll(Array("\r\(label) [\(bar)] \(done)/\(total)".utf8), to: STDERR_FILENO, what: "standard error")  // drawing is best effort
    }

    /// Clears the bar's line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        try? writeAll(Array("\r\u{1B}[K".utf8), to: STDERR_FILENO, what: "standard error")  // drawing is best effort
    }
}
