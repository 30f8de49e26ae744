import Foundation

extension Event {
    /// What the event says about who holds the conversation (Handover Protocol /
    /// Conversation Routing, https://developers.facebook.com/documentation/business-messaging/instagram-messaging/features/conversation-routing):
    /// Meta delivers a thread's items in `standby` to the apps that do not hold it and in
    /// `messaging` to the one that does; `pass_thread_control` reaches the app given
    /// control, `take_thread_control` the app it was taken from. Comments, mentions and
    /// other items say nothing about it (nil).
    public var threadControl: ThreadControl? {
        if fields[EventFlag.standby] == .bool(true) { return ThreadControl(inStandby: true, since: time) }
        switch kind {
        case .message, .postback, .referral, .reaction, .read, .echo, .edit, .deleted, .unsupported:
            return ThreadControl(inStandby: false, since: time)
        case .unknown:
            switch fields["type"]?.stringValue {
            case "pass_thread_control": return ThreadControl(inStandby: false, since: time)
            case "take_thread_control": return ThreadControl(inStandby: true, since: time)
            default: return nil
            }
        case .comment, .liveComment, .mention:
            return nil
        }
    }
}
