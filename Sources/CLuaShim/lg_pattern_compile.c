/* Patterns compiled into flat lists of items (see lg_pattern.h). */
#define _GNU_SOURCE
#include <string.h>
#include "lg_pattern.h"

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
Pattern *lg_pattern_compile(lua_State *L, const char *p, size_t lp) {
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
