/* Protected calls with the sandbox's message handler, and Swift functions raised from C
   (lg_shim.h). */
#include <stdio.h>
#include <string.h>
#include "lg_internal.h"

/* ---- calls ---------------------------------------------------------------------------- */

/* Pushes the qualified name ("string.gsub", "pcall") under which the function at the top
   is found in the loaded-libraries table (the sandbox's safe libraries), and returns 1; or
   pushes nothing and returns 0. */
static int push_library_name(lua_State *L) {
    int function = lua_gettop(L);
    if (lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE) != LUA_TTABLE) {
        lua_pop(L, 1);
        return 0;
    }
    int loaded = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, loaded) != 0) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TTABLE) {
            lua_pushnil(L);
            while (lua_next(L, -2) != 0) {
                if (lua_type(L, -2) == LUA_TSTRING && lua_rawequal(L, -1, function)) {
                    const char *library = lua_tostring(L, -4);
                    if (strcmp(library, LUA_GNAME) == 0) lua_pushvalue(L, -2);
                    else lua_pushfstring(L, "%s.%s", library, lua_tostring(L, -2));
                    lua_replace(L, loaded);
                    lua_settop(L, loaded);
                    return 1;
                }
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

/* Lua names a library function in "bad argument" errors by the name at the call ('gsub'),
   or '?' when a C function called it (pcall(string.rep), the os wrappers): the message at
   `index` gets the qualified name instead, found from the function that raised it. */
static void qualify_bad_argument(lua_State *L, int index) {
    const char *msg = lua_tostring(L, index);
    const char *start = msg ? strstr(msg, "bad argument #") : NULL;
    const char *to = start ? strstr(start, " to '") : NULL;
    const char *end = to ? strchr(to + 5, '\'') : NULL;
    lua_Debug ar;
    if (end == NULL || !lua_getstack(L, 1, &ar) || !lua_getinfo(L, "f", &ar)) return;
    if (!lua_iscfunction(L, -1) || !push_library_name(L)) {
        lua_pop(L, 1);
        return;
    }
    const char *name = lua_tostring(L, -1);
    size_t short_length = (size_t)(end - (to + 5));
    const char *dot = strrchr(name, '.');
    const char *last = dot ? dot + 1 : name;
    int same = (short_length == 1 && to[5] == '?') || (strlen(last) == short_length && strncmp(last, to + 5, short_length) == 0);
    if (same) {
        lua_pushlstring(L, msg, (size_t)(to + 5 - msg));
        lua_pushstring(L, name);
        lua_pushstring(L, end);
        lua_concat(L, 3);
        lua_replace(L, index);
    }
    lua_pop(L, 2);
}

/* The message handler: a string message gets a traceback; any other error value is named
   by its type (its __tostring is rule code and is not run here). It runs in host mode: a
   rule at its memory cap still gets its message. */
static int lg_msgh(lua_State *L) {
    lg_vm *vm = lg_vm_of(L);
    int enforce = vm->enforce;
    vm->enforce = 0;
    qualify_bad_argument(L, 1);
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1);
    vm->enforce = enforce;
    return 1;
}

int lg_pcall(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, lg_msgh);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    return status;
}

int lg_cpcall(lua_State *L, lua_CFunction fn, int nargs, int nresults) {
    lua_pushcfunction(L, fn);
    lua_insert(L, -(nargs + 1));
    return lg_pcall(L, nargs, nresults);
}

int lg_loadtext(lua_State *L, const char *source, size_t length, const char *chunkname) {
    return luaL_loadbufferx(L, source, length, chunkname, "t");
}

/* ---- Swift functions ------------------------------------------------------------------ */

static lg_swift_dispatcher swift_dispatcher;

void lg_set_swift_dispatcher(lg_swift_dispatcher dispatcher) { swift_dispatcher = dispatcher; }

/* Swift never raises: it returns LG_SWIFT_ERROR with the message on top, and the raise
   happens here, after the Swift frame is gone. */
static int lg_trampoline(lua_State *L) {
    void *box = lua_touserdata(L, lua_upvalueindex(1));
    lg_vm *vm = lg_vm_of(L);
    int enforce = vm->enforce;
    vm->enforce = 0;
    int n = swift_dispatcher(L, box);
    vm->enforce = enforce;
    if (n == LG_SWIFT_ERROR) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    return n;
}

void lg_push_swift_function(lua_State *L, void *box) {
    lua_pushlightuserdata(L, box);
    lua_pushcclosure(L, lg_trampoline, 1);
}

int lg_where(lua_State *L, int level, char *source, size_t source_size, int *line) {
    lua_Debug ar;
    if (!lua_getstack(L, level, &ar)) return 0;
    if (!lua_getinfo(L, "Sl", &ar)) return 0;
    snprintf(source, source_size, "%s", ar.short_src);
    *line = ar.currentline;
    return 1;
}
