import Foundation
import Logging
import LuagramDomain
import LuagramEngine
import LuagramGraph
import ServiceLifecycle
import Synchronization

/// Renews stored Instagram Login tokens before they expire, off the webhook path: a service
/// that wakes every `interval`, refreshes each long-lived token at least 24 hours old that
/// expires within `refreshBefore` (Meta refuses younger ones,
/// https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token),
/// stores the new token sealed and hands it to the clients. A failure keeps the old token
/// and is tried again after a growing wait; a 190 marks the account as needing a person.
/// Page tokens (Facebook Login) and tokens from `LUAGRAM_ACCESS_TOKENS` are not refreshed.
public final class TokenRefresher: Service, Sendable {
    /// What one account's turn came to.
    public enum Outcome: Sendable, Hashable {
        case refreshed(account: String)
        case needsReauth(account: String)
        case failed(account: String)
    }

    public static let minimumAge: TimeInterval = 24 * 3600
    /// Meta's long-lived Instagram tokens last 60 days; an answer without `expires_in` gets that.
    public static let defaultLifetime: TimeInterval = 60 * 86400

    let store: any AccountStore
    let vault: TokenVault
    let client: GraphClient
    let tokens: AccountTokens
    let sender: OutboxSender?
    let clock: any Clock
    let interval: TimeInterval
    let refreshBefore: TimeInterval
    let logger: Logger
    /// Account → (failures in a row, no try before).
    private let backoff = Mutex<[String: (failures: Int, notBefore: Date)]>([:])

    init(
        store: any AccountStore, vault: TokenVault, client: GraphClient, tokens: AccountTokens, sender: OutboxSender?,
        clock: any Clock, interval: TimeInterval, refreshBefore: TimeInterval, logger: Logger
    ) {
        self.store = store
        self.vault = vault
        self.client = client
        self.tokens = tokens
        self.sender = sender
        self.clock = clock
        self.interval = interval
        self.refreshBefore = refreshBefore
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = await self.refreshDue()
                try? await Task.sleep(for: .seconds(self.interval))
            }
        }
    }

    /// One round: records the accounts the sender paused for their token, then refreshes
    /// those due. Never throws: a store or Graph failure waits for the next round.
    @discardableResult
    public func refreshDue() async -> [Outcome] {
        let now = clock.now
        await recordSenderPauses()
        guard let accounts = try? await store.connectedAccounts() else {
            logger.warning("token refresh: the accounts could not be read")
            return []
        }
        var outcomes: [Outcome] = []
        for account in accounts where isDue(account, at: now) {
            outcomes.append(await refresh(account, at: now))
        }
        return outcomes
    }

    func isDue(_ account: ConnectedAccount, at now: Date) -> Bool {
        guard account.login == .instagram, account.state == .active, !tokens.fromEnvironment(account.id) else { return false }
        if let wait = backoff.withLock({ $0[account.id] }), now < wait.notBefore { return false }
        let expiry = account.expiresAt ?? account.issuedAt.addingTimeInterval(Self.defaultLifetime)
        return now.timeIntervalSince(account.issuedAt) >= Self.minimumAge && expiry.timeIntervalSince(now) <= refreshBefore
    }

    private func refresh(_ account: ConnectedAccount, at now: Date) async -> Outcome {
        let metadata: Logger.Metadata = ["account": "\(account.id)"]
        do {
            let old = try vault.open(account.sealedToken, account: account.id)
            let fresh = try await client.refreshAccessToken(old)
            let sealed = try vault.seal(fresh.token, account: account.id)
            try await store.replaceToken(
                of: account.id, sealedToken: sealed, issuedAt: now,
                expiresAt: now.addingTimeInterval(fresh.expiresIn ?? Self.defaultLifetime), refreshedAt: now)
            tokens.replace(fresh.token, of: account.id)
            _ = backoff.withLock { $0.removeValue(forKey: account.id) }
            logger.info("token refreshed", metadata: metadata)
            return .refreshed(account: account.id)
        } catch let error as GraphError where error.errorClass == .reauthenticate {
            try? await store.setState(of: account.id, to: .needsReauth, reason: Self.reason(error))
            logger.error("token refused by Meta: the account needs re-authorisation", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            return .needsReauth(account: account.id)
        } catch {
            let failures = (backoff.withLock { $0[account.id]?.failures } ?? 0) + 1
            // 5 minutes, doubling, at most the round's interval or 6 hours
            let wait = min(300 * pow(2, Double(failures - 1)), max(interval, 6 * 3600))
            backoff.withLock { $0[account.id] = (failures, now.addingTimeInterval(wait)) }
            logger.warning(
                "token refresh failed; the old token is kept",
                metadata: metadata.merging(["error": "\(error)", "retry_in_seconds": "\(Int(wait))"]) { $1 })
            return .failed(account: account.id)
        }
    }

    /// A stored account whose sends Meta refused for the token: recorded, so that
    /// `accounts check`, /healthz and the metric say so across a restart.
    private func recordSenderPauses() async {
        guard let sender else { return }
        for pause in await sender.pausedAccounts(at: clock.now) where pause.reason == .reauthenticate {
            guard let account = try? await store.connectedAccount(pause.account), account.state == .active else { continue }
            let codes = [pause.failure.code, pause.failure.subcode].compactMap { $0.map(String.init) }.joined(separator: "/")
            try? await store.setState(of: account.id, to: .needsReauth, reason: "Meta \(codes): \(pause.failure.message)")
        }
    }

    static func reason(_ error: GraphError) -> String {
        let codes = [error.code, error.subcode].compactMap { $0.map(String.init) }.joined(separator: "/")
        return "Meta \(codes): \(error.message)"
    }
}
