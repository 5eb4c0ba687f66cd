/// Bad input: printed as one line naming the flag and what it accepts; exit status 2.
public struct InputError: Error, CustomStringConvertible, Equatable {
    public let flag: String
    public let problem: String

    public init(_ flag: String, _ problem: String) {
        self.flag = flag
        self.problem = problem
    }

    public var description: String { "\(flag): \(problem)" }
}

/// A verification that did not reach its target: exit status 1, with one line on stderr
/// saying what fell short (the details are in the command's output).
public struct VerificationFailed: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
