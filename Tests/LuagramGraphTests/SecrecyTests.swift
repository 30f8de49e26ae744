import Foundation
import LuagramDomain
import LuagramGraph
import LuagramTestSupport
import Testing

@Suite("Secrets and contacts' words stay out of errors and logs")
struct SecrecyTests {
    static let secretText = "my card number is 4111 1111 1111 1111"

    /// Every way `error` can turn into text.
    private func renderings(of error: GraphError) -> [String] {
        var dumped = ""
        dump(error, to: &dumped)
        return [error.description, "\(error)", String(reflecting: error), error.localizedDescription, dumped]
    }

    @Test("no failure's description holds the token or the message text")
    func failuresStayClean() async throws {
        let request = try textReply(Self.secretText)
        var errors: [GraphError] = []
        try await withFakeGraph { server, client in
            server.enqueue(
                // Meta echoing the token must not pass it on.
                .metaError(code: 190, message: "Malformed access token \(FakeGraphServer.token)"),
                .metaError(code: 10, subcode: 2534022, message: "(#10) This message is sent outside of allowed window."),
                .metaError(code: 613, message: "(#613) Calls to this api have exceeded the rate limit.").businessUseCaseUsage(
                    minutesToRegainAccess: 5),
                .status(500, text: "upstream said: \(Self.secretText)"),
                FakeGraphServer.Reply.success().delayed(by: .seconds(3)))
            for _ in 0..<4 {
                if let error = await failure(of: request, on: client) { errors.append(error) }
            }
            // Only the slow answer gets the short timeout: a loaded machine must not turn
            // the others into timeouts too.
            let impatient = GraphClient(
                configuration: GraphConfiguration(baseURL: server.baseURL, timeout: .milliseconds(300)), logger: quietLogger)
            if let error = await failure(of: request, on: impatient) { errors.append(error) }
        }
        let refused = GraphClient(configuration: GraphConfiguration(baseURL: "http://127.0.0.1:9", timeout: .milliseconds(300)), logger: quietLogger)
        if let error = await failure(of: request, on: refused) { errors.append(error) }

        #expect(errors.map(\.cause) == [.meta, .meta, .meta, .http, .timeout, .connection])
        for error in errors {
            for text in renderings(of: error) {
                #expect(!text.contains(FakeGraphServer.token), "token in: \(text)")
                #expect(!text.contains(Self.secretText), "message text in: \(text)")
            }
        }
        #expect(errors.first?.message == "Malformed access token [redacted]")
    }

    @Test("logs name the path and Meta's codes, never the token or the text")
    func logsStayClean() async throws {
        let recorder = LogRecorder()
        try await withFakeGraph(logger: recorder.logger(label: "test.graph")) { server, client in
            server.enqueue(.success(), .metaError(code: 551, message: "(#551) This person isn't available right now."))
            let request = try textReply(Self.secretText)
            _ = try await client.send(request, token: token)
            _ = await failure(of: request, on: client)
        }
        let lines = recorder.lines
        #expect(lines.count == 2)
        #expect(lines.last?.contains("551") == true)
        for line in lines {
            #expect(!line.contains(FakeGraphServer.token))
            #expect(!line.contains(Self.secretText))
        }
    }

    @Test("a token prints as redacted however it is printed")
    func tokenPrintsRedacted() {
        var dumped = ""
        dump(token, to: &dumped)
        for text in [token.description, "\(token)", String(reflecting: token), dumped] {
            #expect(!text.contains(FakeGraphServer.token))
        }
    }
}
