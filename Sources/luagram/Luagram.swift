import ArgumentParser

/// The `luagram` command: the one place where Luagram's parts are put together.
@main
struct Luagram: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Runs your Lua rules on Instagram messaging events, within Meta's rules.",
        subcommands: [
            Serve.self, SimulateCommand.self, TestCommand.self, Check.self, InitCommand.self, LinkCommand.self, WidgetCommand.self,
            Decode.self, SendCommand.self, HistoryCommand.self, Sign.self,
        ]
    )
}
