#include <math.h>
#include <string.h>
#include <time.h>
#include "lg_internal.h"

/*
 * The sandbox is an allow-list: a template table of safe globals kept in the registry.
 * Every rule file gets its own environment with its own copies of the library tables, so a
 * rule can neither see another rule's globals nor change what another rule calls.
 */

static const char *const TEMPLATE_KEY = "luagram.template";

/* ---- base functions ------------------------------------------------------------------- */

static int lg_setmetatable(lua_State *L) {
    int t = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not allowed in rules");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
        return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

static int lg_rawset(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (lg_is_frozen(L, 1)) return luaL_error(L, "attempt to modify a read-only table");
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

static int lg_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L, "collectgarbage: only \"count\" is allowed in rules");
    int k = lua_gc(L, LUA_GCCOUNT);
    int b = lua_gc(L, LUA_GCCOUNTB);
    lua_pushnumber(L, (lua_Number)k + ((lua_Number)b / 1024));
    return 1;
}

#define LG_LOAD_MAX (256 << 10)

/* load(chunk [, chunkname [, mode [, env]]]): text only; env defaults to the rule's own. */
static int lg_load(lua_State *L) {
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    if (s == NULL) return luaL_argerror(L, 1, "load takes a string in rules");
    /* compiling is one C call the CPU budget cannot interrupt: keep it short */
    if (len > LG_LOAD_MAX) return luaL_error(L, "load: chunks larger than %d KiB are not allowed in rules", LG_LOAD_MAX >> 10);
    const char *chunkname = luaL_optstring(L, 2, "=(load)");
    const char *mode = luaL_optstring(L, 3, "t");
    if (strchr(mode, 't') == NULL) return luaL_error(L, "binary chunks are not allowed in rules");
    int status = luaL_loadbufferx(L, s, len, chunkname, "t");
    if (status != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (lua_isnone(L, 4)) lua_pushvalue(L, lua_upvalueindex(1));
    else lua_pushvalue(L, 4);
    if (!lua_setupvalue(L, -2, 1)) lua_pop(L, 1);
    return 1;
}

/* ---- os: the host clock --------------------------------------------------------------- */

/* Meta's times are milliseconds, so the host clock and event times have fractions; the
   os functions take whole seconds, so a fractional time is floored rather than refused. */
static void floor_time_argument(lua_State *L, int index) {
    if (lua_type(L, index) == LUA_TNUMBER && !lua_isinteger(L, index)) {
        lua_Number t = lua_tonumber(L, index);
        if (t >= -9.2e18 && t <= 9.2e18) {
            lua_pushinteger(L, (lua_Integer)floor(t));
            lua_replace(L, index);
        }
    }
}

static int lg_os_time(lua_State *L) {
    if (lua_isnoneornil(L, 1)) {
        lua_pushinteger(L, (lua_Integer)floor(lg_vm_of(L)->now));
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int lg_os_date(lua_State *L) {
    int n = lua_gettop(L);
    if (n < 1) { lua_pushliteral(L, "%c"); n = 1; }
    if (n < 2 || lua_isnil(L, 2)) {
        lua_settop(L, 1);
        lua_pushinteger(L, (lua_Integer)floor(lg_vm_of(L)->now));
        n = 2;
    }
    floor_time_argument(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, 1);
    return 1;
}

/* ---- template ------------------------------------------------------------------------- */

/* Pushes a shallow copy of the table at `from`. */
static void copy_table(lua_State *L, int from) {
    from = lua_absindex(L, from);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, from) != 0) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
}

/* Copies the named fields of the table at `from` into a new table, left on the stack. */
static void copy_fields(lua_State *L, int from, const char *const *names) {
    from = lua_absindex(L, from);
    lua_newtable(L);
    for (; *names; names++) {
        lua_getfield(L, from, *names);
        lua_setfield(L, -2, *names);
    }
}

int lg_sandbox_open(lua_State *L) {
    static const char *const base_names[] = {
        "assert", "error", "ipairs", "next", "pairs", "pcall", "xpcall", "select",
        "tonumber", "tostring", "type", "rawequal", "rawlen", "rawget", "getmetatable",
        "_VERSION", NULL};
    static const char *const string_names[] = {
        "byte", "char", "format", "len", "lower", "pack", "packsize", "rep", "reverse",
        "sub", "unpack", "upper", NULL};
    static const char *const table_names[] = {
        "concat", "insert", "move", "pack", "remove", "sort", "unpack", NULL};
    static const char *const math_names[] = {
        "abs", "ceil", "cos", "deg", "exp", "floor", "fmod", "huge", "log", "max",
        "maxinteger", "min", "mininteger", "modf", "pi", "rad", "random", "randomseed",
        "sin", "sqrt", "tan", "tointeger", "type", "ult", "acos", "asin", "atan", NULL};
    static const char *const utf8_names[] = {
        "char", "charpattern", "codes", "codepoint", "len", "offset", NULL};
    static const char *const os_names[] = {"clock", "difftime", NULL};
    static const char *const coroutine_names[] = {
        "create", "isyieldable", "running", "status", "yield", NULL};

    luaL_openlibs(L);
    lua_pushglobaltable(L);
    int G = lua_gettop(L);

    copy_fields(L, G, base_names);
    int T = lua_gettop(L);
    lua_pushcfunction(L, lg_setmetatable);
    lua_setfield(L, T, "setmetatable");
    lua_pushcfunction(L, lg_rawset);
    lua_setfield(L, T, "rawset");
    lua_pushcfunction(L, lg_collectgarbage);
    lua_setfield(L, T, "collectgarbage");
    lua_pushcfunction(L, lg_type);
    lua_setfield(L, T, "type");
    lua_getfield(L, G, "xpcall");
    lg_push_xpcall(L, lua_gettop(L));
    lua_setfield(L, T, "xpcall");
    lua_pop(L, 1);

    lua_getfield(L, G, "string");
    copy_fields(L, -1, string_names);
    lua_remove(L, -2);
    lua_pushcfunction(L, lg_str_find);
    lua_setfield(L, -2, "find");
    lua_pushcfunction(L, lg_str_match);
    lua_setfield(L, -2, "match");
    lua_pushcfunction(L, lg_str_gmatch);
    lua_setfield(L, -2, "gmatch");
    lua_pushcfunction(L, lg_str_gsub);
    lua_setfield(L, -2, "gsub");
    lg_open_string(L);
    /* The string metatable is shared by every rule: point it at a private copy of the safe
       string table, and hide it from getmetatable. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    copy_table(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    lua_setfield(L, T, "string");

    lua_getfield(L, G, "table");
    copy_fields(L, -1, table_names);
    lg_open_table(L);
    lua_setfield(L, T, "table");
    lua_pop(L, 1);

    lua_getfield(L, G, "math");
    copy_fields(L, -1, math_names);
    lua_setfield(L, T, "math");
    lua_pop(L, 1);

    lua_getfield(L, G, "utf8");
    copy_fields(L, -1, utf8_names);
    lua_setfield(L, T, "utf8");
    lua_pop(L, 1);

    lua_getfield(L, G, "os");
    copy_fields(L, -1, os_names);
    lua_getfield(L, -2, "time");
    lua_pushcclosure(L, lg_os_time, 1);
    lua_setfield(L, -2, "time");
    lua_getfield(L, -2, "date");
    lua_pushcclosure(L, lg_os_date, 1);
    lua_setfield(L, -2, "date");
    lua_setfield(L, T, "os");
    lua_pop(L, 1);

    lua_getfield(L, G, "coroutine");
    copy_fields(L, -1, coroutine_names);
    lg_open_coroutine(L);
    lua_setfield(L, T, "coroutine");
    lua_pop(L, 1);

    lua_pushvalue(L, T);
    lua_setfield(L, LUA_REGISTRYINDEX, TEMPLATE_KEY);

    /* Nothing may reach the full globals (io, os.execute, require, …): drop them, and
       replace the loaded-modules table that would still hold them with the safe libraries
       alone. Lua names functions in error messages by finding them there ("bad argument
       #1 to 'string.rep'"); without it every one of them is '?'. No rule can reach it. */
    lua_newtable(L);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    static const char *const libraries[] = {"string", "table", "math", "utf8", "coroutine", NULL};
    lua_newtable(L);
    lua_pushvalue(L, T);
    lua_setfield(L, -2, LUA_GNAME);
    for (const char *const *name = libraries; *name; name++) {
        lua_getfield(L, T, *name);
        lua_setfield(L, -2, *name);
    }
    /* os.date and os.time are wrappers: the functions that raise are Lua's own, so those
       are what the table holds (it names functions; rules never reach it) */
    static const char *const named_os[] = {"clock", "difftime", "date", "time", NULL};
    lua_getfield(L, G, "os");
    copy_fields(L, -1, named_os);
    lua_setfield(L, -3, "os");
    lua_pop(L, 1);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_settop(L, 0);
    lua_gc(L, LUA_GCCOLLECT);
    /* generational: what handlers make per event (views, strings, little tables) dies young,
       and minor collections cost less for that (scripts/bench dispatch: +6%) */
    lua_gc(L, LUA_GCGEN, 0, 0);
    return 0;
}

int lg_sandbox_set_global(lua_State *L) {
    luaL_checktype(L, 1, LUA_TSTRING);
    lua_getfield(L, LUA_REGISTRYINDEX, TEMPLATE_KEY);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_rawset(L, -3);
    return 0;
}

int lg_sandbox_new_env(lua_State *L) {
    lua_getfield(L, LUA_REGISTRYINDEX, TEMPLATE_KEY);
    int T = lua_gettop(L);
    lua_newtable(L);
    int E = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, T) != 0) {
        if (lua_type(L, -1) == LUA_TTABLE) {
            copy_table(L, -1);
            lua_replace(L, -2);
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, E);
    }
    /* each environment's own random state: one file seeding it fixes nobody else's numbers */
    lua_getfield(L, E, "math");
    lua_pushcfunction(L, luaopen_math);
    lua_call(L, 0, 1);
    lua_getfield(L, -1, "random");
    lua_setfield(L, -3, "random");
    lua_getfield(L, -1, "randomseed");
    lua_setfield(L, -3, "randomseed");
    lua_pop(L, 2);
    lua_pushvalue(L, E);
    lua_setfield(L, E, "_G");
    lua_pushvalue(L, E);
    lua_pushcclosure(L, lg_load, 1);
    lua_setfield(L, E, "load");
    return 1;
}
