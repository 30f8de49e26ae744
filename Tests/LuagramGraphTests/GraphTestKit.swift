import Foundation
import Logging
import LuagramDomain
import LuagramGraph
import LuagramTestSupport
import Synchronization

/// The contact, comment and message ids the tests use (reference placeholders).
enum IDs {
    static let account = FakeGraphServer.account
    static let contact = "1234567890123456"
    static let comment = "17867301270000000"
    static let message = "aWdfZAG1faXRlbToxOklHTWVzc2FnZA"
}

let token = GraphAccessToken(FakeGraphServer.token)

/// The client's logging is tested once, in `SecrecyTests`; elsewhere it is noise.
let quietLogger = Logger(label: "test.graph", factory: { _ in SwiftLogNoOpLogHandler() })

/// Runs `body` against a fresh fake server and a client pointed at it, and always stops the
/// server, so a failing test does not leave a listener behind.
func withFakeGraph<T>(
    timeout: Duration = .seconds(10), logger: Logger? = nil,
    _ body: (FakeGraphServer, GraphClient) async throws -> T
) async throws -> T {
    let server = try await FakeGraphServer.start()
    let client = GraphClient(
        configuration: GraphConfiguration(baseURL: server.baseURL, timeout: timeout),
        logger: logger ?? quietLogger)
    do {
        let result = try await body(server, client)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// The error a call fails with, or nil when it succeeds.
func failure(of request: GraphRequest, on client: GraphClient, token: GraphAccessToken = token) async -> GraphError? {
    do {
        _ = try await client.send(request, token: token)
        return nil
    } catch {
        return error
    }
}

/// A plain text reply to the test contact.
func textReply(_ text: String = "Thanks for writing! We ship to Lisbon in 2-3 days.") throws -> GraphRequest {
    try GraphRequest.message(OutgoingMessage(text: text), to: .user(IDs.contact), messagingType: .response, from: IDs.account)
}

/// A log sink that tests can read afterwards.
final class LogRecorder: Sendable {
    // Held by the recorder, so every copy of the handler writes to the same list.
    private let shared = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test.graph") { [self] _ in Forwarding(recorder: self) }
    }

    var lines: [String] { shared.withLock { $0 } }

    fileprivate func append(_ line: String) { shared.withLock { $0.append(line) } }

    private struct Forwarding: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
            recorder.append("\(event.level) \(event.message) \(all)")
        }
    }
}
