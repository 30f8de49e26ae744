import Foundation

/// A decision read back from the log, with the event and contact it was made for.
public struct LoggedDecision: Sendable, Hashable {
    public var event: EventKey
    public var contact: String
    public var record: DecisionRecord
    public var decidedAt: Date

    public init(event: EventKey, contact: String, record: DecisionRecord, decidedAt: Date) {
        self.event = event
        self.contact = contact
        self.record = record
        self.decidedAt = decidedAt
    }
}
