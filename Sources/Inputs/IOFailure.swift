import Foundation

/// Reading or writing failed in the environment (a full disk, permissions, a closed output):
/// exit status 1, reported in one line naming what was read or written and the operating
/// system's reason.
public struct IOFailure: Error, CustomStringConvertible {
    public let verb: String
    public let what: String
    public let reason: String

    public init(_ verb: String, _ what: String, errno code: Int32) {
        self.verb = verb
        self.what = what
        reason = String(cString: strerror(code))
    }

    public var description: String { "cannot \(verb) \(what): \(reason)" }
}
