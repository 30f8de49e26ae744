import Foundation
import HTTPTypes
import HummingbirdTesting
import LuagramApp
import LuagramDomain
import LuagramEngine
import LuagramInstagram
import LuagramStore
import LuagramTestSupport
import Testing

/// Meta delivers the echo of a sent message, often before the Send API call returns: the
/// fake Graph server posts each echo, signed, to the server's webhook URL and the inbox is
/// processed before the call is answered.
@Suite("Echoes of Luagram's own messages", .serialized)
struct EchoRaceTests {
    typealias E2E = EndToEndTests
    static let long = String(repeating: "Sizes 38 to 46 are in stock. ", count: 52)
    static let rules = [
        (
            "reply.lua",
            """
            on("message", function(ev)
              if ev.text == "sizes?" then ev:reply(\(luaString(long)))
              elseif ev.text == "later" then ev:follow_up(3600, \(luaString(long)))
              else ev:reply("Noted: " .. ev.text) end
            end)
            """
        )
    ]

    static func luaString(_ text: String) -> String { "\"" + text + "\"" }

    /// Echoes go to the stack's webhook route; each one is processed as soon as it is
    /// acknowledged, which with `beforeAnswer` is while the call that sent it is in flight.
    static func echoes(_ stack: E2E.Stack, port: Int?, timing: FakeGraphServer.Echoes.Timing) -> FakeGraphServer.Echoes {
        let process: @Sendable () async -> Void = { _ = try? await stack.processor.processPending(now: stack.clock.now) }
        return FakeGraphServer.Echoes(
            webhookURL: "http://127.0.0.1:\(port ?? 0)/webhooks/instagram", appSecret: E2E.secret, timing: timing,
            delivered: timing == .beforeAnswer ? process : nil)
    }

    static func echo(_ text: String, to contact: String, mid: String, at time: Date) -> Data {
        let ms = Int(time.timeIntervalSince1970 * 1000)
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(E2E.account)","time":\#(ms),"messaging":[{"sender":{"id":"\#(E2E.account)"},"recipient":{"id":"\#(contact)"},"timestamp":\#(ms),"message":{"mid":"\#(mid)","text":"\#(text)","is_echo":true}}]}]}"#
                .utf8)
    }

    @Test("a 1,500-character reply whose two echoes come before Meta answers does not pause the rules")
    func echoesBeforeTheAnswer() async throws {
        // Meta stamps its echoes with the test's time
        let clock = ManualClock(E2E.t0)
        let graph = try await FakeGraphServer.start(now: { clock.now })
        defer { Task { await graph.stop() } }
        let stack = try await E2E.Stack(graph: graph, rules: Self.rules, clock: clock)
        let contact = "1000000000000021"
        #expect(Self.long.utf8.count > 1_000 && Self.long.utf8.count <= 2_000)

        try await stack.application().test(.live) { client in
            graph.setEchoes(Self.echoes(stack, port: client.port, timing: .beforeAnswer))
            #expect(try await E2E.post(client, E2E.dm("sizes?", from: contact, mid: "m-sizes", at: E2E.t0)) == .ok)
            try await stack.run()
            let echoes = graph.deliveredEchoes
            #expect(echoes.count == 2 && echoes.allSatisfy { $0.beforeAnswer && $0.status == 200 }, "\(echoes)")

            stack.clock.set(E2E.t0.addingTimeInterval(60))
            #expect(try await E2E.post(client, E2E.dm("thanks", from: contact, mid: "m-thanks", at: stack.clock.now)) == .ok)
            try await stack.run()
        }

        let posted = stack.posted(to: contact).compactMap { $0["message"]?["text"]?.stringValue }
        #expect(posted.count == 3 && Set(posted).count == 3, "every reply sent once: \(posted)")
        #expect(posted.last == "Noted: thanks")
        let outbound = try await stack.store.messages(account: E2E.account, contact: contact, limit: 10)
            .filter { $0.direction == .outbound }
        #expect(outbound.map(\.refusal) == [nil, nil, nil])
        // the first two were echoed before their ids were known; they are delivered all the same
        #expect(outbound.prefix(2).map(\.status) == [.delivered, .delivered], "\(outbound.map(\.status))")
        let state = try await stack.store.contactState(account: E2E.account, contact: contact)
        #expect(state.conversation.handoff == nil)
        try await stack.built.shutdown()
    }

    @Test("the twin's read receipts follow its echoes, and the reply ends read")
    func readReceipts() async throws {
        let clock = ManualClock(E2E.t0)
        let graph = try await FakeGraphServer.start(now: { clock.now })
        defer { Task { await graph.stop() } }
        let stack = try await E2E.Stack(graph: graph, rules: Self.rules, clock: clock)
        let contact = "1000000000000031"

        try await stack.application().test(.live) { client in
            var echoes = Self.echoes(stack, port: client.port, timing: .afterAnswer)
            echoes.readAfter = .milliseconds(20)
            graph.setEchoes(echoes)
            #expect(try await E2E.post(client, E2E.dm("hello", from: contact, mid: "m-hello", at: E2E.t0)) == .ok)
            try await stack.run()
            await graph.echoesDelivered()
            try await stack.run()
        }

        #expect(graph.deliveredReads.count == 1 && graph.deliveredReads.allSatisfy { $0.status == 200 })
        let outbound = try await stack.store.messages(account: E2E.account, contact: contact, limit: 10)
            .filter { $0.direction == .outbound }
        #expect(outbound.map(\.status) == [.read], "\(outbound.map(\.status))")
        try await stack.built.shutdown()
    }

    @Test("twenty contacts with two-part replies, echoes before and after the answers in a seeded mix: nobody paused, every reply sent once")
    func seededMix() async throws {
        let clock = ManualClock(E2E.t0)
        let graph = try await FakeGraphServer.start(now: { clock.now })
        defer { Task { await graph.stop() } }
        // one call at a time, so the inbox is processed by one echo's hook at a time
        let stack = try await E2E.Stack(graph: graph, rules: Self.rules, clock: clock, configuration: SenderConfiguration(concurrency: 1))
        let contacts = (1...20).map { String(1_000_000_000_000_100 + $0) }

        try await stack.application().test(.live) { client in
            var echoes = Self.echoes(stack, port: client.port, timing: .mixed(seed: 7))
            echoes.delivered = { _ = try? await stack.processor.processPending(now: stack.clock.now) }
            graph.setEchoes(echoes)
            for contact in contacts {
                #expect(try await E2E.post(client, E2E.dm("sizes?", from: contact, mid: "m-s-\(contact)", at: E2E.t0)) == .ok)
            }
            try await stack.run()
            await graph.echoesDelivered()
            try await stack.run()
            stack.clock.set(E2E.t0.addingTimeInterval(60))
            for contact in contacts {
                #expect(try await E2E.post(client, E2E.dm("thanks", from: contact, mid: "m-t-\(contact)", at: stack.clock.now)) == .ok)
            }
            try await stack.run()
            await graph.echoesDelivered()
        }

        let echoes = graph.deliveredEchoes
        // two parts and one answer for each contact
        #expect(echoes.count == 60 && echoes.allSatisfy { $0.status == 200 } && echoes.contains { $0.beforeAnswer } && echoes.contains { !$0.beforeAnswer })
        for contact in contacts {
            let posted = stack.posted(to: contact).compactMap { $0["message"]?["text"]?.stringValue }
            #expect(posted.count == 3 && Set(posted).count == 3 && posted.last == "Noted: thanks", "\(contact): \(posted)")
            let state = try await stack.store.contactState(account: E2E.account, contact: contact)
            #expect(state.conversation.handoff == nil, "\(contact)")
        }
        try await stack.built.shutdown()
    }

    @Test("a long follow-up planned only when due, its parts echoed before Meta answers, does not pause the rules")
    func followUpPlannedAtSendTime() async throws {
        let clock = ManualClock(E2E.t0)
        let graph = try await FakeGraphServer.start(now: { clock.now })
        defer { Task { await graph.stop() } }
        let stack = try await E2E.Stack(graph: graph, rules: Self.rules, clock: clock)
        let contact = "1000000000000024"

        try await stack.application().test(.live) { client in
            graph.setEchoes(Self.echoes(stack, port: client.port, timing: .beforeAnswer))
            #expect(try await E2E.post(client, E2E.dm("later", from: contact, mid: "m-later", at: E2E.t0)) == .ok)
            try await stack.run()
            // Due in an hour, the follow-up is split then: the store holds its whole text,
            // not the parts Meta echoes.
            stack.clock.set(E2E.t0.addingTimeInterval(3600))
            try await stack.run()
            #expect(graph.deliveredEchoes.count == 2)
            stack.clock.set(E2E.t0.addingTimeInterval(3700))
            #expect(try await E2E.post(client, E2E.dm("thanks", from: contact, mid: "m-thanks-4", at: stack.clock.now)) == .ok)
            try await stack.run()
        }

        let posted = stack.posted(to: contact).compactMap { $0["message"]?["text"]?.stringValue }
        #expect(posted.count == 3 && posted.last == "Noted: thanks", "\(posted)")
        let state = try await stack.store.contactState(account: E2E.account, contact: contact)
        #expect(state.conversation.handoff == nil)
        try await stack.built.shutdown()
    }

    @Test("echoes that come after Meta answered are recognised too")
    func echoesAfterTheAnswer() async throws {
        // Meta stamps its echoes with the test's time
        let clock = ManualClock(E2E.t0)
        let graph = try await FakeGraphServer.start(now: { clock.now })
        defer { Task { await graph.stop() } }
        let stack = try await E2E.Stack(graph: graph, rules: Self.rules, clock: clock)
        let contact = "1000000000000022"

        try await stack.application().test(.live) { client in
            graph.setEchoes(Self.echoes(stack, port: client.port, timing: .afterAnswer))
            #expect(try await E2E.post(client, E2E.dm("sizes?", from: contact, mid: "m-sizes-2", at: E2E.t0)) == .ok)
            try await stack.run()
            await graph.echoesDelivered()
            #expect(graph.deliveredEchoes.count == 2)
            stack.clock.set(E2E.t0.addingTimeInterval(60))
            #expect(try await E2E.post(client, E2E.dm("thanks", from: contact, mid: "m-thanks-2", at: stack.clock.now)) == .ok)
            try await stack.run()
        }

        #expect(stack.posted(to: contact).count == 3)
        let state = try await stack.store.contactState(account: E2E.account, contact: contact)
        #expect(state.conversation.handoff == nil)
        try await stack.built.shutdown()
    }

    @Test("an echo of a message Luagram never sent still pauses the rules for that contact")
    func foreignEchoPauses() async throws {
        // Meta stamps its echoes with the test's time
        let clock = ManualClock(E2E.t0)
        let graph = try await FakeGraphServer.start(now: { clock.now })
        defer { Task { await graph.stop() } }
        let stack = try await E2E.Stack(graph: graph, rules: Self.rules, clock: clock)
        let contact = "1000000000000023"

        try await stack.application().test(.live) { client in
            graph.setEchoes(Self.echoes(stack, port: client.port, timing: .beforeAnswer))
            #expect(try await E2E.post(client, E2E.dm("hi", from: contact, mid: "m-hi", at: E2E.t0)) == .ok)
            try await stack.run()
            // A person answers from the Instagram app while a reply of ours is in flight to
            // another contact: neither its id nor its words are Luagram's.
            stack.clock.set(E2E.t0.addingTimeInterval(30))
            #expect(
                try await E2E.post(client, Self.echo("Marta here, one moment", to: contact, mid: "m-typed-in-app", at: stack.clock.now))
                    == .ok)
            try await stack.run()
            stack.clock.set(E2E.t0.addingTimeInterval(60))
            #expect(try await E2E.post(client, E2E.dm("ok", from: contact, mid: "m-ok", at: stack.clock.now)) == .ok)
            try await stack.run()
        }

        #expect(stack.posted(to: contact).compactMap { $0["message"]?["text"]?.stringValue } == ["Noted: hi"])
        let refused = try await stack.store.messages(account: E2E.account, contact: contact, limit: 10)
            .filter { $0.direction == .outbound }.last
        #expect(refused?.status == .refused && refused?.refusal == .humanHandoff, "\(String(describing: refused))")
        try await stack.built.shutdown()
    }
}
