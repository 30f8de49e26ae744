import Foundation
import LuagramDomain

extension OutboxSender {
    /// What the round's private replies say about their comments: accepted by Meta (the
    /// contact is now awaited until they write), or given up (failed, refused at send time,
    /// expired in the 750/h queue), which frees the comment and awaits nothing. Rows still
    /// waiting or retrying say nothing yet; a dry run reached no one, so it stays decided.
    static func privateReplySettlements(_ rows: [OutboxRow], _ outcomes: [OutboxID: SendOutcome]) -> [OutboxWrite] {
        rows.compactMap { row in
            guard case .privateReply = row.entry.intent, let outcome = outcomes[row.entry.id] else { return nil }
            let accepted: Bool
            switch outcome {
            case .sent: accepted = true
            case .failed, .refused: accepted = false
            case .dryRun, .retry, .deferred, .storeError: return nil
            }
            return .privateReplySettled(row.entry.id, comment: row.entry.event.id, accepted: accepted)
        }
    }
}

extension OutboxSender {
    /// Looks for an unconfirmed private reply in the commenter's conversation: Meta's id if
    /// it is there. Nil when it is not, or when the conversation cannot be read (the
    /// commenter never wrote, Meta failed): then nobody knows.
    static func findPrivateReply(_ row: OutboxRow, live: any MessageSender, conversations: any ConversationStore) async
        -> String?
    {
        let entry = row.entry
        guard let since = row.unconfirmedSince,
            let message = entry.plan?.messages.dropFirst(row.partsSent).first ?? entry.intent.outgoingMessage,
            message.text != nil
        else { return nil }
        let known = (try? await conversations.messages(account: entry.account, contact: entry.recipient, limit: 50)) ?? []
        do {
            return try await live.findDelivered(
                message, to: entry.recipient, from: entry.account, since: since.addingTimeInterval(-clockSkew),
                excluding: Set(known.compactMap(\.mid)))
        } catch {
            return nil
        }
    }

    /// Meta's 100/2534025 to a private reply whose earlier try got no answer, recorded as
    /// what it is: the comment takes no reply now, and whether the earlier try reached the
    /// person is unknown (Meta answers the same for a deleted or too old comment and for a
    /// live that ended: https://developers.facebook.com/documentation/business-messaging/messenger-platform/error-codes).
    static func unknownPrivateReply(_ failure: SendFailure) -> SendFailure {
        SendFailure(
            code: failure.code, subcode: failure.subcode,
            message: "unknown: an earlier try got no answer and Meta now refuses the comment (\(failure.message)); "
                + "it may have arrived, or the comment was deleted, too old or its live ended")
    }
}
