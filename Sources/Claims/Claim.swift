import Multiprecision

/// How a check discharges (part of) a claim.
public enum CheckKind: String, Sendable, CaseIterable {
    /// An identity over the rationals, decided exactly.
    case exact
    /// Interval enclosures at every point of a grid.
    case grid
    /// The sign of a derivative, proved exactly on the whole parameter domain.
    case monotone
    /// An inequality, proved exactly on the whole parameter domain.
    case bound
}

/// What one check established.
public enum CheckStatus: Equatable, Sendable {
    case provedExactly(identities: Int)
    case certifiedOnGrid(points: Int, digits: Int)
    /// A sign proved for every parameter value of the domain (described), by Bernstein
    /// coefficients on the number of boxes given.
    case provedOnDomain(String, boxes: Int)
    /// A statement of the paper that is false as stated, shown so by a certified
    /// counterexample (described): the check did its job, so this is not a failure.
    case refuted(String)
    case failed(String)

    public var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }

    public var isRefutation: Bool {
        if case .refuted = self { return true }
        return false
    }

    public var text: String {
        switch self {
        case .provedExactly(let n): n == 1 ? "proved exactly" : "proved exactly (\(n) identities)"
        case .certifiedOnGrid(let n, let d): "certified on grid (\(n) points at \(d) digits)"
        case .provedOnDomain(let domain, let n): "proved for all \(domain) (Bernstein, \(n) \(n == 1 ? "box" : "boxes"))"
        case .refuted(let counterexample): "refuted (certified counterexample): \(counterexample)"
        case .failed(let why): "FAILED: \(why)"
        }
    }
}

/// What the checks of a run may vary: the digits of grid checks, and the closed forms under test.
public struct ProofContext: Sendable {
    public var digits: Int
    public var closedForms: ClosedFormTable

    public init(digits: Int, closedForms: ClosedFormTable = .paper) {
        self.digits = digits
        self.closedForms = closedForms
    }
}

/// One check of a claim, named as in the claim's `proofs/<id>.md` block.
public struct ClaimCheck: Sendable {
    public let kind: CheckKind
    public let name: String
    let run: @Sendable (ProofContext) -> CheckStatus

    public init(_ kind: CheckKind, _ name: String, _ run: @escaping @Sendable (ProofContext) -> CheckStatus) {
        self.kind = kind
        self.name = name
        self.run = run
    }
}

/// Where a claim's checks establish it.
public enum ClaimDomain: Equatable, Sendable {
    /// Every parameter value the statement allows: identities, signs proved on the whole domain.
    case full
    /// Only part of the domain, described with the reason.
    case bounded(String)

    /// A statement about a continuum of parameters certified at the points of a grid.
    public static let gridPoints = ClaimDomain.bounded("grid points only (each certified, not the region between them)")
    /// Identities for every parameter value, the rest of the statement at a grid's points.
    public static let identitiesAndGridPoints = ClaimDomain.bounded("full for the identities, grid points only for the rest")

    public var text: String {
        switch self {
        case .full: "full"
        case .bounded(let why): why
        }
    }
}

/// A claim of the paper (or a derived fact) with the checks that discharge it; its notes are
/// in `proofs/<id>.md`.
public struct Claim: Sendable {
    public let id: String
    public let paper: String
    public let statement: String
    public let checks: [ClaimCheck]
    public let domain: ClaimDomain

    /// `domain` defaults to `.full` when every check covers the whole domain (exact, monotone,
    /// bound), to `.gridPoints` when every check is a grid, and to `.identitiesAndGridPoints`
    /// for a mixture.
    public init(id: String, paper: String, statement: String, checks: [ClaimCheck], domain: ClaimDomain? = nil) {
        self.id = id
        self.paper = paper
        self.statement = statement
        self.checks = checks
        let grids = checks.filter { $0.kind == .grid }.count
        self.domain = domain ?? (grids == 0 ? .full : grids == checks.count ? .gridPoints : .identitiesAndGridPoints)
    }
}

/// The outcome of proving one claim.
public struct ClaimResult: Sendable {
    public let claim: Claim
    public let statuses: [CheckStatus]
    public let seconds: Double

    /// Failed if any check failed; otherwise passed.
    public var failed: Bool { statuses.contains(where: \.isFailure) }
    /// A statement of the paper refuted (an erratum) and no check failed.
    public var refuted: Bool { !failed && statuses.contains(where: \.isRefutation) }
    public var statusText: String {
        statuses.map(\.text).joined(separator: "; ")
    }
}
