/* lang/parse.h — the front end's entry point: text in, syntax tree and diagnostics out.
 *
 * parse_source runs the re2c lexer (lang/lexer.re), which applies Go's automatic-semicolon
 * rule and pushes each token into the lemon parser (lang/grammar.y). Syntax errors are appended
 * to `diags` in Go's wording; the parser recovers at the next statement or declaration so that
 * independent errors in one file are all reported. The returned SourceFile is never NULL;
 * its root is NULL only when nothing could be parsed. */
#ifndef GOL_LANG_PARSE_H
#define GOL_LANG_PARSE_H
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/arena.h"

/* `text` must stay alive as long as the SourceFile; it must be NUL-terminated at text[len]. */
SourceFile *parse_source(const char *path, const char *text, size_t len, DiagList *diags);
void        source_free(SourceFile *f);

/* Debug aid: prints the tree as an indented S-expression (used by `gol parse` and tests). */
void ast_dump(FILE *out, const Node *n, int indent);

/* The text of a token code ("newline", "identifier", "comma", ")", "name"...), in the words
 * Go's syntax errors use. */
const char *token_describe(int tk);

#endif
