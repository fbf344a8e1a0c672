// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every Swift target (not the system library).
let swiftSettings: [SwiftSetting] = [
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "dateline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dateline", targets: ["dateline"]),
        .library(name: "DatelineExtraction", targets: ["DatelineExtraction"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        // librdkafka through pkg-config; see scripts/install-librdkafka.sh for the pinned build.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"]), .brew(["librdkafka"])]
        ),
        // The only target that imports CRdKafka: owns every unsafe pointer.
        .target(
            name: "DatelineKafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The extraction pipeline: pure Swift, no Kafka, no logging backend.
        .target(
            name: "DatelineExtraction",
            dependencies: [],
            resources: [.copy("Resources/Lexicons")],
            swiftSettings: swiftSettings
        ),
        // The worker runtime: consume, extract on a pool, produce, commit.
        .target(
            name: "DatelineWorker",
            dependencies: [
                "DatelineKafka",
                "DatelineExtraction",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "dateline",
            dependencies: [
                "DatelineKafka",
                "DatelineExtraction",
                "DatelineWorker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The HTTP API runs extraction on an NIOThreadPool, off the event loops.
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
            ],
            // The OpenAPI document `dateline serve` returns at /openapi.json (the one committed copy).
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatelineExtractionTests",
            dependencies: ["DatelineExtraction"],
            exclude: ["Annotations"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatelineKafkaTests",
            dependencies: [
                "DatelineKafka",
                "DatelineWorker",
                "DatelineExtraction",
                .product(name: "Logging", package: "swift-log"),
                // Captures the worker's log lines (the stall detector's rejoin warning).
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DatelineCLITests",
            dependencies: [
                "dateline",
                "DatelineKafka",
                "DatelineWorker",
                "DatelineExtraction",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Needs a real broker (DATELINE_TEST_BROKERS) and the built `dateline` binary; `make test` provides both.
        .testTarget(
            name: "DatelineIntegrationTests",
            dependencies: [
                "DatelineKafka",
                "DatelineExtraction",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Property tests of the tracker and pipeline, and replay of Fuzz/Regressions (scripts/fuzz.sh).
        .testTarget(
            name: "DatelineHardeningTests",
            dependencies: ["DatelineExtraction", "DatelineWorker", "DatelineKafka"],
            swiftSettings: swiftSettings
        ),
    ]
)
