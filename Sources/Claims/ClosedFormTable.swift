import GRPOModel
import Multiprecision

/// The closed forms under test, as interval functions. `paper` is the suite's own `ClosedForm`;
/// a test can put a perturbed formula in its place and watch the matching claims fail.
public struct ClosedFormTable: Sendable {
    /// (14) at `(β, π_ref(a), γ)`.
    public var groupsOfTwo: @Sendable (Interval, Interval, Interval) -> Interval
    /// (15) at `(β, π_ref(a))`.
    public var largeGroups: @Sendable (Interval, Interval) -> Interval
    /// The direct-KL closed form for groups of two at `(β, π_ref(a), γ)`.
    public var directGroupsOfTwo: @Sendable (Interval, Interval, Interval) -> Interval

    public init(groupsOfTwo: @escaping @Sendable (Interval, Interval, Interval) -> Interval,
                largeGroups: @escaping @Sendable (Interval, Interval) -> Interval,
                directGroupsOfTwo: @escaping @Sendable (Interval, Interval, Interval) -> Interval) {
        self.groupsOfTwo = groupsOfTwo
        self.largeGroups = largeGroups
        self.directGroupsOfTwo = directGroupsOfTwo
    }

    public static let paper = ClosedFormTable(
        groupsOfTwo: { ClosedForm.groupsOfTwo(beta: $0, reference: $1, confidenceMargin: $2) },
        largeGroups: { ClosedForm.largeGroups(beta: $0, reference: $1) },
        directGroupsOfTwo: { ClosedForm.directGroupsOfTwo(beta: $0, reference: $1, confidenceMargin: $2) })

    /// The closed form of `setting` in interval arithmetic, for `0 < π_ref(a) < 1`.
    func stationaryPolicy(_ setting: BinarySetting, precision: Int) -> Interval? {
        let beta = Interval(setting.beta, precision: precision)
        let reference = Interval(setting.reference, precision: precision)
        let gamma = Interval(setting.confidenceMargin, precision: precision)
        switch (setting.groupSize, setting.penalty) {
        case (.two, .reverse): return groupsOfTwo(beta, reference, gamma)
        case (.infinite, .reverse): return largeGroups(beta, reference)
        case (.two, .direct): return directGroupsOfTwo(beta, reference, gamma)
        default: return nil
        }
    }
}
