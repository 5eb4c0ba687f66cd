// swift-tools-version: 6.0
// A package that uses grpo-verify as a Swift library, by path; `make test` builds and runs it.
import PackageDescription

let package = Package(
    name: "grpo-verify-example",
    dependencies: [.package(name: "grpo-verify", path: "..")],
    targets: [
        .executableTarget(name: "Example", dependencies: [
            .product(name: "Multiprecision", package: "grpo-verify"),
            .product(name: "GRPOModel", package: "grpo-verify"),
            .product(name: "Verification", package: "grpo-verify"),
            .product(name: "Reports", package: "grpo-verify"),
        ]),
    ]
)
