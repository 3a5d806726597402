/* runtime/select.c — the select statement: wait on several channel operations, do one.
 *
 * Go's way (runtime/select.go selectgo). The compiler lays out the cases (channel, value to
 * send or place to receive into) and calls selectgo, which runs three passes:
 *
 *   1. poll: visit the cases in a random order (pollorder: a Fisher-Yates shuffle made while
 *      the array is filled) and do the first operation that can go ahead without waiting, as
 *      chansend/chanrecv would. None and there is a default: return the default. The random
 *      order is what makes Go's choice among several ready cases uniform; a fixed order would
 *      starve the later cases.
 *   2. block: one sudog per case, each enqueued on its own channel's sendq or recvq, all
 *      belonging to the same g (isSelect); park with wait reason "select".
 *   3. woken: a partner (a sender, a receiver, or close) took one of the sudogs off its queue.
 *      The other sudogs are still queued on the other channels: dequeue them, report the case
 *      the woken sudog belongs to.
 *   Between 2 and 3 another partner may meet one of the other sudogs: it must not take it, the
 *      select is already served. The partner that dequeues a select's sudog first sets
 *      g.selectDone (a compare-and-swap in Go); later ones see it set and skip the sudog.
 *   Go also sorts the cases by channel address (lockorder) to lock every channel without
 *      deadlocking against another select locking the same ones; with one thread gol has no
 *      locks and needs no lockorder.
 *
 * gol's way, in bytecode (vm/opcodes.h, compiler/gen_stmt.c gen_select):
 *
 *      SELRECV c1, T1                ┐ the cases, in source order, after every channel and
 *      SELSEND c2, v2, T2            ┘ value was evaluated: each becomes a sudog of g->select
 *      SELECT  idx, ok, hasdef       ← polls, blocks (re-run at this pc when readied), or
 *      JEQI    idx, 0, L0               takes the default (idx -1); idx = case in source order
 *      JEQI    idx, 1, L1
 *  L0: SELTAKE v, T1                 ← case 0 received: its value, from its sudog, into v;
 *      ...the assignment of v (and ok) to the case's variables, by ordinary gol code
 *
 *      g->select ──► GolSelect { parked, done, won }
 *                      cases[0] sudog(recv, c1) ── in c1.recvq while parked
 *                      cases[1] sudog(send, c2, elem = v2) ── in c2.sendq while parked
 *
 * The value to send is copied into its case's sudog by SELSEND, and a received value
 * lands in its case's sudog (from the buffer, a waiting sender, or the partner's hand-off),
 * exactly as for a plain channel operation (runtime/chan.c): no goroutine writes into another's
 * frame, and values in flight are roots through the sudogs (select_scan). The register
 * instructions are not safepoints and nothing between them can switch goroutines, so at most
 * one select per goroutine is ever being built. SELTAKE follows SELECT with only forward
 * compare-and-branches between them, so the received value stays in the sudog no longer
 * than that.
 *
 * Nil channels are never ready and never enqueued (so `select {}`-like waits on nil channels
 * only block forever); a send case on a closed channel panics, in pass 1 or when close wakes
 * it; `select {}` has no cases at all and parks for good ("select (no cases)").
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/chan.h"
#include "runtime/map.h"

/* One finished select kept for the next, with its array of cases: a select in a loop then
 * allocates nothing but what its sudogs need (and they come from chan.c's cache). */
static GolSelect *select_cache;

static GolSelect *select_new(GolG *g) {
    GolSelect *sel = select_cache;
    if (sel) {
        select_cache = NULL;
        Sudog **cases = sel->cases;
        int cap = sel->cap;
        memset(sel, 0, sizeof *sel);
        sel->cases = cases;
        sel->cap = cap;
    } else if (!(sel = calloc(1, sizeof *sel))) {
        rt_fatal(g, "runtime: out of memory");
    }
    return sel;
}

static void select_free(GolSelect *sel) {
    if (!select_cache) {
        select_cache = sel;
        return;
    }
    free(sel->cases);
    free(sel);
}

void select_add_case(GolG *g, GolChan *c, const TypeDesc *elem, const void *send_value) {
    GolSelect *sel = g->select;
    if (!sel) sel = g->select = select_new(g);
    if (sel->ncases == sel->cap) {
        sel->cap = sel->cap ? 2 * sel->cap : 4;
        Sudog **cases = realloc(sel->cases, sizeof *cases * (size_t)sel->cap);
        if (!cases) rt_fatal(g, "runtime: out of memory");
        sel->cases = cases;
    }
    Sudog *s = sudog_new(g, c, elem);
    s->sel = sel;
    if (send_value) {
        s->is_send = true;
        memcpy(s->elem, send_value, s->elemsize);
    }
    sel->cases[sel->ncases++] = s;
}

/* The select is over: every sudog but the one kept (a receive not yet taken) is freed. */
static void select_release(GolG *g, Sudog *keep) {
    GolSelect *sel = g->select;
    for (int i = 0; i < sel->ncases; i++)
        if (sel->cases[i] != keep) sudog_release(sel->cases[i]);
    sel->ncases = 0;
    if (keep) {
        sel->won = keep;
        return;
    }
    select_free(sel);
    g->select = NULL;
}

/* g will never run its select again (the REPL drops an input that deadlocked or was
 * interrupted in it): its cases leave their channels, so no later partner finds them, and are
 * freed with the select. */
void select_abandon(GolG *g) {
    GolSelect *sel = g->select;
    if (!sel) return;
    for (int i = 0; i < sel->ncases; i++)
        if (sel->cases[i]->c) chan_dequeue(sel->cases[i]->c, sel->cases[i]);
    if (sel->won) {
        sudog_release(sel->won);
        sel->won = NULL;
    }
    select_release(g, NULL);
}

/* Case i won: a send is over; a receive keeps its sudog for SELTAKE. */
static bool select_won(GolG *g, int i, bool ok, int64_t *index, bool *okp) {
    Sudog *s = g->select->cases[i];
    s->success = ok;
    *index = i;
    *okp = ok;
    select_release(g, s->is_send ? NULL : s);
    return true;
}

static noreturn void select_send_closed(GolG *g) {
    select_release(g, NULL);
    rt_panic_plain(g, "send on closed channel");
}

/* Pass 1: the cases with a channel, in a random order (Go's pollorder: inside-out
 * Fisher-Yates), and the first one that can go ahead. */
static bool select_poll(GolG *g, int64_t *index, bool *ok) {
    GolSelect *sel = g->select;
    int n = sel->ncases, norder = 0;
    int small[16];
    int *order = n <= 16 ? small : malloc(sizeof *order * (size_t)n);
    if (!order) rt_fatal(g, "runtime: out of memory");
    for (int i = 0; i < n; i++) {
        if (!sel->cases[i]->c) continue;            /* a nil channel is never ready */
        int j = (int)(map_fastrand() % (uint64_t)(norder + 1));
        order[norder] = order[j];
        order[j] = i;
        norder++;
    }
    int found = -1;
    bool recv_ok = false;
    for (int k = 0; k < norder && found < 0; k++) {
        Sudog *s = sel->cases[order[k]];
        if (s->is_send) {
            if (s->c->closed) found = -2 - order[k];
            else if (chan_try_send(s->c, s->elem)) found = order[k];
        } else if (chan_try_recv(s->c, s->elem, &recv_ok)) {
            found = order[k];
        }
    }
    if (order != small) free(order);
    if (found <= -2) select_send_closed(g);
    if (found < 0) return false;
    return select_won(g, found, sel->cases[found]->is_send || recv_ok, index, ok);
}

/* Pass 3: g was readied; the sudog a partner took is the one marked done. */
static bool select_finish(GolG *g, int64_t *index, bool *ok) {
    GolSelect *sel = g->select;
    int won = -1;
    for (int i = 0; i < sel->ncases; i++) {
        Sudog *s = sel->cases[i];
        if (s->done) won = i;
        else if (s->c) chan_dequeue(s->c, s);
    }
    if (won < 0) rt_fatal(g, "select: woken without a case");
    Sudog *s = sel->cases[won];
    if (s->is_send && !s->success) select_send_closed(g);
    return select_won(g, won, s->success, index, ok);
}

bool select_go(GolG *g, bool has_default, int64_t *index, bool *ok) {
    GolSelect *sel = g->select;
    if (!sel) {                                     /* no cases: only a default, or nothing */
        if (has_default) { *index = -1; *ok = false; return true; }
        sched_park(g, "select (no cases)");
        return false;
    }
    if (sel->parked) return select_finish(g, index, ok);
    if (select_poll(g, index, ok)) return true;
    if (has_default) {
        select_release(g, NULL);
        *index = -1;
        *ok = false;
        return true;
    }
    for (int i = 0; i < sel->ncases; i++)           /* pass 2: a sudog on every channel */
        if (sel->cases[i]->c) chan_enqueue(sel->cases[i]->c, sel->cases[i]);
    sel->parked = true;
    sched_park(g, "select");
    return false;
}

void select_take(GolG *g, void *dst) {
    GolSelect *sel = g->select;
    Sudog *s = sel->won;
    if (s->success) memcpy(dst, s->elem, s->elemsize);
    else memset(dst, 0, s->elemsize);
    sudog_release(s);
    select_free(sel);
    g->select = NULL;
}

/* The collector's roots in a select: the channels of its cases (the frame may no longer hold
 * them) and the values in their sudogs. */
void select_scan(GolG *g, void (*mark)(const void *p)) {
    const GolSelect *sel = g->select;
    if (!sel) return;
    for (int i = 0; i < sel->ncases; i++) {
        mark(sel->cases[i]->c);
        sudog_scan(sel->cases[i], mark);
    }
    sudog_scan(sel->won, mark);
}
