import Foundation

/// An Instagram account connected to Luagram with its token (sealed: the store never sees
/// it in clear), how it is connected, and how its token stands.
public struct ConnectedAccount: Sendable, Hashable {
    /// How the account is connected: Instagram Login (its own token, graph.instagram.com) or
    /// Facebook Login (the linked Page's token, graph.facebook.com).
    public enum Login: String, Sendable, Hashable, CaseIterable {
        case instagram
        case facebook
    }

    /// Whether the token is believed to work.
    public enum State: String, Sendable, Hashable, CaseIterable {
        case active
        /// Meta answered 190 (invalid, expired or revoked): a person must connect the account
        /// again with a new token.
        case needsReauth = "needs_reauth"
    }

    /// The Instagram professional account id (the `entry.id` of its webhooks).
    public var id: String
    public var login: Login
    /// The linked Page's id, with Facebook Login.
    public var page: String?
    public var username: String?
    /// The token, encrypted by the caller; opaque to the store.
    public var sealedToken: Data
    /// When the token was made (a refresh makes a new one), and when it stops working (nil:
    /// unknown or never, as a Page token may).
    public var issuedAt: Date
    public var expiresAt: Date?
    public var refreshedAt: Date?
    /// Permissions the login answer named (Instagram Login's tokens cannot be asked later).
    public var permissions: [String]
    public var state: State
    /// Why the state is what it is (Meta's error), never the token.
    public var stateReason: String?
    public var addedAt: Date

    public init(
        id: String, login: Login, page: String? = nil, username: String? = nil, sealedToken: Data, issuedAt: Date,
        expiresAt: Date? = nil, refreshedAt: Date? = nil, permissions: [String] = [], state: State = .active,
        stateReason: String? = nil, addedAt: Date
    ) {
        self.id = id
        self.login = login
        self.page = page
        self.username = username
        self.sealedToken = sealedToken
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.refreshedAt = refreshedAt
        self.permissions = permissions
        self.state = state
        self.stateReason = stateReason
        self.addedAt = addedAt
    }
}

/// Where connected accounts and their sealed tokens are kept: `luagram accounts` writes them,
/// the server reads them and its refresher replaces tokens before they expire.
public protocol AccountStore: Sendable {
    func connectedAccounts() async throws -> [ConnectedAccount]
    func connectedAccount(_ id: String) async throws -> ConnectedAccount?
    /// Adds the account, or replaces it (a new token for an account already connected).
    func saveConnectedAccount(_ account: ConnectedAccount) async throws
    /// A refreshed token: the account is active again with these dates.
    func replaceToken(of id: String, sealedToken: Data, issuedAt: Date, expiresAt: Date?, refreshedAt: Date) async throws
    func setState(of id: String, to state: ConnectedAccount.State, reason: String?) async throws
    /// Whether there was such an account.
    func removeConnectedAccount(_ id: String) async throws -> Bool
}
