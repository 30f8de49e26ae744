import Foundation
import LuagramDomain
import LuagramEngine
import LuagramPolicy
import LuagramStore
import LuagramTestSupport
import Testing

@Suite("Human agents")
struct AgentDeskTests {
    static let reply = ("reply.lua", "on('message', function(ev) ev:reply('automatic answer') end)")

    @Test("an agent answering 30 hours after the contact's message sends with HUMAN_AGENT; after 8 days nobody may")
    func humanAgentWindow() async throws {
        let pipeline = try Pipeline(rules: [])
        let t0 = pipeline.clock.now
        try await pipeline.receive(Pipeline.dm("I need help with my order", mid: "m1", at: t0))
        try await pipeline.processor.processPending(now: t0)
        let desk = AgentDesk(events: pipeline.store, conversations: pipeline.store)

        let late = try await desk.send(
            OutgoingMessage(text: "Sorry for the wait! Your order ships today."), to: Pipeline.contact, of: Pipeline.account,
            agent: "marta", at: t0.addingTimeInterval(30 * 3600))
        guard case .send(let plan) = late else {
            Issue.record("expected a send, got \(late)")
            return
        }
        #expect(plan.messagingType == .humanAgent)
        let queued = try await pipeline.store.claimDueOutbox(limit: 10, now: t0.addingTimeInterval(30 * 3600))
        #expect(queued.map(\.entry.origin) == [.agent("marta")])

        let tooLate = try await desk.send(
            OutgoingMessage(text: "Hello?"), to: Pipeline.contact, of: Pipeline.account, agent: "marta",
            at: t0.addingTimeInterval(8 * 86_400))
        #expect(tooLate == .refuse(.outsideWindow))
    }

    @Test("while a conversation is handed off the rules stand back, and after release they answer again")
    func handoffAndRelease() async throws {
        let pipeline = try Pipeline(rules: [Self.reply])
        let t0 = pipeline.clock.now
        let desk = AgentDesk(events: pipeline.store, conversations: pipeline.store)
        try await desk.handoff(Pipeline.contact, of: Pipeline.account, reason: "VIP", at: t0)
        try await pipeline.receive(Pipeline.dm("hi", mid: "a", at: t0.addingTimeInterval(1)))
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(1))
        #expect(try await pipeline.queuedTexts().isEmpty)

        try await desk.release(Pipeline.contact, of: Pipeline.account, at: t0.addingTimeInterval(2))
        try await pipeline.receive(Pipeline.dm("hello?", mid: "b", at: t0.addingTimeInterval(3)))
        try await pipeline.processor.processPending(now: t0.addingTimeInterval(3))
        #expect(try await pipeline.queuedTexts() == ["automatic answer"])
        let history = try await desk.history(of: Pipeline.contact, of: Pipeline.account)
        #expect(history.map(\.status).contains(.refused))
    }

    @Test func withHumanAgentOffAnAgentMessageAfter24HoursIsRefusedWithItsReason() async throws {
        let pipeline = try Pipeline(rules: [])
        let t0 = pipeline.clock.now
        try await pipeline.receive(Pipeline.dm("I need help", mid: "m1", at: t0))
        try await pipeline.processor.processPending(now: t0)
        let desk = AgentDesk(
            events: pipeline.store, conversations: pipeline.store, policy: Policy(limits: PolicyLimits(humanAgentTag: false)))
        let decision = try await desk.send(
            OutgoingMessage(text: "Sorry for the wait"), to: Pipeline.contact, of: Pipeline.account, agent: "marta",
            at: t0.addingTimeInterval(30 * 3600))
        #expect(decision == .refuse(.humanAgentDisabled))
        let history = try await desk.history(of: Pipeline.contact, of: Pipeline.account)
        #expect(history.last?.refusal == .humanAgentDisabled)
    }
}
