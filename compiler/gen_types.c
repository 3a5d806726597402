/* compiler/gen_types.c — runtime type descriptors and the module's constant pools.
 *
 * The VM never inspects a value's type at run time, but the runtime must, in a few places:
 * the allocator needs an object's size and pointer bitmap (NEW, MAKESLICE, GROWSLICE, BOX),
 * print and fmt need kind, name and fields, and an interface value carries a TypeDesc* in its
 * first word. Each Type that reaches one of those places gets one TypeDesc, registered on first
 * use by gen_type_index and materialised at the end of generation by gen_types_finish, which
 * also registers the element, key and field types the descriptors point to (until nothing new
 * appears: recursive types such as `type L struct{ next *L }` close the loop through the
 * deduplication).
 *
 * Pointer masks use Go's convention: bit i of the mask is the i-th 8-byte word, and ptrdata is
 * the length of the prefix that may hold pointers (0 = "noscan": the collector never looks
 * inside). Strings, slices, interfaces (both words, as Go's eface), pointers, maps, chans,
 * funcs and unsafe.Pointer hold pointers.
 *
 * Method sets: each descriptor lists its type's method set, promoted methods included, each
 * with its function index and func type, sorted by name (runtime/type.h TypeMethod); which
 * function each entry calls (the method itself, or a wrapper for a promoted one) is decided by
 * gen_methods.c while the types are registered. fmt and panic find String and Error there, and
 * the runtime builds itabs from them (runtime/iface.c).
 *
 * The constant pools are deduplicated: 8-byte constants (int64 or float64 bits, loaded by LOADK)
 * and string constants (LOADSTR), whose bytes live outside the GC heap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"

#define GROW(arr, n, cap) do { \
        if ((n) >= (cap)) { (cap) = (cap) ? (cap) * 2 : 16; \
            (arr) = realloc((arr), sizeof(*(arr)) * (size_t)(cap)); } } while (0)

/* The underlying type, with its layout computed (struct field offsets are filled lazily by
 * type_size, so every reader of offsets goes through here). */
Type *gen_under(Type *t) {
    while (t && t->kind == TY_NAMED && t->underlying && t->underlying != t) t = t->underlying;
    if (t && (t->kind == TY_STRUCT || t->kind == TY_ARRAY) && t->size < 0) type_size(t);
    return t;
}

/* ---- pointer masks ---- */

void gen_ptrmask_fill(Type *t, int64_t off, uint8_t *bits) {
    Type *u = gen_under(t);
    if (!u || !bits) return;
    int64_t w = off / 8;
    switch (u->kind) {
    case TY_POINTER: case TY_MAP: case TY_CHAN: case TY_FUNC: case TY_UNSAFEPTR:
    case TY_STRING: case TY_SLICE: case TY_UNTYPED_NIL: case TY_UNTYPED_STRING:
        bits[w / 8] |= (uint8_t)(1u << (w % 8));
        break;
    case TY_INTERFACE:
        bits[w / 8] |= (uint8_t)(1u << (w % 8));
        w++;
        bits[w / 8] |= (uint8_t)(1u << (w % 8));
        break;
    case TY_STRUCT:
        for (int i = 0; i < u->nfields; i++) gen_ptrmask_fill(u->fields[i].type, off + u->fields[i].offset, bits);
        break;
    case TY_ARRAY:
        if (type_has_pointers(u->elem)) {
            int64_t es = type_size(u->elem);
            for (int64_t i = 0; i < u->len; i++) gen_ptrmask_fill(u->elem, off + i * es, bits);
        }
        break;
    default:
        break;
    }
}

static int64_t gen_ptrdata(Type *t, uint8_t **maskp) {
    int64_t size = type_size(t);
    int64_t words = (size + 7) / 8;
    uint8_t *bits = calloc((size_t)(words + 7) / 8 + 1, 1);
    gen_ptrmask_fill(t, 0, bits);
    int64_t last = -1;
    for (int64_t i = 0; i < words; i++)
        if (bits[i / 8] & (1u << (i % 8))) last = i;
    *maskp = bits;
    return (last + 1) * 8;
}

uint64_t gen_ptrmask_key(Type *t) {
    int64_t words = (type_size(t) + 7) / 8;
    if (!type_has_pointers(t)) return 0;
    if (words > 64) return (uint64_t)(uintptr_t)t | (1ull << 63);
    uint8_t bits[9] = { 0 };
    gen_ptrmask_fill(t, 0, bits);
    uint64_t k = 0;
    for (int i = 0; i < 8; i++) k |= (uint64_t)bits[i] << (8 * i);
    return k;
}

/* ---- registration ---- */

static uint64_t gen_hash_str(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 1099511628211ull;
    return h;
}

static bool gen_is_ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           (unsigned char)c >= 0x80;
}

/* The compiler spells types as Go's messages do ("[]byte", "struct{a int}"); the runtime names
 * are reflect's ("[]uint8", "struct { a int }", "interface {}"), which is what %T prints. */
static void gen_runtime_name(const char *in, char *out, size_t n) {
    bool spaced[64];
    int depth = 0;
    size_t o = 0;
#define PUT(str) do { for (const char *q_ = (str); *q_ && o + 1 < n; q_++) out[o++] = *q_; } while (0)
    for (size_t i = 0; in[i];) {
        char c = in[i];
        bool starts = (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) &&
                      (i == 0 || (!gen_is_ident_char(in[i - 1]) && in[i - 1] != '.'));
        if (starts) {
            size_t j = i;
            while (in[j] && gen_is_ident_char(in[j])) j++;
            char w[64];
            size_t len = j - i < sizeof w - 1 ? j - i : sizeof w - 1;
            memcpy(w, in + i, len);
            w[len] = 0;
            if (in[j] == '.') { PUT(w); i = j; continue; }     /* a package qualifier */
            if (strcmp(w, "byte") == 0) PUT("uint8");
            else if (strcmp(w, "rune") == 0) PUT("int32");
            else if (strcmp(w, "any") == 0) PUT("interface {}");
            else if ((strcmp(w, "struct") == 0 || strcmp(w, "interface") == 0) && in[j] == '{') {
                PUT(w);
                PUT(" {");
                j++;
                if (in[j] == '}') { PUT("}"); j++; }
                else { PUT(" "); if (depth < 64) spaced[depth] = true; depth++; }
            } else {
                PUT(w);
            }
            i = j;
            continue;
        }
        if (c == '{') { if (depth < 64) spaced[depth] = false; depth++; PUT("{"); }
        else if (c == '}') { depth--; PUT(depth >= 0 && depth < 64 && spaced[depth] ? " }" : "}"); }
        else { char ch[2] = { c, 0 }; PUT(ch); }
        i++;
    }
#undef PUT
    out[o] = 0;
}

uint32_t gen_type_index(Gen *g, Type *t) {
    if (t->desc_index >= 0 && (uint32_t)t->desc_index < g->ntypes && g->types[t->desc_index].type == t)
        return (uint32_t)t->desc_index;
    char raw[1024], buf[1100];
    type_string(t, raw, sizeof raw, true);
    gen_runtime_name(raw, buf, sizeof buf);
    uint64_t h = gen_hash_str(buf);
    for (uint32_t i = 0; i < g->ntypes; i++) {
        if (g->types[i].hash == h && strcmp(g->types[i].name, buf) == 0 && types_identical(g->types[i].type, t)) {
            t->desc_index = (int)i;
            return i;
        }
    }
    GROW(g->types, g->ntypes, g->captypes);
    size_t n = strlen(buf) + 1;
    char *name = malloc(n);
    memcpy(name, buf, n);
    g->types[g->ntypes] = (GenType){ t, name, h };
    t->desc_index = (int)g->ntypes;
    return g->ntypes++;
}

static GolKind gen_kind(Type *u) {
    switch (u->kind) {
    case TY_BOOL: return K_BOOL;
    case TY_INT: return K_INT;
    case TY_INT8: return K_INT8;
    case TY_INT16: return K_INT16;
    case TY_INT32: return K_INT32;
    case TY_INT64: return K_INT64;
    case TY_UINT: return K_UINT;
    case TY_UINT8: return K_UINT8;
    case TY_UINT16: return K_UINT16;
    case TY_UINT32: return K_UINT32;
    case TY_UINT64: return K_UINT64;
    case TY_UINTPTR: return K_UINTPTR;
    case TY_FLOAT32: return K_FLOAT32;
    case TY_FLOAT64: return K_FLOAT64;
    case TY_STRING: return K_STRING;
    case TY_UNSAFEPTR: return K_UNSAFEPOINTER;
    case TY_ARRAY: return K_ARRAY;
    case TY_SLICE: return K_SLICE;
    case TY_STRUCT: return K_STRUCT;
    case TY_POINTER: return K_POINTER;
    case TY_FUNC: return K_FUNC;
    case TY_INTERFACE: return K_INTERFACE;
    case TY_MAP: return K_MAP;
    case TY_CHAN: return K_CHAN;
    default: return K_INVALID;
    }
}

/* == is a plain memcmp: no floats, strings, interfaces, and no padding bytes. */
static bool gen_regular_mem(Type *t) {
    Type *u = gen_under(t);
    switch (u->kind) {
    case TY_FLOAT32: case TY_FLOAT64: case TY_STRING: case TY_INTERFACE:
    case TY_SLICE: case TY_MAP: case TY_FUNC:
        return false;
    case TY_ARRAY:
        return gen_regular_mem(u->elem);
    case TY_STRUCT: {
        int64_t end = 0;
        for (int i = 0; i < u->nfields; i++) {
            Field *f = &u->fields[i];
            if (f->offset != end || !gen_regular_mem(f->type)) return false;
            if (f->name && strcmp(f->name, "_") == 0) return false;
            end = f->offset + type_size(f->type);
        }
        return end == type_size(u);
    }
    default:
        return true;
    }
}

static bool gen_direct_iface(Type *u) {
    return u->kind == TY_POINTER || u->kind == TY_MAP || u->kind == TY_CHAN ||
           u->kind == TY_FUNC || u->kind == TY_UNSAFEPTR;
}

static bool gen_exported(const char *name) {
    return name && name[0] >= 'A' && name[0] <= 'Z';
}

static int gen_method_cmp(const void *a, const void *b) {
    return strcmp(((const TypeMethod *)a)->name, ((const TypeMethod *)b)->name);
}

/* Fills d's method table from the one gen_methods.c decided (sorted by name, as Go's runtime
 * keeps uncommon methods). */
static void gen_type_methods(Gen *g, TypeDesc *all, uint32_t i, TypeDesc *d) {
    GenType *gt = &g->types[i];
    if (gt->nmethods == 0) return;
    TypeMethod *ms = calloc(gt->nmethods, sizeof *ms);
    for (uint32_t k = 0; k < gt->nmethods; k++) {
        const GenMethod *gm = &gt->methods[k];
        ms[k] = (TypeMethod){ gm->name, gm->func, &all[gm->mtype], gm->deref, gm->nil_panics, gm->ifn };
    }
    qsort(ms, gt->nmethods, sizeof *ms, gen_method_cmp);
    d->nmethods = gt->nmethods;
    d->methods = ms;
}

/* Registers the types a descriptor refers to, so they get an index too. */
static void gen_type_register_refs(Gen *g, Type *t) {
    Type *u = gen_under(t);
    switch (u->kind) {
    case TY_ARRAY: case TY_SLICE: case TY_POINTER: case TY_CHAN:
        if (u->elem) gen_type_index(g, u->elem);
        break;
    case TY_MAP:
        if (u->key) gen_type_index(g, u->key);
        if (u->elem) gen_type_index(g, u->elem);
        break;
    case TY_STRUCT:
        for (int i = 0; i < u->nfields; i++) gen_type_index(g, u->fields[i].type);
        break;
    case TY_FUNC:
        for (int i = 0; i < u->nfields; i++) gen_type_index(g, u->fields[i].type);
        for (int i = 0; i < u->nresults; i++) gen_type_index(g, u->results[i].type);
        break;
    default:
        break;
    }
}

static void gen_type_fill(Gen *g, TypeDesc *all, uint32_t i) {
    Type *t = g->types[i].type;
    Type *u = gen_under(t);
    TypeDesc *d = &all[i];
    memset(d, 0, sizeof *d);
    d->kind = gen_kind(u);
    d->index = i;
    d->name = g->types[i].name;
    d->size = type_size(t);
    d->align = type_align(t);
    uint8_t *mask;
    d->ptrdata = gen_ptrdata(t, &mask);
    d->ptrmask = mask;
    if (t->kind == TY_NAMED) {
        d->flags |= TDF_NAMED;
        d->pkgpath = t->pkg ? t->pkg->path : NULL;
    }
    if (type_is_comparable(t)) d->flags |= TDF_COMPARABLE;
    if (gen_direct_iface(u)) d->flags |= TDF_DIRECTIFACE;
    if (type_is_comparable(t) && gen_regular_mem(t)) d->flags |= TDF_REGULAR_MEM;
    if (u->elem && u->kind != TY_FUNC) d->elem = &all[gen_type_index(g, u->elem)];
    if (u->key) d->key = &all[gen_type_index(g, u->key)];
    if (u->kind == TY_ARRAY) d->len = u->len;
    if (u->kind == TY_STRUCT && u->nfields > 0) {
        TypeField *fs = calloc((size_t)u->nfields, sizeof *fs);
        for (int k = 0; k < u->nfields; k++) {
            Field *f = &u->fields[k];
            fs[k].name = f->name ? f->name : "";
            fs[k].type = &all[gen_type_index(g, f->type)];
            fs[k].offset = f->offset;
            fs[k].embedded = f->embedded;
            fs[k].exported = gen_exported(f->name);
        }
        d->nfields = (uint32_t)u->nfields;
        d->fields = fs;
    } else if (u->kind == TY_FUNC) {
        int n = u->nfields + u->nresults;
        TypeField *fs = calloc((size_t)n + 1, sizeof *fs);
        for (int k = 0; k < u->nfields; k++) {
            fs[k].name = u->fields[k].name ? u->fields[k].name : "";
            fs[k].type = &all[gen_type_index(g, u->fields[k].type)];
        }
        for (int k = 0; k < u->nresults; k++) {
            fs[u->nfields + k].name = u->results[k].name ? u->results[k].name : "";
            fs[u->nfields + k].type = &all[gen_type_index(g, u->results[k].type)];
        }
        d->nfields = (uint32_t)n;
        d->fields = fs;
        d->len = u->nfields;
    }
    gen_type_methods(g, all, i, d);
}

void gen_types_finish(Gen *g, Module *m) {
    for (uint32_t i = 0; i < g->ntypes; i++) {     /* both may register more types */
        gen_type_register_refs(g, g->types[i].type);
        gen_type_method_table(g, i);
    }
    TypeDesc *all = calloc(g->ntypes ? g->ntypes : 1, sizeof(TypeDesc));
    for (uint32_t i = 0; i < g->ntypes; i++) gen_type_fill(g, all, i);
    m->ntypes = g->ntypes;
    m->types = all;
    for (uint32_t i = 0; i < g->ntypes; i++) free(g->types[i].methods);
    free(g->types);     /* names and masks now belong to the descriptors */
    free(g->wrappers);
    g->wrappers = NULL;
    g->types = NULL;
}

/* ---- constant pools ---- */

uint32_t gen_const_u64(Gen *g, uint64_t bits) {
    for (uint32_t i = 0; i < g->nconsts; i++)
        if (g->consts[i] == bits) return i;
    GROW(g->consts, g->nconsts, g->capconsts);
    g->consts[g->nconsts] = bits;
    return g->nconsts++;
}

uint32_t gen_string_const(Gen *g, const char *s, int64_t len) {
    for (uint32_t i = 0; i < g->nstrings; i++)
        if (g->strings[i].len == len && (len == 0 || memcmp(g->strings[i].ptr, s, (size_t)len) == 0)) return i;
    GROW(g->strings, g->nstrings, g->capstrings);
    uint8_t *p = malloc((size_t)len + 1);
    if (len) memcpy(p, s, (size_t)len);
    p[len] = 0;
    g->strings[g->nstrings] = (GolString){ p, len };
    return g->nstrings++;
}

/* ---- a session's descriptors (compiler/session.c) ----
 * In a REPL session the module's descriptor array `all` never moves: interfaces, maps and
 * channels in the heap point into it. Each input fills the descriptors registered since `from`
 * in place, after the old ones, and refills an old descriptor whose type gained methods (a
 * method declared at a later prompt: `grown` lists those types; T and *T are refilled). The
 * GenType records stay, with their method tables, so the next input finds every type again. */
bool gen_types_finish_session(Gen *g, Module *m, TypeDesc *all, uint32_t cap, uint32_t from,
                              Type **grown, int ngrown) {
    for (uint32_t i = 0; i < g->ntypes; i++) {
        bool refill = false;
        for (int k = 0; k < ngrown && i < from; k++) {
            Type *t = g->types[i].type;
            if (t == grown[k] || (t->kind == TY_POINTER && t->elem == grown[k])) refill = true;
        }
        if (i < from && !refill) continue;
        if (refill) { free(g->types[i].methods); g->types[i].methods = NULL; g->types[i].nmethods = 0; }
        gen_type_register_refs(g, g->types[i].type);
        gen_type_method_table(g, i);
    }
    if (g->ntypes > cap) return false;
    for (uint32_t i = 0; i < g->ntypes; i++) {
        bool refill = i >= from;
        for (int k = 0; k < ngrown && !refill; k++) {
            Type *t = g->types[i].type;
            refill = t == grown[k] || (t->kind == TY_POINTER && t->elem == grown[k]);
        }
        if (refill) gen_type_fill(g, all, i);
    }
    m->ntypes = g->ntypes;
    m->types = all;
    return true;
}
