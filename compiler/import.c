/* compiler/import.c — packages: checking a file as a package, imports, and check_program.
 *
 * gol programs are one file (DESIGN §1: no multi-package builds), but they import standard
 * packages, which are .gol sources embedded in the binary (runtime/stdlib.h). An import is
 * resolved by path, parsed with the ordinary front end, and checked as its own Package — once
 * per program, dependencies first, so Program.pkgs lists every package after its imports
 * (contract 11). "unsafe" is built into the checker (universe.c).
 *
 * A package is checked in the order described in check.h: imports, collect, resolve package
 * objects, function bodies, init order, then the unused-import warnings (DESIGN §1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/check.h"
#include "lang/parse.h"
#include "runtime/stdlib.h"

static Package *chk_check_package(Program *prog, SourceFile *f, const char *path, DiagList *diags, int depth);

typedef struct Loading { const char *path; struct Loading *next; } Loading;
static Loading *g_loading;

static void chk_program_add(Program *p, Package *pkg) {
    Package **n = arena_alloc(p->arena, sizeof(Package *) * (size_t)(p->npkgs + 1));
    if (p->npkgs) memcpy(n, p->pkgs, sizeof(Package *) * (size_t)p->npkgs);
    n[p->npkgs++] = pkg;
    p->pkgs = n;
}

static Package *chk_find_loaded(Program *p, const char *path) {
    for (int i = 0; i < p->npkgs; i++)
        if (strcmp(p->pkgs[i]->path, path) == 0) return p->pkgs[i];
    return NULL;
}

static const char *chk_last_elem(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Imported packages' trees and objects belong to the Program that uses them, which has no
 * destructor in the contract; the files are released together at exit. */
static SourceFile **g_files;
static int g_nfiles, g_capfiles;

static void chk_free_files(void) {
    for (int i = 0; i < g_nfiles; i++) source_free(g_files[i]);
    free(g_files);
    g_files = NULL;
    g_nfiles = g_capfiles = 0;
}

static void chk_keep_file(SourceFile *f) {
    if (!f) return;
    if (g_nfiles == g_capfiles) {
        if (!g_files) atexit(chk_free_files);
        g_capfiles = g_capfiles ? g_capfiles * 2 : 16;
        g_files = realloc(g_files, sizeof(SourceFile *) * (size_t)g_capfiles);
        if (!g_files) { g_nfiles = g_capfiles = 0; return; }
    }
    g_files[g_nfiles++] = f;
}

/* The path of an N_IMPORT, unquoted, in buf. */
static const char *chk_import_path(const Node *imp, char *path, size_t size) {
    int n = imp->litlen < (int)size - 1 ? imp->litlen : (int)size - 1;
    if (n < 0) n = 0;
    memcpy(path, imp->lit ? imp->lit : "", (size_t)n);
    path[n] = 0;
    if (n >= 2 && (path[0] == '"' || path[0] == '`')) {       /* tolerate a quoted path */
        memmove(path, path + 1, (size_t)n - 2);
        path[n - 2] = 0;
    }
    return path;
}

/* Why an import path cannot be resolved, in msg; false if it can. Three cases (gostd.c):
 * a Go package gol leaves out by design (DESIGN §1: no reflect, no cgo), a Go standard
 * package gol does not have yet, and a path that is no standard package at all, which gets
 * Go's own words (those of Go 1.20's loader; Go 1.19 adds the GOROOT folder it looked in,
 * which gol does not have). */
static bool chk_unresolvable(const char *path, char *msg, size_t size) {
    if (path[0] == 0) {
        snprintf(msg, size, "invalid import path: \"\"");
        return true;
    }
    if (strcmp(path, "unsafe") == 0) return false;
    const StdlibFile *sf = stdlib_find(path);
    if (sf && sf->text) return false;
    if (strcmp(path, "reflect") == 0 || strcmp(path, "runtime/cgo") == 0 || strcmp(path, "C") == 0)
        snprintf(msg, size, "package %s is not supported by gol (see docs/stdlib.md)", path);
    else if (go_std_has(path))
        snprintf(msg, size, "package %s is not in gol's standard library yet (see docs/stdlib.md)",
                 path);
    else
        snprintf(msg, size, "package %s is not in std", path);
    return true;
}

/* Whether path names an internal package ("internal/oserror"), which only the standard
 * library may import, as Go's loader rules. */
static bool chk_is_internal(const char *path) {
    return strncmp(path, "internal/", 9) == 0 || strstr(path, "/internal/") != NULL ||
           strcmp(path, "internal") == 0;
}

int check_imports(SourceFile *f, DiagList *diags) {
    int nbad = 0;
    Node *root = f ? f->root : NULL;
    for (int i = 0; root && i < root->list.len; i++) {
        Node *imp = root->list.items[i];
        if (!imp || imp->kind != N_IMPORT) continue;
        char path[512], msg[640];
        chk_import_path(imp, path, sizeof path);
        if (chk_is_internal(path) && stdlib_find(path)) {    /* the program's own file */
            diag_add(diags, DIAG_ERROR, f->path, imp->pos, "use of internal package %s not allowed", path);
            nbad++;
            continue;
        }
        if (!chk_unresolvable(path, msg, sizeof msg)) continue;
        diag_add(diags, DIAG_ERROR, f->path, imp->pos, "%s", msg);
        nbad++;
    }
    return nbad;
}

Package *chk_import(Checker *c, Node *imp) {
    char path[512], msg[640];
    chk_import_path(imp, path, sizeof path);
    if (path[0] == 0) {
        chk_error(c, imp->pos, "invalid import path: \"\"");
        return NULL;
    }
    if (strcmp(path, "unsafe") == 0) return chk_unsafe_package(c);
    Package *p = chk_find_loaded(c->prog, path);
    if (p) return p;
    for (Loading *l = g_loading; l; l = l->next)
        if (strcmp(l->path, path) == 0) {
            chk_error(c, imp->pos, "import cycle not allowed");
            return NULL;
        }
    if (chk_unresolvable(path, msg, sizeof msg)) {
        chk_error(c, imp->pos, "%s", msg);
        return NULL;
    }
    const StdlibFile *sf = stdlib_find(path);
    SourceFile *f = parse_source(sf->srcpath, sf->text, strlen(sf->text), c->diags);
    chk_keep_file(f);
    if (!f || !f->root) return NULL;
    Loading me = {arena_strndup(c->arena, path, strlen(path)), g_loading};
    g_loading = &me;
    p = chk_check_package(c->prog, f, me.path, c->diags, 1);
    g_loading = me.next;
    return p;
}

static void chk_imports(Checker *c) {
    Node *root = c->file->root;
    for (int i = 0; i < root->list.len; i++) {
        Node *imp = root->list.items[i];
        if (!imp || imp->kind != N_IMPORT) continue;
        Package *p = chk_import(c, imp);
        bool failed = p == NULL;
        if (failed) {
            /* declare the name anyway, over an empty package, so uses do not cascade */
            char path[256];
            int n = imp->litlen > 0 && imp->litlen < 255 ? imp->litlen : 0;
            memcpy(path, imp->lit ? imp->lit : "", (size_t)n);
            path[n] = 0;
            p = arena_alloc(c->arena, sizeof *p);
            p->path = arena_strndup(c->arena, path, strlen(path));
            p->name = chk_last_elem(p->path);
            p->scope = NULL;
        }
        const char *name = imp->name ? imp->name : p->name;
        if (imp->name && strcmp(imp->name, ".") == 0) {
            chk_error(c, imp->pos, "dot imports are not supported by gol yet");
            continue;
        }
        if (strcmp(name, "_") == 0) continue;
        Obj *o = chk_new_obj(c, OBJ_PKG, intern_cstr(name), t_invalid, imp->pos);
        o->imported = p;
        o->decl = imp;
        o->used = failed;
        imp->obj = o;
        chk_declare(c, c->filescope, o, imp->pos);
    }
}

static void chk_unused_imports(Checker *c) {
    Node *root = c->file->root;
    if (c->skipped_code) return;
    for (int i = 0; i < root->list.len; i++) {
        Obj *o = root->list.items[i] ? root->list.items[i]->obj : NULL;    /* duplicates too */
        if (!o || o->kind != OBJ_PKG || o->used) continue;
        Package *p = o->imported;
        Node *imp = o->decl;
        if (imp && imp->name && strcmp(imp->name, chk_last_elem(p->path)) != 0)
            chk_warning(c, o->pos, "imported and not used: \"%s\" as %s", p->path, imp->name);
        else
            chk_warning(c, o->pos, "imported and not used: \"%s\"", p->path);
    }
}

/* Objects declared at package level may not clash with imports (same file block). */
static void chk_import_conflicts(Checker *c) {
    Scope *s = c->filescope;
    for (int i = 0; i < s->len; i++) {
        Obj *o = s->objs[i];
        Obj *alt = scope_lookup_local(c->pkgscope, o->name);
        if (alt)
            chk_error(c, alt->pos, "%s already declared through import of package %s (\"%s\")\n\t%s:%d:%d: other declaration of %s",
                      o->name, o->imported ? o->imported->name : o->name, o->imported ? o->imported->path : o->name,
                      c->file->path, o->pos.line, o->pos.col, o->name);
    }
}

static void chk_bodies(Checker *c) {
    for (int i = 0; i < c->ndecls; i++) {
        PkgDecl *d = c->decls[i];
        if (d->obj->kind == OBJ_FUNC && d->spec && d->spec->kind == N_FUNCDECL) chk_func_body(c, d->obj, d->spec);
    }
    /* package-level variable initialisers may mention functions checked only now: their
     * dependencies are complete here, before the init order is computed */
}

static Package *chk_check_package(Program *prog, SourceFile *f, const char *path, DiagList *diags, int depth) {
    Arena *a = f->arena ? f->arena : prog->arena;
    Package *pkg = arena_alloc(a, sizeof *pkg);
    Node *root = f->root;
    pkg->path = path;
    pkg->name = root && root->name ? root->name : chk_last_elem(path);
    pkg->file = f;
    Checker *c = arena_alloc(a, sizeof *c);
    c->prog = prog;
    c->pkg = pkg;
    c->file = f;
    c->diags = diags;
    c->arena = a;
    c->universe = universe_scope(a);
    c->pkgscope = scope_new(a, c->universe);
    c->filescope = scope_new(a, c->pkgscope);
    c->scope = c->filescope;
    c->iota = -1;
    pkg->scope = c->pkgscope;
    (void)depth;
    if (!root) return pkg;
    chk_imports(c);
    chk_collect(c);
    chk_import_conflicts(c);
    chk_package_objects(c);
    chk_bodies(c);
    chk_init_order(c);
    chk_unused_imports(c);
    if (strcmp(path, "main") == 0) {
        Obj *m = scope_lookup_local(c->pkgscope, intern_cstr("main"));
        if (!m || m->kind != OBJ_FUNC)
            chk_error(c, root->pos.line ? root->pos : (Pos){1, 1}, "function main is undeclared in the main package");
    }
    chk_program_add(prog, pkg);
    return pkg;
}

/* A program that calls recover can see runtime errors as values of the runtime package's types
 * (runtime.boundsError, runtime.errorString, runtime.plainError: runtime/panic.c): that package is loaded then even
 * when the program does not import it, and placed before main (main stays last). */
static void chk_load_runtime(Program *p, DiagList *diags) {
    if (chk_find_loaded(p, "runtime")) return;
    const StdlibFile *sf = stdlib_find("runtime");
    if (!sf) return;
    SourceFile *f = parse_source(sf->srcpath, sf->text, strlen(sf->text), diags);
    chk_keep_file(f);
    if (!f || !f->root) return;
    Loading me = {"runtime", g_loading};
    g_loading = &me;
    chk_check_package(p, f, "runtime", diags, 1);
    g_loading = me.next;
    Package *main_pkg = p->pkgs[p->npkgs - 2];
    p->pkgs[p->npkgs - 2] = p->pkgs[p->npkgs - 1];
    p->pkgs[p->npkgs - 1] = main_pkg;
}

Program *check_program(SourceFile *main_file, DiagList *diags) {
    types_init();
    universe_scope(NULL);
    if (!main_file) return NULL;
    int before = diags->nerrors;
    Arena *a = main_file->arena ? main_file->arena : arena_new();
    Program *p = arena_alloc(a, sizeof *p);
    p->arena = a;
    p->main = chk_check_package(p, main_file, "main", diags, 0);
    if (diags->nerrors > before || !main_file->root) return NULL;
    if (p->uses_recover) chk_load_runtime(p, diags);
    if (diags->nerrors > before) return NULL;
    return p;
}
