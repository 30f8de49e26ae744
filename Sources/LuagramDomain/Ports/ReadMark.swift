import Foundation

/// How far a contact has read: Instagram names the last message read, Messenger gives
/// a time (the watermark).
public enum ReadMark: Sendable, Hashable {
    case message(mid: String)
    case watermark(Date)
}
