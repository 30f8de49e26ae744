/// What makes an event the same event when Meta delivers it again: the account, a
/// namespace (normally the event kind) and Meta's id (message id, comment id, …).
public struct EventKey: Sendable, Hashable, CustomStringConvertible {
    public var account: String
    public var kind: String
    public var id: String

    public init(account: String, kind: String, id: String) {
        self.account = account
        self.kind = kind
        self.id = id
    }

    /// The key of an event as decoded from a webhook.
    public init(_ event: Event) {
        self.init(account: event.account, kind: event.kind.rawValue, id: event.id)
    }

    public var description: String { "\(account)/\(kind)/\(id)" }
}
