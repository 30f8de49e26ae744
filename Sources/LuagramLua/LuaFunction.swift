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

    /// The bytes of argument `index` when it is a string, valid during the call; nil for
    /// any other value (numbers are not converted).
    public func stringBytes(_ index: Int) -> UnsafeRawBufferPointer? {
        guard index >= 1, index <= count, lua_type(L, Int32(index)) == LUA_TSTRING else { return nil }
        var length = 0
        guard let pointer = lg_tolstring(L, Int32(index), &length) else { return nil }
        return UnsafeRawBufferPointer(start: pointer, count: length)
    }

    /// The items of argument `index` when it is a plain list of at most `limit` strings (a
    /// table without a metatable, holding only the keys 1…n), as bytes valid during the
    /// call; nil for anything else, which `argument(_:)` then copies the slow way.
    public func stringList(_ index: Int, limit: Int) -> [UnsafeRawBufferPointer]? {
        let at = Int32(index)
        guard index >= 1, index <= count, lua_type(L, at) == LUA_TTABLE, lua_getmetatable(L, at) == 0 else {
            if index >= 1, index <= count, lua_type(L, at) == LUA_TTABLE { lg_pop(L, 1) }
            return nil
        }
        let length = Int(lua_rawlen(L, at))
        guard length <= limit, lua_checkstack(L, 2) != 0 else { return nil }
        var items: [UnsafeRawBufferPointer] = []
        items.reserveCapacity(length)
        for position in 0..<length {
            // the table keeps its strings alive for the whole call
            defer { lg_pop(L, 1) }
            guard lua_rawgeti(L, at, lua_Integer(position + 1)) == LUA_TSTRING else { return nil }
            var size = 0
            guard let pointer = lg_tolstring(L, -1, &size) else { return nil }
            items.append(UnsafeRawBufferPointer(start: pointer, count: size))
        }
        // any key beyond 1…n makes it no plain list
        var entries = 0
        lua_pushnil(L)
        while lua_next(L, at) != 0 {
            lg_pop(L, 1)
            entries += 1
            if entries > length {
                lg_pop(L, 1)
                return nil
            }
        }
        return items
    }

    /// Whether argument `index` is exactly the value `ref` refers to (raw identity).
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
        var bytes: UnsafePointer<UInt8>?
        var size = 0
        var offset: UInt32 = 0
        // event views are tables to rules (see lg_type)
        if lg_view_locate(L, Int32(index), &bytes, &size, &offset) >= 0 { return "table" }
        return String(cString: lua_typename(L, lua_type(L, Int32(index))))
    }

    /// Whether argument `index` is the view of that role of the event being handled.
    public func argument(_ index: Int, isCurrent role: LuaViewRole) -> Bool {
        index >= 1 && index <= count && lg_view_is_current(L, Int32(index), role.rawValue) != 0
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
