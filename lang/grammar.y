/* lang/grammar.y — Go's syntax as a lemon LALR(1) grammar.
 *
 * Canonical source of the parser: edit this file, never the generated build/lang/grammar.c.
 *
 * Token codes. Lemon numbers tokens in order of first appearance, and the rest of gol uses the
 * TK_* names from the generated grammar.h, so the declarations below come first and their
 * names are fixed: the compiler refers to TK_PLUS, TK_DEFINE, TK_ARROW, ... The lexer emits
 * TK_LBODY instead of TK_LBRACE for the '{' that opens the block of an if/for/switch header
 * (the handshake Go's yacc grammar used to resolve `if x == T{} {`).
 */
%token_prefix TK_
%token SEMI IDENT INT FLOAT IMAG CHAR STRING.
%token BREAK CASE CHAN CONST CONTINUE DEFAULT DEFER ELSE FALLTHROUGH FOR FUNC GO GOTO IF
       IMPORT INTERFACE MAP PACKAGE RANGE RETURN SELECT STRUCT SWITCH TYPE VAR.
%token PLUS MINUS STAR SLASH PERCENT AND OR XOR SHL SHR ANDNOT.
%token ADD_ASSIGN SUB_ASSIGN MUL_ASSIGN QUO_ASSIGN REM_ASSIGN AND_ASSIGN OR_ASSIGN XOR_ASSIGN
       SHL_ASSIGN SHR_ASSIGN AND_NOT_ASSIGN.
%token LAND LOR ARROW INC DEC EQL LSS GTR ASSIGN NOT NEQ LEQ GEQ DEFINE ELLIPSIS.
%token LPAREN RPAREN LBRACK RBRACK LBRACE LBODY RBRACE COMMA PERIOD COLON TILDE.

/* ==== How the rest of this file is organised =================================================
 *
 * The grammar follows the structure of Go's own yacc grammar (go.y, Go 1.0 to 1.5), which proved
 * that Go is LALR(1) once three things are arranged:
 *   - types and expressions share the operand grammar (a conversion `T(x)` and a call `f(x)` are
 *     the same shape), so the rules distinguish "things that can only be types" (othertype,
 *     fntype...) from names, which may be either;
 *   - the '{' that opens an if/for/switch/select body is a different token, TK_LBODY, chosen by
 *     parse.c (see parse.c "the LBODY handshake"); composite literal types and function literals
 *     also accept LBODY through `lbrace`, for `for _, x := range []T{...} {`;
 *   - statement lists are `stmt ; stmt ; ...` with empty statements allowed, which is exactly
 *     Go's rule that a semicolon may be omitted before ')' or '}'.
 * Actions are one-line calls into parse.c (the parse_* helpers), which build Nodes in the arena.
 * `error` productions at statement, declaration, import and case-clause boundaries give
 * SQLite-style recovery (see parse.c and docs/syntax.md).
 */

%name GolParse
%token_type {Token}
%default_type {Node *}
%extra_context {Parser *ps}
%stack_size 10000

%include {
/* yyTokenName (symbol names) is used to describe the error context, so keep it compiled. */
#undef NDEBUG
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "lang/grammar_actions.h"
struct yyParser;
static void grammar_report(struct yyParser *p, int major, const Token *t);
}

%code {
/* Computes the terminals that the parser could shift next, by simulating the LALR automaton on
 * a virtual copy of the state stack: reductions pop the real stack (by index) and push onto a
 * small overlay, so nothing is modified. This is what turns "state 143" into "expecting comma
 * or )": the set is handed to parse_syntax_error, which phrases it the way Go does. */
static int grammar_accepts(yyParser *p, int tok) {
    int depth = (int)(p->yytos - p->yystack) + 1;  /* live entries of the real stack */
    YYACTIONTYPE over[64];
    int nover = 0;
    YYACTIONTYPE act = p->yytos->stateno;
    for (int steps = 0; steps < 1000; steps++) {
        act = yy_find_shift_action((YYCODETYPE)tok, act);
        if (act >= YY_MIN_REDUCE && act <= YY_MAX_REDUCE) {
            int rule = act - YY_MIN_REDUCE;
            int pop = -yyRuleInfoNRhs[rule];
            int k = pop < nover ? pop : nover;
            nover -= k;
            depth -= pop - k;
            if (depth < 1 || nover >= 64)
                return 0;
            YYACTIONTYPE top = nover ? over[nover - 1] : p->yystack[depth - 1].stateno;
            act = yy_find_reduce_action(top, (YYCODETYPE)yyRuleInfoLhs[rule]);
            over[nover++] = act;
            continue;
        }
        return act <= YY_MAX_SHIFTREDUCE || act == YY_ACCEPT_ACTION;
    }
    return 0;
}

/* Records what the parser expects in its current state: the acceptable terminals and the
 * names of the symbols on its stack, innermost first. parse.c takes this snapshot *before*
 * pushing a token that will fail, because lemon performs default reductions before it notices
 * an error, and the reduced state expects less than the user could actually have written. */
_Static_assert(YYNTOKEN <= (int)(sizeof ((Parser *)0)->exp / sizeof(int)), "Parser.exp too small");

void GolParseSnapshot(void *vp, Parser *ps) {
    yyParser *p = vp;
    ps->nexp = 0;
    for (int tok = 1; tok < YYNTOKEN; tok++)
        if (grammar_accepts(p, tok))
            ps->exp[ps->nexp++] = tok;
    ps->nstack = 0;
    for (yyStackEntry *e = p->yytos; e > p->yystack && ps->nstack < PARSE_STACK_SNAP; e--)
        ps->stack[ps->nstack++] = yyTokenName[e->major];
    ps->snap_valid = 1;
}

int GolParseAccepts(void *p, int tok) {
    return grammar_accepts(p, tok);
}

static void grammar_report(yyParser *p, int major, const Token *t) {
    if (!p->ps->snap_valid)
        GolParseSnapshot(p, p->ps);
    parse_syntax_error(p->ps, major, t);
}
}

%syntax_error {
    grammar_report(yypParser, yymajor, &TOKEN);
}

/* Every semantic value is a Node*, a NodeList or a Token whose storage is the file's arena, so
 * error recovery has nothing to free when it pops the stack; the destructor only marks that. */
%default_destructor { (void)ps; }

%stack_overflow {
    parse_stack_overflow(ps);
}

%parse_failure {
    ps->failed = 1;
}

/* ---- precedence (lowest first); declared before any rule, as SQLite does ---- */
%left LOR.
%left LAND.
%left EQL NEQ LSS LEQ GTR GEQ.
%left PLUS MINUS OR XOR.
%left STAR SLASH PERCENT AND SHL SHR ANDNOT.
/* pseudo-tokens that only carry precedence for the two classic go.y conflicts */
%left NOTPAREN.
%left LPAREN.
%left RPAREN.
%left PREFERTORIGHTPAREN.

%type xdcl_list {int}
%type osemi {int}
%type ocomma {int}
%type stmt_list {NodeList}
%type expr_list {NodeList}
%type oexpr_list {NodeList}
%type expr_or_type_list {NodeList}
%type dcl_name_list {NodeList}
%type new_name_list {NodeList}
%type arg_type_list {NodeList}
%type oarg_type_list_ocomma {NodeList}
%type fnres {NodeList}
%type vardcl_list {NodeList}
%type constdcl_list {NodeList}
%type typedcl_list {NodeList}
%type structdcl_list {NodeList}
%type interfacedcl_list {NodeList}
%type keyval_list {NodeList}
%type braced_keyval_list {NodeList}
%type caseblock_list {NodeList}
%type selblock_list {NodeList}
%type import_list {int}
%type imports {int}
%type lbrace {Token}
%type sym {Token}
%type oliteral {Token}

/* ==== file ================================================================================= */

file ::= package imports xdcl_list.

package ::= PACKAGE sym(N) SEMI.                { parse_package(ps, &N); }

imports ::= .                                   { }
imports ::= imports import SEMI.                { }

import ::= IMPORT import_stmt.
import ::= IMPORT LPAREN import_list osemi RPAREN.
import ::= IMPORT LPAREN RPAREN.
import ::= IMPORT error.

import_list ::= import_stmt.                     { }
import_list ::= import_list SEMI import_stmt.    { }

import_stmt ::= STRING(S).                      { parse_import(ps, NULL, &S); }
import_stmt ::= sym(N) STRING(S).               { parse_import(ps, &N, &S); }
import_stmt ::= PERIOD(D) STRING(S).            { parse_import(ps, &D, &S); }

xdcl_list ::= .                                 { }
xdcl_list ::= xdcl_list xdcl SEMI.              { }
xdcl_list ::= xdcl_list error SEMI.             { }

xdcl ::= common_dcl(D).                         { parse_top(ps, D); }
xdcl ::= xfndcl(F).                             { parse_top(ps, F); }

/* ==== declarations ========================================================================= */

common_dcl(A) ::= VAR(K) vardcl(D).                               { A = parse_group(ps, N_VARDECL, &K, parse_list1(ps, D)); }
common_dcl(A) ::= VAR(K) LPAREN vardcl_list(L) osemi RPAREN.      { A = parse_group(ps, N_VARDECL, &K, L); }
common_dcl(A) ::= VAR(K) LPAREN RPAREN.                           { A = parse_group(ps, N_VARDECL, &K, parse_nolist()); }
common_dcl(A) ::= CONST(K) constdcl(D).                           { A = parse_const_group(ps, &K, parse_list1(ps, D)); }
common_dcl(A) ::= CONST(K) LPAREN constdcl_list(L) osemi RPAREN.  { A = parse_const_group(ps, &K, L); }
common_dcl(A) ::= CONST(K) LPAREN RPAREN.                         { A = parse_const_group(ps, &K, parse_nolist()); }
common_dcl(A) ::= TYPE(K) typedcl(D).                             { A = parse_group(ps, N_TYPEDECL, &K, parse_list1(ps, D)); }
common_dcl(A) ::= TYPE(K) LPAREN typedcl_list(L) osemi RPAREN.    { A = parse_group(ps, N_TYPEDECL, &K, L); }
common_dcl(A) ::= TYPE(K) LPAREN RPAREN.                          { A = parse_group(ps, N_TYPEDECL, &K, parse_nolist()); }

vardcl(A) ::= dcl_name_list(N) ntype(T).                          { A = parse_spec(ps, N_VARSPEC, N, T, parse_nolist()); }
vardcl(A) ::= dcl_name_list(N) ntype(T) ASSIGN expr_list(V).      { A = parse_spec(ps, N_VARSPEC, N, T, V); }
vardcl(A) ::= dcl_name_list(N) ASSIGN expr_list(V).               { A = parse_spec(ps, N_VARSPEC, N, NULL, V); }

constdcl(A) ::= dcl_name_list(N) ntype(T) ASSIGN expr_list(V).    { A = parse_spec(ps, N_CONSTSPEC, N, T, V); }
constdcl(A) ::= dcl_name_list(N) ASSIGN expr_list(V).             { A = parse_spec(ps, N_CONSTSPEC, N, NULL, V); }
constdcl(A) ::= dcl_name_list(N) ntype(T).                        { A = parse_spec(ps, N_CONSTSPEC, N, T, parse_nolist()); }
constdcl(A) ::= dcl_name_list(N).                                 { A = parse_spec(ps, N_CONSTSPEC, N, NULL, parse_nolist()); }

typedcl(A) ::= sym(N) ntype(T).                                   { A = parse_typespec(ps, &N, T, 0); }
typedcl(A) ::= sym(N) ASSIGN ntype(T).                            { A = parse_typespec(ps, &N, T, 1); }

vardcl_list(A) ::= vardcl(D).                                     { A = parse_list1(ps, D); }
vardcl_list(A) ::= vardcl_list(L) SEMI vardcl(D).                 { A = parse_push(ps, L, D); }
constdcl_list(A) ::= constdcl(D).                                 { A = parse_list1(ps, D); }
constdcl_list(A) ::= constdcl_list(L) SEMI constdcl(D).           { A = parse_push(ps, L, D); }
typedcl_list(A) ::= typedcl(D).                                   { A = parse_list1(ps, D); }
typedcl_list(A) ::= typedcl_list(L) SEMI typedcl(D).              { A = parse_push(ps, L, D); }

dcl_name_list(A) ::= sym(N).                                      { A = parse_list1(ps, parse_ident(ps, &N)); }
dcl_name_list(A) ::= dcl_name_list(L) COMMA sym(N).               { A = parse_push(ps, L, parse_ident(ps, &N)); }
new_name_list(A) ::= sym(N).                                      { A = parse_list1(ps, parse_ident(ps, &N)); }
new_name_list(A) ::= new_name_list(L) COMMA sym(N).               { A = parse_push(ps, L, parse_ident(ps, &N)); }

/* ==== functions ============================================================================ */

xfndcl(A) ::= FUNC(K) fndcl(F) fnbody(B).                         { A = parse_funcdecl(ps, &K, F, B); }

fndcl(A) ::= sym(N) LPAREN oarg_type_list_ocomma(P) RPAREN fnres(R).
    { A = parse_fnheader(ps, NULL, &N, P, R); }
fndcl(A) ::= LPAREN oarg_type_list_ocomma(V) RPAREN sym(N) LPAREN oarg_type_list_ocomma(P) RPAREN fnres(R).
    { A = parse_fnheader(ps, parse_receiver(ps, &N, V), &N, P, R); }

fnbody(A) ::= .                                                   { A = NULL; }
fnbody(A) ::= LBRACE(L) stmt_list(S) RBRACE(R).                   { A = parse_block(ps, &L, S, &R); }

fntype(A) ::= FUNC(K) LPAREN oarg_type_list_ocomma(P) RPAREN fnres(R).
    { A = parse_functype(ps, K.pos, P, R); }

fnres(A) ::= . [NOTPAREN]                                         { A = parse_nolist(); }
fnres(A) ::= fnret_type(T).                                       { A = parse_list1(ps, parse_field(ps, parse_nolist(), T)); }
fnres(A) ::= LPAREN oarg_type_list_ocomma(P) RPAREN.              { A = parse_params(ps, P); }

fnliteral(A) ::= fntype(T) lbrace(L) stmt_list(S) RBRACE(R).      { A = parse_funclit(ps, T, parse_block(ps, &L, S, &R)); }

arg_type(A) ::= ntype(T).                                         { A = parse_field(ps, parse_nolist(), T); }
arg_type(A) ::= sym(N) ntype(T).                                  { A = parse_field(ps, parse_list1(ps, parse_ident(ps, &N)), T); }
arg_type(A) ::= sym(N) dotdotdot(T).                              { A = parse_field(ps, parse_list1(ps, parse_ident(ps, &N)), T); }
arg_type(A) ::= dotdotdot(T).                                     { A = parse_field(ps, parse_nolist(), T); }

dotdotdot(A) ::= ELLIPSIS(D) ntype(T).                            { A = parse_node1(ps, N_ELLIPSIS, D.pos, T); }

arg_type_list(A) ::= arg_type(F).                                 { A = parse_list1(ps, F); }
arg_type_list(A) ::= arg_type_list(L) COMMA arg_type(F).          { A = parse_push(ps, L, F); }

oarg_type_list_ocomma(A) ::= .                                    { A = parse_nolist(); }
oarg_type_list_ocomma(A) ::= arg_type_list(L) ocomma.             { A = L; }

/* ==== statements =========================================================================== */

stmt_list(A) ::= stmt(S).                                         { A = parse_stmt_push(ps, parse_nolist(), S); }
stmt_list(A) ::= stmt_list(L) SEMI stmt(S).                       { A = parse_stmt_push(ps, L, S); }

stmt(A) ::= .                                                     { A = NULL; }
stmt(A) ::= compound_stmt(S).                                     { A = S; }
stmt(A) ::= common_dcl(D).                                        { A = parse_node1(ps, N_DECLSTMT, D->pos, D); }
stmt(A) ::= non_dcl_stmt(S).                                      { A = S; }
stmt(A) ::= error.                                                { A = NULL; }

compound_stmt(A) ::= LBRACE(L) stmt_list(S) RBRACE(R).            { A = parse_block(ps, &L, S, &R); }

non_dcl_stmt(A) ::= simple_stmt(S).                               { A = S; }
non_dcl_stmt(A) ::= for_stmt(S).                                  { A = S; }
non_dcl_stmt(A) ::= switch_stmt(S).                               { A = S; }
non_dcl_stmt(A) ::= select_stmt(S).                               { A = S; }
non_dcl_stmt(A) ::= if_stmt(S).                                   { A = S; }
non_dcl_stmt(A) ::= sym(L) COLON stmt(S).                         { A = parse_labeled(ps, &L, S); }
non_dcl_stmt(A) ::= FALLTHROUGH(K).                               { A = parse_branch(ps, &K, NULL); }
non_dcl_stmt(A) ::= BREAK(K).                                     { A = parse_branch(ps, &K, NULL); }
non_dcl_stmt(A) ::= BREAK(K) sym(L).                              { A = parse_branch(ps, &K, &L); }
non_dcl_stmt(A) ::= CONTINUE(K).                                  { A = parse_branch(ps, &K, NULL); }
non_dcl_stmt(A) ::= CONTINUE(K) sym(L).                           { A = parse_branch(ps, &K, &L); }
non_dcl_stmt(A) ::= GOTO(K) sym(L).                               { A = parse_branch(ps, &K, &L); }
non_dcl_stmt(A) ::= GO(K) expr(E).                                { A = parse_go_defer(ps, N_GO, &K, E); }
non_dcl_stmt(A) ::= DEFER(K) expr(E).                             { A = parse_go_defer(ps, N_DEFER, &K, E); }
non_dcl_stmt(A) ::= RETURN(K) oexpr_list(L).                      { A = parse_return(ps, &K, L); }

simple_stmt(A) ::= expr(E).                                       { A = parse_node1(ps, N_EXPRSTMT, E->pos, E); }
simple_stmt(A) ::= expr(L) assign_op(O) expr(R).                  { A = parse_assign(ps, &O, 0, parse_list1(ps, L), parse_list1(ps, R)); }
simple_stmt(A) ::= expr_list(L) ASSIGN(O) expr_list(R).           { A = parse_assign(ps, &O, O.code, L, R); }
simple_stmt(A) ::= expr_list(L) DEFINE(O) expr_list(R).           { A = parse_assign(ps, &O, O.code, L, R); }
simple_stmt(A) ::= expr(E) INC(O).                                { A = parse_incdec(ps, E, O.code); }
simple_stmt(A) ::= expr(E) DEC(O).                                { A = parse_incdec(ps, E, O.code); }
simple_stmt(A) ::= expr(C) ARROW expr(V).                         { A = parse_node2(ps, N_SEND, C->pos, C, V); }

/* op= : the token is kept (for its position); parse_assign maps it to the binary operator */
%type assign_op {Token}
assign_op(A) ::= ADD_ASSIGN(T).      { A = T; }
assign_op(A) ::= SUB_ASSIGN(T).      { A = T; }
assign_op(A) ::= MUL_ASSIGN(T).      { A = T; }
assign_op(A) ::= QUO_ASSIGN(T).      { A = T; }
assign_op(A) ::= REM_ASSIGN(T).      { A = T; }
assign_op(A) ::= AND_ASSIGN(T).      { A = T; }
assign_op(A) ::= OR_ASSIGN(T).       { A = T; }
assign_op(A) ::= XOR_ASSIGN(T).      { A = T; }
assign_op(A) ::= SHL_ASSIGN(T).      { A = T; }
assign_op(A) ::= SHR_ASSIGN(T).      { A = T; }
assign_op(A) ::= AND_NOT_ASSIGN(T).  { A = T; }

osimple_stmt(A) ::= .                                             { A = NULL; }
osimple_stmt(A) ::= simple_stmt(S).                               { A = S; }

/* ---- if / for / switch / select ---- */

loop_body(A) ::= LBODY(L) stmt_list(S) RBRACE(R).                 { A = parse_block(ps, &L, S, &R); }

if_header(A) ::= osimple_stmt(C).                                 { A = parse_header(ps, NULL, C, NULL); }
if_header(A) ::= osimple_stmt(I) SEMI(S) osimple_stmt(C).         { A = parse_header(ps, I, C, &S); }

/* if / else if / else: the chain is left-recursive, so a long `else if` ladder does not grow
 * the parser stack; IfChain remembers its first and last IF. */
%type if_chain {IfChain}
if_chain(A) ::= IF(K) if_header(H) loop_body(B).                  { A = parse_if_chain(ps, NULL, &K, H, B); }
if_chain(A) ::= if_chain(C) ELSE IF(K) if_header(H) loop_body(B). { A = parse_if_chain(ps, &C, &K, H, B); }
if_stmt(A) ::= if_chain(C).                                       { A = C.first; }
if_stmt(A) ::= if_chain(C) ELSE compound_stmt(S).                 { C.last->els = S; A = C.first; }

for_stmt(A) ::= FOR(K) for_header(H) loop_body(B).                { A = parse_for(ps, &K, H, B); }
for_header(A) ::= osimple_stmt(I) SEMI osimple_stmt(C) SEMI osimple_stmt(P).
    { A = parse_for_header(ps, I, C, P); }
for_header(A) ::= osimple_stmt(C).                                { A = parse_for_header(ps, NULL, C, NULL); }
for_header(A) ::= range_stmt(R).                                  { A = R; }

range_stmt(A) ::= expr_list(L) ASSIGN(O) RANGE(K) expr(E).        { A = parse_range(ps, &K, L, O.code, E); }
range_stmt(A) ::= expr_list(L) DEFINE(O) RANGE(K) expr(E).        { A = parse_range(ps, &K, L, O.code, E); }
range_stmt(A) ::= RANGE(K) expr(E).                               { A = parse_range(ps, &K, parse_nolist(), 0, E); }

switch_stmt(A) ::= SWITCH(K) if_header(H) LBODY caseblock_list(L) RBRACE(R).
    { A = parse_switch(ps, &K, H, L, &R); }
caseblock_list(A) ::= .                                           { A = parse_nolist(); }
caseblock_list(A) ::= caseblock_list(L) caseblock(C).             { A = parse_push(ps, L, C); }
caseblock(A) ::= case(C) stmt_list(S).                            { A = parse_case_body(ps, C, S); }
case(A) ::= CASE(K) expr_or_type_list(L) COLON.                   { A = parse_case(ps, &K, L, 0); }
case(A) ::= DEFAULT(K) COLON.                                     { A = parse_case(ps, &K, parse_nolist(), NF_DEFAULT); }
case(A) ::= error COLON.                                          { A = NULL; }

select_stmt(A) ::= SELECT(K) LBODY selblock_list(L) RBRACE(R).    { A = parse_select(ps, &K, L, &R); }
selblock_list(A) ::= .                                            { A = parse_nolist(); }
selblock_list(A) ::= selblock_list(L) selblock(C).                { A = parse_push(ps, L, C); }
selblock(A) ::= selcase(C) stmt_list(S).                          { A = parse_case_body(ps, C, S); }
selcase(A) ::= CASE(K) expr(E) COLON.
    { A = parse_comm(ps, &K, parse_node1(ps, N_EXPRSTMT, E->pos, E)); }
selcase(A) ::= CASE(K) expr(C) ARROW expr(V) COLON.
    { A = parse_comm(ps, &K, parse_node2(ps, N_SEND, C->pos, C, V)); }
selcase(A) ::= CASE(K) expr_list(L) ASSIGN(O) expr(E) COLON.
    { A = parse_comm(ps, &K, parse_assign(ps, &O, O.code, L, parse_list1(ps, E))); }
selcase(A) ::= CASE(K) expr_list(L) DEFINE(O) expr(E) COLON.
    { A = parse_comm(ps, &K, parse_assign(ps, &O, O.code, L, parse_list1(ps, E))); }
selcase(A) ::= DEFAULT(K) COLON.                                  { A = parse_comm(ps, &K, NULL); }
selcase(A) ::= error COLON.                                       { A = NULL; }

/* ==== expressions ========================================================================== */

expr(A) ::= uexpr(E).                                             { A = E; }
expr(A) ::= expr(L) LOR(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) LAND(O) expr(R).                              { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) EQL(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) NEQ(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) LSS(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) LEQ(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) GTR(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) GEQ(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) PLUS(O) expr(R).                              { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) MINUS(O) expr(R).                             { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) OR(O) expr(R).                                { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) XOR(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) STAR(O) expr(R).                              { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) SLASH(O) expr(R).                             { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) PERCENT(O) expr(R).                           { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) AND(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) ANDNOT(O) expr(R).                            { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) SHL(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }
expr(A) ::= expr(L) SHR(O) expr(R).                               { A = parse_binary(ps, &O, L, R); }

uexpr(A) ::= pexpr(E).                                            { A = E; }
uexpr(A) ::= STAR(O) uexpr(E).                                    { A = parse_node1(ps, N_STAR, O.pos, E); }
uexpr(A) ::= AND(O) uexpr(E).                                     { A = parse_unary(ps, &O, E); }
uexpr(A) ::= PLUS(O) uexpr(E).                                    { A = parse_unary(ps, &O, E); }
uexpr(A) ::= MINUS(O) uexpr(E).                                   { A = parse_unary(ps, &O, E); }
uexpr(A) ::= NOT(O) uexpr(E).                                     { A = parse_unary(ps, &O, E); }
uexpr(A) ::= XOR(O) uexpr(E).                                     { A = parse_unary(ps, &O, E); }
uexpr(A) ::= ARROW(O) uexpr(E).                                   { A = parse_unary(ps, &O, E); }
uexpr(A) ::= TILDE(O) uexpr(E).                                   { A = parse_tilde(ps, &O, E); }

/* call-like operands: the arguments of a call, with a final `...` */
pseudocall(A) ::= pexpr(F) LPAREN(P) RPAREN.                      { A = parse_call(ps, F, &P, parse_nolist(), 0); }
pseudocall(A) ::= pexpr(F) LPAREN(P) expr_or_type_list(L) ocomma RPAREN.
    { A = parse_call(ps, F, &P, L, 0); }
pseudocall(A) ::= pexpr(F) LPAREN(P) expr_or_type_list(L) ELLIPSIS ocomma RPAREN.
    { A = parse_call(ps, F, &P, L, NF_DOTS); }

pexpr_no_paren(A) ::= INT(T).                                     { A = parse_lit(ps, N_INTLIT, &T); }
pexpr_no_paren(A) ::= FLOAT(T).                                   { A = parse_lit(ps, N_FLOATLIT, &T); }
pexpr_no_paren(A) ::= IMAG(T).                                    { A = parse_lit(ps, N_IMAGLIT, &T); }
pexpr_no_paren(A) ::= CHAR(T).                                    { A = parse_lit(ps, N_RUNELIT, &T); }
pexpr_no_paren(A) ::= STRING(T).                                  { A = parse_lit(ps, N_STRINGLIT, &T); }
pexpr_no_paren(A) ::= name(N).                                    { A = N; }
pexpr_no_paren(A) ::= pexpr(X) PERIOD(D) sym(N).                  { A = parse_selector(ps, X, &D, &N); }
/* a method expression on a type literal: interface{ M() }.M, struct{ T }.M */
pexpr_no_paren(A) ::= interfacetype(T) PERIOD(D) sym(N).           { A = parse_selector(ps, T, &D, &N); }
pexpr_no_paren(A) ::= structtype(T) PERIOD(D) sym(N).              { A = parse_selector(ps, T, &D, &N); }
pexpr_no_paren(A) ::= pexpr(X) PERIOD(D) LPAREN ntype(T) RPAREN.
    { A = parse_node2(ps, N_TYPEASSERT, X->pos, X, T); A->pos2 = D.pos; }
pexpr_no_paren(A) ::= pexpr(X) PERIOD(D) LPAREN TYPE RPAREN.
    { A = parse_node2(ps, N_TYPEASSERT, X->pos, X, NULL); A->pos2 = D.pos; }
pexpr_no_paren(A) ::= pexpr(X) LBRACK(B) expr(I) RBRACK.
    { A = parse_node2(ps, N_INDEX, X->pos, X, I); A->pos2 = B.pos; }
pexpr_no_paren(A) ::= pexpr(X) LBRACK(B) oexpr(L) COLON oexpr(H) RBRACK.
    { A = parse_slice(ps, X, &B, L, H, NULL, NULL, NULL); }
pexpr_no_paren(A) ::= pexpr(X) LBRACK(B) oexpr(L) COLON oexpr(H) COLON(C) oexpr(M) RBRACK(R).
    { A = parse_slice(ps, X, &B, L, H, M, &C, &R); }
pexpr_no_paren(A) ::= pseudocall(C).                              { A = C; }
pexpr_no_paren(A) ::= convtype(T) LPAREN(P) expr(E) ocomma RPAREN.
    { A = parse_call(ps, T, &P, parse_list1(ps, E), 0); }
pexpr_no_paren(A) ::= comptype(T) lbrace braced_keyval_list(L) RBRACE(R).
    { A = parse_composite(ps, T, T->pos, L, &R); }
pexpr_no_paren(A) ::= pexpr_no_paren(T) LBRACE braced_keyval_list(L) RBRACE(R).
    { A = parse_composite(ps, T, T->pos, L, &R); }
pexpr_no_paren(A) ::= LPAREN(P) expr_or_type(T) RPAREN LBRACE(B) braced_keyval_list(L) RBRACE(R).
    { A = parse_paren_composite(ps, &P, T, &B, L, &R); }
pexpr_no_paren(A) ::= fnliteral(F).                               { A = F; }

keyval(A) ::= complitexpr(K) COLON complitexpr(V).                { A = parse_node2(ps, N_KEYVALUE, K->pos, K, V); }

complitexpr(A) ::= expr(E).                                       { A = E; }
complitexpr(A) ::= LBRACE(B) braced_keyval_list(L) RBRACE(R).     { A = parse_composite(ps, NULL, B.pos, L, &R); }

pexpr(A) ::= pexpr_no_paren(E).                                   { A = E; }
pexpr(A) ::= LPAREN(P) expr_or_type(E) RPAREN.                    { A = parse_paren(ps, &P, E); }

expr_or_type(A) ::= expr(E).                                      { A = E; }
expr_or_type(A) ::= non_expr_type(T). [PREFERTORIGHTPAREN]        { A = T; }

name(A) ::= sym(N). [NOTPAREN]                                    { A = parse_ident(ps, &N); }

/* lbrace: a '{' that may have been turned into LBODY inside a statement header */
lbrace(A) ::= LBRACE(L).                                          { A = L; }
lbrace(A) ::= LBODY(L).                                           { A = L; parse_lbody_as_brace(ps); }

sym(A) ::= IDENT(N).                                              { A = N; }

/* ==== types ================================================================================ */

ntype(A) ::= recvchantype(T).                                     { A = T; }
ntype(A) ::= fntype(T).                                           { A = T; }
ntype(A) ::= othertype(T).                                        { A = T; }
ntype(A) ::= ptrtype(T).                                          { A = T; }
ntype(A) ::= dotname(T).                                          { A = T; }
ntype(A) ::= LPAREN(P) ntype(T) RPAREN.                           { A = parse_paren(ps, &P, T); }

non_expr_type(A) ::= recvchantype(T).                             { A = T; }
non_expr_type(A) ::= fntype(T).                                   { A = T; }
non_expr_type(A) ::= othertype(T).                                { A = T; }
non_expr_type(A) ::= STAR(S) non_expr_type(T).                    { A = parse_node1(ps, N_STAR, S.pos, T); }

non_recvchantype(A) ::= fntype(T).                                { A = T; }
non_recvchantype(A) ::= othertype(T).                             { A = T; }
non_recvchantype(A) ::= ptrtype(T).                               { A = T; }
non_recvchantype(A) ::= dotname(T).                               { A = T; }
non_recvchantype(A) ::= LPAREN(P) ntype(T) RPAREN.                { A = parse_paren(ps, &P, T); }

convtype(A) ::= fntype(T).                                        { A = T; }
convtype(A) ::= othertype(T).                                     { A = T; }

comptype(A) ::= othertype(T).                                     { A = T; }

fnret_type(A) ::= recvchantype(T).                                { A = T; }
fnret_type(A) ::= fntype(T).                                      { A = T; }
fnret_type(A) ::= othertype(T).                                   { A = T; }
fnret_type(A) ::= ptrtype(T).                                     { A = T; }
fnret_type(A) ::= dotname(T).                                     { A = T; }

dotname(A) ::= name(N).                                           { A = N; }
dotname(A) ::= name(X) PERIOD(D) sym(N).                          { A = parse_selector(ps, X, &D, &N); }

othertype(A) ::= LBRACK(B) oexpr(N) RBRACK ntype(T).              { A = parse_node2(ps, N_ARRAYTYPE, B.pos, N, T); }
othertype(A) ::= LBRACK(B) ELLIPSIS RBRACK ntype(T).
    { A = parse_node2(ps, N_ARRAYTYPE, B.pos, NULL, T); A->flags |= NF_DOTS; }
othertype(A) ::= CHAN(K) non_recvchantype(T).                     { A = parse_chantype(ps, K.pos, T, 0); }
othertype(A) ::= CHAN(K) ARROW ntype(T).                          { A = parse_chantype(ps, K.pos, T, NF_SENDONLY); }
othertype(A) ::= MAP(K) LBRACK ntype(X) RBRACK ntype(V).          { A = parse_node2(ps, N_MAPTYPE, K.pos, X, V); }
othertype(A) ::= structtype(T).                                   { A = T; }
othertype(A) ::= interfacetype(T).                                { A = T; }

ptrtype(A) ::= STAR(S) ntype(T).                                  { A = parse_node1(ps, N_STAR, S.pos, T); }

recvchantype(A) ::= ARROW(K) CHAN ntype(T).                       { A = parse_chantype(ps, K.pos, T, NF_RECVONLY); }

structtype(A) ::= STRUCT(K) lbrace structdcl_list(L) osemi RBRACE.
    { A = parse_nodelist(ps, N_STRUCTTYPE, K.pos, L); }
structtype(A) ::= STRUCT(K) lbrace RBRACE.                        { A = parse_nodelist(ps, N_STRUCTTYPE, K.pos, parse_nolist()); }

interfacetype(A) ::= INTERFACE(K) lbrace interfacedcl_list(L) osemi RBRACE.
    { A = parse_nodelist(ps, N_INTERFACETYPE, K.pos, L); }
interfacetype(A) ::= INTERFACE(K) lbrace RBRACE.                  { A = parse_nodelist(ps, N_INTERFACETYPE, K.pos, parse_nolist()); }

structdcl_list(A) ::= structdcl(F).                               { A = parse_list1(ps, F); }
structdcl_list(A) ::= structdcl_list(L) SEMI structdcl(F).        { A = parse_push(ps, L, F); }

structdcl(A) ::= new_name_list(N) ntype(T) oliteral(G).           { A = parse_struct_field(ps, N, T, &G, 0); }
structdcl(A) ::= packname(T) oliteral(G).                         { A = parse_struct_field(ps, parse_nolist(), T, &G, 0); }
structdcl(A) ::= STAR(S) packname(T) oliteral(G).
    { A = parse_struct_field(ps, parse_nolist(), parse_node1(ps, N_STAR, S.pos, T), &G, 0); }
structdcl(A) ::= LPAREN(P) packname(T) RPAREN oliteral(G).
    { A = parse_struct_field(ps, parse_nolist(), T, &G, 0); parse_error(ps, P.pos, "syntax error: cannot parenthesize embedded type"); }

packname(A) ::= sym(N).                                           { A = parse_ident(ps, &N); }
packname(A) ::= sym(X) PERIOD(D) sym(N).                          { A = parse_selector(ps, parse_ident(ps, &X), &D, &N); }

oliteral(A) ::= .                                                 { memset(&A, 0, sizeof A); }
oliteral(A) ::= STRING(S).                                        { A = S; }

interfacedcl_list(A) ::= interfacedcl(F).                         { A = parse_list1(ps, F); }
interfacedcl_list(A) ::= interfacedcl_list(L) SEMI interfacedcl(F). { A = parse_push(ps, L, F); }

interfacedcl(A) ::= sym(N) LPAREN(P) oarg_type_list_ocomma(L) RPAREN fnres(R).
    { A = parse_field(ps, parse_list1(ps, parse_ident(ps, &N)), parse_functype(ps, P.pos, L, R)); }
interfacedcl(A) ::= packname(T).                                  { A = parse_field(ps, parse_nolist(), T); A->flags |= NF_EMBEDDED; }

/* ==== lists ================================================================================ */

expr_list(A) ::= expr(E).                                         { A = parse_list1(ps, E); }
expr_list(A) ::= expr_list(L) COMMA expr(E).                      { A = parse_push(ps, L, E); }

expr_or_type_list(A) ::= expr_or_type(E).                         { A = parse_list1(ps, E); }
expr_or_type_list(A) ::= expr_or_type_list(L) COMMA expr_or_type(E). { A = parse_push(ps, L, E); }

keyval_list(A) ::= keyval(E).                                     { A = parse_list1(ps, E); }
keyval_list(A) ::= complitexpr(E).                                { A = parse_list1(ps, E); }
keyval_list(A) ::= keyval_list(L) COMMA keyval(E).                { A = parse_push(ps, L, E); }
keyval_list(A) ::= keyval_list(L) COMMA complitexpr(E).           { A = parse_push(ps, L, E); }

braced_keyval_list(A) ::= .                                       { A = parse_nolist(); }
braced_keyval_list(A) ::= keyval_list(L) ocomma.                  { A = L; }

osemi(A) ::= .                                                    { A = 0; }
osemi(A) ::= SEMI.                                                { A = 1; }
ocomma(A) ::= .                                                   { A = 0; }
ocomma(A) ::= COMMA.                                              { A = 1; }

oexpr(A) ::= .                                                    { A = NULL; }
oexpr(A) ::= expr(E).                                             { A = E; }

oexpr_list(A) ::= .                                               { A = parse_nolist(); }
oexpr_list(A) ::= expr_list(L).                                   { A = L; }
