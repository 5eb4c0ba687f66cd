import Foundation

/// Reading or writing failed in the environment (a full disk, permissions, a closed output):
/// exit status 1, reported in one line naming what was read or written and the operating
/// system's reason.
struct IOFailure: Error, CustomStringConvertible {
    let verb: String
    let what: String
    let reason: String

    init(_ verb: String, _ what: String, errno code: Int32) {
        self.verb = verb
        self.what = what
        reason = String(cString: strerror(code))
    }

    var description: String { "cannot \(verb) \(what): \(reason)" }
}

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

/// The bytes of the regular file at `path`, read with a bounded read: at most `maximumBytes`.
/// Anything else (missing, a directory, a FIFO, a device, larger than the cap) is bad input
/// named by `name`; it is refused from `stat` and `fstat` before a byte is read, and opened
/// without blocking, so a FIFO cannot stall the command. A failing read is an `IOFailure`.
func readRegularFile(_ path: String, name: String, maximumBytes: Int) throws -> [UInt8] {
    func refuse(_ mode: mode_t) -> InputError? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFDIR: InputError(name, "'\(path)' is a directory, not a file")
        default: InputError(name, "'\(path)' is not a regular file")
        }
    }
    var info = stat()
    guard !path.isEmpty, stat(path, &info) == 0 else {
        // A path that names no file is bad input; any other failure is the environment's.
        let code = errno
        if path.isEmpty || code == ENOENT { throw InputError(name, "no file at '\(path)'") }
        if [ENOTDIR, ENAMETOOLONG, ELOOP].contains(code) {
            throw InputError(name, "'\(path)' names no file: \(String(cString: strerror(code)))")
        }
        throw IOFailure("read", "\(name) '\(path)'", errno: code)
    }
    if let error = refuse(info.st_mode) { throw error }
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw IOFailure("read", "\(name) '\(path)'", errno: errno) }
    defer { _ = close(descriptor) }  // read-only: closing cannot lose data
    guard fstat(descriptor, &info) == 0 else { throw IOFailure("read", "\(name) '\(path)'", errno: errno) }
    if let error = refuse(info.st_mode) { throw error }
    guard info.st_size <= maximumBytes else {
        throw InputError(name, "'\(path)' is larger than \(maximumBytes >> 20) MiB")
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(Int(info.st_size) + 1)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while bytes.count <= maximumBytes {
        let wanted = min(chunk.count, maximumBytes + 1 - bytes.count)
        let n = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, wanted) }
        if n < 0 {
            if errno == EINTR { continue }
            throw IOFailure("read", "\(name) '\(path)'", errno: errno)
        }
        if n == 0 { break }
        bytes += chunk.prefix(n)
    }
    guard bytes.count <= maximumBytes else {
        throw InputError(name, "'\(path)' is larger than \(maximumBytes >> 20) MiB")
    }
    return bytes
}
