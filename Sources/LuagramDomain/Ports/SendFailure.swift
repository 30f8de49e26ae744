/// What Meta answered when a send failed, kept on the outbox row and the message.
public struct SendFailure: Sendable, Hashable, CustomStringConvertible {
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

    /// `code/subcode: message`, as Meta's errors are quoted.
    public var description: String {
        switch (code, subcode) {
        case (let code?, let subcode?): "\(code)/\(subcode): \(message)"
        case (let code?, nil): "\(code): \(message)"
        default: message
        }
    }
}
