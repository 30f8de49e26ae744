/// What the webhook endpoints need to know: the secrets that sign Meta's requests, the
/// token of the verification handshake, and how large a body may be.
public struct WebhookServerConfiguration: Sendable, CustomStringConvertible {
    /// App secrets whose signatures are accepted (two while one is being rotated).
    public var appSecrets: [String]
    public var verifyToken: String
    /// Larger bodies are refused with 413 before anything is stored.
    public var maximumBodyBytes: Int

    public init(appSecrets: [String], verifyToken: String, maximumBodyBytes: Int = 8 << 20) {
        self.appSecrets = appSecrets
        self.verifyToken = verifyToken
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Never shows the secrets or the token.
    public var description: String {
        "WebhookServerConfiguration(\(appSecrets.count) app secrets, verify token set: \(!verifyToken.isEmpty), maximum body \(maximumBodyBytes) bytes)"
    }
}
