/* string.find, string.match and string.gmatch for rule code (see lg_pattern.h). */
#define _GNU_SOURCE
#include <string.h>
#include "lg_pattern.h"

/* ---- the library functions -------------------------------------------------------------- */

/* A 1-based init argument as an offset into a subject of len bytes: negative counts from
   the end, and anything before the start means the start. Past the end stays past it. */
static size_t start_offset(lua_Integer init, size_t len) {
    if (init > 0) return (size_t)init - 1;
    if (init == 0 || init < -(lua_Integer)len) return 0;
    return len - (size_t)(-init);
}

static int has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++)
        if (memchr("^$*+?.([%-", p[i], 10) != NULL) return 1;
    return 0;
}

static int find_or_match(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        /* a plain search: linear whatever the input */
        const char *hit = lp == 0 ? s + init : memmem(s + init, ls - init, p, lp);
        if (hit == NULL) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (lua_Integer)(hit - s) + 1);
        lua_pushinteger(L, (lua_Integer)(hit - s + lp));
        return 2;
    }
    int anchored = lp > 0 && *p == '^';
    if (anchored) p++, lp--;
    Budget budget;
    lg_pattern_budget_start(&budget, L);
    Matcher m;
    lg_pattern_matcher_start(&m, L, lg_pattern_compile(L, p, lp), s, ls, &budget);
    const char *start, *e = lg_pattern_search(&m, s + init, anchored, NULL, &start);
    if (e == NULL) {
        luaL_pushfail(L);
        return 1;
    }
    if (!find) return lg_pattern_push_captures(&m, start, e, 1);
    lua_pushinteger(L, (lua_Integer)(start - s) + 1);
    lua_pushinteger(L, (lua_Integer)(e - s));
    return 2 + lg_pattern_push_captures(&m, NULL, NULL, 0);
}

int lg_str_find(lua_State *L) { return find_or_match(L, 1); }

int lg_str_match(lua_State *L) { return find_or_match(L, 0); }

/* The iterator: upvalues are the subject, the pattern and its compiled form. */
static int gmatch_next(lua_State *L) {
    size_t ls;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    Pattern *pat = lua_touserdata(L, lua_upvalueindex(3));
    if (pat->next > ls) return 0;
    Budget budget;
    lg_pattern_budget_start(&budget, L);
    Matcher m;
    lg_pattern_matcher_start(&m, L, pat, s, ls, &budget);
    /* in 5.4 an empty match right where the previous match ended does not count */
    const char *start, *e = lg_pattern_search(&m, s + pat->next, 0, pat->has_last ? s + pat->last : NULL, &start);
    if (e == NULL) {
        pat->next = ls + 1;
        return 0;
    }
    pat->next = pat->last = (size_t)(e - s);
    pat->has_last = 1;
    return lg_pattern_push_captures(&m, start, e, 1);
}

int lg_str_gmatch(lua_State *L) {
    size_t ls, lp;
    luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    lua_settop(L, 2);
    /* '^' is an ordinary byte here: an anchor would stop the iteration */
    Pattern *pat = lg_pattern_compile(L, p, lp);
    pat->next = init > ls ? ls + 1 : init;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}
