#include <string.h>
#include "lg_internal.h"

/*
 * string.rep for the sandbox. Lua's own copies the string once per repetition, so
 * string.rep("", 1e15) loops 10^15 times inside one C call; this one returns at once when
 * the result is empty, refuses a result larger than the memory the rule has left before
 * allocating anything, and fills the result by doubling (a few dozen memcpy calls).
 */
static int lg_string_rep(lua_State *L) {
    size_t length, sep_length;
    const char *s = luaL_checklstring(L, 1, &length);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *sep = luaL_optlstring(L, 3, "", &sep_length);
    size_t unit = length + sep_length;
    if (n <= 0 || unit == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    lg_vm *vm = lg_vm_of(L);
    size_t room = vm->limit > vm->used ? vm->limit - vm->used : 0;
    if ((lua_Unsigned)n > (room + sep_length) / unit) {
        vm->abort_reason = LG_ABORT_MEMORY;
        return luaL_error(L, "memory budget exceeded (%d MiB): string.rep would make a string too large for it",
                          (int)(vm->limit >> 20));
    }
    size_t total = (size_t)n * unit - sep_length;
    luaL_Buffer buffer;
    char *p = luaL_buffinitsize(L, &buffer, total);
    memcpy(p, s, length);
    if (total > length) memcpy(p + length, sep, sep_length);
    size_t filled = total < unit ? total : unit;
    while (filled < total) {
        size_t chunk = filled < total - filled ? filled : total - filled;
        memcpy(p + filled, p, chunk);
        filled += chunk;
    }
    luaL_pushresultsize(&buffer, total);
    return 1;
}

void lg_open_string(lua_State *L) {
    lua_pushcfunction(L, lg_string_rep);
    lua_setfield(L, -2, "rep");
}
