// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Luagram",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "luagram", targets: ["luagram"]),
        .library(name: "LuagramRules", targets: ["LuagramRules"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The one configuration file: YAML (through the package's YAML trait, which brings Yams)
        // so the example `luagram init` writes can carry comments.
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "YAML"]),
        // Only to list the keys a configuration file sets (swift-configuration looks keys up, it
        // does not list them), so a misspelt key is refused instead of silently ignored.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // Debian's Lua 5.4 (C build, not liblua5.4-c++: C++ exceptions must not unwind Swift frames).
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // What Swift cannot do itself: macro wrappers, the capped allocator, the watchdog,
        // the traceback handler, the error trampoline and the sandbox's C functions.
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        // Debian's libqrencode: QR codes of ig.me chat links.
        .systemLibrary(
            name: "CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .target(name: "LuagramDomain"),
        // The ways customers reach the inbox: ig.me chat links, their QR codes, the website widget.
        .target(name: "LuagramLinks", dependencies: ["CQREncode"]),
        // Meta's rules as pure decisions; time is always passed in.
        .target(name: "LuagramPolicy", dependencies: ["LuagramDomain"]),
        // What Meta sends: webhook bodies decoded into events, signatures, the handshake.
        .target(
            name: "LuagramInstagram",
            dependencies: ["LuagramDomain", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Persistence in SQLite (Debian's libsqlite3, through GRDB): inbox, outbox, contacts,
        // messages, comments, decisions; named migrations.
        .target(
            name: "LuagramStore",
            dependencies: ["LuagramDomain", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Persistence in PostgreSQL (postgres-nio's pool), for several nodes on one database:
        // the same ports as LuagramStore, with rows claimed by FOR UPDATE SKIP LOCKED.
        .target(
            name: "LuagramPostgres",
            dependencies: [
                "LuagramDomain", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The pipeline: inbox → rules → policy → outbox, and the sender; through the store,
        // rule-runner and message-sender ports only.
        .target(
            name: "LuagramEngine",
            dependencies: [
                "LuagramDomain", "LuagramPolicy", .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        // The HTTP face: Meta's webhook endpoints (verify, receive), health, later metrics
        // and the agent API.
        .target(
            name: "LuagramServer",
            dependencies: [
                "LuagramDomain", "LuagramInstagram", "LuagramEngine", "LuagramLinks",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // What Luagram sends: the Graph Send API client and Meta's errors as classes.
        .target(
            name: "LuagramGraph",
            dependencies: [
                "LuagramDomain",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LuagramLua",
            dependencies: ["CLua", "CLuaShim"]
        ),
        .target(
            name: "LuagramRules",
            dependencies: [
                "LuagramDomain", "LuagramLua",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The real pipeline on a virtual clock, with a recorder instead of Meta: `simulate`
        // and `luagram test`.
        .target(
            name: "LuagramSimulator",
            dependencies: [
                "LuagramDomain", "LuagramPolicy", "LuagramInstagram", "LuagramGraph", "LuagramStore", "LuagramEngine",
                "LuagramRules", "LuagramLua", "LuagramApp",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The composition root: the one library that wires every adapter together, as
        // `serve`, `simulate`, the benchmarks and the end-to-end tests run them.
        .target(
            name: "LuagramApp",
            dependencies: [
                "LuagramDomain", "LuagramPolicy", "LuagramInstagram", "LuagramStore", "LuagramPostgres", "LuagramEngine",
                "LuagramGraph", "LuagramServer", "LuagramRules",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "LuagramTestSupport",
            dependencies: [
                "LuagramDomain", "LuagramRules", "LuagramInstagram",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "luagram",
            dependencies: [
                "LuagramDomain", "LuagramLua", "LuagramRules", "LuagramPolicy", "LuagramInstagram", "LuagramGraph",
                "LuagramStore", "LuagramEngine", "LuagramServer", "LuagramLinks", "LuagramSimulator", "LuagramApp",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "fake-graph",
            dependencies: [
                "LuagramTestSupport",
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "luagram-bench",
            dependencies: [
                "LuagramDomain", "LuagramLua", "LuagramRules", "LuagramStore", "LuagramEngine", "LuagramApp",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LuagramDomainTests",
            dependencies: ["LuagramDomain"]
        ),
        .testTarget(
            name: "LuagramLuaTests",
            dependencies: ["LuagramLua", "LuagramTestSupport"]
        ),
        .testTarget(
            name: "LuagramRulesTests",
            dependencies: ["LuagramRules", "LuagramDomain", "LuagramLua", "LuagramTestSupport"]
        ),
        .testTarget(
            name: "LuagramPolicyTests",
            dependencies: ["LuagramPolicy", "LuagramDomain", "LuagramRules", "LuagramTestSupport"]
        ),
        .testTarget(
            name: "LuagramInstagramTests",
            dependencies: ["LuagramInstagram", "LuagramDomain", "LuagramTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "LuagramStoreTests",
            dependencies: ["LuagramStore", "LuagramPostgres", "LuagramDomain", "LuagramTestSupport"]
        ),
        .testTarget(
            name: "LuagramEngineTests",
            dependencies: [
                "LuagramEngine", "LuagramDomain", "LuagramPolicy", "LuagramStore", "LuagramRules", "LuagramInstagram",
                "LuagramGraph", "LuagramTestSupport", "LuagramApp",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "LuagramServerTests",
            dependencies: [
                "LuagramServer", "LuagramDomain", "LuagramInstagram", "LuagramStore", "LuagramEngine", "LuagramTestSupport",
                "LuagramRules", "LuagramGraph", "LuagramLua", "LuagramApp",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "LuagramGraphTests",
            dependencies: ["LuagramGraph", "LuagramDomain", "LuagramTestSupport"]
        ),
        .testTarget(
            name: "LuagramLinksTests",
            dependencies: ["LuagramLinks", "LuagramTestSupport"]
        ),
        .testTarget(
            name: "LuagramSimulatorTests",
            dependencies: [
                "LuagramSimulator", "LuagramDomain", "LuagramInstagram", "LuagramStore", "LuagramTestSupport",
            ]
        ),
        .testTarget(
            name: "LuagramCLITests",
            dependencies: ["luagram", "LuagramDomain", "LuagramInstagram", "LuagramStore", "LuagramPostgres", "LuagramTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
