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
#ifndef LG_PATTERN_H
#define LG_PATTERN_H

/* Private to the pattern functions: lg_pattern_compile.c (pattern to items),
   lg_pattern_match.c (the matcher and its step budget), lg_pattern_find.c (find, match,
   gmatch) and lg_pattern_gsub.c. */

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

/* Compiles p into a new userdata on top of the stack (lg_pattern_compile.c). */
Pattern *lg_pattern_compile(lua_State *L, const char *p, size_t lp);

/* ---- the step budget -------------------------------------------------------------------- */

typedef struct {
    lua_State *L;
    uint64_t used, limit, next_check;
} Budget;

/* Starts a call's budget: the VM's steps per call (lg_pattern_match.c). */
void lg_pattern_budget_start(Budget *b, lua_State *L);
/* Raises when the budget is spent; polls the watchdog. */
void lg_pattern_budget_check(Budget *b);

static inline void spend(Budget *b, uint64_t steps) {
    b->used += steps;
    if (b->used >= b->next_check) lg_pattern_budget_check(b);
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

/* The first match that starts at or after from (only at from when anchored) and does not
   end at refused. Sets *start; returns the end of the match, or NULL. */
const char *lg_pattern_search(Matcher *m, const char *from, int anchored, const char *refused, const char **start);
void lg_pattern_matcher_start(Matcher *m, lua_State *L, Pattern *pat, const char *src, size_t len, Budget *budget);
/* Pushes capture i of the match s..e (the whole match when the pattern has none and i is 0). */
void lg_pattern_push_capture(Matcher *m, int i, const char *s, const char *e);
/* Pushes all captures; with none, the whole match when whole is set. Returns how many. */
int lg_pattern_push_captures(Matcher *m, const char *s, const char *e, int whole);

#endif
