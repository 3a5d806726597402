/* compiler/types.c — type construction, identity, Go amd64 layout and Go's spelling of types.
 *
 * Layout follows cmd/compile on amd64 (what unsafe.Sizeof/Alignof/Offsetof report):
 *   - bool, int8, uint8: 1;  int16, uint16: 2;  int32, uint32, float32: 4;
 *   - int, uint, uintptr, int64, uint64, float64, pointers, maps, chans, funcs: 8;
 *   - string {ptr,len}: 16;  slice {ptr,len,cap}: 24;  interface {type,data}: 16 (all align 8);
 *   - arrays: len * elem size, elem's alignment;
 *   - structs: each field at the next multiple of its alignment, the struct's alignment is the
 *     largest field alignment, the size is rounded up to it; if the last field has size 0 and
 *     the struct is not empty, one byte of padding is added before rounding, so that &s.last
 *     never points past the object (the gc compiler's rule).
 * Sizes are computed lazily and cached in Type.size; a value of -1 means "not computed", and
 * -2 "being computed" — meeting -2 again is a recursive layout (`type T struct{ a [1]T }`),
 * which the checker reports as "invalid recursive type" before code generation ever asks.
 *
 * Identity is structural for unnamed types and by object for named ones (Go spec, "Type
 * identity"). Struct identity compares field names, types, embedding and tags.
 */
#include <stdio.h>
#include <string.h>
#include "compiler/types.h"
#include "compiler/constant.h"
#include "lang/arena.h"

Type *t_bool, *t_int, *t_int8, *t_int16, *t_int32, *t_int64;
Type *t_uint, *t_uint8, *t_uint16, *t_uint32, *t_uint64, *t_uintptr;
Type *t_float32, *t_float64, *t_string, *t_unsafeptr;
Type *t_untyped_bool, *t_untyped_int, *t_untyped_rune, *t_untyped_float,
     *t_untyped_string, *t_untyped_nil;
Type *t_invalid;
Type *t_error;
Type *t_any;

/* Types live as long as the process (the REPL keeps them), so they come from one arena that
 * is never freed. */
static Arena *types_arena;

Type *type_new(TypeKind k) {
    if (!types_arena) types_arena = arena_new();
    Type *t = arena_alloc(types_arena, sizeof *t);
    t->kind = k;
    t->size = -1;
    t->underlying = t;
    t->desc_index = -1;
    return t;
}

void *types_alloc(size_t n) {
    if (!types_arena) types_arena = arena_new();
    return arena_alloc(types_arena, n);
}

static Type *types_basic(TypeKind k, const char *name, int64_t size) {
    Type *t = type_new(k);
    t->name = name;
    t->size = size;
    t->align = size > 8 ? 8 : (size ? size : 1);
    return t;
}

void types_init(void) {
    if (t_int) return;
    t_invalid = types_basic(TY_INVALID, "invalid type", 1);
    t_bool = types_basic(TY_BOOL, "bool", 1);
    t_int = types_basic(TY_INT, "int", 8);
    t_int8 = types_basic(TY_INT8, "int8", 1);
    t_int16 = types_basic(TY_INT16, "int16", 2);
    t_int32 = types_basic(TY_INT32, "int32", 4);
    t_int64 = types_basic(TY_INT64, "int64", 8);
    t_uint = types_basic(TY_UINT, "uint", 8);
    t_uint8 = types_basic(TY_UINT8, "uint8", 1);
    t_uint16 = types_basic(TY_UINT16, "uint16", 2);
    t_uint32 = types_basic(TY_UINT32, "uint32", 4);
    t_uint64 = types_basic(TY_UINT64, "uint64", 8);
    t_uintptr = types_basic(TY_UINTPTR, "uintptr", 8);
    t_float32 = types_basic(TY_FLOAT32, "float32", 4);
    t_float64 = types_basic(TY_FLOAT64, "float64", 8);
    t_string = types_basic(TY_STRING, "string", 16);
    t_unsafeptr = types_basic(TY_UNSAFEPTR, "unsafe.Pointer", 8);
    t_untyped_bool = types_basic(TY_UNTYPED_BOOL, "untyped bool", 1);
    t_untyped_int = types_basic(TY_UNTYPED_INT, "untyped int", 8);
    t_untyped_rune = types_basic(TY_UNTYPED_RUNE, "untyped rune", 4);
    t_untyped_float = types_basic(TY_UNTYPED_FLOAT, "untyped float", 8);
    t_untyped_string = types_basic(TY_UNTYPED_STRING, "untyped string", 16);
    t_untyped_nil = types_basic(TY_UNTYPED_NIL, "untyped nil", 8);
    t_any = type_new(TY_INTERFACE);
    /* error is `type error interface{ Error() string }`, a named type without a package */
    Type *sig = type_new(TY_FUNC);
    sig->results = types_alloc(sizeof(Field));
    sig->results[0].type = t_string;
    sig->nresults = 1;
    Type *iface = type_new(TY_INTERFACE);
    iface->methods = types_alloc(sizeof(Method));
    iface->methods[0].name = "Error";
    iface->methods[0].sig = sig;
    iface->nmethods = 1;
    t_error = type_new(TY_NAMED);
    t_error->name = "error";
    t_error->underlying = iface;
}

Type *type_underlying(Type *t) {
    if (!t) return t_invalid;
    if (t->kind == TY_NAMED) return t->underlying ? t->underlying : t_invalid;
    return t;
}

Type *type_slice_of(Type *elem) {
    if (elem->slice_of) return elem->slice_of;
    Type *t = type_new(TY_SLICE);
    t->elem = elem;
    elem->slice_of = t;
    return t;
}

Type *type_pointer_to(Type *elem) {
    if (elem->ptr_to) return elem->ptr_to;
    Type *t = type_new(TY_POINTER);
    t->elem = elem;
    elem->ptr_to = t;
    return t;
}

Type *type_array_of(Type *elem, int64_t len) {
    Type *t = type_new(TY_ARRAY);
    t->elem = elem;
    t->len = len;
    return t;
}

/* ---- identity ---------------------------------------------------------------------------- */

static bool types_fields_identical(Field *a, int na, Field *b, int nb, bool names) {
    if (na != nb) return false;
    for (int i = 0; i < na; i++) {
        if (names && (a[i].name != b[i].name || a[i].embedded != b[i].embedded)) return false;
        if (names && !((a[i].tag == NULL && b[i].tag == NULL) ||
                       (a[i].tag && b[i].tag && strcmp(a[i].tag, b[i].tag) == 0))) return false;
        if (!types_identical(a[i].type, b[i].type)) return false;
    }
    return true;
}

bool types_identical(Type *a, Type *b) {
    if (a == b) return true;
    if (!a || !b || a->kind != b->kind) return false;
    switch (a->kind) {
    case TY_ARRAY: return a->len == b->len && types_identical(a->elem, b->elem);
    case TY_SLICE: case TY_POINTER: return types_identical(a->elem, b->elem);
    case TY_MAP: return types_identical(a->key, b->key) && types_identical(a->elem, b->elem);
    case TY_CHAN: return a->chandir == b->chandir && types_identical(a->elem, b->elem);
    case TY_STRUCT: return types_fields_identical(a->fields, a->nfields, b->fields, b->nfields, true);
    case TY_FUNC:
    case TY_TUPLE:
        return a->variadic == b->variadic &&
               types_fields_identical(a->fields, a->nfields, b->fields, b->nfields, false) &&
               types_fields_identical(a->results, a->nresults, b->results, b->nresults, false);
    case TY_INTERFACE:
        if (a->nmethods != b->nmethods) return false;
        for (int i = 0; i < a->nmethods; i++)
            if (a->methods[i].name != b->methods[i].name &&
                strcmp(a->methods[i].name, b->methods[i].name) != 0) return false;
            else if (!types_identical(a->methods[i].sig, b->methods[i].sig)) return false;
        return true;
    default:
        /* basic kinds: byte and uint8 (rune and int32) are distinct objects of one kind, so
         * that messages spell them as written; named types are identical only to themselves */
        return a->kind < TY_ARRAY;
    }
}

/* ---- layout ------------------------------------------------------------------------------ */

static int64_t types_round(int64_t x, int64_t a) { return a > 1 ? (x + a - 1) / a * a : x; }

static void types_layout_struct(Type *t) {
    int64_t off = 0, align = 1;
    for (int i = 0; i < t->nfields; i++) {
        int64_t fa = type_align(t->fields[i].type), fs = type_size(t->fields[i].type);
        if (fs < 0) { t->size = 0; t->align = 1; return; }
        off = types_round(off, fa);
        t->fields[i].offset = off;
        off += fs;
        if (fa > align) align = fa;
    }
    if (t->nfields > 0 && off > 0 && type_size(t->fields[t->nfields - 1].type) == 0) off++;
    t->align = align;
    t->size = types_round(off, align);
}

static void types_layout(Type *t) {
    t->size = -2;
    switch (t->kind) {
    case TY_ARRAY: {
        int64_t es = type_size(t->elem);
        t->align = type_align(t->elem);
        t->size = es <= 0 ? 0 : es * t->len;
        break;
    }
    case TY_SLICE: t->size = 24; t->align = 8; break;
    case TY_INTERFACE: t->size = 16; t->align = 8; break;
    case TY_POINTER: case TY_FUNC: case TY_MAP: case TY_CHAN: t->size = 8; t->align = 8; break;
    case TY_STRUCT: types_layout_struct(t); break;
    case TY_NAMED: {
        Type *u = type_underlying(t);
        t->size = type_size(u);
        t->align = type_align(u);
        break;
    }
    default: t->size = 0; t->align = 1; break;
    }
}

int64_t type_size(Type *t) {
    if (!t) return 0;
    if (t->size == -1) types_layout(t);
    if (t->size == -2) return -1;       /* recursive layout: reported by the checker */
    return t->size;
}

int64_t type_align(Type *t) {
    if (!t) return 1;
    if (t->size == -1) types_layout(t);
    return t->align > 0 ? t->align : 1;
}

bool type_has_pointers(Type *t) {
    Type *u = type_underlying(t);
    switch (u->kind) {
    case TY_STRING: case TY_SLICE: case TY_POINTER: case TY_FUNC: case TY_MAP: case TY_CHAN:
    case TY_INTERFACE: case TY_UNSAFEPTR: case TY_UNTYPED_STRING: case TY_UNTYPED_NIL:
        return true;
    case TY_ARRAY: return u->len > 0 && type_has_pointers(u->elem);
    case TY_STRUCT:
        for (int i = 0; i < u->nfields; i++)
            if (type_has_pointers(u->fields[i].type)) return true;
        return false;
    default: return false;
    }
}

/* ---- predicates -------------------------------------------------------------------------- */

bool type_is_integer(Type *t) {
    TypeKind k = type_underlying(t)->kind;
    return (k >= TY_INT && k <= TY_UINTPTR) || k == TY_UNTYPED_INT || k == TY_UNTYPED_RUNE;
}
bool type_is_unsigned(Type *t) {
    TypeKind k = type_underlying(t)->kind;
    return k >= TY_UINT && k <= TY_UINTPTR;
}
bool type_is_float(Type *t) {
    TypeKind k = type_underlying(t)->kind;
    return k == TY_FLOAT32 || k == TY_FLOAT64 || k == TY_UNTYPED_FLOAT;
}
bool type_is_numeric(Type *t) { return type_is_integer(t) || type_is_float(t); }
bool type_is_string(Type *t) {
    TypeKind k = type_underlying(t)->kind;
    return k == TY_STRING || k == TY_UNTYPED_STRING;
}
bool type_is_boolean(Type *t) {
    TypeKind k = type_underlying(t)->kind;
    return k == TY_BOOL || k == TY_UNTYPED_BOOL;
}
bool type_is_untyped(Type *t) {
    return t && t->kind >= TY_UNTYPED_BOOL && t->kind <= TY_UNTYPED_NIL;
}
bool type_is_comparable(Type *t) {
    Type *u = type_underlying(t);
    switch (u->kind) {
    case TY_SLICE: case TY_FUNC: case TY_MAP: case TY_INVALID: case TY_TUPLE: return false;
    case TY_ARRAY: return type_is_comparable(u->elem);
    case TY_STRUCT:
        for (int i = 0; i < u->nfields; i++)
            if (!type_is_comparable(u->fields[i].type)) return false;
        return true;
    default: return true;
    }
}
bool type_is_ordered(Type *t) { return type_is_numeric(t) || type_is_string(t); }

Type *type_default(Type *t) {
    if (!t) return t_invalid;
    switch (t->kind) {
    case TY_UNTYPED_BOOL: return t_bool;
    case TY_UNTYPED_INT: return t_int;
    case TY_UNTYPED_RUNE: return t_int32;
    case TY_UNTYPED_FLOAT: return t_float64;
    case TY_UNTYPED_STRING: return t_string;
    default: return t;
    }
}

/* ---- spelling ---------------------------------------------------------------------------- */

typedef struct TBuf { char *p; size_t n, len; } TBuf;

static void tb_puts(TBuf *b, const char *s) {
    while (*s) {
        if (b->len + 1 < b->n) b->p[b->len] = *s;
        b->len++;
        s++;
    }
    b->p[b->len < b->n ? b->len : b->n - 1] = 0;
}

static void types_write(TBuf *b, Type *t, bool qm, int depth);

/* A struct tag as strconv.Quote spells it: ` "json:\"a\""`. */
static void types_write_tag(TBuf *b, const char *tag) {
    char one[8];
    tb_puts(b, " \"");
    for (const unsigned char *p = (const unsigned char *)tag; *p; p++) {
        if (*p == '"' || *p == '\\') { one[0] = '\\'; one[1] = (char)*p; one[2] = 0; }
        else if (*p == '\n') strcpy(one, "\\n");
        else if (*p == '\t') strcpy(one, "\\t");
        else if (*p < 0x20) snprintf(one, sizeof one, "\\x%02x", *p);
        else { one[0] = (char)*p; one[1] = 0; }
        tb_puts(b, one);
    }
    tb_puts(b, "\"");
}

static void types_write_fields(TBuf *b, Field *f, int n, bool variadic, bool qm, int depth) {
    for (int i = 0; i < n; i++) {
        if (i) tb_puts(b, ", ");
        if (f[i].name && !qm) { tb_puts(b, f[i].name); tb_puts(b, " "); }
        if (variadic && i == n - 1 && f[i].type && f[i].type->kind == TY_SLICE) {
            tb_puts(b, "...");
            types_write(b, f[i].type->elem, qm, depth);
        } else {
            types_write(b, f[i].type, qm, depth);
        }
    }
}

static void types_write_sig(TBuf *b, Type *t, bool qm, int depth) {
    tb_puts(b, "(");
    types_write_fields(b, t->fields, t->nfields, t->variadic, qm, depth);
    tb_puts(b, ")");
    if (t->nresults == 0) return;
    tb_puts(b, " ");
    if (t->nresults == 1 && (!t->results[0].name || qm)) {
        types_write(b, t->results[0].type, qm, depth);
        return;
    }
    tb_puts(b, "(");
    types_write_fields(b, t->results, t->nresults, false, qm, depth);
    tb_puts(b, ")");
}

static void types_write(TBuf *b, Type *t, bool qm, int depth) {
    char num[32];
    if (!t) { tb_puts(b, "invalid type"); return; }
    if (depth > 32) { tb_puts(b, "..."); return; }
    depth++;
    switch (t->kind) {
    case TY_NAMED:
        if (t->pkg && t->pkg->name && (qm || strcmp(t->pkg->path, "main") != 0)) {
            tb_puts(b, t->pkg->name);
            tb_puts(b, ".");
        }
        tb_puts(b, t->name ? t->name : "?");
        return;
    case TY_ARRAY:
        snprintf(num, sizeof num, "[%lld]", (long long)t->len);
        tb_puts(b, num);
        types_write(b, t->elem, qm, depth);
        return;
    case TY_SLICE: tb_puts(b, "[]"); types_write(b, t->elem, qm, depth); return;
    case TY_POINTER: tb_puts(b, "*"); types_write(b, t->elem, qm, depth); return;
    case TY_MAP:
        tb_puts(b, "map[");
        types_write(b, t->key, qm, depth);
        tb_puts(b, "]");
        types_write(b, t->elem, qm, depth);
        return;
    case TY_CHAN:
        tb_puts(b, t->chandir == 2 ? "<-chan " : t->chandir == 1 ? "chan<- " : "chan ");
        types_write(b, t->elem, qm, depth);
        return;
    case TY_STRUCT:
        /* the compiler writes struct{a int}, reflect (%T) writes struct { a int } */
        tb_puts(b, qm ? (t->nfields ? "struct { " : "struct {") : "struct{");
        for (int i = 0; i < t->nfields; i++) {
            if (i) tb_puts(b, "; ");
            if (!t->fields[i].embedded) { tb_puts(b, t->fields[i].name); tb_puts(b, " "); }
            types_write(b, t->fields[i].type, qm, depth);
            if (t->fields[i].tag) types_write_tag(b, t->fields[i].tag);
        }
        tb_puts(b, qm && t->nfields ? " }" : "}");
        return;
    case TY_FUNC: tb_puts(b, "func"); types_write_sig(b, t, qm, depth); return;
    case TY_TUPLE:
        tb_puts(b, "(");
        types_write_fields(b, t->fields, t->nfields, false, qm, depth);
        tb_puts(b, ")");
        return;
    case TY_INTERFACE:
        if (t == t_any) { tb_puts(b, qm ? "interface {}" : "any"); return; }
        if (t->nmethods == 0) { tb_puts(b, qm ? "interface {}" : "interface{}"); return; }
        tb_puts(b, qm ? "interface {" : "interface{");
        for (int i = 0; i < t->nmethods; i++) {
            tb_puts(b, i ? "; " : (qm ? " " : ""));
            const char *mn = t->methods[i].name;
            if (qm && mn[0] >= 'a' && mn[0] <= 'z') tb_puts(b, "main.");   /* reflect qualifies unexported methods */
            tb_puts(b, mn);
            types_write_sig(b, t->methods[i].sig, qm, depth);
        }
        tb_puts(b, qm && t->nmethods ? " }" : "}");
        return;
    default:
        if (qm && t->kind == TY_UINT8) { tb_puts(b, "uint8"); return; }   /* reflect resolves byte, rune */
        if (qm && t->kind == TY_INT32) { tb_puts(b, "int32"); return; }
        tb_puts(b, t->name ? t->name : "?");
        return;
    }
}

char *type_string(Type *t, char *buf, size_t n, bool qualify_main) {
    if (!buf || n == 0) return buf;
    TBuf b = {buf, n, 0};
    buf[0] = 0;
    types_write(&b, t, qualify_main, 0);
    return buf;
}
