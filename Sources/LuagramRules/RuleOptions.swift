import LuagramDomain
import LuagramLua
import Logging

/// How rules are loaded and run: budgets, who decides on intents, where rule logs go.
public struct RuleOptions: Sendable {
    public var budgets: LuaBudgets
    public var decider: any IntentDecider
    /// Receives what rules log (`log.*` and `print`), as they log it.
    public var logger: Logger
    /// Rule files larger than this are refused (a rule is code, not data).
    public var maximumFileBytes: Int
    /// When a handler that keeps running out of its budget is suspended.
    public var overruns: OverrunPolicy

    public init(
        budgets: LuaBudgets = LuaBudgets(),
        decider: any IntentDecider = BasicIntentDecider(),
        logger: Logger = Logger(label: "luagram.rules"),
        maximumFileBytes: Int = 1 << 20,
        overruns: OverrunPolicy = OverrunPolicy()
    ) {
        self.budgets = budgets
        self.decider = decider
        self.logger = logger
        self.maximumFileBytes = maximumFileBytes
        self.overruns = overruns
    }
}
