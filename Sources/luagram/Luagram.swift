import ArgumentParser
import LuagramEngine
import Logging

/// The `luagram` command: the one place where Luagram's parts are put together.
@main
struct Luagram: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs your Lua rules on Instagram messaging events, within Meta's rules.",
        subcommands: [
            ServeCommand.self, SimulateCommand.self, TestCommand.self, CheckCommand.self, InitCommand.self, LinkCommand.self,
            WidgetCommand.self, DecodeCommand.self, SendCommand.self, HistoryCommand.self, InboxCommand.self, SignCommand.self,
            AccountsCommand.self,
        ]
    )

    /// Every log line goes through `EscapingLogHandler` before any command runs: clients'
    /// text (agent names, webhook fields) must never break or forge a line.
    static func main() async {
        LoggingSystem.bootstrap { label in EscapingLogHandler(label: label) }
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
