/* compiler/check_decl.c — declarations: package-level objects, their lazy resolution, local
 * declarations, methods, and the initialisation order of package-level variables.
 *
 * Package level (see check.h for the overall plan):
 *   chk_collect         every top-level name becomes an Obj + PkgDecl (white); named types
 *                       get their TY_NAMED Type at once so methods can attach to them;
 *   chk_resolve_obj     checks one declaration on demand, depth first, colouring it grey then
 *                       black; a grey object met again is a cycle (legal for types through
 *                       pointers, reported later for variables by the init order);
 *   chk_init_order      Go's rule: repeatedly initialise the earliest variable (in source order)
 *                       that depends on no uninitialised variable, where dependencies through
 *                       functions count (a function's body is part of whatever calls it).
 *                       When none is ready the remaining ones form a cycle: "initialization
 *                       loop for a" with the path, as cmd/compile prints it.
 */
#include <stdio.h>
#include <string.h>
#include "compiler/check.h"

/* ---- declaring names --------------------------------------------------------------------- */

bool chk_declare(Checker *c, Scope *s, Obj *o, Pos pos) {
    if (!o->name || strcmp(o->name, "_") == 0) return false;
    Obj *old = scope_insert(c->arena, s, o);
    if (old && old->kind == OBJ_PKG && s == c->pkgscope) return true;     /* reported by import.c */
    if (old) {
        if (old->pos.line)
            chk_error(c, pos, "%s redeclared in this block\n\t%s:%d:%d: other declaration of %s", o->name,
                      c->file->path, old->pos.line, old->pos.col, o->name);
        else
            chk_error(c, pos, "%s redeclared in this block", o->name);
        return false;
    }
    return true;
}

/* ---- the Obj -> PkgDecl map (open addressing on the pointer) ----------------------------- */

static size_t chk_hash(const void *p) { return ((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull; }

static void chk_map_put(Checker *c, PkgDecl *d);

typedef struct DeclMap { PkgDecl **slots; size_t cap, len; } DeclMap;

static DeclMap *chk_map(Checker *c) {
    if (!c->declmap) c->declmap = arena_alloc(c->arena, sizeof(DeclMap));
    return c->declmap;
}

static void chk_map_grow(Checker *c, DeclMap *m) {
    size_t nc = m->cap ? m->cap * 2 : 64;
    PkgDecl **old = m->slots;
    size_t oc = m->cap;
    m->slots = arena_alloc(c->arena, sizeof(PkgDecl *) * nc);
    m->cap = nc;
    m->len = 0;
    for (size_t i = 0; i < oc; i++) if (old[i]) chk_map_put(c, old[i]);
}

static void chk_map_put(Checker *c, PkgDecl *d) {
    DeclMap *m = chk_map(c);
    if ((m->len + 1) * 2 > m->cap) chk_map_grow(c, m);
    size_t i = chk_hash(d->obj) & (m->cap - 1);
    while (m->slots[i]) i = (i + 1) & (m->cap - 1);
    m->slots[i] = d;
    m->len++;
}

PkgDecl *chk_decl_of(Checker *c, Obj *o) {
    if (!o || o->pkg != c->pkg) return NULL;
    DeclMap *m = chk_map(c);
    if (!m->cap) return NULL;
    size_t i = chk_hash(o) & (m->cap - 1);
    while (m->slots[i]) {
        if (m->slots[i]->obj == o) return m->slots[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

static PkgDecl *chk_add_decl(Checker *c, Obj *o, Node *spec) {
    PkgDecl *d = arena_alloc(c->arena, sizeof *d);
    d->obj = o;
    d->spec = spec;
    d->order = c->ndecls;
    if (c->ndecls == c->capdecls) {
        int nc = c->capdecls ? c->capdecls * 2 : 32;
        PkgDecl **n = arena_alloc(c->arena, sizeof(PkgDecl *) * (size_t)nc);
        if (c->ndecls) memcpy(n, c->decls, sizeof(PkgDecl *) * (size_t)c->ndecls);
        c->decls = n;
        c->capdecls = nc;
    }
    c->decls[c->ndecls++] = d;
    chk_map_put(c, d);
    return d;
}

void chk_add_dep(Checker *c, Obj *o) {
    PkgDecl *d = c->cur_decl;
    if (!d || !o || (o->kind != OBJ_VAR && o->kind != OBJ_FUNC)) return;
    if (o->kind == OBJ_VAR && o->vclass != VAR_GLOBAL) return;
    if (!chk_decl_of(c, o)) return;
    for (int i = 0; i < d->ndeps; i++) if (d->deps[i] == o) return;
    if (d->ndeps == d->capdeps) {
        int nc = d->capdeps ? d->capdeps * 2 : 8;
        Obj **n = arena_alloc(c->arena, sizeof(Obj *) * (size_t)nc);
        if (d->ndeps) memcpy(n, d->deps, sizeof(Obj *) * (size_t)d->ndeps);
        d->deps = n;
        d->capdeps = nc;
    }
    d->deps[d->ndeps++] = o;
}

/* ---- collecting ---------------------------------------------------------------------------- */

static void chk_arity(Checker *c, Node *spec, NodeList *values, bool is_const, bool inherited) {
    int l = spec->list.len, r = values->len;
    if (l < r) {
        Node *n = values->items[l];
        if (inherited) chk_error(c, spec->pos, "extra init expr at %s:%d:%d", c->file->path, n->pos.line, n->pos.col);
        else chk_error(c, chk_start_pos(n), "extra init expr %s", chk_expr_str(c, n));
    } else if (l > r && (is_const || r != 1) && !(r == 0 && !is_const)) {
        Node *n = spec->list.items[r];
        chk_error(c, n->pos, "missing init expr for %s", n->name);
    }
}

/* `init` (and `main` in package main) may only name functions. */
static void chk_reserved_name(Checker *c, const char *name, Pos pos) {
    if (!name) return;
    if (strcmp(name, "init") == 0 || (strcmp(name, "main") == 0 && strcmp(c->pkg->path, "main") == 0))
        chk_error(c, pos, "cannot declare %s - must be func", name);
}

/* Declares name j of a package-level const or var spec in the package scope and records it for
 * initialisation ordering; the caller fills in the initialiser. */
static PkgDecl *chk_collect_name(Checker *c, ObjKind kind, Node *spec, int j, Node *typ) {
    Node *id = spec->list.items[j];
    Obj *o = chk_new_obj(c, kind, id->name, NULL, id->pos);
    o->decl = spec;
    o->used = true;
    if (kind == OBJ_VAR) o->vclass = VAR_GLOBAL;
    id->obj = o;
    PkgDecl *d = chk_add_decl(c, o, spec);
    d->index = j;
    d->typ = typ;
    chk_reserved_name(c, id->name, id->pos);
    chk_declare(c, c->pkgscope, o, id->pos);
    return d;
}

static void chk_collect_const(Checker *c, Node *decl) {
    Node *prev = NULL;
    for (int i = 0; i < decl->list.len; i++) {
        Node *spec = decl->list.items[i];
        Node *src = spec;
        bool inherited = false;
        if (spec->list2.len == 0 && !spec->a && prev) { src = prev; inherited = true; }
        else prev = spec;
        chk_arity(c, spec, &src->list2, true, inherited);
        for (int j = 0; j < spec->list.len; j++) {
            PkgDecl *d = chk_collect_name(c, OBJ_CONST, spec, j, src->a);
            d->init = j < src->list2.len ? src->list2.items[j] : NULL;
            d->iota = spec->ival;
        }
    }
}

static void chk_collect_var(Checker *c, Node *decl) {
    for (int i = 0; i < decl->list.len; i++) {
        Node *spec = decl->list.items[i];
        chk_arity(c, spec, &spec->list2, false, false);
        for (int j = 0; j < spec->list.len; j++) {
            PkgDecl *d = chk_collect_name(c, OBJ_VAR, spec, j, spec->a);
            if (spec->list2.len == spec->list.len) d->init = spec->list2.items[j];
            else if (spec->list2.len == 1) d->init = spec->list2.items[0];
        }
    }
}

static Type *chk_new_named(Checker *c, Node *spec, Obj *o) {
    Type *t = type_new(TY_NAMED);
    t->name = spec->name;
    t->pkg = c->pkg;
    t->obj = o;
    t->underlying = NULL;
    return t;
}

static void chk_collect_type(Checker *c, Node *decl) {
    for (int i = 0; i < decl->list.len; i++) {
        Node *spec = decl->list.items[i];
        Obj *o = chk_new_obj(c, OBJ_TYPE, spec->name, NULL, spec->pos2.line ? spec->pos2 : spec->pos);
        o->decl = spec;
        o->used = true;
        spec->obj = o;
        if (!(spec->flags & NF_ALIAS)) o->type = chk_new_named(c, spec, o);
        chk_add_decl(c, o, spec);
        chk_reserved_name(c, spec->name, o->pos);
        chk_declare(c, c->pkgscope, o, o->pos);
    }
}

static Pos chk_func_name_pos(Checker *c, Node *fd) {
    return fd->pos2.line ? fd->pos2 : chk_word_pos(c, fd->pos, fd->name, fd->a != NULL);
}

static void chk_collect_func(Checker *c, Node *fd) {
    Obj *o = chk_new_obj(c, OBJ_FUNC, fd->name, NULL, chk_func_name_pos(c, fd));
    o->decl = fd;
    o->used = true;
    o->is_native = fd->body == NULL;
    fd->obj = o;
    chk_add_decl(c, o, fd);
    if (fd->a) return;                          /* methods are attached after all types exist */
    if (fd->name && strcmp(fd->name, "init") == 0) {
        Obj **n = arena_alloc(c->arena, sizeof(Obj *) * (size_t)(c->pkg->ninits + 1));
        if (c->pkg->ninits) memcpy(n, c->pkg->inits, sizeof(Obj *) * (size_t)c->pkg->ninits);
        n[c->pkg->ninits++] = o;
        c->pkg->inits = n;
        return;
    }
    chk_declare(c, c->pkgscope, o, o->pos);
}

/* The receiver's base type name: T in `(t T)`, `(t *T)`, `(t (*T))`. */
static Node *chk_recv_base(Node *t, bool *ptr) {
    *ptr = false;
    t = chk_unparen(t);
    if (t && t->kind == N_STAR) { *ptr = true; t = chk_unparen(t->a); }
    return t;
}

static void chk_attach_method(Checker *c, Node *fd) {
    Obj *o = fd->obj;
    Node *recv = fd->a;
    bool ptr;
    Node *base = chk_recv_base(recv ? recv->a : NULL, &ptr);
    if (!base || base->kind != N_IDENT) return;  /* reported when the receiver type is checked */
    Obj *to = scope_lookup_local(c->pkgscope, base->name);
    if (!to || to->kind != OBJ_TYPE || !to->type || to->type->kind != TY_NAMED || to->type->pkg != c->pkg) return;
    Type *t = to->type;
    if (!fd->name || strcmp(fd->name, "_") == 0) return;
    for (int i = 0; i < t->nmethods; i++)
        if (t->methods[i].name == fd->name) {
            Obj *old = t->methods[i].func;
            chk_error(c, o->pos, "%s.%s redeclared in this block\n\t%s:%d:%d: other declaration of %s", t->name,
                      fd->name, c->file->path, old->pos.line, old->pos.col, fd->name);
            return;
        }
    Method *nm = types_alloc(sizeof(Method) * (size_t)(t->nmethods + 1));
    if (t->nmethods) memcpy(nm, t->methods, sizeof(Method) * (size_t)t->nmethods);
    nm[t->nmethods].name = fd->name;
    nm[t->nmethods].func = o;
    nm[t->nmethods].ptr_recv = ptr;
    t->methods = nm;
    t->nmethods++;
}

void chk_collect(Checker *c) {
    Node *root = c->file->root;
    if (!root) return;
    for (int i = 0; i < root->list2.len; i++) {
        Node *d = root->list2.items[i];
        if (!d) continue;
        switch (d->kind) {
        case N_CONSTDECL: chk_collect_const(c, d); break;
        case N_VARDECL: chk_collect_var(c, d); break;
        case N_TYPEDECL: chk_collect_type(c, d); break;
        case N_FUNCDECL: chk_collect_func(c, d); break;
        default: break;
        }
    }
    for (int i = 0; i < root->list2.len; i++) {
        Node *d = root->list2.items[i];
        if (d && d->kind == N_FUNCDECL && d->a && d->obj) chk_attach_method(c, d);
    }
}

/* ---- resolving one package-level object ------------------------------------------------- */

static void chk_const_decl(Checker *c, Obj *o, Node *typ, Node *init, int64_t iota) {
    Type *t = typ ? chk_type(c, typ) : NULL;
    if (t && t != t_invalid) {
        TypeKind k = type_underlying(t)->kind;
        if (k < TY_BOOL || k > TY_STRING) {
            chk_error(c, chk_start_pos(typ), "invalid constant type %s", chk_type_str(c, t));
            t = t_invalid;
        }
    }
    o->type = t_invalid;
    if (!init) return;
    int64_t save = c->iota;
    c->iota = iota;
    OpMode m = chk_expr(c, init);
    c->iota = save;
    if (m == OM_INVALID || t == t_invalid) return;
    if (m != OM_CONST || !init->cval) {
        if (m == OM_NOVALUE || m == OM_TYPE || m == OM_BUILTIN) chk_assign_to(c, init, m, NULL, "constant declaration");
        else chk_error(c, chk_start_pos(init), "%s is not constant", chk_operand_str(c, init, m));
        return;
    }
    if (t) {
        if (!chk_assign_to(c, init, m, t, "constant declaration")) return;
        o->type = t;
    } else {
        o->type = init->type;
    }
    o->cval = chk_new_cval(c, *init->cval);
}

/* Checks `var a, b T = x, y` or `var a, b = f()` for the objects objs[0..n). */
static void chk_var_spec(Checker *c, Obj **objs, int n, Node *spec, const char *context) {
    Type *t = spec->a ? chk_type(c, spec->a) : NULL;
    int nv = spec->list2.len;
    for (int i = 0; i < n; i++) if (objs[i]) objs[i]->type = t ? t : NULL;
    if (nv == 0) {
        for (int i = 0; i < n; i++) if (objs[i] && !objs[i]->type) objs[i]->type = t_invalid;
        return;
    }
    if (nv == n) {      /* one value per name: `var x = g()` with two results is a single-value error */
        for (int i = 0; i < n; i++) {
            Node *x = spec->list2.items[i];
            OpMode m = chk_single(c, x);
            if (!objs[i]) continue;
            if (!chk_assign_to(c, x, m, t, context)) {
                if (!objs[i]->type) objs[i]->type = t_invalid;
                objs[i]->used = true;
                continue;
            }
            if (!t) objs[i]->type = x->type;
        }
        return;
    }
    if (nv == 1) {
        Node *x = spec->list2.items[0];
        OpMode m = chk_expr(c, x);
        chk_comma_ok(c, x, n);
        if (m != OM_INVALID && x->type && x->type->kind == TY_TUPLE && x->type->nfields == n) {
            for (int i = 0; i < n; i++) {
                Type *vt = x->type->fields[i].type;
                if (!objs[i]) continue;
                if (t) {
                    Node tmp = {0};
                    tmp.kind = N_IDENT;
                    tmp.type = vt;
                    if (!chk_assignable(c, &tmp, OM_VALUE, t))
                        chk_error(c, chk_start_pos(x), "cannot use %s value as type %s in %s", chk_type_str(c, vt),
                                  chk_type_str(c, t), context);
                } else {
                    objs[i]->type = vt;
                }
            }
            return;
        }
        if (n == 2 && m == OM_VALUE && (chk_unparen(x)->flags & NF_MAPINDEX)) {   /* var v, ok = m[k] */
            Node *ix = chk_unparen(x);
            ix->flags |= NF_COMMAOK;
            x->flags |= NF_COMMAOK;
            Type *vals[2] = { ix->type, t_bool };
            for (int i = 0; i < 2; i++) {
                if (!objs[i]) continue;
                if (!t) { objs[i]->type = vals[i]; continue; }
                Node tmp = {0};
                tmp.kind = N_IDENT;
                tmp.type = vals[i];
                if (!(i == 1 && type_is_boolean(t)) && !chk_assignable(c, &tmp, OM_VALUE, t))
                    chk_error(c, chk_start_pos(x), "cannot use %s value as type %s in %s", chk_type_str(c, vals[i]),
                              chk_type_str(c, t), context);
            }
            return;
        }
        if (m != OM_INVALID && m != OM_NOVALUE) {
            int have = x->type && x->type->kind == TY_TUPLE ? x->type->nfields : 1;
            Node *call = chk_unparen(x);
            if (call->kind == N_CALL)
                chk_error(c, chk_start_pos(x), "assignment mismatch: %d variable%s but %s returns %d value%s", n,
                          n == 1 ? "" : "s", chk_expr_str(c, call->a), have, have == 1 ? "" : "s");
            else
                chk_error(c, chk_start_pos(x), "assignment mismatch: %d variable%s but %d value%s", n, n == 1 ? "" : "s",
                          have, have == 1 ? "" : "s");
        } else if (m == OM_NOVALUE) {
            chk_assign_to(c, x, m, t, context);
        }
        for (int i = 0; i < n; i++) if (objs[i]) { if (!objs[i]->type) objs[i]->type = t_invalid; objs[i]->used = true; }
        return;
    }
    /* arity was reported when collecting (package level) or is reported here (local) */
    for (int i = 0; i < nv; i++) chk_expr(c, spec->list2.items[i]);
    for (int i = 0; i < n; i++) if (objs[i]) { if (!objs[i]->type) objs[i]->type = t_invalid; objs[i]->used = true; }
}

static void chk_pkg_var(Checker *c, PkgDecl *d) {
    Node *spec = d->spec;
    int n = spec->list.len;
    Obj **objs = arena_alloc(c->arena, sizeof(Obj *) * (size_t)(n + 1));
    PkgDecl **ds = arena_alloc(c->arena, sizeof(PkgDecl *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) {
        objs[i] = spec->list.items[i]->obj;
        ds[i] = chk_decl_of(c, objs[i]);
        if (ds[i]) ds[i]->color = 1;
    }
    if (spec->list2.len == n || spec->list2.len <= 1) {
        PkgDecl *save = c->cur_decl;
        c->cur_decl = d;
        chk_var_spec(c, objs, n, spec, "variable declaration");
        c->cur_decl = save;
        /* the spec is initialised as one unit (init_order lists VARSPECs), so every name
         * shares the dependencies of all its initialisers */
        for (int i = 0; i < n; i++) {
            if (!ds[i] || ds[i] == d) continue;
            ds[i]->deps = d->deps;
            ds[i]->ndeps = d->ndeps;
            ds[i]->capdeps = d->capdeps;
        }
    } else {
        chk_var_spec(c, objs, n, spec, "variable declaration");
    }
    for (int i = 0; i < n; i++) {
        if (ds[i]) ds[i]->color = 2;
        if (!objs[i]->type) objs[i]->type = t_invalid;
        spec->list.items[i]->type = objs[i]->type;
    }
}

static void chk_set_underlying(Checker *c, Type *t, Type *u);

static void chk_pkg_type(Checker *c, PkgDecl *d) {
    Node *spec = d->spec;
    Obj *o = d->obj;
    if (spec->flags & NF_ALIAS) {
        o->type = t_invalid;
        o->type = chk_type(c, spec->a);
        return;
    }
    Type *t = o->type;
    Type *u = chk_type(c, spec->a);
    if (u->kind == TY_NAMED) t->defined_from = u;
    if (u->kind == TY_NAMED && !u->underlying) {
        /* `type T2 T1` met while T1 is being declared (T1 struct{ Next *T2 }): T2's underlying
         * is T1's, known when T1's declaration completes (chk_set_underlying) */
        return;
    }
    chk_set_underlying(c, t, u == t_invalid ? t_invalid : type_underlying(u));
}

/* t's underlying type is now known: so is that of each type declared from t while t was still
 * being declared (they wait in the declarations as types without an underlying type). */
static void chk_set_underlying(Checker *c, Type *t, Type *u) {
    t->underlying = u ? u : t_invalid;
    for (int i = 0; i < c->ndecls; i++) {
        Obj *o = c->decls[i]->obj;
        if (o->kind == OBJ_TYPE && o->type && o->type->kind == TY_NAMED && o->type->defined_from == t &&
            !o->type->underlying && o->type != t)
            chk_set_underlying(c, o->type, t->underlying);
    }
}

static void chk_pkg_func(Checker *c, PkgDecl *d) {
    Node *fd = d->spec;
    Obj *o = d->obj;
    Type *recv = NULL;
    if (fd->a) {
        Node *rt = fd->a->a;
        recv = chk_type(c, rt);
        bool ptr;
        Node *base = chk_recv_base(rt, &ptr);
        Type *bt = ptr && recv != t_invalid ? recv->elem : recv;
        if (recv != t_invalid) {
            if (!bt || bt->kind != TY_NAMED || bt->pkg != c->pkg) {
                Pos rp = fd->a->list.len ? fd->a->list.items[0]->pos : chk_start_pos(rt);
                if (bt && (bt->kind != TY_NAMED || bt->pkg == NULL))
                    chk_error(c, rp, "cannot define new methods on non-local type %s", chk_type_str(c, bt));
                else
                    chk_error(c, chk_start_pos(rt), "invalid receiver type %s", chk_expr_str(c, rt));
                recv = t_invalid;
            } else if (type_underlying(bt)->kind == TY_POINTER || type_underlying(bt)->kind == TY_INTERFACE) {
                chk_error(c, chk_start_pos(rt), "invalid receiver type %s (pointer or interface type)", chk_type_str(c, bt));
                recv = t_invalid;
            } else if (type_underlying(bt)->kind == TY_STRUCT && strcmp(fd->name, "_") != 0) {
                Type *su = type_underlying(bt);   /* a blank method may share the blank field's name */
                for (int i = 0; i < su->nfields; i++)
                    if (su->fields[i].name == fd->name) {
                        chk_error(c, o->pos, "field and method with the same name %s\n\t%s:%d:%d: other declaration of %s",
                                  fd->name, c->file->path, su->fields[i].pos.line, su->fields[i].pos.col, fd->name);
                        break;
                    }
            }
        }
        (void)base;
    }
    Type *sig = chk_func_type(c, fd->b, NULL, NULL);
    o->type = sig;
    o->recv = recv;
    if (recv && recv != t_invalid) {
        Type *bt = type_underlying(recv)->kind == TY_POINTER && recv->kind != TY_NAMED ? recv->elem : recv;
        for (int i = 0; i < bt->nmethods; i++)
            if (bt->methods[i].func == o) bt->methods[i].sig = sig;
    }
    bool is_main = strcmp(c->pkg->path, "main") == 0;
    if (!fd->a && fd->name && (strcmp(fd->name, "init") == 0 || (is_main && strcmp(fd->name, "main") == 0))) {
        if (sig->nfields || sig->nresults)
            chk_error(c, o->pos, "func %s must have no arguments and no return values", fd->name);
    }
    if (!fd->body && is_main) chk_error(c, o->pos, "missing function body");
}

void chk_resolve_obj(Checker *c, Obj *o) {
    PkgDecl *d = chk_decl_of(c, o);
    if (!d || d->color == 2) return;
    if (d->color == 1) {
        if ((o->kind == OBJ_CONST || o->kind == OBJ_VAR) && !o->type) {
            o->type = t_invalid;
            if (o->kind == OBJ_CONST)
                chk_error(c, o->pos, "initialization cycle or invalid recursive reference to %s", o->name);
        }
        return;
    }
    d->color = 1;
    Scope *save_scope = c->scope;
    int64_t save_iota = c->iota;
    PkgDecl *save_decl = c->cur_decl;
    c->scope = c->filescope;
    c->iota = -1;
    c->cur_decl = NULL;
    switch (o->kind) {
    case OBJ_CONST:
        chk_const_decl(c, o, d->typ, d->init, d->iota);
        if (d->index < d->spec->list.len) d->spec->list.items[d->index]->type = o->type;
        break;
    case OBJ_VAR: chk_pkg_var(c, d); break;
    case OBJ_TYPE: chk_pkg_type(c, d); break;
    case OBJ_FUNC: chk_pkg_func(c, d); break;
    default: break;
    }
    c->scope = save_scope;
    c->iota = save_iota;
    c->cur_decl = save_decl;
    d->color = 2;
}

/* ---- recursive types ---------------------------------------------------------------------- */

/* Does t contain `target` by value (struct field or array element, through named types)? */
static bool chk_contains(Type *t, Type *target, Type **path, int *npath, int depth) {
    if (!t || depth > 64) return false;
    if (t == target && depth > 0) return true;
    if (t->kind == TY_NAMED) {
        if (depth > 0) {
            for (int i = 0; i < *npath; i++) if (path[i] == t) return false;
        }
        path[(*npath)++] = t;
        Type *next = t->defined_from ? t->defined_from : t->underlying;   /* C refers to D refers to C */
        if (chk_contains(next, target, path, npath, depth + 1)) return true;
        (*npath)--;
        return false;
    }
    if (t->kind == TY_ARRAY) return chk_contains(t->elem, target, path, npath, depth + 1);
    if (t->kind == TY_STRUCT)
        for (int i = 0; i < t->nfields; i++)
            if (chk_contains(t->fields[i].type, target, path, npath, depth + 1)) return true;
    return false;
}

static void chk_valid_types(Checker *c) {
    for (int i = 0; i < c->ndecls; i++) {
        Obj *o = c->decls[i]->obj;
        if (o->kind != OBJ_TYPE || !o->type || o->type->kind != TY_NAMED || o->type->pkg != c->pkg) continue;
        Type *t = o->type;
        if (t->underlying == t_invalid) continue;
        Type *path[80];
        int npath = 0;
        if (!chk_contains(t, t, path, &npath, 0)) continue;
        char msg[2048];
        size_t off = (size_t)snprintf(msg, sizeof msg, "invalid recursive type %s", t->name);
        for (int k = 0; k < npath && off < sizeof msg - 200; k++) {
            Obj *po = path[k]->obj;
            off += (size_t)snprintf(msg + off, sizeof msg - off, "\n\t%s:%d:%d: %s refers to", c->file->path,
                                    po ? po->pos.line : 0, po ? po->pos.col : 0, path[k]->name);
        }
        snprintf(msg + off, sizeof msg - off, "\n\t%s:%d:%d: %s", c->file->path, o->pos.line, o->pos.col, t->name);
        chk_error(c, o->pos, "%s", msg);
        for (int k = 0; k < npath; k++) path[k]->underlying = t_invalid;
    }
}

void chk_package_objects(Checker *c) {
    for (int i = 0; i < c->ndecls; i++)
        if (c->decls[i]->obj->kind == OBJ_TYPE) chk_resolve_obj(c, c->decls[i]->obj);
    chk_valid_types(c);
    for (int i = 0; i < c->ndecls; i++) {          /* what waited on a cycle of names: reported */
        Obj *o = c->decls[i]->obj;
        if (o->kind == OBJ_TYPE && o->type && o->type->kind == TY_NAMED && !o->type->underlying)
            o->type->underlying = t_invalid;
    }
    for (int i = 0; i < c->ndecls; i++) chk_resolve_obj(c, c->decls[i]->obj);
}

/* ---- local declarations ------------------------------------------------------------------ */

static void chk_local_var_obj(Checker *c, Obj *o) {
    if (c->nfvars == c->capfvars) {
        int nc = c->capfvars ? c->capfvars * 2 : 16;
        Obj **n = arena_alloc(c->arena, sizeof(Obj *) * (size_t)nc);
        if (c->nfvars) memcpy(n, c->fvars, sizeof(Obj *) * (size_t)c->nfvars);
        c->fvars = n;
        c->capfvars = nc;
    }
    c->fvars[c->nfvars++] = o;
}

void chk_track_local(Checker *c, Obj *o) {
    if (!o->type || type_underlying(o->type) == t_invalid) o->used = true;   /* no follow-on warning */
    chk_local_var_obj(c, o);
}

void chk_local_decl(Checker *c, Node *decl) {
    if (!decl) return;
    switch (decl->kind) {
    case N_CONSTDECL: {
        Node *prev = NULL;
        for (int i = 0; i < decl->list.len; i++) {
            Node *spec = decl->list.items[i];
            Node *src = spec;
            bool inherited = false;
            if (spec->list2.len == 0 && !spec->a && prev) { src = prev; inherited = true; }
            else prev = spec;
            chk_arity(c, spec, &src->list2, true, inherited);
            Obj **objs = arena_alloc(c->arena, sizeof(Obj *) * (size_t)(spec->list.len + 1));
            for (int j = 0; j < spec->list.len; j++) {
                Node *id = spec->list.items[j];
                Obj *o = chk_new_obj(c, OBJ_CONST, id->name, NULL, id->pos);
                o->decl = spec;
                o->used = true;
                id->obj = o;
                chk_const_decl(c, o, src->a, j < src->list2.len ? src->list2.items[j] : NULL, spec->ival);
                objs[j] = o;
            }
            for (int j = 0; j < spec->list.len; j++) chk_declare(c, c->scope, objs[j], objs[j]->pos);
        }
        break;
    }
    case N_VARDECL:
        for (int i = 0; i < decl->list.len; i++) {
            Node *spec = decl->list.items[i];
            int n = spec->list.len;
            chk_arity(c, spec, &spec->list2, false, false);
            Obj **objs = arena_alloc(c->arena, sizeof(Obj *) * (size_t)(n + 1));
            for (int j = 0; j < n; j++) {
                Node *id = spec->list.items[j];
                Obj *o = chk_new_obj(c, OBJ_VAR, id->name, NULL, id->pos);
                o->decl = spec;
                o->vclass = VAR_LOCAL;
                id->obj = o;
                objs[j] = o;
            }
            chk_var_spec(c, objs, n, spec, "variable declaration");
            for (int j = 0; j < n; j++) {
                Node *id = spec->list.items[j];
                if (!objs[j]->type) objs[j]->type = t_invalid;
                id->type = objs[j]->type;
                if (chk_declare(c, c->scope, objs[j], id->pos)) chk_track_local(c, objs[j]);
            }
        }
        break;
    case N_TYPEDECL:
        for (int i = 0; i < decl->list.len; i++) {
            Node *spec = decl->list.items[i];
            Obj *o = chk_new_obj(c, OBJ_TYPE, spec->name, NULL, spec->pos2.line ? spec->pos2 : spec->pos);
            o->decl = spec;
            o->used = true;
            spec->obj = o;
            if (spec->flags & NF_ALIAS) {
                o->type = chk_type(c, spec->a);
                chk_declare(c, c->scope, o, o->pos);
                continue;
            }
            Type *t = chk_new_named(c, spec, o);
            o->type = t;
            chk_declare(c, c->scope, o, o->pos);
            Type *u = chk_type(c, spec->a);
            t->underlying = u == t_invalid ? t_invalid : type_underlying(u);
            Type *path[80];
            int npath = 0;
            if (t->underlying != t_invalid && chk_contains(t, t, path, &npath, 0)) {
                chk_error(c, o->pos, "invalid recursive type %s\n\t%s:%d:%d: %s refers to\n\t%s:%d:%d: %s", t->name,
                          c->file->path, o->pos.line, o->pos.col, t->name, c->file->path, o->pos.line, o->pos.col, t->name);
                t->underlying = t_invalid;
            }
        }
        break;
    default:
        break;
    }
}

/* ---- initialisation order ------------------------------------------------------------------ */

/* Collects the package-level variables that obj depends on, directly or through functions. */
static void chk_var_deps(Checker *c, PkgDecl *d, Obj **out, int *nout, int cap, int stamp) {
    for (int i = 0; i < d->ndeps; i++) {
        Obj *o = d->deps[i];
        PkgDecl *dd = chk_decl_of(c, o);
        if (!dd || dd->mark == stamp) continue;
        dd->mark = stamp;
        if (o->kind == OBJ_VAR) {
            if (*nout < cap) out[(*nout)++] = o;
        } else {
            chk_var_deps(c, dd, out, nout, cap, stamp);
        }
    }
}

/* Finds a dependency path from `from` to `to` (through vars and funcs) for the cycle report. */
static bool chk_find_path(Checker *c, Obj *from, Obj *to, Obj **path, int *n, int stamp) {
    PkgDecl *d = chk_decl_of(c, from);
    if (!d || *n >= 60) return false;
    for (int i = 0; i < d->ndeps; i++) {
        Obj *o = d->deps[i];
        if (o == to) { path[(*n)++] = o; return true; }
        PkgDecl *dd = chk_decl_of(c, o);
        if (!dd || dd->mark == stamp) continue;
        dd->mark = stamp;
        path[(*n)++] = o;
        if (chk_find_path(c, o, to, path, n, stamp)) return true;
        (*n)--;
    }
    return false;
}

void chk_init_order(Checker *c) {
    int nvars = 0;
    for (int i = 0; i < c->ndecls; i++) if (c->decls[i]->obj->kind == OBJ_VAR) nvars++;
    Package *p = c->pkg;
    p->init_order = arena_alloc(c->arena, sizeof(Node *) * (size_t)(nvars + 1));
    p->ninit_order = 0;
    if (!nvars) return;
    PkgDecl **vars = arena_alloc(c->arena, sizeof(PkgDecl *) * (size_t)nvars);
    Obj ***deps = arena_alloc(c->arena, sizeof(Obj **) * (size_t)nvars);
    int *ndeps = arena_alloc(c->arena, sizeof(int) * (size_t)nvars);
    bool *done = arena_alloc(c->arena, sizeof(bool) * (size_t)nvars);
    int k = 0, stamp = 1000;
    for (int i = 0; i < c->ndecls; i++) {
        if (c->decls[i]->obj->kind != OBJ_VAR) continue;
        vars[k] = c->decls[i];
        deps[k] = arena_alloc(c->arena, sizeof(Obj *) * (size_t)(nvars + 1));
        stamp++;
        chk_var_deps(c, vars[k], deps[k], &ndeps[k], nvars, stamp);
        k++;
    }
    bool reported = false;
    for (int emitted = 0; emitted < nvars;) {
        int pick = -1;
        for (int i = 0; i < nvars && pick < 0; i++) {
            if (done[i]) continue;
            bool ready = true;
            for (int j = 0; j < ndeps[i] && ready; j++) {
                Obj *dep = deps[i][j];
                for (int v = 0; v < nvars; v++)
                    if (vars[v]->obj == dep && !done[v]) { ready = false; break; }
            }
            if (ready) pick = i;
        }
        if (pick < 0) {
            /* a cycle: report it once, at the earliest remaining variable on a cycle */
            for (int i = 0; i < nvars && !reported; i++) {
                if (done[i]) continue;
                Obj *path[64];
                int n = 0;
                stamp++;
                if (!chk_find_path(c, vars[i]->obj, vars[i]->obj, path, &n, stamp)) continue;
                Obj *o = vars[i]->obj;
                char msg[4096];
                size_t off = (size_t)snprintf(msg, sizeof msg, "initialization loop for %s", o->name);
                Obj *cur = o;
                for (int s = 0; s < n && off < sizeof msg - 300; s++) {
                    off += (size_t)snprintf(msg + off, sizeof msg - off, "\n\t%s:%d:%d: %s refers to", c->file->path,
                                            cur->pos.line, cur->pos.col, cur->name);
                    cur = path[s];
                }
                snprintf(msg + off, sizeof msg - off, "\n\t%s:%d:%d: %s", c->file->path, o->pos.line, o->pos.col, o->name);
                chk_error(c, o->pos, "%s", msg);
                reported = true;
            }
            for (int i = 0; i < nvars; i++) if (!done[i]) { pick = i; break; }
        }
        done[pick] = true;
        emitted++;
        Node *spec = vars[pick]->spec;
        bool dup = false;
        for (int i = 0; i < p->ninit_order; i++) if (p->init_order[i] == spec) dup = true;
        if (!dup) p->init_order[p->ninit_order++] = spec;
    }
}
