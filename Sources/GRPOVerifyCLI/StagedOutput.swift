import Dispatch
import Foundation
import Inputs

/// An output file or folder built under a temporary name beside its target,
/// `.NAME.partial-PID`, and renamed into place by `commit()`: the target is either what was
/// there before or the complete new output, never a part of it.
///
/// `init` creates the temporary (and the target's parent folders): it is the check, made
/// before anything is computed, that the target can be written. Until `commit()` the
/// temporary is removed by `discard()`, or on SIGINT or SIGTERM (`Interruption`).
final class StagedOutput {
    enum Kind { case file, folder }

    let kind: Kind
    let target: URL
    let staging: URL
    /// The flag naming the target in errors (`--out`).
    let flag: String
    /// True until the temporary exists, and again once it is committed or discarded.
    private var finished = true

    /// A file written whole by `write(_:)`.
    convenience init(file target: URL, flag: String) throws {
        try self.init(target, kind: .file, flag: flag)
    }

    /// A folder of files written by `write(_:named:)`. An existing target is replaced, so it
    /// must be empty or hold `marker` and files only (what this command writes): anything else
    /// is refused as bad input rather than removed.
    convenience init(folder target: URL, flag: String, marker: String) throws {
        try self.init(target, kind: .folder, flag: flag)
        do {
            try Self.checkReplaceable(self.target, marker: marker, flag: flag)
        } catch {
            discard()
            throw error
        }
    }

    private init(_ target: URL, kind: Kind, flag: String) throws {
        self.kind = kind
        self.flag = flag
        self.target = target.standardizedFileURL
        let parent = self.target.deletingLastPathComponent()
        staging = parent.appendingPathComponent(".\(self.target.lastPathComponent).partial-\(getpid())")
        try Self.makeFolders(parent, what: "\(flag) '\(parent.path)'")
        var info = stat()
        if kind == .file, stat(self.target.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            throw IOFailure("write", name(), errno: EISDIR)
        }
        try Interruption.shared.locked {
            Interruption.shared.removeOnSignal(staging.path)
            let made = kind == .folder ? mkdir(staging.path, 0o755)
                : open(staging.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            guard made >= 0 else {
                Interruption.shared.keep(staging.path)
                throw IOFailure("write", name(), errno: errno)
            }
            if kind == .file { _ = close(made) }  // empty so far: nothing to lose
            finished = false
        }
    }

    deinit { discard() }

    /// The target (or its file `file`) as named in errors: `--out 'report/x.json'`.
    private func name(_ file: String? = nil) -> String {
        "\(flag) '\(file.map { target.appendingPathComponent($0).path } ?? target.path)'"
    }

    /// The whole file (a file output).
    func write(_ text: String) throws(IOFailure) {
        precondition(kind == .file && !finished)
        try Interruption.shared.locked { () throws(IOFailure) in
            try writeFile(text, at: staging.path, what: name())
        }
    }

    /// One file of a folder output.
    func write(_ text: String, named file: String) throws(IOFailure) {
        precondition(kind == .folder && !finished)
        try Interruption.shared.locked { () throws(IOFailure) in
            try writeFile(text, at: staging.appendingPathComponent(file).path, what: name(file))
        }
    }

    /// Renames the output into place. A file replaces the target in one rename; a folder
    /// replaces an old one by three steps (old renamed away, new renamed in, old removed),
    /// with the old one restored if the new one cannot be renamed in.
    func commit() throws {
        precondition(!finished)
        let old = staging.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())")
        var replaced = false
        try Interruption.shared.locked {
            if kind == .folder, FileManager.default.fileExists(atPath: target.path) {
                guard rename(target.path, old.path) == 0 else { throw IOFailure("write", name(), errno: errno) }
                Interruption.shared.removeOnSignal(old.path)
                replaced = true
            }
            guard rename(staging.path, target.path) == 0 else {
                let code = errno
                if replaced, rename(old.path, target.path) == 0 { Interruption.shared.keep(old.path) }
                throw IOFailure("write", name(), errno: code)
            }
            Interruption.shared.keep(staging.path)
            finished = true
        }
        if replaced {
            do {
                try FileManager.default.removeItem(at: old)
            } catch {
                throw IOFailure("remove", "the old \(name()) (now '\(old.path)')", errno: posixCode(of: error))
            }
            Interruption.shared.locked { Interruption.shared.keep(old.path) }
        }
    }

    /// Removes the temporary unless committed. Called on every failure path; a temporary that
    /// cannot be removed is left (the failure that led here is the one reported).
    func discard() {
        Interruption.shared.locked {
            guard !finished else { return }
            finished = true
            try? FileManager.default.removeItem(at: staging)
            Interruption.shared.keep(staging.path)
        }
    }

    /// `mkdir -p`, each step checked.
    static func makeFolders(_ url: URL, what: String) throws(IOFailure) {
        var info = stat()
        if stat(url.path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw IOFailure("write", what, errno: ENOTDIR) }
            return
        }
        let parent = url.deletingLastPathComponent()
        if parent.path != url.path { try makeFolders(parent, what: what) }
        guard mkdir(url.path, 0o755) == 0 || errno == EEXIST else { throw IOFailure("write", what, errno: errno) }
    }

    /// An existing folder may be replaced only if it is empty or holds `marker` and files only.
    static func checkReplaceable(_ target: URL, marker: String, flag: String) throws {
        var info = stat()
        guard stat(target.path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            throw InputError(flag, "'\(target.path)' exists and is not a folder")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: target.path)
        } catch {
            throw IOFailure("read", "\(flag) '\(target.path)'", errno: posixCode(of: error))
        }
        let filesOnly = entries.allSatisfy {
            var entry = stat()
            return lstat(target.appendingPathComponent($0).path, &entry) == 0 && entry.st_mode & S_IFMT == S_IFREG
        }
        guard entries.isEmpty || (entries.contains(marker) && filesOnly) else {
            throw InputError(flag, "'\(target.path)' exists and is not an earlier output of this command "
                             + "(\(marker) and files only); give a new or empty folder")
        }
    }
}

/// The POSIX error code behind a Foundation file error (`EIO` if it names none).
func posixCode(of error: Error) -> Int32 {
    let error = error as NSError
    if error.domain == NSPOSIXErrorDomain { return Int32(error.code) }
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return Int32(underlying.code)
    }
    return EIO
}

/// Temporary outputs to remove if the process is interrupted: on SIGINT or SIGTERM they are
/// removed and the process exits with status 128 + the signal number (on `--max-seconds`, 1). The handlers are
/// installed while there is a temporary, and the signals' earlier dispositions restored when
/// the last one is gone (a signal the process was started ignoring stays ignored). Every
/// change to the outputs runs under `locked`, so a signal never removes a temporary while it
/// is being renamed into place.
final class Interruption: @unchecked Sendable {
    // Sendable: `paths` and `sources` are guarded by `lock`.
    static let shared = Interruption()
    private let lock = NSRecursiveLock()
    private var paths: Set<String> = []
    private var sources: [(signal: Int32, source: DispatchSourceSignal, previous: __sighandler_t?)] = []
    private var installed = false

    func locked<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Removes `path` on SIGINT or SIGTERM (call under `locked`).
    func removeOnSignal(_ path: String) {
        if !installed {
            installed = true
            for signal in [SIGINT, SIGTERM] {
                let previous = Glibc.signal(signal, SIG_IGN)
                if Self.same(previous, SIG_IGN) { continue }
                let source = DispatchSource.makeSignalSource(signal: signal, queue: .global())
                source.setEventHandler { [unowned self] in self.interrupted(by: signal) }
                source.resume()
                sources.append((signal, source, previous))
            }
        }
        paths.insert(path)
    }

    /// No longer removes `path` on a signal (call under `locked`).
    func keep(_ path: String) {
        paths.remove(path)
        guard paths.isEmpty, installed else { return }
        for (signal, source, previous) in sources {
            source.cancel()
            _ = Glibc.signal(signal, previous)  // restores a disposition that was in place: cannot fail
        }
        sources = []
        installed = false
    }

    private static func same(_ a: __sighandler_t?, _ b: __sighandler_t?) -> Bool {
        unsafeBitCast(a, to: Int.self) == unsafeBitCast(b, to: Int.self)
    }

    private func interrupted(by signal: Int32) -> Never { stop(status: 128 + signal) }

    /// Removes every temporary and ends the process with `status` (a signal, or `--max-seconds`).
    func stop(status: Int32) -> Never {
        lock.lock()
        for path in paths {
            try? FileManager.default.removeItem(atPath: path)  // exiting: nothing left to report to
        }
        _exit(status)
    }
}
