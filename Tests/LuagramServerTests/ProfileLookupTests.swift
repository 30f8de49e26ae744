import Foundation
import Hummingbird
import HummingbirdTesting
import LuagramApp
import LuagramDomain
import LuagramEngine
import LuagramStore
import LuagramTestSupport
import Testing

/// Contacts' names from the User Profile API, as `serve` wires it: signed DMs over HTTP, a
/// rule greeting by `ev.contact.name`, the twin answering (or not) `GET /{igsid}`, on a
/// hand-moved clock.
@Suite("Profile lookups", .serialized)
struct ProfileLookupTests {
    static let contact = "1000000000000101"
    static let greeting = [
        ("greet.lua", #"on("message", function(ev) ev:reply("Hi " .. (ev.contact.name or "there") .. "!") end)"#),
        ("comment.lua", #"on("comment", function(ev) ev:private_reply("Hi @" .. (ev.contact.username or "?")) end)"#),
    ]

    /// The server built by `buildApplication` with the twin's token, a worker's processor
    /// and the sender, driven by hand.
    final class Harness: @unchecked Sendable {
        let folder: TemporaryFolder
        let graph: FakeGraphServer
        let clock = ManualClock(EndToEndTests.t0)
        let built: BuiltLuagram
        let processor: InboxProcessor
        private var mids = 0

        init(graph: FakeGraphServer, wait: Double = 1.5) async throws {
            folder = try TemporaryFolder()
            for (name, source) in ProfileLookupTests.greeting { try folder.write(name, source) }
            self.graph = graph
            var settings = EndToEndTests.Stack.settings(folder: folder.path, graph: graph, configuration: SenderConfiguration())
            settings.profileWait = wait
            built = try await buildApplication(settings: settings, clock: clock, random: { 0.5 }, logger: EndToEndTests.Stack.quiet)
            processor = try built.makeProcessor(worker: 0)
        }

        /// Posts DMs (or any bodies) through the webhook route, processes them in one batch and
        /// sends the replies; how long processing took.
        @discardableResult
        func deliver(_ bodies: [Data], send: Bool = true) async throws -> Duration {
            try await built.application!.test(.live) { client in
                for body in bodies {
                    let status = try await EndToEndTests.post(client, body)
                    #expect(status == .ok)
                }
            }
            let started = ContinuousClock.now
            _ = try await processor.processPending(now: clock.now)
            let took = ContinuousClock.now - started
            while send, let next = try await built.store.nextOutboxAttempt(), next <= clock.now {
                _ = await built.sender.sendDue(now: max(next, EndToEndTests.t0))
            }
            return took
        }

        func dm(_ text: String = "hello", from contact: String = ProfileLookupTests.contact) -> Data {
            mids += 1
            return EndToEndTests.dm(text, from: contact, mid: "m-profile-\(mids)", at: clock.now)
        }

        /// The texts of the replies sent to the contact, in order.
        func replies(to contact: String = ProfileLookupTests.contact) -> [String] {
            graph.requests.compactMap(\.json).filter { $0["recipient"]?["id"]?.stringValue == contact }
                .compactMap { $0["message"]?["text"]?.stringValue }
        }

        func shutdown() async throws { try await built.shutdown() }
    }

    @Test("two DMs from a new contact: one profile request, and the first reply already greets by name")
    func firstReplyByName() async throws {
        let graph = try await FakeGraphServer.start()
        defer { Task { await graph.stop() } }
        graph.setProfile(FakeGraphServer.Profile(name: "Ana", username: "ana.b"), for: Self.contact)
        let harness = try await Harness(graph: graph)
        // in one batch, then another DM in a later one
        try await harness.deliver([harness.dm(), harness.dm("again")])
        harness.clock.advance(by: 60)
        try await harness.deliver([harness.dm("third")])
        #expect(harness.replies() == ["Hi Ana!", "Hi Ana!", "Hi Ana!"])
        #expect(graph.profileRequests(for: Self.contact) == 1)
        // kept on the contact, for the agent API and the next start
        let stored = try await harness.built.store.contactState(account: EndToEndTests.account, contact: Self.contact)
        #expect(stored.contact.name == "Ana")
        #expect(stored.contact.username == "ana.b")
        try await harness.shutdown()
    }

    @Test("a commenter keeps the webhook's username and is not looked up")
    func commentersNotLookedUp() async throws {
        let graph = try await FakeGraphServer.start()
        defer { Task { await graph.stop() } }
        let harness = try await Harness(graph: graph)
        try await harness.deliver([
            EndToEndTests.comment("link?", from: "1000000000000102", id: "17950000000000101", at: harness.clock.now)
        ])
        let privateReplies = graph.requests.compactMap(\.json).filter {
            $0["recipient"]?["comment_id"]?.stringValue == "17950000000000101"
        }
        #expect(privateReplies.compactMap { $0["message"]?["text"]?.stringValue } == ["Hi @fan"])
        #expect(graph.requests.filter { $0.method == "GET" }.isEmpty)
        try await harness.shutdown()
    }

    @Test("a profile lookup slower than the wait lets the rules run without the name, and fills the cache for the next DM")
    func slowLookup() async throws {
        let graph = try await FakeGraphServer.start()
        defer { Task { await graph.stop() } }
        graph.setProfile(FakeGraphServer.Profile(name: "Ana", username: "ana.b"), for: Self.contact)
        graph.setProfileDelay(.milliseconds(800))
        let harness = try await Harness(graph: graph, wait: 0.1)
        let took = try await harness.deliver([harness.dm()])
        #expect(took < .milliseconds(600))
        #expect(harness.replies() == ["Hi there!"])
        // the lookup went on in the background
        try await Task.sleep(for: .milliseconds(1200))
        harness.clock.advance(by: 60)
        try await harness.deliver([harness.dm("again")])
        #expect(harness.replies() == ["Hi there!", "Hi Ana!"])
        #expect(graph.profileRequests(for: Self.contact) == 1)
        try await harness.shutdown()
    }

    @Test("error 230 (no consent) is asked again only after an hour, however many DMs come")
    func noConsentNoStorm() async throws {
        let graph = try await FakeGraphServer.start()
        defer { Task { await graph.stop() } }
        graph.setProfile(nil, for: Self.contact)
        let harness = try await Harness(graph: graph)
        for index in 0..<5 {
            try await harness.deliver([harness.dm("message \(index)")])
            harness.clock.advance(by: 60)
        }
        #expect(harness.replies() == Array(repeating: "Hi there!", count: 5))
        #expect(graph.profileRequests(for: Self.contact) == 1)
        // consent given meanwhile: asked again once the hour is over
        graph.setProfile(FakeGraphServer.Profile(name: "Ana", username: "ana.b"), for: Self.contact)
        harness.clock.advance(by: 3600)
        try await harness.deliver([harness.dm("later")])
        #expect(harness.replies().last == "Hi Ana!")
        #expect(graph.profileRequests(for: Self.contact) == 2)
        try await harness.shutdown()
    }

    @Test("a profile is fresh for 24 hours, then read again")
    func cacheLifetime() async throws {
        let graph = try await FakeGraphServer.start()
        defer { Task { await graph.stop() } }
        graph.setProfile(FakeGraphServer.Profile(name: "Ana", username: "ana.b"), for: Self.contact)
        let harness = try await Harness(graph: graph)
        try await harness.deliver([harness.dm()])
        graph.setProfile(FakeGraphServer.Profile(name: "Ana Maria", username: "ana.b"), for: Self.contact)
        harness.clock.advance(by: 23 * 3600)
        try await harness.deliver([harness.dm("still Ana")])
        #expect(graph.profileRequests(for: Self.contact) == 1)
        harness.clock.advance(by: 3600 + 1)
        try await harness.deliver([harness.dm("renamed")])
        #expect(harness.replies() == ["Hi Ana!", "Hi Ana!", "Hi Ana Maria!"])
        #expect(graph.profileRequests(for: Self.contact) == 2)
        try await harness.shutdown()
    }

    @Test("a refused token (190) pauses the account's lookups: other contacts are not asked meanwhile")
    func refusedTokenPausesAccount() async throws {
        let graph = try await FakeGraphServer.start()
        defer { Task { await graph.stop() } }
        let harness = try await Harness(graph: graph)
        graph.setProfile(FakeGraphServer.Profile(name: "Ana", username: "ana.b"), for: Self.contact)
        graph.expire(FakeGraphServer.token, at: .distantPast)
        try await harness.deliver([harness.dm()], send: false)
        #expect(graph.profileRequests(for: Self.contact) == 1)
        graph.expire(FakeGraphServer.token, at: .distantFuture)
        let others = (0..<5).map { "100000000000020\($0)" }
        for other in others { graph.setProfile(FakeGraphServer.Profile(name: "B", username: "b"), for: other) }
        harness.clock.advance(by: 60)
        try await harness.deliver(others.map { harness.dm(from: $0) }, send: false)
        #expect(others.allSatisfy { graph.profileRequests(for: $0) == 0 })
        // after the pause (15 minutes), asked again
        harness.clock.advance(by: 15 * 60)
        try await harness.deliver([harness.dm(from: others[0])], send: false)
        #expect(graph.profileRequests(for: others[0]) == 1)
        try await harness.shutdown()
    }
}
