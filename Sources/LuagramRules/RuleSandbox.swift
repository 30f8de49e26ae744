import Foundation
import LuagramLua

/// One rule file's VM, with the rule API bound to it.
final class RuleSandbox {
    let vm: LuaVM
    let api: RuleAPI

    init(options: RuleOptions, textCache: TextMatchCache, now: Date) throws(LuaError) {
        vm = try LuaVM(budgets: options.budgets)
        api = RuleAPI(options: options, textCache: textCache)
        api.install(on: vm)
        vm.now = now.timeIntervalSince1970
    }
}
