import Foundation
import LuagramDomain

/// Answers Meta's GET verification request when the webhook is configured:
/// `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` → the challenge as plain text when
/// the token is ours, 403 otherwise. Pure, so the server only maps the answer to HTTP.
public struct WebhookHandshake: Sendable, CustomStringConvertible {
    private let verifyToken: String

    public init(verifyToken: String) {
        self.verifyToken = verifyToken
    }

    /// Never the token.
    public var description: String { "WebhookHandshake(verifyToken: ***)" }

    /// Answers from the decoded query parameters. PHP-style names (`hub_mode`) are accepted as
    /// well, because proxies written in PHP forward them that way.
    public func respond(to query: [String: String]) -> HandshakeResponse {
        func parameter(_ name: String) -> String? { query["hub.\(name)"] ?? query["hub_\(name)"] }
        guard !verifyToken.isEmpty,
            parameter("mode") == "subscribe",
            let token = parameter("verify_token"),
            SecretComparison.matches(Array(token.utf8), Array(verifyToken.utf8)),
            let challenge = parameter("challenge"),
            Self.isPlainChallenge(challenge)
        else { return .forbidden }
        return .challenge(challenge)
    }

    /// Answers from the raw query string of the request (`a=b&c=d`, percent-encoded).
    public func respond(toQueryString queryString: String) -> HandshakeResponse {
        guard let parsed = try? QueryString(queryString) else { return .forbidden }
        var query: [String: String] = [:]
        for (name, value) in parsed.items where query[name] == nil {
            query[name] = value
        }
        return respond(to: query)
    }

    /// Meta's challenge is a number; anything we echo is limited to short printable ASCII so
    /// the endpoint cannot be used to reflect arbitrary content.
    private static func isPlainChallenge(_ challenge: String) -> Bool {
        !challenge.isEmpty && challenge.utf8.count <= 256 && challenge.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
