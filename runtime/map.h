/* runtime/map.h — Go's map[K]V as a Swiss table in the GC heap (runtime/map.c teaches it).
 *
 * A map value is a pointer to a GolMap (nil: the nil map). Keys arrive in register form (the
 * frame slot the interpreter holds: runtime/type.h, vm/opcodes.h) and are stored in memory form;
 * values are reached through the pointer the access functions return, so the interpreter loads
 * and stores them with its ordinary LD/ST instructions (through the write barrier for pointers),
 * exactly as Go's compiler does with mapaccess/mapassign.
 */
#ifndef GOL_RUNTIME_MAP_H
#define GOL_RUNTIME_MAP_H

#include "runtime/runtime.h"

#define MAP_GROUP_SLOTS 8

/* What the runtime knows about one map type, built on its first use from its descriptor. */
typedef struct MapType {
    const TypeDesc *type, *key, *elem;
    TypeDesc group;             /* one group: the control word, then 8 slots of {key, elem} */
    uint8_t *group_mask;        /* group.ptrmask */
    uint64_t group_size;        /* group.size */
    uint32_t slot_size, elem_off;
    uint8_t keykind;            /* MAPKEY_* (map.c): which hash and equality */
    bool key_f32;               /* float32 keys: a register holds a float64 (map_key_mem) */
    bool key_update;            /* equal keys may differ in memory (+0 and -0, in a float, an
                                 * interface, a struct or an array): a store overwrites the stored
                                 * key with the new one, as Go's needkeyupdate */
} MapType;

/* hmap: the header. count is the first word, so len(m) is one load (as Go's hmap.count). */
typedef struct GolMap {
    int64_t count;              /* live entries */
    uint8_t *groups;            /* mask+1 groups of type->group (heap; the one pointer word) */
    uint64_t mask;              /* number of groups - 1 (a power of two minus one) */
    int64_t growth_left;        /* inserts into empty slots before the table must grow */
    uint64_t seed;              /* per-map hash seed (no hash flooding) */
    const MapType *type;        /* C memory, not a heap pointer */
    uint32_t flags;             /* MAP_WRITING: set while an assignment or delete runs */
    uint32_t tombstones;        /* deleted slots in the table */
} GolMap;

enum { MAP_WRITING = 1 };       /* a write is under way: another goroutine entering the map
                                   dies with "concurrent map writes" (runtime/preempt.c) */

/* The iterator of a range loop (Go's hiter), a heap object: key and elem point at the current
 * entry after each successful map_iter_next (the interpreter loads them with LD_64 at the
 * offsets below). */
typedef struct MapIter {
    void *key;                  /* word 0: the current key (memory form) */
    void *elem;                 /* word 1: the current value */
    GolMap *m;                  /* word 2: the map */
    uint8_t *groups;            /* word 3: the table this iteration started on */
    uint64_t mask;
    uint64_t start_group, start_slot;
    uint64_t i;                 /* slots visited */
} MapIter;
#define MAPITER_KEY_OFF  0
#define MAPITER_ELEM_OFF 8

const MapType *map_type_of(const TypeDesc *mt);
GolMap *map_make(GolG *g, const TypeDesc *mt, int64_t hint);
void   *map_access(GolG *g, const TypeDesc *mt, GolMap *m, const void *key);            /* never NULL */
void   *map_access2(GolG *g, const TypeDesc *mt, GolMap *m, const void *key, bool *ok);
void   *map_assign(GolG *g, const TypeDesc *mt, GolMap *m, const void *key);            /* nil m panics */
void    map_delete(GolG *g, const TypeDesc *mt, GolMap *m, const void *key);
MapIter *map_iter_new(GolG *g, GolMap *m);
bool    map_iter_next(GolG *g, MapIter *it);
/* The same walk over a C iterator (fmt: no allocation; the map must not change meanwhile). */
void    map_iter_init(MapIter *it, GolMap *m, bool randomise);

/* The dynamic type of the interface key at key (of static type ifacetype): its first word is
 * the type itself for an empty interface, an itab for one with methods (runtime/iface.h). */
const TypeDesc *map_iface_dyntype(const TypeDesc *ifacetype, const void *key);

/* Hashing, exposed for the unit tests. */
uint64_t map_hash_u64(uint64_t x, uint64_t seed);
uint64_t map_hash_bytes(const void *p, size_t n, uint64_t seed);
uint64_t map_fastrand(void);

#endif
