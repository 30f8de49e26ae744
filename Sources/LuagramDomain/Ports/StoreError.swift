/// What a store refuses, as opposed to the database failing underneath it.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A webhook body with no bytes: never a real delivery, and never stored.
    case emptyInboxBody
    /// An outcome whose parts disagree (the key's account is not the contact's).
    case invalidOutcome(String)
    /// No outbox row has this id.
    case unknownOutboxEntry(OutboxID)
    /// The outbox row is not in a state that allows the change (marking a row sent
    /// that nobody claimed, or a part out of order).
    case outboxEntryNotSending(OutboxID, OutboxState)
    /// Parts of a plan are marked sent in order; this one is not the next.
    case outboxPartOutOfOrder(OutboxID, expected: Int, got: Int)
    /// A plan is replaced only before its first part went out.
    case outboxEntryPartlySent(OutboxID)
    /// A stored value could not be read back; the database was changed by hand or by a
    /// newer version.
    case corruptValue(table: String, column: String, detail: String)

    public var description: String {
        switch self {
        case .emptyInboxBody:
            "an inbox body must not be empty"
        case .invalidOutcome(let why):
            "invalid event outcome: \(why)"
        case .unknownOutboxEntry(let id):
            "no outbox entry \(id)"
        case .outboxEntryNotSending(let id, let state):
            "outbox entry \(id) is \(state.rawValue), not sending"
        case .outboxPartOutOfOrder(let id, let expected, let got):
            "outbox entry \(id): part \(got) marked sent, expected part \(expected)"
        case .outboxEntryPartlySent(let id):
            "outbox entry \(id) has sent parts already and cannot be planned again"
        case .corruptValue(let table, let column, let detail):
            "unreadable \(table).\(column): \(detail)"
        }
    }
}
