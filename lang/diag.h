/* lang/diag.h — diagnostics: errors and warnings as values.
 *
 * Every stage (lexer, parser, checker, code generator, .golc loader) reports problems by
 * appending a Diag to a DiagList; nothing prints or exits from deep inside. The driver prints
 * the list, sorted by position, in Go's format:
 *
 *     hello.gol:12:5: syntax error: unexpected newline in argument list; possibly missing comma or )
 *     hello.gol:3:8: warning: imported and not used: "os"
 *
 * Like Go, the driver stops after 10 errors ("too many errors"). Warnings (DESIGN §1: unused
 * variables and imports) never stop compilation.
 */
#ifndef GOL_LANG_DIAG_H
#define GOL_LANG_DIAG_H

#include <stdarg.h>
#include <stdio.h>
#include "lang/ast.h"

typedef enum { DIAG_ERROR, DIAG_WARNING } DiagLevel;

typedef struct Diag {
    DiagLevel level;
    const char *file;
    Pos pos;
    char *msg;          /* malloc'd, without the "file:line:col: " prefix */
} Diag;

typedef struct DiagList {
    Diag *items;
    int len, cap;
    int nerrors;
} DiagList;

void diag_add(DiagList *d, DiagLevel lv, const char *file, Pos pos, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void diag_vadd(DiagList *d, DiagLevel lv, const char *file, Pos pos, const char *fmt, va_list ap);
/* Sorts by (file, line, col), drops exact duplicates, prints at most `max_errors` errors
 * (then "too many errors"), warnings first-come. Returns the number of errors. */
int  diag_print(DiagList *d, FILE *out, int max_errors);
void diag_free(DiagList *d);

#endif
