/* compiler/scope.c — lexical scopes (see scope.h). */
#include <string.h>
#include "compiler/scope.h"

Scope *scope_new(Arena *a, Scope *parent) {
    Scope *s = arena_alloc(a, sizeof *s);
    s->parent = parent;
    return s;
}

Obj *scope_lookup_local(Scope *s, const char *name) {
    for (int i = s->len - 1; i >= 0; i--)
        if (s->objs[i]->name == name) return s->objs[i];
    return NULL;
}

Obj *scope_lookup(Scope *s, const char *name) {
    for (; s; s = s->parent) {
        Obj *o = scope_lookup_local(s, name);
        if (o) return o;
    }
    return NULL;
}

Obj *scope_insert(Arena *a, Scope *s, Obj *obj) {
    Obj *old = scope_lookup_local(s, obj->name);
    if (old) return old;
    if (s->len == s->cap) {
        int nc = s->cap ? s->cap * 2 : 8;
        Obj **n = arena_alloc(a, sizeof(Obj *) * (size_t)nc);
        if (s->len) memcpy(n, s->objs, sizeof(Obj *) * (size_t)s->len);
        s->objs = n;
        s->cap = nc;
    }
    s->objs[s->len++] = obj;
    return NULL;
}
