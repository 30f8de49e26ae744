import Foundation

/// A webhook body in the inbox with its processing state.
public struct InboxRow: Sendable, Hashable {
    public var id: InboxID
    public var receivedAt: Date
    /// The raw bytes exactly as Meta signed them.
    public var body: Data
    public var state: InboxState
    /// Why the row was rejected.
    public var error: String?
    /// How many times the row was claimed, so a body that keeps crashing its worker can
    /// be rejected instead of retried forever.
    public var attempts: Int
    /// While in the future, the row belongs to the worker that claimed it.
    public var leasedUntil: Date?
    public var finishedAt: Date?

    public init(
        id: InboxID, receivedAt: Date, body: Data, state: InboxState = .pending, error: String? = nil,
        attempts: Int = 0, leasedUntil: Date? = nil, finishedAt: Date? = nil
    ) {
        self.id = id
        self.receivedAt = receivedAt
        self.body = body
        self.state = state
        self.error = error
        self.attempts = attempts
        self.leasedUntil = leasedUntil
        self.finishedAt = finishedAt
    }
}
