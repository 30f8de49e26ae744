import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import LuagramApp
import LuagramDomain
import LuagramEngine
import LuagramGraph
import LuagramInstagram
import LuagramLua
import LuagramRules
import LuagramServer
import LuagramStore
import LuagramTestSupport
import Testing

/// The whole path on 127.0.0.1: signed webhooks over HTTP into the server, the inbox, the
/// rules and the policy, the outbox, and the sender posting to the fake Graph server, on a
/// hand-moved clock so that a day can pass in a test.
@Suite("End to end", .serialized)
struct EndToEndTests {
    static let secret = "e2e-app-secret"
    static let agentToken = "e2e-agent-token-0123456789"
    static let account = FakeGraphServer.account
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    static let rules = [
        (
            "reply.lua",
            """
            on("message", function(ev)
              ev:reply("Thanks for your message")
              if ev.text == "remind me" then ev:follow_up(25 * 3600, "Still there?") end
            end)
            """
        ),
        (
            "comment.lua",
            """
            on("comment", function(ev)
              ev:private_reply("Sent you the link!")
              ev:private_reply("A second private reply")
            end)
            """
        ),
        ("loop.lua", #"on("message", function(ev) if ev.text == "loop" then while true do end end end)"#),
    ]

    /// The parts as `serve` builds them (`buildApplication`), over one store file that can be
    /// closed and opened again like a restart; the test drives a worker's processor and the
    /// sender itself, on its hand-moved clock. Unchecked: the test uses it from one task at a
    /// time (the live client's closure is awaited before the test goes on).
    final class Stack: @unchecked Sendable {
        let folder: TemporaryFolder
        let graph: FakeGraphServer
        let clock: ManualClock
        var built: BuiltLuagram
        var processor: InboxProcessor
        var store: any DataStore { built.store }
        var sender: OutboxSender { built.sender }
        var ruleFailures = 0

        let configuration: SenderConfiguration

        init(
            graph: FakeGraphServer, rules: [(String, String)] = EndToEndTests.rules, clock: ManualClock = ManualClock(EndToEndTests.t0),
            configuration: SenderConfiguration = SenderConfiguration()
        ) async throws {
            self.clock = clock
            self.configuration = configuration
            folder = try TemporaryFolder()
            for (name, source) in rules { try folder.write(name, source) }
            self.graph = graph
            built = try await Self.build(folder: folder.path, graph: graph, clock: clock, configuration: configuration)
            processor = try built.makeProcessor(worker: 0)
        }

        static func settings(folder: String, graph: FakeGraphServer, configuration: SenderConfiguration) -> ServeSettings {
            var settings = ServeSettings(database: folder + "/luagram.db", rulesFolder: folder)
            settings.ruleOptions = RuleOptions(budgets: .init(handlerTime: .milliseconds(30)), logger: quiet)
            settings.appSecrets = [EndToEndTests.secret]
            settings.verifyToken = "verify"
            settings.agentToken = EndToEndTests.agentToken
            settings.accessTokens = AccessTokenList("\(account)=\(FakeGraphServer.token)")
            settings.graphURL = graph.baseURL
            settings.sender = configuration
            settings.reloadOnHangup = false
            return settings
        }

        static func build(folder: String, graph: FakeGraphServer, clock: ManualClock, configuration: SenderConfiguration)
            async throws -> BuiltLuagram
        {
            try await buildApplication(
                settings: settings(folder: folder, graph: graph, configuration: configuration), clock: clock, random: { 0.5 },
                logger: quiet)
        }

        static var quiet: Logger {
            var quiet = Logger(label: "e2e")
            quiet.logLevel = .critical
            return quiet
        }

        /// The server as `serve` builds it: webhook routes, the agent API, health and metrics.
        func application() -> BuiltLuagram.HTTPApplication {
            built.application!
        }

        /// Processes the inbox, then sends everything due up to the clock's time, each at
        /// its due time.
        func run() async throws {
            ruleFailures += try await processor.processPending(now: clock.now).ruleFailures
            let end = clock.now
            while let next = try await store.nextOutboxAttempt(), next <= end {
                _ = await sender.sendDue(now: max(next, Self.earliest))
            }
        }
        private static let earliest = EndToEndTests.t0

        /// A restart: the store closed and opened again, a new processor and sender.
        func restart() async throws {
            try await built.shutdown()
            built = try await Self.build(folder: folder.path, graph: graph, clock: clock, configuration: configuration)
            processor = try built.makeProcessor(worker: 0)
        }

        /// The Send API bodies posted for `recipient` (a contact id, or a comment's id).
        func posted(to recipient: String) -> [Value] {
            graph.requests.compactMap(\.json).filter {
                $0["recipient"]?["id"]?.stringValue == recipient || $0["recipient"]?["comment_id"]?.stringValue == recipient
            }
        }
    }

    static func dm(_ text: String, from contact: String, mid: String, at time: Date) -> Data {
        let ms = Int(time.timeIntervalSince1970 * 1000)
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(account)","time":\#(ms),"messaging":[{"sender":{"id":"\#(contact)"},"recipient":{"id":"\#(account)"},"timestamp":\#(ms),"message":{"mid":"\#(mid)","text":"\#(text)"}}]}]}"#
                .utf8)
    }

    static func comment(_ text: String, from contact: String, id: String, at time: Date) -> Data {
        let seconds = Int(time.timeIntervalSince1970)
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(account)","time":\#(seconds),"changes":[{"field":"comments","value":{"from":{"id":"\#(contact)","username":"fan"},"media":{"id":"17900000000000001","media_product_type":"FEED"},"id":"\#(id)","text":"\#(text)"}}]}]}"#
                .utf8)
    }

    static func post(_ client: some TestClientProtocol, _ body: Data, signature: String? = nil) async throws -> HTTPResponse.Status {
        let header = signature ?? WebhookSignature.header(for: body, secret: secret)
        return try await client.execute(
            uri: "/webhooks/instagram", method: .post,
            headers: [HTTPField.Name("X-Hub-Signature-256")!: header, .contentType: "application/json"],
            body: ByteBuffer(bytes: body)
        ) { $0.status }
    }

    static func reply(_ text: String, to contact: String, type: String = "RESPONSE", tag: String? = nil) -> Value {
        var body: [String: Value] = [
            "recipient": .object(["id": .string(contact)]), "messaging_type": .string(type),
            "message": .object(["text": .string(text)]),
        ]
        if let tag { body["tag"] = .string(tag) }
        return .object(body)
    }

    @Test("signed webhooks in, exactly the expected Send API bodies out, through every failure Meta can answer with")
    func scenario() async throws {
        let graph = try await FakeGraphServer.start()
        defer { Task { await graph.stop() } }
        let stack = try await Stack(graph: graph)
        let thanks = "Thanks for your message"

        try await stack.application().test(.live) { client in
            // A DM: one RESPONSE reply. The same webhook three times more: still one.
            let hello = Self.dm("hello", from: "1000000000000001", mid: "m-hello", at: Self.t0)
            for _ in 0..<4 { #expect(try await Self.post(client, hello) == .ok) }
            try await stack.run()
            #expect(stack.posted(to: "1000000000000001") == [Self.reply(thanks, to: "1000000000000001")])

            // A bad signature: 403 and nothing stored.
            let inboxBefore = try await stack.store.inboxCounts().values.reduce(0, +)
            let forged = Self.dm("forged", from: "1000000000000009", mid: "m-forged", at: Self.t0)
            #expect(try await Self.post(client, forged, signature: "sha256=" + String(repeating: "0", count: 64)) == .forbidden)
            #expect(try await Self.post(client, forged, signature: "") == .forbidden)
            #expect(try await stack.store.inboxCounts().values.reduce(0, +) == inboxBefore)

            // A comment: one private reply, to the comment; the rule's second one refused.
            #expect(try await Self.post(client, Self.comment("link?", from: "1000000000000002", id: "17950000000000001", at: Self.t0)) == .ok)
            try await stack.run()
            #expect(
                stack.posted(to: "17950000000000001") == [
                    .object([
                        "recipient": .object(["comment_id": .string("17950000000000001")]),
                        "message": .object(["text": .string("Sent you the link!")]),
                    ])
                ])

            // A rule's follow-up due after 25 hours is refused then (the window closed at 24);
            // an agent's reply at 30 hours goes with HUMAN_AGENT.
            #expect(try await Self.post(client, Self.dm("remind me", from: "1000000000000003", mid: "m-remind", at: Self.t0)) == .ok)
            try await stack.run()
            stack.clock.set(Self.t0.addingTimeInterval(25 * 3600))
            try await stack.run()
            #expect(stack.posted(to: "1000000000000003") == [Self.reply(thanks, to: "1000000000000003")])
            let followUp = try await stack.store.messages(account: Self.account, contact: "1000000000000003", limit: 10)
                .first { $0.text == "Still there?" }
            #expect(followUp?.status == .refused)
            #expect(followUp?.refusal == .automatedOutside24h, "\(String(describing: followUp))")

            stack.clock.set(Self.t0.addingTimeInterval(30 * 3600))
            let agent = #"{"account":"\#(Self.account)","contact":"1000000000000003","text":"Marta here: yes, in stock.","agent":"marta"}"#
            try await client.execute(
                uri: "/agent/messages", method: .post,
                headers: [.authorization: "Bearer \(Self.agentToken)", .contentType: "application/json"],
                body: ByteBuffer(string: agent)
            ) { #expect($0.status == .ok) }
            try await stack.run()
            #expect(
                stack.posted(to: "1000000000000003").last
                    == Self.reply("Marta here: yes, in stock.", to: "1000000000000003", type: "MESSAGE_TAG", tag: "HUMAN_AGENT"))

            // From here on the contacts write at the new time.
            let now = stack.clock.now

            // Graph answers 500, then succeeds: one message, sent.
            graph.enqueue(.status(500, text: "upstream error"))
            #expect(try await Self.post(client, Self.dm("hi", from: "1000000000000004", mid: "m-500", at: now)) == .ok)
            try await stack.run()
            stack.clock.set(now.addingTimeInterval(3600))
            try await stack.run()
            #expect(stack.posted(to: "1000000000000004").count == 2)  // the failed try and the one that went
            let retried = try await stack.store.messages(account: Self.account, contact: "1000000000000004", limit: 10)
            #expect(retried.filter { $0.direction == .outbound }.map(\.status) == [.sent])

            // 10/2534022 (outside the allowed window): failed, with Meta's code, not retried.
            let later = stack.clock.now
            graph.enqueue(.metaError(code: 10, subcode: 2_534_022, message: "This message is sent outside of allowed window."))
            #expect(try await Self.post(client, Self.dm("hi", from: "1000000000000005", mid: "m-10", at: later)) == .ok)
            try await stack.run()
            let failed = try await stack.store.messages(account: Self.account, contact: "1000000000000005", limit: 10)
                .filter { $0.direction == .outbound }
            #expect(failed.map(\.status) == [.failed] && failed.first?.failure?.code == 10 && failed.first?.failure?.subcode == 2_534_022)

            // 613: the account pauses for Meta's time, then the message goes.
            graph.enqueue(
                .metaError(code: 613, subcode: 2_534_040, message: "(#613) Calls to this api have exceeded the rate limit.")
                    .businessUseCaseUsage(minutesToRegainAccess: 5))
            #expect(try await Self.post(client, Self.dm("hi", from: "1000000000000006", mid: "m-613", at: later)) == .ok)
            try await stack.run()
            #expect(try await stack.store.messages(account: Self.account, contact: "1000000000000006", limit: 10)
                .filter { $0.direction == .outbound }.map(\.status) == [.queued])
            stack.clock.set(later.addingTimeInterval(300))
            try await stack.run()
            #expect(stack.posted(to: "1000000000000006").count == 2)
            #expect(try await stack.store.messages(account: Self.account, contact: "1000000000000006", limit: 10)
                .filter { $0.direction == .outbound }.map(\.status) == [.sent])

            // A rule that loops forever is stopped and reported; the other rule still answers.
            let failuresBefore = stack.ruleFailures
            #expect(try await Self.post(client, Self.dm("loop", from: "1000000000000007", mid: "m-loop", at: stack.clock.now)) == .ok)
            try await stack.run()
            #expect(stack.ruleFailures == failuresBefore + 1)
            #expect(stack.posted(to: "1000000000000007") == [Self.reply(thanks, to: "1000000000000007")])

            // Rows left in the inbox and the outbox by a stop: all handled after the restart, once.
            #expect(try await Self.post(client, Self.dm("one", from: "1000000000000008", mid: "m-r1", at: stack.clock.now)) == .ok)
            _ = try await stack.processor.processPending(now: stack.clock.now)  // decided, not sent
            #expect(try await Self.post(client, Self.dm("two", from: "1000000000000010", mid: "m-r2", at: stack.clock.now)) == .ok)
        }

        try await stack.restart()
        try await stack.run()
        try await stack.run()
        #expect(stack.posted(to: "1000000000000008") == [Self.reply(thanks, to: "1000000000000008")])
        #expect(stack.posted(to: "1000000000000010") == [Self.reply(thanks, to: "1000000000000010")])
        #expect(try await stack.store.inboxCounts()[.pending] == nil)
        #expect(try await stack.store.outboxCounts()[.pending] == nil)
        try await stack.built.shutdown()
    }
}
