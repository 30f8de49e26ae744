import Foundation
import LuagramGraph

/// `LUAGRAM_ACCESS_TOKENS`: comma-separated `ACCOUNT=TOKEN` pairs for accounts connected with
/// Instagram Login, and `ACCOUNT@PAGE=TOKEN` for accounts connected with Facebook Login,
/// whose calls go through their linked Page with the Page's token.
public struct AccessTokenList: Sendable {
    public var tokens: [String: GraphAccessToken] = [:]
    public var logins: [String: GraphLogin] = [:]

    public init(_ text: String) {
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { continue }
            let names = parts[0].split(separator: "@", maxSplits: 1).map(String.init)
            guard let account = names.first, !account.isEmpty else { continue }
            tokens[account] = GraphAccessToken(parts[1])
            if names.count == 2, !names[1].isEmpty { logins[account] = .facebook(page: names[1]) }
        }
    }
}
