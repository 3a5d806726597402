/* compiler/compiler.h — the compiler's entry points: syntax tree in, bytecode module out.
 *
 *   Program *p = check_program(file, &diags);    type-check main and every import
 *   Module  *m = gen_module(p, &diags);          generate bytecode (vm/bytecode.h)
 *
 * check_program loads imported standard packages from the sources embedded from runtime/lib/
 * (runtime/stdlib.h), parses and checks each once, and returns NULL only if errors were
 * reported. gen_module lays out frames and globals, emits code, type descriptors, line tables
 * and stack maps; with `escape_report` set it prints Go's -m lines ("moved to heap: x").
 *
 * ---- What the checker leaves in the tree for the code generator ----
 *  1. Every expression node: `type` is its type *after* implicit conversion. An untyped constant
 *     used where a typed value is needed carries the target type; one with no context carries
 *     its default type (untyped int -> int ...). Nodes that denote types have NF_ISTYPE in
 *     flags and `type` = the denoted type.
 *  2. Every constant expression: `cval` holds its value, already converted to `type`.
 *  3. IDENT: `obj`. Blank `_` on the left of an assignment has obj NULL.
 *  4. SELECTOR: `aux` is a SelKind. SEL_PKG: a qualified identifier (`fmt.Println`), `obj` set
 *     as for an IDENT. SEL_FIELD: `a` is a struct or pointer to struct (implicit dereference);
 *     embedded-field steps are made explicit by inserting SELECTOR nodes, so the field named by
 *     `name` is a direct field of a's struct type. SEL_METHOD: `obj` is the method's OBJ_FUNC;
 *     the receiver `a` already has the exact receiver type (the checker inserts & or * nodes);
 *     outside a call it is a method value (a closure binding the receiver, gen_closure.c).
 *     SEL_IMETHOD: a method of the interface value `a` (its method list holds `name`); `type`
 *     is the method's signature, `obj` NULL.
 *     SEL_METHODEXPR: `T.M` / `(*T).M`, a func value taking the receiver first; `a` is the
 *     type T or *T, `obj` the method's func, `type` the func type with the receiver prepended.
 *  5. CALL: `aux` is a CallKind. CALL_FUNC: `a` resolves to an OBJ_FUNC (IDENT or SEL_PKG);
 *     CALL_METHOD: `a` is a SEL_METHOD selector; CALL_IFACE: `a` is a SEL_IMETHOD selector (a
 *     call through the interface's itab); CALL_INDIRECT: `a` is a func value;
 *     CALL_BUILTIN: a->obj is the OBJ_BUILTIN; CALL_CONV: conversion `T(x)`, a has NF_ISTYPE.
 *     A variadic call without `...` is left as is: the generator packs the trailing arguments.
 *  6. Implicit conversions of a value to an interface type (assignment, argument, return,
 *     composite literal element, comparison with an interface) are made explicit by wrapping
 *     the value in an N_CONVERT node whose `type` is the interface type.
 *  7. Variables: Obj.vclass is set (VAR_HEAP when the address is taken or, later, captured).
 *     Codegen assigns frame_off / global_off. (The checker sets addr_taken on every variable
 *     whose address is taken, explicitly or by an implicit &x receiver or x[:] of an array,
 *     including parameters and results, which keep VAR_PARAM/VAR_RESULT: the escape pass
 *     decides their final class. Locals become VAR_HEAP directly.)
 *  8. FUNCDECL, TYPESPEC, and each name of VARSPEC/CONSTSPEC: `obj` on the declaring node
 *     (FUNCDECL->obj; the IDENT nodes in VARSPEC->list carry their objs).
 *  9. COMPOSITE of struct type: every element is a KEYVALUE whose `aux` is the field index
 *     (positional literals are rewritten to keyed ones). Arrays/slices: a KEYVALUE key has cval.
 * 10. RANGE: key/value IDENTs (when defined) carry their objs; c->type is the range operand's.
 * 11. Package.init_order lists package-level VARSPECs in Go's initialisation order; inits
 *     lists init functions. Each package appears in Program.pkgs after its imports.
 * 12. TYPEASSERT `x.(T)`: `b` has NF_ISTYPE; `type` is T, or, in a comma-ok context
 *     (`v, ok := x.(T)`, NF_COMMAOK), the tuple (T, bool). TYPESWITCH: `b` is the bound IDENT
 *     (or NULL); each CASE clause's `obj` is its bound variable (or NULL); a `nil` case is an
 *     IDENT whose obj is OBJ_NIL, the others denote types (NF_ISTYPE).
 * 13. Untyped nil has type t_untyped_nil only where the target type is not known (never in
 *     code the generator sees: nil assigned to a slice has the slice type).
 * 14. INDEX of a map: NF_MAPINDEX in flags, `b` already converted to the key type. The value of
 *     `v, ok := m[k]` (assignment, define, var declaration) also has NF_COMMAOK. A map
 *     COMPOSITE's elements are KEYVALUEs whose key and value carry the key and elem types.
 */
#ifndef GOL_COMPILER_COMPILER_H
#define GOL_COMPILER_COMPILER_H
#include <stdio.h>
#include "lang/ast.h"
#include "lang/diag.h"
#include "compiler/types.h"

typedef struct Program {
    Package *main;
    Package **pkgs;         /* every package, dependencies before dependents, main last */
    int npkgs;
    struct Arena *arena;
    bool uses_recover;      /* a recover() call: the runtime package (runtime.Error's types) is loaded */
} Program;

/* Node flags the checker sets for the generator (the compiler's bits of lang/ast.h NodeFlags). */
#define NF_COMMAOK  (1 << 17)   /* x.(T) or m[k] giving (value, ok): a TYPEASSERT's type is (T, bool) */
#define NF_MAPINDEX (1 << 20)   /* m[k] on a map: assignable, not addressable (Go's mapindex mode) */

typedef enum SelKind { SEL_NONE, SEL_PKG, SEL_FIELD, SEL_METHOD, SEL_IMETHOD, SEL_METHODEXPR } SelKind;
typedef enum CallKind { CALL_NONE, CALL_FUNC, CALL_METHOD, CALL_INDIRECT, CALL_BUILTIN, CALL_CONV, CALL_IFACE } CallKind;

typedef struct GenOptions {
    bool escape_report;     /* gol build -m */
    FILE *escape_out;       /* where the -m lines go (NULL: stderr; the REPL keeps them for :escape) */
} GenOptions;

struct Module;
/* Go's loader step, before any compiling: an error for each import that cannot be resolved
 * (not a package of gol's standard library); returns how many. check_program reports the same
 * errors, so calling this first is only needed to report them the way `go run` does: alone. */
int            check_imports(SourceFile *main_file, DiagList *diags);
Program       *check_program(SourceFile *main_file, DiagList *diags);
struct Module *gen_module(Program *p, const GenOptions *opt, DiagList *diags);

/* ---- a REPL session (compiler/session.c): one input at a time into one growing module ----
 *
 *   Session *s = session_new(m);                 m: an empty Module the session fills
 *   session_input(s, "x := 40 + 2", &opt, &diags, &r);   then run r.entry (and r.entry2)
 *
 * An input is a declaration, statements, or an expression whose value is printed. Errors are
 * reported in diags as `<input>:line:col: message`; a failed input changes nothing. */
typedef struct Session Session;
#define SESSION_INPUT_NAME "<input>"   /* the file name of every input in messages */
#define SESSION_MAX_REDEF 16
typedef struct SessionOptions {
    bool no_show;           /* do not print the value of a final expression */
    bool type_only;         /* :type: check the expression, fill SessionResult.type, keep nothing */
    bool escape_report;     /* keep the -m lines of the input in escape_out */
    FILE *escape_out;
} SessionOptions;
typedef struct SessionResult {
    bool has_prelude;       /* entry runs the session's first-use set-up (fmt), then entry2 the input */
    bool has_entry;
    uint32_t entry, entry2; /* functions of the module to run, in order */
    bool printed;           /* the input's value is printed */
    uint32_t redef[SESSION_MAX_REDEF][2];   /* (old, new) function indices: same signature, the */
    int nredef;                             /* new code replaces the old for every caller */
    char type[512];         /* type_only: the expression's type */
    int col_shift;          /* the input's line 1 starts at this column of its file, less one
                               (the -m lines of escape_out are positioned in the file) */
} SessionResult;
Session *session_new(struct Module *m);
void     session_free(Session *s);            /* the module stays: module_free is the caller's */
bool     session_input(Session *s, const char *text, const SessionOptions *opt, DiagList *diags,
                       SessionResult *r);
bool     session_is_decl(const char *text);
int      session_func_index(Session *s, const char *name);   /* f or T.M, for :disasm; -1: none */
int64_t  session_global_offset(Session *s, const char *name); /* a session variable's, or -1 */

#endif
