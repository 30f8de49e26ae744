import LuagramDomain

/// No broadcasts: a message may go only to the contact of the event it answers.
///
/// Meta documents no broadcast or bulk endpoint for Instagram messages, and group threads are
/// not supported: one customer per conversation
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api).
enum RecipientRule {
    static func check(_ intent: Intent, recipient: String, event: Event) throws(Refusal) {
        if case .broadcast = intent { throw Refusal(.broadcastUnsupported) }
        guard recipient == event.contact.id else { throw Refusal(.broadcastUnsupported) }
    }
}
