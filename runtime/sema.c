/* runtime/sema.c — semaphores: goroutines waiting on an address, for package sync.
 *
 * Go's way (runtime/sema.go). Package sync builds every lock out of two things: atomic
 * operations on words of its own (a Mutex's state, a WaitGroup's counter), which cover the case
 * where nobody waits, and a semaphore, the runtime's one way to make a goroutine sleep until
 * another wakes it. A semaphore is just a uint32 somewhere in memory (Mutex.sema); the runtime
 * keeps the goroutines waiting on it in a table keyed by the word's address:
 *
 *      semtable[hash(addr) % SEMA_TABLE_SIZE] ──► root(addr A) ─► root(addr B) ─► ...
 *                                                   │
 *                                                   head ─► waiter(g7) ─► waiter(g3) ◄─ tail
 *
 *   semacquire(addr): if *addr > 0, take one (*addr -= 1) and go on; else queue up on addr
 *                     (at the tail; a Mutex waiter that has waited before goes to the head,
 *                     Go's lifo) and park with wait reason "semacquire".
 *   semrelease(addr): if a goroutine waits on addr, hand the unit straight to the oldest one
 *                     and make it runnable; else *addr += 1. With handoff (a Mutex in
 *                     starvation mode) the releaser also yields, so the waiter runs at once.
 *
 * The table is a hash of "roots", one per address with waiters, each a FIFO; Go keeps a treap
 * per bucket for the same purpose. So the memory a semaphore costs while nobody waits is its
 * own 4 bytes, and a waiter costs one small record.
 *
 * gol's differences, all from having one thread. Go's semacquire loops: semrelease only bumps
 * the count and wakes a waiter, which must then win the unit against latecomers (unless it was
 * handed off). Here the unit always goes to the waiter directly, so a woken waiter never queues
 * again and a parked native has nothing to retry: it returns when its goroutine runs (NAT_SWITCH,
 * G_RESUME_RET). Package sync's algorithms are unaffected: they use the semaphore as a queue of
 * sleepers and keep who owns what in their own atomic state words, which a latecomer cannot
 * bypass.
 *
 * Addresses must not move while goroutines wait on them. sync passes each semaphore to the
 * runtime as an interface (`runtime_Semacquire(&m.sema)` with an `any` parameter), which escape
 * analysis sends to the heap, as Go's escape analysis does with sync's bodyless runtime
 * functions; the heap never moves objects.
 *
 * Cond's notify list (Go's notifyList) lives here too: a ticket counter `wait` and a counter
 * `notify` in the Cond itself, and waiters in the same table under the list's address, each
 * with its ticket. Wait takes a ticket before it unlocks the Cond's Locker (notifyListAdd) and
 * parks with it afterwards ("sync.Cond.Wait"); Signal wakes the goroutine holding ticket
 * `notify` and bumps notify; Broadcast sets notify = wait and wakes them all. A ticket already
 * notified when its goroutine gets to park does not park at all, so no wake-up is lost between
 * Unlock and the park.
 *
 * Wait reasons are what Go 1.19 prints in deadlock reports: "semacquire" for Mutex, RWMutex and
 * WaitGroup, "sync.Cond.Wait" for Cond.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "runtime/runtime.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

enum { SEMA_TABLE_SIZE = 251 };     /* Go's semTabSize: a prime */

/* One goroutine waiting on an address. */
typedef struct SemaWaiter {
    GolG *g;
    uint32_t ticket;                /* a Cond waiter's ticket */
    struct SemaWaiter *next;
} SemaWaiter;

/* The waiters on one address, oldest first. */
typedef struct SemaRoot {
    const void *addr;
    SemaWaiter *head, *tail;
    struct SemaRoot *next;          /* the next root of the same bucket */
} SemaRoot;

static SemaRoot *sema_table[SEMA_TABLE_SIZE];

static SemaRoot **sema_bucket(const void *addr) {
    return &sema_table[((uintptr_t)addr >> 3) % SEMA_TABLE_SIZE];
}

/* The root of addr, or NULL; with create, a new empty one if there is none. */
static SemaRoot *sema_root(GolG *g, const void *addr, bool create) {
    SemaRoot **b = sema_bucket(addr);
    for (SemaRoot *r = *b; r; r = r->next)
        if (r->addr == addr) return r;
    if (!create) return NULL;
    SemaRoot *r = calloc(1, sizeof *r);
    if (!r) rt_fatal(g, "runtime: out of memory");
    r->addr = addr;
    r->next = *b;
    *b = r;
    return r;
}

/* A root whose last waiter left is unlinked and freed. */
static void sema_root_drop_if_empty(SemaRoot *r) {
    if (r->head) return;
    for (SemaRoot **pp = sema_bucket(r->addr); *pp; pp = &(*pp)->next)
        if (*pp == r) { *pp = r->next; break; }
    free(r);
}

/* g queues up on addr (at the head with lifo) and parks with reason. */
static void sema_enqueue(GolG *g, const void *addr, uint32_t ticket, bool lifo, const char *reason) {
    SemaRoot *r = sema_root(g, addr, true);
    SemaWaiter *w = malloc(sizeof *w);
    if (!w) rt_fatal(g, "runtime: out of memory");
    w->g = g;
    w->ticket = ticket;
    w->next = NULL;
    if (!r->head) r->head = r->tail = w;
    else if (lifo) { w->next = r->head; r->head = w; }
    else { r->tail->next = w; r->tail = w; }
    sched_park(g, reason);
}

/* Takes the first waiter of addr for which `match` holds (any waiter when match is NULL) off
 * the queue and returns its goroutine, or NULL. */
static GolG *sema_dequeue(const void *addr, bool (*match)(const SemaWaiter *, uint32_t), uint32_t t) {
    SemaRoot *r = sema_root(NULL, addr, false);
    if (!r) return NULL;
    SemaWaiter *prev = NULL;
    for (SemaWaiter *w = r->head; w; prev = w, w = w->next) {
        if (match && !match(w, t)) continue;
        if (prev) prev->next = w->next;
        else r->head = w->next;
        if (r->tail == w) r->tail = prev;
        GolG *gp = w->g;
        free(w);
        sema_root_drop_if_empty(r);
        return gp;
    }
    return NULL;
}

/* ---- semacquire / semrelease ---- */

/* Takes a unit of *addr, or parks g until semrelease hands it one: false when g parked. */
static bool sema_acquire(GolG *g, uint32_t *addr, bool lifo) {
    if (!addr) rt_panic_nil(g);
    if (*addr > 0) {
        (*addr)--;
        return true;
    }
    sema_enqueue(g, addr, 0, lifo, "semacquire");
    return false;
}

/* Releases a unit of *addr: to the oldest waiter if there is one (true), else into *addr. */
static bool sema_release(GolG *g, uint32_t *addr) {
    if (!addr) rt_panic_nil(g);
    GolG *gp = sema_dequeue(addr, NULL, 0);
    if (!gp) {
        (*addr)++;
        return false;
    }
    sched_ready(gp);
    return true;
}

/* ---- the notify list of a sync.Cond: {wait, notify uint32} at the start of Cond.notify ---- */

typedef struct NotifyList { uint32_t wait, notify; } NotifyList;

static bool sema_ticket_is(const SemaWaiter *w, uint32_t t) { return w->ticket == t; }

/* Ticket t has not been notified yet: t is at or after notify, in wrap-around order. */
static bool notify_pending(const NotifyList *l, uint32_t t) { return (int32_t)(t - l->notify) >= 0; }

/* ---- the natives of package sync (runtime/lib/sync.gol). Every address arrives as an
 * interface (type word @off, data word @off+8) holding a pointer; frame layout as in
 * runtime/symtab.h: results first, then params, 8-byte slots. ---- */

/* sync.runtime_Semacquire(addr any) */
static int nat_semacquire(GolG *g, uint8_t *frame) {
    return sema_acquire(g, ARG(frame, 8, uint32_t *), false) ? NAT_RETURN : NAT_SWITCH;
}

/* sync.runtime_SemacquireMutex(addr any, lifo bool) */
static int nat_semacquire_mutex(GolG *g, uint8_t *frame) {
    return sema_acquire(g, ARG(frame, 8, uint32_t *), ARG(frame, 16, uint8_t) != 0) ? NAT_RETURN : NAT_SWITCH;
}

/* sync.runtime_Semrelease(addr any, handoff bool): with handoff the releaser yields to the
 * waiter it woke (Go's goyield), which runs next. */
static int nat_semrelease(GolG *g, uint8_t *frame) {
    bool woke = sema_release(g, ARG(frame, 8, uint32_t *));
    if (woke && ARG(frame, 16, uint8_t)) {
        sched_gosched(g);
        return NAT_SWITCH;
    }
    return NAT_RETURN;
}

/* sync.runtime_notifyListAdd(l any) uint32: result @0, l @8 */
static int nat_notify_list_add(GolG *g, uint8_t *frame) {
    NotifyList *l = ARG(frame, 16, NotifyList *);
    if (!l) rt_panic_nil(g);
    ARG(frame, 0, uint64_t) = l->wait++;
    return NAT_RETURN;
}

/* sync.runtime_notifyListWait(l any, t uint32): parks unless ticket t was notified already */
static int nat_notify_list_wait(GolG *g, uint8_t *frame) {
    NotifyList *l = ARG(frame, 8, NotifyList *);
    uint32_t t = (uint32_t)ARG(frame, 16, uint64_t);
    if (!notify_pending(l, t)) return NAT_RETURN;
    sema_enqueue(g, l, t, false, "sync.Cond.Wait");
    return NAT_SWITCH;
}

/* sync.runtime_notifyListNotifyOne(l any): the oldest ticket not notified yet; its holder may
 * not have parked yet, and then finds its ticket notified when it gets there. */
static int nat_notify_list_notify_one(GolG *g, uint8_t *frame) {
    NotifyList *l = ARG(frame, 8, NotifyList *);
    if (l->wait == l->notify) return NAT_RETURN;
    uint32_t t = l->notify++;
    GolG *gp = sema_dequeue(l, sema_ticket_is, t);
    if (gp) sched_ready(gp);
    (void)g;
    return NAT_RETURN;
}

/* sync.runtime_notifyListNotifyAll(l any) */
static int nat_notify_list_notify_all(GolG *g, uint8_t *frame) {
    NotifyList *l = ARG(frame, 8, NotifyList *);
    if (l->wait == l->notify) return NAT_RETURN;
    l->notify = l->wait;
    GolG *gp;
    while ((gp = sema_dequeue(l, NULL, 0))) sched_ready(gp);
    (void)g;
    return NAT_RETURN;
}

/* sync.runtime_nanotime() int64: the monotonic clock, for Mutex's starvation threshold */
static int nat_sync_nanotime(GolG *g, uint8_t *frame) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ARG(frame, 0, int64_t) = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    (void)g;
    return NAT_RETURN;
}

/* sync.fatal(s string): Go's sync.fatal, a throw nothing can recover: "fatal error: " + s */
static int nat_sync_fatal(GolG *g, uint8_t *frame) {
    GolString s = ARG(frame, 0, GolString);
    char msg[256];
    snprintf(msg, sizeof msg, "%.*s", (int)(s.len < 200 ? s.len : 200), (const char *)s.ptr);
    rt_fatal(g, msg);
}

static const NativeEntry sema_natives[] = {
    { "sync.runtime_Semacquire",            nat_semacquire },
    { "sync.runtime_SemacquireMutex",       nat_semacquire_mutex },
    { "sync.runtime_Semrelease",            nat_semrelease },
    { "sync.runtime_notifyListAdd",         nat_notify_list_add },
    { "sync.runtime_notifyListWait",        nat_notify_list_wait },
    { "sync.runtime_notifyListNotifyOne",   nat_notify_list_notify_one },
    { "sync.runtime_notifyListNotifyAll",   nat_notify_list_notify_all },
    { "sync.runtime_nanotime",              nat_sync_nanotime },
    { "sync.fatal",                         nat_sync_fatal },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_sema(const char *qualified_name) {
    for (const NativeEntry *e = sema_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
