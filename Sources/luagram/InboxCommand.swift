import ArgumentParser

/// `luagram inbox`: the webhook bodies the server could not process.
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox", abstract: "Inspect and retry quarantined webhook bodies.",
        discussion: """
            A body whose processing fails, or stops the server, --max-attempts times (3 by \
            default) is quarantined: kept with its error and not processed again, so it \
            cannot hold up the others or crash the server in a loop.
            """,
        subcommands: [InboxQuarantinedCommand.self, InboxRetryCommand.self])
}
