/* lang/grammar_actions.h — private interface between the lemon grammar (grammar.y) and its glue
 * (parse.c). Nothing outside lang/ includes this file; the public entry point is lang/parse.h.
 *
 * The grammar's actions are one-line calls to the parse_* helpers declared here; they build
 * Nodes in the file's arena. The Parser struct is lemon's %extra_context: it carries the file
 * being built, the diagnostics, and the state of the LBODY handshake (see parse.c).
 */
#ifndef GOL_LANG_GRAMMAR_ACTIONS_H
#define GOL_LANG_GRAMMAR_ACTIONS_H

#include "lang/parse.h"
#include "lang/lexer.h"
#include "lang/grammar.h"

/* One open bracket, for the LBODY handshake: which bracket, the header flag to restore when it
 * closes, and for '{' whether closing it re-arms the header (it was an LBODY used as the brace
 * of a composite literal, struct/interface type or function literal inside a header). */
typedef struct Nest {
    char kind;              /* '(' '[' '{' */
    char saved_hdr;
    char rearm;
} Nest;

enum { PARSE_STACK_SNAP = 48 };

/* An if / else-if chain under construction: the outermost IF and the one whose `els` is next. */
typedef struct IfChain {
    Node *first, *last;
} IfChain;

typedef struct Parser {
    SourceFile *file;
    Arena *arena;
    DiagList *diags;
    const char *path;
    Node *root;             /* the N_FILE being built */
    int failed;             /* lemon gave up (unrecoverable) */

    Token tok;              /* the token being pushed (for error messages) */
    int prev_code;          /* the token pushed before it */
    Pos lbrack_pos;         /* position of the last '[' pushed (type parameter lists) */
    int last_err_line;      /* Go reports at most one syntax error per line */
    Pos last_err;           /* position of the last syntax error */
    int top_bodyless;       /* the last top-level declaration was `func f()` without a body */

    /* the LBODY handshake */
    int hdr;                /* 1 after if/for/switch/select until the body's '{' */
    Nest *nest;
    int nnest, capnest;
    int last_lbody;         /* index in nest[] of the most recent LBODY */

    /* what the parser expected just before a failing token (GolParseSnapshot) */
    int snap_valid;
    int exp[128];
    int nexp;
    const char *stack[PARSE_STACK_SNAP];
    int nstack;
} Parser;

/* lemon's entry points (generated, %name GolParse) */
void *GolParseAlloc(void *(*malloc_fn)(size_t), Parser *ps);
void  GolParse(void *p, int major, Token minor);
void  GolParseFree(void *p, void (*free_fn)(void *));
int   GolParseAccepts(void *p, int tok);
void  GolParseSnapshot(void *p, Parser *ps);

/* ---- helpers called from grammar actions ---- */
void     parse_error(Parser *ps, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void     parse_syntax_error(Parser *ps, int major, const Token *t);
void     parse_stack_overflow(Parser *ps);
/* "x := 1", or "assignment (x) = (1)" for a plain assignment: a header statement in messages */
void     parse_format_header_stmt(char *buf, size_t size, const Node *s);
void     parse_lbody_as_brace(Parser *ps);

NodeList parse_nolist(void);
NodeList parse_list1(Parser *ps, Node *n);
NodeList parse_push(Parser *ps, NodeList l, Node *n);
NodeList parse_stmt_push(Parser *ps, NodeList l, Node *n);

Node *parse_node1(Parser *ps, NodeKind k, Pos pos, Node *a);
Node *parse_node2(Parser *ps, NodeKind k, Pos pos, Node *a, Node *b);
Node *parse_nodelist(Parser *ps, NodeKind k, Pos pos, NodeList l);
Node *parse_ident(Parser *ps, const Token *t);
Node *parse_lit(Parser *ps, NodeKind k, const Token *t);

void  parse_package(Parser *ps, const Token *name);
void  parse_import(Parser *ps, const Token *name, const Token *path);
void  parse_top(Parser *ps, Node *decl);
Node *parse_group(Parser *ps, NodeKind k, const Token *kw, NodeList specs);
Node *parse_const_group(Parser *ps, const Token *kw, NodeList specs);
Node *parse_spec(Parser *ps, NodeKind k, NodeList names, Node *type, NodeList values);
Node *parse_typespec(Parser *ps, const Token *name, Node *type, int alias);

Node    *parse_funcdecl(Parser *ps, const Token *kw, Node *hdr, Node *body);
Node    *parse_fnheader(Parser *ps, Node *recv, const Token *name, NodeList params, NodeList results);
Node    *parse_receiver(Parser *ps, const Token *lparen, NodeList raw);
Node    *parse_functype(Parser *ps, Pos pos, NodeList params, NodeList results);
Node    *parse_funclit(Parser *ps, Node *type, Node *body);
Node    *parse_field(Parser *ps, NodeList names, Node *type);
NodeList parse_params(Parser *ps, NodeList raw);
Node    *parse_struct_field(Parser *ps, NodeList names, Node *type, const Token *tag, int flags);
Node    *parse_chantype(Parser *ps, Pos pos, Node *elem, int dir);

Node *parse_block(Parser *ps, const Token *lbrace, NodeList stmts, const Token *rbrace);
Node *parse_labeled(Parser *ps, const Token *label, Node *stmt);
Node *parse_branch(Parser *ps, const Token *kw, const Token *label);
Node *parse_go_defer(Parser *ps, NodeKind k, const Token *kw, Node *call);
Node *parse_return(Parser *ps, const Token *kw, NodeList results);
Node *parse_assign(Parser *ps, const Token *op, int opcode, NodeList lhs, NodeList rhs);
Node *parse_incdec(Parser *ps, Node *x, int op);
Node *parse_header(Parser *ps, Node *init, Node *cond, const Token *semi);
Node *parse_if(Parser *ps, const Token *kw, Node *hdr, Node *body, Node *els);
IfChain parse_if_chain(Parser *ps, const IfChain *chain, const Token *kw, Node *hdr, Node *body);
Node *parse_for_header(Parser *ps, Node *init, Node *cond, Node *post);
Node *parse_for(Parser *ps, const Token *kw, Node *hdr, Node *body);
Node *parse_range(Parser *ps, const Token *kw, NodeList lhs, int op, Node *x);
Node *parse_switch(Parser *ps, const Token *kw, Node *hdr, NodeList clauses, const Token *rbrace);
Node *parse_case(Parser *ps, const Token *kw, NodeList exprs, int flags);
Node *parse_case_body(Parser *ps, Node *clause, NodeList stmts);
Node *parse_select(Parser *ps, const Token *kw, NodeList clauses, const Token *rbrace);
Node *parse_comm(Parser *ps, const Token *kw, Node *comm);

Node *parse_paren(Parser *ps, const Token *lparen, Node *x);
Node *parse_binary(Parser *ps, const Token *op, Node *a, Node *b);
Node *parse_unary(Parser *ps, const Token *op, Node *x);
Node *parse_tilde(Parser *ps, const Token *op, Node *x);
Node *parse_call(Parser *ps, Node *fn, const Token *lparen, NodeList args, int flags);
Node *parse_selector(Parser *ps, Node *x, const Token *dot, const Token *name);
Node *parse_slice(Parser *ps, Node *x, const Token *lbrack, Node *lo, Node *hi, Node *max,
                  const Token *colon2, const Token *rbrack);
Node *parse_composite(Parser *ps, Node *type, Pos pos, NodeList elems, const Token *rbrace);
Node *parse_paren_composite(Parser *ps, const Token *lparen, Node *type, const Token *lbrace,
                            NodeList elems, const Token *rbrace);

#endif
