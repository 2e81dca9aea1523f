// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ArabicSearch",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "ArabicTokenizer", targets: ["ArabicTokenizer"]),
        .library(name: "ArabicIndex", targets: ["ArabicIndex"]),
        .library(name: "ArabicEvaluation", targets: ["ArabicEvaluation"]),
        .library(name: "ArabicSearchServer", targets: ["ArabicSearchServer"]),
        .executable(name: "arabic-search", targets: ["SearchCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation` (DocC); a plugin only, nothing is linked.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        // `arabic-search serve`: the HTTP service and its logs.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // Plain-C wrapper over the few ICU calls the analyzer needs (word breaks, NFKC,
        // case folding). Swift never sees an ICU header.
        .target(
            name: "CArabicICU",
            path: "Sources/CArabicICU",
            linkerSettings: [
                .linkedLibrary("icui18n"),
                .linkedLibrary("icuuc"),
                .linkedLibrary("icudata"),
            ]
        ),
        // Plain-C kernels of the on-disk index: zstd with a raw-content dictionary (stored
        // documents), loaded at run time from the system's runtime library so that no zstd
        // header or -dev package is needed (docs/DEPENDENCIES.md), and unpacking of bit-packed
        // postings blocks. `dl` is for glibc before 2.34, where dlopen is not in libc.
        .target(
            name: "CStore",
            path: "Sources/CStore",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        // Snowball's Arabic stemmer, loaded at run time from the system's libstemmer runtime
        // library (libstemmer0d), so that no header or -dev package is needed.
        .target(
            name: "CSnowball",
            path: "Sources/CSnowball",
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        .target(
            name: "ArabicTokenizer",
            dependencies: ["CArabicICU", "CSnowball"],
            path: "Sources/Tokenizer",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .target(
            name: "ArabicIndex",
            dependencies: ["ArabicTokenizer", "CStore"],
            path: "Sources/Index",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Ranking evaluation over the public API of the index: TREC topics, qrels and runs,
        // metrics, significance tests, parameter sweeps.
        .target(
            name: "ArabicEvaluation",
            dependencies: ["ArabicIndex", "ArabicTokenizer"],
            path: "Sources/Evaluation",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The service over an index: the JSON shapes and named ranking parameters the CLI and
        // the HTTP server share, and the HTTP server itself (`arabic-search serve`).
        .target(
            name: "ArabicSearchServer",
            dependencies: [
                "ArabicIndex",
                "ArabicTokenizer",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/Server",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "SearchCLI",
            dependencies: [
                "ArabicTokenizer",
                "ArabicIndex",
                "ArabicEvaluation",
                "ArabicSearchServer",
                .product(name: "Logging", package: "swift-log"),
                "CArabicICU",  // bidi reordering and shaping for terminals that do not do it
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/SearchCLI",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "ArabicTokenizerTests",
            dependencies: ["ArabicTokenizer"],
            path: "Tests/ArabicTokenizerTests",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "ArabicIndexTests",
            // Evaluation too: equality tests run whole topic sets through both index kinds.
            dependencies: ["ArabicIndex", "ArabicTokenizer", "ArabicEvaluation", "CStore"],
            path: "Tests/ArabicIndexTests",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "ArabicEvaluationTests",
            dependencies: ["ArabicEvaluation", "ArabicIndex", "ArabicTokenizer"],
            path: "Tests/ArabicEvaluationTests",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "ArabicSearchServerTests",
            dependencies: [
                "ArabicSearchServer", "ArabicIndex", "ArabicTokenizer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/ArabicSearchServerTests",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "SearchCLITests",
            dependencies: ["SearchCLI"],
            path: "Tests/SearchCLITests",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
