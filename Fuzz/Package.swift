// swift-tools-version: 6.0
// libFuzzer targets for the decimal parser and the golden-file reader (grpo-fuzz) and for the
// formula parser and evaluator (grpo-fuzz-formula) of grpo-verify, kept in their own package so
// the main build is unaffected. Build and run with ../scripts/fuzz.sh [SECONDS] [TARGET].
import PackageDescription

let package = Package(
    name: "grpo-fuzz",
    dependencies: [.package(name: "grpo-verify", path: "..")],
    targets: [
        // `grpo_fuzz_main`: SwiftPM's entry point for the executable, handing over to libFuzzer.
        .target(name: "FuzzMain"),
        .target(name: "FormulaFuzzMain"),
        .executableTarget(
            name: "grpo-fuzz",
            dependencies: [
                "FuzzMain",
                .product(name: "Multiprecision", package: "grpo-verify"),
                .product(name: "Golden", package: "grpo-verify"),
            ]
        ),
        .executableTarget(
            name: "grpo-fuzz-formula",
            dependencies: [
                "FormulaFuzzMain",
                .product(name: "Expressions", package: "grpo-verify"),
                .product(name: "Multiprecision", package: "grpo-verify"),
            ]
        ),
    ]
)
