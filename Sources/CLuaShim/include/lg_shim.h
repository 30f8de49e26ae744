#ifndef LG_SHIM_H
#define LG_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <lua5.4/lua.h>
#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>

/*
 * The C half of Luagram's Lua host.
 *
 * Everything here that can raise a Lua error (longjmp) is plain C, so no raise ever crosses
 * a Swift frame: Swift calls Lua only through lg_pcall, and Swift functions called from Lua
 * report errors by returning LG_SWIFT_ERROR to the trampoline, which raises after Swift has
 * returned.
 */

/* One sandboxed Lua state with its allocator, budgets and watchdog registration. */
typedef struct lg_vm lg_vm;

/* Why the last call was aborted by the host (not by an ordinary Lua error). */
enum { LG_ABORT_NONE = 0, LG_ABORT_TIME = 1, LG_ABORT_MEMORY = 2 };

/* Returned by a Swift function (through the dispatcher) when it left an error message on top. */
#define LG_SWIFT_ERROR (-1)

/* The Swift side of the trampoline: calls the Swift closure boxed in `box`. */
typedef int (*lg_swift_dispatcher)(lua_State *L, void *box);
void lg_set_swift_dispatcher(lg_swift_dispatcher dispatcher);

/* --- lifecycle ------------------------------------------------------------------------- */

/* Creates a state with the capped allocator and the sandbox template; NULL on failure
   (message copied to `error`, at most `error_size` bytes). */
lg_vm *lg_vm_new(size_t memory_limit, uint64_t pattern_steps, char *error, size_t error_size);
void lg_vm_close(lg_vm *vm);
lua_State *lg_vm_state(lg_vm *vm);
size_t lg_vm_memory_used(lg_vm *vm);
size_t lg_vm_memory_limit(lg_vm *vm);
/* "file:line: " of the rule code whose allocation the cap refused during the last call
   ("" when none was refused or no rule code was running). */
const char *lg_vm_refusal_where(lg_vm *vm);

/* The host clock as seen by now(), os.time() and os.date() inside the sandbox. */
void lg_vm_set_now(lg_vm *vm, double seconds_since_epoch);
double lg_vm_now(lg_vm *vm);

/* --- budgets --------------------------------------------------------------------------- */

/* Arms the memory cap and a wall-clock deadline for one call from the host. */
void lg_vm_begin_call(lg_vm *vm, uint64_t timeout_ns);
/* Disarms them; returns LG_ABORT_TIME when the watchdog stopped the call, LG_ABORT_MEMORY
   when a library function refused to allocate past the memory budget. */
int lg_vm_end_call(lg_vm *vm);
/* Host mode: while 0, the memory cap does not apply (host-side pushes never fail on it).
   Returns the previous setting. */
int lg_vm_set_enforce(lg_vm *vm, int enforce);

/* --- calls ----------------------------------------------------------------------------- */

/* lua_pcall with the traceback message handler inserted below the function. */
int lg_pcall(lua_State *L, int nargs, int nresults);
/* Runs `fn` as a protected C call with `nargs` arguments already pushed. */
int lg_cpcall(lua_State *L, lua_CFunction fn, int nargs, int nresults);
/* Loads a text-only chunk (binary chunks are refused). */
int lg_loadtext(lua_State *L, const char *source, size_t length, const char *chunkname);

/* Pushes a C closure that calls the Swift function in `box` through the trampoline. */
void lg_push_swift_function(lua_State *L, void *box);

/* The source and current line of the Lua function `level` levels up (1 = the caller of the
   running C function). Returns 0 when there is no such level. Never raises. */
int lg_where(lua_State *L, int level, char *source, size_t source_size, int *line);

/* --- sandbox (all lua_CFunctions: run them with lg_cpcall) ---------------------------- */

/* Builds the template of safe globals in the registry; the real globals become empty. */
int lg_sandbox_open(lua_State *L);
/* [name, value] -> template[name] = value. */
int lg_sandbox_set_global(lua_State *L);
/* -> a fresh environment for one rule file: its own copies of the template's tables. */
int lg_sandbox_new_env(lua_State *L);
/* [table] -> a read-only proxy of it (nested tables frozen too). */
int lg_freeze(lua_State *L);

/* The nodes of an event image (lg_view.c), written by the host: a value is one of */
enum {
    LG_IMAGE_TABLE = 'T',   /* u32 size of what follows the header, u32 array items, u32 fields;
                               then the items, then each field as a key node and a value node */
    LG_IMAGE_STRING = 'S',  /* u32 length, bytes */
    LG_IMAGE_INTEGER = 'I', /* i64 */
    LG_IMAGE_NUMBER = 'N',  /* f64 */
    LG_IMAGE_TRUE = 't',
    LG_IMAGE_FALSE = 'f',
};
/* What an event view shows: the event (with the event methods), its contact (with the
   contact methods and the live tags), or a table inside them. */
enum { LG_VIEW_EVENT = 0, LG_VIEW_CONTACT = 1, LG_VIEW_TABLE = 2 };
#define LG_VIEW_FIELD "__luagram_view"
/* [event methods, contact methods] -> nothing: the views' metatables, once per VM. */
int lg_view_install(lua_State *L);
/* [image (light userdata), length] -> a view of the event the image holds, which becomes
   the event being handled in this VM (its contact's tags live, see lg_view_set_tags). */
int lg_view_push_event(lua_State *L);
/* [sequence of strings] -> nothing: the current event's contact has these tags now. */
int lg_view_set_tags(lua_State *L);
/* -> nothing: no event is being handled in this VM any more. */
int lg_view_end(lua_State *L);
/* type() for rules: views are tables to them. */
int lg_type(lua_State *L);

/* Non-raising, allocation-free helpers for the host. */
/* For a read-only proxy (lg_freeze) at the absolute `index`: pushes the table it shows and
   returns 1; else pushes nothing and returns 0. */
int lg_push_frozen_data(lua_State *L, int index);
/* The role of the view at `index` (with its image and node), or -1 when it is no view. */
int lg_view_locate(lua_State *L, int index, const unsigned char **bytes, size_t *size, uint32_t *offset);
/* Whether the value at `index` is a view of that role of the event being handled. */
int lg_view_is_current(lua_State *L, int index, int role);
/* Pushes the current event's live tags sequence and returns 1, or pushes nothing and
   returns 0 when the tags are still the image's. */
int lg_view_push_live_tags(lua_State *L);

/* --- macros Swift cannot import -------------------------------------------------------- */

static inline int lg_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int lg_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline void lg_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void lg_newtable(lua_State *L) { lua_newtable(L); }
static inline const char *lg_tolstring(lua_State *L, int i, size_t *len) { return lua_tolstring(L, i, len); }
static inline int lg_isnoneornil(lua_State *L, int i) { return lua_isnoneornil(L, i); }
static inline lua_Integer lg_tointegerx(lua_State *L, int i, int *isnum) { return lua_tointegerx(L, i, isnum); }
static inline lua_Number lg_tonumberx(lua_State *L, int i, int *isnum) { return lua_tonumberx(L, i, isnum); }
static inline void lg_insert(lua_State *L, int i) { lua_insert(L, i); }
static inline void lg_remove(lua_State *L, int i) { lua_remove(L, i); }
static inline void lg_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }

#endif
