/// Where the client finds an account's token when the caller does not pass one: tokens are
/// refreshed (long-lived Instagram tokens last 60 days) and stored outside the sender.
public protocol GraphTokenProvider: Sendable {
    /// The token for `account` (the id the request is sent as), or nil when there is none.
    func token(for account: String) async throws -> GraphAccessToken?
}

/// Tokens known up front, by account id: for the command line, demos and tests.
public struct StaticGraphTokens: GraphTokenProvider {
    private let tokens: [String: GraphAccessToken]

    public init(_ tokens: [String: GraphAccessToken]) {
        self.tokens = tokens
    }

    public func token(for account: String) async throws -> GraphAccessToken? {
        tokens[account]
    }
}
