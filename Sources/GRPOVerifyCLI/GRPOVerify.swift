import ArgumentParser
import Figures
import Foundation
import Inputs
import Multiprecision
import Verification

/// `grpo-verify`: evaluates the paper's closed forms with MPFR and checks them against
/// independent solvers.
public struct GRPOVerify: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "grpo-verify",
        abstract: "Verify the stationary policies of GRPO (Vojnovic & Yun, arXiv:2502.18548) to arbitrary precision.",
        version: version,
        subcommands: [Solve.self, TableCommand.self, Report.self, Prove.self, Threshold.self, Variants.self,
                      Stability.self, Plot.self, Check.self, Merge.self, ConjectureCommand.self, Objective.self]
    )

    public init() {}

    /// Runs the command line and returns the exit status:
    /// 0 success, 1 a verification or computation failed, 2 bad input (one line on stderr).
    public static func run(arguments: [String]) -> Int32 {
        do {
            try screen(arguments)
            var command = try parse(arguments)
            try command.run()
            return 0
        } catch let error as InputError {
            return fail("\(error)", status: 2)
        } catch let error as NumericalError {
            return fail("computation failed: \(error)", status: 1)
        } catch let error as ComputationFailure {
            return fail("computation failed: \(error)", status: 1)
        } catch let error as PlotFailure {
            return fail("computation failed: \(error)", status: 1)
        } catch let error as IOFailure {
            return fail("\(error)", status: 1)
        } catch let error as VerificationFailed {
            return fail("\(error)", status: 1)
        } catch let error as ExitCode {
            return error.rawValue
        } catch {
            let status = exitCode(for: error)
            if status == .success {
                do { try StandardOutput.line(fullMessage(for: error)) } catch { return fail("\(error)", status: 1) }
                return 0
            }
            let message = message(for: error).split(separator: "\n").first.map(String.init) ?? "bad input"
            return fail(message, status: 2)
        }
    }

    /// The command of `arguments`. A value the rules of `Inputs` refused is reported with their
    /// reason (argument-parser's own message says only that the value is invalid), unless help
    /// was asked for: argument-parser reads the values before it looks for `--help`.
    static func parse(_ arguments: [String]) throws -> ParsableCommand {
        let refused = RefusedValue()
        do {
            return try RefusedValue.$current.withValue(refused) { try parseAsRoot(arguments) }
        } catch {
            guard exitCode(for: error) != .success, let reason = refused.reason else { throw error }
            let flags = arguments.prefix(while: { $0 != "--" })
            guard flags.contains(where: ["-h", "-help", "--help"].contains) else { throw reason }
            throw CleanExit.helpRequest(configuration.subcommands.first { $0._commandName == arguments.first } ?? Self.self)
        }
    }

    /// What the argument parser would let through silently: a flag given twice (it would keep
    /// the last value), `--version` with anything else, `help` with an unknown subcommand.
    static func screen(_ arguments: [String]) throws {
        var seen = Set<String>()
        for argument in arguments.prefix(while: { $0 != "--" }) where argument.hasPrefix("--") {
            let flag = String(argument.prefix(while: { $0 != "=" }))
            guard seen.insert(flag).inserted else {
                throw InputError(flag, "given more than once; give each flag once")
            }
        }
        if arguments.contains("--version") && arguments != ["--version"] {
            throw InputError("--version", "takes no other arguments")
        }
        if arguments.first == "help" {
            let names = configuration.subcommands.map { $0._commandName }
            guard arguments.count <= 2, arguments.dropFirst().allSatisfy(names.contains) else {
                throw InputError("help", "'\(arguments.dropFirst().joined(separator: " "))' is not a subcommand; "
                                 + "expected one of: " + names.joined(separator: ", "))
            }
        }
    }

    /// Writes `message` as one line: control characters (from file names, keys or values
    /// quoted in it) are shown as `?`, and a line longer than `maximumErrorLength` characters
    /// (a huge argument quoted in it) keeps its start and end around a count of what was left out.
    private static func fail(_ message: String, status: Int32) -> Int32 {
        var scalars = Array(singleLine(message).unicodeScalars)
        if scalars.count > maximumErrorLength {
            let (head, tail) = (maximumErrorLength * 2 / 3, maximumErrorLength / 3)
            let omitted = "…(\(scalars.count - head - tail) characters left out)…".unicodeScalars
            scalars = Array(scalars.prefix(head)) + omitted + Array(scalars.suffix(tail))
        }
        let line = String(String.UnicodeScalarView(scalars))
        try? writeAll(Array("grpo-verify: \(line)\n".utf8), to: STDERR_FILENO,
                      what: "standard error")  // nowhere left to report a failure
        return status
    }

    static let maximumErrorLength = 300
}

/// Output formats of `solve`.
enum SolveFormat: String, CaseIterable {
    case text, json
}
