import LuagramDomain
import LuagramGraph
import LuagramTestSupport
import Testing

@Suite("Sending through the Graph client")
struct GraphClientTests {
    @Test("the token travels as a bearer header, never in the URL")
    func bearerHeader() async throws {
        let sent = try await withFakeGraph { server, client in
            _ = try await client.send(try textReply(), token: token)
            return try #require(server.requests.only)
        }
        #expect(sent.method == "POST")
        #expect(sent.headers["authorization"] == "Bearer \(FakeGraphServer.token)")
        #expect(sent.headers["content-type"] == "application/json")
        #expect(sent.query == nil)
    }

    @Test("a success gives Meta's message id and recipient id")
    func success() async throws {
        let result = try await withFakeGraph { server, client in
            server.enqueue(.success(messageID: "aWdfZAG1faXRlbToxOklHTWVzc2FnZAA5", recipientID: IDs.contact))
            return try await client.send(try textReply(), token: token)
        }
        #expect(result.messageID == "aWdfZAG1faXRlbToxOklHTWVzc2FnZAA5")
        #expect(result.recipientID == IDs.contact)
        #expect(result.usage == nil)
    }

    @Test("a private reply's answer tells who the commenter is")
    func privateReplyRecipient() async throws {
        let result = try await withFakeGraph { server, client in
            server.enqueue(.success(recipientID: "1299000000000077"))
            let request = try GraphRequest.message(
                OutgoingMessage(text: "Sent you the link!"), to: .comment(IDs.comment), messagingType: .response, from: IDs.account)
            return try await client.send(request, token: token)
        }
        #expect(result.recipientID == "1299000000000077")
        #expect(result.messageID != nil)
    }

    @Test("a reaction's answer has a recipient and no message id")
    func reactionAnswer() async throws {
        let result = try await withFakeGraph { _, client in
            try await client.send(GraphRequest.react("❤️", toMessage: IDs.message, of: IDs.contact, from: IDs.account), token: token)
        }
        #expect(result.recipientID == IDs.contact)
        #expect(result.messageID == nil)
    }

    @Test("an answer Meta accepted but that cannot be read still counts as sent")
    func unreadableSuccess() async throws {
        let result = try await withFakeGraph { server, client in
            server.enqueue(FakeGraphServer.Reply(status: 200, body: .text("ok")))
            return try await client.send(try textReply(), token: token)
        }
        #expect(result == GraphSendResult())
    }

    @Test("usage headers on a success reach the caller")
    func usageOnSuccess() async throws {
        let result = try await withFakeGraph { server, client in
            server.enqueue(.success().appUsage(callCount: 28, totalTime: 25, totalCPUTime: 12))
            return try await client.send(try textReply(), token: token)
        }
        #expect(result.usage?.app == GraphUsage.AppUsage(callCount: 28, totalTime: 25, totalCPUTime: 12))
    }

    @Test("without a token argument the provider's token for the account is used")
    func tokenProvider() async throws {
        let server = try await FakeGraphServer.start(tokens: [IDs.account: "token-of-account-one", "17841400000000002": "token-of-two"])
        let client = GraphClient(
            configuration: GraphConfiguration(baseURL: server.baseURL),
            tokens: StaticGraphTokens([
                IDs.account: GraphAccessToken("token-of-account-one"), "17841400000000002": GraphAccessToken("token-of-two"),
            ]), logger: quietLogger)
        _ = try await client.send(try textReply())
        _ = try await client.send(GraphRequest.senderAction(.markSeen, to: IDs.contact, from: "17841400000000002"))
        let tokens = server.requests.map(\.bearerToken)
        await server.stop()
        #expect(tokens == ["token-of-account-one", "token-of-two"])
    }

    @Test("an account without a token fails as configuration, before any call")
    func missingToken() async throws {
        try await withFakeGraph { server, _ in
            let client = GraphClient(configuration: GraphConfiguration(baseURL: server.baseURL), tokens: StaticGraphTokens([:]), logger: quietLogger)
            let error = await #expect(throws: GraphError.self) { _ = try await client.send(try textReply()) }
            #expect(error?.errorClass == .configuration)
            #expect(error?.cause == .missingToken)
            #expect(server.requests.isEmpty)
        }
    }

    @Test("a wrong token is refused by the server with 190 and means re-authenticate")
    func wrongToken() async throws {
        let error = try await withFakeGraph { _, client in
            await failure(of: try textReply(), on: client, token: GraphAccessToken("expired-token-0000"))
        }
        #expect(error?.errorClass == .reauthenticate)
        #expect(error?.code == 190)
    }

    @Test("the configured base URL may end in a slash")
    func trailingSlash() {
        #expect(GraphConfiguration(baseURL: "http://127.0.0.1:8080//").baseURL == "http://127.0.0.1:8080")
        #expect(GraphConfiguration.instagramLogin.baseURL == "https://graph.instagram.com")
        #expect(GraphConfiguration.facebookLogin.baseURL == "https://graph.facebook.com")
    }
}
