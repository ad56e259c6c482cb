// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "infratop",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "infratop", targets: ["infratop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The rooms. Each protocol client depends on InfraTopBasics and SwiftNIO only, never on
        // another protocol or on the UI; InfraTopCore joins them (config, store, diagnosis, reach).
        .target(
            name: "InfraTopBasics",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(
            name: "InfraTopKafka",
            dependencies: [
                "InfraTopBasics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "InfraTopRedis",
            dependencies: [
                "InfraTopBasics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        // MongoDB's OP_MSG and BSON; Crypto for SCRAM-SHA-256's SHA-256 and HMAC.
        .target(
            name: "InfraTopMongo",
            dependencies: [
                "InfraTopBasics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "InfraTopZooKeeper",
            dependencies: [
                "InfraTopBasics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "InfraTopKubernetes",
            dependencies: [
                "InfraTopBasics",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "InfraTopCore",
            dependencies: [
                "InfraTopBasics", "InfraTopKafka", "InfraTopRedis", "InfraTopMongo", "InfraTopZooKeeper", "InfraTopKubernetes",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Data out for fleets: the model as Prometheus metrics, and the small HTTP server of
        // `infratop serve` (/metrics, /snapshot.json, /healthz). It reads Core's snapshot and
        // assessment and nothing of the UI.
        .target(
            name: "InfraTopExport",
            dependencies: [
                "InfraTopBasics", "InfraTopKafka", "InfraTopRedis", "InfraTopMongo", "InfraTopZooKeeper", "InfraTopKubernetes", "InfraTopCore",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // wcwidth and nl_langinfo, which Swift's Glibc module hides behind _XOPEN_SOURCE.
        .target(name: "CTextWidth"),
        .target(
            name: "InfraTopUI",
            dependencies: [
                "CTextWidth",
                "InfraTopBasics", "InfraTopKafka", "InfraTopRedis", "InfraTopMongo", "InfraTopZooKeeper", "InfraTopKubernetes", "InfraTopCore",
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["EmbedThemes"]
        ),
        // themes/*.yaml compiled into InfraTopUI at build time, so the binary carries them wherever
        // it is installed (SwiftPM resources would need their bundle beside the binary).
        .executableTarget(name: "embed-themes"),
        .plugin(name: "EmbedThemes", capability: .buildTool(), dependencies: ["embed-themes"]),
        // The session, option resolution, theme cycling and the one dashboard loop that live and
        // replay share over a FrameSource; it draws on a Display the executable provides.
        .target(
            name: "InfraTopApp",
            dependencies: [
                "InfraTopBasics", "InfraTopKafka", "InfraTopRedis", "InfraTopMongo", "InfraTopZooKeeper", "InfraTopKubernetes", "InfraTopCore",
                "InfraTopUI",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The thin executable: the commands, the terminal (ncurses) and its events, logging's file.
        .executableTarget(
            name: "infratop",
            dependencies: [
                "CNcurses",
                "InfraTopBasics", "InfraTopCore", "InfraTopUI", "InfraTopApp", "InfraTopExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What tunnelling through the API server costs beside direct connections (scripts/bench-reach).
        .executableTarget(name: "infratop-bench", dependencies: ["InfraTopBasics", "InfraTopKafka", "InfraTopRedis", "InfraTopZooKeeper", "InfraTopKubernetes", "InfraTopCore"]),
        // Helpers the test targets share (running programs that may leave daemons behind).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // The lab's e-commerce-saga (lab/scenario.json) as model objects, so unit tests and the lab describe one cluster.
        .target(name: "InfraTopFixtures", dependencies: ["InfraTopBasics", "InfraTopKubernetes", "InfraTopCore"], path: "Tests/Fixtures"),
        .testTarget(name: "InfraTopCoreTests", dependencies: ["InfraTopBasics", "InfraTopKafka", "InfraTopRedis", "InfraTopMongo", "InfraTopZooKeeper", "InfraTopKubernetes", "InfraTopCore", "InfraTopFixtures"]),
        .testTarget(name: "InfraTopUITests", dependencies: ["InfraTopUI", "InfraTopBasics", "InfraTopKafka", "InfraTopRedis", "InfraTopMongo", "InfraTopZooKeeper", "InfraTopKubernetes", "InfraTopCore", .product(name: "NIOCore", package: "swift-nio")]),
        // Fixtures holds the C harness for librdkafka's mock cluster, compiled by the tests at run time.
        .testTarget(name: "IntegrationTests", dependencies: ["InfraTopBasics", "InfraTopKafka", "InfraTopRedis", "InfraTopMongo", "InfraTopZooKeeper", "InfraTopKubernetes", "InfraTopCore", "InfraTopUI", "TestSupport", "InfraTopFixtures"], exclude: ["Fixtures"]),
        .testTarget(name: "InfraTopAppTests", dependencies: ["InfraTopApp", "InfraTopUI", "InfraTopBasics", "InfraTopMongo", "InfraTopCore", "InfraTopFixtures", "InfraTopExport", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["infratop", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
