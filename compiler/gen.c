/* compiler/gen.c — the code generator's driver: from a checked Program to a Module.
 *
 * gen_module works in four steps:
 *   1. Number every function of every package (Obj.func_index), dependencies first, so a call
 *      can be emitted before its callee's code exists. Body-less declarations become natives
 *      ("fmt.Println"), bound to C functions when the module is loaded.
 *   2. Lay out package-level variables in the global area at their Go alignment and build the
 *      globals' pointer bitmap (a GC root).
 *   3. Generate each function: frame set-up (gen_frame.c), statements (gen_stmt.c), then the
 *      frame is laid out for good, operands are relocated, jumps patched, and the stack map of
 *      every safepoint is recorded (gen_stackmap.c).
 *   4. Generate the entry function "runtime.main": for each package in dependency order, its
 *      variable initialisers in Package.init_order, then its init functions; then main.main.
 *
 * This file also owns the code buffer: gen_emit appends one instruction (its operand count
 * comes from the opcode table, so it can never disagree with the VM), labels are small
 * integers bound to a code position, and every instruction inherits the current source line
 * for the line table (a new LineEntry only when the line changes).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"
#include "compiler/scope.h"
#include "lang/intern.h"

/* ==== growable arrays ==== */
#define GROW(arr, n, cap) do { \
        if ((n) >= (cap)) { (cap) = (cap) ? (cap) * 2 : 16; \
            (arr) = realloc((arr), sizeof(*(arr)) * (size_t)(cap)); \
            if (!(arr)) { perror("gol"); exit(1); } } } while (0)

void gen_error(Gen *g, Pos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(g->diags, DIAG_ERROR, g->file, pos, fmt, ap);
    va_end(ap);
    g->failed = true;
}

/* ==== emission ==== */

void gen_set_line(Gen *g, Pos pos) {
    if (pos.line > 0) g->f->cur_line = pos.line;
}

static void gen_line_note(Gen *g, uint32_t pc) {
    GenFunc *f = g->f;
    if (f->nlines > 0 && f->lines[f->nlines - 1].line == (uint32_t)f->cur_line) return;
    if (f->nlines > 0 && f->lines[f->nlines - 1].pc == pc) {   /* no instruction on that line */
        f->lines[f->nlines - 1].line = (uint32_t)f->cur_line;
        return;
    }
    GROW(f->lines, f->nlines, f->caplines);
    f->lines[f->nlines++] = (LineEntry){ pc, (uint32_t)f->cur_line };
}

static void gen_word(Gen *g, uint32_t w) {
    GenFunc *f = g->f;
    GROW(f->code, f->ncode, f->capcode);
    f->code[f->ncode++] = w;
}

uint32_t gen_emit(Gen *g, Opcode op, ...) {
    uint32_t pc = g->f->ncode;
    gen_line_note(g, pc);
    gen_word(g, (uint32_t)op);
    va_list ap;
    va_start(ap, op);
    for (const char *p = op_info[op].operands; *p; p++) {
        int64_t v = va_arg(ap, int64_t);
        if (*p == 'j') {            /* raw label id: patched at the end */
            GenFunc *f = g->f;
            GROW(f->patches, f->npatches, f->cappatches);
            f->patches[f->npatches++] = (Patch){ f->ncode, (int)v };
            v = 0;
        }
        gen_word(g, (uint32_t)v);
    }
    va_end(ap);
    return pc;
}

int gen_label_new(Gen *g) {
    GenFunc *f = g->f;
    GROW(f->label_pos, f->nlabels, f->caplabels);
    f->label_pos[f->nlabels] = -1;
    return f->nlabels++;
}

void gen_label_bind(Gen *g, int label) {
    g->f->label_pos[label] = (int32_t)g->f->ncode;
}

static void gen_patch_jumps(Gen *g) {
    GenFunc *f = g->f;
    for (int i = 0; i < f->npatches; i++) {
        int32_t pos = f->label_pos[f->patches[i].label];
        f->code[f->patches[i].at] = pos < 0 ? f->ncode : (uint32_t)pos;
    }
}

/* ==== names ==== */

static char *gen_strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) { perror("gol"); exit(1); }
    memcpy(p, s, n);
    return p;
}

/* Go's traceback spelling: "main.fib", "main.(*Point).Move", "main.Point.String". */
const char *gen_func_name(Gen *g, Obj *fn) {
    char buf[512];
    const char *pkg = fn->pkg ? fn->pkg->path : "main";
    if (fn->recv) {
        Type *r = fn->recv;
        bool ptr = r->kind == TY_POINTER;
        Type *base = ptr ? r->elem : r;
        const char *tn = base->name ? base->name : "?";
        if (ptr) snprintf(buf, sizeof buf, "%s.(*%s).%s", pkg, tn, fn->name);
        else snprintf(buf, sizeof buf, "%s.%s.%s", pkg, tn, fn->name);
    } else {
        snprintf(buf, sizeof buf, "%s.%s", pkg, fn->name);
    }
    return gen_strdup(buf);
}

static uint32_t gen_file_index(Gen *g, const char *path) {
    char *rp = path ? realpath(path, NULL) : NULL;
    const char *name = rp ? rp : (path ? path : "?");
    for (uint32_t i = 0; i < g->nfiles; i++)
        if (strcmp(g->files[i], name) == 0) { free(rp); return i; }
    GROW(g->files, g->nfiles, g->capfiles);
    g->files[g->nfiles] = rp ? rp : gen_strdup(name);
    return g->nfiles++;
}

/* ==== step 1: function indices ==== */

static FuncInfo *gen_func_add(Gen *g, Obj *fn, const char *name) {
    GROW(g->funcs, g->nfuncs, g->capfuncs);
    g->func_objs = realloc(g->func_objs, sizeof(Obj *) * (size_t)g->capfuncs);
    FuncInfo *fi = &g->funcs[g->nfuncs];
    memset(fi, 0, sizeof *fi);
    fi->name = name;
    fi->index = g->nfuncs;
    g->func_objs[g->nfuncs] = fn;
    if (fn) fn->func_index = (int)g->nfuncs;
    g->nfuncs++;
    return fi;
}

static void gen_number_funcs(Gen *g, Package *p) {
    Node *root = p->file ? p->file->root : NULL;
    if (!root) return;
    uint32_t file = gen_file_index(g, p->file->path);
    for (int i = 0; i < root->list2.len; i++) {
        Node *d = root->list2.items[i];
        if (d->kind != N_FUNCDECL || !d->obj) continue;
        Obj *fn = d->obj;
        FuncInfo *fi = gen_func_add(g, fn, gen_func_name(g, fn));
        fi->file = file;
        fi->line = (uint32_t)d->pos.line;
        if (!d->body) {
            uint32_t rs;
            fn->is_native = true;
            fi->native_name = fi->name;
            fi->args_size = gen_sig_args_size(fn->recv, fn->type, &rs);
            fi->results_size = rs;
            fi->frame_size = fi->args_size;
            gen_stackmap_native(g, fn, fi);
        }
    }
    gen_number_lits(g, p, file);
}

/* ==== step 2: globals ==== */

static void gen_global_add(Gen *g, Obj *v) {
    Type *t = v->type;
    int64_t al = type_align(t), sz = type_size(t);
    if (al < 1) al = 1;
    g->globals_size = (g->globals_size + al - 1) / al * al;
    v->global_off = (int32_t)g->globals_size;
    v->vclass = VAR_GLOBAL;
    g->globals_size += sz;
    int64_t words = (g->globals_size + 7) / 8;
    if ((words + 7) / 8 > g->cap_gptr_bits) {
        int64_t nc = ((words + 7) / 8) * 2 + 16;
        g->gptr_bits = realloc(g->gptr_bits, (size_t)nc);
        memset(g->gptr_bits + g->cap_gptr_bits, 0, (size_t)(nc - g->cap_gptr_bits));
        g->cap_gptr_bits = nc;
    }
    gen_ptrmask_fill(t, v->global_off, g->gptr_bits);
}

static void gen_layout_globals(Gen *g, Package *p) {
    Node *root = p->file ? p->file->root : NULL;
    if (!root) return;
    for (int i = 0; i < root->list2.len; i++) {
        Node *d = root->list2.items[i];
        if (d->kind != N_VARDECL) continue;
        for (int j = 0; j < d->list.len; j++) {
            Node *spec = d->list.items[j];
            for (int k = 0; k < spec->list.len; k++) {
                Obj *v = spec->list.items[k]->obj;
                if (v && v->kind == OBJ_VAR) gen_global_add(g, v);
            }
        }
    }
}

/* ==== step 3: functions ==== */

static void gen_func_state_free(GenFunc *f) {
    free(f->label_pos); free(f->patches); free(f->ptr_bits); free(f->fixed_bits);
    free(f->free); free(f->temps); free(f->gotos); free(f->named_results); free(f->result_off);
    free(f->declared); free(f->ptr_slots); free(f->addr_slots);
}

/* Ends a function: relocate, patch, and record its code, lines and stack maps. */
static void gen_func_finish(Gen *g, FuncInfo *fi) {
    GenFunc *f = g->f;
    gen_patch_jumps(g);
    gen_frame_finish(g, fi);
    fi->code = f->code;
    fi->ncode = f->ncode;
    fi->lines = f->lines;
    fi->nlines = f->nlines;
    gen_stackmap_build(g, fi);
}

static bool gen_block_falls_off(Node *body) {
    if (!body || body->list.len == 0) return true;
    Node *last = body->list.items[body->list.len - 1];
    return last->kind != N_RETURN;
}

uint32_t gen_func_new(Gen *g, const char *name, uint32_t file, uint32_t line) {
    FuncInfo *fi = gen_func_add(g, NULL, name);
    fi->file = file;
    fi->line = line;
    return fi->index;
}

void gen_func_begin(Gen *g, GenFunc *f, Obj *fobj, Type *sig, int line) {
    memset(f, 0, sizeof *f);
    f->fobj = fobj;
    f->sig = sig;
    f->cur_line = line;
    f->fallthrough_label = -1;
    f->findex = -1;
    f->defer_label = -1;
    g->f = f;
    gen_frame_begin(g);
}

/* The statements of body, the return at its closing brace if control can reach it, the
 * deferreturn code if body defers (every return jumps there), and the finished function at
 * funcs[index]. */
void gen_func_end(Gen *g, uint32_t index, Node *body, Pos pos) {
    GenFunc *f = g->f;
    f->findex = (int)index;
    if (gen_has_defer(body)) f->defer_label = gen_label_new(g);
    gen_block(g, body);
    if (gen_block_falls_off(body)) {
        if (body) gen_set_line(g, body->pos2);
        Node ret;
        memset(&ret, 0, sizeof ret);
        ret.kind = N_RETURN;
        ret.pos = body ? body->pos2 : pos;
        gen_stmt(g, &ret);
    }
    if (f->defer_label >= 0) gen_deferreturn(g);
    gen_func_finish(g, &g->funcs[index]);   /* re-read: deferred builtins' wrappers may have grown funcs */
    gen_func_state_free(f);
    g->f = NULL;
}

static void gen_func_body(Gen *g, Node *d) {
    Obj *fn = d->obj;
    GenFunc f;
    gen_func_begin(g, &f, fn, fn->type, d->pos.line);
    gen_frame_layout_params(g, d);
    gen_func_end(g, (uint32_t)fn->func_index, d->body, d->pos);
}

/* A function with no declaration behind it (a promoted method's wrapper, gen_methods.c):
 * numbered after the others, its frame laid out for recv and sig, its code and line table
 * under `file` at line 1 (Go's "<autogenerated>:1"). gen_synth_end finishes it. */
uint32_t gen_synth_begin(Gen *g, GenFunc *f, const char *name, const char *file, Type *recv, Type *sig) {
    FuncInfo *fi = gen_func_add(g, NULL, gen_strdup(name));
    fi->file = gen_file_index(g, file);
    fi->line = 1;
    memset(f, 0, sizeof *f);
    f->sig = sig;
    f->cur_line = 1;
    f->fallthrough_label = -1;
    f->findex = -1;
    f->defer_label = -1;
    g->f = f;
    gen_frame_begin(g);
    gen_frame_layout_sig(g, recv, sig);
    return fi->index;
}

void gen_synth_end(Gen *g, uint32_t index) {
    gen_func_finish(g, &g->funcs[index]);
    gen_func_state_free(g->f);
    g->f = NULL;
}

/* The runtime raises run-time errors as values of these types (runtime/panic.c finds them in
 * the module by name): their descriptors and method tables are made whenever the package is in
 * the program, used or not. */
static void gen_runtime_error_types(Gen *g, Package *p) {
    static const char *const names[] = { "boundsError", "errorString", "plainError", "TypeAssertionError" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        Obj *o = p->scope ? scope_lookup_local(p->scope, intern_cstr(names[i])) : NULL;
        if (!o || o->kind != OBJ_TYPE) continue;
        gen_type_index(g, o->type);
        if (i == 3) gen_type_index(g, type_pointer_to(o->type));   /* the panic value is a pointer */
    }
}

static void gen_package_funcs(Gen *g, Package *p) {
    Node *root = p->file ? p->file->root : NULL;
    if (!root) return;
    if (strcmp(p->path, "runtime") == 0) gen_runtime_error_types(g, p);
    g->pkg = p;
    g->file = p->file->path;
    for (int i = 0; i < root->list2.len; i++) {
        Node *d = root->list2.items[i];
        if (d->kind == N_FUNCDECL && d->obj && d->body) gen_func_body(g, d);
    }
}

/* ==== step 4: runtime.main ==== */

static void gen_call_simple(Gen *g, Obj *fn) {
    int32_t out = gen_out_slot(g, 0);
    gen_emit(g, fn->is_native ? OP_CALLNAT : OP_CALL, (int64_t)fn->func_index, (int64_t)out);
}

/* One package-level `var a, b = x, y` or `var a, b = f()`: evaluate, then store to the globals. */
static void gen_global_init(Gen *g, Node *spec) {
    if (spec->list2.len == 0) return;           /* zero value: globals start zeroed */
    gen_set_line(g, spec->pos);
    int mark = gen_temps_mark(g);
    if (spec->list2.len == 1 && spec->list.len > 1) {
        Node *call = spec->list2.items[0];
        int32_t ok[2] = { NO_SLOT, NO_SLOT };
        if (gen_is_comma_ok(call)) gen_comma_ok(g, call, &ok[0], &ok[1]);
        int32_t first = ok[0] == NO_SLOT ? gen_call_multi(g, call) : NO_SLOT;
        Type *tup = call->type;
        for (int k = 0; k < spec->list.len; k++) {
            Node *id = spec->list.items[k];
            if (!id->obj) continue;
            int32_t src = ok[0] != NO_SLOT ? ok[k & 1] : first + (int32_t)gen_sig_result_off(tup, k);
            Type *from = ok[0] == NO_SLOT ? gen_under(tup)->fields[k].type : k == 0 ? gen_comma_ok_type(call) : t_bool;
            int32_t tmp = gen_temp(g, from);
            gen_move(g, tmp, src, from);
            Loc l = gen_lvalue(g, id);
            gen_store_converted(g, &l, tmp, from);
        }
    } else {
        for (int k = 0; k < spec->list.len && k < spec->list2.len; k++) {
            Node *id = spec->list.items[k];
            Node *val = spec->list2.items[k];
            if (!id->obj) { gen_expr(g, val, NO_SLOT); continue; }
            int32_t v = gen_expr_stable(g, val);
            Loc l = gen_lvalue(g, id);
            gen_store(g, &l, v);
        }
    }
    gen_temps_release(g, mark);
}

static void gen_entry(Gen *g) {
    FuncInfo *fi = gen_func_add(g, NULL, gen_strdup("runtime.main"));
    uint32_t entry = fi->index;     /* wrappers made on the way (I.M in an initializer) add funcs */
    GenFunc f;
    memset(&f, 0, sizeof f);
    f.fallthrough_label = -1;
    f.cur_line = 1;
    g->f = &f;
    gen_frame_begin(g);
    Obj *mainfn = NULL;
    for (int i = 0; i < g->prog->npkgs; i++) {
        Package *p = g->prog->pkgs[i];
        g->pkg = p;
        g->file = p->file ? p->file->path : "?";
        for (int k = 0; k < p->ninit_order; k++) gen_global_init(g, p->init_order[k]);
        for (int k = 0; k < p->ninits; k++) gen_call_simple(g, p->inits[k]);
    }
    Package *mp = g->prog->main;
    if (mp && mp->file && mp->file->root) {
        Node *root = mp->file->root;
        for (int i = 0; i < root->list2.len; i++) {
            Node *d = root->list2.items[i];
            if (d->kind == N_FUNCDECL && !d->a && d->obj && strcmp(d->name, "main") == 0) mainfn = d->obj;
        }
    }
    if (mainfn) {
        f.cur_line = 1;                 /* runtime.main's call of main.main: <autogenerated>:1 */
        gen_call_simple(g, mainfn);
        g->mod->main_func = (uint32_t)mainfn->func_index;
    } else if (mp) {
        gen_error(g, (Pos){ 0, 0 }, "function main is undeclared in the main package");
    }
    gen_emit(g, OP_RET);
    fi = &g->funcs[entry];
    /* its code comes from every package's initializers, so no one source file is its own: it
     * is Go's runtime.main, shown as <autogenerated> (runtime.Callers, heap profiles) */
    fi->file = gen_file_index(g, "<autogenerated>");
    fi->line = 1;
    gen_func_finish(g, fi);
    g->mod->entry = fi->index;
    gen_func_state_free(&f);
    g->f = NULL;
}

/* ==== the entry point ==== */

/* The arrays of one function (its code, lines, names and stack maps) go to module m. */
static void gen_hand_over_func(Module *m, FuncInfo *f) {
    module_own(m, f->code);
    module_own(m, f->lines);
    module_own(m, f->name);
    module_own(m, f->native_name);
    module_own(m, f->stackmap.bits);
    module_own(m, f->stackmap.pcs);
    module_own(m, f->stackmap.map_index);
    module_own(m, f->stackmap.ptrwords);
}

/* Every array of the finished module was malloc'd here, in gen_types.c or gen_stackmap.c; the
 * module takes them over so that module_free releases a compiled module completely. */
static void gen_hand_over(Module *m) {
    module_own(m, m->funcs);
    for (uint32_t i = 0; i < m->nfuncs; i++) gen_hand_over_func(m, &m->funcs[i]);
    module_own(m, m->types);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        module_own(m, m->types[i].name);
        module_own(m, m->types[i].ptrmask);
        module_own(m, m->types[i].fields);
        module_own(m, m->types[i].methods);
    }
    module_own(m, m->consts);
    for (uint32_t i = 0; i < m->nstrings; i++) module_own(m, m->strings[i].ptr);
    module_own(m, m->strings);
    for (uint32_t i = 0; i < m->nfiles; i++) module_own(m, m->files[i]);
    module_own(m, m->files);
    module_own(m, m->globals_ptrmask);
}

Module *gen_module(Program *p, const GenOptions *opt, DiagList *diags) {
    static const GenOptions noopt;
    Gen g;
    memset(&g, 0, sizeof g);
    g.prog = p;
    g.opt = opt ? opt : &noopt;
    g.diags = diags;
    g.mod = calloc(1, sizeof(Module));
    if (!g.mod) { perror("gol"); exit(1); }

    for (int i = 0; i < p->npkgs; i++) gen_number_funcs(&g, p->pkgs[i]);
    for (int i = 0; i < p->npkgs; i++) gen_layout_globals(&g, p->pkgs[i]);
    if (p->main && p->main->file) g.file_index = (int)gen_file_index(&g, p->main->file->path);
    escape_analyze(&g);
    for (int i = 0; i < p->npkgs && !g.failed; i++) gen_package_funcs(&g, p->pkgs[i]);
    if (!g.failed) gen_entry(&g);
    if (!g.failed) gen_lit_bodies(&g);
    escape_report_flush(&g);

    Module *m = g.mod;
    gen_types_finish(&g, m);            /* may add promoted methods' wrappers to the functions */
    m->nfuncs = g.nfuncs;
    m->funcs = g.funcs;
    m->nconsts = g.nconsts;
    m->consts = g.consts;
    m->nstrings = g.nstrings;
    m->strings = g.strings;
    m->nfiles = g.nfiles;
    m->files = g.files;
    m->globals_size = (g.globals_size + 7) / 8 * 8;
    size_t gbytes = (size_t)((m->globals_size / 8 + 7) / 8);
    uint8_t *gm = calloc(gbytes ? gbytes : 1, 1);
    if (g.gptr_bits) memcpy(gm, g.gptr_bits, gbytes);
    m->globals_ptrmask = gm;
    free(g.gptr_bits);
    free(g.func_objs);
    free(g.lits);
    free(g.lit_pkgs);
    free(g.closure_types);
    free(g.fms);
    gen_hand_over(m);
    if (g.failed) {
        module_free(m);
        return NULL;
    }
    return m;
}

/* ==== a session: the module grows (compiler/session.c, docs/repl.md) ====
 *
 * A REPL session generates code one input at a time into one Module that lives as long as the
 * session. What is already in it never moves and never changes, because a running program
 * holds pointers into it: frame headers and closures point at FuncInfos, interfaces and heap
 * objects at TypeDescs, globals are addressed by offset. So the function and descriptor arrays
 * are reserved once at their full capacity, and each input appends: the functions of packages
 * imported for the first time and of the input's own declarations, its new globals (laid out
 * after the old ones: the same area, the same pointer bitmap grown), its descriptors, and one
 * entry function that runs what the input needs run — the new packages' initialisers and init
 * functions, then the initialisers of the input's package-level variables, then the input's
 * statements (a function of the input's file, called like main.main). The Gen itself persists:
 * its type registry, constant and string pools, wrappers and globals carry over, so a type
 * seen again gets its old descriptor. */

enum { GEN_SESSION_MAX_FUNCS = 1 << 17, GEN_SESSION_MAX_TYPES = 1 << 16 };

struct GenSession {
    Gen g;
    TypeDesc *types;            /* Module.types, reserved at full capacity */
};

GenSession *gen_session_new(Module *m) {
    GenSession *s = calloc(1, sizeof *s);
    if (!s) { perror("gol"); exit(1); }
    Gen *g = &s->g;
    g->mod = m;
    g->capfuncs = GEN_SESSION_MAX_FUNCS;
    g->funcs = calloc((size_t)g->capfuncs, sizeof(FuncInfo));     /* mapped lazily by the kernel */
    g->func_objs = calloc((size_t)g->capfuncs, sizeof(Obj *));
    s->types = calloc(GEN_SESSION_MAX_TYPES, sizeof(TypeDesc));
    if (!g->funcs || !g->func_objs || !s->types) { perror("gol"); exit(1); }
    g->cap_gptr_bits = 16;
    g->gptr_bits = calloc(16, 1);
    m->funcs = g->funcs;
    m->types = s->types;
    m->globals_ptrmask = g->gptr_bits;
    return s;
}

/* The input's entry: as runtime.main, for the packages in `in` that are new (all but the last,
 * the session's main package, whose init_order and inits hold only this input's), then the
 * input's own function. */
static uint32_t gen_session_entry(Gen *g, const GenSessionInput *in) {
    FuncInfo *fi = gen_func_add(g, NULL, gen_strdup("runtime.main"));
    uint32_t entry = fi->index;
    GenFunc f;
    memset(&f, 0, sizeof f);
    f.fallthrough_label = -1;
    f.cur_line = 1;
    g->f = &f;
    gen_frame_begin(g);
    for (int i = 0; i < g->prog->npkgs; i++) {
        Package *p = g->prog->pkgs[i];
        g->pkg = p;
        g->file = p->file ? p->file->path : "?";
        for (int k = 0; k < p->ninit_order; k++) gen_global_init(g, p->init_order[k]);
        for (int k = 0; k < p->ninits; k++) gen_call_simple(g, p->inits[k]);
    }
    if (in->input_fn) gen_call_simple(g, in->input_fn);
    gen_emit(g, OP_RET);
    fi = &g->funcs[entry];
    fi->file = (uint32_t)g->file_index;
    gen_func_finish(g, fi);
    gen_func_state_free(&f);
    g->f = NULL;
    return entry;
}

static void gen_session_func_free(FuncInfo *f) {
    free((void *)f->code);
    free((void *)f->lines);
    if (f->native_name != f->name) free((void *)f->native_name);
    free((void *)f->name);
    free((void *)f->stackmap.bits);
    free((void *)f->stackmap.pcs);
    free((void *)f->stackmap.map_index);
    free((void *)f->stackmap.ptrwords);
}

static void gen_session_own_desc(Module *m, const TypeDesc *d, bool name) {
    if (name) module_own(m, d->name);
    module_own(m, d->ptrmask);
    module_own(m, d->fields);
    module_own(m, d->methods);
}

/* What the input added belongs to the module from now on (module_free releases it, once per
 * block), as gen_hand_over hands over a whole program's arrays. */
static void gen_session_hand_over(GenSession *s, uint32_t first_func, uint32_t first_type,
                                  const GenSessionInput *in) {
    Gen *g = &s->g;
    Module *m = g->mod;
    for (uint32_t i = first_func; i < g->nfuncs; i++) gen_hand_over_func(m, &g->funcs[i]);
    for (uint32_t i = 0; i < g->ntypes; i++) {
        bool grown = false;
        for (int k = 0; k < in->ngrown && i < first_type; k++)
            grown = grown || g->types[i].type == in->grown[k] ||
                    (g->types[i].type->kind == TY_POINTER && g->types[i].type->elem == in->grown[k]);
        if (i >= first_type || grown) gen_session_own_desc(m, &s->types[i], i >= first_type);
    }
}

/* At the end of the session: the pools that moved as they grew, and the generator's own. */
void gen_session_free(GenSession *s) {
    Gen *g = &s->g;
    Module *m = g->mod;
    for (uint32_t i = 0; i < g->nstrings; i++) free((void *)g->strings[i].ptr);
    free(g->strings);
    free(g->consts);
    for (uint32_t i = 0; i < g->nfiles; i++) free((void *)g->files[i]);
    free(g->files);
    free(g->gptr_bits);
    for (uint32_t i = 0; i < g->ntypes; i++) free(g->types[i].methods);
    free(g->types);
    free(g->wrappers);
    free(g->func_objs);
    free(g->lits);
    free(g->lit_pkgs);
    free(g->closure_types);
    free(g->fms);
    free(g->esc_lines);
    module_own(m, g->funcs);
    module_own(m, s->types);
    free(s);
}

bool gen_session_input(GenSession *s, const GenSessionInput *in, const GenOptions *opt,
                       DiagList *diags, uint32_t *entry) {
    static const GenOptions noopt;
    Gen *g = &s->g;
    Module *m = g->mod;
    Program *p = in->prog;
    uint32_t first_func = g->nfuncs, first_type = g->ntypes;
    uint32_t first_wrapper = g->nwrappers;
    int64_t first_global = g->globals_size;
    g->prog = p;
    g->opt = opt ? opt : &noopt;
    g->diags = diags;
    g->failed = false;
    g->nlits = 0;
    g->nfms = 0;
    Package *mp = p->pkgs[p->npkgs - 1];
    for (int i = 0; i < p->npkgs; i++) gen_number_funcs(g, p->pkgs[i]);
    g->file_index = (int)gen_file_index(g, mp->file->path);
    for (int i = 0; i < p->npkgs; i++) gen_layout_globals(g, p->pkgs[i]);
    for (int i = 0; i < in->nsession_vars; i++) gen_global_add(g, in->session_vars[i]);
    if (g->nfuncs + 64 >= (uint32_t)g->capfuncs) {
        gen_error(g, (Pos){ 1, 1 }, "the session has too many functions (:reset starts afresh)");
    }
    if (!g->failed) escape_analyze(g);
    for (int i = 0; i < p->npkgs && !g->failed; i++) gen_package_funcs(g, p->pkgs[i]);
    if (!g->failed) *entry = gen_session_entry(g, in);
    if (!g->failed) gen_lit_bodies(g);
    escape_report_flush(g);
    if (!g->failed && !gen_types_finish_session(g, m, s->types, GEN_SESSION_MAX_TYPES, first_type,
                                                in->grown, in->ngrown))
        gen_error(g, (Pos){ 1, 1 }, "the session has too many types (:reset starts afresh)");
    if (g->failed) {                    /* nothing of the input is kept: its functions go */
        for (uint32_t i = first_func; i < g->nfuncs; i++) gen_session_func_free(&g->funcs[i]);
        for (uint32_t i = first_type; i < g->ntypes; i++) {
            free(g->types[i].name);
            free(g->types[i].methods);
        }
        memset(g->funcs + first_func, 0, sizeof(FuncInfo) * (g->nfuncs - first_func));
        g->nfuncs = first_func;
        g->ntypes = first_type;
        g->nwrappers = first_wrapper;
        g->globals_size = first_global;
        if (g->capclosure_types > first_func)
            memset(g->closure_types + first_func, 0, sizeof(Type *) * (g->capclosure_types - first_func));
        return false;
    }
    gen_session_hand_over(s, first_func, first_type, in);
    m->nfuncs = g->nfuncs;
    m->nconsts = g->nconsts;
    m->consts = g->consts;
    m->nstrings = g->nstrings;
    m->strings = g->strings;
    m->nfiles = g->nfiles;
    m->files = g->files;
    m->globals_size = (g->globals_size + 7) / 8 * 8;
    m->globals_ptrmask = g->gptr_bits;
    return true;
}

int64_t gen_session_globals_size(const GenSession *s) { return s->g.globals_size; }
