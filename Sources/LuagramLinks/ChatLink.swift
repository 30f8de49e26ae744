import CQREncode

/// An ig.me link that opens a chat with an Instagram account (placeholder, being written).
public struct ChatLink: Sendable {}
