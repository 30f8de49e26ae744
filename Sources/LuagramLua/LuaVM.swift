import CLua
import CLuaShim

/// One sandboxed Lua 5.4 state: the rules' globals template, budgets, and the calls into it.
///
/// A VM is not thread-safe and not `Sendable`: keep each one confined to the worker that
/// created it, and never share one between threads. Every call from Swift is protected
/// (`lua_pcall` with a traceback handler) and runs under the memory cap and the wall-clock
/// budget; after any failure, including an aborted one, the VM serves the next call.
public final class LuaVM {
    public let budgets: LuaBudgets
    let handle: OpaquePointer
    let L: OpaquePointer
    /// Swift closures Lua can call; they live as long as the VM.
    private var functions: [LuaFunctionBox] = []

    public init(budgets: LuaBudgets = LuaBudgets()) throws(LuaError) {
        LuaFunctionBox.installDispatcher()
        self.budgets = budgets
        var message = [CChar](repeating: 0, count: 256)
        guard
            let handle = lg_vm_new(
                max(budgets.memoryBytes, 64 << 10), UInt64(max(budgets.patternSteps, 1)), &message, message.count)
        else {
            throw LuaError(kind: .memory, message: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        self.handle = handle
        self.L = lg_vm_state(handle)
    }

    deinit {
        lg_vm_close(handle)
    }

    /// Bytes the VM holds now.
    public var memoryInUse: Int { lg_vm_memory_used(handle) }

    /// The host clock inside the sandbox (`now()`, `os.time()`, `os.date()`), in seconds since 1970.
    public var now: Double {
        get { lg_vm_now(handle) }
        set { lg_vm_set_now(handle, newValue) }
    }

    // MARK: Globals

    /// Adds a global that every rule environment created from now on receives.
    /// A table value is copied into each environment, so rules cannot change each other's.
    public func setGlobal(_ name: String, _ value: LuaValue) {
        push(.string(name))
        push(value)
        protectedHostCall(lg_sandbox_set_global, arguments: 2)
    }

    /// Adds a global Swift function.
    public func setGlobal(_ name: String, function: @escaping LuaFunction) {
        push(.string(name))
        pushFunction(function)
        protectedHostCall(lg_sandbox_set_global, arguments: 2)
    }

    /// Adds a global table of Swift functions (a library such as `log` or `text`).
    public func setGlobal(_ name: String, library: [String: LuaFunction]) {
        push(.string(name))
        lua_createtable(L, 0, Int32(library.count))
        for (key, function) in library.sorted(by: { $0.key < $1.key }) {
            pushFunction(function)
            lua_setfield(L, -2, key)
        }
        protectedHostCall(lg_sandbox_set_global, arguments: 2)
    }

    /// A fresh global environment for one rule file.
    public func newEnvironment() -> LuaRef {
        protectedHostCall(lg_sandbox_new_env, arguments: 0, results: 1)
        return popRef()
    }

    /// A Swift function as a Lua value held by the VM (for method tables and the like).
    public func makeFunction(_ function: @escaping LuaFunction) -> LuaRef {
        pushFunction(function)
        return popRef()
    }

    func pushFunction(_ function: @escaping LuaFunction) {
        let box = LuaFunctionBox(function, vm: self)
        functions.append(box)
        lg_push_swift_function(L, Unmanaged.passUnretained(box).toOpaque())
    }

    /// Runs one of the shim's set-up functions. They only fail when the process is out of
    /// memory, which no caller could handle better than by stopping.
    func protectedHostCall(_ function: lua_CFunction, arguments: Int32, results: Int32 = 0) {
        let status = lg_cpcall(L, function, arguments, results)
        guard status == LUA_OK else {
            let message = readError()
            fatalError("Lua host set-up failed: \(message)")
        }
    }
}
