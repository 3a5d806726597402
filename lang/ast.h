/* lang/ast.h — the abstract syntax tree: what the parser builds and the compiler reads.
 *
 * One struct, Node, for every syntax form; its `kind` says which fields are used. The table
 * below lists every kind with its fields, so this header is the whole grammar in one page.
 * Fields not named for a kind are zero. Lists are NodeList (a growable array of Node*).
 *
 * Positions: every node has `pos`, the line and column (1-based; columns count bytes, as Go's
 * do) of its first token, except BINARY, whose pos is the operator (Go reports `a + b` at `+`).
 * Calls, selectors, index and slice expressions also record the '(' '.' '[' token in `pos2`.
 *
 * Annotations: the compiler writes its results into the `type`, `obj`, `cval`, `aux` and
 * `slot` fields; lang/ never reads them. They are declared as pointers to incomplete structs so
 * lang/ depends on nothing of the compiler.
 *
 * Memory: nodes live in an arena (lang/arena.h) owned by the SourceFile; nothing is freed one by
 * one. Identifier names are interned (lang/intern.h): two equal names are the same pointer.
 */
#ifndef GOL_LANG_AST_H
#define GOL_LANG_AST_H

#include <stddef.h>
#include <stdint.h>

typedef struct Pos {
    int32_t line;   /* 1-based; 0 means "no position" */
    int32_t col;    /* 1-based byte column */
} Pos;

typedef struct Node Node;

typedef struct NodeList {
    Node **items;
    int len, cap;
} NodeList;

/* X-macro: NODE(kind, fields used). Kept in one place so the printer (ast_dump) and
 * checker can switch over every kind. */
#define NODE_KINDS(NODE) \
    /* ---- file and declarations ---- */ \
    NODE(FILE,        "name=package name; list=imports (IMPORT); list2=top-level decls") \
    NODE(IMPORT,      "name=local name or NULL or \".\" or \"_\"; lit/litlen=path without quotes") \
    NODE(CONSTDECL,   "list=CONSTSPEC nodes of one `const (...)` group (a single spec is a group of one)") \
    NODE(CONSTSPEC,   "list=names (IDENT); a=type or NULL; list2=values (may be empty: repeat previous); ival=iota") \
    NODE(VARDECL,     "list=VARSPEC nodes") \
    NODE(VARSPEC,     "list=names (IDENT); a=type or NULL; list2=values or empty") \
    NODE(TYPEDECL,    "list=TYPESPEC nodes") \
    NODE(TYPESPEC,    "name; a=type; flags&NF_ALIAS for `type A = B`") \
    NODE(FUNCDECL,    "name; a=receiver FIELD or NULL; b=FUNCTYPE; body=BLOCK or NULL (body-less: native); pos2=name") \
    /* ---- statements ---- */ \
    NODE(BLOCK,       "list=statements; pos2=closing brace") \
    NODE(EMPTY,       "") \
    NODE(EXPRSTMT,    "a=expression") \
    NODE(SEND,        "a=channel; b=value") \
    NODE(INCDEC,      "a=operand; op=TK_INC or TK_DEC") \
    NODE(ASSIGN,      "list=lhs; list2=rhs; op=TK_ASSIGN, TK_DEFINE, or the binary op of `op=` (TK_PLUS...); pos2=the operator") \
    NODE(GO,          "a=CALL") \
    NODE(DEFER,       "a=CALL") \
    NODE(RETURN,      "list=results") \
    NODE(BRANCH,      "op=TK_BREAK/TK_CONTINUE/TK_GOTO/TK_FALLTHROUGH; name=label or NULL") \
    NODE(LABELED,     "name=label; a=statement") \
    NODE(IF,          "init=simple stmt or NULL; cond; body=BLOCK; els=IF or BLOCK or NULL") \
    NODE(SWITCH,      "init; a=tag expression or NULL; list=CASE clauses; pos2=closing brace") \
    NODE(TYPESWITCH,  "init; name=bound variable or NULL (`v := x.(type)`); b=its IDENT; a=x; list=CASE clauses") \
    NODE(CASE,        "list=expressions (types in a type switch); flags&NF_DEFAULT; list2=statements") \
    NODE(SELECT,      "list=COMM clauses") \
    NODE(COMM,        "a=SEND, EXPRSTMT(recv), or ASSIGN (v, ok := <-c / v = <-c) or NULL for default; list2=statements") \
    NODE(FOR,         "init; cond; post; body=BLOCK (all but body may be NULL)") \
    NODE(RANGE,       "a=key or NULL; b=value or NULL; op=TK_DEFINE/TK_ASSIGN/0; c=range expression; body") \
    NODE(DECLSTMT,    "a=CONSTDECL, VARDECL or TYPEDECL") \
    /* ---- expressions ---- */ \
    NODE(IDENT,       "name (interned); `_` is the blank identifier") \
    NODE(INTLIT,      "lit/litlen=source text") \
    NODE(FLOATLIT,    "lit/litlen=source text") \
    NODE(IMAGLIT,     "lit/litlen=source text (parsed; rejected by the compiler)") \
    NODE(RUNELIT,     "lit/litlen=source text including quotes; ival=decoded rune") \
    NODE(STRINGLIT,   "lit/litlen=source text including quotes; sval/svallen=decoded bytes") \
    NODE(COMPOSITE,   "a=type or NULL (elided inside another literal); list=elements (KEYVALUE or exprs); pos2=closing brace") \
    NODE(KEYVALUE,    "a=key; b=value") \
    NODE(FUNCLIT,     "b=FUNCTYPE; body=BLOCK") \
    NODE(PAREN,       "a=inner expression") \
    NODE(SELECTOR,    "a=operand; name=selected identifier; pos2=position of the name") \
    NODE(INDEX,       "a=operand; b=index; pos2='['") \
    NODE(SLICE,       "a=operand; b=low or NULL; c=high or NULL; d=max or NULL; flags&NF_SLICE3; pos2='['") \
    NODE(TYPEASSERT,  "a=operand; b=type, or NULL for x.(type); pos2='.'") \
    NODE(CALL,        "a=callee; list=arguments; flags&NF_DOTS when the last argument has `...`; pos2='('") \
    NODE(STAR,        "a=operand: pointer dereference *x, or pointer type *T (the compiler decides)") \
    NODE(UNARY,       "op=TK_PLUS TK_MINUS TK_NOT TK_XOR TK_AND(&x) TK_ARROW(<-x); a=operand") \
    NODE(BINARY,      "op=operator token; a=left; b=right; pos=operator position") \
    /* ---- types ---- */ \
    NODE(ARRAYTYPE,   "a=length expression, or NULL for a slice type; flags&NF_DOTS for [...]T; b=element type") \
    NODE(STRUCTTYPE,  "list=FIELD nodes") \
    NODE(FUNCTYPE,    "list=parameter FIELDs; list2=result FIELDs") \
    NODE(INTERFACETYPE,"list=FIELD nodes: methods (name + FUNCTYPE) or embedded types (no names)") \
    NODE(MAPTYPE,     "a=key type; b=value type") \
    NODE(CHANTYPE,    "a=element type; op=0 (chan), TK_ARROW+send flag: flags&NF_SENDONLY / NF_RECVONLY") \
    NODE(ELLIPSIS,    "a=element type (only as the type of a final parameter)") \
    /* ---- inserted by the compiler, never by the parser ---- */ \
    NODE(CONVERT,     "a=operand; type=target: an implicit conversion made explicit (e.g. value to interface)") \
    NODE(FIELD,       "list=names (IDENT), empty for an anonymous parameter or embedded field; a=type; lit=tag or NULL; flags&NF_EMBEDDED")

typedef enum NodeKind {
#define NODE_ENUM(k, doc) N_##k,
    NODE_KINDS(NODE_ENUM)
#undef NODE_ENUM
    N__COUNT
} NodeKind;

/* flags */
enum {
    NF_ALIAS     = 1 << 0,
    NF_DEFAULT   = 1 << 1,
    NF_DOTS      = 1 << 2,
    NF_SLICE3    = 1 << 3,
    NF_SENDONLY  = 1 << 4,
    NF_RECVONLY  = 1 << 5,
    NF_EMBEDDED  = 1 << 6,
    NF_PARENS    = 1 << 7,  /* expression was parenthesised (used for `(T){}` and `(*p).f` checks) */
    NF_COMPILER  = 1 << 16, /* bits from here up belong to the compiler: */
    NF_ISTYPE    = 1 << 16  /*   the expression denotes a type, not a value */
};

struct Type;      /* compiler/types.h */
struct Obj;       /* compiler/types.h */
struct ConstVal;  /* compiler/constant.h */

struct Node {
    NodeKind kind;
    int op;                 /* operator token code (TK_* from the generated lang/grammar.h) */
    int flags;              /* NF_* */
    Pos pos, pos2;
    const char *name;       /* interned identifier, label or package name */
    const char *lit;        /* literal source text (not NUL-terminated in general) */
    int litlen;
    const char *sval;       /* decoded string literal bytes (NUL-terminated, may contain NULs) */
    int svallen;
    int64_t ival;           /* decoded rune literal; iota for CONSTSPEC */
    Node *a, *b, *c, *d;    /* children, meaning per kind (see NODE_KINDS) */
    Node *init, *cond, *post, *body, *els;
    NodeList list, list2;

    /* ---- compiler annotations (lang/ never reads these) ---- */
    struct Type *type;      /* type of an expression, or the type a type-expression denotes */
    struct Obj *obj;        /* object an IDENT (or qualified SELECTOR) resolves to */
    struct ConstVal *cval;  /* value of a constant expression, else NULL */
    int64_t aux;            /* per-kind compiler data (field index, selector kind...) */
    int32_t slot;           /* codegen scratch */
};

/* A parsed file. `path` is what diagnostics print (as given on the command line). */
typedef struct SourceFile {
    const char *path;
    const char *text;       /* whole file, NUL-terminated */
    size_t len;
    Node *root;             /* N_FILE, or NULL if parsing failed completely */
    struct Arena *arena;
} SourceFile;

const char *node_kind_name(NodeKind k);
void nodelist_push(struct Arena *a, NodeList *l, Node *n);
Node *node_new(struct Arena *a, NodeKind k, Pos pos);

#endif
