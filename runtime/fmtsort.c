/* runtime/fmtsort.c — sorted map keys for fmt (Go's internal/fmtsort).
 *
 * A map has no order, and a range loop starts at a random place on purpose (runtime/map.c).
 * Printing must not depend on that, so since Go 1.12 fmt prints a map's entries sorted by key,
 * by this comparison (fmtsort.compare):
 *
 *   ints, uints, strings      numerically / bytewise
 *   floats                    numerically, every NaN before every number (NaNs equal)
 *   bools                     false before true
 *   pointers, chans           by address
 *   structs, arrays           field by field, element by element: the first difference decides
 *   interfaces                nil first; then by dynamic type, then by value
 *
 * The sort is stable (Go's sort.Stable), so keys that compare equal (NaNs) keep the order the
 * table gave them. Go orders interface keys of different dynamic types by the address of their
 * type descriptors, which depends on the binary; gol orders them by descriptor index (the order
 * the compiler met the types), so only same-typed interface keys print in Go's exact order.
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/fmtsort.h"
#include "runtime/fmt.h"

static int fmtsort_sign(int c) { return c < 0 ? -1 : c > 0; }

static int fmtsort_float(double a, double b) {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a == b) return 0;
    if (a != a && b == b) return -1;
    if (a == a && b != b) return 1;
    return 0;
}

int fmtsort_compare(const TypeDesc *t, const void *a, const void *b) {
    switch (t->kind) {
    case K_INT: case K_INT8: case K_INT16: case K_INT32: case K_INT64: {
        int64_t x = rt_load_int(t, a), y = rt_load_int(t, b);
        return x < y ? -1 : x > y;
    }
    case K_UINT: case K_UINT8: case K_UINT16: case K_UINT32: case K_UINT64: case K_UINTPTR: {
        uint64_t x = rt_load_uint(t, a), y = rt_load_uint(t, b);
        return x < y ? -1 : x > y;
    }
    case K_STRING: return fmtsort_sign(str_compare(*(const GolString *)a, *(const GolString *)b));
    case K_FLOAT32: case K_FLOAT64: return fmtsort_float(rt_load_float(t, a), rt_load_float(t, b));
    case K_BOOL: return (int)*(const uint8_t *)a - (int)*(const uint8_t *)b;
    case K_POINTER: case K_CHAN: case K_UNSAFEPOINTER: case K_MAP: case K_FUNC: {
        uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
        return x < y ? -1 : x > y;
    }
    case K_STRUCT:
        for (uint32_t i = 0; i < t->nfields; i++) {
            const TypeField *f = &t->fields[i];
            int c = fmtsort_compare(f->type, (const uint8_t *)a + f->offset, (const uint8_t *)b + f->offset);
            if (c) return c;
        }
        return 0;
    case K_ARRAY:
        for (int64_t i = 0; i < t->len; i++) {
            int64_t off = i * t->elem->size;
            int c = fmtsort_compare(t->elem, (const uint8_t *)a + off, (const uint8_t *)b + off);
            if (c) return c;
        }
        return 0;
    case K_INTERFACE: {
        const TypeDesc *ta = map_iface_dyntype(t, a), *tb = map_iface_dyntype(t, b);
        if (ta == NULL || tb == NULL) return ta == NULL && tb == NULL ? 0 : ta == NULL ? -1 : 1;
        if (ta != tb && !(ta->name && tb->name && strcmp(ta->name, tb->name) == 0))
            return ta->index < tb->index ? -1 : 1;
        const void *va = (ta->flags & TDF_DIRECTIFACE) ? (const uint8_t *)a + 8 : ((void *const *)a)[1];
        const void *vb = (tb->flags & TDF_DIRECTIFACE) ? (const uint8_t *)b + 8 : ((void *const *)b)[1];
        return fmtsort_compare(ta, va, vb);
    }
    default:
        return 0;
    }
}

/* A stable merge sort (the entries are few: printing is the cost, not sorting). */
static void fmtsort_merge(const TypeDesc *kt, FmtSortEntry *e, FmtSortEntry *tmp, size_t n) {
    if (n < 2) return;
    size_t h = n / 2;
    fmtsort_merge(kt, e, tmp, h);
    fmtsort_merge(kt, e + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = fmtsort_compare(kt, e[j].key, e[i].key) < 0 ? e[j++] : e[i++];
    while (i < h) tmp[k++] = e[i++];
    while (j < n) tmp[k++] = e[j++];
    memcpy(e, tmp, n * sizeof *e);
}

FmtSortEntry *fmtsort_map(const GolMap *m, size_t *n) {
    *n = 0;
    if (m == NULL || m->count == 0) return NULL;
    FmtSortEntry *e = malloc((size_t)m->count * 2 * sizeof *e);
    if (!e) { fputs("fatal error: out of memory\n", stderr); exit(2); }
    MapIter it;
    map_iter_init(&it, (GolMap *)m, false);
    while (*n < (size_t)m->count && map_iter_next(NULL, &it)) {
        e[*n].key = it.key;
        e[*n].val = it.elem;
        (*n)++;
    }
    fmtsort_merge(m->type->key, e, e + *n, *n);
    return e;
}
