import ArgumentParser
import Foundation
import LuagramLinks

/// `luagram widget`: the HTML to paste into a website so visitors get a floating button
/// that opens a chat with the account.
struct WidgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "widget",
        abstract: "Print a website snippet: a floating button that opens an Instagram chat.",
        discussion: """
            Prints one <script> element to paste before </body>; it adds a link to the ig.me chat \
            in the bottom-right corner. With --server, prints a <script src> that loads the same \
            script from Luagram's server (GET /widget.js) instead, so the button can change \
            without editing the site.
            """
    )

    @Argument(help: "The Instagram username (a leading @ is dropped).")
    var username: String

    @Option(help: "The button's text.")
    var text: String = Widget.defaultText

    @Option(help: "Passed to the rules as the referral's ref (see luagram link --help).")
    var ref: String?

    @Option(help: ArgumentHelp("Load the script from this Luagram server (https://host[/prefix]).", valueName: "url"))
    var server: String?

    func validate() throws {
        _ = try widget()
        if let server { try Self.check(server: server) }
    }

    func run() throws {
        let widget = try widget()
        print(server.map(widget.loaderElement(serverURL:)) ?? widget.scriptElement, terminator: "")
    }

    private func widget() throws -> Widget {
        do {
            return try Widget(link: try ChatLink(username: username, ref: ref), text: text)
        } catch let error as ChatLinkError {
            throw ValidationError(error.description)
        } catch let error as WidgetError {
            throw ValidationError(error.description)
        }
    }

    static func check(server: String) throws {
        guard let url = URLComponents(string: server), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil
        else {
            throw ValidationError("--server \(server): give the server's address, like https://chat.example.com")
        }
    }
}
