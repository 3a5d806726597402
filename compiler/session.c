/* compiler/session.c — compiling a REPL session one input at a time (docs/repl.md).
 *
 * `gol run` compiles a whole program at once: check_program, then gen_module. A REPL cannot:
 * what was typed before has run, its variables hold values, its goroutines may still run. So a
 * session keeps one main package whose scope persists, and compiles each input against it:
 *
 *   declarations  (import, const, type, var, func; a method)  extend the package. A name
 *                 declared again replaces the old one for what is compiled later; a function
 *                 redeclared with the same signature also replaces the old code for the
 *                 callers compiled before (the REPL copies the new FuncInfo over the old one:
 *                 SessionResult.redef), so `f` fixed at the prompt is fixed everywhere.
 *   statements    become the body of a function of the input's own file (named main.main in
 *                 tracebacks, as in a Go program, but callable by no one), run once by the
 *                 input's entry. A top-level `x := e` declares a session variable: checked
 *                 as a local, then made package-level (VAR_GLOBAL, bound in the package scope),
 *                 so it lives in the module's globals — a GC root — and later inputs see it.
 *   expressions   the last statement, when it is an expression with a value, is printed:
 *                 rewritten to `__show(__fmt.Sprintln(e), "T")` where T is e's static type,
 *                 known once e is checked (the string constant is filled in then): `42  // int`.
 *
 * An input is parsed as a file of the session package: `package main; ` before it (on the
 * same line, so line numbers are the input's; columns on line 1 are shifted back when errors
 * are reported), and `func __input() { ... }` around statements. Standard packages named in the
 * input (`strings.ToUpper`) and not bound in the session are imported first (an implied
 * import). An input that fails to compile leaves nothing behind: the scopes, method lists and
 * declarations are restored as they were, and the generator forgets its functions.
 *
 * The checker's passes run on the new declarations only (check.h): collect, resolve, bodies,
 * initialisation order (of the input's variables). The generator appends to one growing
 * module (gen.c, gen_session_input).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/check.h"
#include "compiler/gen.h"
#include "lang/parse.h"
#include "runtime/stdlib.h"

#define SESSION_FILE SESSION_INPUT_NAME
#define SESSION_INPUT_FUNC "__input"     /* the function of an input's statements (then main.main) */

struct Session {
    Program *prog;          /* every imported package, in load order (main is not listed) */
    int npkgs_done;         /* packages of prog already generated */
    Package *main;
    Checker *c;
    GenSession *gen;
    bool have_show;         /* __fmt and __show are declared */
    int ninputs;
    SourceFile **files;     /* every input's tree (objects and code refer to them) and text */
    char **texts;
    int nfiles, capfiles;
};

/* The trees of the session's inputs stay as long as the session: its objects point into them. */
static SourceFile *session_keep(Session *s, SourceFile *f, char *text) {
    if (s->nfiles == s->capfiles) {
        s->capfiles = s->capfiles ? s->capfiles * 2 : 32;
        s->files = realloc(s->files, sizeof(SourceFile *) * (size_t)s->capfiles);
        s->texts = realloc(s->texts, sizeof(char *) * (size_t)s->capfiles);
    }
    s->files[s->nfiles] = f;
    s->texts[s->nfiles++] = text;
    return f;
}

/* diags back to its first n entries (a retried input's errors are forgotten). */
static void session_diags_truncate(DiagList *d, int n) {
    for (int i = n; i < d->len; i++) free(d->items[i].msg);
    d->len = n;
    d->nerrors = 0;
    for (int i = 0; i < d->len; i++) if (d->items[i].level == DIAG_ERROR) d->nerrors++;
}

/* What an input changed in the checker's state, to undo it if the input fails. */
typedef struct SessionUndo {
    Obj **pkgobjs, **fileobjs;
    int npkg, nfile;
    int ndecls, ninits;
    Obj **inits;
    Type **mtypes;          /* named types whose method lists changed */
    Method **mlists;
    int *mcounts;
    int nm, capm;
} SessionUndo;

static Obj **session_copy_objs(Scope *s) {
    Obj **o = malloc(sizeof(Obj *) * (size_t)(s->len + 1));
    if (s->len) memcpy(o, s->objs, sizeof(Obj *) * (size_t)s->len);
    return o;
}

static void session_undo_save(Session *s, SessionUndo *u) {
    memset(u, 0, sizeof *u);
    u->pkgobjs = session_copy_objs(s->c->pkgscope);
    u->npkg = s->c->pkgscope->len;
    u->fileobjs = session_copy_objs(s->c->filescope);
    u->nfile = s->c->filescope->len;
    u->ndecls = s->c->ndecls;
    u->ninits = s->main->ninits;
    u->inits = s->main->inits;
}

static void session_undo_method_list(SessionUndo *u, Type *t) {
    for (int i = 0; i < u->nm; i++) if (u->mtypes[i] == t) return;
    if (u->nm == u->capm) {
        u->capm = u->capm ? u->capm * 2 : 8;
        u->mtypes = realloc(u->mtypes, sizeof(Type *) * (size_t)u->capm);
        u->mlists = realloc(u->mlists, sizeof(Method *) * (size_t)u->capm);
        u->mcounts = realloc(u->mcounts, sizeof(int) * (size_t)u->capm);
    }
    u->mtypes[u->nm] = t;
    u->mlists[u->nm] = t->methods;
    u->mcounts[u->nm++] = t->nmethods;
}

/* Scopes only grow their arrays (scope_insert) and an unbinding only shortens them, so the
 * current array always has room for what was saved. */
static void session_scope_restore(Scope *sc, Obj **objs, int n) {
    if (n) memcpy(sc->objs, objs, sizeof(Obj *) * (size_t)n);
    sc->len = n;
}

static void session_undo(Session *s, SessionUndo *u) {
    Checker *c = s->c;
    session_scope_restore(c->pkgscope, u->pkgobjs, u->npkg);
    session_scope_restore(c->filescope, u->fileobjs, u->nfile);
    c->ndecls = u->ndecls;
    s->main->ninits = u->ninits;
    s->main->inits = u->inits;
    for (int i = 0; i < u->nm; i++) {
        u->mtypes[i]->methods = u->mlists[i];
        u->mtypes[i]->nmethods = u->mcounts[i];
    }
}

static void session_undo_free(SessionUndo *u) {
    free(u->pkgobjs);
    free(u->fileobjs);
    free(u->mtypes);
    free(u->mlists);
    free(u->mcounts);
}

/* Removes the binding of name from a scope (a session rebinding it): returns the old object. */
static Obj *session_unbind(Scope *sc, const char *name) {
    for (int i = sc->len - 1; i >= 0; i--)
        if (sc->objs[i]->name == name) {
            Obj *o = sc->objs[i];
            memmove(sc->objs + i, sc->objs + i + 1, sizeof(Obj *) * (size_t)(sc->len - i - 1));
            sc->len--;
            return o;
        }
    return NULL;
}

/* ---- reading an input ---- */

static const char *session_skip_space(const char *p) {
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        if (p[0] == '/' && p[1] == '/') { while (*p && *p != '\n') p++; continue; }
        if (p[0] == '/' && p[1] == '*') {
            const char *e = strstr(p + 2, "*/");
            p = e ? e + 2 : p + strlen(p);
            continue;
        }
        return p;
    }
}

static bool session_is_ident_char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || (unsigned char)ch >= 0x80;
}

static bool session_starts_with_word(const char *p, const char *w) {
    size_t n = strlen(w);
    return strncmp(p, w, n) == 0 && !session_is_ident_char(p[n]);
}

/* Declarations start with their keyword; `func` starts one when a name follows it, or a
 * receiver and then a name (`func (p *P) Move()`); `func(x int) {...}(1)` is an expression. */
bool session_is_decl(const char *text) {
    const char *p = session_skip_space(text);
    if (session_starts_with_word(p, "import") || session_starts_with_word(p, "const") ||
        session_starts_with_word(p, "type") || session_starts_with_word(p, "var"))
        return true;
    if (!session_starts_with_word(p, "func")) return false;
    p = session_skip_space(p + 4);
    if (*p != '(') return session_is_ident_char(*p);
    int depth = 0;
    for (; *p; p++) {
        if (*p == '(') depth++;
        else if (*p == ')' && --depth == 0) break;
    }
    if (!*p) return false;
    p = session_skip_space(p + 1);
    if (!session_is_ident_char(*p) || (*p >= '0' && *p <= '9')) return false;
    while (session_is_ident_char(*p)) p++;
    return *session_skip_space(p) == '(';        /* the method's name, then its parameters */
}

/* The standard package whose name is `name` (its last path element), or NULL. */
static const char *session_std_path(const char *name, size_t n) {
    for (const StdlibFile *f = gol_stdlib_files; f->pkgpath; f++) {
        const char *last = strrchr(f->pkgpath, '/');
        last = last ? last + 1 : f->pkgpath;
        if (strlen(last) == n && strncmp(last, name, n) == 0) return f->pkgpath;
    }
    return NULL;
}

/* Implied imports: each `name.` in the text (outside strings and comments) where name is a
 * standard package's name that the session does not bind: `import "path"; ` appended to buf. */
static void session_implied_imports(Session *s, const char *text, char *buf, size_t size) {
    size_t used = strlen(buf);
    for (const char *p = text; *p;) {
        if (*p == '"' || *p == '\'' || *p == '`') {
            char q = *p++;
            while (*p && *p != q) { if (*p == '\\' && q != '`' && p[1]) p++; p++; }
            if (*p) p++;
            continue;
        }
        if (p[0] == '/' && (p[1] == '/' || p[1] == '*')) { p = session_skip_space(p); continue; }
        if (!session_is_ident_char(*p) || (p > text && (session_is_ident_char(p[-1]) || p[-1] == '.'))) { p++; continue; }
        const char *start = p;
        while (session_is_ident_char(*p)) p++;
        if (*p != '.' || (start[0] >= '0' && start[0] <= '9')) continue;
        const char *path = session_std_path(start, (size_t)(p - start));
        if (!path) continue;
        const char *name = intern(start, (size_t)(p - start));
        if (scope_lookup(s->c->filescope, name)) continue;
        char imp[300];
        snprintf(imp, sizeof imp, "import \"%s\"; ", path);
        if (strstr(buf, imp) || used + strlen(imp) + 1 >= size) continue;
        strcat(buf, imp);
        used += strlen(imp);
    }
}

/* ---- the session's own imports ---- */

/* An import of the input: the package is loaded (once per session) and its name bound in the
 * session's file scope, replacing an earlier binding of that name. */
static void session_import(Session *s, Node *imp) {
    Checker *c = s->c;
    Package *p = chk_import(c, imp);
    if (!p) return;
    const char *name = imp->name ? imp->name : p->name;
    if (strcmp(name, ".") == 0) { chk_error(c, imp->pos, "dot imports are not supported by gol yet"); return; }
    if (strcmp(name, "_") == 0) return;
    name = intern_cstr(name);
    Obj *old = scope_lookup_local(c->filescope, name);
    if (old && old->kind == OBJ_PKG && old->imported == p) { imp->obj = old; return; }
    if (old) session_unbind(c->filescope, name);
    session_unbind(c->pkgscope, name);         /* a session variable of that name gives way */
    Obj *o = chk_new_obj(c, OBJ_PKG, name, t_invalid, imp->pos);
    o->imported = p;
    o->decl = imp;
    o->used = true;
    imp->obj = o;
    chk_declare(c, c->filescope, o, imp->pos);
}

static Package *session_find_pkg(Program *p, const char *path) {
    for (int i = 0; i < p->npkgs; i++)
        if (strcmp(p->pkgs[i]->path, path) == 0) return p->pkgs[i];
    return NULL;
}

/* ---- declarations that replace older ones ---- */

typedef struct SessionRedef { Obj *old; Node *decl; } SessionRedef;

/* The receiver's base type in the session, or NULL. */
static Type *session_recv_type(Session *s, Node *fd) {
    Node *t = fd->a && fd->a->a ? chk_unparen(fd->a->a) : NULL;
    if (t && t->kind == N_STAR) t = chk_unparen(t->a);
    if (!t || t->kind != N_IDENT) return NULL;
    Obj *o = scope_lookup_local(s->c->pkgscope, t->name);
    return o && o->kind == OBJ_TYPE && o->type && o->type->kind == TY_NAMED ? o->type : NULL;
}

/* Unbinds every name the file declares at package level, so that the collector can declare it
 * again; a method declared again is taken off its type's list. Functions and methods that are
 * replaced are remembered: their code may replace the old code too. */
static int session_unbind_decls(Session *s, Node *root, SessionUndo *u, SessionRedef *redefs, int cap) {
    Checker *c = s->c;
    int n = 0;
    for (int i = 0; i < root->list2.len; i++) {
        Node *d = root->list2.items[i];
        if (!d) continue;
        if (d->kind == N_CONSTDECL || d->kind == N_VARDECL) {
            for (int j = 0; j < d->list.len; j++)
                for (int k = 0; k < d->list.items[j]->list.len; k++)
                    session_unbind(c->pkgscope, d->list.items[j]->list.items[k]->name);
        } else if (d->kind == N_TYPEDECL) {
            for (int j = 0; j < d->list.len; j++) session_unbind(c->pkgscope, d->list.items[j]->name);
        } else if (d->kind == N_FUNCDECL && d->name && !d->a) {
            Obj *old = session_unbind(c->pkgscope, d->name);
            if (old && old->kind == OBJ_FUNC && old->func_index >= 0 && n < cap)
                redefs[n++] = (SessionRedef){ old, d };
        } else if (d->kind == N_FUNCDECL && d->name && d->a) {
            Type *t = session_recv_type(s, d);
            if (!t) continue;
            for (int k = 0; k < t->nmethods; k++) {
                if (t->methods[k].name != d->name) continue;
                session_undo_method_list(u, t);
                if (t->methods[k].func->func_index >= 0 && n < cap)
                    redefs[n++] = (SessionRedef){ t->methods[k].func, d };
                Method *nm = types_alloc(sizeof(Method) * (size_t)(t->nmethods + 1));
                memcpy(nm, t->methods, sizeof(Method) * (size_t)k);
                memcpy(nm + k, t->methods + k + 1, sizeof(Method) * (size_t)(t->nmethods - k - 1));
                t->methods = nm;
                t->nmethods--;
                break;
            }
            session_undo_method_list(u, t);
        }
    }
    return n;
}

/* ---- session variables ---- */

typedef struct VarList { Obj **v; int n, cap; } VarList;

static void varlist_add(VarList *l, Obj *o) {
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = realloc(l->v, sizeof(Obj *) * (size_t)l->cap);
    }
    l->v[l->n++] = o;
}

static bool varlist_has(const VarList *l, const Obj *o) {
    for (int i = 0; i < l->n; i++) if (l->v[i] == o) return true;
    return false;
}

/* The variables the input's top level declares (`x := e`, `var x = e` among statements). */
static void session_top_vars(Node *body, VarList *out) {
    for (int i = 0; body && i < body->list.len; i++) {
        Node *st = body->list.items[i];
        if (st->kind == N_ASSIGN && st->op == TK_DEFINE) {
            for (int k = 0; k < st->list.len; k++) {
                Obj *o = st->list.items[k]->obj;
                if (o && o->kind == OBJ_VAR && o->decl == st->list.items[k] && !varlist_has(out, o))
                    varlist_add(out, o);
            }
        } else if (st->kind == N_VARDECL) {
            for (int j = 0; j < st->list.len; j++)
                for (int k = 0; k < st->list.items[j]->list.len; k++) {
                    Obj *o = st->list.items[j]->list.items[k]->obj;
                    if (o && o->kind == OBJ_VAR && !varlist_has(out, o)) varlist_add(out, o);
                }
        }
    }
}

/* Function literals list what they capture; a session variable is not captured (it is global). */
static void session_drop_captures(Node *n, const VarList *vars) {
    if (!n) return;
    if (n->kind == N_FUNCLIT) {
        int k = 0;
        for (int i = 0; i < n->list.len; i++)
            if (!n->list.items[i]->obj || !varlist_has(vars, n->list.items[i]->obj)) n->list.items[k++] = n->list.items[i];
        n->list.len = k;
    }
    Node *kids[] = { n->a, n->b, n->c, n->d, n->init, n->cond, n->post, n->body, n->els };
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) session_drop_captures(kids[i], vars);
    if (n->kind != N_FUNCLIT)
        for (int i = 0; i < n->list.len; i++) session_drop_captures(n->list.items[i], vars);
    for (int i = 0; i < n->list2.len; i++) session_drop_captures(n->list2.items[i], vars);
}

static void session_globalize(Session *s, VarList *vars, Node *body) {
    for (int i = 0; i < vars->n; i++) {
        Obj *o = vars->v[i];
        o->vclass = VAR_GLOBAL;
        o->fnode = NULL;
        o->captured = false;
        o->used = true;
        if (strcmp(o->name, "_") == 0) continue;
        session_unbind(s->c->pkgscope, o->name);
        session_unbind(s->c->filescope, o->name);
        scope_insert(s->c->arena, s->c->pkgscope, o);
    }
    session_drop_captures(body, vars);
}

/* ---- printing an expression's value ---- */

static void session_clear_pos(Node *n) {
    if (!n) return;
    n->pos = n->pos2 = (Pos){ 0, 0 };
    Node *kids[] = { n->a, n->b, n->c, n->d };
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) session_clear_pos(kids[i]);
    for (int i = 0; i < n->list.len; i++) session_clear_pos(n->list.items[i]);
}

/* The CALL node of `__show(__fmt.Sprintln(0), "")`, from a parsed template: e replaces the 0. */
static Node *session_show_call(Session *s, Node *e, DiagList *diags) {
    static const char tmpl[] = "package main; func _() { __show(__fmt.Sprintln(0), \"\") }";
    SourceFile *f = session_keep(s, parse_source(SESSION_FILE, tmpl, sizeof tmpl - 1, diags), NULL);
    Node *fd = f && f->root && f->root->list2.len ? f->root->list2.items[0] : NULL;
    Node *st = fd && fd->body && fd->body->list.len ? fd->body->list.items[0] : NULL;
    if (!st || st->kind != N_EXPRSTMT) return NULL;
    Node *call = st->a;
    Node *inner = call->list.items[0];
    session_clear_pos(call);        /* made by the REPL: no position, so no -m line either */
    inner->list.items[0] = e;
    return call;
}

static Node *session_last_stmt(Node *fd) {
    return fd && fd->body && fd->body->list.len ? fd->body->list.items[fd->body->list.len - 1] : NULL;
}

static Node *session_input_func(Node *root) {
    for (int i = 0; root && i < root->list2.len; i++) {
        Node *d = root->list2.items[i];
        if (d && d->kind == N_FUNCDECL && !d->a && d->name && strcmp(d->name, SESSION_INPUT_FUNC) == 0) return d;
    }
    return NULL;
}

/* fmt.Println(...) and the other printing functions: their (n, err) results are not shown. */
static bool session_is_print_call(Session *s, Node *e) {
    while (e && e->kind == N_PAREN) e = e->a;
    if (!e || e->kind != N_CALL || !e->a || e->a->kind != N_SELECTOR || !e->a->a || e->a->a->kind != N_IDENT)
        return false;
    Obj *o = scope_lookup(s->c->filescope, e->a->a->name);
    bool fmt = o ? o->kind == OBJ_PKG && o->imported && strcmp(o->imported->path, "fmt") == 0
                 : strcmp(e->a->a->name, "fmt") == 0;
    const char *n = e->a->name;
    return fmt && n && (strncmp(n, "Print", 5) == 0 || strncmp(n, "Fprint", 6) == 0);
}

/* After checking: the type of the printed value, as a Go program would write it. */
static void session_fill_show(Session *s, Node *call, char *tbuf, size_t tn) {
    Node *sp = call->list.items[0];
    Node *e = sp->list.len ? sp->list.items[0] : NULL;
    while (e && e->kind == N_CONVERT) e = e->a;
    Type *t = e ? e->type : NULL;
    if (!t) snprintf(tbuf, tn, "?");
    else type_string(t, tbuf, tn, false);
    size_t n = strlen(tbuf);
    char *copy = arena_alloc(s->c->arena, n + 1);
    memcpy(copy, tbuf, n + 1);
    Node *lit = call->list.items[1];
    while (lit->kind == N_CONVERT) lit = lit->a;
    lit->cval = chk_new_cval(s->c, cv_make_string(copy, (int64_t)n));
}

/* ---- one input ---- */

static void session_fix_columns(DiagList *d, int from, int shift) {
    for (int i = from; i < d->len; i++)
        if (strcmp(d->items[i].file, SESSION_FILE) == 0 && d->items[i].pos.line == 1 && d->items[i].pos.col > shift)
            d->items[i].pos.col -= shift;
}

static bool session_has_error(const DiagList *d, int from, const char *needle) {
    for (int i = from; i < d->len; i++)
        if (d->items[i].level == DIAG_ERROR && strstr(d->items[i].msg, needle)) return true;
    return false;
}

static char *session_text(Session *s, const char *text, bool decl, int *shift) {
    char imports[4096] = "package main; ";
    session_implied_imports(s, text, imports, sizeof imports);
    *shift = (int)strlen(imports) + (decl ? 0 : (int)strlen("func " SESSION_INPUT_FUNC "() { "));
    size_t n = strlen(imports) + strlen(text) + 64;
    char *buf = malloc(n);
    snprintf(buf, n, decl ? "%s%s\n" : "%sfunc " SESSION_INPUT_FUNC "() { %s\n}\n", imports, text);
    return buf;
}

static bool session_check_file(Session *s, SourceFile *f, SessionUndo *u, SessionRedef *redefs, int *nredefs) {
    Checker *c = s->c;
    DiagList *diags = c->diags;
    int before = diags->nerrors;
    Node *root = f->root;
    c->file = f;
    s->main->file = f;
    *nredefs = session_unbind_decls(s, root, u, redefs, 64);
    for (int i = 0; i < root->list.len; i++)
        if (root->list.items[i] && root->list.items[i]->kind == N_IMPORT) session_import(s, root->list.items[i]);
    if (diags->nerrors > before) return false;
    int first = c->ndecls;
    chk_collect(c);
    chk_package_objects(c);
    for (int i = first; i < c->ndecls; i++) {
        PkgDecl *d = c->decls[i];
        if (d->obj->kind == OBJ_FUNC && d->spec && d->spec->kind == N_FUNCDECL) chk_func_body(c, d->obj, d->spec);
    }
    if (diags->nerrors > before) return false;
    /* the input's variables in Go's initialisation order (the old ones are initialised) */
    chk_init_order(c);
    int k = 0;
    for (int i = 0; i < s->main->ninit_order; i++) {
        Node *spec = s->main->init_order[i];
        bool mine = false;
        for (int j = first; j < c->ndecls && !mine; j++) mine = c->decls[j]->spec == spec;
        if (mine) s->main->init_order[k++] = spec;
    }
    s->main->ninit_order = k;
    if (c->prog->uses_recover && !session_find_pkg(c->prog, "runtime")) {
        Node *imp = node_new(c->arena, N_IMPORT, (Pos){ 1, 1 });
        imp->lit = "\"runtime\"";
        imp->litlen = 9;
        chk_import(c, imp);
    }
    return diags->nerrors == before;
}

static Program *session_view(Session *s) {
    Program *all = s->prog;
    int n = all->npkgs - s->npkgs_done;
    Program *v = arena_alloc(s->c->arena, sizeof *v);
    *v = *all;
    v->pkgs = arena_alloc(s->c->arena, sizeof(Package *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) v->pkgs[i] = all->pkgs[s->npkgs_done + i];
    v->pkgs[n] = s->main;
    v->npkgs = n + 1;
    v->main = s->main;
    return v;
}

bool session_input(Session *s, const char *text, const SessionOptions *opt, DiagList *diags, SessionResult *r) {
    memset(r, 0, sizeof *r);
    bool decl = session_is_decl(text);
    if (opt->type_only && decl) {
        diag_add(diags, DIAG_ERROR, SESSION_FILE, (Pos){ 1, 1 }, "not an expression");
        return false;
    }
    bool show = !decl && (opt->type_only || !opt->no_show);
    if (show && !s->have_show) {
        SessionOptions o = { 0 };
        o.no_show = true;
        SessionResult pr;
        DiagList pd = { 0 };
        const char prelude[] = "import __fmt \"fmt\"\n"
                               "func __show(s, t string) { __fmt.Print(s[:len(s)-1], \"  // \", t, \"\\n\") }";
        if (!session_input(s, prelude, &o, &pd, &pr)) { diag_print(&pd, stderr, 10); diag_free(&pd); return false; }
        diag_free(&pd);
        s->have_show = true;
        r->entry = pr.entry;            /* the prelude's code runs first (fmt's initialisers) */
        r->has_prelude = pr.has_entry;
    }
    int shift = 0;
    char *src = session_text(s, text, decl, &shift);
    int first_diag = diags->len;
    SourceFile *f = session_keep(s, parse_source(SESSION_FILE, src, strlen(src), diags), src);
    if (diags->nerrors || !f || !f->root) {
        session_fix_columns(diags, first_diag, shift);
        return false;
    }
    Node *fd = decl ? NULL : session_input_func(f->root);
    Node *last = session_last_stmt(fd), *call = NULL;
    Node *orig_expr = last && last->kind == N_EXPRSTMT ? last->a : NULL;
    if (show && orig_expr && session_is_print_call(s, orig_expr)) orig_expr = NULL;
    if (show && orig_expr) {
        call = session_show_call(s, orig_expr, diags);
        if (call) last->a = call;
    }
    if (opt->type_only && !call) {
        diag_add(diags, DIAG_ERROR, SESSION_FILE, (Pos){ 1, 1 }, "not an expression");
        return false;
    }

    Checker *c = s->c;
    c->diags = diags;
    SessionUndo u;
    session_undo_save(s, &u);
    s->main->inits = NULL;              /* those of earlier inputs have run */
    s->main->ninits = 0;
    SessionRedef redefs[64];
    int nredefs = 0;
    bool ok = session_check_file(s, f, &u, redefs, &nredefs);
    if (!ok && call && !opt->type_only && session_has_error(diags, first_diag, "(no value) used as value")) {
        /* a call without a value: run it as a statement, printing nothing */
        session_undo(s, &u);
        session_diags_truncate(diags, first_diag);
        f = session_keep(s, parse_source(SESSION_FILE, src, strlen(src), diags), NULL);
        fd = session_input_func(f->root);
        call = NULL;
        s->main->inits = NULL;
        s->main->ninits = 0;
        ok = f->root && session_check_file(s, f, &u, redefs, &nredefs);
    }
    char tbuf[512] = "";
    if (ok && call) session_fill_show(s, call, tbuf, sizeof tbuf);
    if (opt->type_only) {
        snprintf(r->type, sizeof r->type, "%s", tbuf);
        session_fix_columns(diags, first_diag, shift);
        session_undo(s, &u);
        session_undo_free(&u);
        return ok;
    }
    /* the input's function is nobody's to call: it leaves the scope, and takes the name its
     * traceback frames and literals have in a Go program, main.main and main.main.func1 */
    Obj *input_fn = fd ? fd->obj : NULL;
    if (input_fn) {
        session_unbind(c->pkgscope, input_fn->name);
        input_fn->name = intern_cstr("main");
    }
    VarList vars = { 0 };
    if (ok && fd) {
        session_top_vars(fd->body, &vars);
        session_globalize(s, &vars, fd->body);
    }
    Type *grown[64];
    int ngrown = 0;
    for (int i = 0; ok && i < f->root->list2.len && ngrown < 64; i++) {
        Node *d = f->root->list2.items[i];
        if (d->kind == N_FUNCDECL && d->a && d->obj && d->obj->recv) {
            Type *t = d->obj->recv->kind == TY_POINTER ? d->obj->recv->elem : d->obj->recv;
            grown[ngrown++] = t;
        }
    }
    if (ok) {
        GenSessionInput in = { session_view(s), input_fn, vars.v, vars.n, grown, ngrown };
        GenOptions go = { opt->escape_report, opt->escape_out };
        uint32_t entry = 0;
        ok = gen_session_input(s->gen, &in, &go, diags, &entry);
        if (ok) {
            r->has_entry = true;
            if (r->has_prelude) r->entry2 = entry;
            else r->entry = entry;
        }
    }
    session_fix_columns(diags, first_diag, shift);
    r->col_shift = shift;
    if (!ok) {
        for (int i = 0; i < vars.n; i++) vars.v[i]->vclass = VAR_LOCAL;
        session_undo(s, &u);
        free(vars.v);
        session_undo_free(&u);
        return false;
    }
    s->npkgs_done = s->prog->npkgs;
    for (int i = 0; i < nredefs && r->nredef < SESSION_MAX_REDEF; i++) {
        Obj *old = redefs[i].old, *nw = redefs[i].decl->obj;
        if (!nw || nw->func_index < 0 || nw->is_native || old->is_native) continue;
        if (!types_identical(old->type, nw->type)) continue;
        r->redef[r->nredef][0] = (uint32_t)old->func_index;
        r->redef[r->nredef][1] = (uint32_t)nw->func_index;
        r->nredef++;
    }
    r->printed = call != NULL;
    s->ninputs++;
    free(vars.v);
    session_undo_free(&u);
    return true;
}

Session *session_new(struct Module *m) {
    types_init();
    universe_scope(NULL);
    Session *s = calloc(1, sizeof *s);
    Arena *a = arena_new();
    Program *p = arena_alloc(a, sizeof *p);
    p->arena = a;
    s->prog = p;
    Package *pkg = arena_alloc(a, sizeof *pkg);
    pkg->path = "main";
    pkg->name = "main";
    Checker *c = arena_alloc(a, sizeof *c);
    c->prog = p;
    c->pkg = pkg;
    c->arena = a;
    c->universe = universe_scope(a);
    c->pkgscope = scope_new(a, c->universe);
    c->filescope = scope_new(a, c->pkgscope);
    c->scope = c->filescope;
    c->iota = -1;
    pkg->scope = c->pkgscope;
    s->main = pkg;
    s->c = c;
    p->main = pkg;
    s->gen = gen_session_new(m);
    return s;
}

void session_free(Session *s) {
    if (!s) return;
    gen_session_free(s->gen);
    for (int i = 0; i < s->nfiles; i++) {
        source_free(s->files[i]);
        free(s->texts[i]);
    }
    free(s->files);
    free(s->texts);
    arena_free(s->prog->arena);
    free(s);
}

/* The function the session binds to name (a function or Type.Method), for :disasm; -1 if none. */
int session_func_index(Session *s, const char *name) {
    const char *dot = strchr(name, '.');
    if (!dot) {
        Obj *o = scope_lookup_local(s->c->pkgscope, intern_cstr(name));
        return o && o->kind == OBJ_FUNC ? o->func_index : -1;
    }
    Obj *t = scope_lookup_local(s->c->pkgscope, intern(name, (size_t)(dot - name)));
    if (!t || t->kind != OBJ_TYPE || !t->type) return -1;
    for (int i = 0; i < t->type->nmethods; i++)
        if (strcmp(t->type->methods[i].name, dot + 1) == 0) return t->type->methods[i].func->func_index;
    return -1;
}

/* The offset in the module's globals of the session variable `name`, or -1. */
int64_t session_global_offset(Session *s, const char *name) {
    Obj *o = scope_lookup_local(s->c->pkgscope, intern_cstr(name));
    return o && o->kind == OBJ_VAR && o->vclass == VAR_GLOBAL ? o->global_off : -1;
}
