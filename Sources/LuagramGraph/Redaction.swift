import Foundation

/// Keeps a token out of text that is not ours (Meta's messages, NIO's error descriptions)
/// before it becomes part of an error or a log line.
enum Redaction {
    static func redact(_ text: String, token: GraphAccessToken) -> String {
        guard !token.secret.isEmpty else { return text }
        return text.replacingOccurrences(of: token.secret, with: "[redacted]")
    }
}
