import Foundation
import LuagramLua
import LuagramRules

/// One `*_test.lua` file: loaded into a sandboxed VM of its own with the test API, then each
/// of its tests run against a fresh simulation of the rules folder.
///
/// Everything here runs on one thread of its own (`run(on:)`): the Lua functions of the test
/// API wait for the async pipeline by blocking, which a thread of Swift's pool must not do.
struct RuleTestFile {
    /// The test file, relative to `folder`.
    let name: String
    /// The rules folder, which holds the test file too.
    let folder: String
    let options: RuleOptions

    /// What a test may use: far more than a rule handler, as each step runs the pipeline.
    static let budgets = LuaBudgets(memoryBytes: 64 << 20, handlerTime: .seconds(10), loadTime: .seconds(2))

    /// Runs the file's tests on a new thread; the results in the order the tests were declared.
    func run() async -> [RuleTestResult] {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: runHere()) }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    private func runHere() -> [RuleTestResult] {
        let vm: LuaVM
        do {
            vm = try LuaVM(budgets: Self.budgets)
        } catch {
            return [RuleTestResult(file: name, name: nil, failure: "\(error)")]
        }
        var tests: [(name: String, function: LuaRef)] = []
        var loading = true
        vm.setGlobal("test") { call in
            guard loading else { throw LuaCallError("test() declares tests while the file loads; it cannot be nested") }
            guard let title = try call.argument(1).stringValue, call.typeName(2) == "function" else {
                throw LuaCallError("test: give a name and a function, test(\"name\", function(t) … end)")
            }
            tests.append((title, call.ref(2)))
            return []
        }
        let file = name
        vm.setGlobal("print") { call in
            let text = try (1...max(1, call.count)).map { "\(Self.display(try call.argument($0)))" }.joined(separator: "\t")
            print("      \(call.caller.map { "\($0.file):\($0.line)" } ?? file): \(text)")
            return []
        }
        guard let bytes = FileManager.default.contents(atPath: folder + "/" + name) else {
            return [RuleTestResult(file: name, name: nil, failure: "cannot read the file")]
        }
        do {
            let chunk = try vm.load(Array(bytes), chunkName: "@" + name, environment: vm.newEnvironment())
            try vm.run(chunk, timeout: Self.budgets.loadTime)
            vm.release(chunk)
        } catch {
            return [RuleTestResult(file: name, name: nil, failure: error.message)]
        }
        loading = false
        if tests.isEmpty { return [RuleTestResult(file: name, name: nil, failure: "\(name): declares no test")] }

        let testFolder = (folder + "/" + name as NSString).deletingLastPathComponent
        return tests.map { test in
            defer { vm.release(test.function) }
            let context: TestContext
            do {
                context = try TestContext(rules: folder, folder: testFolder, options: options)
            } catch {
                return RuleTestResult(file: name, name: test.name, failure: "the pipeline could not start: \(error)")
            }
            if let broken = context.simulation.loadErrors.first {
                return RuleTestResult(file: name, name: test.name, failure: "a rule file did not load: \(broken)")
            }
            let t = context.bind(on: vm)
            defer { vm.release(t) }
            do {
                try vm.run(test.function, refs: [t], timeout: Self.budgets.handlerTime)
                return RuleTestResult(file: name, name: test.name, failure: nil)
            } catch {
                return RuleTestResult(file: name, name: test.name, failure: (error as? LuaError)?.message ?? "\(error)")
            }
        }
    }

    private static func display(_ value: LuaValue) -> String {
        switch value {
        case .nil: "nil"
        case .boolean(let b): String(b)
        case .integer(let i): String(i)
        case .number(let d): String(d)
        case .string(let s): s
        case .bytes(let b): String(decoding: b, as: UTF8.self)
        case .table: "table"
        case .opaque(let type): type
        }
    }
}

/// Runs every rule test of a folder: `luagram test`.
public struct RuleTests: Sendable {
    public let folder: String
    public let options: RuleOptions

    public init(folder: String, options: RuleOptions) {
        self.folder = folder
        self.options = options
    }

    /// Runs the files one after another, handing each result to `report` as it comes.
    public func run(report: (RuleTestResult) -> Void) async throws -> [RuleTestResult] {
        var results: [RuleTestResult] = []
        for name in try RuleSource.testFiles(folder) {
            for result in await RuleTestFile(name: name, folder: folder, options: options).run() {
                report(result)
                results.append(result)
            }
        }
        return results
    }
}
