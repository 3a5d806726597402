/* compiler/check.h — the type checker's internal interface (shared by compiler/check_*.c).
 *
 * The checker walks the syntax tree once per package and leaves its results in the tree (the
 * contract in compiler/compiler.h). Its organisation follows Go's types2:
 *
 *   1. collect   (check_decl.c)  every top-level declaration becomes an Obj in the package
 *                scope, remembered with its declaring node in a PkgDecl, coloured white;
 *   2. resolve   (check_decl.c)  objects are checked lazily and in dependency order: when an
 *                identifier refers to a white package-level object, that object's declaration
 *                is checked first (grey while in progress, black when done). This is how
 *                `const a = b * 2; const b = 3` and recursive types work without a fixed order;
 *   3. bodies    (check_stmt.c)  function bodies are checked after every package-level object;
 *                references from a body to package-level vars and funcs are recorded as the
 *                function's dependencies, which give the initialisation order (init_order);
 *   4. report    unused variables/imports (warnings), unused labels, initialisation loops.
 *
 * Expressions (check_expr.c, check_call.c) are checked by chk_expr, which annotates the node
 * (type, cval) and returns its *mode*: what kind of operand it is (constant, variable, value,
 * type, ...), which decides what may be done with it (assign to a variable only, take the
 * address of a variable only, ...). Errors make the operand OM_INVALID with type t_invalid,
 * and every rule is silent on an invalid operand, so one mistake gives one message.
 *
 * Rewrites (implicit &x, *p, embedded-field steps, conversions to interfaces) are done in place:
 * the node is copied to a fresh node and the original node becomes the wrapper, so parents
 * need no pointer fix-up (chk_wrap).
 */
#ifndef GOL_COMPILER_CHECK_H
#define GOL_COMPILER_CHECK_H
#include <stdbool.h>
#include "compiler/compiler.h"
#include "compiler/constant.h"
#include "compiler/scope.h"
#include "lang/arena.h"
#include "lang/intern.h"
#include "lang/grammar.h"

typedef enum OpMode {
    OM_INVALID, OM_NOVALUE, OM_BUILTIN, OM_TYPE, OM_CONST, OM_VAR, OM_VALUE, OM_NIL, OM_PKG
} OpMode;

/* A package-level declaration awaiting or under checking. */
typedef struct PkgDecl {
    Obj *obj;
    Node *spec;             /* CONSTSPEC, VARSPEC, TYPESPEC or FUNCDECL */
    int index;              /* position of obj's name in spec->list (const/var) */
    Node *typ;              /* explicit type expression (const/var) */
    Node *init;             /* the initialiser expression for this name (const/var) */
    int64_t iota;
    int color;              /* 0 white, 1 grey, 2 black */
    int order;              /* source order */
    Obj **deps;             /* package-level vars and funcs referenced by its initialiser/body */
    int ndeps, capdeps;
    /* initialisation order scratch */
    int mark;
} PkgDecl;

typedef struct Checker {
    Program *prog;
    Package *pkg;
    SourceFile *file;
    DiagList *diags;
    Arena *arena;
    Scope *universe, *pkgscope, *filescope, *scope;
    PkgDecl **decls;        /* all package-level declarations, in source order */
    int ndecls, capdecls;
    PkgDecl *cur_decl;      /* whose dependencies are being collected, or NULL */
    struct DeclMap *declmap;    /* Obj -> PkgDecl (check_decl.c) */
    int depth;              /* expression nesting, bounded so that bad input cannot overflow the C stack */
    bool depth_reported;
    bool skipped_code;      /* an unsupported construct was not checked: it may hold the only
                             * uses of imports and variables, so "not used" warnings are off */
    /* the function being checked */
    Type *fsig;
    Node **fnstack;         /* the FUNCDECL being checked, then the FUNCLITs open inside it */
    int nfn, capfn;
    Obj **fvars;            /* locals declared in the function, for "declared but not used" */
    int nfvars, capfvars;
    int64_t iota;           /* -1 outside a constant declaration */
} Checker;

/* ---- diagnostics and helpers (check_expr.c) ---- */
void        chk_error(Checker *c, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void        chk_warning(Checker *c, Pos pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
Pos         chk_start_pos(Node *n);
const char *chk_expr_str(Checker *c, Node *n);           /* Go's syntax.String of an expression */
const char *chk_operand_str(Checker *c, Node *n, OpMode m);
const char *chk_type_str(Checker *c, Type *t);
Node       *chk_unparen(Node *n);
Pos         chk_colon_pos(Checker *c, Pos from);
Pos         chk_word_pos(Checker *c, Pos from, const char *word, bool after_parens);
void        chk_wrap(Checker *c, Node *n, NodeKind k, int op, Type *t);
Obj        *chk_new_obj(Checker *c, ObjKind k, const char *name, Type *t, Pos pos);
ConstVal   *chk_new_cval(Checker *c, ConstVal v);


/* ---- expressions (check_expr.c) ---- */
OpMode chk_expr(Checker *c, Node *n);                     /* may yield a tuple or no value */
OpMode chk_expr_hint(Checker *c, Node *n, Type *hint);    /* hint: type of an elided composite */
OpMode chk_single(Checker *c, Node *n);                   /* exactly one value (or type) */
OpMode chk_value(Checker *c, Node *n);                    /* one value, not a type */
void   chk_default(Checker *c, Node *n, OpMode m);        /* gives an untyped operand its default type */
/* Converts an untyped operand to T in place (representability etc.); false with no message
 * when it cannot: the caller reports. *status gets the constant status. */
bool   chk_convert_untyped(Checker *c, Node *n, OpMode m, Type *t, CvStatus *status);
bool   chk_assignable(Checker *c, Node *n, OpMode m, Type *t);
/* interfaces (check_expr.c): x must be an interface value; can interface type it hold a T
 * (NULL, or Go's reason with chk_missing_detail_text's have/want lines); `v, ok := x.(T)`. */
OpMode chk_iface_operand(Checker *c, Node *x);
const char *chk_impossible_assert(Checker *c, Type *it, Type *t);
const char *chk_missing_detail_text(void);
void   chk_comma_ok(Checker *c, Node *x, int nvars);
/* assignment of an operand to a variable of type t: converts, reports Go's message, wraps
 * interface conversions. t NULL: assignment to `_` (untyped gets its default type). */
bool   chk_assign_to(Checker *c, Node *n, OpMode m, Type *t, const char *context);
Type  *chk_type(Checker *c, Node *n);                     /* a type expression */
Type  *chk_type_or_invalid(Checker *c, Node *n);
Type  *chk_func_type(Checker *c, Node *ft, Node *recv, Scope *declare_in);
void   chk_set_type(Checker *c, Node *n, Type *t);        /* final type of an untyped expression */
bool   chk_is_interface(Type *t);
OpMode chk_selector_callee(Checker *c, Node *n);         /* a selector in call position: methods allowed */
OpMode chk_binary_operands(Checker *c, Node *n, int op, Node *x, OpMode mx, Node *y, OpMode my, Node *errexpr);
bool   chk_addressable(Checker *c, Node *n, OpMode m);

/* ---- calls and builtins (check_call.c) ---- */
OpMode chk_call(Checker *c, Node *n);
OpMode chk_conversion(Checker *c, Node *n, Type *t);
const char *chk_types_summary(Checker *c, Node **args, int nargs, Type *tuple_or_null);

/* ---- declarations (check_decl.c) ---- */
void   chk_collect(Checker *c);
void   chk_package_objects(Checker *c);
void   chk_resolve_obj(Checker *c, Obj *o);                /* checks a white package-level obj */
PkgDecl *chk_decl_of(Checker *c, Obj *o);
void   chk_add_dep(Checker *c, Obj *o);
void   chk_local_decl(Checker *c, Node *decl);             /* CONSTDECL/VARDECL/TYPEDECL in a body */
void   chk_track_local(Checker *c, Obj *o);               /* a local var, for "declared but not used" */
void   chk_init_order(Checker *c);
bool   chk_declare(Checker *c, Scope *s, Obj *o, Pos pos);        /* false: blank or redeclared */

/* ---- statements (check_stmt.c) ---- */
void   chk_func_body(Checker *c, Obj *fn, Node *decl);
void   chk_unsupported(Checker *c, Pos pos, const char *what);
OpMode chk_func_lit(Checker *c, Node *n);                 /* a function literal: its body, its captures */
void   chk_capture(Checker *c, Node *n, Obj *o);          /* n refers to local o: record captures */

/* ---- universe and imports ---- */
Scope *universe_scope(Arena *a);
Package *chk_import(Checker *c, Node *imp);
Package *chk_unsafe_package(Checker *c);
bool     go_std_has(const char *path);            /* gostd.c: a Go 1.19 standard package */

#endif
