/* The matcher: items walked left to right, choices on an explicit stack, every step
   paid from the call's budget (see lg_pattern.h). */
#define _GNU_SOURCE
#include <string.h>
#include "lg_pattern.h"

/* lua5.4's wording, so that rules see the same messages */
static const char *const error_text[] = {
    [E_ENDS_WITH_ESCAPE] = "malformed pattern (ends with '%%')",
    [E_MISSING_BRACKET] = "malformed pattern (missing ']')",
    [E_FRONTIER] = "missing '[' after '%%f' in pattern",
    [E_BALANCE] = "malformed pattern (missing arguments to '%%b')",
    [E_CAPTURE_INDEX] = "invalid capture index %%%d",
    [E_BAD_CLOSE] = "invalid pattern capture",
    [E_TOO_MANY_CAPTURES] = "too many captures",
};

/* ---- the step budget -------------------------------------------------------------------- */

void lg_pattern_budget_start(Budget *b, lua_State *L) {
    b->L = L;
    b->used = 0;
    b->limit = lg_vm_of(L)->pattern_steps;
    b->next_check = b->limit < POLL_EVERY ? b->limit + 1 : POLL_EVERY;
}

void lg_pattern_budget_check(Budget *b) {
    if (b->used > b->limit)
        luaL_error(b->L, "pattern too complex for the sandbox (more than %I matcher steps)", (lua_Integer)b->limit);
    lg_poll_time(b->L);
    b->next_check = b->limit - b->used < POLL_EVERY ? b->limit + 1 : b->used + POLL_EVERY;
}

/* ---- matching --------------------------------------------------------------------------- */

static inline int class_has(const Pattern *pat, const Item *it, unsigned char c) {
    if (it->set == SET_LITERAL) return c == it->a;
    if (it->set == SET_ANY) return 1;
    return map_has(pat->maps[it->set], c);
}

static inline int byte_matches(const Matcher *m, const Item *it, const char *s) {
    return s < m->end && class_has(m->pat, it, (unsigned char)*s);
}

static void push_entry(Matcher *m, int type, size_t item, const char *s, size_t n) {
    if (m->depth == MAX_DEPTH) luaL_error(m->L, "pattern too complex");
    Entry *e = &m->pat->stack[m->depth++];
    e->type = type;
    e->item = item;
    e->s = s;
    e->n = n;
}

/* How many bytes from s item it's class takes, at most. */
static size_t longest_run(Matcher *m, const Item *it, const char *s) {
    if (it->set == SET_ANY) return (size_t)(m->end - s);
    const char *t = s;
    while (byte_matches(m, it, t)) {
        spend(m->budget, 1);
        t++;
    }
    return (size_t)(t - s);
}

/* The end of the balanced %bxy run starting at s, or NULL. */
static const char *balance_end(Matcher *m, const Item *it, const char *s) {
    if (s >= m->end || (unsigned char)*s != it->a) return NULL;
    size_t open = 1;
    /* the closer is tested first, so that %b'' pairs quotes */
    for (const char *t = s + 1; t < m->end; t++) {
        spend(m->budget, 1);
        if ((unsigned char)*t == it->b) {
            if (--open == 0) return t + 1;
        } else if ((unsigned char)*t == it->a) {
            open++;
        }
    }
    return NULL;
}

/* Unwinds the stack to the newest choice with an alternative left and takes it: sets *item
   and *s to where matching goes on. Returns 0 when no choice is left. */
static int backtrack(Matcher *m, size_t *item, const char **s) {
    while (m->depth > 0) {
        Entry *e = &m->pat->stack[m->depth - 1];
        switch (e->type) {
        case T_UNDO_OPEN:
            m->level--;
            break;
        case T_UNDO_CLOSE:
            m->cap[m->pat->items[e->item].a].len = CAP_OPEN;
            break;
        case T_OPT:
            /* the last alternative runs outside the choice, as in lua5.4 (no nested frame) */
            m->depth--;
            *item = e->item + 1;
            *s = e->s;
            return 1;
        case T_GREEDY:
            if (e->n > 0) {
                e->n--;
                *item = e->item + 1;
                *s = e->s + e->n;
                return 1;
            }
            break;
        case T_LAZY: {
            const char *t = e->s + e->n;
            spend(m->budget, 1);
            if (byte_matches(m, &m->pat->items[e->item], t)) {
                e->n++;
                *item = e->item + 1;
                *s = t + 1;
                return 1;
            }
            break;
        }
        }
        m->depth--;
    }
    return 0;
}

/* Matches the whole pattern at s only. Returns the end of the match, or NULL. */
static const char *match_at(Matcher *m, const char *s) {
    const Item *items = m->pat->items;
    size_t i = 0;
    m->level = 0;
    m->depth = 0;
    for (;;) {
        const Item *it = &items[i];
        /* reaching the end counts too, so that even an empty pattern pays for each position */
        spend(m->budget, 1);
        if (it->kind == K_DONE) return s;
        int ok = 1;
        switch (it->kind) {
        case K_CHAR:
            switch (it->quant) {
            case Q_ONE:
                ok = byte_matches(m, it, s);
                if (ok) s++;
                break;
            case Q_OPT:
                if (byte_matches(m, it, s)) {
                    push_entry(m, T_OPT, i, s, 0);
                    s++;
                }
                break;
            case Q_PLUS:
                ok = byte_matches(m, it, s);
                if (!ok) break;
                s++;
                /* fall through */
            case Q_STAR: {
                size_t n = longest_run(m, it, s);
                push_entry(m, T_GREEDY, i, s, n);
                s += n;
                break;
            }
            case Q_LAZY:
                push_entry(m, T_LAZY, i, s, 0);
                break;
            }
            break;
        case K_OPEN:
        case K_POSITION:
            push_entry(m, T_UNDO_OPEN, i, s, 0);
            m->cap[m->level].start = s;
            m->cap[m->level].len = it->kind == K_OPEN ? CAP_OPEN : CAP_POSITION;
            m->level++;
            break;
        case K_CLOSE:
            push_entry(m, T_UNDO_CLOSE, i, s, 0);
            m->cap[it->a].len = s - m->cap[it->a].start;
            break;
        case K_BALANCE:
            s = balance_end(m, it, s);
            ok = s != NULL;
            break;
        case K_FRONTIER: {
            /* outside the subject the neighbour byte counts as '\0' */
            unsigned char before = s == m->src ? 0 : (unsigned char)s[-1];
            unsigned char here = s == m->end ? 0 : (unsigned char)*s;
            const uint64_t *map = m->pat->maps[it->set];
            ok = !map_has(map, before) && map_has(map, here);
            break;
        }
        case K_BACKREF: {
            const Capture *c = &m->cap[it->a];
            /* a position capture has no text, and lua5.4 never matches it */
            ok = c->len >= 0 && m->end - s >= c->len && memcmp(c->start, s, (size_t)c->len) == 0;
            if (ok) {
                spend(m->budget, (uint64_t)c->len / BYTES_PER_STEP);
                s += c->len;
            }
            break;
        }
        case K_AT_END:
            ok = s == m->end;
            break;
        case K_ERROR:
            luaL_error(m->L, error_text[it->a], (int)it->b);
            break;
        }
        if (ok)
            i++;
        else if (!backtrack(m, &i, &s))
            return NULL;
    }
}

/* The first match that starts at or after from (only at from when anchored) and does not
   end at refused. Sets *start; returns the end of the match, or NULL. */
const char *lg_pattern_search(Matcher *m, const char *from, int anchored, const char *refused, const char **start) {
    const Pattern *pat = m->pat;
    for (const char *s = from;; s++) {
        if (!anchored && pat->nprefix > 0) {
            /* no match can start where the prefix is not */
            s = memmem(s, (size_t)(m->end - s), pat->prefix, pat->nprefix);
            if (s == NULL) return NULL;
            if (pat->literal) {
                spend(m->budget, 1);
                *start = s;
                return s + pat->nprefix;
            }
        }
        const char *e = match_at(m, s);
        if (e != NULL && e != refused) {
            *start = s;
            return e;
        }
        if (anchored || s == m->end) return NULL;
    }
}

void lg_pattern_matcher_start(Matcher *m, lua_State *L, Pattern *pat, const char *src, size_t len, Budget *budget) {
    m->L = L;
    m->pat = pat;
    m->src = src;
    m->end = src + len;
    m->budget = budget;
    m->level = 0;
    m->depth = 0;
}

/* Pushes capture i of the match s..e. A pattern without captures has the whole match as its
   capture 0 (gsub's "%1" and table keys rely on it). */
void lg_pattern_push_capture(Matcher *m, int i, const char *s, const char *e) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(m->L, s, (size_t)(e - s));
        return;
    }
    const Capture *c = &m->cap[i];
    if (c->len == CAP_OPEN) luaL_error(m->L, "unfinished capture");
    if (c->len == CAP_POSITION)
        lua_pushinteger(m->L, (lua_Integer)(c->start - m->src) + 1);
    else
        lua_pushlstring(m->L, c->start, (size_t)c->len);
}

/* Pushes all captures; with none, the whole match when whole is set. Returns how many. */
int lg_pattern_push_captures(Matcher *m, const char *s, const char *e, int whole) {
    int n = (m->level == 0 && whole) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) lg_pattern_push_capture(m, i, s, e);
    return n;
}
