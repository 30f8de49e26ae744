import CLua
import CLuaShim

// Conversions between LuaValue and the Lua stack.
//
// Reading uses only raw, non-raising API calls (no metamethods run, no number is converted
// to a string in place), so it is safe on any value a rule hands over; it refuses values
// that would cost the host more than a rule's own memory does (see `HostCopyLimits`).
// Pushing happens in host mode, where the memory cap does not apply, so it cannot raise.

extension LuaVM {
    func push(_ value: LuaValue) {
        guard lua_checkstack(L, 3) != 0 else { fatalError("Lua stack exhausted while pushing a host value") }
        switch value {
        case .nil, .opaque:
            lua_pushnil(L)
        case .boolean(let b):
            lua_pushboolean(L, b ? 1 : 0)
        case .integer(let i):
            lua_pushinteger(L, i)
        case .number(let d):
            lua_pushnumber(L, d)
        case .string(let s):
            var s = s
            s.withUTF8 { buffer in
                _ = buffer.withMemoryRebound(to: CChar.self) { lua_pushlstring(L, $0.baseAddress, $0.count) }
            }
        case .bytes(let bytes):
            bytes.withUnsafeBufferPointer { buffer in
                _ = buffer.withMemoryRebound(to: CChar.self) { lua_pushlstring(L, $0.baseAddress, $0.count) }
            }
        case .table(let table):
            lua_createtable(L, Int32(clamping: table.array.count), Int32(clamping: table.fields.count))
            for (offset, item) in table.array.enumerated() {
                push(item)
                lua_rawseti(L, -2, lua_Integer(offset + 1))
            }
            for (key, item) in table.fields {
                push(key.value)
                push(item)
                lua_rawset(L, -3)
            }
        }
    }

    /// A copy of the value at `index`; throws when it breaks `HostCopyLimits`.
    func read(at index: Int32) throws(LuaCopyError) -> LuaValue {
        var copy = HostCopy()
        let top = lua_gettop(L)
        do {
            return try read(at: lua_absindex(L, index), depth: 0, copy: &copy)
        } catch {
            lua_settop(L, top)
            throw error
        }
    }

    func read(at index: Int32, depth: Int, copy: inout HostCopy) throws(LuaCopyError) -> LuaValue {
        try copy.count(value: 1)
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE:
            return .nil
        case LUA_TBOOLEAN:
            return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lg_tointegerx(L, index, nil)) }
            return .number(lg_tonumberx(L, index, nil))
        case LUA_TSTRING:
            let value = readString(at: index)
            try copy.count(bytes: value.byteCount)
            return value
        case LUA_TTABLE:
            guard depth < HostCopyLimits.depth else { throw .tooDeep }
            guard lua_checkstack(L, 4) != 0 else { throw .tooDeep }
            // a read-only proxy (ev.contact.tags) shows the table behind it
            if lg_push_frozen_data(L, index) != 0 {
                defer { lg_pop(L, 1) }
                return try read(at: lua_gettop(L), depth: depth, copy: &copy)
            }
            let pointer = lua_topointer(L, index)
            guard copy.enter(pointer) else { throw .cyclic }
            defer { copy.leave(pointer) }
            return .table(try readTable(at: index, depth: depth, copy: &copy))
        case LUA_TUSERDATA:
            if let view = try readView(at: index, depth: depth, copy: &copy) { return view }
            return .opaque("userdata")
        default:
            return .opaque(String(cString: lua_typename(L, lua_type(L, index))))
        }
    }

    func readString(at index: Int32) -> LuaValue {
        var length = 0
        guard let pointer = lg_tolstring(L, index, &length) else { return .nil }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        if let string = String(validating: bytes, as: UTF8.self) { return .string(string) }
        return .bytes(Array(bytes))
    }

    private func readTable(at index: Int32, depth: Int, copy: inout HostCopy) throws(LuaCopyError) -> LuaTable {
        var table = LuaTable()
        let border = Int(lua_rawlen(L, index))
        for position in 0..<border {
            if lua_rawgeti(L, index, lua_Integer(position + 1)) == LUA_TNIL {
                lg_pop(L, 1)
                break
            }
            table.array.append(try read(at: lua_gettop(L), depth: depth + 1, copy: &copy))
            lg_pop(L, 1)
        }
        let sequenceLength = table.array.count
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            let keyIndex = lua_gettop(L) - 1
            var inSequence = false
            if lua_isinteger(L, keyIndex) != 0 {
                let i = lg_tointegerx(L, keyIndex, nil)
                inSequence = i >= 1 && i <= sequenceLength
            }
            if !inSequence, let key = readKey(at: keyIndex) {
                try copy.count(bytes: key.byteCount)
                table.fields[key] = try read(at: lua_gettop(L), depth: depth + 1, copy: &copy)
            }
            lg_pop(L, 1)
        }
        return table
    }

    private func readKey(at index: Int32) -> LuaKey? {
        switch lua_type(L, index) {
        case LUA_TSTRING:
            switch readString(at: index) {
            case .string(let s): return .string(s)
            case .bytes(let b): return .bytes(b)
            default: return nil
            }
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(lg_tointegerx(L, index, nil)) }
            return .number(lg_tonumberx(L, index, nil))
        case LUA_TBOOLEAN:
            return .boolean(lua_toboolean(L, index) != 0)
        default:
            return nil
        }
    }

    /// The error value on top of the stack as text, popped.
    func readError() -> String {
        defer { lg_pop(L, 1) }
        switch lua_type(L, -1) {
        case LUA_TSTRING, LUA_TNUMBER:
            switch readString(at: -1) {
            case .string(let s): return s
            case .bytes(let b): return String(decoding: b, as: UTF8.self)
            default: return "(error object is not a string)"
            }
        default:
            return "(error object is a \(String(cString: lua_typename(L, lua_type(L, -1)))) value)"
        }
    }
}

extension LuaKey: CustomStringConvertible {
    /// The key as a Lua value.
    public var value: LuaValue {
        switch self {
        case .string(let s): return .string(s)
        case .integer(let i): return .integer(i)
        case .number(let d): return .number(d)
        case .boolean(let b): return .boolean(b)
        case .bytes(let b): return .bytes(b)
        }
    }

    /// The key as Lua source would write it in a table constructor.
    public var description: String {
        switch self {
        case .string(let s): "'\(s)'"
        case .integer(let i): "[\(i)]"
        case .number(let d): "[\(d)]"
        case .boolean(let b): "[\(b)]"
        case .bytes: "[bytes]"
        }
    }
}
