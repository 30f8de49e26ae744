import ArgumentParser
import Foundation
import LuagramInstagram

/// `luagram sign FILE`: the X-Hub-Signature-256 value Meta would send with this body, for
/// posting example webhooks to a local server.
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Print the X-Hub-Signature-256 header value for a webhook body.",
        discussion: "The secret is LUAGRAM_APP_SECRET, else the development secret that `serve --dev` accepts."
    )

    @Argument(help: "The body file (- for standard input).")
    var file: String

    func run() throws {
        let body = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        let secret = ProcessInfo.processInfo.environment["LUAGRAM_APP_SECRET"]?.split(separator: ",").first.map(String.init)
            ?? ServeCommand.developmentSecret
        print(WebhookSignature.header(for: body, secret: secret))
    }
}
