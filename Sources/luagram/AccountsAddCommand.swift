import ArgumentParser
import Foundation
import LuagramApp
import LuagramDomain
import LuagramGraph

/// `luagram accounts add`: checks a token with Meta and stores it sealed.
struct AccountsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Connect an account with its token (or give a connected one a new token).",
        discussion: """
            The token is read from --token-file, else from the environment variable \
            LUAGRAM_NEW_TOKEN, else from standard input: never from the command line, where \
            shell history and ps would show it. Instagram Login (default): the account's \
            long-lived Instagram user token. Facebook Login: --page and the Page's token. Meta is \
            asked whom the token belongs to; it must be ACCOUNT. Exit codes as in \
            `luagram accounts --help`.
            """)

    @Argument(help: "The Instagram professional account id (the id webhooks name as entry.id).")
    var account: String

    @Option(help: "Facebook Login: the id of the Facebook Page linked to the account.")
    var page: String?

    @Option(help: "A file holding the token (else LUAGRAM_NEW_TOKEN, else standard input).")
    var tokenFile: String?

    @Option(help: "Seconds until the token expires, as Meta's login answer said (expires_in); Instagram Login's default is 60 days.")
    var expiresIn: Double?

    @Option(help: "Instagram Login: the permissions Meta's login answer listed (comma-separated), for `check` to compare.")
    var permissions: String?

    @OptionGroup var options: AccountsOptions

    func run() async throws {
        let vault = try options.vault()
        let token = try readToken()
        let login: ConnectedAccount.Login = page == nil ? .instagram : .facebook
        let client = options.client(for: login)
        var username: String?
        do {
            switch login {
            case .instagram:
                let identity = try await client.instagramIdentity(token: token)
                guard identity.account == account else {
                    AccountsExit.fail(.tokenRefused, "the token belongs to account \(identity.account ?? "unknown"), not \(account)")
                }
                username = identity.username
            case .facebook:
                let linked = try await client.linkedInstagramAccount(page: page ?? "", token: token)
                guard linked == account else {
                    AccountsExit.fail(.tokenRefused, "page \(page ?? "") is linked to account \(linked ?? "none"), not \(account)")
                }
            }
        } catch {
            AccountsExit.fail(error, doing: "checking the token")
        }
        let now = Date()
        let expiry = expiresIn.map { now.addingTimeInterval($0) }
            ?? (login == .instagram ? now.addingTimeInterval(TokenRefresher.defaultLifetime) : nil)
        let granted = (permissions ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        try await options.settings().withStore { store in
            let previous = try await store.connectedAccount(account)
            try await store.saveConnectedAccount(
                ConnectedAccount(
                    id: account, login: login, page: page, username: username, sealedToken: try vault.seal(token, account: account),
                    issuedAt: now, expiresAt: expiry, permissions: granted.isEmpty ? previous?.permissions ?? [] : granted,
                    addedAt: previous?.addedAt ?? now))
            let who = username.map { " (@\($0))" } ?? ""
            print("\(previous == nil ? "added" : "updated") account \(account)\(who), \(login.rawValue) login" + (page.map { ", page \($0)" } ?? ""))
            print("next: luagram accounts subscribe \(account), then luagram accounts check \(account)")
        }
    }

    private func readToken() throws -> GraphAccessToken {
        let text: String
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw ValidationError("cannot read the token file \(tokenFile)")
            }
            text = String(decoding: data, as: UTF8.self)
        } else if let fromEnvironment = ProcessInfo.processInfo.environment["LUAGRAM_NEW_TOKEN"], !fromEnvironment.isEmpty {
            text = fromEnvironment
        } else {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, !token.contains(where: \.isWhitespace) else {
            throw ValidationError("no token: give --token-file, LUAGRAM_NEW_TOKEN or the token on standard input (one line)")
        }
        return GraphAccessToken(token)
    }
}
