import Foundation

/// Learns what an image URL serves before the sender attaches it (a HEAD request). The
/// policy does no I/O, so the sender asks this and hands the answer to the policy's rule.
public protocol MediaInspector: Sendable {
    /// The URL's `Content-Type` and size as far as they could be learned, and why not when
    /// they could not.
    func inspect(_ url: String, at now: Date) async -> MediaFacts
}

/// What a `MediaInspector` learned about a URL.
public struct MediaFacts: Sendable, Hashable {
    /// `Content-Type`, e.g. `image/png`.
    public var contentType: String?
    /// The full size in bytes.
    public var byteSize: Int?
    /// Why the type or size is missing.
    public var problem: String?

    public init(contentType: String? = nil, byteSize: Int? = nil, problem: String? = nil) {
        self.contentType = contentType
        self.byteSize = byteSize
        self.problem = problem
    }
}
