/* runtime/chan.h — channels (runtime/chan.c): what the interpreter calls and the collector scans. */
#ifndef GOL_RUNTIME_CHAN_H
#define GOL_RUNTIME_CHAN_H

#include "runtime/runtime.h"

/* A goroutine waiting on a channel (Go's sudog); elem holds the value in flight. */
typedef struct Sudog {
    GolG *g;
    struct GolChan *c;
    struct Sudog *next, *prev;      /* in the channel's recvq or sendq */
    const TypeDesc *elemtype;
    uint32_t elemsize;
    bool done;                      /* taken off the queue by a partner or by close */
    bool success;                   /* a value passed (false: the channel was closed) */
    uint8_t elem[];
} Sudog;

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

#endif
