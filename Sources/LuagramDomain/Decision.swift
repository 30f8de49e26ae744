import Foundation

/// The host's answer to one intent.
public enum Decision: Sendable, Hashable {
    /// Taken: it will be carried out (a message still passes the policy again at send time).
    case accepted
    /// Not taken, for a stable reason code.
    case refused(Refusal)

    public var isAccepted: Bool { self == .accepted }
}

/// Why an intent was refused: a stable code for programs and a sentence for people.
public struct Refusal: Sendable, Hashable, Error, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static let broadcastNotSupported = Refusal(
        code: "broadcast_not_supported",
        message: "Instagram has no broadcasts: messages can only answer a contact who wrote first")
}

/// Decides on intents as they are recorded, so a rule learns the outcome at once.
/// Pure: it gets the time and the event, and performs no I/O.
public protocol IntentDecider: Sendable {
    func decide(_ intent: Intent, for event: Event, at now: Date) -> Decision
}
