import Foundation
import LuagramDomain

/// Meta's Instagram messaging rules as one pure decision per intent: send (with which
/// messaging type, as which messages), defer until a time, or refuse with a `ReasonCode`.
///
/// Pure: everything it knows arrives in the `PolicyRequest` and `now`; it performs no I/O,
/// reads no clock and never throws. The checks run in a fixed order, so one intent always
/// gets the same reason:
///
/// 1. state intents (tag, untag, set, handoff) are accepted, whoever asks;
/// 2. `RecipientRule` — broadcasts and other recipients;
/// 3. `MessageRule` — what is wrong with the message itself (empty, quick replies, length),
///    first so a rule's mistake shows whatever the conversation's state;
/// 4. `AddresseeRule` — never to Meta's dashboard samples, never into a thread another app
///    holds (messages), never privately to the account's own comment;
/// 5. whether it may go: `PrivateReplyRule` for private replies; `HandoffRule`, then
///    `AwaitingReplyRule`, then `WindowRule` for messages (handoff for both);
/// 6. a follow-up not yet due is deferred to its time (steps 5 judged as of that time);
/// 7. `RateRule` — over a limit or throttled, deferred to the next slot.
public struct Policy: Sendable, Hashable {
    public var limits: PolicyLimits

    public init(limits: PolicyLimits = PolicyLimits()) {
        self.limits = limits
    }

    public func decide(_ request: PolicyRequest, at now: Date) -> Decision {
        do throws(Refusal) {
            switch request.intent {
            case .handoff, .tag, .untag, .setValue:
                return .accept
            case .broadcast:
                try RecipientRule.check(request.intent, recipient: request.recipient, event: request.event)
                return .refuse(.broadcastUnsupported)  // RecipientRule has thrown already
            case .reply(let message):
                try RecipientRule.check(request.intent, recipient: request.recipient, event: request.event)
                return try reply(message, request, at: now, due: nil)
            case .followUp(let seconds, let message):
                try RecipientRule.check(request.intent, recipient: request.recipient, event: request.event)
                let due = (request.recordedAt ?? now).addingTimeInterval(seconds)
                return try reply(message, request, at: now, due: due)
            case .privateReply(let message):
                try RecipientRule.check(request.intent, recipient: request.recipient, event: request.event)
                return try privateReply(message, request, at: now)
            }
        } catch {
            return .refuse(error.reason)
        }
    }

    /// A message in the conversation; a follow-up when `due` is set. A follow-up not yet
    /// due is judged as of its due time with today's state — a follow-up that would land
    /// outside the window is refused now, when the rule author can still see why — and is
    /// checked again by the sender when it is due.
    private func reply(_ message: OutgoingMessage, _ request: PolicyRequest, at now: Date, due: Date?) throws(Refusal) -> Decision {
        let plan = try MessageRule.plan(message, attachments: request.context.attachments, limits: limits)
        try AddresseeRule.checkTestPayload(request.event)
        let sendAt = max(now, due ?? now)
        // The event being answered may be newer than the stored state (or the store may
        // not have applied it yet): it counts as the contact's latest message if it is one.
        var conversation = request.context.conversation
        conversation.noteInbound(request.event)
        try AddresseeRule.checkThread(conversation, answering: request.event)
        try HandoffRule.check(origin: request.origin, handoff: conversation.handoff, at: sendAt, limits: limits)
        try AwaitingReplyRule.check(conversation)
        let type = try WindowRule.messagingType(
            origin: request.origin, lastUserMessageAt: conversation.lastUserMessageAt, at: sendAt, limits: limits)
        if let due, now < due {
            return .defer(until: due, reason: .followUpScheduled)
        }
        if let wait = RateRule.deferral(for: plan.calls, rate: request.context.rate, at: now, limits: limits) {
            return wait
        }
        return .send(SendPlan(messagingType: type, messages: plan.messages, conversions: plan.conversions))
    }

    /// A private reply to the comment that is the request's event. Meta documents no
    /// `messaging_type` for it (see `PrivateReplyRule`); the plan says RESPONSE and the wire
    /// layer may omit it.
    private func privateReply(_ message: OutgoingMessage, _ request: PolicyRequest, at now: Date) throws(Refusal) -> Decision {
        let plan = try MessageRule.planSingle(message, limits: limits)
        try AddresseeRule.checkTestPayload(request.event)
        if request.event.kind.isComment { try AddresseeRule.checkNotOwnComment(request.event) }
        let context = request.context
        try PrivateReplyRule.check(
            event: request.event, conversation: context.conversation, liveBroadcastEnded: context.liveBroadcastEnded,
            at: now, limits: limits)
        try HandoffRule.check(origin: request.origin, handoff: context.conversation.handoff, at: now, limits: limits)
        let calls = [PrivateReplyRule.rateClass(for: request.event): 1]
        if let wait = RateRule.deferral(for: calls, rate: context.rate, at: now, limits: limits) {
            return wait
        }
        return .send(SendPlan(messagingType: .response, messages: plan.messages, conversions: plan.conversions))
    }
}
