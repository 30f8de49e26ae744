/// What Meta answered when a send failed, kept on the outbox row and the message.
public struct SendFailure: Sendable, Hashable {
    /// Meta's error `code`; nil when there was no answer (a timeout, a network error).
    public var code: Int?
    /// Meta's `error_subcode`, which tells apart errors sharing a code (10/2534022).
    public var subcode: Int?
    public var message: String

    public init(code: Int?, subcode: Int? = nil, message: String) {
        self.code = code
        self.subcode = subcode
        self.message = message
    }
}
