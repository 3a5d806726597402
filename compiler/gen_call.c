/* compiler/gen_call.c — calls, builtins and conversions.
 *
 * The calling convention (runtime/symtab.h): the caller owns an outgoing area at the end of its
 * frame; `CALL f n` puts the callee's FrameHeader at frame[n] and its frame base at n+16, where
 * the callee finds its results area (zeroed by the callee) followed by the receiver and the
 * params. So a call is:
 *
 *   1. evaluate the receiver and arguments in order. An argument whose evaluation (or a later
 *      argument's) may reach a call or an allocation goes to a temporary first; the arguments
 *      after the last such one are computed straight into their outgoing slots. Either way no
 *      safepoint separates a pointer written into the outgoing area from the CALL, because the
 *      outgoing area is not covered by the caller's stack map.
 *   2. move the temporaries into the outgoing area (MOV/MOV2/MOV3/COPY);
 *   3. CALL / CALLNAT / CALLIND / CALLIFACE (a method of an interface value: the instruction
 *      finds the function in the value's itab and writes the data word as the receiver);
 *   4. the results are now at n+16+...: a pointer-free single result may be used in place by
 *      the consumer (fib's `fib(n-1) + fib(n-2)` adds straight from the result slot); anything
 *      else is copied out at once.
 *
 * Variadic calls without `...` pack the trailing arguments into a slice: for a native the
 * backing array is a temporary in the caller's frame (natives never keep it), addressed with
 * FADDR after the last safepoint; for a gol callee it is in the frame too when escape analysis
 * found that the variadic parameter does not leak ("... argument does not escape", NF_STACK on
 * the call), and a heap array made with NEW otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"
#include "lang/grammar.h"

#define E(op, ...) gen_emit(g, OP_##op, __VA_ARGS__)
#define I(x) ((int64_t)(x))

typedef struct Arg {
    Node *e;            /* expression, or NULL once its value is in `slot` */
    int32_t slot;       /* where the value is (NO_SLOT until evaluated) */
    Type *type;         /* the parameter type, or the variadic element type when packed */
    bool packed;        /* part of the variadic tail packed into a slice */
    int64_t off;        /* unpacked: offset from the callee base; packed: byte offset in the array */
    bool placed;        /* already computed into its final place */
} Arg;

enum { PH_CALL, PH_SP, PH_PLAIN };

static bool gen_is_ptrfree_scalar(Type *t) {
    Type *u = gen_under(t);
    switch (u->kind) {
    case TY_BOOL: case TY_INT: case TY_INT8: case TY_INT16: case TY_INT32: case TY_INT64:
    case TY_UINT: case TY_UINT8: case TY_UINT16: case TY_UINT32: case TY_UINT64: case TY_UINTPTR:
    case TY_FLOAT32: case TY_FLOAT64:
        return true;
    default:
        return false;
    }
}

/* Which evaluation phase an argument belongs to: calls first (gc reads plain variables after
 * the calls of the same argument list), then other safepoints (BOX, CONCAT...), then the rest,
 * computed straight into place since nothing can disturb the outgoing area after them. */
static int gen_arg_phase(Node *e) {
    if (!e) return PH_CALL;
    if (gen_has_call(e)) return PH_CALL;
    if (gen_may_call(e)) return PH_SP;
    return PH_PLAIN;
}

static Obj *gen_callee_obj(Node *a) {
    while (a->kind == N_PAREN) a = a->a;
    return a->obj;
}

/* Is a value of t laid out in frame memory exactly as in a slot (no narrow scalar)? Then an
 * element of a frame array can be computed in place. Aggregates whose size is not a multiple
 * of 8 are excluded: a slot-sized write would spill into the next element. */
static bool gen_frame_form_is_slot_form(Type *t) {
    Type *u = gen_under(t);
    int64_t size = type_size(t);
    if (size % 8 != 0) return false;
    return u->kind != TY_FLOAT32;
}

/* Evaluates the arguments of call e and emits the call; returns the callee's frame base
 * (results at +0) as a volatile slot, and the signature through *sigp. */
/* defer_to >= 0: the call is deferred (`defer e`), and defer_to is the function's deferreturn
 * label: the params are laid out as for the call, and DEFER / DEFERIND copy them into a defer
 * record (runtime/defer.c) instead of entering the callee. defer_to == GEN_CALL_GO: `go e`, and
 * GO / GOIND copy them onto a new goroutine's stack (runtime/sched.c). */
enum { GEN_CALL_NOW = -1, GEN_CALL_GO = -2 };
static int32_t gen_call_core(Gen *g, Node *e, Type **sigp, int defer_to) {
    CallKind k = (CallKind)e->aux;
    Obj *fn = NULL;
    Type *sig, *recv = NULL;
    Node *recv_e = NULL;
    if (k == CALL_FUNC || k == CALL_METHOD) {
        fn = gen_callee_obj(e->a);
        if (!fn || fn->kind != OBJ_FUNC) {
            gen_error(g, e->pos, "internal error: call of unresolved function");
            *sigp = NULL;
            return NO_SLOT;
        }
        sig = fn->type;
        if (k == CALL_METHOD) {
            recv = fn->recv;
            recv_e = e->a->a;
        }
    } else if (k == CALL_IFACE) {              /* x.M(): the itab's function takes x's data word */
        sig = e->a->type;
        recv = t_unsafeptr;
    } else {
        sig = e->a->type;
    }
    *sigp = sig;
    Type *u = gen_under(sig);
    bool native = fn && fn->is_native;

    /* the function value of an indirect call is evaluated first */
    int32_t fv = NO_SLOT;
    if (k == CALL_INDIRECT) fv = gen_expr_stable(g, e->a);
    if (k == CALL_IFACE) fv = gen_expr_stable(g, e->a->a);    /* the interface value */

    /* gather arguments: receiver, then args (a single multi-value call spreads out) */
    int nparams = u->nfields;
    bool pack = u->variadic && !(e->flags & NF_DOTS);
    int nfixed = pack ? nparams - 1 : nparams;
    Type *st = pack ? u->fields[nparams - 1].type : NULL;
    Type *et = pack ? gen_under(st)->elem : NULL;
    int64_t es = pack ? type_size(et) : 0;
    bool tuple = e->list.len == 1 && e->list.items[0]->type && e->list.items[0]->type->kind == TY_TUPLE;
    int nargs = tuple ? e->list.items[0]->type->nfields : e->list.len;
    int n = (recv_e ? 1 : 0) + nargs;
    Arg *args = calloc((size_t)n + 1, sizeof(Arg));
    int ai = 0;
    if (recv_e) args[ai++] = (Arg){ recv_e, NO_SLOT, recv, false, gen_sig_param_off(recv, sig, -1), false };
    for (int i = 0; i < nargs; i++, ai++) {
        Arg *a = &args[ai];
        a->e = tuple ? NULL : e->list.items[i];
        a->slot = NO_SLOT;
        if (i < nfixed) {
            a->type = u->fields[i].type;
            a->off = gen_sig_param_off(recv, sig, i);
        } else if (pack) {
            a->type = et;
            a->packed = true;
            a->off = (i - nfixed) * es;
        } else {                                   /* f(s...) */
            a->type = u->fields[nparams - 1].type;
            a->off = gen_sig_param_off(recv, sig, nparams - 1);
        }
    }
    int npack = pack ? nargs - nfixed : 0;
    if (npack < 0) npack = 0;

    uint32_t as = gen_sig_args_size(recv, sig, NULL);
    int32_t out = gen_out_slot(g, as);
    int32_t cbase = out + 16;
    int32_t arr = NO_SLOT;                 /* native: the packed tail's backing array in the frame */
    if (pack && (native || escape_on_stack(e)) && npack > 0 && defer_to == GEN_CALL_NOW)   /* a deferred */
        arr = gen_temp(g, type_array_of(et, npack));   /* or go call's array outlives the statement: heap */

    /* a multi-value call: its results to temporaries (converted to interfaces if need be) */
    if (tuple) {
        Node *inner = e->list.items[0];
        Type *tup = inner->type;
        int32_t *tmp = gen_call_results(g, inner);
        for (int i = 0; i < tup->nfields; i++) {
            Arg *a = &args[(recv_e ? 1 : 0) + i];
            Type *from = tup->fields[i].type;
            if (gen_under(a->type)->kind == TY_INTERFACE && !types_identical(a->type, from)) {
                int32_t b = gen_temp(g, a->type);
                gen_to_iface(g, b, tmp[i], from, a->type);
                a->slot = b;
            } else {
                a->slot = tmp[i];
            }
        }
        free(tmp);
    }

    /* 1. evaluate: calls, then other safepoints, into temporaries (or the frame array) */
    for (int ph = PH_CALL; ph <= PH_SP; ph++) {
        for (int i = 0; i < n; i++) {
            Arg *a = &args[i];
            if (!a->e || gen_arg_phase(a->e) != ph) continue;
            if (a->packed && arr != NO_SLOT) {
                Loc l = { LOC_FRAME, arr + (int32_t)a->off, 0, 0, et };
                if (gen_frame_form_is_slot_form(et)) {
                    gen_expr(g, a->e, l.slot);
                } else {
                    int32_t v = gen_expr(g, a->e, NO_SLOT);
                    gen_store(g, &l, v);
                }
                a->placed = true;
            } else {
                a->slot = gen_expr_stable(g, a->e);
            }
            a->e = NULL;
        }
    }
    /* the heap array of a packed tail for a gol callee (a safepoint: before anything is placed) */
    int32_t hp = NO_SLOT;
    if (pack && arr == NO_SLOT && npack > 0) {
        Type *at = type_array_of(et, npack);
        hp = gen_temp(g, type_pointer_to(at));
        E(NEW, I(hp), I(gen_type_index(g, at)));
    }
    /* 2. plain arguments, straight into place */
    for (int i = 0; i < n; i++) {
        Arg *a = &args[i];
        if (!a->e) continue;
        if (a->packed) {
            int32_t v = gen_expr(g, a->e, NO_SLOT);
            Loc l = arr != NO_SLOT ? (Loc){ LOC_FRAME, arr + (int32_t)a->off, 0, 0, et }
                                   : (Loc){ LOC_MEM, hp, a->off, 0, et };
            gen_store(g, &l, v);
        } else {
            gen_expr(g, a->e, cbase + (int32_t)a->off);
        }
        a->placed = true;
    }
    /* 3. the rest into place */
    for (int i = 0; i < n; i++) {
        Arg *a = &args[i];
        if (a->placed) continue;
        if (a->packed) {
            Loc l = arr != NO_SLOT ? (Loc){ LOC_FRAME, arr + (int32_t)a->off, 0, 0, et }
                                   : (Loc){ LOC_MEM, hp, a->off, 0, et };
            gen_store(g, &l, a->slot);
        } else {
            gen_move(g, cbase + (int32_t)a->off, a->slot, a->type);
        }
    }
    if (pack) {
        int32_t sh = cbase + (int32_t)gen_sig_param_off(recv, sig, nparams - 1);
        if (npack == 0) {
            gen_zero(g, sh, st);
        } else {
            if (arr != NO_SLOT) E(FADDR, I(sh), I(arr));
            else E(MOV, I(sh), I(hp));
            E(LOADI, I(sh + 8), I(npack));
            E(LOADI, I(sh + 16), I(npack));
        }
    }
    free(args);

    /* 4. call */
    gen_set_line(g, e->pos2.line ? e->pos2 : e->pos);
    if (defer_to == GEN_CALL_GO) {
        if (k == CALL_INDIRECT) E(GOIND, I(fv), I(out));
        else E(GO, I(fn->func_index), I(out));
        return NO_SLOT;
    }
    if (defer_to >= 0) {
        if (k == CALL_INDIRECT) E(DEFERIND, I(fv), I(out), I(defer_to));
        else E(DEFER, I(fn->func_index), I(out), I(defer_to));
        return NO_SLOT;
    }
    if (k == CALL_INDIRECT) E(CALLIND, I(fv), I(out));
    else if (k == CALL_IFACE) E(CALLIFACE, I(fv), I(out), I(gen_iface_method_index(e->a->a->type, e->a->name)));
    else if (native) E(CALLNAT, I(fn->func_index), I(out));
    else E(CALL, I(fn->func_index), I(out));
    return cbase;
}

int32_t gen_call_multi(Gen *g, Node *e) {
    Type *sig;
    return gen_call_core(g, e, &sig, GEN_CALL_NOW);
}

/* f(g()) with g returning several values: g is called and each of its results moved to a
 * temporary of its own type; the caller frees the returned array of slots. */
int32_t *gen_call_results(Gen *g, Node *call) {
    Type *tup = call->type;
    int32_t base = gen_call_multi(g, call);
    int32_t *tmp = calloc((size_t)tup->nfields + 1, sizeof(int32_t));
    for (int i = 0; i < tup->nfields; i++) {
        tmp[i] = gen_temp(g, tup->fields[i].type);
        gen_move(g, tmp[i], base + (int32_t)gen_sig_result_off(tup, i), tup->fields[i].type);
    }
    return tmp;
}

/* Is e a builtin call whose one argument is a multi-value call, as in println(f())? */
bool gen_builtin_spreads(Node *e) {
    return e->list.len == 1 && e->list.items[0]->type && e->list.items[0]->type->kind == TY_TUPLE;
}

static int32_t gen_conv_call(Gen *g, Node *e, int32_t dst);

void gen_defer_call(Gen *g, Node *e) {
    Type *sig;
    gen_set_line(g, e->pos);
    gen_call_core(g, e, &sig, g->f->defer_label);
}

void gen_go_call(Gen *g, Node *e) {
    Type *sig;
    gen_set_line(g, e->pos);
    gen_call_core(g, e, &sig, GEN_CALL_GO);
}

int32_t gen_call(Gen *g, Node *e, int32_t dst) {
    gen_set_line(g, e->pos);
    if (e->aux == CALL_BUILTIN) return gen_builtin(g, e, dst);
    if (e->aux == CALL_CONV) return gen_conv_call(g, e, dst);
    Type *sig;
    int32_t base = gen_call_core(g, e, &sig, -1);
    if (base == NO_SLOT || !sig) return dst;
    Type *u = gen_under(sig);
    if (u->nresults == 0) return dst;
    Type *rt = u->results[0].type;
    if (dst >= 0) { gen_move(g, dst, base, rt); return dst; }
    if (gen_is_ptrfree_scalar(rt)) return base;     /* consumed before the next call */
    int32_t t = gen_temp(g, rt);
    gen_move(g, t, base, rt);
    return t;
}

/* ==== conversions ==== */

static bool gen_is_int_kind(Type *u) { return type_is_integer(u); }
static bool gen_is_float_kind(Type *u) { return u->kind == TY_FLOAT32 || u->kind == TY_FLOAT64; }

int32_t gen_conversion(Gen *g, Node *e, Type *to, int32_t s, Type *from, int32_t dst) {
    Type *tu = gen_under(to), *fu = gen_under(from);
    int32_t d = dst >= 0 ? dst : gen_temp(g, to);
    if (tu->kind == TY_INTERFACE) {
        gen_to_iface(g, d, s, from, to);
        return d;
    }
    if (gen_is_int_kind(tu) && gen_is_int_kind(fu)) {
        switch (tu->kind) {
        case TY_INT8:   E(SEXT8, I(d), I(s)); break;
        case TY_INT16:  E(SEXT16, I(d), I(s)); break;
        case TY_INT32:  E(SEXT32, I(d), I(s)); break;
        case TY_UINT8:  E(ZEXT8, I(d), I(s)); break;
        case TY_UINT16: E(ZEXT16, I(d), I(s)); break;
        case TY_UINT32: E(ZEXT32, I(d), I(s)); break;
        default:
            if (dst < 0) return s;
            E(MOV, I(d), I(s));
        }
        return d;
    }
    if (gen_is_float_kind(tu) && gen_is_int_kind(fu)) {
        bool wide_uns = fu->kind == TY_UINT || fu->kind == TY_UINT64 || fu->kind == TY_UINTPTR;
        gen_emit(g, wide_uns ? OP_U2F : OP_I2F, I(d), I(s));
        if (tu->kind == TY_FLOAT32) E(ROUND_F32, I(d), I(d));
        return d;
    }
    if (gen_is_int_kind(tu) && gen_is_float_kind(fu)) {
        /* Go's amd64 choice, whose out-of-range results are the language's on amd64: a 32-bit
         * CVTTSD2SL then truncation for int8..int32, uint8 and uint16; the 64-bit one for
         * int64 and for uint32 (then truncated); a 2^63-offset sequence for the 64-bit unsigneds */
        bool wide_uns = tu->kind == TY_UINT || tu->kind == TY_UINT64 || tu->kind == TY_UINTPTR;
        bool narrow = tu->size < 4 || tu->kind == TY_INT32;
        gen_emit(g, wide_uns ? OP_F2U : narrow ? OP_F2I32 : OP_F2I, I(d), I(s));
        gen_normalize(g, d, to);
        return d;
    }
    if (gen_is_float_kind(tu) && gen_is_float_kind(fu)) {
        if (tu->kind == TY_FLOAT32 && fu->kind == TY_FLOAT64) E(ROUND_F32, I(d), I(s));
        else if (dst < 0) return s;
        else E(MOV, I(d), I(s));
        return d;
    }
    if (tu->kind == TY_STRING && fu->kind != TY_STRING) {
        if (gen_is_int_kind(fu)) { E(STR_FROM_RUNE, I(d), I(s)); return d; }
        if (fu->kind == TY_SLICE) {
            Type *el = gen_under(fu->elem);
            if (el->kind == TY_UINT8) E(STR_FROM_BYTES, I(d), I(s));
            else E(STR_FROM_RUNES, I(d), I(s));
            return d;
        }
    }
    if (fu->kind == TY_STRING && tu->kind == TY_SLICE) {
        Type *el = gen_under(tu->elem);
        if (el->kind == TY_UINT8) E(BYTES_FROM_STR, I(d), I(s));
        else E(RUNES_FROM_STR, I(d), I(s));
        return d;
    }
    if (fu->kind == TY_SLICE && tu->kind == TY_POINTER) {       /* (*[N]T)(s): len(s) >= N */
        Type *arr = gen_under(tu->elem);
        E(SLICE_ARRP, I(d), I(s), I(arr->len));
        return d;
    }
    (void)e;
    if (dst < 0) return s;
    gen_move(g, d, s, to);
    return d;
}

static int32_t gen_conv_call(Gen *g, Node *e, int32_t dst) {
    Node *x = e->list.items[0];
    if (gen_is_nil(x)) {
        int32_t d = dst >= 0 ? dst : gen_temp(g, e->type);
        gen_zero(g, d, e->type);
        return d;
    }
    int32_t s = gen_expr(g, x, NO_SLOT);
    return gen_conversion(g, e, e->type, s, x->type, dst);
}

/* ==== builtins ==== */

static int32_t gen_b_len_cap(Gen *g, Node *e, int32_t dst, bool is_cap) {
    Node *a = e->list.items[0];
    Type *u = gen_under(a->type);
    if (u->kind == TY_MAP || u->kind == TY_CHAN) {
        int32_t m = gen_expr(g, a, NO_SLOT);
        int32_t d = dst >= 0 ? dst : gen_temp(g, t_int);
        if (u->kind == TY_MAP) E(MAPLEN, I(d), I(m));
        else if (is_cap) E(CHANCAP, I(d), I(m));
        else E(CHANLEN, I(d), I(m));
        return d;
    }
    if (u->kind == TY_STRING || u->kind == TY_SLICE) {
        int32_t s = gen_expr(g, a, NO_SLOT);
        int32_t w = s + (is_cap ? 16 : 8);
        if (dst < 0) return w;
        E(MOV, I(dst), I(w));
        return dst;
    }
    /* an array or *array operand: len is constant unless the operand holds a call or a receive
     * (then the checker left it non-constant), and such an operand is evaluated (Go spec) */
    gen_expr(g, a, NO_SLOT);
    int64_t n = 0;
    if (u->kind == TY_ARRAY) n = u->len;
    else if (u->kind == TY_POINTER) n = gen_under(u->elem)->len;
    else gen_error(g, e->pos, "len/cap of this type not supported yet");
    int32_t d = dst >= 0 ? dst : gen_temp(g, t_int);
    E(LOADI, I(d), I(n));
    return d;
}

static int32_t gen_b_append(Gen *g, Node *e, int32_t dst) {
    Node *s = e->list.items[0];
    Type *st = e->type;
    Type *et = gen_under(st)->elem;
    int n = e->list.len - 1;
    if (n == 0) return gen_expr(g, s, dst);
    if (e->flags & NF_DOTS) {
        Node *b = e->list.items[1];
        int32_t a = gen_expr_stable(g, s);
        int32_t bs = gen_expr_stable(g, b);
        int32_t d = dst >= 0 ? dst : gen_temp(g, st);
        if (gen_under(b->type)->kind == TY_STRING) E(APPENDSTR, I(d), I(a), I(bs));
        else E(APPENDSLICE, I(d), I(a), I(bs), I(gen_type_index(g, et)));
        return d;
    }
    int32_t a = gen_expr_stable(g, s);
    int32_t *vals = calloc((size_t)n, sizeof(int32_t));
    for (int i = 0; i < n; i++) vals[i] = gen_expr_stable(g, e->list.items[i + 1]);
    int32_t d = dst >= 0 ? dst : gen_temp(g, st);
    for (int i = 0; i < n; i++) {               /* s = append(s, s): GROWSLICE writes d first */
        Type *vt = e->list.items[i + 1]->type;
        int64_t vs = type_size(vt);
        if (vals[i] < d + (int32_t)type_size(st) && d < vals[i] + vs) {
            int32_t t = gen_temp(g, vt);
            gen_move(g, t, vals[i], vt);
            vals[i] = t;
        }
    }
    E(GROWSLICE, I(d), I(a), I(gen_type_index(g, et)), I(n));
    int32_t idx = gen_temp(g, t_int);
    for (int i = 0; i < n; i++) {
        E(ADDI, I(idx), I(d + 8), I(-(n - i)));
        Loc l = { LOC_SLICEEL, d, 0, idx, et };
        gen_store(g, &l, vals[i]);
    }
    free(vals);
    return d;
}

static int32_t gen_b_make(Gen *g, Node *e, int32_t dst) {
    Type *t = e->list.items[0]->type;
    Type *u = gen_under(t);
    if (u->kind == TY_MAP) {
        int32_t hint = e->list.len >= 2 ? gen_expr(g, e->list.items[1], NO_SLOT) : gen_temp(g, t_int);
        if (e->list.len < 2) E(LOADI, I(hint), I(0));
        int32_t d = dst >= 0 ? dst : gen_temp(g, t);
        E(MAKEMAP, I(d), I(gen_type_index(g, t)), I(hint));
        return d;
    }
    if (u->kind == TY_CHAN) {               /* runtime/chan.c chan_make */
        int32_t size = e->list.len >= 2 ? gen_expr(g, e->list.items[1], NO_SLOT) : gen_temp(g, t_int);
        if (e->list.len < 2) E(LOADI, I(size), I(0));
        int32_t d = dst >= 0 ? dst : gen_temp(g, t);
        E(MAKECHAN, I(d), I(gen_type_index(g, u->elem)), I(size));
        return d;
    }
    if (escape_on_stack(e)) {               /* make([]T, const) that does not escape */
        int64_t n = (int64_t)e->list.items[1]->cval->i;
        int32_t q = gen_frame_object(g, type_array_of(u->elem, n));
        int32_t d = dst >= 0 ? dst : gen_temp(g, t);
        E(FADDR, I(d), I(q));
        gen_loadi64(g, d + 8, n);
        gen_loadi64(g, d + 16, n);
        return d;
    }
    int32_t ln, cp;
    if (e->list.len >= 3) {
        ln = gen_operand(g, e->list.items[1], e->list.items[2]);
        cp = gen_expr(g, e->list.items[2], NO_SLOT);
    } else {
        ln = gen_expr(g, e->list.items[1], NO_SLOT);
        cp = ln;
    }
    int32_t d = dst >= 0 ? dst : gen_temp(g, t);
    E(MAKESLICE, I(d), I(gen_type_index(g, u->elem)), I(ln), I(cp));
    return d;
}

static int32_t gen_b_print(Gen *g, Node *e, bool ln) {
    int n = e->list.len;
    if (n == 0) {
        if (ln) E(PRINTNL, I(0));
        return NO_SLOT;
    }
    bool spread = gen_builtin_spreads(e);       /* println(f()) */
    Type *tup = spread ? e->list.items[0]->type : NULL;
    if (spread) n = tup->nfields;
    int32_t *vals;
    Type **types = calloc((size_t)n + 1, sizeof(Type *));
    if (spread) {
        vals = gen_call_results(g, e->list.items[0]);
        for (int i = 0; i < n; i++) types[i] = tup->fields[i].type;
    } else {
        vals = calloc((size_t)n, sizeof(int32_t));
        int last_call = -1;
        for (int i = 0; i < n; i++) if (gen_may_call(e->list.items[i])) last_call = i;
        for (int i = 0; i < n; i++) {           /* PRINT reads scalars in register form */
            Node *a = e->list.items[i];
            vals[i] = i < last_call ? gen_expr_stable(g, a) : gen_expr(g, a, NO_SLOT);
            types[i] = a->type;
        }
    }
    for (int i = 0; i < n; i++) {
        int flags = 0;
        if (ln) flags = i == n - 1 ? 2 : 1;
        E(PRINT, I(vals[i]), I(gen_type_index(g, types[i])), I(flags));
    }
    free(vals);
    free(types);
    return NO_SLOT;
}

/* delete(m, k) with m of map type mt and k of type kt, assignable to the key type (boxed here
 * when the key type is an interface and kt is not). */
void gen_map_delete(Gen *g, int32_t m, int32_t k, Type *mt, Type *kt) {
    Type *key = gen_under(mt)->key;
    if (gen_under(key)->kind == TY_INTERFACE && !types_identical(key, kt)) {
        int32_t b = gen_temp(g, key);
        gen_to_iface(g, b, k, kt, key);
        k = b;
    }
    E(MAPDELETE, I(m), I(k), I(gen_type_index(g, mt)));
}

/* d = copy(a, s): a is a slice of type dt, s a slice or string of type st. */
void gen_copy_op(Gen *g, int32_t d, int32_t a, int32_t s, Type *dt, Type *st) {
    if (gen_under(st)->kind == TY_STRING) {
        E(COPYSTR, I(d), I(a), I(s));
        return;
    }
    Type *el = gen_under(dt)->elem;
    if (type_has_pointers(el)) E(COPYSLICE_TYPED, I(d), I(a), I(s), I(gen_type_index(g, el)));
    else E(COPYSLICE, I(d), I(a), I(s), I(type_size(el)));
}

int32_t gen_builtin(Gen *g, Node *e, int32_t dst) {
    Obj *b = gen_callee_obj(e->a);
    switch (b->builtin) {
    case BI_LEN: return gen_b_len_cap(g, e, dst, false);
    case BI_CAP: return gen_b_len_cap(g, e, dst, true);
    case BI_APPEND: return gen_b_append(g, e, dst);
    case BI_COPY: {
        int32_t a, s;
        Type *dt, *st;
        if (gen_builtin_spreads(e)) {           /* copy(f()) */
            Type *tup = e->list.items[0]->type;
            int32_t *r = gen_call_results(g, e->list.items[0]);
            a = r[0], s = r[1], dt = tup->fields[0].type, st = tup->fields[1].type;
            free(r);
        } else {
            a = gen_operand(g, e->list.items[0], e->list.items[1]);
            s = gen_expr(g, e->list.items[1], NO_SLOT);
            dt = e->list.items[0]->type, st = e->list.items[1]->type;
        }
        int32_t d = dst >= 0 ? dst : gen_temp(g, t_int);
        gen_copy_op(g, d, a, s, dt, st);
        return d;
    }
    case BI_MAKE: return gen_b_make(g, e, dst);
    case BI_CLOSE: {
        int32_t c = gen_expr(g, e->list.items[0], NO_SLOT);
        E(CHANCLOSE, I(c));
        return NO_SLOT;
    }
    case BI_DELETE: {
        if (gen_builtin_spreads(e)) {           /* delete(f()) */
            Type *tup = e->list.items[0]->type;
            int32_t *r = gen_call_results(g, e->list.items[0]);
            gen_map_delete(g, r[0], r[1], tup->fields[0].type, tup->fields[1].type);
            free(r);
            return NO_SLOT;
        }
        Type *mt = e->list.items[0]->type;
        int32_t m = gen_operand(g, e->list.items[0], e->list.items[1]);
        int32_t k = gen_expr(g, e->list.items[1], NO_SLOT);
        E(MAPDELETE, I(m), I(k), I(gen_type_index(g, mt)));
        return NO_SLOT;
    }
    case BI_NEW: {
        Type *t = e->list.items[0]->type;
        int32_t d = dst >= 0 ? dst : gen_temp(g, e->type);
        if (escape_on_stack(e)) {           /* new(T) that does not escape */
            int32_t q = gen_frame_object(g, t);
            E(FADDR, I(d), I(q));
            return d;
        }
        E(NEW, I(d), I(gen_type_index(g, t)));
        return d;
    }
    case BI_PANIC: {
        int32_t v = gen_expr(g, e->list.items[0], NO_SLOT);
        E(PANIC, I(v));
        return NO_SLOT;
    }
    case BI_RECOVER: {              /* runtime/panic.c rt_gorecover: only a deferred call sees it */
        int32_t d = dst >= 0 ? dst : gen_temp(g, t_any);
        E(RECOVER, I(d));
        return d;
    }
    case BI_PRINT: return gen_b_print(g, e, false);
    case BI_PRINTLN: return gen_b_print(g, e, true);
    case BI_UNSAFE_SIZEOF: case BI_UNSAFE_ALIGNOF: case BI_UNSAFE_OFFSETOF:
        gen_error(g, e->pos, "internal error: unsafe builtin without a constant value");
        return dst;
    default:
        gen_error(g, e->pos, "%s not supported yet", b->name);
        return dst >= 0 ? dst : (e->type && e->type->kind != TY_TUPLE ? gen_temp(g, e->type) : NO_SLOT);
    }
}
