/* compiler/check_stmt.c — statements and function bodies.
 *
 * A function body is checked in three steps:
 *   1. its labels are collected (labels have function scope, so a forward `goto L` resolves),
 *      each remembering the chain of statement lists that contain it;
 *   2. statements are checked in order, with a scope per block and a context chain (Ctx)
 *      saying what `break`, `continue` and `fallthrough` may refer to at this point; a goto is
 *      checked against Go's two rules by comparing its own chain of lists with its label's:
 *      it may not enter a block, nor jump forward over a variable declaration;
 *   3. the function must end in a terminating statement if it has results (Go spec
 *      "Terminating statements", with the "no break targets this loop/switch" conditions),
 *      and locals never used get the warning "x declared but not used" (DESIGN §1: a warning
 *      in gol, an error in Go).
 */
#include <stdio.h>
#include <string.h>
#include "compiler/check.h"

extern Type *t_byte, *t_rune;

/* ---- statement lists, labels ------------------------------------------------------------- */

typedef struct ListFrame { Node *owner; int idx; } ListFrame;

typedef struct LabelInfo {
    const char *name;
    Node *stmt;
    ListFrame chain[64];
    int depth;
    bool used;
} LabelInfo;

static LabelInfo *g_labels;
static int g_nlabels;
static ListFrame g_chain[64];
static int g_depth;

typedef struct Ctx {
    struct Ctx *outer;
    Node *stmt;                 /* FOR, RANGE or SWITCH this context belongs to */
    const char *label;
    bool is_loop;
} Ctx;

static Pos chk_stmt_pos(Node *s) { return s->pos; }

static void chk_collect_labels_list(Checker *c, Node *owner, NodeList *l, int depth, ListFrame *chain);

static void chk_collect_labels_stmt(Checker *c, Node *s, int depth, ListFrame *chain) {
    if (!s) return;
    switch (s->kind) {
    case N_LABELED: {
        for (int i = 0; i < g_nlabels; i++)
            if (g_labels[i].name == s->name) {
                Node *o = g_labels[i].stmt;
                chk_error(c, s->pos, "label %s already defined at %s:%d:%d", s->name, c->file->path, o->pos.line, o->pos.col);
                goto inner;
            }
        if (s->name && strcmp(s->name, "_") != 0) {
            LabelInfo *li = &g_labels[g_nlabels++];
            memset(li, 0, sizeof *li);
            li->name = s->name;
            li->stmt = s;
            li->depth = depth;
            memcpy(li->chain, chain, sizeof(ListFrame) * (size_t)depth);
        }
    inner:
        chk_collect_labels_stmt(c, s->a, depth, chain);
        break;
    }
    case N_BLOCK: chk_collect_labels_list(c, s, &s->list, depth, chain); break;
    case N_IF:
        chk_collect_labels_stmt(c, s->body, depth, chain);
        chk_collect_labels_stmt(c, s->els, depth, chain);
        break;
    case N_FOR: case N_RANGE: chk_collect_labels_stmt(c, s->body, depth, chain); break;
    case N_SWITCH: case N_TYPESWITCH: case N_SELECT:
        for (int i = 0; i < s->list.len; i++) {
            Node *cl = s->list.items[i];
            if (cl) chk_collect_labels_list(c, cl, &cl->list2, depth, chain);
        }
        break;
    default: break;
    }
}

static void chk_collect_labels_list(Checker *c, Node *owner, NodeList *l, int depth, ListFrame *chain) {
    if (depth >= 63) return;
    for (int i = 0; i < l->len; i++) {
        chain[depth].owner = owner;
        chain[depth].idx = i;
        chk_collect_labels_stmt(c, l->items[i], depth + 1, chain);
    }
}

static int chk_count_labels(Node *s) {
    if (!s) return 0;
    int n = s->kind == N_LABELED ? 1 : 0;
    n += chk_count_labels(s->a) + chk_count_labels(s->body) + chk_count_labels(s->els);
    if (s->kind == N_BLOCK || s->kind == N_SWITCH || s->kind == N_TYPESWITCH || s->kind == N_SELECT)
        for (int i = 0; i < s->list.len; i++) n += chk_count_labels(s->list.items[i]);
    if (s->kind == N_CASE || s->kind == N_COMM)
        for (int i = 0; i < s->list2.len; i++) n += chk_count_labels(s->list2.items[i]);
    return n;
}

static LabelInfo *chk_find_label(const char *name) {
    for (int i = 0; i < g_nlabels; i++) if (g_labels[i].name == name) return &g_labels[i];
    return NULL;
}

/* The position a variable declaration is reported at by goto checks. */
static bool chk_decl_var_pos(Checker *c, Node *s, Pos *pos, const char **name) {
    (void)c;
    if (s->kind == N_DECLSTMT && s->a && s->a->kind == N_VARDECL && s->a->list.len) {
        Node *spec = s->a->list.items[0];
        if (spec->list.len) {
            *pos = spec->list.items[0]->pos;
            *name = spec->list.items[0]->name;
            return true;
        }
    }
    if (s->kind == N_ASSIGN && s->op == TK_DEFINE && s->list.len) {
        *pos = s->pos2.line ? s->pos2 : s->pos;
        *name = s->list.items[0]->name ? s->list.items[0]->name : "_";
        return true;
    }
    return false;
}

static NodeList *chk_owner_list(Node *owner) {
    return owner->kind == N_BLOCK ? &owner->list : &owner->list2;
}

static void chk_goto(Checker *c, Node *s, LabelInfo *li) {
    int common = 0;
    while (common < li->depth && common < g_depth && li->chain[common].owner == g_chain[common].owner) common++;
    if (common < li->depth) {
        /* the label lives in a block the goto is not in: the jump would enter it */
        Node *blk = li->chain[common].owner;
        chk_error(c, chk_word_pos(c, s->pos, s->name, false), "goto %s jumps into block starting at %s:%d:%d", s->name,
                  c->file->path, blk->pos.line, blk->pos.col);
        return;
    }
    int lvl = li->depth - 1;
    if (lvl < 0 || lvl >= g_depth) return;
    int gi = g_chain[lvl].idx, lidx = li->chain[lvl].idx;
    if (lidx <= gi) return;
    NodeList *l = chk_owner_list(li->chain[lvl].owner);
    Pos vpos = {0, 0};
    const char *vname = NULL;
    for (int i = gi + 1; i < lidx && i < l->len; i++) {
        Pos p;
        const char *nm;
        if (l->items[i] && chk_decl_var_pos(c, l->items[i], &p, &nm)) { vpos = p; vname = nm; }
    }
    if (vname)
        chk_error(c, chk_word_pos(c, s->pos, s->name, false), "goto %s jumps over declaration of %s at %s:%d:%d", s->name, vname,
                  c->file->path, vpos.line, vpos.col);
}

/* ---- terminating statements -------------------------------------------------------------- */

static bool chk_is_terminating(Node *s, const char *label);

static bool chk_has_break_list(NodeList *l, const char *label, bool implicit);

static bool chk_has_break(Node *s, const char *label, bool implicit) {
    if (!s) return false;
    switch (s->kind) {
    case N_BRANCH:
        if (s->op == TK_BREAK) {
            if (!s->name) return implicit;
            return label && s->name == label;
        }
        return false;
    case N_LABELED: return chk_has_break(s->a, label, implicit);
    case N_BLOCK: return chk_has_break_list(&s->list, label, implicit);
    case N_IF: return chk_has_break(s->body, label, implicit) || chk_has_break(s->els, label, implicit);
    case N_CASE: case N_COMM: return chk_has_break_list(&s->list2, label, implicit);
    case N_SWITCH: case N_TYPESWITCH: case N_SELECT:
        if (!label) return false;
        for (int i = 0; i < s->list.len; i++) if (chk_has_break(s->list.items[i], label, false)) return true;
        return false;
    case N_FOR: case N_RANGE:
        return label && chk_has_break(s->body, label, false);
    default: return false;
    }
}

static bool chk_has_break_list(NodeList *l, const char *label, bool implicit) {
    for (int i = 0; i < l->len; i++) if (chk_has_break(l->items[i], label, implicit)) return true;
    return false;
}

static bool chk_is_terminating_list(NodeList *l, const char *label) {
    int i = l->len - 1;
    while (i >= 0 && l->items[i] && l->items[i]->kind == N_EMPTY) i--;
    return i >= 0 && chk_is_terminating(l->items[i], label);
}

static bool chk_is_panic_call(Node *e) {
    e = chk_unparen(e);
    if (!e || e->kind != N_CALL) return false;
    Node *f = chk_unparen(e->a);
    return f && f->kind == N_IDENT && f->obj && f->obj->kind == OBJ_BUILTIN && f->obj->builtin == BI_PANIC;
}

static bool chk_is_terminating(Node *s, const char *label) {
    if (!s) return false;
    switch (s->kind) {
    case N_RETURN: return true;
    case N_BRANCH: return s->op == TK_GOTO || s->op == TK_FALLTHROUGH;
    case N_EXPRSTMT: return chk_is_panic_call(s->a);
    case N_BLOCK: return chk_is_terminating_list(&s->list, NULL);
    case N_IF:
        return s->els && chk_is_terminating(s->body, NULL) && chk_is_terminating(s->els, NULL);
    case N_LABELED: return chk_is_terminating(s->a, s->name);
    case N_FOR:
        return !s->cond && !chk_has_break(s->body, label, true);
    case N_RANGE: return false;
    case N_SWITCH: case N_TYPESWITCH: case N_SELECT: {
        bool has_default = s->kind == N_SELECT;
        for (int i = 0; i < s->list.len; i++) {
            Node *cl = s->list.items[i];
            if (!cl) continue;
            if ((cl->flags & NF_DEFAULT) || (s->kind == N_SELECT && !cl->a)) has_default = true;
            if (!chk_is_terminating_list(&cl->list2, NULL) || chk_has_break_list(&cl->list2, label, true)) return false;
        }
        return has_default;
    }
    default: return false;
    }
}

/* ---- statements -------------------------------------------------------------------------- */

static void chk_stmt(Checker *c, Node *s, Ctx *ctx, bool last_in_case, bool final_case);

static void chk_stmt_list(Checker *c, Node *owner, NodeList *l, Ctx *ctx, bool is_case, bool final_case) {
    int d = g_depth;
    for (int i = 0; i < l->len; i++) {
        if (d < 64) { g_chain[d].owner = owner; g_chain[d].idx = i; g_depth = d + 1; }
        chk_stmt(c, l->items[i], ctx, is_case && i == l->len - 1, final_case);
    }
    g_depth = d;
}

static void chk_push_scope(Checker *c) { c->scope = scope_new(c->arena, c->scope); }
static void chk_pop_scope(Checker *c) { if (c->scope->parent) c->scope = c->scope->parent; }

static void chk_block(Checker *c, Node *b, Ctx *ctx) {
    if (!b) return;
    chk_push_scope(c);
    chk_stmt_list(c, b, &b->list, ctx, false, false);
    chk_pop_scope(c);
}

static Obj *chk_new_local(Checker *c, Node *id, Type *t) {
    Obj *o = chk_new_obj(c, OBJ_VAR, id->name, t, id->pos);
    o->vclass = VAR_LOCAL;
    o->decl = id;
    id->obj = o;
    id->type = t;
    return o;
}

/* Whether an operand of mode m may be assigned to: a variable, or a map index expression (Go's
 * mapindex mode: assignable, not addressable). A field of a struct held in a map is neither,
 * which Go reports in its own words; *reported says the message was given. */
static bool chk_can_assign(Checker *c, Node *n, OpMode m, bool *reported) {
    *reported = false;
    if (m == OM_VAR) return true;
    Node *u = chk_unparen(n);
    if (m == OM_VALUE && u && (u->flags & NF_MAPINDEX)) return true;
    Node *x = u;
    while (x && x->kind == N_SELECTOR && x->aux == SEL_FIELD && type_underlying(x->a->type)->kind != TY_POINTER)
        x = chk_unparen(x->a);
    if (x && x != u && (x->flags & NF_MAPINDEX) && u->kind == N_SELECTOR) {
        chk_error(c, chk_start_pos(n), "cannot assign to struct field %s in map", chk_expr_str(c, n));
        *reported = true;
    }
    return false;
}

/* The left side of `=`: a variable, a field or element, a pointer indirection, or `_`. */
static OpMode chk_lhs(Checker *c, Node *n) {
    Node *u = chk_unparen(n);
    if (u && u->kind == N_IDENT && u->name && strcmp(u->name, "_") == 0) {
        u->obj = NULL;
        u->type = NULL;
        n->type = NULL;
        return OM_VAR;
    }
    if (u && u->kind == N_IDENT && u->name) {
        Obj *o = scope_lookup(c->scope, u->name);
        if (o && o->kind == OBJ_VAR) {
            bool used = o->used;
            OpMode m = chk_expr(c, n);
            if (o->vclass != VAR_GLOBAL) o->used = used;   /* assignment is not a use */
            return m;
        }
    }
    OpMode m = chk_expr(c, n);
    if (m == OM_INVALID) return m;
    bool reported;
    if (!chk_can_assign(c, n, m, &reported)) {
        if (!reported) chk_error(c, chk_start_pos(n), "cannot assign to %s", m == OM_NIL ? "nil" : chk_operand_str(c, n, m));
        return OM_INVALID;
    }
    return OM_VAR;
}

static void chk_assign_mismatch(Checker *c, NodeList *rhs, int nvars, int nvals) {
    Node *r0 = rhs->items[0];
    Node *call = chk_unparen(r0);
    if (rhs->len == 1 && call && call->kind == N_CALL)
        chk_error(c, chk_start_pos(r0), "assignment mismatch: %d variable%s but %s returns %d value%s", nvars,
                  nvars == 1 ? "" : "s", chk_expr_str(c, call->a), nvals, nvals == 1 ? "" : "s");
    else
        chk_error(c, chk_start_pos(r0), "assignment mismatch: %d variable%s but %d value%s", nvars, nvars == 1 ? "" : "s",
                  nvals, nvals == 1 ? "" : "s");
}

/* Checks rhs values for nl targets; types[i] are the targets' types (NULL: infer, for :=). On
 * return types[i] holds each value's final type (t_invalid on error). */
/* `v, ok = m[k]`: the value is assignable to types[0], the untyped bool ok to types[1]. */
static void chk_map_comma_ok(Checker *c, Node *x, Type **types, bool *isnew, const char *context) {
    Node *ix = chk_unparen(x);
    ix->flags |= NF_COMMAOK;
    x->flags |= NF_COMMAOK;
    Type *vals[2] = { ix->type, t_bool };
    for (int i = 0; i < 2; i++) {
        Type *t = isnew && isnew[i] ? NULL : types[i];
        if (!t) { types[i] = vals[i]; continue; }
        Node tmp = {0};
        tmp.kind = N_IDENT;
        tmp.type = vals[i];
        if (i == 1 && type_is_boolean(t)) continue;     /* ok is an untyped boolean */
        if (!chk_assignable(c, &tmp, OM_VALUE, t)) {
            chk_error(c, chk_start_pos(x), "cannot use %s value as type %s in %s", chk_type_str(c, vals[i]),
                      chk_type_str(c, t), context);
            types[i] = t_invalid;
        }
    }
}

static void chk_assign_values(Checker *c, NodeList *rhs, int nl, Type **types, bool *isnew, const char *context) {
    if (rhs->len == nl && !(nl == 1 && chk_unparen(rhs->items[0])->kind == N_CALL)) {
        for (int i = 0; i < nl; i++) {
            Node *x = rhs->items[i];
            OpMode m = chk_single(c, x);
            Type *t = isnew && isnew[i] ? NULL : types[i];
            if (isnew && isnew[i] && m == OM_NIL) {
                chk_error(c, chk_start_pos(x), "use of untyped nil in %s", context);
                types[i] = t_invalid;
                continue;
            }
            if (!chk_assign_to(c, x, m, t, context)) { types[i] = t_invalid; continue; }
            if (!t) types[i] = x->type ? x->type : t_invalid;
        }
        return;
    }
    if (rhs->len == 1) {
        Node *x = rhs->items[0];
        OpMode m = chk_expr(c, x);
        chk_comma_ok(c, x, nl);
        if (m == OM_INVALID) { for (int i = 0; i < nl; i++) types[i] = t_invalid; return; }
        if (nl == 2 && m == OM_VALUE && (chk_unparen(x)->flags & NF_MAPINDEX)) {
            chk_map_comma_ok(c, x, types, isnew, context);
            return;
        }
        if (m == OM_NOVALUE) {
            chk_error(c, chk_start_pos(x), "%s (no value) used as value", chk_expr_str(c, x));
            for (int i = 0; i < nl; i++) types[i] = t_invalid;
            return;
        }
        int have = x->type && x->type->kind == TY_TUPLE ? x->type->nfields : 1;
        if (have != nl) {
            chk_assign_mismatch(c, rhs, nl, have);
            for (int i = 0; i < nl; i++) types[i] = t_invalid;
            return;
        }
        if (nl == 1) {
            Type *t = isnew && isnew[0] ? NULL : types[0];
            if (isnew && isnew[0] && m == OM_NIL) {
                chk_error(c, chk_start_pos(x), "use of untyped nil in %s", context);
                types[0] = t_invalid;
            } else if (!chk_assign_to(c, x, m, t, context)) {
                types[0] = t_invalid;
            } else if (!t) {
                types[0] = x->type ? x->type : t_invalid;
            }
            return;
        }
        for (int i = 0; i < nl; i++) {
            Type *vt = x->type->fields[i].type;
            Type *t = isnew && isnew[i] ? NULL : types[i];
            bool untyped_ok = i == 1 && (chk_unparen(x)->flags & NF_COMMAOK);   /* Go's ok is untyped bool */
            if (t && !(untyped_ok && type_is_boolean(t))) {
                Node tmp = {0};
                tmp.kind = N_IDENT;
                tmp.type = vt;
                if (!chk_assignable(c, &tmp, OM_VALUE, t)) {
                    chk_error(c, chk_start_pos(x), "cannot use %s value as type %s in %s", chk_type_str(c, vt),
                              chk_type_str(c, t), context);
                    types[i] = t_invalid;
                    continue;
                }
            } else {
                types[i] = vt;
            }
        }
        return;
    }
    for (int i = 0; i < rhs->len; i++) chk_expr(c, rhs->items[i]);
    chk_assign_mismatch(c, rhs, nl, rhs->len);
    for (int i = 0; i < nl; i++) types[i] = t_invalid;
}

static void chk_define(Checker *c, Node *s) {
    int nl = s->list.len;
    Type **types = arena_alloc(c->arena, sizeof(Type *) * (size_t)(nl + 1));
    bool *isnew = arena_alloc(c->arena, sizeof(bool) * (size_t)(nl + 1));
    Obj **objs = arena_alloc(c->arena, sizeof(Obj *) * (size_t)(nl + 1));
    bool anynew = false, bad = false;
    for (int i = 0; i < nl; i++) {
        Node *id = s->list.items[i];
        if (!id || id->kind != N_IDENT) {
            chk_error(c, id ? chk_start_pos(id) : s->pos, "non-name %s on left side of :=", chk_expr_str(c, id));
            bad = true;
            continue;
        }
        for (int j = 0; j < i; j++)
            if (s->list.items[j]->kind == N_IDENT && s->list.items[j]->name == id->name && strcmp(id->name, "_") != 0) {
                chk_error(c, id->pos, "%s repeated on left side of :=", id->name);
                bad = true;
            }
        if (strcmp(id->name, "_") == 0) { isnew[i] = true; continue; }
        Obj *o = scope_lookup_local(c->scope, id->name);
        if (o) {
            id->obj = o;
            if (o->kind != OBJ_VAR) {
                chk_error(c, id->pos, "cannot assign to %s", chk_expr_str(c, id));
                bad = true;
            }
            types[i] = o->type;
            id->type = o->type;
        } else {
            isnew[i] = true;
            anynew = true;
        }
    }
    if (bad) { for (int i = 0; i < s->list2.len; i++) chk_expr(c, s->list2.items[i]); return; }
    chk_assign_values(c, &s->list2, nl, types, isnew, "assignment");
    bool failed = false;
    for (int i = 0; i < nl; i++) if (!types[i] || types[i] == t_invalid) failed = true;
    for (int i = 0; i < nl; i++) {
        Node *id = s->list.items[i];
        if (!isnew[i]) continue;
        Type *t = types[i] ? types[i] : t_invalid;
        if (strcmp(id->name, "_") == 0) { id->obj = NULL; id->type = t; continue; }
        objs[i] = chk_new_local(c, id, t);
        if (failed) objs[i]->used = true;
    }
    for (int i = 0; i < nl; i++) {
        if (failed && s->list.items[i]->obj && s->list.items[i]->obj->kind == OBJ_VAR) s->list.items[i]->obj->used = true;
        if (!objs[i]) continue;
        if (chk_declare(c, c->scope, objs[i], objs[i]->pos)) chk_track_local(c, objs[i]);
    }
    if (!anynew) chk_error(c, s->pos2.line ? s->pos2 : s->pos, "no new variables on left side of :=");
}

static int chk_assign_binop(int op) {
    switch (op) {
    case TK_ADD_ASSIGN: return TK_PLUS; case TK_SUB_ASSIGN: return TK_MINUS; case TK_MUL_ASSIGN: return TK_STAR;
    case TK_QUO_ASSIGN: return TK_SLASH; case TK_REM_ASSIGN: return TK_PERCENT; case TK_AND_ASSIGN: return TK_AND;
    case TK_OR_ASSIGN: return TK_OR; case TK_XOR_ASSIGN: return TK_XOR; case TK_SHL_ASSIGN: return TK_SHL;
    case TK_SHR_ASSIGN: return TK_SHR; case TK_AND_NOT_ASSIGN: return TK_ANDNOT;
    case TK_PLUS: case TK_MINUS: case TK_STAR: case TK_SLASH: case TK_PERCENT: case TK_AND: case TK_OR:
    case TK_XOR: case TK_SHL: case TK_SHR: case TK_ANDNOT:
        return op;
    default: return 0;
    }
}

static void chk_assign_stmt(Checker *c, Node *s) {
    if (s->op == TK_DEFINE) { chk_define(c, s); return; }
    if (s->op != TK_ASSIGN) {
        int op = chk_assign_binop(s->op);
        if (s->list.len != 1 || s->list2.len != 1 || !op) {
            chk_error(c, s->pos, "assignment operation %s requires single-valued expressions", "op=");
            return;
        }
        Node *x = s->list.items[0], *y = s->list2.items[0];
        OpMode mx = chk_value(c, x);
        OpMode my = chk_value(c, y);
        if (mx == OM_INVALID || my == OM_INVALID) return;
        bool reported;
        if (!chk_can_assign(c, x, mx, &reported)) {
            if (!reported) chk_error(c, chk_start_pos(x), "cannot assign to %s", chk_operand_str(c, x, mx));
            return;
        }
        Node tmp = {0};
        tmp.kind = N_BINARY;
        tmp.op = op;
        tmp.pos = s->pos;
        OpMode m = chk_binary_operands(c, &tmp, op, x, mx, y, my, s);
        if (m == OM_INVALID) return;
        if (tmp.type && !types_identical(tmp.type, x->type) && !type_is_untyped(tmp.type))
            chk_error(c, chk_start_pos(x), "cannot assign %s to %s", chk_type_str(c, tmp.type), chk_expr_str(c, x));
        if (type_is_untyped(y->type)) chk_default(c, y, my);
        return;
    }
    int nl = s->list.len;
    Type **types = arena_alloc(c->arena, sizeof(Type *) * (size_t)(nl + 1));
    bool bad = false;
    for (int i = 0; i < nl; i++) {
        OpMode m = chk_lhs(c, s->list.items[i]);
        if (m == OM_INVALID) bad = true;
        types[i] = s->list.items[i]->type;
    }
    if (bad) {
        for (int i = 0; i < s->list2.len; i++) chk_expr(c, s->list2.items[i]);
        return;
    }
    bool *blank = arena_alloc(c->arena, sizeof(bool) * (size_t)(nl + 1));
    for (int i = 0; i < nl; i++) blank[i] = types[i] == NULL;
    chk_assign_values(c, &s->list2, nl, types, blank, "assignment");
    bool failed = false;
    for (int i = 0; i < nl; i++) if (types[i] == t_invalid) failed = true;
    if (failed)     /* avoid follow-on "declared but not used" */
        for (int i = 0; i < nl; i++) {
            Node *u = chk_unparen(s->list.items[i]);
            if (u->kind == N_IDENT && u->obj && u->obj->kind == OBJ_VAR) u->obj->used = true;
        }
}

static void chk_incdec(Checker *c, Node *s) {
    OpMode m = chk_value(c, s->a);
    if (m == OM_INVALID) return;
    if (!type_is_numeric(s->a->type)) {
        chk_error(c, chk_start_pos(s->a), "invalid operation: %s%s (non-numeric type %s)", chk_expr_str(c, s->a),
                  s->op == TK_INC ? "++" : "--", chk_type_str(c, s->a->type));
        return;
    }
    bool reported;
    if (!chk_can_assign(c, s->a, m, &reported) && !reported)
        chk_error(c, chk_start_pos(s->a), "cannot assign to %s", chk_operand_str(c, s->a, m));
}

static void chk_return(Checker *c, Node *s) {
    Type *sig = c->fsig;
    int nr = sig ? sig->nresults : 0;
    NodeList *l = &s->list;
    if (l->len == 0) {
        if (nr > 0 && !sig->results[0].name)
            chk_error(c, s->pos, "not enough return values\n\thave ()\n\twant %s",
                      chk_types_summary(c, NULL, 0, &(Type){.kind = TY_TUPLE, .fields = sig->results, .nfields = nr}));
        /* a bare return needs every named result visible */
        for (int i = 0; i < nr && sig->results[0].name; i++) {
            const char *name = sig->results[i].name;
            if (!name || strcmp(name, "_") == 0) continue;
            Obj *alt = scope_lookup(c->scope, name);
            if (alt && !(alt->kind == OBJ_VAR && alt->vclass == VAR_RESULT))
                chk_error(c, s->pos, "result parameter %s not in scope at return\n\t%s:%d:%d: inner declaration of %s %s %s",
                          name, c->file->path, alt->pos.line, alt->pos.col,
                          alt->kind == OBJ_CONST ? "const" : alt->kind == OBJ_TYPE ? "type" : "var", name,
                          chk_type_str(c, alt->type));
        }
        return;
    }
    if (nr == 0) {
        for (int i = 0; i < l->len; i++) chk_expr(c, l->items[i]);
        for (int i = 0; i < l->len; i++) if (l->items[i]->type == t_invalid) return;
        chk_error(c, chk_start_pos(l->items[0]), "too many return values\n\thave %s\n\twant ()",
                  chk_types_summary(c, l->items, l->len, NULL));
        return;
    }
    Type want = {.kind = TY_TUPLE, .fields = sig->results, .nfields = nr};
    if (l->len == 1) {
        Node *x = l->items[0];
        OpMode m = chk_expr(c, x);
        if (m == OM_INVALID) return;
        if (x->type && x->type->kind == TY_TUPLE) {
            if (x->type->nfields != nr) {
                chk_error(c, chk_start_pos(x), "%s return values\n\thave %s\n\twant %s",
                          x->type->nfields < nr ? "not enough" : "too many", chk_types_summary(c, NULL, 0, x->type),
                          chk_types_summary(c, NULL, 0, &want));
                return;
            }
            for (int i = 0; i < nr; i++) {
                Node tmp = {0};
                tmp.kind = N_IDENT;
                tmp.type = x->type->fields[i].type;
                if (!chk_assignable(c, &tmp, OM_VALUE, sig->results[i].type)) {
                    chk_error(c, chk_start_pos(x), "cannot use %s value as type %s in return statement",
                              chk_type_str(c, tmp.type), chk_type_str(c, sig->results[i].type));
                    return;
                }
            }
            return;
        }
        if (nr == 1) {
            chk_assign_to(c, x, m, sig->results[0].type, "return statement");
            return;
        }
        chk_error(c, chk_start_pos(x), "not enough return values\n\thave %s\n\twant %s",
                  chk_types_summary(c, l->items, 1, NULL), chk_types_summary(c, NULL, 0, &want));
        return;
    }
    OpMode *modes = arena_alloc(c->arena, sizeof(OpMode) * (size_t)(l->len + 1));
    for (int i = 0; i < l->len; i++) modes[i] = chk_single(c, l->items[i]);
    if (l->len != nr) {
        for (int i = 0; i < l->len; i++) if (modes[i] == OM_INVALID) return;
        Node *at = l->len > nr ? l->items[nr] : l->items[l->len - 1];
        chk_error(c, chk_start_pos(at), "%s return values\n\thave %s\n\twant %s", l->len < nr ? "not enough" : "too many",
                  chk_types_summary(c, l->items, l->len, NULL), chk_types_summary(c, NULL, 0, &want));
        return;
    }
    for (int i = 0; i < nr; i++) chk_assign_to(c, l->items[i], modes[i], sig->results[i].type, "return statement");
}

static void chk_cond(Checker *c, Node *cond, const char *what) {
    if (!cond) return;
    OpMode m = chk_value(c, cond);
    if (m == OM_INVALID) return;
    if (!type_is_boolean(cond->type)) {
        chk_error(c, chk_start_pos(cond), "non-boolean condition in %s statement", what);
        return;
    }
    chk_default(c, cond, m);
}

static void chk_simple(Checker *c, Node *s, Ctx *ctx) {
    if (s) chk_stmt(c, s, ctx, false, false);
}

/* Maps, slices and funcs compare only with nil, which is enough to switch on them (Go's
 * hasNil rule: every case must then be nil). */
static bool chk_nil_only(Type *t) {
    TypeKind k = type_underlying(t)->kind;
    return k == TY_MAP || k == TY_SLICE || k == TY_FUNC;
}

static void chk_type_switch(Checker *c, Node *s, Ctx *ctx, const char *label);


/* switch { case i: } with i of an interface type that bool implements: the missing tag is
 * `true`, so the case is i == true, with true boxed as for any comparison of an interface with
 * a concrete value (Go's test switch.go, issue 3980). */
static bool chk_case_iface_true(Checker *c, Node *e) {
    Node *y = arena_alloc(c->arena, sizeof *y);
    y->kind = N_IDENT;
    y->pos = e->pos;
    y->obj = scope_lookup(c->universe, intern_cstr("true"));
    y->name = y->obj->name;
    y->type = t_untyped_bool;
    y->cval = chk_new_cval(c, cv_make_bool(true));
    if (!chk_assignable(c, y, OM_CONST, e->type)) return false;
    chk_assign_to(c, y, OM_CONST, e->type, "switch case");
    chk_wrap(c, e, N_BINARY, TK_EQL, t_bool);
    e->b = y;
    return true;
}

static void chk_switch(Checker *c, Node *s, Ctx *ctx, const char *label) {
    if (s->kind == N_TYPESWITCH) { chk_type_switch(c, s, ctx, label); return; }
    chk_push_scope(c);
    chk_simple(c, s->init, ctx);
    OpMode tm = OM_INVALID;
    Node *tag = s->a;
    if (tag) {
        tm = chk_value(c, tag);
        if (tm != OM_INVALID) {
            chk_default(c, tag, tm);
            if (tm == OM_NIL) { chk_error(c, chk_start_pos(tag), "use of untyped nil in switch expression"); tm = OM_INVALID; }
            else if (!type_is_comparable(tag->type) && !chk_nil_only(tag->type)) {
                chk_error(c, chk_start_pos(tag), "cannot switch on %s", chk_operand_str(c, tag, tm));
                tm = OM_INVALID;
            }
        }
    }
    Ctx inner = {ctx, s, label, false};
    Node *first_default = NULL;
    Node **seen = arena_alloc(c->arena, sizeof(Node *) * 256);
    int nseen = 0;
    for (int i = 0; i < s->list.len; i++) {
        Node *cl = s->list.items[i];
        if (!cl) continue;
        if (cl->flags & NF_DEFAULT) {
            if (first_default)
                chk_error(c, cl->pos, "multiple defaults in switch (first at %s:%d:%d)", c->file->path,
                          first_default->pos.line, first_default->pos.col);
            first_default = cl;
        }
        for (int j = 0; j < cl->list.len; j++) {
            Node *e = cl->list.items[j];
            OpMode m = chk_value(c, e);
            if (m == OM_INVALID) continue;
            if (!tag) {
                if (chk_is_interface(e->type) && chk_case_iface_true(c, e)) continue;
                if (!type_is_boolean(e->type)) {
                    if (m == OM_CONST && type_is_untyped(e->type))
                        chk_error(c, chk_start_pos(e), "cannot convert %s to bool", chk_operand_str(c, e, m));
                    else
                        chk_error(c, chk_start_pos(e), "invalid case %s in switch on true (mismatched types %s and bool)",
                                  chk_expr_str(c, e), chk_type_str(c, e->type));
                    continue;
                }
                chk_default(c, e, m);
                continue;
            }
            if (tm == OM_INVALID) continue;
            CvStatus st;
            if (type_is_untyped(e->type) && !chk_is_interface(tag->type)) {
                const char *d = chk_operand_str(c, e, m);
                if (!chk_convert_untyped(c, e, m, tag->type, &st)) {
                    if (st == CV_OVERFLOW || st == CV_TRUNCATED)
                        chk_error(c, chk_start_pos(e), "%s %s %s", d, st == CV_OVERFLOW ? "overflows" : "truncated to",
                                  chk_type_str(c, tag->type));
                    else
                        chk_error(c, chk_start_pos(e), "cannot convert %s to %s", d, chk_type_str(c, tag->type));
                    continue;
                }
            }
            if (chk_nil_only(tag->type) && m != OM_NIL) {
                static const char *what[] = {[TY_MAP] = "map", [TY_SLICE] = "slice", [TY_FUNC] = "func"};
                chk_error(c, chk_start_pos(e), "invalid case %s in switch on %s (%s can only be compared to nil)",
                          chk_expr_str(c, e), chk_expr_str(c, tag), what[type_underlying(tag->type)->kind]);
                continue;
            }
            if (!chk_assignable(c, e, m, tag->type) && !chk_assignable(c, tag, tm, e->type)) {
                chk_error(c, chk_start_pos(e), "invalid case %s in switch on %s (mismatched types %s and %s)",
                          chk_expr_str(c, e), chk_expr_str(c, tag), chk_type_str(c, e->type), chk_type_str(c, tag->type));
                continue;
            }
            chk_default(c, e, m);
            if (chk_is_interface(tag->type) && !chk_is_interface(e->type) && m != OM_NIL)
                chk_wrap(c, e, N_CONVERT, 0, tag->type);
            if (m == OM_CONST && e->cval) {
                for (int k = 0; k < nseen; k++)
                    if (types_identical(seen[k]->type, e->type) && seen[k]->cval->kind == e->cval->kind &&
                        cv_compare(TK_EQL, *seen[k]->cval, *e->cval)) {
                        chk_error(c, chk_start_pos(e), "duplicate case %s in expression switch\n\t%s:%d:%d: previous case",
                                  chk_operand_str(c, e, m), c->file->path, chk_start_pos(seen[k]).line,
                                  chk_start_pos(seen[k]).col);
                        break;
                    }
                if (nseen < 256) seen[nseen++] = e;
            }
        }
        chk_push_scope(c);
        chk_stmt_list(c, cl, &cl->list2, &inner, true, i == s->list.len - 1);
        chk_pop_scope(c);
    }
    chk_pop_scope(c);
}

/* Whether e is a receive `<-c` (parentheses allowed: `case (<-c):`). */
static bool chk_is_recv(Node *e) {
    Node *u = e ? chk_unparen(e) : NULL;
    return u && u->kind == N_UNARY && u->op == TK_ARROW;
}

/* select: each clause is a send, a receive (alone, or assigned / declared with `=` / `:=`,
 * with an optional ok), or the one default; its statements see the variables its receive
 * declares. Go evaluates every channel and value before choosing (compiler/gen_stmt.c). */
static void chk_send(Checker *c, Node *s);
static void chk_expr_stmt(Checker *c, Node *s);
static void chk_assign_stmt(Checker *c, Node *s);

static void chk_select(Checker *c, Node *s, Ctx *ctx, const char *label) {
    Ctx inner = {ctx, s, label, false};
    Node *first_default = NULL;
    for (int i = 0; i < s->list.len; i++) {
        Node *cl = s->list.items[i];
        if (!cl) continue;
        Node *comm = cl->a;
        chk_push_scope(c);
        if (!comm) {
            if (first_default)
                chk_error(c, cl->pos, "multiple defaults (first at %s:%d:%d)", c->file->path,
                          first_default->pos.line, first_default->pos.col);
            else
                first_default = cl;
        } else if (comm->kind == N_SEND) {
            chk_send(c, comm);
        } else if (comm->kind == N_EXPRSTMT && chk_is_recv(comm->a)) {
            chk_expr_stmt(c, comm);
        } else if (comm->kind == N_ASSIGN && comm->list2.len == 1 &&
                   chk_is_recv(comm->list2.items[0])) {
            chk_assign_stmt(c, comm);
        } else {
            /* Go's position: the statement, or for an expression its syntax node's (a call's '(') */
            Node *at = comm->kind == N_EXPRSTMT ? chk_unparen(comm->a) : NULL;
            Pos pos = !at ? chk_start_pos(comm->kind == N_ASSIGN ? comm->list.items[0] : comm)
                          : at->kind == N_CALL && at->pos2.line ? at->pos2 : at->pos;
            chk_error(c, pos, "select case must be send or receive (possibly with assignment)");
        }
        chk_stmt_list(c, cl, &cl->list2, &inner, true, i == s->list.len - 1);
        chk_pop_scope(c);
    }
}

/* A type switch `switch v := x.(type) { case T1: ... case T2, T3: ... case nil: ... }`. x must
 * be an interface; each case type must be one x can hold (else "impossible type switch case")
 * and appear once. Each clause declares its own v: of type T in a one-type clause, of x's type
 * otherwise (several types, nil, default). v counts as used if any clause uses it. */
static void chk_type_switch(Checker *c, Node *s, Ctx *ctx, const char *label) {
    chk_push_scope(c);
    chk_simple(c, s->init, ctx);
    Node *x = s->a;
    OpMode xm = chk_iface_operand(c, x);
    Type *xt = xm == OM_INVALID ? t_invalid : x->type;
    Obj *tracker = NULL;                    /* stands for every clause's v in "declared but not used" */
    if (s->b && s->name && strcmp(s->name, "_") != 0) {
        tracker = chk_new_obj(c, OBJ_VAR, s->name, xt, s->b->pos);
        chk_track_local(c, tracker);
    } else if (s->b && s->name) {
        chk_error(c, s->b->pos, "no new variable on left side of :=");
    }
    Ctx inner = {ctx, s, label, false};
    Node *first_default = NULL;
    Node *seen[256];
    int nseen = 0;
    for (int i = 0; i < s->list.len; i++) {
        Node *cl = s->list.items[i];
        if (!cl) continue;
        if (cl->flags & NF_DEFAULT) {
            if (first_default)
                chk_error(c, cl->pos, "multiple defaults (first at %s:%d:%d)", c->file->path,
                          first_default->pos.line, first_default->pos.col);
            first_default = cl;
        }
        Type *single = NULL;
        for (int j = 0; j < cl->list.len; j++) {
            Node *e = cl->list.items[j];
            Node *u = chk_unparen(e);
            Obj *o = u && u->kind == N_IDENT && u->name ? scope_lookup(c->scope, u->name) : NULL;
            Type *t;
            if (o && o->kind == OBJ_NIL) {
                e->obj = u->obj = o;
                e->type = u->type = t_untyped_nil;
                t = t_untyped_nil;
            } else {
                t = chk_type_or_invalid(c, e);
                if (t == t_invalid || xt == t_invalid) { single = NULL; continue; }
                const char *why = chk_impossible_assert(c, xt, t);
                if (why) {
                    chk_error(c, chk_start_pos(e), "impossible type switch case: %s\n\t%s cannot have dynamic type %s (%s)%s",
                              chk_expr_str(c, e), chk_operand_str(c, x, xm), chk_type_str(c, t), why,
                              chk_missing_detail_text());
                    continue;
                }
            }
            bool dup = false;
            for (int k = 0; k < nseen && !dup; k++) {
                if (!types_identical(seen[k]->type, t)) continue;
                chk_error(c, chk_start_pos(e), "duplicate case %s in type switch\n\t%s:%d:%d: previous case",
                          t == t_untyped_nil ? "nil" : chk_type_str(c, t), c->file->path, chk_start_pos(seen[k]).line,
                          chk_start_pos(seen[k]).col);
                dup = true;
            }
            if (!dup && nseen < 256) seen[nseen++] = e;
            single = cl->list.len == 1 && t != t_untyped_nil ? t : NULL;
        }
        chk_push_scope(c);
        if (tracker) {
            Obj *v = chk_new_obj(c, OBJ_VAR, s->name, single ? single : xt, s->b->pos);
            v->vclass = VAR_LOCAL;
            v->decl = s->b;
            chk_declare(c, c->scope, v, s->b->pos);
            cl->obj = v;
        }
        chk_stmt_list(c, cl, &cl->list2, &inner, true, i == s->list.len - 1);
        if (tracker && cl->obj && cl->obj->used) tracker->used = true;
        chk_pop_scope(c);
    }
    if (tracker && xt == t_invalid) tracker->used = true;
    chk_pop_scope(c);
}

static void chk_range(Checker *c, Node *s, Ctx *ctx, const char *label) {
    chk_push_scope(c);
    Node *x = s->c;
    OpMode m = chk_value(c, x);
    Type *kt = NULL, *vt = NULL;
    if (m != OM_INVALID) {
        if (type_is_untyped(x->type) && !type_is_string(x->type)) {
            chk_error(c, chk_start_pos(x), "cannot range over %s", chk_operand_str(c, x, m));
            m = OM_INVALID;
        }
    }
    if (m != OM_INVALID) {
        chk_default(c, x, m);
        Type *u = type_underlying(x->type);
        if (u->kind == TY_POINTER && type_underlying(u->elem)->kind == TY_ARRAY) u = type_underlying(u->elem);
        switch (u->kind) {
        case TY_STRING: kt = t_int; vt = t_rune; break;
        case TY_ARRAY: case TY_SLICE: kt = t_int; vt = u->elem; break;
        case TY_MAP: kt = u->key; vt = u->elem; break;
        case TY_CHAN:
            if (u->chandir == 1) {
                chk_error(c, chk_start_pos(x), "cannot range over %s (receive from send-only channel)",
                          chk_operand_str(c, x, m));
                break;
            }
            kt = u->elem;
            if (s->b) chk_error(c, chk_start_pos(s->b), "range over %s permits only one iteration variable",
                                chk_operand_str(c, x, m));
            break;
        default:
            chk_error(c, chk_start_pos(x), "cannot range over %s", chk_operand_str(c, x, m));
            break;
        }
    }
    Node *lhs[2] = {s->a, s->b};
    Type *ts[2] = {kt, vt};
    if (s->op == TK_DEFINE) {
        bool anynew = false;
        Obj *objs[2] = {NULL, NULL};
        for (int i = 0; i < 2; i++) {
            Node *id = lhs[i];
            if (!id) continue;
            if (id->kind != N_IDENT) {
                chk_error(c, chk_start_pos(id), "non-name %s on left side of :=", chk_expr_str(c, id));
                continue;
            }
            Type *t = ts[i] ? ts[i] : t_invalid;
            if (strcmp(id->name, "_") == 0) { id->obj = NULL; id->type = t; continue; }
            anynew = true;
            objs[i] = chk_new_local(c, id, t);
            if (t == t_invalid) objs[i]->used = true;
        }
        for (int i = 0; i < 2; i++) {
            if (!objs[i]) continue;
            if (chk_declare(c, c->scope, objs[i], objs[i]->pos)) chk_track_local(c, objs[i]);
        }
        if (!anynew && (s->a || s->b)) chk_error(c, s->pos, "no new variables on left side of :=");
    } else if (s->op == TK_ASSIGN) {
        for (int i = 0; i < 2; i++) {
            if (!lhs[i]) continue;
            OpMode lm = chk_lhs(c, lhs[i]);
            if (lm == OM_INVALID || !ts[i] || !lhs[i]->type) continue;
            Node tmp = {0};
            tmp.kind = N_IDENT;
            tmp.type = ts[i];
            if (!chk_assignable(c, &tmp, OM_VALUE, lhs[i]->type))
                chk_error(c, chk_start_pos(lhs[i]), "cannot use %s (value of type %s) as type %s in range",
                          chk_expr_str(c, lhs[i]), chk_type_str(c, ts[i]), chk_type_str(c, lhs[i]->type));
        }
    }
    Ctx inner = {ctx, s, label, true};
    chk_block(c, s->body, &inner);
    chk_pop_scope(c);
}

static void chk_branch(Checker *c, Node *s, Ctx *ctx, bool last_in_case, bool final_case) {
    switch (s->op) {
    case TK_BREAK:
    case TK_CONTINUE: {
        bool brk = s->op == TK_BREAK;
        if (s->name) {
            LabelInfo *li = chk_find_label(s->name);
            if (!li) {
                chk_error(c, s->pos2.line ? s->pos2 : chk_word_pos(c, s->pos, s->name, false), "%s label not defined: %s", brk ? "break" : "continue", s->name);
                return;
            }
            li->used = true;
            for (Ctx *x = ctx; x; x = x->outer) {
                if (x->label != s->name) continue;
                if (x->stmt && (brk || x->is_loop)) return;
                chk_error(c, s->pos2.line ? s->pos2 : chk_word_pos(c, s->pos, s->name, false), "invalid %s label %s",
                          brk ? "break" : "continue", s->name);
                return;
            }
            chk_error(c, s->pos2.line ? s->pos2 : chk_word_pos(c, s->pos, s->name, false), "%s label not defined: %s",
                      brk ? "break" : "continue", s->name);
            return;
        }
        for (Ctx *x = ctx; x; x = x->outer)
            if (x->stmt && (brk || x->is_loop)) return;
        chk_error(c, s->pos, brk ? "break is not in a loop, switch, or select" : "continue is not in a loop");
        return;
    }
    case TK_GOTO: {
        LabelInfo *li = s->name ? chk_find_label(s->name) : NULL;
        if (!li) {
            chk_error(c, s->pos2.line ? s->pos2 : chk_word_pos(c, s->pos, s->name, false), "label %s not defined", s->name ? s->name : "?");
            return;
        }
        li->used = true;
        chk_goto(c, s, li);
        return;
    }
    case TK_FALLTHROUGH:
        if (last_in_case && ctx && ctx->stmt && ctx->stmt->kind == N_TYPESWITCH)
            chk_error(c, s->pos, final_case ? "cannot fallthrough final case in switch" : "cannot fallthrough in type switch");
        else if (!last_in_case || !ctx || !ctx->stmt || ctx->stmt->kind != N_SWITCH)
            chk_error(c, s->pos, "fallthrough statement out of place");
        else if (final_case)
            chk_error(c, s->pos, "cannot fallthrough final case in switch");
        return;
    default:
        return;
    }
}

/* c <- v: c a channel that may send, v assignable to its element type. */
static void chk_send(Checker *c, Node *s) {
    OpMode cm = chk_expr(c, s->a);
    OpMode vm = chk_expr(c, s->b);
    if (cm == OM_INVALID || vm == OM_INVALID) return;
    Type *u = type_underlying(s->a->type);
    if (!u || u->kind != TY_CHAN) {
        chk_error(c, chk_stmt_pos(s), "invalid operation: cannot send to non-channel %s", chk_operand_str(c, s->a, cm));
        return;
    }
    if (u->chandir == 2) {
        chk_error(c, chk_stmt_pos(s), "invalid operation: cannot send to receive-only channel %s",
                  chk_operand_str(c, s->a, cm));
        return;
    }
    chk_assign_to(c, s->b, vm, u->elem, "send");
}

static void chk_expr_stmt(Checker *c, Node *s) {
    Node *e = s->a;
    OpMode m = chk_expr(c, e);
    if (m == OM_INVALID || m == OM_NOVALUE) return;
    Node *u = chk_unparen(e);
    if (u->kind == N_UNARY && u->op == TK_ARROW) return;     /* <-c */
    if (u->kind == N_CALL) {
        if (u->aux == CALL_BUILTIN) {
            Obj *b = chk_unparen(u->a)->obj;
            if (b && (b->builtin == BI_COPY || b->builtin == BI_PANIC || b->builtin == BI_PRINT ||
                      b->builtin == BI_PRINTLN || b->builtin == BI_RECOVER))
                return;
        } else if (u->aux != CALL_CONV) {
            return;
        }
    }
    if (m == OM_TYPE) {
        chk_error(c, chk_start_pos(e), "%s (type) is not an expression", chk_expr_str(c, e));
        return;
    }
    if (m == OM_BUILTIN) {
        chk_error(c, chk_start_pos(e), "%s (built-in) must be called", chk_expr_str(c, e));
        return;
    }
    chk_error(c, chk_start_pos(e), "%s is not used", chk_operand_str(c, e, m));
}

/* defer f(args) and go f(args): a call (the parser has refused other forms), in Go's words when it is not one
 * that may stand as a statement. Builtins: panic, print, println, recover and delete are
 * deferred (compiler/gen_stmt.c), and close; copy waits for a later step. */
static void chk_defer(Checker *c, Node *s) {
    const char *what = s->kind == N_GO ? "go" : "defer";
    Node *e = s->a;
    if (!e) return;
    OpMode m = chk_expr(c, e);
    if (m == OM_INVALID) return;
    Node *u = chk_unparen(e);
    if (u->kind != N_CALL) return;
    if (u->aux == CALL_CONV) {
        chk_error(c, chk_start_pos(e), "%s requires function call, not conversion %s", what, chk_operand_str(c, e, m));
        return;
    }
    if (u->aux != CALL_BUILTIN) return;
    Obj *b = chk_unparen(u->a)->obj;
    if (!b) return;
    switch (b->builtin) {
    case BI_PANIC: case BI_PRINT: case BI_PRINTLN: case BI_RECOVER: case BI_DELETE: case BI_COPY: case BI_CLOSE:
        return;
    default:
        chk_error(c, chk_start_pos(e), "%s discards result of %s", what, chk_operand_str(c, e, m));
    }
}

static void chk_stmt(Checker *c, Node *s, Ctx *ctx, bool last_in_case, bool final_case) {
    if (!s) return;
    switch (s->kind) {
    case N_EMPTY: break;
    case N_BLOCK: chk_block(c, s, ctx); break;
    case N_EXPRSTMT: chk_expr_stmt(c, s); break;
    case N_INCDEC: chk_incdec(c, s); break;
    case N_ASSIGN: chk_assign_stmt(c, s); break;
    case N_DECLSTMT: chk_local_decl(c, s->a); break;
    case N_RETURN: chk_return(c, s); break;
    case N_BRANCH: chk_branch(c, s, ctx, last_in_case, final_case); break;
    case N_SEND: chk_send(c, s); break;
    case N_DEFER: chk_defer(c, s); break;
    case N_GO: chk_defer(c, s); break;
    case N_SELECT: chk_select(c, s, ctx, NULL); break;
    case N_TYPESWITCH: chk_type_switch(c, s, ctx, NULL); break;
    case N_LABELED: {
        Node *inner = s->a;
        LabelInfo *own = s->name ? chk_find_label(s->name) : NULL;
        const char *label = own && own->stmt == s ? s->name : NULL;
        if (inner && (inner->kind == N_FOR || inner->kind == N_RANGE || inner->kind == N_SWITCH ||
                      inner->kind == N_TYPESWITCH || inner->kind == N_SELECT)) {
            if (inner->kind == N_FOR) {
                chk_push_scope(c);
                chk_simple(c, inner->init, ctx);
                chk_cond(c, inner->cond, "for");
                if (inner->post && inner->post->kind == N_ASSIGN && inner->post->op == TK_DEFINE)
                    chk_error(c, inner->post->pos, "cannot declare in post statement of for loop");
                else
                    chk_simple(c, inner->post, ctx);
                Ctx x = {ctx, inner, label, true};
                chk_block(c, inner->body, &x);
                chk_pop_scope(c);
            } else if (inner->kind == N_RANGE) {
                chk_range(c, inner, ctx, label);
            } else if (inner->kind == N_SELECT) {
                chk_select(c, inner, ctx, label);
            } else {
                chk_switch(c, inner, ctx, label);
            }
        } else {
            Ctx x = {ctx, NULL, label, false};
            chk_stmt(c, inner, label ? &x : ctx, last_in_case, final_case);
        }
        break;
    }
    case N_IF:
        chk_push_scope(c);
        chk_simple(c, s->init, ctx);
        chk_cond(c, s->cond, "if");
        chk_block(c, s->body, ctx);
        if (s->els) chk_stmt(c, s->els, ctx, false, false);
        chk_pop_scope(c);
        break;
    case N_FOR: {
        chk_push_scope(c);
        chk_simple(c, s->init, ctx);
        chk_cond(c, s->cond, "for");
        if (s->post && s->post->kind == N_ASSIGN && s->post->op == TK_DEFINE)
            chk_error(c, s->post->pos, "cannot declare in post statement of for loop");
        else
            chk_simple(c, s->post, ctx);
        Ctx x = {ctx, s, NULL, true};
        chk_block(c, s->body, &x);
        chk_pop_scope(c);
        break;
    }
    case N_RANGE: chk_range(c, s, ctx, NULL); break;
    case N_SWITCH: chk_switch(c, s, ctx, NULL); break;
    default:
        chk_error(c, s->pos, "unexpected %s in statement list", node_kind_name(s->kind));
        break;
    }
}

/* ---- function bodies ---------------------------------------------------------------------- */

/* The function (or literal) at the top of the checker's stack of open functions. */
static void chk_push_fn(Checker *c, Node *fn) {
    if (c->nfn >= c->capfn) {
        int nc = c->capfn ? c->capfn * 2 : 8;
        Node **ns = arena_alloc(c->arena, sizeof(Node *) * (size_t)nc);
        if (c->nfn) memcpy(ns, c->fnstack, sizeof(Node *) * (size_t)c->nfn);
        c->fnstack = ns;
        c->capfn = nc;
    }
    c->fnstack[c->nfn++] = fn;
}

/* A body whose params are declared in c->scope: labels, statements, the terminating-statement
 * rule. The label tables are per function, so a literal's body saves and restores its
 * enclosing function's. */
static void chk_body(Checker *c, Type *sig, Node *body) {
    LabelInfo *save_labels = g_labels;
    int save_nlabels = g_nlabels, save_depth = g_depth;
    ListFrame save_chain[64];
    memcpy(save_chain, g_chain, sizeof save_chain);
    int nl = chk_count_labels(body);
    LabelInfo *labels = nl ? arena_alloc(c->arena, sizeof(LabelInfo) * (size_t)nl) : NULL;
    g_labels = labels;
    g_nlabels = 0;
    ListFrame chain[64];
    chk_collect_labels_list(c, body, &body->list, 0, chain);
    g_depth = 0;
    chk_stmt_list(c, body, &body->list, NULL, false, false);
    if (sig->nresults > 0 && !chk_is_terminating_list(&body->list, NULL))
        chk_error(c, body->pos2.line ? body->pos2 : body->pos, "missing return");
    for (int i = 0; i < g_nlabels; i++)
        if (!labels[i].used)
            chk_error(c, labels[i].stmt->pos, "label %s defined and not used", labels[i].name);
    g_labels = save_labels;
    g_nlabels = save_nlabels;
    g_depth = save_depth;
    memcpy(g_chain, save_chain, sizeof save_chain);
}

void chk_func_body(Checker *c, Obj *fn, Node *decl) {
    if (!decl || !decl->body) return;
    Type *sig = fn->type;
    if (!sig || sig->kind != TY_FUNC) return;
    Scope *save = c->scope;
    c->scope = scope_new(c->arena, c->filescope);
    c->scope->is_func = true;
    c->fsig = sig;
    c->nfvars = 0;
    c->iota = -1;
    c->cur_decl = chk_decl_of(c, fn);
    c->nfn = 0;
    chk_push_fn(c, decl);
    /* receiver, parameters and results are declared in the function's outermost scope */
    if (decl->a) {
        Node *rf = decl->a;
        Type *rt = fn->recv ? fn->recv : t_invalid;
        for (int i = 0; i < rf->list.len; i++) {
            Node *id = rf->list.items[i];
            Obj *o = chk_new_obj(c, OBJ_VAR, id->name, rt, id->pos);
            o->vclass = VAR_PARAM;
            o->used = true;
            o->decl = id;
            id->obj = o;
            id->type = rt;
            if (id->name && strcmp(id->name, "_") != 0) chk_declare(c, c->scope, o, id->pos);
        }
    }
    chk_func_type(c, decl->b, NULL, c->scope);
    /* the signature was computed at resolve time; keep that Type as the node's type */
    if (decl->b) decl->b->type = sig;
    chk_body(c, sig, decl->body);
    for (int i = 0; i < c->nfvars; i++) {
        Obj *o = c->fvars[i];
        if (!o->used && !c->skipped_code) chk_warning(c, o->pos, "%s declared but not used", o->name);
    }
    c->nfn = 0;
    c->scope = save;
    c->fsig = NULL;
    c->cur_decl = NULL;
}

/* A function literal: a function whose body sees the enclosing function's variables. Its
 * params and results are declared in a scope nested in the current one; each variable of an
 * enclosing function that the body names is a capture (chk_capture). At package level (a
 * variable's initialiser) there is no enclosing function, and nothing to capture. */
OpMode chk_func_lit(Checker *c, Node *n) {
    Scope *save = c->scope;
    Type *save_sig = c->fsig;
    int64_t save_iota = c->iota;
    bool top = c->nfn == 0;
    int save_nfvars = c->nfvars;
    if (top) c->nfvars = 0;
    c->scope = scope_new(c->arena, c->scope);
    c->scope->is_func = true;
    chk_push_fn(c, n);
    Type *sig = chk_func_type(c, n->b, NULL, c->scope);
    n->type = sig;
    if (n->b) n->b->type = sig;
    if (sig && sig->kind == TY_FUNC && n->body) {
        c->fsig = sig;
        c->iota = -1;
        chk_body(c, sig, n->body);
    }
    c->nfn--;
    if (top) {                  /* a package-level literal: its own "declared but not used" */
        for (int i = 0; i < c->nfvars; i++) {
            Obj *o = c->fvars[i];
            if (!o->used && !c->skipped_code) chk_warning(c, o->pos, "%s declared but not used", o->name);
        }
        c->nfvars = save_nfvars;
    }
    c->scope = save;
    c->fsig = save_sig;
    c->iota = save_iota;
    if (!sig || sig->kind != TY_FUNC) { n->type = t_invalid; return OM_INVALID; }
    return OM_VALUE;
}

/* n names o, a local of the function o->fnode. When that is not the innermost open function,
 * every literal between here and there captures o: each one's closure must carry it to the
 * next (FUNCLIT.list holds one IDENT per capture, in order of first use). */
void chk_capture(Checker *c, Node *n, Obj *o) {
    for (int i = c->nfn - 1; i >= 0 && c->fnstack[i] != o->fnode; i--) {
        Node *lit = c->fnstack[i];
        if (lit->kind != N_FUNCLIT) break;
        bool have = false;
        for (int k = 0; k < lit->list.len && !have; k++) have = lit->list.items[k]->obj == o;
        if (have) continue;
        Node *id = node_new(c->arena, N_IDENT, n->pos);
        id->name = o->name;
        id->obj = o;
        id->type = o->type;
        nodelist_push(c->arena, &lit->list, id);
        o->captured = true;
    }
}
