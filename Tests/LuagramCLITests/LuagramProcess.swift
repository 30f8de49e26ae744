import Foundation

/// Runs the built `luagram` binary and collects what it printed.
struct LuagramProcess {
    var status: Int32
    var output: String
    var errorOutput: String

    /// The folder SwiftPM builds products into (the test bundle lives there too).
    static var productsDirectory: URL {
        Bundle.main.bundleURL
    }

    /// The repository root (for examples/).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func run(_ arguments: [String]) throws -> LuagramProcess {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("luagram")
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errorOutput = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return LuagramProcess(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errorOutput: String(decoding: errorOutput, as: UTF8.self))
    }
}
