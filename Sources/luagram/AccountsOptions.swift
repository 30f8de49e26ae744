import ArgumentParser
import Foundation
import LuagramApp
import LuagramDomain
import LuagramGraph
import LuagramStore

/// What every `luagram accounts` command shares: the database and Meta's hosts (the same
/// option names as `serve`).
struct AccountsOptions: ParsableArguments {
    @Option(help: "The SQLite database file.")
    var db = "luagram.db"

    @Option(help: "The Graph API base URL of accounts connected with Instagram Login.")
    var graphURL = GraphConfiguration.instagramLogin.baseURL

    @Option(help: "The Graph API base URL of accounts connected with Facebook Login.")
    var facebookGraphURL = GraphConfiguration.facebookLogin.baseURL

    @Option(help: "Seconds a Graph call may take.")
    var graphTimeout: Double = 15

    func client(for login: ConnectedAccount.Login) -> GraphClient {
        let base = login == .facebook ? facebookGraphURL : graphURL
        return GraphClient(configuration: GraphConfiguration(baseURL: base, timeout: .milliseconds(Int(graphTimeout * 1000))))
    }

    func openStore() throws -> SQLiteStore { try SQLiteStore(path: db) }

    /// The vault of LUAGRAM_TOKEN_KEY, or exit 78 saying how to make a key.
    func vault() throws -> TokenVault {
        do {
            guard let vault = try TokenVault.fromEnvironment() else { throw TokenVaultError.missingKey }
            return vault
        } catch {
            AccountsExit.fail(.configuration, "\(error)")
        }
    }

    /// The stored account, or exit 2.
    func account(_ id: String, in store: SQLiteStore) async throws -> ConnectedAccount {
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
