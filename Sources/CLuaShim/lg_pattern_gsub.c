/* string.gsub for rule code (see lg_pattern.h). */
#define _GNU_SOURCE
#include <string.h>
#include "lg_pattern.h"

static void add_bytes(luaL_Buffer *b, Budget *budget, const char *s, size_t len) {
    spend(budget, len / BYTES_PER_STEP);
    luaL_addlstring(b, s, len);
}

/* Appends a replacement string for the match s..e: %0 to %9 are captures, %% is '%'. Each
   escape costs a step, so that a long template pays for its work on every match. */
static void add_template(Matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    size_t lr;
    const char *r = lua_tolstring(m->L, 3, &lr);
    const char *re = r + lr;
    for (;;) {
        const char *pct = memchr(r, '%', (size_t)(re - r));
        if (pct == NULL) break;
        add_bytes(b, m->budget, r, (size_t)(pct - r));
        spend(m->budget, 1);
        r = pct + 1;
        if (r < re && *r == '%') {
            add_bytes(b, m->budget, "%", 1);
        } else if (r < re && *r >= '0' && *r <= '9') {
            if (*r == '0') {
                add_bytes(b, m->budget, s, (size_t)(e - s));
            } else {
                lg_pattern_push_capture(m, *r - '1', s, e);
                spend(m->budget, lua_rawlen(m->L, -1) / BYTES_PER_STEP);
                luaL_addvalue(b); /* position captures are integers: it converts them */
            }
        } else {
            luaL_error(m->L, "invalid use of '%%' in replacement string");
        }
        r++;
    }
    add_bytes(b, m->budget, r, (size_t)(re - r));
}

/* Appends the replacement for the match s..e. Returns 0 when it kept the match (a table or
   function gave false or nil). */
static int add_replacement(Matcher *m, luaL_Buffer *b, int type, const char *s, const char *e) {
    lua_State *L = m->L;
    if (type == LUA_TSTRING || type == LUA_TNUMBER) {
        add_template(m, b, s, e);
        return 1;
    }
    if (type == LUA_TTABLE) {
        lg_pattern_push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        lua_pushvalue(L, 3);
        int n = lg_pattern_push_captures(m, s, e, 1);
        lua_call(L, n, 1);
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        add_bytes(b, m->budget, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    size_t len;
    lua_tolstring(L, -1, &len);
    spend(m->budget, len / BYTES_PER_STEP);
    luaL_addvalue(b);
    return 1;
}

int lg_str_gsub(lua_State *L) {
    size_t ls, lp;
    const char *src = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    int type = lua_type(L, 3);
    lua_Integer max_n = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, type == LUA_TNUMBER || type == LUA_TSTRING || type == LUA_TFUNCTION || type == LUA_TTABLE, 3,
                     "string/function/table");
    int anchored = lp > 0 && *p == '^';
    if (anchored) p++, lp--;
    lua_settop(L, 3);
    Budget budget;
    lg_pattern_budget_start(&budget, L);
    Matcher m;
    lg_pattern_matcher_start(&m, L, lg_pattern_compile(L, p, lp), src, ls, &budget);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    const char *s = src, *last = NULL;
    lua_Integer n = 0;
    int changed = 0;
    while (n < max_n) {
        const char *start, *e = lg_pattern_search(&m, s, anchored, last, &start);
        if (e == NULL) break;
        add_bytes(&b, &budget, s, (size_t)(start - s));
        n++;
        changed |= add_replacement(&m, &b, type, start, e);
        s = last = e;
        if (anchored) break;
    }
    if (changed) {
        add_bytes(&b, &budget, s, (size_t)(m.end - s));
        luaL_pushresult(&b);
    } else {
        lua_pushvalue(L, 1);
    }
    lua_pushinteger(L, n);
    return 2;
}
