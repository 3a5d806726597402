/* tests/unit/test_mheap.c — the segregated-fit heap (runtime/malloc.c and its siblings).
 *
 * Each test runs in its own forked process (check's default), so it starts from a fresh heap
 * and may run collection cycles by hand: the "collector" here is the test itself, which marks
 * the objects it wants to keep with heap_find_object + span_mark, exactly as mgcmark.c does,
 * between heap_clear_marks and heap_start_sweep.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/malloc.h"
#include "runtime/mgc.h"
#include "runtime/mspan.h"
#include "runtime/mstats.h"

/* A 24-byte struct {p *T; n int; q *T}: pointer words 0 and 2. */
static const uint8_t mask_101[1] = {0x5};
static const TypeDesc t_triple = {.kind = K_STRUCT, .size = 24, .align = 8, .ptrdata = 24,
                                  .ptrmask = mask_101, .name = "triple"};
static const uint8_t mask_1[1] = {0x1};
static const TypeDesc t_ptr = {.kind = K_POINTER, .size = 8, .align = 8, .ptrdata = 8,
                               .ptrmask = mask_1, .name = "*int"};

/* The mark half of a collection cycle keeping exactly keep[0..n) (NULL entries skipped): the
 * spans are left unswept. */
static void mark_keeping(void **keep, size_t n) {
    heap_finish_sweep();
    heap_flush_caches();
    heap_clear_marks();
    for (size_t i = 0; i < n; i++) {
        void *base; mspan *s; uintptr_t idx;
        if (keep[i] && heap_find_object(keep[i], &base, &s, &idx)) span_mark(s, idx);
    }
    heap_start_sweep();
}

/* One whole collection cycle keeping exactly keep[0..n). */
static void cycle_keeping(void **keep, size_t n) {
    mark_keeping(keep, n);
    heap_finish_sweep();
}

static void assert_identities(const GoMemStats *m) {
    ck_assert_uint_eq(m->Alloc, m->HeapAlloc);
    ck_assert_uint_eq(m->HeapObjects, m->Mallocs - m->Frees);
    ck_assert_uint_ge(m->TotalAlloc, m->HeapAlloc);
    ck_assert_uint_eq(m->HeapSys, m->HeapInuse + m->HeapIdle);
    ck_assert_uint_ge(m->HeapIdle, m->HeapReleased);
    ck_assert_uint_ge(m->HeapInuse, m->HeapAlloc);
    ck_assert_uint_eq(m->Sys, m->HeapSys + m->StackSys + m->MSpanSys + m->MCacheSys +
                                  m->BuckHashSys + m->GCSys + m->OtherSys);
    ck_assert_uint_ge(m->MSpanSys, m->MSpanInuse);
    ck_assert_uint_ge(m->MCacheSys, m->MCacheInuse);
    ck_assert_uint_ge(m->StackSys, m->StackInuse);
    ck_assert_uint_eq(m->Lookups, 0);
    ck_assert(m->EnableGC && !m->DebugGC);
    uint64_t by = 0;
    for (int c = 0; c < 61; c++) {
        ck_assert_uint_eq(m->BySize[c].Size, class_to_size[c]);
        by += m->BySize[c].Mallocs;
    }
    ck_assert_uint_le(by, m->Mallocs);
}

/* Every small size lands in a slot of exactly its class's size; large sizes in whole pages. */
START_TEST(test_alloc_sizes) {
    for (size_t size = 16; size <= SC_MAX_SMALL_SIZE + 3 * SC_PAGE_SIZE; size += (size < 2048 ? 8 : 509)) {
        void *p = mallocgc(NULL, size, &t_ptr, true), *base; mspan *s; uintptr_t idx;
        ck_assert(heap_find_object((uint8_t *)p + size - 1, &base, &s, &idx));
        ck_assert_ptr_eq(base, p);
        ck_assert_uint_eq(span_elem_size(s), malloc_alloc_size(size));
        ck_assert(!span_noscan(s));
        int c = malloc_size_class(size);
        ck_assert_int_eq(span_class_size(s->spanclass), c);
        if (c) ck_assert_uint_eq(s->npages, class_to_allocnpages[c]);
        else ck_assert_uint_eq((uintptr_t)p % SC_PAGE_SIZE, 0);
    }
    ck_assert(!heap_find_object(&zerobase, NULL, NULL, NULL));        /* not a heap address */
    ck_assert(!heap_find_object(NULL, NULL, NULL, NULL));
    ck_assert(heap_verify());
}
END_TEST

/* Pages: carve three spans, free them in an order that needs both-side coalescing. */
START_TEST(test_span_alloc_free_coalesce) {
    heap_flush_caches();
    mspan *a = mheap_alloc(3, span_class_make(0, true));
    mspan *b = mheap_alloc(5, span_class_make(0, true));
    mspan *c = mheap_alloc(2, span_class_make(0, true));
    ck_assert_uint_eq(b->startAddr, a->startAddr + 3 * PAGE_SIZE);
    ck_assert_uint_eq(c->startAddr, b->startAddr + 5 * PAGE_SIZE);
    uintptr_t astart = a->startAddr;
    for (uintptr_t off = 0; off < 5 * PAGE_SIZE; off += 4096) ck_assert_ptr_eq(mheap_span_of(b->startAddr + off), b);
    uintptr_t inuse = heap.pages_inuse;
    mheap_free(a);                                  /* a alone: a free run of 3 */
    ck_assert_uint_eq(heap.pages_inuse, inuse - 3);
    mspan *r = mheap_span_of(astart);
    ck_assert_int_eq(r->state, SPAN_FREE);
    ck_assert_uint_eq(r->npages, 3);
    mheap_free(b);                                  /* merges with a on its left */
    r = mheap_span_of(astart);
    ck_assert_int_eq(r->state, SPAN_FREE);
    ck_assert_uint_eq(r->npages, 8);
    ck_assert_ptr_null(mheap_span_of(astart + 4 * PAGE_SIZE));   /* inside a free run */
    mspan *c_right = mheap_span_of(c->startAddr + 2 * PAGE_SIZE);
    ck_assert(c_right && c_right->state == SPAN_FREE);            /* the arena's unused rest */
    uintptr_t rest = c_right->npages;
    mheap_free(c);                                  /* merges on both sides: one run */
    r = mheap_span_of(astart);
    ck_assert_uint_eq(r->npages, 8 + 2 + rest);
    ck_assert(heap_verify());
    mspan *d = mheap_alloc(8, span_class_make(0, true));   /* best fit reuses the same pages */
    ck_assert_uint_eq(d->startAddr, astart);
    ck_assert(d->needzero);                         /* they were used before */
}
END_TEST

START_TEST(test_large_objects) {
    GoMemStats m0, m1;
    mstats_read(&m0);
    uint8_t *p = mallocgc_noscan(NULL, 40000, true);
    uint8_t *q = mallocgc(NULL, 100000, &t_ptr, true);
    mstats_read(&m1);
    ck_assert_uint_eq(m1.TotalAlloc - m0.TotalAlloc, 40960 + 106496);
    ck_assert_uint_eq(m1.Mallocs - m0.Mallocs, 2);
    ck_assert_uint_eq(m1.HeapInuse - m0.HeapInuse, 40960 + 106496);
    void *base; mspan *s; uintptr_t idx;
    ck_assert(heap_find_object(p + 39999, &base, &s, &idx));
    ck_assert_ptr_eq(base, p);
    ck_assert_uint_eq(idx, 0);
    ck_assert(span_noscan(s));
    ck_assert(heap_find_object(q + 99999, &base, &s, &idx));
    ck_assert(heap_is_pointer_word(s, q, 12499) && !heap_is_pointer_word(s, q, 12500));
    void *keep[] = {q};
    cycle_keeping(keep, 1);                         /* p dies, q lives */
    mstats_read(&m1);
    ck_assert_uint_eq(m1.Frees - m0.Frees, 1);
    ck_assert_uint_eq(m1.HeapAlloc - m0.HeapAlloc, 106496);
    ck_assert(!heap_find_object(p, NULL, NULL, NULL));
    ck_assert(heap_find_object(q, NULL, NULL, NULL));
    assert_identities(&m1);
    ck_assert(heap_verify());
}
END_TEST

/* The tiny allocator: packing, alignment, and Go's Mallocs/Frees rule. */
START_TEST(test_tiny_packing) {
    GoMemStats m0, m1;
    mstats_read(&m0);                               /* also drops any current tiny block */
    uint8_t *a = mallocgc_noscan(NULL, 1, true);
    uint8_t *b = mallocgc_noscan(NULL, 4, true);    /* aligned to 4 */
    uint8_t *c = mallocgc_noscan(NULL, 8, true);    /* aligned to 8 */
    uint8_t *d = mallocgc_noscan(NULL, 3, true);
    ck_assert_uint_eq((uintptr_t)a % 16, 0);
    ck_assert_ptr_eq(b, a + 4);
    ck_assert_ptr_eq(c, a + 8);
    ck_assert_uint_eq((uintptr_t)d % 16, 0);         /* a full: d opened a new block */
    ck_assert_uint_ne((uintptr_t)d / 16, (uintptr_t)a / 16);
    uint8_t *e = mallocgc_noscan(NULL, 12, true);   /* fits after d at offset 4 */
    ck_assert_ptr_eq(e, d + 4);
    for (int i = 0; i < 12; i++) ck_assert_int_eq(e[i], 0);
    mstats_read(&m1);
    /* blocks: a's and d's = 2 class-2 objects; b, c and e were packed (3 tiny sub-objects) */
    ck_assert_uint_eq(m1.BySize[2].Mallocs - m0.BySize[2].Mallocs, 2);
    ck_assert_uint_eq(m1.Mallocs - m0.Mallocs, 5);
    ck_assert_uint_eq(m1.Frees - m0.Frees, 3);
    ck_assert_uint_eq(m1.HeapObjects - m0.HeapObjects, 2);
    void *base; mspan *s; uintptr_t idx;
    ck_assert(heap_find_object(c + 3, &base, &s, &idx));   /* a sub-object finds its block */
    ck_assert_ptr_eq(base, a);
    ck_assert(span_noscan(s));
    assert_identities(&m1);
}
END_TEST

/* The pointer bitmap repeats the element's mask over an array allocation. */
START_TEST(test_pointer_bitmap) {
    uint8_t *p = mallocgc(NULL, 4 * 24, &t_triple, true);   /* [4]triple: 96 bytes */
    void *base; mspan *s; uintptr_t idx;
    ck_assert(heap_find_object(p, &base, &s, &idx));
    for (size_t w = 0; w < 12; w++)
        ck_assert_int_eq(heap_is_pointer_word(s, p, w), (w % 3) != 1);
    uint8_t *q = mallocgc(NULL, 40, &t_triple, true);       /* 1 triple + a 16-byte tail */
    ck_assert(heap_find_object(q, &base, &s, &idx));
    ck_assert(heap_is_pointer_word(s, q, 0) && !heap_is_pointer_word(s, q, 1));
    ck_assert(heap_is_pointer_word(s, q, 2) && !heap_is_pointer_word(s, q, 3) && !heap_is_pointer_word(s, q, 4));
    uint8_t *big = mallocgc(NULL, 200 * 24, &t_triple, true);   /* 600 words: 64 at a time */
    ck_assert(heap_find_object(big, &base, &s, &idx));
    for (size_t w = 0; w < span_elem_size(s) / 8; w += 64) {
        uint64_t m = heap_pointer_bits64(s, big, w);
        for (size_t i = 0; i < 64; i++)
            ck_assert_int_eq((m >> i) & 1, w + i < span_elem_size(s) / 8 && heap_is_pointer_word(s, big, w + i));
        ck_assert_uint_eq(heap_pointer_bits64(s, big, w), m);
    }
    ck_assert_uint_eq(heap_pointer_bits64(s, big, 3) & 7, 0x5);   /* words 3 and 5: the 2nd triple */
    uint8_t *n = mallocgc_noscan(NULL, 96, true);           /* noscan: never pointer words */
    ck_assert(heap_find_object(n, &base, &s, &idx));
    ck_assert(span_noscan(s) && !heap_is_pointer_word(s, n, 0) && heap_pointer_bits64(s, n, 0) == 0);
}
END_TEST

/* Sweeping frees what was not marked, reuses the slots, and zeroes them on reuse. */
START_TEST(test_sweep_frees) {
    enum { N = 1000 };
    static void *objs[N];
    GoMemStats m0, m1;
    mstats_read(&m0);
    for (int i = 0; i < N; i++) {
        objs[i] = mallocgc(NULL, 32, &t_triple, true);
        memset(objs[i], 0xAB, 32);
    }
    void *keep[N];
    for (int i = 0; i < N; i++) keep[i] = i % 2 ? objs[i] : NULL;
    heap_finish_sweep();
    heap_flush_caches();
    heap_clear_marks();
    for (int i = 0; i < N; i++) {
        void *base; mspan *s; uintptr_t idx;
        if (!keep[i]) continue;
        ck_assert(heap_find_object(keep[i], &base, &s, &idx));
        ck_assert(span_mark(s, idx));
        ck_assert(!span_mark(s, idx));              /* second mark: already grey */
    }
    ck_assert_uint_eq(heap_marked_bytes(), (N / 2) * 32);
    heap_start_sweep();
    ck_assert_uint_eq(heap_marked_bytes(), (N / 2) * 32);
    ck_assert_uint_eq(heap_live_bytes(), (N / 2) * 32);
    heap_finish_sweep();
    ck_assert(heap_verify());
    mstats_read(&m1);
    ck_assert_uint_eq(m1.Frees - m0.Frees, N / 2);
    ck_assert_uint_eq(m1.BySize[4].Frees - m0.BySize[4].Frees, N / 2);
    ck_assert_uint_eq(m1.HeapAlloc - m0.HeapAlloc, (N / 2) * 32);
    for (int i = 0; i < N; i += 2) ck_assert(!heap_find_object(objs[i], NULL, NULL, NULL));
    {                                               /* the verifier notices a broken count */
        void *base; mspan *s; uintptr_t idx;
        ck_assert(heap_find_object(objs[1], &base, &s, &idx));
        s->allocCount++;
        ck_assert(!heap_verify());
        s->allocCount--;
        span_mark(s, 0);                            /* a mark on a free slot (slot 0 was freed) */
        ck_assert(!heap_verify());
        s->gcmarkBits[0] &= ~(uint64_t)1;
        ck_assert(heap_verify());
    }
    /* the freed slots are reused first, and come back zeroed */
    uint8_t *r = mallocgc(NULL, 32, &t_triple, true);
    bool reused = false;
    for (int i = 0; i < N; i += 2) reused |= r == objs[i];
    ck_assert(reused);
    for (int i = 0; i < 32; i++) ck_assert_int_eq(r[i], 0);
    assert_identities(&m1);
}
END_TEST

/* GOLDEBUG=clobberfree=1: every object the sweeper frees is filled with 0xdeadbeef words; the
 * survivors are untouched, and a freed slot handed out again with needzero is zero. */
START_TEST(test_clobberfree) {
    enum { N = 300 };
    static void *objs[N];
    gc_clobberfree_mode = true;
    for (int i = 0; i < N; i++) {
        size_t size = i % 3 == 0 ? 48 : i % 3 == 1 ? 1024 : 16;
        objs[i] = i % 3 == 2 ? mallocgc_noscan(NULL, size, true) : mallocgc(NULL, size, &t_triple, true);
        memset(objs[i], 0xAB, size);
    }
    uint8_t *big = mallocgc_noscan(NULL, 40000, true);
    memset(big, 0xAB, 40000);
    void *keep[N];
    for (int i = 0; i < N; i++) keep[i] = i % 2 ? objs[i] : NULL;
    mark_keeping(keep, N);
    while (heap.unswept > 0) heap_sweep_one();      /* not heap_finish_sweep: no scavenging */
    for (int i = 0; i < N; i++) {
        size_t size = i % 3 == 0 ? 48 : i % 3 == 1 ? 1024 : 16;
        const uint32_t *w = objs[i];
        HEAP_UNPOISON(w, size);                     /* under ASan the freed slots are poisoned */
        for (size_t k = 0; k < size / 4; k++) {
            if (i % 2) ck_assert_uint_eq(w[k], 0xABABABABu);
            else ck_assert_msg(w[k] == 0xdeadbeefu, "object %d word %zu: %#x", i, k, w[k]);
        }
    }
    HEAP_UNPOISON(big, 40000);
    for (size_t k = 0; k < 40000 / 4; k++) ck_assert_uint_eq(((uint32_t *)big)[k], 0xdeadbeefu);
    ck_assert(heap_verify());
    uint8_t *r = mallocgc(NULL, 48, &t_triple, true);  /* a clobbered slot comes back zeroed */
    for (int i = 0; i < 48; i++) ck_assert_int_eq(r[i], 0);
}
END_TEST

/* Specials: each span's list stays sorted by offset; one finalizer per object. */
START_TEST(test_specials_sorted) {
    static mspecial sp[5];
    uint8_t *obj = mallocgc(NULL, 64, &t_triple, true);
    void *base; mspan *s; uintptr_t idx;
    ck_assert(heap_find_object(obj, &base, &s, &idx));
    uint32_t offs[5] = {640, 64, 320, 0, 128};
    for (int i = 0; i < 5; i++) {
        sp[i] = (mspecial){ NULL, offs[i], SPECIAL_FINALIZER };
        ck_assert(span_add_special(s, &sp[i]));
    }
    mspecial dup = { NULL, 320, SPECIAL_FINALIZER };
    ck_assert(!span_add_special(s, &dup));          /* "finalizer already set" */
    uint32_t want[5] = {0, 64, 128, 320, 640}, n = 0;
    for (mspecial *p = s->specials; p; p = p->next) ck_assert_uint_eq(p->offset, want[n++]);
    ck_assert_uint_eq(n, 5);
    ck_assert_uint_eq(heap.nspecials, 5);
    ck_assert_ptr_eq(span_remove_special(s, 320, SPECIAL_FINALIZER), &sp[2]);
    ck_assert_ptr_null(span_remove_special(s, 320, SPECIAL_FINALIZER));
    ck_assert_ptr_null(span_remove_special(s, 100, SPECIAL_FINALIZER));
    ck_assert_uint_eq(heap.nspecials, 4);
    s->specials->offset = 700;                      /* break the order: the verifier notices */
    ck_assert(!heap_verify());
}
END_TEST

/* Random allocation, marking and sweeping; the heap's figures always equal a model. */
START_TEST(test_random_cycles_identities) {
    enum { N = 4000 };
    static void *live[N];
    static size_t livesz[N];
    srand(12345);
    size_t nlive = 0;
    GoMemStats m;
    mstats_read(&m);
    uint64_t base_alloc = m.HeapAlloc, base_objs = m.HeapObjects;
    for (int round = 0; round < 8; round++) {
        while (nlive < N) {
            int k = rand() % 100;
            size_t size = k < 70 ? 16 + (size_t)(rand() % 500) : k < 97 ? 512 + (size_t)(rand() % 8000)
                                                                   : 32769 + (size_t)(rand() % 100000);
            const TypeDesc *t = rand() % 2 ? &t_ptr : NULL;
            live[nlive] = t ? mallocgc(NULL, size, t, true) : mallocgc_noscan(NULL, size, true);
            livesz[nlive++] = malloc_alloc_size(size);
        }
        size_t kept = 0;                            /* keep a random third */
        for (size_t i = 0; i < nlive; i++)
            if (rand() % 3 == 0) { live[kept] = live[i]; livesz[kept++] = livesz[i]; }
        nlive = kept;
        cycle_keeping(live, nlive);
        ck_assert(heap_verify());
        mstats_read(&m);
        assert_identities(&m);
        uint64_t bytes = 0;
        for (size_t i = 0; i < nlive; i++) bytes += livesz[i];
        ck_assert_uint_eq(m.HeapAlloc - base_alloc, bytes);
        ck_assert_uint_eq(m.HeapObjects - base_objs, nlive);
        if (round == 4) heap_scavenge_all();
    }
}
END_TEST

/* Scavenging returns idle pages and accounts HeapReleased; reuse reacquires them. */
START_TEST(test_scavenge_accounting) {
    enum { N = 10 };
    void *big[N];
    for (int i = 0; i < N; i++) {
        big[i] = mallocgc_noscan(NULL, 1 << 20, true);
        memset(big[i], 0x5A, 1 << 20);
    }
    cycle_keeping(NULL, 0);                         /* all dead */
    GoMemStats m0, m1;
    mstats_read(&m0);
    uint64_t got = heap_scavenge_all();
    mstats_read(&m1);
    ck_assert_uint_ge(m1.HeapReleased, (uint64_t)N << 20);   /* after-sweep goal + this */
    ck_assert_uint_eq(m1.HeapReleased - m0.HeapReleased, got);
    ck_assert_uint_eq(m1.HeapReleased, m1.HeapIdle);                /* every idle page */
    ck_assert_uint_eq(m1.HeapSys, m0.HeapSys);                      /* still reserved */
    ck_assert(heap_verify());
    assert_identities(&m1);
    uint8_t *p = mallocgc_noscan(NULL, 1 << 20, false);            /* reacquired: zero pages */
    for (size_t i = 0; i < (1 << 20); i += 4096) ck_assert_int_eq(p[i], 0);
    GoMemStats m2;
    mstats_read(&m2);
    ck_assert_uint_eq(m1.HeapReleased - m2.HeapReleased, 1 << 20);
    ck_assert(heap_verify());
    assert_identities(&m2);
}
END_TEST

Suite *mheap_suite(void) {
    Suite *s = suite_create("mheap");
    TCase *tc = tcase_create("heap");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_alloc_sizes);
    tcase_add_test(tc, test_span_alloc_free_coalesce);
    tcase_add_test(tc, test_large_objects);
    tcase_add_test(tc, test_tiny_packing);
    tcase_add_test(tc, test_pointer_bitmap);
    tcase_add_test(tc, test_sweep_frees);
    tcase_add_test(tc, test_clobberfree);
    tcase_add_test(tc, test_specials_sorted);
    tcase_add_test(tc, test_random_cycles_identities);
    tcase_add_test(tc, test_scavenge_accounting);
    suite_add_tcase(s, tc);
    return s;
}
