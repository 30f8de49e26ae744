import LuagramLua
import Testing

@Suite("Values between Swift and Lua")
struct ConversionTests {
    static let samples: [LuaValue] = [
        .nil, true, false, 0, -7, .integer(.max), .integer(.min), 1.5, -0.25, .number(1e300),
        "", "hello", "héllo wörld ✓ 👋", .bytes([0xff, 0x00, 0xfe]), "nul\u{0}inside",
        .array(["a", 2, 3.5, true]),
        .map(["text": "hi", "n": 3, "nested": .map(["deep": .array([1, 2])])]),
        .table(LuaTable(array: [1, 2], fields: [.integer(10): "ten", .string("k"): "v", .boolean(true): 1, .number(2.5): "x"])),
    ]

    @Test("values survive the round trip", arguments: samples)
    func roundTrip(value: LuaValue) throws {
        let vm = try LuaVM()
        let identity = try vm.load(Array("return ...".utf8), chunkName: "=identity", environment: vm.newEnvironment())
        #expect(try vm.call(identity, [value], timeout: .seconds(1)) == [value])
    }

    @Test("Lua sees Swift values with their Lua types")
    func luaSeesTypes() throws {
        let vm = try LuaVM()
        let probe = try vm.load(
            Array("local a, b, c, d, e = ... return math.type(a), math.type(b), type(c), #d, d[2], e.k".utf8),
            chunkName: "=probe", environment: vm.newEnvironment())
        let result = try vm.call(probe, [3, 3.0, "s", .array(["x", "y"]), .map(["k": "v"])], timeout: .seconds(1))
        #expect(result == ["integer", "float", "string", 2, "y", "v"])
    }

    @Test("functions come back as opaque values")
    func opaqueValues() throws {
        let vm = try LuaVM()
        let result = try vm.run("return print == nil and math.floor, {f = math.floor}")
        #expect(result.first == .opaque("function"))
        #expect(result.last == .table(LuaTable(fields: [.string("f"): .opaque("function")])))
    }

    @Test(
        "a value that contains itself, nests too deep, or shares sub-tables past the size limit is refused with a clear error",
        arguments: [
            ("local t = {} t.self = t return t", "contains itself"),
            ("local t = {} for i = 1, 40 do t = {t} end return t", "nested more than 32 levels"),
            ("local t = {} for i = 1, 30 do t = {t, t} end return t", "more than 100000 values"),
            ("local s = ('x'):rep(1 << 20) local t = {} for i = 1, 9 do t[i] = s end return t", "MiB of text"),
        ])
    func refusedValues(source: String, expected: String) throws {
        let vm = try LuaVM()
        #expect {
            try vm.run(source)
        } throws: { error in
            (error as? LuaError)?.message.contains(expected) == true
        }
        #expect(try vm.run("return 1 + 1") == [2])
    }

    @Test("a Swift function called from Lua gets its arguments and returns results")
    func swiftFunction() throws {
        let vm = try LuaVM()
        vm.setGlobal("add") { call in
            guard let a = try call.argument(1).integerValue, let b = try call.argument(2).integerValue else {
                throw LuaCallError("add expects two integers")
            }
            return [.integer(a + b), .string(call.caller.map { "\($0.file):\($0.line)" } ?? "?")]
        }
        #expect(try vm.run("return add(2, 40)") == [42, "test.lua:1"])
        let error = #expect(throws: LuaError.self) { try vm.run("\nlocal x = add('a')", name: "rules/x.lua") }
        #expect(error?.message == "rules/x.lua:2: add expects two integers")
        #expect(error?.location?.file == "rules/x.lua")
        #expect(error?.location?.line == 2)
        #expect(error?.detail == "add expects two integers")
    }

    @Test("a Swift error can be caught by the rule's pcall")
    func swiftErrorIsCatchable() throws {
        let vm = try LuaVM()
        vm.setGlobal("fail") { _ in throw LuaCallError("nope") }
        #expect(try vm.run("return pcall(function() fail() end)") == [false, "test.lua:1: nope"])
    }
}

@Suite("Error locations")
struct ErrorLocationTests {
    @Test("a syntax error names the file and line")
    func syntaxError() throws {
        let vm = try LuaVM()
        let error = #expect(throws: LuaError.self) { try vm.run("local x = 1\nlocal = 2", name: "rules/bad.lua") }
        #expect(error?.kind == .syntax)
        #expect(error?.location?.file == "rules/bad.lua")
        #expect(error?.location?.line == 2)
    }

    @Test("a runtime error names the file and line and carries a traceback")
    func runtimeError() throws {
        let vm = try LuaVM()
        let error = #expect(throws: LuaError.self) {
            try vm.run("local function f()\n  return nil + 1\nend\nf()", name: "sub/dir/x.lua")
        }
        #expect(error?.message.hasPrefix("sub/dir/x.lua:2: attempt to perform arithmetic") == true)
        #expect(error?.traceback?.hasPrefix("stack traceback:") == true)
    }

    @Test("a non-string error value is described by its type")
    func tableErrorValue() throws {
        let vm = try LuaVM()
        let error = #expect(throws: LuaError.self) { try vm.run("error({code = 1})") }
        #expect(error?.message == "(error object is a table value)")
    }
}
