import ArgumentParser
import LuagramApp
import Foundation
import Logging
import LuagramRules
import LuagramSimulator

/// `luagram test`: runs the rule tests of a folder against the real pipeline on a virtual clock.
struct TestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the rule tests (*_test.lua) of a rules folder.",
        discussion: """
            Each test runs the folder's rules as serve would load them, against the real \
            pipeline (a store in memory, the policy, the outbox, a recorder instead of Meta) \
            on a virtual clock that starts at 2026-01-05T10:00:00Z. Prints one line per test \
            (ok, or FAIL with the file:line of the failing assertion) and then \
            "N passed, N failed"; exits 1 when any test failed. The test API is in \
            docs/rule-api.md.
            """
    )

    @OptionGroup var config: ConfigOption

    @OptionGroup var rules: RulesFolderOption

    @OptionGroup var budgets: BudgetOptions

    func run() async throws {
        let settings = try config.serveSettings(rules: rules, budgets: budgets)
        let folder = settings.rulesFolder
        var logger = Logger(label: "luagram.test")
        // rule errors fail their test with the rule's file:line; the log would say it twice
        logger.logLevel = .critical
        let tests = RuleTests(folder: folder, options: RuleOptions(budgets: settings.ruleOptions.budgets, logger: logger))
        let results = try await tests.run { print($0.report) }
        let failed = results.filter { !$0.passed }.count
        print("\(results.count - failed) passed, \(failed) failed")
        if failed > 0 || results.isEmpty { throw ExitCode.failure }
    }
}
