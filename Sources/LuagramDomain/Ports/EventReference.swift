import Foundation

/// The event an outbox entry answers, enough to ask the policy again at send time
/// (a private reply must still answer a comment younger than 7 days).
public struct EventReference: Sendable, Hashable {
    public var kind: EventKind
    public var id: String
    public var time: Date

    public init(kind: EventKind, id: String, time: Date) {
        self.kind = kind
        self.id = id
        self.time = time
    }

    public init(_ event: Event) {
        self.init(kind: event.kind, id: event.id, time: event.time)
    }
}
