/* runtime/atomic.c — package sync/atomic: operations no other goroutine can see half done.
 *
 * On a multiprocessor an atomic operation is one instruction the hardware makes indivisible
 * (LOCK XADD, LOCK CMPXCHG) plus the memory ordering that comes with it: Go's sync/atomic
 * functions are such instructions in assembly. gol runs every goroutine on one thread, so an
 * ordinary load, add or store is never observed half done by another *thread*; what can cut an
 * operation in two is gol's own scheduler, which switches goroutines between bytecode
 * instructions (at safepoints, or anywhere under GOLDEBUG=preempt=random: docs/scheduler.md).
 * A native is one instruction (CALLNAT) for the scheduler, so each function here, being a
 * native, is atomic with respect to every other goroutine: `AddInt64(&n, 1)` cannot lose an
 * update where `n++` (load, add, store: three instructions) can.
 *
 * Frame layout (runtime/symtab.h): results first, then params, each in an 8-byte slot; a
 * narrow integer is held in its slot in register form (int32 sign-extended, uint32
 * zero-extended) while memory behind a pointer has its Go width. So every function reads its
 * operands from slots, works on the memory at addr with the type's width, and writes its
 * result back in register form:
 *
 *     AddT(addr *T, delta T) (new T)              new @0, addr @8, delta @16
 *     LoadT(addr *T) (val T)                      val @0, addr @8
 *     StoreT(addr *T, val T)                      addr @0, val @8
 *     SwapT(addr *T, new T) (old T)               old @0, addr @8, new @16
 *     CompareAndSwapT(addr *T, old, new T) (swapped bool)   swapped @0, addr @8, old @16, new @24
 *
 * for T in int32, uint32, int64, uint64, uintptr; Swap, Load, Store and CompareAndSwap also for
 * unsafe.Pointer, whose stores go through the write barrier point (runtime/mbarrier.h) like any
 * pointer store into memory. A nil addr panics as Go's does (a nil dereference).
 *
 * atomic.Value's four operations are natives too (valueLoad, valueStore...: Value's methods in
 * runtime/lib/sync_atomic.gol call them and raise Go's panics from the status they return):
 * each reads and writes both words of the interface in one step, so a Load never sees the type
 * of one Store with the data of another, which Go guarantees with a CAS on the type word.
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/iface.h"
#include "runtime/mbarrier.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

/* The integer types, by their width in memory and how a slot holds them. */
typedef enum AtomicKind { AK_INT32, AK_UINT32, AK_64 } AtomicKind;

static void *atomic_addr(GolG *g, uint8_t *frame) {
    void *p = ARG(frame, 8, void *);
    if (!p) rt_panic_nil(g);
    return p;
}

/* The value at p in register form. */
static uint64_t atomic_read(AtomicKind k, const void *p) {
    switch (k) {
    case AK_INT32:  { int32_t v; memcpy(&v, p, 4); return (uint64_t)(int64_t)v; }
    case AK_UINT32: { uint32_t v; memcpy(&v, p, 4); return v; }
    default:        { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

/* Stores v (register form) at p with the type's width; returns it as the slot holds it. */
static uint64_t atomic_write(AtomicKind k, void *p, uint64_t v) {
    if (k == AK_64) { memcpy(p, &v, 8); return v; }
    uint32_t w = (uint32_t)v;
    memcpy(p, &w, 4);
    return atomic_read(k, p);
}

static int atomic_add(GolG *g, uint8_t *frame, AtomicKind k) {
    void *p = atomic_addr(g, frame);
    ARG(frame, 0, uint64_t) = atomic_write(k, p, atomic_read(k, p) + ARG(frame, 16, uint64_t));
    return NAT_RETURN;
}

static int atomic_load(GolG *g, uint8_t *frame, AtomicKind k) {
    ARG(frame, 0, uint64_t) = atomic_read(k, atomic_addr(g, frame));
    return NAT_RETURN;
}

static int atomic_store(GolG *g, uint8_t *frame, AtomicKind k) {
    void *p = ARG(frame, 0, void *);
    if (!p) rt_panic_nil(g);
    atomic_write(k, p, ARG(frame, 8, uint64_t));
    return NAT_RETURN;
}

static int atomic_swap(GolG *g, uint8_t *frame, AtomicKind k) {
    void *p = atomic_addr(g, frame);
    uint64_t old = atomic_read(k, p);
    atomic_write(k, p, ARG(frame, 16, uint64_t));
    ARG(frame, 0, uint64_t) = old;
    return NAT_RETURN;
}

/* Compares in the type's width: the old operand's slot is in register form, like the read. */
static int atomic_cas(GolG *g, uint8_t *frame, AtomicKind k) {
    void *p = atomic_addr(g, frame);
    uint64_t cur = atomic_read(k, p), old = ARG(frame, 16, uint64_t);
    bool swapped = k == AK_64 ? cur == old : (uint32_t)cur == (uint32_t)old;
    if (swapped) atomic_write(k, p, ARG(frame, 24, uint64_t));
    ARG(frame, 0, uint64_t) = swapped;
    return NAT_RETURN;
}

/* One native per operation and type: NativeFn has no argument to say which type. */
#define ATOMIC_INT_NATIVES(T, K) \
    static int nat_add_##T(GolG *g, uint8_t *f)   { return atomic_add(g, f, K); }   \
    static int nat_load_##T(GolG *g, uint8_t *f)  { return atomic_load(g, f, K); }  \
    static int nat_store_##T(GolG *g, uint8_t *f) { return atomic_store(g, f, K); } \
    static int nat_swap_##T(GolG *g, uint8_t *f)  { return atomic_swap(g, f, K); }  \
    static int nat_cas_##T(GolG *g, uint8_t *f)   { return atomic_cas(g, f, K); }
ATOMIC_INT_NATIVES(int32, AK_INT32)
ATOMIC_INT_NATIVES(uint32, AK_UINT32)
ATOMIC_INT_NATIVES(64, AK_64)
#undef ATOMIC_INT_NATIVES

/* ---- unsafe.Pointer: stores through the write barrier point ---- */

static int nat_load_pointer(GolG *g, uint8_t *frame) {
    ARG(frame, 0, void *) = *(void **)atomic_addr(g, frame);
    return NAT_RETURN;
}

static int nat_store_pointer(GolG *g, uint8_t *frame) {
    void **p = ARG(frame, 0, void **);
    if (!p) rt_panic_nil(g);
    wb_store_ptr(p, ARG(frame, 8, void *));
    return NAT_RETURN;
}

static int nat_swap_pointer(GolG *g, uint8_t *frame) {
    void **p = atomic_addr(g, frame);
    void *old = *p;
    wb_store_ptr(p, ARG(frame, 16, void *));
    ARG(frame, 0, void *) = old;
    return NAT_RETURN;
}

static int nat_cas_pointer(GolG *g, uint8_t *frame) {
    void **p = atomic_addr(g, frame);
    bool swapped = *p == ARG(frame, 16, void *);
    if (swapped) wb_store_ptr(p, ARG(frame, 24, void *));
    ARG(frame, 0, uint64_t) = swapped;
    return NAT_RETURN;
}

/* ---- atomic.Value: {typ, data}, an `any`. Status codes for sync_atomic.gol's panics: ---- */
enum { VALUE_OK = 0, VALUE_NIL = 1, VALUE_INCONSISTENT = 2, VALUE_INCONSISTENT_OLD = 3 };

static GolIface *value_of(GolG *g, void *v) {
    if (!v) rt_panic_nil(g);
    return v;
}

static void value_put(GolIface *v, GolIface x) {
    wb_store_ptr((void **)&v->type, (void *)x.type);
    wb_store_ptr(&v->data, x.data);
}

/* The status of storing x into v: nil and a type other than the stored one are refused. */
static int value_check(const GolIface *v, GolIface x) {
    if (!x.type) return VALUE_NIL;
    if (v->type && v->type != x.type) return VALUE_INCONSISTENT;
    return VALUE_OK;
}

/* valueLoad(v *Value) any: result @0, v @16 */
static int nat_value_load(GolG *g, uint8_t *frame) {
    ARG(frame, 0, GolIface) = *value_of(g, ARG(frame, 16, void *));
    return NAT_RETURN;
}

/* valueStore(v *Value, x any) int: status @0, v @8, x @16 */
static int nat_value_store(GolG *g, uint8_t *frame) {
    GolIface *v = value_of(g, ARG(frame, 8, void *));
    GolIface x = ARG(frame, 16, GolIface);
    int st = value_check(v, x);
    if (st == VALUE_OK) value_put(v, x);
    ARG(frame, 0, int64_t) = st;
    return NAT_RETURN;
}

/* valueSwap(v *Value, x any) (old any, status int): old @0, status @16, v @24, x @32 */
static int nat_value_swap(GolG *g, uint8_t *frame) {
    GolIface *v = value_of(g, ARG(frame, 24, void *));
    GolIface x = ARG(frame, 32, GolIface);
    int st = value_check(v, x);
    ARG(frame, 0, GolIface) = (GolIface){ NULL, NULL };
    if (st == VALUE_OK) {
        ARG(frame, 0, GolIface) = *v;
        value_put(v, x);
    }
    ARG(frame, 16, int64_t) = st;
    return NAT_RETURN;
}

/* valueCompareAndSwap(v *Value, old, x any) (swapped bool, status int):
 * swapped @0, status @8, v @16, old @24, x @40. The current value is compared with old by
 * Go's == on interfaces, which panics on an uncomparable dynamic type. */
static int nat_value_cas(GolG *g, uint8_t *frame) {
    GolIface *v = value_of(g, ARG(frame, 16, void *));
    GolIface old = ARG(frame, 24, GolIface), x = ARG(frame, 40, GolIface);
    ARG(frame, 0, uint64_t) = 0;
    int st = VALUE_OK;
    if (!x.type) st = VALUE_NIL;
    else if (old.type && old.type != x.type) st = VALUE_INCONSISTENT_OLD;
    else if (!v->type) {
        if (!old.type) { value_put(v, x); ARG(frame, 0, uint64_t) = 1; }
    } else if (v->type != x.type) st = VALUE_INCONSISTENT;
    else if (iface_equal(g, *v, old)) {
        value_put(v, x);
        ARG(frame, 0, uint64_t) = 1;
    }
    ARG(frame, 8, int64_t) = st;
    return NAT_RETURN;
}

static const NativeEntry atomic_natives[] = {
    { "sync/atomic.AddInt32",   nat_add_int32 },   { "sync/atomic.AddUint32",  nat_add_uint32 },
    { "sync/atomic.AddInt64",   nat_add_64 },      { "sync/atomic.AddUint64",  nat_add_64 },
    { "sync/atomic.AddUintptr", nat_add_64 },
    { "sync/atomic.LoadInt32",  nat_load_int32 },  { "sync/atomic.LoadUint32", nat_load_uint32 },
    { "sync/atomic.LoadInt64",  nat_load_64 },     { "sync/atomic.LoadUint64", nat_load_64 },
    { "sync/atomic.LoadUintptr", nat_load_64 },    { "sync/atomic.LoadPointer", nat_load_pointer },
    { "sync/atomic.StoreInt32", nat_store_int32 }, { "sync/atomic.StoreUint32", nat_store_uint32 },
    { "sync/atomic.StoreInt64", nat_store_64 },    { "sync/atomic.StoreUint64", nat_store_64 },
    { "sync/atomic.StoreUintptr", nat_store_64 },  { "sync/atomic.StorePointer", nat_store_pointer },
    { "sync/atomic.SwapInt32",  nat_swap_int32 },  { "sync/atomic.SwapUint32", nat_swap_uint32 },
    { "sync/atomic.SwapInt64",  nat_swap_64 },     { "sync/atomic.SwapUint64", nat_swap_64 },
    { "sync/atomic.SwapUintptr", nat_swap_64 },    { "sync/atomic.SwapPointer", nat_swap_pointer },
    { "sync/atomic.CompareAndSwapInt32",  nat_cas_int32 },
    { "sync/atomic.CompareAndSwapUint32", nat_cas_uint32 },
    { "sync/atomic.CompareAndSwapInt64",  nat_cas_64 },
    { "sync/atomic.CompareAndSwapUint64", nat_cas_64 },
    { "sync/atomic.CompareAndSwapUintptr", nat_cas_64 },
    { "sync/atomic.CompareAndSwapPointer", nat_cas_pointer },
    { "sync/atomic.valueLoad",  nat_value_load },
    { "sync/atomic.valueStore", nat_value_store },
    { "sync/atomic.valueSwap",  nat_value_swap },
    { "sync/atomic.valueCompareAndSwap", nat_value_cas },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_atomic(const char *qualified_name) {
    for (const NativeEntry *e = atomic_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
