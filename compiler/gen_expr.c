/* compiler/gen_expr.c — expressions: values into frame slots, conditions into jumps.
 *
 * gen_expr(g, e, dst) computes e. With dst >= 0 the value lands in dst; with dst < 0 the
 * generator picks the cheapest home and returns it: a variable's own slot (no move at all),
 * a fresh temporary, or — for a call's result — the callee's result slot in the outgoing area.
 * Such a "volatile" slot dies at the next call, so an operand that must survive the evaluation
 * of a later operand containing a call is made stable first (gen_expr_stable).
 *
 * Values are in register form in slots (vm/opcodes.h): integers extended to 64 bits, so after
 * arithmetic on a narrow type the result is re-normalised (gen_normalize), which is exactly Go's
 * wrap-around; float32 values are float64s rounded after each operation.
 *
 * Addressable expressions are first turned into a Loc (gen_lvalue): a frame slot, a byte range
 * inside a frame aggregate, memory through a pointer, or a not-yet-addressed array/slice element.
 * gen_load/gen_store then pick the instruction for the type: FLD/FST for narrow fields of frame
 * aggregates, LD/ST through pointers, COPY/LD_N/ST_N for aggregates, and the SLICE_LD/ST fast
 * forms for 1- and 8-byte slice elements.
 *
 * Conditions (gen_cond) never materialise a bool when they can branch: `i < n` becomes one
 * JLT_I, `x == 3` a JEQI, && and || become jump chains.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"
#include "lang/grammar.h"

#define E(op, ...) gen_emit(g, OP_##op, __VA_ARGS__)
#define I(x) ((int64_t)(x))

/* ==== small predicates ==== */

static bool gen_is_scalar(Type *u) {
    switch (u->kind) {
    case TY_STRUCT: case TY_ARRAY: case TY_STRING: case TY_SLICE: case TY_INTERFACE:
    case TY_UNTYPED_STRING:
        return false;
    default:
        return true;
    }
}

static bool gen_is_float(Type *u) { return u->kind == TY_FLOAT32 || u->kind == TY_FLOAT64 || u->kind == TY_UNTYPED_FLOAT; }

static bool gen_is_unsigned(Type *u) {
    switch (u->kind) {
    case TY_UINT: case TY_UINT8: case TY_UINT16: case TY_UINT32: case TY_UINT64: case TY_UINTPTR:
        return true;
    default:
        return false;
    }
}

static bool gen_is_wide_unsigned(Type *u) {
    return u->kind == TY_UINT || u->kind == TY_UINT64 || u->kind == TY_UINTPTR;
}

static bool gen_const_i32(Node *e, int64_t *v) {
    if (!e || !e->cval) return false;
    if (e->cval->kind == CV_INT) {
        if (e->type && gen_is_float(gen_under(e->type))) return false;
        if (e->cval->i < INT32_MIN || e->cval->i > INT32_MAX) return false;
        *v = (int64_t)e->cval->i;
        return true;
    }
    if (e->cval->kind == CV_BOOL) { *v = e->cval->b; return true; }
    return false;
}

bool gen_is_nil(Node *e) {
    while (e && e->kind == N_PAREN) e = e->a;
    if (!e) return false;
    if (e->type && e->type->kind == TY_UNTYPED_NIL) return true;
    return e->kind == N_IDENT && e->obj && e->obj->kind == OBJ_NIL;
}

/* May evaluating e reach a call or an allocation (a safepoint, or a clobbered outgoing area)? */
bool gen_may_call(Node *e) {
    if (!e || e->cval) return false;
    switch (e->kind) {
    case N_IDENT: case N_INTLIT: case N_FLOATLIT: case N_RUNELIT: case N_STRINGLIT:
        return false;
    case N_PAREN: case N_STAR:
        return gen_may_call(e->a);
    case N_SELECTOR:
        return e->aux == SEL_FIELD ? gen_may_call(e->a) : e->aux != SEL_PKG;
    case N_INDEX:
        return gen_may_call(e->a) || gen_may_call(e->b);
    case N_UNARY:
        if (e->op == TK_AND) return true;
        return gen_may_call(e->a);
    case N_BINARY:
        if (e->op == TK_PLUS && e->type && type_is_string(e->type)) return true;
        return gen_may_call(e->a) || gen_may_call(e->b);
    case N_SLICE:
        return gen_may_call(e->a) || gen_may_call(e->b) || gen_may_call(e->c) || gen_may_call(e->d);
    case N_COMPOSITE: {                 /* struct and array values are built in the frame */
        TypeKind k = e->type ? gen_under(e->type)->kind : TY_INVALID;
        if (k != TY_STRUCT && k != TY_ARRAY) return true;
        for (int i = 0; i < e->list.len; i++) if (gen_may_call(e->list.items[i])) return true;
        return false;
    }
    case N_KEYVALUE:
        return gen_may_call(e->b);
    case N_CALL:
        if (e->aux == CALL_BUILTIN && e->a->obj &&
            (e->a->obj->builtin == BI_LEN || e->a->obj->builtin == BI_CAP))
            return gen_may_call(e->list.items[0]);
        if (e->aux == CALL_CONV) {
            Type *to = gen_under(e->type), *from = e->list.len ? gen_under(e->list.items[0]->type) : NULL;
            if (from && gen_is_scalar(to) && gen_is_scalar(from)) return gen_may_call(e->list.items[0]);
            if (from && to->kind == from->kind && to->kind != TY_INTERFACE) return gen_may_call(e->list.items[0]);
        }
        return true;
    default:
        return true;
    }
}

/* Does evaluating e call a function (an observable side effect, unlike an allocation)? */
bool gen_has_call(Node *e) {
    if (!e || e->cval) return false;
    switch (e->kind) {
    case N_CALL:
        if (e->aux == CALL_BUILTIN || e->aux == CALL_CONV) {
            for (int i = 0; i < e->list.len; i++) if (gen_has_call(e->list.items[i])) return true;
            return false;
        }
        return true;
    case N_COMPOSITE:
        for (int i = 0; i < e->list.len; i++) if (gen_has_call(e->list.items[i])) return true;
        return false;
    case N_KEYVALUE:
        return gen_has_call(e->b);
    case N_FUNCLIT:
        return false;
    default:
        return gen_has_call(e->a) || gen_has_call(e->b) || gen_has_call(e->c) || gen_has_call(e->d);
    }
}

/* ==== moves, zero values, constants ==== */

void gen_move(Gen *g, int32_t dst, int32_t src, Type *t) {
    if (dst == src || dst < 0) return;
    int64_t n = type_size(t);
    Type *u = gen_under(t);
    if (gen_is_scalar(u)) n = 8;
    else n = (n + 7) / 8 * 8;
    if (n == 0) return;
    if (n == 8) E(MOV, I(dst), I(src));
    else if (n == 16) E(MOV2, I(dst), I(src));
    else if (n == 24) E(MOV3, I(dst), I(src));
    else E(COPY, I(dst), I(src), I(n));
}

void gen_zero(Gen *g, int32_t dst, Type *t) {
    Type *u = gen_under(t);
    int64_t n = gen_slot_size(t);
    if (gen_is_scalar(u)) E(LOADI, I(dst), I(0));
    else if (n > 0) E(ZERO, I(dst), I(n));
}

void gen_loadi64(Gen *g, int32_t dst, int64_t v) {
    if (v >= INT32_MIN && v <= INT32_MAX) E(LOADI, I(dst), I(v));
    else E(LOADK, I(dst), I(gen_const_u64(g, (uint64_t)v)));
}

static void gen_loadf(Gen *g, int32_t dst, double d) {
    uint64_t bits;
    memcpy(&bits, &d, 8);
    if (bits == 0) E(LOADI, I(dst), I(0));
    else E(LOADK, I(dst), I(gen_const_u64(g, bits)));
}

void gen_load_const(Gen *g, ConstVal *cv, Type *t, int32_t dst) {
    Type *u = gen_under(t);
    switch (cv->kind) {
    case CV_BOOL:
        E(LOADI, I(dst), I(cv->b ? 1 : 0));
        break;
    case CV_INT:
        if (gen_is_float(u)) {
            double d = (double)cv->i;
            if (u->kind == TY_FLOAT32) d = (float)d;
            gen_loadf(g, dst, d);
        } else {
            gen_loadi64(g, dst, (int64_t)(uint64_t)cv->i);
        }
        break;
    case CV_FLOAT:
        if (gen_is_float(u)) {
            double d = (double)cv->f;
            if (u->kind == TY_FLOAT32) d = (float)cv->f;
            gen_loadf(g, dst, d);
        } else {
            gen_loadi64(g, dst, (int64_t)cv->f);
        }
        break;
    case CV_STRING:
        E(LOADSTR, I(dst), I(gen_string_const(g, cv->s, cv->slen)));
        break;
    }
}

/* ==== normalisation of narrow results ==== */

void gen_normalize(Gen *g, int32_t d, Type *t) {
    switch (gen_under(t)->kind) {
    case TY_INT8:   E(SEXT8, I(d), I(d)); break;
    case TY_INT16:  E(SEXT16, I(d), I(d)); break;
    case TY_INT32:  E(SEXT32, I(d), I(d)); break;
    case TY_UINT8:  E(ZEXT8, I(d), I(d)); break;
    case TY_UINT16: E(ZEXT16, I(d), I(d)); break;
    case TY_UINT32: E(ZEXT32, I(d), I(d)); break;
    case TY_FLOAT32: E(ROUND_F32, I(d), I(d)); break;
    default: break;
    }
}

/* ==== locations: load and store ==== */

static Opcode gen_ld_op(Type *u) {
    switch (u->kind) {
    case TY_INT8: return OP_LD_I8;
    case TY_UINT8: case TY_BOOL: return OP_LD_U8;
    case TY_INT16: return OP_LD_I16;
    case TY_UINT16: return OP_LD_U16;
    case TY_INT32: return OP_LD_I32;
    case TY_UINT32: return OP_LD_U32;
    case TY_FLOAT32: return OP_LD_F32;
    default: return OP_LD_64;
    }
}

static Opcode gen_fld_op(Type *u) {
    switch (u->kind) {
    case TY_INT8: return OP_FLD_I8;
    case TY_UINT8: case TY_BOOL: return OP_FLD_U8;
    case TY_INT16: return OP_FLD_I16;
    case TY_UINT16: return OP_FLD_U16;
    case TY_INT32: return OP_FLD_I32;
    case TY_UINT32: return OP_FLD_U32;
    case TY_FLOAT32: return OP_FLD_F32;
    default: return OP_MOV;
    }
}

static Opcode gen_st_op(Type *u) {
    if (u->kind == TY_FLOAT32) return OP_ST_F32;
    switch (type_size(u)) {
    case 1: return OP_ST_8;
    case 2: return OP_ST_16;
    case 4: return OP_ST_32;
    default: return OP_ST_64;
    }
}

static Opcode gen_fst_op(Type *u) {
    if (u->kind == TY_FLOAT32) return OP_FST_F32;
    switch (type_size(u)) {
    case 1: return OP_FST_8;
    case 2: return OP_FST_16;
    case 4: return OP_FST_32;
    default: return OP_MOV;
    }
}

/* Address of a LOC_FIDX / LOC_SLICEEL element as a LOC_MEM. Emits no safepoint. */
Loc gen_loc_addr(Gen *g, Loc l) {
    if (l.kind == LOC_FIDX) {
        /* a frame address is kept in a scalar slot: the collector must never see it (it
         * dangles once a call moves the stack) */
        int64_t es = type_size(l.type);
        int32_t p = gen_temp(g, t_uintptr);
        E(FADDR, I(p), I(l.slot));
        if (es == 1) {
            E(ADD_I, I(p), I(p), I(l.idx));
        } else {
            int32_t t = gen_temp(g, t_int);
            E(MULI, I(t), I(l.idx), I(es));
            E(ADD_I, I(p), I(p), I(t));
        }
        return (Loc){ LOC_MEM, p, l.off, 0, l.type };
    }
    if (l.kind == LOC_SLICEEL) {
        int32_t p = gen_temp(g, type_pointer_to(l.type));
        E(SLICE_ADDR, I(p), I(l.slot), I(l.idx), I(type_size(l.type)));
        return (Loc){ LOC_MEM, p, l.off, 0, l.type };
    }
    if (l.kind == LOC_MAPEL) {      /* reading m[k] or a part of it (m[k].f): never a store */
        int32_t p = gen_temp(g, type_pointer_to(l.type));
        E(MAPACCESS, I(p), I(l.slot), I(l.idx), I(l.off));
        return (Loc){ LOC_MEM, p, 0, 0, l.type };
    }
    return l;
}

/* The value slot of m[k] for a store: MAPASSIGN inserts k (with a zero value) when absent. */
Loc gen_map_assign_loc(Gen *g, Loc l) {
    int32_t p = gen_temp(g, type_pointer_to(l.type));
    E(MAPASSIGN, I(p), I(l.slot), I(l.idx), I(l.off));
    return (Loc){ LOC_MEM, p, 0, 0, l.type };
}

/* A frame slot for an object escape analysis keeps in the frame (&T{...}, new, make, a slice
 * literal's array), zeroed here. It holds pointers reachable only through its address, so the
 * stack maps mark it at every safepoint (gen_stackmap.c). */
int32_t gen_frame_object(Gen *g, Type *t) {
    int32_t q = gen_local(g, t);
    gen_addr_slot(g, q, t);
    gen_zero(g, q, t);
    return q;
}

int32_t gen_pointer_of(Gen *g, Loc *l) {
    Loc m = gen_loc_addr(g, *l);
    if (m.kind == LOC_SLOT || m.kind == LOC_FRAME) {    /* a frame-resident variable */
        int32_t p = gen_temp(g, type_pointer_to(m.type));
        E(FADDR, I(p), I(m.slot));
        return p;
    }
    if (m.kind != LOC_MEM) return NO_SLOT;
    if (m.off == 0) return m.slot;
    int32_t p = gen_temp(g, type_pointer_to(m.type));
    E(NILCHK, I(m.slot));
    E(ADDI, I(p), I(m.slot), I(m.off));
    return p;
}

int32_t gen_load(Gen *g, Loc *l, int32_t dst) {
    if (l->kind == LOC_BLANK) return NO_SLOT;
    Type *t = l->type, *u = gen_under(t);
    bool scalar = gen_is_scalar(u);
    int64_t size = type_size(t);
    switch (l->kind) {
    case LOC_BLANK:
        return NO_SLOT;
    case LOC_SLOT:
        if (dst < 0) return l->slot;
        gen_move(g, dst, l->slot, t);
        return dst;
    case LOC_FRAME:
        if (!scalar) {
            if (dst < 0) return l->slot;       /* aggregates: memory form is the slot form */
            if (size > 0) E(COPY, I(dst), I(l->slot), I(size));
            return dst;
        }
        if (gen_fld_op(u) == OP_MOV && dst < 0) return l->slot;
        if (dst < 0) dst = gen_temp(g, t);
        gen_emit(g, gen_fld_op(u), I(dst), I(l->slot));
        return dst;
    case LOC_SLICEEL:
        if (dst < 0) dst = gen_temp(g, t);
        if (scalar && size == 8 && l->off == 0) {
            E(SLICE_LD_64, I(dst), I(l->slot), I(l->idx));
            return dst;
        }
        if (scalar && size == 1 && l->off == 0) {
            E(SLICE_LD_U8, I(dst), I(l->slot), I(l->idx));
            if (u->kind == TY_INT8) E(SEXT8, I(dst), I(dst));
            return dst;
        }
        /* fall through */
    case LOC_FIDX: {
        Loc m = gen_loc_addr(g, *l);
        return gen_load(g, &m, dst);
    }
    case LOC_MAPEL: {
        Loc m = gen_loc_addr(g, *l);
        return gen_load(g, &m, dst);
    }
    case LOC_MEM:
        if (dst < 0) dst = gen_temp(g, t);
        if (scalar) gen_emit(g, gen_ld_op(u), I(dst), I(l->slot), I(l->off));
        else if (size > 0) E(LD_N, I(dst), I(l->slot), I(l->off), I(size));
        else E(NILCHK, I(l->slot));
        return dst;
    }
    return dst;
}

void gen_store(Gen *g, Loc *l, int32_t src) {
    if (l->kind == LOC_BLANK) return;
    Type *t = l->type, *u = gen_under(t);
    bool scalar = gen_is_scalar(u);
    int64_t size = type_size(t);
    switch (l->kind) {
    case LOC_BLANK:
        return;
    case LOC_SLOT:
        gen_move(g, l->slot, src, t);
        return;
    case LOC_FRAME:
        if (!scalar) { if (size > 0 && l->slot != src) E(COPY, I(l->slot), I(src), I(size)); return; }
        if (gen_fst_op(u) == OP_MOV) { if (l->slot != src) E(MOV, I(l->slot), I(src)); return; }
        gen_emit(g, gen_fst_op(u), I(l->slot), I(src));
        return;
    case LOC_SLICEEL:
        if (scalar && size == 8 && l->off == 0) {
            if (type_has_pointers(u)) E(SLICE_ST_PTR, I(l->slot), I(l->idx), I(src));
            else E(SLICE_ST_64, I(l->slot), I(l->idx), I(src));
            return;
        }
        if (scalar && size == 1 && l->off == 0) { E(SLICE_ST_8, I(l->slot), I(l->idx), I(src)); return; }
        /* fall through */
    case LOC_FIDX: {
        Loc m = gen_loc_addr(g, *l);
        gen_store(g, &m, src);
        return;
    }
    case LOC_MAPEL: {
        Loc m = gen_map_assign_loc(g, *l);
        gen_store(g, &m, src);
        return;
    }
    case LOC_MEM:      /* pointer-holding values go through the write barrier (runtime/mbarrier.c) */
        if (scalar && type_has_pointers(u)) E(ST_PTR, I(l->slot), I(l->off), I(src));
        else if (scalar) gen_emit(g, gen_st_op(u), I(l->slot), I(l->off), I(src));
        else if (size > 0 && type_has_pointers(t)) E(ST_TYPED, I(l->slot), I(l->off), I(src), I(gen_type_index(g, t)));
        else if (size > 0) E(ST_N, I(l->slot), I(l->off), I(src), I(size));
        else E(NILCHK, I(l->slot));
        return;
    }
}

/* ==== lvalues ==== */

static Field *gen_field_named(Type *st, const char *name, int *idx) {
    Type *u = gen_under(st);
    if (u->kind == TY_POINTER) u = gen_under(u->elem);
    for (int i = 0; i < u->nfields; i++)
        if (u->fields[i].name == name || (u->fields[i].name && name && strcmp(u->fields[i].name, name) == 0)) {
            if (idx) *idx = i;
            return &u->fields[i];
        }
    return NULL;
}

/* A sub-location `off` bytes into l, of type t. */
static Loc gen_loc_sub(Gen *g, Loc l, int64_t off, Type *t) {
    switch (l.kind) {
    case LOC_SLOT: case LOC_FRAME:
        return (Loc){ LOC_FRAME, l.slot + (int32_t)off, 0, 0, t };
    case LOC_MEM:
        return (Loc){ LOC_MEM, l.slot, l.off + off, 0, t };
    case LOC_FIDX: case LOC_SLICEEL: case LOC_MAPEL: {
        Loc m = gen_loc_addr(g, l);
        m.off += off;
        m.type = t;
        return m;
    }
    default:
        return l;
    }
}

static int32_t gen_index_slot(Gen *g, Node *b) {
    int32_t i = gen_expr(g, b, NO_SLOT);
    return i;
}

static Loc gen_loc_of(Gen *g, Node *e, bool need_addr);

/* The pointer operand of *p, p.f or p[i] (p a pointer to an array) on the left of an
 * assignment. In a tuple assignment (lv_stable) a variable's pointer is copied: in
 * `p, p.f = q, 4` the store to p.f goes through the p read before p was assigned. */
static int32_t gen_loc_pointer(Gen *g, Node *e) {
    int32_t p = gen_expr_stable(g, e);
    if (g->lv_stable && e->kind == N_IDENT) {
        int32_t t = gen_temp(g, e->type);
        E(MOV, I(t), I(p));
        p = t;
    }
    return p;
}

static Loc gen_loc_index(Gen *g, Node *e) {
    Type *at = gen_under(e->a->type);
    Type *et = e->type;
    if (at->kind == TY_SLICE) {
        int32_t s = gen_expr(g, e->a, NO_SLOT);
        if (gen_slot_is_volatile(s) || gen_may_call(e->b) || (g->lv_stable && e->a->kind == N_IDENT)) {
            int32_t t = gen_temp(g, e->a->type);
            gen_move(g, t, s, e->a->type);
            s = t;
        }
        int32_t i = gen_index_slot(g, e->b);
        if (gen_slot_is_volatile(i) || (g->lv_stable && e->b->kind == N_IDENT)) {
            int32_t t = gen_temp(g, t_int);
            E(MOV, I(t), I(i));
            i = t;
        }
        return (Loc){ LOC_SLICEEL, s, 0, i, et };
    }
    Loc base;
    int64_t len;
    if (at->kind == TY_POINTER) {
        int32_t p = gen_loc_pointer(g, e->a);
        base = (Loc){ LOC_MEM, p, 0, 0, at->elem };
        len = gen_under(at->elem)->len;
        int64_t ci;
        if (gen_const_i32(e->b, &ci)) {
            E(NILCHK, I(p));
            return (Loc){ LOC_MEM, p, ci * type_size(et), 0, et };
        }
    } else {
        base = gen_loc_of(g, e->a, false);
        len = at->len;
        int64_t ci;
        if (gen_const_i32(e->b, &ci)) return gen_loc_sub(g, base, ci * type_size(et), et);
    }
    int32_t i = gen_index_slot(g, e->b);
    int32_t ln = gen_temp(g, t_int);
    gen_loadi64(g, ln, len);
    if (gen_slot_is_volatile(i) || (g->lv_stable && e->b->kind == N_IDENT)) {
        int32_t t = gen_temp(g, t_int);
        E(MOV, I(t), I(i));
        i = t;
    }
    E(BOUNDS, I(i), I(ln));
    if (base.kind == LOC_SLOT || base.kind == LOC_FRAME)
        return (Loc){ LOC_FIDX, base.slot, 0, i, et };
    base = gen_loc_addr(g, base);
    int32_t p = gen_temp(g, type_pointer_to(et));
    E(NILCHK, I(base.slot));
    int64_t es = type_size(et);
    if (es == 1) {
        E(ADD_I, I(p), I(base.slot), I(i));
    } else {
        int32_t t = gen_temp(g, t_int);
        E(MULI, I(t), I(i), I(es));
        E(ADD_I, I(p), I(base.slot), I(t));
    }
    return (Loc){ LOC_MEM, p, base.off, 0, et };
}

/* m[k]: the map and the key in slots that nothing before the access can change: the key may be
 * read at a safepoint (MAPASSIGN), where the outgoing call area is not scanned. */
static Loc gen_loc_map(Gen *g, Node *e) {
    int32_t m = gen_expr(g, e->a, NO_SLOT);
    if (gen_slot_is_volatile(m) || gen_may_call(e->b) || (g->lv_stable && e->a->kind == N_IDENT)) {
        int32_t t = gen_temp(g, e->a->type);
        gen_move(g, t, m, e->a->type);
        m = t;
    }
    int32_t k = gen_expr(g, e->b, NO_SLOT);
    if (gen_slot_is_volatile(k) || (g->lv_stable && e->b->kind == N_IDENT)) {
        int32_t t = gen_temp(g, e->b->type);
        gen_move(g, t, k, e->b->type);
        k = t;
    }
    return (Loc){ LOC_MAPEL, m, gen_type_index(g, e->a->type), k, gen_under(e->a->type)->elem };
}

static Loc gen_loc_of(Gen *g, Node *e, bool need_addr) {
    switch (e->kind) {
    case N_PAREN:
        return gen_loc_of(g, e->a, need_addr);
    case N_IDENT: {
        Obj *v = e->obj;
        if (!v) return (Loc){ LOC_BLANK, NO_SLOT, 0, 0, e->type };
        if (v->kind != OBJ_VAR) break;
        if (v->vclass == VAR_GLOBAL) {
            int32_t p = gen_temp(g, type_pointer_to(v->type));
            E(GADDR, I(p), I(v->global_off));
            return (Loc){ LOC_MEM, p, 0, 0, v->type };
        }
        if (v->vclass == VAR_HEAP) return (Loc){ LOC_MEM, v->frame_off, 0, 0, v->type };
        return (Loc){ LOC_SLOT, v->frame_off, 0, 0, v->type };
    }
    case N_SELECTOR:
        if (e->aux == SEL_PKG && e->obj && e->obj->kind == OBJ_VAR) {
            Obj *v = e->obj;
            int32_t p = gen_temp(g, type_pointer_to(v->type));
            E(GADDR, I(p), I(v->global_off));
            return (Loc){ LOC_MEM, p, 0, 0, v->type };
        }
        if (e->aux == SEL_FIELD) {
            Field *f = gen_field_named(e->a->type, e->name, NULL);
            if (!f) {
                gen_error(g, e->pos, "internal error: no field %s", e->name);
                return (Loc){ LOC_SLOT, gen_temp(g, e->type), 0, 0, e->type };
            }
            if (gen_under(e->a->type)->kind == TY_POINTER) {
                int32_t p = gen_loc_pointer(g, e->a);
                return (Loc){ LOC_MEM, p, f->offset, 0, f->type };
            }
            Loc base = gen_loc_of(g, e->a, need_addr);
            return gen_loc_sub(g, base, f->offset, f->type);
        }
        break;
    case N_STAR: {
        int32_t p = gen_loc_pointer(g, e->a);
        return (Loc){ LOC_MEM, p, 0, 0, e->type };
    }
    case N_INDEX:
        if (gen_under(e->a->type)->kind == TY_MAP) return gen_loc_map(g, e);
        if (gen_under(e->a->type)->kind != TY_STRING) return gen_loc_index(g, e);
        break;
    default:
        break;
    }
    /* not addressable: the value itself, in a stable slot */
    int32_t v = gen_expr_stable(g, e);
    return (Loc){ LOC_SLOT, v, 0, 0, e->type };
}

Loc gen_lvalue(Gen *g, Node *e) {
    return gen_loc_of(g, e, true);
}

/* ==== comparisons ==== */

static bool gen_is_intlike(Type *u) {
    switch (u->kind) {
    case TY_BOOL: case TY_INT: case TY_INT8: case TY_INT16: case TY_INT32: case TY_INT64:
    case TY_UINT: case TY_UINT8: case TY_UINT16: case TY_UINT32: case TY_UINT64: case TY_UINTPTR:
    case TY_POINTER: case TY_UNSAFEPTR: case TY_MAP: case TY_CHAN: case TY_FUNC:
    case TY_UNTYPED_BOOL: case TY_UNTYPED_INT: case TY_UNTYPED_RUNE:
        return true;
    default:
        return false;
    }
}

static void gen_eq_jump(Gen *g, Type *t, int32_t a, int32_t b, int label_ne);

/* Element/field-wise equality of two frame aggregates; jumps to label_ne on a difference. */
static void gen_eq_fields(Gen *g, Type *u, int32_t a, int32_t b, int label_ne) {
    if (u->kind == TY_STRUCT) {
        for (int i = 0; i < u->nfields; i++) {
            Field *f = &u->fields[i];
            if (f->name && strcmp(f->name, "_") == 0) continue;
            gen_eq_jump(g, f->type, a + (int32_t)f->offset, b + (int32_t)f->offset, label_ne);
        }
    } else {
        int64_t es = type_size(u->elem);
        for (int64_t i = 0; i < u->len; i++)
            gen_eq_jump(g, u->elem, a + (int32_t)(i * es), b + (int32_t)(i * es), label_ne);
    }
}

/* a, b: memory-form values in the frame. */
static void gen_eq_jump(Gen *g, Type *t, int32_t a, int32_t b, int label_ne) {
    Type *u = gen_under(t);
    int mark = gen_temps_mark(g);
    if (u->kind == TY_STRUCT || u->kind == TY_ARRAY) {
        if (type_size(t) == 0) return;
        gen_eq_fields(g, u, a, b, label_ne);
    } else if (gen_is_scalar(u)) {
        Loc la = { LOC_FRAME, a, 0, 0, t }, lb = { LOC_FRAME, b, 0, 0, t };
        int32_t x = gen_load(g, &la, NO_SLOT), y = gen_load(g, &lb, NO_SLOT);
        if (gen_is_float(u)) {
            int32_t r = gen_temp(g, t_bool);
            E(EQ_F, I(r), I(x), I(y));
            E(JF, I(r), I(label_ne));
        } else {
            E(JNE_I, I(x), I(y), I(label_ne));
        }
    } else {
        int32_t r = gen_temp(g, t_bool);
        if (u->kind == TY_STRING) E(EQ_STR, I(r), I(a), I(b));
        else gen_eq_iface(g, t, r, a, b);
        E(JF, I(r), I(label_ne));
    }
    gen_temps_release(g, mark);
}

static bool gen_regular(Type *t) {
    Type *u = gen_under(t);
    switch (u->kind) {
    case TY_FLOAT32: case TY_FLOAT64: case TY_STRING: case TY_INTERFACE: return false;
    case TY_ARRAY: return gen_regular(u->elem);
    case TY_STRUCT: {
        int64_t end = 0;
        for (int i = 0; i < u->nfields; i++) {
            Field *f = &u->fields[i];
            if (f->offset != end || !gen_regular(f->type)) return false;
            if (f->name && strcmp(f->name, "_") == 0) return false;
            end = f->offset + type_size(f->type);
        }
        return end == type_size(u);
    }
    default: return true;
    }
}

/* dst = a <op> b for operands of type t already in slots. */
void gen_compare(Gen *g, int op, Type *t, int32_t a, int32_t b, int32_t dst) {
    Type *u = gen_under(t);
    bool swap = op == TK_GTR || op == TK_GEQ;
    int32_t x = swap ? b : a, y = swap ? a : b;
    bool le = op == TK_LEQ || op == TK_GEQ;
    if (gen_is_intlike(u)) {
        bool uns = gen_is_unsigned(u);
        switch (op) {
        case TK_EQL: E(EQ_I, I(dst), I(a), I(b)); return;
        case TK_NEQ: E(NE_I, I(dst), I(a), I(b)); return;
        default:
            if (uns) gen_emit(g, le ? OP_LE_U : OP_LT_U, I(dst), I(x), I(y));
            else gen_emit(g, le ? OP_LE_I : OP_LT_I, I(dst), I(x), I(y));
            return;
        }
    }
    if (gen_is_float(u)) {
        switch (op) {
        case TK_EQL: E(EQ_F, I(dst), I(a), I(b)); return;
        case TK_NEQ: E(NE_F, I(dst), I(a), I(b)); return;
        default: gen_emit(g, le ? OP_LE_F : OP_LT_F, I(dst), I(x), I(y)); return;
        }
    }
    if (u->kind == TY_STRING) {
        switch (op) {
        case TK_EQL: E(EQ_STR, I(dst), I(a), I(b)); return;
        case TK_NEQ: E(NE_STR, I(dst), I(a), I(b)); return;
        default: gen_emit(g, le ? OP_LE_STR : OP_LT_STR, I(dst), I(x), I(y)); return;
        }
    }
    if (u->kind == TY_INTERFACE) {
        gen_eq_iface(g, t, dst, a, b);
        if (op == TK_NEQ) E(NOT, I(dst), I(dst));
        return;
    }
    if (u->kind == TY_SLICE) {          /* only against nil: the data word */
        int32_t z = gen_temp(g, t_int);
        E(LOADI, I(z), I(0));
        gen_emit(g, op == TK_EQL ? OP_EQ_I : OP_NE_I, I(dst), I(a), I(z));
        return;
    }
    /* structs and arrays */
    if (gen_regular(t)) {
        E(EQ_MEM, I(dst), I(a), I(b), I(type_size(t)));
        if (op == TK_NEQ) E(NOT, I(dst), I(dst));
        return;
    }
    int ne = gen_label_new(g), end = gen_label_new(g);
    gen_eq_jump(g, t, a, b, ne);
    E(LOADI, I(dst), I(op == TK_EQL ? 1 : 0));
    E(JMP, I(end));
    gen_label_bind(g, ne);
    E(LOADI, I(dst), I(op == TK_EQL ? 0 : 1));
    gen_label_bind(g, end);
}

static bool gen_is_compare_op(int op) {
    return op == TK_EQL || op == TK_NEQ || op == TK_LSS || op == TK_LEQ || op == TK_GTR || op == TK_GEQ;
}

static int gen_negate_cmp(int op) {
    switch (op) {
    case TK_EQL: return TK_NEQ;
    case TK_NEQ: return TK_EQL;
    case TK_LSS: return TK_GEQ;
    case TK_LEQ: return TK_GTR;
    case TK_GTR: return TK_LEQ;
    default:     return TK_LSS;   /* TK_GEQ */
    }
}

/* Evaluates a for an operation whose other operand b comes later: stable if b may call. */
int32_t gen_operand(Gen *g, Node *a, Node *later) {
    Node *ua = a;
    while (ua->kind == N_PAREN) ua = ua->a;
    if (later && (ua->flags & NF_MAPINDEX) && !gen_may_call(a) && gen_may_call(later)) {
        /* m[k] + f(): Go makes the calls first, then reads the map (f's writes to m are seen).
         * `later` is computed now and stands for its slot from here on. */
        int32_t t = gen_temp(g, later->type);
        gen_expr(g, later, t);
        Pos pos = later->pos;
        Type *lt = later->type;
        memset(later, 0, sizeof *later);
        later->kind = N_EMPTY;
        later->slot = t;
        later->type = lt;
        later->pos = pos;
    }
    int32_t s = gen_expr(g, a, NO_SLOT);
    if (gen_slot_is_volatile(s) && later && gen_may_call(later)) {
        int32_t t = gen_temp(g, a->type);
        gen_move(g, t, s, a->type);
        s = t;
    }
    return s;
}

/* A comparison with nil of a slice, map, func, pointer or interface: its first word against 0. */
static bool gen_nil_compare_operand(Node *e, Node **other) {
    if (gen_is_nil(e->b)) { *other = e->a; return true; }
    if (gen_is_nil(e->a)) { *other = e->b; return true; }
    return false;
}

/* Jump to label when `a op b` (integer-like operands) holds; immediate forms for constants. */
static void gen_int_cmp_jump(Gen *g, int op, Type *t, Node *an, Node *bn, int32_t a_slot, int label) {
    Type *u = gen_under(t);
    int64_t c;
    bool uns = gen_is_unsigned(u);
    if (gen_const_i32(bn, &c) && (!uns || (!gen_is_wide_unsigned(u) && c >= 0))) {
        int32_t a = a_slot >= 0 ? a_slot : gen_expr(g, an, NO_SLOT);
        Opcode o;
        switch (op) {
        case TK_EQL: o = OP_JEQI; break;
        case TK_NEQ: o = OP_JNEI; break;
        case TK_LSS: o = OP_JLTI; break;
        case TK_LEQ: o = OP_JLEI; break;
        case TK_GTR: o = OP_JGTI; break;
        default:     o = OP_JGEI; break;
        }
        gen_emit(g, o, I(a), I(c), I(label));
        return;
    }
    int32_t a = a_slot >= 0 ? a_slot : gen_operand(g, an, bn);
    int32_t b = gen_expr(g, bn, NO_SLOT);
    switch (op) {
    case TK_EQL: E(JEQ_I, I(a), I(b), I(label)); return;
    case TK_NEQ: E(JNE_I, I(a), I(b), I(label)); return;
    case TK_LSS: gen_emit(g, uns ? OP_JLT_U : OP_JLT_I, I(a), I(b), I(label)); return;
    case TK_LEQ: gen_emit(g, uns ? OP_JLE_U : OP_JLE_I, I(a), I(b), I(label)); return;
    case TK_GTR: gen_emit(g, uns ? OP_JLT_U : OP_JLT_I, I(b), I(a), I(label)); return;
    default:     gen_emit(g, uns ? OP_JLE_U : OP_JLE_I, I(b), I(a), I(label)); return;
    }
}

void gen_cond(Gen *g, Node *e, bool jump_if, int label) {
    while (e->kind == N_PAREN) e = e->a;
    gen_set_line(g, e->pos);
    if (e->cval && e->cval->kind == CV_BOOL) {
        if (e->cval->b == jump_if) E(JMP, I(label));
        return;
    }
    int mark = gen_temps_mark(g);
    if (e->kind == N_UNARY && e->op == TK_NOT) {
        gen_cond(g, e->a, !jump_if, label);
        return;
    }
    if (e->kind == N_BINARY && (e->op == TK_LAND || e->op == TK_LOR)) {
        bool is_and = e->op == TK_LAND;
        if (is_and != jump_if) {            /* && jumping on false, || jumping on true */
            gen_cond(g, e->a, jump_if, label);
            gen_cond(g, e->b, jump_if, label);
        } else {
            int skip = gen_label_new(g);
            gen_cond(g, e->a, !jump_if, skip);
            gen_cond(g, e->b, jump_if, label);
            gen_label_bind(g, skip);
        }
        return;
    }
    if (e->kind == N_BINARY && gen_is_compare_op(e->op)) {
        Type *t = e->a->type;
        Node *other;
        int op = jump_if ? e->op : gen_negate_cmp(e->op);
        if ((op == TK_EQL || op == TK_NEQ) && gen_nil_compare_operand(e, &other)) {
            int32_t s = gen_expr(g, other, NO_SLOT);
            gen_emit(g, op == TK_EQL ? OP_JEQI : OP_JNEI, I(s), I(0), I(label));
            gen_temps_release(g, mark);
            return;
        }
        if (gen_is_intlike(gen_under(t))) {
            gen_int_cmp_jump(g, op, t, e->a, e->b, NO_SLOT, label);
            gen_temps_release(g, mark);
            return;
        }
        if (gen_is_float(gen_under(t)) && jump_if && (op == TK_LSS || op == TK_LEQ || op == TK_GTR || op == TK_GEQ)) {
            int32_t a = gen_operand(g, e->a, e->b);
            int32_t b = gen_expr(g, e->b, NO_SLOT);
            bool sw = op == TK_GTR || op == TK_GEQ;
            bool le = op == TK_LEQ || op == TK_GEQ;
            gen_emit(g, le ? OP_JLE_F : OP_JLT_F, I(sw ? b : a), I(sw ? a : b), I(label));
            gen_temps_release(g, mark);
            return;
        }
    }
    int32_t v = gen_expr(g, e, NO_SLOT);
    gen_emit(g, jump_if ? OP_JT : OP_JF, I(v), I(label));
    gen_temps_release(g, mark);
}

/* ==== binary and unary operators ==== */

static int32_t gen_dst(Gen *g, int32_t dst, Type *t) {
    return dst >= 0 ? dst : gen_temp(g, t);
}

static int32_t gen_bool_value(Gen *g, Node *e, int32_t dst) {
    int32_t d = gen_dst(g, dst, t_bool);
    int no = gen_label_new(g), end = gen_label_new(g);
    gen_cond(g, e, false, no);
    E(LOADI, I(d), I(1));
    E(JMP, I(end));
    gen_label_bind(g, no);
    E(LOADI, I(d), I(0));
    gen_label_bind(g, end);
    return d;
}

static int32_t gen_shift(Gen *g, Node *e, int32_t dst) {
    Type *t = e->type, *u = gen_under(t);
    bool left = e->op == TK_SHL;
    bool uns = gen_is_unsigned(u);
    int64_t c;
    int32_t a = gen_operand(g, e->a, e->b);
    int32_t d = gen_dst(g, dst, t);
    if (e->b->cval && e->b->cval->kind == CV_INT) {
        __int128 cc = e->b->cval->i;
        c = cc > 64 ? 64 : (int64_t)cc;
        if (c >= 64) {
            if (left || uns) E(LOADI, I(d), I(0));
            else E(SHRI_I, I(d), I(a), I(63));
        } else if (c == 0) {
            gen_move(g, d, a, t);
        } else if (left) {
            E(SHLI, I(d), I(a), I(c));
        } else {
            gen_emit(g, uns ? OP_SHRI_U : OP_SHRI_I, I(d), I(a), I(c));
        }
    } else {
        int32_t b = gen_expr(g, e->b, NO_SLOT);
        if (!gen_is_unsigned(gen_under(e->b->type))) E(SHIFTCHK, I(b));
        if (left) E(SHL, I(d), I(a), I(b));
        else gen_emit(g, uns ? OP_SHR_U : OP_SHR_I, I(d), I(a), I(b));
    }
    if (left) gen_normalize(g, d, t);
    return d;
}

static int32_t gen_arith(Gen *g, Node *e, int32_t dst) {
    Type *t = e->type, *u = gen_under(t);
    int op = e->op;
    if (op == TK_SHL || op == TK_SHR) return gen_shift(g, e, dst);
    if (u->kind == TY_STRING) {
        int32_t a = gen_operand(g, e->a, e->b);
        int32_t b = gen_expr(g, e->b, NO_SLOT);
        int32_t d = gen_dst(g, dst, t);
        E(CONCAT, I(d), I(a), I(b));
        return d;
    }
    bool fl = gen_is_float(u), uns = gen_is_unsigned(u);
    int64_t c;
    if (!fl && (op == TK_PLUS || op == TK_MINUS || op == TK_STAR || op == TK_AND) && gen_const_i32(e->b, &c) &&
        !(op == TK_MINUS && c == INT32_MIN)) {
        int32_t a = gen_expr(g, e->a, NO_SLOT);
        int32_t d = gen_dst(g, dst, t);
        if (op == TK_PLUS) E(ADDI, I(d), I(a), I(c));
        else if (op == TK_MINUS) E(ADDI, I(d), I(a), I(-c));
        else if (op == TK_STAR) E(MULI, I(d), I(a), I(c));
        else E(ANDI, I(d), I(a), I(c));
        if (op != TK_AND) gen_normalize(g, d, t);
        return d;
    }
    if (!fl && (op == TK_PLUS || op == TK_STAR) && gen_const_i32(e->a, &c)) {
        int32_t b = gen_expr(g, e->b, NO_SLOT);
        int32_t d = gen_dst(g, dst, t);
        gen_emit(g, op == TK_PLUS ? OP_ADDI : OP_MULI, I(d), I(b), I(c));
        gen_normalize(g, d, t);
        return d;
    }
    int32_t a = gen_operand(g, e->a, e->b);
    int32_t b = gen_expr(g, e->b, NO_SLOT);
    int32_t d = gen_dst(g, dst, t);
    Opcode o = OP_NOP;
    bool norm = false;
    switch (op) {
    case TK_PLUS:    o = fl ? OP_ADD_F : OP_ADD_I; norm = true; break;
    case TK_MINUS:   o = fl ? OP_SUB_F : OP_SUB_I; norm = true; break;
    case TK_STAR:    o = fl ? OP_MUL_F : OP_MUL_I; norm = true; break;
    case TK_SLASH:   o = fl ? OP_DIV_F : uns ? OP_DIV_U : OP_DIV_I; norm = fl || !uns; break;
    case TK_PERCENT: o = uns ? OP_REM_U : OP_REM_I; break;
    case TK_AND:     o = OP_AND; break;
    case TK_OR:      o = OP_OR; break;
    case TK_XOR:     o = OP_XOR; break;
    case TK_ANDNOT:  o = OP_ANDNOT; break;
    default:
        gen_error(g, e->pos, "internal error: unexpected binary operator");
        return d;
    }
    gen_emit(g, o, I(d), I(a), I(b));
    if (norm) gen_normalize(g, d, t);
    return d;
}

static int32_t gen_binary(Gen *g, Node *e, int32_t dst) {
    int op = e->op;
    if (op == TK_LAND || op == TK_LOR) return gen_bool_value(g, e, dst);
    if (gen_is_compare_op(op)) {
        Node *other;
        if ((op == TK_EQL || op == TK_NEQ) && gen_nil_compare_operand(e, &other)) {
            int32_t s = gen_expr(g, other, NO_SLOT);
            int32_t z = gen_temp(g, t_int);
            E(LOADI, I(z), I(0));
            int32_t d = gen_dst(g, dst, t_bool);
            gen_emit(g, op == TK_EQL ? OP_EQ_I : OP_NE_I, I(d), I(s), I(z));
            return d;
        }
        Type *t = e->a->type;
        int32_t a = gen_operand(g, e->a, e->b);
        int32_t b = gen_expr(g, e->b, NO_SLOT);
        int32_t d = gen_dst(g, dst, t_bool);
        gen_compare(g, op, t, a, b, d);
        return d;
    }
    return gen_arith(g, e, dst);
}

static int32_t gen_addr_of(Gen *g, Node *e, int32_t dst);

static int32_t gen_unary(Gen *g, Node *e, int32_t dst) {
    Type *t = e->type, *u = gen_under(t);
    switch (e->op) {
    case TK_AND:
        return gen_addr_of(g, e->a, dst);
    case TK_PLUS:
        return gen_expr(g, e->a, dst);
    case TK_NOT: {
        int32_t a = gen_expr(g, e->a, NO_SLOT);
        int32_t d = gen_dst(g, dst, t);
        E(NOT, I(d), I(a));
        return d;
    }
    case TK_MINUS: {
        int32_t a = gen_expr(g, e->a, NO_SLOT);
        int32_t d = gen_dst(g, dst, t);
        if (gen_is_float(u)) E(NEG_F, I(d), I(a));
        else { E(NEG_I, I(d), I(a)); gen_normalize(g, d, t); }
        return d;
    }
    case TK_XOR: {
        int32_t a = gen_expr(g, e->a, NO_SLOT);
        int32_t d = gen_dst(g, dst, t);
        E(COM, I(d), I(a));
        if (gen_is_unsigned(u)) gen_normalize(g, d, t);
        return d;
    }
    case TK_ARROW: {                           /* <-c: runtime/chan.c chan_recv */
        int32_t c = gen_expr(g, e->a, NO_SLOT);
        int32_t d = gen_dst(g, dst, t);
        E(CHANRECV, I(d), I(c), I(gen_type_index(g, t)));
        return d;
    }
    default:
        gen_error(g, e->pos, "operator not supported yet");
        return gen_dst(g, dst, t);
    }
}

/* &x: a heap variable's cell, a global's address, a field or element in the heap, &T{...}. */
static int32_t gen_addr_of(Gen *g, Node *x, int32_t dst) {
    while (x->kind == N_PAREN) x = x->a;
    Type *pt = type_pointer_to(x->type);
    if (x->kind == N_COMPOSITE && escape_on_stack(x)) {     /* &T{...} that does not escape */
        int32_t q = gen_frame_object(g, x->type);
        Loc at = { LOC_FRAME, q, 0, 0, x->type };
        gen_composite_into(g, x, &at);
        int32_t p = gen_dst(g, dst, pt);
        E(FADDR, I(p), I(q));
        return p;
    }
    if (x->kind == N_COMPOSITE) {
        int32_t p = gen_dst(g, dst, pt);
        int32_t q = gen_temp(g, pt);
        E(NEW, I(q), I(gen_type_index(g, x->type)));
        Loc at = { LOC_MEM, q, 0, 0, x->type };
        gen_composite_into(g, x, &at);
        gen_move(g, p, q, pt);
        return p;
    }
    if (x->kind == N_IDENT && x->obj && x->obj->kind == OBJ_VAR) {
        Obj *v = x->obj;
        if (v->vclass == VAR_HEAP) {
            if (dst < 0) return v->frame_off;
            E(MOV, I(dst), I(v->frame_off));
            return dst;
        }
        if (v->vclass == VAR_GLOBAL) {
            int32_t d = gen_dst(g, dst, pt);
            E(GADDR, I(d), I(v->global_off));
            return d;
        }
        int32_t d = gen_dst(g, dst, pt);          /* kept in the frame by escape analysis */
        E(FADDR, I(d), I(v->frame_off));
        return d;
    }
    if (x->kind == N_SELECTOR && x->aux == SEL_PKG && x->obj && x->obj->kind == OBJ_VAR) {
        int32_t d = gen_dst(g, dst, pt);
        E(GADDR, I(d), I(x->obj->global_off));
        return d;
    }
    Loc l = gen_lvalue(g, x);
    if (l.kind == LOC_SLICEEL && l.off == 0) {      /* &s[i]: straight into the destination */
        int32_t d = gen_dst(g, dst, pt);
        E(SLICE_ADDR, I(d), I(l.slot), I(l.idx), I(type_size(l.type)));
        return d;
    }
    Loc m = gen_loc_addr(g, l);
    if (m.kind == LOC_SLOT || m.kind == LOC_FRAME) {     /* inside a frame-resident variable */
        int32_t d = gen_dst(g, dst, pt);
        E(FADDR, I(d), I(m.slot));
        return d;
    }
    if (m.kind != LOC_MEM) {
        gen_error(g, x->pos, "internal error: address of a value that is not addressable");
        return gen_dst(g, dst, pt);
    }
    int32_t d = gen_dst(g, dst, pt);
    E(NILCHK, I(m.slot));                       /* &*p, &p.f: a nil p panics, as in Go */
    if (m.off == 0) gen_move(g, d, m.slot, pt);
    else E(ADDI, I(d), I(m.slot), I(m.off));
    return d;
}

/* ==== index, slice ==== */

static int32_t gen_index(Gen *g, Node *e, int32_t dst) {
    Type *at = gen_under(e->a->type);
    if (at->kind == TY_STRING) {
        int32_t s = gen_operand(g, e->a, e->b);
        int32_t i = gen_expr(g, e->b, NO_SLOT);
        int32_t d = gen_dst(g, dst, e->type);
        E(STR_INDEX, I(d), I(s), I(i));
        return d;
    }
    if (at->kind == TY_MAP) {
        Loc l = gen_loc_map(g, e);
        return gen_load(g, &l, dst);
    }
    Loc l = gen_loc_index(g, e);
    return gen_load(g, &l, dst);
}

static int32_t gen_slice_bound(Gen *g, Node *b, int32_t dflt) {
    if (!b) return dflt;
    int32_t s = gen_expr(g, b, NO_SLOT);
    if (gen_slot_is_volatile(s)) { int32_t t = gen_temp(g, t_int); E(MOV, I(t), I(s)); s = t; }
    return s;
}

static int32_t gen_zero_slot(Gen *g) {
    int32_t z = gen_temp(g, t_int);
    E(LOADI, I(z), I(0));
    return z;
}

static int32_t gen_slice_expr(Gen *g, Node *e, int32_t dst) {
    Type *at = gen_under(e->a->type);
    bool later_calls = gen_may_call(e->b) || gen_may_call(e->c) || gen_may_call(e->d);
    if (at->kind == TY_STRING || at->kind == TY_SLICE) {
        int32_t s = gen_expr(g, e->a, NO_SLOT);
        if (gen_slot_is_volatile(s) || later_calls) {
            int32_t t = gen_temp(g, e->a->type);
            gen_move(g, t, s, e->a->type);
            s = t;
        }
        int32_t lo = gen_slice_bound(g, e->b, NO_SLOT);
        int32_t hi = gen_slice_bound(g, e->c, s + 8);
        if (lo == NO_SLOT) lo = gen_zero_slot(g);
        int32_t d = gen_dst(g, dst, e->type);
        if (at->kind == TY_STRING) {
            E(STR_SLICE, I(d), I(s), I(lo), I(hi));
        } else {
            int32_t mx = gen_slice_bound(g, e->d, s + 16);
            E(RESLICE, I(d), I(s), I(lo), I(hi), I(mx), I(type_size(at->elem)));
        }
        return d;
    }
    /* an array (addressable) or a pointer to an array */
    int32_t p;
    Type *arr;
    if (at->kind == TY_POINTER) {
        p = gen_expr_stable(g, e->a);
        arr = gen_under(at->elem);
    } else {
        Loc l = gen_lvalue(g, e->a);
        p = gen_pointer_of(g, &l);
        arr = at;
        if (p == NO_SLOT) {
            gen_error(g, e->pos, "internal error: slicing an array that is not in the heap");
            return gen_dst(g, dst, e->type);
        }
    }
    int32_t lo = gen_slice_bound(g, e->b, NO_SLOT);
    if (lo == NO_SLOT) lo = gen_zero_slot(g);
    int32_t ln = NO_SLOT;
    if (!e->c || !e->d) { ln = gen_temp(g, t_int); gen_loadi64(g, ln, arr->len); }
    int32_t hi = gen_slice_bound(g, e->c, ln);
    int32_t mx = gen_slice_bound(g, e->d, ln);
    int32_t d = gen_dst(g, dst, e->type);
    E(SLICE_PTR, I(d), I(p), I(arr->len), I(lo), I(hi), I(mx), I(type_size(arr->elem)));
    return d;
}

/* ==== composite literals ==== */

static int64_t gen_composite_len(Node *e) {
    int64_t idx = 0, max = 0;
    for (int i = 0; i < e->list.len; i++) {
        Node *el = e->list.items[i];
        if (el->kind == N_KEYVALUE && el->a && el->a->cval) idx = (int64_t)el->a->cval->i;
        idx++;
        if (idx > max) max = idx;
    }
    return max;
}

/* Stores the value of element expression v at location at (nested literals built in place). */
static void gen_elem_into(Gen *g, Node *v, Loc *at) {
    while (v->kind == N_PAREN) v = v->a;
    int mark = gen_temps_mark(g);
    TypeKind vk = v->kind == N_COMPOSITE ? gen_under(v->type)->kind : TY_INVALID;
    if ((vk == TY_STRUCT || vk == TY_ARRAY) && at->kind != LOC_SLOT) {
        gen_composite_into(g, v, at);
    } else {
        int32_t s = gen_expr(g, v, NO_SLOT);
        gen_store(g, at, s);
    }
    gen_temps_release(g, mark);
}

/* Fills an already zeroed location with the literal's elements. */
void gen_composite_into(Gen *g, Node *e, Loc *at) {
    Type *t = e->type, *u = gen_under(t);
    if (u->kind == TY_STRUCT) {
        for (int i = 0; i < e->list.len; i++) {
            Node *kv = e->list.items[i];
            Node *v = kv->kind == N_KEYVALUE ? kv->b : kv;
            int fi = kv->kind == N_KEYVALUE ? (int)kv->aux : i;
            if (fi < 0 || fi >= u->nfields) continue;
            Loc sub = gen_loc_sub(g, *at, u->fields[fi].offset, u->fields[fi].type);
            gen_elem_into(g, v, &sub);
        }
        return;
    }
    if (u->kind == TY_ARRAY) {
        int64_t es = type_size(u->elem), idx = 0;
        for (int i = 0; i < e->list.len; i++, idx++) {
            Node *kv = e->list.items[i];
            Node *v = kv;
            if (kv->kind == N_KEYVALUE) {
                if (kv->a && kv->a->cval) idx = (int64_t)kv->a->cval->i;
                v = kv->b;
            }
            Loc sub = gen_loc_sub(g, *at, idx * es, u->elem);
            gen_elem_into(g, v, &sub);
        }
        return;
    }
    /* a slice literal (&[]int{1}): build its value, then store the header */
    int32_t mark = gen_temps_mark(g);
    gen_store(g, at, gen_composite(g, e, NO_SLOT));
    gen_temps_release(g, mark);
}

/* map[K]V{k: v, ...}: make with the literal's size as hint, then one assignment per entry, in
 * source order (each key and value evaluated just before its entry is stored, as Go does). */
static int32_t gen_map_literal(Gen *g, Node *e, int32_t dst) {
    Type *t = e->type, *u = gen_under(t);
    int32_t d = gen_dst(g, dst, t);
    int32_t m = gen_temp(g, t);
    int32_t hint = gen_temp(g, t_int);
    gen_loadi64(g, hint, e->list.len);
    uint32_t ti = gen_type_index(g, t);
    E(MAKEMAP, I(m), I(ti), I(hint));
    for (int i = 0; i < e->list.len; i++) {
        Node *kv = e->list.items[i];
        if (kv->kind != N_KEYVALUE) continue;
        int mark = gen_temps_mark(g);
        int32_t k = gen_temp(g, u->key);
        gen_expr(g, kv->a, k);
        int32_t v = gen_temp(g, u->elem);
        gen_expr(g, kv->b, v);
        Loc l = gen_map_assign_loc(g, (Loc){ LOC_MAPEL, m, ti, k, u->elem });
        gen_store(g, &l, v);
        gen_temps_release(g, mark);
    }
    gen_move(g, d, m, t);
    return d;
}

int32_t gen_composite(Gen *g, Node *e, int32_t dst) {
    Type *t = e->type, *u = gen_under(t);
    if (u->kind == TY_POINTER) {         /* elided &T in [] *T{{...}} */
        Node copy = *e;
        copy.type = u->elem;
        int32_t d = gen_dst(g, dst, t);
        int32_t q = gen_temp(g, t);
        E(NEW, I(q), I(gen_type_index(g, u->elem)));
        Loc at = { LOC_MEM, q, 0, 0, u->elem };
        gen_composite_into(g, &copy, &at);
        gen_move(g, d, q, t);
        return d;
    }
    if (u->kind == TY_SLICE) {
        int64_t n = gen_composite_len(e);
        int32_t d = gen_dst(g, dst, t);
        if (escape_on_stack(e)) {                   /* the backing array in the frame */
            Type *arr = type_array_of(u->elem, n);
            int32_t q = gen_frame_object(g, arr);
            Node copy = *e;
            copy.type = arr;
            Loc at = { LOC_FRAME, q, 0, 0, arr };
            gen_composite_into(g, &copy, &at);
            E(FADDR, I(d), I(q));
            gen_loadi64(g, d + 8, n);
            gen_loadi64(g, d + 16, n);
            return d;
        }
        if (n == 0 && e->list.len == 0) {
            /* []T{} is not nil: a zero-length array of its own */
            Type *arr = type_array_of(u->elem, 0);
            int32_t q = gen_temp(g, type_pointer_to(arr));
            E(NEW, I(q), I(gen_type_index(g, arr)));
            E(MOV, I(d), I(q));
            E(LOADI, I(d + 8), I(0));
            E(LOADI, I(d + 16), I(0));
            return d;
        }
        Type *arr = type_array_of(u->elem, n);
        int32_t q = gen_temp(g, type_pointer_to(arr));
        E(NEW, I(q), I(gen_type_index(g, arr)));
        Node copy = *e;
        copy.type = arr;
        Loc at = { LOC_MEM, q, 0, 0, arr };
        gen_composite_into(g, &copy, &at);
        E(MOV, I(d), I(q));
        gen_loadi64(g, d + 8, n);
        gen_loadi64(g, d + 16, n);
        return d;
    }
    if (u->kind == TY_MAP) return gen_map_literal(g, e, dst);
    int32_t d = gen_dst(g, dst, t);
    gen_zero(g, d, t);
    Loc at = { LOC_FRAME, d, 0, 0, t };
    gen_composite_into(g, e, &at);
    return d;
}

/* ==== interfaces: boxing, conversions, assertions (runtime/iface.c) ==== */

static bool gen_iface_is_empty(Type *t) { return gen_under(t)->nmethods == 0; }

/* d = the value in slot s of type `from` as an interface of type `to`: BOX for a concrete value
 * (then the itab for an interface with methods), IFACE_CONV or IFACE_EFACE between interfaces. */
void gen_to_iface(Gen *g, int32_t d, int32_t s, Type *from, Type *to) {
    bool to_empty = gen_iface_is_empty(to);
    if (gen_under(from)->kind != TY_INTERFACE) {
        E(BOX, I(d), I(s), I(gen_type_index(g, from)));
        if (!to_empty) E(IFACE_CONV, I(d), I(d), I(gen_type_index(g, to)), I(1));
        return;
    }
    bool from_empty = gen_iface_is_empty(from);
    if (types_identical(from, to) || (from_empty && to_empty)) gen_move(g, d, s, to);
    else if (to_empty) E(IFACE_EFACE, I(d), I(s));
    else E(IFACE_CONV, I(d), I(s), I(gen_type_index(g, to)), I(from_empty ? 1 : 0));
}

/* r = a == b for two interfaces of type t: EQ_IFACE compares empty interfaces. */
void gen_eq_iface(Gen *g, Type *t, int32_t r, int32_t a, int32_t b) {
    if (!gen_iface_is_empty(t)) {
        int32_t ea = gen_temp(g, t_any), eb = gen_temp(g, t_any);
        E(IFACE_EFACE, I(ea), I(a));
        E(IFACE_EFACE, I(eb), I(b));
        a = ea;
        b = eb;
    }
    E(EQ_IFACE, I(r), I(a), I(b));
}

static int32_t gen_box(Gen *g, Node *e, int32_t dst) {
    Type *to = e->type;
    Node *x = e->a;
    Type *from = x->type;
    if (gen_under(from)->kind == TY_INTERFACE && types_identical(from, to)) return gen_expr(g, x, dst);
    int32_t d = gen_dst(g, dst, to);
    if (gen_is_nil(x)) { gen_zero(g, d, to); return d; }
    int32_t s = gen_expr(g, x, NO_SLOT);       /* BOX reads scalars in register form */
    gen_to_iface(g, d, s, from, to);
    return d;
}

/* The type of the value of `m[k]`, `x.(T)` or `<-c` in a comma-ok form. */
Type *gen_comma_ok_type(Node *e) {
    while (e->kind == N_PAREN) e = e->a;
    if (e->kind == N_UNARY) return e->type->fields[0].type;
    return e->kind == N_INDEX ? gen_under(e->a->type)->elem : e->b->type;
}

/* `v, ok := x.(T)`: the value (T's zero on failure) and ok into two temporaries; `v, ok :=
 * m[k]` likewise (gen_map_comma_ok), and `v, ok := <-c` (ok false: c is closed and empty). */
void gen_comma_ok(Gen *g, Node *e, int32_t *v, int32_t *ok) {
    while (e->kind == N_PAREN) e = e->a;
    if (e->kind == N_UNARY) {
        Type *t = e->type->fields[0].type;
        int32_t c = gen_expr_stable(g, e->a);
        *v = gen_temp(g, t);
        *ok = gen_temp(g, t_bool);
        E(CHANRECV2, I(*v), I(*ok), I(c), I(gen_type_index(g, t)));
        return;
    }
    if (e->kind == N_INDEX) {
        int32_t vals[2];
        gen_map_comma_ok(g, e, vals);
        *v = vals[0];
        *ok = vals[1];
        return;
    }
    Type *t = e->b->type;
    int32_t s = gen_expr_stable(g, e->a);
    *v = gen_temp(g, t);
    *ok = gen_temp(g, t_bool);
    E(ASSERT_OK, I(*v), I(*ok), I(s), I(gen_type_index(g, t)), I(gen_type_index(g, e->a->type)));
}

/* x.(T): ASSERT panics on failure with Go's TypeAssertionError text. */
int32_t gen_type_assert(Gen *g, Node *e, int32_t dst) {
    Node *x = e->a;
    Type *it = x->type, *t = e->type;
    int32_t s = gen_expr_stable(g, x);
    int32_t d = gen_temp(g, t);                 /* ASSERT writes a whole slot in register form */
    E(ASSERT, I(d), I(s), I(gen_type_index(g, t)), I(gen_type_index(g, it)));
    if (dst < 0) return d;
    gen_move(g, dst, d, t);
    return dst;
}

/* ==== the dispatcher ==== */

static int32_t gen_expr_node(Gen *g, Node *e, int32_t dst);

/* Every instruction of e is attributed to e's line (a panic in a multi-line expression reports
 * the line of the operation that failed); the enclosing expression's line comes back after. */
int32_t gen_expr(Gen *g, Node *e, int32_t dst) {
    int saved = g->f->cur_line;
    gen_set_line(g, e->pos);
    int32_t r = gen_expr_node(g, e, dst);
    g->f->cur_line = saved;
    return r;
}

static int32_t gen_expr_node(Gen *g, Node *e, int32_t dst) {
    Type *t = e->type;
    if (e->cval && !(t && gen_under(t)->kind == TY_INTERFACE)) {
        int32_t d = gen_dst(g, dst, t);
        gen_load_const(g, e->cval, t, d);
        return d;
    }
    switch (e->kind) {
    case N_EMPTY:                       /* a value already in a slot (gen_stmt.c) */
        if (dst < 0) return e->slot;
        gen_move(g, dst, e->slot, t);
        return dst;
    case N_PAREN:
        return gen_expr(g, e->a, dst);
    case N_IDENT: {
        Obj *o = e->obj;
        if (!o) break;
        if (o->kind == OBJ_NIL) {
            int32_t d = gen_dst(g, dst, t);
            gen_zero(g, d, t);
            return d;
        }
        if (o->kind == OBJ_FUNC) {
            int32_t d = gen_dst(g, dst, t);
            E(LOADFN, I(d), I(o->func_index));
            return d;
        }
        if (o->kind == OBJ_CONST && o->cval) {
            int32_t d = gen_dst(g, dst, t);
            gen_load_const(g, o->cval, t, d);
            return d;
        }
        if (o->kind != OBJ_VAR) break;
        Loc l = gen_lvalue(g, e);
        return gen_load(g, &l, dst);
    }
    case N_SELECTOR:
        if (e->aux == SEL_PKG && e->obj && e->obj->kind == OBJ_FUNC) {
            int32_t d = gen_dst(g, dst, t);
            E(LOADFN, I(d), I(e->obj->func_index));
            return d;
        }
        if (e->aux == SEL_PKG && e->obj && e->obj->kind == OBJ_CONST && e->obj->cval) {
            int32_t d = gen_dst(g, dst, t);
            gen_load_const(g, e->obj->cval, t, d);
            return d;
        }
        if (e->aux == SEL_METHOD || e->aux == SEL_IMETHOD) return gen_method_value(g, e, dst);
        if (e->aux == SEL_METHODEXPR) {
            int32_t d = gen_dst(g, dst, t);
            uint32_t f = e->obj ? gen_method_func(g, e->a->type, e->obj) : gen_iface_method_func(g, e->a->type, e->name);
            E(LOADFN, I(d), I(f));
            return d;
        }
        if (e->aux != SEL_FIELD && !(e->aux == SEL_PKG && e->obj && e->obj->kind == OBJ_VAR)) break;
        {
            Loc l = gen_lvalue(g, e);
            return gen_load(g, &l, dst);
        }
    case N_STAR: {
        Loc l = gen_lvalue(g, e);
        return gen_load(g, &l, dst);
    }
    case N_INDEX:
        return gen_index(g, e, dst);
    case N_SLICE:
        return gen_slice_expr(g, e, dst);
    case N_BINARY:
        return gen_binary(g, e, dst);
    case N_UNARY:
        return gen_unary(g, e, dst);
    case N_CALL:
        return gen_call(g, e, dst);
    case N_COMPOSITE:
        return gen_composite(g, e, dst);
    case N_CONVERT:
        return gen_box(g, e, dst);
    case N_FUNCLIT:
        return gen_func_lit(g, e, dst);
    case N_TYPEASSERT:
        return gen_type_assert(g, e, dst);
    default:
        break;
    }
    gen_error(g, e->pos, "internal error: cannot generate %s expression", node_kind_name(e->kind));
    return gen_dst(g, dst, t ? t : t_int);
}

int32_t gen_expr_stable(Gen *g, Node *e) {
    int32_t s = gen_expr(g, e, NO_SLOT);
    if (gen_slot_is_volatile(s)) {
        int32_t t = gen_temp(g, e->type);
        gen_move(g, t, s, e->type);
        s = t;
    }
    return s;
}
