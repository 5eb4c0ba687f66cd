import Foundation

/// The bytes of the regular file at `path`, read with a bounded read: at most `maximumBytes`.
/// Anything else (missing, a directory, a FIFO, a device, larger than the cap) is bad input
/// named by `name`; it is refused from `stat` and `fstat` before a byte is read, and opened
/// without blocking, so a FIFO cannot stall the command. A failing read is an `IOFailure`.
public func readRegularFile(_ path: String, name: String, maximumBytes: Int) throws -> [UInt8] {
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
