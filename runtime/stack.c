/* runtime/stack.c — goroutine stacks: contiguous, and grown by copying (Go's stack.go).
 *
 * A goroutine's frames live in one contiguous region [stack_lo, stack_hi) that the interpreter
 * fills upwards (vm/interp.c). When a callee's frame would not fit, the interpreter calls
 * stack_grow, which works as Go's newstack/copystack do:
 *
 *   1. New size: double the old one (more if a single frame needs it), as Go does.
 *   2. If that exceeds the maximum — 1,000,000,000 bytes on 64-bit systems, Go's maxstacksize —
 *      print Go's two lines and die: "runtime: goroutine stack exceeds 1000000000-byte limit"
 *      then "fatal error: stack overflow" (exit status 2). Because sizes double from 8 KiB, the
 *      largest stack really used is 512 MiB, exactly as in Go.
 *   3. Map the new region, copy the old one into it byte for byte, adjust the pointers into the
 *      stack (below), unmap the old one.
 *
 * Pointers into the stack. Escape analysis (compiler/escape.c) keeps a variable whose address
 * is taken in its frame when the address cannot outlive the frame, so a frame may hold the
 * address of one of its own slots, or of a slot of a caller (an argument `&x` passed down), in
 * any word the compiler marks as a pointer — a variable, a temporary, a param, a field of a
 * frame-resident struct. After the copy every such word still points into the old mapping, so
 * stack_adjust walks the frames as the collector does (runtime/symtab.h, "Which map describes
 * which frame") and adds the distance between the two mappings to every marked word whose
 * value lies in the old range — Go's adjustpointers. The maps mark every word that may hold a
 * live pointer at the frame's pc (frame-resident objects reached through their address are
 * marked at every safepoint), and a word the map leaves out is dead: nobody reads it before
 * writing it again, so a stale value there is harmless. Frame headers store the caller's base
 * as an offset from stack_lo, so they need nothing.
 *
 * The walk is runtime/traceback.c's, the one the collector uses, from g's saved position: the
 * innermost frame is either a callee being entered whose frame did not fit (g->entering: only
 * its params hold values yet), a frame stopped at a safepoint, or a native (whose frame — its
 * params, results and continuation — is covered by its one map). Natives keep no stack
 * addresses in C variables across a call that may grow the stack: rt_call_prepare hands them
 * their frame again.
 *
 * Shrinking (Go's shrinkstack). A goroutine that once recursed deep keeps its big stack after
 * returning; Go gives the memory back at GC: when a goroutine uses less than a quarter of its
 * stack, the collector copies it to a stack half the size (never below the 512 bytes a
 * goroutine starts with), by the same copy-and-adjust as growing. stack_shrink_if_idle is called for each
 * goroutine as the collector scans its stack (runtime/mgcmark.c), so the halving repeats at
 * each cycle while the stack stays mostly unused. It leaves alone the stacks whose frames the
 * copier cannot adjust exactly, as Go's isShrinkStackSafe does:
 *   - the running goroutine's: the interpreter and the natives under the collector hold
 *     addresses in its stack in C variables;
 *   - a goroutine stopped between safepoints (GOLDEBUG=preempt=random: its innermost frame has
 *     no map, so the words that point into its own stack cannot be found);
 *   - a goroutine not started yet (its func value, g->call_ctx, is outside the frames).
 * A goroutine parked on a channel is shrunk: its sudog holds a copy of the value in flight,
 * never an address in its frame (runtime/chan.c), so nothing outside the frames points into
 * the stack. Used means up to the end of the innermost frame: frames grow upwards from
 * stack_lo.
 *
 * Stacks come from mmap, not from the GC heap: they are never scanned as heap objects (the
 * collector walks them frame by frame with stack maps); their sizes are reported to MemStats
 * (StackInuse, StackSys) through mstats_stack_add.
 *
 * The stack pool (Go's stackpool). A goroutine starts with a 512-byte stack (runtime/sched.c), and
 * a program may start a million of them: one mmap each would cost a system call per goroutine
 * and hit the kernel's limit of about 65,000 mappings. So stacks of up to STACK_POOL_MAX bytes
 * (powers of two from STACK_POOL_MIN) are cut from STACK_POOL_CHUNK-byte mappings, and a freed
 * one goes on its size's free list (linked through its first word) for the next goroutine.
 * Pool memory stays mapped (StackSys) once taken; StackInuse counts the stacks handed out.
 * Larger stacks are mappings of their own, unmapped when freed. Under GOLDEBUG=stackmove=1
 * every stack is its own mapping, quarantined when freed (below).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "runtime/mgc.h"
#include "runtime/mstats.h"
#include "runtime/runtime.h"

/* Go's maxstacksize: 1 GB on 64-bit systems, debug.SetMaxStack changes it. A stack that would
 * grow past it ends the program with Go's "stack overflow" fatal error. */
size_t stack_max_size = 1000000000u;
#define STACK_ROUND 4096u

enum { STACK_POOL_MIN = 512, STACK_POOL_MAX = 32768, STACK_POOL_CHUNK = 262144,
       STACK_POOL_ORDERS = 7 };    /* 512 B, 1, 2, 4, 8, 16 and 32 KiB */

static size_t stack_round(size_t size) {
    if (size <= STACK_POOL_MAX) {
        size_t s = STACK_POOL_MIN;
        while (s < size) s *= 2;
        return s;
    }
    return (size + STACK_ROUND - 1) / STACK_ROUND * STACK_ROUND;
}

static uint8_t *stack_map(size_t size) {
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        rt_stdout_flush();
        fputs("fatal error: runtime: cannot allocate memory\n", stderr);
        exit(2);
    }
    return p;
}

/* GOLDEBUG=stackmove=1 moves stacks all the time to prove that every pointer into a stack is
 * adjusted. A freed stack is then not unmapped but made inaccessible (PROT_NONE) and kept in a
 * ring of STACK_QUARANTINE mappings, so that the next mapping cannot land on the same address
 * and a pointer that was not adjusted faults at once instead of becoming valid again. The ring
 * bounds the mappings kept (the kernel allows about 65,000). */
enum { STACK_QUARANTINE = 64 };
static int stack_debug = -1;                 /* GOLDEBUG=stackmove=1: -1 not read yet */
static struct { uint8_t *lo; size_t size; } stack_ring[STACK_QUARANTINE];
static size_t stack_ring_next;

bool stack_move_mode(void) {
    if (stack_debug < 0) stack_debug = gc_godebug_value(getenv("GOLDEBUG"), "stackmove") == 1;
    return stack_debug;
}

static void stack_unmap(uint8_t *lo, size_t size) {
    mstats_stack_add(-(int64_t)size, -(int64_t)size);
    if (!stack_move_mode()) { munmap(lo, size); return; }
    mprotect(lo, size, PROT_NONE);
    size_t i = stack_ring_next++ % STACK_QUARANTINE;
    if (stack_ring[i].lo) munmap(stack_ring[i].lo, stack_ring[i].size);
    stack_ring[i].lo = lo;
    stack_ring[i].size = size;
}

/* ---- the pool ---- */

static uint8_t *stack_pool_free[STACK_POOL_ORDERS];   /* freed stacks of 512 B << order */
static uint8_t *stack_pool_chunk, *stack_pool_chunk_end;   /* the chunk being cut */

static int stack_pool_order(size_t size) {
    int order = 0;
    while ((size_t)STACK_POOL_MIN << order < size) order++;
    return order;
}

static bool stack_pooled(size_t size) { return size <= STACK_POOL_MAX && !stack_move_mode(); }

static uint8_t *stack_pool_get(size_t size) {
    int order = stack_pool_order(size);
    uint8_t *p = stack_pool_free[order];
    if (p) {
        memcpy(&stack_pool_free[order], p, sizeof p);
    } else {
        if ((size_t)(stack_pool_chunk_end - stack_pool_chunk) < size) {
            stack_pool_chunk = stack_map(STACK_POOL_CHUNK);    /* the rest of the old chunk is */
            stack_pool_chunk_end = stack_pool_chunk + STACK_POOL_CHUNK;   /* left: sizes are */
            mstats_stack_add(0, STACK_POOL_CHUNK);             /* powers of two, none is lost */
        }
        p = stack_pool_chunk;
        stack_pool_chunk += size;
    }
    mstats_stack_add((int64_t)size, 0);
    return p;
}

static void stack_pool_put(uint8_t *lo, size_t size) {
    int order = stack_pool_order(size);
    memcpy(lo, &stack_pool_free[order], sizeof lo);
    stack_pool_free[order] = lo;
    mstats_stack_add(-(int64_t)size, 0);
}

/* A stack of exactly `size` bytes (a size stack_round returns), and its release. */
static uint8_t *stack_get(size_t size) {
    if (stack_pooled(size)) return stack_pool_get(size);
    uint8_t *p = stack_map(size);
    mstats_stack_add((int64_t)size, (int64_t)size);
    return p;
}

static void stack_put(uint8_t *lo, size_t size) {
    if (stack_pooled(size)) stack_pool_put(lo, size);
    else stack_unmap(lo, size);
}

uint8_t *stack_alloc(size_t size, size_t *got) {
    size = stack_round(size ? size : STACK_ROUND);
    *got = size;
    return stack_get(size);
}

void stack_free(uint8_t *lo, uint8_t *hi) {
    if (lo) stack_put(lo, (size_t)(hi - lo));
}

/* Adds delta to each word of the frame at base that bits marks, in [from, to) words, when it
 * points into the old stack [old_lo, old_hi). */
static void stack_adjust_frame(uint8_t *base, const uint8_t *bits, uint32_t from, uint32_t to,
                               uintptr_t old_lo, uintptr_t old_hi, intptr_t delta) {
    for (uint32_t w = from; w < to; w++) {
        if (!(bits[w / 8] & (1u << (w % 8)))) continue;
        uintptr_t v;
        memcpy(&v, base + 8 * (size_t)w, sizeof v);
        if (v >= old_lo && v < old_hi) {
            v = (uintptr_t)((intptr_t)v + delta);
            memcpy(base + 8 * (size_t)w, &v, sizeof v);
        }
    }
}

/* Rewrites the pointers into the old stack in every frame of the copy, walking the frames
 * as the collector does (runtime/traceback.c): each frame's map says which words to look at. */
static void stack_adjust(GolG *g, uint8_t *old_lo, size_t old_size) {
    uintptr_t olo = (uintptr_t)old_lo, ohi = olo + old_size;
    intptr_t delta = (intptr_t)((uintptr_t)g->stack_lo - olo);
    StkFrame fr;
    for (bool ok = frame_first(g, &fr); ok; ok = frame_next(g, &fr)) {
        uint32_t from, to;
        const uint8_t *bits = frame_pointer_map(&fr, &from, &to);
        if (bits) stack_adjust_frame(fr.base, bits, from, to, olo, ohi, delta);
    }
    defer_adjust(g, olo, ohi, delta);      /* defer records' params may point into the stack */
}

/* The new size for a stack of `old` bytes whose frame at offset `off` needs `need` bytes. */
static size_t stack_new_size(size_t old, size_t off, size_t need) {
    size_t size = old ? old * 2 : STACK_ROUND;
    while (size < off + need) size *= 2;
    return size;
}

static void stack_overflow(GolG *g, uint8_t *base) {
    rt_stdout_flush();
    fprintf(stderr, "runtime: goroutine stack exceeds %zu-byte limit\n", stack_max_size);
    fprintf(stderr, "runtime: sp=%p stack=[%p, %p]\n", (void *)base, (void *)g->stack_lo,
            (void *)g->stack_hi);
    rt_fatal(g, "stack overflow");
}

int64_t stack_set_max(int64_t bytes) {
    int64_t old = (int64_t)stack_max_size;
    stack_max_size = bytes < 0 ? 0 : (size_t)bytes;
    return old;
}

/* Copies the stack to a new mapping of the same size, adjusts the pointers into it and unmaps
 * the old one, so that any pointer the adjustment missed faults at once: GOLDEBUG=stackmove=1
 * does this at every call, as Lua's HARDSTACKTESTS does, to prove that the stack maps cover
 * every stack address a frame keeps across a call. */
uint8_t *stack_move(GolG *g, uint8_t *base) {
    size_t size = (size_t)(g->stack_hi - g->stack_lo);
    uint8_t *old_lo = g->stack_lo, *lo = stack_get(size);
    memcpy(lo, old_lo, size);
    g->stack_lo = lo;
    g->stack_hi = lo + size;
    if (g->base) g->base = lo + (g->base - old_lo);
    uint8_t *nb = lo + (base - old_lo);
    stack_adjust(g, old_lo, size);
    stack_put(old_lo, size);
    return nb;
}

/* Copies g's stack to a new one of new_size bytes, adjusting the pointers into it (every frame
 * must be stopped where a map describes it). */
static void stack_copy(GolG *g, size_t new_size) {
    size_t old = (size_t)(g->stack_hi - g->stack_lo);
    uint8_t *old_lo = g->stack_lo, *lo = stack_get(new_size);
    memcpy(lo, old_lo, old < new_size ? old : new_size);
    g->stack_lo = lo;
    g->stack_hi = lo + new_size;
    if (g->base) g->base = lo + (g->base - old_lo);   /* the saved position moves too */
    stack_adjust(g, old_lo, old);
    stack_put(old_lo, old);
}

void stack_shrink_if_idle(GolG *g) {
    if (g == sched_curg || g->preempted_async || g->resume == G_RESUME_ENTER ||
        g->status == G_DEAD || !g->func || !g->base)
        return;
    size_t size = (size_t)(g->stack_hi - g->stack_lo);
    size_t used = (size_t)(g->base + g->func->frame_size - g->stack_lo);
    if (size / 2 < STACK_POOL_MIN || used >= size / 4) return;
    stack_copy(g, stack_round(size / 2));
}

uint8_t *stack_grow(GolG *g, uint8_t *base, size_t need) {
    size_t old = (size_t)(g->stack_hi - g->stack_lo);
    size_t off = (size_t)(base - g->stack_lo);
    size_t size = stack_new_size(old, off, need);
    if (size > stack_max_size) stack_overflow(g, base);

    uint8_t *old_lo = g->stack_lo, *lo = stack_get(size);
    memcpy(lo, old_lo, old);
    g->stack_lo = lo;
    g->stack_hi = lo + size;
    if (g->base) g->base = lo + (g->base - old_lo);   /* the saved position moves too */
    stack_adjust(g, old_lo, old);
    stack_put(old_lo, old);
    return lo + off;
}
