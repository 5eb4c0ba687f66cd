/// A verification that did not reach its target: exit status 1, with one line on stderr
/// saying what fell short (the details are in the command's output).
public struct VerificationFailed: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
