import Foundation

extension LuagramProcess {
    /// Runs the binary with variables added to the environment and `input` on standard input
    /// (closed at once when nil, so nothing waits on the terminal). The waiting happens on a
    /// dispatch thread: blocking one of the few cooperative threads would slow every test
    /// running beside it, and the timing-sensitive ones fail.
    static func run(_ arguments: [String], environment: [String: String], input: String? = nil) async throws -> LuagramProcess {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try runBlocking(arguments, environment: environment, input: input) })
            }
        }
    }

    /// Variables of the outer environment that would change what `accounts` does are dropped
    /// unless the test sets them.
    static func runBlocking(_ arguments: [String], environment: [String: String], input: String?) throws -> LuagramProcess {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("luagram")
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        var merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        for name in ["LUAGRAM_TOKEN_KEY", "LUAGRAM_NEW_TOKEN"] where environment[name] == nil { merged[name] = nil }
        process.environment = merged
        let out = Pipe()
        let err = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errorOutput = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return LuagramProcess(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errorOutput: String(decoding: errorOutput, as: UTF8.self))
    }
}
