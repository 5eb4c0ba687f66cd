import ArgumentParser
import Figures
import Foundation
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
                      Stability.self, Plot.self, Check.self, Merge.self]
    )

    public init() {}

    /// Runs the command line and returns the exit status:
    /// 0 success, 1 a verification or computation failed, 2 bad input (one line on stderr).
    public static func run(arguments: [String]) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
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

    /// Writes `message` as one line: control characters (from file names, keys or values
    /// quoted in it) are shown as `?`.
    private static func fail(_ message: String, status: Int32) -> Int32 {
        try? writeAll(Array("grpo-verify: \(singleLine(message))\n".utf8), to: STDERR_FILENO,
                      what: "standard error")  // nowhere left to report a failure
        return status
    }
}

/// Output formats of `solve`.
enum SolveFormat: String, CaseIterable {
    case text, json
}
