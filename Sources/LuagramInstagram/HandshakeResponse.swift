/// What to answer Meta's verification GET with.
public enum HandshakeResponse: Sendable, Hashable {
    /// HTTP 200, `Content-Type: text/plain`, the challenge as the whole body.
    case challenge(String)
    /// HTTP 403, empty body.
    case forbidden

    /// The HTTP status to answer with.
    public var status: Int {
        switch self {
        case .challenge: 200
        case .forbidden: 403
        }
    }

    /// The response body (plain text).
    public var body: String {
        switch self {
        case .challenge(let challenge): challenge
        case .forbidden: ""
        }
    }
}
