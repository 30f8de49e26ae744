import Foundation

/// A quarantined inbox body as operators see it: everything but the body's bytes, which
/// are the contact's messages and stay out of listings and logs.
public struct QuarantinedBody: Sendable, Hashable {
    public var id: InboxID
    public var receivedAt: Date
    /// How many times it was claimed before it was quarantined.
    public var attempts: Int
    /// Why: the last attempt's error, or that the process stopped while processing it.
    public var error: String
    public var quarantinedAt: Date?
    /// The size of the body.
    public var bytes: Int

    public init(id: InboxID, receivedAt: Date, attempts: Int, error: String, quarantinedAt: Date?, bytes: Int) {
        self.id = id
        self.receivedAt = receivedAt
        self.attempts = attempts
        self.error = error
        self.quarantinedAt = quarantinedAt
        self.bytes = bytes
    }

    /// The error kept for a body whose every attempt ended without an error of its own: the
    /// process died (or hung past its lease) while processing it.
    public static func stoppedError(attempts: Int) -> String {
        "the process stopped while processing it (\(attempts) attempts)"
    }

    /// The error kept for a body whose last attempt failed with `error`.
    public static func failedError(attempts: Int, last error: String) -> String {
        "processing failed \(attempts) times; last: \(error)"
    }
}
