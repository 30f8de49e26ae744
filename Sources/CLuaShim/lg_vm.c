#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "lg_internal.h"

/* ---- allocator ------------------------------------------------------------------------ */

/* Notes where rule code was when an allocation was refused: an out-of-memory error carries
   no message handler and no position, so this is how the report names the rule's line.
   Reading the stack allocates nothing. */
static void note_refusal(lg_vm *vm) {
    lua_State *L = vm->running;
    lua_Debug ar;
    vm->oom_where[0] = 0;
    for (int level = 0; L != NULL && lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(vm->oom_where, sizeof vm->oom_where, "%s:%d: ", ar.short_src, ar.currentline);
            return;
        }
    }
}

/* Denies only growth past the cap, and only while the cap is enforced (rule code runs).
   When ptr is NULL, osize is a type tag, not a size (Lua manual, lua_Alloc). */
static void *lg_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    lg_vm *vm = (lg_vm *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        vm->used -= old;
        return NULL;
    }
    if (nsize > old && vm->enforce && vm->used - old + nsize > vm->limit) {
        note_refusal(vm);
        return NULL;
    }
    void *block = realloc(ptr, nsize);
    if (block == NULL) return NULL;
    vm->used = vm->used - old + nsize;
    return block;
}

/* Only a real out-of-memory outside any protected call gets here; say so before abort. */
static int lg_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "luagram: unprotected Lua error: %s\n", msg ? msg : "(not a string)");
    fflush(stderr);
    return 0;
}

/* ---- watchdog ------------------------------------------------------------------------- */

static pthread_mutex_t wd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t wd_once = PTHREAD_ONCE_INIT;
static lg_vm *wd_list;
static int wd_signal;
static _Thread_local lg_vm *tls_vm;
static _Thread_local int tls_signal_unblocked;

#define LG_WATCHDOG_TICK_NS 2000000ull /* 2 ms */

static uint64_t monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Pushes "file:line: " of the innermost Lua function running on L, or "" if none is. */
static void lg_push_rule_where(lua_State *L) {
    lua_Debug ar;
    for (int level = 0; lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
            return;
        }
    }
    lua_pushliteral(L, "");
}

/* Raises the CPU-budget error for the call the VM is in. */
static int lg_raise_time(lua_State *L, lg_vm *vm) {
    vm->abort_reason = LG_ABORT_TIME;
    lg_push_rule_where(L);
    lua_pushfstring(L, "CPU budget exceeded (%d ms)", (int)(vm->timeout_ns / 1000000ull));
    lua_concat(L, 2);
    return lua_error(L);
}

static void lg_stop_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    lg_vm *vm = lg_vm_of(L);
    if (!lg_expired(vm)) {
        /* a stale hook left on a coroutine from an earlier, aborted call */
        lua_sethook(L, NULL, 0, 0);
        return;
    }
    /* keep firing on every instruction, so a rule's own pcall cannot swallow the abort */
    lua_sethook(L, lg_stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
    lg_raise_time(L, vm);
}

void lg_poll_time(lua_State *L) {
    lg_vm *vm = lg_vm_of(L);
    if (lg_expired(vm)) {
        lg_arm_stop(L);
        lg_raise_time(L, vm);
    }
}

void lg_arm_stop(lua_State *L) {
    lua_sethook(L, lg_stop_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

/* Runs on the VM's own thread, interrupting it; lua_sethook is documented as safe to call
   from a signal handler (ldebug.c), which is how lua.c stops a script on Ctrl-C. */
static void lg_on_signal(int sig) {
    (void)sig;
    int saved = errno;
    lg_vm *vm = tls_vm;
    if (vm != NULL && lg_expired(vm)) lg_arm_stop(vm->running);
    errno = saved;
}

/* CPU time the thread has used, or 0 when it cannot be read. */
static uint64_t thread_cpu_ns(pthread_t thread) {
    clockid_t clock;
    struct timespec ts;
    if (pthread_getcpuclockid(thread, &clock) != 0 || clock_gettime(clock, &ts) != 0) return 0;
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* The budget is CPU time, so that a handler whose thread merely waits for a core on a busy
   machine is not stopped; wall-clock time is still capped at this many budgets. */
#define LG_WALL_FACTOR 20

/* Decides whether the call the VM is in has used up its budget. The watchdog first notes
   the thread's CPU clock when it sees a call (calls shorter than a tick are never looked
   at, so they cost nothing), and counts from there, allowing one tick it could not see. */
static int lg_watch(lg_vm *vm, uint64_t now) {
    uint64_t g1 = atomic_load(&vm->gen);
    uint64_t deadline = atomic_load(&vm->deadline_ns);
    uint64_t timeout = vm->timeout_ns;
    pthread_t thread = vm->thread;
    uint64_t g2 = atomic_load(&vm->gen);
    if (g1 != g2 || deadline == 0 || atomic_load(&vm->expired_gen) == g1) return 0;
    if (vm->wd_seen_gen != g1) {
        vm->wd_seen_gen = g1;
        vm->wd_cpu_start = thread_cpu_ns(thread);
        return 0;
    }
    if (now < deadline) return 0;
    uint64_t wall = now - (deadline - timeout);
    uint64_t cpu = vm->wd_cpu_start ? thread_cpu_ns(thread) - vm->wd_cpu_start : wall;
    if (cpu + LG_WATCHDOG_TICK_NS < timeout && wall < timeout * LG_WALL_FACTOR) return 0;
    atomic_store(&vm->expired_gen, g1);
    return 1;
}

static void *lg_watchdog(void *arg) {
    (void)arg;
    struct timespec tick = {0, (long)LG_WATCHDOG_TICK_NS};
    for (;;) {
        nanosleep(&tick, NULL);
        uint64_t now = monotonic_ns();
        pthread_mutex_lock(&wd_lock);
        for (lg_vm *vm = wd_list; vm != NULL; vm = vm->next) {
            /* The VM's thread is inside a call (the generation check above), so it is alive. */
            if (lg_watch(vm, now)) pthread_kill(vm->thread, wd_signal);
        }
        pthread_mutex_unlock(&wd_lock);
    }
    return NULL;
}

static void lg_watchdog_start(void) {
    wd_signal = SIGRTMIN + 7;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = lg_on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(wd_signal, &sa, NULL);
    pthread_t thread;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_create(&thread, &attr, lg_watchdog, NULL);
    pthread_attr_destroy(&attr);
}

/* ---- lifecycle ------------------------------------------------------------------------ */

lg_vm *lg_vm_new(size_t memory_limit, uint64_t pattern_steps, char *error, size_t error_size) {
    pthread_once(&wd_once, lg_watchdog_start);
    lg_vm *vm = calloc(1, sizeof *vm);
    if (vm == NULL) {
        snprintf(error, error_size, "not enough memory for a Lua state");
        return NULL;
    }
    vm->limit = memory_limit;
    vm->pattern_steps = pattern_steps;
    lua_State *L = lua_newstate(lg_alloc, vm);
    if (L == NULL) {
        free(vm);
        snprintf(error, error_size, "not enough memory for a Lua state");
        return NULL;
    }
    vm->L = L;
    vm->running = L;
    *(lg_vm **)lua_getextraspace(L) = vm;
    lua_atpanic(L, lg_panic);
    lua_setwarnf(L, NULL, NULL); /* warnings (errors in finalizers) are not the rules' channel */
    if (lg_cpcall(L, lg_sandbox_open, 0, 0) != LUA_OK) {
        const char *msg = lua_tostring(L, -1);
        snprintf(error, error_size, "%s", msg ? msg : "sandbox set-up failed");
        lua_close(L);
        free(vm);
        return NULL;
    }
    pthread_mutex_lock(&wd_lock);
    vm->next = wd_list;
    if (wd_list) wd_list->prev = vm;
    wd_list = vm;
    pthread_mutex_unlock(&wd_lock);
    return vm;
}

void lg_vm_close(lg_vm *vm) {
    if (vm == NULL) return;
    pthread_mutex_lock(&wd_lock);
    if (vm->prev) vm->prev->next = vm->next; else wd_list = vm->next;
    if (vm->next) vm->next->prev = vm->prev;
    pthread_mutex_unlock(&wd_lock);
    vm->enforce = 0;
    lua_close(vm->L);
    free(vm);
}

lua_State *lg_vm_state(lg_vm *vm) { return vm->L; }
const char *lg_vm_refusal_where(lg_vm *vm) { return vm->oom_where; }
size_t lg_vm_memory_used(lg_vm *vm) { return vm->used; }
size_t lg_vm_memory_limit(lg_vm *vm) { return vm->limit; }
void lg_vm_set_now(lg_vm *vm, double seconds) { vm->now = seconds; }
double lg_vm_now(lg_vm *vm) { return vm->now; }

int lg_vm_set_enforce(lg_vm *vm, int enforce) {
    int previous = vm->enforce;
    vm->enforce = enforce;
    return previous;
}

/* ---- budgets -------------------------------------------------------------------------- */

void lg_vm_begin_call(lg_vm *vm, uint64_t timeout_ns) {
    vm->abort_reason = LG_ABORT_NONE;
    vm->oom_where[0] = 0;
    /* new generation first: the watchdog ignores a call whose generation changed while it
       read the thread and timeout below */
    atomic_fetch_add(&vm->gen, 1);
    vm->timeout_ns = timeout_ns;
    vm->thread = pthread_self();
    vm->running = vm->L;
    if (!tls_signal_unblocked) {
        /* dispatch's worker threads (Swift's cooperative pool) start with signals blocked */
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, wd_signal);
        pthread_sigmask(SIG_UNBLOCK, &set, NULL);
        tls_signal_unblocked = 1;
    }
    tls_vm = vm;
    vm->in_call = 1;
    atomic_store(&vm->deadline_ns, timeout_ns ? monotonic_ns() + timeout_ns : 0);
    vm->enforce = 1;
}

int lg_vm_end_call(lg_vm *vm) {
    vm->enforce = 0;
    atomic_store(&vm->deadline_ns, 0);
    vm->in_call = 0;
    tls_vm = NULL;
    lua_sethook(vm->L, NULL, 0, 0);
    int reason = vm->abort_reason;
    vm->abort_reason = LG_ABORT_NONE;
    return reason;
}
