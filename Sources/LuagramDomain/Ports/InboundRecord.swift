import Foundation

/// What a contact sent, as it is kept in the history.
public enum InboundRecord: Sendable, Hashable {
    /// A direct message (including story replies and unsupported content).
    case message(mid: String, text: String?, attachments: [Value], at: Date)
    /// A comment on the account's media; its private reply is tracked on it.
    case comment(id: String, mediaID: String?, text: String?, at: Date)
    /// The message `mid` was unsent: its content is deleted and the history marks it
    /// unsent (a row is kept for a message not seen yet, so it never shows up later).
    case unsent(mid: String, at: Date)

    /// The record of an event, if its kind is kept: messages, comments and unsends.
    ///
    /// A comment's media id is read from the `media` field as the webhook decoder
    /// fills it (`{"id": …}`).
    public init?(_ event: Event) {
        switch event.kind {
        case .message, .unsupported:
            self = .message(mid: event.id, text: event.text, attachments: event.attachments, at: event.time)
        case .comment, .liveComment:
            var mediaID: String?
            if case .object(let media) = event.fields["media"] { mediaID = media["id"]?.stringValue }
            self = .comment(id: event.id, mediaID: mediaID, text: event.text, at: event.time)
        case .deleted:
            self = .unsent(mid: event.fields["mid"]?.stringValue ?? event.id, at: event.time)
        default:
            return nil
        }
    }
}
