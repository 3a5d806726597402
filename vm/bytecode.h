/* vm/bytecode.h — the contract between compile time and run time.
 *
 * The compiler (compiler/gen*.c) fills a Module; `gol build` serialises it to a .golc file
 * (vm/golc.c); the interpreter (vm/interp.c) runs it; the runtime (runtime/) reads the parts it
 * needs — type descriptors to allocate and print values, function metadata to walk frames for
 * tracebacks and, in the collector, stack maps. Nothing else crosses the boundary.
 *
 * ---- Values in memory (Go amd64 layout) ----
 *   string     {const uint8_t *ptr; int64_t len}                 16 bytes, GolString
 *   slice      {void *ptr; int64_t len; int64_t cap}             24 bytes, GolSlice
 *   interface  {const TypeDesc *type; void *data}                16 bytes, GolIface
 *              data points to a heap copy of the value, except for pointer-shaped types
 *              (pointers, maps, chans, funcs, unsafe.Pointer), stored directly (Go's rule).
 *   func value a pointer to a closure object whose first word is the FuncInfo*.
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
 * The bottom frame of a goroutine has a header whose caller is NULL.
 *
 * ---- Stack maps ----
 * For each safepoint pc (the pc of an OPF_SP instruction) a bitmap, one bit per 8-byte word of
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
 *     pc after the call): stackmap_for_caller(caller, ret_pc) in vm/module.c.
 *   - a native (FuncInfo.native != NULL): its StackMap has nmaps 1 and npcs 0 — one map of its
 *     results and params, valid wherever it is. While a native runs, g->func/g->pc name the
 *     caller stopped at its CALLNAT (or CALLIND) with frame operand n: the native's frame base is
 *     g->base + n + 16, its FuncInfo funcs[f] (CALLNAT) or the closure in the caller's slot s
 *     (CALLIND; that slot is marked live at the call). A bytecode function without safepoints
 *     also has npcs 0 and one map (its results and params); stackmap_at returns map 0 when
 *     npcs is 0.
 *   - in every map, the words of [0, args_size) are exactly the pointer words of the results
 *     and params (they are zeroed or written by the caller before the callee runs). A frame
 *     being entered (stack growth at a CALL: g->pc = callee->code) has valid params only, so
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
#ifndef GOL_VM_BYTECODE_H
#define GOL_VM_BYTECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "vm/opcodes.h"

#define GOLC_MAGIC    "GOLC"
#define GOLC_VERSION  2u

typedef struct GolString { const uint8_t *ptr; int64_t len; } GolString;
typedef struct GolSlice  { void *ptr; int64_t len; int64_t cap; } GolSlice;
typedef struct TypeDesc TypeDesc;
typedef struct GolIface  { const TypeDesc *type; void *data; } GolIface;

/* ---- type descriptors: what the runtime knows about a type ----
 * Kinds are numbered as Go's reflect.Kind. */
typedef enum GolKind {
    K_INVALID, K_BOOL, K_INT, K_INT8, K_INT16, K_INT32, K_INT64,
    K_UINT, K_UINT8, K_UINT16, K_UINT32, K_UINT64, K_UINTPTR,
    K_FLOAT32, K_FLOAT64, K_COMPLEX64, K_COMPLEX128,
    K_ARRAY, K_CHAN, K_FUNC, K_INTERFACE, K_MAP, K_POINTER, K_SLICE, K_STRING, K_STRUCT,
    K_UNSAFEPOINTER
} GolKind;

enum {
    TDF_NAMED       = 1 << 0,   /* a defined type: name is its qualified name ("main.Point") */
    TDF_COMPARABLE  = 1 << 1,
    TDF_DIRECTIFACE = 1 << 2,   /* pointer-shaped: stored directly in an interface's data word */
    TDF_REGULAR_MEM = 1 << 3    /* == is memcmp (no floats, strings, interfaces or padding) */
};

typedef struct TypeField {
    const char *name;
    const TypeDesc *type;
    int64_t offset;
    bool embedded;
    bool exported;
} TypeField;

/* The method set of a type (Go's spec): a named type T lists its value-receiver methods, a
 * pointer type *T lists T's value methods and *T's pointer methods, both with the methods
 * promoted from embedded fields, whose func is a compiler-generated wrapper taking the outer
 * receiver (compiler/gen_methods.c); sorted by name. A method's
 * function is an ordinary function whose receiver is its first parameter, laid out by the
 * parameter rule above: [results | receiver | params]. A value method receives a copy of the
 * value (its size rounded up to 8), a pointer method the pointer (one slot). In *T's list a
 * value method has deref set: the caller loads the T the pointer points at into the receiver
 * slot (Go's autogenerated (*T).M wrapper; a nil pointer cannot be dereferenced). fmt and panic
 * call String() and Error() this way (runtime/fmt.c); interface tables of later issues will. */
typedef struct TypeMethod {
    const char *name;
    uint32_t func;              /* index in Module.funcs */
    const TypeDesc *mtype;      /* the method's func type, without the receiver (K_FUNC) */
    bool deref;                 /* value method listed in *T's set: receiver is *ptr */
    bool nil_panics;            /* a promoted method's (*T).M wrapper: it dereferences the
                                 * receiver, so a nil one panics (fmt prints "<nil>", as Go's
                                 * catchPanic does) */
} TypeMethod;

struct TypeDesc {
    GolKind kind;
    uint32_t flags;             /* TDF_* */
    int64_t size;
    int64_t align;
    int64_t ptrdata;            /* bytes of prefix that may hold pointers; 0 = noscan */
    const uint8_t *ptrmask;     /* ptrdata/8 bits, bit i = word i is a pointer */
    const char *name;           /* Go's spelling, as %T prints it: "main.Point", "[]int", "*main.T" */
    const char *pkgpath;        /* for named types */
    const TypeDesc *elem;       /* array, slice, pointer, chan, map value */
    const TypeDesc *key;        /* map key */
    int64_t len;                /* array length */
    uint32_t nfields;           /* struct fields; func: params then results (nin = len) */
    const TypeField *fields;
    uint32_t nmethods;
    const TypeMethod *methods;
    uint32_t index;             /* position in Module.types */
};

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
    void *owner;                /* allocation arena of a loaded module (vm/golc.c) */
} Module;

/* vm/module.c */
const char *funcinfo_file(const Module *m, const FuncInfo *f);
uint32_t    funcinfo_line_at(const FuncInfo *f, uint32_t pc);   /* line of the instruction at pc */
const uint8_t *stackmap_at(const FuncInfo *f, uint32_t pc);     /* bitmap for safepoint pc, or NULL */
const uint8_t *stackmap_for_caller(const FuncInfo *f, uint32_t ret_pc);  /* caller frame's map */
bool        module_bind_natives(Module *m, char *err, size_t errlen);
void        module_free(Module *m);
/* The compiler builds a module from malloc'd arrays and hands each one over with module_own;
 * module_free then frees every distinct block once. */
void        module_own(Module *m, const void *p);

/* vm/golc.c — serialisation. Loading validates everything and runs the verifier; any failure
 * returns NULL with a message such as "x.golc: truncated file" or "x.golc: bad checksum". */
bool    golc_write(const Module *m, const char *path, char *err, size_t errlen);
Module *golc_read(const char *path, char *err, size_t errlen);
bool    golc_is_golc(const char *path);   /* by magic number */

/* vm/verify.c — every operand in range, every jump on an instruction boundary, frames fit. */
bool module_verify(const Module *m, char *err, size_t errlen);

/* vm/disasm.c */
void disasm_module(FILE *out, const Module *m);
void disasm_func(FILE *out, const Module *m, const FuncInfo *f);

#endif
