/* compiler/types.h — Go's types, objects (named entities) and packages, as the compiler sees them.
 *
 * The type checker (compiler/check*.c) builds these from the syntax tree and annotates every
 * expression node with its Type (node->type), every identifier with its Obj (node->obj) and
 * every constant expression with its value (node->cval). The code generator (compiler/gen*.c)
 * reads only those annotations: it never resolves a name or infers a type itself.
 *
 * Layout is Go's amd64 layout (DESIGN §3): type_size/type_align/field offsets are exactly what
 * unsafe.Sizeof/Alignof/Offsetof report in Go, and what the heap and frames use.
 *
 * Identity: types are compared with types_identical(). Predeclared basic types are singletons
 * (t_int, t_string, ...). Composite types may be created more than once; the checker interns
 * them where cheap (type_slice_of etc. cache their result on the element type).
 */
#ifndef GOL_COMPILER_TYPES_H
#define GOL_COMPILER_TYPES_H

#include <stdbool.h>
#include <stdint.h>
#include "lang/ast.h"

typedef enum TypeKind {
    /* basic kinds, in Go's reflect.Kind order where it has one */
    TY_INVALID = 0,
    TY_BOOL, TY_INT, TY_INT8, TY_INT16, TY_INT32, TY_INT64,
    TY_UINT, TY_UINT8, TY_UINT16, TY_UINT32, TY_UINT64, TY_UINTPTR,
    TY_FLOAT32, TY_FLOAT64,
    TY_STRING, TY_UNSAFEPTR,
    /* untyped constant kinds: the type of a constant expression before it is given one */
    TY_UNTYPED_BOOL, TY_UNTYPED_INT, TY_UNTYPED_RUNE, TY_UNTYPED_FLOAT, TY_UNTYPED_STRING,
    TY_UNTYPED_NIL,
    /* composite kinds */
    TY_ARRAY, TY_SLICE, TY_STRUCT, TY_POINTER, TY_FUNC, TY_INTERFACE, TY_MAP, TY_CHAN,
    TY_NAMED,   /* a defined type: `type T U`; `underlying` is U's underlying type */
    TY_TUPLE,   /* the result list of a multi-value call; never the type of a variable */
    TY__COUNT
} TypeKind;

typedef struct Type Type;
typedef struct Obj Obj;
typedef struct Package Package;

typedef struct Field {
    const char *name;       /* interned; NULL for anonymous params; the type name for embedded */
    Type *type;
    int64_t offset;         /* byte offset in the struct (structs only) */
    bool embedded;
    const char *tag;        /* struct tag text or NULL */
    Pos pos;
} Field;

typedef struct Method {
    const char *name;       /* interned */
    Type *sig;              /* TY_FUNC without the receiver */
    Obj *func;              /* the FUNCDECL's object (concrete types) or NULL (interface methods) */
    bool ptr_recv;          /* declared with a pointer receiver */
} Method;

struct Type {
    TypeKind kind;
    int64_t size;           /* bytes; -1 while not yet computed (recursive declarations) */
    int64_t align;
    Type *elem;             /* array, slice, pointer, map value, chan element */
    Type *key;              /* map key */
    int64_t len;            /* array length */
    Field *fields;          /* struct fields / func params / tuple members */
    int nfields;
    Field *results;         /* func results */
    int nresults;
    bool variadic;          /* func: last param is ...T (its type is []T) */
    int chandir;            /* 0 both, 1 send-only, 2 receive-only */
    Method *methods;        /* named types: declared methods; interfaces: method set (sorted by name) */
    int nmethods;
    /* named types */
    const char *name;       /* interned */
    Package *pkg;           /* NULL for predeclared types */
    Type *underlying;       /* for TY_NAMED; for all others, the type itself */
    Type *defined_from;     /* `type T2 T1`: T1, whose underlying T2 shares (the checker's
                             * recursion check walks names through it); else NULL */
    Obj *obj;               /* the TypeName object */
    /* caches */
    Type *slice_of, *ptr_to;
    int desc_index;         /* index of its runtime TypeDesc in the module, -1 if none yet */
};

/* ---- objects: what an identifier can denote ---- */
typedef enum ObjKind {
    OBJ_BAD, OBJ_CONST, OBJ_TYPE, OBJ_VAR, OBJ_FUNC, OBJ_PKG, OBJ_BUILTIN, OBJ_NIL, OBJ_LABEL
} ObjKind;

typedef enum VarClass {
    VAR_LOCAL,      /* lives in a frame slot */
    VAR_PARAM,      /* parameter: frame slot in the incoming-arguments area */
    VAR_RESULT,     /* named or unnamed result: frame slot in the results area */
    VAR_GLOBAL,     /* package-level variable: module global area */
    VAR_HEAP        /* escapes (address taken or captured): frame slot holds a pointer to a heap cell */
} VarClass;

typedef enum BuiltinId {
    BI_APPEND, BI_CAP, BI_CLOSE, BI_COMPLEX, BI_COPY, BI_DELETE, BI_IMAG, BI_LEN, BI_MAKE,
    BI_NEW, BI_PANIC, BI_PRINT, BI_PRINTLN, BI_REAL, BI_RECOVER,
    BI_UNSAFE_SIZEOF, BI_UNSAFE_ALIGNOF, BI_UNSAFE_OFFSETOF,
    BI__COUNT
} BuiltinId;

struct Obj {
    ObjKind kind;
    const char *name;       /* interned */
    Type *type;
    Pos pos;
    Package *pkg;           /* declaring package; NULL for universe objects */
    Node *decl;             /* declaring node (FUNCDECL, TYPESPEC, VARSPEC, CONSTSPEC, FIELD, IDENT) */
    bool used;              /* for "declared and not used" and "imported and not used" */
    /* OBJ_CONST */
    struct ConstVal *cval;
    /* OBJ_VAR */
    VarClass vclass;
    bool addr_taken;        /* &x appears, or x is captured by reference: decides VAR_HEAP */
    struct Node *fnode;     /* locals: the FUNCDECL or FUNCLIT declaring it (NULL: package level) */
    bool captured;          /* a function literal refers to it (FUNCLIT.list names it) */
    bool byval;             /* escape.c: captured by value (never reassigned, small; Go's rule) */
    bool reassigned;        /* escape.c: assigned somewhere after its declaration */
    int32_t frame_off;      /* codegen: byte offset in the frame (locals, params, results) */
    int32_t global_off;     /* codegen: byte offset in the module's global area */
    /* OBJ_FUNC */
    int func_index;         /* codegen: index in Module.funcs; -1 until assigned */
    Type *recv;             /* methods: receiver type (T or *T) */
    bool is_native;         /* body-less declaration: bound to a C function by qualified name */
    /* OBJ_BUILTIN */
    BuiltinId builtin;
    /* OBJ_PKG */
    Package *imported;
};

/* A package: a scope of top-level objects. The program's main package comes from the user's
 * file; imported standard packages come from the .gol files embedded from runtime/lib/. */
struct Package {
    const char *path;       /* "main", "fmt", "runtime/debug" */
    const char *name;       /* last element: "debug" */
    struct Scope *scope;
    SourceFile *file;
    Node **init_order;      /* package-level VARSPECs in Go's initialisation order */
    int ninit_order;
    Obj **inits;            /* init() functions in source order */
    int ninits;
};

/* ---- predeclared types ---- */
extern Type *t_bool, *t_int, *t_int8, *t_int16, *t_int32, *t_int64;
extern Type *t_uint, *t_uint8, *t_uint16, *t_uint32, *t_uint64, *t_uintptr;
extern Type *t_float32, *t_float64, *t_string, *t_unsafeptr;
extern Type *t_untyped_bool, *t_untyped_int, *t_untyped_rune, *t_untyped_float,
            *t_untyped_string, *t_untyped_nil;
extern Type *t_invalid;
extern Type *t_error;       /* the predeclared interface `error` */
extern Type *t_any;         /* interface{} */

void   types_init(void);                    /* creates the singletons above; idempotent */
Type  *type_new(TypeKind k);
void  *types_alloc(size_t n);               /* zeroed memory that lives as long as the types */
Type  *type_slice_of(Type *elem);
Type  *type_pointer_to(Type *elem);
Type  *type_array_of(Type *elem, int64_t len);
Type  *type_underlying(Type *t);            /* t itself unless TY_NAMED */
bool   types_identical(Type *a, Type *b);
int64_t type_size(Type *t);                 /* Go amd64 sizes */
int64_t type_align(Type *t);
bool   type_has_pointers(Type *t);          /* false means "noscan" */
bool   type_is_integer(Type *t), type_is_unsigned(Type *t), type_is_float(Type *t),
       type_is_numeric(Type *t), type_is_string(Type *t), type_is_boolean(Type *t),
       type_is_untyped(Type *t), type_is_comparable(Type *t), type_is_ordered(Type *t);
Type  *type_default(Type *t);               /* untyped int -> int, untyped rune -> int32 ... */
/* Go's spelling of a type for messages and %T: "int", "[]main.Point", "func(int) string".
 * Writes into buf (always NUL-terminated) and returns buf. `qualify_main` selects "main.T"
 * (runtime, %T) versus "T" (compiler messages print local types unqualified). */
char  *type_string(Type *t, char *buf, size_t n, bool qualify_main);

#endif
