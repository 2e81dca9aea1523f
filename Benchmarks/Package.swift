// swift-tools-version:6.1
// Release-only benchmarks; never run by `swift test`. See README.md in this folder.
import PackageDescription

let package = Package(
    name: "ArabicSearchBenchmarks",
    dependencies: [
        .package(name: "ArabicSearch", path: ".."),
    ],
    targets: [
        .target(
            name: "BenchmarkSupport",
            path: "Sources/BenchmarkSupport",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "analysis-throughput",
            dependencies: ["BenchmarkSupport", .product(name: "ArabicTokenizer", package: "ArabicSearch")],
            path: "Sources/AnalysisThroughput",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "search-throughput",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "ArabicTokenizer", package: "ArabicSearch"),
                .product(name: "ArabicIndex", package: "ArabicSearch"),
            ],
            path: "Sources/SearchThroughput",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "fuzzy-lookup",
            dependencies: [
                .product(name: "ArabicIndex", package: "ArabicSearch"),
                .product(name: "ArabicTokenizer", package: "ArabicSearch"),
            ],
            path: "Sources/FuzzyLookup",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "query-latency",
            dependencies: [.product(name: "ArabicIndex", package: "ArabicSearch")],
            path: "Sources/QueryLatency",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
