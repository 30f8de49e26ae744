/// How much JSON the parser will read before refusing, so that no input can make it use
/// unbounded memory or recursion.
public struct JSONLimits: Sendable, Hashable {
    public var maxBytes: Int
    /// Arrays and objects nested deeper than this are refused; it also bounds the writer.
    public var maxDepth: Int
    /// The most elements one array, or members one object, may have.
    public var maxContainerCount: Int
    /// The most values (of any type, at any depth) one document may hold.
    public var maxValues: Int

    public init(maxBytes: Int = 8 << 20, maxDepth: Int = 64, maxContainerCount: Int = 10_000, maxValues: Int = 200_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxContainerCount = maxContainerCount
        self.maxValues = maxValues
    }

    /// 8 MiB, depth 64, 10,000 per container, 200,000 values.
    public static let standard = JSONLimits()

    /// What a store wrote itself: bounded only so that a corrupted column cannot make the
    /// parser run away.
    public static let stored = JSONLimits(maxBytes: 64 << 20, maxDepth: 64, maxContainerCount: 1_000_000, maxValues: 10_000_000)
}
