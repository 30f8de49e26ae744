import Foundation

/// Whether an account's live video is still broadcasting: Meta takes private replies to live
/// comments only during the live
/// (https://developers.facebook.com/docs/instagram-platform/private-replies).
public protocol LiveStatus: Sendable {
    /// True while `media` is live, false once it is not, nil when that could not be learned
    /// (the reply is then tried, and Meta's answer decides).
    func isLive(media: String, of account: String, at now: Date) async -> Bool?
}
