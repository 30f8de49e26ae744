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

