import Foundation
import LuagramTestSupport
import Testing

@Suite("luagram check")
struct CheckCommandTests {
    @Test("the example rules load")
    func examplesLoad() throws {
        let result = try LuagramProcess.run(["check", "--rules", "examples/rules"])
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(result.output.contains("examples/rules/welcome.lua: 1 handler (message)"))
        #expect(result.output.hasSuffix("0 broken\n"))
    }

    @Test("every broken file gets one path:line line, and the check fails fast")
    func brokenFilesAreReported() throws {
        let folder = try TemporaryFolder()
        try folder.write("good.lua", "on('message', function(ev) ev:reply('hi') end)")
        try folder.write("syntax.lua", "on('message', function(ev)\n  ev:reply('hi'\nend)")
        try folder.write("runtime.lua", "local config = nil\nlocal x = config.greeting")
        try folder.write("kind.lua", "on('dm', function(ev) end)")
        try folder.write("io.lua", "local f = io.open('/etc/passwd')")
        try folder.write("loop.lua", "local n = 0\nwhile true do n = n + 1 end")
        let start = Date()
        let result = try LuagramProcess.run(["check", "--rules", folder.path])
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").map(String.init)
        let p = folder.path
        #expect(lines.count == 7, "\(result.output)")
        #expect(lines.contains("\(p)/good.lua: 1 handler (message)"))
        #expect(lines.contains { $0.hasPrefix("\(p)/syntax.lua:3: ')' expected (to close '(' at line 2)") })
        #expect(lines.contains("\(p)/runtime.lua:2: attempt to index a nil value (local 'config')"))
        #expect(lines.contains { $0.hasPrefix("\(p)/kind.lua:1: on: unknown event kind \"dm\"") })
        #expect(lines.contains("\(p)/io.lua:1: attempt to index a nil value (global 'io')"))
        #expect(lines.contains("\(p)/loop.lua:2: CPU budget exceeded (1000 ms)"))
        #expect(lines.last == "6 rule files: 1 loaded with 1 handler, 5 broken")
    }

    @Test("budgets can be set on the command line")
    func budgetOptions() throws {
        let folder = try TemporaryFolder()
        try folder.write("loop.lua", "while true do end")
        let result = try LuagramProcess.run(["check", "--rules", folder.path, "--load-ms", "20"])
        #expect(result.output.contains("loop.lua:1: CPU budget exceeded (20 ms)"))
    }

    @Test("a folder that does not exist is an error")
    func missingFolder() throws {
        let result = try LuagramProcess.run(["check", "--rules", "/nonexistent/rules"])
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("/nonexistent/rules: not a folder of rules"))
    }
}
