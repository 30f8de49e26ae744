import Foundation

/// What the host knows about one contact's conversation that decides whether a message may
/// go: when the contact last wrote, whether a human has the conversation, and which
/// comments already got their private reply.
///
/// Kept by the store per (account, contact) and passed to the policy as a value.
public struct ConversationState: Sendable, Hashable {
    /// The time of the contact's last window-opening event (see
    /// `EventKind.opensMessagingWindow`); nil if they never wrote.
    public var lastUserMessageAt: Date?
    /// The current or last handoff to a human; nil if there never was one.
    public var handoff: HandoffState?
    /// Comment id → when its private reply was decided. Recorded at decision time, not
    /// delivery, so that a second reply queued behind the first is refused too; forgotten
    /// again when that reply fails or is refused, so the comment may be answered later.
    public var privateReplies: [String: Date]
    /// Comment id → the comment's time (Meta's clock), for the private replies Meta accepted.
    public var privateRepliesSent: [String: Date]
    /// Who holds the thread, as last said by a webhook (or by Meta refusing a send with
    /// 100/2534037); nil when nothing said so yet, which is holding it.
    public var threadControl: ThreadControl?

    public init(
        lastUserMessageAt: Date? = nil, handoff: HandoffState? = nil, privateReplies: [String: Date] = [:],
        privateRepliesSent: [String: Date] = [:], threadControl: ThreadControl? = nil
    ) {
        self.lastUserMessageAt = lastUserMessageAt
        self.handoff = handoff
        self.privateReplies = privateReplies
        self.privateRepliesSent = privateRepliesSent
        self.threadControl = threadControl
    }

    /// Whether another app holds the thread now.
    public var isInStandby: Bool { threadControl?.inStandby == true }

    /// The most recent decision of a private reply, if any.
    public var lastPrivateReplyAt: Date? { privateReplies.values.max() }

    /// Whether Meta accepted a private reply and the contact has not written since the
    /// comment it answers.
    ///
    /// Both times are Meta's (the comment's and the contact's last message): under a
    /// backlog the local decision or send time comes much later, and a message the contact
    /// wrote after commenting would wrongly count as written before the reply. A reply that
    /// is only queued, or failed, awaits nothing: it may never reach the contact. A message
    /// at the very same instant as the comment does not count as an answer.
    public var awaitingUserReply: Bool {
        guard let commented = privateRepliesSent.values.max() else { return false }
        guard let wrote = lastUserMessageAt else { return true }
        return wrote <= commented
    }

    /// Takes an inbound event into account: it moves `lastUserMessageAt` forward if it
    /// opens the window (events may arrive out of order, so never backwards).
    public mutating func noteInbound(_ event: Event) {
        guard event.kind.opensMessagingWindow else { return }
        if let last = lastUserMessageAt, last >= event.time { return }
        lastUserMessageAt = event.time
    }

    /// Takes what a webhook (`Event.threadControl`) or Meta's refusal of a send says about
    /// who holds the thread, unless something newer said otherwise already. Apart from
    /// `noteInbound`, because only events that really arrived may say it: the events the
    /// policy is handed for an agent's send or a send-time check are made up.
    public mutating func noteThreadControl(_ control: ThreadControl?) {
        guard let control else { return }
        if let known = threadControl, known.since > control.since { return }
        threadControl = control
    }

    /// Records that the comment's private reply was decided.
    public mutating func notePrivateReply(toComment commentID: String, at time: Date) {
        privateReplies[commentID] = time
    }

    /// Records that Meta accepted the private reply to a comment made at `commentedAt`.
    public mutating func notePrivateReplySent(toComment commentID: String, commentedAt: Date) {
        privateRepliesSent[commentID] = commentedAt
    }
}

/// A conversation handed to a human agent: automation pauses until it is released or
/// times out.
public struct HandoffState: Sendable, Hashable {
    public var startedAt: Date
    public var reason: String
    /// When an agent last wrote in the conversation; the timeout counts from the later of
    /// this and `startedAt`, so an agent who is still answering keeps the conversation.
    public var lastAgentMessageAt: Date?
    /// When the conversation was given back to automation; nil while a human has it.
    public var releasedAt: Date?

    public init(startedAt: Date, reason: String = "", lastAgentMessageAt: Date? = nil, releasedAt: Date? = nil) {
        self.startedAt = startedAt
        self.reason = reason
        self.lastAgentMessageAt = lastAgentMessageAt
        self.releasedAt = releasedAt
    }

    /// The time the timeout counts from.
    public var lastActivityAt: Date {
        guard let agent = lastAgentMessageAt else { return startedAt }
        return max(agent, startedAt)
    }

    /// Whether a human still has the conversation at `now`: not released by then, and
    /// (with a timeout) less than `timeout` seconds since the last activity.
    public func isActive(at now: Date, timeout: TimeInterval?) -> Bool {
        if let releasedAt, releasedAt <= now { return false }
        guard let timeout else { return true }
        return now < lastActivityAt.addingTimeInterval(timeout)
    }
}
