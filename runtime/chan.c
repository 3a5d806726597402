/* runtime/chan.c — channels: Go's hchan, a ring buffer and two queues of waiting goroutines.
 *
 * Go's way (runtime/chan.go). A channel is a heap object, hchan:
 *
 *      hchan ──► buf: [ e0 | e1 | e2 | e3 ]   ring of dataqsiz elements, qcount in use,
 *                        recvx ▲      ▲ sendx  taken at recvx, added at sendx
 *                recvq: sudog(g5) ─► sudog(g8)   goroutines blocked receiving
 *                sendq: sudog(g2)                goroutines blocked sending (their value
 *                closed                          waits in their sudog)
 *
 * A sudog ("pseudo-g") is a goroutine waiting on one channel: its g, and the element being
 * passed. At most one of the queues is non-empty, and a waiting receiver means an empty
 * buffer, so every operation is one of few cases, in this order:
 *
 *   send:  closed → panic "send on closed channel"; a receiver waits → hand the value straight
 *          to it (direct hand-off: it never touches the buffer) and ready it; room in the
 *          buffer → copy it in; else park on sendq with the value in the sudog.
 *   recv:  a sender waits → unbuffered: take its value; buffered (so the buffer is full): take
 *          the head of the buffer and put the sender's value at its tail, keeping FIFO order;
 *          either way ready the sender. Else something buffered → take it. Else closed → the
 *          zero value and ok = false. Else park on recvq.
 *   close: closed or nil → panic; mark closed; ready every receiver (zero value, ok false)
 *          and every sender (which then panics: "send on closed channel").
 *
 * A nil channel blocks forever ("chan send (nil chan)"): its goroutine parks and nobody can
 * ready it; the deadlock detector reports it if nothing else can run.
 *
 * gol's differences. Elements are kept in register form (runtime/symtab.h: a scalar is one
 * 8-byte slot, an aggregate its Go layout rounded to 8 bytes), the form frames use, so a send
 * and a receive are plain copies between frame slots and the buffer; a type with pointers has
 * the same layout in both forms. A goroutine that parks does not leave the instruction: the
 * loop saves it at the CHANSEND / CHANRECV itself (a safepoint with a stack map) and runs that
 * instruction again when the goroutine is readied; the second run finds its sudog done and
 * completes (a receiver copies the value out of the sudog into its frame). So no other
 * goroutine ever writes into a parked goroutine's frame, and the collector finds the value in
 * flight in the sudog, which chan_scan_waiting marks, rather than in a frame slot that the
 * stack map at the instruction does not cover yet.
 *
 * select (runtime/select.c) shares the parts that do not wait (chan_try_send, chan_try_recv)
 * and the queues: a select waits with one sudog per case, on every channel at once, and
 * waitq_get, which every send, receive and close takes waiters with, skips the sudogs of a
 * select that another case has already won (Go's selectDone).
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/chan.h"
#include "runtime/mbarrier.h"
#include "runtime/mgc.h"

/* hchan's descriptor: its first word, buf, is the one pointer the collector follows. */
static const TypeDesc chan_hchan_type = {
    .kind = K_STRUCT, .size = sizeof(GolChan), .align = 8, .ptrdata = 8,
    .ptrmask = (const uint8_t *)"\1", .name = "runtime.hchan",
};

/* The bytes of one element in register form. */
uint32_t chan_slot_size(const TypeDesc *t) {
    switch (t->kind) {
    case K_STRING: case K_INTERFACE: case K_SLICE: case K_ARRAY: case K_STRUCT:
        return (uint32_t)((t->size + 7) & ~7);
    default:
        return 8;
    }
}

GolChan *chan_make(GolG *g, const TypeDesc *elem, int64_t size) {
    if (size < 0 || size > (1ll << 40)) rt_panic_plain(g, "makechan: size out of range");
    uint32_t es = chan_slot_size(elem);
    void *buf = NULL;
    if (size > 0)
        buf = elem->ptrdata ? mallocgc(g, (size_t)size * es, elem, true)
                            : mallocgc_noscan(g, (size_t)size * es, true);
    size_t mark = gc_root_save();
    gc_root_push(&buf);                     /* only a C local holds it while hchan is allocated */
    GolChan *c = mallocgc(g, sizeof(GolChan), &chan_hchan_type, true);
    gc_root_restore(mark);
    c->elemtype = elem;
    c->elemsize = es;
    c->dataqsiz = size;
    if (buf) wb_store_ptr((void **)&c->buf, buf);
    return c;
}

/* ---- copying elements ---- */

static uint8_t *chan_slot(GolChan *c, int64_t i) { return c->buf + (size_t)i * c->elemsize; }

static void chan_copy_in(GolChan *c, uint8_t *slot, const void *src) {
    if (c->elemtype->ptrdata) typedmemmove(c->elemtype, slot, src);
    else memcpy(slot, src, c->elemsize);
}

static void chan_copy_out(GolChan *c, void *dst, uint8_t *slot) {
    memcpy(dst, slot, c->elemsize);
    if (c->elemtype->ptrdata) typedmemclr(c->elemtype, slot);   /* keep nothing alive */
}

/* ---- sudogs and wait queues ---- */

/* Free sudogs for reuse (Go's per-P sudogcache): every blocking operation needs one, and a
 * malloc and a free per park was half the cost of a ping-pong over a channel. Sudogs whose
 * element fits SUDOG_SMALL_ELEM bytes all have that room and are kept, at most SUDOG_CACHE_MAX
 * of them (a million goroutines woken at once do not leave a million behind); larger ones are
 * freed. */
enum { SUDOG_SMALL_ELEM = 32, SUDOG_CACHE_MAX = 1024 };
static Sudog *sudog_cache;
static int sudog_ncache;

static inline Sudog *sudog_alloc(GolG *g, GolChan *c, const TypeDesc *elem, uint32_t size) {
    Sudog *s = sudog_cache;
    if (size <= SUDOG_SMALL_ELEM && s) {
        sudog_cache = s->next;
        sudog_ncache--;
        memset(s, 0, sizeof(Sudog) + size);
    } else {
        s = calloc(1, sizeof(Sudog) + (size <= SUDOG_SMALL_ELEM ? SUDOG_SMALL_ELEM : size));
        if (!s) rt_fatal(g, "runtime: out of memory");
    }
    s->g = g;
    s->c = c;
    s->elemtype = elem;
    s->elemsize = size;
    return s;
}

Sudog *sudog_new(GolG *g, GolChan *c, const TypeDesc *elem) {
    return sudog_alloc(g, c, elem, chan_slot_size(elem));
}

void sudog_release(Sudog *s) {
    if (s->elemsize > SUDOG_SMALL_ELEM || sudog_ncache >= SUDOG_CACHE_MAX) {
        free(s);
        return;
    }
    s->next = sudog_cache;
    sudog_cache = s;
    sudog_ncache++;
}

static void waitq_put(WaitQ *q, Sudog *s) {
    s->next = NULL;
    s->prev = q->last;
    if (q->last) q->last->next = s;
    else q->first = s;
    q->last = s;
    s->queued = true;
}

static inline void waitq_unlink(WaitQ *q, Sudog *s) {
    if (s->prev) s->prev->next = s->next;
    else q->first = s->next;
    if (s->next) s->next->prev = s->prev;
    else q->last = s->prev;
    s->next = s->prev = NULL;
    s->queued = false;
}

/* The first waiter of q that may still be taken (Go's waitq.dequeue). A select's sudog waits on
 * several channels at once; the first partner to take one of them wins the select for its
 * case (sel->done, Go's selectDone), and a partner that later meets another of its sudogs
 * drops it and looks further: that goroutine is already served. */
static Sudog *waitq_get_select(WaitQ *q);

static inline Sudog *waitq_get(WaitQ *q) {
    Sudog *s = q->first;
    if (!s) return NULL;
    if (s->sel) return waitq_get_select(q);
    waitq_unlink(q, s);
    return s;
}

static Sudog *waitq_get_select(WaitQ *q) {
    for (;;) {
        Sudog *s = q->first;
        if (!s) return NULL;
        waitq_unlink(q, s);
        if (s->sel) {
            if (s->sel->done) continue;
            s->sel->done = true;
        }
        return s;
    }
}

void chan_enqueue(GolChan *c, Sudog *s) { waitq_put(s->is_send ? &c->sendq : &c->recvq, s); }

void chan_dequeue(GolChan *c, Sudog *s) {
    if (s->queued) waitq_unlink(s->is_send ? &c->sendq : &c->recvq, s);
}

/* The waiter s is done (success: a value passed; else the channel closed): ready its g. */
static void sudog_wake(Sudog *s, bool success) {
    s->done = true;
    s->success = success;
    sched_ready(s->g);
}

/* The second run of a parked CHANSEND / CHANRECV: g's sudog, done, taken off g. */
static Sudog *chan_take_done(GolG *g) {
    Sudog *s = g->waiting;
    g->waiting = NULL;
    return s;
}

/* ---- send, receive, close ---- */

/* A send that need not wait, on an open channel: hand elem to a waiting receiver, or put it in
 * the buffer. False: it would block. (Shared with select, runtime/select.c, through
 * chan_try_send.) */
static inline __attribute__((always_inline)) bool chan_send_now(GolChan *c, const void *elem) {
    Sudog *r = waitq_get(&c->recvq);
    if (r) {                                        /* direct hand-off */
        memcpy(r->elem, elem, c->elemsize);
        sudog_wake(r, true);
        return true;
    }
    if (c->qcount < c->dataqsiz) {
        chan_copy_in(c, chan_slot(c, c->sendx), elem);
        if (++c->sendx == c->dataqsiz) c->sendx = 0;
        c->qcount++;
        return true;
    }
    return false;
}

/* A receive that need not wait: from a waiting sender, the buffer, or a closed channel (the
 * zero value, *ok false). False: it would block. */
static inline __attribute__((always_inline)) bool chan_recv_now(GolChan *c, void *dst, bool *ok) {
    Sudog *w = waitq_get(&c->sendq);
    if (w) {
        if (c->dataqsiz == 0) {
            memcpy(dst, w->elem, c->elemsize);
        } else {                                    /* full: head out, the sender's value in */
            uint8_t *slot = chan_slot(c, c->recvx);
            memcpy(dst, slot, c->elemsize);
            chan_copy_in(c, slot, w->elem);
            if (++c->recvx == c->dataqsiz) c->recvx = 0;
            c->sendx = c->recvx;
        }
        sudog_wake(w, true);
        *ok = true;
        return true;
    }
    if (c->qcount > 0) {
        chan_copy_out(c, dst, chan_slot(c, c->recvx));
        if (++c->recvx == c->dataqsiz) c->recvx = 0;
        c->qcount--;
        *ok = true;
        return true;
    }
    if (c->closed) {
        memset(dst, 0, c->elemsize);
        *ok = false;
        return true;
    }
    return false;
}

bool chan_try_send(GolChan *c, const void *elem) { return chan_send_now(c, elem); }
bool chan_try_recv(GolChan *c, void *dst, bool *ok) { return chan_recv_now(c, dst, ok); }

bool chan_send(GolG *g, GolChan *c, const void *elem) {
    if (g->waiting) {                               /* readied: the send is over */
        Sudog *s = chan_take_done(g);
        bool ok = s->success;
        sudog_release(s);
        if (!ok) rt_panic_plain(g, "send on closed channel");
        return true;
    }
    if (!c) {
        sched_park(g, "chan send (nil chan)");
        return false;
    }
    if (c->closed) rt_panic_plain(g, "send on closed channel");
    if (chan_send_now(c, elem)) return true;
    Sudog *s = sudog_alloc(g, c, c->elemtype, c->elemsize);
    s->is_send = true;
    memcpy(s->elem, elem, c->elemsize);
    waitq_put(&c->sendq, s);
    g->waiting = s;
    sched_park(g, "chan send");
    return false;
}

bool chan_recv(GolG *g, GolChan *c, void *dst, bool *ok) {
    if (g->waiting) {                               /* readied: the value is in the sudog */
        Sudog *s = chan_take_done(g);
        if (s->success) memcpy(dst, s->elem, s->elemsize);
        else memset(dst, 0, s->elemsize);
        *ok = s->success;
        sudog_release(s);
        return true;
    }
    if (!c) {
        sched_park(g, "chan receive (nil chan)");
        return false;
    }
    if (chan_recv_now(c, dst, ok)) return true;
    Sudog *s = sudog_alloc(g, c, c->elemtype, c->elemsize);
    waitq_put(&c->recvq, s);
    g->waiting = s;
    sched_park(g, "chan receive");
    return false;
}

void chan_close(GolG *g, GolChan *c) {
    if (!c) rt_panic_plain(g, "close of nil channel");
    if (c->closed) rt_panic_plain(g, "close of closed channel");
    c->closed = true;
    Sudog *s;
    while ((s = waitq_get(&c->recvq))) sudog_wake(s, false);
    while ((s = waitq_get(&c->sendq))) sudog_wake(s, false);
}

int64_t chan_len(const GolChan *c) { return c ? c->qcount : 0; }
int64_t chan_cap(const GolChan *c) { return c ? c->dataqsiz : 0; }

/* The collector's roots in a goroutine's wait: the value its sudog holds (a sender's value, or
 * what a receiver was handed and has not taken yet), word by word as its type's mask says. */
void sudog_scan(const Sudog *s, void (*mark)(const void *p)) {
    if (!s || !s->elemtype->ptrdata) return;
    const TypeDesc *t = s->elemtype;
    for (uint64_t w = 0; w < t->ptrdata / 8; w++)
        if (t->ptrmask[w / 8] >> (w % 8) & 1) {
            void *p;
            memcpy(&p, s->elem + 8 * w, sizeof p);
            mark(p);
        }
}

void chan_scan_waiting(GolG *g, void (*mark)(const void *p)) {
    sudog_scan(g->waiting, mark);
    select_scan(g, mark);
}
