/// Every reason the host gives for refusing or deferring an intent: stable codes for
/// programs, and a sentence a rule author understands.
public enum ReasonCode: String, Sendable, Hashable, CaseIterable {
    /// Instagram has no broadcasts: messages go only to the contact of the event.
    case broadcastUnsupported = "broadcast_unsupported"

    public var explanation: String {
        switch self {
        case .broadcastUnsupported:
            "Instagram has no broadcasts: a message can only answer the contact who wrote."
        }
    }
}
