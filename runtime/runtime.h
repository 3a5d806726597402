/* runtime/runtime.h — what the interpreter and natives call in the runtime.
 *
 * The runtime owns memory (one allocation funnel, mallocgc), goroutines and their stacks
 * (GolG), strings and slices helpers that allocate, panics and tracebacks, and the standard
 * library's natives. It sees frames only through runtime/symtab.h (FrameHeader, FuncInfo).
 *
 * Calling convention for everything below that takes a GolG: the interpreter has saved its
 * position in g->func / g->pc / g->base first (so a panic can print a traceback and a
 * collection can walk the stack).
 */
#ifndef GOL_RUNTIME_RUNTIME_H
#define GOL_RUNTIME_RUNTIME_H

#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <signal.h>
#include <stdnoreturn.h>
#include "runtime/symtab.h"

/* ---- goroutines (runtime/sched.c; docs/scheduler.md) ---- */
struct GolDefer;
/* A goroutine's state, as Go's _Grunnable/_Grunning/_Gwaiting/_Gdead. */
enum { G_RUNNABLE = 1, G_RUNNING, G_WAITING, G_DEAD };
/* How the loop takes a goroutine up again when the scheduler hands it over:
 *   G_RESUME_PC     dispatch at g->pc in g->func's frame at g->base (parked at a safepoint,
 *                   g->pc the instruction to run next)
 *   G_RESUME_ENTER  a new goroutine: enter the func value g->call_ctx, whose frame (params
 *                   copied in) is at g->base
 *   G_RESUME_RET    a native that yielded (runtime.Gosched): return from its frame at g->base */
enum { G_RESUME_PC = 1, G_RESUME_ENTER, G_RESUME_RET };
struct GolPanic;
typedef struct GolG {
    uint8_t *stack_lo, *stack_hi;   /* this goroutine's stack [lo, hi) */
    const FuncInfo *func;           /* saved position of the innermost frame: its function, */
    const uint32_t *pc;             /* the instruction being executed (NULL in a native), */
    uint8_t *base;                  /* and its frame base */
    bool entering;                  /* func is being entered (stack growth at a call): only its
                                       params hold values yet */
    const void *call_ctx;           /* NAT_CALL: the func value a native asked the loop to call
                                       (its closure context: vm/interp.c fnval_enter) */
    int64_t goid;                   /* 1 for main */
    const Module *mod;
    /* defer, panic, recover (runtime/defer.c, runtime/panic.c; docs/panic.md) */
    struct GolDefer *defers;        /* this goroutine's defer records, newest first */
    struct GolPanic *panic;         /* its active panics, newest first */
    void *loop_jmp;                 /* the dispatch loop's jmp_buf: where a runtime error raised
                                       in C goes back to the loop to start a panic (NULL: no
                                       loop runs; the error is printed at once) */
    GolIface panic_start;           /* the value of that panic, until the loop has taken it */
    bool sig_panic;                 /* a nil dereference panicked (Go's gp.sig): the final
                                       report has the [signal SIGSEGV...] line */
    bool caught;                    /* a native's catch record stopped a panic, */
    GolIface caught_value;          /* whose value this is (rt_native_caught) */
    /* the scheduler (runtime/sched.c) */
    uint8_t status;                 /* G_RUNNABLE ... G_DEAD */
    uint8_t resume;                 /* G_RESUME_PC ... : how the loop runs it again */
    const char *waitreason;         /* G_WAITING: Go's wait reason ("chan receive") */
    struct GolG *schedlink;         /* the next G of the run queue, a wait queue or the free list */
    struct GolG *alllink;           /* every G that is not dead (sched_allg), for tracebacks, */
    struct GolG *allprev;           /* doubly linked: a goroutine leaves it in O(1) */
    size_t gc_index;                /* its place among the collector's goroutines (mgc.c) */
    const FuncInfo *created_by;     /* the function whose go statement started it (NULL: main) */
    uint32_t created_pc;            /* that statement's pc (code words into created_by) */
    struct Sudog *waiting;          /* the channel operation it waits in (runtime/chan.c) */
    /* GOLDEBUG=preempt=random (runtime/preempt.c) */
    bool preempted_async;           /* stopped between safepoints: its innermost frame has no
                                       stack map (scanned conservatively) and its stack stays */
    uint8_t map_write_age;          /* instructions run since map_writing's MAPASSIGN */
    struct GolMap *map_writing;     /* the map whose assignment g has not finished storing */
    bool system;                    /* the runtime's own (finalizers): not in NumGoroutine or
                                       deadlock reports (Go's isSystemGoroutine) */
    struct GolSelect *select;       /* the select it is in (runtime/select.c) */
} GolG;

/* ---- the scheduler (runtime/sched.c) ----
 * The loop switches goroutines at safepoints: it saves the running g's position (g->func,
 * g->pc, g->base, g->resume), puts g where it belongs (sched_gosched: the run queue's tail;
 * sched_park: waiting, with Go's wait reason; sched_goexit: dead) and runs sched_schedule's g.
 * sched_newproc is `go f(args)`: f's func value and its params laid out at callee_base as for
 * a call are copied onto a new goroutine's stack, which goes on the run queue. */
extern GolG *sched_curg;
void     sched_init(GolG *main_g);
GolG    *sched_newproc(GolG *g, const void *fnval, const uint8_t *callee_base, uint32_t go_pc);
void     sched_gosched(GolG *g);
void     sched_mark_system(GolG *gp);  /* a runtime goroutine (the finalizers'): not counted */
void     sched_park(GolG *g, const char *waitreason);
void     sched_ready(GolG *gp);
void     sched_goexit(GolG *g);
GolG    *sched_schedule(GolG *g);      /* the next g to run, now G_RUNNING; or the deadlock report */
bool     sched_preempt_due(void);      /* a back-edge should yield: the slice is over, others wait */
int64_t  sched_gcount(void);           /* runtime.NumGoroutine */
bool     sched_runnable_waiting(void); /* some goroutine other than the running one can run */
void     sched_arm_timer(void);        /* start the time slices (a second goroutine, a timer) */
GolG    *sched_runnext(void);                  /* the g readied last, to run next */
void     sched_runnext_to_tail(const GolG *before);  /* ... queues up instead (unless before) */

/* ---- timers (runtime/timer.c): one heap of sleepers, Timers and Tickers ---- */
int64_t  timer_now(void);                         /* CLOCK_MONOTONIC in ns */
void     timer_sleep(GolG *g, int64_t wake_ns);   /* time.Sleep: park g until wake_ns */
void     timer_run_due(void);                     /* fire every timer due now */
bool     timer_next_when(int64_t *when);          /* the soonest pending timer, if any */
void     timer_scan(void (*mark)(const void *p)); /* the collector's roots: pending Timers */
int      timer_nat_start(GolG *g, uint8_t *frame);   /* time.startTimer, stopTimer, resetTimer */
int      timer_nat_stop(GolG *g, uint8_t *frame);
int      timer_nat_reset(GolG *g, uint8_t *frame);

/* ---- signals for os/signal (runtime/signal.c) ----
 * The scheduler calls sig_poll at each schedule (readies os/signal's loop when a signal has
 * arrived); with nothing runnable, a loop waiting for signals (sig_waiting) is not a deadlock:
 * sig_idle sleeps until a signal comes, and sig_arrived ends an idle nanosleep early. */
void     sig_poll(void);
bool     sig_waiting(void);
bool     sig_arrived(void);
void     sig_idle(void);
/* fn on every goroutine that is not dead, by id (main first): runtime.Stack(buf, true) and the
 * goroutine profile. */
void     sched_for_each_g(void (*fn)(GolG *gp, void *arg), void *arg);
GolG    *sched_allgs(void);            /* every goroutine not dead, through alllink (the REPL) */
void     sched_forget(GolG *gp);       /* off the timers and run queues (the REPL resets main) */
void     timer_forget(GolG *gp);       /* gp's time.Sleep entry off the timer heap, if any */

/* ---- the loop's attention (Go's gp.preempt; runtime/proc.c) ----
 * Every loop back-edge is a safepoint that tests this one byte and, when it is set, calls
 * rt_preempt_point there. The runtime sets it when it has work to do between instructions:
 * background sweeping after a collection today, the scheduler's time slice later. A loop that
 * is not asked pays a load and a predicted branch per back-edge, nothing more.
 * rt_preempt_point clears it, does a bounded amount of work, and sets it again if work is left. */
extern volatile bool rt_preempt_requested;
void rt_preempt_point(GolG *g);

/* ---- asynchronous preemption: GOLDEBUG=preempt=random (runtime/preempt.c) ----
 * In that mode the loop asks preempt_async_due before every instruction; true: g yields right
 * there, between safepoints (g->preempted_async). The map functions use the write-window
 * calls: map_write_begin/end around a write, map_check_read before a read or iteration step,
 * which die with Go's "concurrent map ..." fatal errors when another goroutine's write is open. */
extern bool preempt_random;
void preempt_init(const char *goldebug);
bool preempt_async_due(GolG *g);
struct GolMap;
void map_write_begin(GolG *g, struct GolMap *m);
void map_write_end(GolG *g, struct GolMap *m, bool open);
void map_check_read(GolG *g, const struct GolMap *m, bool iterating);

/* ---- the C stack (runtime/proc.c) ----
 * C code that recurses as deep as a value is nested (fmt's printValue, == on interfaces) calls
 * rt_cstack_check at each level: past the limit the gol command set for its thread it ends the
 * program with Go's "stack overflow" fatal error rather than a SIGSEGV. Limit 0: no check. */
extern uintptr_t rt_cstack_limit;
void rt_cstack_set_limit(uintptr_t lowest_usable);
noreturn void rt_cstack_overflow(GolG *g);
static inline void rt_cstack_check(GolG *g) {
    char probe;
    if (__builtin_expect((uintptr_t)&probe < rt_cstack_limit, 0)) rt_cstack_overflow(g);
}

/* The runtime's process-wide state needed before main runs. */
void rt_init(int argc, char **argv, int first_arg);   /* os.Args = argv[first_arg..] */
void rt_exit(int code);                                /* exits (stdout is unbuffered) */
/* The program dies of a panic, fatal error or deadlock (status 2): exits, or inside the REPL
 * jumps to rt_exit_trap (a jmp_buf *), the REPL's prompt (runtime/proc.c). */
noreturn void rt_exit_fatal(void);
extern void *rt_exit_trap;
extern volatile sig_atomic_t rt_interrupt_pending;    /* Ctrl-C in the REPL: the input stops */
noreturn void rt_interrupt(GolG *g);   /* reports it with main's traceback, then rt_exit_fatal */
extern uint64_t rt_output_writes;      /* the program's writes to stdout and stderr so far */

/* ---- allocation: the one funnel (runtime/malloc.c) ----
 * Every heap object gol creates comes from here; the real segregated-fit heap of issue 3 lives
 * behind these two functions. mallocgc needs the object's type, never NULL (a NULL type is a
 * fatal error): a pointer-free type still gets a noscan slot, and a type with pointers gets its
 * pointer bitmap. `type` describes ONE element: size may be n * type->size (a slice's backing
 * array), and the heap repeats type's pointer mask n times (runtime/mbitmap.c).
 * mallocgc_noscan is for raw bytes that will never hold a pointer (string bytes, rune arrays:
 * Go's rawstring/rawbyteslice/rawruneslice); the collector never looks inside them, so a
 * pointer stored there keeps nothing alive. GOLDEBUG=gcverify=1 reports one (malloc.c). */
void *mallocgc(GolG *g, size_t size, const TypeDesc *type, bool needzero);
void *mallocgc_noscan(GolG *g, size_t size, bool needzero);
extern const TypeDesc rt_type_string;   /* string, the element type of os.Args (string.c) */

/* ---- stacks (runtime/stack.c) ---- */
uint8_t *stack_alloc(size_t size, size_t *got);
/* Grows g's stack so that `need` bytes fit above `base`; returns the new base for the same
 * frame. Ends the program with Go's "stack overflow" fatal error beyond the 1 GB maximum. */
uint8_t *stack_grow(GolG *g, uint8_t *base, size_t need);
void     stack_free(uint8_t *lo, uint8_t *hi);   /* returns a stack from stack_alloc/grow */
uint8_t *stack_move(GolG *g, uint8_t *base);   /* same size, new place (GOLDEBUG=stackmove=1) */
bool     stack_move_mode(void);                /* GOLDEBUG=stackmove=1 is on */
void     stack_shrink_if_idle(GolG *g);        /* at GC: halve a stack used under a quarter */
extern size_t stack_max_size;                  /* Go's maxstacksize: 1 GB */
int64_t  stack_set_max(int64_t bytes);         /* debug.SetMaxStack: returns the old limit */

/* ---- panics and fatal errors (runtime/panic.c) ----
 * A runtime error is a panic with a runtime.Error value (Go's message strings, exactly): each
 * rt_panic_* builds that value and starts a panic, which the dispatch loop runs like panic(v):
 * deferred calls run and may recover it. An unrecovered panic prints Go's format on stderr, a
 * goroutine traceback, and exits with status 2. rt_fatal is not recoverable. These functions do
 * not return: the one way back is the loop's (g->loop_jmp); with no loop running (g NULL, unit
 * tests) the panic is printed at once. Branches adding runtime errors call rt_panic_msg(g,
 * "assignment to entry in nil map") after saving their position like every other caller. */
noreturn void rt_panic_index(GolG *g, int64_t i, int64_t len);
noreturn void rt_panic_slice(GolG *g, const char *fmt, int64_t a, int64_t b); /* "slice bounds out of range [:%d] with capacity %d" */
noreturn void rt_panic_divide(GolG *g);
noreturn void rt_panic_nil(GolG *g);
noreturn void rt_panic_shift(GolG *g);
noreturn void rt_panic_msg(GolG *g, const char *runtime_error_msg);  /* "runtime error: " + msg */
noreturn void rt_panic_plain(GolG *g, const char *msg);   /* Go's runtime.plainError: msg alone */
noreturn void rt_panic_wrap(GolG *g, const char *wrapper); /* Go's panicwrap: nil *T in (*T).M */
noreturn void rt_panic_value(GolG *g, GolIface v);   /* panic(v) from C: no Error()/String() */
noreturn void rt_panic_value_str(GolG *g, const char *msg);   /* panic("msg") from C, recoverable */
/* A failed type assertion: Go's *runtime.TypeAssertionError (runtime/iface.h), a runtime.Error
 * whose text has no "runtime error: " prefix: "interface conversion: ...". */
struct TypeAssertionError;
noreturn void rt_panic_type_assertion(GolG *g, const struct TypeAssertionError *e);
noreturn void rt_fatal(GolG *g, const char *msg);                    /* "fatal error: " + msg */
noreturn void rt_panic_start(GolG *g, GolIface v);   /* hand panic(v) to the dispatch loop */
/* v is a runtime error the runtime raised: its message (*msg) and whether Error() puts
 * "runtime error: " before it (not for a type assertion). fmt asks, for values built without
 * the runtime package's types (their descriptors have no methods). */
bool rt_runtime_error(GolG *g, GolIface v, GolString *msg, bool *prefixed);
void rt_traceback(GolG *g, FILE *out);
/* What a dying program prints after "panic: ..." or "fatal error: ...": g's traceback headed
 * "goroutine N [running]:", none, or every goroutine's, as GOTRACEBACK and debug.SetTraceback
 * set it (runtime/traceback.c). */
void rt_traceback_dying(GolG *g);
void rt_set_traceback(const char *level);          /* debug.SetTraceback */
/* g's traceback (or every goroutine's) headed "goroutine N [running]:" as runtime.Stack writes
 * it; a malloc'd buffer of *len bytes (runtime/traceback.c). */
char *rt_traceback_text(GolG *g, bool all, size_t *len);

/* ---- strings (runtime/string.c) ---- */
GolString str_concat(GolG *g, GolString a, GolString b);
int       str_compare(GolString a, GolString b);
GolString str_from_bytes(GolG *g, GolSlice b);
GolSlice  bytes_from_str(GolG *g, GolString s);
GolString str_from_runes(GolG *g, GolSlice r);
GolSlice  runes_from_str(GolG *g, GolString s);
GolString str_from_rune(GolG *g, int64_t r);
int32_t   utf8_decode(const uint8_t *p, int64_t n, int *width);   /* RuneError (0xFFFD), width 1 on bad input */
int       utf8_encode(uint8_t *out, int32_t r);                    /* 1..4 bytes */

/* ---- slices (runtime/slice.c) ---- */
GolSlice slice_make(GolG *g, const TypeDesc *elem, int64_t len, int64_t cap);
/* Go's growslice: new capacity by Go 1.19's rule (double below 256, then 1.25x+192, rounded
 * up to the allocator's size class). Returns s with len += add. */
GolSlice slice_grow(GolG *g, GolSlice s, const TypeDesc *elem, int64_t add);
GolSlice slice_append_slice(GolG *g, GolSlice a, GolSlice b, const TypeDesc *elem);
int64_t  round_up_size(int64_t size);    /* size-class rounding, as Go's roundupsize */

/* ---- interfaces ---- */
/* value points at a frame slot in register form (runtime/symtab.h: float32 held as a float64,
 * integers extended to 8 bytes; aggregates in Go layout); the box holds Go's memory form. */
GolIface iface_box(GolG *g, const TypeDesc *t, const void *value);
bool     iface_equal(GolG *g, GolIface a, GolIface b);   /* panics on uncomparable types */

/* ---- builtin print/println (runtime/print.c): Go's formats, to stderr ---- */
void rt_print_value(const TypeDesc *t, const void *value);   /* value: a slot in register form */

/* ---- output: stdout is unbuffered, as Go's os.Stdout (runtime/proc.c) ---- */
void rt_stdout_write(const void *p, size_t n);       /* one write(2): a whole fmt call's text */
void rt_stdout_flush(void);                          /* nothing to do: kept for its callers */

/* ---- natives (runtime/natives.c): the C functions behind body-less .gol declarations ----
 * `cont`: the native calls gol code (NAT_CALL), so its frame ends with a NatCont. */
typedef struct NativeEntry { const char *name; NativeFn fn; bool cont; } NativeEntry;
const NativeEntry *rt_native_lookup(const char *qualified_name);   /* "fmt.Println", or NULL */

/* ---- natives calling gol code (runtime/nativecall.c; runtime/symtab.h NativeFn) ----
 * A native that wants a gol function run calls rt_call_prepare with its own frame and the func
 * value (a closure: first word FuncInfo*). It returns the callee's frame base, just above the
 * native's frame, where the native writes the params (at FuncInfo.results_size on, by the layout
 * rule); the stack may have grown meanwhile, so *frame is updated. The native then saves its
 * resume step in its NatCont and returns NAT_CALL, holding no pointer into the stack. When the
 * callee has returned the loop calls the native again; rt_call_results gives the callee's frame
 * base, its results at offset 0. */
uint8_t *rt_call_prepare(GolG *g, uint8_t **frame, const void *fnval);
uint8_t *rt_call_results(GolG *g, uint8_t *frame);
NatCont *rt_native_cont(GolG *g, uint8_t *frame);   /* the running native's NatCont */
/* String() and Error(): t's method `name` when it is a callable func() string, else NULL; a
 * value method reached through a nil pointer cannot be called (Go's wrapper would panic);
 * rt_method_call_prepare is rt_call_prepare with v as the receiver. */
const TypeMethod *rt_string_method_of(const GolG *g, const TypeDesc *t, const char *name);
bool rt_method_nil_receiver(GolIface v, const TypeMethod *tm);
void rt_method_call_prepare(GolG *g, uint8_t **frame, GolIface v, const TypeMethod *tm);
/* The native the interpreter pushes itself: panic(v) (runtime/panic.c); and the finalizer
 * goroutine's one frame (runtime/mfinal.c), named in tracebacks and profiles. */
extern const FuncInfo rt_gopanic_func;
extern const FuncInfo rt_runfinq_func;
/* NAT_UNWIND (runtime.gopanic after a recover): the loop continues at g->func / g->pc / g->base,
 * the frame whose deferred call recovered, at its deferreturn code; every frame above it is
 * abandoned. */
enum { NAT_UNWIND = 2 };
/* NAT_SWITCH: the native has yielded or parked its goroutine (sched_gosched, sched_park): the
 * loop switches to the next goroutine; when this one runs again its native frame returns, its
 * results in place (runtime.Gosched). */
enum { NAT_SWITCH = 3 };
/* NAT_EXIT: the goroutine ends here (runtime.Goexit, after its deferred calls: runtime/panic.c
 * rt_goexit); the loop gives it to sched_goexit. */
enum { NAT_EXIT = 4 };
int rt_goexit(GolG *g, uint8_t *frame);

/* ---- defer records (runtime/defer.c; docs/panic.md) ----
 * `defer f(args)` evaluates f and args at once and keeps them in a record on g->defers, newest
 * first; the frame that deferred it runs its records at its deferreturn code (RUNDEFER), and a
 * panic runs them all. A record belongs to its frame by the frame's base offset from stack_lo
 * (stacks move), holds a copy of the callee's params (scanned and adjusted by the callee's own
 * stack map, map 0 over [results_size, args_size)) and the func value it calls, which the loop
 * calls exactly as CALLIND calls a func value. */
typedef struct GolDefer {
    struct GolDefer *link;      /* the next older record of the goroutine */
    const void *fnval;          /* the func value to call (first word: FuncInfo*); NULL panics */
    const FuncInfo *frame_fn;   /* the function whose frame deferred it, */
    uint32_t frame_off;         /* that frame's base - stack_lo, */
    uint32_t resume_pc;         /* and its deferreturn code (where a recovery resumes it) */
    bool started;               /* a panic has called it */
    bool catch_native;          /* not a call: a native catching the panics of the gol code it
                                   asked for (fmt's catchPanic; defer_push_catch) */
    struct GolPanic *panic;     /* that panic */
    uint32_t params_size;       /* bytes of params copied (the callee's args_size - results_size) */
    uint8_t params[];
} GolDefer;

void     defer_push(GolG *g, const void *fnval, const FuncInfo *frame_fn, const uint8_t *frame_base,
                    uint32_t resume_pc, const uint8_t *callee_base);
bool     defer_is_mine(const GolG *g, const uint8_t *frame_base);   /* newest record is this frame's */
const void *defer_pop_into(GolG *g, uint8_t *callee_base);  /* pop the newest, its params to the callee */
void     defer_free(GolDefer *d);
void     rt_panics_drop(GolG *g);      /* frees g's panic and defer records (the REPL drops g's work) */
/* A native that asks the loop for a call (NAT_CALL) and wants the panics of that call, as Go's
 * fmt does with `defer p.catchPanic(...)`: defer_push_catch before returning NAT_CALL; when it
 * runs again, rt_native_caught says whether the call panicked (the panic is over, its value in
 * *v, the callee's frames gone), else defer_pop_catch drops the record. */
void     defer_push_catch(GolG *g, const uint8_t *native_frame);
void     defer_pop_catch(GolG *g, const uint8_t *native_frame);
bool     rt_native_caught(GolG *g, GolIface *v);
void     defer_scan(GolG *g, void (*mark)(const void *p));                  /* the collector's roots */
void     defer_adjust(GolG *g, uintptr_t old_lo, uintptr_t old_hi, intptr_t delta);  /* stack moved */
/* recover() in the frame at base: the panic value when that frame was called directly by the
 * newest panic's deferred-call loop and that panic is not recovered yet; else nil. */
GolIface rt_gorecover(GolG *g, const uint8_t *base);

/* ---- walking a goroutine's frames (runtime/traceback.c): one walker for the collector's
 * roots, stack copying and tracebacks ---- */
typedef struct StkFrame {
    const FuncInfo *fn;
    uint8_t *base;
    uint32_t pc;                /* bytecode: the instruction (innermost) or the return pc */
    bool innermost;             /* stopped at pc itself, not inside a call */
    bool entering;              /* being entered: only its params hold values */
} StkFrame;
bool frame_first(const GolG *g, StkFrame *fr);      /* false when g runs no frame */
bool frame_next(const GolG *g, StkFrame *fr);       /* the caller; false past the bottom frame */
/* The frame's pointer bitmap and the words [*from, *to) it covers; NULL when the function has
 * no map for that pc (a compiler bug the collector reports). */
const uint8_t *frame_pointer_map(const StkFrame *fr, uint32_t *from, uint32_t *to);
uint32_t frame_line(const StkFrame *fr);            /* source line the frame is at */
uintptr_t frame_pc(const Module *m, const StkFrame *fr);   /* its PC as runtime.Callers gives it */

#endif
