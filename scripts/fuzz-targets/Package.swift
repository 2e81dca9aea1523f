// swift-tools-version:6.1
// The fuzz targets (libFuzzer) over the package at ../..: build and run them with scripts/fuzz.
import PackageDescription

let package = Package(
    name: "ArabicFuzz",
    dependencies: [.package(name: "ArabicSearch", path: "../..")],
    targets: [
        .executableTarget(
            name: "ArabicFuzz",
            dependencies: [
                .product(name: "ArabicIndex", package: "ArabicSearch"),
                .product(name: "ArabicTokenizer", package: "ArabicSearch"),
            ]
        ),
    ]
)
