/* compiler/methodset.h — the method set of a type, promoted methods included (Go spec, "Method
 * sets" and "Selectors"). One computation serves the checker (does V implement an interface
 * such as `error`?) and the code generator (the TypeDesc method tables fmt and panic read, and
 * the wrapper functions behind promoted methods). See methodset.c for the rules. */
#ifndef GOL_COMPILER_METHODSET_H
#define GOL_COMPILER_METHODSET_H

#include <stdbool.h>
#include "compiler/types.h"

enum { MSET_MAX_DEPTH = 16 };

/* One method of a method set: where it is declared and how the receiver reaches it. */
typedef struct MethodSetEntry {
    const char *name;           /* interned */
    Method *method;             /* the declared method (its func and sig), or an interface's */
    Type *owner;                /* the named type declaring it, or the embedded interface type */
    int path[MSET_MAX_DEPTH];   /* struct field indices from the receiver's base type down to owner */
    int depth;                  /* 0: declared on the type itself; >0: promoted */
    bool indirect;              /* the path goes through a pointer (the receiver's or an embedded *E) */
    bool from_iface;            /* promoted from an embedded interface */
} MethodSetEntry;

typedef struct MethodSet {
    MethodSetEntry *entries;    /* sorted by name */
    int n;
} MethodSet;

/* The method set of t: for T (named, or an unnamed struct) its value methods and those promoted
 * to it; for a pointer *T also the pointer methods. Empty for interfaces (their methods are
 * t->methods), pointers to pointers or interfaces, and types without methods. `resolve`, when
 * not NULL, is called on every method found before its signature is read (the checker resolves
 * method declarations lazily). Free with methodset_free. */
MethodSet methodset_of(Type *t, void (*resolve)(void *ctx, Obj *fn), void *ctx);
const MethodSetEntry *methodset_find(const MethodSet *ms, const char *name);
void methodset_free(MethodSet *ms);

#endif
