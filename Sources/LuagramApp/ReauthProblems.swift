import LuagramDomain

/// The lines /healthz shows for stored accounts whose token Meta refused.
enum ReauthProblems {
    static func describe(store: any DataStore) async -> [String] {
        guard let accounts = try? await store.connectedAccounts() else { return [] }
        return accounts.filter { $0.state == .needsReauth }.map { account in
            "account \(account.id) needs re-authorisation (\(account.stateReason ?? "token refused")): "
                + "log in again and run `luagram accounts add \(account.id)` with the new token"
        }
    }
}
