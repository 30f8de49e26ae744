import LuagramDomain

/// Sends nobody should make, whatever a rule or an agent asks (issue 12, item 4):
/// - nothing answers the App Dashboard's sample payloads: their ids are placeholders
///   (`Event.isTestPayload`);
/// - nothing goes into a thread another app holds: Meta delivers it as `standby` and
///   answers sends into it with 100/2534037, "not the thread owner"
///   (https://developers.facebook.com/documentation/business-messaging/instagram-messaging/features/conversation-routing);
/// - no private reply to the account's own comment: it would answer the account itself.
enum AddresseeRule {
    static func checkTestPayload(_ event: Event) throws(Refusal) {
        guard !event.isTestPayload else { throw Refusal(.testPayload) }
    }

    /// Only messages in the conversation: a private reply is addressed to a comment, and
    /// whether Meta refuses it in a held thread is not documented. The event being answered
    /// counts even before the stored state has taken it in.
    static func checkThread(_ conversation: ConversationState, answering event: Event) throws(Refusal) {
        guard !conversation.isInStandby, event.fields[EventFlag.standby] != .bool(true) else {
            throw Refusal(.threadInStandby)
        }
    }

    static func checkNotOwnComment(_ event: Event) throws(Refusal) {
        guard !event.isFromAccount else { throw Refusal(.privateReplyOwnComment) }
    }
}
