/*
 * string.find, match, gmatch and gsub for rule code, as the Lua 5.4 manual describes them
 * (sections 6.4 and 6.4.1, https://www.lua.org/manual/5.4/manual.html#6.4), with a budget of
 * matcher steps per call so that no pattern can hold the VM's thread for long.
 *
 * A pattern is compiled first into a flat list of items. Every single-character class (a
 * literal, '.', %a..., a [set]) becomes either a literal byte or a 256-bit map, so testing a
 * subject byte is one comparison or one bit test. The matcher walks the items left to right;
 * where a quantifier could have chosen differently it leaves a choice on an explicit stack,
 * and a failure resumes the newest choice. Capture changes go on the same stack, so that
 * unwinding it undoes them. Nothing recurses in C.
 *
 * Lua reports a malformed item only when the matcher reaches it ("x%" finds nothing in "abc"
 * but raises on "x"), so the compiler ends the list with an error item instead of raising.
 */
#define _GNU_SOURCE
#include <string.h>
#include "lg_internal.h"

enum {
    MAX_CAPTURES = 32,
    /* lua5.4 gives up with "pattern too complex" when a match needs 200 nested matcher
       frames; one stack entry here stands for one such frame (the first is the call itself) */
    MAX_DEPTH = 199,
    POLL_EVERY = 4096,
    /* gsub's output: appending this many bytes costs about one matcher step */
    BYTES_PER_STEP = 32,
};

/* ---- compiled patterns ------------------------------------------------------------------ */

enum item_kind {
    K_CHAR,     /* one byte of a class, with a quantifier */
    K_OPEN,     /* '(' */
    K_POSITION, /* '()' */
    K_CLOSE,    /* ')' */
    K_BALANCE,  /* %bxy */
    K_FRONTIER, /* %f[set] */
    K_BACKREF,  /* %1 to %9 */
    K_AT_END,   /* '$' as the pattern's last character */
    K_ERROR,    /* a malformed item */
    K_DONE,
};

enum quantifier { Q_ONE, Q_OPT, Q_STAR, Q_PLUS, Q_LAZY };

/* Item.set for classes that need no map */
#define SET_LITERAL UINT32_MAX
#define SET_ANY (UINT32_MAX - 1)

typedef struct {
    uint8_t kind, quant;
    /* K_CHAR literal: the byte; K_BALANCE: the delimiters; K_CLOSE, K_BACKREF: the capture
       (0-based); K_ERROR: the message and the capture number it names */
    uint8_t a, b;
    uint32_t set; /* K_CHAR, K_FRONTIER: index into maps, or SET_LITERAL / SET_ANY */
} Item;

enum error_code {
    E_ENDS_WITH_ESCAPE, E_MISSING_BRACKET, E_FRONTIER, E_BALANCE, E_CAPTURE_INDEX,
    E_BAD_CLOSE, E_TOO_MANY_CAPTURES,
};

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

/* A choice left by a quantifier, or a capture change to undo. */
enum entry_type { T_OPT, T_GREEDY, T_LAZY, T_UNDO_OPEN, T_UNDO_CLOSE };
typedef struct {
    const char *s; /* where the item started */
    size_t n;      /* T_GREEDY: bytes still taken; T_LAZY: bytes taken so far */
    size_t item;
    int type;
} Entry;

/* One userdata: this header, then the items, the maps, the stack and the literal prefix. */
typedef struct {
    size_t nitems, nmaps, nstack, nprefix;
    /* the pattern is nothing but its prefix, so a hit of the prefix is the whole match */
    int literal;
    /* gmatch's place between calls: offset of the next search (past the subject's end when
       done), and where the previous match ended */
    int has_last;
    size_t next, last;
    Item *items;
    uint64_t (*maps)[4];
    Entry *stack;
    char *prefix; /* the literal bytes every match starts with, found with memmem */
} Pattern;

static inline int map_has(const uint64_t *map, unsigned char c) {
    return (int)(map[c >> 6] >> (c & 63)) & 1;
}

static void map_add_range(uint64_t *map, unsigned char lo, unsigned char hi) {
    for (unsigned w = lo >> 6; w <= (unsigned)hi >> 6; w++) {
        unsigned from = w == (unsigned)lo >> 6 ? lo & 63 : 0;
        unsigned to = w == (unsigned)hi >> 6 ? hi & 63 : 63;
        map[w] |= (~(uint64_t)0 >> (63 - (to - from))) << from;
    }
}

/* Adds the class %letter; returns 0 when the letter names no class. The classes are the C
   locale's, which is what lua5.4 runs with (it never calls setlocale): the host's locale must
   not change what rules match. */
static int map_add_class(uint64_t *map, unsigned char letter) {
    uint64_t class[4] = {0};
    int upper = letter >= 'A' && letter <= 'Z';
    switch (upper ? letter + ('a' - 'A') : letter) {
    case 'a': map_add_range(class, 'A', 'Z'); map_add_range(class, 'a', 'z'); break;
    case 'c': map_add_range(class, 0, 31); map_add_range(class, 127, 127); break;
    case 'd': map_add_range(class, '0', '9'); break;
    case 'g': map_add_range(class, 33, 126); break;
    case 'l': map_add_range(class, 'a', 'z'); break;
    case 'p':
        map_add_range(class, 33, 47); map_add_range(class, 58, 64);
        map_add_range(class, 91, 96); map_add_range(class, 123, 126);
        break;
    case 's': map_add_range(class, 9, 13); map_add_range(class, ' ', ' '); break;
    case 'u': map_add_range(class, 'A', 'Z'); break;
    case 'w':
        map_add_range(class, '0', '9'); map_add_range(class, 'A', 'Z'); map_add_range(class, 'a', 'z');
        break;
    case 'x':
        map_add_range(class, '0', '9'); map_add_range(class, 'A', 'F'); map_add_range(class, 'a', 'f');
        break;
    case 'z': map_add_range(class, 0, 0); break; /* gone from the manual, still in lua5.4 */
    default: return 0;
    }
    for (int i = 0; i < 4; i++) map[i] |= upper ? ~class[i] : class[i];
    return 1;
}

/* The compiler runs twice: once with out == NULL to size the userdata, once to fill it. */
typedef struct {
    Pattern *out;
    size_t nitems, nmaps, nstack, nprefix;
    int literal;
    Item scratch_item;
    uint64_t scratch_map[4];
} Compiler;

static Item *new_item(Compiler *c, int kind) {
    Item *it = c->out ? &c->out->items[c->nitems] : &c->scratch_item;
    c->nitems++;
    memset(it, 0, sizeof *it);
    it->kind = (uint8_t)kind;
    if (kind == K_OPEN || kind == K_POSITION || kind == K_CLOSE) c->nstack++;
    if (kind != K_DONE) c->literal = 0;
    return it;
}

static uint64_t *new_map(Compiler *c, Item *it) {
    uint64_t *map = c->out ? c->out->maps[c->nmaps] : c->scratch_map;
    it->set = (uint32_t)c->nmaps++;
    memset(map, 0, 4 * sizeof *map);
    return map;
}

static void new_error(Compiler *c, int code, int number) {
    Item *it = new_item(c, K_ERROR);
    it->a = (uint8_t)code;
    it->b = (uint8_t)number;
}

/* Parses the set whose '[' is at p into a new map of item it. Returns the position after its
   ']', or NULL when the pattern ends first. */
static const char *parse_set(Compiler *c, Item *it, const char *p, const char *pe) {
    const char *q = p + 1;
    int negated = q < pe && *q == '^';
    if (negated) q++;
    const char *body = q;
    /* the first byte always belongs to the set, so "[]]" is the set of ']'; a '%' takes
       the byte after it along */
    for (;;) {
        if (q >= pe) return NULL;
        q += (*q == '%' && q + 1 < pe) ? 2 : 1;
        if (q < pe && *q == ']') break;
    }
    const char *close = q;
    uint64_t *map = new_map(c, it);
    /* An element is %x, a range a-z (only when a byte follows the '-' before the ']'), or a
       byte. A range may end in a '%' that the scan above paired with the next byte; lua5.4
       then reads that next byte as an escape of its own, which can be the closing ']'. */
    for (q = body; q < close;) {
        unsigned char x = (unsigned char)q[0];
        if (x == '%') {
            unsigned char y = (unsigned char)q[1];
            if (!map_add_class(map, y)) map_add_range(map, y, y);
            q += 2;
        } else if (q + 2 < close && q[1] == '-') {
            if (x <= (unsigned char)q[2]) map_add_range(map, x, (unsigned char)q[2]);
            q += 3;
        } else {
            map_add_range(map, x, x);
            q++;
        }
    }
    if (negated)
        for (int i = 0; i < 4; i++) map[i] = ~map[i];
    return close + 1;
}

/* Parses the single-character class at p, and its quantifier. Returns the position after
   them, or NULL after emitting an error item. */
static const char *parse_single(Compiler *c, const char *p, const char *pe) {
    int was_literal = c->literal;
    Item *it = new_item(c, K_CHAR);
    switch (*p) {
    case '.':
        it->set = SET_ANY;
        p++;
        break;
    case '[':
        p = parse_set(c, it, p, pe);
        if (p == NULL) {
            it->kind = K_ERROR;
            it->a = E_MISSING_BRACKET;
            return NULL;
        }
        break;
    case '%':
        if (p + 1 == pe) {
            it->kind = K_ERROR;
            it->a = E_ENDS_WITH_ESCAPE;
            return NULL;
        }
        uint64_t class[4] = {0};
        if (map_add_class(class, (unsigned char)p[1])) {
            memcpy(new_map(c, it), class, sizeof class);
        } else { /* an escaped byte stands for itself */
            it->set = SET_LITERAL;
            it->a = (uint8_t)p[1];
        }
        p += 2;
        break;
    default:
        it->set = SET_LITERAL;
        it->a = (uint8_t)*p;
        p++;
        break;
    }
    if (p < pe) {
        switch (*p) {
        case '?': it->quant = Q_OPT; break;
        case '*': it->quant = Q_STAR; break;
        case '+': it->quant = Q_PLUS; break;
        case '-': it->quant = Q_LAZY; break;
        }
        if (it->quant != Q_ONE) p++;
    }
    if (it->quant != Q_ONE) c->nstack++;
    if (was_literal && it->set == SET_LITERAL && it->quant == Q_ONE) {
        if (c->out) c->out->prefix[c->nprefix] = (char)it->a;
        c->nprefix++;
        c->literal = 1;
    }
    return p;
}

static void compile_items(Compiler *c, const char *p, const char *pe) {
    int open[MAX_CAPTURES]; /* whether each capture so far is still waiting for its ')' */
    int level = 0;
    c->literal = 1;
    while (p < pe) {
        switch (*p) {
        case '(':
            if (level == MAX_CAPTURES) {
                new_error(c, E_TOO_MANY_CAPTURES, 0);
                return;
            }
            if (p + 1 < pe && p[1] == ')') {
                new_item(c, K_POSITION);
                open[level++] = 0;
                p += 2;
            } else {
                new_item(c, K_OPEN);
                open[level++] = 1;
                p++;
            }
            continue;
        case ')': {
            int l = level - 1;
            while (l >= 0 && !open[l]) l--;
            if (l < 0) {
                new_error(c, E_BAD_CLOSE, 0);
                return;
            }
            new_item(c, K_CLOSE)->a = (uint8_t)l;
            open[l] = 0;
            p++;
            continue;
        }
        case '$':
            if (p + 1 == pe) {
                new_item(c, K_AT_END);
                p++;
                continue;
            }
            break;
        case '%':
            if (p + 1 == pe) break;
            if (p[1] == 'b') {
                if (pe - p < 4) {
                    new_error(c, E_BALANCE, 0);
                    return;
                }
                Item *it = new_item(c, K_BALANCE);
                it->a = (uint8_t)p[2];
                it->b = (uint8_t)p[3];
                p += 4;
                continue;
            }
            if (p[1] == 'f') {
                p += 2;
                if (p == pe || *p != '[') {
                    new_error(c, E_FRONTIER, 0);
                    return;
                }
                Item *it = new_item(c, K_FRONTIER);
                p = parse_set(c, it, p, pe);
                if (p == NULL) {
                    it->kind = K_ERROR;
                    it->a = E_MISSING_BRACKET;
                    return;
                }
                continue;
            }
            if (p[1] >= '0' && p[1] <= '9') {
                /* a capture is referable once its ')' has come; a position capture always is */
                int n = p[1] - '0';
                if (n < 1 || n > level || open[n - 1]) {
                    new_error(c, E_CAPTURE_INDEX, n);
                    return;
                }
                new_item(c, K_BACKREF)->a = (uint8_t)(n - 1);
                p += 2;
                continue;
            }
            break;
        }
        p = parse_single(c, p, pe);
        if (p == NULL) return;
    }
    new_item(c, K_DONE);
}

/* Compiles p into a new userdata on top of the stack. */
static Pattern *compile(lua_State *L, const char *p, size_t lp) {
    Compiler c = {0};
    compile_items(&c, p, p + lp);
    size_t nitems = c.nitems, nmaps = c.nmaps, nprefix = c.nprefix;
    /* the stack holds at most one entry per item on the current path */
    size_t nstack = c.nstack < MAX_DEPTH ? c.nstack : MAX_DEPTH;
    char *block = lua_newuserdatauv(L,
        sizeof(Pattern) + nitems * sizeof(Item) + nmaps * 4 * sizeof(uint64_t) + nstack * sizeof(Entry) + nprefix, 0);
    Pattern *pat = (Pattern *)block;
    memset(pat, 0, sizeof *pat);
    pat->items = (Item *)(block + sizeof(Pattern));
    pat->maps = (uint64_t(*)[4])(pat->items + nitems);
    pat->stack = (Entry *)(pat->maps + nmaps);
    pat->prefix = (char *)(pat->stack + nstack);
    memset(&c, 0, sizeof c);
    c.out = pat;
    compile_items(&c, p, p + lp);
    pat->nitems = nitems;
    pat->nmaps = nmaps;
    pat->nstack = nstack;
    pat->nprefix = nprefix;
    pat->literal = c.literal;
    return pat;
}

/* ---- the step budget -------------------------------------------------------------------- */

typedef struct {
    lua_State *L;
    uint64_t used, limit, next_check;
} Budget;

static void budget_start(Budget *b, lua_State *L) {
    b->L = L;
    b->used = 0;
    b->limit = lg_vm_of(L)->pattern_steps;
    b->next_check = b->limit < POLL_EVERY ? b->limit + 1 : POLL_EVERY;
}

static void budget_check(Budget *b) {
    if (b->used > b->limit)
        luaL_error(b->L, "pattern too complex for the sandbox (more than %I matcher steps)", (lua_Integer)b->limit);
    lg_poll_time(b->L);
    b->next_check = b->limit - b->used < POLL_EVERY ? b->limit + 1 : b->used + POLL_EVERY;
}

static inline void spend(Budget *b, uint64_t steps) {
    b->used += steps;
    if (b->used >= b->next_check) budget_check(b);
}

/* ---- matching --------------------------------------------------------------------------- */

enum { CAP_OPEN = -1, CAP_POSITION = -2 };

typedef struct {
    const char *start;
    ptrdiff_t len; /* or CAP_OPEN, CAP_POSITION */
} Capture;

typedef struct {
    lua_State *L;
    Pattern *pat;
    const char *src, *end; /* the whole subject: frontiers and positions see all of it */
    Budget *budget;
    int level;   /* captures opened so far */
    size_t depth; /* entries on pat->stack */
    Capture cap[MAX_CAPTURES];
} Matcher;

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
static const char *search(Matcher *m, const char *from, int anchored, const char *refused, const char **start) {
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

static void matcher_start(Matcher *m, lua_State *L, Pattern *pat, const char *src, size_t len, Budget *budget) {
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
static void push_capture(Matcher *m, int i, const char *s, const char *e) {
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
static int push_captures(Matcher *m, const char *s, const char *e, int whole) {
    int n = (m->level == 0 && whole) ? 1 : m->level;
    luaL_checkstack(m->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_capture(m, i, s, e);
    return n;
}

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
    budget_start(&budget, L);
    Matcher m;
    matcher_start(&m, L, compile(L, p, lp), s, ls, &budget);
    const char *start, *e = search(&m, s + init, anchored, NULL, &start);
    if (e == NULL) {
        luaL_pushfail(L);
        return 1;
    }
    if (!find) return push_captures(&m, start, e, 1);
    lua_pushinteger(L, (lua_Integer)(start - s) + 1);
    lua_pushinteger(L, (lua_Integer)(e - s));
    return 2 + push_captures(&m, NULL, NULL, 0);
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
    budget_start(&budget, L);
    Matcher m;
    matcher_start(&m, L, pat, s, ls, &budget);
    /* in 5.4 an empty match right where the previous match ended does not count */
    const char *start, *e = search(&m, s + pat->next, 0, pat->has_last ? s + pat->last : NULL, &start);
    if (e == NULL) {
        pat->next = ls + 1;
        return 0;
    }
    pat->next = pat->last = (size_t)(e - s);
    pat->has_last = 1;
    return push_captures(&m, start, e, 1);
}

int lg_str_gmatch(lua_State *L) {
    size_t ls, lp;
    luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    lua_settop(L, 2);
    /* '^' is an ordinary byte here: an anchor would stop the iteration */
    Pattern *pat = compile(L, p, lp);
    pat->next = init > ls ? ls + 1 : init;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

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
                push_capture(m, *r - '1', s, e);
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
        push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        lua_pushvalue(L, 3);
        int n = push_captures(m, s, e, 1);
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
    budget_start(&budget, L);
    Matcher m;
    matcher_start(&m, L, compile(L, p, lp), src, ls, &budget);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    const char *s = src, *last = NULL;
    lua_Integer n = 0;
    int changed = 0;
    while (n < max_n) {
        const char *start, *e = search(&m, s, anchored, last, &start);
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
