// luagram-bench: micro-benchmarks of the rules host (not tests).
//
//   luagram-bench dispatch <rules-dir> <seconds> [expected-handlers]
//   luagram-bench latency <rules-dir> <seconds>
//   luagram-bench footprint <rules-dir> [vms]        (Footprint.swift)
//   luagram-bench reload <rules-dir> <times>          (Footprint.swift)
//
// Loads a rules folder into a RuleSet, checks it loaded cleanly with the expected number
// of `message` handlers (default 20), dispatches BenchEvent.message once to show what it
// produces, warms up, then dispatches the same event in a loop for <seconds> of process CPU
// time (the clock Lua's os.clock uses, so the plain-Lua baseline is timed alike). Prints
// key=value lines; `events_per_s=` is the figure scripts/bench reads.

import Foundation
import LuagramDomain
import LuagramLua
import LuagramRules

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

func usage() -> Never {
    FileHandle.standardError.write(
        Data(
            """
            usage: luagram-bench dispatch <rules-dir> <seconds> [expected-handlers]
                   luagram-bench latency <rules-dir> <seconds>
                   luagram-bench footprint <rules-dir> [vms]
                   luagram-bench reload <rules-dir> <times>
                   luagram-bench processing <rules-dir> <events> [batch]

            """.utf8))
    exit(2)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("luagram-bench: \(message)\n".utf8))
    exit(1)
}

/// Process CPU time in seconds (what `os.clock()` measures in the baseline).
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// This thread's CPU time in seconds.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func wallSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// The default options: the benchmark measures what production runs.
func benchOptions() -> RuleOptions { RuleOptions() }

func runDispatch(folder: String, seconds: Double, expectedHandlers: Int) {
    let loadStart = wallSeconds()
    let rules: RuleSet
    do {
        let (sources, unreadable) = try RuleSource.folder(folder)
        if !unreadable.isEmpty { fail("unreadable rule files: \(unreadable)") }
        rules = try RuleSet(sources: sources, options: benchOptions(), now: BenchEvent.time)
    } catch {
        fail("cannot load \(folder): \(error)")
    }
    let loadSeconds = wallSeconds() - loadStart
    if !rules.errors.isEmpty {
        fail("rule files did not load:\n" + rules.errors.map { "  \($0)" }.joined(separator: "\n"))
    }
    let handlers = rules.handlers(for: .message)
    guard handlers.count == expectedHandlers else {
        fail("expected \(expectedHandlers) message handlers, loaded \(handlers.count)")
    }

    let event = BenchEvent.message
    let now = BenchEvent.time.addingTimeInterval(5)

    // Sanity: what one dispatch produces (compare with the baseline's lines).
    let first = rules.dispatch(event, at: now)
    if !first.failures.isEmpty {
        fail("handlers failed:\n" + first.failures.map { "  \($0)" }.joined(separator: "\n"))
    }
    print("handlers=\(first.handlersRun)")
    print("intents=\(first.intents.count)")
    print("intent_list=\(first.intents.map(\.intent.name).joined(separator: ","))")
    print("failures=\(first.failures.count)")
    print("handler_budget_ms=\(RuleOptions().budgets.handlerTime.milliseconds)")
    print(String(format: "load_ms=%.2f", loadSeconds * 1000))
    print("memory_kib=\(rules.memoryInUse / 1024)")
    let expectedIntents = first.intents.count

    let batch = 64
    var checksum = 0
    var failures = 0

    // Warm-up.
    let warmUntil = cpuSeconds() + min(0.2, seconds / 5)
    while cpuSeconds() < warmUntil {
        for _ in 0..<batch {
            let result = rules.dispatch(event, at: now)
            failures &+= result.failures.count
        }
    }

    var events = 0
    let wallStart = wallSeconds()
    let start = cpuSeconds()
    var elapsed = 0.0
    repeat {
        for _ in 0..<batch {
            let result = rules.dispatch(event, at: now)
            checksum &+= result.intents.count
            failures &+= result.failures.count
        }
        events += batch
        elapsed = cpuSeconds() - start
    } while elapsed < seconds
    let wall = wallSeconds() - wallStart

    if failures > 0 { fail("\(failures) handler failures during the run") }
    if checksum != events * expectedIntents {
        fail("intents varied between events: \(checksum) for \(events) events of \(expectedIntents)")
    }
    print("events=\(events)")
    print(String(format: "seconds=%.4f", elapsed))
    print(String(format: "wall_seconds=%.4f", wall))
    print("checksum=\(checksum)")
    print(String(format: "events_per_s=%.1f", Double(events) / elapsed))
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { usage() }
switch arguments[1] {
case "dispatch":
    guard arguments.count == 4 || arguments.count == 5, let seconds = Double(arguments[3]), seconds > 0 else { usage() }
    let expected = arguments.count == 5 ? Int(arguments[4]) : 20
    guard let expected else { usage() }
    runDispatch(folder: arguments[2], seconds: seconds, expectedHandlers: expected)
case "latency":
    guard arguments.count == 4, let seconds = Double(arguments[3]), seconds > 0 else { usage() }
    runLatency(folder: arguments[2], seconds: seconds)
case "footprint":
    guard arguments.count == 3 || arguments.count == 4, let vms = arguments.count == 4 ? Int(arguments[3]) : 1, vms > 0 else {
        usage()
    }
    runFootprint(folder: arguments[2], vms: vms)
case "processing":
    guard arguments.count == 4 || arguments.count == 5, let events = Int(arguments[3]), events > 0,
        let batch = arguments.count == 5 ? Int(arguments[4]) : 64, batch > 0
    else { usage() }
    await runProcessing(folder: arguments[2], events: events, batch: batch)
case "reload":
    guard arguments.count == 4, let times = Int(arguments[3]), times > 0 else { usage() }
    runReload(folder: arguments[2], times: times)
default:
    usage()
}
