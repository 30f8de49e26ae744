import LuagramDomain

extension InboxProcessor {
    /// Whether an echo whose id nobody knows carries a message Luagram may have sent without
    /// learning its id: one of a row being sent by another process, or tried before a
    /// restart without an answer (its row is settled with Meta later). The in-memory calls
    /// (`InFlightSends`) know only this process's calls since it started; the store knows
    /// these.
    func isUnconfirmedSend(echo event: Event) async throws -> Bool {
        let content = InFlightSends.content(
            text: event.text, attachmentTypes: event.attachments.compactMap { $0["type"]?.stringValue })
        guard let content else { return false }
        let pending = try await conversations.unconfirmedOutgoing(account: event.account, contact: event.contact.id)
        return pending.contains { message in
            InFlightSends.content(text: message.text, attachmentTypes: message.attachments.compactMap { $0["type"]?.stringValue })
                == content
        }
    }
}
