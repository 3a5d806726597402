/* compiler/gen_closure.c — function literals: closure objects, their bodies, their names.
 *
 * A func value is a pointer to a closure object whose first word is the function
 * (runtime/type.h). A top-level function's value points at its static one-word closure
 * (LOADFN). A function literal that captures variables gets a closure object of its own each
 * time the literal is evaluated, laid out as a struct (Go's funcval, cmd/compile's closure
 * struct):
 *
 *     struct { F uintptr; x int; p *int; ... }
 *              |          |      `-- a variable captured by reference: its address
 *              |          `-- a variable captured by value: a copy (it is never reassigned)
 *              `-- funcs[f] (a FuncInfo*, not a heap pointer: the GC skips it)
 *
 * escape.c decides, as Go does, which variables are captured by value (Obj.byval) and whether
 * the closure object escapes (NF_STACK on the FUNCLIT when it does not). A closure that does
 * not escape is built in a frame slot of the enclosing function (FNWORD, then the captures,
 * then FADDR), and its by-reference variables may stay in the frame too; one that escapes is
 * allocated with CLOSURE, whose type descriptor gives the collector its pointer words.
 *
 * The body of a literal is a function of its own, numbered with the others before escape
 * analysis (gen_number_lits) and generated after them (gen_lit_bodies). A call through a func
 * value leaves the closure pointer in the VM's context register (vm/interp.c fnval_enter, Go's
 * DX); the body's prologue copies it into a frame slot (GETCTX) and loads every capture from
 * it into the variable's slot in this function: a by-value variable becomes an ordinary local
 * holding the copy, a by-reference variable a VAR_HEAP-like slot holding the address, so the
 * rest of the body reads and writes it with the code any variable gets. Captured variables are
 * Objs shared with the enclosing function, so their frame offsets are rebound per function:
 * each function binds every variable it uses, at its start (params, captures) or declaration
 * (locals), and functions are generated one at a time, so a literal's creation code, emitted
 * while its parent is generated, sees the parent's bindings.
 *
 * Method values (x.M, i.M outside a call) are closures too: {F: the M-fm wrapper, R: the
 * receiver}; the wrapper loads R and calls the method (CALL, or CALLIFACE through an
 * interface's itab). An interface's method expression I.M is a generated function taking the
 * interface value first.
 *
 * Names are Go's: `main.f.func1`, `main.f.func2` for the literals of f in source order,
 * `main.f.func1.1` for a literal inside `main.f.func1`, `main.glob..func1` for one in a
 * package-level initialiser. Tracebacks and `gol build -m` print them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"
#include "lang/grammar.h"

#define E(op, ...) gen_emit(g, OP_##op, __VA_ARGS__)
#define I(x) ((int64_t)(x))

static char *gen_lit_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) { perror("gol"); exit(1); }
    memcpy(p, s, n);
    return p;
}

/* ==== numbering and names ==== */

typedef struct LitNamer { Gen *g; Package *pkg; uint32_t file; } LitNamer;

static void gen_number_in(LitNamer *nm, Node *n, const char *parent, bool parent_is_lit, int *counter);

static void gen_number_list(LitNamer *nm, NodeList *l, const char *parent, bool parent_is_lit, int *counter) {
    for (int i = 0; i < l->len; i++) gen_number_in(nm, l->items[i], parent, parent_is_lit, counter);
}

/* Numbers every literal under n, in source order; `parent` is the enclosing function's name
 * and *counter how many literals it has so far. */
static void gen_number_in(LitNamer *nm, Node *n, const char *parent, bool parent_is_lit, int *counter) {
    if (!n) return;
    if (n->kind == N_FUNCLIT) {
        char name[1024];
        ++*counter;
        if (parent_is_lit) snprintf(name, sizeof name, "%s.%d", parent, *counter);
        else snprintf(name, sizeof name, "%s.func%d", parent, *counter);
        uint32_t index = gen_func_new(nm->g, gen_lit_strdup(name), nm->file, (uint32_t)n->pos.line);
        n->aux = index;
        Gen *g = nm->g;
        if (g->nlits >= g->caplits) {
            g->caplits = g->caplits ? g->caplits * 2 : 16;
            g->lits = realloc(g->lits, sizeof(Node *) * (size_t)g->caplits);
        }
        g->lit_pkgs = realloc(g->lit_pkgs, sizeof(Package *) * (size_t)g->caplits);
        g->lit_pkgs[g->nlits] = nm->pkg;
        g->lits[g->nlits++] = n;
        int inner = 0;
        gen_number_in(nm, n->body, g->funcs[index].name, true, &inner);
        return;
    }
    Node *kids[] = { n->init, n->cond, n->post, n->a, n->b, n->c, n->d };
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) gen_number_in(nm, kids[i], parent, parent_is_lit, counter);
    gen_number_list(nm, &n->list, parent, parent_is_lit, counter);
    gen_number_list(nm, &n->list2, parent, parent_is_lit, counter);
    gen_number_in(nm, n->body, parent, parent_is_lit, counter);
    gen_number_in(nm, n->els, parent, parent_is_lit, counter);
}

void gen_number_lits(Gen *g, Package *p, uint32_t file) {
    Node *root = p->file ? p->file->root : NULL;
    if (!root) return;
    LitNamer nm = { g, p, file };
    char glob[512];
    snprintf(glob, sizeof glob, "%s.glob.", p->path ? p->path : "main");
    int nglob = 0;
    for (int i = 0; i < root->list2.len; i++) {
        Node *d = root->list2.items[i];
        if (d->kind == N_FUNCDECL && d->obj && d->body && d->obj->func_index >= 0) {
            int n = 0;
            gen_number_in(&nm, d->body, g->funcs[d->obj->func_index].name, false, &n);
        } else if (d->kind == N_VARDECL) {
            gen_number_in(&nm, d, glob, false, &nglob);
        }
    }
}

/* ==== the closure object ==== */

/* struct { F uintptr; captures... } for the literal e (built once per literal). */
Type *gen_closure_type(Gen *g, Node *e) {
    uint32_t fi = (uint32_t)e->aux;
    if (fi >= g->capclosure_types) {
        uint32_t nc = fi + 64;
        g->closure_types = realloc(g->closure_types, sizeof(Type *) * nc);
        memset(g->closure_types + g->capclosure_types, 0, sizeof(Type *) * (nc - g->capclosure_types));
        g->capclosure_types = nc;
    }
    if (g->closure_types[fi]) return g->closure_types[fi];
    Type *t = type_new(TY_STRUCT);
    t->fields = calloc((size_t)e->list.len + 1, sizeof(Field));
    t->fields[0].name = "F";
    t->fields[0].type = t_uintptr;
    t->nfields = 1;
    for (int i = 0; i < e->list.len; i++) {
        Obj *v = e->list.items[i]->obj;
        Field *f = &t->fields[t->nfields++];
        f->name = v->name;
        f->type = v->byval ? v->type : type_pointer_to(v->type);
    }
    type_size(t);                       /* lays it out: field offsets */
    g->closure_types[fi] = t;
    return t;
}

/* The value or the address of captured variable v, as the current function sees it. */
static int32_t gen_capture_value(Gen *g, Node *id) {
    Obj *v = id->obj;
    if (v->byval) return gen_expr(g, id, NO_SLOT);
    Node amp;
    memset(&amp, 0, sizeof amp);
    amp.kind = N_UNARY;
    amp.op = TK_AND;
    amp.pos = id->pos;
    amp.a = id;
    amp.type = type_pointer_to(v->type);
    return gen_expr(g, &amp, NO_SLOT);
}

/* A function literal's value: the static closure when it captures nothing, else a new closure
 * object in the frame (it does not escape) or in the heap. */
int32_t gen_func_lit(Gen *g, Node *e, int32_t dst) {
    uint32_t fi = (uint32_t)e->aux;
    Type *ft = e->type;
    if (e->list.len == 0) {
        int32_t d = dst >= 0 ? dst : gen_temp(g, ft);
        E(LOADFN, I(d), I(fi));
        return d;
    }
    Type *ct = gen_closure_type(g, e);
    Type *pt = type_pointer_to(ct);
    int32_t *vals = calloc((size_t)e->list.len, sizeof(int32_t));
    for (int i = 0; i < e->list.len; i++) vals[i] = gen_capture_value(g, e->list.items[i]);
    int32_t d = dst >= 0 ? dst : gen_temp(g, ft);
    if (escape_on_stack(e)) {
        int32_t q = gen_frame_object(g, ct);
        E(FNWORD, I(q), I(fi));
        for (int i = 0; i < e->list.len; i++) {
            Field *f = &ct->fields[i + 1];
            Loc at = { LOC_FRAME, q + (int32_t)f->offset, 0, 0, f->type };
            gen_store(g, &at, vals[i]);
        }
        E(FADDR, I(d), I(q));
    } else {
        int32_t p = gen_temp(g, pt);
        E(CLOSURE, I(p), I(fi), I(gen_type_index(g, ct)));
        for (int i = 0; i < e->list.len; i++) {
            Field *f = &ct->fields[i + 1];
            Loc at = { LOC_MEM, p, f->offset, 0, f->type };
            gen_store(g, &at, vals[i]);
        }
        E(MOV, I(d), I(p));
    }
    free(vals);
    return d;
}

/* ==== method values ==== */

/* A method value x.M is a closure too (Go's "M-fm" wrapper): the receiver, evaluated (and, for
 * a value method, copied) when x.M is evaluated, is its one captured value; the wrapper loads
 * it from the context and calls the method with the params it was given. */
Type *gen_method_value_type(Type *recv) {
    Type *t = type_new(TY_STRUCT);
    t->fields = calloc(3, sizeof(Field));
    t->fields[0] = (Field){ .name = "F", .type = t_uintptr };
    t->fields[1] = (Field){ .name = "R", .type = recv };
    t->nfields = 2;
    type_size(t);
    return t;
}

/* Calls method `name` of the interface value in slot iv (of type itype) with the current
 * function's own params (laid out for own_recv and sig), copies the results back and returns. */
static void gen_forward_iface(Gen *g, int32_t iv, Type *itype, const char *name, Type *sig, Type *own_recv) {
    Type *u = gen_under(sig);
    int32_t out = gen_out_slot(g, gen_sig_args_size(t_unsafeptr, sig, NULL));
    int32_t cbase = out + 16;
    for (int i = 0; i < u->nfields; i++)
        gen_move(g, cbase + (int32_t)gen_sig_param_off(t_unsafeptr, sig, i), (int32_t)gen_sig_param_off(own_recv, sig, i),
                 u->fields[i].type);
    E(CALLIFACE, I(iv), I(out), I(gen_iface_method_index(itype, name)));
    for (int i = 0; i < u->nresults; i++) {
        int32_t off = (int32_t)gen_sig_result_off(sig, i);
        gen_move(g, off, cbase + off, u->results[i].type);
    }
    gen_emit(g, OP_RET);
}

/* Calls method fn with the receiver in slot rv and the current function's own params (laid out
 * for own_recv and sig), copies the results back and returns. */
static void gen_forward_method(Gen *g, int32_t rv, Obj *fn, Type *own_recv) {
    Type *recv = fn->recv, *sig = fn->type, *u = gen_under(sig);
    int32_t out = gen_out_slot(g, gen_sig_args_size(recv, sig, NULL));
    int32_t cbase = out + 16;
    gen_move(g, cbase + (int32_t)gen_sig_param_off(recv, sig, -1), rv, recv);
    for (int i = 0; i < u->nfields; i++)
        gen_move(g, cbase + (int32_t)gen_sig_param_off(recv, sig, i), (int32_t)gen_sig_param_off(own_recv, sig, i),
                 u->fields[i].type);
    gen_emit(g, fn->is_native ? OP_CALLNAT : OP_CALL, I(fn->func_index), I(out));
    for (int i = 0; i < u->nresults; i++) {
        int32_t off = (int32_t)gen_sig_result_off(sig, i);
        gen_move(g, off, cbase + off, u->results[i].type);
    }
    gen_emit(g, OP_RET);
}

/* The wrapper a method value calls, main.T.M-fm (at <autogenerated>:1, as Go's): it loads the
 * receiver (a value, a pointer or an interface value) from its closure and calls the method:
 * fn, or method `name` through the interface's itab when fn is NULL. */
static uint32_t gen_fm_wrapper_make(Gen *g, Type *recv, Obj *fn, const char *name, Type *sig) {
    char fname[600];
    if (fn) {
        snprintf(fname, sizeof fname, "%s-fm", g->funcs[fn->func_index].name);
    } else {
        char ts[400];
        type_string(recv, ts, sizeof ts, true);
        snprintf(fname, sizeof fname, "%s.%s-fm", ts, name);
    }
    GenFunc f;
    uint32_t index = gen_synth_begin(g, &f, fname, "<autogenerated>", NULL, sig);
    Type *ct = gen_method_value_type(recv);
    int32_t ctx = gen_local(g, type_pointer_to(ct));
    E(GETCTX, I(ctx));
    Loc r = { LOC_MEM, ctx, ct->fields[1].offset, 0, recv };
    int32_t rv = gen_load(g, &r, NO_SLOT);
    if (fn) gen_forward_method(g, rv, fn, NULL);
    else gen_forward_iface(g, rv, recv, name, sig, NULL);
    gen_synth_end(g, index);
    return index;
}

/* I.M: a function taking the interface value first (Go's autogenerated main.I.M). */
static uint32_t gen_iface_expr_make(Gen *g, Type *itype, const char *name, Type *sig) {
    char fname[600], ts[400];
    type_string(itype, ts, sizeof ts, true);
    snprintf(fname, sizeof fname, "%s.%s", ts, name);
    GenFunc f;
    uint32_t index = gen_synth_begin(g, &f, fname, "<autogenerated>", itype, sig);
    gen_forward_iface(g, (int32_t)gen_sig_param_off(itype, sig, -1), itype, name, sig, itype);
    gen_synth_end(g, index);
    return index;
}

/* The method value wrapper (expr false) or I.M function (expr true) for recv.name, made once. */
static uint32_t gen_fm_wrapper(Gen *g, Type *recv, Obj *fn, const char *name, Type *sig, bool expr) {
    for (uint32_t i = 0; i < g->nfms; i++)
        if (g->fms[i].expr == expr && g->fms[i].name == name && types_identical(g->fms[i].recv, recv))
            return g->fms[i].func;
    GenFunc *outer = g->f;              /* made in the middle of another function */
    uint32_t func = expr ? gen_iface_expr_make(g, recv, name, sig) : gen_fm_wrapper_make(g, recv, fn, name, sig);
    g->f = outer;
    if (g->nfms >= g->capfms) {
        g->capfms = g->capfms ? g->capfms * 2 : 8;
        g->fms = realloc(g->fms, sizeof(GenFmWrapper) * g->capfms);
        if (!g->fms) { perror("gol"); exit(1); }
    }
    g->fms[g->nfms++] = (GenFmWrapper){ recv, name, expr, func };
    return func;
}

uint32_t gen_iface_method_func(Gen *g, Type *itype, const char *name) {
    Type *u = gen_under(itype);
    int k = gen_iface_method_index(itype, name);
    return gen_fm_wrapper(g, itype, NULL, name, u->methods[k].sig, true);
}

int32_t gen_method_value(Gen *g, Node *e, int32_t dst) {
    Obj *fn = e->aux == SEL_METHOD ? e->obj : NULL;
    Type *recv = fn ? fn->recv : e->a->type;
    Type *ct = gen_method_value_type(recv);
    int32_t rv = gen_expr_stable(g, e->a);      /* x, &x or *p: a nil *p panics here, as in Go */
    if (!fn) E(NILCHK, I(rv));                  /* and so does a nil interface */
    uint32_t wrapper = gen_fm_wrapper(g, recv, fn, e->name, fn ? fn->type : e->type, false);
    int32_t d = dst >= 0 ? dst : gen_temp(g, e->type);
    Field *rf = &ct->fields[1];
    if (escape_on_stack(e)) {
        int32_t q = gen_frame_object(g, ct);
        E(FNWORD, I(q), I(wrapper));
        Loc at = { LOC_FRAME, q + (int32_t)rf->offset, 0, 0, rf->type };
        gen_store(g, &at, rv);
        E(FADDR, I(d), I(q));
    } else {
        int32_t p = gen_temp(g, type_pointer_to(ct));
        E(CLOSURE, I(p), I(wrapper), I(gen_type_index(g, ct)));
        Loc at = { LOC_MEM, p, rf->offset, 0, rf->type };
        gen_store(g, &at, rv);
        E(MOV, I(d), I(p));
    }
    return d;
}

/* ==== the bodies ==== */

/* The prologue: the context into a slot, then each capture into its variable's slot. */
static void gen_lit_prologue(Gen *g, Node *e) {
    Type *ct = gen_closure_type(g, e);
    int32_t ctx = gen_local(g, type_pointer_to(ct));
    E(GETCTX, I(ctx));
    for (int i = 0; i < e->list.len; i++) {
        Obj *v = e->list.items[i]->obj;
        Field *f = &ct->fields[i + 1];
        v->frame_off = gen_local(g, f->type);
        v->vclass = v->byval ? VAR_LOCAL : VAR_HEAP;
        gen_var_mark(g, v);
        Loc from = { LOC_MEM, ctx, f->offset, 0, f->type };
        gen_load(g, &from, v->frame_off);
    }
}

static void gen_lit_body(Gen *g, Node *e) {
    GenFunc f;
    uint32_t index = (uint32_t)e->aux;
    gen_func_begin(g, &f, NULL, e->type, e->pos.line);
    gen_frame_bind_params(g, NULL, e->type, NULL, e->b);
    if (e->list.len) gen_lit_prologue(g, e);
    gen_func_end(g, index, e->body, e->pos);
}

void gen_lit_bodies(Gen *g) {
    for (uint32_t i = 0; i < g->nlits && !g->failed; i++) {
        g->pkg = g->lit_pkgs[i];
        g->file = g->pkg->file->path;
        gen_lit_body(g, g->lits[i]);
    }
}
