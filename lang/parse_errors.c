/* lang/parse_errors.c — syntax errors in Go's words.
 *
 * Go's compiler has a hand-written recursive-descent parser that always knows what it is
 * parsing, so its messages name the context: "unexpected newline in argument list; possibly
 * missing comma or )", "unexpected y at end of statement", "else must be followed by if or
 * statement block". An LALR parser only has a state number. This file reconstructs the context
 * from a snapshot taken just before the failing token was pushed (Parser.exp, Parser.stack):
 *
 *   - the terminals the automaton could have shifted (grammar_accepts in grammar.y simulates
 *     the reductions on a virtual stack for each terminal), e.g. { comma, ) };
 *   - the names of the symbols on the parser stack, innermost first, e.g. LPAREN above pexpr
 *     means "argument list", LPAREN above FUNC "parameter list", a brace above STRUCT
 *     "struct type". Closed bracket pairs may still be on the stack (the snapshot precedes the
 *     reductions), so parse_open_bracket skips balanced pairs.
 *
 * parse_phrase then applies Go's rules in the order Go's parser would meet them. Each rule was
 * checked against `go build` (Go 1.19) on broken programs; tests/unit/test_parser.c keeps the
 * table. Like Go, at most one syntax error is reported per line, and none at EOF after an
 * earlier error. Set GOL_PARSE_DEBUG=1 to see the snapshot behind each message.
 *
 * The second half prints expressions back as source, for messages such as
 * "cannot use assignment (x) = (1) as value".
 */
#include "lang/grammar_actions.h"

#include <stdlib.h>
#include <string.h>

/* ==== syntax errors in Go's words ========================================================== */

const char *token_describe(int tk) {
    switch (tk) {
    case 0: return "EOF";
    case TK_SEMI: return "semicolon or newline";
    case TK_IDENT: return "name";
    case TK_INT: case TK_FLOAT: case TK_IMAG: case TK_CHAR: case TK_STRING: return "literal";
    case TK_BREAK: return "break";
    case TK_CASE: return "case";
    case TK_CHAN: return "chan";
    case TK_CONST: return "const";
    case TK_CONTINUE: return "continue";
    case TK_DEFAULT: return "default";
    case TK_DEFER: return "defer";
    case TK_ELSE: return "else";
    case TK_FALLTHROUGH: return "fallthrough";
    case TK_FOR: return "for";
    case TK_FUNC: return "func";
    case TK_GO: return "go";
    case TK_GOTO: return "goto";
    case TK_IF: return "if";
    case TK_IMPORT: return "import";
    case TK_INTERFACE: return "interface";
    case TK_MAP: return "map";
    case TK_PACKAGE: return "package";
    case TK_RANGE: return "range";
    case TK_RETURN: return "return";
    case TK_SELECT: return "select";
    case TK_STRUCT: return "struct";
    case TK_SWITCH: return "switch";
    case TK_TYPE: return "type";
    case TK_VAR: return "var";
    case TK_PLUS: return "+";
    case TK_MINUS: return "-";
    case TK_STAR: return "*";
    case TK_SLASH: return "/";
    case TK_PERCENT: return "%";
    case TK_AND: return "&";
    case TK_OR: return "|";
    case TK_XOR: return "^";
    case TK_SHL: return "<<";
    case TK_SHR: return ">>";
    case TK_ANDNOT: return "&^";
    case TK_ADD_ASSIGN: return "+=";
    case TK_SUB_ASSIGN: return "-=";
    case TK_MUL_ASSIGN: return "*=";
    case TK_QUO_ASSIGN: return "/=";
    case TK_REM_ASSIGN: return "%=";
    case TK_AND_ASSIGN: return "&=";
    case TK_OR_ASSIGN: return "|=";
    case TK_XOR_ASSIGN: return "^=";
    case TK_SHL_ASSIGN: return "<<=";
    case TK_SHR_ASSIGN: return ">>=";
    case TK_AND_NOT_ASSIGN: return "&^=";
    case TK_LAND: return "&&";
    case TK_LOR: return "||";
    case TK_ARROW: return "<-";
    case TK_INC: return "++";
    case TK_DEC: return "--";
    case TK_EQL: return "==";
    case TK_LSS: return "<";
    case TK_GTR: return ">";
    case TK_ASSIGN: return "=";
    case TK_NOT: return "!";
    case TK_NEQ: return "!=";
    case TK_LEQ: return "<=";
    case TK_GEQ: return ">=";
    case TK_DEFINE: return ":=";
    case TK_ELLIPSIS: return "...";
    case TK_LPAREN: return "(";
    case TK_RPAREN: return ")";
    case TK_LBRACK: return "[";
    case TK_RBRACK: return "]";
    case TK_LBRACE: case TK_LBODY: return "{";
    case TK_RBRACE: return "}";
    case TK_COMMA: return "comma";
    case TK_PERIOD: return ".";
    case TK_COLON: return ":";
    case TK_TILDE: return "~";
    }
    return "token";
}

/* The offending token as Go 1.19's syntaxErrorAt writes it: names and semicolons by their
 * text, literals as "literal 42", keywords and operators by their spelling. */
static void parse_describe_found(const Token *t, char *buf, size_t size) {
    switch (t->code) {
    case 0:
        snprintf(buf, size, "EOF");
        return;
    case TK_IDENT:
        snprintf(buf, size, "%.*s", t->len > 200 ? 200 : t->len, t->lit);
        return;
    case TK_SEMI:
        snprintf(buf, size, "%s", t->semi ? t->semi : "semicolon");
        return;
    case TK_INT: case TK_FLOAT: case TK_IMAG: case TK_CHAR: case TK_STRING:
        snprintf(buf, size, "literal %.*s", t->len > 200 ? 200 : t->len, t->lit);
        return;
    }
    snprintf(buf, size, "%s", token_describe(t->code));
}

static int parse_has(const Parser *ps, int tk) {
    for (int i = 0; i < ps->nexp; i++)
        if (ps->exp[i] == tk)
            return 1;
    return 0;
}

static int parse_sym_is(const Parser *ps, int i, const char *name) {
    return i >= 0 && i < ps->nstack && strcmp(ps->stack[i], name) == 0;
}

/* Index (from the top of the stack) of the innermost unclosed bracket, or -1. `lbrace` is the
 * nonterminal an LBRACE or LBODY becomes when it opens a literal or type body. */
static int parse_open_bracket(const Parser *ps) {
    static const char *const open[] = {"LPAREN", "LBRACE", "LBODY", "LBRACK", "lbrace"};
    static const char *const close[] = {"RPAREN", "RBRACE", "RBRACK"};
    int depth = 0;   /* the snapshot is taken before reductions: closed pairs may still be there */
    for (int i = 0; i < ps->nstack; i++) {
        for (int k = 0; k < 3; k++)
            if (!strcmp(ps->stack[i], close[k]))
                depth++;
        for (int k = 0; k < 5; k++)
            if (!strcmp(ps->stack[i], open[k])) {
                if (depth == 0)
                    return i;
                depth--;
            }
    }
    return -1;
}

static int parse_expects_expr(const Parser *ps) {
    return parse_has(ps, TK_IDENT) && parse_has(ps, TK_INT) && parse_has(ps, TK_LPAREN) &&
           parse_has(ps, TK_NOT);
}

static int parse_expects_type(const Parser *ps) {
    return parse_has(ps, TK_IDENT) && parse_has(ps, TK_LBRACK) && parse_has(ps, TK_MAP) &&
           !parse_has(ps, TK_INT);
}

/* The list Go's p.list(context, sep, close) would be parsing, when the error comes where a
 * separator or the closing token was due; NULL otherwise. */
static const char *parse_list_context(const Parser *ps, int b, const char **sep, const char **close) {
    if (b <= 0 || parse_sym_is(ps, 0, "COMMA"))
        return NULL;   /* at the start of an element Go reports what the element needed */
    const char *br = ps->stack[b];
    if (!strcmp(br, "LPAREN") && parse_has(ps, TK_RPAREN)) {
        *close = ")";
        *sep = "comma";
        if (parse_sym_is(ps, b + 1, "pexpr") || parse_sym_is(ps, b + 1, "convtype"))
            return "argument list";
        if (parse_sym_is(ps, b + 1, "FUNC") || parse_sym_is(ps, b + 1, "sym") ||
            parse_sym_is(ps, b + 1, "RPAREN"))
            return "parameter list";
        if (parse_sym_is(ps, b + 1, "VAR") || parse_sym_is(ps, b + 1, "CONST") ||
            parse_sym_is(ps, b + 1, "TYPE") || parse_sym_is(ps, b + 1, "IMPORT")) {
            *sep = "semicolon or newline";
            return "grouped declaration";
        }
        return NULL;
    }
    if (strcmp(br, "LBRACK") != 0 && parse_has(ps, TK_RBRACE)) {
        *close = "}";
        if (parse_sym_is(ps, b + 1, "STRUCT")) {
            *sep = "semicolon or newline";
            return "struct type";
        }
        if (parse_sym_is(ps, b + 1, "INTERFACE")) {
            *sep = "semicolon or newline";
            return "interface type";
        }
        if (parse_has(ps, TK_COMMA) && !parse_has(ps, TK_SEMI)) {
            *sep = "comma";
            return "composite literal";
        }
    }
    return NULL;
}

/* Whether the innermost block on the stack is a switch or select body (or a clause in one). */
static int parse_in_case_clause(const Parser *ps, int b) {
    for (int i = 0; i < ps->nstack && (b < 0 || i <= b + 1); i++)
        if (!strcmp(ps->stack[i], "case") || !strcmp(ps->stack[i], "selcase") ||
            !strcmp(ps->stack[i], "caseblock_list") || !strcmp(ps->stack[i], "selblock_list"))
            return 1;
    return 0;
}

/* The keyword of the statement header being parsed (if for switch select), or NULL. */
static const char *parse_header_keyword(const Parser *ps, int b) {
    static const char *const kw[][2] = {{"IF", "if"}, {"FOR", "for"}, {"SWITCH", "switch"},
                                        {"SELECT", "select"}};
    for (int i = 0; i < ps->nstack && (b < 0 || i < b); i++) {
        if (!strcmp(ps->stack[i], "LBODY"))
            return NULL;   /* that statement's body was already opened (and closed) */
        for (int k = 0; k < 4; k++)
            if (!strcmp(ps->stack[i], kw[k][0]))
                return kw[k][1];
    }
    return NULL;
}

/* Whether the statement being parsed starts with a list `a, b` (Go then wants := or =). */
static int parse_lhs_list(const Parser *ps, int b) {
    for (int i = 0; i + 1 < ps->nstack && (b < 0 || i < b); i++) {
        if (!strcmp(ps->stack[i], "SEMI"))
            return 0;
        if (!strcmp(ps->stack[i], "COMMA") && !strcmp(ps->stack[i + 1], "expr_list"))
            return 1;
    }
    return 0;
}

/* Whether an import spec is being parsed. */
static int parse_in_import(const Parser *ps) {
    for (int i = 0; i < 3 && i < ps->nstack; i++)
        if (!strcmp(ps->stack[i], "IMPORT"))
            return 1;
    return 0;
}

/* Whether the statement header being parsed already had its first ';' (after the init). */
static int parse_header_has_semi(const Parser *ps, int b) {
    for (int i = 0; i < ps->nstack && (b < 0 || i < b); i++) {
        if (!strcmp(ps->stack[i], "SEMI") || !strcmp(ps->stack[i], "RANGE"))
            return 1;   /* after `init;` or a range clause the header is complete */
        if (!strcmp(ps->stack[i], "IF") || !strcmp(ps->stack[i], "FOR") ||
            !strcmp(ps->stack[i], "SWITCH"))
            return 0;
    }
    return 0;
}

/* Whether a case or default clause head (before its ':') is being parsed. */
static int parse_in_case_head(const Parser *ps, int b) {
    for (int i = 0; i < ps->nstack && (b < 0 || i < b); i++)
        if (!strcmp(ps->stack[i], "CASE") || !strcmp(ps->stack[i], "DEFAULT"))
            return 1;
    return 0;
}

static int parse_starts_stmt_list(int code) {
    return code == TK_SEMI || code == TK_LBRACE || code == TK_LBODY || code == TK_COLON;
}

/* Phrases the error at token t the way cmd/compile/internal/syntax/parser.go (Go 1.19) does,
 * from the snapshot of what the parser expected (ps->exp) and its stack (ps->stack). */
static void parse_phrase(Parser *ps, const Token *t, const char *found, char *msg, size_t size) {
    int b = parse_open_bracket(ps);
    const char *sep = NULL, *close = NULL, *ctx;
    int top = b < 0;
    int expr = parse_expects_expr(ps);
    const char *hdr = parse_header_keyword(ps, b);

    if (ps->prev_code == TK_ELSE && t->code != TK_IF && t->code != TK_LBRACE) {
        snprintf(msg, size, "else must be followed by if or statement block");
    } else if (ps->nexp == 1 && ps->exp[0] == TK_PACKAGE) {
        snprintf(msg, size, "package statement must be first");
    } else if (parse_has(ps, TK_STRING) && !expr && parse_in_import(ps)) {
        if (t->code == TK_INT || t->code == TK_FLOAT || t->code == TK_IMAG || t->code == TK_CHAR)
            snprintf(msg, size, "import path must be a string");
        else
            snprintf(msg, size, "missing import path");
    } else if (top && parse_has(ps, TK_FUNC) && parse_has(ps, TK_VAR) && parse_has(ps, TK_CONST) &&
               !parse_has(ps, TK_IF)) {
        if (t->code == TK_LBRACE && ps->top_bodyless)
            snprintf(msg, size, "unexpected semicolon or newline before {");
        else
            snprintf(msg, size, "non-declaration statement outside function body");
    } else if (top && parse_has(ps, TK_SEMI) && !expr && !parse_has(ps, TK_COMMA) &&
               ps->prev_code != TK_IMPORT && ps->prev_code != TK_PACKAGE) {
        snprintf(msg, size, "unexpected %s after top level declaration", found);
    } else if (!top && parse_has(ps, TK_RBRACE) && parse_has(ps, TK_SEMI) &&
               parse_starts_stmt_list(ps->prev_code)) {
        if (parse_in_case_clause(ps, b))
            snprintf(msg, size, "unexpected %s, expecting case or default or }", found);
        else
            snprintf(msg, size, "unexpected %s, expecting }", found);
    } else if (hdr && t->code == TK_VAR && ps->prev_code != TK_SEMI) {
        snprintf(msg, size, "var declaration not allowed in %s initializer", hdr);
    } else if (b >= 0 && parse_sym_is(ps, b + 1, "INTERFACE") &&
               (b == 0 || parse_sym_is(ps, 0, "SEMI"))) {
        snprintf(msg, size, "unexpected %s, expecting ~ term or type", found);
    } else if (b >= 0 && parse_sym_is(ps, b + 1, "STRUCT") &&
               (b == 0 || parse_sym_is(ps, 0, "SEMI"))) {
        snprintf(msg, size, "unexpected %s, expecting field name or embedded type", found);
    } else if (!expr && (ctx = parse_list_context(ps, b, &sep, &close)) != NULL) {
        snprintf(msg, size, "unexpected %s in %s; possibly missing %s or %s", found, ctx, sep, close);
    } else if (b >= 0 && !strcmp(ps->stack[b], "LBRACK") && parse_has(ps, TK_RBRACK) &&
               parse_has(ps, TK_COLON) && !expr) {
        snprintf(msg, size, "unexpected %s, expecting comma, : or ]", found);
    } else if (b >= 0 && !strcmp(ps->stack[b], "LBRACK") && !expr && t->code == TK_COMMA) {
        snprintf(msg, size, "unexpected comma; expecting ]");
    } else if (b >= 0 && !strcmp(ps->stack[b], "LBRACK") && !expr &&
               (parse_sym_is(ps, b + 1, "pexpr") || !parse_expects_type(ps))) {
        snprintf(msg, size, "unexpected %s, expecting ]", found);
    } else if (!expr && parse_has(ps, TK_COLON) && parse_in_case_head(ps, b)) {
        snprintf(msg, size, "unexpected %s, expecting :", found);
    } else if (hdr && !strcmp(hdr, "for") && !expr && parse_has(ps, TK_SEMI) && !parse_has(ps, TK_LBODY)) {
        snprintf(msg, size, "unexpected %s, expecting semicolon or newline", found);
    } else if (hdr && parse_has(ps, TK_LBODY) && !expr && strcmp(hdr, "select") != 0 &&
               !parse_header_has_semi(ps, b)) {
        snprintf(msg, size, "unexpected %s, expecting {", found);
    } else if (hdr && parse_has(ps, TK_LBODY) && !expr) {
        if (!strcmp(hdr, "switch") || !strcmp(hdr, "select"))
            snprintf(msg, size, "missing { after %s clause", hdr);
        else
            snprintf(msg, size, "unexpected %s, expecting { after %s clause", found, hdr);
    } else if (expr && parse_sym_is(ps, 0, "LBRACK") && parse_sym_is(ps, 1, "pexpr") &&
               t->code == TK_RBRACK) {
        snprintf(msg, size, "unexpected %s, expecting operand", found);
    } else if (expr) {
        snprintf(msg, size, "unexpected %s, expecting expression", found);
    } else if (parse_has(ps, TK_DEFINE) && parse_has(ps, TK_ASSIGN) && parse_lhs_list(ps, b)) {
        snprintf(msg, size, "unexpected %s, expecting := or = or comma", found);
    } else if (!top && parse_has(ps, TK_RBRACE) && parse_has(ps, TK_SEMI)) {
        snprintf(msg, size, "unexpected %s at end of statement", found);
    } else if (b >= 0 && !strcmp(ps->stack[b], "LPAREN") && parse_has(ps, TK_RPAREN)) {
        snprintf(msg, size, "unexpected %s, expecting )", found);
    } else if (parse_has(ps, TK_CASE) && parse_has(ps, TK_DEFAULT) && parse_has(ps, TK_RBRACE)) {
        snprintf(msg, size, "unexpected %s, expecting case or default or }", found);
    } else if (parse_expects_type(ps)) {
        snprintf(msg, size, "unexpected %s, expecting type", found);
    } else if (ps->nexp == 2 && parse_has(ps, TK_IDENT) && parse_has(ps, TK_LPAREN) &&
               (ps->prev_code == TK_VAR || ps->prev_code == TK_CONST || ps->prev_code == TK_TYPE)) {
        snprintf(msg, size, "unexpected %s, expecting name", found);
    } else if (ps->nexp == 2 && parse_has(ps, TK_IDENT) && parse_has(ps, TK_LPAREN)) {
        snprintf(msg, size, "unexpected %s, expecting name or (", found);
    } else if (ps->nexp == 1 && ps->exp[0] == TK_IDENT && parse_sym_is(ps, 0, "RPAREN") &&
               (parse_sym_is(ps, 2, "FUNC") || parse_sym_is(ps, 3, "FUNC"))) {
        snprintf(msg, size, "unexpected %s, expecting name or (", found);   /* method name */
    } else if (ps->nexp == 1 || (ps->nexp == 2 && parse_has(ps, TK_LBRACE) && parse_has(ps, TK_LBODY))) {
        snprintf(msg, size, "unexpected %s, expecting %s", found, token_describe(ps->exp[0]));
    } else if (ps->nexp == 2) {
        snprintf(msg, size, "unexpected %s, expecting %s or %s", found, token_describe(ps->exp[0]),
                 token_describe(ps->exp[1]));
    } else if (b >= 0 && (!strcmp(ps->stack[b], "LBRACE") || !strcmp(ps->stack[b], "LBODY")) &&
               !parse_has(ps, TK_COMMA) && !parse_has(ps, TK_RPAREN)) {
        /* an operand that cannot go on (Go would have parsed a type as an operand here) */
        snprintf(msg, size, "unexpected %s at end of statement", found);
    } else {
        snprintf(msg, size, "unexpected %s", found);
    }
}

/* Generics: gol is Go 1.19 without them (DESIGN §1), and its grammar has no type parameters,
 * so a generic declaration fails to parse. The bare syntax error ("unexpected [, expecting (")
 * would send the reader looking for a typo; these messages say what the construct is instead,
 * where Go 1.19 with -lang=go1.17 says "type parameter requires go1.18 or later":
 *   - `func F[T any](...)`: the '[' after a function's name, which the grammar refuses;
 *   - `type L[T any] ...`: parsed as an array type `[T` until the token after the name T (a
 *     constraint, or a comma) fails where only ']' could follow; reported at the '[';
 *   - `L[T]` refused after a name elsewhere (a generic receiver `func (l *L[T])`, a variable
 *     `var x L[int]`): a type instantiation;
 *   - `~int` in an interface: a type constraint.
 * Returns whether the error is one of these, with its position and message. */
static int parse_generics_error(const Parser *ps, const Token *t, Pos *pos, char *msg,
                                size_t size) {
    static const char no_generics[] = "not supported by gol (gol has no generics)";
    if (t->code == TK_LBRACK && ps->prev_code == TK_IDENT) {
        *pos = t->pos;
        if (parse_sym_is(ps, 0, "IDENT") && parse_sym_is(ps, 1, "FUNC"))
            snprintf(msg, size, "type parameters are %s", no_generics);
        else
            snprintf(msg, size, "type instantiation is %s", no_generics);
        return 1;
    }
    int type_name = parse_sym_is(ps, 3, "TYPE") ||                          /* type L[ */
                    (parse_sym_is(ps, 3, "LPAREN") && parse_sym_is(ps, 4, "TYPE")) ||  /* type ( L[ */
                    (parse_sym_is(ps, 3, "SEMI") && parse_sym_is(ps, 4, "typedcl_list"));
    if (parse_sym_is(ps, 0, "IDENT") && parse_sym_is(ps, 1, "LBRACK") && parse_sym_is(ps, 2, "sym") &&
        type_name) {
        *pos = ps->lbrack_pos;
        snprintf(msg, size, "type parameters are %s", no_generics);
        return 1;
    }
    int b = parse_open_bracket(ps);
    if (t->code == TK_TILDE && b >= 0 && parse_sym_is(ps, b + 1, "INTERFACE")) {
        *pos = t->pos;
        snprintf(msg, size, "type constraints are %s", no_generics);
        return 1;
    }
    return 0;
}

void parse_syntax_error(Parser *ps, int major, const Token *t) {
    (void)major;
    if (t->pos.line == ps->last_err_line)
        return;
    if (t->code == 0 && ps->diags->nerrors > 0)
        return; /* as Go: no "unexpected EOF" after an earlier error */
    char found[256], msg[600];
    parse_describe_found(t, found, sizeof found);
    if (getenv("GOL_PARSE_DEBUG")) {   /* shows what the error phrasing works from */
        fprintf(stderr, "parse error at %d:%d, expected:", t->pos.line, t->pos.col);
        for (int i = 0; i < ps->nexp; i++)
            fprintf(stderr, " %s", token_describe(ps->exp[i]));
        fprintf(stderr, "\n  stack (innermost first):");
        for (int i = 0; i < ps->nstack; i++)
            fprintf(stderr, " %s", ps->stack[i]);
        fprintf(stderr, "\n");
    }
    Pos at;
    if (parse_generics_error(ps, t, &at, msg, sizeof msg)) {
        ps->last_err_line = t->pos.line;
        ps->last_err = t->pos;
        parse_error(ps, at, "%s", msg);
        return;
    }
    parse_phrase(ps, t, found, msg, sizeof msg);
    ps->last_err_line = t->pos.line;
    ps->last_err = t->pos;
    parse_error(ps, t->pos, "syntax error: %s", msg);
}

void parse_stack_overflow(Parser *ps) {
    parse_error(ps, ps->tok.pos, "syntax error: program too deeply nested");
    ps->failed = 1;
}

/* ==== printing expressions back as source (for messages) ================================= */

/* A bounded string builder; output past the end is dropped, the result stays NUL-terminated. */
typedef struct ParseStr {
    char *buf;
    size_t size, len;
} ParseStr;

static void parse_str_put(ParseStr *s, const char *p, size_t n) {
    for (size_t i = 0; i < n && s->len + 1 < s->size; i++)
        s->buf[s->len++] = p[i];
    s->buf[s->len] = 0;
}

static void parse_str_puts(ParseStr *s, const char *p) {
    parse_str_put(s, p, strlen(p));
}

static void parse_str_expr(ParseStr *s, const Node *n);

static void parse_str_list(ParseStr *s, const NodeList *l) {
    for (int i = 0; i < l->len; i++) {
        if (i)
            parse_str_puts(s, ", ");
        parse_str_expr(s, l->items[i]);
    }
}

static void parse_str_fields(ParseStr *s, const NodeList *l) {
    for (int i = 0; i < l->len; i++) {
        const Node *f = l->items[i];
        if (i)
            parse_str_puts(s, ", ");
        parse_str_list(s, &f->list);
        if (f->list.len)
            parse_str_puts(s, " ");
        parse_str_expr(s, f->a);
    }
}

/* Prints an expression the way Go's syntax.String does for messages: bodies of literals and
 * function literals are elided as "…". */
static void parse_str_expr(ParseStr *s, const Node *n) {
    if (!n)
        return;
    switch (n->kind) {
    case N_IDENT: parse_str_puts(s, n->name); break;
    case N_INTLIT: case N_FLOATLIT: case N_IMAGLIT: case N_RUNELIT: case N_STRINGLIT:
        parse_str_put(s, n->lit, (size_t)n->litlen);
        break;
    case N_PAREN: parse_str_puts(s, "("); parse_str_expr(s, n->a); parse_str_puts(s, ")"); break;
    case N_SELECTOR: parse_str_expr(s, n->a); parse_str_puts(s, "."); parse_str_puts(s, n->name); break;
    case N_INDEX:
        parse_str_expr(s, n->a); parse_str_puts(s, "["); parse_str_expr(s, n->b); parse_str_puts(s, "]");
        break;
    case N_SLICE:
        parse_str_expr(s, n->a); parse_str_puts(s, "["); parse_str_expr(s, n->b);
        parse_str_puts(s, ":"); parse_str_expr(s, n->c);
        if (n->flags & NF_SLICE3) { parse_str_puts(s, ":"); parse_str_expr(s, n->d); }
        parse_str_puts(s, "]");
        break;
    case N_TYPEASSERT:
        parse_str_expr(s, n->a); parse_str_puts(s, ".(");
        if (n->b) parse_str_expr(s, n->b); else parse_str_puts(s, "type");
        parse_str_puts(s, ")");
        break;
    case N_CALL:
        parse_str_expr(s, n->a); parse_str_puts(s, "("); parse_str_list(s, &n->list);
        if (n->flags & NF_DOTS) parse_str_puts(s, "...");
        parse_str_puts(s, ")");
        break;
    case N_STAR: parse_str_puts(s, "*"); parse_str_expr(s, n->a); break;
    case N_UNARY: parse_str_puts(s, token_describe(n->op)); parse_str_expr(s, n->a); break;
    case N_BINARY:
        parse_str_expr(s, n->a); parse_str_puts(s, " "); parse_str_puts(s, token_describe(n->op));
        parse_str_puts(s, " "); parse_str_expr(s, n->b);
        break;
    case N_KEYVALUE: parse_str_expr(s, n->a); parse_str_puts(s, ": "); parse_str_expr(s, n->b); break;
    case N_COMPOSITE: parse_str_expr(s, n->a); parse_str_puts(s, "{…}"); break;
    case N_FUNCLIT: parse_str_expr(s, n->b); parse_str_puts(s, " {…}"); break;
    case N_ARRAYTYPE:
        parse_str_puts(s, "[");
        if (n->flags & NF_DOTS) parse_str_puts(s, "...");
        parse_str_expr(s, n->a);
        parse_str_puts(s, "]"); parse_str_expr(s, n->b);
        break;
    case N_MAPTYPE:
        parse_str_puts(s, "map["); parse_str_expr(s, n->a); parse_str_puts(s, "]"); parse_str_expr(s, n->b);
        break;
    case N_CHANTYPE:
        parse_str_puts(s, n->flags & NF_RECVONLY ? "<-chan " : n->flags & NF_SENDONLY ? "chan<- " : "chan ");
        parse_str_expr(s, n->a);
        break;
    case N_FUNCTYPE:
        parse_str_puts(s, "func("); parse_str_fields(s, &n->list); parse_str_puts(s, ")");
        if (n->list2.len == 1 && !n->list2.items[0]->list.len) {
            parse_str_puts(s, " "); parse_str_expr(s, n->list2.items[0]->a);
        } else if (n->list2.len) {
            parse_str_puts(s, " ("); parse_str_fields(s, &n->list2); parse_str_puts(s, ")");
        }
        break;
    case N_STRUCTTYPE: parse_str_puts(s, "struct{…}"); break;
    case N_INTERFACETYPE: parse_str_puts(s, n->list.len ? "interface{…}" : "interface{}"); break;
    case N_ELLIPSIS: parse_str_puts(s, "..."); parse_str_expr(s, n->a); break;
    default: parse_str_puts(s, "…"); break;
    }
}

static void parse_str_stmt(ParseStr *s, const Node *n) {
    switch (n->kind) {
    case N_ASSIGN:
        parse_str_list(s, &n->list);
        parse_str_puts(s, " ");
        if (n->op != TK_ASSIGN && n->op != TK_DEFINE)
            parse_str_puts(s, token_describe(n->op));
        parse_str_puts(s, n->op == TK_DEFINE ? ":=" : "=");
        parse_str_puts(s, " ");
        parse_str_list(s, &n->list2);
        break;
    case N_INCDEC: parse_str_expr(s, n->a); parse_str_puts(s, token_describe(n->op)); break;
    case N_SEND: parse_str_expr(s, n->a); parse_str_puts(s, " <- "); parse_str_expr(s, n->b); break;
    case N_EXPRSTMT: parse_str_expr(s, n->a); break;
    default: parse_str_puts(s, "…"); break;
    }
}

void parse_format_header_stmt(char *buf, size_t size, const Node *s) {
    ParseStr str = {buf, size, 0};
    buf[0] = 0;
    if (s->kind == N_ASSIGN && s->op == TK_ASSIGN) {
        /* Go parenthesises both sides to show the `=` that was probably meant as `==` */
        parse_str_puts(&str, "assignment (");
        parse_str_list(&str, &s->list);
        parse_str_puts(&str, ") = (");
        parse_str_list(&str, &s->list2);
        parse_str_puts(&str, ")");
    } else {
        parse_str_stmt(&str, s);
    }
}
