import ArgumentParser
import Foundation
import LuagramApp
import LuagramDomain
import LuagramGraph

/// `luagram accounts subscribe`: subscribes the app to the webhook fields Luagram handles,
/// for an account (Instagram Login) or its Page (Facebook Login).
struct AccountsSubscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribe", abstract: "Subscribe the app to the webhook fields Luagram handles for an account.",
        discussion: """
            Instagram Login: POST /me/subscribed_apps with \(WebhookFields.instagramLogin.joined(separator: ",")). \
            Facebook Login: POST /{page}/subscribed_apps with \(WebhookFields.facebookLogin.joined(separator: ",")) \
            (Instagram's comments and mentions come from the app's own Instagram subscription, \
            set in the App Dashboard). Exit codes as in `luagram accounts --help`.
            """)

    @Argument(help: "The connected account.")
    var account: String

    @OptionGroup var options: AccountsOptions

    func run() async throws {
        let vault = try options.vault()
        try await options.settings().withStore { store in
            let connected = try await options.account(account, in: store)
            let token: GraphAccessToken
            do {
                token = try vault.open(connected.sealedToken, account: connected.id)
            } catch {
                AccountsExit.fail(.configuration, "\(error)")
            }
            let fields = AccountsOptions.wantedFields(connected.login)
            do {
                try await options.client(for: connected.login).subscribe(
                    node: AccountsOptions.subscriptionNode(connected), fields: fields, token: token)
            } catch let error as GraphError {
                AccountsExit.fail(error, doing: "subscribing")
            }
            print("subscribed account \(account) to: \(fields.joined(separator: ", "))")
        }
    }
}
