import LuagramLua
import Testing

@Suite("Error messages name the function and the line")
struct ErrorMessageTests {
    @Test(
        "a library function is named with its library, whether called directly, as a method or through pcall",
        arguments: [
            ("string.gsub('a', '(', 'b', 'x')", "bad argument #4 to 'string.gsub'"),
            ("('x'):rep()", "bad argument #1 to 'string.rep'"),
            ("table.insert({}, 5, 1)", "bad argument #2 to 'table.insert' (position out of bounds)"),
            ("os.date('%Y', 'x')", "bad argument #2 to 'os.date'"),
            ("utf8.char(-1)", "bad argument #1 to 'utf8.char'"),
            ("local ok, e = pcall(string.rep) error(e, 0)", "bad argument #1 to 'string.rep'"),
        ])
    func namedFunctions(source: String, expected: String) throws {
        let vm = try LuaVM()
        let error = #expect(throws: LuaError.self) { try vm.run("local x = 1\n" + source) }
        #expect(error?.message.contains(expected) == true, "\(String(describing: error?.message))")
        #expect(error?.ruleLocation?.line == 2)
    }

    @Test("an error raised without a position is placed on the line that raised it")
    func positionFromTraceback() throws {
        let vm = try LuaVM()
        let error = #expect(throws: LuaError.self) { try vm.run("local x = 1\n\nerror({code = 1})") }
        #expect(error?.location == nil)
        #expect(error?.ruleLocation?.file == "test.lua")
        #expect(error?.ruleLocation?.line == 3)
    }

    @Test("running out of memory names the line that allocated and the budget")
    func memoryLine() throws {
        let vm = try LuaVM(budgets: LuaBudgets(memoryBytes: 1 << 20))
        let error = #expect(throws: LuaError.self) {
            try vm.run("local t = {}\nfor i = 1, 1e9 do\n  t[i] = {i}\nend")
        }
        #expect(error?.kind == .memory)
        #expect(error?.message == "test.lua:3: memory budget exceeded (1 MiB)")
    }

    @Test("os.date and os.time take Meta's fractional times")
    func fractionalTimes() throws {
        let vm = try LuaVM()
        vm.now = 1_795_000_000.123
        #expect(try vm.run("return os.time(), os.date('!%Y-%m-%d %H:%M:%S'), os.date('!%H:%M', 1795000000.999)")
            == [1_795_000_000, "2026-11-18 11:06:40", "11:06"])
    }

    @Test("each rule environment has its own random state")
    func randomState() throws {
        let vm = try LuaVM()
        let seeded = try vm.load(
            Array("math.randomseed(42) return math.random(1, 1e9)".utf8), chunkName: "=a", environment: vm.newEnvironment())
        let other = vm.newEnvironment()
        let draw = try vm.load(Array("return math.random(1, 1e9)".utf8), chunkName: "=b", environment: other)
        let first = try vm.call(seeded, timeout: .seconds(1))
        let reseeded = try vm.load(
            Array("math.randomseed(42) return math.random(1, 1e9)".utf8), chunkName: "=c", environment: vm.newEnvironment())
        #expect(try vm.call(reseeded, timeout: .seconds(1)) == first)
        let draws = try (0..<3).map { _ in try vm.call(draw, timeout: .seconds(1)) }
        #expect(!draws.contains(first), "an unseeded environment repeats the seeded one's numbers")
    }
}
