/* runtime/natives_sort.c — what sort.Slice needs to know about a slice it gets as an `any`.
 *
 * Go's sort.Slice swaps the elements of any slice through reflect's Swapper; gol has no
 * reflect, so these two natives give package sort (runtime/lib/sort.gol) exactly that: the
 * kind and length of the value in an interface, and a swap of two elements by the slice's
 * element type. The swap copies the first element aside with memcpy (the side buffer is C
 * memory the collector never scans), then moves each element with typedmemmove so that
 * pointer words go through the write barrier (runtime/mbarrier.c). Neither native allocates
 * on the gol heap, so no collection can start between the two moves.
 *
 * Layout rule (runtime/symtab.h): results first, then the parameters; an `any` is two words
 * (type, data), and a slice, which is not pointer-shaped, is boxed: data points at its header.
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/mbarrier.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

/* sort.sliceInfo(x any) (kind, n int): kind @0 (Go's reflect.Kind numbering, 0 for nil),
 * n @8 (the length when x holds a slice), x @16. */
static int nat_sort_slice_info(GolG *g, uint8_t *f) {
    GolIface x = ARG(f, 16, GolIface);
    int64_t kind = x.type ? (int64_t)x.type->kind : 0, n = 0;
    if (kind == K_SLICE) n = ((GolSlice *)x.data)->len;
    ARG(f, 0, int64_t) = kind;
    ARG(f, 8, int64_t) = n;
    return NAT_RETURN;
}

/* sort.swapElems(x any, i, j int): x @0, i @16, j @24; x holds a slice, i and j index it. */
static int nat_sort_swap_elems(GolG *g, uint8_t *f) {
    GolIface x = ARG(f, 0, GolIface);
    int64_t i = ARG(f, 16, int64_t), j = ARG(f, 24, int64_t);
    const GolSlice *s = x.data;
    const TypeDesc *et = x.type->elem;
    size_t size = (size_t)et->size;
    if (i == j || size == 0) return NAT_RETURN;
    uint8_t *a = (uint8_t *)s->ptr + (size_t)i * size, *b = (uint8_t *)s->ptr + (size_t)j * size;
    uint8_t small[256];
    uint8_t *tmp = size <= sizeof small ? small : malloc(size);
    memcpy(tmp, a, size);
    typedmemmove(et, a, b);
    typedmemmove(et, b, tmp);
    if (tmp != small) free(tmp);
    return NAT_RETURN;
}

static const NativeEntry sort_natives[] = {
    { "sort.sliceInfo", nat_sort_slice_info, false },
    { "sort.swapElems", nat_sort_swap_elems, false },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_sort(const char *qualified_name) {
    for (const NativeEntry *e = sort_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
