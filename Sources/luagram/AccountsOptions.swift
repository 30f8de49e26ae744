import ArgumentParser
import Foundation
import LuagramApp
import LuagramDomain
import LuagramGraph

/// What every `luagram accounts` command shares: the database and Meta's hosts (the same
/// option names as `serve`).
struct AccountsOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "The database: a SQLite file or a postgres:// URL (default: the configuration's, else luagram.db).")
    var db: String?

    @Option(help: "The Graph API base URL of accounts connected with Instagram Login (default: the configuration's).")
    var graphURL: String?

    @Option(help: "The Graph API base URL of accounts connected with Facebook Login (default: the configuration's).")
    var facebookGraphURL: String?

    @Option(help: "Seconds a Graph call may take (default: the configuration's, else 15).")
    var graphTimeout: Double?

    @OptionGroup var config: ConfigOption

    /// The settings serve would run with: the database, Meta's hosts and the token key come
    /// from the same file and environment; a bad file exits 78.
    func settings() -> ServeSettings {
        do {
            return try config.serveSettings(db: db)
        } catch {
            AccountsExit.fail(.configuration, "\(error)")
        }
    }

    func client(for login: ConnectedAccount.Login) -> GraphClient {
        let settings = settings()
        let base = login == .facebook ? facebookGraphURL ?? settings.facebookGraphURL : graphURL ?? settings.graphURL
        let timeout = graphTimeout ?? settings.graphTimeout
        return GraphClient(configuration: GraphConfiguration(baseURL: base, timeout: .milliseconds(Int(timeout * 1000))))
    }

    /// The vault of LUAGRAM_TOKEN_KEY (or the configuration's token_key_file), or exit 78
    /// saying how to make a key.
    func vault() throws -> TokenVault {
        do {
            guard let key = settings().tokenKey, !key.isEmpty else { throw TokenVaultError.missingKey }
            return try TokenVault(keyText: key)
        } catch {
            AccountsExit.fail(.configuration, "\(error)")
        }
    }

    /// The stored account, or exit 2.
    func account(_ id: String, in store: any DataStore) async throws -> ConnectedAccount {
        guard let account = try await store.connectedAccount(id) else {
            AccountsExit.fail(.notFound, "no connected account \(id) (see `luagram accounts list`)")
        }
        return account
    }

    /// The node whose subscription counts: `me` with Instagram Login, the Page with Facebook Login.
    static func subscriptionNode(_ account: ConnectedAccount) -> String {
        account.login == .facebook ? account.page ?? account.id : "me"
    }

    static func wantedFields(_ login: ConnectedAccount.Login) -> [String] {
        login == .facebook ? WebhookFields.facebookLogin : WebhookFields.instagramLogin
    }
}

/// The exit codes scripts may rely on (also in `luagram accounts --help`).
enum AccountsExit: Int32 {
    case problems = 1
    case notFound = 2
    case unreachable = 3
    case tokenRefused = 4
    case configuration = 78

    /// Prints `message` to standard error and ends the process with the code.
    static func fail(_ code: AccountsExit, _ message: String) -> Never {
        FileHandle.standardError.write(Data("luagram: \(message)\n".utf8))
        exit(code.rawValue)
    }

    /// A Graph failure as an exit: Meta refusing the token, or Meta not reached.
    static func fail(_ error: GraphError, doing what: String) -> Never {
        if error.errorClass == .reauthenticate {
            fail(.tokenRefused, "\(what): Meta refused the token (\(error)); log in again for a new token")
        }
        if unreachable(error) { fail(.unreachable, "\(what): Graph unreachable (\(error))") }
        fail(.problems, "\(what): \(error)")
    }

    static func unreachable(_ error: GraphError) -> Bool {
        [.timeout, .connection, .cancelled].contains(error.cause) || (error.cause == .http && (error.httpStatus ?? 0) >= 500)
    }
}
