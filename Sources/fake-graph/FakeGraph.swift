import ArgumentParser
import Foundation
import LuagramTestSupport

/// `fake-graph`: the fake Graph API server of the tests, for demos, drills and benchmarks.
/// It answers Send API calls on 127.0.0.1 the way Meta does, or with the error it is told to.
@main
struct FakeGraph: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-graph",
        abstract: "Run a fake Graph Send API server that records calls and answers like Meta."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 9090

    @Option(parsing: .upToNextOption, help: "ACCOUNT=TOKEN pairs the server accepts (default: the tests' account and token).")
    var token: [String] = []

    @Option(help: "Answer every call with this Meta error, as CODE or CODE/SUBCODE (e.g. 10/2534022, 551, 613, 190).")
    var error: String?

    @Option(help: "HTTP status to answer every call with instead (e.g. 500).")
    var status: Int?

    @Option(help: "Delay every answer by this many milliseconds.")
    var delayMs = 0

    @Option(help: "On exit, write every request received as a JSON line to this file (path and body).")
    var log: String?

    func validate() throws {
        for pair in token where !pair.contains("=") {
            throw ValidationError("--token takes ACCOUNT=TOKEN, got \(pair)")
        }
        if let error, parseError(error) == nil { throw ValidationError("--error takes CODE or CODE/SUBCODE") }
    }

    func run() async throws {
        var tokens = [FakeGraphServer.account: FakeGraphServer.token]
        if !token.isEmpty {
            tokens = Dictionary(token.map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                return (parts[0], parts[1])
            }, uniquingKeysWith: { _, last in last })
        }
        let server = try await FakeGraphServer.start(host: host, port: port, tokens: tokens)
        var reply = FakeGraphServer.Reply.success()
        if let error, let (code, subcode) = parseError(error) {
            reply = .metaError(code: code, subcode: subcode, message: Self.metaMessages[code] ?? "(#\(code)) fake-graph error")
        } else if let status {
            reply = .status(status, text: "fake-graph: status \(status)")
        }
        if delayMs > 0 { reply = reply.delayed(by: .milliseconds(delayMs)) }
        server.setDefaultReply(reply)
        // written unbuffered: scripts read the address from a pipe or a file
        FileHandle.standardOutput.write(
            Data("fake-graph listening on \(server.baseURL) (accounts: \(tokens.keys.sorted().joined(separator: ", ")))\n".utf8))
        stopOnSignals(server)
        await server.waitUntilStopped()
        if let log {
            let lines = server.requests.map { request in
                #"{"path":"\#(request.path)","body":\#(request.bodyText.isEmpty ? "null" : request.bodyText)}"#
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        }
        print("fake-graph stopped after \(server.requests.count) requests")
    }

    /// Meta's own wording for the errors an engine meets most (reference §4.5, §5.2, §6).
    static let metaMessages: [Int: String] = [
        10: "(#10) This message is sent outside of allowed window.",
        551: "This person isn't available right now.",
        613: "(#613) Calls to this api have exceeded the rate limit.",
        190: "Error validating access token: Session has expired.",
        100: "(#100) The parameter recipient is required.",
        4: "(#4) Application request limit reached",
        2: "An unexpected error has occurred. Please retry your request later.",
    ]

    private func parseError(_ text: String) -> (Int, Int?)? {
        let parts = text.split(separator: "/").map { Int($0) }
        switch parts.count {
        case 1: return parts[0].map { ($0, nil) }
        case 2: if let code = parts[0], let sub = parts[1] { return (code, sub) }
        default: break
        }
        return nil
    }

    private func stopOnSignals(_ server: FakeGraphServer) {
        for signal in [SIGINT, SIGTERM] {
            Foundation.signal(signal, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signal)
            source.setEventHandler { Task { await server.stop() } }
            source.resume()
            Self.signalSources.append(source)
        }
    }

    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []
}
