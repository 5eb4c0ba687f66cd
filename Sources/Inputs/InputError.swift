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
