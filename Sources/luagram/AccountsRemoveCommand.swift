import ArgumentParser
import Foundation
import LuagramApp
import LuagramDomain
import LuagramGraph

/// `luagram accounts remove`: forgets an account and its token.
struct AccountsRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Forget a connected account and its token.",
        discussion: """
            With --unsubscribe the app is first unsubscribed from the account's webhooks \
            (DELETE /{node}/subscribed_apps). A running server keeps the token it loaded until \
            it restarts. Exits 2 when the account is not connected.
            """)

    @Argument(help: "The connected account.")
    var account: String

    @Flag(help: "Unsubscribe the app from the account's webhooks first (needs LUAGRAM_TOKEN_KEY).")
    var unsubscribe = false

    @OptionGroup var options: AccountsOptions

    func run() async throws {
        try await options.settings().withStore { store in
            let connected = try await options.account(account, in: store)
            if unsubscribe {
                let vault = try options.vault()
                do {
                    let token = try vault.open(connected.sealedToken, account: connected.id)
                    try await options.client(for: connected.login).unsubscribe(
                        node: AccountsOptions.subscriptionNode(connected), token: token)
                } catch let error as GraphError {
                    AccountsExit.fail(error, doing: "unsubscribing")
                } catch {
                    AccountsExit.fail(.configuration, "\(error)")
                }
            }
            _ = try await store.removeConnectedAccount(account)
            print("removed account \(account)")
        }
    }
}
