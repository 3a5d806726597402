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

/* ---- the grammar proper is written by the lang/ work (issue 2) ---- */
file ::= .
