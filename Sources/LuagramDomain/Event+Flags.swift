extension Event {
    /// Whether the account wrote this itself: a rule must not answer its own comment.
    public var isFromAccount: Bool { contact.id == account || fields[EventFlag.fromSelf] == .bool(true) }

    /// Whether the event is one of Meta's dashboard samples, whose ids are placeholders.
    public var isTestPayload: Bool { fields[EventFlag.test] == .bool(true) }
}
