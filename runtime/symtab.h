/* runtime/symtab.h — functions, frames and modules as the runtime sees them (Go's symtab.go,
 * funcdata.h and moduledata): the function metadata the compiler emits (entry, frame size,
 * stack maps, pc -> line), the frame layout every goroutine stack is made of, natives, and the
 * module that holds them. The compiler writes this data (compiler/gen*.c), the interpreter runs
 * on it (vm/interp.c), and the runtime walks frames by reading it (runtime/traceback.c) —
 * without ever decoding an instruction: the opcodes are the VM's (vm/opcodes.h).
 *
 * ---- Frames ----
 * A goroutine's stack is one contiguous byte region (GolG.stack_lo .. stack_hi) of frames.
 * A call instruction `CALL f n` in a caller whose frame starts at `base` builds the callee's
 * frame at base+n:
 *
 *     base+n      FrameHeader (16 bytes): caller's FuncInfo*, return pc, caller base offset
 *     base+n+16   callee frame base  ──►  [ results | params | locals and temporaries ... ]
 *                                          0         results_size   args_size        frame_size
 *
 * The caller writes the arguments into the params area before the call and reads the results
 * from the results area after it, so passing arguments costs no copying in the callee. On entry
 * the callee zeroes [results) and [zero_off, zero_off+zero_size) so that every pointer slot is
 * nil until written. frame_size includes the callee's own outgoing-call area, so one check at
 * entry (base + frame_size <= stack_hi) covers the whole frame; if it fails the stack grows by
 * copying (runtime/stack.c). Frames may hold pointers into the stack (escape analysis keeps
 * address-taken variables whose address cannot outlive the frame in the frame,
 * compiler/escape.c), always in words the stack maps mark, so copying a stack adjusts them as
 * Go's adjustpointers does; FrameHeader stores the caller's base as an offset, which needs no
 * adjusting.
 *
 * Results and params are laid out in declaration order, each starting on an 8-byte boundary:
 * a scalar takes one 8-byte slot in register form (integers extended to 64 bits, float32 held
 * as a float64, bool 0/1, pointers), a string or interface two slots, a slice three, a struct
 * or array its Go size rounded up to a multiple of 8 (in Go memory layout). results_size and
 * args_size are therefore multiples of 8. Natives read their arguments the same way:
 * fmt.Printf(format string, a ...any) (n int, err error) finds n at 0, err at 8, format at 24
 * and a at 40.
 *
 * The bottom frame of a goroutine has a header whose caller is NULL and return pc RETPC_EXIT.
 * A native's frame is laid out the same way ([results | params], then its NatCont if it calls
 * gol code), and the frame of a function a native asked the loop to call sits right above it,
 * its header's return pc RETPC_RESUME_NATIVE (runtime/nativecall.c).
 *
 * ---- Stack maps ----
 * For each safepoint pc (the pc of an instruction the opcode table marks OPF_SP) a bitmap, one bit per 8-byte word of
 * the frame (bit i = word at base + 8*i holds a live heap pointer). StackMap.pcs is sorted; a
 * frame suspended at pc uses the map of the entry whose pc equals it. The outgoing call area is
 * not in the caller's map: the callee's map covers its results and params.
 *
 * Which map describes which frame (issue 3; the collector and stack growth both rely on it):
 *   - the running frame (g->func, g->pc, g->base, saved by the interpreter before anything that
 *     may allocate): the map at g->pc, stackmap_at(f, pc). That instruction's own inputs (the
 *     strings of a CONCAT, GROWSLICE's source slice, BOX's value...) are marked in it.
 *   - a caller frame, found through the FrameHeader at callee_base-16: its map is the one of
 *     the call instruction, i.e. the last safepoint pc below the header's ret_pc (ret_pc is the
 *     pc after the call): stackmap_for_caller(caller, ret_pc) in runtime/symtab.c. A frame
 *     interrupted by a runtime call the loop pushed (runtime.gopanic at PANIC) is a caller too.
 *   - a native (FuncInfo.native != NULL): its StackMap has nmaps 1 and npcs 0 — one map of its
 *     results, params and NatCont, valid wherever it is. While a native runs it is the innermost
 *     frame: g->func is the native, g->pc NULL, g->base its frame. A bytecode function without
 *     safepoints also has npcs 0 and one map (its results and params); stackmap_at returns map
 *     0 when npcs is 0.
 *   - in every map, the words of [0, args_size) are exactly the pointer words of the results
 *     and params (they are zeroed or written by the caller before the callee runs). A frame
 *     being entered (stack growth at a call: g->entering) has valid params only, so
 *     stack growth reads [results_size, args_size) of map 0 for it.
 *   - a frame-resident variable whose address is taken and that holds pointers is marked at
 *     every safepoint of its function (its slot is zeroed on entry), since stores through its
 *     address are invisible to the liveness analysis.
 * Marked words may hold pointers into the goroutine's own stack (the address of a variable that
 * escape analysis kept in a frame, compiler/escape.c): the collector ignores non-heap pointers,
 * and runtime/stack.c rewrites them when it moves the stack.
 *
 * StackMap.ptrwords is the union the maps are cut from: every word that is a pointer slot of
 * the function, i.e. the pointer words of its results and params and of its pointer region. A
 * frame word has one kind for the whole function (compiler/gen_frame.c), so a pointer slot never
 * holds an integer; every map is a subset of ptrwords, and ptrwords beyond the params lie in the
 * zeroed region (the verifier checks both). GOLDEBUG=clobberdead=1 uses it: at each safepoint
 * the interpreter overwrites the words of ptrwords that the pc's map leaves out (dead there)
 * with CLOBBER_DEAD_WORD, so a liveness bit wrongly cleared shows as a fault or wrong output.
 */
#ifndef GOL_RUNTIME_SYMTAB_H
#define GOL_RUNTIME_SYMTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "runtime/type.h"

/* ---- functions ---- */
typedef struct LineEntry { uint32_t pc; uint32_t line; } LineEntry;   /* line holds from pc on */

typedef struct StackMap {
    uint32_t nwords;            /* frame_size / 8 */
    uint32_t nmaps;
    const uint8_t *bits;        /* nmaps bitmaps of ceil(nwords/8) bytes each */
    uint32_t npcs;
    const uint32_t *pcs;        /* safepoint pcs, ascending */
    const uint32_t *map_index;  /* map for each pc */
    const uint8_t *ptrwords;    /* ceil(nwords/8) bytes: the words that are pointer slots, or
                                   NULL (hand-built modules); GOLDEBUG=clobberdead poisons
                                   those a pc's map leaves out */
} StackMap;

/* What GOLDEBUG=clobberdead=1 writes into a dead pointer slot (Go's clobberdead pattern): a
 * non-canonical address, so a read of the slot as a pointer faults at once. */
#define CLOBBER_DEAD_WORD 0xdeaddeaddeaddeadull

/* A native is a C function run on its own frame (callee frame base `frame`, laid out as any
 * function's: [results | params], then, for a native that calls gol code, its continuation
 * NatCont). It returns a status, and never runs gol code itself (DESIGN §6):
 *   NAT_RETURN  done: its results are in place; the loop returns to its caller.
 *   NAT_CALL    "call this function, then run me again" (Lua's lua_callk): the native has
 *               prepared the call with rt_call_prepare (runtime/runtime.h) and saved in its
 *               NatCont.step where to resume; the loop runs the callee as an ordinary frame
 *               just above the native's and, when it returns, calls the native again with the
 *               same frame (it finds the callee's results with rt_call_results).
 * Later statuses (a goroutine parking on a channel, a panic unwinding) extend this list. */
struct GolG;
typedef enum NatStatus { NAT_RETURN = 0, NAT_CALL = 1 } NatStatus;
typedef int (*NativeFn)(struct GolG *g, uint8_t *frame);   /* frame = callee frame base */

/* The continuation area of a native that calls gol code, right after its params (the runtime's
 * native table says which natives have one; binding adds it to their frame and stack map, and
 * the loop zeroes it on entry). `step` says where to resume, `c` may hold C state, `gc` one
 * pointer the collector sees (and stack copying adjusts) while the native waits for its callee. */
typedef struct NatCont { uint64_t step; void *c; void *gc; } NatCont;

typedef struct FuncInfo {
    const char *name;           /* as a traceback prints it: "main.fib", "main.(*T).M", "main.main.func1" */
    uint32_t index;
    const uint32_t *code;
    uint32_t ncode;             /* words */
    uint32_t frame_size;        /* bytes, multiple of 8, including the outgoing-call area */
    uint32_t results_size;      /* bytes of the results area at offset 0 */
    uint32_t args_size;         /* results + params */
    uint32_t zero_off, zero_size;
    uint32_t file;              /* index into Module.files */
    uint32_t line;              /* line of the declaration */
    uint32_t nlines;
    const LineEntry *lines;
    StackMap stackmap;
    const char *native_name;    /* body-less declarations: "fmt.Println"; bound at load */
    NativeFn native;            /* NULL for bytecode functions */
    void *closure;              /* static closure {FuncInfo*} for LOADFN, allocated at load */
} FuncInfo;

typedef struct FrameHeader {
    const FuncInfo *caller;     /* NULL in a goroutine's bottom frame */
    uint32_t ret_pc;            /* word index in the caller's code to continue at, or RETPC_* */
    uint32_t caller_base;       /* caller's frame base as a byte offset from stack_lo */
} FrameHeader;

/* Return pcs that are not code positions: what RET does when the caller is not bytecode.
 *   RETPC_EXIT           the goroutine's bottom frame (caller NULL): the goroutine ends
 *   RETPC_RESUME_NATIVE  the caller is a native that asked for this call (NAT_CALL): run it again
 *   RETPC_NATIVE_DONE    the caller is a native that has finished but whose return was held
 *                        back to run this call first (finalizers): return from it now */
#define RETPC_SPECIAL        0xFFFFFFF0u
#define RETPC_NATIVE_DONE    0xFFFFFFFDu
#define RETPC_RESUME_NATIVE  0xFFFFFFFEu
#define RETPC_EXIT           0xFFFFFFFFu

typedef struct Module {
    uint32_t nfuncs;
    FuncInfo *funcs;
    uint32_t ntypes;
    TypeDesc *types;
    uint32_t nconsts;
    uint64_t *consts;           /* int64 or float64 bit patterns */
    uint32_t nstrings;
    GolString *strings;         /* string constants, outside the GC heap */
    uint32_t nfiles;
    const char **files;         /* source paths, as tracebacks print them */
    int64_t globals_size;
    const uint8_t *globals_ptrmask;   /* globals_size/8 bits */
    uint8_t *globals;           /* allocated and zeroed at load */
    uint32_t entry;             /* function that initialises every package and calls main.main */
    uint32_t main_func;         /* main.main, for reference */
    void *owner;                /* its memory's owner (runtime/moduledata.c) */
    bool natives_bound;         /* module_bind_natives has run (vm/module.c) */
    void *func_table;           /* runtime.FuncForPC's *Func values, made at its first call
                                   from the module's memory (runtime/natives_runtime.c) */
} Module;

/* runtime/moduledata.c — a module's memory. The compiler builds a module from malloc'd arrays
 * and hands each one over with module_own; the loader allocates from the module's arena with
 * module_alloc (zeroed, 16-byte aligned); module_free releases all of it. */
Module *module_new(void);
void   *module_alloc(Module *m, size_t size);
void    module_own(Module *m, const void *p);
void    module_free(Module *m);

/* runtime/symtab.c — what a function's metadata says about a pc */
const char *funcinfo_file(const Module *m, const FuncInfo *f);
uint32_t    funcinfo_line_at(const FuncInfo *f, uint32_t pc);   /* line of the instruction at pc */
const uint8_t *stackmap_at(const FuncInfo *f, uint32_t pc);     /* bitmap for safepoint pc, or NULL */
const uint8_t *stackmap_for_caller(const FuncInfo *f, uint32_t ret_pc);  /* caller frame's map */

/* PCs as a program sees them (runtime.Callers, runtime.FuncForPC, the heap profile's stacks).
 * A gol PC is one uintptr: (function index + 1) << 32 | byte offset in its code (code word * 4),
 * so 0 is never a PC and a function's entry is its index alone. The runtime's own functions
 * that are not in the module (runtime.gopanic, runtime.runfinq) take the indices after the
 * module's. As Go's, the PCs of a stack are return addresses: a caller's is the instruction
 * after its call (a multiple of 4), the innermost frame's two bytes into the instruction it is
 * at; pc - 1 (what CallersFrames reports, as Go) is then inside the instruction in question.
 * funcpc_line answers for both forms: an offset on an instruction boundary is a return
 * address, whose instruction in question is the one before. */
uintptr_t       funcpc_entry(const Module *m, const FuncInfo *f);
const FuncInfo *funcpc_func(const Module *m, uintptr_t pc);     /* NULL: not a gol PC */
uint32_t        funcpc_line(const FuncInfo *f, uintptr_t pc);   /* line of the instruction at pc */

#endif
