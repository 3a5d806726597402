/* compiler/check_call.c — calls: functions, methods, conversions and builtins.
 *
 * A CALL node means one of five things, recorded in its `aux` (compiler.h, contract 5):
 * a call of a declared function (CALL_FUNC), of a method through a selector (CALL_METHOD), of
 * a func value (CALL_INDIRECT), a builtin (CALL_BUILTIN) or a conversion `T(x)` (CALL_CONV).
 *
 * Arguments are assigned to parameters with the assignment rules (untyped constants take the
 * parameter's type, values going to `any` are wrapped in N_CONVERT). A single call argument
 * returning several values may feed a whole parameter list: `f(g())`. For a variadic function
 * called without `...`, each extra argument is checked against the element type; packing them
 * into a slice is left to the code generator.
 *
 * Builtins with constant results (len of a constant string or of an array without calls,
 * unsafe.Sizeof/Alignof/Offsetof) are folded here, so `const n = len([4]int{})` works.
 */
#include <stdio.h>
#include <string.h>
#include "compiler/check.h"

extern Type *t_byte, *t_rune;

const char *chk_types_summary(Checker *c, Node **args, int nargs, Type *tuple) {
    static char bufs[4][1024];
    static int bi;
    char *out = bufs[bi = (bi + 1) % 4];
    size_t o = 0;
    out[o++] = '(';
    int n = tuple ? tuple->nfields : nargs;
    for (int i = 0; i < n && o < 900; i++) {
        Type *t = tuple ? tuple->fields[i].type : args[i]->type;
        const char *s;
        if (!t || t == t_invalid) s = "<T>";
        else if (type_is_untyped(t)) s = type_is_numeric(t) ? "number" : t->name + 8;
        else s = chk_type_str(c, t);
        o += (size_t)snprintf(out + o, 1024 - o, "%s%s", i ? ", " : "", s);
    }
    snprintf(out + o, 1024 - o, ")");
    return out;
}

static const char *chk_params_summary(Checker *c, Type *sig) {
    static char bufs[4][1024];
    static int bi;
    char *out = bufs[bi = (bi + 1) % 4];
    size_t o = 0;
    out[o++] = '(';
    for (int i = 0; i < sig->nfields && o < 900; i++) {
        Type *t = sig->fields[i].type;
        if (sig->variadic && i == sig->nfields - 1 && t->kind == TY_SLICE)
            o += (size_t)snprintf(out + o, 1024 - o, "%s...%s", i ? ", " : "", chk_type_str(c, t->elem));
        else
            o += (size_t)snprintf(out + o, 1024 - o, "%s%s", i ? ", " : "", chk_type_str(c, t));
    }
    snprintf(out + o, 1024 - o, ")");
    return out;
}

/* ---- conversions ------------------------------------------------------------------------- */

static bool chk_convertible(Checker *c, Node *x, OpMode m, Type *t) {
    Type *v = x->type, *vu = type_underlying(v), *tu = type_underlying(t);
    if (chk_assignable(c, x, m, t)) return true;
    if (types_identical(vu, tu)) return true;
    if (vu->kind == TY_STRUCT && tu->kind == TY_STRUCT && vu->nfields == tu->nfields) {
        bool same = true;
        for (int i = 0; i < vu->nfields; i++)
            if (vu->fields[i].name != tu->fields[i].name || !types_identical(vu->fields[i].type, tu->fields[i].type))
                same = false;
        if (same) return true;
    }
    if (v->kind != TY_NAMED && t->kind != TY_NAMED && vu->kind == TY_POINTER && tu->kind == TY_POINTER &&
        types_identical(type_underlying(vu->elem), type_underlying(tu->elem)))
        return true;
    if (type_is_numeric(vu) && type_is_numeric(tu)) return true;
    if (tu->kind == TY_STRING) {
        if (type_is_integer(vu)) return true;
        if (vu->kind == TY_SLICE) {
            TypeKind ek = type_underlying(vu->elem)->kind;
            if (ek == TY_UINT8 || ek == TY_INT32) return true;
        }
    }
    if (type_is_string(vu) && tu->kind == TY_SLICE) {
        TypeKind ek = type_underlying(tu->elem)->kind;
        if (ek == TY_UINT8 || ek == TY_INT32) return true;
    }
    if (vu->kind == TY_UNSAFEPTR && (tu->kind == TY_POINTER || tu->kind == TY_UINTPTR)) return true;
    if (tu->kind == TY_UNSAFEPTR && (vu->kind == TY_POINTER || vu->kind == TY_UINTPTR)) return true;
    if (vu->kind == TY_SLICE && tu->kind == TY_POINTER && type_underlying(tu->elem)->kind == TY_ARRAY &&
        types_identical(vu->elem, type_underlying(tu->elem)->elem))
        return true;
    return false;
}

static bool chk_is_const_type(Type *t) {
    TypeKind k = type_underlying(t)->kind;
    return k >= TY_BOOL && k <= TY_STRING;
}

OpMode chk_conversion(Checker *c, Node *n, Type *t) {
    Node *x = n->list.items[0];
    OpMode m = chk_value(c, x);
    n->type = t;
    n->aux = CALL_CONV;
    if (m == OM_INVALID || t == t_invalid) return m == OM_INVALID ? (n->type = t_invalid, OM_INVALID) : OM_VALUE;
    if (m == OM_CONST && x->cval && chk_is_const_type(t)) {
        ConstVal v;
        Type *tu = type_underlying(t);
        bool ok = false;
        if (cv_represent(*x->cval, t, &v) == CV_OK &&
            type_is_boolean(x->type) == type_is_boolean(tu) && type_is_string(x->type) == type_is_string(tu)) {
            ok = true;
        } else if (type_is_integer(x->type) && type_is_string(tu) && x->cval->kind == CV_INT) {
            __int128 r = x->cval->i;
            if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) r = 0xFFFD;
            char *s = arena_alloc(c->arena, 5);
            int len;
            if (r < 0x80) { s[0] = (char)r; len = 1; }
            else if (r < 0x800) { s[0] = (char)(0xC0 | (r >> 6)); s[1] = (char)(0x80 | (r & 0x3F)); len = 2; }
            else if (r < 0x10000) {
                s[0] = (char)(0xE0 | (r >> 12)); s[1] = (char)(0x80 | ((r >> 6) & 0x3F));
                s[2] = (char)(0x80 | (r & 0x3F)); len = 3;
            } else {
                s[0] = (char)(0xF0 | (r >> 18)); s[1] = (char)(0x80 | ((r >> 12) & 0x3F));
                s[2] = (char)(0x80 | ((r >> 6) & 0x3F)); s[3] = (char)(0x80 | (r & 0x3F)); len = 4;
            }
            v = cv_make_string(s, len);
            /* string(1<<100) is "\uFFFD" as well: the operand is not given type int unless it fits */
            __int128 xi = x->cval->i;
            if (type_is_untyped(x->type)) {
                if (xi >= INT64_MIN && xi <= INT64_MAX) chk_default(c, x, m);
                else x->type = t_int;
            }
            ok = true;
        } else if (type_is_float(x->type) && type_is_float(tu)) {
            ok = cv_represent(*x->cval, t, &v) == CV_OK;
        }
        if (!ok) {
            /* types2 rounds the operand to an integer before it fails (constant.ToInt), so an
             * integral float is shown as that integer: "(untyped float constant 3000000000)" */
            ConstVal *shown = x->cval, as_int;
            if (type_is_integer(tu) && cv_float_as_int(*x->cval, &as_int)) x->cval = &as_int;
            const char *desc = chk_operand_str(c, x, m);
            x->cval = shown;
            chk_error(c, chk_start_pos(x), "cannot convert %s to type %s", desc, chk_type_str(c, t));
            n->type = t_invalid;
            return OM_INVALID;
        }
        if (type_is_untyped(x->type)) {
            CvStatus st;
            if (!chk_convert_untyped(c, x, m, t, &st)) chk_default(c, x, m);
        }
        n->cval = chk_new_cval(c, v);
        return OM_CONST;
    }
    const char *desc = NULL;
    if (type_is_untyped(x->type)) {
        /* untyped non-constant or a constant going to a non-constant type: default first,
         * except nil, which takes the target type when it has one */
        if (x->type->kind == TY_UNTYPED_NIL) {
            TypeKind k = type_underlying(t)->kind;
            if (!(k == TY_POINTER || k == TY_SLICE || k == TY_FUNC || k == TY_INTERFACE || k == TY_UNSAFEPTR ||
                  k == TY_MAP || k == TY_CHAN)) {
                chk_error(c, chk_start_pos(x), "cannot convert nil to type %s", chk_type_str(c, t));
                n->type = t_invalid;
                return OM_INVALID;
            }
            x->type = t;
            return OM_VALUE;
        }
        CvStatus st;
        desc = chk_operand_str(c, x, m);
        if (chk_is_interface(t) || !chk_convert_untyped(c, x, m, t, &st)) chk_default(c, x, m);
    }
    if (!chk_convertible(c, x, m, t)) {
        const char *why = chk_is_interface(t) && x->type && !chk_is_interface(x->type)
                          ? chk_impossible_assert(c, t, x->type) : NULL;
        if (why)        /* Go adds why the type is not the interface's */
            chk_error(c, chk_start_pos(x), "cannot convert %s to type %s:\n\t%s does not implement %s (%s)%s",
                      desc ? desc : chk_operand_str(c, x, m), chk_type_str(c, t), chk_type_str(c, x->type),
                      chk_type_str(c, t), why, chk_missing_detail_text());
        else
            chk_error(c, chk_start_pos(x), "cannot convert %s to type %s", desc ? desc : chk_operand_str(c, x, m),
                      chk_type_str(c, t));
        n->type = t_invalid;
        return OM_INVALID;
    }
    if (chk_is_interface(t) && !chk_is_interface(x->type)) {
        /* T(x) to an interface type: the conversion node itself is the boxing */
    }
    return OM_VALUE;
}

/* ---- builtins ---------------------------------------------------------------------------- */

static bool chk_has_call(Node *n) {
    if (!n) return false;
    if (n->kind == N_CALL && n->aux != CALL_CONV) return true;
    if (n->kind == N_UNARY && n->op == TK_ARROW) return true;
    return chk_has_call(n->a) || chk_has_call(n->b) || chk_has_call(n->c) || chk_has_call(n->d);
}

/* The one argument of a builtin call, checked, when it is a call of several results, as in
 * println(f()) or copy(f()); NULL otherwise (nothing checked then). */
static Type *chk_spread_arg(Checker *c, Node *n) {
    if (n->list.len != 1) return NULL;
    Node *x = n->list.items[0];
    if (chk_unparen(x)->kind != N_CALL) return NULL;
    if (chk_expr(c, x) == OM_INVALID || !x->type || x->type->kind != TY_TUPLE) return NULL;
    return x->type;
}

/* Checks the number of a builtin's arguments, a multi-value call counting as its results. A
 * builtin that takes such a call (copy) passes spread and gets its tuple there (NULL if none);
 * for the others the call's values are too many whatever their count. */
static OpMode chk_builtin_args(Checker *c, Node *n, int min, int max, Type **spread) {
    int na = n->list.len;
    Type *tup = chk_spread_arg(c, n);
    if (tup) na = tup->nfields;
    if (spread) *spread = tup;
    if (na < min || (max >= 0 && na > max) || (tup && !spread)) {
        chk_error(c, chk_start_pos(n), "invalid operation: %s arguments for %s (expected %d, found %d)", na < min ? "not enough" : "too many",
                  chk_expr_str(c, n), na < min ? min : max, na);
        for (int i = 0; i < n->list.len && !tup; i++) chk_expr(c, n->list.items[i]);
        return OM_INVALID;
    }
    return OM_VALUE;
}

static OpMode chk_set_const_int(Checker *c, Node *n, Type *t, int64_t v) {
    n->type = t;
    n->cval = chk_new_cval(c, cv_make_int(v));
    return OM_CONST;
}

static OpMode chk_builtin_len_cap(Checker *c, Node *n, BuiltinId id) {
    if (chk_builtin_args(c, n, 1, 1, NULL) == OM_INVALID) return OM_INVALID;
    Node *x = n->list.items[0];
    OpMode m = chk_value(c, x);
    if (m == OM_INVALID) return OM_INVALID;
    if (!type_is_untyped(x->type) || type_is_string(x->type)) chk_default(c, x, m);
    Type *u = type_underlying(x->type);
    if (u->kind == TY_POINTER && type_underlying(u->elem)->kind == TY_ARRAY) u = type_underlying(u->elem);
    n->type = t_int;
    switch (u->kind) {
    case TY_STRING:
        if (id == BI_LEN) {
            if (m == OM_CONST && x->cval) return chk_set_const_int(c, n, t_int, x->cval->slen);
            return OM_VALUE;
        }
        break;
    case TY_ARRAY:
        if (!chk_has_call(x)) return chk_set_const_int(c, n, t_int, u->len);
        return OM_VALUE;
    case TY_SLICE:
        return OM_VALUE;
    case TY_MAP:
        if (id == BI_LEN) return OM_VALUE;
        break;
    case TY_CHAN:
        return OM_VALUE;    /* the type was reported where it was written */
    default: break;
    }
    chk_error(c, chk_start_pos(x), "invalid argument: %s for %s", chk_operand_str(c, x, m), id == BI_LEN ? "len" : "cap");
    return OM_INVALID;
}

static OpMode chk_builtin_append(Checker *c, Node *n) {
    if (n->list.len == 0) {
        chk_error(c, chk_start_pos(n), "not enough arguments for append() (expected 1, found 0)");
        return OM_INVALID;
    }
    Node *s = n->list.items[0];
    OpMode m = chk_value(c, s);
    if (m == OM_INVALID) { for (int i = 1; i < n->list.len; i++) chk_expr(c, n->list.items[i]); return OM_INVALID; }
    if (m == OM_NIL) {
        chk_error(c, chk_start_pos(s), "first argument to append must be a slice; have untyped nil");
        return OM_INVALID;
    }
    Type *st = s->type, *su = type_underlying(st);
    if (su->kind != TY_SLICE) {
        chk_error(c, chk_start_pos(s), "first argument to append must be a slice; have %s", chk_operand_str(c, s, m));
        for (int i = 1; i < n->list.len; i++) chk_expr(c, n->list.items[i]);
        return OM_INVALID;
    }
    n->type = st;
    if (n->flags & NF_DOTS) {
        if (n->list.len != 2) {
            chk_error(c, chk_start_pos(n), "can only use ... with final argument in list");
            return OM_INVALID;
        }
        Node *x = n->list.items[1];
        OpMode mx = chk_value(c, x);
        if (mx == OM_INVALID) return OM_INVALID;
        TypeKind ek = type_underlying(su->elem)->kind;
        if (ek == TY_UINT8 && type_is_string(x->type)) {
            chk_default(c, x, mx);
            return OM_VALUE;
        }
        if (!chk_assign_to(c, x, mx, type_slice_of(su->elem), "argument to append")) return OM_INVALID;
        return OM_VALUE;
    }
    bool ok = true;
    for (int i = 1; i < n->list.len; i++) {
        Node *x = n->list.items[i];
        OpMode mx = chk_expr(c, x);
        if (!chk_assign_to(c, x, mx, su->elem, "argument to append")) ok = false;
    }
    return ok ? OM_VALUE : OM_INVALID;
}

static OpMode chk_copy_operands(Checker *c, Node *n, Node *d, Type *dt, Node *s, Type *st, OpMode md, OpMode ms);

static OpMode chk_builtin_copy(Checker *c, Node *n) {
    Type *tup;
    if (chk_builtin_args(c, n, 2, 2, &tup) == OM_INVALID) return OM_INVALID;
    if (tup) return chk_copy_operands(c, n, n->list.items[0], tup->fields[0].type, n->list.items[0],
                                      tup->fields[1].type, OM_VALUE, OM_VALUE);   /* copy(f()) */
    Node *d = n->list.items[0], *s = n->list.items[1];
    OpMode md = chk_value(c, d), ms = chk_value(c, s);
    if (md == OM_INVALID || ms == OM_INVALID) return OM_INVALID;
    return chk_copy_operands(c, n, d, d->type, s, s->type, md, ms);
}

/* copy(d, s): d of type dt must be a slice and s of type st a slice of the same element type or
 * a string for a byte slice. With copy(f()), d and s are both the call f(). */
/* "x (value of type T)" for an operand whose type is not x's own (one result of a call). */
static const char *chk_typed_str(Checker *c, Node *x, Type *t) {
    static char buf[512];
    snprintf(buf, sizeof buf, "%s (value of type %s)", chk_expr_str(c, x), chk_type_str(c, t));
    return buf;
}

static OpMode chk_copy_operands(Checker *c, Node *n, Node *d, Type *dt, Node *s, Type *st, OpMode md, OpMode ms) {
    Type *du = type_underlying(dt), *su = type_underlying(st);
    n->type = t_int;
    if (du->kind == TY_SLICE && su->kind == TY_SLICE && types_identical(du->elem, su->elem)) return OM_VALUE;
    if (du->kind == TY_SLICE && type_underlying(du->elem)->kind == TY_UINT8 && type_is_string(su)) {
        if (s->type == st) chk_default(c, s, ms);
        return OM_VALUE;
    }
    char ds[512], ss[512];                      /* with copy(f()), each operand is "f() (value of type T)" */
    snprintf(ds, sizeof ds, "%s", d->type == dt ? chk_operand_str(c, d, md) : chk_typed_str(c, d, dt));
    snprintf(ss, sizeof ss, "%s", s->type == st ? chk_operand_str(c, s, ms) : chk_typed_str(c, s, st));
    if (du->kind != TY_SLICE || (su->kind != TY_SLICE && !type_is_string(su)))
        chk_error(c, chk_start_pos(d), "invalid argument: copy expects slice arguments; found %s and %s", ds, ss);
    else
        chk_error(c, chk_start_pos(d), "invalid argument: arguments to copy %s and %s have different element types %s and %s",
                  ds, ss, chk_type_str(c, du->elem), chk_type_str(c, su->kind == TY_STRING ? t_byte : su->elem));
    return OM_INVALID;
}

static bool chk_size_arg(Checker *c, Node *x, const char *what) {
    OpMode m = chk_value(c, x);
    if (m == OM_INVALID) return false;
    if (m == OM_CONST && x->cval && type_is_untyped(x->type)) {
        CvStatus st;
        const char *d = chk_operand_str(c, x, m);
        if (!chk_convert_untyped(c, x, m, t_int, &st)) {
            chk_error(c, chk_start_pos(x), st == CV_TRUNCATED ? "%s truncated to int" : "cannot convert %s to type int", d);
            return false;
        }
    } else {
        chk_default(c, x, m);
    }
    if (!type_is_integer(x->type)) {
        chk_error(c, chk_start_pos(x), "cannot convert %s to type int", chk_operand_str(c, x, m));
        return false;
    }
    if (m == OM_CONST && x->cval) {
        __int128 v = 0;
        cv_to_int(*x->cval, &v);
        if (v < 0) {
            chk_error(c, chk_start_pos(x), "invalid argument: index %s (constant of type int) must not be negative",
                      chk_expr_str(c, x));
            return false;
        }
    }
    (void)what;
    return true;
}

static OpMode chk_builtin_make(Checker *c, Node *n) {
    if (n->list.len == 0) {
        chk_error(c, chk_start_pos(n), "not enough arguments for make() (expected 1, found 0)");
        return OM_INVALID;
    }
    Node *tn = n->list.items[0];
    Type *t = chk_type(c, tn);
    if (t == t_invalid) { for (int i = 1; i < n->list.len; i++) chk_expr(c, n->list.items[i]); return OM_INVALID; }
    Type *u = type_underlying(t);
    if (u->kind == TY_MAP) {
        if (n->list.len > 2) {
            chk_error(c, chk_start_pos(n), "invalid operation: %s expects 1 or 2 arguments; found %d", chk_expr_str(c, n),
                      n->list.len);
            return OM_INVALID;
        }
        if (n->list.len == 2 && !chk_size_arg(c, n->list.items[1], "size")) return OM_INVALID;
        n->type = t;
        return OM_VALUE;
    }
    if (u->kind == TY_CHAN) {
        if (n->list.len > 2) {
            chk_error(c, chk_start_pos(n), "invalid operation: %s expects 1 or 2 arguments; found %d", chk_expr_str(c, n),
                      n->list.len);
            return OM_INVALID;
        }
        if (n->list.len == 2 && !chk_size_arg(c, n->list.items[1], "buffer size")) return OM_INVALID;
        n->type = t;
        return OM_VALUE;
    }
    if (u->kind != TY_SLICE) {
        chk_error(c, chk_start_pos(tn), "invalid argument: cannot make %s; type must be slice, map, or channel",
                  chk_expr_str(c, tn));
        return OM_INVALID;
    }
    if (n->list.len < 2 || n->list.len > 3) {
        chk_error(c, chk_start_pos(n), "invalid operation: %s expects 2 or 3 arguments; found %d", chk_expr_str(c, n),
                  n->list.len);
        return OM_INVALID;
    }
    bool ok = true;
    for (int i = 1; i < n->list.len; i++) ok = chk_size_arg(c, n->list.items[i], "len") && ok;
    if (ok && n->list.len == 3 && n->list.items[1]->cval && n->list.items[2]->cval &&
        n->list.items[1]->cval->i > n->list.items[2]->cval->i) {
        chk_error(c, chk_start_pos(n->list.items[1]), "invalid argument: length and capacity swapped");
        return OM_INVALID;
    }
    n->type = t;
    return ok ? OM_VALUE : OM_INVALID;
}

static OpMode chk_builtin_unsafe(Checker *c, Node *n, BuiltinId id) {
    if (chk_builtin_args(c, n, 1, 1, NULL) == OM_INVALID) return OM_INVALID;
    Node *x = n->list.items[0];
    if (id == BI_UNSAFE_OFFSETOF) {
        Node *s = chk_unparen(x);
        if (!s || s->kind != N_SELECTOR) {
            chk_expr(c, x);
            chk_error(c, chk_start_pos(x), "invalid argument: %s is not a selector expression", chk_expr_str(c, x));
            return OM_INVALID;
        }
        OpMode m = chk_expr(c, x);
        if (m == OM_INVALID) return OM_INVALID;
        if (s->aux != SEL_FIELD) {
            chk_error(c, chk_start_pos(x), "invalid argument: %s is a method value", chk_expr_str(c, x));
            return OM_INVALID;
        }
        /* Sum the offsets along the path. The checker rewrote a promoted field `x.f` into
         * `x.E.f`, inserting a selector for each embedded step; inserted selectors share the
         * position of `.f` (pos2). The explicit operand may be a pointer (`p.f` denotes a field
         * of *p), an embedded step may not: Go's "embedded via a pointer". */
        int64_t off = 0;
        for (Node *cur = s;; cur = cur->a) {
            Node *op = cur->a;
            bool inserted = op->kind == N_SELECTOR && op->pos2.line == s->pos2.line && op->pos2.col == s->pos2.col;
            Type *bt = type_underlying(op->type);
            if (bt->kind == TY_POINTER) {
                if (inserted) {   /* Go names the explicit operand's struct type */
                    Node *base = op;
                    while (base->kind == N_SELECTOR && base->pos2.line == s->pos2.line && base->pos2.col == s->pos2.col)
                        base = base->a;
                    Type *bty = base->type;
                    if (type_underlying(bty)->kind == TY_POINTER) bty = type_underlying(bty)->elem;
                    chk_error(c, chk_start_pos(x), "invalid argument: field %s is embedded via a pointer in %s",
                              s->name, chk_type_str(c, bty));
                    return OM_INVALID;
                }
                bt = type_underlying(bt->elem);
            }
            for (int i = 0; i < bt->nfields; i++)
                if (bt->fields[i].name == cur->name) { type_size(bt); off += bt->fields[i].offset; break; }
            if (!inserted) break;
        }
        return chk_set_const_int(c, n, t_uintptr, off);
    }
    OpMode m = chk_value(c, x);
    if (m == OM_INVALID) return OM_INVALID;
    chk_default(c, x, m);
    if (m == OM_NIL) {
        chk_error(c, chk_start_pos(x), "use of untyped nil in argument to built-in %s", id == BI_UNSAFE_SIZEOF ? "Sizeof" : "Alignof");
        return OM_INVALID;
    }
    Type *t = x->type;
    return chk_set_const_int(c, n, t_uintptr, id == BI_UNSAFE_SIZEOF ? type_size(t) : type_align(t));
}

static OpMode chk_builtin(Checker *c, Node *n, Obj *b) {
    n->aux = CALL_BUILTIN;
    BuiltinId id = b->builtin;
    if ((n->flags & NF_DOTS) && id != BI_APPEND) {
        chk_error(c, chk_start_pos(n), "invalid operation: invalid use of ... with built-in %s", b->name);
        return OM_INVALID;
    }
    switch (id) {
    case BI_LEN: case BI_CAP: return chk_builtin_len_cap(c, n, id);
    case BI_APPEND: return chk_builtin_append(c, n);
    case BI_COPY: return chk_builtin_copy(c, n);
    case BI_MAKE: return chk_builtin_make(c, n);
    case BI_NEW: {
        if (chk_builtin_args(c, n, 1, 1, NULL) == OM_INVALID) return OM_INVALID;
        Type *t = chk_type(c, n->list.items[0]);
        if (t == t_invalid) return OM_INVALID;
        n->type = type_pointer_to(t);
        return OM_VALUE;
    }
    case BI_PANIC: {
        if (chk_builtin_args(c, n, 1, 1, NULL) == OM_INVALID) return OM_INVALID;
        Node *x = n->list.items[0];
        OpMode m = chk_expr(c, x);
        chk_assign_to(c, x, m, t_any, "argument to panic");
        n->type = NULL;
        return OM_NOVALUE;
    }
    case BI_PRINT: case BI_PRINTLN:
        if (chk_spread_arg(c, n)) {             /* println(f()): f's results are the operands */
            n->type = NULL;
            return OM_NOVALUE;
        }
        for (int i = 0; i < n->list.len; i++) {
            Node *x = n->list.items[i];
            OpMode m = chk_expr(c, x);
            if (m == OM_NIL) {
                chk_error(c, chk_start_pos(x), "use of untyped nil in argument to %s", b->name);
                continue;
            }
            char ctx[64];
            snprintf(ctx, sizeof ctx, "argument to %s", b->name);
            chk_assign_to(c, x, m, NULL, ctx);
        }
        n->type = NULL;
        return OM_NOVALUE;
    case BI_COMPLEX: case BI_REAL: case BI_IMAG: {
        bool silent = false;
        for (int i = 0; i < n->list.len; i++)
            if (chk_expr(c, n->list.items[i]) == OM_INVALID) silent = true;   /* already reported */
        if (!silent) chk_unsupported(c, chk_start_pos(n), "complex numbers are");
        return OM_INVALID;
    }
    case BI_CLOSE: {
        if (chk_builtin_args(c, n, 1, 1, NULL) == OM_INVALID) return OM_INVALID;
        Node *x = n->list.items[0];
        OpMode m = chk_expr(c, x);
        if (m == OM_INVALID) return OM_INVALID;
        Type *u = type_underlying(x->type);
        if (!u || u->kind != TY_CHAN) {
            chk_error(c, chk_start_pos(x), "invalid operation: cannot close non-channel %s", chk_operand_str(c, x, m));
            return OM_INVALID;
        }
        if (u->chandir == 2) {
            chk_error(c, chk_start_pos(x), "invalid operation: cannot close receive-only channel %s",
                      chk_operand_str(c, x, m));
            return OM_INVALID;
        }
        n->type = NULL;
        return OM_NOVALUE;
    }
    case BI_DELETE: {
        Type *tup;
        if (chk_builtin_args(c, n, 2, 2, &tup) == OM_INVALID) return OM_INVALID;
        if (tup) {                              /* delete(f()): f gives the map and the key */
            Node *x = n->list.items[0];
            Type *mu = type_underlying(tup->fields[0].type);
            Node key = { .kind = N_IDENT, .type = tup->fields[1].type };
            n->type = NULL;
            if (mu->kind != TY_MAP) {
                chk_error(c, chk_start_pos(x), "invalid argument: %s is not a map", chk_typed_str(c, x, tup->fields[0].type));
                return OM_INVALID;
            }
            if (chk_assignable(c, &key, OM_VALUE, mu->key)) return OM_NOVALUE;
            chk_error(c, chk_start_pos(x), "cannot use %s as %s value in argument to delete",
                      chk_typed_str(c, x, key.type), chk_type_str(c, mu->key));
            return OM_INVALID;
        }
        Node *m = n->list.items[0], *k = n->list.items[1];
        OpMode mm = chk_value(c, m);
        OpMode km = chk_expr(c, k);
        if (mm == OM_INVALID || km == OM_INVALID) return OM_INVALID;
        Type *mu = type_underlying(m->type);
        if (mu->kind != TY_MAP) {
            chk_error(c, chk_start_pos(m), "invalid argument: %s is not a map", chk_operand_str(c, m, mm));
            return OM_INVALID;
        }
        if (!chk_assign_to(c, k, km, mu->key, "argument to delete")) return OM_INVALID;
        n->type = NULL;
        return OM_NOVALUE;
    }
    case BI_RECOVER:
        if (chk_builtin_args(c, n, 0, 0, NULL) == OM_INVALID) return OM_INVALID;
        c->prog->uses_recover = true;
        n->type = t_any;
        return OM_VALUE;
    case BI_UNSAFE_SIZEOF: case BI_UNSAFE_ALIGNOF: case BI_UNSAFE_OFFSETOF:
        return chk_builtin_unsafe(c, n, id);
    default:
        return OM_INVALID;
    }
}

/* ---- ordinary calls ---------------------------------------------------------------------- */

static void chk_arguments(Checker *c, Node *n, Type *sig) {
    int na = n->list.len;
    const char *fname = chk_expr_str(c, n->a);
    char context[300];
    snprintf(context, sizeof context, "argument to %s", fname);
    /* f(g()) with g returning several values */
    if (na == 1 && !(n->flags & NF_DOTS)) {
        Node *x = n->list.items[0];
        OpMode m = chk_expr(c, x);
        if (m == OM_INVALID) return;
        if (x->type && x->type->kind == TY_TUPLE) {
            Type *tup = x->type;
            bool ok = tup->nfields == sig->nfields ||
                      (sig->variadic && tup->nfields >= sig->nfields - 1);
            if (!ok) {
                chk_error(c, chk_start_pos(x), "%s arguments in call to %s\n\thave %s\n\twant %s",
                          tup->nfields < sig->nfields ? "not enough" : "too many", fname,
                          chk_types_summary(c, NULL, 0, tup), chk_params_summary(c, sig));
                return;
            }
            for (int i = 0; i < tup->nfields; i++) {
                Type *pt = i < sig->nfields - (sig->variadic ? 1 : 0) ? sig->fields[i].type :
                           sig->fields[sig->nfields - 1].type->elem;
                Node tmp = {0};
                tmp.kind = N_IDENT;
                tmp.type = tup->fields[i].type;
                if (!chk_assignable(c, &tmp, OM_VALUE, pt)) {
                    chk_error(c, chk_start_pos(x), "cannot use %s (value of type %s) as type %s in %s",
                              chk_expr_str(c, x), chk_type_str(c, tmp.type), chk_type_str(c, pt), context);
                    return;
                }
            }
            return;
        }
        if (!sig->variadic && sig->nfields != 1) goto count_error_checked;
        Type *pt = sig->variadic && sig->nfields == 1 ? sig->fields[0].type->elem : sig->fields[0].type;
        chk_assign_to(c, x, m, pt, context);
        return;
    }
    {
        OpMode *modes = arena_alloc(c->arena, sizeof(OpMode) * (size_t)(na + 1));
        for (int i = 0; i < na; i++) modes[i] = chk_single(c, n->list.items[i]);
        for (int i = 0; i < na; i++) if (modes[i] == OM_INVALID) return;
        int npar = sig->nfields;
        if (n->flags & NF_DOTS) {
            if (!sig->variadic) {
                chk_error(c, chk_start_pos(n->list.items[na - 1]), "have (...) but function is not variadic: %s", fname);
                chk_error(c, chk_start_pos(n), "cannot use ... in call to non-variadic %s", fname);
                return;
            }
            if (na != npar) goto count_error;
            for (int i = 0; i < na; i++)
                chk_assign_to(c, n->list.items[i], modes[i], sig->fields[i].type, context);
            return;
        }
        if (sig->variadic ? na < npar - 1 : na != npar) goto count_error;
        for (int i = 0; i < na; i++) {
            Type *pt = (sig->variadic && i >= npar - 1) ? sig->fields[npar - 1].type->elem : sig->fields[i].type;
            chk_assign_to(c, n->list.items[i], modes[i], pt, context);
        }
        return;
    }
count_error_checked:
count_error: {
        int npar = sig->nfields - (sig->variadic ? 1 : 0);
        bool few = na < npar;
        Node *at = few ? (na > 0 ? n->list.items[na - 1] : NULL) : n->list.items[npar];
        Pos pos = at ? chk_start_pos(at) : (n->pos2.line ? n->pos2 : chk_start_pos(n));
        if (few && na == 0) pos = chk_start_pos(n);
        chk_error(c, pos, "%s arguments in call to %s\n\thave %s\n\twant %s", few ? "not enough" : "too many", fname,
                  chk_types_summary(c, n->list.items, na, NULL), chk_params_summary(c, sig));
    }
}

OpMode chk_call(Checker *c, Node *n) {
    Node *f = chk_unparen(n->a);
    OpMode fm;
    if (f && f->kind == N_SELECTOR) {
        fm = chk_selector_callee(c, f);
        if (f != n->a) { n->a->type = f->type; n->a->obj = f->obj; }
    } else {
        fm = chk_expr(c, n->a);
    }
    if (fm == OM_INVALID) {
        for (int i = 0; i < n->list.len; i++) chk_expr(c, n->list.items[i]);
        n->type = t_invalid;
        return OM_INVALID;
    }
    if (fm == OM_TYPE) {
        Type *t = n->a->type;
        if (n->list.len != 1 || (n->flags & NF_DOTS)) {
            if (n->list.len == 0)
                chk_error(c, n->pos2.line ? n->pos2 : chk_start_pos(n), "missing argument in conversion to %s", chk_type_str(c, t));
            else
                chk_error(c, chk_start_pos(n->list.items[n->list.len - 1]), "too many arguments in conversion to %s",
                          chk_type_str(c, t));
            for (int i = 0; i < n->list.len; i++) chk_expr(c, n->list.items[i]);
            n->type = t_invalid;
            return OM_INVALID;
        }
        return chk_conversion(c, n, t);
    }
    if (fm == OM_BUILTIN) {
        Obj *b = chk_unparen(n->a)->obj;
        if (!b && n->a->kind == N_SELECTOR) b = n->a->obj;
        OpMode m = chk_builtin(c, n, b);
        if (m == OM_INVALID) n->type = t_invalid;
        return m;
    }
    if (fm != OM_VAR && fm != OM_VALUE) {
        chk_assign_to(c, n->a, fm, NULL, "call");
        n->type = t_invalid;
        return OM_INVALID;
    }
    Type *sig = type_underlying(n->a->type);
    if (sig->kind != TY_FUNC) {
        chk_error(c, chk_start_pos(n), "invalid operation: cannot call non-function %s", chk_operand_str(c, n->a, fm));
        for (int i = 0; i < n->list.len; i++) chk_expr(c, n->list.items[i]);
        n->type = t_invalid;
        return OM_INVALID;
    }
    if (f && f->kind == N_SELECTOR && f->aux == SEL_METHOD) n->aux = CALL_METHOD;
    else if (f && f->kind == N_SELECTOR && f->aux == SEL_IMETHOD) n->aux = CALL_IFACE;
    else if (f && f->obj && f->obj->kind == OBJ_FUNC && (f->kind == N_IDENT || f->aux == SEL_PKG)) n->aux = CALL_FUNC;
    else n->aux = CALL_INDIRECT;
    if (n->list.len == 0 && sig->nfields == 0) {
        if (n->flags & NF_DOTS) chk_error(c, chk_start_pos(n), "invalid use of ... in call");
    } else if (n->list.len == 0 && sig->nfields > 0 && !(sig->variadic && sig->nfields == 1)) {
        chk_error(c, chk_start_pos(n), "not enough arguments in call to %s\n\thave ()\n\twant %s", chk_expr_str(c, n->a),
                  chk_params_summary(c, sig));
    } else if (n->list.len > 0) {
        chk_arguments(c, n, sig);
    }
    if (sig->nresults == 0) { n->type = NULL; return OM_NOVALUE; }
    if (sig->nresults == 1) { n->type = sig->results[0].type; return OM_VALUE; }
    Type *tup = type_new(TY_TUPLE);
    tup->fields = sig->results;
    tup->nfields = sig->nresults;
    n->type = tup;
    return OM_VALUE;
}
