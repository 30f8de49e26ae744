import LuagramDomain

/// Quick replies: at most `maxQuickReplies`, titles of 1 to `maxQuickReplyTitleCharacters`
/// characters.
///
/// Meta allows at most 13 quick replies and cuts a title after 20 characters
/// (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api/quick-replies).
/// Characters are grapheme clusters, what a person counts on screen; Meta documents no
/// payload limit for Instagram, so it is not checked.
enum QuickReplyRule {
    static func check(_ quickReplies: [QuickReply], limits: PolicyLimits) throws(Refusal) {
        guard quickReplies.count <= limits.maxQuickReplies else { throw Refusal(.invalidQuickReplies) }
        for reply in quickReplies {
            let length = reply.title.count
            guard length >= 1, length <= limits.maxQuickReplyTitleCharacters else {
                throw Refusal(.invalidQuickReplies)
            }
        }
    }
}
