/* compiler/methodset.c — which methods a type has, including those promoted from embedded
 * fields (Go spec, "Method sets", "Selectors", "Struct types").
 *
 * A struct's embedded field E lends the struct its methods: `type Outer struct{ Inner }` has
 * Inner's String, so fmt prints an Outer through it and an Outer whose Error is promoted is an
 * `error`. The rules, for a struct type S (named or not) and the method set of S or of *S:
 *
 *   - Breadth first by depth. Depth 0 is the type itself (its declared methods and its fields),
 *     depth 1 the types of its embedded fields (a field *E is searched as E), and so on.
 *   - The shallowest depth wins: a method or field found at depth d hides every member of that
 *     name deeper down. A named type met again deeper is not searched again.
 *   - Two members of one name at the same depth (two methods, or a method and a field, or the
 *     same embedded type reached twice) collide: the name is in neither set (a selector x.M is
 *     "ambiguous"), and it still hides deeper members.
 *   - A pointer-receiver method belongs to the set only if the path to it goes through a pointer:
 *     the receiver itself (*S) or an embedded *E along the way. So S{E} lends E's value methods
 *     to S and *S, and (*E)'s pointer methods to *S only; S{*E} lends both to S and *S. A
 *     pointer method outside the set still takes its name (it collides), as in go/types.
 *   - An embedded interface lends its methods (always reachable: an interface value holds a
 *     pointer or a copy).
 *
 * This is go/types' NewMethodSet, over gol's Type. The checker asks it whether a type implements
 * an interface (chk_missing_method), the code generator fills each TypeDesc's method table from
 * it and generates a wrapper for each promoted method (gen_methods.c). Both ask about the same
 * Type objects, so they cannot disagree. Selector expressions (x.f, x.M()) use the checker's own
 * field-or-method lookup (chk_lookup), which follows the same depth and ambiguity rules.
 */
#include <stdlib.h>
#include <string.h>
#include "compiler/methodset.h"

/* A type to search at the current depth: how the receiver reaches it. */
typedef struct Embedded {
    Type *t;                    /* a field *E is searched as E */
    int path[MSET_MAX_DEPTH];
    int depth;
    bool indirect;
    bool multiples;             /* reached more than once at this depth: its members collide */
} Embedded;

/* A name found so far: an entry of the set, or a collision (it is in no set, but hides). */
typedef struct Found {
    MethodSetEntry e;
    bool collision;
} Found;

typedef struct FoundList { Found *items; int n, cap; } FoundList;
typedef struct EmbList { Embedded *items; int n, cap; } EmbList;

static void *ms_grow(void *p, int *cap, int need, size_t elem) {
    if (need <= *cap) return p;
    int nc = *cap ? *cap * 2 : 8;
    while (nc < need) nc *= 2;
    p = realloc(p, elem * (size_t)nc);
    if (!p) abort();
    *cap = nc;
    return p;
}

static Found *ms_lookup(FoundList *l, const char *name) {
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->items[i].e.name, name) == 0) return &l->items[i];
    return NULL;
}

static Found *ms_append(FoundList *l, const char *name) {
    l->items = ms_grow(l->items, &l->cap, l->n + 1, sizeof(Found));
    Found *f = &l->items[l->n++];
    memset(f, 0, sizeof *f);
    f->e.name = name;
    return f;
}

/* go/types' addOne: a method met at this depth; a second one of the name collides. */
static void ms_add_method(FoundList *level, Method *m, const Embedded *from, bool from_iface) {
    Found *f = ms_lookup(level, m->name);
    if (f) { f->collision = true; return; }
    f = ms_append(level, m->name);
    if (from->multiples || (m->ptr_recv && !from->indirect)) { f->collision = true; return; }
    f->e.method = m;
    f->e.owner = from->t;
    memcpy(f->e.path, from->path, sizeof f->e.path);
    f->e.depth = from->depth;
    f->e.indirect = from->indirect;
    f->e.from_iface = from_iface;
}

static bool ms_seen(Type **seen, int nseen, Type *t) {
    for (int i = 0; i < nseen; i++)
        if (seen[i] == t) return true;
    return false;
}

/* The members of one embedded type at this depth: its methods into `level`, its field names
 * into `fields`, its embedded fields into `next`. */
static void ms_search_one(const Embedded *e, FoundList *level, FoundList *fields, EmbList *next) {
    if (e->t->kind == TY_NAMED)
        for (int k = 0; k < e->t->nmethods; k++) ms_add_method(level, &e->t->methods[k], e, false);
    Type *u = type_underlying(e->t);
    if (!u) return;
    if (u->kind == TY_INTERFACE && e->depth > 0) {
        for (int k = 0; k < u->nmethods; k++) {
            Embedded via = *e;
            via.indirect = true;
            ms_add_method(level, &u->methods[k], &via, true);
        }
        return;
    }
    if (u->kind != TY_STRUCT) return;
    for (int i = 0; i < u->nfields; i++) {
        Field *fd = &u->fields[i];
        if (fd->name && !ms_lookup(fields, fd->name)) ms_append(fields, fd->name);
        if (!fd->embedded || !fd->type || e->depth + 1 >= MSET_MAX_DEPTH) continue;
        Type *et = fd->type;
        bool ptr = et->kind == TY_POINTER;
        if (ptr) et = et->elem;
        if (!et) continue;
        next->items = ms_grow(next->items, &next->cap, next->n + 1, sizeof(Embedded));
        Embedded *ne = &next->items[next->n++];
        *ne = *e;
        ne->t = et;
        ne->path[e->depth] = i;
        ne->depth = e->depth + 1;
        ne->indirect = e->indirect || ptr;
    }
}

/* go/types' consolidateMultiples: one entry per named type at a depth, marked if repeated. */
static void ms_consolidate(EmbList *l) {
    int n = 0;
    for (int i = 0; i < l->n; i++) {
        Embedded *e = &l->items[i];
        bool merged = false;
        for (int k = 0; k < n && e->t->kind == TY_NAMED; k++)
            if (l->items[k].t == e->t) { l->items[k].multiples = true; merged = true; break; }
        if (!merged) l->items[n++] = *e;
    }
    l->n = n;
}

static int ms_entry_cmp(const void *a, const void *b) {
    return strcmp(((const MethodSetEntry *)a)->name, ((const MethodSetEntry *)b)->name);
}

MethodSet methodset_of(Type *t, void (*resolve)(void *ctx, Obj *fn), void *ctx) {
    MethodSet ms = { NULL, 0 };
    if (!t) return ms;
    bool is_ptr = t->kind == TY_POINTER;
    Type *base = is_ptr ? t->elem : t;
    if (!base || !type_underlying(base) || type_underlying(base)->kind == TY_INTERFACE) return ms;

    FoundList all = { 0 };              /* every name decided so far, shallowest first */
    EmbList cur = { 0 }, next = { 0 };
    Type **seen = NULL;
    int nseen = 0, capseen = 0;
    cur.items = ms_grow(cur.items, &cur.cap, 1, sizeof(Embedded));
    memset(&cur.items[0], 0, sizeof(Embedded));
    cur.items[0].t = base;
    cur.items[0].indirect = is_ptr;
    cur.n = 1;
    while (cur.n > 0) {
        FoundList level = { 0 }, fields = { 0 };
        next.n = 0;
        for (int i = 0; i < cur.n; i++) {
            Embedded *e = &cur.items[i];
            if (e->t->kind == TY_NAMED) {
                if (ms_seen(seen, nseen, e->t)) continue;     /* hidden by a shallower copy */
                seen = ms_grow(seen, &capseen, nseen + 1, sizeof(Type *));
                seen[nseen++] = e->t;
            }
            ms_search_one(e, &level, &fields, &next);
        }
        for (int i = 0; i < level.n; i++) {
            Found *m = &level.items[i];
            if (ms_lookup(&all, m->e.name)) continue;
            Found *f = ms_append(&all, m->e.name);
            *f = *m;
            if (ms_lookup(&fields, m->e.name)) f->collision = true;   /* field and method */
        }
        for (int i = 0; i < fields.n; i++)
            if (!ms_lookup(&all, fields.items[i].e.name)) ms_append(&all, fields.items[i].e.name)->collision = true;
        free(level.items);
        free(fields.items);
        ms_consolidate(&next);
        EmbList tmp = cur; cur = next; next = tmp;
    }
    free(cur.items);
    free(next.items);
    free(seen);

    ms.entries = calloc((size_t)all.n + 1, sizeof(MethodSetEntry));
    if (!ms.entries) abort();
    for (int i = 0; i < all.n; i++) {
        if (all.items[i].collision || !all.items[i].e.method) continue;
        MethodSetEntry *e = &ms.entries[ms.n++];
        *e = all.items[i].e;
        if (resolve && e->method->func) resolve(ctx, e->method->func);
    }
    free(all.items);
    qsort(ms.entries, (size_t)ms.n, sizeof(MethodSetEntry), ms_entry_cmp);
    return ms;
}

const MethodSetEntry *methodset_find(const MethodSet *ms, const char *name) {
    for (int i = 0; ms && i < ms->n; i++)
        if (strcmp(ms->entries[i].name, name) == 0) return &ms->entries[i];
    return NULL;
}

void methodset_free(MethodSet *ms) {
    free(ms->entries);
    ms->entries = NULL;
    ms->n = 0;
}
