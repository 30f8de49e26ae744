import LuagramDomain

/// What one webhook body decoded into: the events, in body order, and the items that failed.
///
/// Both at once because Meta batches updates: a bad item is reported and the good items beside
/// it still reach the rules.
public struct DecodedWebhook: Sendable, Hashable {
    public var events: [Event]
    public var errors: [WebhookItemError]

    public init(events: [Event] = [], errors: [WebhookItemError] = []) {
        self.events = events
        self.errors = errors
    }
}
