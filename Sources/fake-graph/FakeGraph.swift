import ArgumentParser
import Foundation
import LuagramTestSupport
import UnixSignals

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

    @Option(help: "On exit, write every request received as a JSON line to this file (path, body, and the fault injected if any).")
    var log: String?

    @Option(name: .customLong("fail-5xx"), help: "Percentage of calls answered with a server error (Meta's code 2 with 500, or a bare 502).")
    var fail5xx: Double = 0

    @Option(name: .customLong("fail-timeout"), help: "Percentage of calls answered (with a success) only after --timeout-delay-ms: a time-out for the client.")
    var failTimeout: Double = 0

    @Option(name: .customLong("fail-613"), help: "Percentage of calls answered with Meta's throttle 613 and an X-Business-Use-Case-Usage header.")
    var fail613: Double = 0

    @Option(help: "Seed of the random faults: the same seed gives the same faults for the same calls.")
    var seed: UInt64 = 1

    @Option(help: "How long a --fail-timeout call waits before answering; longer than the client's timeout (Luagram's is 15 s).")
    var timeoutDelayMs = 20_000

    @Option(help: "The throttle's estimated_time_to_regain_access, in minutes (0: none).")
    var throttleMinutes = 1

    @Option(help: "A Retry-After header on the throttle, in seconds (with --throttle-minutes 0, a brief pause).")
    var throttleRetryAfter: Int?

    @Option(help: "Post a signed echo webhook of every accepted message to this URL (the app's /webhooks/instagram), as Meta does.")
    var echoWebhook: String?

    @Option(help: "The app secret the echo webhooks are signed with (X-Hub-Signature-256).")
    var echoSecret = ""

    @Option(help: "When echoes go: before (ahead of the Send API's answer, the race Meta shows), after, or mixed (seeded by --seed).")
    var echoTiming = "before"

    @Option(help: "With --echo-webhook: post the contact's read receipt (messaging_seen) this many milliseconds after each echo.")
    var readAfterMs: Int?

    @Option(help: "Add an X-App-Usage header with this call_count percentage to every success (Meta's usage, for the sender's brake).")
    var usagePercent: Int?

    @Flag(help: "Answer the User Profile API for every contact (a made-up name and username), as if all had written.")
    var profiles = false

    @Option(help: "Delay User Profile API answers by this many milliseconds.")
    var profileDelayMs = 0

    func validate() throws {
        if echoWebhook != nil, echoSecret.isEmpty { throw ValidationError("--echo-webhook needs --echo-secret") }
        if !["before", "after", "mixed"].contains(echoTiming) { throw ValidationError("--echo-timing takes before, after or mixed") }
        for pair in token where !pair.contains("=") {
            throw ValidationError("--token takes ACCOUNT=TOKEN, got \(pair)")
        }
        if let error, parseError(error) == nil { throw ValidationError("--error takes CODE or CODE/SUBCODE") }
        for (name, value) in [("--fail-5xx", fail5xx), ("--fail-timeout", failTimeout), ("--fail-613", fail613)]
        where !(0...100).contains(value) {
            throw ValidationError("\(name) takes a percentage from 0 to 100, got \(value)")
        }
        if fail5xx + failTimeout + fail613 > 100 { throw ValidationError("the fault percentages add up to more than 100") }
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
        if let usagePercent, reply.status == 200 {
            reply = reply.appUsage(callCount: usagePercent, totalTime: usagePercent / 2, totalCPUTime: usagePercent / 2)
        }
        if delayMs > 0 { reply = reply.delayed(by: .milliseconds(delayMs)) }
        server.setDefaultReply(reply)
        let faults = FakeGraphServer.Faults(
            serverErrorPercent: fail5xx, timeoutPercent: failTimeout, throttlePercent: fail613, seed: seed,
            timeoutDelay: .milliseconds(timeoutDelayMs), throttleMinutes: throttleMinutes, throttleRetryAfter: throttleRetryAfter)
        if faults.isActive { server.setRandomFaults(faults) }
        if profiles { server.answerEveryProfile() }
        if profileDelayMs > 0 { server.setProfileDelay(.milliseconds(profileDelayMs)) }
        if let echoWebhook {
            let timing: FakeGraphServer.Echoes.Timing =
                switch echoTiming {
                case "after": .afterAnswer
                case "mixed": .mixed(seed: seed)
                default: .beforeAnswer
                }
            server.setEchoes(
                FakeGraphServer.Echoes(
                    webhookURL: echoWebhook, appSecret: echoSecret, timing: timing, readAfter: readAfterMs.map { .milliseconds($0) }))
        }
        // written unbuffered: scripts read the address from a pipe or a file
        FileHandle.standardOutput.write(
            Data("fake-graph listening on \(server.baseURL) (accounts: \(tokens.keys.sorted().joined(separator: ", ")))\n".utf8))
        await stopOnSignals(server)
        await server.waitUntilStopped()
        let injected = server.injectedFaults
        if let log {
            let lines = server.requests.enumerated().map { index, request in
                let fault = injected[index].map { #","fault":"\#($0.rawValue)""# } ?? ""
                return #"{"path":"\#(request.path)","body":\#(request.bodyText.isEmpty ? "null" : request.bodyText)\#(fault)}"#
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: log, atomically: true, encoding: .utf8)
        }
        var summary = "fake-graph stopped after \(server.requests.count) requests"
        if faults.isActive {
            let counts = FakeGraphServer.Fault.allCases.map { fault in
                "\(injected.values.filter { $0 == fault }.count) \(fault.rawValue)"
            }
            summary += " (faults injected: " + counts.joined(separator: ", ") + ")"
        }
        if echoWebhook != nil {
            let echoes = server.deliveredEchoes
            summary += "; echoes posted: \(echoes.count) (\(echoes.filter(\.beforeAnswer).count) before the answer, "
                + "\(echoes.filter { $0.status != 200 }.count) not acknowledged); read receipts posted: \(server.deliveredReads.count)"
        }
        print(summary)
    }

    /// Meta's own wording for the errors an engine meets most, as Meta's error pages and
    /// integrators' reports give it (docs/meta-graph-api.md, "Errors").
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

    /// SIGINT or SIGTERM stops the server gracefully, so the request log is still written.
    private func stopOnSignals(_ server: FakeGraphServer) async {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        Task {
            for await _ in signals {
                await server.stop()
                break
            }
        }
    }
}
