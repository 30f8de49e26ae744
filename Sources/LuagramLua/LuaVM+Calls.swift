import CLua
import CLuaShim

extension LuaVM {
    /// Compiles a text chunk named `chunkName` (Lua shows it in messages as written, so name
    /// rule files `@relative/path.lua`) with `environment` as its globals. Binary chunks are
    /// refused.
    public func load(_ source: [UInt8], chunkName: String, environment: LuaRef) throws(LuaError) -> LuaRef {
        let status = source.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { lg_loadtext(L, $0.baseAddress, $0.count, chunkName) }
        }
        guard status == LUA_OK else {
            let kind: LuaError.Kind = status == LUA_ERRMEM ? .memory : .syntax
            throw LuaError(kind: kind, message: readError())
        }
        pushRef(environment)
        if lua_setupvalue(L, -2, 1) == nil { lg_pop(L, 1) }
        return popRef()
    }

    /// Calls a function with values, under the memory cap and a wall-clock budget.
    @discardableResult
    public func call(_ function: LuaRef, _ arguments: [LuaValue] = [], timeout: Duration) throws(LuaError)
        -> [LuaValue]
    {
        try invoke(function, argumentCount: Int32(arguments.count), timeout: timeout) {
            for argument in arguments { push(argument) }
        }
    }

    /// Calls a function with VM-held values (such as an event view) as its arguments.
    @discardableResult
    public func call(_ function: LuaRef, refs arguments: [LuaRef], timeout: Duration) throws(LuaError)
        -> [LuaValue]
    {
        try invoke(function, argumentCount: Int32(arguments.count), timeout: timeout) {
            for argument in arguments { pushRef(argument) }
        }
    }

    /// Calls a function with VM-held arguments for its effects only: its results are
    /// dropped without being copied out.
    public func run(_ function: LuaRef, refs arguments: [LuaRef] = [], timeout: Duration) throws(LuaError) {
        _ = try invoke(function, argumentCount: Int32(arguments.count), timeout: timeout, results: 0) {
            for argument in arguments { pushRef(argument) }
        }
    }

    private func invoke(
        _ function: LuaRef, argumentCount: Int32, timeout: Duration, results: Int32 = LUA_MULTRET,
        pushArguments: () -> Void
    ) throws(LuaError) -> [LuaValue] {
        let base = lua_gettop(L)
        guard lua_checkstack(L, argumentCount + 8) != 0 else {
            throw LuaError(kind: .memory, message: "Lua stack exhausted")
        }
        pushRef(function)
        pushArguments()
        lg_vm_begin_call(handle, timeout.nanoseconds)
        let status = lg_pcall(L, argumentCount, results)
        let abort = lg_vm_end_call(handle)
        guard status == LUA_OK else {
            throw error(status: status, abort: abort)
        }
        defer { lua_settop(L, base) }
        var values: [LuaValue] = []
        let top = lua_gettop(L)
        if top > base {
            for index in base + 1...top {
                do {
                    values.append(try read(at: index))
                } catch {
                    throw LuaError(kind: .runtime, message: "result #\(index - base): \(error)")
                }
            }
        }
        return values
    }

    func error(status: Int32, abort: Int32) -> LuaError {
        let text = readError()
        let (message, traceback) = Self.splitTraceback(text)
        if abort == Int32(LG_ABORT_TIME) {
            return LuaError(kind: .time, message: message, traceback: traceback)
        }
        if abort == Int32(LG_ABORT_MEMORY) {
            return LuaError(kind: .memory, message: message, traceback: traceback)
        }
        if status == LUA_ERRMEM {
            let mib = Double(budgets.memoryBytes) / Double(1 << 20)
            let location = String(cString: lg_vm_refusal_where(handle))
            return LuaError(kind: .memory, message: "\(location)memory budget exceeded (\(mib.formatted1) MiB)")
        }
        return LuaError(kind: .runtime, message: message, traceback: traceback)
    }

    static func splitTraceback(_ text: String) -> (String, String?) {
        guard let range = text.firstRange(of: "\nstack traceback:") else { return (text, nil) }
        return (String(text[..<range.lowerBound]), String(text[range.lowerBound...].dropFirst()))
    }
}

extension Double {
    var formatted1: String {
        self == rounded() ? String(Int(self)) : String((self * 10).rounded() / 10)
    }
}
