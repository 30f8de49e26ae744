import LuagramDomain

/// After a private reply nothing more goes to the contact until they write.
///
/// Meta's private replies page: the private reply opens no 24-hour window, and the business
/// may write again only after the person answers, then within 24 hours
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/private-replies).
/// Applied as the issue states it — to every message, a human agent's too, even when an
/// older message of the contact would still leave a window open — which is stricter than
/// Meta in that one case.
enum AwaitingReplyRule {
    static func check(_ conversation: ConversationState) throws(Refusal) {
        guard !conversation.awaitingUserReply else { throw Refusal(.awaitingUserReply) }
    }
}
