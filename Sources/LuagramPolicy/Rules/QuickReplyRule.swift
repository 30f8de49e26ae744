import LuagramDomain

/// Quick replies: at most `maxQuickReplies`, titles of 1 to `maxQuickReplyTitleCharacters`
/// characters.
///
/// instagram-platform.md §3.5: "max 13 quick replies; title truncated after 20 characters"
/// [S12][S24]. Characters are grapheme clusters, what a person counts on screen; the
/// payload's limit on Instagram is unconfirmed (§3.5), so it is not checked.
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
