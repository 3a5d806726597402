/* runtime/malloc.c — mallocgc, the one allocation funnel.
 *
 * Every heap object a gol program creates — new(T), &T{}, make([]T, n), a string built at run
 * time, an interface box, a growing slice — comes from mallocgc(g, size, type, needzero). The
 * compiler and the interpreter know nothing else about memory, so the heap behind this one
 * function can change without touching them.
 *
 * What it does today (issue 2), step by step:
 *   1. A zero-sized request returns &zerobase, one shared address, as Go does: all zero-sized
 *      objects may share an address because nothing can be stored in them.
 *   2. The request is rounded up to its size class with Go's own table (tools/mksizeclasses.c
 *      generates it): small objects (<= 32 KiB) take class_to_size[class] bytes, large objects
 *      whole 8 KiB pages. The rounded size is what the object really costs and what Go reports,
 *      so the counters below already equal the MemStats figures Go would print.
 *   3. The bytes come from the C allocator (calloc when the caller needs zeroed memory).
 *   4. The counters are updated: objects and bytes overall and per class.
 *
 * What issue 3 replaces: step 3. There the object comes from Go's segregated-fit heap
 * (mcache -> mcentral -> mheap spans of one class each, noscan spans apart, a tiny allocator
 * for pointer-free objects under 16 bytes), `type` writes the pointer bitmap, and a collection
 * may start here when the heap reaches its goal. Until then nothing is ever freed: a gol
 * program's heap only grows, which is honest for the short programs issue 2 runs.
 *
 * Until then every object also carries a 16-byte link to the previously allocated one (the
 * `all_objects` list, like Lua's allgc): the C allocator cannot enumerate its blocks, and the
 * list keeps every object reachable, so leak checkers (ASan's LeakSanitizer in make test-asan)
 * see a heap that is deliberately kept, not leaked. The link is not counted in the statistics.
 *
 * Alignment: the C allocator returns 16-byte aligned blocks and the link keeps that, at least
 * Go's guarantee for every class below 32 bytes; gol relies on 8.
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/malloc.h"

uint64_t zerobase;
static MallocStats stats;

typedef struct ObjLink { struct ObjLink *prev; uint64_t pad; } ObjLink;   /* 16 bytes */
static ObjLink *all_objects;

const MallocStats *malloc_stats(void) { return &stats; }

int malloc_size_class(size_t size) {
    if (size == 0 || size > SC_MAX_SMALL_SIZE) return 0;
    if (size <= SC_SMALL_SIZE_MAX - 8)
        return size_to_class8[(size + SC_SMALL_SIZE_DIV - 1) / SC_SMALL_SIZE_DIV];
    return size_to_class128[(size - SC_SMALL_SIZE_MAX + SC_LARGE_SIZE_DIV - 1) / SC_LARGE_SIZE_DIV];
}

size_t malloc_alloc_size(size_t size) {
    if (size == 0) return 0;
    int c = malloc_size_class(size);
    if (c != 0) return class_to_size[c];
    if (size > SIZE_MAX - SC_PAGE_SIZE) return size;        /* cannot round; the allocation fails */
    return (size + SC_PAGE_SIZE - 1) & ~(size_t)(SC_PAGE_SIZE - 1);
}

/* Go's roundupsize: the capacity growslice may use for free. */
int64_t round_up_size(int64_t size) {
    if (size <= 0) return size;
    return (int64_t)malloc_alloc_size((size_t)size);
}

static void malloc_count(size_t size, size_t got) {
    int c = malloc_size_class(size);
    stats.mallocs++;
    stats.total_alloc += got;
    if (c != 0) stats.by_class_mallocs[c]++;
    else { stats.large_mallocs++; stats.large_bytes += got; }
}

void *mallocgc(GolG *g, size_t size, const TypeDesc *type, bool needzero) {
    (void)type;                       /* issue 3: selects scan/noscan spans, writes the bitmap */
    if (size == 0) return &zerobase;
    size_t got = malloc_alloc_size(size);
    if (got > SIZE_MAX - sizeof(ObjLink)) rt_fatal(g, "runtime: out of memory");
    ObjLink *link = needzero ? calloc(1, sizeof(ObjLink) + got) : malloc(sizeof(ObjLink) + got);
    if (link == NULL) rt_fatal(g, "runtime: out of memory");
    link->prev = all_objects;
    all_objects = link;
    malloc_count(size, got);
    return link + 1;
}
