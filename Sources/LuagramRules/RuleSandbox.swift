import Foundation
import LuagramLua

/// One rule file's VM, with the rule API bound to it.
final class RuleSandbox {
    let vm: LuaVM
    let api: RuleAPI

    init(options: RuleOptions, now: Date) throws(LuaError) {
        vm = try LuaVM(budgets: options.budgets)
        api = RuleAPI(options: options)
        api.install(on: vm)
        vm.now = now.timeIntervalSince1970
    }
}

/// The event as one VM's handlers see it: the frozen event table, its contact, and the raw
/// tags sequence behind the frozen `ev.contact.tags` (rewritten on tag and untag).
struct EventTables {
    let event: LuaRef
    let contact: LuaRef
    let tags: LuaRef
}
