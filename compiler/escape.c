/* compiler/escape.c — which values live in the heap, and the `gol build -m` report.
 *
 * gol's escape analysis is, for now, the simplest sound rule: a variable whose address is taken
 * (&x, x.f sliced or pointed to, or — later — captured by a closure) is moved to the heap. Its
 * frame slot then holds a pointer to a heap cell made with NEW when the declaration runs
 * (VAR_HEAP), so no pointer into a goroutine stack ever exists and stacks can be moved by plain
 * copying (vm/bytecode.h). Every composite literal under &, every new(T) and every make([]T, n)
 * and every slice literal's backing array are heap allocated too.
 *
 * With GenOptions.escape_report, each decision is reported in Go's words, sorted by position:
 *
 *     ./x.gol:5:2: moved to heap: x
 *     ./x.gol:9:7: &Point{...} escapes to heap
 *     ./x.gol:12:10: make([]int, n) escapes to heap
 *     ./x.gol:13:7: []int{...} escapes to heap
 *
 * Go's compiler keeps many of these on the stack when it can prove they do not outlive the
 * frame ("does not escape"); gol reports what it actually does, so the lines are true for gol.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"

static void escape_add(Gen *g, Pos pos, const char *fmt, const char *arg) {
    if (!g->opt || !g->opt->escape_report) return;
    if (g->prog && g->pkg && g->pkg != g->prog->main) return;   /* as go build: the user's package */
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

void escape_var(Gen *g, Obj *v, Pos pos) {
    if (!v || v->kind != OBJ_VAR) return;
    if (v->addr_taken) v->vclass = VAR_HEAP;
    if (v->vclass == VAR_HEAP && v->name && strcmp(v->name, "_") != 0)
        escape_add(g, v->pos.line ? v->pos : pos, "moved to heap: %s", v->name);
}

static void escape_fields(Gen *g, NodeList *fields) {
    for (int i = 0; i < fields->len; i++) {
        Node *f = fields->items[i];
        for (int k = 0; k < f->list.len; k++) {
            Obj *v = f->list.items[k]->obj;
            if (v) escape_var(g, v, f->list.items[k]->pos);
        }
    }
}

/* Parameters and results are decided before the frame is laid out. */
void escape_func(Gen *g, Node *decl) {
    if (decl->a) escape_fields(g, &decl->a->list);
    if (decl->b) {
        escape_fields(g, &decl->b->list);
        escape_fields(g, &decl->b->list2);
    }
}

/* The source text of a node from its position to its balanced closing bracket. */
static int escape_source(Gen *g, Node *e, char open, char close, char *out, size_t outn) {
    SourceFile *sf = g->pkg ? g->pkg->file : NULL;
    if (!sf || !sf->text || e->pos.line <= 0) return 0;
    const char *p = sf->text, *end = sf->text + sf->len;
    for (int line = 1; line < e->pos.line && p < end; p++) if (*p == '\n') line++;
    p += e->pos.col - 1;
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

/* An allocation site: a call (make, new) or a composite literal, `what` being "&" for &T{...}
 * and "" for a slice literal's backing array. */
void escape_note_alloc(Gen *g, Node *e, const char *what) {
    if (!g->opt || !g->opt->escape_report) return;
    char text[1100];
    if (e->kind == N_COMPOSITE) {
        bool amp = what && what[0] == '&';
        char ty[512];
        ty[0] = 0;
        if (e->a) {
            escape_source(g, e, '{', '}', text, sizeof text);
            char *brace = strchr(text, '{');
            if (brace) *brace = 0;
            snprintf(ty, sizeof ty, "%.500s", text);
        } else {
            Type *t = e->type;
            if (t && gen_under(t)->kind == TY_POINTER) t = gen_under(t)->elem;
            if (t) type_string(t, ty, sizeof ty, false);
        }
        snprintf(text, sizeof text, "%s%s{%s}", amp ? "&" : "", ty, e->list.len ? "..." : "");
        Pos pos = e->pos;
        if (amp && e->a && pos.col > 1) pos.col--;   /* Go reports the & of &T{...} */
        else if (!amp) pos = escape_lbrace(g, e);
        escape_add(g, pos, "%s escapes to heap", text);
        return;
    }
    if (!escape_source(g, e, '(', ')', text, sizeof text)) snprintf(text, sizeof text, "value");
    /* Go positions a call at its '(' */
    escape_add(g, e->kind == N_CALL && e->pos2.line ? e->pos2 : e->pos, "%s escapes to heap", text);
}

static int escape_cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void escape_report_flush(Gen *g) {
    if (g->nesc == 0) return;
    qsort(g->esc_lines, (size_t)g->nesc, sizeof(char *), escape_cmp);
    for (int i = 0; i < g->nesc; i++) {
        if (i > 0 && strcmp(g->esc_lines[i], g->esc_lines[i - 1]) == 0) continue;
        fprintf(stderr, "%s\n", strchr(g->esc_lines[i], '|') + 1);
    }
    for (int i = 0; i < g->nesc; i++) free(g->esc_lines[i]);
    free(g->esc_lines);
    g->esc_lines = NULL;
    g->nesc = g->capesc = 0;
}
