/// One item of a webhook body that could not be decoded (or decoded only in part), with where
/// it sits in the body, so it can be logged and the items beside it still handled.
public struct WebhookItemError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the body, as a JSON path: `entry[0].messaging[2].message.attachments[1]`.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
