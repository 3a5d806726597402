/* compiler/escape.c — escape analysis: which variables and allocations may live in a frame,
 * and the `gol build -m` report.
 *
 * The model is Go's (cmd/compile/internal/escape), simplified. Every function is turned into a
 * graph of *locations* — its variables (params, results, locals), its allocation sites (&T{...},
 * new(T), make([]T, n), a slice literal's backing array, the backing array of a call's `...`
 * arguments), temporaries, and one location for "the heap" — joined by edges that say "the
 * value of src flows into dst with k dereferences":
 *
 *     p = &x      dst p, src x, derefs -1        (the address of x)
 *     p = q       dst p, src q, derefs  0
 *     p = *q      dst p, src q, derefs  1
 *     *q = p      dst heap, src p, derefs 0      (stores through pointers, into slices, into
 *                                                 globals all go to the heap, as in Go)
 *
 * Then, from every location taken as a root, a shortest-path walk finds for each location l the
 * fewest dereferences with which l's value reaches the root. If it reaches it with derefs < 0
 * (l's *address* reaches it) and the root outlives l, l escapes and is moved to the heap. A root
 * outlives l when it is the heap (or has escaped itself), a result (we do not know what callers
 * do with it), or a variable declared at a smaller loop depth than l (one frame slot per
 * declaration: a pointer kept across iterations must see a new variable each time, so such
 * variables go to the heap). Escaped locations become roots again, until nothing changes.
 *
 * Calls use per-function parameter summaries computed bottom-up: a parameter *leaks* to the heap
 * with k dereferences (k = 0 "leaking param: p", k >= 1 "leaking param content: p"), or to a
 * result ("leaking param: p to result ~r0 level=0"). At a call site each argument flows into a
 * temporary, and the temporary into the heap / the call's results as the callee's summary says.
 * Summaries of all functions are computed together, starting from "nothing leaks" and repeating
 * the analysis of every function until no summary changes, which handles recursion (a cycle
 * only adds the leaks its members really cause). Natives never keep their arguments (the
 * runtime's contract, as for the `...` arrays it reads from the caller's frame): their params
 * leak only to their results. Indirect calls, interface methods, go, defer, panic and
 * conversions to an interface send their operands to the heap.
 *
 * Closures (docs/closures.md): a function literal's closure object and a method value's are
 * allocation sites; each captured variable flows into the literal's with its value (captured by
 * value: never reassigned, address never taken, at most 128 bytes — Go's rule) or its address
 * (by reference). A literal's body is walked as part of its enclosing function, with its own
 * params and results, and a location of a function outlives those of the closures nested in
 * it (Go's outlives).
 *
 * The decisions, applied before code generation:
 *   - an address-taken variable that does not escape stays in the frame (VAR_LOCAL/PARAM/RESULT
 *     with addr_taken); &x is FADDR, and the address may now live across calls. Exceptions kept
 *     in the heap: narrow scalars (int8..int32, uint8..uint32, float32: a frame slot holds them
 *     widened, memory through a pointer would not), and variables over 10 MiB (Go's limit for
 *     explicit variables);
 *   - &T{...}, new(T), make([]T, const), []T{...}, closures and method values that do not
 *     escape and take at most 64 KiB
 *     (Go's limit for implicit allocations) are built in a frame slot of their own (NF_STACK on
 *     the node); the `...` arguments of a call whose variadic parameter does not leak go in a
 *     frame array, as for natives.
 *
 * Frame addresses are therefore pointers into the goroutine stack that frames keep across calls;
 * the stack maps mark them (gen_stackmap.c) and runtime/stack.c adjusts them when the stack moves.
 *
 * With GenOptions.escape_report each decision of the user's package is printed in Go's words at
 * Go's positions, sorted by position:
 *
 *     ./x.gol:9:11: leaking param: p
 *     ./x.gol:10:11: p does not escape
 *     ./x.gol:11:9: leaking param: p to result ~r0 level=0
 *     ./x.gol:23:2: moved to heap: a
 *     ./x.gol:32:7: &P{...} does not escape
 *     ./x.gol:34:11: make([]int, n) escapes to heap
 *     ./x.gol:37:13: ... argument does not escape
 *     ./x.gol:37:13: n escapes to heap
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"
#include "lang/grammar.h"
#include "lang/parse.h"

#define ESC_NONE        INT_MAX         /* no leak */
#define ESC_MAX_IMPLICIT (64 * 1024)    /* Go's maxImplicitStackVarSize */
#define ESC_MAX_EXPLICIT (10 * 1024 * 1024)   /* Go's maxStackVarSize */
#define ESC_MAX_ROUNDS  12

/* ==== the report ==== */

/* Whether decisions are reported here (`gol build -m`, the user's package only, as go build):
 * the texts are only made when they are. */
static bool escape_reporting(const Gen *g) {
    if (!g->opt || !g->opt->escape_report) return false;
    return !(g->prog && g->pkg && g->pkg != g->prog->main);
}

static void escape_add(Gen *g, Pos pos, const char *fmt, const char *arg) {
    if (!escape_reporting(g)) return;
    if (pos.line <= 0) return;          /* a node the compiler made (the REPL's printing call) */
    const char *file = g->file ? g->file : "?";
    char path[1024];
    if (file[0] == '/' || strncmp(file, "./", 2) == 0 || strncmp(file, "../", 3) == 0)
        snprintf(path, sizeof path, "%s", file);
    else
        snprintf(path, sizeof path, "./%s", file);
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, arg);
    size_t n = strlen(path) + strlen(msg) + 64;
    char *line = malloc(n);
    /* a sortable key in front, removed when printed */
    snprintf(line, n, "%08d:%08d|%s:%d:%d: %s", pos.line, pos.col, path, pos.line, pos.col, msg);
    if (g->nesc >= g->capesc) {
        g->capesc = g->capesc ? g->capesc * 2 : 16;
        g->esc_lines = realloc(g->esc_lines, sizeof(char *) * (size_t)g->capesc);
    }
    g->esc_lines[g->nesc++] = line;
}

/* The source text of a node from its position to its balanced closing bracket (or, with
 * open == 0, to the end of the expression as far as brackets balance). */
static int escape_source(Gen *g, Pos pos, char open, char close, char *out, size_t outn) {
    SourceFile *sf = g->pkg ? g->pkg->file : NULL;
    if (!sf || !sf->text || pos.line <= 0) return 0;
    const char *p = sf->text, *end = sf->text + sf->len;
    for (int line = 1; line < pos.line && p < end; p++) if (*p == '\n') line++;
    p += pos.col - 1;
    if (p >= end) return 0;
    const char *q = p;
    int depth = 0;
    while (q < end && *q != '\n') {
        if (*q == open) depth++;
        else if (*q == close && --depth == 0) { q++; break; }
        q++;
    }
    size_t n = (size_t)(q - p);
    if (n >= outn) n = outn - 1;
    memcpy(out, p, n);
    out[n] = 0;
    return (int)n;
}

/* An expression's own text, from its first to its last byte (for "x escapes to heap"). */
static void escape_expr_text(Gen *g, Node *e, char *out, size_t outn) {
    SourceFile *sf = g->pkg ? g->pkg->file : NULL;
    out[0] = 0;
    if (!sf || !sf->text || e->pos.line <= 0) return;
    const char *p = sf->text, *end = sf->text + sf->len;
    for (int line = 1; line < e->pos.line && p < end; p++) if (*p == '\n') line++;
    p += e->pos.col - 1;
    const char *q = p;
    int depth = 0;
    bool in_str = false;
    while (q < end && *q != '\n') {
        char c = *q;
        if (in_str) { if (c == '\\') q++; else if (c == '"') in_str = false; q++; continue; }
        if (c == '"') in_str = true;
        else if (c == '(' || c == '[' || c == '{') depth++;
        else if (c == ')' || c == ']' || c == '}') { if (depth == 0) break; depth--; }
        else if ((c == ',' || c == ';') && depth == 0) break;
        q++;
    }
    while (q > p && (q[-1] == ' ' || q[-1] == '\t')) q--;
    size_t n = (size_t)(q - p);
    if (n >= outn) n = outn - 1;
    memcpy(out, p, n);
    out[n] = 0;
}

/* Go's position of an expression: its operator — a call's '(', an index's '[', a selector's
 * '.' — or its start. */
static Pos escape_expr_pos(Node *e) {
    Pos pos = e->pos;
    if ((e->kind == N_CALL || e->kind == N_INDEX) && e->pos2.line) pos = e->pos2;
    else if (e->kind == N_SELECTOR && e->pos2.line && e->pos2.col > 1) { pos = e->pos2; pos.col--; }
    return pos;
}

/* An expression as Go's compiler prints it in -m lines: operands from the source, binary
 * operators with a space on each side (`keep[n - 1]`, `a == b`), calls with ", " between
 * arguments. Kinds not listed fall back to the source text. */
typedef struct EscText { char *p; size_t cap, len; } EscText;

static void escape_text_put(EscText *t, const char *s, size_t n) {
    if (t->len + n + 1 > t->cap) n = t->cap > t->len + 1 ? t->cap - t->len - 1 : 0;
    memcpy(t->p + t->len, s, n);
    t->len += n;
    t->p[t->len] = 0;
}

static void escape_text_puts(EscText *t, const char *s) { escape_text_put(t, s, strlen(s)); }

static void escape_fmt(Gen *g, Node *e, EscText *t) {
    if (!e) return;
    switch (e->kind) {
    case N_PAREN:
        escape_text_puts(t, "(");
        escape_fmt(g, e->a, t);
        escape_text_puts(t, ")");
        return;
    case N_CONVERT:
        escape_fmt(g, e->a, t);
        return;
    case N_IDENT:
        escape_text_puts(t, e->name ? e->name : "_");
        return;
    case N_INTLIT: case N_FLOATLIT: case N_STRINGLIT: case N_RUNELIT:
        escape_text_put(t, e->lit, (size_t)e->litlen);
        return;
    case N_SELECTOR:
        escape_fmt(g, e->a, t);
        escape_text_puts(t, ".");
        escape_text_puts(t, e->name ? e->name : "?");
        return;
    case N_INDEX:
        escape_fmt(g, e->a, t);
        escape_text_puts(t, "[");
        escape_fmt(g, e->b, t);
        escape_text_puts(t, "]");
        return;
    case N_SLICE:
        escape_fmt(g, e->a, t);
        escape_text_puts(t, "[");
        escape_fmt(g, e->b, t);
        escape_text_puts(t, ":");
        escape_fmt(g, e->c, t);
        if (e->flags & NF_SLICE3) { escape_text_puts(t, ":"); escape_fmt(g, e->d, t); }
        escape_text_puts(t, "]");
        return;
    case N_STAR:
        escape_text_puts(t, "*");
        escape_fmt(g, e->a, t);
        return;
    case N_UNARY:
        escape_text_puts(t, token_describe(e->op));
        escape_fmt(g, e->a, t);
        return;
    case N_BINARY:
        escape_fmt(g, e->a, t);
        escape_text_puts(t, " ");
        escape_text_puts(t, token_describe(e->op));
        escape_text_puts(t, " ");
        escape_fmt(g, e->b, t);
        return;
    case N_CALL: {
        /* Go shows a variadic call's packed tail as one argument: "... argument..." (or
         * "nil..." when empty) */
        Type *sig = e->aux == CALL_FUNC || e->aux == CALL_METHOD || e->aux == CALL_INDIRECT || e->aux == CALL_IFACE
                    ? (e->a->obj && e->a->obj->kind == OBJ_FUNC ? e->a->obj->type : e->a->type) : NULL;
        Type *u = sig ? gen_under(sig) : NULL;
        bool pack = u && u->kind == TY_FUNC && u->variadic && !(e->flags & NF_DOTS) && u->nfields > 0;
        int nshow = pack && e->list.len > u->nfields - 1 ? u->nfields - 1 : e->list.len;
        escape_fmt(g, e->a, t);
        escape_text_puts(t, "(");
        for (int i = 0; i < nshow; i++) {
            if (i) escape_text_puts(t, ", ");
            escape_fmt(g, e->list.items[i], t);
        }
        if (pack) {
            if (nshow) escape_text_puts(t, ", ");
            escape_text_puts(t, e->list.len > nshow ? "... argument..." : "nil...");
        }
        if (e->flags & NF_DOTS) escape_text_puts(t, "...");
        escape_text_puts(t, ")");
        return;
    }
    default: {
        char src[512];
        escape_expr_text(g, e, src, sizeof src);
        escape_text_puts(t, src);
        return;
    }
    }
}

/* Go positions a composite literal at its '{' (the type in front of it is skipped). */
static Pos escape_lbrace(Gen *g, Node *e) {
    SourceFile *sf = g->pkg ? g->pkg->file : NULL;
    Pos pos = e->pos;
    if (!sf || !sf->text || pos.line <= 0) return pos;
    const char *p = sf->text, *end = sf->text + sf->len;
    for (int line = 1; line < pos.line && p < end; p++) if (*p == '\n') line++;
    for (int col = 1; p < end && *p != '\n'; p++, col++)
        if (col >= pos.col && *p == '{') { pos.col = col; break; }
    return pos;
}

/* "&P{...}", "[]int{...}", "new(int)", "make([]int, n)" and the position Go gives it. */
static Pos escape_alloc_text(Gen *g, Node *e, bool amp, char *text, size_t n) {
    if (e->kind == N_COMPOSITE) {
        char ty[512], src[1100];
        ty[0] = 0;
        if (e->a) {
            escape_source(g, e->pos, '{', '}', src, sizeof src);
            char *brace = strchr(src, '{');
            if (brace) *brace = 0;
            snprintf(ty, sizeof ty, "%.500s", src);
        } else if (e->type) {
            type_string(e->type, ty, sizeof ty, false);
        }
        snprintf(text, n, "%s%s{%s}", amp ? "&" : "", ty, e->list.len ? "..." : "");
        Pos pos = e->pos;
        if (amp && e->a && pos.col > 1) pos.col--;   /* Go reports the & of &T{...} */
        else if (!amp) pos = escape_lbrace(g, e);
        return pos;
    }
    if (!escape_source(g, e->pos, '(', ')', text, n)) snprintf(text, n, "value");
    return e->kind == N_CALL && e->pos2.line ? e->pos2 : e->pos;   /* Go: the call's '(' */
}

static int escape_cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void escape_report_flush(Gen *g) {
    if (g->nesc == 0) return;
    qsort(g->esc_lines, (size_t)g->nesc, sizeof(char *), escape_cmp);
    for (int i = 0; i < g->nesc; i++) {
        if (i > 0 && strcmp(g->esc_lines[i], g->esc_lines[i - 1]) == 0) continue;
        fprintf(g->opt && g->opt->escape_out ? g->opt->escape_out : stderr, "%s\n",
                strchr(g->esc_lines[i], '|') + 1);
    }
    for (int i = 0; i < g->nesc; i++) free(g->esc_lines[i]);
    free(g->esc_lines);
    g->esc_lines = NULL;
    g->nesc = g->capesc = 0;
}

/* ==== locations and edges ==== */

typedef enum EscKind { EL_HEAP, EL_VAR, EL_ALLOC, EL_TEMP, EL_RESULT } EscKind;

typedef struct EscLoc EscLoc;
typedef struct EscEdge { EscLoc *src; int derefs; } EscEdge;

struct EscLoc {
    EscKind kind;
    Obj *var;               /* EL_VAR */
    Node *node;             /* EL_ALLOC: the allocating expression */
    bool amp;               /* EL_ALLOC: &T{...} (vs a slice literal's array) */
    bool dots;              /* EL_ALLOC: the backing array of `...` arguments */
    int loopdepth;
    Node *fn;               /* the FUNCDECL or FUNCLIT it belongs to */
    bool lit;               /* EL_ALLOC: a function literal's closure object */
    bool mval;              /* EL_ALLOC: a method value's closure object */
    int param;              /* index in the function's summary (receiver first), or -1 */
    int result;             /* EL_RESULT / named result var: its index, or -1 */
    EscEdge *edges; int nedges, capedges;   /* incoming flows */
    bool escapes;
    /* walk state */
    unsigned walkgen;
    int derefs;
    bool queued;
    /* param leaks found by the walk */
    int leak_heap;
    int *leak_res;
};

/* A hole: where the value being analysed flows (NULL dst: discarded). */
typedef struct Hole { EscLoc *dst; int derefs; } Hole;

/* What callers need to know of a function: where each param's value goes. */
typedef struct EscSummary {
    bool done;              /* has a body and was analysed at least once */
    int8_t has_goto;        /* the body has a goto: 1 yes, -1 no, 0 not yet known (once, not per round) */
    int nparams, nresults;
    int *leak_heap;         /* per param: min derefs to the heap, ESC_NONE if none */
    int *leak_res;          /* nparams x nresults */
} EscSummary;

typedef struct Esc {
    Gen *g;
    EscSummary *sums;       /* by func_index */
    uint32_t nsums;
    EscLoc heap;
    EscLoc **locs; int nlocs, caplocs;
    EscLoc **results; int nresults;
    int loopdepth;
    Node *curfn;            /* the FUNCDECL or FUNCLIT being walked */
    bool has_goto;          /* the function (its literals included) has a goto: any label may loop */
    Node **lit_parent;      /* pairs (literal, enclosing function) met in this function */
    int nlits, caplits;
    bool changed;
    bool final;             /* apply decisions and report */
    Pos call_pos;           /* '(' of the call whose arguments are being walked */
} Esc;

static EscLoc *esc_new(Esc *x, EscKind k) {
    EscLoc *l = calloc(1, sizeof(EscLoc));
    l->kind = k;
    l->loopdepth = x->loopdepth;
    l->fn = x->curfn;
    l->param = l->result = -1;
    l->leak_heap = ESC_NONE;
    if (x->nlocs >= x->caplocs) {
        x->caplocs = x->caplocs ? x->caplocs * 2 : 64;
        x->locs = realloc(x->locs, sizeof(EscLoc *) * (size_t)x->caplocs);
    }
    x->locs[x->nlocs++] = l;
    return l;
}

static EscLoc *esc_var_loc(Esc *x, Obj *v) {
    for (int i = 0; i < x->nlocs; i++)
        if (x->locs[i]->kind == EL_VAR && x->locs[i]->var == v) return x->locs[i];
    EscLoc *l = esc_new(x, EL_VAR);
    l->var = v;
    /* the checker may have wrapped the literal since (chk_wrap: a conversion to an interface
     * keeps the node and moves the literal into it) */
    Node *fn = v->fnode;
    while (fn && fn->kind != N_FUNCLIT && fn->kind != N_FUNCDECL) fn = fn->a;
    if (fn) l->fn = fn;
    return l;
}

static Hole esc_hole(EscLoc *l) { return (Hole){ l, 0 }; }
static Hole esc_shift(Hole k, int d) { if (k.dst) k.derefs += d; return k; }
static Hole esc_heap_hole(Esc *x) { return esc_hole(&x->heap); }
static const Hole esc_discard = { NULL, 0 };

static void esc_flow(Hole k, EscLoc *src, int extra) {
    if (!k.dst || !src || k.dst == src) return;
    EscLoc *d = k.dst;
    int derefs = k.derefs + extra;
    if (derefs < -1) derefs = -1;
    for (int i = 0; i < d->nedges; i++)
        if (d->edges[i].src == src) {
            if (derefs < d->edges[i].derefs) d->edges[i].derefs = derefs;
            return;
        }
    if (d->nedges >= d->capedges) {
        d->capedges = d->capedges ? d->capedges * 2 : 4;
        d->edges = realloc(d->edges, sizeof(EscEdge) * (size_t)d->capedges);
    }
    d->edges[d->nedges++] = (EscEdge){ src, derefs };
}

/* ==== expressions ==== */

static void esc_expr(Esc *x, Hole k, Node *e);
static void esc_call(Esc *x, Hole *ks, int nk, Node *e);
static void esc_stmt(Esc *x, Node *s);
static void esc_func_lit(Esc *x, Hole k, Node *e);
static void esc_sig_locs(Esc *x, Node *ft, Type *u, Node *recv_field);
static bool esc_has_goto(Node *n);
static bool esc_boxes(Type *u);

static Type *esc_under(Node *e) { return e && e->type ? gen_under(e->type) : NULL; }

static EscLoc *esc_alloc(Esc *x, Node *e, bool amp) {
    EscLoc *a = esc_new(x, EL_ALLOC);
    a->node = e;
    a->amp = amp;
    return a;
}

/* The elements of a composite literal flow into k. */
static void esc_elems(Esc *x, Hole k, Node *e) {
    for (int i = 0; i < e->list.len; i++) {
        Node *el = e->list.items[i];
        if (el->kind == N_KEYVALUE) {
            esc_expr(x, k, el->b);                  /* keys are constants or field names */
        } else {
            esc_expr(x, k, el);
        }
    }
}

/* The address of e flows into k. */
static void esc_addr(Esc *x, Hole k, Node *e) {
    if (!e) return;
    switch (e->kind) {
    case N_PAREN:
        esc_addr(x, k, e->a);
        return;
    case N_IDENT:
        if (e->obj && e->obj->kind == OBJ_VAR && e->obj->vclass != VAR_GLOBAL)
            esc_flow(k, esc_var_loc(x, e->obj), -1);
        return;
    case N_COMPOSITE: {
        EscLoc *a = esc_alloc(x, e, true);
        esc_flow(k, a, -1);
        Type *u = esc_under(e);
        if (u && u->kind == TY_SLICE) {
            /* &[]T{...}: two allocations for one node; keep both in the heap */
            a->escapes = true;
            esc_elems(x, esc_heap_hole(x), e);
        } else {
            esc_elems(x, esc_hole(a), e);
        }
        return;
    }
    case N_SELECTOR:
        if (e->aux == SEL_FIELD) {
            if (esc_under(e->a) && esc_under(e->a)->kind == TY_POINTER) esc_expr(x, k, e->a);
            else esc_addr(x, k, e->a);
            return;
        }
        break;
    case N_INDEX: {
        Type *u = esc_under(e->a);
        esc_expr(x, esc_discard, e->b);
        if (u && u->kind == TY_ARRAY) esc_addr(x, k, e->a);
        else esc_expr(x, k, e->a);
        return;
    }
    case N_STAR:
        esc_expr(x, k, e->a);
        return;
    default:
        break;
    }
    esc_expr(x, esc_heap_hole(x), e);
}

static void esc_expr(Esc *x, Hole k, Node *e) {
    if (!e) return;
    if (e->flags & NF_ISTYPE) return;
    /* a value without pointers carries no address anywhere (Go discards such flows too) */
    if (e->type && e->type->kind != TY_TUPLE && !type_has_pointers(e->type)) k = esc_discard;
    switch (e->kind) {
    case N_PAREN:
        esc_expr(x, k, e->a);
        return;
    case N_IDENT:
        if (e->obj && e->obj->kind == OBJ_VAR && e->obj->vclass != VAR_GLOBAL)
            esc_flow(k, esc_var_loc(x, e->obj), 0);
        return;
    case N_UNARY:
        if (e->op == TK_AND) esc_addr(x, k, e->a);
        else esc_expr(x, esc_discard, e->a);
        return;
    case N_STAR:
        esc_expr(x, esc_shift(k, 1), e->a);
        return;
    case N_SELECTOR:
        if (e->aux == SEL_FIELD) {
            bool ptr = esc_under(e->a) && esc_under(e->a)->kind == TY_POINTER;
            esc_expr(x, ptr ? esc_shift(k, 1) : k, e->a);
        } else if (e->aux == SEL_METHOD) {     /* a method value: a closure holding the receiver */
            EscLoc *a = esc_alloc(x, e, false);
            a->mval = true;
            esc_flow(k, a, -1);
            esc_expr(x, esc_hole(a), e->a);
        } else if (e->aux == SEL_IMETHOD) {     /* i.M: a closure holding the interface value */
            EscLoc *a = esc_alloc(x, e, false);
            a->mval = true;
            esc_flow(k, a, -1);
            esc_expr(x, esc_heap_hole(x), e->a);      /* an unknown method gets the data word */
        }
        return;
    case N_INDEX: {
        Type *u = esc_under(e->a);
        esc_expr(x, esc_discard, e->b);
        if (!u || u->kind == TY_STRING) esc_expr(x, esc_discard, e->a);
        else if (u->kind == TY_ARRAY) esc_expr(x, k, e->a);
        else esc_expr(x, esc_shift(k, 1), e->a);     /* slice, *array, map */
        return;
    }
    case N_SLICE: {
        Type *u = esc_under(e->a);
        esc_expr(x, esc_discard, e->b);
        esc_expr(x, esc_discard, e->c);
        esc_expr(x, esc_discard, e->d);
        if (!u || u->kind == TY_STRING) esc_expr(x, esc_discard, e->a);
        else if (u->kind == TY_ARRAY) esc_addr(x, k, e->a);
        else esc_expr(x, k, e->a);
        return;
    }
    case N_COMPOSITE: {
        Type *u = esc_under(e);
        if (u && u->kind == TY_SLICE) {
            EscLoc *a = esc_alloc(x, e, false);
            esc_flow(k, a, -1);
            esc_elems(x, esc_hole(a), e);
        } else if (u && (u->kind == TY_STRUCT || u->kind == TY_ARRAY)) {
            esc_elems(x, k, e);
        } else if (u && u->kind == TY_MAP) {       /* keys and values live in the map's table */
            EscLoc *a = esc_alloc(x, e, false);     /* gol keeps every map in the heap (maps.md) */
            a->escapes = true;
            esc_flow(k, a, -1);
            for (int i = 0; i < e->list.len; i++) {
                Node *kv = e->list.items[i];
                if (kv->kind != N_KEYVALUE) continue;
                esc_expr(x, esc_heap_hole(x), kv->a);
                esc_expr(x, esc_heap_hole(x), kv->b);
            }
        } else {
            esc_elems(x, esc_heap_hole(x), e);
        }
        return;
    }
    case N_KEYVALUE:
        esc_expr(x, k, e->b);
        return;
    case N_CALL:
        esc_call(x, &k, 1, e);
        return;
    case N_CONVERT:
        /* a value converted to an interface is boxed in the heap (or, pointer-shaped, stored
         * in the interface, which gol sends to the heap as Go does when it cannot prove more) */
        esc_expr(x, esc_heap_hole(x), e->a);
        if (x->final && e->a && escape_reporting(x->g) && esc_boxes(esc_under(e->a))) {
            char text[1200];
            EscText t = { text, sizeof text, 0 };
            text[0] = 0;
            Node *a = e->a;
            while (a->kind == N_PAREN) a = a->a;
            Pos pos;
            if (a->kind == N_COMPOSITE) {           /* T{...} at its '{' */
                pos = escape_alloc_text(x->g, a, false, text, sizeof text);
            } else {
                escape_fmt(x->g, e->a, &t);
                /* Go places a converted variable at the call's argument position */
                bool var = a->kind == N_IDENT && a->obj && a->obj->kind == OBJ_VAR;
                pos = var && x->call_pos.line ? x->call_pos : escape_expr_pos(e->a);
            }
            if (text[0]) escape_add(x->g, pos, "%s escapes to heap", text);
        }
        return;
    case N_TYPEASSERT:
        esc_expr(x, k, e->a);
        return;
    case N_BINARY:
        esc_expr(x, esc_discard, e->a);
        esc_expr(x, esc_discard, e->b);
        return;
    case N_FUNCLIT:
        esc_func_lit(x, k, e);
        return;
    default:
        return;
    }
}

/* ==== function literals ==== */

/* The closure object of a literal is an allocation site, like &T{...}: its address is the func
 * value. It holds each captured variable's value (captured by value) or address (by
 * reference), so a closure that escapes takes its by-reference variables with it to the heap.
 * The literal's body is walked here, as part of the enclosing function (Go analyses a closure
 * with the function that contains it): its variables are locations of this graph, its results
 * roots that outlive everything, its params reported as Go reports any function's. */
static void esc_func_lit(Esc *x, Hole k, Node *e) {
    EscLoc *a = esc_alloc(x, e, false);
    a->lit = true;
    esc_flow(k, a, -1);
    for (int i = 0; i < e->list.len; i++) {
        Obj *v = e->list.items[i]->obj;
        if (v) esc_flow(esc_hole(a), esc_var_loc(x, v), v->byval ? 0 : -1);
    }
    if (x->nlits >= x->caplits) {
        x->caplits = x->caplits ? x->caplits * 2 : 8;
        x->lit_parent = realloc(x->lit_parent, sizeof(Node *) * 2 * (size_t)x->caplits);
    }
    x->lit_parent[2 * x->nlits] = e;
    x->lit_parent[2 * x->nlits + 1] = x->curfn;
    x->nlits++;
    Node *save_fn = x->curfn;
    int save_depth = x->loopdepth;
    EscLoc **save_results = x->results;
    int save_nresults = x->nresults;
    x->curfn = e;
    x->loopdepth = 1;
    esc_sig_locs(x, e->b, gen_under(e->type), NULL);
    esc_stmt(x, e->body);
    free(x->results);
    x->results = save_results;
    x->nresults = save_nresults;
    x->curfn = save_fn;
    x->loopdepth = save_depth;
}

/* Is inner a literal nested (at any depth) in the function outer? */
static bool esc_contains(Esc *x, Node *outer, Node *inner) {
    for (Node *f = inner; f && f != outer;) {
        Node *parent = NULL;
        for (int i = 0; i < x->nlits; i++) if (x->lit_parent[2 * i] == f) parent = x->lit_parent[2 * i + 1];
        if (!parent) return false;
        if (parent == outer) return true;
        f = parent;
    }
    return false;
}

/* ==== calls ==== */

/* Does converting a value of type u to an interface allocate a box? Not for interfaces, nil and
 * pointer-shaped types (stored in the interface's data word directly). */
static bool esc_boxes(Type *u) {
    if (!u) return false;
    switch (u->kind) {
    case TY_INTERFACE: case TY_UNTYPED_NIL: case TY_POINTER: case TY_FUNC: case TY_MAP:
    case TY_CHAN: case TY_UNSAFEPTR:
        return false;
    default:
        return true;
    }
}

static EscSummary *esc_summary_of(Esc *x, Obj *fn) {
    if (!fn || fn->kind != OBJ_FUNC || fn->func_index < 0 || (uint32_t)fn->func_index >= x->nsums)
        return NULL;
    if (x->g->func_objs[fn->func_index] != fn) return NULL;   /* not a numbered function */
    EscSummary *s = &x->sums[fn->func_index];
    return s->nparams >= 0 && s->leak_heap ? s : NULL;
}

/* One argument for param i of a callee with summary s: it flows into a temporary, which flows
 * wherever the summary says. A NULL summary sends it to the heap. */
static void esc_arg(Esc *x, EscSummary *s, int i, Hole *ks, int nk, Node *arg, EscLoc *tmp_in) {
    EscLoc *t = tmp_in;
    if (!t) {
        t = esc_new(x, EL_TEMP);
        esc_expr(x, esc_hole(t), arg);
    }
    if (!s || i >= s->nparams) {
        esc_flow(esc_heap_hole(x), t, 0);
        return;
    }
    if (s->leak_heap[i] != ESC_NONE) esc_flow(esc_heap_hole(x), t, s->leak_heap[i]);
    for (int r = 0; r < s->nresults && r < nk; r++) {
        int d = s->leak_res[i * s->nresults + r];
        if (d != ESC_NONE) esc_flow(ks[r], t, d);
    }
}

static Obj *esc_callee(Node *a) {
    while (a && a->kind == N_PAREN) a = a->a;
    return a ? a->obj : NULL;
}

static void esc_builtin(Esc *x, Hole *ks, int nk, Node *e, Obj *b) {
    Hole k = nk > 0 ? ks[0] : esc_discard;
    NodeList *args = &e->list;
    switch (b->builtin) {
    case BI_APPEND:
        if (args->len == 0) return;
        esc_expr(x, k, args->items[0]);
        for (int i = 1; i < args->len; i++)
            esc_expr(x, (e->flags & NF_DOTS) ? esc_shift(esc_heap_hole(x), 1) : esc_heap_hole(x),
                     args->items[i]);
        return;
    case BI_COPY:
        if (args->len < 2) return;
        esc_expr(x, esc_discard, args->items[0]);
        esc_expr(x, esc_shift(esc_heap_hole(x), 1), args->items[1]);
        return;
    case BI_NEW:
        esc_flow(k, esc_alloc(x, e, false), -1);
        return;
    case BI_MAKE: {
        Type *u = args->len ? esc_under(args->items[0]) : NULL;
        for (int i = 1; i < args->len; i++) esc_expr(x, esc_discard, args->items[i]);
        EscLoc *a = esc_alloc(x, e, false);
        if (!u || u->kind != TY_SLICE) a->escapes = true;
        esc_flow(k, a, -1);
        return;
    }
    case BI_PANIC:
        for (int i = 0; i < args->len; i++) esc_expr(x, esc_heap_hole(x), args->items[i]);
        return;
    default:
        for (int i = 0; i < args->len; i++) esc_expr(x, esc_discard, args->items[i]);
        return;
    }
}

static void esc_call_args(Esc *x, Hole *ks, int nk, Node *e);

static void esc_call(Esc *x, Hole *ks, int nk, Node *e) {
    Pos saved = x->call_pos;
    x->call_pos = e->pos2.line ? e->pos2 : e->pos;
    esc_call_args(x, ks, nk, e);
    x->call_pos = saved;
}

static void esc_call_args(Esc *x, Hole *ks, int nk, Node *e) {
    CallKind ck = (CallKind)e->aux;
    if (ck == CALL_CONV) {
        Node *a = e->list.len ? e->list.items[0] : NULL;
        Type *to = esc_under(e), *from = esc_under(a);
        bool copies = to && from && ((to->kind == TY_STRING) != (from->kind == TY_STRING));
        if (to && to->kind == TY_INTERFACE) esc_expr(x, esc_heap_hole(x), a);
        else esc_expr(x, copies ? esc_discard : (nk ? ks[0] : esc_discard), a);
        return;
    }
    if (ck == CALL_BUILTIN) {
        Obj *b = esc_callee(e->a);
        if (b && b->kind == OBJ_BUILTIN) esc_builtin(x, ks, nk, e, b);
        return;
    }
    Obj *fn = NULL;
    Node *recv_e = NULL;
    Type *sig;
    if (ck == CALL_FUNC || ck == CALL_METHOD) {
        fn = esc_callee(e->a);
        if (ck == CALL_METHOD) recv_e = e->a->a;
        sig = fn ? fn->type : NULL;
    } else if (ck == CALL_IFACE) {              /* an unknown method gets the data word */
        esc_expr(x, esc_heap_hole(x), e->a->a);
        sig = e->a->type;
    } else {
        esc_expr(x, esc_discard, e->a);
        sig = e->a->type;
    }
    EscSummary *s = ck == CALL_INDIRECT || ck == CALL_IFACE ? NULL : esc_summary_of(x, fn);
    bool native = fn && fn->is_native;
    Type *u = sig ? gen_under(sig) : NULL;
    int base = recv_e ? 1 : 0;
    if (recv_e) esc_arg(x, s, 0, ks, nk, recv_e, NULL);
    if (!u || u->kind != TY_FUNC) {
        for (int i = 0; i < e->list.len; i++) esc_expr(x, esc_heap_hole(x), e->list.items[i]);
        return;
    }
    int nparams = u->nfields;
    bool tuple = e->list.len == 1 && e->list.items[0]->type && e->list.items[0]->type->kind == TY_TUPLE;
    if (tuple) {
        Node *inner = e->list.items[0];
        int n = inner->type->nfields;
        Hole *hs = calloc((size_t)n + 1, sizeof(Hole));
        EscLoc **ts = calloc((size_t)n + 1, sizeof(EscLoc *));
        for (int i = 0; i < n; i++) { ts[i] = esc_new(x, EL_TEMP); hs[i] = esc_hole(ts[i]); }
        esc_call(x, hs, n, inner);
        for (int i = 0; i < n; i++) {
            int pi = i < nparams ? i : nparams - 1;
            esc_arg(x, s, base + pi, ks, nk, NULL, ts[i]);
        }
        free(hs);
        free(ts);
        return;
    }
    bool pack = u->variadic && !(e->flags & NF_DOTS);
    int nfixed = pack ? nparams - 1 : nparams;
    for (int i = 0; i < e->list.len && i < nfixed; i++) esc_arg(x, s, base + i, ks, nk, e->list.items[i], NULL);
    if (pack && e->list.len > nfixed) {
        /* Go places converted variables of the tail at the last fixed argument (Printf's
         * format), or at the '(' when there is none (Println) */
        if (nfixed > 0) x->call_pos = e->list.items[nfixed - 1]->pos;
        /* the `...` arguments: a backing array (frame for natives; heap or frame for gol) */
        EscLoc *t = esc_new(x, EL_TEMP);
        EscLoc *a = esc_alloc(x, e, false);
        a->dots = true;
        esc_flow(esc_hole(t), a, -1);
        for (int i = nfixed; i < e->list.len; i++)
            esc_expr(x, native ? esc_heap_hole(x) : esc_hole(a), e->list.items[i]);
        if (!native) esc_arg(x, s, base + nparams - 1, ks, nk, NULL, t);
    }
}

/* ==== statements ==== */

static void esc_stmt(Esc *x, Node *s);

static void esc_block_list(Esc *x, NodeList *l) {
    int depth = x->loopdepth;
    for (int i = 0; i < l->len; i++) {
        Node *s = l->items[i];
        /* a label may be the target of a backward goto: what follows is a loop */
        if (s && s->kind == N_LABELED) x->loopdepth++;
        esc_stmt(x, s);
    }
    x->loopdepth = depth;
}

/* Where a value assigned to e goes. Sub-expressions of e (indexes, pointers) are walked. */
static Hole esc_lhs(Esc *x, Node *e) {
    if (!e) return esc_discard;
    switch (e->kind) {
    case N_PAREN:
        return esc_lhs(x, e->a);
    case N_IDENT:
        if (!e->obj || e->obj->kind != OBJ_VAR) return esc_discard;
        if (e->obj->vclass == VAR_GLOBAL) return esc_heap_hole(x);
        return esc_hole(esc_var_loc(x, e->obj));
    case N_SELECTOR:
        if (e->aux == SEL_FIELD && !(esc_under(e->a) && esc_under(e->a)->kind == TY_POINTER))
            return esc_lhs(x, e->a);
        esc_expr(x, esc_discard, e->a);
        return esc_heap_hole(x);
    case N_INDEX: {
        Type *u = esc_under(e->a);
        /* m[k] = v stores k in the map (the heap) too */
        esc_expr(x, u && u->kind == TY_MAP ? esc_heap_hole(x) : esc_discard, e->b);
        if (u && u->kind == TY_ARRAY) return esc_lhs(x, e->a);
        esc_expr(x, esc_discard, e->a);
        return esc_heap_hole(x);
    }
    case N_STAR:
        esc_expr(x, esc_discard, e->a);
        return esc_heap_hole(x);
    default:
        esc_expr(x, esc_discard, e);
        return esc_heap_hole(x);
    }
}

static bool esc_is_tuple_call(Node *e) {
    while (e && e->kind == N_PAREN) e = e->a;
    return e && e->kind == N_CALL && e->type && e->type->kind == TY_TUPLE;
}

/* lhs[i] = rhs[i], or lhs... = a multi-value call. */
static void esc_assign_lists(Esc *x, NodeList *lhs, NodeList *rhs) {
    if (rhs->len == lhs->len) {
        Hole *hs = calloc((size_t)lhs->len + 1, sizeof(Hole));
        for (int i = 0; i < lhs->len; i++) hs[i] = esc_lhs(x, lhs->items[i]);
        for (int i = 0; i < rhs->len; i++) esc_expr(x, hs[i], rhs->items[i]);
        free(hs);
        return;
    }
    if (rhs->len == 1) {
        Hole *hs = calloc((size_t)lhs->len + 1, sizeof(Hole));
        for (int i = 0; i < lhs->len; i++) hs[i] = esc_lhs(x, lhs->items[i]);
        Node *r = rhs->items[0];
        while (r->kind == N_PAREN) r = r->a;
        if (esc_is_tuple_call(r)) esc_call(x, hs, lhs->len, r);
        else esc_expr(x, hs[0], r);     /* v, ok = x.(T) and friends */
        free(hs);
        return;
    }
    for (int i = 0; i < rhs->len; i++) esc_expr(x, esc_heap_hole(x), rhs->items[i]);
}

static void esc_return(Esc *x, Node *s) {
    int n = s->list.len;
    if (n == 0) return;
    if (n == x->nresults) {
        for (int i = 0; i < n; i++) esc_expr(x, esc_hole(x->results[i]), s->list.items[i]);
        return;
    }
    if (n == 1 && esc_is_tuple_call(s->list.items[0])) {
        Hole *hs = calloc((size_t)x->nresults + 1, sizeof(Hole));
        for (int i = 0; i < x->nresults; i++) hs[i] = esc_hole(x->results[i]);
        esc_call(x, hs, x->nresults, s->list.items[0]);
        free(hs);
        return;
    }
    for (int i = 0; i < n; i++) esc_expr(x, esc_heap_hole(x), s->list.items[i]);
}

static void esc_range(Esc *x, Node *s) {
    Node *c = s->c;
    Type *u = esc_under(c);
    Hole kh = esc_discard, vh = esc_discard;
    if (s->a) kh = esc_lhs(x, s->a);
    if (s->b) vh = esc_lhs(x, s->b);
    (void)kh;
    if (!u || u->kind == TY_STRING) esc_expr(x, esc_discard, c);
    else if (u->kind == TY_ARRAY) esc_expr(x, vh, c);
    else esc_expr(x, esc_shift(vh, 1), c);          /* slice, *array, map */
    x->loopdepth++;
    esc_stmt(x, s->body);
    x->loopdepth--;
}

static void esc_stmt(Esc *x, Node *s) {
    if (!s) return;
    switch (s->kind) {
    case N_BLOCK:
        esc_block_list(x, &s->list);
        return;
    case N_EXPRSTMT:
        esc_expr(x, esc_discard, s->a);
        return;
    case N_INCDEC:
        esc_expr(x, esc_discard, s->a);
        return;
    case N_ASSIGN:
        esc_assign_lists(x, &s->list, &s->list2);
        return;
    case N_DECLSTMT:
        if (s->a && s->a->kind == N_VARDECL)
            for (int i = 0; i < s->a->list.len; i++) {
                Node *spec = s->a->list.items[i];
                for (int k = 0; k < spec->list.len; k++) {
                    Node *id = spec->list.items[k];
                    if (id->obj) esc_var_loc(x, id->obj);     /* declared at this depth */
                }
                if (spec->list2.len) esc_assign_lists(x, &spec->list, &spec->list2);
            }
        return;
    case N_RETURN:
        esc_return(x, s);
        return;
    case N_IF:
        esc_stmt(x, s->init);
        esc_expr(x, esc_discard, s->cond);
        esc_stmt(x, s->body);
        esc_stmt(x, s->els);
        return;
    case N_FOR:
        esc_stmt(x, s->init);
        x->loopdepth++;
        esc_expr(x, esc_discard, s->cond);
        esc_stmt(x, s->post);
        esc_stmt(x, s->body);
        x->loopdepth--;
        return;
    case N_RANGE:
        esc_range(x, s);
        return;
    case N_SWITCH: case N_TYPESWITCH:
        esc_stmt(x, s->init);
        esc_expr(x, esc_discard, s->a);
        for (int i = 0; i < s->list.len; i++) {
            Node *cl = s->list.items[i];
            if (s->kind == N_SWITCH)
                for (int k = 0; k < cl->list.len; k++) esc_expr(x, esc_discard, cl->list.items[k]);
            esc_block_list(x, &cl->list2);
        }
        return;
    case N_LABELED:
        esc_stmt(x, s->a);
        return;
    case N_GO: case N_DEFER: {
        Node *c = s->a;
        if (!c || c->kind != N_CALL) return;
        /* Go's rule: a defer outside loops (and, in gol, outside functions with a goto, which may
         * loop) is analysed as the call it will be: its function and arguments only need to
         * live until the frame's deferreturn, and the frame outlives that, so a deferred
         * closure may stay in the frame (the defer record, a root adjusted when the stack
         * moves, points to it). Other defers and go statements send everything to the heap. */
        if (s->kind == N_DEFER && x->loopdepth == 1 && !x->has_goto) {
            esc_call(x, NULL, 0, c);
            return;
        }
        if (c->aux == CALL_METHOD || c->aux == CALL_IFACE) esc_expr(x, esc_heap_hole(x), c->a->a);
        else if (c->aux == CALL_INDIRECT) esc_expr(x, esc_heap_hole(x), c->a);
        for (int i = 0; i < c->list.len; i++) esc_expr(x, esc_heap_hole(x), c->list.items[i]);
        return;
    }
    case N_SEND:
        esc_expr(x, esc_discard, s->a);
        esc_expr(x, esc_heap_hole(x), s->b);
        return;
    case N_SELECT:
        for (int i = 0; i < s->list.len; i++) {
            Node *cl = s->list.items[i];
            esc_stmt(x, cl->a);
            esc_block_list(x, &cl->list2);
        }
        return;
    default:
        return;
    }
}

/* ==== the walk ==== */

/* Go's outlives: the heap and results outlive everything; within one function a variable
 * declared at a smaller loop depth outlives one declared deeper; and a location of a function
 * outlives every location of the closures nested in it (a closure's frame may end first). */
static bool esc_outlives(Esc *x, EscLoc *root, EscLoc *l) {
    if (root->escapes || root->kind == EL_HEAP) return true;
    if (root->kind == EL_RESULT || (root->kind == EL_VAR && root->result >= 0)) return true;
    if (root->fn == l->fn) return root->loopdepth < l->loopdepth;
    return esc_contains(x, root->fn, l->fn);
}

static void esc_leak_to(Esc *x, EscLoc *l, EscLoc *root, int derefs) {
    bool to_result = !root->escapes && root->kind != EL_HEAP && root->result >= 0 && root->fn == l->fn;
    if (to_result) {
        int *r = &l->leak_res[root->result];
        if (derefs < *r) *r = derefs;
    } else if (derefs < l->leak_heap) {
        l->leak_heap = derefs;
    }
    (void)x;
}

/* All locations whose value reaches root, with the fewest dereferences (a queue-based
 * Bellman-Ford: derefs only grow along a path but -1 edges make it a shortest-path problem). */
static void esc_walk_one(Esc *x, EscLoc *root, unsigned gen, EscLoc ***todo, int *ntodo, int *captodo) {
    int cap = 16, head = 0, n = 0;
    EscLoc **q = malloc(sizeof(EscLoc *) * (size_t)cap);
    root->walkgen = gen;
    root->derefs = 0;
    q[n++] = root;
    root->queued = true;
    while (head < n) {
        EscLoc *l = q[head++];
        l->queued = false;
        int derefs = l->derefs;
        bool addr = derefs < 0;
        if (addr) derefs = 0;
        if (l != root && esc_outlives(x, root, l)) {
            if (l->param >= 0 && !addr) esc_leak_to(x, l, root, derefs);
            if (addr && !l->escapes) {
                l->escapes = true;
                if (*ntodo >= *captodo) {
                    *captodo = *captodo ? *captodo * 2 : 16;
                    *todo = realloc(*todo, sizeof(EscLoc *) * (size_t)*captodo);
                }
                (*todo)[(*ntodo)++] = l;
                continue;
            }
        }
        for (int i = 0; i < l->nedges; i++) {
            EscLoc *src = l->edges[i].src;
            if (src->escapes) continue;
            int d = derefs + l->edges[i].derefs;
            if (src->walkgen != gen || src->derefs > d) {
                src->walkgen = gen;
                src->derefs = d;
                if (!src->queued) {
                    if (n >= cap) {
                        /* compact the consumed prefix, then grow */
                        memmove(q, q + head, sizeof(EscLoc *) * (size_t)(n - head));
                        n -= head;
                        head = 0;
                        if (n >= cap) { cap *= 2; q = realloc(q, sizeof(EscLoc *) * (size_t)cap); }
                    }
                    q[n++] = src;
                    src->queued = true;
                }
            }
        }
    }
    free(q);
}

static void esc_walk_all(Esc *x) {
    int ntodo = 0, captodo = x->nlocs + 16;
    EscLoc **todo = malloc(sizeof(EscLoc *) * (size_t)captodo);
    for (int i = 0; i < x->nlocs; i++) todo[ntodo++] = x->locs[i];
    todo[ntodo++] = &x->heap;
    unsigned gen = 0;
    while (ntodo > 0) {
        EscLoc *root = todo[--ntodo];
        esc_walk_one(x, root, ++gen, &todo, &ntodo, &captodo);
    }
    free(todo);
}

/* ==== one function ==== */

static bool esc_narrow(Type *t) {
    switch (gen_under(t)->kind) {
    case TY_INT8: case TY_INT16: case TY_INT32: case TY_UINT8: case TY_UINT16: case TY_UINT32:
    case TY_FLOAT32:
        return true;
    default:
        return false;
    }
}

/* The bytes an allocation site needs in the frame, or -1 when it cannot be there. */
static int64_t esc_alloc_size(Esc *x, EscLoc *a) {
    Node *e = a->node;
    if (a->dots) {                          /* the tail of a variadic call: [n]T */
        Obj *fn = esc_callee(e->a);
        Type *u = gen_under(fn && fn->kind == OBJ_FUNC ? fn->type : e->a->type);
        if (!u || u->kind != TY_FUNC || !u->variadic || u->nfields == 0) return -1;
        int64_t n = e->list.len - (u->nfields - 1);
        return n * type_size(gen_under(u->fields[u->nfields - 1].type)->elem);
    }
    if (a->lit) return type_size(gen_closure_type(x->g, e));
    if (a->mval) return type_size(gen_method_value_type(e->a->type));
    if (e->kind == N_COMPOSITE) {
        Type *u = gen_under(e->type);
        if (u->kind != TY_SLICE) return type_size(e->type);
        int64_t n = 0, idx = 0;
        for (int i = 0; i < e->list.len; i++) {
            Node *el = e->list.items[i];
            if (el->kind == N_KEYVALUE && el->a && el->a->cval) idx = el->a->cval->kind == CV_INT ? (int64_t)el->a->cval->i : idx;
            idx++;
            if (idx > n) n = idx;
        }
        return n * type_size(u->elem);
    }
    Obj *b = esc_callee(e->a);
    if (!b || b->kind != OBJ_BUILTIN) return -1;
    if (b->builtin == BI_NEW) return type_size(e->list.items[0]->type);
    if (b->builtin == BI_MAKE) {
        Type *u = gen_under(e->list.items[0]->type);
        if (u->kind != TY_SLICE || e->list.len != 2) return -1;
        ConstVal *cv = e->list.items[1]->cval;
        if (!cv || cv->kind != CV_INT) return -1;
        int64_t n = (int64_t)cv->i;
        if (n < 0 || n > ESC_MAX_IMPLICIT) return -1;
        return n * type_size(u->elem);
    }
    return -1;
}

static int esc_fn_nresults(Node *fn) {
    Type *t = fn->kind == N_FUNCLIT ? fn->type : fn->obj->type;
    Type *u = t ? gen_under(t) : NULL;
    return u && u->kind == TY_FUNC ? u->nresults : 0;
}

/* Result r of the function or literal fn. */
static EscLoc *esc_result_loc(Esc *x, Node *fn, int r) {
    for (int i = 0; i < x->nlocs; i++) {
        EscLoc *l = x->locs[i];
        if (l->fn == fn && l->result == r && (l->kind == EL_RESULT || l->kind == EL_VAR)) return l;
    }
    return NULL;
}

/* Applies and reports the decisions of the analysed function. */
static void esc_finish(Esc *x, Node *decl) {
    Gen *g = x->g;
    for (int i = 0; i < x->nlocs; i++) {
        EscLoc *l = x->locs[i];
        if (l->kind == EL_VAR) {
            Obj *v = l->var;
            if (!v->addr_taken) continue;
            bool heap = l->escapes || esc_narrow(v->type) || type_size(v->type) > ESC_MAX_EXPLICIT;
            if (heap) {
                v->vclass = VAR_HEAP;
                if (v->name && strcmp(v->name, "_") != 0) escape_add(g, v->pos, "moved to heap: %s", v->name);
            } else if (v->vclass == VAR_HEAP) {
                v->vclass = VAR_LOCAL;           /* the checker's default for an address-taken local */
            }
        } else if (l->kind == EL_ALLOC) {
            int64_t size = esc_alloc_size(x, l);
            bool stack = !l->escapes && size >= 0 && size <= ESC_MAX_IMPLICIT;
            if (stack) l->node->flags |= NF_STACK;
            else l->node->flags &= ~NF_STACK;
            if (!escape_reporting(g)) continue;    /* the rest only words the decision */
            char text[1200];
            if (l->lit) {                   /* (Go says nothing of a package-level literal) */
                if (l->fn->kind != N_VARSPEC)
                    escape_add(g, l->node->pos, "%s", stack ? "func literal does not escape" : "func literal escapes to heap");
                continue;
            }
            if (l->mval) {                  /* "t.Get escapes to heap", at the '.' */
                EscText t = { text, sizeof text, 0 };
                text[0] = 0;
                Node *r = l->node->a;       /* the receiver, without the checker's implicit & or * */
                if ((r->kind == N_UNARY && r->op == TK_AND) || r->kind == N_STAR) r = r->a;
                escape_fmt(g, r, &t);
                escape_text_puts(&t, ".");
                escape_text_puts(&t, l->node->name);
                escape_add(g, escape_expr_pos(l->node), stack ? "%s does not escape" : "%s escapes to heap", text);
                continue;
            }
            if (l->dots) {
                Pos pos = l->node->pos2.line ? l->node->pos2 : l->node->pos;
                Obj *fn = esc_callee(l->node->a);
                if (fn && fn->is_native) stack = true;
                escape_add(g, pos, "%s", stack ? "... argument does not escape" : "... argument escapes to heap");
                continue;
            }
            Pos pos = escape_alloc_text(g, l->node, l->amp, text, sizeof text);
            size_t n = strlen(text);
            snprintf(text + n, sizeof text - n, "%s", stack ? " does not escape" : " escapes to heap");
            escape_add(g, pos, "%s", text);
        }
    }
    /* params: Go reports every parameter that holds pointers */
    for (int i = 0; escape_reporting(g) && i < x->nlocs; i++) {
        EscLoc *l = x->locs[i];
        if (l->kind != EL_VAR || l->param < 0) continue;
        Obj *v = l->var;
        if (!v->name || strcmp(v->name, "_") == 0 || !type_has_pointers(v->type)) continue;
        if (l->escapes) continue;                    /* "moved to heap" said it */
        char msg[512];
        bool any = false;
        if (l->leak_heap != ESC_NONE) {
            snprintf(msg, sizeof msg, l->leak_heap == 0 ? "leaking param: %s" : "leaking param content: %s", v->name);
            escape_add(g, v->pos, "%s", msg);
            any = true;
        }
        for (int r = 0; r < esc_fn_nresults(l->fn); r++) {
            int d = l->leak_res[r];
            if (d == ESC_NONE || (l->leak_heap != ESC_NONE && l->leak_heap <= d)) continue;
            char rname[128];
            EscLoc *rl = esc_result_loc(x, l->fn, r);
            Obj *rv = rl ? rl->var : NULL;
            if (rv && rv->name && strcmp(rv->name, "_") != 0) snprintf(rname, sizeof rname, "%s", rv->name);
            else snprintf(rname, sizeof rname, "~r%d", r);
            snprintf(msg, sizeof msg, "leaking param: %s to result %s level=%d", v->name, rname, d);
            escape_add(g, v->pos, "%s", msg);
            any = true;
        }
        if (!any) escape_add(g, v->pos, "%s does not escape", v->name);
    }
    (void)decl;
}

/* A param's leaks, none found yet, to the heap and to each of its function's nr results. */
static void esc_param_init(EscLoc *l, int pi, int nr) {
    l->param = pi;
    free(l->leak_res);
    l->leak_res = malloc(sizeof(int) * (size_t)(nr + 1));
    for (int r = 0; r < nr; r++) l->leak_res[r] = ESC_NONE;
}

/* The locations of the params (receiver first, from recv_field) and results of the function or
 * literal being walked (x->curfn) with signature u and FUNCTYPE node ft; x->results gets the
 * results. */
static void esc_sig_locs(Esc *x, Node *ft, Type *u, Node *recv_field) {
    int nr = u && u->kind == TY_FUNC ? u->nresults : 0;
    x->nresults = nr;
    x->results = calloc((size_t)nr + 1, sizeof(EscLoc *));
    int pi = 0;
    if (recv_field) {
        Obj *v = recv_field->list.len ? recv_field->list.items[0]->obj : NULL;
        if (v) esc_param_init(esc_var_loc(x, v), pi, nr);
        pi++;
    }
    for (int i = 0; ft && i < ft->list.len; i++) {
        Node *fld = ft->list.items[i];
        int nn = fld->list.len ? fld->list.len : 1;
        for (int k = 0; k < nn; k++, pi++) {
            Obj *v = fld->list.len ? fld->list.items[k]->obj : NULL;
            if (v) esc_param_init(esc_var_loc(x, v), pi, nr);
        }
    }
    int ri = 0;
    for (int i = 0; ft && i < ft->list2.len; i++) {
        Node *fld = ft->list2.items[i];
        int nn = fld->list.len ? fld->list.len : 1;
        for (int k = 0; k < nn && ri < nr; k++, ri++) {
            Obj *v = fld->list.len ? fld->list.items[k]->obj : NULL;
            EscLoc *l = v ? esc_var_loc(x, v) : esc_new(x, EL_RESULT);
            l->result = ri;
            x->results[ri] = l;
        }
    }
    for (int r = ri; r < nr; r++) { x->results[r] = esc_new(x, EL_RESULT); x->results[r]->result = r; }
}

/* Params and results of decl, in summary order (receiver first). */
static void esc_func_params(Esc *x, Node *decl, EscSummary *s) {
    Obj *fn = decl->obj;
    Type *u = gen_under(fn->type);
    int np = (fn->recv ? 1 : 0) + u->nfields, nr = u->nresults;
    if (!s->leak_heap) {
        s->nparams = np;
        s->nresults = nr;
        s->leak_heap = malloc(sizeof(int) * (size_t)(np + 1));
        s->leak_res = malloc(sizeof(int) * (size_t)(np * nr + 1));
        for (int i = 0; i < np; i++) s->leak_heap[i] = ESC_NONE;
        for (int i = 0; i < np * nr; i++) s->leak_res[i] = ESC_NONE;
    }
    esc_sig_locs(x, decl->b, u, fn->recv ? decl->a : NULL);
}

/* A fresh graph for the function (or package-level initialiser) fn. */
static void esc_begin(Esc *x, Node *fn) {
    memset(&x->heap, 0, sizeof x->heap);
    x->heap.kind = EL_HEAP;
    x->heap.escapes = true;
    x->heap.param = x->heap.result = -1;
    x->nlocs = 0;
    x->nlits = 0;
    x->loopdepth = 1;
    x->curfn = fn;
}

static void esc_end(Esc *x) {
    for (int i = 0; i < x->nlocs; i++) {
        free(x->locs[i]->edges);
        free(x->locs[i]->leak_res);
        free(x->locs[i]);
    }
    x->nlocs = 0;
    free(x->heap.edges);
    x->heap.edges = NULL;
    free(x->results);
    x->results = NULL;
}

/* A function literal in a package-level initialiser (`var f = func...`): analysed on its own,
 * its closure object in the heap (a global keeps it), with the literals nested in it. */
static void esc_global_lit(Esc *x, Node *spec, Node *lit) {
    esc_begin(x, spec);
    x->has_goto = esc_has_goto(lit->body);
    esc_func_lit(x, esc_heap_hole(x), lit);
    esc_walk_all(x);
    if (x->final) esc_finish(x, spec);
    esc_end(x);
}

/* The literals of a package-level initialiser that no other literal encloses. */
static void esc_global_lits_in(Esc *x, Node *spec, Node *n) {
    if (!n) return;
    if (n->kind == N_FUNCLIT) { esc_global_lit(x, spec, n); return; }
    Node *kids[] = { n->a, n->b, n->c, n->d, n->init, n->cond, n->post, n->body, n->els };
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) esc_global_lits_in(x, spec, kids[i]);
    for (int i = 0; i < n->list.len; i++) esc_global_lits_in(x, spec, n->list.items[i]);
    for (int i = 0; i < n->list2.len; i++) esc_global_lits_in(x, spec, n->list2.items[i]);
}

static bool esc_has_goto(Node *n) {
    if (!n) return false;
    if (n->kind == N_BRANCH && n->op == TK_GOTO) return true;
    Node *kids[] = { n->a, n->b, n->c, n->d, n->init, n->cond, n->post, n->body, n->els };
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) if (esc_has_goto(kids[i])) return true;
    for (int i = 0; i < n->list.len; i++) if (esc_has_goto(n->list.items[i])) return true;
    for (int i = 0; i < n->list2.len; i++) if (esc_has_goto(n->list2.items[i])) return true;
    return false;
}

static void esc_func(Esc *x, Node *decl) {
    Obj *fn = decl->obj;
    EscSummary *s = &x->sums[fn->func_index];
    esc_begin(x, decl);
    if (s->has_goto == 0) s->has_goto = esc_has_goto(decl->body) ? 1 : -1;   /* 0: not yet known */
    x->has_goto = s->has_goto > 0;
    esc_func_params(x, decl, s);
    esc_stmt(x, decl->body);
    esc_walk_all(x);
    /* the new summary; it only grows from round to round */
    for (int i = 0; i < x->nlocs; i++) {
        EscLoc *l = x->locs[i];
        if (l->param < 0 || l->param >= s->nparams || l->fn != decl) continue;
        int lh = l->escapes ? 0 : l->leak_heap;
        if (lh < s->leak_heap[l->param]) { s->leak_heap[l->param] = lh; x->changed = true; }
        for (int r = 0; r < s->nresults; r++) {
            int *d = &s->leak_res[l->param * s->nresults + r];
            if (l->leak_res[r] < *d) { *d = l->leak_res[r]; x->changed = true; }
        }
    }
    s->done = true;
    if (x->final) esc_finish(x, decl);
    esc_end(x);
}

static void esc_round(Esc *x, Program *p) {
    for (int i = 0; i < p->npkgs; i++) {
        Package *pkg = p->pkgs[i];
        Node *root = pkg->file ? pkg->file->root : NULL;
        if (!root) continue;
        x->g->pkg = pkg;
        x->g->file = pkg->file->path;
        for (int j = 0; j < root->list2.len; j++) {
            Node *d = root->list2.items[j];
            if (d->kind == N_VARDECL)
                for (int k = 0; k < d->list.len; k++) esc_global_lits_in(x, d->list.items[k], d->list.items[k]);
            if (d->kind != N_FUNCDECL || !d->obj || !d->body || d->obj->func_index < 0) continue;
            esc_func(x, d);
        }
    }
}

/* ==== how each captured variable is captured ==== */

/* Marks every variable assigned after its declaration: `x = v`, `x op= v`, `x++`, a `:=` that
 * redeclares x, a range clause (assigned at each iteration), a `return v` to a named result. */
static void esc_mark_assigned(Node *n) {
    /* a field or element of a variable held in place (a struct, an array) assigns the variable */
    for (;;) {
        while (n && n->kind == N_PAREN) n = n->a;
        if (!n || !n->a) break;
        Type *u = n->a->type ? gen_under(n->a->type) : NULL;
        if (n->kind == N_SELECTOR && n->aux == SEL_FIELD && u && u->kind == TY_STRUCT) n = n->a;
        else if (n->kind == N_INDEX && u && u->kind == TY_ARRAY) n = n->a;
        else break;
    }
    if (n && n->kind == N_IDENT && n->obj && n->obj->kind == OBJ_VAR && n->obj->decl != n) n->obj->reassigned = true;
}

static void esc_walk_assigns(Node *n, Node *fn);

static void esc_walk_assigns_list(NodeList *l, Node *fn) {
    for (int i = 0; i < l->len; i++) esc_walk_assigns(l->items[i], fn);
}

static void esc_walk_assigns(Node *n, Node *fn) {
    if (!n) return;
    switch (n->kind) {
    case N_ASSIGN:
        for (int i = 0; i < n->list.len; i++) esc_mark_assigned(n->list.items[i]);
        break;
    case N_INCDEC:
        esc_mark_assigned(n->a);
        break;
    case N_RANGE:
        if (n->a && n->a->obj) n->a->obj->reassigned = true;
        if (n->b && n->b->obj) n->b->obj->reassigned = true;
        if (n->a) esc_mark_assigned(n->a);
        if (n->b) esc_mark_assigned(n->b);
        break;
    case N_RETURN:
        if (n->list.len && fn && fn->b) {
            Node *ft = fn->b;
            for (int i = 0; i < ft->list2.len; i++)
                for (int k = 0; k < ft->list2.items[i]->list.len; k++) {
                    Obj *r = ft->list2.items[i]->list.items[k]->obj;
                    if (r) r->reassigned = true;
                }
        }
        break;
    case N_FUNCLIT:
        fn = n;
        break;
    default:
        break;
    }
    if (n->kind != N_FUNCLIT) {     /* a literal's capture list names variables, not uses */
        esc_walk_assigns_list(&n->list, fn);
    }
    Node *kids[] = { n->init, n->cond, n->post, n->a, n->b, n->c, n->d, n->body, n->els };
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) esc_walk_assigns(kids[i], fn);
    esc_walk_assigns_list(&n->list2, fn);
}

/* Go's rule (cmd/compile/internal/escape, flowClosure): a variable is captured by value when its
 * address is never taken, it is never reassigned and it takes at most 128 bytes; otherwise by
 * reference, and then its address is taken: escape analysis decides whether it stays in the
 * frame (the closure does not escape) or moves to the heap. */
static void esc_decide_captures(Node *n) {
    if (!n) return;
    if (n->kind == N_FUNCLIT)
        for (int i = 0; i < n->list.len; i++) {
            Obj *v = n->list.items[i]->obj;
            if (!v) continue;
            v->byval = !v->addr_taken && !v->reassigned && type_size(v->type) <= 128;
            if (!v->byval) {
                v->addr_taken = true;
                if (v->vclass == VAR_LOCAL) v->vclass = VAR_HEAP;   /* the checker's default */
            }
        }
    else
        for (int i = 0; i < n->list.len; i++) esc_decide_captures(n->list.items[i]);
    Node *kids[] = { n->init, n->cond, n->post, n->a, n->b, n->c, n->d, n->body, n->els };
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++) esc_decide_captures(kids[i]);
    for (int i = 0; i < n->list2.len; i++) esc_decide_captures(n->list2.items[i]);
}

static void esc_captures(Program *p) {
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < p->npkgs; i++) {
            Node *root = p->pkgs[i]->file ? p->pkgs[i]->file->root : NULL;
            for (int j = 0; root && j < root->list2.len; j++) {
                Node *d = root->list2.items[j];
                if (d->kind == N_FUNCDECL && d->body) {
                    if (pass == 0) esc_walk_assigns(d->body, d);
                    else esc_decide_captures(d->body);
                } else if (d->kind == N_VARDECL) {
                    if (pass == 0) esc_walk_assigns(d, NULL);
                    else esc_decide_captures(d);
                }
            }
        }
}

/* Runs the analysis over every function of the program and applies its decisions (the
 * variables' classes, NF_STACK on allocation sites); reports them with -m. */
void escape_analyze(Gen *g) {
    Program *p = g->prog;
    Esc x;
    memset(&x, 0, sizeof x);
    x.g = g;
    x.nsums = g->nfuncs;
    x.sums = calloc((size_t)x.nsums + 1, sizeof(EscSummary));
    /* natives never keep their arguments (they may return them, or parts of them: a
     * substring); what they receive as interfaces was boxed in the heap already */
    for (uint32_t i = 0; i < x.nsums; i++) {
        Obj *fn = g->func_objs[i];
        if (!fn || !fn->is_native) continue;
        EscSummary *sm = &x.sums[i];
        Type *u = gen_under(fn->type);
        sm->nparams = (fn->recv ? 1 : 0) + u->nfields;
        sm->nresults = u->nresults;
        sm->leak_heap = malloc(sizeof(int) * (size_t)(sm->nparams + 1));
        sm->leak_res = malloc(sizeof(int) * (size_t)(sm->nparams * sm->nresults + 1));
        for (int k = 0; k < sm->nparams; k++) sm->leak_heap[k] = ESC_NONE;
        for (int k = 0; k < sm->nparams * sm->nresults; k++) sm->leak_res[k] = 0;
        sm->done = true;
    }
    esc_captures(p);
    int rounds = 0;
    do {
        x.changed = false;
        esc_round(&x, p);
    } while (x.changed && ++rounds < ESC_MAX_ROUNDS);
    if (x.changed)                          /* did not settle: every parameter leaks */
        for (uint32_t i = 0; i < x.nsums; i++)
            for (int k = 0; x.sums[i].leak_heap && k < x.sums[i].nparams; k++) x.sums[i].leak_heap[k] = 0;
    x.final = true;
    esc_round(&x, p);
    for (uint32_t i = 0; i < x.nsums; i++) { free(x.sums[i].leak_heap); free(x.sums[i].leak_res); }
    free(x.sums);
    free(x.locs);
    free(x.lit_parent);
    g->pkg = NULL;
    g->file = NULL;
}

/* ==== the generator's questions ==== */

bool escape_on_stack(Node *e) {
    return e && (e->flags & NF_STACK);
}
