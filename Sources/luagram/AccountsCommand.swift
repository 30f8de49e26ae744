import ArgumentParser

/// `luagram accounts`: connect Instagram accounts, check them against Meta, subscribe the app
/// to their webhooks, and remove them.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "Connect Instagram accounts and check them against Meta.",
        discussion: """
            Tokens are stored in the database encrypted (AES-256-GCM) with the key in \
            LUAGRAM_TOKEN_KEY: 32 bytes as base64 or 64 hex digits (make one with \
            `openssl rand -base64 32`). Without the key, add refuses and serve refuses to start \
            while accounts are stored; tokens are never kept in clear. LUAGRAM_ACCESS_TOKENS \
            still works for quick starts and wins over a stored token for the same account.

            Exit codes: 0 ok; 1 check found problems; 2 account not found; 3 Graph \
            unreachable; 4 Meta refused the token or it belongs to another account; 64 usage \
            error; 78 LUAGRAM_TOKEN_KEY missing or unusable.
            """,
        subcommands: [
            AccountsAddCommand.self, AccountsListCommand.self, AccountsCheckCommand.self, AccountsSubscribeCommand.self,
            AccountsRemoveCommand.self,
        ])
}
