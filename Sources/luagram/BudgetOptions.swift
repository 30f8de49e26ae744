import ArgumentParser
import LuagramLua

/// The sandbox budgets, settable from the command line; the defaults are `LuaBudgets()`'s.
struct BudgetOptions: ParsableArguments {
    @Option(help: "Memory each rule file may hold (each has a VM of its own), in MiB.")
    var memoryMib: Int = LuaBudgets().memoryBytes >> 20

    @Option(help: "CPU time one handler call may take, in milliseconds (wall-clock time is capped at 20 times that).")
    var handlerMs: Int = LuaBudgets().handlerTime.milliseconds

    @Option(help: "CPU time one rule file's load phase may take, in milliseconds.")
    var loadMs: Int = LuaBudgets().loadTime.milliseconds

    @Option(help: "Matcher steps one string.find/match/gmatch/gsub call may take.")
    var patternSteps: Int = LuaBudgets().patternSteps

    var budgets: LuaBudgets {
        LuaBudgets(
            memoryBytes: memoryMib << 20, handlerTime: .milliseconds(handlerMs), loadTime: .milliseconds(loadMs),
            patternSteps: patternSteps)
    }

    func validate() throws {
        guard memoryMib >= 1, handlerMs >= 1, loadMs >= 1, patternSteps >= 1 else {
            throw ValidationError("budgets must be positive")
        }
    }
}
