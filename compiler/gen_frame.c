/* compiler/gen_frame.c — frame slots: where every variable and temporary of a function lives.
 *
 * A frame (runtime/symtab.h) is laid out as
 *
 *     0            results (callee writes, caller reads)
 *     results_size params, receiver first (caller writes)
 *     args_size    pointer region   slots whose type holds a pointer; zeroed on entry
 *                  scalar region    pointer-free slots; never zeroed, never scanned
 *                  outgoing area    FrameHeader + results + params of the next callee
 *     frame_size
 *
 * Invariant: a frame word has one kind (pointer or not) for the whole function. Temporaries
 * are reused, but only by a value of the same shape (size and pointer mask), so a pointer word
 * only ever holds pointers; the VM zeroes the pointer region on entry, so it is nil until
 * written. That is what lets gen_stackmap.c mark a word at a safepoint just by its liveness.
 * Keeping pointer slots apart also keeps the zeroing short: fib(n) has no pointer slot at all
 * and pays nothing.
 *
 * Slots are handed out with region tags (gen.h) because the size of each region is known only
 * at the end; gen_frame_finish relocates every frame operand in one pass over the code, using
 * the operand kinds of the opcode table.
 *
 * Lifetimes: variables get a slot for the rest of the function (gen_local); temporaries are
 * released at the end of the statement that made them (gen_temps_mark/release) and go to a free
 * list keyed by shape.
 */
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"

#define GROW(arr, n, cap) do { \
        if ((n) >= (cap)) { (cap) = (cap) ? (cap) * 2 : 16; \
            (arr) = realloc((arr), sizeof(*(arr)) * (size_t)(cap)); } } while (0)

int64_t gen_slot_size(Type *t) {
    int64_t s = type_size(t);
    return (s + 7) / 8 * 8;
}

bool gen_slot_is_volatile(int32_t slot) {
    return slot >= 0 && SLOT_REG(slot) == REG_OUT;
}

void gen_frame_begin(Gen *g) {
    GenFunc *f = g->f;
    f->fixed_size = f->results_size = 0;
    f->ptr_top = f->scal_top = f->out_size = 0;
}

static void gen_ptr_bits_reserve(GenFunc *f, uint32_t bytes_needed) {
    uint32_t need = (bytes_needed / 8 + 7) / 8 + 1;
    if (need <= f->cap_ptr_bits) return;
    uint32_t nc = need * 2 + 8;
    f->ptr_bits = realloc(f->ptr_bits, nc);
    memset(f->ptr_bits + f->cap_ptr_bits, 0, nc - f->cap_ptr_bits);
    f->cap_ptr_bits = nc;
}

static int32_t gen_slot_alloc(Gen *g, Type *t, bool temp) {
    GenFunc *f = g->f;
    int64_t size = gen_slot_size(t);
    if (size < 8) size = 8;
    bool ptrs = type_has_pointers(t);
    uint64_t key = gen_ptrmask_key(t);
    int32_t slot = NO_SLOT;
    for (int i = f->nfree - 1; i >= 0; i--) {
        FreeSlot *fs = &f->free[i];
        if (fs->size == size && fs->maskkey == key && (SLOT_REG(fs->slot) == REG_PTR) == ptrs) {
            slot = fs->slot;
            f->free[i] = f->free[--f->nfree];
            break;
        }
    }
    if (slot == NO_SLOT) {
        if (ptrs) {
            slot = SLOT_MAKE(REG_PTR, f->ptr_top);
            gen_ptr_bits_reserve(f, f->ptr_top + (uint32_t)size);
            gen_ptrmask_fill(t, f->ptr_top, f->ptr_bits);
            if (f->nptr_slots + 2 > f->capptr_slots) {
                f->capptr_slots = f->capptr_slots ? f->capptr_slots * 2 : 32;
                f->ptr_slots = realloc(f->ptr_slots, sizeof(uint32_t) * (size_t)f->capptr_slots);
            }
            f->ptr_slots[f->nptr_slots++] = f->ptr_top;
            f->ptr_slots[f->nptr_slots++] = (uint32_t)size;
            f->ptr_top += (uint32_t)size;
        } else {
            slot = SLOT_MAKE(REG_SCAL, f->scal_top);
            f->scal_top += (uint32_t)size;
        }
    }
    if (temp) {
        GROW(f->temps, f->ntemps, f->captemps);
        f->temps[f->ntemps++] = (FreeSlot){ slot, size, key };
    }
    return slot;
}

int32_t gen_temp(Gen *g, Type *t)  { return gen_slot_alloc(g, t, true); }
int32_t gen_local(Gen *g, Type *t) { return gen_slot_alloc(g, t, false); }

/* A frame object reached through its address (an address-taken variable kept in the frame, a
 * non-escaping &T{...}): stores through the address are invisible to the liveness pass, so its
 * pointer words are marked at every safepoint of the function. Only the pointer region needs
 * this (results and params are always marked; the scalar region holds no pointers). */
void gen_addr_slot(Gen *g, int32_t slot, Type *t) {
    GenFunc *f = g->f;
    if (slot < 0 || SLOT_REG(slot) != REG_PTR || !type_has_pointers(t)) return;
    if (f->naddr + 2 > f->capaddr) {
        f->capaddr = f->capaddr ? f->capaddr * 2 : 16;
        f->addr_slots = realloc(f->addr_slots, sizeof(uint32_t) * (size_t)f->capaddr);
    }
    f->addr_slots[f->naddr++] = SLOT_OFF(slot);
    f->addr_slots[f->naddr++] = (uint32_t)gen_slot_size(t);
}

int gen_temps_mark(Gen *g) { return g->f->ntemps; }

void gen_temps_release(Gen *g, int mark) {
    GenFunc *f = g->f;
    while (f->ntemps > mark) {
        GROW(f->free, f->nfree, f->capfree);
        f->free[f->nfree++] = f->temps[--f->ntemps];
    }
}

int32_t gen_out_slot(Gen *g, uint32_t callee_args_size) {
    uint32_t need = 16 + (callee_args_size + 7) / 8 * 8;
    if (need > g->f->out_size) g->f->out_size = need;
    return SLOT_MAKE(REG_OUT, 0);
}

/* ---- the calling convention ---- */

static Field *gen_sig_results(Type *sig, int *n) {
    Type *u = sig ? gen_under(sig) : NULL;
    if (!u) { *n = 0; return NULL; }
    if (u->kind == TY_TUPLE) { *n = u->nfields; return u->fields; }
    *n = u->nresults;
    return u->results;
}

int64_t gen_sig_result_off(Type *sig, int i) {
    int n;
    Field *r = gen_sig_results(sig, &n);
    int64_t off = 0;
    for (int k = 0; k < i && k < n; k++) off += gen_slot_size(r[k].type);
    return off;
}

uint32_t gen_sig_args_size(Type *recv, Type *sig, uint32_t *results_size) {
    int n;
    Field *r = gen_sig_results(sig, &n);
    int64_t off = 0;
    for (int k = 0; k < n; k++) off += gen_slot_size(r[k].type);
    if (results_size) *results_size = (uint32_t)off;
    if (recv) off += gen_slot_size(recv);
    Type *u = gen_under(sig);
    for (int k = 0; k < u->nfields; k++) off += gen_slot_size(u->fields[k].type);
    return (uint32_t)off;
}

int64_t gen_sig_param_off(Type *recv, Type *sig, int i) {
    uint32_t rs;
    Type *u = gen_under(sig);
    int n;
    Field *r = gen_sig_results(sig, &n);
    int64_t off = 0;
    for (int k = 0; k < n; k++) off += gen_slot_size(r[k].type);
    rs = (uint32_t)off;
    (void)rs;
    if (i < 0) return off;
    if (recv) off += gen_slot_size(recv);
    for (int k = 0; k < i && k < u->nfields; k++) off += gen_slot_size(u->fields[k].type);
    return off;
}

/* Moves an escaping parameter or result into a heap cell: the variable's slot becomes the
 * pointer to the cell (VAR_HEAP), and a parameter's incoming value is copied into it. */
static void gen_var_to_heap(Gen *g, Obj *v, int32_t incoming, bool copy_in) {
    int32_t p = gen_local(g, type_pointer_to(v->type));
    gen_emit(g, OP_NEW, (int64_t)p, (int64_t)gen_type_index(g, v->type));
    if (copy_in) {
        Loc l = { LOC_MEM, p, 0, 0, v->type };
        gen_store(g, &l, incoming);
    }
    v->frame_off = p;
}

static void gen_fixed_bits_set(GenFunc *f, Type *t, int64_t off) {
    gen_ptrmask_fill(t, off, f->fixed_bits);
}

/* Assigns the offsets of results and params (receiver first, when recv is not NULL). */
void gen_frame_layout_sig(Gen *g, Type *recv, Type *sig) {
    GenFunc *f = g->f;
    uint32_t rs;
    uint32_t as = gen_sig_args_size(recv, sig, &rs);
    f->fixed_size = as;
    f->results_size = rs;
    f->fixed_bits = calloc((as / 8 + 7) / 8 + 1, 1);
    Type *u = gen_under(sig);
    f->nresults = u->nresults;
    f->named_results = calloc((size_t)u->nresults + 1, sizeof(Obj *));
    f->result_off = calloc((size_t)u->nresults + 1, sizeof(int32_t));
    for (int i = 0; i < u->nresults; i++) {
        f->result_off[i] = (int32_t)gen_sig_result_off(sig, i);
        gen_fixed_bits_set(f, u->results[i].type, f->result_off[i]);
    }
    if (recv) gen_fixed_bits_set(f, recv, gen_sig_param_off(recv, sig, -1));
    for (int i = 0; i < u->nfields; i++)
        gen_fixed_bits_set(f, u->fields[i].type, gen_sig_param_off(recv, sig, i));
}

/* Lays out decl's results and params (receiver first) and binds their objects. */
void gen_frame_layout_params(Gen *g, Node *decl) {
    Obj *fn = decl->obj;
    gen_frame_bind_params(g, fn->recv, fn->type, decl->a, decl->b);
}

void gen_frame_bind_params(Gen *g, Type *recv, Type *sig, Node *recv_field, Node *ft) {
    GenFunc *f = g->f;
    gen_frame_layout_sig(g, recv, sig);

    /* bind objects: receiver, params, named results */
    if (recv_field && recv_field->list.len > 0) {
        Obj *v = recv_field->list.items[0]->obj;
        if (v) {
            int32_t off = (int32_t)gen_sig_param_off(recv, sig, -1);
            v->frame_off = off;
            if (v->vclass == VAR_HEAP) gen_var_to_heap(g, v, off, true);
            else v->vclass = VAR_PARAM;
            gen_var_mark(g, v);
        }
    }
    int pi = 0;
    for (int i = 0; ft && i < ft->list.len; i++) {
        Node *fld = ft->list.items[i];
        int nn = fld->list.len ? fld->list.len : 1;
        for (int k = 0; k < nn; k++, pi++) {
            Obj *v = fld->list.len ? fld->list.items[k]->obj : NULL;
            if (!v) continue;
            int32_t off = (int32_t)gen_sig_param_off(recv, sig, pi);
            v->frame_off = off;
            if (v->vclass == VAR_HEAP) gen_var_to_heap(g, v, off, true);
            else v->vclass = VAR_PARAM;
            gen_var_mark(g, v);
        }
    }
    int ri = 0;
    for (int i = 0; ft && i < ft->list2.len; i++) {
        Node *fld = ft->list2.items[i];
        int nn = fld->list.len ? fld->list.len : 1;
        for (int k = 0; k < nn; k++, ri++) {
            Obj *v = fld->list.len ? fld->list.items[k]->obj : NULL;
            if (!v || ri >= f->nresults) continue;
            f->named_results[ri] = v;
            f->has_named_results = true;
            v->frame_off = f->result_off[ri];
            if (v->vclass == VAR_HEAP) gen_var_to_heap(g, v, 0, false);
            else v->vclass = VAR_RESULT;
            gen_var_mark(g, v);
        }
    }
}

/* ---- the final layout ---- */

static int32_t gen_reloc(int32_t s, uint32_t ptr_base, uint32_t scal_base, uint32_t out_base) {
    uint32_t off = SLOT_OFF(s);
    switch (SLOT_REG(s)) {
    case REG_PTR:  return (int32_t)(ptr_base + off);
    case REG_SCAL: return (int32_t)(scal_base + off);
    case REG_OUT:  return (int32_t)(out_base + off);
    default:       return (int32_t)off;
    }
}

void gen_frame_finish(Gen *g, FuncInfo *fi) {
    GenFunc *f = g->f;
    uint32_t ptr_base = (f->fixed_size + 7) / 8 * 8;
    uint32_t scal_base = ptr_base + f->ptr_top;
    uint32_t out_base = scal_base + f->scal_top;
    uint32_t frame_size = out_base + f->out_size;
    for (uint32_t pc = 0; pc < f->ncode;) {
        Opcode op = (Opcode)f->code[pc];
        const char *ops = op_info[op].operands;
        bool is_call = op_is_call(op);
        bool first_n = true;             /* a call's first 'n' is its frame header offset */
        for (int i = 0; ops[i]; i++) {
            uint32_t *w = &f->code[pc + 1 + i];
            bool header = is_call && ops[i] == 'n' && first_n;
            if (ops[i] == 'n') first_n = false;
            if (ops[i] == 'd' || ops[i] == 's' || header)
                *w = (uint32_t)gen_reloc((int32_t)*w, ptr_base, scal_base, out_base);
        }
        pc += (uint32_t)op_length(op);
    }
    fi->frame_size = frame_size;
    fi->results_size = f->results_size;
    fi->args_size = f->fixed_size;
    fi->zero_off = ptr_base;
    fi->zero_size = f->ptr_top;
}
