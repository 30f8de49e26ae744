import Foundation
import LuagramDomain
import LuagramGraph
import Synchronization

/// The tokens the Graph clients use: those of `LUAGRAM_ACCESS_TOKENS` and those of the
/// accounts `luagram accounts add` stored, opened once at start and replaced in memory when
/// the refresher renews one. The environment wins over the store for an account named in
/// both: it is what a person set for this run.
public final class AccountTokens: GraphTokenProvider {
    private let environment: AccessTokenList
    private let stored: Mutex<[String: GraphAccessToken]>
    /// How each account is connected (Instagram Login when absent).
    public let logins: [String: GraphLogin]

    /// - Throws: `TokenVaultError.missingKey` when accounts are stored and there is no vault;
    ///   `.cannotOpen` when the vault's key is not the one they were sealed with.
    public init(environment: AccessTokenList, stored accounts: [ConnectedAccount], vault: TokenVault?) throws(TokenVaultError) {
        self.environment = environment
        var tokens: [String: GraphAccessToken] = [:]
        var logins: [String: GraphLogin] = [:]
        if !accounts.isEmpty, vault == nil { throw .missingKey }
        for account in accounts {
            guard let vault else { break }
            tokens[account.id] = try vault.open(account.sealedToken, account: account.id)
            if account.login == .facebook, let page = account.page { logins[account.id] = .facebook(page: page) }
        }
        stored = Mutex(tokens)
        self.logins = logins.merging(environment.logins) { _, fromEnvironment in fromEnvironment }
    }

    public func token(for account: String) async throws -> GraphAccessToken? {
        environment.tokens[account] ?? stored.withLock { $0[account] }
    }

    /// Whether any account has a token (none: a dry run).
    public var isEmpty: Bool { environment.tokens.isEmpty && stored.withLock { $0.isEmpty } }

    /// A stored account's token, renewed.
    func replace(_ token: GraphAccessToken, of account: String) {
        stored.withLock { $0[account] = token }
    }

    /// Whether the environment names the account (its token is not the store's to renew).
    func fromEnvironment(_ account: String) -> Bool { environment.tokens[account] != nil }
}
