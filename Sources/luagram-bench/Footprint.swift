import Foundation
import LuagramDomain
import LuagramRules

#if canImport(Glibc)
    import Glibc
#endif

/// `luagram-bench footprint <rules-dir> [vms]`: what one worker's VM costs with a rules folder
/// loaded. Loads the folder into `vms` rule sets (one per worker in `serve`) and prints the
/// Lua allocator's bytes of the first (`RuleSet.memoryInUse`: what the per-VM memory budget
/// counts) and the growth of the process's resident memory: for the first rule set (with
/// one-time costs) and per further one (Lua plus the Swift side: handlers, API tables).
func runFootprint(folder: String, vms: Int) {
    let rssBefore = residentKiB()
    var sets: [RuleSet] = []
    var loads: [Double] = []
    var rssAfterFirst = 0
    for _ in 0..<max(1, vms) {
        let start = wallSeconds()
        let rules: RuleSet
        do {
            rules = try RuleSet(folder: folder, options: benchOptions(), now: BenchEvent.time)
        } catch {
            fail("cannot load \(folder): \(error)")
        }
        loads.append(wallSeconds() - start)
        if !rules.errors.isEmpty {
            fail("rule files did not load:\n" + rules.errors.map { "  \($0)" }.joined(separator: "\n"))
        }
        sets.append(rules)
        if sets.count == 1 { rssAfterFirst = residentKiB() }
    }
    let rssAfter = residentKiB()
    let first = sets[0]
    print("files=\(first.files.count)")
    print("handlers=\(first.allHandlers.count)")
    print("vms=\(sets.count)")
    print("vm_memory_bytes=\(first.memoryInUse)")
    print(String(format: "vm_memory_kib=%.1f", Double(first.memoryInUse) / 1024))
    print("vm_memory_bytes_all=" + sets.map { String($0.memoryInUse) }.joined(separator: ","))
    print("rss_first_vm_kib=\(rssAfterFirst - rssBefore)")
    if sets.count > 1 {
        print(String(format: "rss_per_further_vm_kib=%.1f", Double(rssAfter - rssAfterFirst) / Double(sets.count - 1)))
    }
    print(String(format: "load_ms=%.2f", loads.sorted()[loads.count / 2] * 1000))
    withExtendedLifetime(sets) {}
}

/// `luagram-bench reload <rules-dir> <times>`: times `RuleRuntime.reload` (a new rule set
/// built beside the running one, swapped in when every file loaded) on the folder.
func runReload(folder: String, times: Int) {
    let runtime: RuleRuntime
    do {
        runtime = try RuleRuntime(folder: folder, options: benchOptions(), now: BenchEvent.time)
    } catch {
        fail("cannot load \(folder): \(error)")
    }
    if !runtime.current.errors.isEmpty { fail("rule files did not load: \(runtime.current.errors)") }
    var durations: [Double] = []
    var outcome = ""
    for _ in 0..<max(1, times) {
        let start = wallSeconds()
        let result = runtime.reload(now: BenchEvent.time)
        durations.append(wallSeconds() - start)
        guard case .reloaded = result else { fail("reload kept the old rules: \(result)") }
        outcome = "\(result)"
    }
    durations.sort()
    print("files=\(runtime.current.files.count)")
    print("handlers=\(runtime.current.allHandlers.count)")
    print("reloads=\(durations.count)")
    print("outcome=\(outcome)")
    print(String(format: "reload_ms_median=%.2f", durations[durations.count / 2] * 1000))
    print(String(format: "reload_ms_min=%.2f", durations[0] * 1000))
    print(String(format: "reload_ms_max=%.2f", durations[durations.count - 1] * 1000))
}

/// The process's resident memory (VmRSS), in KiB.
func residentKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0
    }
    return 0
}
