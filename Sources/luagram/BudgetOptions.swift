import ArgumentParser
import LuagramLua

/// The sandbox budgets, settable from the command line and the configuration file's
/// `budgets.…` keys; the defaults are `LuaBudgets()`'s.
struct BudgetOptions: ParsableArguments {
    @Option(help: "Memory each rule file may hold (each has a VM of its own), in MiB (default: \(LuaBudgets().memoryBytes >> 20)).")
    var memoryMib: Int?

    @Option(help: "CPU time one handler call may take, in milliseconds (default: \(LuaBudgets().handlerTime.milliseconds); wall-clock time is capped at 20 times that).")
    var handlerMs: Int?

    @Option(help: "CPU time one rule file's load phase may take, in milliseconds (default: \(LuaBudgets().loadTime.milliseconds)).")
    var loadMs: Int?

    @Option(help: "Matcher steps one string.find/match/gmatch/gsub call may take (default: \(LuaBudgets().patternSteps)).")
    var patternSteps: Int?

    /// The options over the environment over the file over the defaults.
    func budgets(config: ConfigSource) throws -> LuaBudgets {
        let defaults = LuaBudgets()
        var memory = defaults.memoryBytes >> 20
        var handler = defaults.handlerTime.milliseconds
        var load = defaults.loadTime.milliseconds
        var steps = defaults.patternSteps
        try config.apply("budgets.memory_mib", option: memoryMib, to: &memory, in: 1...65_536)
        try config.apply("budgets.handler_ms", option: handlerMs, to: &handler, in: 1...3_600_000)
        try config.apply("budgets.load_ms", option: loadMs, to: &load, in: 1...3_600_000)
        try config.apply("budgets.pattern_steps", option: patternSteps, to: &steps, in: 1...Int(Int32.max))
        return LuaBudgets(
            memoryBytes: memory << 20, handlerTime: .milliseconds(handler), loadTime: .milliseconds(load),
            patternSteps: steps)
    }

    func validate() throws {
        for value in [memoryMib, handlerMs, loadMs, patternSteps] {
            if let value, value < 1 { throw ValidationError("budgets must be positive") }
        }
    }
}
