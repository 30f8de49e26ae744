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
        .target(name: "LuagramDomain"),
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
        .target(
            name: "LuagramTestSupport",
            dependencies: ["LuagramDomain", "LuagramRules"]
        ),
        .executableTarget(
            name: "luagram",
            dependencies: [
                "LuagramDomain", "LuagramLua", "LuagramRules",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "luagram-bench",
            dependencies: ["LuagramDomain", "LuagramRules", "LuagramTestSupport"]
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
            name: "LuagramCLITests",
            dependencies: ["luagram", "LuagramTestSupport"]
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
