/// How the work of several nodes on one database is split, so that what must happen in
/// order happens on one node at a time:
/// - processing by partition of (account, contact): one contact's events are handled by the
///   node that owns its partition, in order;
/// - sending by slot of account: one node sends for an account, so Meta's per-account
///   limits hold for the cluster.
///
/// Slots come from FNV-1a, not Swift's `Hasher`, which is seeded per process: every node
/// and every restart must put a contact in the same partition.
public enum ClusterSlots {
    /// Processing partitions: several per node of a large cluster, so work spreads evenly.
    public static let partitions = 64
    /// Sending slots.
    public static let sendSlots = 32

    /// The processing partition of a contact of an account.
    public static func partition(account: String, contact: String) -> Int {
        Int(fnv1a(account + "\u{0}" + contact) % UInt64(partitions))
    }

    /// The sending slot of an account.
    public static func sendSlot(account: String) -> Int {
        Int(fnv1a(account) % UInt64(sendSlots))
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }
}
