/* vm/verify.c — the bytecode verifier: what the interpreter may take for granted.
 *
 * The interpreter checks nothing it can know in advance (DESIGN §3: no tags, no range checks on
 * frame offsets), so a module must be proved safe before it runs, whether the compiler built it
 * or it came from a .golc file someone may have edited. module_verify checks, per function:
 *
 *   1. the header: frame_size, results_size and args_size are multiples of 8 and nested
 *      (results <= args <= frame), the zeroed area and the line table lie inside the function;
 *   2. each instruction: a known opcode, all its operand words present, and each operand in
 *      range by its kind (vm/opcodes.h):
 *        d s  the slot plus the width the instruction reads or writes there fits in the frame
 *             (the widths are the table's widths column, vm/opcodes.h: 8 for a scalar, 16 for a string or interface,
 *             24 for a slice, a size operand, or the size of a type operand)
 *        k f t z  a valid constant, function, type or string index
 *        g    a byte offset inside the globals;  j  a jump onto an instruction boundary
 *        n    where it is an offset or a count, what it addresses fits (shift counts < 64...)
 *      and for the call instructions: the callee's header and arguments fit in the caller's
 *      frame (n + 16 + callee args_size <= frame_size), CALL names a bytecode function and
 *      CALLNAT a native one; GETCTX only as a function's first instruction (the context
 *      register holds the func value only on entry: vm/interp.c fnval_enter);
 *   3. the code ends with an instruction that does not fall through (OPF_END);
 *   4. the stack map: safepoint pcs ascending, on instruction boundaries, each naming a map;
 *      every safepoint instruction has one.
 * and for the module: the entry function exists, is bytecode and takes no arguments; type
 * descriptors point inside the module's own table and have the shape their kind implies (a
 * string is 16 bytes, an array len * elem bytes, fields lie inside their struct), since the
 * runtime reads values through them.
 *
 * The first failure is reported as "verify: main.fib: pc 12 (ADD_I): ..." and the module is
 * refused; the loop then never sees it.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "vm/module.h"


typedef struct Verifier {
    const Module *m;
    const FuncInfo *f;
    uint32_t pc;
    Opcode op;
    char *err;
    size_t errlen;
    uint8_t *starts;    /* starts[pc] = 1 at each instruction's first word */
} Verifier;

static bool vfail(Verifier *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static bool vfail(Verifier *v, const char *fmt, ...) {
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *fname = v->f && v->f->name ? v->f->name : "?";
    if (v->f && v->op != OP__COUNT)
        snprintf(v->err, v->errlen, "verify: %s: pc %u (%s): %s", fname, v->pc, op_info[v->op].name, msg);
    else if (v->f)
        snprintf(v->err, v->errlen, "verify: %s: %s", fname, msg);
    else
        snprintf(v->err, v->errlen, "verify: %s", msg);
    return false;
}

/* ---- instructions ---- */

static bool verify_slot(Verifier *v, int k, uint32_t off, uint64_t width) {
    if ((uint64_t)off + width > v->f->frame_size)
        return vfail(v, "operand %d: frame slot @%u+%llu outside the frame (size %u)", k + 1, off,
                     (unsigned long long)width, v->f->frame_size);
    return true;
}

/* The width code `w` of an operand, resolved against the instruction's other operands. */
static uint64_t verify_width(Verifier *v, char w, const uint32_t *ops) {
    const char *kinds = op_info[v->op].operands;
    int nth = 0;
    switch (w) {
    case '0': return 0;
    case '1': return 1;
    case '2': return 2;
    case '4': return 4;
    case 'S': return 16;
    case 'L': return 24;
    case 'N': case 'M':
        for (int i = 0; kinds[i]; i++)
            if (kinds[i] == 'n' && nth++ == (w == 'M')) return ops[i];
        return 0;
    case 'T':
        for (int i = 0; kinds[i]; i++)
            if (kinds[i] == 't') return (uint64_t)v->m->types[ops[i]].size;
        return 0;
    case 'K':                       /* a map type's key, in its frame slot (8-byte rounded) */
        for (int i = 0; kinds[i]; i++)
            if (kinds[i] == 't' && v->m->types[ops[i]].key) {
                uint64_t ks = (uint64_t)v->m->types[ops[i]].key->size;
                return ks < 8 ? 8 : (ks + 7) / 8 * 8;
            }
        return 8;
    default: return 8;
    }
}

static bool verify_index(Verifier *v, int k, char kind, uint32_t x) {
    const Module *m = v->m;
    switch (kind) {
    case 'k': if (x >= m->nconsts) return vfail(v, "operand %d: constant %u out of range (%u)", k + 1, x, m->nconsts); break;
    case 'f': if (x >= m->nfuncs) return vfail(v, "operand %d: function %u out of range (%u)", k + 1, x, m->nfuncs); break;
    case 't': if (x >= m->ntypes) return vfail(v, "operand %d: type %u out of range (%u)", k + 1, x, m->ntypes); break;
    case 'z': if (x >= m->nstrings) return vfail(v, "operand %d: string %u out of range (%u)", k + 1, x, m->nstrings); break;
    case 'g':
        if ((int64_t)x > m->globals_size)
            return vfail(v, "operand %d: global offset %u outside the globals (size %lld)", k + 1, x,
                         (long long)m->globals_size);
        break;
    case 'j': if (x >= v->f->ncode) return vfail(v, "operand %d: jump target %u outside the code (%u words)", k + 1, x, v->f->ncode); break;
    default: break;
    }
    return true;
}

/* Call frames: the callee's header at n, its results and params after it, inside our frame. */
static bool verify_call(Verifier *v, const uint32_t *ops) {
    uint32_t n = ops[1];
    uint64_t args = 0;
    if (n % 8) return vfail(v, "call frame at @%u is not 8-byte aligned", n);
    if (v->op == OP_CALL || v->op == OP_CALLNAT || v->op == OP_DEFER) {
        const FuncInfo *callee = &v->m->funcs[ops[0]];
        bool native = callee->native_name != NULL || callee->native != NULL;
        if (v->op == OP_CALL && native)
            return vfail(v, "CALL of native function %s (use CALLNAT)", callee->name ? callee->name : "?");
        if (v->op == OP_CALLNAT && !native)
            return vfail(v, "CALLNAT of bytecode function %s", callee->name ? callee->name : "?");
        args = callee->args_size;
    }
    if ((uint64_t)n + sizeof(FrameHeader) + args > v->f->frame_size)
        return vfail(v, "call frame @%u + 16 + %llu bytes of arguments exceeds the frame (size %u)",
                     n, (unsigned long long)args, v->f->frame_size);
    return true;
}

static bool verify_instr(Verifier *v, const uint32_t *ops) {
    const char *kinds = op_info[v->op].operands;
    const char *widths = op_info[v->op].widths;
    for (int k = 0; kinds[k]; k++)
        if (!verify_index(v, k, kinds[k], ops[k])) return false;
    for (int k = 0; kinds[k]; k++) {
        if (kinds[k] != 'd' && kinds[k] != 's') continue;
        char w = widths ? widths[k] : '8';
        if (!verify_slot(v, k, ops[k], verify_width(v, w, ops))) return false;
    }
    switch (v->op) {
    case OP_SHLI: case OP_SHRI_I: case OP_SHRI_U:
        if (ops[2] >= 64) return vfail(v, "shift count %u is not below 64", ops[2]);
        break;
    case OP_CALL: case OP_CALLNAT: case OP_CALLIND: case OP_CALLIFACE:
        return verify_call(v, ops);
    case OP_DEFER: case OP_DEFERIND:      /* j: the function's deferreturn code, where a */
        if (v->f->code[ops[2]] != OP_RUNDEFER)                           /* recovered panic resumes */
            return vfail(v, "defer's resume target %u is not a RUNDEFER", ops[2]);
        return verify_call(v, ops);
    case OP_PRINT:
        if (ops[2] > 3) return vfail(v, "print flags %u are not 0..3", ops[2]);
        break;
    case OP_GADDR:
        break;
    case OP_GETCTX:     /* the context register holds the func value only on entry */
        if (v->pc != 0) return vfail(v, "GETCTX is not the function's first instruction");
        break;
    default:
        break;
    }
    return true;
}

/* ---- functions ---- */

static bool verify_header(Verifier *v) {
    const FuncInfo *f = v->f;
    if (f->frame_size % 8 || f->results_size % 8 || f->args_size % 8)
        return vfail(v, "frame sizes %u/%u/%u are not multiples of 8", f->results_size, f->args_size, f->frame_size);
    if (f->results_size > f->args_size || f->args_size > f->frame_size)
        return vfail(v, "results %u, arguments %u and frame %u bytes do not nest", f->results_size,
                     f->args_size, f->frame_size);
    if ((uint64_t)f->zero_off + f->zero_size > f->frame_size)
        return vfail(v, "zeroed area [%u,+%u) outside the frame (size %u)", f->zero_off, f->zero_size, f->frame_size);
    if (v->m->nfiles && f->file >= v->m->nfiles)
        return vfail(v, "file index %u out of range (%u)", f->file, v->m->nfiles);
    for (uint32_t i = 0; i < f->nlines; i++)
        if ((f->ncode && f->lines[i].pc >= f->ncode) || (i && f->lines[i].pc < f->lines[i - 1].pc))
            return vfail(v, "line table entry %u (pc %u) out of order or outside the code", i, f->lines[i].pc);
    bool native = f->native_name || f->native;
    if (native && f->ncode) return vfail(v, "native function has %u words of code", f->ncode);
    if (!native && !f->ncode) return vfail(v, "function has no code");
    return true;
}

static bool verify_code(Verifier *v) {
    const FuncInfo *f = v->f;
    Opcode last = OP__COUNT;
    for (uint32_t pc = 0; pc < f->ncode;) {
        v->pc = pc;
        v->op = OP__COUNT;
        if (f->code[pc] >= OP__COUNT) return vfail(v, "pc %u: unknown opcode %u", pc, f->code[pc]);
        v->op = (Opcode)f->code[pc];
        uint32_t len = (uint32_t)op_length(v->op);
        if (len > f->ncode - pc) return vfail(v, "instruction runs past the end of the code");
        v->starts[pc] = 1;
        if (!verify_instr(v, f->code + pc + 1)) return false;
        last = v->op;
        pc += len;
    }
    v->op = OP__COUNT;
    if (!(op_info[last].flags & OPF_END))
        return vfail(v, "code ends with %s, which falls through", op_info[last].name);
    return true;
}

static bool verify_jumps(Verifier *v) {
    const FuncInfo *f = v->f;
    for (uint32_t pc = 0; pc < f->ncode; pc += (uint32_t)op_length((Opcode)f->code[pc])) {
        Opcode op = (Opcode)f->code[pc];
        const char *kinds = op_info[op].operands;
        for (int k = 0; kinds[k]; k++) {
            uint32_t to = f->code[pc + 1 + k];
            if (kinds[k] != 'j' || v->starts[to]) continue;
            v->pc = pc;
            v->op = op;
            return vfail(v, "jump target %u is not an instruction boundary", to);
        }
    }
    return true;
}

static bool verify_bit(const uint8_t *bits, uint32_t w) { return bits[w / 8] >> (w % 8) & 1; }

/* The pointer slots (StackMap.ptrwords, what GOLDEBUG=clobberdead poisons when a map leaves them
 * out): every map is a subset of them, they agree with every map on the results and params
 * (pointer words there are always live), and the others lie in the zeroed area, so a pointer
 * slot is nil until written. */
static bool verify_ptrwords(Verifier *v) {
    const FuncInfo *f = v->f;
    const StackMap *sm = &f->stackmap;
    if (sm->nwords != f->frame_size / 8)
        return vfail(v, "stack map covers %u words, the frame has %u", sm->nwords, f->frame_size / 8);
    size_t nbytes = (sm->nwords + 7) / 8;
    for (uint32_t w = 0; w < sm->nwords; w++) {
        bool ptr = verify_bit(sm->ptrwords, w);
        for (uint32_t k = 0; k < sm->nmaps; k++) {
            bool marked = verify_bit(sm->bits + k * nbytes, w);
            if (marked && !ptr) return vfail(v, "stack map %u marks word @%u, which is not a pointer slot", k, 8 * w);
            if (8 * w < f->args_size && marked != ptr)
                return vfail(v, "stack map %u leaves out pointer word @%u of the results and params", k, 8 * w);
        }
        if (ptr && 8 * w >= f->args_size && (8 * w < f->zero_off || 8 * w + 8 > f->zero_off + f->zero_size))
            return vfail(v, "pointer slot @%u is outside the zeroed area [%u,%u)", 8 * w, f->zero_off,
                         f->zero_off + f->zero_size);
    }
    return true;
}

static bool verify_stackmap(Verifier *v) {
    const FuncInfo *f = v->f;
    const StackMap *sm = &f->stackmap;
    if (sm->npcs && sm->nwords != f->frame_size / 8)
        return vfail(v, "stack map covers %u words, the frame has %u", sm->nwords, f->frame_size / 8);
    for (uint32_t i = 0; i < sm->npcs; i++) {
        uint32_t pc = sm->pcs[i];
        if (pc >= f->ncode || !v->starts[pc])
            return vfail(v, "stack map pc %u is not an instruction", pc);
        if (i && pc <= sm->pcs[i - 1]) return vfail(v, "stack map pcs are not ascending at %u", pc);
        if (!op_has_map(f->code, pc))
            return vfail(v, "stack map at pc %u, which is not a safepoint (%s)", pc, op_info[f->code[pc]].name);
        if (sm->map_index[i] >= sm->nmaps)
            return vfail(v, "stack map pc %u names map %u of %u", pc, sm->map_index[i], sm->nmaps);
    }
    if (sm->ptrwords && !verify_ptrwords(v)) return false;
    for (uint32_t pc = 0, i = 0; pc < f->ncode; pc += (uint32_t)op_length((Opcode)f->code[pc])) {
        if (!(op_info[f->code[pc]].flags & OPF_SP)) continue;     /* hand-built modules may leave
                                                                  the panic points out */
        while (i < sm->npcs && sm->pcs[i] < pc) i++;
        if (i == sm->npcs || sm->pcs[i] != pc) {
            v->pc = pc;
            v->op = (Opcode)f->code[pc];
            return vfail(v, "safepoint without a stack map");
        }
    }
    return true;
}

static bool verify_func(Verifier *v, const FuncInfo *f) {
    v->f = f;
    v->op = OP__COUNT;
    if (!verify_header(v)) return false;
    if (!f->ncode) return true;
    v->starts = calloc(f->ncode, 1);
    if (!v->starts) return vfail(v, "out of memory");
    bool ok = verify_code(v) && verify_jumps(v) && verify_stackmap(v);
    free(v->starts);
    v->starts = NULL;
    return ok;
}

/* ---- types and the module ---- */

static bool verify_typeref(const Module *m, const TypeDesc *t) {
    return t == NULL || (t >= m->types && t < m->types + m->ntypes);
}

/* The size every value of a kind has (0: depends on the type: arrays, structs). */
static int64_t verify_kind_size(GolKind k) {
    switch (k) {
    case K_BOOL: case K_INT8: case K_UINT8: return 1;
    case K_INT16: case K_UINT16: return 2;
    case K_INT32: case K_UINT32: case K_FLOAT32: return 4;
    case K_INT: case K_INT64: case K_UINT: case K_UINT64: case K_UINTPTR: case K_FLOAT64:
    case K_CHAN: case K_FUNC: case K_MAP: case K_POINTER: case K_UNSAFEPOINTER: return 8;
    case K_STRING: case K_INTERFACE: case K_COMPLEX128: return 16;
    case K_COMPLEX64: return 8;
    case K_SLICE: return 24;
    default: return 0;
    }
}

/* What the runtime relies on when it reads a value through its descriptor: the size its kind
 * implies, an element type where the kind has one, fields inside the struct. */
static bool verify_type_shape(Verifier *v, uint32_t i, const TypeDesc *t) {
    const char *name = t->name ? t->name : "?";
    int64_t ks = verify_kind_size(t->kind);
    if (t->kind == K_INVALID || t->kind > K_UNSAFEPOINTER)
        return vfail(v, "type %u (%s): invalid kind %d", i, name, (int)t->kind);
    if (ks && t->size != ks)
        return vfail(v, "type %u (%s): size %lld, but values of its kind have %lld bytes", i, name,
                     (long long)t->size, (long long)ks);
    bool needs_elem = t->kind == K_ARRAY || t->kind == K_SLICE || t->kind == K_POINTER ||
                      t->kind == K_CHAN || t->kind == K_MAP;
    if (needs_elem && !t->elem) return vfail(v, "type %u (%s): no element type", i, name);
    if (t->kind == K_ARRAY &&
        (t->len < 0 || (t->elem->size && t->len > INT64_MAX / t->elem->size) || t->len * t->elem->size != t->size))
        return vfail(v, "type %u (%s): array of %lld elements has size %lld", i, name,
                     (long long)t->len, (long long)t->size);
    if (t->kind == K_STRUCT)
        for (uint32_t k = 0; k < t->nfields; k++) {
            const TypeField *fl = &t->fields[k];
            if (!fl->type || fl->offset < 0 || fl->offset > t->size || fl->type->size > t->size - fl->offset)
                return vfail(v, "type %u (%s): field %u outside the struct", i, name, k);
        }
    return true;
}

static bool verify_types(Verifier *v) {
    const Module *m = v->m;
    for (uint32_t i = 0; i < m->ntypes; i++) {
        const TypeDesc *t = &m->types[i];
        if (t->size < 0 || t->ptrdata < 0 || t->ptrdata > t->size || t->ptrdata % 8 ||
            (t->ptrdata && !t->ptrmask))
            return vfail(v, "type %u (%s): bad size %lld or pointer data %lld", i, t->name ? t->name : "?",
                         (long long)t->size, (long long)t->ptrdata);
        if (!verify_typeref(m, t->elem) || !verify_typeref(m, t->key))
            return vfail(v, "type %u (%s): element type outside the module", i, t->name ? t->name : "?");
        for (uint32_t k = 0; k < t->nfields; k++)
            if (!t->fields || !verify_typeref(m, t->fields[k].type))
                return vfail(v, "type %u (%s): field %u type outside the module", i, t->name ? t->name : "?", k);
        for (uint32_t k = 0; k < t->nmethods; k++)
            if (!t->methods || (t->kind != K_INTERFACE && (t->methods[k].func >= m->nfuncs || t->methods[k].ifn >= m->nfuncs)) ||
                !verify_typeref(m, t->methods[k].mtype) ||
                (t->methods[k].mtype && t->methods[k].mtype->kind != K_FUNC) ||
                ((t->methods[k].deref || t->methods[k].nil_panics) && t->kind != K_POINTER))
                return vfail(v, "type %u (%s): method %u out of range", i, t->name ? t->name : "?", k);
    }
    for (uint32_t i = 0; i < m->ntypes; i++)     /* after every reference is known to be inside */
        if (!verify_type_shape(v, i, &m->types[i])) return false;
    return true;
}

bool module_verify(const Module *m, char *err, size_t errlen) {
    Verifier v = { .m = m, .op = OP__COUNT, .err = err, .errlen = errlen };
    if (m->globals_size < 0 || m->globals_size % 8)
        return vfail(&v, "globals size %lld is not a multiple of 8", (long long)m->globals_size);
    if (m->entry >= m->nfuncs) return vfail(&v, "entry function %u out of range (%u)", m->entry, m->nfuncs);
    if (m->main_func >= m->nfuncs) return vfail(&v, "main function %u out of range (%u)", m->main_func, m->nfuncs);
    const FuncInfo *e = &m->funcs[m->entry];
    if (e->native_name || e->native || e->args_size != 0)
        return vfail(&v, "entry function %s must be bytecode without arguments", e->name ? e->name : "?");
    if (!verify_types(&v)) return false;
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (!verify_func(&v, &m->funcs[i])) return false;
    return true;
}
