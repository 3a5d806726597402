/* compiler/check_expr.c — expressions: operands, untyped constants, operators, selectors,
 * indexing, composite literals, and Go's spelling of expressions and operands in messages.
 *
 * Untyped values. A constant expression such as `1 << 3 + 2` stays *untyped* (type
 * t_untyped_int, value in cval) until its context gives it a type: an assignment to a byte
 * variable, a binary operation with a typed operand, or, failing that, its default type.
 * chk_convert_untyped gives the type: it checks that the value is representable (Go's
 * "overflows"/"truncated" errors) and then walks down the untyped expression tree setting every
 * node's final type (chk_set_type), so the code generator sees only typed nodes (contract 1).
 * Non-constant untyped values exist too: comparisons give an untyped bool, and a shift of an
 * untyped constant by a variable count takes its type from the context (`var f float64 = 1 << s`
 * is an error precisely because of that rule).
 *
 * Messages quote operands as Go's types2 does: `x (variable of type int)`,
 * `300 (untyped int constant)`, `c * 2 (constant 200 of type int8)`, `f() (no value)`, and are
 * reported at the leftmost position of the expression (syntax.StartPos).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "compiler/check.h"
#include "compiler/methodset.h"

extern Type *t_byte, *t_rune;

/* ---- diagnostics ------------------------------------------------------------------------- */

void chk_error(Checker *c, Pos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(c->diags, DIAG_ERROR, c->file->path, pos, fmt, ap);
    va_end(ap);
}

void chk_warning(Checker *c, Pos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(c->diags, DIAG_WARNING, c->file->path, pos, fmt, ap);
    va_end(ap);
}

Pos chk_start_pos(Node *n) {
    for (int guard = 0; n && guard < 1000; guard++) {
        switch (n->kind) {
        case N_BINARY: case N_CALL: case N_INDEX: case N_SLICE: case N_SELECTOR:
        case N_TYPEASSERT: case N_KEYVALUE: case N_CONVERT:
            if (!n->a || (n->kind == N_CONVERT && n->a->pos.line == 0)) return n->pos;
            n = n->a;
            break;
        default:
            return n->pos;
        }
    }
    return n ? n->pos : (Pos){0, 0};
}

/* Rotating buffers for message fragments: a message uses at most a few at once. */
static char *chk_buf(void) {
    static char bufs[16][1024];
    static int i;
    i = (i + 1) % 16;
    bufs[i][0] = 0;
    return bufs[i];
}

const char *chk_type_str(Checker *c, Type *t) {
    (void)c;
    return type_string(t, chk_buf(), 1024, false);
}

typedef struct SBuf { char *p; size_t n, len; } SBuf;

static void sb_put(SBuf *b, const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        if (b->len + 1 < b->n) b->p[b->len] = s[i];
        b->len++;
    }
    b->p[b->len < b->n ? b->len : b->n - 1] = 0;
}
static void sb_puts(SBuf *b, const char *s) { sb_put(b, s, strlen(s)); }

static const char *chk_op_str(int op) {
    switch (op) {
    case TK_PLUS: return "+"; case TK_MINUS: return "-"; case TK_STAR: return "*";
    case TK_SLASH: return "/"; case TK_PERCENT: return "%"; case TK_AND: return "&";
    case TK_OR: return "|"; case TK_XOR: return "^"; case TK_SHL: return "<<";
    case TK_SHR: return ">>"; case TK_ANDNOT: return "&^"; case TK_LAND: return "&&";
    case TK_LOR: return "||"; case TK_ARROW: return "<-"; case TK_EQL: return "==";
    case TK_LSS: return "<"; case TK_GTR: return ">"; case TK_NOT: return "!";
    case TK_NEQ: return "!="; case TK_LEQ: return "<="; case TK_GEQ: return ">=";
    case TK_INC: return "++"; case TK_DEC: return "--"; case TK_ASSIGN: return "=";
    case TK_DEFINE: return ":=";
    case TK_ADD_ASSIGN: return "+="; case TK_SUB_ASSIGN: return "-="; case TK_MUL_ASSIGN: return "*=";
    case TK_QUO_ASSIGN: return "/="; case TK_REM_ASSIGN: return "%="; case TK_AND_ASSIGN: return "&=";
    case TK_OR_ASSIGN: return "|="; case TK_XOR_ASSIGN: return "^="; case TK_SHL_ASSIGN: return "<<=";
    case TK_SHR_ASSIGN: return ">>="; case TK_AND_NOT_ASSIGN: return "&^=";
    default: return "?";
    }
}

const char *chk_op_name(int op) { return chk_op_str(op); }

static void chk_write_expr(SBuf *b, Node *n, int depth);

static void chk_write_list(SBuf *b, NodeList *l, int depth) {
    for (int i = 0; i < l->len; i++) {
        if (i) sb_puts(b, ", ");
        chk_write_expr(b, l->items[i], depth);
    }
}

static void chk_write_fields(SBuf *b, NodeList *l, const char *sep, int depth) {
    for (int i = 0; i < l->len; i++) {
        Node *f = l->items[i];
        if (i) sb_puts(b, sep);
        for (int j = 0; j < f->list.len; j++) {
            if (j) sb_puts(b, ", ");
            sb_puts(b, f->list.items[j]->name ? f->list.items[j]->name : "_");
        }
        if (f->list.len && f->a) sb_puts(b, " ");
        chk_write_expr(b, f->a, depth);
    }
}

static void chk_write_sig(SBuf *b, Node *ft, int depth) {
    sb_puts(b, "(");
    chk_write_fields(b, &ft->list, ", ", depth);
    sb_puts(b, ")");
    if (ft->list2.len == 0) return;
    sb_puts(b, " ");
    if (ft->list2.len == 1 && ft->list2.items[0]->list.len == 0) {
        chk_write_expr(b, ft->list2.items[0]->a, depth);
        return;
    }
    sb_puts(b, "(");
    chk_write_fields(b, &ft->list2, ", ", depth);
    sb_puts(b, ")");
}

/* Go's syntax.String: the expression as source, composite and function literal bodies
 * shortened to {…}. */
static void chk_write_expr(SBuf *b, Node *n, int depth) {
    if (!n) return;
    if (depth > 64) { sb_puts(b, "…"); return; }
    depth++;
    switch (n->kind) {
    case N_IDENT: sb_puts(b, n->name ? n->name : "_"); break;
    case N_INTLIT: case N_FLOATLIT: case N_IMAGLIT: case N_RUNELIT: case N_STRINGLIT:
        if (n->lit) sb_put(b, n->lit, (size_t)n->litlen);
        break;
    case N_PAREN: sb_puts(b, "("); chk_write_expr(b, n->a, depth); sb_puts(b, ")"); break;
    case N_SELECTOR: chk_write_expr(b, n->a, depth); sb_puts(b, "."); sb_puts(b, n->name ? n->name : "?"); break;
    case N_INDEX:
        chk_write_expr(b, n->a, depth); sb_puts(b, "["); chk_write_expr(b, n->b, depth); sb_puts(b, "]");
        break;
    case N_SLICE:
        chk_write_expr(b, n->a, depth);
        sb_puts(b, "[");
        chk_write_expr(b, n->b, depth);
        sb_puts(b, ":");
        chk_write_expr(b, n->c, depth);
        if (n->flags & NF_SLICE3) { sb_puts(b, ":"); chk_write_expr(b, n->d, depth); }
        sb_puts(b, "]");
        break;
    case N_TYPEASSERT:
        chk_write_expr(b, n->a, depth); sb_puts(b, ".(");
        if (n->b) chk_write_expr(b, n->b, depth); else sb_puts(b, "type");
        sb_puts(b, ")");
        break;
    case N_CALL:
        chk_write_expr(b, n->a, depth);
        sb_puts(b, "(");
        chk_write_list(b, &n->list, depth);
        if (n->flags & NF_DOTS) sb_puts(b, "...");
        sb_puts(b, ")");
        break;
    case N_STAR: sb_puts(b, "*"); chk_write_expr(b, n->a, depth); break;
    case N_UNARY: sb_puts(b, chk_op_str(n->op)); chk_write_expr(b, n->a, depth); break;
    case N_BINARY:
        chk_write_expr(b, n->a, depth);
        sb_puts(b, " "); sb_puts(b, chk_op_str(n->op)); sb_puts(b, " ");
        chk_write_expr(b, n->b, depth);
        break;
    case N_KEYVALUE: chk_write_expr(b, n->a, depth); sb_puts(b, ": "); chk_write_expr(b, n->b, depth); break;
    case N_COMPOSITE: chk_write_expr(b, n->a, depth); sb_puts(b, n->list.len ? "{…}" : "{}"); break;
    case N_FUNCLIT: sb_puts(b, "func"); if (n->b) chk_write_sig(b, n->b, depth); sb_puts(b, " {…}"); break;
    case N_CONVERT: chk_write_expr(b, n->a, depth); break;
    case N_ARRAYTYPE:
        sb_puts(b, "[");
        if (n->flags & NF_DOTS) sb_puts(b, "...");
        else chk_write_expr(b, n->a, depth);
        sb_puts(b, "]");
        chk_write_expr(b, n->b, depth);
        break;
    case N_ELLIPSIS: sb_puts(b, "..."); chk_write_expr(b, n->a, depth); break;
    case N_MAPTYPE:
        sb_puts(b, "map["); chk_write_expr(b, n->a, depth); sb_puts(b, "]"); chk_write_expr(b, n->b, depth);
        break;
    case N_CHANTYPE:
        sb_puts(b, (n->flags & NF_RECVONLY) ? "<-chan " : (n->flags & NF_SENDONLY) ? "chan<- " : "chan ");
        chk_write_expr(b, n->a, depth);
        break;
    case N_FUNCTYPE: sb_puts(b, "func"); chk_write_sig(b, n, depth); break;
    case N_STRUCTTYPE: sb_puts(b, "struct{"); chk_write_fields(b, &n->list, "; ", depth); sb_puts(b, "}"); break;
    case N_INTERFACETYPE:
        sb_puts(b, "interface{");
        for (int i = 0; i < n->list.len; i++) {
            Node *f = n->list.items[i];
            if (i) sb_puts(b, "; ");
            if (f->list.len && f->a && f->a->kind == N_FUNCTYPE) {
                sb_puts(b, f->list.items[0]->name);
                chk_write_sig(b, f->a, depth);
            } else {
                chk_write_expr(b, f->a, depth);
            }
        }
        sb_puts(b, "}");
        break;
    default: sb_puts(b, "?"); break;
    }
}

const char *chk_expr_str(Checker *c, Node *n) {
    (void)c;
    SBuf b = {chk_buf(), 1024, 0};
    chk_write_expr(&b, n, 0);
    return b.p;
}

const char *chk_operand_str(Checker *c, Node *n, OpMode m) {
    char *out = chk_buf();
    SBuf b = {out, 1024, 0};
    Type *t = n ? n->type : NULL;
    if (m == OM_NIL && (!t || t->kind == TY_UNTYPED_NIL)) { sb_puts(&b, "nil"); return out; }
    const char *expr = chk_expr_str(c, n);
    char vbuf[192];     /* a 512-bit integer constant has 155 digits */
    sb_puts(&b, expr);
    sb_puts(&b, " (");
    bool has_type = false;
    if (m != OM_INVALID && m != OM_NOVALUE && m != OM_BUILTIN && m != OM_TYPE && t) {
        if (type_is_untyped(t)) { sb_puts(&b, t->name); sb_puts(&b, " "); }
        else has_type = true;
    }
    static const char *modes[] = {"invalid operand", "no value", "built-in", "type", "constant",
                                  "variable", "value", "value", "package"};
    Node *un = chk_unparen(n);
    sb_puts(&b, m == OM_VALUE && un && (un->flags & NF_MAPINDEX) ? "map index expression" : modes[m]);
    if (m == OM_CONST && n->cval) {
        cv_string(*n->cval, vbuf, sizeof vbuf);
        if (strcmp(vbuf, expr) != 0) { sb_puts(&b, " "); sb_puts(&b, vbuf); }
    }
    if (has_type) {
        sb_puts(&b, " of type ");
        sb_puts(&b, chk_type_str(c, t));
    }
    sb_puts(&b, ")");
    return out;
}

/* ---- small helpers ----------------------------------------------------------------------- */

/* The position of the first whole-word occurrence of `word` at or after `from` in the source
 * (after the first parenthesised group when `after_parens`): the tree records statement
 * positions, and a few of Go's messages point at a name inside the statement (goto L,
 * a method's name). Returns `from` when not found. */
Pos chk_word_pos(Checker *c, Pos from, const char *word, bool after_parens) {
    const char *t = c->file ? c->file->text : NULL;
    if (!t || !word || from.line <= 0) return from;
    size_t len = c->file->len, i = 0, wl = strlen(word);
    int line = 1;
    while (i < len && line < from.line) if (t[i++] == '\n') line++;
    i += (size_t)(from.col - 1);
    int col = from.col;
    int depth = 0;
    bool seen_paren = !after_parens;
    for (; i < len && t[i] != '{' ; i++, col++) {
        if (t[i] == '\n') { line++; col = 0; continue; }
        if (t[i] == '(') { depth++; continue; }
        if (t[i] == ')') { if (--depth == 0) seen_paren = true; continue; }
        if (!seen_paren || depth > 0) continue;
        if (i + wl <= len && strncmp(t + i, word, wl) == 0 &&
            (i == 0 || !(t[i - 1] == '_' || ((t[i - 1] | 0x20) >= 'a' && (t[i - 1] | 0x20) <= 'z') || (t[i - 1] >= '0' && t[i - 1] <= '9'))) &&
            !(t[i + wl] == '_' || ((t[i + wl] | 0x20) >= 'a' && (t[i + wl] | 0x20) <= 'z') || (t[i + wl] >= '0' && t[i + wl] <= '9')))
            return (Pos){line, col};
    }
    return from;
}

/* Go reports some key:value errors at the colon (the KeyValueExpr's position). */
Pos chk_colon_pos(Checker *c, Pos from) {
    const char *t = c->file ? c->file->text : NULL;
    if (!t || from.line <= 0) return from;
    size_t i = 0;
    int line = 1;
    while (i < c->file->len && line < from.line) if (t[i++] == '\n') line++;
    i += (size_t)(from.col - 1);
    for (int col = from.col; i < c->file->len && t[i] != '\n' && t[i] != ','; i++, col++)
        if (t[i] == ':') return (Pos){from.line, col};
    return from;
}

Node *chk_unparen(Node *n) {
    while (n && n->kind == N_PAREN) n = n->a;
    return n;
}

void chk_wrap(Checker *c, Node *n, NodeKind k, int op, Type *t) {
    Node *inner = arena_alloc(c->arena, sizeof *inner);
    *inner = *n;
    Pos pos = n->pos;
    memset(n, 0, sizeof *n);
    n->kind = k;
    n->op = op;
    n->pos = pos;
    n->a = inner;
    n->type = t;
}

Obj *chk_new_obj(Checker *c, ObjKind k, const char *name, Type *t, Pos pos) {
    Obj *o = arena_alloc(c->arena, sizeof *o);
    o->kind = k;
    o->name = name;
    o->type = t;
    o->pos = pos;
    o->pkg = c->pkg;
    o->func_index = -1;
    if (k == OBJ_VAR && c->nfn > 0) o->fnode = c->fnstack[c->nfn - 1];
    return o;
}

ConstVal *chk_new_cval(Checker *c, ConstVal v) {
    ConstVal *p = arena_alloc(c->arena, sizeof *p);
    *p = v;
    return p;
}

static OpMode chk_invalid(Node *n) {
    n->type = t_invalid;
    n->cval = NULL;
    return OM_INVALID;
}

bool chk_is_interface(Type *t) { return t && type_underlying(t)->kind == TY_INTERFACE; }

static bool chk_has_nil(Type *t) {
    switch (type_underlying(t)->kind) {
    case TY_POINTER: case TY_SLICE: case TY_MAP: case TY_CHAN: case TY_FUNC: case TY_INTERFACE:
    case TY_UNSAFEPTR: case TY_UNTYPED_NIL:
        return true;
    default: return false;
    }
}

static int chk_int_bits(Type *t) {
    switch (type_underlying(t)->kind) {
    case TY_INT8: case TY_UINT8: return 8;
    case TY_INT16: case TY_UINT16: return 16;
    case TY_INT32: case TY_UINT32: return 32;
    case TY_INT: case TY_INT64: case TY_UINT: case TY_UINT64: case TY_UINTPTR: return 64;
    default: return 0;
    }
}

/* ---- untyped values ---------------------------------------------------------------------- */

static bool chk_is_comparison(int op) {
    return op == TK_EQL || op == TK_NEQ || op == TK_LSS || op == TK_LEQ || op == TK_GTR || op == TK_GEQ;
}

void chk_set_type(Checker *c, Node *n, Type *t) {
    if (!n || !type_is_untyped(n->type) || !t) return;
    switch (n->kind) {
    case N_PAREN: case N_UNARY: chk_set_type(c, n->a, t); break;
    case N_BINARY:
        if (chk_is_comparison(n->op)) break;
        chk_set_type(c, n->a, t);
        if (n->op != TK_SHL && n->op != TK_SHR) chk_set_type(c, n->b, t);
        break;
    default: break;
    }
    if (n->cval && !type_is_untyped(t)) {
        ConstVal v;
        if (cv_represent(*n->cval, t, &v) == CV_OK) *n->cval = v;
    }
    if (n->kind == N_BINARY && (n->op == TK_SHL || n->op == TK_SHR) && !n->cval && !type_is_integer(t) &&
        !type_is_untyped(t)) {
        chk_error(c, chk_start_pos(n), "invalid operation: %s (shift of type %s)", chk_expr_str(c, n),
                  chk_type_str(c, t));
    }
    n->type = t;
}

/* The "larger" of two untyped numeric kinds: int < rune < float. */
static Type *chk_untyped_max(Type *a, Type *b) {
    return a->kind > b->kind ? a : b;
}

bool chk_convert_untyped(Checker *c, Node *n, OpMode m, Type *t, CvStatus *status) {
    *status = CV_OK;
    Type *from = n->type;
    if (!type_is_untyped(from) || !t || t == t_invalid) return true;
    if (type_is_untyped(t)) {
        if (from->kind == TY_UNTYPED_NIL || t->kind == TY_UNTYPED_NIL) return from == t;
        if (type_is_numeric(from) && type_is_numeric(t)) {
            Type *r = chk_untyped_max(from, t);
            if (n->cval && r->kind == TY_UNTYPED_FLOAT) *n->cval = cv_to_float(*n->cval);
            n->type = r;
            return true;
        }
        return from == t;
    }
    Type *u = type_underlying(t);
    if (from->kind == TY_UNTYPED_NIL) {
        if (!chk_has_nil(t)) return false;
        n->type = t;
        return true;
    }
    if (u->kind == TY_INTERFACE) {
        Type *d = type_default(from);
        chk_set_type(c, n, d);
        return true;
    }
    if (m == OM_CONST && n->cval) {
        if (u->kind > TY_UNSAFEPTR || u->kind == TY_INVALID) { *status = CV_BADOP; return false; }
        if (type_is_boolean(from) != type_is_boolean(u) || type_is_string(from) != type_is_string(u)) {
            *status = CV_BADOP;
            return false;
        }
        ConstVal v;
        *status = cv_represent(*n->cval, t, &v);
        if (*status != CV_OK) return false;
        chk_set_type(c, n, t);
        *n->cval = v;
        return true;
    }
    if (from->kind == TY_UNTYPED_BOOL) { if (!type_is_boolean(u)) return false; }
    else if (type_is_numeric(from)) { if (!type_is_numeric(u)) return false; }
    else return false;
    chk_set_type(c, n, t);
    return true;
}

void chk_default(Checker *c, Node *n, OpMode m) {
    if (!type_is_untyped(n->type) || n->type->kind == TY_UNTYPED_NIL) return;
    CvStatus st;
    chk_convert_untyped(c, n, m, type_default(n->type), &st);
    if (st == CV_OVERFLOW && n->cval)
        chk_error(c, chk_start_pos(n), "cannot use %s as %s value in %s (overflows)",
                  chk_operand_str(c, n, m), chk_type_str(c, type_default(n->type)), "assignment");
}

/* ---- assignability ----------------------------------------------------------------------- */

static Method *chk_find_method(Type *t, const char *name) {
    for (int i = 0; i < t->nmethods; i++)
        if (strcmp(t->methods[i].name, name) == 0) return &t->methods[i];
    return NULL;
}

static void chk_resolve_method(void *ctx, Obj *fn) {
    if (fn->type == NULL) chk_resolve_obj((Checker *)ctx, fn);
}

/* Does V implement the interface T? Returns NULL if it does, else Go's reason
 * ("missing Error method", "Error method has pointer receiver"). V's methods are its method set
 * (compiler/methodset.c): declared ones and those promoted from embedded fields. */
static char chk_missing_detail[600];    /* Go's have/want lines after a "wrong type" reason */


static bool chk_is_iface_ptr(Type *t) {
    Type *u = t ? type_underlying(t) : NULL;
    return u && u->kind == TY_POINTER && u->elem && chk_is_interface(u->elem);
}

static const char *chk_missing_method(Checker *c, Type *v, Type *t) {
    static char why[256];
    chk_missing_detail[0] = 0;
    Type *it = type_underlying(t);
    MethodSet ms = { NULL, 0 }, pms = { NULL, 0 };
    bool viface = chk_is_interface(v);
    if (!viface && it->nmethods > 0) {
        ms = methodset_of(v, chk_resolve_method, c);
        if (v->kind != TY_POINTER) pms = methodset_of(type_pointer_to(v), chk_resolve_method, c);
    }
    const char *res = NULL;
    for (int i = 0; i < it->nmethods && !res; i++) {
        Method *want = &it->methods[i];
        snprintf(why, sizeof why, "missing %s method", want->name);
        if (viface) {
            Method *m = chk_find_method(type_underlying(v), want->name);
            if (!m || !types_identical(m->sig, want->sig)) res = why;
            continue;
        }
        const MethodSetEntry *e = methodset_find(&ms, want->name);
        if (!e) {
            if (methodset_find(&pms, want->name))
                snprintf(why, sizeof why, "%s method has pointer receiver", want->name);
            else if (chk_is_iface_ptr(v))               /* Go's missingMethodReason */
                snprintf(why, sizeof why, "type %s is pointer to interface, not interface", chk_type_str(c, v));
            res = why;
        } else if (!e->method->sig || !types_identical(e->method->sig, want->sig)) {
            const char *have_s = e->method->sig ? chk_type_str(c, e->method->sig) : "func()";
            const char *want_s = chk_type_str(c, want->sig);
            snprintf(why, sizeof why, "wrong type for %s method", want->name);
            snprintf(chk_missing_detail, sizeof chk_missing_detail, "\n\t\thave %s%s\n\t\twant %s%s",
                     want->name, have_s + 4, want->name, want_s + 4);
            res = why;
        }
    }
    methodset_free(&ms);
    methodset_free(&pms);
    return res;
}

bool chk_assignable(Checker *c, Node *n, OpMode m, Type *t) {
    Type *v = n->type;
    if (!v || !t || v == t_invalid || t == t_invalid) return true;
    if (types_identical(v, t)) return true;
    Type *vu = type_underlying(v), *tu = type_underlying(t);
    if (m == OM_NIL || v->kind == TY_UNTYPED_NIL) return chk_has_nil(t);
    bool vnamed = v->kind == TY_NAMED || v->kind < TY_UNTYPED_BOOL;   /* int, string... are named */
    bool tnamed = t->kind == TY_NAMED || t->kind < TY_UNTYPED_BOOL;
    if (types_identical(vu, tu) && (!vnamed || !tnamed) && vu->kind != TY_INVALID)
        return true;
    if (tu->kind == TY_INTERFACE) return chk_missing_method(c, v, t) == NULL;
    /* a bidirectional channel goes where a directional one of the same element is wanted */
    if (vu->kind == TY_CHAN && tu->kind == TY_CHAN && vu->chandir == 0 && (!vnamed || !tnamed) &&
        types_identical(vu->elem, tu->elem))
        return true;
    return false;
}

static void chk_wrap_iface(Checker *c, Node *n, Type *t) {
    if (!chk_is_interface(t) || !n->type || n->type->kind == TY_UNTYPED_NIL) {
        if (n->type && n->type->kind == TY_UNTYPED_NIL && t) n->type = t;
        return;
    }
    if (types_identical(n->type, t)) return;
    chk_wrap(c, n, N_CONVERT, 0, t);
}

bool chk_assign_to(Checker *c, Node *n, OpMode m, Type *t, const char *context) {
    switch (m) {
    case OM_INVALID: return false;
    case OM_NOVALUE:
        chk_error(c, chk_start_pos(n), "%s (no value) used as value", chk_expr_str(c, n));
        return false;
    case OM_TYPE:
        chk_error(c, chk_start_pos(n), "%s (type) is not an expression", chk_expr_str(c, n));
        return false;
    case OM_BUILTIN:
        chk_error(c, chk_start_pos(n), "%s (built-in) must be called", chk_expr_str(c, n));
        return false;
    case OM_PKG:
        chk_error(c, chk_start_pos(n), "use of package %s not in selector", chk_expr_str(c, n));
        return false;
    default: break;
    }
    if (n->type && n->type->kind == TY_TUPLE) {
        chk_error(c, chk_start_pos(n), "multiple-value %s (value of type %s) in single-value context",
                  chk_expr_str(c, n), chk_type_str(c, n->type));
        return false;
    }
    if (t == t_invalid || n->type == t_invalid) return false;
    if (type_is_untyped(n->type)) {
        if (n->type->kind == TY_UNTYPED_NIL && !t) {
            chk_error(c, chk_start_pos(n), "use of untyped nil in %s", context);
            return false;
        }
        Type *target = (!t || chk_is_interface(t)) && n->type->kind != TY_UNTYPED_NIL ? type_default(n->type) : t;
        const char *desc = chk_operand_str(c, n, m);
        CvStatus st;
        if (!chk_convert_untyped(c, n, m, target, &st)) {
            chk_error(c, chk_start_pos(n), "cannot use %s as %s value in %s%s", desc, chk_type_str(c, target),
                      context, st == CV_TRUNCATED ? " (truncated)" : st == CV_OVERFLOW ? " (overflows)" : "");
            return false;
        }
    }
    if (!t) return true;
    if (!chk_assignable(c, n, m, t)) {
        const char *missing = NULL;
        if (chk_is_interface(t)) missing = chk_missing_method(c, n->type, t);
        if (missing)
            chk_error(c, chk_start_pos(n), "cannot use %s as type %s in %s:\n\t%s does not implement %s (%s)%s",
                      chk_operand_str(c, n, m), chk_type_str(c, t), context, chk_type_str(c, n->type),
                      chk_type_str(c, t), missing, chk_missing_detail);
        else if (chk_is_iface_ptr(t))           /* Go's implements: T is no interface */
            chk_error(c, chk_start_pos(n), "cannot use %s as type %s in %s:\n\t%s does not implement %s (type %s is "
                      "pointer to interface, not interface)", chk_operand_str(c, n, m), chk_type_str(c, t), context,
                      chk_type_str(c, n->type), chk_type_str(c, t), chk_type_str(c, t));
        else if (chk_is_interface(n->type) && !chk_is_interface(t))
            chk_error(c, chk_start_pos(n), "cannot use %s as type %s in %s:\n\tneed type assertion",
                      chk_operand_str(c, n, m), chk_type_str(c, t), context);
        else
            chk_error(c, chk_start_pos(n), "cannot use %s as type %s in %s", chk_operand_str(c, n, m),
                      chk_type_str(c, t), context);
        return false;
    }
    chk_wrap_iface(c, n, t);
    return true;
}

/* ---- identifiers ------------------------------------------------------------------------- */

static OpMode chk_obj_operand(Checker *c, Node *n, Obj *o) {
    n->obj = o;
    switch (o->kind) {
    case OBJ_CONST:
        if (o->pkg == NULL && strcmp(o->name, "iota") == 0) {
            if (c->iota < 0) {
                chk_error(c, n->pos, "cannot use iota outside constant declaration");
                return chk_invalid(n);
            }
            n->type = t_untyped_int;
            n->cval = chk_new_cval(c, cv_make_int(c->iota));
            return OM_CONST;
        }
        chk_resolve_obj(c, o);
        if (!o->type || o->type == t_invalid || !o->cval) return chk_invalid(n);
        n->type = o->type;
        n->cval = chk_new_cval(c, *o->cval);
        return OM_CONST;
    case OBJ_TYPE:
        chk_resolve_obj(c, o);
        if (o->pkg == NULL && o->type == t_invalid) {
            chk_unsupported(c, n->pos, "complex numbers are");
            return chk_invalid(n);
        }
        n->flags |= NF_ISTYPE;
        n->type = o->type ? o->type : t_invalid;
        return n->type == t_invalid ? OM_INVALID : OM_TYPE;
    case OBJ_VAR:
        chk_resolve_obj(c, o);
        o->used = true;
        chk_add_dep(c, o);
        if (o->fnode) chk_capture(c, n, o);
        n->type = o->type ? o->type : t_invalid;
        if (type_underlying(n->type) == t_invalid) n->type = t_invalid;   /* reported at the type */
        return n->type == t_invalid ? OM_INVALID : OM_VAR;
    case OBJ_FUNC:
        chk_resolve_obj(c, o);
        chk_add_dep(c, o);
        n->type = o->type ? o->type : t_invalid;
        return n->type == t_invalid ? OM_INVALID : OM_VALUE;
    case OBJ_BUILTIN:
        n->type = t_invalid;
        return OM_BUILTIN;
    case OBJ_NIL:
        n->type = t_untyped_nil;
        return OM_NIL;
    case OBJ_PKG:                   /* a use only through a selector (chk_selector_impl) */
        n->type = t_invalid;
        return OM_PKG;
    default:
        return chk_invalid(n);
    }
}

static OpMode chk_ident(Checker *c, Node *n) {
    if (!n->name || strcmp(n->name, "_") == 0) {
        chk_error(c, n->pos, "cannot use _ as value");
        return chk_invalid(n);
    }
    Obj *o = scope_lookup(c->scope, n->name);
    if (!o) {
        chk_error(c, n->pos, "undefined: %s", n->name);
        return chk_invalid(n);
    }
    return chk_obj_operand(c, n, o);
}

/* ---- literals ---------------------------------------------------------------------------- */

static OpMode chk_basic_lit(Checker *c, Node *n) {
    ConstVal v;
    const char *lit = n->lit ? n->lit : "0";
    int len = n->lit ? n->litlen : 1;
    switch (n->kind) {
    case N_INTLIT:
        if (cv_parse_int(lit, len, &v) != CV_OK) {
            chk_error(c, n->pos, "integer constant overflow");     /* beyond CV_MAX_RAT_BITS (~9860 digits) */
            return chk_invalid(n);
        }
        n->type = t_untyped_int;
        break;
    case N_FLOATLIT:
        if (cv_parse_float(lit, len, &v) != CV_OK) {
            chk_error(c, n->pos, "malformed constant: %.*s", len, lit);
            return chk_invalid(n);
        }
        n->type = t_untyped_float;
        break;
    case N_RUNELIT:
        v = cv_make_int(n->ival);
        n->type = t_untyped_rune;
        break;
    case N_STRINGLIT:
        v = cv_make_string(n->sval ? n->sval : "", n->sval ? n->svallen : 0);
        n->type = t_untyped_string;
        break;
    default:
        chk_unsupported(c, n->pos, "complex numbers are");
        return chk_invalid(n);
    }
    n->cval = chk_new_cval(c, v);
    return OM_CONST;
}

/* ---- unary and binary operators ---------------------------------------------------------- */

static void chk_mark_addr_taken(Node *n) {
    for (;;) {
        n = chk_unparen(n);
        if (!n) return;
        if (n->kind == N_IDENT && n->obj && n->obj->kind == OBJ_VAR) {
            n->obj->addr_taken = true;
            if (n->obj->vclass == VAR_LOCAL) n->obj->vclass = VAR_HEAP;
            return;
        }
        if (n->kind == N_SELECTOR && n->aux == SEL_FIELD && type_underlying(n->a->type)->kind == TY_STRUCT) {
            n = n->a;
            continue;
        }
        if (n->kind == N_INDEX && type_underlying(n->a->type)->kind == TY_ARRAY) {
            n = n->a;
            continue;
        }
        return;
    }
}

bool chk_addressable(Checker *c, Node *n, OpMode m) {
    (void)c;
    return m == OM_VAR && n->kind != N_CONVERT;
}

static OpMode chk_unary(Checker *c, Node *n) {
    if (n->op == TK_ARROW) {                    /* <-c */
        OpMode m = chk_expr(c, n->a);
        if (m == OM_INVALID) return chk_invalid(n);
        Type *u = type_underlying(n->a->type);
        if (!u || u->kind != TY_CHAN) {
            chk_error(c, chk_start_pos(n->a), "invalid operation: cannot receive from non-channel %s",
                      chk_operand_str(c, n->a, m));
            return chk_invalid(n);
        }
        if (u->chandir == 1) {
            chk_error(c, chk_start_pos(n->a), "invalid operation: cannot receive from send-only channel %s",
                      chk_operand_str(c, n->a, m));
            return chk_invalid(n);
        }
        n->type = u->elem;
        return OM_VALUE;
    }
    if (n->op == TK_AND) {
        Node *x = chk_unparen(n->a);
        if (x && x->kind == N_COMPOSITE) {
            OpMode m = chk_expr(c, n->a);
            if (m == OM_INVALID) return chk_invalid(n);
            n->type = type_pointer_to(n->a->type);
            return OM_VALUE;
        }
        OpMode m = chk_expr(c, n->a);
        if (m == OM_INVALID) return chk_invalid(n);
        if (!chk_addressable(c, n->a, m)) {
            chk_error(c, chk_start_pos(n->a), "invalid operation: cannot take address of %s", chk_operand_str(c, n->a, m));
            return chk_invalid(n);
        }
        chk_mark_addr_taken(n->a);
        n->type = type_pointer_to(n->a->type);
        return OM_VALUE;
    }
    OpMode m = chk_value(c, n->a);
    if (m == OM_INVALID) return chk_invalid(n);
    Type *t = n->a->type;
    bool ok;
    switch (n->op) {
    case TK_PLUS: case TK_MINUS: ok = type_is_numeric(t); break;
    case TK_XOR: ok = type_is_integer(t); break;
    case TK_NOT: ok = type_is_boolean(t); break;
    default: ok = false; break;
    }
    if (!ok) {
        chk_error(c, n->a->pos.line ? chk_start_pos(n->a) : n->pos, "invalid operation: operator %s not defined on %s",
                  chk_op_str(n->op), chk_operand_str(c, n->a, m));
        return chk_invalid(n);
    }
    n->type = t;
    if (m == OM_CONST && n->a->cval) {
        ConstVal r;
        CvStatus st = cv_unary(n->op, *n->a->cval, chk_int_bits(t), type_is_unsigned(t), &r);
        if (st != CV_OK) { chk_error(c, n->pos, "constant %s overflow", cv_op_name(n->op, true)); return chk_invalid(n); }
        n->cval = chk_new_cval(c, r);
        if (!type_is_untyped(t)) {
            ConstVal v;
            if (cv_represent(r, t, &v) != CV_OK) {
                chk_error(c, chk_start_pos(n), "%s overflows %s", chk_operand_str(c, n, OM_CONST), chk_type_str(c, t));
                return chk_invalid(n);
            }
            *n->cval = v;
        }
        return OM_CONST;
    }
    return OM_VALUE;
}

/* Typed constant results must stay representable in their type after each operation. */
static OpMode chk_const_result(Checker *c, Node *n, ConstVal r) {
    n->cval = chk_new_cval(c, r);
    if (!type_is_untyped(n->type)) {
        ConstVal v;
        CvStatus st = cv_represent(r, n->type, &v);
        if (st != CV_OK) {
            chk_error(c, chk_start_pos(n), "%s %s %s", chk_operand_str(c, n, OM_CONST),
                      st == CV_TRUNCATED ? "truncated to" : "overflows", chk_type_str(c, n->type));
            return chk_invalid(n);
        }
        *n->cval = v;
    }
    return OM_CONST;
}

static OpMode chk_shift(Checker *c, Node *n, Node *x, OpMode mx, Node *y, OpMode my) {
    /* the count: an integer, untyped constants must be non-negative integers */
    if (my == OM_CONST && y->cval) {
        __int128 s;
        if (!cv_to_int(*y->cval, &s)) {
            if (type_is_untyped(y->type) && y->cval->kind == CV_FLOAT)
                chk_error(c, chk_start_pos(y), "%s truncated to uint", chk_operand_str(c, y, my));
            else
                chk_error(c, chk_start_pos(y), "invalid shift count %s", chk_operand_str(c, y, my));
            return chk_invalid(n);
        }
        if (s < 0) {
            chk_error(c, chk_start_pos(y), "invalid operation: negative shift count %s", chk_operand_str(c, y, my));
            return chk_invalid(n);
        }
        if (type_is_untyped(y->type)) {
            CvStatus st;
            chk_convert_untyped(c, y, my, t_uint, &st);
        }
    } else if (!type_is_integer(y->type)) {
        chk_error(c, chk_start_pos(y), "invalid operation: shift count %s must be integer", chk_operand_str(c, y, my));
        return chk_invalid(n);
    } else if (type_is_untyped(y->type)) {
        chk_default(c, y, my);
    }
    /* the shifted operand */
    if (mx == OM_CONST && x->cval) {
        if (!cv_is_integral(*x->cval) || !type_is_numeric(x->type) || (!type_is_untyped(x->type) && !type_is_integer(x->type))) {
            chk_error(c, chk_start_pos(x), "invalid operation: shifted operand %s must be integer", chk_operand_str(c, x, mx));
            return chk_invalid(n);
        }
        if (my == OM_CONST && y->cval) {
            __int128 s = 0;
            cv_to_int(*y->cval, &s);
            ConstVal r;
            if (s > 100000 || cv_shift(n->op, *x->cval, (uint64_t)s, &r) != CV_OK) {
                chk_error(c, n->pos, "constant shift overflow");
                return chk_invalid(n);
            }
            n->type = type_is_untyped(x->type) ? (x->type->kind == TY_UNTYPED_FLOAT ? t_untyped_int : x->type) : x->type;
            if (x->type->kind == TY_UNTYPED_FLOAT) { x->type = t_untyped_int; *x->cval = cv_make_int(r.i); }
            return chk_const_result(c, n, r);
        }
        if (type_is_untyped(x->type)) {
            /* non-constant shift of an untyped constant: the context decides the type */
            if (x->type->kind == TY_UNTYPED_FLOAT) {
                __int128 v = 0;
                cv_to_int(*x->cval, &v);
                *x->cval = cv_make_int(v);
                x->type = t_untyped_int;
            }
            n->type = x->type;
            return OM_VALUE;
        }
    }
    if (!type_is_integer(x->type)) {
        chk_error(c, chk_start_pos(x), "invalid operation: shifted operand %s must be integer", chk_operand_str(c, x, mx));
        return chk_invalid(n);
    }
    n->type = x->type;
    return OM_VALUE;
}

static bool chk_is_shift(int op) { return op == TK_SHL || op == TK_SHR; }

/* Go's mayConvert + matchTypes: bring an untyped operand to the other operand's type. */
static bool chk_match_types(Checker *c, Node *x, OpMode mx, Node *y, OpMode my) {
    Type *tx = x->type, *ty = y->type;
    if (!type_is_untyped(tx) && !type_is_untyped(ty)) return true;
    /* an untyped constant meets an interface: only an empty one takes it (as its default type) */
    Node *un = type_is_untyped(tx) ? x : y;
    Type *it = un == x ? ty : tx;
    if (chk_is_interface(it) && un->type->kind != TY_UNTYPED_NIL && type_underlying(it)->nmethods > 0) {
        chk_error(c, chk_start_pos(un), "cannot convert %s to %s", chk_operand_str(c, un, un == x ? mx : my),
                  chk_type_str(c, type_underlying(it)));
        return false;
    }
    if (type_is_boolean(tx) != type_is_boolean(ty)) return true;
    if (type_is_string(tx) != type_is_string(ty)) return true;
    if (tx->kind == TY_UNTYPED_NIL && !chk_has_nil(ty)) return true;
    if (ty->kind == TY_UNTYPED_NIL && !chk_has_nil(tx)) return true;
    if (type_underlying(tx)->kind == TY_POINTER || type_underlying(ty)->kind == TY_POINTER) {
        if (tx->kind != TY_UNTYPED_NIL && ty->kind != TY_UNTYPED_NIL) return true;
    }
    CvStatus st;
    if (type_is_untyped(tx)) {
        const char *d = chk_operand_str(c, x, mx);
        if (!chk_convert_untyped(c, x, mx, ty, &st)) {
            chk_error(c, chk_start_pos(x), st == CV_TRUNCATED ? "%s truncated to %s" : st == CV_OVERFLOW ?
                      "%s overflows %s" : "cannot convert %s to %s", d, chk_type_str(c, ty));
            return false;
        }
    }
    if (type_is_untyped(y->type)) {
        const char *d = chk_operand_str(c, y, my);
        if (!chk_convert_untyped(c, y, my, x->type, &st)) {
            chk_error(c, chk_start_pos(y), st == CV_TRUNCATED ? "%s truncated to %s" : st == CV_OVERFLOW ?
                      "%s overflows %s" : "cannot convert %s to %s", d, chk_type_str(c, x->type));
            return false;
        }
    }
    return true;
}

static const char *chk_incomparable_cause(Checker *c, Type *t) {
    Type *u = type_underlying(t);
    switch (u->kind) {
    case TY_SLICE: return "slice can only be compared to nil";
    case TY_FUNC: return "func can only be compared to nil";
    case TY_MAP: return "map can only be compared to nil";
    case TY_STRUCT:
        for (int i = 0; i < u->nfields; i++)
            if (!type_is_comparable(u->fields[i].type)) {
                char *b = (char *)chk_type_str(c, u->fields[i].type);
                char *out = (char *)chk_type_str(c, t_invalid);
                snprintf(out, 1024, "struct containing %s cannot be compared", b);
                return out;
            }
        return NULL;
    case TY_ARRAY: {
        char *out = (char *)chk_type_str(c, t_invalid);
        snprintf(out, 1024, "%s cannot be compared", chk_type_str(c, t));
        return out;
    }
    default: return NULL;
    }
}

static const char *chk_kind_string(Checker *c, Type *t) {
    switch (type_underlying(t)->kind) {
    case TY_ARRAY: return "array";
    case TY_SLICE: return "slice";
    case TY_STRUCT: return "struct";
    case TY_POINTER: return "pointer";
    case TY_FUNC: return "func";
    case TY_INTERFACE: return "interface";
    case TY_MAP: return "map";
    case TY_CHAN: return "chan";
    default: return chk_type_str(c, t);
    }
}

static OpMode chk_comparison(Checker *c, Node *n, OpMode mx, OpMode my) {
    Node *x = n->a, *y = n->b;
    const char *cause = NULL;
    bool xnil = x->type->kind == TY_UNTYPED_NIL || mx == OM_NIL;
    bool ynil = y->type->kind == TY_UNTYPED_NIL || my == OM_NIL;
    Node *errop = x;
    bool ok = chk_assignable(c, x, mx, y->type) || chk_assignable(c, y, my, x->type);
    if (!ok) {
        char *b = (char *)chk_type_str(c, t_invalid);
        snprintf(b, 1024, "mismatched types %s and %s", chk_type_str(c, x->type), chk_type_str(c, y->type));
        cause = b;
        errop = y;
    } else if (n->op == TK_EQL || n->op == TK_NEQ) {
        if (xnil && ynil) { cause = "operator == not defined on untyped nil"; errop = y; }
        else if (xnil || ynil) {
            Type *other = xnil ? y->type : x->type;
            if (!chk_has_nil(other)) {
                char *b = (char *)chk_type_str(c, t_invalid);
                snprintf(b, 1024, "mismatched types %s and untyped nil", chk_type_str(c, other));
                cause = b;
            }
        } else if (!type_is_comparable(x->type)) {
            cause = chk_incomparable_cause(c, x->type);
        } else if (!type_is_comparable(y->type)) {
            errop = y;
            cause = chk_incomparable_cause(c, y->type);
        }
    } else if (!type_is_ordered(x->type) || !type_is_ordered(y->type)) {
        Node *bad = type_is_ordered(x->type) ? y : x;
        char *b = (char *)chk_type_str(c, t_invalid);
        snprintf(b, 1024, "operator %s not defined on %s", chk_op_str(n->op), chk_kind_string(c, bad->type));
        cause = b;
        errop = bad;
    }
    if (cause) {
        chk_error(c, chk_start_pos(errop), "invalid operation: %s %s %s (%s)", chk_expr_str(c, x),
                  chk_op_str(n->op), chk_expr_str(c, y), cause);
        return chk_invalid(n);
    }
    n->type = t_untyped_bool;
    if (mx == OM_CONST && my == OM_CONST && x->cval && y->cval) {
        n->cval = chk_new_cval(c, cv_make_bool(cv_compare(n->op, *x->cval, *y->cval)));
        /* the operands are never materialised; give them their default types anyway so that
         * no untyped node reaches the code generator (contract 1) */
        chk_set_type(c, x, type_default(x->type));
        chk_set_type(c, y, type_default(y->type));
        return OM_CONST;
    }
    /* operands of a non-constant comparison get their final types */
    if (xnil && !ynil) x->type = y->type;
    if (ynil && !xnil) y->type = x->type;
    chk_default(c, x, mx);
    chk_default(c, y, my);
    if (chk_is_interface(x->type) && !chk_is_interface(y->type) && !ynil) chk_wrap_iface(c, y, x->type);
    else if (chk_is_interface(y->type) && !chk_is_interface(x->type) && !xnil) chk_wrap_iface(c, x, y->type);
    else if (chk_is_interface(x->type) && chk_is_interface(y->type) && !xnil && !ynil &&
             !types_identical(x->type, y->type)) {           /* I1 == I2: one converted to the other */
        if (chk_missing_method(c, y->type, x->type) == NULL) chk_wrap(c, y, N_CONVERT, 0, x->type);
        else chk_wrap(c, x, N_CONVERT, 0, y->type);
    }
    return OM_VALUE;
}

static bool chk_binary_op_ok(int op, Type *t) {
    switch (op) {
    case TK_PLUS: return type_is_numeric(t) || type_is_string(t);
    case TK_MINUS: case TK_STAR: case TK_SLASH: return type_is_numeric(t);
    case TK_PERCENT: case TK_AND: case TK_OR: case TK_XOR: case TK_ANDNOT: return type_is_integer(t);
    case TK_LAND: case TK_LOR: return type_is_boolean(t);
    default: return false;
    }
}

/* Checks x op y where n may be a BINARY or (for `x op= y`) an ASSIGN statement. */
OpMode chk_binary_operands(Checker *c, Node *n, int op, Node *x, OpMode mx, Node *y, OpMode my, Node *errexpr) {
    if (mx == OM_INVALID || my == OM_INVALID) return chk_invalid(n);
    if (chk_is_shift(op)) return chk_shift(c, n, x, mx, y, my);
    if (!chk_match_types(c, x, mx, y, my)) return chk_invalid(n);
    if (chk_is_comparison(op)) return chk_comparison(c, n, mx, my);
    if (!types_identical(x->type, y->type)) {
        if (x->type != t_invalid && y->type != t_invalid) {
            if (errexpr->kind == N_ASSIGN)
                chk_error(c, chk_start_pos(x), "invalid operation: %s %s= %s (mismatched types %s and %s)",
                          chk_expr_str(c, x), chk_op_str(op), chk_expr_str(c, y),
                          chk_type_str(c, x->type), chk_type_str(c, y->type));
            else
                chk_error(c, chk_start_pos(errexpr), "invalid operation: %s (mismatched types %s and %s)",
                          chk_expr_str(c, errexpr), chk_type_str(c, x->type), chk_type_str(c, y->type));
        }
        return chk_invalid(n);
    }
    if (!chk_binary_op_ok(op, x->type)) {
        chk_error(c, chk_start_pos(x), "invalid operation: operator %s not defined on %s", chk_op_str(op),
                  chk_operand_str(c, x, mx));
        return chk_invalid(n);
    }
    if ((op == TK_SLASH || op == TK_PERCENT) && my == OM_CONST && y->cval &&
        (mx == OM_CONST || type_is_integer(x->type))) {
        ConstVal z = *y->cval;
        if ((z.kind == CV_INT && z.i == 0) || (z.kind == CV_FLOAT && z.f == 0)) {
            chk_error(c, chk_start_pos(y), "invalid operation: division by zero");
            return chk_invalid(n);
        }
    }
    n->type = x->type;
    if (mx == OM_CONST && my == OM_CONST && x->cval && y->cval) {
        ConstVal r;
        bool intdiv = type_is_integer(x->type);
        CvStatus st = cv_binary(op, *x->cval, *y->cval, intdiv, &r);
        if (st == CV_DIVZERO) {
            chk_error(c, chk_start_pos(y), "invalid operation: division by zero");
            return chk_invalid(n);
        }
        if (st != CV_OK) {
            chk_error(c, n->pos, "constant %s overflow", cv_op_name(op, false));
            return chk_invalid(n);
        }
        if (r.kind == CV_STRING) {
            char *s = arena_alloc(c->arena, (size_t)r.slen + 1);
            if (x->cval->slen) memcpy(s, x->cval->s, (size_t)x->cval->slen);
            if (y->cval->slen) memcpy(s + x->cval->slen, y->cval->s, (size_t)y->cval->slen);
            r.s = s;
        }
        return chk_const_result(c, n, r);
    }
    return OM_VALUE;
}

static OpMode chk_binary(Checker *c, Node *n) {
    OpMode mx = chk_value(c, n->a);
    OpMode my = chk_value(c, n->b);
    return chk_binary_operands(c, n, n->op, n->a, mx, n->b, my, n);
}

/* ---- selectors --------------------------------------------------------------------------- */

typedef struct LookupResult {
    Field *field;
    Method *method;
    Type *owner;            /* struct (field) or named type (method) where it was found */
    int path[16];           /* embedded field indices leading to the owner */
    int depth;
    int count;              /* >1: ambiguous */
} LookupResult;

typedef struct Cand { Type *t; int path[16]; int depth; } Cand;

static void chk_lookup(Checker *c, Type *t, const char *name, LookupResult *r) {
    memset(r, 0, sizeof *r);
    Cand cur[64], next[64];
    int ncur = 1, nnext;
    cur[0].t = t;
    cur[0].depth = 0;
    Type *seen[64];
    int nseen = 0;
    for (int level = 0; level < 16 && ncur > 0; level++) {
        nnext = 0;
        int seen_before = nseen;    /* types met at shallower depths are not searched again */
        for (int i = 0; i < ncur; i++) {
            Type *ct = cur[i].t;
            if (ct->kind == TY_NAMED) {
                bool dup = false;
                for (int k = 0; k < seen_before; k++) if (seen[k] == ct) dup = true;
                if (dup) continue;
                if (nseen < 64) seen[nseen++] = ct;
                Method *m = chk_find_method(ct, name);
                if (m) {
                    if (r->count == 0) {
                        r->method = m; r->field = NULL; r->owner = ct;
                        memcpy(r->path, cur[i].path, sizeof r->path);
                        r->depth = cur[i].depth;
                    }
                    r->count++;
                    continue;
                }
            }
            Type *u = type_underlying(ct);
            if (u->kind == TY_INTERFACE) {
                Method *m = chk_find_method(u, name);
                if (m) {
                    if (r->count == 0) {
                        r->method = m; r->field = NULL; r->owner = u;
                        memcpy(r->path, cur[i].path, sizeof r->path);
                        r->depth = cur[i].depth;
                    }
                    r->count++;
                }
                continue;
            }
            if (u->kind != TY_STRUCT) continue;
            for (int f = 0; f < u->nfields; f++) {
                Field *fd = &u->fields[f];
                if (fd->name && strcmp(fd->name, name) == 0) {
                    if (r->count == 0) {
                        r->field = fd; r->method = NULL; r->owner = u;
                        memcpy(r->path, cur[i].path, sizeof r->path);
                        r->depth = cur[i].depth;
                        r->path[r->depth] = f;
                    }
                    r->count++;
                }
                if (fd->embedded && nnext < 64 && cur[i].depth < 15) {
                    Type *et = fd->type;
                    if (type_underlying(et)->kind == TY_POINTER) et = type_underlying(et)->elem;
                    next[nnext] = cur[i];
                    next[nnext].t = et;
                    next[nnext].path[cur[i].depth] = f;
                    next[nnext].depth = cur[i].depth + 1;
                    nnext++;
                }
            }
        }
        if (r->count) return;
        memcpy(cur, next, sizeof(Cand) * (size_t)nnext);
        ncur = nnext;
    }
    (void)c;
}

/* Makes the embedded steps of a promoted selector explicit: x.f where f lives in x.E1.E2
 * becomes ((x.E1).E2).f. Returns the innermost operand's mode. */
static OpMode chk_embed_steps(Checker *c, Node *n, Type *base, int *path, int depth, OpMode m) {
    Type *cur = base;
    for (int i = 0; i < depth; i++) {
        Type *su = type_underlying(cur);
        if (su->kind == TY_POINTER) { su = type_underlying(su->elem); m = OM_VAR; }
        if (su->kind != TY_STRUCT || path[i] >= su->nfields) break;
        Field *f = &su->fields[path[i]];
        chk_wrap(c, n->a, N_SELECTOR, 0, f->type);
        n->a->name = f->name;
        n->a->aux = SEL_FIELD;
        n->a->pos2 = n->pos2;
        n->a->pos = n->a->a->pos;
        cur = f->type;
    }
    return m;
}

/* The func type of a method expression: sig with the receiver type t as first parameter. */
static Type *chk_method_expr_type(Type *t, Type *sig) {
    Type *ft = type_new(TY_FUNC);
    ft->fields = types_alloc(sizeof(Field) * (size_t)(sig->nfields + 2));
    ft->fields[0].type = t;
    for (int i = 0; i < sig->nfields; i++) ft->fields[i + 1] = sig->fields[i];
    ft->nfields = sig->nfields + 1;
    ft->results = sig->results;
    ft->nresults = sig->nresults;
    ft->variadic = sig->variadic;
    return ft;
}

/* I.M for an interface type I: a func value taking an I first, calling M through its itab
 * (n->aux SEL_METHODEXPR with n->obj NULL). */
static OpMode chk_iface_method_expr(Checker *c, Node *n, const char *sel, Pos pos) {
    Type *t = n->a->type, *u = type_underlying(t);
    const char *name = intern_cstr(sel);
    for (int i = 0; i < u->nmethods; i++)
        if (u->methods[i].name == name && u->methods[i].sig) {
            n->aux = SEL_METHODEXPR;
            n->obj = NULL;
            n->type = chk_method_expr_type(t, u->methods[i].sig);
            return OM_VALUE;
        }
    chk_error(c, pos, "%s.%s undefined (type %s has no method %s)", chk_expr_str(c, n->a), sel, chk_type_str(c, t), sel);
    return chk_invalid(n);
}

/* A method expression T.M or (*T).M: a func value whose first parameter is the receiver
 * (n->aux SEL_METHODEXPR, n->obj the method's func, n->a the receiver type). M must be in the
 * method set of T, so (*T).M reaches pointer methods and T.M only value ones. */
static OpMode chk_method_expr(Checker *c, Node *n, const char *sel) {
    Type *t = n->a->type;
    Pos pos = n->pos2.line ? n->pos2 : chk_start_pos(n);
    if (type_underlying(t)->kind == TY_INTERFACE) return chk_iface_method_expr(c, n, sel, pos);
    MethodSet ms = methodset_of(t, chk_resolve_method, c);
    const MethodSetEntry *e = methodset_find(&ms, intern_cstr(sel));
    Method *meth = e ? e->method : NULL;
    bool from_iface = e && e->from_iface;
    methodset_free(&ms);
    if (!meth && type_underlying(t)->kind != TY_POINTER && type_underlying(t)->kind != TY_INTERFACE) {
        MethodSet pms = methodset_of(type_pointer_to(t), chk_resolve_method, c);
        const MethodSetEntry *pe = methodset_find(&pms, intern_cstr(sel));
        bool ptr_only = pe != NULL;
        methodset_free(&pms);
        if (ptr_only) {
            chk_error(c, pos, "cannot call pointer method %s on %s", sel, chk_type_str(c, t));
            return chk_invalid(n);
        }
    }
    if (!meth || !meth->func || from_iface) {
        if (!meth) {
            chk_error(c, pos, "%s.%s undefined (type %s has no field or method %s)", chk_expr_str(c, n->a), sel,
                      chk_type_str(c, t), sel);
        } else {
            chk_unsupported(c, pos, "method expressions of interface methods are");
        }
        return chk_invalid(n);
    }
    if (!meth->sig) return chk_invalid(n);
    n->aux = SEL_METHODEXPR;
    n->obj = meth->func;
    chk_add_dep(c, meth->func);     /* a method reference is a dependency for the init order */
    n->type = chk_method_expr_type(t, meth->sig);
    chk_add_dep(c, meth->func);                 /* a reference to a method, for init order */
    return OM_VALUE;
}

static OpMode chk_selector_impl(Checker *c, Node *n, bool callee) {
    Node *x = chk_unparen(n->a);
    const char *sel = n->name ? n->name : "_";
    if (x && x->kind == N_IDENT && x->name) {
        Obj *po = scope_lookup(c->scope, x->name);
        if (po && po->kind == OBJ_PKG) {
            po->used = true;
            x->obj = po;
            x->type = t_invalid;
            Package *p = po->imported;
            if (!p || !p->scope) return chk_invalid(n);     /* the import failed: reported there */
            Obj *o = scope_lookup_local(p->scope, intern_cstr(sel));
            bool exported = sel[0] >= 'A' && sel[0] <= 'Z';
            if (!o || (!exported && strcmp(p->path, "unsafe") != 0)) {
                chk_error(c, n->pos2.line ? n->pos2 : chk_start_pos(n), "undefined: %s.%s", x->name, sel);
                return chk_invalid(n);
            }
            n->aux = SEL_PKG;
            PkgDecl *save = c->cur_decl;
            OpMode m = chk_obj_operand(c, n, o);
            c->cur_decl = save;
            return m;
        }
    }
    OpMode m = chk_expr(c, n->a);
    if (m == OM_INVALID) return chk_invalid(n);
    if (m == OM_TYPE) return chk_method_expr(c, n, sel);
    if (m == OM_NOVALUE || m == OM_BUILTIN || m == OM_PKG || m == OM_NIL) {
        chk_assign_to(c, n->a, m, NULL, "selector");
        return chk_invalid(n);
    }
    chk_default(c, n->a, m);
    Type *t = n->a->type;
    if (!t || t == t_invalid || type_underlying(t) == t_invalid) return chk_invalid(n);
    if (t->kind == TY_TUPLE) {
        chk_assign_to(c, n->a, m, NULL, "selector");
        return chk_invalid(n);
    }
    LookupResult r;
    Type *base = t;
    bool through_ptr = false;
    if (type_underlying(t)->kind == TY_POINTER) {
        base = type_underlying(t)->elem;
        through_ptr = true;
        if (type_underlying(base)->kind == TY_POINTER || type_underlying(base)->kind == TY_INTERFACE) base = NULL;
    }
    if (base) chk_lookup(c, base, intern_cstr(sel), &r);
    else memset(&r, 0, sizeof r);
    if (r.count == 0 && through_ptr && !base && chk_is_interface(type_underlying(t)->elem)) {
        chk_error(c, n->pos2.line ? n->pos2 : chk_start_pos(n), "%s.%s undefined (type %s is pointer to interface, not interface)",
                  chk_expr_str(c, n->a), sel, chk_type_str(c, t));
        return chk_invalid(n);
    }
    if (r.count == 0) {
        chk_error(c, n->pos2.line ? n->pos2 : chk_start_pos(n), "%s.%s undefined (type %s has no field or method %s)",
                  chk_expr_str(c, n->a), sel, chk_type_str(c, t), sel);
        return chk_invalid(n);
    }
    if (r.count > 1) {
        chk_error(c, n->pos2.line ? n->pos2 : chk_start_pos(n), "ambiguous selector %s.%s", chk_expr_str(c, n->a), sel);
        return chk_invalid(n);
    }
    OpMode bm = through_ptr ? OM_VAR : m;
    if (r.field) {
        bm = chk_embed_steps(c, n, t, r.path, r.depth, bm);
        n->aux = SEL_FIELD;
        n->type = r.field->type;
        return bm == OM_VAR ? OM_VAR : OM_VALUE;
    }
    /* a method */
    Method *meth = r.method;
    if (r.owner && type_underlying(r.owner)->kind == TY_INTERFACE) {
        chk_embed_steps(c, n, t, r.path, r.depth, bm);    /* x.E.M() for an embedded interface E */
        n->aux = SEL_IMETHOD;
        n->obj = NULL;
        n->type = meth->sig;
        return OM_VALUE;
    }
    if (meth->func) chk_resolve_obj(c, meth->func);
    if (!meth->sig) return chk_invalid(n);
    bm = chk_embed_steps(c, n, t, r.path, r.depth, bm);
    /* adjust the receiver to the method's receiver type: insert & or * */
    Type *rt = n->a->type;
    bool rptr = type_underlying(rt)->kind == TY_POINTER && rt->kind != TY_NAMED;
    if (meth->ptr_recv && !rptr) {
        if (bm != OM_VAR || n->a->kind == N_CONVERT) {
            chk_error(c, n->pos2.line ? n->pos2 : chk_start_pos(n), "cannot call pointer method %s on %s", sel, chk_type_str(c, rt));
            return chk_invalid(n);
        }
        chk_mark_addr_taken(n->a);
        chk_wrap(c, n->a, N_UNARY, TK_AND, type_pointer_to(rt));
    } else if (!meth->ptr_recv && rptr) {
        chk_wrap(c, n->a, N_STAR, 0, rt->elem);
    }
    n->aux = SEL_METHOD;
    n->obj = meth->func;
    chk_add_dep(c, meth->func);     /* Go's spec: a reference to a method is a dependency */
    n->type = meth->sig;
    chk_add_dep(c, meth->func);                 /* a reference to a method, for init order */
    return OM_VALUE;
}

OpMode chk_selector_callee(Checker *c, Node *n) { return chk_selector_impl(c, n, true); }

/* ---- index and slice expressions --------------------------------------------------------- */

/* Checks an index operand; returns its constant value in *val (or -1 if not constant). */
static bool chk_index_value(Checker *c, Node *x, int64_t max, int64_t *val, const char *what) {
    *val = -1;
    OpMode m = chk_value(c, x);
    if (m == OM_INVALID) return false;
    if (m == OM_CONST && x->cval && type_is_untyped(x->type)) {
        const char *d = chk_operand_str(c, x, m);
        CvStatus st;
        if (!chk_convert_untyped(c, x, m, t_int, &st)) {
            if (st == CV_TRUNCATED) chk_error(c, chk_start_pos(x), "%s truncated to int", d);
            else if (st == CV_OVERFLOW) chk_error(c, chk_start_pos(x), "%s overflows int", d);
            else chk_error(c, chk_start_pos(x), "invalid argument: %s %s must be integer", what, d);
            return false;
        }
    } else {
        chk_default(c, x, m);
    }
    if (!type_is_integer(x->type)) {
        chk_error(c, chk_start_pos(x), "invalid argument: %s %s must be integer", what, chk_operand_str(c, x, m));
        return false;
    }
    if (m == OM_CONST && x->cval) {
        __int128 v = 0;
        cv_to_int(*x->cval, &v);
        if (v < 0) {
            chk_error(c, chk_start_pos(x), "invalid argument: %s %s must not be negative", what, chk_operand_str(c, x, m));
            return false;
        }
        if (max >= 0 && v >= max) {
            chk_error(c, chk_start_pos(x), "invalid argument: %s %s out of bounds [0:%lld]", what,
                      chk_expr_str(c, x), (long long)max);
            return false;
        }
        *val = (int64_t)v;
    }
    return true;
}

static OpMode chk_index(Checker *c, Node *n) {
    OpMode m = chk_expr(c, n->a);
    if (m == OM_INVALID) { if (n->b) chk_expr(c, n->b); return chk_invalid(n); }
    if (m == OM_TYPE) {
        chk_unsupported(c, n->pos, "generic types are");
        return chk_invalid(n);
    }
    if (m != OM_CONST && m != OM_VAR && m != OM_VALUE) {
        chk_assign_to(c, n->a, m, NULL, "index");
        return chk_invalid(n);
    }
    chk_default(c, n->a, m);
    Type *t = n->a->type, *u = type_underlying(t);
    int64_t len = -1, v;
    OpMode rm = OM_VALUE;
    Type *et;
    switch (u->kind) {
    case TY_STRING:
        et = t_byte;
        if (m == OM_CONST && n->a->cval) len = n->a->cval->slen;
        break;
    case TY_ARRAY: et = u->elem; len = u->len; rm = m == OM_VAR ? OM_VAR : OM_VALUE; break;
    case TY_POINTER:
        if (type_underlying(u->elem)->kind == TY_ARRAY) {
            et = type_underlying(u->elem)->elem;
            len = type_underlying(u->elem)->len;
            rm = OM_VAR;
            break;
        }
        /* fallthrough */
    default:
        if (u->kind == TY_SLICE) { et = u->elem; rm = OM_VAR; break; }
        if (u->kind == TY_MAP) {
            if (!n->b) return chk_invalid(n);
            OpMode km = chk_expr(c, n->b);
            if (km == OM_INVALID || !chk_assign_to(c, n->b, km, u->key, "map index")) return chk_invalid(n);
            n->type = u->elem;
            n->flags |= NF_MAPINDEX;
            return OM_VALUE;
        }
        chk_error(c, chk_start_pos(n), "invalid operation: cannot index %s", chk_operand_str(c, n->a, m));
        return chk_invalid(n);
    }
    if (!n->b) return chk_invalid(n);
    if (!chk_index_value(c, n->b, len, &v, "index")) return chk_invalid(n);
    n->type = et;           /* indexing even a constant string gives a non-constant byte */
    return rm;
}

static OpMode chk_slice_expr(Checker *c, Node *n) {
    OpMode m = chk_expr(c, n->a);
    if (m == OM_INVALID) return chk_invalid(n);
    if (m != OM_CONST && m != OM_VAR && m != OM_VALUE) {
        chk_assign_to(c, n->a, m, NULL, "slice");
        return chk_invalid(n);
    }
    chk_default(c, n->a, m);
    Type *t = n->a->type, *u = type_underlying(t);
    int64_t cap = -1;
    switch (u->kind) {
    case TY_STRING:
        if (n->flags & NF_SLICE3) {
            chk_error(c, chk_start_pos(n), "invalid operation: 3-index slice of string");
            return chk_invalid(n);
        }
        if (m == OM_CONST && n->a->cval) cap = n->a->cval->slen;
        n->type = t->kind == TY_UNTYPED_STRING ? t_string : t;
        break;
    case TY_ARRAY:
        if (m != OM_VAR) {
            chk_error(c, chk_start_pos(n), "invalid operation: %s (slice of unaddressable value)", chk_expr_str(c, n));
            return chk_invalid(n);
        }
        chk_mark_addr_taken(n->a);
        cap = u->len;
        n->type = type_slice_of(u->elem);
        break;
    case TY_POINTER:
        if (type_underlying(u->elem)->kind == TY_ARRAY) {
            cap = type_underlying(u->elem)->len;
            n->type = type_slice_of(type_underlying(u->elem)->elem);
            break;
        }
        /* fallthrough */
    default:
        if (u->kind == TY_SLICE) { n->type = t; break; }
        chk_error(c, chk_start_pos(n), "cannot slice %s", chk_operand_str(c, n->a, m));
        return chk_invalid(n);
    }
    if ((n->flags & NF_SLICE3) && (!n->c || !n->d)) {
        chk_error(c, n->pos2.line ? n->pos2 : n->pos, "2nd and 3rd index required in 3-index slice");
        return chk_invalid(n);
    }
    Node *idx[3] = {n->b, n->c, n->d};
    int64_t vals[3] = {-1, -1, -1};
    for (int i = 0; i < 3; i++) {
        if (!idx[i]) continue;
        if (!chk_index_value(c, idx[i], cap >= 0 ? cap + 1 : -1, &vals[i], "index")) return chk_invalid(n);
    }
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (vals[i] >= 0 && vals[j] >= 0 && vals[j] < vals[i]) {
                chk_error(c, chk_start_pos(idx[j]), "invalid slice indices: %lld < %lld", (long long)vals[j], (long long)vals[i]);
                return chk_invalid(n);
            }
    return OM_VALUE;
}

/* ---- composite literals ------------------------------------------------------------------ */

static OpMode chk_composite_elem(Checker *c, Node *e, Type *et, const char *context);

static void chk_composite_struct(Checker *c, Node *n, Type *t, Type *u) {
    int nel = n->list.len;
    if (nel == 0) return;
    bool keyed = n->list.items[0]->kind == N_KEYVALUE;
    for (int i = 0; i < nel; i++) {
        Node *e = n->list.items[i];
        if ((e->kind == N_KEYVALUE) != keyed) {
            chk_error(c, e->kind == N_KEYVALUE ? chk_colon_pos(c, chk_start_pos(e->a)) : chk_start_pos(e),
                      "mixture of field:value and value elements in struct literal");
            return;
        }
    }
    if (keyed) {
        bool *seen = arena_alloc(c->arena, (size_t)u->nfields + 1);
        for (int i = 0; i < nel; i++) {
            Node *kv = n->list.items[i];
            Node *key = kv->a;
            if (!key || key->kind != N_IDENT) {
                chk_error(c, key ? chk_start_pos(key) : kv->pos, "invalid field name %s in struct literal", chk_expr_str(c, key));
                if (kv->b) chk_expr(c, kv->b);
                continue;
            }
            int fi = -1;
            for (int f = 0; f < u->nfields; f++)
                if (u->fields[f].name == key->name) fi = f;
            if (fi < 0) {
                chk_error(c, key->pos, "unknown field '%s' in struct literal of type %s", key->name, chk_type_str(c, t));
                if (kv->b) chk_expr(c, kv->b);
                continue;
            }
            if (seen[fi]) {
                chk_error(c, chk_colon_pos(c, key->pos), "duplicate field name %s in struct literal", key->name);
                continue;
            }
            seen[fi] = true;
            kv->aux = fi;
            key->type = u->fields[fi].type;
            chk_composite_elem(c, kv->b, u->fields[fi].type, "struct literal");
            kv->type = u->fields[fi].type;
        }
        return;
    }
    for (int i = 0; i < nel; i++) {
        Node *e = n->list.items[i];
        if (i >= u->nfields) {
            chk_error(c, chk_start_pos(e), "too many values in %s{…}", chk_expr_str(c, n->a));
            return;
        }
        chk_composite_elem(c, e, u->fields[i].type, "struct literal");
        /* rewrite to keyed form: KEYVALUE(field name, value) with aux = field index */
        Node *v = arena_alloc(c->arena, sizeof *v);
        *v = *e;
        memset(e, 0, sizeof *e);
        e->kind = N_KEYVALUE;
        e->pos = v->pos;
        e->a = node_new(c->arena, N_IDENT, v->pos);
        e->a->name = u->fields[i].name;
        e->a->type = u->fields[i].type;
        e->b = v;
        e->aux = i;
        e->type = u->fields[i].type;
    }
    if (nel < u->nfields)
        chk_error(c, n->pos2.line ? n->pos2 : n->pos, "too few values in %s{…}", chk_expr_str(c, n->a));
}

/* Elements of array and slice literals; returns the length (max index + 1). */
static int64_t chk_composite_array(Checker *c, Node *n, Type *et, int64_t len) {
    int64_t idx = 0, max = 0;
    int64_t *seen = arena_alloc(c->arena, sizeof(int64_t) * (size_t)(n->list.len + 1));
    int nseen = 0;
    for (int i = 0; i < n->list.len; i++) {
        Node *e = n->list.items[i];
        Node *val = e;
        if (e->kind == N_KEYVALUE) {
            int64_t k;
            OpMode m = chk_value(c, e->a);
            if (m == OM_CONST && e->a->cval && type_is_numeric(e->a->type)) {
                CvStatus st;
                chk_convert_untyped(c, e->a, m, t_int, &st);
                __int128 kv = -1;
                if (!cv_to_int(*e->a->cval, &kv) || kv < 0) {
                    chk_error(c, chk_start_pos(e->a), "index %s must be integer constant", chk_expr_str(c, e->a));
                    kv = idx;
                }
                k = (int64_t)kv;
                if (len >= 0 && k >= len) {
                    chk_error(c, chk_start_pos(e->a), "index %lld is out of bounds (>= %lld)", (long long)k, (long long)len);
                }
                idx = k;
            } else if (m != OM_INVALID) {
                chk_error(c, chk_start_pos(e->a), "index %s must be integer constant", chk_expr_str(c, e->a));
            }
            val = e->b;
        } else if (len >= 0 && idx >= len) {
            chk_error(c, chk_start_pos(e), "index %lld is out of bounds (>= %lld)", (long long)idx, (long long)len);
        }
        for (int s = 0; s < nseen; s++)
            if (seen[s] == idx) {
                chk_error(c, e->kind == N_KEYVALUE ? chk_colon_pos(c, chk_start_pos(e->a)) : chk_start_pos(e),
                          "duplicate index %lld in array or slice literal", (long long)idx);
                break;
            }
        seen[nseen++] = idx;
        chk_composite_elem(c, val, et, "array or slice literal");
        if (e != val) e->type = et;
        idx++;
        if (idx > max) max = idx;
    }
    return max;
}

static OpMode chk_composite_elem(Checker *c, Node *e, Type *et, const char *context) {
    if (!e) return OM_INVALID;
    if (e->kind == N_COMPOSITE && !e->a) {
        Type *eu = type_underlying(et);
        if (eu->kind == TY_POINTER && e->a == NULL) {
            /* `{...}` for a *T element means &T{...} */
            OpMode m = chk_expr_hint(c, e, eu->elem);
            if (m == OM_INVALID) return m;
            chk_wrap(c, e, N_UNARY, TK_AND, et);
            return OM_VALUE;
        }
        OpMode m = chk_expr_hint(c, e, et);
        if (m == OM_INVALID) return m;
        return chk_assign_to(c, e, m, et, context) ? OM_VALUE : OM_INVALID;
    }
    OpMode m = chk_expr(c, e);
    return chk_assign_to(c, e, m, et, context) ? m : OM_INVALID;
}

/* map[K]V{k: v, ...}: every element keyed; keys and values may elide their composite types;
 * two equal constant keys are an error. */
static void chk_composite_map(Checker *c, Node *n, Type *u) {
    int nel = n->list.len;
    Node **consts = calloc((size_t)nel + 1, sizeof(Node *));
    int nconsts = 0;
    for (int i = 0; i < nel; i++) {
        Node *e = n->list.items[i];
        if (e->kind != N_KEYVALUE) {
            chk_error(c, chk_start_pos(e), "missing key in map literal");
            chk_expr(c, e);
            continue;
        }
        OpMode km = chk_composite_elem(c, e->a, u->key, "map literal");
        chk_composite_elem(c, e->b, u->elem, "map literal");
        e->type = u->elem;
        if (km != OM_CONST || !e->a->cval) continue;
        for (int j = 0; j < nconsts; j++) {
            if (types_identical(consts[j]->type, e->a->type) && consts[j]->cval->kind == e->a->cval->kind &&
                cv_compare(TK_EQL, *consts[j]->cval, *e->a->cval)) {
                chk_error(c, chk_start_pos(e->a), "duplicate key %s in map literal", chk_expr_str(c, e->a));
                break;
            }
        }
        consts[nconsts++] = e->a;
    }
    free(consts);
}

static OpMode chk_composite(Checker *c, Node *n, Type *hint) {
    Type *t;
    if (n->a) {
        if (n->a->kind == N_ARRAYTYPE && (n->a->flags & NF_DOTS)) {
            Type *et = chk_type(c, n->a->b);
            if (et == t_invalid) { for (int i = 0; i < n->list.len; i++) chk_expr(c, n->list.items[i]); return chk_invalid(n); }
            int64_t len = chk_composite_array(c, n, et, -1);
            t = type_array_of(et, len);
            n->a->type = t;
            n->a->flags |= NF_ISTYPE;
            n->type = t;
            return OM_VALUE;
        }
        t = chk_type(c, n->a);
    } else if (hint) {
        t = hint;
    } else {
        chk_error(c, n->pos, "invalid composite literal type: missing type");
        return chk_invalid(n);
    }
    if (t == t_invalid) return chk_invalid(n);
    Type *u = type_underlying(t);
    n->type = t;
    switch (u->kind) {
    case TY_STRUCT: chk_composite_struct(c, n, t, u); break;
    case TY_ARRAY: chk_composite_array(c, n, u->elem, u->len); break;
    case TY_SLICE: chk_composite_array(c, n, u->elem, -1); break;
    case TY_MAP: chk_composite_map(c, n, u); break;
    default:
        chk_error(c, n->a ? chk_start_pos(n->a) : n->pos, "invalid composite literal type %s", chk_type_str(c, t));
        return chk_invalid(n);
    }
    return OM_VALUE;
}

/* ---- type assertions ---------------------------------------------------------------------- */

/* x must be an interface value: its mode, or OM_INVALID after Go's error. */
OpMode chk_iface_operand(Checker *c, Node *x) {
    OpMode m = chk_value(c, x);
    if (m == OM_INVALID) return m;
    if (!chk_is_interface(x->type)) {
        chk_error(c, chk_start_pos(x), "%s is not an interface", chk_operand_str(c, x, m));
        return OM_INVALID;
    }
    return m;
}

/* Can an interface of type it hold a T? NULL if it can, else Go's reason (and
 * chk_missing_detail). An interface T always can (the assertion checks at run time). */
const char *chk_impossible_assert(Checker *c, Type *it, Type *t) {
    if (chk_is_interface(t) || t == t_invalid) return NULL;
    return chk_missing_method(c, t, it);
}

const char *chk_missing_detail_text(void) { return chk_missing_detail; }

/* x.(T): T's value, or in a comma-ok context (chk_comma_ok) also a bool. */
static OpMode chk_type_assert(Checker *c, Node *n) {
    if (!n->b) {
        chk_error(c, n->pos2.line ? n->pos2 : chk_start_pos(n), "invalid syntax tree: use of .(type) outside type switch");
        if (n->a) chk_expr(c, n->a);
        return chk_invalid(n);
    }
    Node *x = n->a;
    OpMode m = chk_value(c, x);
    Type *t = chk_type_or_invalid(c, n->b);
    if (m == OM_INVALID) return chk_invalid(n);
    if (!chk_is_interface(x->type)) {
        chk_error(c, chk_start_pos(x), "invalid operation: %s is not an interface", chk_operand_str(c, x, m));
        return chk_invalid(n);
    }
    if (t == t_invalid) return chk_invalid(n);
    const char *why = chk_impossible_assert(c, x->type, t);
    if (why) {
        chk_error(c, chk_start_pos(n), "impossible type assertion: %s\n\t%s does not implement %s (%s)%s", chk_expr_str(c, n),
                  chk_type_str(c, t), chk_type_str(c, x->type), why, chk_missing_detail);
        return chk_invalid(n);
    }
    n->type = t;
    return OM_VALUE;
}

/* `v, ok := x.(T)` and `v, ok := <-c`: where two values are wanted they give (T, bool). */
void chk_comma_ok(Checker *c, Node *x, int nvars) {
    Node *a = chk_unparen(x);
    bool recv = a && a->kind == N_UNARY && a->op == TK_ARROW;      /* v, ok := <-c */
    if (nvars != 2 || !a || (a->kind != N_TYPEASSERT && !recv) || !a->type || a->type == t_invalid ||
        a->type->kind == TY_TUPLE)
        return;
    Type *tup = type_new(TY_TUPLE);
    tup->fields = types_alloc(sizeof(Field) * 2);
    tup->fields[0].type = a->type;
    tup->fields[1].type = t_bool;
    tup->nfields = 2;
    a->type = tup;
    a->flags |= NF_COMMAOK;
    for (Node *p = x; p != a; p = p->a) p->type = tup;
}

/* ---- the expression switch --------------------------------------------------------------- */

void chk_unsupported(Checker *c, Pos pos, const char *what) {
    c->skipped_code = true;
    chk_error(c, pos, "%s not supported by gol yet", what);
}

static bool chk_is_type_node(NodeKind k) {
    return k == N_ARRAYTYPE || k == N_STRUCTTYPE || k == N_FUNCTYPE || k == N_INTERFACETYPE ||
           k == N_MAPTYPE || k == N_CHANTYPE || k == N_ELLIPSIS;
}

static OpMode chk_expr_kind(Checker *c, Node *n, Type *hint);
static OpMode chk_type_assert(Checker *c, Node *n);

/* The nesting bound: generous for any program a person writes (Go's own parser stops far
 * earlier on parentheses), small enough for the C stack even in a sanitizer build. */
enum { CHK_MAX_DEPTH = 2000 };

OpMode chk_expr_hint(Checker *c, Node *n, Type *hint) {
    if (!n) return OM_INVALID;
    if (c->depth >= CHK_MAX_DEPTH) {
        if (!c->depth_reported) chk_error(c, n->pos, "expression too deeply nested");
        c->depth_reported = true;
        n->type = t_invalid;
        n->cval = NULL;
        return OM_INVALID;
    }
    c->depth++;
    OpMode m = chk_expr_kind(c, n, hint);
    c->depth--;
    /* an operand of an invalid type was reported where that type was written: stay silent */
    if ((m == OM_VAR || m == OM_VALUE || m == OM_CONST) && n->type &&
        (n->type == t_invalid || type_underlying(n->type) == t_invalid)) {
        n->type = t_invalid;
        n->cval = NULL;
        m = OM_INVALID;
    }
    return m;
}

static OpMode chk_expr_kind(Checker *c, Node *n, Type *hint) {
    n->cval = NULL;
    switch (n->kind) {
    case N_IDENT: return chk_ident(c, n);
    case N_INTLIT: case N_FLOATLIT: case N_RUNELIT: case N_STRINGLIT: case N_IMAGLIT:
        return chk_basic_lit(c, n);
    case N_COMPOSITE: return chk_composite(c, n, hint);
    case N_FUNCLIT: return chk_func_lit(c, n);
    case N_PAREN: {
        OpMode m = chk_expr_hint(c, n->a, hint);
        n->type = n->a ? n->a->type : t_invalid;
        n->cval = n->a ? n->a->cval : NULL;
        n->obj = n->a ? n->a->obj : NULL;
        if (m == OM_TYPE) n->flags |= NF_ISTYPE;
        return m;
    }
    case N_SELECTOR: return chk_selector_impl(c, n, false);
    case N_INDEX: return chk_index(c, n);
    case N_SLICE: return chk_slice_expr(c, n);
    case N_TYPEASSERT: return chk_type_assert(c, n);
    case N_CALL: return chk_call(c, n);
    case N_STAR: {
        OpMode m = chk_expr(c, n->a);
        if (m == OM_INVALID) return chk_invalid(n);
        if (m == OM_TYPE) {
            n->type = type_pointer_to(n->a->type);
            n->flags |= NF_ISTYPE;
            return OM_TYPE;
        }
        if (m == OM_NIL) {
            chk_error(c, n->pos, "invalid operation: cannot indirect nil");
            return chk_invalid(n);
        }
        Type *u = type_underlying(n->a->type);
        if (u->kind != TY_POINTER || m == OM_NOVALUE || m == OM_BUILTIN || m == OM_PKG) {
            if (m == OM_NOVALUE || m == OM_BUILTIN || m == OM_PKG) { chk_assign_to(c, n->a, m, NULL, "x"); return chk_invalid(n); }
            chk_error(c, chk_start_pos(n->a), "invalid operation: cannot indirect %s", chk_operand_str(c, n->a, m));
            return chk_invalid(n);
        }
        n->type = u->elem;
        return OM_VAR;
    }
    case N_UNARY: return chk_unary(c, n);
    case N_BINARY: return chk_binary(c, n);
    case N_KEYVALUE:
        chk_error(c, n->pos, "unexpected key:value expression");
        return chk_invalid(n);
    case N_CONVERT:
        return n->type && n->type != t_invalid ? OM_VALUE : OM_INVALID;
    default:
        if (chk_is_type_node(n->kind)) {
            Type *t = chk_type(c, n);
            return t == t_invalid ? OM_INVALID : OM_TYPE;
        }
        chk_error(c, n->pos, "unexpected %s in expression", node_kind_name(n->kind));
        return chk_invalid(n);
    }
}

OpMode chk_expr(Checker *c, Node *n) { return chk_expr_hint(c, n, NULL); }

OpMode chk_single(Checker *c, Node *n) {
    OpMode m = chk_expr(c, n);
    if (m != OM_INVALID && n->type && n->type->kind == TY_TUPLE) {
        chk_error(c, chk_start_pos(n), "multiple-value %s (value of type %s) in single-value context",
                  chk_expr_str(c, n), chk_type_str(c, n->type));
        return chk_invalid(n);
    }
    return m;
}

OpMode chk_value(Checker *c, Node *n) {
    OpMode m = chk_single(c, n);
    switch (m) {
    case OM_NOVALUE:
        chk_error(c, chk_start_pos(n), "%s (no value) used as value", chk_expr_str(c, n));
        return chk_invalid(n);
    case OM_TYPE:
        chk_error(c, chk_start_pos(n), "%s (type) is not an expression", chk_expr_str(c, n));
        return chk_invalid(n);
    case OM_BUILTIN:
        chk_error(c, chk_start_pos(n), "%s (built-in) must be called", chk_expr_str(c, n));
        return chk_invalid(n);
    case OM_PKG:
        chk_error(c, chk_start_pos(n), "use of package %s not in selector", chk_expr_str(c, n));
        return chk_invalid(n);
    default:
        return m;
    }
}
