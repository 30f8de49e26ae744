import ArgumentParser
import Foundation
import LuagramDomain

/// `luagram accounts list`: the connected accounts and how their tokens stand (no key needed:
/// nothing is opened).
struct AccountsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List connected accounts: login, token age and expiry, state.",
        discussion: "One line per account, tab-separated: account, login, page, username, state, token age, expiry.")

    @OptionGroup var options: AccountsOptions

    func run() async throws {
        try await options.settings().withStore { store in
            let accounts = try await store.connectedAccounts()
            if accounts.isEmpty {
                print("no connected accounts (add one with `luagram accounts add`)")
                return
            }
            let now = Date()
            print(["ACCOUNT", "LOGIN", "PAGE", "USERNAME", "STATE", "TOKEN AGE", "EXPIRES"].joined(separator: "\t"))
            for account in accounts {
                let expires = account.expiresAt.map { $0 <= now ? "expired" : "in " + Self.duration($0.timeIntervalSince(now)) } ?? "never"
                print(
                    [
                        account.id, account.login.rawValue, account.page ?? "-", account.username ?? "-", account.state.rawValue,
                        Self.duration(now.timeIntervalSince(account.issuedAt)), expires,
                    ].joined(separator: "\t"))
            }
        }
    }

    /// Days, or hours under two days.
    static func duration(_ seconds: TimeInterval) -> String {
        let hours = Int(max(0, seconds) / 3600)
        return hours < 48 ? "\(hours)h" : "\(hours / 24)d"
    }
}
