/* compiler/gen_stmt.c — statements and control flow.
 *
 * Each statement is generated between a temporaries mark and its release, so a temporary never
 * outlives the statement that made it (gen_frame.c reuses its slot for the next one of the same
 * shape). Variables get their slot when their declaration is generated (gen_declare_var); a
 * variable moved to the heap (VAR_HEAP) gets a pointer slot and a NEW each time its declaration
 * runs, so every loop iteration that declares it gets a fresh cell, as in Go. An address-taken
 * variable that escape analysis keeps in the frame reuses its slot on every iteration, which is
 * right because its address never outlives the iteration (compiler/escape.c's loop-depth rule).
 *
 * Loops are laid out with the test at the bottom:
 *
 *         init                            for i := 0; i < n; i++ { body }
 *         JMP cond
 *   body: ...                             body falls through into post, and the one
 *   cont: post                            conditional jump per iteration is the backward
 *   cond: JLT_I i n body                  JLT_I (or JLTI for a constant bound)
 *   end:
 *
 * Assignments follow Go's two phases: first the index and pointer operands on the left and the
 * values on the right are evaluated, then the stores happen left to right. A single assignment
 * to a variable computes the value straight into the variable's slot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"
#include "lang/grammar.h"

#define E(op, ...) gen_emit(g, OP_##op, __VA_ARGS__)
#define I(x) ((int64_t)(x))

static void gen_stmt_labeled(Gen *g, Node *s, const char *label);

/* ==== variables ==== */

static uint64_t gen_ptr_hash(const void *p) {
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return x;
}

bool gen_var_declared(Gen *g, Obj *v) {
    GenFunc *f = g->f;
    if (f->capdeclared == 0) return false;
    for (uint64_t h = gen_ptr_hash(v) & (uint64_t)(f->capdeclared - 1);; h = (h + 1) & (uint64_t)(f->capdeclared - 1)) {
        if (f->declared[h] == v) return true;
        if (!f->declared[h]) return false;
    }
}

void gen_var_mark(Gen *g, Obj *v) {
    GenFunc *f = g->f;
    if ((f->ndeclared + 1) * 2 > f->capdeclared) {
        int nc = f->capdeclared ? f->capdeclared * 2 : 64;
        Obj **old = f->declared;
        int oc = f->capdeclared;
        f->declared = calloc((size_t)nc, sizeof(Obj *));
        f->capdeclared = nc;
        f->ndeclared = 0;
        for (int i = 0; i < oc; i++) if (old[i]) gen_var_mark(g, old[i]);
        free(old);
    }
    uint64_t h = gen_ptr_hash(v) & (uint64_t)(f->capdeclared - 1);
    while (f->declared[h]) h = (h + 1) & (uint64_t)(f->capdeclared - 1);
    f->declared[h] = v;
    f->ndeclared++;
}

/* Gives v its slot the first time; a heap variable gets a new cell every time this runs. */
void gen_declare_var(Gen *g, Obj *v, Pos pos) {
    if (!v || v->kind != OBJ_VAR) return;
    if (!gen_var_declared(g, v)) {
        (void)pos;                       /* the class was decided by escape_analyze */
        if (v->vclass == VAR_HEAP) v->frame_off = gen_local(g, type_pointer_to(v->type));
        else {
            v->frame_off = gen_local(g, v->type);
            v->vclass = VAR_LOCAL;
            if (v->addr_taken) gen_addr_slot(g, v->frame_off, v->type);   /* kept in the frame */
        }
        gen_var_mark(g, v);
    }
    if (v->vclass == VAR_HEAP) E(NEW, I(v->frame_off), I(gen_type_index(g, v->type)));
}

static bool gen_is_blank(Node *n) {
    return n->kind == N_IDENT && !n->obj;
}

/* Declares (if new) the identifier n on the left of := and returns its location. */
static Loc gen_define_target(Gen *g, Node *n) {
    if (gen_is_blank(n)) return (Loc){ LOC_BLANK, NO_SLOT, 0, 0, n->type };
    if (n->kind == N_IDENT && n->obj && n->obj->kind == OBJ_VAR && !gen_var_declared(g, n->obj) &&
        n->obj->vclass != VAR_GLOBAL)
        gen_declare_var(g, n->obj, n->pos);
    return gen_lvalue(g, n);
}

/* Stores the value of rhs into l, computing it in place when l is a plain slot. */
static void gen_assign_one(Gen *g, Loc *l, Node *rhs) {
    Node *r = rhs;
    while (r->kind == N_PAREN) r = r->a;
    if (l->kind == LOC_SLOT && r->kind != N_COMPOSITE) {
        gen_expr(g, rhs, l->slot);
        return;
    }
    int32_t v = gen_expr(g, rhs, NO_SLOT);
    gen_store(g, l, v);
}

/* ==== assignment ==== */

/* v, ok := m[k]: MAPACCESS2 gives the value's address (or a zero value's) and ok; the value is
 * loaded at once, before anything could change the map. vals[0] = value, vals[1] = ok. */
void gen_map_comma_ok(Gen *g, Node *ix, int32_t vals[2]) {
    Type *mt = ix->a->type, *vt = gen_under(mt)->elem;
    int32_t m = gen_operand(g, ix->a, ix->b);
    int32_t k = gen_expr(g, ix->b, NO_SLOT);
    int32_t p = gen_temp(g, type_pointer_to(vt));
    vals[1] = gen_temp(g, t_bool);
    E(MAPACCESS2, I(p), I(vals[1]), I(m), I(k), I(gen_type_index(g, mt)));
    Loc l = { LOC_MEM, p, 0, 0, vt };
    vals[0] = gen_temp(g, vt);
    gen_load(g, &l, vals[0]);
}

/* Stores v, a value of type `from`, into l, made an interface first when l is one of another
 * type: `var a, b interface{} = x.(int)` or `= f()` boxes each value (a single value gets its
 * conversion from the checker; the values of a tuple have none). */
void gen_store_converted(Gen *g, Loc *l, int32_t v, Type *from) {
    if (l->type && gen_under(l->type)->kind == TY_INTERFACE && !types_identical(l->type, from)) {
        int32_t t = gen_temp(g, l->type);
        gen_to_iface(g, t, v, from, l->type);
        v = t;
    }
    gen_store(g, l, v);
}

static void gen_assign_multi_call(Gen *g, Node *s, bool define) {
    int n = s->list.len;
    Loc *ls = calloc((size_t)n, sizeof(Loc));
    g->lv_stable = true;
    for (int i = 0; i < n; i++) {
        Node *l = s->list.items[i];
        ls[i] = define ? gen_define_target(g, l) : (gen_is_blank(l) ? (Loc){ LOC_BLANK, NO_SLOT, 0, 0, NULL } : gen_lvalue(g, l));
    }
    g->lv_stable = false;
    Node *call = s->list2.items[0];
    if (gen_is_comma_ok(call)) {
        int32_t v[2];
        gen_comma_ok(g, call, &v[0], &v[1]);
        Type *from[2] = { gen_comma_ok_type(call), t_bool };
        for (int i = 0; i < n && i < 2; i++)
            if (ls[i].kind != LOC_BLANK) gen_store_converted(g, &ls[i], v[i], from[i]);
        free(ls);
        return;
    }
    if (call->kind != N_CALL) {
        gen_error(g, call->pos, "comma-ok expressions not supported yet");
        free(ls);
        return;
    }
    int32_t base = gen_call_multi(g, call);
    Type *tup = call->type;
    for (int i = 0; i < n; i++) {
        if (ls[i].kind == LOC_BLANK) continue;
        gen_store_converted(g, &ls[i], base + (int32_t)gen_sig_result_off(tup, i), gen_under(tup)->fields[i].type);
    }
    free(ls);
}

static void gen_assign_tuple(Gen *g, Node *s, bool define) {
    int n = s->list.len;
    Loc *ls = calloc((size_t)n, sizeof(Loc));
    int32_t *vs = calloc((size_t)n, sizeof(int32_t));
    g->lv_stable = true;
    for (int i = 0; i < n; i++) {
        Node *l = s->list.items[i];
        if (define) {
            /* new variables are declared after the values are computed (they are not in
             * scope on the right), but their slots must exist for the stores */
            ls[i] = (Loc){ LOC_BLANK, NO_SLOT, 0, 0, NULL };
        } else {
            ls[i] = gen_is_blank(l) ? (Loc){ LOC_BLANK, NO_SLOT, 0, 0, NULL } : gen_lvalue(g, l);
        }
    }
    g->lv_stable = false;
    for (int i = 0; i < n; i++) {
        Node *r = s->list2.items[i];
        int32_t t = gen_temp(g, r->type);
        gen_expr(g, r, t);
        vs[i] = t;
    }
    for (int i = 0; i < n; i++) {
        if (define) ls[i] = gen_define_target(g, s->list.items[i]);
        gen_store(g, &ls[i], vs[i]);
    }
    free(ls);
    free(vs);
}

/* A node standing for "the value already in slot s" (op-assign and incdec reuse gen_arith). */
static Node gen_slot_node(int32_t s, Type *t) {
    Node n;
    memset(&n, 0, sizeof n);
    n.kind = N_EMPTY;
    n.slot = s;
    n.type = t;
    return n;
}

/* m[k] op= v: Go evaluates v first, then reads m[k] (so a call in v that changes m[k] is seen,
 * and a v that panics leaves m as it was).
 * The entry is then found once (mapassign, then *p op= v) when op cannot panic; otherwise it is
 * read, combined and stored (a panicking `m[k] /= 0` must not insert k). */
static bool gen_map_op_in_place(int op) {
    switch (op) {
    case TK_PLUS: case TK_MINUS: case TK_STAR: case TK_AND: case TK_OR: case TK_XOR: case TK_ANDNOT:
    case TK_ADD_ASSIGN: case TK_SUB_ASSIGN: case TK_MUL_ASSIGN: case TK_AND_ASSIGN: case TK_OR_ASSIGN:
    case TK_XOR_ASSIGN: case TK_AND_NOT_ASSIGN:
        return true;
    default:
        return false;
    }
}

/* x op= v with a call in v: Go hoists the call out of the statement (order.go), so it runs
 * before x's operands are read, and `a[i] += f()` with f changing i reads and writes the same,
 * new a[i]. A call on the left (`a[g()] += f()`) runs first, as Go's hoisting does; the left's
 * operands are then pinned (lv_stable) so the read and the store still agree. */
static void gen_op_assign(Gen *g, Node *lhs, int op, Node *rhs, Pos pos) {
    Node rv;
    if (gen_may_call(rhs) && !gen_may_call(lhs)) {
        int32_t r = gen_temp(g, rhs->type);
        gen_expr(g, rhs, r);
        rv = gen_slot_node(r, rhs->type);
        rhs = &rv;
    }
    g->lv_stable = gen_may_call(rhs);
    Loc l = gen_lvalue(g, lhs);
    g->lv_stable = false;
    if (l.kind == LOC_MAPEL) {
        /* v before the entry is made: a panicking v (m[0] += *nilp) must not insert the key */
        if (!rhs->cval && rhs->kind != N_EMPTY && rhs->kind != N_IDENT) {
            int32_t r = gen_temp(g, rhs->type);
            gen_expr(g, rhs, r);
            rv = gen_slot_node(r, rhs->type);
            rhs = &rv;
        }
        if (gen_map_op_in_place(op)) l = gen_map_assign_loc(g, l);
    }
    Type *t = l.type;
    Node bin;
    memset(&bin, 0, sizeof bin);
    bin.kind = N_BINARY;
    bin.op = op;
    bin.pos = pos;
    bin.type = t;
    bin.b = rhs;
    if (l.kind == LOC_SLOT) {
        Node cur = gen_slot_node(l.slot, t);
        bin.a = &cur;
        gen_expr(g, &bin, l.slot);
        return;
    }
    int32_t v = gen_load(g, &l, NO_SLOT);
    if (l.kind == LOC_FRAME || SLOT_REG(v) == REG_FIXED) {   /* keep the loaded copy apart */
        int32_t t2 = gen_temp(g, t);
        gen_move(g, t2, v, t);
        v = t2;
    }
    Node cur = gen_slot_node(v, t);
    bin.a = &cur;
    int32_t r = gen_expr(g, &bin, v);
    gen_store(g, &l, r);
}

static void gen_assign(Gen *g, Node *s) {
    int nl = s->list.len, nr = s->list2.len;
    bool define = s->op == TK_DEFINE;
    if (s->op != TK_DEFINE && s->op != TK_ASSIGN) {
        gen_op_assign(g, s->list.items[0], s->op, s->list2.items[0], s->pos);
        return;
    }
    if (nr == 1 && nl > 1) { gen_assign_multi_call(g, s, define); return; }
    if (nl == 1) {
        Node *lhs = s->list.items[0], *rhs = s->list2.items[0];
        if (gen_is_blank(lhs)) { gen_expr(g, rhs, NO_SLOT); return; }
        Loc l = define ? gen_define_target(g, lhs) : gen_lvalue(g, lhs);
        gen_assign_one(g, &l, rhs);
        return;
    }
    gen_assign_tuple(g, s, define);
}

static void gen_incdec(Gen *g, Node *s) {
    ConstVal one = cv_make_int(1);
    Node c;
    memset(&c, 0, sizeof c);
    c.kind = N_INTLIT;
    c.cval = &one;
    c.type = s->a->type;
    gen_op_assign(g, s->a, s->op == TK_INC ? TK_PLUS : TK_MINUS, &c, s->pos);
}

/* ==== var declarations ==== */

static void gen_var_spec(Gen *g, Node *spec) {
    int nl = spec->list.len, nr = spec->list2.len;
    if (nr == 0) {
        for (int i = 0; i < nl; i++) {
            Node *id = spec->list.items[i];
            if (!id->obj) continue;
            gen_declare_var(g, id->obj, id->pos);
            if (id->obj->vclass != VAR_HEAP) gen_zero(g, id->obj->frame_off, id->obj->type);
        }
        return;
    }
    if (nr == 1 && nl > 1) {
        Node fake;
        memset(&fake, 0, sizeof fake);
        fake.kind = N_ASSIGN;
        fake.op = TK_DEFINE;
        fake.list = spec->list;
        fake.list2 = spec->list2;
        gen_assign_multi_call(g, &fake, true);
        return;
    }
    for (int i = 0; i < nl && i < nr; i++) {
        Node *id = spec->list.items[i];
        if (!id->obj) { gen_expr(g, spec->list2.items[i], NO_SLOT); continue; }
        Loc l = gen_define_target(g, id);
        gen_assign_one(g, &l, spec->list2.items[i]);
    }
}

static void gen_decl_stmt(Gen *g, Node *d) {
    if (d->kind != N_VARDECL) return;       /* constants and types generate no code */
    for (int i = 0; i < d->list.len; i++) {
        int mark = gen_temps_mark(g);
        gen_set_line(g, d->list.items[i]->pos);
        gen_var_spec(g, d->list.items[i]);
        gen_temps_release(g, mark);
    }
}

/* ==== control flow ==== */

static void gen_push_target(Gen *g, Target *t, const char *label, int brk, int cont) {
    t->label = label;
    t->brk = brk;
    t->cont = cont;
    t->outer = g->f->targets;
    g->f->targets = t;
}

static void gen_pop_target(Gen *g) {
    g->f->targets = g->f->targets->outer;
}

static int gen_goto_label(Gen *g, const char *name) {
    GenFunc *f = g->f;
    for (int i = 0; i < f->ngotos; i++)
        if (f->gotos[i].name == name) return f->gotos[i].label;
    if (f->ngotos >= f->capgotos) {
        f->capgotos = f->capgotos ? f->capgotos * 2 : 8;
        f->gotos = realloc(f->gotos, sizeof(GotoLabel) * (size_t)f->capgotos);
    }
    int l = gen_label_new(g);
    f->gotos[f->ngotos++] = (GotoLabel){ name, l };
    return l;
}

static void gen_branch(Gen *g, Node *s) {
    GenFunc *f = g->f;
    if (s->op == TK_GOTO) { E(JMP, I(gen_goto_label(g, s->name))); return; }
    if (s->op == TK_FALLTHROUGH) {
        if (f->fallthrough_label >= 0) E(JMP, I(f->fallthrough_label));
        return;
    }
    bool brk = s->op == TK_BREAK;
    for (Target *t = f->targets; t; t = t->outer) {
        if (s->name && t->label != s->name) continue;
        if (!brk && t->cont < 0) continue;
        E(JMP, I(brk ? t->brk : t->cont));
        return;
    }
    gen_error(g, s->pos, "internal error: %s outside a loop", brk ? "break" : "continue");
}

static void gen_if(Gen *g, Node *s) {
    if (s->init) gen_stmt(g, s->init);
    int els = gen_label_new(g), end = gen_label_new(g);
    gen_cond(g, s->cond, false, els);
    gen_block(g, s->body);
    if (s->els) {
        bool falls = !(s->body->list.len && s->body->list.items[s->body->list.len - 1]->kind == N_RETURN);
        if (falls) E(JMP, I(end));
        gen_label_bind(g, els);
        if (s->els->kind == N_IF) gen_stmt(g, s->els);
        else gen_block(g, s->els);
    } else {
        gen_label_bind(g, els);
    }
    gen_label_bind(g, end);
}

static void gen_for(Gen *g, Node *s, const char *label) {
    if (s->init) gen_stmt(g, s->init);
    int body = gen_label_new(g), cont = gen_label_new(g), cond = gen_label_new(g), end = gen_label_new(g);
    Target t;
    gen_push_target(g, &t, label, end, cont);
    if (s->cond) E(JMP, I(cond));
    gen_label_bind(g, body);
    gen_block(g, s->body);
    gen_label_bind(g, cont);
    if (s->post) gen_stmt(g, s->post);
    gen_label_bind(g, cond);
    if (s->cond) {
        int mark = gen_temps_mark(g);
        gen_cond(g, s->cond, true, body);
        gen_temps_release(g, mark);
    } else {
        E(JMP, I(body));
    }
    gen_label_bind(g, end);
    gen_pop_target(g);
}

/* Stores the per-iteration value in slot src to the range variable n (a variable declared
 * before the loop with :=, or any assignable expression with =, evaluated each iteration). */
static void gen_range_store(Gen *g, Node *n, int32_t src) {
    if (!n || gen_is_blank(n)) return;
    int mark = gen_temps_mark(g);
    Loc l = gen_lvalue(g, n);
    gen_store(g, &l, src);
    gen_temps_release(g, mark);
}

/* `for k, v = range x` assigns as `k, v = ...` does: the operands of v (the i of x[i]) are
 * evaluated before k is assigned. So when v is more than a variable its lvalue is found, with
 * its operands pinned in temporaries, before the key is stored; *vl is it (true returned). */
static bool gen_range_pin_val(Gen *g, Node *key, Node *val, bool define, Loc *vl) {
    if (define || !key || !val || val->kind == N_IDENT) return false;
    g->lv_stable = true;
    *vl = gen_lvalue(g, val);
    g->lv_stable = false;
    return true;
}

/* One iteration variable of a map range: *(it word `word`) is a pointer to the entry's key or
 * value (runtime/map.h MapIter), loaded into n's variable or stored through its lvalue (pinned,
 * when not NULL: gen_range_pin_val). */
static void gen_range_map_var(Gen *g, Node *n, int32_t it, int word, Type *t, const Loc *pinned) {
    if (!n) return;
    int mark = gen_temps_mark(g);
    int32_t p = gen_temp(g, type_pointer_to(t));
    E(LD_64, I(p), I(it), I(word * 8));
    Loc el = { LOC_MEM, p, 0, 0, t };
    Loc vl = pinned ? *pinned : gen_lvalue(g, n);
    if (vl.kind == LOC_SLOT) {
        gen_load(g, &el, vl.slot);
    } else {
        int32_t v = gen_load(g, &el, NO_SLOT);
        gen_store(g, &vl, v);
    }
    gen_temps_release(g, mark);
}

/* for k, v := range m: an iterator object (MAPITER, at a random start) walked by MAPNEXT, which
 * leaves pointers to the current key and value in the iterator's first two words. */
static void gen_range_map(Gen *g, Node *s, const char *label, Node *key, Node *val, bool define) {
    Type *mt = gen_under(s->c->type);
    int32_t m = gen_temp(g, s->c->type);
    gen_expr(g, s->c, m);
    int32_t it = gen_temp(g, type_pointer_to(t_uintptr));
    E(MAPITER, I(it), I(m));
    if (define) {
        if (key && key->obj) gen_declare_var(g, key->obj, key->pos);
        if (val && val->obj) gen_declare_var(g, val->obj, val->pos);
    }
    int cont = gen_label_new(g), end = gen_label_new(g);
    Target t;
    gen_push_target(g, &t, label, end, cont);
    gen_label_bind(g, cont);
    E(MAPNEXT, I(it), I(end));
    int mark = gen_temps_mark(g);
    Loc vl;
    bool pinned = gen_range_pin_val(g, key, val, define, &vl);
    gen_range_map_var(g, key, it, 0, mt->key, NULL);
    gen_range_map_var(g, val, it, 1, mt->elem, pinned ? &vl : NULL);
    gen_temps_release(g, mark);
    gen_block(g, s->body);
    E(JMP, I(cont));
    gen_label_bind(g, end);
    gen_pop_target(g);
}

/* for v := range c: receive until c is closed and drained (CHANRECV2's ok false). */
static void gen_range_chan(Gen *g, Node *s, const char *label, Node *key, bool define) {
    Type *elem = gen_under(s->c->type)->elem;
    int32_t c = gen_temp(g, s->c->type);
    gen_expr(g, s->c, c);
    if (define && key && key->obj) gen_declare_var(g, key->obj, key->pos);
    int32_t v = gen_temp(g, elem), ok = gen_temp(g, t_bool);
    int cont = gen_label_new(g), end = gen_label_new(g);
    Target t;
    gen_push_target(g, &t, label, end, cont);
    gen_label_bind(g, cont);
    E(CHANRECV2, I(v), I(ok), I(c), I(gen_type_index(g, elem)));
    E(JF, I(ok), I(end));
    if (key) {
        Loc kl = gen_lvalue(g, key);
        gen_store(g, &kl, v);
    }
    gen_block(g, s->body);
    E(JMP, I(cont));
    gen_label_bind(g, end);
    gen_pop_target(g);
}

/* c <- v: the channel, then the value, then the send (which may park: runtime/chan.c). */
static void gen_send(Gen *g, Node *s) {
    Type *elem = gen_under(s->a->type)->elem;
    int32_t c = gen_operand(g, s->a, s->b);
    int32_t v = gen_temp(g, elem);
    gen_expr(g, s->b, v);
    E(CHANSEND, I(c), I(v), I(gen_type_index(g, elem)));
}

static void gen_range(Gen *g, Node *s, const char *label) {
    Node *c = s->c;
    Type *ct = gen_under(c->type);
    Node *key = s->a, *val = s->b;
    bool define = s->op == TK_DEFINE;
    if (val && gen_is_blank(val)) val = NULL;
    if (key && gen_is_blank(key)) key = NULL;
    if (ct->kind == TY_MAP) { gen_range_map(g, s, label, key, val, define); return; }
    if (ct->kind == TY_CHAN) { gen_range_chan(g, s, label, key, define); return; }
    if (ct->kind != TY_SLICE && ct->kind != TY_ARRAY && ct->kind != TY_STRING &&
        !(ct->kind == TY_POINTER && gen_under(ct->elem)->kind == TY_ARRAY)) {
        gen_error(g, s->pos, "range over this type not supported yet");
        return;
    }
    /* evaluate the operand once */
    int32_t sv = NO_SLOT, n = NO_SLOT;
    Type *elem = NULL;
    int32_t ptr = NO_SLOT;
    if (ct->kind == TY_SLICE || ct->kind == TY_STRING) {
        sv = gen_temp(g, c->type);
        gen_expr(g, c, sv);
        n = sv + 8;
        elem = ct->kind == TY_SLICE ? ct->elem : t_int32;
    } else if (ct->kind == TY_ARRAY) {
        elem = ct->elem;
        if (val) { sv = gen_temp(g, c->type); gen_expr(g, c, sv); }
        else if (gen_may_call(c)) gen_expr(g, c, NO_SLOT);
        n = gen_temp(g, t_int);
        E(LOADI, I(n), I(ct->len));
    } else {
        Type *arr = gen_under(ct->elem);
        elem = arr->elem;
        if (val) ptr = gen_expr_stable(g, c);
        else if (gen_may_call(c)) gen_expr(g, c, NO_SLOT);
        n = gen_temp(g, t_int);
        E(LOADI, I(n), I(arr->len));
    }
    if (define) {
        if (key && key->obj) gen_declare_var(g, key->obj, key->pos);
        if (val && val->obj) gen_declare_var(g, val->obj, val->pos);
    }
    int32_t hi = gen_temp(g, t_int);
    int32_t rw = NO_SLOT;
    if (ct->kind == TY_STRING) rw = gen_temp(g, type_array_of(t_int, 2));
    E(LOADI, I(hi), I(0));
    int body = gen_label_new(g), cont = gen_label_new(g), cond = gen_label_new(g), end = gen_label_new(g);
    Target t;
    gen_push_target(g, &t, label, end, cont);
    E(JMP, I(cond));
    gen_label_bind(g, body);
    int pin_mark = gen_temps_mark(g);
    Loc pvl;
    bool pinned = gen_range_pin_val(g, key, val, define, &pvl);
    if (ct->kind == TY_STRING) {
        E(STR_DECODE, I(rw), I(sv), I(hi));
        gen_range_store(g, key, hi);
        if (pinned) gen_store(g, &pvl, rw);
        else gen_range_store(g, val, rw);
    } else {
        gen_range_store(g, key, hi);
        if (val) {
            int mark = gen_temps_mark(g);
            Loc el;
            if (ct->kind == TY_SLICE) {
                el = (Loc){ LOC_SLICEEL, sv, 0, hi, elem };
            } else if (ct->kind == TY_ARRAY) {
                el = (Loc){ LOC_FIDX, sv, 0, hi, elem };
            } else {
                E(NILCHK, I(ptr));
                int32_t p = gen_temp(g, type_pointer_to(elem));
                int32_t off = gen_temp(g, t_int);
                E(MULI, I(off), I(hi), I(type_size(elem)));
                E(ADD_I, I(p), I(ptr), I(off));
                el = (Loc){ LOC_MEM, p, 0, 0, elem };
            }
            Loc vl = pinned ? pvl : gen_lvalue(g, val);
            if (vl.kind == LOC_SLOT) {
                gen_load(g, &el, vl.slot);
            } else {
                int32_t v = gen_load(g, &el, NO_SLOT);
                gen_store(g, &vl, v);
            }
            gen_temps_release(g, mark);
        }
    }
    gen_temps_release(g, pin_mark);
    gen_block(g, s->body);
    gen_label_bind(g, cont);
    if (ct->kind == TY_STRING) E(ADD_I, I(hi), I(hi), I(rw + 8));
    else E(ADDI, I(hi), I(hi), I(1));
    gen_label_bind(g, cond);
    E(JLT_I, I(hi), I(n), I(body));
    gen_label_bind(g, end);
    gen_pop_target(g);
}

static void gen_switch(Gen *g, Node *s, const char *label) {
    if (s->init) gen_stmt(g, s->init);
    int32_t tag = NO_SLOT;
    Type *tt = NULL;
    if (s->a) {
        tt = s->a->type;
        tag = gen_temp(g, tt);
        gen_expr(g, s->a, tag);
    }
    int nc = s->list.len;
    int *labels = calloc((size_t)nc + 1, sizeof(int));
    int end = gen_label_new(g), dflt = -1;
    for (int i = 0; i < nc; i++) labels[i] = gen_label_new(g);
    for (int i = 0; i < nc; i++) {
        Node *cl = s->list.items[i];
        if (cl->flags & NF_DEFAULT) { dflt = i; continue; }
        for (int k = 0; k < cl->list.len; k++) {
            Node *x = cl->list.items[k];
            int mark = gen_temps_mark(g);
            gen_set_line(g, x->pos);
            if (!s->a) {
                gen_cond(g, x, true, labels[i]);
            } else {
                Node bin;
                memset(&bin, 0, sizeof bin);
                Node tn = gen_slot_node(tag, tt);
                bin.kind = N_BINARY;
                bin.op = TK_EQL;
                bin.pos = x->pos;
                bin.a = &tn;
                bin.b = x;
                bin.type = t_bool;
                gen_cond(g, &bin, true, labels[i]);
            }
            gen_temps_release(g, mark);
        }
    }
    E(JMP, I(dflt >= 0 ? labels[dflt] : end));
    Target t;
    gen_push_target(g, &t, label, end, -1);     /* continue goes to the enclosing loop */
    int saved_ft = g->f->fallthrough_label;
    for (int i = 0; i < nc; i++) {
        Node *cl = s->list.items[i];
        gen_label_bind(g, labels[i]);
        g->f->fallthrough_label = i + 1 < nc ? labels[i + 1] : end;
        for (int k = 0; k < cl->list2.len; k++) gen_stmt(g, cl->list2.items[k]);
        bool ft = cl->list2.len && cl->list2.items[cl->list2.len - 1]->kind == N_BRANCH &&
                  cl->list2.items[cl->list2.len - 1]->op == TK_FALLTHROUGH;
        if (!ft && i + 1 < nc) E(JMP, I(end));
    }
    g->f->fallthrough_label = saved_ft;
    gen_label_bind(g, end);
    gen_pop_target(g);
    free(labels);
}

/* The receive `<-c` of a select case (after `=` or `:=`, or alone), or NULL for a send. */
static Node *gen_select_recv(Node *comm) {
    Node *r = comm->kind == N_EXPRSTMT ? comm->a : comm->kind == N_ASSIGN ? comm->list2.items[0] : NULL;
    while (r && (r->kind == N_PAREN || r->kind == N_CONVERT)) r = r->a;   /* the checker's implicit */
    return r;                                                               /* conversion to an interface */
}

/* select (runtime/select.c): Go evaluates every case's channel and value to send once, in
 * source order, before anything else; then the cases are added (SELSEND/SELRECV, the
 * case index is their position among the non-default clauses), SELECT picks one (-1: the
 * default) and a chain of compares jumps to its clause. A receive clause first takes its value
 * (SELTAKE), then assigns it, and ok, to its variables as ordinary code: the left-hand sides
 * are evaluated only for the chosen case, as the spec says. */
static void gen_select(Gen *g, Node *s, const char *label) {
    int nc = s->list.len, dflt = -1, ncomm = 0;
    int32_t *chans = calloc((size_t)nc + 1, sizeof(int32_t));
    int32_t *vals = calloc((size_t)nc + 1, sizeof(int32_t));
    int *labels = calloc((size_t)nc + 1, sizeof(int));
    for (int i = 0; i < nc; i++) {
        Node *comm = s->list.items[i]->a;
        labels[i] = gen_label_new(g);
        if (!comm) { dflt = i; continue; }
        Node *ch = comm->kind == N_SEND ? comm->a : gen_select_recv(comm)->a;
        chans[i] = gen_temp(g, ch->type);
        gen_expr(g, ch, chans[i]);
        if (comm->kind == N_SEND) {
            vals[i] = gen_temp(g, gen_under(ch->type)->elem);
            gen_expr(g, comm->b, vals[i]);
        }
    }
    gen_set_line(g, s->pos);
    for (int i = 0; i < nc; i++) {
        Node *comm = s->list.items[i]->a;
        if (!comm) continue;
        Node *ch = comm->kind == N_SEND ? comm->a : gen_select_recv(comm)->a;
        uint32_t t = gen_type_index(g, gen_under(ch->type)->elem);
        if (comm->kind == N_SEND) E(SELSEND, I(chans[i]), I(vals[i]), I(t));
        else E(SELRECV, I(chans[i]), I(t));
    }
    int32_t idx = gen_temp(g, t_int), ok = gen_temp(g, t_bool);
    E(SELECT, I(idx), I(ok), I(dflt >= 0));
    int end = gen_label_new(g);
    for (int i = 0; i < nc; i++)
        if (s->list.items[i]->a) E(JEQI, I(idx), I(ncomm++), I(labels[i]));
    E(JMP, I(dflt >= 0 ? labels[dflt] : end));
    Target tg;
    gen_push_target(g, &tg, label, end, -1);     /* continue goes to the enclosing loop */
    for (int i = 0; i < nc; i++) {
        Node *cl = s->list.items[i], *comm = cl->a;
        gen_label_bind(g, labels[i]);
        if (comm && comm->kind != N_SEND) {
            Node *r = gen_select_recv(comm);
            Type *elem = gen_under(r->a->type)->elem;
            int32_t v = gen_temp(g, elem);
            E(SELTAKE, I(v), I(gen_type_index(g, elem)));
            for (int k = 0; comm->kind == N_ASSIGN && k < comm->list.len; k++) {
                Node *lhs = comm->list.items[k];
                if (gen_is_blank(lhs)) continue;
                Loc l = comm->op == TK_DEFINE ? gen_define_target(g, lhs) : gen_lvalue(g, lhs);
                gen_store_converted(g, &l, k == 0 ? v : ok, k == 0 ? elem : t_bool);
            }
        }
        for (int k = 0; k < cl->list2.len; k++) gen_stmt(g, cl->list2.items[k]);
        if (i + 1 < nc) E(JMP, I(end));
    }
    gen_label_bind(g, end);
    gen_pop_target(g);
    free(chans);
    free(vals);
    free(labels);
}

/* switch v := x.(type): x once into a temporary, then one test per case type in source order
 * (TYPE_IS; `case nil` tests word0), jumping to its clause; each clause declares its own v: the
 * value as T (ASSERT, which cannot fail there) in a one-type clause, x itself otherwise. */
static void gen_type_switch(Gen *g, Node *s, const char *label) {
    if (s->init) gen_stmt(g, s->init);
    Type *xt = s->a->type;
    int32_t xs = gen_temp(g, xt);
    gen_expr(g, s->a, xs);
    uint32_t xti = gen_type_index(g, xt);
    int nc = s->list.len;
    int *labels = calloc((size_t)nc + 1, sizeof(int));
    int end = gen_label_new(g), dflt = -1;
    for (int i = 0; i < nc; i++) labels[i] = gen_label_new(g);
    int32_t hit = gen_temp(g, t_bool);
    for (int i = 0; i < nc; i++) {
        Node *cl = s->list.items[i];
        if (cl->flags & NF_DEFAULT) { dflt = i; continue; }
        for (int k = 0; k < cl->list.len; k++) {
            Node *e = cl->list.items[k];
            gen_set_line(g, e->pos);
            if (e->type && e->type->kind == TY_UNTYPED_NIL) {
                E(JEQI, I(xs), I(0), I(labels[i]));
                continue;
            }
            E(TYPE_IS, I(hit), I(xs), I(gen_type_index(g, e->type)), I(xti));
            E(JT, I(hit), I(labels[i]));
        }
    }
    E(JMP, I(dflt >= 0 ? labels[dflt] : end));
    Target t;
    gen_push_target(g, &t, label, end, -1);     /* continue goes to the enclosing loop */
    for (int i = 0; i < nc; i++) {
        Node *cl = s->list.items[i];
        gen_label_bind(g, labels[i]);
        Obj *v = cl->obj;
        if (v) {
            int mark = gen_temps_mark(g);
            gen_declare_var(g, v, s->b ? s->b->pos : s->pos);
            Node id;
            memset(&id, 0, sizeof id);
            id.kind = N_IDENT;
            id.obj = v;
            id.type = v->type;
            id.pos = s->b ? s->b->pos : s->pos;
            Loc l = gen_lvalue(g, &id);
            int32_t val = xs;
            if (!types_identical(v->type, xt)) {
                val = gen_temp(g, v->type);
                E(ASSERT, I(val), I(xs), I(gen_type_index(g, v->type)), I(xti));
            }
            gen_store(g, &l, val);
            gen_temps_release(g, mark);
        }
        for (int k = 0; k < cl->list2.len; k++) gen_stmt(g, cl->list2.items[k]);
        if (i + 1 < nc) E(JMP, I(end));
    }
    gen_label_bind(g, end);
    gen_pop_target(g);
    free(labels);
}

/* A return in a function with a defer statement: the values go to the result variables — a
 * named result moved to the heap (captured by a deferred closure) gets its cell written — and
 * control goes to the deferreturn code, which runs the deferred calls and then loads each heap
 * cell into its result slot: the caller sees the values as the deferred calls left them. */
static void gen_return_deferred(Gen *g, Node *s) {
    GenFunc *f = g->f;
    int n = s->list.len;
    Type *u = gen_under(f->sig);
    if (n > 0) {
        int32_t *tmp = calloc((size_t)f->nresults + 1, sizeof(int32_t));
        if (n == 1 && f->nresults > 1) {
            Node *call = s->list.items[0];
            int32_t base = gen_call_multi(g, call);
            for (int i = 0; i < f->nresults; i++) {
                tmp[i] = gen_temp(g, u->results[i].type);
                gen_move(g, tmp[i], base + (int32_t)gen_sig_result_off(call->type, i), u->results[i].type);
            }
        } else {
            for (int i = 0; i < n && i < f->nresults; i++) {
                tmp[i] = gen_temp(g, u->results[i].type);
                gen_expr(g, s->list.items[i], tmp[i]);
            }
        }
        for (int i = 0; i < f->nresults; i++) {
            Obj *v = f->named_results ? f->named_results[i] : NULL;
            if (v && v->vclass == VAR_HEAP) {
                Loc l = { LOC_MEM, v->frame_off, 0, 0, v->type };
                gen_store(g, &l, tmp[i]);
            } else {
                gen_move(g, f->result_off[i], tmp[i], u->results[i].type);
            }
        }
        free(tmp);
    }
    gen_set_line(g, s->pos);
    E(JMP, I(f->defer_label));
}

/* Go's deferreturn, once per function that defers, after its last statement:
 *
 *     L:    RUNDEFER done     while a record of this frame is left: call the newest
 *           JMP L             (the deferred call returns here)
 *     done: results of named variables moved to the heap: load them
 *           RET
 *
 * Every return jumps to L; a panic recovered by one of this frame's deferred calls resumes the
 * frame at L too (the DEFER instructions name L, runtime/defer.c). */
void gen_deferreturn(Gen *g) {
    GenFunc *f = g->f;
    int done = gen_label_new(g);
    gen_label_bind(g, f->defer_label);
    E(RUNDEFER, I(done));
    E(JMP, I(f->defer_label));
    gen_label_bind(g, done);
    for (int i = 0; i < f->nresults; i++) {
        Obj *v = f->named_results ? f->named_results[i] : NULL;
        if (v && v->vclass == VAR_HEAP) {
            Loc l = { LOC_MEM, v->frame_off, 0, 0, v->type };
            gen_load(g, &l, f->result_off[i]);
        }
    }
    E(RET, I(0));
}

/* Whether a function body holds a defer statement (function literals are their own bodies). */
bool gen_has_defer(Node *n) {
    if (!n) return false;
    if (n->kind == N_DEFER) return true;
    if (n->kind == N_FUNCLIT) return false;
    Node *kids[] = { n->a, n->b, n->c, n->d, n->init, n->cond, n->post, n->body, n->els };
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++)
        if (gen_has_defer(kids[i])) return true;
    for (int i = 0; i < n->list.len; i++) if (gen_has_defer(n->list.items[i])) return true;
    for (int i = 0; i < n->list2.len; i++) if (gen_has_defer(n->list2.items[i])) return true;
    return false;
}

/* The name a deferred call's wrapper is made from: the function being generated (a literal's
 * is main.f.func1). */
static const char *gen_defer_outer_name(Gen *g, GenFunc *f) {
    if (f->findex >= 0 && g->funcs[f->findex].name) return g->funcs[f->findex].name;
    return f->fobj ? gen_func_name(g, f->fobj) : "runtime.main";
}

/* defer of a builtin. recover() deferred is never called directly by a deferred function (it is
 * the deferred function), so it returns nil and does nothing: no code. panic, print, println,
 * delete, close and copy get a wrapper function, made here, whose params are the builtin's
 * operands (evaluated now, at the defer statement; println(f()) spreads f's results) and whose
 * body applies the builtin to them: Go 1.18+ does the same (its wrapper is a closure, named
 * main.f.funcN; gol's is named main.f.deferwrapN). */
static void gen_defer_builtin(Gen *g, Node *s, Node *call, Obj *b, bool go) {
    if (b->builtin == BI_RECOVER) return;
    GenFunc *outer = g->f;
    bool spread = gen_builtin_spreads(call);
    Type *tup = spread ? call->list.items[0]->type : NULL;
    int n = spread ? tup->nfields : call->list.len;
    Type *sig = type_new(TY_FUNC);
    sig->size = 8;
    sig->align = 8;
    sig->nfields = n;
    sig->fields = types_alloc(sizeof(Field) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        Type *t = spread ? tup->fields[i].type : call->list.items[i]->type;
        if (b->builtin == BI_PANIC) t = t_any;
        sig->fields[i].type = t;
    }
    /* the operands, now, into the outgoing area */
    int32_t *vals;
    if (spread) vals = gen_call_results(g, call->list.items[0]);
    else {
        vals = calloc((size_t)call->list.len + 1, sizeof(int32_t));
        for (int i = 0; i < n; i++) vals[i] = gen_expr_stable(g, call->list.items[i]);
    }
    int32_t out = gen_out_slot(g, gen_sig_args_size(NULL, sig, NULL));
    for (int i = 0; i < n; i++)
        gen_move(g, out + 16 + (int32_t)gen_sig_param_off(NULL, sig, i), vals[i], sig->fields[i].type);
    free(vals);
    /* the wrapper */
    char name[300];
    const char *outer_name = gen_defer_outer_name(g, outer);
    snprintf(name, sizeof name, "%s.%swrap%d", outer_name, go ? "go" : "defer", ++outer->ndeferwraps);
    GenFunc wf;
    uint32_t index = gen_synth_begin(g, &wf, name, g->file, NULL, sig);
    g->funcs[index].line = (uint32_t)s->pos.line;
    gen_set_line(g, s->pos);
    int32_t p0 = n > 0 ? (int32_t)gen_sig_param_off(NULL, sig, 0) : NO_SLOT;
    int32_t p1 = n > 1 ? (int32_t)gen_sig_param_off(NULL, sig, 1) : NO_SLOT;
    switch (b->builtin) {
    case BI_DELETE:
        gen_map_delete(g, p0, p1, sig->fields[0].type, sig->fields[1].type);
        break;
    case BI_CLOSE:
        E(CHANCLOSE, I(p0));
        break;
    case BI_COPY:
        gen_copy_op(g, gen_temp(g, t_int), p0, p1, sig->fields[0].type, sig->fields[1].type);
        break;
    case BI_PANIC:
        E(PANIC, I(p0));
        break;
    default:                                    /* print, println */
        for (int i = 0; i < n; i++) {
            int flags = b->builtin == BI_PRINTLN ? (i == n - 1 ? 2 : 1) : 0;
            E(PRINT, I(gen_sig_param_off(NULL, sig, i)), I(gen_type_index(g, sig->fields[i].type)), I(flags));
        }
        if (n == 0 && b->builtin == BI_PRINTLN) E(PRINTNL, I(0));
    }
    if (b->builtin != BI_PANIC) E(RET, I(0));
    gen_synth_end(g, index);
    g->f = outer;
    gen_set_line(g, s->pos);
    if (go) E(GO, I(index), I(out));
    else E(DEFER, I(index), I(out), I(outer->defer_label));
}

/* defer x.M(args) with x an interface: the method is looked up now, so a nil x panics at the
 * defer statement, as in Go; the call is a wrapper main.f.deferwrapN(x I, params...) whose body
 * is x.M(params...) (CALLIFACE), deferred with x and the arguments as its own. */
static uint32_t gen_defer_iface_wrapper(Gen *g, Node *s, Type *it, const char *method, Type *wsig, Type *msig,
                                        bool go) {
    GenFunc *outer = g->f;
    Type *mu = gen_under(msig);
    char name[300];
    const char *outer_name = gen_defer_outer_name(g, outer);
    snprintf(name, sizeof name, "%s.%swrap%d", outer_name, go ? "go" : "defer", ++outer->ndeferwraps);
    GenFunc wf;
    uint32_t index = gen_synth_begin(g, &wf, name, g->file, NULL, wsig);
    g->funcs[index].line = (uint32_t)s->pos.line;
    gen_set_line(g, s->pos);
    int32_t out = gen_out_slot(g, gen_sig_args_size(t_unsafeptr, msig, NULL));
    for (int i = 0; i < mu->nfields; i++)
        gen_move(g, out + 16 + (int32_t)gen_sig_param_off(t_unsafeptr, msig, i),
                 (int32_t)gen_sig_param_off(NULL, wsig, i + 1), mu->fields[i].type);
    E(CALLIFACE, I(gen_sig_param_off(NULL, wsig, 0)), I(out), I(gen_iface_method_index(it, method)));
    E(RET, I(0));
    gen_synth_end(g, index);
    g->f = outer;
    return index;
}

static void gen_defer_iface(Gen *g, Node *s, Node *call, bool go) {
    Node *sel = call->a;
    while (sel->kind == N_PAREN) sel = sel->a;
    Type *it = sel->a->type, *msig = sel->type, *mu = gen_under(msig);
    bool tuple = call->list.len == 1 && call->list.items[0]->type && call->list.items[0]->type->kind == TY_TUPLE;
    if (tuple) {
        gen_error(g, call->pos, "%s of an interface method with a multi-value argument is not supported by gol yet",
                  go ? "go" : "defer");
        return;
    }
    int32_t x = gen_expr_stable(g, sel->a);
    E(NILCHK, I(x));                            /* the itab word: Go loads the method now */
    Type *wsig = type_new(TY_FUNC);
    wsig->size = 8;
    wsig->align = 8;
    wsig->nfields = mu->nfields + 1;
    wsig->fields = types_alloc(sizeof(Field) * (size_t)wsig->nfields);
    wsig->fields[0].type = it;
    for (int i = 0; i < mu->nfields; i++) wsig->fields[i + 1] = mu->fields[i];
    wsig->variadic = mu->variadic;
    uint32_t w = gen_defer_iface_wrapper(g, s, it, sel->name, wsig, msig, go);
    /* defer wrapper(x, args...): an ordinary deferred call, x read from its slot */
    Obj wo = { .kind = OBJ_FUNC, .name = "deferwrap", .type = wsig, .func_index = (int)w };
    Obj xo = { .kind = OBJ_VAR, .name = "x", .type = it, .vclass = VAR_LOCAL, .frame_off = x };
    Node fid = { .kind = N_IDENT, .pos = sel->pos, .obj = &wo, .type = wsig };
    Node xid = { .kind = N_IDENT, .pos = sel->pos, .obj = &xo, .type = it };
    Node c2 = *call;
    c2.aux = CALL_FUNC;
    c2.a = &fid;
    c2.list.len = call->list.len + 1;
    c2.list.cap = c2.list.len;
    c2.list.items = calloc((size_t)c2.list.len, sizeof(Node *));
    c2.list.items[0] = &xid;
    for (int i = 0; i < call->list.len; i++) c2.list.items[i + 1] = call->list.items[i];
    if (go) gen_go_call(g, &c2);
    else gen_defer_call(g, &c2);
    free(c2.list.items);
}

/* defer and go statements: the same evaluation now, a different instruction at the end. */
static void gen_defer(Gen *g, Node *s) {
    bool go = s->kind == N_GO;
    Node *call = s->a;
    while (call && call->kind == N_PAREN) call = call->a;
    if (!call || call->kind != N_CALL) return;
    if (call->aux == CALL_IFACE) {
        gen_defer_iface(g, s, call, go);
        return;
    }
    if (call->aux == CALL_BUILTIN) {
        Node *fe = call->a;
        while (fe->kind == N_PAREN) fe = fe->a;
        gen_defer_builtin(g, s, call, fe->obj, go);
        return;
    }
    if (go) gen_go_call(g, call);
    else gen_defer_call(g, call);
}

static void gen_return(Gen *g, Node *s) {
    GenFunc *f = g->f;
    int n = s->list.len;
    if (f->defer_label >= 0) {
        gen_return_deferred(g, s);
        return;
    }
    if (n == 0) {
        for (int i = 0; i < f->nresults; i++) {
            Obj *v = f->named_results[i];
            if (v && v->vclass == VAR_HEAP) {
                Loc l = { LOC_MEM, v->frame_off, 0, 0, v->type };
                gen_load(g, &l, f->result_off[i]);
            }
        }
    } else if (n == 1 && f->nresults > 1) {
        Node *call = s->list.items[0];
        int32_t base = gen_call_multi(g, call);
        for (int i = 0; i < f->nresults; i++)
            gen_move(g, f->result_off[i], base + (int32_t)gen_sig_result_off(call->type, i),
                     gen_under(f->sig)->results[i].type);
    } else if (f->has_named_results && n > 1) {
        int32_t *tmp = calloc((size_t)n, sizeof(int32_t));
        for (int i = 0; i < n; i++) {
            tmp[i] = gen_temp(g, s->list.items[i]->type);
            gen_expr(g, s->list.items[i], tmp[i]);
        }
        for (int i = 0; i < n && i < f->nresults; i++)
            gen_move(g, f->result_off[i], tmp[i], gen_under(f->sig)->results[i].type);
        free(tmp);
    } else {
        for (int i = 0; i < n && i < f->nresults; i++) gen_expr(g, s->list.items[i], f->result_off[i]);
    }
    gen_set_line(g, s->pos);
    E(RET, I(0));
}

/* ==== the dispatcher ==== */

static void gen_stmt_labeled(Gen *g, Node *s, const char *label) {
    gen_set_line(g, s->pos);
    int mark = gen_temps_mark(g);
    switch (s->kind) {
    case N_BLOCK:    gen_block(g, s); break;
    case N_EMPTY:    break;
    case N_EXPRSTMT: gen_expr(g, s->a, NO_SLOT); break;
    case N_INCDEC:   gen_incdec(g, s); break;
    case N_ASSIGN:   gen_assign(g, s); break;
    case N_DECLSTMT: gen_decl_stmt(g, s->a); break;
    case N_RETURN:   gen_return(g, s); break;
    case N_BRANCH:   gen_branch(g, s); break;
    case N_IF:       gen_if(g, s); break;
    case N_FOR:      gen_for(g, s, label); break;
    case N_RANGE:    gen_range(g, s, label); break;
    case N_SWITCH:   gen_switch(g, s, label); break;
    case N_LABELED:
        gen_label_bind(g, gen_goto_label(g, s->name));
        gen_stmt_labeled(g, s->a, s->name);
        break;
    case N_GO:         gen_defer(g, s); break;
    case N_DEFER:      gen_defer(g, s); break;
    case N_SEND:       gen_send(g, s); break;
    case N_SELECT:     gen_select(g, s, label); break;
    case N_TYPESWITCH: gen_type_switch(g, s, label); break;
    default:
        gen_error(g, s->pos, "internal error: unexpected %s statement", node_kind_name(s->kind));
    }
    gen_temps_release(g, mark);
}

void gen_stmt(Gen *g, Node *s) {
    gen_stmt_labeled(g, s, NULL);
}

void gen_block(Gen *g, Node *b) {
    if (!b) return;
    for (int i = 0; i < b->list.len; i++) gen_stmt(g, b->list.items[i]);
}
