/* lang/diag.c — diagnostics as values, printed in Go's format.
 *
 * The idea: no stage prints or exits when it finds a problem; it appends a Diag (level, file,
 * position, message) to a DiagList and carries on. The driver calls diag_print once, which
 * sorts by position (so lexer, parser and checker messages interleave as in a single pass),
 * drops exact duplicates (error recovery may report the same thing twice), and prints
 *
 *     file:line:col: message               (errors)
 *     file:line:col: warning: message      (warnings)
 *
 * stopping after `max_errors` errors with "too many errors", as the Go compiler does.
 * A Diag with line 0 has no position and prints as "file: message".
 */
#include "lang/diag.h"

#include <stdlib.h>
#include <string.h>

static void diag_reserve(DiagList *d) {
    if (d->len < d->cap)
        return;
    int ncap = d->cap ? d->cap * 2 : 16;
    Diag *n = realloc(d->items, ncap * sizeof *n);
    if (!n) {
        fputs("gol: out of memory\n", stderr);
        exit(2);
    }
    d->items = n;
    d->cap = ncap;
}

void diag_vadd(DiagList *d, DiagLevel lv, const char *file, Pos pos, const char *fmt, va_list ap) {
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *msg = malloc((size_t)n + 1);
    if (!msg) {
        fputs("gol: out of memory\n", stderr);
        exit(2);
    }
    if ((size_t)n < sizeof small)
        memcpy(msg, small, (size_t)n + 1);
    else
        vsnprintf(msg, (size_t)n + 1, fmt, ap);
    diag_reserve(d);
    d->items[d->len++] = (Diag){lv, file, pos, msg};
    if (lv == DIAG_ERROR)
        d->nerrors++;
}

void diag_add(DiagList *d, DiagLevel lv, const char *file, Pos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, lv, file, pos, fmt, ap);
    va_end(ap);
}

/* A diagnostic tagged with its insertion index, so that sorting is stable (qsort is not):
 * two messages at the same position keep the order in which they were reported. */
typedef struct DiagSeq {
    Diag d;
    int seq;
} DiagSeq;

static int diag_cmp(const void *x, const void *y) {
    const DiagSeq *a = x, *b = y;
    int c = strcmp(a->d.file ? a->d.file : "", b->d.file ? b->d.file : "");
    if (c)
        return c;
    if (a->d.pos.line != b->d.pos.line)
        return a->d.pos.line < b->d.pos.line ? -1 : 1;
    if (a->d.pos.col != b->d.pos.col)
        return a->d.pos.col < b->d.pos.col ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static void diag_sort(DiagList *d) {
    if (d->len < 2)
        return;
    DiagSeq *tmp = malloc(d->len * sizeof *tmp);
    if (!tmp) {
        fputs("gol: out of memory\n", stderr);
        exit(2);
    }
    for (int i = 0; i < d->len; i++)
        tmp[i] = (DiagSeq){d->items[i], i};
    qsort(tmp, d->len, sizeof *tmp, diag_cmp);
    for (int i = 0; i < d->len; i++)
        d->items[i] = tmp[i].d;
    free(tmp);
}

static int diag_same(const Diag *a, const Diag *b) {
    return a->level == b->level && a->pos.line == b->pos.line && a->pos.col == b->pos.col &&
           strcmp(a->file ? a->file : "", b->file ? b->file : "") == 0 &&
           strcmp(a->msg, b->msg) == 0;
}

static void diag_print_one(const Diag *g, FILE *out) {
    const char *file = g->file ? g->file : "";
    const char *lv = g->level == DIAG_WARNING ? "warning: " : "";
    if (g->pos.line > 0)
        fprintf(out, "%s:%d:%d: %s%s\n", file, g->pos.line, g->pos.col, lv, g->msg);
    else
        fprintf(out, "%s: %s%s\n", file, lv, g->msg);
}

int diag_print(DiagList *d, FILE *out, int max_errors) {
    diag_sort(d);
    int errors = 0;
    for (int i = 0; i < d->len; i++) {
        const Diag *g = &d->items[i];
        if (i > 0 && diag_same(g, &d->items[i - 1]))
            continue;
        if (g->level == DIAG_ERROR) {
            if (errors == max_errors && max_errors > 0) {
                fprintf(out, "too many errors\n");
                return d->nerrors;
            }
            errors++;
        }
        diag_print_one(g, out);
    }
    return d->nerrors;
}

void diag_free(DiagList *d) {
    for (int i = 0; i < d->len; i++)
        free(d->items[i].msg);
    free(d->items);
    *d = (DiagList){0};
}
