/* vm/interp.c — the interpreter: one dispatch loop over typed three-address bytecode.
 *
 * How a function runs. A frame is a byte range of the goroutine's stack; every operand of an
 * instruction names a byte offset in it (vm/opcodes.h, runtime/symtab.h). The loop keeps four
 * things in C locals, which the compiler keeps in registers:
 *
 *   pc    the current instruction (a pointer into the function's code words)
 *   base  the current frame's base
 *   code  the first word of the current function (jump targets are word indices)
 *   fn    the current FuncInfo (the frame header stores only the *caller*)
 *
 * and each handler is a few machine instructions: `ADD_I d a b` is
 * `*(int64_t *)(base + pc[1]) = *(int64_t *)(base + pc[2]) + *(int64_t *)(base + pc[3])`.
 *
 * Dispatch. With GCC or clang the handlers are labels and each one ends by jumping through a
 * table of label addresses indexed by the next opcode (computed goto: one indirect branch per
 * handler, which predicts far better than the single branch of a switch). Other compilers get
 * the same handlers inside a `switch`. Both tables are generated from the OPCODES X-macro, so
 * an opcode without a handler is a build error (its label is missing). The length of each
 * instruction is `sizeof` of its operand string ("dss" is 4 bytes with the NUL: opcode + 3).
 *
 * Calls never recurse on the C stack (DESIGN §6). `CALL f n` writes a FrameHeader at
 * base+n (our FuncInfo, the return pc, our base as an offset from stack_lo), moves base to
 * base+n+16, checks that the callee's whole frame fits below stack_hi (if not, the stack grows
 * by copying — runtime/stack.c — and base is recomputed), zeroes the callee's results and its
 * pointer area, and jumps to the callee's first instruction. RET reads the header back. The
 * header stores offsets, never addresses, so a stack that moved is still walkable; a RET to
 * RETPC_EXIT (the goroutine's bottom frame) leaves the loop, and the other special return pcs
 * resume or pop a native (runtime/symtab.h).
 *
 * Slow paths (panics, stack growth, preemption) are out-of-line functions or cold labels. Before
 * anything that may panic, allocate or walk the stack, a handler saves its position in
 * g->func / g->pc / g->base (SAVE below): a panic's traceback and, later, the collector's stack
 * walk start from there.
 *
 * Memory access. Frame slots are read and written with several C types (an 8-byte slot may hold
 * an int64 one moment and a float64's bits the next), so every scalar access goes through a
 * may_alias type and every string, slice, interface or frame header moves through memcpy: the
 * C compiler may then not reorder such accesses across each other (strict aliasing).
 *
 * Debug switches (GOLDEBUG=vmtrace=1, clobberdead=1, stackmove=1, preempt=random; docs/bytecode.md
 * §7, docs/scheduler.md) cost nothing when off: tracing, clobbering and random preemption swap
 * the dispatch table (every entry then goes through vm_debug_step first), and stack moving
 * lowers the limit the entry check uses.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vm/interp.h"
#include "vm/module.h"
#include "runtime/mbarrier.h"
#include "runtime/mgc.h"
#include "runtime/iface.h"
#include "runtime/map.h"
#include "runtime/chan.h"

/* ---- compiler support ---------------------------------------------------------------------- */
#if defined(__GNUC__) || defined(__clang__)
#define VM_ALIAS        __attribute__((may_alias))
#define VM_NOINLINE     __attribute__((noinline))
#define VM_COLD         __attribute__((noinline, cold))
#define LIKELY(x)       __builtin_expect(!!(x), 1)
#define UNLIKELY(x)     __builtin_expect(!!(x), 0)
#ifndef VM_NO_COMPUTED_GOTO
#define VM_COMPUTED_GOTO 1
#endif
#else
#define VM_ALIAS
#define VM_NOINLINE
#define VM_COLD
#define LIKELY(x)       (x)
#define UNLIKELY(x)     (x)
#endif

typedef int64_t   VM_ALIAS vm_i64;
typedef uint64_t  VM_ALIAS vm_u64;
typedef int32_t   VM_ALIAS vm_i32;
typedef uint32_t  VM_ALIAS vm_u32;
typedef int16_t   VM_ALIAS vm_i16;
typedef uint16_t  VM_ALIAS vm_u16;
typedef int8_t    VM_ALIAS vm_i8;
typedef uint8_t   VM_ALIAS vm_u8;
typedef double    VM_ALIAS vm_f64;
typedef float     VM_ALIAS vm_f32;
typedef uint8_t  *vm_ptr VM_ALIAS;

/* Multi-word values move through memcpy, which is alias-safe and compiles to plain moves. */
#define VM_GETTER(T, name) \
    static inline T name##_get(const uint8_t *p) { T v; memcpy(&v, p, sizeof v); return v; } \
    static inline void name##_put(uint8_t *p, T v) { memcpy(p, &v, sizeof v); }
VM_GETTER(GolString, vm_str)
VM_GETTER(GolSlice, vm_slice)
VM_GETTER(GolIface, vm_iface)
VM_GETTER(FrameHeader, vm_header)

/* Instruction lengths in words, from the operand strings. */
enum {
#define OP_LEN(name, operands, widths, flags, effect) OPLEN_##name = sizeof(operands),
    OPCODES(OP_LEN)
#undef OP_LEN
};

/* Types the loop needs without a module's help: bytes for append(b, s...), strings for the
 * separators of builtin print. */
static const TypeDesc vm_type_uint8 = {
    .kind = K_UINT8, .flags = TDF_COMPARABLE | TDF_REGULAR_MEM, .size = 1, .align = 1,
    .name = "uint8",
};
static const TypeDesc vm_type_string = {
    .kind = K_STRING, .flags = TDF_COMPARABLE, .size = 16, .align = 8, .ptrdata = 8,
    .ptrmask = (const uint8_t *)"\1", .name = "string",
};

/* ---- out-of-line slow paths ------------------------------------------------------------------ */

/* Float to integer conversions as amd64 does them: CVTTSD2SI gives 0x8000000000000000 for NaN
 * and out-of-range values; Go's float64 -> uint64 subtracts 2^63 first for large values. */
static inline int64_t vm_f2i(double x) {
    if (x >= -9223372036854775808.0 && x < 9223372036854775808.0) return (int64_t)x;
    return INT64_MIN;
}

/* The 32-bit form, CVTTSD2SL: Go converts to int8, int16, int32, uint8 and uint16 with it and
 * then truncates, so int8(300.0) is 44 but int8(3e9) is 0 (0x80000000 truncated). */
static inline int64_t vm_f2i32(double x) {
    if (x > -2147483649.0 && x < 2147483648.0) return (int32_t)x;
    return INT32_MIN;
}

static inline uint64_t vm_f2u(double x) {
    if (x < 9223372036854775808.0) return (uint64_t)vm_f2i(x);
    return (uint64_t)vm_f2i(x - 9223372036854775808.0) | 0x8000000000000000ull;
}

/* Debug switches, from GOLDEBUG (comma-separated, as Go's GODEBUG):
 *   stackmove=1  move the whole stack at every call (the loop's stack limit is set to
 *                stack_lo, so every entry check fails and lands in vm_grow; large stacks move
 *                less often, below) to a fresh address (runtime/stack.c)
 *   vmtrace=1    print every instruction with its source operands' values to stderr
 *   clobberdead=1  poison the dead pointer slots of the frame at every safepoint (Go's
 *                clobberdead; vm_clobber_dead below)
 * vm_stepping is "vmtrace, clobberdead or preempt=random": the loop calls vm_debug_step before each instruction. */
static bool vm_stackmove, vm_tracing, vm_clobberdead, vm_stepping;

static bool vm_debug_flag(const char *env, const char *name) {
    size_t n = strlen(name);
    for (const char *p = env; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (strncmp(p, name, n) == 0 && p[n] == '=' && p[n + 1] == '1') return true;
    return false;
}

/* stackmove moves a stack of up to VM_MOVE_SMALL_STACK bytes at every call; a larger one every
 * size/VM_MOVE_BYTES_PER_CALL calls, so that a deep recursion costs a bounded number of bytes
 * copied per call instead of a copy of the whole stack at each (quadratic) one. After
 * VM_MOVES_EVERY_CALL moves (each costs a few system calls), a long-running program's stack
 * moves at every VM_MOVE_LATER_EVERY-th call, so that the whole golden suite fits the mode. */
#define VM_MOVE_SMALL_STACK    65536
#define VM_MOVE_BYTES_PER_CALL 1024
#define VM_MOVES_EVERY_CALL    50000
#define VM_MOVE_LATER_EVERY    97
static int64_t vm_move_skip, vm_moves;

/* The limit the loop checks frames against: the real stack end, or (stackmove) its start. */
static inline uint8_t *vm_limit(const GolG *g) { return vm_stackmove ? g->stack_lo : g->stack_hi; }

/* A goroutine's frame does not fit: grow the stack with the callee already "entered" (so a
 * stack overflow's traceback starts at the callee, as Go's does from morestack). */
static VM_NOINLINE uint8_t *vm_grow(GolG *g, const FuncInfo *callee, uint8_t *nb) {
    g->func = callee;
    g->pc = callee->native ? NULL : callee->code;
    g->base = nb;
    g->entering = true;
    if (!vm_stackmove || nb + callee->frame_size > g->stack_hi) nb = stack_grow(g, nb, callee->frame_size);
    else if (--vm_move_skip <= 0) {
        nb = stack_move(g, nb);
        size_t size = (size_t)(g->stack_hi - g->stack_lo);
        vm_move_skip = (size > VM_MOVE_SMALL_STACK ? (int64_t)(size / VM_MOVE_BYTES_PER_CALL) : 0) +
                       (++vm_moves > VM_MOVES_EVERY_CALL ? VM_MOVE_LATER_EVERY : 0);
    }
    g->entering = false;
    return nb;
}

/* vm_grow for a call through a func value: the context register moves with the stack when the
 * closure it points to lives in a frame (runtime/stack.c adjusts the frames' words; this is the
 * one word outside them). */
static VM_NOINLINE uint8_t *vm_grow_fnval(GolG *g, const FuncInfo *callee, uint8_t *nb, const uint8_t **ctx) {
    uint8_t *old_lo = g->stack_lo, *old_hi = g->stack_hi;
    nb = vm_grow(g, callee, nb);
    if (*ctx >= old_lo && *ctx < old_hi) *ctx = g->stack_lo + (*ctx - old_lo);
    return nb;
}

/* GOLDEBUG=vmtrace=1: one line per instruction, before it runs. */
static VM_NOINLINE void vm_trace(const GolG *g, const FuncInfo *fn, const uint32_t *pc, const uint8_t *base) {
    char text[1024];
    disasm_instr(text, sizeof text, g->mod, pc);
    fprintf(stderr, "%-24s %5u  %-44s", fn->name ? fn->name : "?", (unsigned)(pc - fn->code), text);
    const char *kinds = op_info[*pc].operands;
    for (int k = 0; kinds[k]; k++) {
        if (kinds[k] != 's') continue;
        int64_t v;
        memcpy(&v, base + pc[1 + k], 8);
        fprintf(stderr, " @%u=%lld", pc[1 + k], (long long)v);
    }
    fputc('\n', stderr);
}

/* GOLDEBUG=clobberdead=1: before a safepoint instruction runs, the pointer slots its stack map
 * leaves out are dead -- no path from here reads them before writing them -- so each is
 * overwritten with CLOBBER_DEAD_WORD (runtime/symtab.h). A liveness bit wrongly cleared, or an
 * operand missing from the map, then faults or prints garbage at once, whether or not a
 * collection runs, instead of only when the collector happens to free what the slot held.
 * Only StackMap.ptrwords are touched: a pointer slot holds nothing but pointers (one kind per
 * word for the whole function), so poisoning a dead one cannot hide a live integer. */
static VM_NOINLINE void vm_clobber_dead(const FuncInfo *fn, const uint32_t *pc, uint8_t *base) {
    const StackMap *sm = &fn->stackmap;
    if (!(op_info[*pc].flags & OPF_SP) || !sm->ptrwords) return;
    const uint8_t *live = stackmap_at(fn, (uint32_t)(pc - fn->code));
    if (!live) return;
    const uint64_t poison = CLOBBER_DEAD_WORD;
    for (uint32_t w = 0; w < sm->nwords; w++) {
        uint8_t bit = (uint8_t)(1u << (w % 8));
        if ((sm->ptrwords[w / 8] & bit) && !(live[w / 8] & bit)) memcpy(base + 8 * (size_t)w, &poison, 8);
    }
}

/* The debug switches' hook, run before an instruction when vm_stepping. True: GOLDEBUG=
 * preempt=random wants g switched out before this instruction (runtime/preempt.c); never before
 * a GETCTX, whose context register lives in the loop only. */
static VM_NOINLINE bool vm_debug_step(GolG *g, const FuncInfo *fn, const uint32_t *pc, uint8_t *base) {
    if (vm_tracing) vm_trace(g, fn, pc, base);
    if (vm_clobberdead) vm_clobber_dead(fn, pc, base);
    return preempt_random && *pc != OP_GETCTX && preempt_async_due(g);
}

/* A loop back-edge found rt_preempt_requested set: the runtime wants a moment at a safepoint
 * (background sweeping, runtime/proc.c), and the scheduler may want the goroutine to yield
 * (its time slice is over and others are runnable: runtime/sched.c). True: switch. */
static VM_NOINLINE bool vm_preempt(GolG *g) {
    rt_preempt_point(g);
    if (!sched_preempt_due()) return false;
    g->resume = G_RESUME_PC;
    sched_gosched(g);
    return true;
}

/* Go's bounds-check messages (runtime/error.go boundsErrorFmt), for a failed check `x <= y`
 * or `x < y`. A negative x drops the y part, as Go does. */
typedef enum VmBounds {
    VB_SLICE_ALEN, VB_SLICE_ACAP, VB_SLICE_B,
    VB_SLICE3_ALEN, VB_SLICE3_ACAP, VB_SLICE3_B, VB_SLICE3_C
} VmBounds;

static VM_COLD void vm_panic_bounds(GolG *g, VmBounds k, int64_t x, int64_t y) {
    static const char *const fmt[] = {
        "slice bounds out of range [:%lld] with length %lld",
        "slice bounds out of range [:%lld] with capacity %lld",
        "slice bounds out of range [%lld:%lld]",
        "slice bounds out of range [::%lld] with length %lld",
        "slice bounds out of range [::%lld] with capacity %lld",
        "slice bounds out of range [:%lld:%lld]",
        "slice bounds out of range [%lld:%lld:]",
    };
    static const char *const negfmt[] = {
        "slice bounds out of range [:%lld]", "slice bounds out of range [:%lld]",
        "slice bounds out of range [%lld:]", "slice bounds out of range [::%lld]",
        "slice bounds out of range [::%lld]", "slice bounds out of range [:%lld:]",
        "slice bounds out of range [%lld::]",
    };
    char msg[128];
    snprintf(msg, sizeof msg, x < 0 ? negfmt[k] : fmt[k], (long long)x, (long long)y);
    rt_panic_msg(g, msg);
}

/* s[lo:hi:max] failed a check: find which one, in Go's order (max, then hi, then lo). */
static VM_COLD void vm_panic_slice3(GolG *g, bool three, bool is_slice,
                                    int64_t lo, int64_t hi, int64_t max, int64_t cap) {
    if (!three) {
        if ((uint64_t)hi > (uint64_t)cap)
            vm_panic_bounds(g, is_slice ? VB_SLICE_ACAP : VB_SLICE_ALEN, hi, cap);
        vm_panic_bounds(g, VB_SLICE_B, lo, hi);
    }
    if ((uint64_t)max > (uint64_t)cap)
        vm_panic_bounds(g, is_slice ? VB_SLICE3_ACAP : VB_SLICE3_ALEN, max, cap);
    if ((uint64_t)hi > (uint64_t)max) vm_panic_bounds(g, VB_SLICE3_B, hi, max);
    vm_panic_bounds(g, VB_SLICE3_C, lo, hi);
}

/* (*[n]T)(s) with len(s) < n: Go's boundsConvert. */
static VM_COLD void vm_panic_slice_convert(GolG *g, int64_t len, uint32_t n) {
    char msg[128];
    snprintf(msg, sizeof msg, "cannot convert slice with length %lld to pointer to array with length %u",
             (long long)len, n);
    rt_panic_msg(g, msg);
}

static void vm_print_sep(const char *s) {
    GolString str = { (const uint8_t *)s, (int64_t)strlen(s) };
    rt_print_value(&vm_type_string, &str);
}

/* Zero what a callee must find zeroed: its results and its pointer area. */
static inline void vm_zero_frame(const FuncInfo *f, uint8_t *b) {
    for (uint32_t i = 0; i < f->results_size; i += 8) *(vm_u64 *)(b + i) = 0;
    if (f->zero_size) memset(b + f->zero_off, 0, f->zero_size);
}

/* ---- the loop ---------------------------------------------------------------------------------- */

/* Operand words, and frame slots of each C type. */
#define A  pc[1]
#define B  pc[2]
#define C  pc[3]
#define D  pc[4]
#define E  pc[5]
#define IMM(x)    ((int64_t)(int32_t)(x))
#define I64(off)  (*(vm_i64 *)(base + (off)))
#define U64(off)  (*(vm_u64 *)(base + (off)))
#define F64(off)  (*(vm_f64 *)(base + (off)))
#define PTR(off)  (*(vm_ptr *)(base + (off)))
#define SAVE()    (g->func = fn, g->pc = pc, g->base = base)

#ifdef VM_COMPUTED_GOTO
#define DISPATCH()  goto *labels[*pc]
#define CASE(name)  L_##name:
#define LOOP_BEGIN  DISPATCH();
#define LOOP_END
#else
#define DISPATCH()  goto dispatch
#define CASE(name)  case OP_##name:
#define LOOP_BEGIN  dispatch: if (UNLIKELY(vm_stepping) && vm_debug_step(g, fn, pc, base)) goto async_preempt; \
                    switch ((Opcode)*pc) {
#define LOOP_END    default: abort(); }
#endif
#define NEXT(name)  do { pc += OPLEN_##name; DISPATCH(); } while (0)

/* Every jump goes through here: a backward one is a preemption point, where one byte is
 * tested (rt_preempt_requested, runtime/runtime.h) and the runtime called only when it asks.
 * The jump is a safepoint with a stack map (vm/opcodes.h op_is_backedge): a goroutine that
 * yields there resumes at the jump itself, which runs again (it only reads the frame). */
#define JUMP(target) do { \
        const uint32_t *to_ = code + (target); \
        if (to_ <= pc && UNLIKELY(rt_preempt_requested)) goto preempt; \
        pc = to_; DISPATCH(); } while (0)
#define BRANCH(cond, target, name) do { if (cond) JUMP(target); NEXT(name); } while (0)

/* Enter bytecode function `callee` whose header the caller has written at nb - 16. A function
 * entry is a preemption point too (Go's prologue check), testing the byte the back-edges test:
 * a goroutine recursing without loops yields there once its slice is over (preempt_call). */
#define ENTER(callee, nb) do { \
        if (UNLIKELY((nb) + (callee)->frame_size > stack_hi)) { \
            nb = vm_grow(g, (callee), (nb)); stack_lo = g->stack_lo; stack_hi = vm_limit(g); } \
        vm_zero_frame((callee), (nb)); \
        fn = (callee); code = fn->code; base = (nb); pc = code; \
        if (UNLIKELY(rt_preempt_requested)) goto preempt_call; \
        DISPATCH(); } while (0)

#define WRITE_HEADER(nb, len) \
        vm_header_put((nb), (FrameHeader){ fn, (uint32_t)(pc + (len) - code), \
                                           (uint32_t)(base - stack_lo) })

/* Pushes the runtime native `rtf` (runtime.gopanic) just above the frame at
 * base, returning to `caller` at `ret_pc` when it is done; its frame base goes into nb, room
 * made for it first (the stack may move: reload). */
#define PUSH_RUNTIME_CALL(rtf, caller, ret_pc) do { \
        uint8_t *top_ = base + (caller)->frame_size; \
        if (UNLIKELY(top_ + sizeof(FrameHeader) + (rtf)->frame_size > g->stack_hi)) { \
            base = stack_grow(g, base, (caller)->frame_size + sizeof(FrameHeader) + (rtf)->frame_size); \
            stack_lo = g->stack_lo; stack_hi = vm_limit(g); top_ = base + (caller)->frame_size; } \
        vm_header_put(top_, (FrameHeader){ (caller), (ret_pc), (uint32_t)(base - stack_lo) }); \
        nb = top_ + sizeof(FrameHeader); } while (0)

/* How vm_exec enters the loop: to run f at base (the goroutine's bottom frame), to start the
 * panic of a runtime error raised in C that unwound the C frames of the previous entry (from
 * g's saved position), or to take up g where the scheduler left it (g->resume). */
typedef enum VmEntry { VM_ENTRY_CALL, VM_ENTRY_PANIC, VM_ENTRY_RESUME } VmEntry;

/* The loop. Returns true when the main goroutine has returned, false when g has given up the
 * loop (it yielded, parked or ended: runtime/sched.c) and vm_exec should switch goroutines.
 * Switching out here, rather than inside the loop, keeps g a constant of the loop: the hot
 * handlers keep their registers. */
static bool vm_loop(GolG *g, const FuncInfo *f, uint8_t *base, VmEntry entry) {
#ifdef VM_COMPUTED_GOTO
    static void *const vm_labels[OP__COUNT] = {
#define OP_LABEL(name, operands, widths, flags, effect) &&L_##name,
        OPCODES(OP_LABEL)
#undef OP_LABEL
    };
    /* Tracing and clobbering swap the table for one whose every entry is the trace label. */
    static void *const vm_trace_labels[OP__COUNT] = { [0 ... OP__COUNT - 1] = &&L_TRACE };
    void *const *labels = vm_stepping ? vm_trace_labels : vm_labels;
#endif
    const Module *m = g->mod;
    const FuncInfo *const funcs = m->funcs;
    const TypeDesc *const types = m->types;
    const uint64_t *const consts = m->consts;
    const GolString *const strings = m->strings;
    uint8_t *const globals = m->globals;
    uint8_t *stack_lo = g->stack_lo, *stack_hi = vm_limit(g);   /* stack_hi: the limit checked */
    const FuncInfo *fn = f;
    const uint32_t *code = f->code, *pc = code;
    const uint8_t *ctx = NULL;      /* the context register: the func value being entered */
    uint8_t *fv_base = NULL;        /* fnval_enter: the callee's frame base */

    uint8_t *nb;                /* PUSH_RUNTIME_CALL's result */

    if (entry == VM_ENTRY_PANIC) {
        fn = g->func; base = g->base; pc = g->pc;
        code = fn->native ? NULL : fn->code;
        goto panic_start;
    }
    if (entry == VM_ENTRY_RESUME) {
        fn = g->func; base = g->base;
        switch (g->resume) {
        case G_RESUME_ENTER:                    /* a new goroutine: its params are in place */
            g->entering = false;
            ctx = g->call_ctx; g->call_ctx = NULL;
            fv_base = base;
            goto fnval_enter;
        case G_RESUME_RET:                      /* a native that switched: it returns now */
            goto ret_frame;
        default:
            pc = g->pc; code = fn->code;
            g->preempted_async = false;
            g->entering = false;                /* preempted at a function entry */
            DISPATCH();
        }
    }
    if (UNLIKELY(base + f->frame_size > stack_hi)) {
        base = vm_grow(g, f, base);
        stack_lo = g->stack_lo; stack_hi = vm_limit(g);
    }
    vm_zero_frame(f, base);

    LOOP_BEGIN

    CASE(NOP)     NEXT(NOP);

    /* ---- moves and constants ---- */
    CASE(MOV)     I64(A) = I64(B); NEXT(MOV);
    CASE(MOV2)    { int64_t x = I64(B), y = I64(B + 8); I64(A) = x; I64(A + 8) = y; NEXT(MOV2); }
    CASE(MOV3)    { int64_t x = I64(B), y = I64(B + 8), z = I64(B + 16);
                    I64(A) = x; I64(A + 8) = y; I64(A + 16) = z; NEXT(MOV3); }
    CASE(COPY)    memmove(base + A, base + B, C); NEXT(COPY);
    CASE(ZERO)    memset(base + A, 0, B); NEXT(ZERO);
    CASE(LOADI)   I64(A) = IMM(B); NEXT(LOADI);
    CASE(LOADK)   U64(A) = consts[B]; NEXT(LOADK);
    CASE(LOADSTR) vm_str_put(base + A, strings[B]); NEXT(LOADSTR);
    CASE(LOADFN)  PTR(A) = funcs[B].closure; NEXT(LOADFN);
    CASE(FADDR)   PTR(A) = base + B; NEXT(FADDR);
    CASE(GADDR)   PTR(A) = globals + B; NEXT(GADDR);

    /* ---- narrow fields in the frame ---- */
    CASE(FLD_I8)  I64(A) = *(vm_i8 *)(base + B); NEXT(FLD_I8);
    CASE(FLD_U8)  I64(A) = *(vm_u8 *)(base + B); NEXT(FLD_U8);
    CASE(FLD_I16) I64(A) = *(vm_i16 *)(base + B); NEXT(FLD_I16);
    CASE(FLD_U16) I64(A) = *(vm_u16 *)(base + B); NEXT(FLD_U16);
    CASE(FLD_I32) I64(A) = *(vm_i32 *)(base + B); NEXT(FLD_I32);
    CASE(FLD_U32) I64(A) = *(vm_u32 *)(base + B); NEXT(FLD_U32);
    CASE(FLD_F32) F64(A) = *(vm_f32 *)(base + B); NEXT(FLD_F32);
    CASE(FST_8)   *(vm_u8 *)(base + A) = (uint8_t)U64(B); NEXT(FST_8);
    CASE(FST_16)  *(vm_u16 *)(base + A) = (uint16_t)U64(B); NEXT(FST_16);
    CASE(FST_32)  *(vm_u32 *)(base + A) = (uint32_t)U64(B); NEXT(FST_32);
    CASE(FST_F32) *(vm_f32 *)(base + A) = (float)F64(B); NEXT(FST_F32);

    /* ---- memory through a pointer ---- */
#define LOAD(name, T, conv) CASE(name) { uint8_t *p_ = PTR(B); if (UNLIKELY(!p_)) goto nil_panic; \
        conv = *(T *)(p_ + C); NEXT(name); }
    LOAD(LD_I8,  vm_i8,  I64(A))
    LOAD(LD_U8,  vm_u8,  I64(A))
    LOAD(LD_I16, vm_i16, I64(A))
    LOAD(LD_U16, vm_u16, I64(A))
    LOAD(LD_I32, vm_i32, I64(A))
    LOAD(LD_U32, vm_u32, I64(A))
    LOAD(LD_64,  vm_i64, I64(A))
    LOAD(LD_F32, vm_f32, F64(A))
#undef LOAD
    CASE(LD_N)    { uint8_t *p = PTR(B); if (UNLIKELY(!p)) goto nil_panic;
                    if (D == 16) {          /* a string or interface: two words, no libc call */
                        uint64_t w0, w1;
                        memcpy(&w0, p + C, 8); memcpy(&w1, p + C + 8, 8);
                        memcpy(base + A, &w0, 8); memcpy(base + A + 8, &w1, 8);
                    } else {
                        memmove(base + A, p + C, D);
                    }
                    NEXT(LD_N); }
#define STORE(name, T, val) CASE(name) { uint8_t *p_ = PTR(A); if (UNLIKELY(!p_)) goto nil_panic; \
        *(T *)(p_ + B) = val; NEXT(name); }
    STORE(ST_8,   vm_u8,  (uint8_t)U64(C))
    STORE(ST_16,  vm_u16, (uint16_t)U64(C))
    STORE(ST_32,  vm_u32, (uint32_t)U64(C))
    STORE(ST_64,  vm_u64, U64(C))
    STORE(ST_F32, vm_f32, (float)F64(C))
#undef STORE
    CASE(ST_N)    { uint8_t *p = PTR(A); if (UNLIKELY(!p)) goto nil_panic;
                    memmove(p + B, base + C, D); NEXT(ST_N); }
    CASE(NILCHK)  if (UNLIKELY(!PTR(A))) goto nil_panic; NEXT(NILCHK);
    CASE(PANICWRAP) if (UNLIKELY(!PTR(A))) { SAVE(); rt_panic_wrap(g, fn->name); } NEXT(PANICWRAP);
    CASE(ST_PTR)  { uint8_t *p = PTR(A); if (UNLIKELY(!p)) goto nil_panic;
                    wb_store_ptr((void **)(p + B), PTR(C)); NEXT(ST_PTR); }
    CASE(ST_TYPED) { uint8_t *p = PTR(A); if (UNLIKELY(!p)) goto nil_panic;
                    typedmemmove(types + D, p + B, base + C); NEXT(ST_TYPED); }

    /* ---- integers: unsigned arithmetic wraps as Go's does ---- */
    CASE(ADD_I)   U64(A) = U64(B) + U64(C); NEXT(ADD_I);
    CASE(SUB_I)   U64(A) = U64(B) - U64(C); NEXT(SUB_I);
    CASE(MUL_I)   U64(A) = U64(B) * U64(C); NEXT(MUL_I);
    CASE(DIV_I)   { int64_t x = I64(B), y = I64(C);
                    if (UNLIKELY(y == 0)) goto divide_panic;
                    I64(A) = y == -1 ? (int64_t)(0 - (uint64_t)x) : x / y; NEXT(DIV_I); }
    CASE(REM_I)   { int64_t x = I64(B), y = I64(C);
                    if (UNLIKELY(y == 0)) goto divide_panic;
                    I64(A) = y == -1 ? 0 : x % y; NEXT(REM_I); }
    CASE(DIV_U)   { uint64_t y = U64(C); if (UNLIKELY(y == 0)) goto divide_panic;
                    U64(A) = U64(B) / y; NEXT(DIV_U); }
    CASE(REM_U)   { uint64_t y = U64(C); if (UNLIKELY(y == 0)) goto divide_panic;
                    U64(A) = U64(B) % y; NEXT(REM_U); }
    CASE(AND)     U64(A) = U64(B) & U64(C); NEXT(AND);
    CASE(OR)      U64(A) = U64(B) | U64(C); NEXT(OR);
    CASE(XOR)     U64(A) = U64(B) ^ U64(C); NEXT(XOR);
    CASE(ANDNOT)  U64(A) = U64(B) & ~U64(C); NEXT(ANDNOT);
    CASE(SHL)     { uint64_t n = U64(C); U64(A) = n >= 64 ? 0 : U64(B) << n; NEXT(SHL); }
    CASE(SHR_I)   { uint64_t n = U64(C); I64(A) = I64(B) >> (n > 63 ? 63 : n); NEXT(SHR_I); }
    CASE(SHR_U)   { uint64_t n = U64(C); U64(A) = n >= 64 ? 0 : U64(B) >> n; NEXT(SHR_U); }
    CASE(SHIFTCHK) if (UNLIKELY(I64(A) < 0)) { SAVE(); rt_panic_shift(g); } NEXT(SHIFTCHK);
    CASE(NEG_I)   U64(A) = 0 - U64(B); NEXT(NEG_I);
    CASE(COM)     U64(A) = ~U64(B); NEXT(COM);
    CASE(NOT)     I64(A) = I64(B) == 0; NEXT(NOT);
    CASE(ADDI)    U64(A) = U64(B) + (uint64_t)IMM(C); NEXT(ADDI);
    CASE(MULI)    U64(A) = U64(B) * (uint64_t)IMM(C); NEXT(MULI);
    CASE(ANDI)    U64(A) = U64(B) & (uint64_t)IMM(C); NEXT(ANDI);
    CASE(SHLI)    U64(A) = U64(B) << (C & 63); NEXT(SHLI);
    CASE(SHRI_I)  I64(A) = I64(B) >> (C & 63); NEXT(SHRI_I);
    CASE(SHRI_U)  U64(A) = U64(B) >> (C & 63); NEXT(SHRI_U);
    CASE(SEXT8)   I64(A) = (int8_t)U64(B); NEXT(SEXT8);
    CASE(SEXT16)  I64(A) = (int16_t)U64(B); NEXT(SEXT16);
    CASE(SEXT32)  I64(A) = (int32_t)U64(B); NEXT(SEXT32);
    CASE(ZEXT8)   U64(A) = (uint8_t)U64(B); NEXT(ZEXT8);
    CASE(ZEXT16)  U64(A) = (uint16_t)U64(B); NEXT(ZEXT16);
    CASE(ZEXT32)  U64(A) = (uint32_t)U64(B); NEXT(ZEXT32);

    /* ---- floating point ---- */
    CASE(ADD_F)   F64(A) = F64(B) + F64(C); NEXT(ADD_F);
    CASE(SUB_F)   F64(A) = F64(B) - F64(C); NEXT(SUB_F);
    CASE(MUL_F)   F64(A) = F64(B) * F64(C); NEXT(MUL_F);
    CASE(DIV_F)   F64(A) = F64(B) / F64(C); NEXT(DIV_F);
    CASE(NEG_F)   F64(A) = -F64(B); NEXT(NEG_F);
    CASE(ROUND_F32) F64(A) = (float)F64(B); NEXT(ROUND_F32);
    CASE(I2F)     F64(A) = (double)I64(B); NEXT(I2F);
    CASE(U2F)     F64(A) = (double)U64(B); NEXT(U2F);
    CASE(F2I)     I64(A) = vm_f2i(F64(B)); NEXT(F2I);
    CASE(F2I32)   I64(A) = vm_f2i32(F64(B)); NEXT(F2I32);
    CASE(F2U)     U64(A) = vm_f2u(F64(B)); NEXT(F2U);

    /* ---- comparisons ---- */
    CASE(EQ_I)    I64(A) = I64(B) == I64(C); NEXT(EQ_I);
    CASE(NE_I)    I64(A) = I64(B) != I64(C); NEXT(NE_I);
    CASE(LT_I)    I64(A) = I64(B) < I64(C); NEXT(LT_I);
    CASE(LE_I)    I64(A) = I64(B) <= I64(C); NEXT(LE_I);
    CASE(LT_U)    I64(A) = U64(B) < U64(C); NEXT(LT_U);
    CASE(LE_U)    I64(A) = U64(B) <= U64(C); NEXT(LE_U);
    CASE(EQ_F)    I64(A) = F64(B) == F64(C); NEXT(EQ_F);
    CASE(NE_F)    I64(A) = F64(B) != F64(C); NEXT(NE_F);
    CASE(LT_F)    I64(A) = F64(B) < F64(C); NEXT(LT_F);
    CASE(LE_F)    I64(A) = F64(B) <= F64(C); NEXT(LE_F);
    CASE(EQ_STR)  { GolString x = vm_str_get(base + B), y = vm_str_get(base + C);
                    I64(A) = x.len == y.len && (x.ptr == y.ptr || x.len == 0 ||
                                                memcmp(x.ptr, y.ptr, (size_t)x.len) == 0);
                    NEXT(EQ_STR); }
    CASE(NE_STR)  { GolString x = vm_str_get(base + B), y = vm_str_get(base + C);
                    I64(A) = !(x.len == y.len && (x.ptr == y.ptr || x.len == 0 ||
                                                  memcmp(x.ptr, y.ptr, (size_t)x.len) == 0));
                    NEXT(NE_STR); }
    CASE(LT_STR)  I64(A) = str_compare(vm_str_get(base + B), vm_str_get(base + C)) < 0; NEXT(LT_STR);
    CASE(LE_STR)  I64(A) = str_compare(vm_str_get(base + B), vm_str_get(base + C)) <= 0; NEXT(LE_STR);
    CASE(EQ_MEM)  I64(A) = memcmp(base + B, base + C, D) == 0; NEXT(EQ_MEM);

    /* ---- control flow ---- */
    CASE(JMP)     JUMP(A);
    CASE(JT)      BRANCH(I64(A) != 0, B, JT);
    CASE(JF)      BRANCH(I64(A) == 0, B, JF);
    CASE(JEQ_I)   BRANCH(I64(A) == I64(B), C, JEQ_I);
    CASE(JNE_I)   BRANCH(I64(A) != I64(B), C, JNE_I);
    CASE(JLT_I)   BRANCH(I64(A) < I64(B), C, JLT_I);
    CASE(JLE_I)   BRANCH(I64(A) <= I64(B), C, JLE_I);
    CASE(JLT_U)   BRANCH(U64(A) < U64(B), C, JLT_U);
    CASE(JLE_U)   BRANCH(U64(A) <= U64(B), C, JLE_U);
    CASE(JLT_F)   BRANCH(F64(A) < F64(B), C, JLT_F);
    CASE(JLE_F)   BRANCH(F64(A) <= F64(B), C, JLE_F);
    CASE(JEQI)    BRANCH(I64(A) == IMM(B), C, JEQI);
    CASE(JNEI)    BRANCH(I64(A) != IMM(B), C, JNEI);
    CASE(JLTI)    BRANCH(I64(A) < IMM(B), C, JLTI);
    CASE(JLEI)    BRANCH(I64(A) <= IMM(B), C, JLEI);
    CASE(JGTI)    BRANCH(I64(A) > IMM(B), C, JGTI);
    CASE(JGEI)    BRANCH(I64(A) >= IMM(B), C, JGEI);

    /* ---- calls ---- */
    CASE(CALL) {
        const FuncInfo *callee = funcs + A;
        uint8_t *nb = base + B;
        WRITE_HEADER(nb, OPLEN_CALL);
        nb += sizeof(FrameHeader);
        ENTER(callee, nb);
    }
    CASE(CALLNAT) {
        uint8_t *nb = base + B;
        WRITE_HEADER(nb, OPLEN_CALLNAT);
        fn = funcs + A;
        base = nb + sizeof(FrameHeader);
        goto native_enter;
    }
    CASE(CALLIND) {
        ctx = PTR(A);
        if (UNLIKELY(!ctx)) goto nil_panic;
        fv_base = base + B;
        WRITE_HEADER(fv_base, OPLEN_CALLIND);
        fv_base += sizeof(FrameHeader);
        goto fnval_enter;
    }

    /* ---- closures and func values ---- */
    CASE(GETCTX)  PTR(A) = (uint8_t *)ctx; NEXT(GETCTX);
    CASE(CLOSURE) { const TypeDesc *t = types + C; SAVE();
                    uint8_t *p = mallocgc(g, (size_t)t->size, t, true);
                    const FuncInfo *f = funcs + B;
                    memcpy(p, &f, sizeof f);
                    PTR(A) = p; NEXT(CLOSURE); }
    CASE(FNWORD)  { const FuncInfo *f = funcs + B; memcpy(base + A, &f, sizeof f); NEXT(FNWORD); }

    CASE(RET)
    ret_frame: {
        FrameHeader h = vm_header_get(base - sizeof(FrameHeader));
        if (UNLIKELY(h.ret_pc >= RETPC_SPECIAL)) {
            if (h.ret_pc == RETPC_EXIT) {
                g->func = NULL; g->pc = NULL; g->base = NULL;
                if (g->goid == 1) return true;      /* main returned: the program ends */
                sched_goexit(g);
                return false;
            }
            fn = h.caller;
            base = stack_lo + h.caller_base;
            if (h.ret_pc == RETPC_RESUME_NATIVE) goto native_resume;
            goto ret_frame;                     /* RETPC_NATIVE_DONE: return from the native */
        }
        fn = h.caller;
        code = fn->code;
        pc = code + h.ret_pc;
        base = stack_lo + h.caller_base;
        DISPATCH();
    }

    /* ---- strings ---- */
    CASE(CONCAT)  SAVE(); vm_str_put(base + A, str_concat(g, vm_str_get(base + B), vm_str_get(base + C))); NEXT(CONCAT);
    CASE(STR_INDEX) { GolString s = vm_str_get(base + B); int64_t i = I64(C);
                    if (UNLIKELY((uint64_t)i >= (uint64_t)s.len)) { SAVE(); rt_panic_index(g, i, s.len); }
                    I64(A) = s.ptr[i]; NEXT(STR_INDEX); }
    CASE(STR_SLICE) { GolString s = vm_str_get(base + B); int64_t lo = I64(C), hi = I64(D);
                    if (UNLIKELY((uint64_t)hi > (uint64_t)s.len || (uint64_t)lo > (uint64_t)hi)) {
                        SAVE(); vm_panic_slice3(g, false, false, lo, hi, s.len, s.len); }
                    vm_str_put(base + A, (GolString){ s.ptr + (hi > lo ? lo : 0), hi - lo });
                    NEXT(STR_SLICE); }
    CASE(STR_DECODE) { GolString s = vm_str_get(base + B); int64_t i = I64(C);
                    if (UNLIKELY((uint64_t)i >= (uint64_t)s.len)) { SAVE(); rt_panic_index(g, i, s.len); }
                    uint8_t c0 = s.ptr[i];
                    if (c0 < 0x80) { I64(A) = c0; I64(A + 8) = 1; }
                    else { int w; int32_t r = utf8_decode(s.ptr + i, s.len - i, &w);
                           I64(A) = r; I64(A + 8) = w; }
                    NEXT(STR_DECODE); }
    CASE(STR_FROM_BYTES) SAVE(); vm_str_put(base + A, str_from_bytes(g, vm_slice_get(base + B))); NEXT(STR_FROM_BYTES);
    CASE(BYTES_FROM_STR) SAVE(); vm_slice_put(base + A, bytes_from_str(g, vm_str_get(base + B))); NEXT(BYTES_FROM_STR);
    CASE(STR_FROM_RUNES) SAVE(); vm_str_put(base + A, str_from_runes(g, vm_slice_get(base + B))); NEXT(STR_FROM_RUNES);
    CASE(RUNES_FROM_STR) SAVE(); vm_slice_put(base + A, runes_from_str(g, vm_str_get(base + B))); NEXT(RUNES_FROM_STR);
    CASE(STR_FROM_RUNE)  SAVE(); vm_str_put(base + A, str_from_rune(g, I64(B))); NEXT(STR_FROM_RUNE);

    /* ---- slices and arrays ---- */
    CASE(BOUNDS)  if (UNLIKELY(U64(A) >= U64(B))) { SAVE(); rt_panic_index(g, I64(A), I64(B)); }
                  NEXT(BOUNDS);
#define SLICE_CHECK(s, i) if (UNLIKELY((uint64_t)(i) >= (uint64_t)(s).len)) { \
        SAVE(); rt_panic_index(g, (i), (s).len); }
    CASE(SLICE_ADDR) { GolSlice s = vm_slice_get(base + B); int64_t i = I64(C); SLICE_CHECK(s, i);
                    PTR(A) = (uint8_t *)s.ptr + i * (int64_t)D; NEXT(SLICE_ADDR); }
    CASE(SLICE_LD_64) { GolSlice s = vm_slice_get(base + B); int64_t i = I64(C); SLICE_CHECK(s, i);
                    I64(A) = ((vm_i64 *)s.ptr)[i]; NEXT(SLICE_LD_64); }
    CASE(SLICE_LD_U8) { GolSlice s = vm_slice_get(base + B); int64_t i = I64(C); SLICE_CHECK(s, i);
                    I64(A) = ((vm_u8 *)s.ptr)[i]; NEXT(SLICE_LD_U8); }
    CASE(SLICE_ST_64) { GolSlice s = vm_slice_get(base + A); int64_t i = I64(B); SLICE_CHECK(s, i);
                    ((vm_i64 *)s.ptr)[i] = I64(C); NEXT(SLICE_ST_64); }
    CASE(SLICE_ST_PTR) { GolSlice s = vm_slice_get(base + A); int64_t i = I64(B); SLICE_CHECK(s, i);
                    wb_store_ptr((void **)s.ptr + i, PTR(C)); NEXT(SLICE_ST_PTR); }
    CASE(SLICE_ST_8) { GolSlice s = vm_slice_get(base + A); int64_t i = I64(B); SLICE_CHECK(s, i);
                    ((vm_u8 *)s.ptr)[i] = (uint8_t)U64(C); NEXT(SLICE_ST_8); }
#undef SLICE_CHECK
    CASE(MAKESLICE) SAVE(); vm_slice_put(base + A, slice_make(g, types + B, I64(C), I64(D))); NEXT(MAKESLICE);
    CASE(RESLICE) { GolSlice s = vm_slice_get(base + B); int64_t lo = I64(C), hi = I64(D), max = I64(E);
                    uint64_t n = pc[6];
                    if (UNLIKELY((uint64_t)max > (uint64_t)s.cap || (uint64_t)hi > (uint64_t)max ||
                                 (uint64_t)lo > (uint64_t)hi)) {
                        SAVE(); vm_panic_slice3(g, E != B + 16, true, lo, hi, max, s.cap); }
                    vm_slice_put(base + A, (GolSlice){ (uint8_t *)s.ptr + (max > lo ? lo * (int64_t)n : 0),
                                         hi - lo, max - lo });
                    NEXT(RESLICE); }
    CASE(SLICE_PTR) { uint8_t *p = PTR(B); int64_t len = (int64_t)C;
                    int64_t lo = I64(D), hi = I64(E), max = I64(pc[6]);
                    uint64_t n = pc[7];
                    if (UNLIKELY(!p)) goto nil_panic;
                    if (UNLIKELY((uint64_t)max > (uint64_t)len || (uint64_t)hi > (uint64_t)max ||
                                 (uint64_t)lo > (uint64_t)hi)) {
                        SAVE(); vm_panic_slice3(g, max != len, false, lo, hi, max, len); }
                    vm_slice_put(base + A, (GolSlice){ p + (max > lo ? lo * (int64_t)n : 0), hi - lo, max - lo });
                    NEXT(SLICE_PTR); }
    CASE(GROWSLICE) { GolSlice s = vm_slice_get(base + B); int64_t add = (int64_t)D;  /* cap-len: len+add may overflow */
                    if (LIKELY(add <= s.cap - s.len)) vm_slice_put(base + A, (GolSlice){ s.ptr, s.len + add, s.cap });
                    else { SAVE(); vm_slice_put(base + A, slice_grow(g, s, types + C, add)); }
                    NEXT(GROWSLICE); }
    CASE(APPENDSLICE) SAVE(); vm_slice_put(base + A, slice_append_slice(g, vm_slice_get(base + B), vm_slice_get(base + C), types + D));
                    NEXT(APPENDSLICE);
    CASE(APPENDSTR) { GolSlice a = vm_slice_get(base + B), r; GolString s = vm_str_get(base + C);
                    if (a.len + s.len <= a.cap) r = (GolSlice){ a.ptr, a.len + s.len, a.cap };
                    else { SAVE(); r = slice_grow(g, a, &vm_type_uint8, s.len); }
                    if (s.len) memmove((uint8_t *)r.ptr + a.len, s.ptr, (size_t)s.len);
                    vm_slice_put(base + A, r); NEXT(APPENDSTR); }
    CASE(COPYSLICE) { GolSlice a = vm_slice_get(base + B), b = vm_slice_get(base + C); int64_t k = a.len < b.len ? a.len : b.len;
                    if (k > 0) memmove(a.ptr, b.ptr, (size_t)(k * (int64_t)D));
                    I64(A) = k; NEXT(COPYSLICE); }
    CASE(COPYSLICE_TYPED) { GolSlice a = vm_slice_get(base + B), b = vm_slice_get(base + C);
                    int64_t k = a.len < b.len ? a.len : b.len;
                    if (k > 0) typedmemmove_n(types + D, a.ptr, b.ptr, (size_t)k);
                    I64(A) = k; NEXT(COPYSLICE_TYPED); }
    CASE(SLICE_ARRP) { GolSlice s = vm_slice_get(base + B);
                    if (UNLIKELY((uint64_t)s.len < C)) { SAVE(); vm_panic_slice_convert(g, s.len, C); }
                    PTR(A) = s.ptr; NEXT(SLICE_ARRP); }
    CASE(COPYSTR) { GolSlice a = vm_slice_get(base + B); GolString b = vm_str_get(base + C); int64_t k = a.len < b.len ? a.len : b.len;
                    if (k > 0) memmove(a.ptr, b.ptr, (size_t)k);
                    I64(A) = k; NEXT(COPYSTR); }

    /* ---- heap ---- */
    CASE(NEW)     { const TypeDesc *t = types + B; SAVE();
                    PTR(A) = mallocgc(g, (size_t)t->size, t, true); NEXT(NEW); }
    CASE(BOX)     SAVE(); vm_iface_put(base + A, iface_box(g, types + C, base + B)); NEXT(BOX);

    /* ---- maps: runtime/map.c does the hashing and growing ---- */
    CASE(MAKEMAP)   SAVE(); PTR(A) = (uint8_t *)map_make(g, types + B, I64(C)); NEXT(MAKEMAP);
    CASE(MAPACCESS) SAVE(); PTR(A) = map_access(g, types + D, (GolMap *)PTR(B), base + C); NEXT(MAPACCESS);
    CASE(MAPACCESS2) { bool ok; SAVE();
                    PTR(A) = map_access2(g, types + E, (GolMap *)PTR(C), base + D, &ok);
                    I64(B) = ok; NEXT(MAPACCESS2); }
    CASE(MAPASSIGN) SAVE(); PTR(A) = map_assign(g, types + D, (GolMap *)PTR(B), base + C); NEXT(MAPASSIGN);
    CASE(MAPDELETE) SAVE(); map_delete(g, types + C, (GolMap *)PTR(A), base + B); NEXT(MAPDELETE);
    CASE(MAPLEN)  { const GolMap *m = (const GolMap *)PTR(B); I64(A) = m ? m->count : 0; NEXT(MAPLEN); }
    CASE(MAPITER)   SAVE(); PTR(A) = (uint8_t *)map_iter_new(g, (GolMap *)PTR(B)); NEXT(MAPITER);
    CASE(MAPNEXT)   if (!map_iter_next(g, (MapIter *)PTR(A))) { pc = code + B; DISPATCH(); }   /* never a back-edge: */
                    NEXT(MAPNEXT);                                   /* it has an effect, it cannot run twice */

    /* ---- panics and print ---- */
    CASE(PANIC)   SAVE(); g->panic_start = vm_iface_get(base + A); goto panic_start;
    CASE(PANIC_NIL) goto nil_panic;
    CASE(PRINT)   SAVE(); rt_print_value(types + B, base + A);
                  if (C & 1) vm_print_sep(" ");
                  if (C & 2) vm_print_sep("\n");
                  NEXT(PRINT);
    CASE(PRINTNL) SAVE(); vm_print_sep("\n"); NEXT(PRINTNL);
    CASE(EQ_IFACE) SAVE(); I64(A) = iface_equal(g, vm_iface_get(base + B), vm_iface_get(base + C)); NEXT(EQ_IFACE);

    /* ---- interfaces with methods, assertions (runtime/iface.c) ---- */
    CASE(IFACE_CONV) SAVE(); vm_iface_put(base + A, iface_convert(g, types + C, vm_iface_get(base + B), D != 0));
                  NEXT(IFACE_CONV);
    CASE(IFACE_EFACE) vm_iface_put(base + A, iface_to_eface(vm_iface_get(base + B), false)); NEXT(IFACE_EFACE);
    CASE(CALLIFACE) { /* the itab's function takes the data word as its receiver (first param) */
        const Itab *tab = (const Itab *)PTR(A);
        if (UNLIKELY(!tab)) goto nil_panic;
        const FuncInfo *callee = tab->fun[C];
        uint8_t *nb = base + B;
        *(vm_ptr *)(nb + sizeof(FrameHeader) + callee->results_size) = PTR(A + 8);
        WRITE_HEADER(nb, OPLEN_CALLIFACE);
        nb += sizeof(FrameHeader);
        if (UNLIKELY(callee->native != NULL)) { fn = callee; base = nb; goto native_enter; }
        ENTER(callee, nb);
    }
    CASE(ASSERT)  SAVE(); iface_assert(g, base + A, vm_iface_get(base + B), types + C, types + D); NEXT(ASSERT);
    CASE(ASSERT_OK) I64(B) = iface_assert_ok(g, base + A, vm_iface_get(base + C), types + D, types + E);
                  NEXT(ASSERT_OK);
    CASE(TYPE_IS) I64(A) = iface_type_is(g, vm_iface_get(base + B), types + C, types + D); NEXT(TYPE_IS);

    /* ---- defer, panic, recover (runtime/defer.c, runtime/panic.c) ---- */
    CASE(DEFER)   SAVE(); defer_push(g, funcs[A].closure, fn, base, C, base + B + sizeof(FrameHeader));
                  NEXT(DEFER);
    CASE(DEFERIND) SAVE(); defer_push(g, PTR(A), fn, base, C, base + B + sizeof(FrameHeader));
                  NEXT(DEFERIND);
    CASE(RUNDEFER) {  /* Go's deferreturn: this frame's newest record, called above the frame */
        if (LIKELY(!defer_is_mine(g, base))) { pc = code + A; DISPATCH(); }
        SAVE();
        ctx = (const uint8_t *)g->defers->fnval;
        if (UNLIKELY(!ctx)) { defer_pop_into(g, NULL); goto nil_panic; }
        const FuncInfo *callee;
        memcpy(&callee, ctx, sizeof callee);
        size_t need = fn->frame_size + sizeof(FrameHeader) + callee->frame_size;
        if (UNLIKELY(base + need > g->stack_hi)) {
            base = stack_grow(g, base, need);
            stack_lo = g->stack_lo; stack_hi = vm_limit(g);
        }
        fv_base = base + fn->frame_size;
        WRITE_HEADER(fv_base, OPLEN_RUNDEFER);
        fv_base += sizeof(FrameHeader);
        ctx = (const uint8_t *)defer_pop_into(g, fv_base);   /* params copied in place; the func value */
        goto fnval_enter;
    }
    CASE(RECOVER) vm_iface_put(base + A, rt_gorecover(g, base)); NEXT(RECOVER);

    /* ---- channels (runtime/chan.c): an operation that parks leaves the loop at itself ---- */
    CASE(MAKECHAN) SAVE(); PTR(A) = (uint8_t *)chan_make(g, types + B, I64(C)); NEXT(MAKECHAN);
    CASE(CHANSEND) SAVE();
                  if (!chan_send(g, (GolChan *)PTR(A), base + B)) { g->resume = G_RESUME_PC; return false; }
                  NEXT(CHANSEND);
    CASE(CHANRECV) { bool ok; SAVE();
                  if (!chan_recv(g, (GolChan *)PTR(B), base + A, &ok)) { g->resume = G_RESUME_PC; return false; }
                  NEXT(CHANRECV); }
    CASE(CHANRECV2) { bool ok; SAVE();
                  if (!chan_recv(g, (GolChan *)PTR(C), base + A, &ok)) { g->resume = G_RESUME_PC; return false; }
                  I64(B) = ok; NEXT(CHANRECV2); }
    CASE(CHANCLOSE) SAVE(); chan_close(g, (GolChan *)PTR(A)); NEXT(CHANCLOSE);
    CASE(CHANLEN) I64(A) = chan_len((const GolChan *)PTR(B)); NEXT(CHANLEN);
    CASE(CHANCAP) I64(A) = chan_cap((const GolChan *)PTR(B)); NEXT(CHANCAP);
    CASE(SELSEND) select_add_case(g, (GolChan *)PTR(A), types + C, base + B); NEXT(SELSEND);
    CASE(SELRECV) select_add_case(g, (GolChan *)PTR(A), types + B, NULL); NEXT(SELRECV);
    CASE(SELECT) { int64_t idx; bool ok; SAVE();
                  if (!select_go(g, C != 0, &idx, &ok)) { g->resume = G_RESUME_PC; return false; }
                  I64(A) = idx; I64(B) = ok; NEXT(SELECT); }
    CASE(SELTAKE) select_take(g, base + A); NEXT(SELTAKE);

    /* ---- goroutines (runtime/sched.c) ---- */
    CASE(GO)      SAVE(); sched_newproc(g, funcs[A].closure, base + B + sizeof(FrameHeader), (uint32_t)(pc - code));
                  NEXT(GO);
    CASE(GOIND)   SAVE();
                  if (UNLIKELY(!PTR(A))) rt_fatal(g, "go of nil func value");
                  sched_newproc(g, PTR(A), base + B + sizeof(FrameHeader), (uint32_t)(pc - code));
                  NEXT(GOIND);

    LOOP_END

/* A native's frame is ready at base (its header written, its params in place): make room for
 * the whole frame, zero its results and continuation, and run it. A native that returns NAT_CALL
 * gets the callee's frame right above its own, with a header that brings control back here
 * (RETPC_RESUME_NATIVE); one that returns NAT_RETURN is popped like a bytecode frame. */
native_enter:
    if (UNLIKELY(base + fn->frame_size > stack_hi)) {
        base = vm_grow(g, fn, base);
        stack_lo = g->stack_lo; stack_hi = vm_limit(g);
    }
    vm_zero_frame(fn, base);
native_resume: {
        g->func = fn; g->pc = NULL; g->base = base;
        int st = fn->native(g, base);
        stack_lo = g->stack_lo; stack_hi = vm_limit(g); base = g->base;
        if (LIKELY(st == NAT_RETURN)) goto ret_frame;
        if (st == NAT_UNWIND) {        /* a recovered panic: go on where runtime.gopanic says */
            fn = g->func; base = g->base; pc = g->pc;
            if (fn->native) goto native_resume;      /* a native that caught it */
            code = fn->code;
            DISPATCH();
        }
        if (st == NAT_EXIT) {          /* runtime.Goexit: its deferred calls have run */
            g->func = NULL; g->pc = NULL; g->base = NULL;
            sched_goexit(g);
            return false;
        }
        if (st == NAT_SWITCH) {        /* it yielded or parked: its frame returns when g runs again */
            g->func = fn; g->pc = NULL; g->base = base; g->resume = G_RESUME_RET;
            return false;
        }
        if (UNLIKELY(st != NAT_CALL)) { rt_fatal(g, "native returned an unknown status"); }
        fv_base = base + fn->frame_size;
        vm_header_put(fv_base, (FrameHeader){ fn, RETPC_RESUME_NATIVE, (uint32_t)(base - stack_lo) });
        fv_base += sizeof(FrameHeader);
        ctx = g->call_ctx;
        goto fnval_enter;
    }

/* Entering a func value: the one path for every call through one. CALLIND comes here, and so
 * does every call a native asks for (NAT_CALL: a finalizer, a String method, and the deferred
 * calls and go statements built on them): the caller has written the frame header below
 * fv_base and the arguments above it, and ctx holds the func value, a pointer to a closure
 * object whose first word is the FuncInfo. ctx is the context register (Go's DX): it stays
 * valid until the callee's first instruction, which for a closure body is GETCTX, copying it
 * into a frame slot that its stack maps cover. No safepoint lies between: only the stack may
 * grow here, and a closure built in a frame (one that escape analysis kept there) moves with
 * its stack, so vm_grow_fnval adjusts ctx as stack copying adjusts the pointers in frames. */
fnval_enter: {
        const FuncInfo *callee;
        memcpy(&callee, ctx, sizeof callee);
        if (callee->native) { fn = callee; base = fv_base; goto native_enter; }
        if (UNLIKELY(fv_base + callee->frame_size > stack_hi)) {
            fv_base = vm_grow_fnval(g, callee, fv_base, &ctx);
            stack_lo = g->stack_lo; stack_hi = vm_limit(g);
        }
        vm_zero_frame(callee, fv_base);
        fn = callee; code = fn->code; base = fv_base; pc = code;
        if (UNLIKELY(rt_preempt_requested)) goto preempt_fnval;
        DISPATCH();
    }

/* A back-edge with rt_preempt_requested set (JUMP): pc is the jump. */
preempt:
    SAVE();
    if (!vm_preempt(g)) DISPATCH();         /* the jump runs again, the flag now clear */
    return false;                           /* g yielded */

/* A function entry with rt_preempt_requested set (ENTER): the callee's frame is entered, its
 * first instruction not run yet. It yields "being entered" (g->entering), as at a stack
 * growth: only its params hold values, which map 0 covers, so no map is needed at pc 0. */
preempt_call:
    SAVE();
    g->entering = true;
    if (!vm_preempt(g)) { g->entering = false; DISPATCH(); }
    return false;

/* The same for a call through a func value (fnval_enter). A closure's context register lives
 * in the loop until the callee's first instruction (GETCTX) has run, so a goroutine yielding
 * here keeps it in g->call_ctx (a GC root) and resumes as a new goroutine does: by entering
 * its func value again (G_RESUME_ENTER; its frame is not shrunk meanwhile, runtime/stack.c). */
preempt_fnval:
    SAVE();
    g->entering = true;
    if (!vm_preempt(g)) { g->entering = false; DISPATCH(); }
    g->call_ctx = ctx;
    g->resume = G_RESUME_ENTER;
    return false;

#ifdef VM_COMPUTED_GOTO
L_TRACE:
    if (vm_debug_step(g, fn, pc, base)) goto async_preempt;
    goto *vm_labels[*pc];
#endif
/* GOLDEBUG=preempt=random: g yields before the instruction at pc, which need not be a
 * safepoint (runtime/preempt.c): its innermost frame is scanned conservatively until it runs. */
async_preempt:
    SAVE();
    g->preempted_async = true;
    g->resume = G_RESUME_PC;
    sched_gosched(g);
    return false;
/* A panic starts (PANIC, or a runtime error coming back from C): runtime.gopanic(v) is pushed
 * above the frame at g's saved position, which it suspends there: a bytecode frame "inside" the
 * instruction that panicked (every instruction that may panic has a stack map, so the frame's
 * map is exact: compiler/gen_stackmap.c), a native for good. */
panic_start: {
        GolIface v = g->panic_start;
        g->panic_start = (GolIface){ NULL, NULL };
        uint32_t ret_pc = fn->native ? RETPC_NATIVE_DONE : (uint32_t)(pc + op_length((Opcode)*pc) - code);
        PUSH_RUNTIME_CALL(&rt_gopanic_func, fn, ret_pc);
        vm_iface_put(nb, v);
        fn = &rt_gopanic_func;
        base = nb;
        goto native_enter;
    }
nil_panic:
    SAVE();
    rt_panic_nil(g);
divide_panic:
    SAVE();
    rt_panic_divide(g);
}

/* Runs the goroutine g from function f at base until the main goroutine returns, switching
 * goroutines whenever the loop gives one up (sched_schedule picks the next). A runtime error
 * raised in C (rt_panic_msg and friends, runtime/panic.c) comes back here with a longjmp, its
 * value in g->panic_start and g's position saved before the call that raised it: the jump
 * leaves only runtime C frames and the loop's own C frame (gol frames live on g's stack, and
 * the loop unwinds them itself), and the loop is entered again to start the panic. */
static void vm_exec_from(GolG *g, const FuncInfo *f, uint8_t *base, VmEntry first) {
    jmp_buf panic_jmp;
    void *outer = g->loop_jmp;
    size_t roots = gc_root_save();
    volatile VmEntry entry = first;
    GolG *volatile run = g;                 /* the goroutine to run: after a longjmp, the one */
    if (setjmp(panic_jmp)) {                /* that panicked */
        gc_root_restore(roots);
        entry = VM_ENTRY_PANIC;
        run = sched_curg;
    }
    for (;;) {
        run->loop_jmp = &panic_jmp;
        if (vm_loop(run, f, base, entry)) break;
        run = sched_schedule(run);
        entry = VM_ENTRY_RESUME;
    }
    run->loop_jmp = outer;
}

void vm_exec(GolG *g, const FuncInfo *f, uint8_t *base) {
    vm_exec_from(g, f, base, VM_ENTRY_CALL);
}

/* ---- the main goroutine ----------------------------------------------------------------------- */

#define VM_STACK_INITIAL 8192   /* Go's starting stack size (_StackMin is 2 KiB; 8 KiB today) */

int vm_run(Module *m) {
    static GolG g0;
    GolG *g = &g0;
    char err[256];
    if (!module_bind_natives(m, err, sizeof err)) {   /* a no-op when the loader already did */
        fprintf(stderr, "gol: %s\n", err);
        return 1;
    }
    const FuncInfo *entry = &m->funcs[m->entry];
    size_t size = VM_STACK_INITIAL, got = 0;
    while (size < sizeof(FrameHeader) + entry->frame_size) size *= 2;

    const char *dbg = getenv("GOLDEBUG");
    vm_stackmove = stack_move_mode();
    vm_tracing = vm_debug_flag(dbg, "vmtrace");
    vm_clobberdead = vm_debug_flag(dbg, "clobberdead");
    preempt_init(dbg);
    vm_stepping = vm_tracing || vm_clobberdead || preempt_random;

    memset(g, 0, sizeof *g);
    g->goid = 1;
    g->mod = m;
    g->stack_lo = stack_alloc(size, &got);
    g->stack_hi = g->stack_lo + got;

    gc_register_module(m);
    gc_register_g(g);
    sched_init(g);
    vm_header_put(g->stack_lo, (FrameHeader){ NULL, RETPC_EXIT, 0 });
    vm_exec(g, entry, g->stack_lo + sizeof(FrameHeader));
    gc_unregister_g(g);
    gc_unregister_module(m);

    stack_free(g->stack_lo, g->stack_hi);
    g->stack_lo = g->stack_hi = NULL;
    return 0;
}

/* ---- a REPL session (vm/repl.c) ----
 * One main goroutine serves every input: vm_session_start makes it (as vm_run does, without
 * running anything), vm_session_call runs one input's entry function on it from the bottom of
 * its stack until it returns, and vm_session_resume takes up the goroutines that are left
 * after the REPL dropped one (a background goroutine that panicked) until main returns. */
GolG *vm_session_start(Module *m) {
    static GolG g0;
    GolG *g = &g0;
    const char *dbg = getenv("GOLDEBUG");
    vm_stackmove = stack_move_mode();
    vm_tracing = vm_debug_flag(dbg, "vmtrace");
    vm_clobberdead = vm_debug_flag(dbg, "clobberdead");
    vm_stepping = vm_tracing || vm_clobberdead;
    size_t got = 0;
    memset(g, 0, sizeof *g);
    g->goid = 1;
    g->mod = m;
    g->stack_lo = stack_alloc(VM_STACK_INITIAL, &got);
    g->stack_hi = g->stack_lo + got;
    gc_register_module(m);
    gc_register_g(g);
    sched_init(g);
    return g;
}

void vm_session_call(GolG *g, const FuncInfo *f) {
    vm_header_put(g->stack_lo, (FrameHeader){ NULL, RETPC_EXIT, 0 });
    vm_exec(g, f, g->stack_lo + sizeof(FrameHeader));
}

void vm_session_resume(GolG *g) {
    GolG *run = sched_schedule(g);
    const FuncInfo *any = &g->mod->funcs[g->mod->entry];    /* unused when resuming, but read */
    vm_exec_from(run, any, NULL, VM_ENTRY_RESUME);
}
