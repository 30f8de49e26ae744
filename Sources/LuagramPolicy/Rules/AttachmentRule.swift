import LuagramDomain

/// Attachments: a png or jpeg image of known size up to `maxImageBytes` goes as an image
/// attachment; anything else goes as a text carrying its URL, and the plan says why.
///
/// instagram-platform.md §3.4, media limits table: Image — png, jpeg — 8 MB [S11][S28].
/// Files (pdf, §3.4 table) also go as links, as the issue asks: one kind of attachment to
/// verify and pace (§5.1 media calls) until file sends are wanted.
enum AttachmentRule {
    /// How one attachment goes out.
    enum Planned: Equatable {
        case image(url: String)
        case link(url: String, why: String)
    }

    static func image(_ url: String, info: AttachmentInfo, limits: PolicyLimits) -> Planned {
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
