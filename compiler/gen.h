/* compiler/gen.h — the code generator's internal interface (not a contract with other folders).
 *
 * The generator turns a checked Program (compiler/compiler.h) into a Module (vm/bytecode.h).
 * It is split by subject:
 *
 *   gen.c          the driver: globals, function indices, per-function set-up, runtime.main
 *   gen_frame.c    frame slots: where each variable and temporary lives
 *   gen_emit (in gen.c)  the code buffer, labels and jump patching, line table
 *   gen_expr.c     expressions: values into frame slots, conditions into jumps
 *   gen_stmt.c     statements and control flow
 *   gen_call.c     calls (the calling convention), builtins, conversions
 *   gen_types.c    runtime type descriptors (TypeDesc) and the constant pools
 *   gen_methods.c  the method tables of the descriptors, and promoted methods' wrappers
 *   gen_closure.c  function literals (closure objects, bodies, names) and method values
 *   gen_stackmap.c the stack map of every safepoint
 *   escape.c       which allocations go to the heap, and the `-m` report
 *
 * ---- Slots and regions ----
 * An operand names a frame position by its byte offset. While a function is being generated
 * the final layout is not known yet (how many pointer slots? how big is the largest outgoing
 * call?), so slot values carry a region tag in their top bits:
 *
 *   REG_FIXED  results and params, at their final offsets from 0
 *   REG_PTR    slots whose type holds a pointer (zeroed on entry, marked in the stack map)
 *   REG_SCAL   pointer-free slots (never zeroed by the VM, never scanned)
 *   REG_OUT    the outgoing call area: a callee's header and its results and params
 *
 * Arithmetic on a tagged slot (slot + field offset) stays inside its region, and when the
 * function is finished gen_frame_finish() rewrites every d/s operand (and the frame operand of
 * the call instructions) to its final offset:  [fixed | ptr | scal | out].
 */
#ifndef GOL_COMPILER_GEN_H
#define GOL_COMPILER_GEN_H

#include <stdbool.h>
#include <stdint.h>
#include "compiler/compiler.h"
#include "compiler/constant.h"
#include "vm/bytecode.h"

enum { REG_FIXED = 0, REG_PTR = 1, REG_SCAL = 2, REG_OUT = 3 };
#define SLOT_TAG_SHIFT 28
#define SLOT_OFF_MASK  ((1u << SLOT_TAG_SHIFT) - 1)
#define SLOT_MAKE(reg, off) ((int32_t)(((uint32_t)(reg) << SLOT_TAG_SHIFT) | (uint32_t)(off)))
#define SLOT_REG(s)    ((int)((uint32_t)(s) >> SLOT_TAG_SHIFT))
#define SLOT_OFF(s)    ((uint32_t)(s) & SLOT_OFF_MASK)
#define NO_SLOT        (-1)

/* A free frame slot that may be handed out again to a temporary of the same shape. */
typedef struct FreeSlot { int32_t slot; int64_t size; uint64_t maskkey; } FreeSlot;

/* Jump targets: forward references are patched when the function is finished. */
typedef struct Patch { uint32_t at; int label; } Patch;

/* break/continue targets of an enclosing for/switch/range, with an optional label name. */
typedef struct Target {
    const char *label;
    int brk, cont;          /* labels; cont = -1 for switch */
    struct Target *outer;
} Target;

typedef struct GotoLabel { const char *name; int label; } GotoLabel;

/* Per-function generation state. */
typedef struct GenFunc {
    Obj *fobj;              /* NULL for runtime.main */
    Type *sig;
    uint32_t *code; uint32_t ncode, capcode;
    LineEntry *lines; uint32_t nlines, caplines;
    int cur_line;
    /* labels */
    int32_t *label_pos; int nlabels, caplabels;
    Patch *patches; int npatches, cappatches;
    /* frame */
    uint32_t fixed_size, results_size;
    uint32_t ptr_top, scal_top, out_size;
    uint8_t *ptr_bits; uint32_t cap_ptr_bits;     /* pointer words of the ptr region */
    uint32_t *ptr_slots; int nptr_slots, capptr_slots;  /* (offset, size) pairs of its slots */
    uint8_t *fixed_bits;                           /* pointer words of results+params */
    uint32_t *addr_slots; int naddr, capaddr;      /* (ptr-region offset, size) of frame objects
                                                    * whose address lives across safepoints */
    FreeSlot *free; int nfree, capfree;
    FreeSlot *temps; int ntemps, captemps;         /* temporaries of the current statement */
    /* control flow */
    Target *targets;
    GotoLabel *gotos; int ngotos, capgotos;
    int fallthrough_label;  /* next case body while generating a switch clause */
    Obj **named_results; int nresults;
    int32_t *result_off;    /* offsets of the results */
    bool has_named_results;
    int defer_label;        /* the deferreturn code (RUNDEFER), or -1: no defer statement */
    int ndeferwraps;        /* wrappers made for its deferred builtins (gen_stmt.c) */
    int findex;             /* its index in funcs while its body is generated, else -1 */
    Obj **declared; int ndeclared, capdeclared;    /* open-addressed set of locals with a slot */
} GenFunc;

/* One method of a type's runtime method table, decided before the descriptors are built (the
 * func type is registered by index: the descriptor array does not exist yet). */
typedef struct GenMethod { const char *name; uint32_t func, ifn; uint32_t mtype; bool deref, nil_panics; } GenMethod;

/* A registered type descriptor (materialised into Module.types at the end). */
typedef struct GenType {
    Type *type; char *name; uint64_t hash;
    GenMethod *methods; uint32_t nmethods;      /* gen_methods.c: its method table */
} GenType;

/* A method value's wrapper (recv.name-fm), or with expr the function behind an interface's
 * method expression I.M (gen_closure.c). */
typedef struct GenFmWrapper { Type *recv; const char *name; bool expr; uint32_t func; } GenFmWrapper;

/* A generated wrapper for a promoted method: receiver type and method name -> function. */
typedef struct GenWrapper { Type *recv; const char *name; uint32_t func; } GenWrapper;

typedef struct Gen {
    Program *prog;
    const GenOptions *opt;
    DiagList *diags;
    Package *pkg;           /* package being generated */
    const char *file;       /* its source path for diagnostics */
    int file_index;
    Module *mod;
    GenFunc *f;             /* function being generated */
    /* functions */
    FuncInfo *funcs; uint32_t nfuncs, capfuncs;
    Obj **func_objs;        /* Obj of each function (NULL for runtime.main) */
    /* pools */
    GenType *types; uint32_t ntypes, captypes;
    GenWrapper *wrappers; uint32_t nwrappers, capwrappers;
    uint64_t *consts; uint32_t nconsts, capconsts;
    GolString *strings; uint32_t nstrings, capstrings;
    const char **files; uint32_t nfiles, capfiles;
    /* globals */
    int64_t globals_size;
    uint8_t *gptr_bits; int64_t cap_gptr_bits;
    /* function literals (gen_closure.c), in numbering order */
    Node **lits; Package **lit_pkgs; uint32_t nlits, caplits;
    Type **closure_types; uint32_t capclosure_types;   /* by function index */
    GenFmWrapper *fms; uint32_t nfms, capfms;    /* method values' M-fm wrappers, I.M's functions */
    /* escape report lines, printed sorted at the end */
    char **esc_lines; int nesc, capesc;
    bool failed;
    bool lv_stable;         /* lvalues must not refer to variables' slots (tuple assignment) */
} Gen;

/* ---- gen.c: a session's module grows input by input (compiler/session.c) ---- */
typedef struct GenSessionInput {
    Program *prog;          /* the packages new with this input, then main (holding only the
                             * input's file, init_order and init functions) */
    Obj *input_fn;          /* the input's statements, called last by its entry (or NULL) */
    Obj **session_vars;     /* the input's top-level := variables, made package-level */
    int nsession_vars;
    Type **grown;           /* types that gained methods with this input */
    int ngrown;
} GenSessionInput;
typedef struct GenSession GenSession;
GenSession *gen_session_new(Module *m);
void        gen_session_free(GenSession *s);     /* the module (module_free) is the caller's */
/* Appends the input's code to the module; *entry is the function that runs it. On failure
 * (errors in diags) the module is as it was. */
bool gen_session_input(GenSession *s, const GenSessionInput *in, const GenOptions *opt,
                       DiagList *diags, uint32_t *entry);

/* A place a value can be stored to or loaded from (an lvalue, or an rvalue's home). */
typedef enum LocKind {
    LOC_SLOT,   /* register-form frame slot(s) at `slot` (a variable or temporary) */
    LOC_FRAME,  /* memory-form bytes in the frame at `slot` (a field or element of a frame aggregate) */
    LOC_MEM,    /* memory at *(ptr slot) + off */
    LOC_FIDX,   /* element `idx` (a slot, already bounds-checked) of an array held in the frame at
                 * `slot`: its address is taken (FADDR) only when used, so no call intervenes */
    LOC_SLICEEL,/* element `idx` of the slice whose header is at `slot` (checked when used) */
    LOC_MAPEL,  /* m[k]: `slot` holds the map, `idx` the key (both stable), `off` the map type's
                 * descriptor index; a load is MAPACCESS, a store MAPASSIGN, each then through
                 * the value pointer it returns */
    LOC_BLANK   /* the blank identifier: evaluate and discard */
} LocKind;

typedef struct Loc {
    LocKind kind;
    int32_t slot;           /* LOC_SLOT/LOC_FRAME/LOC_FIDX: the slot; LOC_MEM: the slot holding the
                             * pointer; LOC_SLICEEL: the slice header */
    int64_t off;            /* LOC_MEM, LOC_FIDX: byte offset added to the element address */
    int32_t idx;            /* LOC_FIDX, LOC_SLICEEL: the index slot; LOC_MAPEL: the key slot */
    Type *type;
} Loc;

/* ---- gen.c: emission, labels, diagnostics ---- */
void     gen_error(Gen *g, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
uint32_t gen_emit(Gen *g, Opcode op, ...);        /* operands as int64 varargs, count from op_info;
                                                     a 'j' operand is a label from gen_label_new */
int      gen_label_new(Gen *g);
void     gen_label_bind(Gen *g, int label);
void     gen_set_line(Gen *g, Pos pos);
const char *gen_func_name(Gen *g, Obj *fn);

/* ---- gen_frame.c ---- */
int64_t  gen_slot_size(Type *t);                  /* bytes a value of t takes in a frame slot */
int32_t  gen_temp(Gen *g, Type *t);               /* a temporary, freed at the end of the statement */
int32_t  gen_local(Gen *g, Type *t);              /* a slot that lives for the rest of the function */
void     gen_temps_release(Gen *g, int mark);     /* free temporaries allocated since mark */
int      gen_temps_mark(Gen *g);
int32_t  gen_out_slot(Gen *g, uint32_t callee_args_size);  /* base of the outgoing area (header) */
void     gen_frame_begin(Gen *g);
void     gen_frame_finish(Gen *g, FuncInfo *fi);
void     gen_frame_layout_params(Gen *g, Node *decl);
/* results and params of recv/sig, binding the variables of recv_field and the FUNCTYPE ft */
void     gen_frame_bind_params(Gen *g, Type *recv, Type *sig, Node *recv_field, Node *ft);
void     gen_frame_layout_sig(Gen *g, Type *recv, Type *sig);   /* results and params only */
bool     gen_slot_is_volatile(int32_t slot);      /* in the outgoing area: dies at the next call */
void     gen_addr_slot(Gen *g, int32_t slot, Type *t); /* its address lives: mark it at every safepoint */

/* ---- gen_types.c ---- */
uint32_t gen_type_index(Gen *g, Type *t);
void     gen_types_finish(Gen *g, Module *m);
bool     gen_types_finish_session(Gen *g, Module *m, TypeDesc *all, uint32_t cap, uint32_t from,
                                  Type **grown, int ngrown);   /* a session's module grows */
uint32_t gen_const_u64(Gen *g, uint64_t bits);
uint32_t gen_string_const(Gen *g, const char *s, int64_t len);
uint64_t gen_ptrmask_key(Type *t);                /* shape key for slot reuse */
void     gen_ptrmask_fill(Type *t, int64_t off, uint8_t *bits);   /* set bits of t's pointer words */
Type    *gen_under(Type *t);

/* ---- gen_methods.c ---- */
void     gen_type_method_table(Gen *g, uint32_t type_index);   /* decides types[i].methods */
uint32_t gen_method_func(Gen *g, Type *recv, Obj *method);   /* behind the method expression recv.M */

/* ---- gen.c: setting up and finishing a function ---- */
uint32_t gen_func_new(Gen *g, const char *name, uint32_t file, uint32_t line);   /* numbered, no code yet */
void     gen_func_begin(Gen *g, GenFunc *f, Obj *fobj, Type *sig, int line);
void     gen_func_end(Gen *g, uint32_t index, Node *body, Pos pos);   /* the implicit return, finish */

/* ---- gen_closure.c: function literals ---- */
void     gen_number_lits(Gen *g, Package *p, uint32_t file);
Type    *gen_closure_type(Gen *g, Node *lit);       /* struct { F uintptr; captures... } */
int32_t  gen_func_lit(Gen *g, Node *e, int32_t dst);
Type    *gen_method_value_type(Type *recv);        /* struct { F uintptr; R recv } */
int32_t  gen_method_value(Gen *g, Node *e, int32_t dst);   /* x.M or i.M outside a call */
uint32_t gen_iface_method_func(Gen *g, Type *itype, const char *name);   /* behind I.M */
void     gen_lit_bodies(Gen *g);

/* ---- gen.c: functions with no declaration ---- */
uint32_t gen_synth_begin(Gen *g, GenFunc *f, const char *name, const char *file, Type *recv, Type *sig);
void     gen_synth_end(Gen *g, uint32_t func_index);

/* ---- gen_expr.c ---- */
int32_t  gen_expr(Gen *g, Node *e, int32_t dst);  /* value of e in dst (or any slot if dst < 0) */
int32_t  gen_expr_stable(Gen *g, Node *e);        /* like gen_expr, but never a volatile slot */
int32_t  gen_operand(Gen *g, Node *a, Node *later); /* a, kept stable if `later` may call */
void     gen_cond(Gen *g, Node *e, bool jump_if, int label);
void     gen_move(Gen *g, int32_t dst, int32_t src, Type *t);
void     gen_zero(Gen *g, int32_t dst, Type *t);
void     gen_load_const(Gen *g, ConstVal *cv, Type *t, int32_t dst);
Loc      gen_lvalue(Gen *g, Node *e);
Loc      gen_loc_addr(Gen *g, Loc l);             /* LOC_FIDX/LOC_SLICEEL -> LOC_MEM */
void     gen_compare(Gen *g, int op, Type *t, int32_t a, int32_t b, int32_t dst);
bool     gen_is_nil(Node *e);
int32_t  gen_pointer_of(Gen *g, Loc *l);          /* address of a LOC_MEM location, in a slot */
void     gen_store(Gen *g, Loc *l, int32_t src);  /* src: register-form value of l->type */
void     gen_store_converted(Gen *g, Loc *l, int32_t src, Type *from);  /* boxed if l is an interface */
int32_t  gen_load(Gen *g, Loc *l, int32_t dst);
Loc      gen_map_assign_loc(Gen *g, Loc l);       /* LOC_MAPEL -> LOC_MEM of m[k], inserted */
void     gen_normalize(Gen *g, int32_t d, Type *t);
bool     gen_may_call(Node *e);                    /* e may reach a safepoint or call */
bool     gen_has_call(Node *e);                    /* e calls a function */
int32_t  gen_composite(Gen *g, Node *e, int32_t dst);
int32_t  gen_frame_object(Gen *g, Type *t);
void     gen_loadi64(Gen *g, int32_t dst, int64_t v);   /* any int64 constant into a slot */       /* a zeroed frame slot for a non-escaping object */
void     gen_composite_into(Gen *g, Node *e, Loc *at);

/* ---- gen_call.c ---- */
int32_t  gen_call(Gen *g, Node *e, int32_t dst);  /* single-result (or void) call */
void     gen_defer_call(Gen *g, Node *e);         /* defer e: DEFER/DEFERIND, params laid out as for a call */
void     gen_go_call(Gen *g, Node *e);            /* go e: GO/GOIND, params laid out as for a call */
int32_t  gen_call_multi(Gen *g, Node *e);         /* returns the slot of the first result (volatile) */
int32_t *gen_call_results(Gen *g, Node *call);    /* f(g()): g's results in temporaries (caller frees) */
bool     gen_builtin_spreads(Node *e);             /* println(f()), copy(f()) */
void     gen_map_delete(Gen *g, int32_t m, int32_t k, Type *mt, Type *kt);
void     gen_copy_op(Gen *g, int32_t d, int32_t a, int32_t s, Type *dt, Type *st);
/* interfaces (gen_expr.c, gen_methods.c): conversions to an interface type, == on interfaces,
 * `v, ok := x.(T)` (two temporaries), and a method's index in its interface's itabs */
void     gen_to_iface(Gen *g, int32_t d, int32_t s, Type *from, Type *to);
void     gen_eq_iface(Gen *g, Type *t, int32_t r, int32_t a, int32_t b);
void     gen_comma_ok(Gen *g, Node *e, int32_t *v, int32_t *ok);
Type    *gen_comma_ok_type(Node *e);              /* the type of v in `v, ok = x.(T)` or m[k] */
int      gen_iface_method_index(Type *it, const char *name);
static inline bool gen_is_comma_ok(Node *e) {   /* v, ok := x.(T) or m[k] */
    while (e && e->kind == N_PAREN) e = e->a;
    return e && (e->kind == N_TYPEASSERT || e->kind == N_INDEX || e->kind == N_UNARY) && (e->flags & NF_COMMAOK);
}
int32_t  gen_builtin(Gen *g, Node *e, int32_t dst);
int32_t  gen_conversion(Gen *g, Node *e, Type *to, int32_t src, Type *from, int32_t dst);
/* The calling convention's offsets from the callee's frame base (runtime/symtab.h): results in
 * order from 0, then the receiver (recv != NULL: a method), then the params. */
uint32_t gen_sig_args_size(Type *recv, Type *sig, uint32_t *results_size);
int64_t  gen_sig_param_off(Type *recv, Type *sig, int i);   /* i = -1: the receiver */
int64_t  gen_sig_result_off(Type *sig, int i);

/* ---- gen_stmt.c ---- */
void     gen_stmt(Gen *g, Node *s);
void     gen_map_comma_ok(Gen *g, Node *ix, int32_t vals[2]);   /* v, ok := m[k] */
void     gen_block(Gen *g, Node *b);
bool     gen_has_defer(Node *n);                  /* a defer statement in this body (not in literals) */
void     gen_deferreturn(Gen *g);                 /* the function's deferreturn code, at its end */

/* ---- gen_stackmap.c ---- */
void     gen_stackmap_build(Gen *g, FuncInfo *fi);
void     gen_stackmap_native(Gen *g, Obj *fn, FuncInfo *fi);   /* one map, valid everywhere */

/* ---- escape.c ---- */
void     gen_declare_var(Gen *g, Obj *v, Pos pos); /* gives a new local its slot (or heap cell) */
bool     gen_var_declared(Gen *g, Obj *v);
void     gen_var_mark(Gen *g, Obj *v);            /* v has its slot (params, results, locals) */
void     escape_analyze(Gen *g);                  /* decides every variable and allocation site */
bool     escape_on_stack(Node *e);                /* an allocation site built in the frame */
void     escape_report_flush(Gen *g);

/* Node flag (compiler bits): escape analysis put this allocation site in the frame. */
#define NF_STACK (1 << 24)

#endif
