#include <limits.h>
#include "lg_internal.h"

/*
 * The sandbox's table library: concat, insert, remove, move and sort, written for the
 * sandbox. Each of them may loop over a range a rule chooses (table.move(t, 1, 1e15, 2)),
 * inside one C call where the instruction hook never fires, so every loop polls the CPU
 * budget; ranges are checked against what they can touch before the work starts.
 * Elements are read and written with metamethods (lua_geti/lua_seti), as Lua 5.4 does.
 */

/* How many elements a loop handles between two looks at the CPU budget. */
#define POLL_EVERY 1024

static void poll(lua_State *L, lua_Integer done) {
    if ((done & (POLL_EVERY - 1)) == 0) lg_poll_time(L);
}

/* The length of the list at `index` as the # operator sees it (respecting __len). */
static lua_Integer list_length(lua_State *L, int index) {
    luaL_checktype(L, index, LUA_TTABLE);
    return luaL_len(L, index);
}

/* table.concat(list [, sep [, i [, j]]]) */
static int lg_table_concat(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer last = luaL_opt(L, luaL_checkinteger, 4, list_length(L, 1));
    size_t sep_length;
    const char *sep = luaL_optlstring(L, 2, "", &sep_length);
    lua_Integer first = luaL_optinteger(L, 3, 1);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (lua_Integer i = first; i <= last; i++) {
        poll(L, i - first + 1);
        lua_geti(L, 1, i);
        if (!lua_isstring(L, -1))
            return luaL_error(L, "invalid value (at index %I) in table for 'concat'", (LUAI_UACINT)i);
        luaL_addvalue(&buffer);
        if (i != last) luaL_addlstring(&buffer, sep, sep_length);
        if (i == LUA_MAXINTEGER) break;
    }
    luaL_pushresult(&buffer);
    return 1;
}

/* table.insert(list, [pos,] value) */
static int lg_table_insert(lua_State *L) {
    lua_Integer end = list_length(L, 1) + 1; /* first free position */
    lua_Integer position = end;
    switch (lua_gettop(L)) {
    case 2:
        break;
    case 3:
        position = luaL_checkinteger(L, 2);
        /* an unsigned comparison checks 1 <= position <= end at once */
        luaL_argcheck(L, (lua_Unsigned)position - 1u < (lua_Unsigned)end, 2, "position out of bounds");
        for (lua_Integer i = end; i > position; i--) {
            poll(L, end - i + 1);
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, position);
    return 0;
}

/* table.remove(list [, pos]) */
static int lg_table_remove(lua_State *L) {
    lua_Integer size = list_length(L, 1);
    lua_Integer position = luaL_optinteger(L, 2, size);
    if (position != size)
        luaL_argcheck(L, (lua_Unsigned)position - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
    lua_geti(L, 1, position);
    lua_Integer i = position;
    for (; i < size; i++) {
        poll(L, i - position + 1);
        lua_geti(L, 1, i + 1);
        lua_seti(L, 1, i);
    }
    lua_pushnil(L);
    lua_seti(L, 1, i);
    return 1;
}

/* table.move(a1, f, e, t [, a2]) */
static int lg_table_move(lua_State *L) {
    lua_Integer from = luaL_checkinteger(L, 2);
    lua_Integer end = luaL_checkinteger(L, 3);
    lua_Integer to = luaL_checkinteger(L, 4);
    int target = lua_isnoneornil(L, 5) ? 1 : 5;
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, target, LUA_TTABLE);
    if (end >= from) {
        luaL_argcheck(L, from > 0 || end < LUA_MAXINTEGER + from, 3, "too many elements to move");
        lua_Integer count = end - from + 1;
        luaL_argcheck(L, to <= LUA_MAXINTEGER - count + 1, 4, "destination wrap around");
        int overlapping = target == 1 && to > from && to <= end;
        for (lua_Integer k = 0; k < count; k++) {
            poll(L, k + 1);
            lua_Integer i = overlapping ? count - 1 - k : k; /* copy backwards over itself */
            lua_geti(L, 1, from + i);
            lua_seti(L, target, to + i);
        }
    }
    lua_pushvalue(L, target);
    return 1;
}

/* ---- sort: heapsort, so no comparator, however inconsistent, makes it run long or read
   outside the range; the comparisons poll the budget. ---------------------------------- */

typedef struct {
    lua_State *L;
    int has_comparator;
    lua_Integer comparisons;
} sorter;

/* Whether list[a] < list[b] (by the comparator at index 2, or by <). */
static int less(sorter *s, lua_Integer a, lua_Integer b) {
    lua_State *L = s->L;
    poll(L, ++s->comparisons);
    if (s->has_comparator) {
        lua_pushvalue(L, 2);
        lua_geti(L, 1, a);
        lua_geti(L, 1, b);
        lua_call(L, 2, 1);
    } else {
        lua_geti(L, 1, a);
        lua_geti(L, 1, b);
        int result = lua_compare(L, -2, -1, LUA_OPLT);
        lua_pop(L, 2);
        return result;
    }
    int result = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return result;
}

static void swap(lua_State *L, lua_Integer a, lua_Integer b) {
    lua_geti(L, 1, a);
    lua_geti(L, 1, b);
    lua_seti(L, 1, a);
    lua_seti(L, 1, b);
}

/* Sifts the element at 1-based heap position `root` down a max-heap of `size` elements. */
static void sift_down(sorter *s, lua_Integer root, lua_Integer size) {
    for (;;) {
        lua_Integer child = root * 2;
        if (child > size) return;
        if (child < size && less(s, child, child + 1)) child++;
        if (!less(s, root, child)) return;
        swap(s->L, root, child);
        root = child;
    }
}

/* table.sort(list [, comp]) */
static int lg_table_sort(lua_State *L) {
    lua_Integer size = list_length(L, 1);
    if (size <= 1) return 0;
    luaL_argcheck(L, size < INT_MAX, 1, "array too big");
    sorter s = {L, !lua_isnoneornil(L, 2), 0};
    if (s.has_comparator) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    luaL_checkstack(L, 8, "sort");
    for (lua_Integer root = size / 2; root >= 1; root--) sift_down(&s, root, size);
    for (lua_Integer end = size; end > 1; end--) {
        swap(L, 1, end);
        sift_down(&s, 1, end - 1);
    }
    return 0;
}

void lg_open_table(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"concat", lg_table_concat}, {"insert", lg_table_insert}, {"remove", lg_table_remove},
        {"move", lg_table_move}, {"sort", lg_table_sort}, {NULL, NULL}};
    luaL_setfuncs(L, functions, 0);
}
