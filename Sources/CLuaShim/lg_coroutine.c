#include "lg_internal.h"

/*
 * Control transfers the watchdog must follow: coroutine.resume, wrap and close, and the
 * message handler of xpcall.
 *
 * The stop hook is armed on the thread that runs (hooks are per thread in Lua 5.4), so
 * every C path that runs Lua code on another thread tells the VM which one it is.
 *
 * When the stop hook raises, Lua has turned hooks off for the thread (they are off while
 * a hook runs, and the raise leaves the hook without turning them back on). A protected
 * call turns them back on when it catches the error, but two kinds of rule code would run
 * before that with nothing able to stop them: xpcall's message handler, and the __close
 * metamethods of a coroutine the host stopped. So after a stop neither runs: the message
 * handler is skipped while the call is over its budget, and a coroutine killed by the host
 * is never closed (its to-be-closed variables stay open; it is dead anyway).
 */

static const char *const KILLED_KEY = "luagram.killed";

/* The weak-keyed set of coroutines the host stopped, pushed. */
static void push_killed(lua_State *L) {
    if (lua_getfield(L, LUA_REGISTRYINDEX, KILLED_KEY) == LUA_TTABLE) return;
    lua_pop(L, 1);
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, LUA_REGISTRYINDEX, KILLED_KEY);
}

static int was_killed(lua_State *L, lua_State *co) {
    push_killed(L);
    lua_pushthread(co);
    lua_xmove(co, L, 1);
    int killed = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return killed;
}

static void note_killed(lua_State *L, lua_State *co) {
    push_killed(L);
    lua_pushthread(co);
    lua_xmove(co, L, 1);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

/* Runs `co` (resume or close) as the VM's running thread, armed if the call is over. */
static lua_State *enter(lg_vm *vm, lua_State *co) {
    lua_State *previous = vm->running;
    vm->running = co;
    if (lg_expired(vm)) lg_arm_stop(co);
    return previous;
}

static void leave(lg_vm *vm, lua_State *L, lua_State *previous) {
    vm->running = previous;
    if (lg_expired(vm)) lg_arm_stop(L);
}

/* Resumes co with narg values from L; the number of results moved to L, or -1 with the
   error message on top of L. */
static int resume(lua_State *L, lua_State *co, int narg) {
    lg_vm *vm = lg_vm_of(L);
    int nres;
    if (!lua_checkstack(co, narg)) {
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    lua_xmove(L, co, narg);
    lua_State *previous = enter(vm, co);
    int status = lua_resume(co, L, narg, &nres);
    if (status != LUA_OK && status != LUA_YIELD && lg_expired(vm)) note_killed(L, co);
    leave(vm, L, previous);
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, nres + 1)) {
            lua_pop(co, nres);
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, nres);
        return nres;
    }
    lua_xmove(co, L, 1);
    return -1;
}

static int lg_co_resume(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "coroutine");
    int r = resume(L, co, lua_gettop(L) - 1);
    if (r < 0) {
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, -(r + 1));
    return r + 1;
}

/* Closes a dead or suspended coroutine, running its __close metamethods as the running
   thread; leaves the status and, on error, the error object on top of L. */
static int close_thread(lua_State *L, lua_State *co) {
    lg_vm *vm = lg_vm_of(L);
    if (was_killed(L, co)) {
        lua_pushliteral(L, "the coroutine was stopped by the host");
        return LUA_ERRRUN;
    }
    lua_State *previous = enter(vm, co);
    int status = lua_resetthread(co);
    leave(vm, L, previous);
    if (status != LUA_OK) lua_xmove(co, L, 1);
    return status;
}

static int lg_co_wrapped(lua_State *L) {
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int r = resume(L, co, lua_gettop(L));
    if (r >= 0) return r;
    int status = lua_status(co);
    if (status != LUA_OK && status != LUA_YIELD) {
        /* the coroutine died: close it, as coroutine.wrap does; its error is raised */
        if (close_thread(L, co) != LUA_OK) lua_pop(L, 1);
    }
    if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int lg_co_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, lg_co_wrapped, 1);
    return 1;
}

static int lg_co_close(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co, 1, "coroutine");
    lua_Debug ar;
    if (co == L) return luaL_error(L, "cannot close a running coroutine");
    if (lua_status(co) == LUA_OK && lua_getstack(co, 0, &ar))
        return luaL_error(L, "cannot close a normal coroutine");
    if (close_thread(L, co) == LUA_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_insert(L, -2);
    return 2;
}

/* ---- xpcall ----------------------------------------------------------------------------- */

/* The rule's message handler, skipped when the call is over its budget (see above). */
static int lg_guarded_handler(lua_State *L) {
    if (lg_expired(lg_vm_of(L))) return 1; /* the error as it is */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int finish_xpcall(lua_State *L, int status, lua_KContext base) {
    (void)status;
    return lua_gettop(L) - (int)base;
}

/* xpcall(f, msgh, ...): Lua's own xpcall (upvalue 1) with the handler guarded. */
static int lg_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, lg_guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_callk(L, n, LUA_MULTRET, 0, finish_xpcall);
    return finish_xpcall(L, LUA_OK, 0);
}

void lg_open_coroutine(lua_State *L) {
    static const luaL_Reg functions[] = {
        {"resume", lg_co_resume}, {"wrap", lg_co_wrap}, {"close", lg_co_close}, {NULL, NULL}};
    luaL_setfuncs(L, functions, 0);
}

void lg_push_xpcall(lua_State *L, int lua_xpcall) {
    lua_pushvalue(L, lua_xpcall);
    lua_pushcclosure(L, lg_xpcall, 1);
}
