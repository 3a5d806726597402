/* runtime/map.c — Go's map[K]V: a Swiss table (Go 1.24's layout) in the collected heap.
 *
 * ---- The idea ----
 * A hash table answers "where is key k?" by computing h = hash(k) and looking only where h says.
 * A Swiss table (Abseil's design; Go's maps since Go 1.24) cuts the slots into GROUPS of 8 and
 * gives each group one 8-byte CONTROL WORD, one byte per slot:
 *
 *     0x00  empty              the probe for a key may stop at a group holding one
 *     0x01  deleted            a "tombstone": the slot is free, but probes must go on past it
 *     0x80 | h2  full          h2 = the low 7 bits of the key's hash
 *
 * The rest of the hash, h1 = h >> 7, picks the first group (h1 & mask). A lookup compares all 8
 * control bytes with h2 AT ONCE with a few 64-bit operations (SWAR: SIMD within a register, the
 * ctrl_* functions below), and compares keys only in the slots whose byte matched: with 7 bits of
 * h2, a miss touches a key about once in 128 slots. If the group has an empty byte the key
 * cannot be further on (it would have been placed here), so the lookup stops; otherwise it
 * moves to the next group by quadratic probing (1, 2, 3... groups further), which visits every
 * group of a power-of-two table.
 *
 * ---- The layout, next to Go 1.19's (docs/maps.md draws both) ----
 *     GolMap (the header, 56 bytes)        groups: one heap object, an array of
 *       count, groups*, mask,              [ ctrl word | slot0 {key, elem} | ... | slot7 ]
 *       growth_left, seed, type, flags
 * Go 1.19's hmap points at 2^B buckets of 8 {tophash[8], keys[8], elems[8], overflow*} and grows
 * by evacuating old buckets into a twice-as-big array a few at a time (incremental evacuation).
 * The Swiss table keeps no overflow chains (a full group just sends the probe to the next one)
 * and rehashes at once into a new array when it grows: simpler, denser (load factor 7/8 instead
 * of 6.5/8) and faster to probe, at the cost of one O(n) step per doubling.
 *
 * ---- Invariants ----
 *   - a table always keeps at least 1/8 of its slots empty (growth_left counts the inserts into
 *     empty slots left before that limit); a probe therefore always ends;
 *   - a deleted slot becomes empty when its group has an empty slot (no probe can have passed
 *     it), else a tombstone; tombstones are reused by inserts and dropped by the next rehash;
 *   - a table array is never written after it was replaced: a range loop that started on it
 *     (MapIter.groups keeps it alive) can still walk it, and looks each key up in the current
 *     table to see its present value, or that it was deleted (Go 1.24's iterator does the same);
 *   - keys and values are stored in memory form; pointer words go through the write barrier
 *     (typedmemmove, typedmemclr), and each map type has a group descriptor whose pointer mask
 *     repeats the key's and value's for every slot, so the collector scans groups precisely.
 *
 * ---- Hashing ----
 * Every map gets its own random seed (map_fastrand) so nobody can precompute keys that collide
 * (hash flooding), and the order of a range loop starts at a random slot, as Go's. The mix is a
 * 64x64->128-bit multiply folded by xor (the wyhash/mum idea): one multiply spreads every input
 * bit over the whole result. Floats hash their bits, with +0 and -0 the same key and NaN a fresh
 * random hash each time (NaN != NaN: each insert is a new entry no lookup finds). Interfaces
 * hash their dynamic value; an uncomparable one panics "hash of unhashable type []int".
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include "runtime/map.h"
#include "runtime/mbarrier.h"
#include "runtime/mgc.h"
#include "runtime/iface.h"

/* ---- random numbers (Go's fastrand: wyrand) ---- */
static uint64_t map_rand_state;

static uint64_t map_mix(uint64_t a, uint64_t b) {
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

#define MAP_K1 0x9E3779B97F4A7C15ull     /* 2^64 / golden ratio */
#define MAP_K2 0xC2B2AE3D27D4EB4Full     /* large odd constants with mixed bits */
#define MAP_K3 0x165667B19E3779F9ull
#define MAP_K4 0xD6E8FEB86659FD93ull

uint64_t map_fastrand(void) {
    if (map_rand_state == 0) {
        uint64_t s = 0;
        if (getrandom(&s, sizeof s, 0) != (ssize_t)sizeof s) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            s = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
        }
        map_rand_state = s | 1;
    }
    map_rand_state += MAP_K1;
    return map_mix(map_rand_state, map_rand_state ^ MAP_K2);
}

/* ---- hash functions ---- */
uint64_t map_hash_u64(uint64_t x, uint64_t seed) {
    uint64_t h = map_mix(x ^ seed ^ MAP_K1, MAP_K2);
    return h ^ (h >> 31);
}

static uint64_t map_load64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static uint64_t map_load32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

static inline __attribute__((always_inline)) uint64_t map_hash_mem(const void *data, size_t n, uint64_t seed) {
    const uint8_t *p = data;
    uint64_t h = seed ^ MAP_K3 ^ (uint64_t)n;
    while (n > 16) {                      /* 16 bytes a round, chained through h */
        h = map_mix(map_load64(p) ^ MAP_K1 ^ h, map_load64(p + 8) ^ MAP_K2);
        p += 16;
        n -= 16;
    }
    uint64_t a = 0, b = 0;
    if (n > 8) { a = map_load64(p); b = map_load64(p + n - 8); }     /* overlapping reads */
    else if (n >= 4) { a = map_load32(p); b = map_load32(p + n - 4); }
    else if (n > 0) a = (uint64_t)p[0] << 16 | (uint64_t)p[n >> 1] << 8 | p[n - 1];
    h = map_mix(a ^ MAP_K1 ^ h, b ^ MAP_K4);
    return h ^ (h >> 29);
}

uint64_t map_hash_bytes(const void *data, size_t n, uint64_t seed) { return map_hash_mem(data, n, seed); }

/* Key kinds: how a map type hashes and compares its keys. */
enum { MAPKEY_MEM8, MAPKEY_MEM, MAPKEY_STR, MAPKEY_GENERIC };

const TypeDesc *map_iface_dyntype(const TypeDesc *ifacetype, const void *key) {
    return iface_dynamic_type(*(const void *const *)key, iface_type_is_empty(ifacetype));
}

static noreturn void map_panic_unhashable(GolG *g, const TypeDesc *t) {
    char msg[512];
    snprintf(msg, sizeof msg, "hash of unhashable type %s", t->name ? t->name : "?");
    rt_panic_msg(g, msg);
}

static uint64_t map_hash_float(double f, uint64_t seed) {
    if (f == 0) return map_hash_u64(0, seed);             /* +0 and -0: one key */
    if (f != f) return map_hash_u64(map_fastrand(), seed);  /* NaN: never found again */
    uint64_t bits;
    memcpy(&bits, &f, 8);
    return map_hash_u64(bits, seed);
}

/* Go's typehash: the hash of a value of type t in memory form. */
static uint64_t map_hash_value(GolG *g, const TypeDesc *t, const void *p, uint64_t seed) {
    rt_cstack_check(g);
    if (t->flags & TDF_REGULAR_MEM) return map_hash_bytes(p, (size_t)t->size, seed);
    switch (t->kind) {
    case K_FLOAT32: return map_hash_float(*(const float *)p, seed);
    case K_FLOAT64: return map_hash_float(*(const double *)p, seed);
    case K_STRING: {
        const GolString *s = p;
        return map_hash_bytes(s->ptr, (size_t)s->len, seed);
    }
    case K_INTERFACE: {
        const TypeDesc *dt = map_iface_dyntype(t, p);
        if (dt == NULL) return map_hash_u64(0, seed ^ MAP_K4);
        if (!(dt->flags & TDF_COMPARABLE)) map_panic_unhashable(g, dt);
        const void *data = (dt->flags & TDF_DIRECTIFACE) ? (const uint8_t *)p + 8 : ((void *const *)p)[1];
        return map_hash_value(g, dt, data, seed ^ MAP_K4);
    }
    case K_ARRAY: {
        uint64_t h = seed;
        for (int64_t i = 0; i < t->len; i++) h = map_hash_value(g, t->elem, (const uint8_t *)p + i * t->elem->size, h);
        return h;
    }
    case K_STRUCT: {
        uint64_t h = seed;
        for (uint32_t i = 0; i < t->nfields; i++) {
            const TypeField *f = &t->fields[i];
            if (f->name && strcmp(f->name, "_") == 0) continue;
            h = map_hash_value(g, f->type, (const uint8_t *)p + f->offset, h);
        }
        return h;
    }
    default:
        if (!(t->flags & TDF_COMPARABLE)) map_panic_unhashable(g, t);
        return map_hash_bytes(p, (size_t)t->size, seed);
    }
}

static inline __attribute__((always_inline)) uint64_t map_hash_key(GolG *g, const MapType *mt, const void *k, uint64_t seed) {
    switch (mt->keykind) {
    case MAPKEY_MEM8: return map_hash_u64(map_load64(k), seed);
    case MAPKEY_MEM: {
        uint64_t v = 0;
        memcpy(&v, k, (size_t)mt->key->size);
        return map_hash_u64(v, seed);
    }
    case MAPKEY_STR: {
        const GolString *s = k;
        return map_hash_mem(s->ptr, (size_t)s->len, seed);     /* inline: the hot string path */
    }
    default: return map_hash_value(g, mt->key, k, seed);
    }
}

static inline __attribute__((always_inline)) bool map_key_equal(GolG *g, const MapType *mt, const void *a, const void *b) {
    switch (mt->keykind) {
    case MAPKEY_MEM8: return map_load64(a) == map_load64(b);
    case MAPKEY_MEM: return memcmp(a, b, (size_t)mt->key->size) == 0;
    case MAPKEY_STR: {
        const GolString *x = a, *y = b;
        return x->len == y->len && (x->ptr == y->ptr || memcmp(x->ptr, y->ptr, (size_t)x->len) == 0);
    }
    default: return rt_value_equal(g, mt->key, a, b);
    }
}

/* ---- map types: the group descriptor, built once per map type ---- */
static struct { const TypeDesc *t; MapType *mt; } *map_types;
static size_t map_ntypes, map_captypes;

static int64_t map_align_up(int64_t x, int64_t a) { return a > 1 ? (x + a - 1) / a * a : x; }

static void map_mask_copy(uint8_t *dst, int64_t at, const TypeDesc *t) {
    for (int64_t w = 0; w < t->ptrdata / 8; w++)
        if (t->ptrmask[w / 8] >> (w % 8) & 1) {
            int64_t bit = at / 8 + w;
            dst[bit / 8] |= (uint8_t)(1u << (bit % 8));
        }
}

/* Go's needkeyupdate: can two == keys of type t have different bits? m[-0.0] = v after
 * m[+0.0] leaves the key -0 in Go's map (and `fmt` prints it), so a store rewrites the key. */
static bool map_key_needs_update(const TypeDesc *t) {
    switch (t->kind) {
    case K_FLOAT32: case K_FLOAT64: case K_COMPLEX64: case K_COMPLEX128: case K_INTERFACE:
        return true;
    case K_ARRAY:
        return map_key_needs_update(t->elem);
    case K_STRUCT:
        for (uint32_t i = 0; i < t->nfields; i++)
            if (map_key_needs_update(t->fields[i].type)) return true;
        return false;
    default:
        return false;
    }
}

static MapType *map_type_build(const TypeDesc *t) {
    MapType *mt = calloc(1, sizeof *mt);
    if (!mt) { fputs("fatal error: out of memory\n", stderr); exit(2); }
    const TypeDesc *k = t->key, *v = t->elem;
    mt->type = t; mt->key = k; mt->elem = v;
    int64_t align = k->align > v->align ? k->align : v->align;
    if (align < 1) align = 1;
    mt->elem_off = (uint32_t)map_align_up(k->size, v->align);
    mt->slot_size = (uint32_t)map_align_up(mt->elem_off + v->size, align);
    int64_t gsize = 8 + MAP_GROUP_SLOTS * (int64_t)mt->slot_size;
    gsize = map_align_up(gsize, 8);
    mt->group_mask = calloc((size_t)(gsize / 64 + 1), 1);
    int64_t ptrdata = 0;
    for (int s = 0; s < MAP_GROUP_SLOTS; s++) {
        int64_t at = 8 + s * (int64_t)mt->slot_size;
        if (k->ptrdata) { map_mask_copy(mt->group_mask, at, k); ptrdata = at + k->ptrdata; }
        if (v->ptrdata) { map_mask_copy(mt->group_mask, at + mt->elem_off, v); ptrdata = at + mt->elem_off + v->ptrdata; }
    }
    mt->group_size = (uint64_t)gsize;
    mt->key_f32 = k->kind == K_FLOAT32;
    mt->key_update = map_key_needs_update(k);
    mt->group = (TypeDesc){ .kind = K_STRUCT, .size = gsize, .align = 8, .ptrdata = ptrdata,
                            .ptrmask = mt->group_mask, .name = "map.group" };
    if (k->kind == K_STRING) mt->keykind = MAPKEY_STR;
    else if ((k->flags & TDF_REGULAR_MEM) && k->size == 8) mt->keykind = MAPKEY_MEM8;
    else if ((k->flags & TDF_REGULAR_MEM) && k->size > 0 && k->size < 8) mt->keykind = MAPKEY_MEM;
    else mt->keykind = MAPKEY_GENERIC;
    return mt;
}

const MapType *map_type_of(const TypeDesc *t) {
    for (size_t i = 0; i < map_ntypes; i++)
        if (map_types[i].t == t) return map_types[i].mt;
    if (map_ntypes == map_captypes) {
        map_captypes = map_captypes ? 2 * map_captypes : 16;
        map_types = realloc(map_types, map_captypes * sizeof *map_types);
        if (!map_types) { fputs("fatal error: out of memory\n", stderr); exit(2); }
    }
    MapType *mt = map_type_build(t);
    map_types[map_ntypes].t = t;
    map_types[map_ntypes++].mt = mt;
    return mt;
}

/* The header's descriptor: one pointer word, groups. */
static const TypeDesc map_hdr_type = {
    .kind = K_STRUCT, .size = sizeof(GolMap), .align = 8, .ptrdata = 16,
    .ptrmask = (const uint8_t *)"\2", .name = "runtime.hmap",
};
static const TypeDesc map_iter_type = {
    .kind = K_STRUCT, .size = sizeof(MapIter), .align = 8, .ptrdata = 32,
    .ptrmask = (const uint8_t *)"\17", .name = "runtime.hiter",
};

/* ---- control words (SWAR) ---- */
#define CTRL_EMPTY   0x00
#define CTRL_DELETED 0x01
#define LSB 0x0101010101010101ull
#define MSB 0x8080808080808080ull

/* Bytes equal to b: bit 7 of each. May flag a byte just above a matching one (borrow), never
 * miss one; callers compare the keys anyway. */
static inline uint64_t ctrl_match(uint64_t ctrl, uint8_t b) {
    uint64_t x = ctrl ^ (LSB * b);
    return (x - LSB) & ~x & MSB;
}
/* Empty bytes: whether there is one is exact, and so is the lowest flagged. */
static inline uint64_t ctrl_match_empty(uint64_t ctrl) { return (ctrl - LSB) & ~ctrl & MSB; }
/* Empty or deleted (bit 7 clear): exact. */
static inline uint64_t ctrl_match_free(uint64_t ctrl) { return ~ctrl & MSB; }
static inline int ctrl_first(uint64_t bits) { return __builtin_ctzll(bits) >> 3; }

static inline uint8_t *map_group(const GolMap *m, uint64_t gi) {
    return m->groups + gi * m->type->group_size;
}
static inline uint8_t *map_slot(const MapType *mt, uint8_t *grp, int s) {
    return grp + 8 + (size_t)s * mt->slot_size;
}
static inline uint8_t map_h2(uint64_t h) { return (uint8_t)(0x80 | (h & 0x7F)); }

/* ---- keys from the frame ---- */
/* The key in memory form: a float32 register holds a float64 (vm/opcodes.h). Other keys are
 * their memory form already (narrow integers are little-endian prefixes of their slot). */
typedef struct KeyBuf { uint8_t small[8]; } KeyBuf;

static const void *map_key_mem(const MapType *mt, const void *reg, KeyBuf *kb) {
    if (!mt->key_f32) return reg;
    double d;
    memcpy(&d, reg, 8);
    float f = (float)d;
    memcpy(kb->small, &f, 4);
    return kb->small;
}

/* ---- making ---- */
static uint64_t map_groups_for(int64_t n) {       /* groups so that n entries fit at 7/8 */
    uint64_t g = 1;
    while ((int64_t)(g * 7) < n) g <<= 1;
    return g;
}

static void map_alloc_groups(GolG *g, GolMap *m, uint64_t ngroups) {
    const MapType *mt = m->type;
    size_t mark = gc_root_save();
    gc_root_push((void **)&m);
    uint8_t *grp = mallocgc(g, (size_t)(ngroups * (uint64_t)mt->group.size), &mt->group, true);
    gc_root_restore(mark);
    wb_store_ptr((void **)&m->groups, grp);
    m->mask = ngroups - 1;
    m->growth_left = (int64_t)(ngroups * 7);
    m->tombstones = 0;
}

GolMap *map_make(GolG *g, const TypeDesc *t, int64_t hint) {
    if (hint < 0) hint = 0;            /* as Go's makemap: a hint that cannot be met is ignored */
    const MapType *mt = map_type_of(t);
    GolMap *m = mallocgc(g, sizeof(GolMap), &map_hdr_type, true);
    m->type = mt;
    m->seed = map_fastrand();
    if (hint > MAP_GROUP_SLOTS - 1) map_alloc_groups(g, m, map_groups_for(hint));
    return m;
}

/* ---- lookup ---- */
static inline __attribute__((always_inline)) void *map_find(GolG *g, const GolMap *m, const void *key) {
    const MapType *mt = m->type;
    uint64_t h = map_hash_key(g, mt, key, m->seed);
    uint8_t h2 = map_h2(h);
    uint64_t gi = (h >> 7) & m->mask;
    for (uint64_t step = 1;; step++) {
        uint8_t *grp = map_group(m, gi);
        uint64_t ctrl = map_load64(grp);
        for (uint64_t bits = ctrl_match(ctrl, h2); bits; bits &= bits - 1) {
            uint8_t *slot = map_slot(mt, grp, ctrl_first(bits));
            if (map_key_equal(g, mt, slot, key)) return slot;
        }
        if (ctrl_match_empty(ctrl)) return NULL;
        gi = (gi + step) & m->mask;
    }
}

static uint8_t *map_zero;             /* Go's zeroVal: the value of a missing key */
static size_t map_zero_size;

static void *map_zero_value(const TypeDesc *elem) {
    size_t need = elem->size > 1024 ? (size_t)elem->size : 1024;
    if (need > map_zero_size) {
        map_zero = calloc(need, 1);   /* C memory: never written, never scanned */
        if (!map_zero) { fputs("fatal error: out of memory\n", stderr); exit(2); }
        map_zero_size = need;
    }
    return map_zero;
}

void *map_access2(GolG *g, const TypeDesc *t, GolMap *m, const void *key, bool *ok) {
    *ok = false;
    if (m == NULL || m->count == 0) {
        /* Go hashes the key anyway, so an unhashable interface key panics on a nil map too */
        if (t->key->kind == K_INTERFACE) {
            KeyBuf kb;
            map_hash_value(g, t->key, map_key_mem(map_type_of(t), key, &kb), 0);
        }
        return map_zero_value(t->elem);
    }
    if (m->flags & MAP_WRITING) map_check_read(g, m, false);
    KeyBuf kb;
    void *slot = map_find(g, m, map_key_mem(m->type, key, &kb));
    if (!slot) return map_zero_value(t->elem);
    *ok = true;
    return (uint8_t *)slot + m->type->elem_off;
}

void *map_access(GolG *g, const TypeDesc *t, GolMap *m, const void *key) {
    bool ok;
    return map_access2(g, t, m, key, &ok);
}

/* ---- growing: rehash every entry into a new array (same size: only tombstones dropped) ---- */
static void map_insert_new(GolG *g, GolMap *m, uint64_t h, const uint8_t *from);

static void map_rehash(GolG *g, GolMap *m) {
    const MapType *mt = m->type;
    uint64_t ngroups = m->mask + 1;
    if (m->groups == NULL) ngroups = 1;
    else if (m->count >= (int64_t)(ngroups * 7) / 2) ngroups *= 2;   /* else: tombstones only */
    uint8_t *old = m->groups;
    uint64_t oldn = old ? m->mask + 1 : 0;
    size_t mark = gc_root_save();
    gc_root_push((void **)&old);          /* the new array is allocated before old is read */
    map_alloc_groups(g, m, ngroups);
    gc_root_restore(mark);
    for (uint64_t gi = 0; gi < oldn; gi++) {
        uint8_t *grp = old + gi * (uint64_t)mt->group.size;
        uint64_t ctrl = map_load64(grp);
        for (uint64_t bits = ctrl & MSB; bits; bits &= bits - 1) {      /* the full slots */
            uint8_t *slot = map_slot(mt, grp, ctrl_first(bits));
            map_insert_new(g, m, map_hash_key(g, mt, slot, m->seed), slot);
        }
    }
}

/* Claims the first free slot of hash h's probe path for a key known to be absent: sets its
 * control byte and returns the slot, for the caller to fill. */
static uint8_t *map_place(GolMap *m, uint64_t h) {
    const MapType *mt = m->type;
    uint64_t gi = (h >> 7) & m->mask;
    for (uint64_t step = 1;; step++) {
        uint8_t *grp = map_group(m, gi);
        uint64_t ctrl = map_load64(grp);
        uint64_t free = ctrl_match_free(ctrl);
        if (free) {
            int s = ctrl_first(free);
            if (grp[s] == CTRL_DELETED) m->tombstones--;
            else m->growth_left--;
            grp[s] = map_h2(h);
            return map_slot(mt, grp, s);
        }
        gi = (gi + step) & m->mask;
    }
}

/* Rehash: copies a whole old slot (key and value) into the new array. */
static void map_insert_new(GolG *g, GolMap *m, uint64_t h, const uint8_t *from) {
    const MapType *mt = m->type;
    uint8_t *slot = map_place(m, h);
    if (mt->group.ptrdata) {               /* through the barrier: the key, then the value */
        typedmemmove(mt->key, slot, from);
        typedmemmove(mt->elem, slot + mt->elem_off, from + mt->elem_off);
    } else {
        memcpy(slot, from, mt->slot_size);
    }
}

/* ---- assignment ---- */
#define VM_NOINLINE_MAP __attribute__((noinline))
static void *map_assign_new(GolG *g, GolMap *m, const void *key, uint64_t h);

static inline void map_store_key(const MapType *mt, uint8_t *slot, const void *key) {
    if (mt->key->ptrdata) typedmemmove(mt->key, slot, key);     /* through the barrier */
    else if (mt->keykind == MAPKEY_MEM8) memcpy(slot, key, 8);
    else memcpy(slot, key, (size_t)mt->key->size);
}

/* m[key] for a store, key in memory form: the entry's value slot, inserted when absent. */
static inline __attribute__((always_inline)) void *map_assign_key(GolG *g, GolMap *m, const void *key) {
    const MapType *mt = m->type;
    uint64_t h = map_hash_key(g, mt, key, m->seed);   /* may panic: before the flag is set */
    map_write_begin(g, m);
    if (m->groups) {
        uint8_t h2 = map_h2(h);
        uint64_t gi = (h >> 7) & m->mask;
        for (uint64_t step = 1;; step++) {
            uint8_t *grp = map_group(m, gi);
            uint64_t ctrl = map_load64(grp);
            for (uint64_t bits = ctrl_match(ctrl, h2); bits; bits &= bits - 1) {
                uint8_t *slot = map_slot(mt, grp, ctrl_first(bits));
                if (map_key_equal(g, mt, slot, key)) {
                    if (mt->key_update) map_store_key(mt, slot, key);
                    map_write_end(g, m, true);
                    return slot + mt->elem_off;
                }
            }
            if (ctrl_match_empty(ctrl)) break;
            gi = (gi + step) & m->mask;
        }
    }
    return map_assign_new(g, m, key, h);
}


static noreturn void map_panic_nil_assign(GolG *g) {
    rt_panic_plain(g, "assignment to entry in nil map");
}

/* The insert itself, out of line (the fast path below keeps few registers): k is absent. */
static VM_NOINLINE_MAP void *map_assign_new(GolG *g, GolMap *m, const void *key, uint64_t h) {
    const MapType *mt = m->type;
    uint8_t *slot;
    /* the new key goes to the first free slot of its probe path; first the table is made (or
     * rehashed) when it has no room left: a tombstone on the path could be reused, but one rule
     * is simpler to trust: the rehash drops tombstones and keeps 1/8 of the slots empty */
    if (m->groups == NULL || m->growth_left <= 0) {
        /* allocating may collect: the key is copied out of the frame first (its pointers stay
         * alive through the frame slot, which is live at this safepoint) */
        uint8_t keycopy[256];
        void *heapkey = NULL;
        size_t ks = (size_t)mt->key->size;
        if (ks <= sizeof keycopy) { memcpy(keycopy, key, ks); key = keycopy; }
        else { heapkey = malloc(ks); memcpy(heapkey, key, ks); key = heapkey; }
        map_rehash(g, m);
        slot = map_place(m, h);
        map_store_key(mt, slot, key);
        free(heapkey);
    } else {
        slot = map_place(m, h);
        map_store_key(mt, slot, key);
    }
    m->count++;
    map_write_end(g, m, true);
    return slot + mt->elem_off;
}

static VM_NOINLINE_MAP void *map_assign_float32(GolG *g, GolMap *m, const void *keyreg) {
    KeyBuf kb;
    const void *key = map_key_mem(m->type, keyreg, &kb);
    return map_assign_key(g, m, key);
}

void *map_assign(GolG *g, const TypeDesc *t, GolMap *m, const void *keyreg) {
    if (m == NULL) map_panic_nil_assign(g);
    if (m->type->key_f32) return map_assign_float32(g, m, keyreg);
    return map_assign_key(g, m, keyreg);
}

/* ---- delete ---- */
static void map_clear_slot(const MapType *mt, uint8_t *slot) {
    if (mt->group.ptrdata) {
        typedmemclr(mt->key, slot);
        typedmemclr(mt->elem, slot + mt->elem_off);
    } else {
        memset(slot, 0, mt->slot_size);
    }
}

void map_delete(GolG *g, const TypeDesc *t, GolMap *m, const void *keyreg) {
    if (m == NULL || m->count == 0) {
        if (t->key->kind == K_INTERFACE) {      /* Go hashes it: unhashable keys panic */
            KeyBuf kb;
            map_hash_value(g, t->key, map_key_mem(map_type_of(t), keyreg, &kb), 0);
        }
        return;
    }
    const MapType *mt = m->type;
    KeyBuf kb;
    const void *key = map_key_mem(mt, keyreg, &kb);
    uint8_t *slot = map_find(g, m, key);         /* may panic: before the flag is set */
    map_write_begin(g, m);
    if (slot) {
        uint64_t off = (uint64_t)(slot - m->groups);
        uint8_t *grp = m->groups + off / (uint64_t)mt->group.size * (uint64_t)mt->group.size;
        int s = (int)((slot - grp - 8) / mt->slot_size);
        map_clear_slot(mt, slot);
        if (ctrl_match_empty(map_load64(grp))) { grp[s] = CTRL_EMPTY; m->growth_left++; }
        else { grp[s] = CTRL_DELETED; m->tombstones++; }
        m->count--;
    }
    map_write_end(g, m, false);
}

/* ---- iteration ---- */
void map_iter_init(MapIter *it, GolMap *m, bool randomise) {
    memset(it, 0, sizeof *it);
    it->m = m;
    if (m == NULL || m->groups == NULL) return;
    it->groups = m->groups;
    it->mask = m->mask;
    if (randomise) {
        uint64_t r = map_fastrand();
        it->start_group = r & m->mask;
        it->start_slot = (r >> 32) & (MAP_GROUP_SLOTS - 1);
    }
}

MapIter *map_iter_new(GolG *g, GolMap *m) {
    size_t mark = gc_root_save();
    gc_root_push((void **)&m);
    MapIter *it = mallocgc(g, sizeof(MapIter), &map_iter_type, true);
    gc_root_restore(mark);
    MapIter tmp;
    map_iter_init(&tmp, m, true);
    wb_store_ptr((void **)&it->m, tmp.m);
    wb_store_ptr((void **)&it->groups, tmp.groups);
    it->mask = tmp.mask;
    it->start_group = tmp.start_group;
    it->start_slot = tmp.start_slot;
    return it;
}

bool map_iter_next(GolG *g, MapIter *it) {
    GolMap *m = it->m;
    if (it->groups == NULL) return false;
    if (m->flags & MAP_WRITING) map_check_read(g, m, true);
    const MapType *mt = m->type;
    uint64_t total = (it->mask + 1) * MAP_GROUP_SLOTS;
    while (it->i < total) {
        uint64_t i = it->i++;
        uint64_t gi = (it->start_group + i / MAP_GROUP_SLOTS) & it->mask;
        int s = (int)((it->start_slot + i) & (MAP_GROUP_SLOTS - 1));
        uint8_t *grp = it->groups + gi * (uint64_t)mt->group.size;
        if (!(grp[s] & 0x80)) continue;
        uint8_t *slot = map_slot(mt, grp, s);
        if (it->groups != m->groups) {
            /* the map grew since the loop started: this old entry counts only if its key is
             * still there, with its current value (a NaN key cannot be looked up: its value
             * is the old one, as Go's) */
            if (map_key_equal(g, mt, slot, slot)) {
                uint8_t *now = m->count ? map_find(g, m, slot) : NULL;
                if (now == NULL) continue;
                slot = now;
            }
        }
        wb_store_ptr(&it->key, slot);
        wb_store_ptr(&it->elem, slot + mt->elem_off);
        return true;
    }
    wb_store_ptr(&it->key, NULL);
    wb_store_ptr(&it->elem, NULL);
    return false;
}
