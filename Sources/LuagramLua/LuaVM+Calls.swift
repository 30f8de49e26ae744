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

    /// Calls a function with VM-held values (such as a frozen event) as its arguments.
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
        let top = lua_gettop(L)
        let values = top > base ? (base + 1...top).map { read(at: $0) } : []
        lua_settop(L, base)
        return values
    }

    func error(status: Int32, abort: Int32) -> LuaError {
        let text = readError()
        let (message, traceback) = Self.splitTraceback(text)
        if abort == Int32(LG_ABORT_TIME) {
            return LuaError(kind: .time, message: message, traceback: traceback)
        }
        if status == LUA_ERRMEM {
            let mib = Double(budgets.memoryBytes) / Double(1 << 20)
            return LuaError(kind: .memory, message: "memory budget exceeded (\(mib.formatted1) MiB): \(message)")
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

extension LuaVM {
    /// Calls each function with the same VM-held argument, in order, each under its own
    /// budget; `current` holds the index of the one running (so Swift functions it calls
    /// know whose call it is). A failure goes to `onFailure` and the next function still runs.
    public func runEach(
        _ functions: [LuaRef], argument: LuaRef, timeout: Duration, current: UnsafeMutablePointer<Int32>,
        onFailure: (Int, LuaError) -> Void
    ) {
        withoutActuallyEscaping(onFailure) { onFailure in
            let context = RunEachContext(vm: self, onFailure: onFailure)
            let ids = functions.map(\.id)
            ids.withUnsafeBufferPointer { buffer in
                _ = lg_run_each(
                    handle, buffer.baseAddress, Int32(buffer.count), argument.id, timeout.nanoseconds, current,
                    { context, index, status, abort in
                        let context = Unmanaged<RunEachContext>.fromOpaque(context!).takeUnretainedValue()
                        context.onFailure(Int(index), context.vm.error(status: status, abort: abort))
                    }, Unmanaged.passUnretained(context).toOpaque())
            }
            withExtendedLifetime(context) {}
        }
    }
}

private final class RunEachContext {
    let vm: LuaVM
    let onFailure: (Int, LuaError) -> Void

    init(vm: LuaVM, onFailure: @escaping (Int, LuaError) -> Void) {
        self.vm = vm
        self.onFailure = onFailure
    }
}
