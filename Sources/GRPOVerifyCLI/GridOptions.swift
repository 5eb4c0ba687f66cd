import ArgumentParser
import GRPOModel
import Inputs
import Verification

/// The default β and π_ref(a) of `table` and `conjecture`, as flag text.
enum DefaultGrid {
    static let betas = SettingGrid.defaultBetas.joined(separator: ",")
    static let references = SettingGrid.defaultReferences.joined(separator: ",")
}

/// Where the defaults of `table`'s and `conjecture`'s grids differ.
protocol GridDefaults {
    static var groupSizes: Checked<GroupSizesFlag> { get }
    static var penalties: Checked<PenaltiesFlag> { get }
    static var margins: Checked<MarginGridFlag> { get }
}

/// The grid flags of `table` and `conjecture`: comma lists of values and inclusive ranges
/// `start:stop:step`. `--ref` is kept as given: a grid of π_ref(a), or a question's list.
struct GridOptions<Defaults: GridDefaults>: ParsableArguments {
    @Option(name: .customLong("group-size"),
            help: "Group sizes: integers in 2…10000000 and/or inf (default: \(Defaults.groupSizes.text)).")
    var groupSize: Checked<GroupSizesFlag>?
    @Option(help: "Penalties: reverse and/or direct (default: \(Defaults.penalties.text)).")
    var penalty: Checked<PenaltiesFlag>?
    @Option(help: "Values of β > 0 (default: \(DefaultGrid.betas)).")
    var beta: Checked<BetaGridFlag>?
    @Option(name: .customLong("ref"), help: "Values of π_ref(a) in [0, 1] (default: \(DefaultGrid.references)).")
    var reference: String?
    @Option(help: "Values of γ in (0, 1], binary questions (default: \(Defaults.margins.text)).")
    var margin: Checked<MarginGridFlag>?

    var groupSizes: Checked<GroupSizesFlag> { groupSize ?? Defaults.groupSizes }
    var penalties: Checked<PenaltiesFlag> { penalty ?? Defaults.penalties }
    var betas: Checked<BetaGridFlag> { beta ?? Checked(stringLiteral: DefaultGrid.betas) }
    var references: String { reference ?? DefaultGrid.references }
    var margins: Checked<MarginGridFlag> { margin ?? Defaults.margins }

    /// The grid of binary settings the flags give.
    func settingGrid() throws -> SettingGrid {
        SettingGrid(groupSizes: groupSizes.value, penalties: penalties.value, betas: betas.value,
                    references: try Parameters.referenceGrid(references), margins: margins.value)
    }

    /// The binary settings of the grid, counted before any is listed.
    func settings() throws -> [BinarySetting] {
        try Parameters.settings(of: settingGrid())
    }

    /// The binary settings of the grid, counted and made one at a time, never listed.
    func lazySettings() throws -> SettingGrid.Settings {
        try Parameters.lazySettings(of: settingGrid())
    }
}

enum TableGrid: GridDefaults {
    static let groupSizes: Checked<GroupSizesFlag> = "2,inf"
    static let penalties: Checked<PenaltiesFlag> = "reverse,direct"
    static let margins = Checked<MarginGridFlag>(stringLiteral: SettingGrid.defaultMargins.joined(separator: ","))
}

enum ConjectureGrid: GridDefaults {
    static let groupSizes: Checked<GroupSizesFlag> = "2"
    static let penalties: Checked<PenaltiesFlag> = "reverse"
    static let margins: Checked<MarginGridFlag> = "1"
}

/// `--threads` of the commands that run on every core.
struct ThreadsOption: ParsableArguments {
    @Option(help: "Worker threads, 1…1024 (1: sequential; default: one per core). The output does not depend on it.")
    var threads: Checked<ThreadsFlag>?

    var count: Int { threads?.value ?? defaultThreads }
}
