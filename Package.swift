// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "grpo-verify",
    products: [
        .executable(name: "grpo-verify", targets: ["grpo-verify"]),
        // The library (Examples/ depends on it by path): MPFR numbers and intervals, the model of
        // a question, the solvers, certification, and `StationaryPolicy.solve`, which runs both.
        .library(name: "Multiprecision", targets: ["Multiprecision"]),
        .library(name: "GRPOModel", targets: ["GRPOModel"]),
        .library(name: "Solvers", targets: ["Solvers"]),
        .library(name: "Certification", targets: ["Certification"]),
        .library(name: "Verification", targets: ["Verification"]),
        // Tables of a grid (`Table.run`) in every output format, and a user's formula against a
        // certified quantity (`Conjecture`).
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Conjectures", targets: ["Conjectures"]),
        // For the fuzz package in Fuzz/: the golden-file reader and the formula parser.
        .library(name: "Golden", targets: ["Golden"]),
        .library(name: "Expressions", targets: ["Expressions"]),
        .executable(name: "grpo-bench", targets: ["grpo-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The MPFR backend: the C library, and a safe Swift number type over it.
        .systemLibrary(
            name: "CMPFR",
            pkgConfig: "mpfr",
            providers: [.apt(["libmpfr-dev", "libgmp-dev"])]
        ),
        .target(name: "Multiprecision", dependencies: ["CMPFR"]),
        // The paper's objects: reward preference models, stationary conditions, closed forms.
        .target(name: "GRPOModel", dependencies: ["Multiprecision"]),
        // Root finders and the GRPO iteration, independent of the closed forms.
        .target(name: "Solvers", dependencies: ["Multiprecision"]),
        // Interval Newton, root isolation and certified enclosures of the stationary policy.
        .target(name: "Certification", dependencies: ["Multiprecision", "GRPOModel", "Solvers"]),
        // The claims checklist: every claim of the paper with the checks that discharge it.
        .target(name: "Claims", dependencies: ["Multiprecision", "GRPOModel", "Certification", "Symbolic", "Verification"]),
        // Runs every method on a setting and decides which digits are earned.
        .target(name: "Verification", dependencies: ["Multiprecision", "GRPOModel", "Solvers", "Certification"]),
        // Tables and their output formats.
        .target(name: "Reports", dependencies: ["Multiprecision", "Verification", "Certification"]),
        // Figures sampled adaptively from the same closed forms and solvers as the tables.
        .target(name: "Figures", dependencies: ["Multiprecision", "GRPOModel", "Verification", "Certification", "Reports"]),
        // Formulas typed by the user: a parser and one evaluator over `RealArithmetic`.
        .target(name: "Expressions", dependencies: ["Multiprecision", "Symbolic"]),
        // A user's formula against a certified enclosure: agreement, inequalities, counterexamples.
        .target(name: "Conjectures", dependencies: ["Multiprecision", "Expressions", "GRPOModel", "Certification", "Verification", "Reports", "Symbolic"]),
        // The inputs of every command, apart from their syntax: each flag's range, the rules of a
        // setting, reward models and questions, grids; one-line errors naming the flag.
        .target(name: "Inputs", dependencies: ["Multiprecision", "GRPOModel", "Verification", "Reports"]),
        // The golden files: the schema of every JSON the suite writes, its reader, and the
        // recomputation `check` compares it with (with the tables `report` writes).
        .target(
            name: "Golden",
            dependencies: ["Multiprecision", "GRPOModel", "Verification", "Certification", "Reports", "Claims", "Inputs"]
        ),
        // The command-line interface: parses the arguments and prints.
        .target(
            name: "GRPOVerifyCLI",
            dependencies: [
                "Multiprecision", "GRPOModel", "Verification", "Certification", "Reports", "Claims", "Figures",
                "Expressions", "Conjectures", "Inputs", "Golden",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "grpo-verify", dependencies: ["GRPOVerifyCLI"]),
        // Benchmarks of issue 6: median wall times of the suite's workloads (build with -c release).
        .executableTarget(
            name: "grpo-bench",
            dependencies: ["Multiprecision", "GRPOModel", "Verification", "Certification"]
        ),
        // Exact rational arithmetic and polynomial identities behind the closed forms.
        .target(name: "Symbolic", dependencies: ["CMPFR", "Multiprecision"]),

        // Helpers shared by the test targets: a seeded random source, independent reference values.
        .target(name: "TestSupport", dependencies: ["Multiprecision"], path: "Tests/TestSupport"),
        .testTarget(name: "MultiprecisionTests", dependencies: ["Multiprecision", "TestSupport"]),
        .testTarget(name: "GRPOModelTests", dependencies: ["GRPOModel", "Solvers", "TestSupport"]),
        .testTarget(name: "VerificationTests", dependencies: ["Verification", "GRPOModel", "Solvers", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport"]),
        .testTarget(name: "CertificationTests", dependencies: ["Certification", "GRPOModel", "Verification", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["grpo-verify", "GRPOVerifyCLI", "TestSupport"]),
        .testTarget(name: "SymbolicTests", dependencies: ["Symbolic", "TestSupport"]),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "Reports", "GRPOModel", "Multiprecision", "TestSupport"]),
        .testTarget(name: "ExpressionsTests", dependencies: ["Expressions", "Multiprecision", "TestSupport"]),
        .testTarget(name: "ConjecturesTests", dependencies: ["Conjectures", "Expressions", "GRPOModel", "Multiprecision", "TestSupport"]),
        .testTarget(name: "ClaimsTests", dependencies: ["Claims", "Multiprecision", "GRPOModel", "Symbolic"]),
    ]
)
