import Foundation
import LuagramDomain
@testable import LuagramGraph
import LuagramTestSupport
import Testing

/// Finding a message Luagram sent without an answer, through the Conversations API, against
/// the fake server's memory of what it accepted.
@Suite("Finding a sent message in the conversation")
struct ConversationsTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func withServer(_ body: (FakeGraphServer, GraphClient) async throws -> Void) async throws {
        let clock = Clock(t0)
        let server = try await FakeGraphServer.start(now: { clock.now })
        let client = GraphClient(
            configuration: GraphConfiguration(baseURL: server.baseURL),
            tokens: StaticGraphTokens([IDs.account: token]), logger: quietLogger)
        do {
            try await body(server, client)
            await server.stop()
        } catch {
            await server.stop()
            throw error
        }
    }

    /// A time the fake stamps messages with, moved by hand.
    final class Clock: @unchecked Sendable {
        var now: Date
        init(_ now: Date) { self.now = now }
    }

    static func send(_ text: String, with client: GraphClient, to contact: String = IDs.contact) async throws -> String? {
        try await client.send(
            try GraphRequest.message(OutgoingMessage(text: text), to: .user(contact), messagingType: .response, from: IDs.account)
        ).messageID
    }

    @Test("a message sent since the try is found by its text, with Meta's id")
    func found() async throws {
        try await Self.withServer { server, client in
            _ = try await Self.send("Hello!", with: client)
            let id = try await Self.send("Your order ships tomorrow.", with: client)
            let found = try await client.findSentMessage(
                text: "Your order ships tomorrow.", to: IDs.contact, from: IDs.account, since: Self.t0.addingTimeInterval(-5))
            #expect(found != nil && found == id)
            // the thread, its listing, and the details of the two messages
            #expect(server.requests.filter { $0.method == "GET" }.map(\.path).first == "/v25.0/\(IDs.account)/conversations")
        }
    }

    @Test("other words, another contact, an earlier time or a known id are not the message")
    func notFound() async throws {
        try await Self.withServer { _, client in
            let known = try #require(try await Self.send("Thanks!", with: client))
            _ = try await Self.send("Your order ships tomorrow.", with: client, to: "9999999999999999")
            #expect(
                try await client.findSentMessage(text: "Thanks!!", to: IDs.contact, from: IDs.account, since: Self.t0) == nil)
            #expect(
                try await client.findSentMessage(
                    text: "Your order ships tomorrow.", to: IDs.contact, from: IDs.account, since: Self.t0) == nil)
            #expect(
                try await client.findSentMessage(
                    text: "Thanks!", to: IDs.contact, from: IDs.account, since: Self.t0.addingTimeInterval(1)) == nil)
            #expect(
                try await client.findSentMessage(
                    text: "Thanks!", to: IDs.contact, from: IDs.account, since: Self.t0, excluding: [known]) == nil)
            // no conversation with this contact at all
            #expect(try await client.findSentMessage(text: "Thanks!", to: "5555", from: IDs.account, since: Self.t0) == nil)
        }
    }

    @Test("Graph's time formats are read")
    func times() {
        #expect(GraphClient.time("2026-11-18T11:06:40+0000") == Self.t0)
        #expect(GraphClient.time("2026-11-18T11:06:40Z") == Self.t0)
        #expect(GraphClient.time("1795000000") == Self.t0)
        #expect(GraphClient.time(1_795_000_000) == Self.t0)
        #expect(GraphClient.time("yesterday") == nil)
    }

    @Test("like Meta, the fake refuses a second private reply to one comment with 100/2534025")
    func secondPrivateReplyRefused() async throws {
        try await Self.withServer { _, client in
            let request = try GraphRequest.message(
                OutgoingMessage(text: "Sent you the link!"), to: .comment(IDs.comment), messagingType: .response, from: IDs.account)
            _ = try await client.send(request)
            guard let error = await failure(of: request, on: client) else { Issue.record("a second private reply was accepted"); return }
            #expect(error.code == 100 && error.subcode == 2_534_025)
            #expect(error.errorClass == .permanentForContact)
        }
    }
}
