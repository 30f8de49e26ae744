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

    /// Starts `luagram serve --dev` on the example rules, its output discarded; the caller
    /// terminates it.
    static func startServe(db: String, port: Int, environment: [String: String] = [:], errorLog: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("luagram")
        process.arguments = ["serve", "--dev", "--db", db, "--port", String(port), "--rules", "examples/rules"]
        process.currentDirectoryURL = repositoryRoot
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.standardOutput = FileHandle.nullDevice
        if let errorLog {
            _ = FileManager.default.createFile(atPath: errorLog, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: errorLog)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Runs the binary to its end, blocking the calling thread; standard input is closed at
    /// once, so nothing waits on the terminal.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> LuagramProcess {
        try runBlocking(arguments, environment: environment, input: nil)
    }
}
