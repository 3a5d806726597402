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
 *   3. Map the new region, copy the old one into it byte for byte, unmap the old one.
 *
 * Why a plain memcpy is enough: nothing on a gol stack points into the stack. Frame headers
 * store the caller's base as an offset from stack_lo (vm/bytecode.h), and the compiler moves any
 * variable whose address is taken to the heap, so there are no pointers to adjust — Go needs
 * its stack maps here (adjustpointers); gol does not. FADDR addresses are valid only until the
 * next call, and a stack only grows at a call.
 *
 * Stacks come straight from mmap, not from the GC heap: they are never scanned as heap objects
 * (the collector walks them frame by frame with stack maps) and are returned to the OS whole.
 * Fresh mappings are zero, which the interpreter does not rely on (it zeroes what it must).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "runtime/runtime.h"

#define STACK_MAX   1000000000u   /* Go's maxstacksize on 64-bit systems */
#define STACK_ROUND 4096u

static size_t stack_round(size_t size) {
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

uint8_t *stack_alloc(size_t size, size_t *got) {
    size = stack_round(size ? size : STACK_ROUND);
    *got = size;
    return stack_map(size);
}

void stack_free(uint8_t *lo, uint8_t *hi) {
    if (lo) munmap(lo, (size_t)(hi - lo));
}

/* The new size for a stack of `old` bytes whose frame at offset `off` needs `need` bytes. */
static size_t stack_new_size(size_t old, size_t off, size_t need) {
    size_t size = old ? old * 2 : STACK_ROUND;
    while (size < off + need) size *= 2;
    return size;
}

static void stack_overflow(GolG *g, uint8_t *base) {
    rt_stdout_flush();
    fprintf(stderr, "runtime: goroutine stack exceeds %u-byte limit\n", STACK_MAX);
    fprintf(stderr, "runtime: sp=%p stack=[%p, %p]\n", (void *)base, (void *)g->stack_lo,
            (void *)g->stack_hi);
    rt_fatal(g, "stack overflow");
}

/* Copies the stack to a new mapping of the same size and unmaps the old one, so that any
 * pointer still aimed at it faults at once: GOLDEBUG=stackmove=1 does this at every call, as
 * Lua's HARDSTACKTESTS does, to prove that nothing holds a stack address across a call. */
uint8_t *stack_move(GolG *g, uint8_t *base) {
    size_t size = (size_t)(g->stack_hi - g->stack_lo);
    uint8_t *old_lo = g->stack_lo, *lo = stack_map(size);
    memcpy(lo, old_lo, size);
    munmap(old_lo, size);
    g->stack_lo = lo;
    g->stack_hi = lo + size;
    if (g->base) g->base = lo + (g->base - old_lo);
    return lo + (base - old_lo);
}

uint8_t *stack_grow(GolG *g, uint8_t *base, size_t need) {
    size_t old = (size_t)(g->stack_hi - g->stack_lo);
    size_t off = (size_t)(base - g->stack_lo);
    size_t size = stack_new_size(old, off, need);
    if (size > STACK_MAX) stack_overflow(g, base);

    uint8_t *old_lo = g->stack_lo, *lo = stack_map(size);
    memcpy(lo, old_lo, old);
    munmap(old_lo, old);
    g->stack_lo = lo;
    g->stack_hi = lo + size;
    if (g->base) g->base = lo + (g->base - old_lo);   /* the saved position moves too */
    return lo + off;
}
