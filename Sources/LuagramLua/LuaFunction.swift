import CLua
import CLuaShim

/// A Swift function callable from Lua. It reads its arguments through `LuaCall`, returns
/// its results, and reports a failure by throwing: the error's description becomes the Lua
/// error message, prefixed with the caller's `file:line`.
public typealias LuaFunction = (LuaCall) throws -> [LuaValue]

/// The arguments of one call from Lua into Swift. Valid only during that call.
public struct LuaCall {
    let L: OpaquePointer
    /// The VM the call runs in.
    public unowned let vm: LuaVM

    /// How many arguments Lua passed.
    public var count: Int { Int(lua_gettop(L)) }

    /// A copy of argument `index` (1-based); `.nil` when absent. Throws, for the rule to
    /// see, when the value is cyclic or too large to copy (`HostCopyLimits`).
    public func argument(_ index: Int) throws -> LuaValue {
        guard index >= 1, index <= count else { return .nil }
        do {
            return try vm.read(at: Int32(index))
        } catch {
            throw LuaCallError("argument #\(index): \(error)")
        }
    }

    /// Whether argument `index` is exactly the referenced value (raw identity).
    public func argument(_ index: Int, is ref: LuaRef) -> Bool {
        guard index >= 1, index <= count else { return false }
        vm.pushRef(ref)
        defer { lg_pop(L, 1) }
        return lua_rawequal(L, Int32(index), -1) != 0
    }

    /// Anchors argument `index` in the VM (a handler function, say) so Swift can keep it.
    public func ref(_ index: Int) -> LuaRef {
        lua_pushvalue(L, Int32(index))
        return vm.popRef()
    }

    /// The Lua type name of argument `index` (`"no value"` when absent).
    public func typeName(_ index: Int) -> String {
        String(cString: lua_typename(L, lua_type(L, Int32(index))))
    }

    /// The rule source and line that made this call.
    public var caller: (file: String, line: Int)? {
        var source = [CChar](repeating: 0, count: 256)
        var line: Int32 = 0
        guard lg_where(L, 1, &source, source.count, &line) != 0 else { return nil }
        let file = String(decoding: source.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (file, Int(line))
    }
}

/// The error a `LuaFunction` throws to raise a Lua error with exactly this message.
public struct LuaCallError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

final class LuaFunctionBox {
    let body: LuaFunction
    unowned let vm: LuaVM

    init(_ body: @escaping LuaFunction, vm: LuaVM) {
        self.body = body
        self.vm = vm
    }

    static func installDispatcher() {
        _ = dispatcherInstalled
    }

    private static let dispatcherInstalled: Bool = {
        lg_set_swift_dispatcher { state, box in
            guard let state, let box else { return LG_SWIFT_ERROR }
            return Unmanaged<LuaFunctionBox>.fromOpaque(box).takeUnretainedValue().run(state)
        }
        return true
    }()

    private func run(_ state: OpaquePointer) -> Int32 {
        do {
            let results = try body(LuaCall(L: state, vm: vm))
            guard lua_checkstack(state, Int32(results.count) + 2) != 0 else {
                vm.push(.string("too many results"))
                return LG_SWIFT_ERROR
            }
            for result in results { vm.push(result) }
            return Int32(results.count)
        } catch {
            vm.push(.string(String(describing: error)))
            return LG_SWIFT_ERROR
        }
    }
}
