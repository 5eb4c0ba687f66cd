import Foundation
import Inputs

/// `text` on one line: control characters (from file names, keys or values quoted in it) shown as `?`.
func singleLine(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map {
        $0.value < 0x20 || $0.value == 0x7f || $0 == "\u{2028}" || $0 == "\u{2029}" ? "?" : $0
    }))
}

/// Standard output of every command: written with `write(2)`, each result checked, so a full
/// disk, `/dev/full` or a closed descriptor is an error (exit status 1), never a truncated
/// output that exits 0. Nothing is buffered in the process; when standard output is a regular
/// file each write is also flushed to the device (`fsync`), so a failure the file system
/// reports only then is caught too.
enum StandardOutput {
    static func write(_ text: String) throws(IOFailure) {
        try writeAll(Array(text.utf8), to: STDOUT_FILENO, what: "standard output")
        try sync()
    }

    /// One piece of an output written in pieces as it is computed (a streamed table): written
    /// whole under `Interruption`'s lock, so that a stop by `--max-seconds` falls between
    /// pieces, and not yet flushed to the device: `sync()` after the last piece.
    static func stream(_ text: String) throws(IOFailure) {
        try Interruption.shared.locked { () throws(IOFailure) in
            try writeAll(Array(text.utf8), to: STDOUT_FILENO, what: "standard output")
        }
    }

    /// Flushes standard output to the device when it is a regular file (`fsync`), so a failure
    /// the file system reports only then is caught.
    static func sync() throws(IOFailure) {
        var info = stat()
        if fstat(STDOUT_FILENO, &info) == 0, info.st_mode & S_IFMT == S_IFREG, fsync(STDOUT_FILENO) != 0 {
            throw IOFailure("write", "standard output", errno: errno)
        }
    }

    /// `text` and a line break.
    static func line(_ text: String) throws(IOFailure) {
        try write(text + "\n")
    }
}

/// Writes every byte to `descriptor`, retrying partial writes and `EINTR`.
func writeAll(_ bytes: [UInt8], to descriptor: Int32, what: String) throws(IOFailure) {
    var done = 0
    while done < bytes.count {
        let n = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + done, $0.count - done) }
        if n < 0 {
            if errno == EINTR { continue }
            throw IOFailure("write", what, errno: errno)
        }
        done += n
    }
}

/// Writes `text` as the whole file at `path` (created or truncated, mode 0644, never through a
/// symbolic link), flushed to the device and closed, each step checked. `what` names it in errors.
func writeFile(_ text: String, at path: String, what: String) throws(IOFailure) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw IOFailure("write", what, errno: errno) }
    do throws(IOFailure) {
        try writeAll(Array(text.utf8), to: descriptor, what: what)
        guard fsync(descriptor) == 0 else { throw IOFailure("write", what, errno: errno) }
    } catch {
        _ = close(descriptor)  // already failing; the write's reason is the one reported
        throw error
    }
    guard close(descriptor) == 0 else { throw IOFailure("write", what, errno: errno) }
}
