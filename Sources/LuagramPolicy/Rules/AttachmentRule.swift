import LuagramDomain

/// Attachments: a png or jpeg image of known size up to `maxImageBytes` goes as an image
/// attachment; anything else goes as a text carrying its URL, and the plan says why
/// ("Media limits" on
/// https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api;
/// docs/meta-graph-api.md, "Images"). The sender learns the type and size (a HEAD request)
/// and asks `image` before the first part goes out. Files go as links: one kind of attachment
/// to verify and pace until file sends are wanted.
public enum AttachmentRule {
    /// How one attachment goes out.
    public enum Planned: Equatable, Sendable {
        case image(url: String)
        case link(url: String, why: String)
    }

    public static func image(_ url: String, info: AttachmentInfo, limits: PolicyLimits) -> Planned {
        guard let type = info.mediaType else {
            return .link(url: url, why: "the image's type could not be learned")
        }
        guard limits.imageContentTypes.contains(type) else {
            return .link(url: url, why: "\(type) is not an image type Instagram attaches (png, jpeg)")
        }
        guard let size = info.byteSize, size >= 0 else {
            return .link(url: url, why: "the image's size could not be learned")
        }
        guard size <= limits.maxImageBytes else {
            return .link(url: url, why: "the image is \(size) bytes, over the \(limits.maxImageBytes)-byte limit")
        }
        return .image(url: url)
    }

    static func file(_ url: String) -> Planned {
        .link(url: url, why: "files are sent as links")
    }
}
