/* compiler/universe.c — the universe scope: Go's predeclared identifiers.
 *
 * Types (bool, int..., string, byte and rune as aliases of uint8 and int32 that keep their own
 * spelling in messages, error, any), constants (true, false, iota), nil, and the builtin
 * functions. complex64/complex128 and the complex builtins are declared so that using them
 * gives gol's "not supported" message rather than "undefined". The package "unsafe" is built
 * here too: Pointer, and Sizeof/Alignof/Offsetof evaluated at compile time. */
#include "compiler/check.h"

Type *t_byte, *t_rune;
Type *t_empty_iface;    /* `interface{}` as written: identical to t_any, spelled "interface{}" */

static Obj *universe_obj(Arena *a, Scope *s, ObjKind k, const char *name, Type *t) {
    Obj *o = arena_alloc(a, sizeof *o);
    o->kind = k;
    o->name = intern_cstr(name);
    o->type = t;
    o->func_index = -1;
    o->used = true;
    scope_insert(a, s, o);
    return o;
}

static void universe_const(Arena *a, Scope *s, const char *name, Type *t, ConstVal v) {
    Obj *o = universe_obj(a, s, OBJ_CONST, name, t);
    o->cval = arena_alloc(a, sizeof(ConstVal));
    *o->cval = v;
}

static void universe_builtin(Arena *a, Scope *s, const char *name, BuiltinId id) {
    Obj *o = universe_obj(a, s, OBJ_BUILTIN, name, t_invalid);
    o->builtin = id;
}

Scope *universe_scope(Arena *a) {
    static Scope *u;
    static Arena *ua;
    (void)a;
    if (u) return u;
    types_init();
    ua = arena_new();
    u = scope_new(ua, NULL);
    if (!t_byte) {
        t_byte = type_new(TY_UINT8); t_byte->name = "byte"; t_byte->size = 1; t_byte->align = 1;
        t_rune = type_new(TY_INT32); t_rune->name = "rune"; t_rune->size = 4; t_rune->align = 4;
        t_empty_iface = type_new(TY_INTERFACE);
    }
    Type *basics[] = {t_bool, t_int, t_int8, t_int16, t_int32, t_int64, t_uint, t_uint8, t_uint16,
                      t_uint32, t_uint64, t_uintptr, t_float32, t_float64, t_string, t_byte, t_rune};
    for (size_t i = 0; i < sizeof basics / sizeof *basics; i++) {
        Obj *o = universe_obj(ua, u, OBJ_TYPE, basics[i]->name, basics[i]);
        if (!basics[i]->obj) basics[i]->obj = o;
    }
    t_error->obj = universe_obj(ua, u, OBJ_TYPE, "error", t_error);
    universe_obj(ua, u, OBJ_TYPE, "any", t_any);
    universe_obj(ua, u, OBJ_TYPE, "complex64", t_invalid);
    universe_obj(ua, u, OBJ_TYPE, "complex128", t_invalid);
    universe_const(ua, u, "true", t_untyped_bool, cv_make_bool(true));
    universe_const(ua, u, "false", t_untyped_bool, cv_make_bool(false));
    universe_const(ua, u, "iota", t_untyped_int, cv_make_int(0));
    universe_obj(ua, u, OBJ_NIL, "nil", t_untyped_nil);
    static const struct { const char *name; BuiltinId id; } bi[] = {
        {"append", BI_APPEND}, {"cap", BI_CAP}, {"close", BI_CLOSE}, {"complex", BI_COMPLEX},
        {"copy", BI_COPY}, {"delete", BI_DELETE}, {"imag", BI_IMAG}, {"len", BI_LEN},
        {"make", BI_MAKE}, {"new", BI_NEW}, {"panic", BI_PANIC}, {"print", BI_PRINT},
        {"println", BI_PRINTLN}, {"real", BI_REAL}, {"recover", BI_RECOVER},
    };
    for (size_t i = 0; i < sizeof bi / sizeof *bi; i++) universe_builtin(ua, u, bi[i].name, bi[i].id);
    return u;
}

Package *chk_unsafe_package(Checker *c) {
    static Package *p;
    static Arena *a;
    if (p) return p;
    a = arena_new();
    p = arena_alloc(a, sizeof *p);
    p->path = "unsafe";
    p->name = "unsafe";
    p->scope = scope_new(a, NULL);
    Obj *o = universe_obj(a, p->scope, OBJ_TYPE, "Pointer", t_unsafeptr);
    o->pkg = p;
    t_unsafeptr->obj = o;
    universe_builtin(a, p->scope, "Sizeof", BI_UNSAFE_SIZEOF);
    universe_builtin(a, p->scope, "Alignof", BI_UNSAFE_ALIGNOF);
    universe_builtin(a, p->scope, "Offsetof", BI_UNSAFE_OFFSETOF);
    for (int i = 0; i < p->scope->len; i++) p->scope->objs[i]->pkg = p;
    (void)c;
    return p;
}
