import Foundation

/// A webhook body as the engine needs it: the events it holds, and the items that could
/// not be decoded (kept as text for the log).
public struct DecodedBody: Sendable {
    public var events: [Event]
    public var itemErrors: [String]

    public init(events: [Event], itemErrors: [String] = []) {
        self.events = events
        self.itemErrors = itemErrors
    }
}
