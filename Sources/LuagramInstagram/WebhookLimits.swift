import LuagramDomain
/// How much work one webhook body may cost before Luagram stops reading it.
///
/// The body arrives from the network before anything about it is trusted (the signature only
/// says Meta sent it, not that it is small), so every loop and every recursion has a bound.
/// The defaults are far above anything Meta sends: Meta batches at most 1000 updates in one
/// POST, a message item is about 10 levels deep and a few dozen values.
public struct WebhookLimits: Sendable, Hashable {
    /// Bodies larger than this are refused whole. 1000 updates of a few KB each fit many times.
    public var maxBodyBytes: Int
    /// Arrays and objects nested deeper than this are refused; it also bounds every recursion
    /// over a decoded value (the parser, the writer, the hash of an unknown item).
    public var maxDepth: Int
    /// The most elements one array, or members one object, may have.
    public var maxContainerCount: Int
    /// The most JSON values (of any type, at any depth) one body may hold, which bounds memory.
    public var maxValues: Int
    /// The most items (messaging, standby and changes items, flat entries) decoded from one
    /// body; the rest are reported as one error and skipped.
    public var maxItems: Int
    /// The most attachments kept from one message; the rest are reported and skipped.
    public var maxAttachments: Int

    public init(
        maxBodyBytes: Int = 8 << 20, maxDepth: Int = 64, maxContainerCount: Int = 10_000, maxValues: Int = 200_000,
        maxItems: Int = 2_000, maxAttachments: Int = 100
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxDepth = maxDepth
        self.maxContainerCount = maxContainerCount
        self.maxValues = maxValues
        self.maxItems = maxItems
        self.maxAttachments = maxAttachments
    }

    /// The limits above: 8 MiB, depth 64, 10,000 per container, 200,000 values, 2,000 items,
    /// 100 attachments per message.
    public static let standard = WebhookLimits()

    /// What the JSON parser may read of one body.
    public var json: JSONLimits {
        JSONLimits(maxBytes: maxBodyBytes, maxDepth: maxDepth, maxContainerCount: maxContainerCount, maxValues: maxValues)
    }
}
