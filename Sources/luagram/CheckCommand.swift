import ArgumentParser
import LuagramApp
import Foundation
import LuagramDomain
import LuagramRules
import Logging

/// `luagram check`: loads a rules folder in the real sandbox and reports each file.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load a folder of rules in the sandbox and report each file.",
        discussion: """
            Prints one line per rule file: the handlers it registered, or path:line: message \
            when it does not load. Exits 1 when any file is broken.
            """
    )

    @OptionGroup var config: ConfigOption

    @OptionGroup var rules: RulesFolderOption

    @OptionGroup var budgets: BudgetOptions

    func run() throws {
        let settings = try config.serveSettings(rules: rules, budgets: budgets)
        let path = settings.rulesFolder
        var logger = Logger(label: "luagram.rules")
        logger.logLevel = .warning
        let ruleSet: RuleSet
        do {
            ruleSet = try RuleSet(folder: path, options: RuleOptions(budgets: settings.ruleOptions.budgets, logger: logger), now: Date())
        } catch {
            FileHandle.standardError.write(Data("luagram: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let loaded = Dictionary(uniqueKeysWithValues: ruleSet.files.map { ($0.name, $0) })
        let broken = Dictionary(grouping: ruleSet.errors, by: \.file)
        for name in Set(loaded.keys).union(broken.keys).sorted() {
            if let errors = broken[name] {
                for error in errors { print(error.described(relativeTo: path)) }
            } else if let file = loaded[name] {
                print("\(RuleLoadError.path(of: name, in: path)): \(Self.summary(file.handlers))")
            }
        }
        let handlers = ruleSet.files.reduce(0) { $0 + $1.handlers.count }
        let noun = handlers == 1 ? "handler" : "handlers"
        print("\(loaded.count + broken.count) rule files: \(loaded.count) loaded with \(handlers) \(noun), \(broken.count) broken")
        if !broken.isEmpty { throw ExitCode.failure }
    }

    /// "2 handlers (message, comment)" — the kinds in the order registered, each once.
    static func summary(_ handlers: [RuleHandler]) -> String {
        guard !handlers.isEmpty else { return "no handlers" }
        var kinds: [String] = []
        for handler in handlers where !kinds.contains(handler.kind.rawValue) { kinds.append(handler.kind.rawValue) }
        let noun = handlers.count == 1 ? "handler" : "handlers"
        return "\(handlers.count) \(noun) (\(kinds.joined(separator: ", ")))"
    }
}
