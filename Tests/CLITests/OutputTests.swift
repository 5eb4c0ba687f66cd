import Foundation
@testable import GRPOVerifyCLI
import Testing

/// A run of the built `grpo-verify` with standard output sent to `stdout` (a pipe if nil),
/// stopped with SIGTERM after `timeout` (then `timedOut`).
struct Run {
    let process = Process()
    private let out = Pipe(), err = Pipe()

    init(_ arguments: [String], stdout: FileHandle? = nil) throws {
        let candidates = [Bundle.main.executableURL, URL(fileURLWithPath: CommandLine.arguments[0])]
            .compactMap { $0?.deletingLastPathComponent().appendingPathComponent("grpo-verify") }
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CocoaError(.fileNoSuchFile)
        }
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = stdout ?? out
        process.standardError = err
        try process.run()
    }

    /// Waits for the process (at most `timeout`) and returns its exit status and output.
    func finish(timeout: Duration = .seconds(300)) -> (status: Int32, timedOut: Bool, stdout: String, stderr: String) {
        final class Captured: @unchecked Sendable {  // each field written by one reader, read after `group.wait()`
            var stdout = Data(), stderr = Data()
        }
        let group = DispatchGroup(), captured = Captured()
        let (out, err) = (out, err)
        DispatchQueue.global().async(group: group) { captured.stdout = out.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { captured.stderr = err.fileHandleForReading.readDataToEndOfFile() }
        let deadline = ContinuousClock.now + timeout
        var timedOut = false
        while process.isRunning {
            if ContinuousClock.now > deadline {
                timedOut = true
                process.terminate()
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        try? out.fileHandleForWriting.close()  // the parent's copy, so the reader sees the end
        group.wait()
        return (process.terminationStatus, timedOut, String(decoding: captured.stdout, as: UTF8.self),
                String(decoding: captured.stderr, as: UTF8.self))
    }
}

/// The one line an environment failure prints: `cannot write WHAT: <strerror(code)>`.
func writeFailureLine(_ stderr: String, code: Int32) -> Bool {
    // A run longer than the progress interval reports progress first (lines ending "elapsed").
    let lines = stderr.split(separator: "\n").filter { !$0.hasSuffix(" elapsed") }
    return lines.count == 1 && lines[0].hasPrefix("grpo-verify: cannot write ")
        && lines[0].hasSuffix(": " + String(cString: strerror(code)))
}

/// proofs/golden/ of this checkout.
let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("proofs/golden")

/// Scratch folders for the output tests.
func scratchFolder(_ name: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grpo-\(name)-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// A tmpfs of 64 KiB whose space is used up (mounting needs root; `available` says whether it works here).
struct FullVolume {
    let folder: URL

    static let available: Bool = {
        guard let volume = try? FullVolume() else { return false }
        volume.unmount()
        return true
    }()

    init() throws {
        folder = try scratchFolder("full")
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=64k", "tmpfs", folder.path]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else { throw CocoaError(.fileWriteNoPermission) }
        // Fill it: write until the file system refuses.
        let fill = open(folder.appendingPathComponent("fill").path, O_WRONLY | O_CREAT, 0o644)
        let block = [UInt8](repeating: 0, count: 4096)
        while block.withUnsafeBytes({ write(fill, $0.baseAddress!, $0.count) }) > 0 {}
        close(fill)
    }

    /// Entries other than the filler.
    func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0 != "fill" }
    }

    func unmount() {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = [folder.path]
        try? umount.run()
        umount.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }
}

@Suite(.serialized) struct FailedWrites {
    static let smallTable = ["table", "--group-size", "2", "--beta", "0.04", "--ref", "0.3", "--margin", "1",
                             "--penalty", "reverse", "--digits", "10"]

    /// Every command that prints to standard output, with output that would fill a pipe buffer or not.
    @Test(arguments: [
        ["solve", "--beta", "0.1", "--ref", "0.3", "--digits", "10"],
        ["solve", "--beta", "0.1", "--ref", "0.3", "--digits", "10", "--format", "json"],
        smallTable + ["--format", "json"],
        ["threshold", "--ref", "0.3", "--digits", "10"],
        ["stability", "--ref", "0.5", "--beta", "2", "--digits", "10"],
        ["check", "--golden", goldenFolder.appendingPathComponent("solve-g2.json").path],
        ["solve", "--help"],
    ])
    func standardOutputOnAFullDeviceExitsOneWithTheReason(_ arguments: [String]) throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let result = try Run(arguments, stdout: full).finish()
        #expect(result.status == 1, "\(arguments)")
        #expect(writeFailureLine(result.stderr, code: ENOSPC), "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("standard output"))
    }

    @Test(.enabled(if: FullVolume.available, "mounting a tmpfs needs root"))
    func standardOutputOnAFullFileSystemExitsOne() throws {
        let volume = try FullVolume()
        defer { volume.unmount() }
        let path = volume.folder.appendingPathComponent("table.json").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let result = try Run(Self.smallTable + ["--format", "json"], stdout: FileHandle(forWritingAtPath: path)!).finish()
        #expect(result.status == 1)
        #expect(writeFailureLine(result.stderr, code: ENOSPC), "\(result.stderr)")
    }

    @Test(.enabled(if: FullVolume.available, "mounting a tmpfs needs root"))
    func reportOntoAFullFileSystemLeavesNothing() throws {
        let volume = try FullVolume()
        defer { volume.unmount() }
        let target = volume.folder.appendingPathComponent("report")
        let result = try Run(["report", "--digits", "5", "--out", target.path]).finish()
        #expect(result.status == 1)
        #expect(writeFailureLine(result.stderr, code: ENOSPC), "\(result.stderr)")
        #expect(result.stderr.contains("--out '\(target.path)/"))
        #expect(try volume.leftovers() == [], "no partial report folder")
        #expect(!result.stdout.contains("wrote"))
    }

    @Test(.enabled(if: FullVolume.available, "mounting a tmpfs needs root"))
    func plotOntoAFullFileSystemLeavesNothing() throws {
        let volume = try FullVolume()
        defer { volume.unmount() }
        let result = try Run(["plot", "fig1", "--digits", "4", "--out", volume.folder.path]).finish()
        #expect(result.status == 1)
        #expect(writeFailureLine(result.stderr, code: ENOSPC), "\(result.stderr)")
        #expect(result.stderr.contains("--out '\(volume.folder.appendingPathComponent("fig1.svg").path)'"))
        #expect(try volume.leftovers() == [])
    }

    /// An `--out` below a regular file cannot be created: refused before anything is computed.
    @Test(arguments: ["report", "plot"])
    func unwritableOutIsAnEnvironmentFailureNamedInOneLine(_ command: String) throws {
        let folder = try scratchFolder("unwritable")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("file")
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data()))
        let arguments = command == "report" ? ["report", "--out", file.appendingPathComponent("report").path]
            : ["plot", "fig1", "--out", file.appendingPathComponent("figures").path]
        let started = ContinuousClock.now
        let result = try Run(arguments).finish()
        #expect(result.status == 1)
        #expect(writeFailureLine(result.stderr, code: ENOTDIR), "\(result.stderr)")
        #expect(result.stderr.contains("--out"))
        #expect(result.stdout.isEmpty)
        // A default report takes minutes; the probe fails at once.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func anExistingFolderThatIsNoReportIsNotReplaced() throws {
        let folder = try scratchFolder("not-a-report")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("keep"), withIntermediateDirectories: true)
        let result = try Run(["report", "--out", folder.path]).finish()
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("grpo-verify: --out: ") && result.stderr.split(separator: "\n").count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["keep"])
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalRemovesTheStagingFolder(_ signal: Int32) throws {
        let parent = try scratchFolder("signal")
        defer { try? FileManager.default.removeItem(at: parent) }
        let run = try Run(["report", "--digits", "30", "--out", parent.appendingPathComponent("report").path])
        let staging = parent.appendingPathComponent(".report.partial-\(run.process.processIdentifier)")
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: staging.path) && run.process.isRunning
                && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.01)
        }
        #expect(FileManager.default.fileExists(atPath: staging.path), "staged before computing")
        kill(run.process.processIdentifier, signal)
        let result = run.finish()
        #expect(result.status == 128 + signal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == [])
    }

    /// The folder replacement of `report`, on the staging type itself: the old folder's files
    /// are gone, the new ones in place, nothing left beside it.
    @Test func aCommittedFolderReplacesAnEarlierOne() throws {
        let parent = try scratchFolder("replace")
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("report")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        for name in ["report.md", "stale.csv"] {
            #expect(FileManager.default.createFile(atPath: target.appendingPathComponent(name).path, contents: Data("old".utf8)))
        }
        let output = try StagedOutput(folder: target, flag: "--out", marker: "report.md")
        try output.write("new", named: "report.md")
        #expect(try String(contentsOf: target.appendingPathComponent("report.md"), encoding: .utf8) == "old")
        try output.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path) == ["report.md"])
        #expect(try String(contentsOf: target.appendingPathComponent("report.md"), encoding: .utf8) == "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["report"])
    }

    @Test func aDiscardedOutputLeavesTheOldOneAlone() throws {
        let parent = try scratchFolder("discard")
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("fig1.svg")
        #expect(FileManager.default.createFile(atPath: target.path, contents: Data("old".utf8)))
        do {
            let output = try StagedOutput(file: target, flag: "--out")
            try output.write("new")
            output.discard()
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["fig1.svg"])
        #expect(try String(contentsOf: target, encoding: .utf8) == "old")
    }
}
