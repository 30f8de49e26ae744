import ArgumentParser
import LuagramApp
import Foundation
import Logging
import LuagramRules
import LuagramSimulator

/// `luagram simulate`: the real pipeline on a virtual clock, one JSON line per decision.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run webhooks, agent sends and clock ticks through the real pipeline on a virtual clock.",
        discussion: """
            Input: JSON lines, or files each holding one JSON value, read in order (- is \
            standard input). A webhook body ("object": "instagram") is processed at its \
            items' timestamps; {"agent": {"contact": ID, "text": "…", "at": MS}} is a human \
            agent's send at that time (optional "name", "account"); {"tick": MS} moves the \
            clock to MS and lets due follow-ups go. Nothing reaches Meta: a recorder takes \
            the Send API calls.

            Output: one JSON line per decision with the keys event, kind, contact, rule, \
            origin, action, verdict, reason, messaging_type, tag and request (the Send API \
            body exactly as it would be posted; null when nothing is), plus at, phase \
            ("decided", or "due" for what the sender decided at the due time), account, \
            and until for a deferral. Rule errors and undecodable input go to standard error.
            """
    )

    @OptionGroup var config: ConfigOption

    @OptionGroup var rules: RulesFolderOption

    @Option(help: "The database: :memory: for one that is gone afterwards, a SQLite file, or a postgres:// URL.")
    var db = ":memory:"

    @OptionGroup var budgets: BudgetOptions

    @Argument(help: "Input files; - or none for standard input.")
    var inputs: [String] = []

    func run() async throws {
        var inputs: [SimulationInput] = []
        for file in self.inputs.isEmpty ? ["-"] : self.inputs {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
            do {
                inputs += try SimulationInput.parse(data)
            } catch {
                throw ValidationError("\(file): \(error)")
            }
        }
        var settings = try config.serveSettings(rules: rules, budgets: budgets)
        // the option's default, :memory:, wins over the configuration's database: a simulation
        // writes to a real one only when asked to
        settings.database = db
        let folder = settings.rulesFolder
        var logger = Logger(label: "luagram.simulate")
        logger.logLevel = .error
        let start = inputs.lazy.compactMap(\.time).first ?? Date()
        try await settings.withStore { store in
            let simulation = try Simulation(
                rules: folder, store: store, start: start, options: RuleOptions(budgets: settings.ruleOptions.budgets, logger: logger),
                logger: logger)
            for error in simulation.loadErrors { Self.standardError("rule not loaded: \(error)") }
            for input in inputs {
                let step = try await simulation.run(input)
                for line in step.decisions { print(line.jsonLine) }
                for failure in step.ruleFailures { Self.standardError("rule failed: \(failure)") }
                for rejection in step.rejected { Self.standardError("not processed: \(rejection)") }
            }
        }
    }

    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
