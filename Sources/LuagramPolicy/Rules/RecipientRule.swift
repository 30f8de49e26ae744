import LuagramDomain

/// No broadcasts: a message may go only to the contact of the event it answers.
///
/// instagram-platform.md §4.1 (last bullet): "There is no broadcast/bulk API for Instagram
/// DMs"; §4.4: one customer per conversation [S11][S32].
enum RecipientRule {
    static func check(_ intent: Intent, recipient: String, event: Event) throws(Refusal) {
        if case .broadcast = intent { throw Refusal(.broadcastUnsupported) }
        guard recipient == event.contact.id else { throw Refusal(.broadcastUnsupported) }
    }
}
