/// A bearer token for one account's Graph calls. Its descriptions are redacted, so a token
/// that ends up in a log line, an interpolated string or a `dump` shows nothing.
public struct GraphAccessToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The secret itself; read it only to put it into an `Authorization` header.
    public let secret: String

    public init(_ secret: String) {
        self.secret = secret
    }

    public var description: String { "GraphAccessToken(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
