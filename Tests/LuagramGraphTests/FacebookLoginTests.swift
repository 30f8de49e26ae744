import Foundation
import LuagramDomain
import LuagramGraph
import LuagramTestSupport
import Testing

/// Accounts connected with Facebook Login send through their linked Page.
@Suite("Facebook Login accounts")
struct FacebookLoginTests {
    static let page = "104857600000001"
    static let pageToken = "EAAPageToken0001"

    static func withTwin(_ body: (FakeGraphServer, GraphClient) async throws -> Void) async throws {
        let server = try await FakeGraphServer.start(tokens: [page: pageToken])
        server.linkPage(page, to: IDs.account)
        let client = GraphClient(
            configuration: GraphConfiguration(baseURL: server.baseURL),
            tokens: StaticGraphTokens([IDs.account: GraphAccessToken(pageToken)]), logger: quietLogger)
        do {
            try await body(server, client)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a message and a private reply go through the Page's node with the Page's token")
    func throughThePage() async throws {
        try await Self.withTwin { server, client in
            let sender = GraphMessageSender(client: client, facebookClient: client, logins: [IDs.account: .facebook(page: Self.page)])
            let message = OutgoingMessage(text: "Hi!")
            _ = try await sender.send(message, to: .contact(IDs.contact), messagingType: .response, from: IDs.account)
            _ = try await sender.send(message, to: .comment(IDs.comment), messagingType: nil, from: IDs.account)
            #expect(server.requests.map(\.path) == ["/v25.0/\(Self.page)/messages", "/v25.0/\(Self.page)/messages"])
        }
    }

    @Test("on the account's own node a Page token sends messages, but Meta refuses its private replies with (#3)")
    func privateRepliesNeedThePage() async throws {
        try await Self.withTwin { server, client in
            let sender = GraphMessageSender(client: client)
            let message = OutgoingMessage(text: "Hi!")
            _ = try await sender.send(message, to: .contact(IDs.contact), messagingType: .response, from: IDs.account)
            let refused = await #expect(throws: MessageSendError.self) {
                _ = try await sender.send(message, to: .comment(IDs.comment), messagingType: nil, from: IDs.account)
            }
            #expect(refused?.code == 3)
            #expect(server.requests.map(\.path) == ["/v25.0/\(IDs.account)/messages", "/v25.0/\(IDs.account)/messages"])
        }
    }
}
