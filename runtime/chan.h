/* runtime/chan.h — channels (runtime/chan.c): what the interpreter calls and the collector scans. */
#ifndef GOL_RUNTIME_CHAN_H
#define GOL_RUNTIME_CHAN_H

#include "runtime/runtime.h"

/* A goroutine waiting on a channel (Go's sudog); elem holds the value in flight. A select
 * has one sudog per case, all pointing to its GolSelect (runtime/select.c). */
typedef struct Sudog {
    GolG *g;
    struct GolChan *c;
    struct Sudog *next, *prev;      /* in the channel's recvq or sendq */
    struct GolSelect *sel;          /* the select it is a case of (Go's isSelect), or NULL */
    const TypeDesc *elemtype;
    uint32_t elemsize;
    bool is_send;                   /* waits in sendq (else recvq) */
    bool queued;                    /* is in that queue now */
    bool done;                      /* taken off the queue by a partner or by close */
    bool success;                   /* a value passed (false: the channel was closed) */
    uint8_t elem[];
} Sudog;

/* A select in progress (runtime/select.c): its cases, in source order, and whether a partner
 * has already taken one of them (Go's g.selectDone). */
typedef struct GolSelect {
    int ncases, cap;
    bool parked;                    /* its sudogs are (or were) enqueued: SELECT runs again */
    bool done;                      /* one case has been taken: the others must be skipped */
    Sudog *won;                     /* the receive case taken, until SELTAKE copies its value */
    Sudog **cases;
} GolSelect;

typedef struct WaitQ { Sudog *first, *last; } WaitQ;

typedef struct GolChan {
    uint8_t *buf;                   /* word 0, the one heap pointer: the ring of dataqsiz slots */
    const TypeDesc *elemtype;
    int64_t qcount, dataqsiz;       /* elements in the ring, its capacity */
    int64_t sendx, recvx;           /* where the next send puts, the next receive takes */
    uint32_t elemsize;              /* bytes of an element in register form */
    bool closed;
    WaitQ recvq, sendq;
} GolChan;

GolChan *chan_make(GolG *g, const TypeDesc *elem, int64_t size);
/* Send and receive return false when g has parked (the loop switches and runs the same
 * instruction again when g is readied); true when done. */
bool     chan_send(GolG *g, GolChan *c, const void *elem);
bool     chan_recv(GolG *g, GolChan *c, void *dst, bool *ok);
void     chan_close(GolG *g, GolChan *c);
int64_t  chan_len(const GolChan *c);
int64_t  chan_cap(const GolChan *c);
void     chan_scan_waiting(GolG *g, void (*mark)(const void *p));

/* Shared with runtime/select.c: the parts of send and receive that do not wait. */
uint32_t chan_slot_size(const TypeDesc *elem);
Sudog   *sudog_new(GolG *g, GolChan *c, const TypeDesc *elem);
void     sudog_release(Sudog *s);                              /* back to the cache */
void     sudog_scan(const Sudog *s, void (*mark)(const void *p));
bool     chan_try_send(GolChan *c, const void *elem);          /* c open and not nil */
bool     chan_try_recv(GolChan *c, void *dst, bool *ok);       /* c not nil */
void     chan_enqueue(GolChan *c, Sudog *s);
void     chan_dequeue(GolChan *c, Sudog *s);                   /* if still queued */

/* select (runtime/select.c): SELSEND / SELRECV add the cases in source order, SELECT
 * chooses one (false: g parked, run SELECT again when readied), SELTAKE copies a received
 * value into the frame. */
void     select_add_case(GolG *g, GolChan *c, const TypeDesc *elem, const void *send_value);
bool     select_go(GolG *g, bool has_default, int64_t *index, bool *ok);
void     select_take(GolG *g, void *dst);
void     select_abandon(GolG *g);      /* the REPL drops g mid-select: its cases leave their channels */
void     select_scan(GolG *g, void (*mark)(const void *p));

#endif
