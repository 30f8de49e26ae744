import CLua
import CLuaShim

/// A Lua value anchored in a VM's registry, so Swift can hold on to it between calls.
///
/// Refs belong to the VM that made them; `release` gives the slot back.
public struct LuaRef: Hashable {
    let id: Int32
}

extension LuaVM {
    func popRef() -> LuaRef {
        LuaRef(id: luaL_ref(L, lg_registryindex()))
    }

    func pushRef(_ ref: LuaRef) {
        lua_rawgeti(L, lg_registryindex(), lua_Integer(ref.id))
    }

    /// Lets the VM collect the value.
    public func release(_ ref: LuaRef) {
        luaL_unref(L, lg_registryindex(), ref.id)
    }

    /// A copy of the value `ref` refers to.
    public func value(of ref: LuaRef) throws(LuaCopyError) -> LuaValue {
        pushRef(ref)
        defer { lg_pop(L, 1) }
        return try read(at: -1)
    }

    /// Anchors a Swift value as a new Lua value (tables become new tables).
    public func makeValue(_ value: LuaValue) -> LuaRef {
        push(value)
        return popRef()
    }

    /// The raw field `key` of a referenced table, anchored, or nil when absent.
    public func field(_ key: String, of table: LuaRef) -> LuaRef? {
        pushRef(table)
        guard lua_type(L, -1) == LUA_TTABLE else {
            lg_pop(L, 1)
            return nil
        }
        push(.string(key))
        if lua_rawget(L, -2) == LUA_TNIL {
            lg_pop(L, 2)
            return nil
        }
        lua_rotate(L, -2, 1)
        lg_pop(L, 1)
        return popRef()
    }

    /// Sets the metatable of a referenced table.
    public func setMetatable(of table: LuaRef, to metatable: LuaRef) {
        pushRef(table)
        pushRef(metatable)
        lua_setmetatable(L, -2)
        lg_pop(L, 1)
    }

    /// A read-only proxy of a referenced table; nested tables are frozen in place.
    /// Writes through the proxy, `rawset` on it and `setmetatable` on it all fail.
    /// Throws for a table nested deeper than the sandbox freezes (100 levels).
    public func freeze(_ table: LuaRef) throws(LuaError) -> LuaRef {
        pushRef(table)
        let status = lg_cpcall(L, lg_freeze, 1, 1)
        guard status == LUA_OK else { throw LuaError(kind: .runtime, message: readError()) }
        return popRef()
    }

    /// Sets the raw field `key` of a referenced table to a referenced value.
    public func setField(_ key: String, of table: LuaRef, to value: LuaRef) {
        pushRef(table)
        push(.string(key))
        pushRef(value)
        lua_rawset(L, -3)
        lg_pop(L, 1)
    }

    /// A new table of Swift functions (a method table).
    public func makeTable(functions: [String: LuaFunction]) -> LuaRef {
        lua_createtable(L, 0, Int32(functions.count))
        for (key, function) in functions.sorted(by: { $0.key < $1.key }) {
            pushFunction(function)
            lua_setfield(L, -2, key)
        }
        return popRef()
    }
}
