/* lang/parse.c — the front end's glue: the lexer loop, the LBODY handshake and the helpers that
 * build the tree (the wording of syntax errors lives in parse_errors.c).
 *
 * 1. The loop. parse_source runs the lexer (lexer.re) and pushes each token into the lemon
 *    parser (grammar.y), SQLite style: lemon is a push parser, so the loop owns the pace and
 *    the parser keeps all its state in a heap object plus our Parser (%extra_context).
 *
 * 2. The LBODY handshake (DESIGN.md §2, from Go's old yacc grammar). In
 *        if x == T{} {
 *    an LALR(1) parser cannot know whether the first '{' starts a composite literal or the
 *    body. Go's rule is that in a statement header a composite literal whose type is a bare
 *    name must be parenthesised, so the token stream settles it: after the keywords if, for,
 *    switch and select, the header flag `hdr` is set, and the first '{' met at the same
 *    bracket depth is sent as TK_LBODY. '(' and '[' save the flag and clear it (inside them a
 *    '{' is always a literal); ')' and ']' restore it. The grammar accepts LBODY where a body
 *    must be, and also as the brace of things that cannot be a body: a composite literal with
 *    an explicit type (`range []int{1, 2} {`), a struct or interface type, a function literal.
 *    When LBODY is used that way, the action `lbrace ::= LBODY` calls parse_lbody_as_brace,
 *    which marks the brace so that its matching '}' re-arms `hdr` for the real body.
 *
 * 3. Building. Grammar actions call the parse_* helpers below; nodes come from the file's
 *    arena, names are interned. Parameter lists are parsed as raw items (`a`, `b int`) and
 *    grouped afterwards by parse_params, exactly as Go's parser does.
 *
 * 4. Errors. Before pushing a token the parser cannot accept, the loop snapshots what the
 *    parser expected (GolParseSnapshot in grammar.y); lemon then calls %syntax_error, and
 *    parse_errors.c phrases the snapshot as Go's parser would. Recovery uses lemon's `error`
 *    token at statement, declaration and case-clause boundaries. Checks made after a rule is
 *    reduced (go/defer operands, header conditions) stay silent when a syntax error occurred
 *    inside the construct, since its shape then comes from error recovery.
 */
#include "lang/grammar_actions.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lang/intern.h"

/* ==== small builders ======================================================================= */

static Node *parse_new(Parser *ps, NodeKind k, Pos pos) {
    return node_new(ps->arena, k, pos);
}

NodeList parse_nolist(void) {
    return (NodeList){0};
}

NodeList parse_list1(Parser *ps, Node *n) {
    NodeList l = {0};
    if (n)
        nodelist_push(ps->arena, &l, n);
    return l;
}

NodeList parse_push(Parser *ps, NodeList l, Node *n) {
    if (n)
        nodelist_push(ps->arena, &l, n);
    return l;
}

NodeList parse_stmt_push(Parser *ps, NodeList l, Node *n) {
    return parse_push(ps, l, n);
}

Node *parse_node1(Parser *ps, NodeKind k, Pos pos, Node *a) {
    Node *n = parse_new(ps, k, pos);
    n->a = a;
    return n;
}

Node *parse_node2(Parser *ps, NodeKind k, Pos pos, Node *a, Node *b) {
    Node *n = parse_node1(ps, k, pos, a);
    n->b = b;
    return n;
}

Node *parse_nodelist(Parser *ps, NodeKind k, Pos pos, NodeList l) {
    Node *n = parse_new(ps, k, pos);
    n->list = l;
    return n;
}

Node *parse_ident(Parser *ps, const Token *t) {
    Node *n = parse_new(ps, N_IDENT, t->pos);
    n->name = t->name ? t->name : intern(t->lit, (size_t)t->len);
    return n;
}

Node *parse_lit(Parser *ps, NodeKind k, const Token *t) {
    Node *n = parse_new(ps, k, t->pos);
    n->lit = t->lit;
    n->litlen = t->len;
    n->sval = t->sval;
    n->svallen = t->svallen;
    n->ival = t->ival;
    return n;
}

void parse_error(Parser *ps, Pos pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(ps->diags, DIAG_ERROR, ps->path, pos, fmt, ap);
    va_end(ap);
}

/* Whether a syntax error occurred at or after `pos`: then the construct that starts at `pos` was
 * rebuilt by error recovery, and checks on its shape would only add noise. */
static int parse_recovered_since(const Parser *ps, Pos pos) {
    return ps->last_err.line > pos.line || (ps->last_err.line == pos.line && ps->last_err.col >= pos.col);
}

/* ==== file and declarations ================================================================ */

void parse_package(Parser *ps, const Token *name) {
    ps->root->name = name->name;
    ps->root->pos = name->pos;
}

void parse_import(Parser *ps, const Token *name, const Token *path) {
    Node *n = parse_new(ps, N_IMPORT, name ? name->pos : path->pos);
    if (name)
        n->name = name->code == TK_PERIOD ? intern(".", 1) : name->name;
    n->lit = path->sval;
    n->litlen = path->svallen;
    nodelist_push(ps->arena, &ps->root->list, n);
}

void parse_top(Parser *ps, Node *decl) {
    if (!decl)
        return;
    ps->top_bodyless = decl->kind == N_FUNCDECL && !decl->body;
    nodelist_push(ps->arena, &ps->root->list2, decl);
}

Node *parse_group(Parser *ps, NodeKind k, const Token *kw, NodeList specs) {
    return parse_nodelist(ps, k, kw->pos, specs);
}

/* iota is the index of the spec in its group (Go spec: Iota). */
Node *parse_const_group(Parser *ps, const Token *kw, NodeList specs) {
    for (int i = 0; i < specs.len; i++)
        specs.items[i]->ival = i;
    return parse_nodelist(ps, N_CONSTDECL, kw->pos, specs);
}

Node *parse_spec(Parser *ps, NodeKind k, NodeList names, Node *type, NodeList values) {
    Node *n = parse_new(ps, k, names.len ? names.items[0]->pos : (Pos){0, 0});
    n->list = names;
    n->a = type;
    n->list2 = values;
    return n;
}

Node *parse_typespec(Parser *ps, const Token *name, Node *type, int alias) {
    Node *n = parse_new(ps, N_TYPESPEC, name->pos);
    n->name = name->name;
    n->a = type;
    if (alias)
        n->flags |= NF_ALIAS;
    return n;
}

/* ==== functions and fields ================================================================= */

Node *parse_field(Parser *ps, NodeList names, Node *type) {
    Node *n = parse_new(ps, N_FIELD, names.len ? names.items[0]->pos : type ? type->pos : (Pos){0, 0});
    n->list = names;
    n->a = type;
    return n;
}

/* Groups raw parameter items as Go does: if any item is `name Type`, every item must be named,
 * and a run of bare names (`a, b int`) shares the type of the next named item. Otherwise every
 * item is a type. */
NodeList parse_params(Parser *ps, NodeList raw) {
    int named = 0;
    for (int i = 0; i < raw.len; i++)
        if (raw.items[i]->list.len)
            named = 1;
    if (!named)
        return raw;
    int quiet = raw.len && parse_recovered_since(ps, raw.items[0]->pos);
    NodeList out = {0};
    NodeList pending = {0};
    for (int i = 0; i < raw.len; i++) {
        Node *f = raw.items[i];
        if (f->list.len) {
            if (pending.len) {
                for (int j = 0; j < f->list.len; j++)
                    nodelist_push(ps->arena, &pending, f->list.items[j]);
                f->list = pending;
                f->pos = pending.items[0]->pos;
                pending = (NodeList){0};
            }
            nodelist_push(ps->arena, &out, f);
        } else if (f->a && f->a->kind == N_IDENT) {
            nodelist_push(ps->arena, &pending, f->a);
        } else {
            if (!quiet)
                parse_error(ps, f->pos, "syntax error: mixed named and unnamed parameters");
            nodelist_push(ps->arena, &out, f);
        }
    }
    if (pending.len) {
        if (!quiet)
            parse_error(ps, pending.items[pending.len - 1]->pos,
                        "syntax error: mixed named and unnamed parameters");
        for (int j = 0; j < pending.len; j++)
            nodelist_push(ps->arena, &out, parse_field(ps, parse_nolist(), pending.items[j]));
    }
    return out;
}

Node *parse_functype(Parser *ps, Pos pos, NodeList params, NodeList results) {
    Node *n = parse_new(ps, N_FUNCTYPE, pos);
    n->list = parse_params(ps, params);
    n->list2 = results;
    return n;
}

Node *parse_fnheader(Parser *ps, Node *recv, const Token *name, NodeList params, NodeList results) {
    Node *n = parse_new(ps, N_FUNCDECL, name->pos);
    n->name = name->name;
    n->a = recv;
    n->b = parse_functype(ps, name->pos, params, results);
    return n;
}

Node *parse_receiver(Parser *ps, const Token *name, NodeList raw) {
    NodeList l = parse_params(ps, raw);
    if (l.len == 0) {
        parse_error(ps, name->pos, "method has no receiver");
        return NULL;
    }
    if (l.len > 1 || l.items[0]->list.len > 1) {
        parse_error(ps, name->pos, "method has multiple receivers");
        return NULL;
    }
    return l.items[0];
}

/* FUNCDECL: pos is the `func` keyword, pos2 the function's name (where Go reports
 * redeclarations and the like). */
Node *parse_funcdecl(Parser *ps, const Token *kw, Node *hdr, Node *body) {
    hdr->pos2 = hdr->pos;
    hdr->pos = kw->pos;
    hdr->b->pos = kw->pos;
    hdr->body = body;
    return hdr;
}

Node *parse_funclit(Parser *ps, Node *type, Node *body) {
    Node *n = parse_new(ps, N_FUNCLIT, type->pos);
    n->b = type;
    n->body = body;
    return n;
}

Node *parse_struct_field(Parser *ps, NodeList names, Node *type, const Token *tag, int flags) {
    Node *f = parse_field(ps, names, type);
    if (!names.len) {
        f->flags |= NF_EMBEDDED;
        f->pos = type->pos;
    }
    f->flags |= flags;
    if (tag->code == TK_STRING) {
        f->lit = tag->sval;
        f->litlen = tag->svallen;
    }
    return f;
}

Node *parse_chantype(Parser *ps, Pos pos, Node *elem, int dir) {
    Node *n = parse_node1(ps, N_CHANTYPE, pos, elem);
    n->flags |= dir;
    return n;
}

/* ==== statements =========================================================================== */

Node *parse_block(Parser *ps, const Token *lbrace, NodeList stmts, const Token *rbrace) {
    Node *n = parse_nodelist(ps, N_BLOCK, lbrace->pos, stmts);
    n->pos2 = rbrace->pos;
    return n;
}

Node *parse_labeled(Parser *ps, const Token *label, Node *stmt) {
    Node *n = parse_new(ps, N_LABELED, label->pos);
    n->name = label->name;
    n->a = stmt ? stmt : parse_new(ps, N_EMPTY, label->pos);
    return n;
}

Node *parse_branch(Parser *ps, const Token *kw, const Token *label) {
    Node *n = parse_new(ps, N_BRANCH, kw->pos);
    n->op = kw->code;
    if (label)
        n->name = label->name;
    return n;
}

Node *parse_go_defer(Parser *ps, NodeKind k, const Token *kw, Node *call) {
    Node *n = parse_node1(ps, k, kw->pos, call);
    if (parse_recovered_since(ps, kw->pos))
        return n;
    const char *what = k == N_GO ? "go" : "defer";
    Node *x = call;
    while (x->kind == N_PAREN)
        x = x->a;
    if (x->kind != N_CALL)
        parse_error(ps, call->pos, "expression in %s must be function call", what);
    else if (call->kind == N_PAREN)
        parse_error(ps, call->pos, "expression in %s must not be parenthesized", what);
    return n;
}

Node *parse_return(Parser *ps, const Token *kw, NodeList results) {
    return parse_nodelist(ps, N_RETURN, kw->pos, results);
}

/* The binary operator of an op= token (TK_ADD_ASSIGN -> TK_PLUS ...). */
static int parse_assign_binop(int code) {
    switch (code) {
    case TK_ADD_ASSIGN: return TK_PLUS;
    case TK_SUB_ASSIGN: return TK_MINUS;
    case TK_MUL_ASSIGN: return TK_STAR;
    case TK_QUO_ASSIGN: return TK_SLASH;
    case TK_REM_ASSIGN: return TK_PERCENT;
    case TK_AND_ASSIGN: return TK_AND;
    case TK_OR_ASSIGN: return TK_OR;
    case TK_XOR_ASSIGN: return TK_XOR;
    case TK_SHL_ASSIGN: return TK_SHL;
    case TK_SHR_ASSIGN: return TK_SHR;
    case TK_AND_NOT_ASSIGN: return TK_ANDNOT;
    }
    return code;
}

/* ASSIGN: op is TK_ASSIGN, TK_DEFINE or the binary operator of op=; pos2 is the operator's
 * position (where Go reports errors about the statement as a whole). */
Node *parse_assign(Parser *ps, const Token *op, int opcode, NodeList lhs, NodeList rhs) {
    Node *n = parse_new(ps, N_ASSIGN, lhs.len ? lhs.items[0]->pos : op->pos);
    n->op = opcode ? opcode : parse_assign_binop(op->code);
    n->pos2 = op->pos;
    n->list = lhs;
    n->list2 = rhs;
    return n;
}

Node *parse_incdec(Parser *ps, Node *x, int op) {
    Node *n = parse_node1(ps, N_INCDEC, x->pos, x);
    n->op = op;
    return n;
}

/* A statement header `init; cond` is carried in a scratch N_IF node: init, cond (a simple
 * statement, unpacked later), and in pos2/op where the semicolon was and what it was. */
Node *parse_header(Parser *ps, Node *init, Node *cond, const Token *semi) {
    Node *h = parse_new(ps, N_IF, cond ? cond->pos : init ? init->pos : (Pos){0, 0});
    h->init = init;
    h->cond = cond;
    if (semi) {
        h->pos2 = semi->pos;
        h->op = semi->semi && strcmp(semi->semi, "semicolon") != 0 ? 2 : 1;
        h->lit = semi->semi;
    }
    return h;
}

/* Turns the simple statement of a header into its condition expression (Go's header()). A
 * statement that is not an expression is reported the way Go does, showing what was written:
 * "cannot use assignment (x) = (1) as value" (the usual `=` for `==` slip). */
static Node *parse_header_cond(Parser *ps, Node *s) {
    if (!s)
        return NULL;
    if (s->kind == N_EXPRSTMT)
        return s->a;
    if (parse_recovered_since(ps, s->pos))
        return NULL;
    char buf[256];
    parse_format_header_stmt(buf, sizeof buf, s);
    parse_error(ps, s->kind == N_ASSIGN ? s->pos2 : s->pos, "syntax error: cannot use %s as value", buf);
    return NULL;
}

Node *parse_if(Parser *ps, const Token *kw, Node *hdr, Node *body, Node *els) {
    Node *n = parse_new(ps, N_IF, kw->pos);
    n->init = hdr->init;
    n->cond = parse_header_cond(ps, hdr->cond);
    if (parse_recovered_since(ps, kw->pos))
        ;
    else if (!hdr->cond && !n->init && hdr->op == 0)
        parse_error(ps, body->pos, "syntax error: missing condition in if statement");
    else if (!hdr->cond && hdr->op == 2)
        parse_error(ps, hdr->pos2, "syntax error: unexpected %s, expecting { after if clause", hdr->lit);
    else if (!hdr->cond)
        parse_error(ps, hdr->op ? hdr->pos2 : body->pos, "syntax error: missing condition in if statement");
    n->body = body;
    n->els = els;
    return n;
}

IfChain parse_if_chain(Parser *ps, const IfChain *chain, const Token *kw, Node *hdr, Node *body) {
    Node *n = parse_if(ps, kw, hdr, body, NULL);
    if (!chain)
        return (IfChain){n, n};
    chain->last->els = n;
    return (IfChain){chain->first, n};
}

Node *parse_for_header(Parser *ps, Node *init, Node *cond, Node *post) {
    Node *n = parse_new(ps, N_FOR, (Pos){0, 0});
    n->init = init;
    n->cond = parse_header_cond(ps, cond);
    if (post && post->kind == N_ASSIGN && post->op == TK_DEFINE)
        parse_error(ps, post->pos2, "syntax error: cannot declare in post statement of for loop");
    n->post = post;
    return n;
}

Node *parse_for(Parser *ps, const Token *kw, Node *hdr, Node *body) {
    hdr->pos = kw->pos;
    hdr->body = body;
    return hdr;
}

Node *parse_range(Parser *ps, const Token *kw, NodeList lhs, int op, Node *x) {
    Node *n = parse_new(ps, N_RANGE, kw->pos);
    if (lhs.len > 0)
        n->a = lhs.items[0];
    if (lhs.len > 1)
        n->b = lhs.items[1];
    if (lhs.len > 2)
        parse_error(ps, lhs.items[2]->pos, "range clause permits at most two iteration variables");
    n->op = op;
    n->c = x;
    return n;
}

static int parse_is_typeswitch_guard(const Node *x) {
    return x && x->kind == N_TYPEASSERT && x->b == NULL;
}

Node *parse_switch(Parser *ps, const Token *kw, Node *hdr, NodeList clauses, const Token *rbrace) {
    Node *s = hdr->cond;
    Node *n;
    if (s && s->kind == N_EXPRSTMT && parse_is_typeswitch_guard(s->a)) {
        n = parse_new(ps, N_TYPESWITCH, kw->pos);
        n->a = s->a->a;
    } else if (s && s->kind == N_ASSIGN && s->op == TK_DEFINE && s->list2.len == 1 &&
               parse_is_typeswitch_guard(s->list2.items[0]) && s->list.len == 1 &&
               s->list.items[0]->kind == N_IDENT) {
        n = parse_new(ps, N_TYPESWITCH, kw->pos);
        n->a = s->list2.items[0]->a;
        n->name = s->list.items[0]->name;
        n->b = s->list.items[0];
    } else {
        n = parse_new(ps, N_SWITCH, kw->pos);
        n->a = parse_header_cond(ps, s);
    }
    n->init = hdr->init;
    n->list = clauses;
    n->pos2 = rbrace->pos;
    return n;
}

Node *parse_case(Parser *ps, const Token *kw, NodeList exprs, int flags) {
    Node *n = parse_nodelist(ps, N_CASE, kw->pos, exprs);
    n->flags |= flags;
    return n;
}

Node *parse_case_body(Parser *ps, Node *clause, NodeList stmts) {
    if (clause)
        clause->list2 = stmts;
    return clause;
}

Node *parse_select(Parser *ps, const Token *kw, NodeList clauses, const Token *rbrace) {
    Node *n = parse_nodelist(ps, N_SELECT, kw->pos, clauses);
    n->pos2 = rbrace->pos;
    return n;
}

Node *parse_comm(Parser *ps, const Token *kw, Node *comm) {
    Node *n = parse_node1(ps, N_COMM, kw->pos, comm);
    if (!comm)
        n->flags |= NF_DEFAULT;
    return n;
}

/* ==== expressions ========================================================================== */

/* (x): a PAREN node, and the inner node remembers it was parenthesised (NF_PARENS). */
Node *parse_paren(Parser *ps, const Token *lparen, Node *x) {
    x->flags |= NF_PARENS;
    return parse_node1(ps, N_PAREN, lparen->pos, x);
}

Node *parse_binary(Parser *ps, const Token *op, Node *a, Node *b) {
    Node *n = parse_node2(ps, N_BINARY, op->pos, a, b);
    n->op = op->code;
    return n;
}

Node *parse_unary(Parser *ps, const Token *op, Node *x) {
    Node *n = parse_node1(ps, N_UNARY, op->pos, x);
    n->op = op->code;
    return n;
}

Node *parse_tilde(Parser *ps, const Token *op, Node *x) {
    parse_error(ps, op->pos, "cannot use ~ outside of interface or type constraint");
    Node *n = parse_unary(ps, op, x);
    n->op = TK_XOR;
    return n;
}

Node *parse_call(Parser *ps, Node *fn, const Token *lparen, NodeList args, int flags) {
    Node *n = parse_nodelist(ps, N_CALL, fn->pos, args);
    n->a = fn;
    n->pos2 = lparen->pos;
    n->flags |= flags;
    return n;
}

Node *parse_selector(Parser *ps, Node *x, const Token *dot, const Token *name) {
    Node *n = parse_node1(ps, N_SELECTOR, x->pos, x);
    n->name = name->name;
    n->pos2 = name->pos;
    (void)dot;
    return n;
}

Node *parse_slice(Parser *ps, Node *x, const Token *lbrack, Node *lo, Node *hi, Node *max,
                  const Token *colon2, const Token *rbrack) {
    Node *n = parse_node2(ps, N_SLICE, x->pos, x, lo);
    n->c = hi;
    n->d = max;
    n->pos2 = lbrack->pos;
    if (colon2) {
        n->flags |= NF_SLICE3;
        if (!hi)
            parse_error(ps, colon2->pos, "middle index required in 3-index slice");
        if (!max)
            parse_error(ps, rbrack->pos, "final index required in 3-index slice");
    }
    return n;
}

Node *parse_composite(Parser *ps, Node *type, Pos pos, NodeList elems, const Token *rbrace) {
    Node *n = parse_nodelist(ps, N_COMPOSITE, pos, elems);
    n->a = type;
    n->pos2 = rbrace->pos;
    return n;
}

Node *parse_paren_composite(Parser *ps, const Token *lparen, Node *type, const Token *lbrace,
                            NodeList elems, const Token *rbrace) {
    Node *p = parse_node1(ps, N_PAREN, lparen->pos, type);
    p->flags |= NF_PARENS;
    parse_error(ps, lbrace->pos, "syntax error: cannot parenthesize type in composite literal");
    return parse_composite(ps, p, lparen->pos, elems, rbrace);
}

/* ==== the LBODY handshake ================================================================== */

static void parse_nest_push(Parser *ps, char kind) {
    if (ps->nnest == ps->capnest) {
        int ncap = ps->capnest ? ps->capnest * 2 : 64;
        Nest *n = realloc(ps->nest, ncap * sizeof *n);
        if (!n) {
            fputs("gol: out of memory\n", stderr);
            exit(2);
        }
        ps->nest = n;
        ps->capnest = ncap;
    }
    ps->nest[ps->nnest++] = (Nest){kind, (char)ps->hdr, 0};
}

/* Called by the action of `lbrace ::= LBODY`. Lemon runs that reduction when the token after
 * the LBODY arrives, and parse_handshake has already seen that token: if it was the matching
 * '}' (as in `[2]int{}`), the brace is already closed and the header is re-armed directly. */
void parse_lbody_as_brace(Parser *ps) {
    if (ps->last_lbody < 0)
        return;
    if (ps->last_lbody < ps->nnest)
        ps->nest[ps->last_lbody].rearm = 1;
    else
        ps->hdr = 1;
    ps->last_lbody = -1;
}

/* Decides TK_LBODY versus TK_LBRACE and tracks bracket nesting; returns the code to push. */
static int parse_handshake(Parser *ps, int code) {
    switch (code) {
    case TK_IF: case TK_FOR: case TK_SWITCH: case TK_SELECT:
        ps->hdr = 1;
        break;
    case TK_LPAREN: case TK_LBRACK:
        parse_nest_push(ps, code == TK_LPAREN ? '(' : '[');
        ps->hdr = 0;
        break;
    case TK_RPAREN: case TK_RBRACK:
        if (ps->nnest > 0 && ps->nest[ps->nnest - 1].kind != '{')
            ps->hdr = ps->nest[--ps->nnest].saved_hdr;
        break;
    case TK_LBRACE:
        parse_nest_push(ps, '{');
        if (ps->hdr) {
            ps->last_lbody = ps->nnest - 1;
            ps->hdr = 0;
            return TK_LBODY;
        }
        break;
    case TK_RBRACE:
        while (ps->nnest > 0 && ps->nest[ps->nnest - 1].kind != '{')
            ps->nnest--;
        if (ps->nnest > 0)
            ps->hdr = ps->nest[--ps->nnest].rearm;
        else
            ps->hdr = 0;
        break;
    }
    return code;
}

/* ==== the driver =========================================================================== */

SourceFile *parse_source(const char *path, const char *text, size_t len, DiagList *diags) {
    SourceFile *f = calloc(1, sizeof *f);
    if (!f) {
        fputs("gol: out of memory\n", stderr);
        exit(2);
    }
    f->path = path;
    f->text = text;
    f->len = len;
    f->arena = arena_new();

    Parser ps = {0};
    ps.file = f;
    ps.arena = f->arena;
    ps.diags = diags;
    ps.path = path;
    ps.last_lbody = -1;
    ps.root = node_new(f->arena, N_FILE, (Pos){1, 1});

    Lexer lx;
    lex_init(&lx, path, text, len, f->arena, diags);
    void *parser = GolParseAlloc(malloc, &ps);
    if (!parser) {
        fputs("gol: out of memory\n", stderr);
        exit(2);
    }
    Token t;
    for (;;) {
        int code = lex_next(&lx, &t);
        if (code == 0)
            break;
        t.code = parse_handshake(&ps, code);
        ps.tok = t;
        ps.snap_valid = 0;
        if (!GolParseAccepts(parser, t.code)) {
            GolParseSnapshot(parser, &ps);
            ps.last_err = t.pos;   /* an error event, even if lemon keeps quiet about it */
        }
        GolParse(parser, t.code, t);
        ps.prev_code = t.code;
        if (t.code == TK_LBRACK)
            ps.lbrack_pos = t.pos;
        if (ps.failed)
            break;
    }
    if (!ps.failed) {
        ps.tok = t;
        ps.snap_valid = 0;
        if (!GolParseAccepts(parser, 0))
            GolParseSnapshot(parser, &ps);
        GolParse(parser, 0, t);
    }
    GolParseFree(parser, free);
    free(ps.nest);
    f->root = ps.root;
    return f;
}

void source_free(SourceFile *f) {
    if (!f)
        return;
    arena_free(f->arena);
    free(f);
}
