import ArgumentParser
import Foundation
import LuagramApp
import LuagramDomain
import LuagramGraph

/// `luagram accounts check`: asks Meta whether each account is ready, one line per check.
struct AccountsCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check accounts against Meta: the token works, whose it is, its permissions, the webhook fields.",
        discussion: """
            One line per check: `ok`, `MISSING` (with what to do) or `unknown`. Exits 1 when \
            anything is MISSING, 2 for an account not connected, 3 when Meta cannot be \
            reached, 78 without a usable LUAGRAM_TOKEN_KEY.
            """)

    @Argument(help: "The accounts to check; all connected accounts when none is given.")
    var accounts: [String] = []

    @OptionGroup var options: AccountsOptions

    func run() async throws {
        let vault = try options.vault()
        try await options.settings().withStore { store in
            var chosen: [ConnectedAccount] = []
            for id in accounts { chosen.append(try await options.account(id, in: store)) }
            if accounts.isEmpty { chosen = try await store.connectedAccounts() }
            if chosen.isEmpty { AccountsExit.fail(.notFound, "no connected accounts (add one with `luagram accounts add`)") }
            var problems = false
            for account in chosen {
                let lines = try await check(account, token: try open(account, vault: vault))
                print("account \(account.id) (\(account.login.rawValue) login)")
                for line in lines { print("  " + line.text) }
                problems = problems || lines.contains { $0.missing }
            }
            if problems { throw ExitCode(AccountsExit.problems.rawValue) }
        }
    }

    private func open(_ account: ConnectedAccount, vault: TokenVault) throws -> GraphAccessToken {
        do {
            return try vault.open(account.sealedToken, account: account.id)
        } catch {
            AccountsExit.fail(.configuration, "account \(account.id): \(error)")
        }
    }

    struct Line {
        var missing: Bool
        var text: String
        static func ok(_ text: String) -> Line { Line(missing: false, text: "ok       " + text) }
        static func missing(_ text: String) -> Line { Line(missing: true, text: "MISSING  " + text) }
        static func unknown(_ text: String) -> Line { Line(missing: false, text: "unknown  " + text) }
    }

    private func check(_ account: ConnectedAccount, token: GraphAccessToken) async throws -> [Line] {
        let client = options.client(for: account.login)
        let reauth = "log in again for a new token and run `luagram accounts add \(account.id)` with it"
        var lines: [Line] = []
        if account.state == .needsReauth {
            lines.append(.missing("re-authorise: Meta refused the token (\(account.stateReason ?? "190")): \(reauth)"))
        }
        // whose token it is
        do {
            switch account.login {
            case .instagram:
                let identity = try await client.instagramIdentity(token: token)
                guard identity.account == account.id else {
                    return lines + [.missing("token belongs to account \(identity.account ?? "unknown"), not \(account.id): \(reauth)")]
                }
                lines.append(.ok("token works: account \(account.id)" + (identity.username.map { " (@\($0))" } ?? "")))
            case .facebook:
                let linked = try await client.linkedInstagramAccount(page: account.page ?? "", token: token)
                guard linked == account.id else {
                    return lines + [.missing("page \(account.page ?? "") is linked to \(linked ?? "no account"), not \(account.id)")]
                }
                lines.append(.ok("token works: page \(account.page ?? "") is linked to account \(account.id)"))
            }
        } catch {
            if AccountsExit.unreachable(error) { AccountsExit.fail(error, doing: "account \(account.id)") }
            if error.errorClass == .reauthenticate, account.state != .needsReauth {
                return lines + [.missing("re-authorise: Meta refused the token (\(error.code ?? 0)): \(reauth)")]
            }
            return lines + [.missing("token: \(error)")]
        }
        lines.append(contentsOf: await permissions(of: account, token: token, client: client))
        lines.append(await subscription(of: account, token: token, client: client))
        if let expiry = account.expiresAt {
            let days = Int(expiry.timeIntervalSinceNow / 86400)
            lines.append(
                expiry <= Date() ? .missing("token expired: \(reauth)") : .ok("token expires in \(days) days (serve refreshes it)"))
        }
        return lines
    }

    private func permissions(of account: ConnectedAccount, token: GraphAccessToken, client: GraphClient) async -> [Line] {
        let needed: [String]
        let granted: [String]
        switch account.login {
        case .instagram:
            needed = WebhookFields.instagramLoginPermissions
            // Meta lists them only in the login answer: what `add --permissions` recorded
            guard !account.permissions.isEmpty else {
                return [.unknown("permissions: Instagram Login tokens do not list them; add again with --permissions from the login answer")]
            }
            granted = account.permissions
        case .facebook:
            needed = WebhookFields.facebookLoginPermissions
            do {
                granted = try await client.tokenScopes(token: token)
            } catch {
                return [.unknown("permissions: \(error)")]
            }
        }
        let missing = needed.filter { !granted.contains($0) }
        if missing.isEmpty { return [.ok("permissions: \(needed.joined(separator: ", "))")] }
        return [.missing("permissions \(missing.joined(separator: ", ")): grant them in the login and add the new token")]
    }

    private func subscription(of account: ConnectedAccount, token: GraphAccessToken, client: GraphClient) async -> Line {
        let wanted = AccountsOptions.wantedFields(account.login)
        do {
            let fields = try await client.subscribedFields(node: AccountsOptions.subscriptionNode(account), token: token) ?? []
            let missing = wanted.filter { !fields.contains($0) }
            if missing.isEmpty { return .ok("webhook fields: \(wanted.joined(separator: ", "))") }
            return .missing("webhook fields \(missing.joined(separator: ", ")): run `luagram accounts subscribe \(account.id)`")
        } catch {
            return .unknown("webhook fields: \(error)")
        }
    }
}
