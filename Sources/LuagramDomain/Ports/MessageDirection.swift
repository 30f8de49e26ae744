/// Who wrote a message. Stored as the raw value: never rename.
public enum MessageDirection: String, Sendable, Hashable, CaseIterable {
    /// From the contact.
    case inbound = "in"
    /// From the account: a rule or an agent through Luagram.
    case outbound = "out"
}
