/* tools/mksizeclasses.c — computes Go's size-class table and prints runtime/sizeclasses.h.
 *
 *   mksizeclasses > build/runtime/sizeclasses.h      (a Makefile rule runs it)
 *
 * A port of Go 1.19's src/runtime/mksizeclasses.go; the policy is Go's, word for word:
 *
 *   1. Walk every size from 8 to 32768 in steps of `align`, where the alignment grows with the
 *      size (8 below 32, 16 up to 128, size/8 from 128 up to 2048, 256 above) so that small
 *      objects stay densely packed and large ones stay aligned.
 *   2. For each size, take the smallest span (a whole number of 8 KiB pages) whose tail — the
 *      bytes left over after packing as many objects as fit — is at most 1/8 of the span.
 *      Rounding up to the next class wastes at most 12.5% too, so the worst case is 26.6%.
 *   3. If that span size and object count equal the previous class's, there is no point in
 *      a separate class: the previous class simply grows to this size.
 *   4. Finally make each class as large as its span allows at the same object count (rounded
 *      down to a multiple of 128), so no bytes that could be used are left in the tail.
 *
 * The result is 68 classes (class 0 = "large object, has its own span"). The lookup tables
 * size_to_class8 (sizes up to 1024 in steps of 8) and size_to_class128 (1024..32768 in steps of
 * 128) turn a request size into its class in O(1), as Go's mallocgc does. The output must equal
 * /work/shared/reference/go-runtime-facts.md §2.1; tests/unit/test_malloc.c checks it.
 */
#include <stdio.h>
#include <stdlib.h>

enum {
    MAX_SMALL_SIZE = 32 << 10,
    SMALL_SIZE_DIV = 8,
    SMALL_SIZE_MAX = 1024,
    LARGE_SIZE_DIV = 128,
    PAGE_SHIFT = 13,
    PAGE_SIZE = 1 << PAGE_SHIFT,
    NUM_CLASSES = 68
};

typedef struct SizeClass { int size, npages; } SizeClass;

static int is_pow2(int x) { return x != 0 && (x & (x - 1)) == 0; }

static int ctz(unsigned x) { int n = 0; while (x && !(x & 1)) { x >>= 1; n++; } return n; }

/* Steps 1-3: one class per distinct (pages, objects) pair. Returns the number of classes. */
static int sc_make_raw(SizeClass *c) {
    int n = 1, align = 8;
    c[0] = (SizeClass){0, 0};                     /* class 0: large objects */
    for (int size = align; size <= MAX_SMALL_SIZE; size += align) {
        if (is_pow2(size)) {
            if (size >= 2048) align = 256;
            else if (size >= 128) align = size / 8;
            else if (size >= 32) align = 16;      /* heap bitmaps assume 16-byte alignment */
        }
        int allocsize = PAGE_SIZE;
        while (allocsize % size > allocsize / 8) allocsize += PAGE_SIZE;
        int npages = allocsize / PAGE_SIZE;
        if (n > 1 && npages == c[n - 1].npages && allocsize / size == allocsize / c[n - 1].size) {
            c[n - 1].size = size;
            continue;
        }
        if (n == NUM_CLASSES) { fprintf(stderr, "mksizeclasses: too many classes\n"); exit(1); }
        c[n++] = (SizeClass){size, npages};
    }
    return n;
}

/* Step 4: grow each class to use its span fully at the same object count. */
static void sc_widen(SizeClass *c, int n) {
    for (int i = 1; i < n; i++) {
        int psize = c[i].npages * PAGE_SIZE;
        int widened = (psize / (psize / c[i].size)) & ~(LARGE_SIZE_DIV - 1);
        if (widened > c[i].size) c[i].size = widened;
    }
}

/* The smallest class whose size is >= size. */
static int sc_class_for(const SizeClass *c, int n, int size) {
    for (int j = 0; j < n; j++) if (c[j].size >= size) return j;
    return 0;
}

static void sc_print_comment(const SizeClass *c, int n) {
    printf("/* class  bytes/obj  bytes/span  objects  tail waste  max waste  min align\n");
    int prev = 0;
    for (int i = 1; i < n; i++) {
        int span = c[i].npages * PAGE_SIZE, objects = span / c[i].size;
        int tail = span - c[i].size * objects;
        double maxwaste = (double)((c[i].size - prev - 1) * objects + tail) / span;
        int alignbits = ctz((unsigned)c[i].size);
        if (alignbits > PAGE_SHIFT) alignbits = PAGE_SHIFT;
        printf(" * %5d  %9d  %10d  %7d  %10d  %8.2f%%  %9d\n",
               i, c[i].size, span, objects, tail, 100 * maxwaste, 1 << alignbits);
        prev = c[i].size;
    }
    printf(" */\n\n");
}

static void sc_print_u(const char *type, const char *name, const char *len, const int *v, int n) {
    printf("static const %s %s[%s] __attribute__((unused)) = {", type, name, len);
    for (int i = 0; i < n; i++) printf("%s%d,", i % 16 ? " " : "\n    ", v[i]);
    printf("\n};\n\n");
}

static void sc_print_tables(const SizeClass *c, int n) {
    int v[MAX_SMALL_SIZE / LARGE_SIZE_DIV + 1];
    printf("#define SC_MAX_SMALL_SIZE %d\n#define SC_SMALL_SIZE_DIV %d\n#define SC_SMALL_SIZE_MAX %d\n"
           "#define SC_LARGE_SIZE_DIV %d\n#define SC_NUM_CLASSES %d\n#define SC_PAGE_SHIFT %d\n"
           "#define SC_PAGE_SIZE %d\n\n", MAX_SMALL_SIZE, SMALL_SIZE_DIV, SMALL_SIZE_MAX,
           LARGE_SIZE_DIV, n, PAGE_SHIFT, PAGE_SIZE);
    for (int i = 0; i < n; i++) v[i] = c[i].size;
    sc_print_u("uint16_t", "class_to_size", "SC_NUM_CLASSES", v, n);
    for (int i = 0; i < n; i++) v[i] = c[i].npages;
    sc_print_u("uint8_t", "class_to_allocnpages", "SC_NUM_CLASSES", v, n);
    printf("/* n / class_to_size[c] == (uint32_t)(((uint64_t)n * class_to_divmagic[c]) >> 32) for\n"
           " * every offset n inside a span of class c. */\n");
    printf("static const uint32_t class_to_divmagic[SC_NUM_CLASSES] __attribute__((unused)) = {");
    for (int i = 0; i < n; i++)
        printf("%s%u,", i % 8 ? " " : "\n    ", c[i].size ? 0xFFFFFFFFu / (unsigned)c[i].size + 1 : 0);
    printf("\n};\n\n");
    int n8 = SMALL_SIZE_MAX / SMALL_SIZE_DIV + 1;
    for (int i = 0; i < n8; i++) v[i] = sc_class_for(c, n, i * SMALL_SIZE_DIV);
    sc_print_u("uint8_t", "size_to_class8", "SC_SMALL_SIZE_MAX / SC_SMALL_SIZE_DIV + 1", v, n8);
    int n128 = (MAX_SMALL_SIZE - SMALL_SIZE_MAX) / LARGE_SIZE_DIV + 1;
    for (int i = 0; i < n128; i++) v[i] = sc_class_for(c, n, SMALL_SIZE_MAX + i * LARGE_SIZE_DIV);
    sc_print_u("uint8_t", "size_to_class128",
               "(SC_MAX_SMALL_SIZE - SC_SMALL_SIZE_MAX) / SC_LARGE_SIZE_DIV + 1", v, n128);
}

int main(void) {
    SizeClass c[NUM_CLASSES];
    int n = sc_make_raw(c);
    sc_widen(c, n);
    if (n != NUM_CLASSES) { fprintf(stderr, "mksizeclasses: %d classes, expected 68\n", n); return 1; }
    printf("/* runtime/sizeclasses.h — generated by tools/mksizeclasses.c; DO NOT EDIT.\n"
           " *\n"
           " * Go's malloc size classes (Go 1.19 runtime/sizeclasses.go). Policy: the tail of a span\n"
           " * wastes at most 12.5%%, rounding a request up to its class at most 12.5%%, 26.6%% in the\n"
           " * worst case. Class 0 is \"large\": such an object gets a span of its own.\n"
           " * A request of s bytes (0 < s <= SC_MAX_SMALL_SIZE) has class\n"
           " *   s <= SC_SMALL_SIZE_MAX-8 ? size_to_class8[(s+7)/8] : size_to_class128[(s-1024+127)/128]\n"
           " * and is given class_to_size[class] bytes from a span of class_to_allocnpages[class] pages.\n"
           " */\n");
    printf("#ifndef GOL_RUNTIME_SIZECLASSES_H\n#define GOL_RUNTIME_SIZECLASSES_H\n\n#include <stdint.h>\n\n");
    sc_print_comment(c, n);
    sc_print_tables(c, n);
    printf("#endif\n");
    return 0;
}
