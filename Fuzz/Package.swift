// swift-tools-version: 6.0
// libFuzzer target for the decimal parser and the golden-file reader of grpo-verify, kept in
// its own package so the main build is unaffected. Build and run with ../scripts/fuzz.sh.
import PackageDescription

let package = Package(
    name: "grpo-fuzz",
    dependencies: [.package(name: "grpo-verify", path: "..")],
    targets: [
        // `grpo_fuzz_main`: SwiftPM's entry point for the executable, handing over to libFuzzer.
        .target(name: "FuzzMain"),
        .executableTarget(
            name: "grpo-fuzz",
            dependencies: [
                "FuzzMain",
                .product(name: "Multiprecision", package: "grpo-verify"),
                .product(name: "GRPOVerifyCLI", package: "grpo-verify"),
            ]
        ),
    ]
)
