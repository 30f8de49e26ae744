import LuagramDomain

/// The fixed placeholder ids of the sample payloads Meta's App Dashboard sends when its
/// "Test" button is pressed. Nothing can be sent to them: a reply is refused by the host
/// (`ReasonCode.testPayload`), so a test press never reaches the Send API.
///
/// Besides `entry.id` `"0"` (`EntryContext.isTest`), the samples are recognised by their
/// ids, because the comment sample is also drawn inside an entry with a real-looking id:
/// - messages: sender `12334`, recipient `23245`, mid `random_mid` — Chatwoot's handling of
///   Meta's test events (https://github.com/chatwoot/chatwoot/pull/11244) keys on exactly
///   this sender/recipient pair;
/// - comments and live comments: comment id `17865799348089039` from `232323232` (username
///   `test`, media `123123123`, text "This is an example."), the sample Meta's webhook field
///   reference shows for `comments` and `live_comments`
///   (https://developers.facebook.com/docs/graph-api/webhooks/reference/instagram).
enum MetaSamplePayloads {
    static let messageSender = "12334"
    static let messageRecipient = "23245"
    static let commentID = "17865799348089039"
    static let commentAuthor = "232323232"

    /// Whether a messaging item is the dashboard's message sample.
    static func isSampleMessage(sender: String, recipient: String) -> Bool {
        sender == messageSender && recipient == messageRecipient
    }
}

extension BodyWalk {
    /// Whether a comment is the dashboard's comment sample: both its id and its author
    /// must match, so a real comment is never taken for it.
    static func isMetaSampleComment(id: String, fromID: String?) -> Bool {
        id == MetaSamplePayloads.commentID && fromID == MetaSamplePayloads.commentAuthor
    }
}
