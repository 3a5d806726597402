/* compiler/scope.h — lexical scopes: which object a name denotes at a point of the program.
 *
 * Scopes nest: universe ⊃ package ⊃ file (imports) ⊃ function ⊃ blocks. A lookup walks from
 * the innermost scope outwards; an insertion fails if the name already exists in *that* scope
 * (Go's "x redeclared in this block"). Names are interned, so comparison is by pointer.
 * A scope is a small array searched linearly: block scopes hold a handful of names, and the
 * package scope of the largest standard package has a few hundred, still cheap enough. */
#ifndef GOL_COMPILER_SCOPE_H
#define GOL_COMPILER_SCOPE_H
#include "compiler/types.h"
#include "lang/arena.h"

typedef struct Scope {
    struct Scope *parent;
    Obj **objs;
    int len, cap;
    bool is_func;           /* the outermost scope of a function body (params and results) */
} Scope;

Scope *scope_new(Arena *a, Scope *parent);
Obj   *scope_lookup_local(Scope *s, const char *name);
Obj   *scope_lookup(Scope *s, const char *name);           /* walks outwards */
/* Inserts obj; returns NULL on success, or the object already declared under that name. */
Obj   *scope_insert(Arena *a, Scope *s, Obj *obj);

#endif
