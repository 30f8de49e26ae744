#ifndef LG_INTERNAL_H
#define LG_INTERNAL_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include "lg_shim.h"

struct lg_vm {
    lua_State *L;
    /* allocator: bytes in use, the cap, and whether the cap applies right now */
    size_t used;
    size_t limit;
    int enforce;
    /* "file:line: " of the rule code whose allocation was refused last (for the message) */
    char oom_where[192];
    /* pattern functions: matcher steps allowed per call */
    uint64_t pattern_steps;
    /* host clock */
    double now;
    /* watchdog: each host call gets a new generation; the watchdog marks a generation
       expired and signals the VM's thread, whose handler arms the stop hook */
    _Atomic uint64_t gen;
    _Atomic uint64_t deadline_ns; /* 0 = not armed */
    _Atomic uint64_t expired_gen;
    pthread_t thread;
    volatile sig_atomic_t in_call;
    lua_State *volatile running; /* the coroutine currently running on this VM */
    int abort_reason;
    uint64_t timeout_ns;
    /* the watchdog's own notes on the call it is watching (only it reads or writes them) */
    uint64_t wd_seen_gen;
    uint64_t wd_cpu_start;
    struct lg_vm *next, *prev; /* watchdog list */
};

static inline lg_vm *lg_vm_of(lua_State *L) {
    return *(lg_vm **)lua_getextraspace(L);
}

static inline int lg_expired(lg_vm *vm) {
    return vm->in_call && atomic_load(&vm->expired_gen) == atomic_load(&vm->gen);
}

/* Arms the stop hook on a thread: from now on every instruction of it raises. */
void lg_arm_stop(lua_State *L);

/* For C functions that may loop long (matchers, copies): call it every few thousand steps.
   When the watchdog has stopped the call, it raises the CPU-budget error, naming the rule's
   file:line, and does not return. Cheap: two atomic loads. */
void lg_poll_time(lua_State *L);

/* The sandbox's own versions of library functions that may loop long (lg_table.c,
   lg_string.c, lg_coroutine.c): each sets its functions into the table on top. */
void lg_open_table(lua_State *L);
void lg_open_string(lua_State *L);
void lg_open_coroutine(lua_State *L);
/* Pushes xpcall for rules: Lua's own (at index lua_xpcall) with the handler guarded. */
void lg_push_xpcall(lua_State *L, int lua_xpcall);

/* Sets __newindex (refusing writes), __len, __pairs and a hidden __metatable on the
   metatable on top: what every read-only value of the sandbox has. */
void lg_set_readonly_fields(lua_State *L, lua_CFunction len, lua_CFunction pairs);

/* Replaces the table at `index` with its read-only proxy (nested tables frozen too). */
void lg_freeze_in_place(lua_State *L, int index);

/* Whether the value at `idx` is a frozen table's proxy (lg_readonly.c). */
int lg_is_frozen(lua_State *L, int idx);

/* The bounded pattern functions (lg_pattern_find.c, lg_pattern_gsub.c). */
int lg_str_find(lua_State *L);
int lg_str_match(lua_State *L);
int lg_str_gmatch(lua_State *L);
int lg_str_gsub(lua_State *L);

#endif
