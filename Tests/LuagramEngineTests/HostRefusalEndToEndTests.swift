import Foundation
import LuagramDomain
import LuagramEngine
import LuagramPolicy
import LuagramStore
import LuagramTestSupport
import Testing

/// Issue 12, item 4, through the processor, the store and the sender.
@Suite("Host refusals end to end")
struct HostRefusalEndToEndTests {
    static let reply = ("reply.lua", "on('message', function(ev) ev:reply('automatic answer') end)")

    /// A DM from the pipeline's contact delivered in `standby` (another app holds the thread).
    static func standbyDM(_ text: String, mid: String, at time: Date) -> Data {
        let ms = Int(time.timeIntervalSince1970 * 1000)
        return Data(
            #"{"object":"instagram","entry":[{"id":"\#(Pipeline.account)","time":\#(ms),"standby":[{"sender":{"id":"\#(Pipeline.contact)"},"recipient":{"id":"\#(Pipeline.account)"},"timestamp":\#(ms),"message":{"mid":"\#(mid)","text":"\#(text)"}}]}]}"#
                .utf8)
    }

    @Test func aDMInStandbyIsNotAnsweredUntilOneArrivesInMessagingAgain() async throws {
        let pipeline = try Pipeline(rules: [Self.reply])
        let t0 = pipeline.clock.now
        try await pipeline.receive(Self.standbyDM("hello?", mid: "s1", at: t0))
        try await pipeline.processor.processPending(now: t0)
        #expect(try await pipeline.queuedTexts().isEmpty)
        let state = try await pipeline.store.contactState(account: Pipeline.account, contact: Pipeline.contact)
        #expect(state.conversation.isInStandby)
        let decisions = try await pipeline.store.decisions(
            for: EventKey(account: Pipeline.account, kind: "message", id: "s1"))
        #expect(decisions.map(\.record.decision) == [.refuse(.threadInStandby)])

        // an agent is refused too: Meta would answer 100/2534037
        let desk = AgentDesk(events: pipeline.store, conversations: pipeline.store)
        let byAgent = try await desk.send(
            OutgoingMessage(text: "hi"), to: Pipeline.contact, of: Pipeline.account, agent: "marta", at: t0.addingTimeInterval(1))
        #expect(byAgent == .refuse(.threadInStandby))

        try await pipeline.receive(Pipeline.dm("still there?", mid: "m2", at: t0.addingTimeInterval(2)))
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(2))
        #expect(try await pipeline.queuedTexts() == ["automatic answer"])
    }

    @Test func aReplyToTheDashboardsTestPayloadIsRefused() async throws {
        let pipeline = try Pipeline(rules: [Self.reply])
        let t0 = pipeline.clock.now
        let sample = #"{"object":"instagram","entry":[{"id":"0","time":1527459824,"changes":[{"field":"messages","value":{"sender":{"id":"12334"},"recipient":{"id":"23245"},"timestamp":"1527459824","message":{"mid":"random_mid","text":"random_text"}}}]}]}"#
        try await pipeline.receive(Data(sample.utf8))
        try await pipeline.processor.processPending(now: t0)
        #expect(try await pipeline.queuedTexts().isEmpty)
        let decisions = try await pipeline.store.decisions(for: EventKey(account: "23245", kind: "message", id: "random_mid"))
        #expect(decisions.map(\.record.decision) == [.refuse(.testPayload)])
    }

    @Test func aPrivateReplyToTheAccountsOwnCommentIsRefused() async throws {
        let rules = ("comment.lua", "on('comment', function(ev) ev:private_reply('thanks for your comment') end)")
        let pipeline = try Pipeline(rules: [rules])
        let t0 = pipeline.clock.now
        let seconds = Int(t0.timeIntervalSince1970)
        let own = #"{"object":"instagram","entry":[{"id":"\#(Pipeline.account)","time":\#(seconds),"changes":[{"field":"comments","value":{"id":"c-own","text":"New drop Friday!","from":{"id":"\#(Pipeline.account)","username":"shop","self_ig_scoped_id":"555"}}}]}]}"#
        try await pipeline.receive(Data(own.utf8))
        try await pipeline.processor.processPending(now: t0)
        #expect(try await pipeline.queuedTexts().isEmpty)
        let decisions = try await pipeline.store.decisions(for: EventKey(account: Pipeline.account, kind: "comment", id: "c-own"))
        #expect(decisions.map(\.record.decision) == [.refuse(.privateReplyOwnComment)])
    }
}

@Suite("Meta's not-the-thread-owner answer")
struct ThreadOwnerErrorTests {
    typealias H = SenderHarness

    @Test func metasNotTheThreadOwnerAnswerRefusesTheRowAndPutsTheThreadInStandby() async throws {
        try await H.run { h in
            h.server.enqueue(
                .metaError(code: 100, subcode: 2_534_037, message: "(#100) The action is invalid since it's not the thread owner."))
            let first = try await h.commitReply("one", eventID: "in-1")
            let second = try await h.commitReply("two", eventID: "in-2")
            let report = await h.sender.sendDue(now: H.t0)
            #expect(report[first] == .refused(.threadInStandby))
            #expect(try await h.row(first)?.state == .refused)
            // the contact's next row is refused by the host without calling Meta
            #expect(report[second] == .refused(.threadInStandby))
            let state = try await h.store.contactState(account: H.account, contact: H.contact)
            #expect(state.conversation.isInStandby)
            #expect(h.posts.count == 1)
        }
    }
}
