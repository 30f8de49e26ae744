import ArgumentParser
import Foundation
import LuagramApp
import Logging

/// `--config FILE`, the same in every command that reads the settings `serve` runs with
/// (serve, check, test, simulate, inbox, history, send): the YAML configuration file, with
/// `LUAGRAM_…` environment variables over it and the command's own options over both.
struct ConfigOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The configuration file (YAML; `luagram init` writes a commented example). Options override the LUAGRAM_… environment, which overrides the file.",
            valueName: "file"))
    var config: String?

    /// The file (if any) and the process's environment.
    func source(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConfigSource {
        try ConfigSource(path: config, environment: environment)
    }

    /// The settings `serve` would run with, for a command that needs only some of them (the
    /// database, the rules folder, the budgets), its own options over them; no secret is
    /// required, and the whole file is still checked.
    func serveSettings(db: String? = nil, rules: RulesFolderOption? = nil, budgets: BudgetOptions? = nil) throws
        -> ServeSettings
    {
        var serve = try ServeCommand.parse([])
        serve.db = db
        if let rules { serve.rules = rules }
        if let budgets { serve.budgets = budgets }
        var quiet = Logger(label: "luagram")
        quiet.logLevel = .error
        return try serve.settings(config: source(), requireSecret: false, logger: quiet)
    }
}
