/*
 * Read-only values of the sandbox: the metamethods every one of them has, and frozen
 * tables, proxies that show a table and refuse writes (what rules get as data).
 */
#include "lg_internal.h"

static const char *const FROZEN_FIELD = "__luagram_frozen";

int lg_is_frozen(lua_State *L, int idx) {
    if (!lua_getmetatable(L, idx)) return 0;
    lua_pushstring(L, FROZEN_FIELD);
    int frozen = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return frozen;
}

/* ---- read-only proxies ---------------------------------------------------------------- */

static int lg_readonly_newindex(lua_State *L) {
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : NULL;
    if (key) return luaL_error(L, "attempt to modify read-only field '%s'", key);
    return luaL_error(L, "attempt to modify a read-only table");
}

void lg_set_readonly_fields(lua_State *L, lua_CFunction len, lua_CFunction pairs) {
    lua_pushcfunction(L, lg_readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
}

/* the proxied table is the __index of the proxy's metatable */
static void push_proxied(lua_State *L, int proxy) {
    lua_getmetatable(L, proxy);
    lua_getfield(L, -1, "__index");
    lua_remove(L, -2);
}

static int lg_proxy_len(lua_State *L) {
    push_proxied(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int lg_proxy_next(lua_State *L) {
    /* upvalue 1: the proxied table; arguments: (ignored state, control) */
    lua_settop(L, 2);
    if (lua_next(L, lua_upvalueindex(1)) == 0) return 0;
    return 2;
}

static int lg_proxy_pairs(lua_State *L) {
    push_proxied(L, 1);
    lua_pushcclosure(L, lg_proxy_next, 1);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

/* Events hold what Meta sent, which the webhook parser accepts nested up to 64 levels. */
#define FREEZE_DEPTH 100

static void freeze_at(lua_State *L, int data, int depth) {
    if (depth > FREEZE_DEPTH) luaL_error(L, "table nested more than %d levels deep", FREEZE_DEPTH);
    luaL_checkstack(L, 6, "freeze");
    /* freeze nested tables first, replacing them in place with their proxies */
    lua_pushnil(L);
    while (lua_next(L, data) != 0) {
        if (lua_type(L, -1) == LUA_TTABLE && !lg_is_frozen(L, -1)) {
            freeze_at(L, lua_gettop(L), depth + 1); /* replaces the value with its proxy */
            lua_pushvalue(L, -2); /* key */
            lua_pushvalue(L, -2); /* proxy */
            lua_rawset(L, data);
        }
        lua_pop(L, 1);
    }
    lua_newtable(L); /* proxy */
    lua_createtable(L, 0, 6);
    lua_pushvalue(L, data);
    lua_setfield(L, -2, "__index");
    lg_set_readonly_fields(L, lg_proxy_len, lg_proxy_pairs);
    lua_pushboolean(L, 1);
    lua_setfield(L, -2, FROZEN_FIELD);
    lua_setmetatable(L, -2);
    lua_replace(L, data);
}

int lg_push_frozen_data(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TTABLE || !lg_is_frozen(L, index)) return 0;
    lua_getmetatable(L, index);
    lua_pushliteral(L, "__index");
    lua_rawget(L, -2);
    lua_remove(L, -2);
    if (lua_type(L, -1) == LUA_TTABLE) return 1;
    lua_pop(L, 1);
    return 0;
}

int lg_freeze(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    freeze_at(L, 1, 0);
    return 1;
}

void lg_freeze_in_place(lua_State *L, int index) {
    freeze_at(L, lua_absindex(L, index), 0);
}
