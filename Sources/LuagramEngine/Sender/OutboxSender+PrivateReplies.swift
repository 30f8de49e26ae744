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
