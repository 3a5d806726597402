/* runtime/defer.c — defer records: what `defer f(args)` leaves behind until f runs.
 *
 * Go's way (runtime/panic.go, Go 1.19). A `defer` statement evaluates the function value and
 * its arguments at once and calls them later: when the function returns (deferreturn), or when
 * a panic unwinds through it (gopanic). Go keeps a _defer record per pending call on a list
 * hanging off the goroutine (gp._defer, newest first): {fn, sp of the deferring frame, pc,
 * started, _panic, link}. Since Go 1.13 most records live in the deferring frame itself, and
 * since 1.14 most defers are "open-coded": a defer outside loops sets a bit in a frame-local
 * mask, its arguments stay in frame slots, and the function's exits call the deferred functions
 * inline; gopanic finds them through funcdata. Since 1.18 the arguments are packed into a
 * closure (`defer f(x)` becomes `x1 := x; defer func() { f(x1) }()`), so _defer.fn is a plain
 * func().
 *
 * gol's way, the plain one (what Go did before open-coding, heap _defer records):
 *
 *     g->defers ──► [ fnval | frame F2 | resume | params... ] ──► [ fnval | frame F1 | ... ] ──► NULL
 *                      newest (deferred last)                     oldest
 *
 *   - DEFER / DEFERIND (vm/interp.c) lay the callee's params out exactly as for a call, in the
 *     outgoing area, and then call defer_push instead of entering the callee: the params are
 *     copied into a record (C memory, one malloc; freed records are kept on a small free list as
 *     Go's deferpool does), with the func value — a static function's static closure, or the
 *     func value the program computed — so a deferred call is later made exactly as CALLIND
 *     makes one: by its func value (a closure gets its context that way).
 *   - A record names its frame by the frame's base as an offset from stack_lo (stacks grow by
 *     copying: an address would go stale, an offset does not) and its function, and carries the
 *     pc of that function's deferreturn code (where a recovered panic resumes the frame).
 *   - The records are roots for the collector and are adjusted when the stack moves: the words of
 *     the params that hold pointers are the callee's, given by its own stack map (map 0 over
 *     [results_size, args_size): every map of a function marks exactly the pointer words of its
 *     results and params, runtime/symtab.h), and the func value is a pointer. So a record is as
 *     precise as the frame it will become, and no per-call-site type descriptor is needed.
 *   - At every return of a function that has a defer statement, the compiler emits Go's
 *     deferreturn as one instruction, RUNDEFER: while the newest record belongs to this frame,
 *     pop it and call it (the callee's frame goes just above ours; it returns to the instruction
 *     after RUNDEFER, a jump back to it); then the results are loaded and RET returns. A
 *     function without a defer statement has no RUNDEFER and pays nothing: no flag is tested
 *     at its calls or returns.
 *   - A panic (runtime/panic.c, runtime.gopanic) runs the records newest first, whatever frame
 *     they belong to, marking each started; a recover in one of them resumes that record's frame
 *     at its deferreturn code, which runs the frame's remaining records and returns normally.
 *
 * A native that runs gol code can catch its panics the same way (fmt prints a String method's
 * panic as "%!v(PANIC=String method: ...)", Go's catchPanic): defer_push_catch leaves a record
 * with no call in it, which a panic treats as a deferred call that recovers at once, resuming
 * the native (runtime/panic.c).
 *
 * Cost compared with Go: one malloc'd record per executed defer statement (Go's open-coded
 * defers cost a bit set and nothing more), and the call goes through a func value. gol does not
 * open-code: the records keep the one mechanism for loops, panics and, later, runtime.Goexit
 * (which runs all records without letting any recover).
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"

/* A few freed records of common sizes, reused (Go's per-P deferpool). */
enum { DEFER_POOL_MAX = 32, DEFER_POOL_PARAMS = 64 };
static GolDefer *defer_pool[DEFER_POOL_MAX];
static int defer_npool;

static GolDefer *defer_alloc(uint32_t params_size) {
    if (params_size <= DEFER_POOL_PARAMS && defer_npool > 0) return defer_pool[--defer_npool];
    size_t n = sizeof(GolDefer) + (params_size <= DEFER_POOL_PARAMS ? DEFER_POOL_PARAMS : params_size);
    GolDefer *d = malloc(n);
    if (d == NULL) rt_fatal(NULL, "runtime: out of memory");
    return d;
}

void defer_free(GolDefer *d) {
    if (d->params_size <= DEFER_POOL_PARAMS && defer_npool < DEFER_POOL_MAX) {
        defer_pool[defer_npool++] = d;
        return;
    }
    free(d);
}

static const FuncInfo *defer_callee(const GolDefer *d) {
    const FuncInfo *f = NULL;
    if (d->fnval) memcpy(&f, d->fnval, sizeof f);
    return f;
}

void defer_push(GolG *g, const void *fnval, const FuncInfo *frame_fn, const uint8_t *frame_base,
                uint32_t resume_pc, const uint8_t *callee_base) {
    const FuncInfo *f = NULL;
    if (fnval) memcpy(&f, fnval, sizeof f);
    uint32_t size = f ? f->args_size - f->results_size : 0;
    GolDefer *d = defer_alloc(size);
    d->link = g->defers;
    d->fnval = fnval;
    d->frame_fn = frame_fn;
    d->frame_off = (uint32_t)(frame_base - g->stack_lo);
    d->resume_pc = resume_pc;
    d->started = false;
    d->catch_native = false;
    d->panic = NULL;
    d->params_size = size;
    if (size) memcpy(d->params, callee_base + f->results_size, size);
    g->defers = d;
}

bool defer_is_mine(const GolG *g, const uint8_t *frame_base) {
    return g->defers && g->defers->frame_off == (uint32_t)(frame_base - g->stack_lo);
}

const void *defer_pop_into(GolG *g, uint8_t *callee_base) {
    GolDefer *d = g->defers;
    const FuncInfo *f = defer_callee(d);
    const void *fnval = d->fnval;
    if (f && d->params_size) memcpy(callee_base + f->results_size, d->params, d->params_size);
    g->defers = d->link;
    defer_free(d);
    return fnval;
}

void defer_push_catch(GolG *g, const uint8_t *native_frame) {
    GolDefer *d = defer_alloc(0);
    *d = (GolDefer){ .link = g->defers, .frame_fn = g->func, .catch_native = true,
                     .frame_off = (uint32_t)(native_frame - g->stack_lo) };
    g->defers = d;
}

void defer_pop_catch(GolG *g, const uint8_t *native_frame) {
    GolDefer *d = g->defers;
    if (d && d->catch_native && d->frame_off == (uint32_t)(native_frame - g->stack_lo)) {
        g->defers = d->link;
        defer_free(d);
    }
}

/* Calls visit on the address of every word of d that may hold a pointer: the func value and
 * the params words the callee's map 0 marks (all of them when the callee has no map). */
static void defer_words(GolDefer *d, void (*visit)(void **slot, void *arg), void *arg) {
    visit((void **)&d->fnval, arg);
    const FuncInfo *f = defer_callee(d);
    if (!f) return;
    const StackMap *sm = &f->stackmap;
    uint32_t first = f->results_size / 8;
    for (uint32_t i = 0; i < d->params_size / 8; i++) {
        uint32_t w = first + i;
        if (sm->nmaps == 0 || !sm->bits || (sm->bits[w / 8] >> (w % 8) & 1))
            visit((void **)(d->params + 8 * (size_t)i), arg);
    }
}

static void defer_visit_mark(void **slot, void *arg) {
    void (*mark)(const void *) = (void (*)(const void *))arg;
    void *p;
    memcpy(&p, slot, sizeof p);
    mark(p);
}

void defer_scan(GolG *g, void (*mark)(const void *p)) {
    for (GolDefer *d = g->defers; d; d = d->link) defer_words(d, defer_visit_mark, (void *)mark);
}

typedef struct DeferMove { uintptr_t lo, hi; intptr_t delta; } DeferMove;

static void defer_visit_adjust(void **slot, void *arg) {
    const DeferMove *mv = arg;
    uintptr_t v;
    memcpy(&v, slot, sizeof v);
    if (v >= mv->lo && v < mv->hi) {
        v = (uintptr_t)((intptr_t)v + mv->delta);
        memcpy(slot, &v, sizeof v);
    }
}

void defer_adjust(GolG *g, uintptr_t old_lo, uintptr_t old_hi, intptr_t delta) {
    DeferMove mv = { old_lo, old_hi, delta };
    for (GolDefer *d = g->defers; d; d = d->link) defer_words(d, defer_visit_adjust, &mv);
}
