import LuagramDomain

/// After a private reply nothing more goes to the contact until they write.
///
/// instagram-platform.md §4.3: "No 24 h window is opened by the private reply; follow-ups
/// only after the user replies, then within 24 h" [S14][S21]. Applied as the issue states
/// it — to every message, a human agent's too, even when an older message of the contact
/// would still leave a window open — which is stricter than Meta in that one case.
enum AwaitingReplyRule {
    static func check(_ conversation: ConversationState) throws(Refusal) {
        guard !conversation.awaitingUserReply else { throw Refusal(.awaitingUserReply) }
    }
}
