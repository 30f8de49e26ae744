import LuagramLua

extension LuaVM {
    /// Compiles `source` as the chunk `@name` in a fresh rule environment and runs it.
    @discardableResult
    func run(_ source: String, name: String = "test.lua", timeout: Duration = .milliseconds(200)) throws(LuaError) -> [LuaValue] {
        let chunk = try load(Array(source.utf8), chunkName: "@" + name, environment: newEnvironment())
        return try call(chunk, timeout: timeout)
    }
}
