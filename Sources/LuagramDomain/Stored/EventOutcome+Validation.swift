extension EventOutcome {
    /// Mistakes in the outcome itself, which every store reports before it opens a
    /// transaction: parts naming another account, a send with no message.
    public func validateForCommit() throws {
        let account = contact.account
        guard key.account == account else {
            throw StoreError.invalidOutcome("event \(key) is not for account \(account)")
        }
        for entry in outbox {
            guard entry.account == account else {
                throw StoreError.invalidOutcome("outbox entry \(entry.id) is not for account \(account)")
            }
            guard entry.intent.outgoingMessage != nil else {
                throw StoreError.invalidOutcome("outbox entry \(entry.id): \(entry.intent.name) sends no message")
            }
            if let plan = entry.plan, plan.messages.isEmpty {
                throw StoreError.invalidOutcome("outbox entry \(entry.id): the plan has no message")
            }
        }
    }
}
