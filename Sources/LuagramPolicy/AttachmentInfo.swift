import Foundation

/// What the host learned about an attachment's URL (typically from a HEAD request) before
/// asking the policy, which does no I/O itself. Either field may be unknown.
public struct AttachmentInfo: Sendable, Hashable {
    /// The `Content-Type`, e.g. `image/png` or `image/jpeg; charset=binary`.
    public var contentType: String?
    /// The size in bytes (`Content-Length`).
    public var byteSize: Int?

    public init(contentType: String?, byteSize: Int?) {
        self.contentType = contentType
        self.byteSize = byteSize
    }

    /// Nothing could be learned: the attachment goes as a link.
    public static let unknown = AttachmentInfo(contentType: nil, byteSize: nil)

    /// The media type without parameters, lowercased, so `Image/JPEG; q=1` matches `image/jpeg`.
    var mediaType: String? {
        guard let contentType else { return nil }
        let bare = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        let type = bare.trimmingCharacters(in: .whitespaces).lowercased()
        return type.isEmpty ? nil : type
    }
}
