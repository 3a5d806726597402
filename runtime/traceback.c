/* runtime/traceback.c — walking a goroutine's frames, and the traceback a panic prints.
 *
 * One walker (Go's gentraceback / unwinder) serves everything that must understand a stack:
 * the collector's roots (runtime/mgcmark.c), stack copying (runtime/stack.c) and tracebacks
 * (below). It needs no help from the interpreter, only data:
 *
 *   - where the innermost frame is: g->func, g->pc, g->base, saved by the interpreter before
 *     anything that may allocate, walk the stack or panic. While a native runs, g->func is the
 *     native itself (g->pc NULL), and its frame is an ordinary frame of the chain;
 *   - how frames link: the FrameHeader 16 bytes below each frame's base (runtime/symtab.h) names
 *     the caller, the return pc and the caller's base as an offset from stack_lo (so a moved
 *     stack is still walkable). A return pc of RETPC_EXIT ends the chain; RETPC_RESUME_NATIVE
 *     and RETPC_NATIVE_DONE say the caller is a native (which has no pc);
 *   - which words hold pointers: the function's stack maps (runtime/symtab.c).
 *
 *          stack_hi
 *             │                       innermost frame  ◄── g->func, g->pc, g->base
 *             │   [header: caller C, ret_pc r, base b]
 *             │                       frame of C, stopped in the call that ends at r
 *             │   [header: caller B, ...]
 *             │                       ...
 *          stack_lo  [header: NULL, RETPC_EXIT]  bottom frame
 *
 * A frame is described by a StkFrame (runtime/runtime.h): the function, the base, the pc, and
 * whether it is the innermost frame (stopped at pc itself) or a caller (stopped inside the call
 * that ends at its return pc). frame_pointer_map picks the map that holds there:
 *
 *   - a bytecode frame stopped at a safepoint pc: stackmap_at(f, pc);
 *   - a caller: the map of its call instruction, the last safepoint before the return pc;
 *   - a native: its one map, valid wherever it is (results, params and its NatCont);
 *   - a frame being entered (stack growth at a call, g->entering): only its params hold values
 *     yet, so only the params words of its map 0 count.
 *
 * Tracebacks print Go's format, innermost first: the function name with "(...)" when it has
 * parameters and "()" when it has none (Go prints argument words, which mean nothing for gol),
 * then the file and line the frame is at — for callers the call instruction, just before the
 * return pc — and the pc as a byte offset (word index * 4), as Go prints the offset into the
 * function. Frames of functions named runtime.* are hidden, as Go hides its own, except a panic
 * still on the stack below a deferred call that panicked in turn: Go prints it as
 * "panic({0x45f3e0, 0xc000082000})" and its place in runtime/panic.go, gol as "panic(...)" and
 * "runtime/panic.c" (docs/panic.md). Like Go, at most 100 frames are printed, so that a stack
 * overflow does not print a million lines.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"

enum { TRACEBACK_MAX_FRAMES = 100 };

/* ---- how much a dying program prints: GOTRACEBACK and debug.SetTraceback ----
 * Go's encoding (runtime/runtime1.go): level << 2 | all << 1 | crash. Level 0 ("none") prints
 * no goroutine, 1 ("single", the default) the one that failed, "all" every goroutine, "system"
 * and "crash" every goroutine too (gol has no runtime frames of its own to add, and does not
 * dump core). SetTraceback ORs its setting with the environment's, so it can raise the level
 * but never lower it below GOTRACEBACK. */
enum { TB_ALL = 2, TB_CRASH = 1, TB_SHIFT = 2 };
static uint32_t traceback_env_bits = UINT32_MAX, traceback_bits;

static uint32_t traceback_parse(const char *level) {
    if (strcmp(level, "none") == 0) return 0;
    if (strcmp(level, "single") == 0 || level[0] == 0) return 1u << TB_SHIFT;
    if (strcmp(level, "all") == 0) return 1u << TB_SHIFT | TB_ALL;
    if (strcmp(level, "system") == 0) return 2u << TB_SHIFT | TB_ALL;
    if (strcmp(level, "crash") == 0) return 2u << TB_SHIFT | TB_ALL | TB_CRASH;
    char *end;
    long n = strtol(level, &end, 10);                 /* GOTRACEBACK=2 */
    return TB_ALL | (*end == 0 && n >= 0 && n < 1024 ? (uint32_t)n << TB_SHIFT : 0);
}

static uint32_t traceback_setting(void) {
    if (traceback_env_bits == UINT32_MAX) {
        const char *env = getenv("GOTRACEBACK");
        traceback_env_bits = traceback_parse(env ? env : "single");
        traceback_bits = traceback_env_bits;
    }
    return traceback_bits;
}

void rt_set_traceback(const char *level) {
    traceback_setting();
    traceback_bits = traceback_parse(level) | traceback_env_bits;
}

static void traceback_other(GolG *gp, void *failed) {
    if (gp == failed) return;
    fprintf(stderr, "\ngoroutine %" PRId64 " [%s]:\n", gp->goid,
            gp->waitreason ? gp->waitreason : "runnable");
    rt_traceback(gp, stderr);
}

void rt_traceback_dying(GolG *g) {
    uint32_t t = traceback_setting();
    if ((t >> TB_SHIFT) == 0) return;
    fprintf(stderr, "\ngoroutine %" PRId64 " [running]:\n", g ? g->goid : 1);
    rt_traceback(g, stderr);
    if (t & TB_ALL) sched_for_each_g(traceback_other, g);
}

bool frame_first(const GolG *g, StkFrame *fr) {
    if (g == NULL || g->func == NULL || g->base == NULL) return false;
    const FuncInfo *f = g->func;
    *fr = (StkFrame){
        .fn = f, .base = g->base,
        .pc = g->pc && !f->native ? (uint32_t)(g->pc - f->code) : 0,
        .innermost = true, .entering = g->entering,
    };
    return true;
}

bool frame_next(const GolG *g, StkFrame *fr) {
    if (fr->base < g->stack_lo + sizeof(FrameHeader) || fr->base > g->stack_hi) return false;
    FrameHeader h;
    memcpy(&h, fr->base - sizeof(FrameHeader), sizeof h);
    if (h.caller == NULL || h.ret_pc == RETPC_EXIT) return false;
    uint8_t *cb = g->stack_lo + h.caller_base;
    if (cb >= fr->base) return false;                 /* not a chain: callers are below */
    *fr = (StkFrame){
        .fn = h.caller, .base = cb,
        .pc = h.ret_pc >= RETPC_SPECIAL ? 0 : h.ret_pc,
        .innermost = false, .entering = false,
    };
    return true;
}

const uint8_t *frame_pointer_map(const StkFrame *fr, uint32_t *from, uint32_t *to) {
    const FuncInfo *f = fr->fn;
    const StackMap *sm = &f->stackmap;
    *from = 0;
    *to = sm->nwords;
    if (fr->entering) {
        *from = f->results_size / 8;
        *to = f->args_size / 8;
        return sm->nmaps > 0 ? sm->bits : NULL;
    }
    if (f->native) return stackmap_at(f, 0);
    return fr->innermost ? stackmap_at(f, fr->pc) : stackmap_for_caller(f, fr->pc);
}

uint32_t frame_line(const StkFrame *fr) {
    const FuncInfo *f = fr->fn;
    if (f->native || f->ncode == 0) return f->line;
    return funcinfo_line_at(f, fr->innermost || fr->pc == 0 ? fr->pc : fr->pc - 1);
}

/* The PC a program sees for the frame (runtime/symtab.h has the encoding): a return address,
 * so the innermost frame's is two bytes into its instruction and a caller's the return pc. */
uintptr_t frame_pc(const Module *m, const StkFrame *fr) {
    uintptr_t entry = funcpc_entry(m, fr->fn);
    if (fr->fn->native) return entry;
    return entry + (uintptr_t)fr->pc * 4 + (fr->innermost ? 2 : 0);
}

/* Frames a traceback leaves out, as Go's showframe does: the runtime's own, and a wrapper the
 * compiler generated (a promoted method's, a method value's M-fm, file "<autogenerated>") once it
 * has called the method it wraps; a wrapper that panicked itself (innermost) is shown. */
static bool traceback_hidden(const GolG *g, const StkFrame *fr) {
    const FuncInfo *f = fr->fn;
    if (f->name && strncmp(f->name, "runtime.", 8) == 0) return true;
    return !fr->innermost && strcmp(funcinfo_file(g->mod, f), "<autogenerated>") == 0;
}

/* " +0x1c": the frame's offset into its function, which Go leaves out at the entry itself (a
 * goroutine that has not run yet). */
static void traceback_offset(FILE *out, uint32_t off) {
    if (off > 0) fprintf(out, " +0x%" PRIx32, off);
    fputc('\n', out);
}

/* Go's "created by" lines under a goroutine's frames: the function whose go statement started
 * it, at that statement (runtime/sched.c keeps both). The main goroutine has none. */
static void traceback_creator(const GolG *g, FILE *out) {
    const FuncInfo *f = g ? g->created_by : NULL;
    if (!f) return;
    StkFrame fr = { .fn = f, .pc = g->created_pc, .innermost = true };
    fprintf(out, "created by %s\n\t%s:%" PRIu32, f->name ? f->name : "?",
            funcinfo_file(g->mod, f), frame_line(&fr));
    traceback_offset(out, g->created_pc * 4);
}

void rt_traceback(GolG *g, FILE *out) {
    StkFrame fr;
    int printed = 0;
    for (bool ok = frame_first(g, &fr); ok; ok = frame_next(g, &fr)) {
        const FuncInfo *f = fr.fn;
        if (f == &rt_gopanic_func && printed > 0) {     /* a panic whose deferred call panicked */
            if (printed == TRACEBACK_MAX_FRAMES) { fprintf(out, "...additional frames elided...\n"); return; }
            fprintf(out, "panic(...)\n\truntime/panic.c\n");
            printed++;
            continue;
        }
        if (traceback_hidden(g, &fr)) continue;
        if (printed == TRACEBACK_MAX_FRAMES) { fprintf(out, "...additional frames elided...\n"); return; }
        fprintf(out, "%s(%s)\n\t%s:%" PRIu32, f->name ? f->name : "?",
                f->args_size > f->results_size ? "..." : "", funcinfo_file(g->mod, f),
                frame_line(&fr));
        traceback_offset(out, fr.pc * 4);
        printed++;
    }
    traceback_creator(g, out);
}

/* runtime.Stack, debug.Stack, the goroutine profile (debug=2): the traceback of g -- or of every
 * goroutine, main first, separated by empty lines -- as text, each headed as Go's
 * "goroutine N [running]:" (the others with their wait reason). Returns a malloc'd buffer. */
static void traceback_one(GolG *gp, void *arg) {
    FILE *f = arg;
    if (ftell(f) > 0) fputc('\n', f);
    fprintf(f, "goroutine %" PRId64 " [%s]:\n", gp->goid,
            gp == sched_curg ? "running" : gp->waitreason ? gp->waitreason : "runnable");
    rt_traceback(gp, f);
}

char *rt_traceback_text(GolG *g, bool all, size_t *len) {
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    if (!f) rt_fatal(g, "runtime: out of memory");
    if (all) sched_for_each_g(traceback_one, f);
    else traceback_one(g, f);
    fclose(f);
    return text;
}
