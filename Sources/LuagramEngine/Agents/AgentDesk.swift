import Foundation
import LuagramDomain
import LuagramPolicy

/// What human agents do through the API: answer a contact (the only path that may use the
/// HUMAN_AGENT tag, between 24 hours and 7 days after the contact's last message), take a
/// conversation from the rules and give it back, and read the conversation.
public struct AgentDesk: Sendable {
    let events: any EventStore
    let conversations: any ConversationStore
    let policy: Policy

    public init(events: any EventStore, conversations: any ConversationStore, policy: Policy = Policy()) {
        self.events = events
        self.conversations = conversations
        self.policy = policy
    }

    /// Decides an agent's message and, when it may go now or later, queues it for the
    /// sender, which checks it again when it is due.
    public func send(_ message: OutgoingMessage, to contact: String, of account: String, agent: String, at now: Date)
        async throws -> Decision
    {
        var state = try await conversations.contactState(account: account, contact: contact)
        let id = "\(agent)@\(MetaTime.microseconds(now))"
        // An agent answers no event: the policy gets one that does not open the window,
        // so the window is measured from the contact's own last message alone.
        let reference = Event(
            kind: .echo, id: id, time: now, account: account, contact: Contact(id: contact))
        let origin = Origin.agent(agent)
        let decision = policy.decide(
            PolicyRequest(
                intent: .reply(message), origin: origin, event: reference, context: PolicyContext(conversation: state.conversation)),
            at: now)
        let key = EventKey(account: account, kind: "agent_send", id: id)
        var outbox: [OutboxEntry] = []
        switch decision {
        case .send(let plan):
            outbox.append(entry(key, message, plan: plan, due: now, reference, origin, account, contact, now))
        case .defer(let until, _):
            outbox.append(entry(key, message, plan: nil, due: until, reference, origin, account, contact, now))
        case .accept, .refuse:
            break
        }
        if decision.isAllowed, var handoff = state.conversation.handoff, handoff.isActive(at: now, timeout: nil) {
            handoff.lastAgentMessageAt = now
            state.conversation.handoff = handoff
        }
        let outcome = EventOutcome(
            key: key, contact: state, basedOn: state.version, outbox: outbox,
            decisions: [DecisionRecord(intent: .reply(message), origin: origin, decision: decision, outboxID: outbox.first?.id)],
            processedAt: now)
        _ = try await events.commit(outcome)
        return decision
    }

    /// Hands the conversation to a person: rules are refused (`human_handoff`) until it is
    /// released or times out.
    public func handoff(_ contact: String, of account: String, reason: String, at now: Date) async throws {
        try await update(contact, of: account, at: now, kind: "agent_handoff") { conversation in
            conversation.handoff = HandoffState(startedAt: now, reason: reason)
        }
    }

    /// Gives the conversation back to the rules.
    public func release(_ contact: String, of account: String, at now: Date) async throws {
        try await update(contact, of: account, at: now, kind: "agent_release") { conversation in
            conversation.handoff?.releasedAt = now
        }
    }

    /// The conversation, oldest first, with each message's status and reasons.
    public func history(of contact: String, of account: String, limit: Int = 200) async throws -> [StoredMessage] {
        try await conversations.messages(account: account, contact: contact, limit: limit)
    }

    private func update(
        _ contact: String, of account: String, at now: Date, kind: String, _ change: (inout ConversationState) -> Void
    ) async throws {
        var state = try await conversations.contactState(account: account, contact: contact)
        change(&state.conversation)
        let key = EventKey(account: account, kind: kind, id: "\(contact)@\(MetaTime.microseconds(now))")
        _ = try await events.commit(EventOutcome(key: key, contact: state, basedOn: state.version, processedAt: now))
    }

    private func entry(
        _ key: EventKey, _ message: OutgoingMessage, plan: SendPlan?, due: Date, _ reference: Event, _ origin: Origin,
        _ account: String, _ contact: String, _ now: Date
    ) -> OutboxEntry {
        OutboxEntry(
            id: OutboxID(event: key, handler: "agent", index: 0), account: account, recipient: contact,
            intent: .reply(message), origin: origin, plan: plan, event: EventReference(reference), decidedAt: now, dueAt: due)
    }
}
