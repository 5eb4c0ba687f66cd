import ArgumentParser
import Conjectures
import Figures
import Foundation
import GRPOModel
import Inputs
import Multiprecision
import Reports
import Synchronization
import Verification

/// How the text of one flag becomes its value: by the rules of `Inputs`, which refuse it with a
/// one-line error naming the flag and what it accepts.
protocol FlagRule {
    associatedtype Value: Sendable
    static func parse(_ text: String) throws -> Value
}

/// A flag's value as argument-parser reads it: the text as given (the default shown in help, the
/// value recorded in a provenance) and what `Rule` makes of it.
struct Checked<Rule: FlagRule>: ExpressibleByArgument, ExpressibleByStringLiteral, Sendable {
    let text: String
    let value: Rule.Value

    /// argument-parser keeps only that a value was refused; the reason goes to `RefusedValue`.
    init?(argument: String) {
        do {
            self.init(text: argument, value: try Rule.parse(argument))
        } catch {
            RefusedValue.current?.record(error)
            return nil
        }
    }

    /// A default of the suite's, valid by construction.
    init(stringLiteral text: String) {
        self.init(text: text, value: try! Rule.parse(text))
    }

    private init(text: String, value: Rule.Value) {
        self.text = text
        self.value = value
    }

    var defaultValueDescription: String { text }
}

/// The reason `Inputs` gave for the first value refused while one command line was parsed.
final class RefusedValue: Sendable {
    @TaskLocal static var current: RefusedValue?
    private let first = Mutex<(any Error)?>(nil)

    func record(_ error: any Error) {
        first.withLock { if $0 == nil { $0 = error } }
    }

    var reason: (any Error)? { first.withLock { $0 } }
}

enum DigitsFlag: FlagRule {
    static func parse(_ text: String) throws -> Int { try Parameters.digits(text) }
}

enum MaximumBoxesFlag: FlagRule {
    static func parse(_ text: String) throws -> Int {
        try Parameters.integer(text, flag: "--max-boxes", in: 1...ConjectureDomain.largestBoxBudget)
    }
}

enum FigureDigitsFlag: FlagRule {
    static func parse(_ text: String) throws -> Int { try Parameters.figureDigits(text) }
}

enum DisplayDigitsFlag: FlagRule {
    static func parse(_ text: String) throws -> Int { try Parameters.displayDigits(text) }
}

enum ThreadsFlag: FlagRule {
    static func parse(_ text: String) throws -> Int { try Parameters.threads(text) }
}

enum ShardFlag: FlagRule {
    static func parse(_ text: String) throws -> Shard { try Parameters.shard(text)! }
}

/// `--out`.
enum FolderFlag: FlagRule {
    static func parse(_ text: String) throws -> URL { try Parameters.folder(text) }
}

/// `--max-seconds`.
enum SecondsFlag: FlagRule {
    static func parse(_ text: String) throws -> Double { try Parameters.seconds(text) }
}

enum GroupSizeFlag: FlagRule {
    static func parse(_ text: String) throws -> GroupSize { try Parameters.groupSize(text) }
}

enum GroupSizesFlag: FlagRule {
    static func parse(_ text: String) throws -> [GroupSize] { try Parameters.groupSizes(text) }
}

enum PenaltyFlag: FlagRule {
    static func parse(_ text: String) throws -> Penalty { try Parameters.penalty(text) }
}

enum PenaltiesFlag: FlagRule {
    static func parse(_ text: String) throws -> [Penalty] { try Parameters.penalties(text) }
}

enum NormalisationFlag: FlagRule {
    static func parse(_ text: String) throws -> AdvantageNormalisation { try Parameters.normalisation(text) }
}

/// `objective --success-rate`: μ ∈ [0, 1].
enum SuccessRateFlag: FlagRule {
    static func parse(_ text: String) throws -> DecimalNumber { try Parameters.successRate(text) }
}

/// `objective --normalisation`.
enum ObjectiveNormalisationFlag: FlagRule {
    static func parse(_ text: String) throws -> AdvantageNormalisation { try Parameters.objectiveNormalisation(text) }
}

enum BetaFlag: FlagRule {
    static func parse(_ text: String) throws -> DecimalNumber { try Parameters.beta(text) }
}

enum BetaGridFlag: FlagRule {
    static func parse(_ text: String) throws -> DecimalAxis { try Parameters.betaGrid(text) }
}

enum BetaListFlag: FlagRule {
    static func parse(_ text: String) throws -> [DecimalNumber] { try Parameters.betaList(text) }
}

enum MarginFlag: FlagRule {
    static func parse(_ text: String) throws -> DecimalNumber { try Parameters.margin(text) }
}

enum MarginGridFlag: FlagRule {
    static func parse(_ text: String) throws -> DecimalAxis { try Parameters.marginGrid(text) }
}

/// `--ref` where π_ref(a) ∈ (0, 1).
enum OpenReferenceFlag: FlagRule {
    static func parse(_ text: String) throws -> DecimalNumber { try Parameters.openReference(text) }
}

enum EpsilonFlag: FlagRule {
    static func parse(_ text: String) throws -> DecimalNumber { try Parameters.epsilon(text) }
}

/// `--format` of a command whose formats do not depend on its other flags.
enum FormatFlag<Format: RawRepresentable & CaseIterable & Sendable>: FlagRule where Format.RawValue == String {
    static func parse(_ text: String) throws -> Format {
        try Parameters.choice(text, flag: "--format", among: Array(Format.allCases))
    }
}

/// `plot`'s figure.
enum FigureFlag: FlagRule {
    static func parse(_ text: String) throws -> PaperFigure {
        try Parameters.choice(text, flag: "<figure>", among: PaperFigure.allCases)
    }
}

enum RelationFlag: FlagRule {
    static func parse(_ text: String) throws -> ConjectureRelation {
        try Parameters.choice(text, flag: "--relation", among: ConjectureRelation.allCases)
    }
}

/// `conjecture --quantity`: a quantity with a certified enclosure.
enum QuantityFlag: FlagRule {
    static func parse(_ text: String) throws -> ConjectureQuantity {
        guard let quantity = ConjectureQuantity(rawValue: text) else {
            throw InputError("--quantity", "'\(text)' has no certified enclosure in the suite; expected one of: "
                             + ConjectureQuantity.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return quantity
    }
}
