/// A contact as stored: what rules see (`contact`), what the policy sees
/// (`conversation`), and the version the next commit must be based on.
public struct ContactState: Sendable, Hashable {
    public var account: String
    public var contact: Contact
    public var conversation: ConversationState
    /// Incremented by every commit; 0 for a contact never stored. Passing it back in
    /// `EventOutcome.basedOn` turns a lost update into a `.conflict`.
    public var version: Int64

    public init(account: String, contact: Contact, conversation: ConversationState = ConversationState(), version: Int64 = 0) {
        self.account = account
        self.contact = contact
        self.conversation = conversation
        self.version = version
    }

    /// Whether the contact has never been stored: their first event.
    public var isNew: Bool { version == 0 }
}
