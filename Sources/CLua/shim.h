// Lua 5.4 for Swift (Debian liblua5.4-dev, pkg-config lua5.4).
//
// Swift imports Lua's functions but not its function-like macros, nor macros built from other
// macros (LUA_REGISTRYINDEX, LUA_COPYRIGHT). This header re-exports them as `sa_`-prefixed
// static inline functions and `SA_`-prefixed constants. Nothing here adds behaviour, except:
//
// Errors. A Lua error is a longjmp, and a longjmp must never cross a Swift frame (it would skip
// Swift's cleanup and corrupt its state). So Swift never calls lua_error, luaL_error, luaL_check*
// or any other function that raises on bad input. Instead:
//   - A Swift function callable from Lua is an `sa_lua_SwiftCallback`, wrapped in a C closure
//     (`sa_lua_trampoline`) that keeps the callback as light userdata in upvalue 1. The callback
//     returns its result count, or a negative signal (SA_LUA_RAISE...) after pushing what
//     describes the error; the trampoline, which is C, then raises the error itself.
//   - The message handler that adds a traceback to errors (`sa_lua_msghandler`, as lua.c's) is C,
//     because calling an error object's __tostring may raise.
// Allocation failures are the one accepted exception: any API call that allocates may raise
// LUA_ERRMEM. Swift also avoids API calls that run metamethods (lua_getfield, lua_setglobal...)
// outside a protected call, and uses the raw variants instead.
#ifndef SASHELL_CLUA_SHIM_H
#define SASHELL_CLUA_SHIM_H

#include <stdio.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

// MARK: Version

static inline const char *sa_lua_version(void) { return LUA_VERSION; }     // "Lua 5.4"
static inline const char *sa_lua_release(void) { return LUA_RELEASE; }     // "Lua 5.4.4"
static inline const char *sa_lua_copyright(void) { return LUA_COPYRIGHT; } // release and copyright line
static inline const char *sa_lua_authors(void) { return LUA_AUTHORS; }
static inline const char *sa_lua_versuffix(void) { return LUA_VERSUFFIX; } // "_5_4", as in LUA_INIT_5_4

// MARK: Constants

// Status codes returned by lua_pcall, lua_load, lua_resume and luaL_loadfile.
enum : int {
    SA_LUA_OK = LUA_OK, SA_LUA_YIELD = LUA_YIELD, SA_LUA_ERRRUN = LUA_ERRRUN,
    SA_LUA_ERRSYNTAX = LUA_ERRSYNTAX, SA_LUA_ERRMEM = LUA_ERRMEM, SA_LUA_ERRERR = LUA_ERRERR,
    SA_LUA_ERRFILE = LUA_ERRFILE
};

// Basic types returned by lua_type.
enum : int {
    SA_LUA_TNONE = LUA_TNONE, SA_LUA_TNIL = LUA_TNIL, SA_LUA_TBOOLEAN = LUA_TBOOLEAN,
    SA_LUA_TLIGHTUSERDATA = LUA_TLIGHTUSERDATA, SA_LUA_TNUMBER = LUA_TNUMBER,
    SA_LUA_TSTRING = LUA_TSTRING, SA_LUA_TTABLE = LUA_TTABLE, SA_LUA_TFUNCTION = LUA_TFUNCTION,
    SA_LUA_TUSERDATA = LUA_TUSERDATA, SA_LUA_TTHREAD = LUA_TTHREAD
};

// Result counts, stack guarantees, predefined registry slots and reference sentinels.
enum : int {
    SA_LUA_MULTRET = LUA_MULTRET, SA_LUA_MINSTACK = LUA_MINSTACK,
    SA_LUA_RIDX_MAINTHREAD = LUA_RIDX_MAINTHREAD, SA_LUA_RIDX_GLOBALS = LUA_RIDX_GLOBALS,
    SA_LUA_NOREF = LUA_NOREF, SA_LUA_REFNIL = LUA_REFNIL
};

// Operators for lua_arith and lua_compare.
enum : int {
    SA_LUA_OPADD = LUA_OPADD, SA_LUA_OPSUB = LUA_OPSUB, SA_LUA_OPMUL = LUA_OPMUL,
    SA_LUA_OPMOD = LUA_OPMOD, SA_LUA_OPPOW = LUA_OPPOW, SA_LUA_OPDIV = LUA_OPDIV,
    SA_LUA_OPIDIV = LUA_OPIDIV, SA_LUA_OPBAND = LUA_OPBAND, SA_LUA_OPBOR = LUA_OPBOR,
    SA_LUA_OPBXOR = LUA_OPBXOR, SA_LUA_OPSHL = LUA_OPSHL, SA_LUA_OPSHR = LUA_OPSHR,
    SA_LUA_OPUNM = LUA_OPUNM, SA_LUA_OPBNOT = LUA_OPBNOT,
    SA_LUA_OPEQ = LUA_OPEQ, SA_LUA_OPLT = LUA_OPLT, SA_LUA_OPLE = LUA_OPLE
};

// Debug hook events and masks for lua_sethook (the REPL's Ctrl-C uses a count hook).
enum : int {
    SA_LUA_HOOKCALL = LUA_HOOKCALL, SA_LUA_HOOKRET = LUA_HOOKRET, SA_LUA_HOOKLINE = LUA_HOOKLINE,
    SA_LUA_HOOKCOUNT = LUA_HOOKCOUNT, SA_LUA_HOOKTAILCALL = LUA_HOOKTAILCALL,
    SA_LUA_MASKCALL = LUA_MASKCALL, SA_LUA_MASKRET = LUA_MASKRET, SA_LUA_MASKLINE = LUA_MASKLINE,
    SA_LUA_MASKCOUNT = LUA_MASKCOUNT
};

// Pseudo-index of the registry.
static inline int sa_lua_registryindex(void) { return LUA_REGISTRYINDEX; }
// Pseudo-index of upvalue i (1-based) of the running C function.
static inline int sa_lua_upvalueindex(int i) { return lua_upvalueindex(i); }

// MARK: Calls and coroutines

static inline void sa_lua_call(lua_State *L, int nargs, int nresults) { lua_call(L, nargs, nresults); }
static inline int sa_lua_pcall(lua_State *L, int nargs, int nresults, int msgh) { return lua_pcall(L, nargs, nresults, msgh); }
static inline int sa_lua_yield(lua_State *L, int nresults) { return lua_yield(L, nresults); }

// MARK: Stack manipulation

static inline void sa_lua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void sa_lua_insert(lua_State *L, int idx) { lua_insert(L, idx); }   // move top into idx
static inline void sa_lua_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline void sa_lua_replace(lua_State *L, int idx) { lua_replace(L, idx); } // pop top into idx

// MARK: Type tests

static inline int sa_lua_isfunction(lua_State *L, int idx) { return lua_isfunction(L, idx); }
static inline int sa_lua_istable(lua_State *L, int idx) { return lua_istable(L, idx); }
static inline int sa_lua_islightuserdata(lua_State *L, int idx) { return lua_islightuserdata(L, idx); }
static inline int sa_lua_isnil(lua_State *L, int idx) { return lua_isnil(L, idx); }
static inline int sa_lua_isboolean(lua_State *L, int idx) { return lua_isboolean(L, idx); }
static inline int sa_lua_isthread(lua_State *L, int idx) { return lua_isthread(L, idx); }
static inline int sa_lua_isnone(lua_State *L, int idx) { return lua_isnone(L, idx); }
static inline int sa_lua_isnoneornil(lua_State *L, int idx) { return lua_isnoneornil(L, idx); }
static inline const char *sa_luaL_typename(lua_State *L, int idx) { return luaL_typename(L, idx); }

// MARK: Reading values

static inline lua_Number sa_lua_tonumber(lua_State *L, int idx) { return lua_tonumber(L, idx); }
static inline lua_Integer sa_lua_tointeger(lua_State *L, int idx) { return lua_tointeger(L, idx); }
static inline const char *sa_lua_tostring(lua_State *L, int idx) { return lua_tostring(L, idx); }

// MARK: Pushing values

static inline void sa_lua_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline const char *sa_lua_pushliteral(lua_State *L, const char *s) { return lua_pushstring(L, s); }
static inline void sa_lua_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline void sa_luaL_pushfail(lua_State *L) { luaL_pushfail(L); }

// MARK: Tables, userdata, metatables

static inline void sa_lua_newtable(lua_State *L) { lua_newtable(L); }
static inline void *sa_lua_newuserdata(lua_State *L, size_t size) { return lua_newuserdata(L, size); } // one user value
static inline int sa_lua_getuservalue(lua_State *L, int idx) { return lua_getuservalue(L, idx); }
static inline int sa_lua_setuservalue(lua_State *L, int idx) { return lua_setuservalue(L, idx); }
static inline int sa_luaL_getmetatable(lua_State *L, const char *tname) { return luaL_getmetatable(L, tname); }
// The LUA_EXTRASPACE bytes before each thread, free for the host (e.g. a pointer to its owner).
static inline void *sa_lua_getextraspace(lua_State *L) { return lua_getextraspace(L); }

// MARK: Globals

// Sets global `name` to a C function; runs __newindex of _G, so call it only in protected code.
static inline void sa_lua_register(lua_State *L, const char *name, lua_CFunction f) { lua_register(L, name, f); }

// MARK: Loading and running chunks

static inline int sa_luaL_loadfile(lua_State *L, const char *filename) { return luaL_loadfile(L, filename); } // NULL: stdin
static inline int sa_luaL_loadbuffer(lua_State *L, const char *buff, size_t size, const char *name) { return luaL_loadbuffer(L, buff, size, name); }
static inline int sa_luaL_dofile(lua_State *L, const char *filename) { return luaL_dofile(L, filename); }
static inline int sa_luaL_dostring(lua_State *L, const char *s) { return luaL_dostring(L, s); }

// MARK: Garbage collector (lua_gc is variadic, which Swift cannot call)

// An option without arguments: LUA_GCSTOP, RESTART, COLLECT, COUNT, COUNTB or ISRUNNING.
static inline int sa_lua_gc(lua_State *L, int what) { return lua_gc(L, what); }
// One step of `stepsize` kilobytes; returns 1 if it finished a cycle.
static inline int sa_lua_gcstep(lua_State *L, int stepsize) { return lua_gc(L, LUA_GCSTEP, stepsize); }
// Switch to generational mode (0 keeps a parameter); returns the previous mode.
static inline int sa_lua_gcgen(lua_State *L, int minormul, int majormul) { return lua_gc(L, LUA_GCGEN, minormul, majormul); }
// Switch to incremental mode (0 keeps a parameter); returns the previous mode.
static inline int sa_lua_gcinc(lua_State *L, int pause, int stepmul, int stepsize) { return lua_gc(L, LUA_GCINC, pause, stepmul, stepsize); }

// MARK: Errors: the message handler

// lua.c's msghandler: turns the error object into a message (via __tostring if it has one, which
// then stands alone) and appends a standard traceback. Use as lua_pcall's message handler.
static inline int sa_lua_msghandler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {  // not a string (nor a number)
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

// MARK: Errors: the trampoline for Swift functions

// A Swift function as C sees it: returns its result count, or a signal (below) to raise an error.
typedef int (*sa_lua_SwiftCallback)(lua_State *L);

// How a Swift callback asks the trampoline to raise an error on its behalf.
enum : int {
    SA_LUA_RAISE = -1,      // raise the value on top of the stack as it is, as lua_error
    SA_LUA_ERROR = -2,      // top: message; raise it after the caller's position, as luaL_error
    SA_LUA_ARGERROR = -3,   // top: message, below it: argument number; raise as luaL_argerror
    SA_LUA_TYPEERROR = -4   // top: expected type name, below it: argument number; as luaL_typeerror
};

// The C function behind every Swift function: calls the callback in upvalue 1, raises its errors.
static inline int sa_lua_trampoline(lua_State *L) {
    sa_lua_SwiftCallback callback = (sa_lua_SwiftCallback)lua_touserdata(L, lua_upvalueindex(1));
    int n = callback(L);
    switch (n) {
        case SA_LUA_RAISE:
            return lua_error(L);
        case SA_LUA_ERROR:
            luaL_where(L, 1);
            lua_insert(L, -2);
            lua_concat(L, 2);
            return lua_error(L);
        case SA_LUA_ARGERROR:
            return luaL_argerror(L, (int)lua_tointeger(L, -2), lua_tostring(L, -1));
        case SA_LUA_TYPEERROR: {
            // Drop the two values first, so that luaL_typeerror inspects the argument itself (or
            // finds none: "got no value"), not what was pushed here; copy the name they held.
            char expected[128];
            snprintf(expected, sizeof expected, "%s", lua_tostring(L, -1));
            int arg = (int)lua_tointeger(L, -2);
            lua_pop(L, 2);
            return luaL_typeerror(L, arg, expected);
        }
        default:
            return n;
    }
}

// Pushes a closure running `callback` through the trampoline. The top `nup` values become its
// upvalues 2...nup+1 (upvalue 1 holds the callback).
static inline void sa_lua_pushswiftclosure(lua_State *L, sa_lua_SwiftCallback callback, int nup) {
    lua_pushlightuserdata(L, (void *)callback);
    lua_insert(L, -(nup + 1));
    lua_pushcclosure(L, sa_lua_trampoline, nup + 1);
}

// MARK: Interrupts (lua.c's laction and lstop)

// Ctrl-C while Lua runs: the SIGINT handler cannot touch the Lua state safely, so, as lua.c does,
// it only sets a count hook that raises "interrupted!" at the next instruction, call or return
// (the hook is C, so the error never crosses Swift). It also sets a flag that long Swift loops
// poll. It restores the default action first, so a second Ctrl-C kills a stuck process.
// The state is kept in static locals of accessors (Swift's importer does not emit a header's
// static globals), and exists once per Swift module that calls them: only LuaBridge does.
#include <pthread.h>
#include <signal.h>
#include <string.h>

// The state the handler interrupts.
static inline lua_State *volatile *sa_interrupt_state(void) { static lua_State *volatile L = NULL; return &L; }
// Set by the handler, polled by Swift loops.
static inline volatile sig_atomic_t *sa_interrupt_flag(void) { static volatile sig_atomic_t flag = 0; return &flag; }

// The hook the handler sets: removes itself and raises the interruption as a Lua error.
static inline void sa_lua_interrupt_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    lua_sethook(L, NULL, 0, 0);
    luaL_error(L, "interrupted!");
}

// The SIGINT handler while Lua runs: async-signal-safe (lua_sethook is, by Lua's design).
static inline void sa_lua_interrupt_action(int sig) {
    signal(sig, SIG_DFL);
    *sa_interrupt_flag() = 1;
    lua_State *L = *sa_interrupt_state();
    if (L != NULL)
        lua_sethook(L, sa_lua_interrupt_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

// Installs the handler for a protected call on L; returns the previous disposition to restore.
// SIGINT is also unblocked for this thread: a parent may have spawned us with it blocked.
static inline void sa_lua_interrupt_begin(lua_State *L, struct sigaction *previous) {
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &interrupt, NULL);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = sa_lua_interrupt_action;
    sigemptyset(&action.sa_mask);
    *sa_interrupt_state() = L;
    sigaction(SIGINT, &action, previous);
}

// Restores what was there before sa_lua_interrupt_begin, and removes a hook left unfired.
static inline void sa_lua_interrupt_end(lua_State *L, const struct sigaction *previous) {
    sigaction(SIGINT, previous, NULL);
    if (lua_gethook(L) == sa_lua_interrupt_hook)
        lua_sethook(L, NULL, 0, 0);
    *sa_interrupt_state() = NULL;
}

// Whether Ctrl-C was pressed since the flag was last cleared.
static inline int sa_lua_interrupt_requested(void) { return *sa_interrupt_flag() != 0; }
// Forgets a past Ctrl-C (the REPL does so when it returns to the prompt).
static inline void sa_lua_interrupt_clear(void) { *sa_interrupt_flag() = 0; }

// MARK: Converting any value to text

// luaL_tolstring as a C function, so it runs protected: __tostring and __name may raise.
static inline int sa_lua_tolstring(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

#endif
