/* runtime/mfinal.c — finalizers: runtime.SetFinalizer and the queue that runs them (mfinal.go).
 *
 * runtime.SetFinalizer(p, f) asks: when the object p points to becomes unreachable, call f(p)
 * once, instead of freeing it right away. The collector (runtime/mgc.c) cooperates in three
 * steps:
 *
 *   1. Roots. Each finalizable object's *referents* are marked (not the object itself), and so
 *      is f. Whatever the object points to must survive, because f will see it. It is also why
 *      of two finalizable objects A -> B, A's finalizer runs first: B is reachable from A, so
 *      B stays until A is gone (Go's ordering). An object that reaches itself is never
 *      finalized (Go's documented caveat for cycles).
 *   2. After the drain, every finalizable object still unmarked is unreachable: it is marked
 *      now (so this cycle does not free it) and its record moves from the table to the queue.
 *      The queue is a root of later cycles until f has run.
 *   3. The queue runs on its own goroutine, as Go's does (fing): at the end of a cycle that
 *      queued something, if no finalizer goroutine is running, one is started
 *      (gc_finalizers_start). Its one frame is runtime.runfinq, a native that has the loop call
 *      each finalizer as an ordinary gol frame (below; runtime/nativecall.c explains natives
 *      that call gol code), so a finalizer may allocate, block on a channel, sleep, or panic
 *      (which ends the program with the finalizer goroutine's traceback, as in Go). When the
 *      queue is empty runfinq returns and the goroutine ends; the next cycle that queues
 *      finalizers starts another. After f returns the object is an ordinary unreachable
 *      object: the next cycle frees it.
 *
 * The finalizer goroutine is a system goroutine, as Go's: runtime.NumGoroutine does not count
 * it and a deadlock report does not list it (runtime/sched.c sched_mark_system). It runs when
 * the goroutine that collected yields, blocks or is preempted; runtime.GC() yields to it before
 * returning (Go's runtime.GC parks its caller while the cycle runs, which lets fing in), so
 * `runtime.GC()` followed by a check sees the finalizers of that cycle done unless one blocks.
 *
 * SetFinalizer's checks and messages are Go's (fatal errors, "runtime.SetFinalizer: ..."):
 * the first argument must be a pointer to the start of a heap object (pointers to globals and
 * zero-sized objects are accepted and ignored, as Go does), the second nil (removes the
 * finalizer) or a func of one parameter that the pointer can be passed to: its own type, an
 * unnamed pointer type with the same element, or an empty interface.
 *
 * Where the records live (Go's specials, mheap.go). A finalizer is a "special" attached to its
 * object's span: each span keeps a list of them sorted by offset (runtime/mspan.h). SetFinalizer
 * finds the span through the page -> span table in O(1) and walks only that span's list (at most
 * one record per object of the span), so setting, finding and removing a finalizer cost the
 * same with 10 or 10 million of them. A flat table searched at every call made 100,000
 * SetFinalizer calls take seconds. The collector visits the spans that have specials
 * (heap_for_each_special_span) to mark the referents (step 1) and to queue the unreachable
 * (step 2). Records come from chunks of the C heap with a free list (Go's fixalloc for
 * specials): the chunks stay listed, so none is ever lost, and their memory shows in
 * MemStats.OtherSys, as Go's specialfinalizer allocator's does. The queue is a plain array:
 * it is only appended and run.
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/mgc.h"
#include "runtime/mheap.h"
#include "runtime/mspan.h"

typedef struct Finalizer {
    void *obj;                      /* base of the object */
    const void *fn;                 /* the func value (closure) */
    const TypeDesc *fint;           /* its parameter's type */
    const TypeDesc *ot;             /* the pointer type SetFinalizer saw */
} Finalizer;

typedef struct FinList { Finalizer *v; size_t n, cap; } FinList;

/* The record attached to the object's span while the object may still be reachable. */
typedef struct FinSpecial {
    mspecial sp;                    /* first: the span's list links these */
    const void *fn;
    const TypeDesc *fint, *ot;
} FinSpecial;

#define FIN_CHUNK_RECORDS 256
typedef struct FinChunk {
    struct FinChunk *next;
    FinSpecial rec[FIN_CHUNK_RECORDS];
} FinChunk;

static FinChunk *fin_chunks;        /* every chunk ever allocated */
static mspecial *fin_free;          /* records not in use, linked through sp.next */
static FinList fin_queue;           /* unreachable: their finalizers are due */
static GolG *fing;                  /* the finalizer goroutine while one runs, else NULL */

extern const Module **gc_mods;
extern size_t gc_nmods;

static void fin_append(FinList *l, Finalizer f) {
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 16;
        Finalizer *v = realloc(l->v, nc * sizeof *v);
        if (!v) gc_throw("out of memory recording a finalizer");
        l->v = v;
        l->cap = nc;
    }
    l->v[l->n++] = f;
}

static FinSpecial *fin_special_alloc(void) {
    if (!fin_free) {
        FinChunk *c = malloc(sizeof *c);
        if (!c) gc_throw("out of memory recording a finalizer");
        c->next = fin_chunks;
        fin_chunks = c;
        for (int i = FIN_CHUNK_RECORDS - 1; i >= 0; i--) {
            c->rec[i].sp.next = fin_free;
            fin_free = &c->rec[i].sp;
        }
    }
    FinSpecial *f = (FinSpecial *)fin_free;
    fin_free = f->sp.next;
    return f;
}

static void fin_special_free(mspecial *sp) {
    if (!sp) return;
    sp->next = fin_free;
    fin_free = sp;
}

static void *fin_object(const mspan *s, const mspecial *sp) {
    return (void *)(s->startAddr + sp->offset);
}

/* ---- the collector's side ---- */

static void fin_scan_span(mspan *s, void *arg) {
    (void)arg;
    for (mspecial *sp = s->specials; sp; sp = sp->next) {
        if (sp->kind != SPECIAL_FINALIZER) continue;
        gc_scan_object_fields(fin_object(s, sp));
        gc_mark_ptr(((FinSpecial *)sp)->fn);
    }
}

void gc_finalizers_scan_roots(void) {
    heap_for_each_special_span(fin_scan_span, NULL);
    for (size_t i = 0; i < fin_queue.n; i++) {
        gc_mark_ptr(fin_queue.v[i].obj);
        gc_mark_ptr(fin_queue.v[i].fn);
    }
}

/* Moves the finalizers of s's unmarked objects from the span to the queue. */
static void fin_queue_span(mspan *s, void *arg) {
    (void)arg;
    for (mspecial **link = &s->specials; *link;) {
        mspecial *sp = *link;
        void *obj = fin_object(s, sp), *base;
        mspan *os;
        uintptr_t idx;
        if (sp->kind != SPECIAL_FINALIZER || !heap_find_object(obj, &base, &os, &idx) ||
            span_is_marked(os, idx)) {
            link = &sp->next;
            continue;
        }
        *link = sp->next;                       /* unlink: the record leaves the span */
        heap.nspecials--;
        FinSpecial *f = (FinSpecial *)sp;
        gc_mark_ptr(obj);                       /* kept until the finalizer has run */
        fin_append(&fin_queue, (Finalizer){ obj, f->fn, f->fint, f->ot });
        fin_special_free(sp);
    }
}

void gc_finalizers_mark_queue(void) {
    heap_for_each_special_span(fin_queue_span, NULL);
}

/* ---- runtime.runfinq: the finalizer goroutine's one frame ----
 *
 * A native with a continuation (runtime/nativecall.c), the bottom frame of the finalizer
 * goroutine. Each round takes the newest queued finalizer (Go's runfinq walks each block of its
 * queue from the end, so finalizers due in the same cycle run last-queued first), writes its
 * argument (the pointer, or an interface holding it) into the callee's params and asks the
 * loop to call it (NAT_CALL); the object stays reachable through runfinq's NatCont.gc while its
 * finalizer runs. Finalizers queued meanwhile join the same queue. An empty queue ends the
 * goroutine. */

static int fin_runfinq(GolG *g, uint8_t *frame) {
    NatCont *k = rt_native_cont(g, frame);
    k->gc = NULL;                               /* the previous finalizer has returned */
    if (fin_queue.n == 0) {
        fing = NULL;                            /* this goroutine ends: the next cycle that */
        return NAT_RETURN;                      /* queues a finalizer starts another */
    }
    Finalizer f = fin_queue.v[--fin_queue.n];   /* newest first, as Go's runfinq */
    k->gc = f.obj;
    k->step = 1;
    const FuncInfo *fn;
    memcpy(&fn, f.fn, sizeof fn);
    uint8_t *callee = rt_call_prepare(g, &frame, f.fn);
    uint8_t *param = callee + fn->results_size;
    if (f.fint->kind == K_INTERFACE) {
        GolIface e = { f.ot, f.obj };
        memcpy(param, &e, sizeof e);
    } else {
        memcpy(param, &f.obj, sizeof f.obj);
    }
    return NAT_CALL;
}

/* [NatCont: step, c, gc]: word 2 (gc, the object being finalized) is a pointer. */
static const uint8_t runfinq_ptrmask[] = { 0x04 };
const FuncInfo rt_runfinq_func = {
    .name = "runtime.runfinq", .frame_size = sizeof(NatCont), .zero_off = 0,
    .zero_size = sizeof(NatCont),
    .stackmap = { .nwords = 3, .nmaps = 1, .bits = runfinq_ptrmask },
    .native = fin_runfinq,
};

/* runfinq as a func value (a closure without captures: its first word is the FuncInfo). */
static const FuncInfo *const fin_runfinq_fnval = &rt_runfinq_func;

/* The end of a cycle (runtime/mgc.c): finalizers are due and no goroutine runs them yet.
 * g is the goroutine that collected (NULL outside any goroutine: unit tests run none). */
void gc_finalizers_start(GolG *g) {
    if (fin_queue.n == 0 || fing || !g || !g->mod) return;
    fing = sched_newproc(g, &fin_runfinq_fnval, NULL, 0);
    fing->created_by = NULL;                    /* Go's "created by runtime.createfing" is hidden */
    sched_mark_system(fing);
}

/* ---- runtime.SetFinalizer ---- */

static bool fin_in_globals(const void *p) {
    for (size_t i = 0; i < gc_nmods; i++) {
        const uint8_t *g = gc_mods[i]->globals;
        if (g && (const uint8_t *)p >= g && (const uint8_t *)p < g + gc_mods[i]->globals_size) return true;
    }
    return false;
}

static noreturn void fin_throw_cannot_pass(const TypeDesc *etyp, const TypeDesc *ftyp) {
    gc_throw("runtime.SetFinalizer: cannot pass %s to finalizer %s", etyp->name, ftyp->name);
}

/* May the pointer of type etyp be passed to a parameter of type fint? */
static bool fin_arg_ok(const TypeDesc *etyp, const TypeDesc *fint) {
    if (fint == etyp) return true;
    if (fint->name && etyp->name && strcmp(fint->name, etyp->name) == 0 &&
        (fint->flags & TDF_NAMED) == (etyp->flags & TDF_NAMED)) return true;
    if (fint->kind == K_POINTER) {
        bool unnamed = !(fint->flags & TDF_NAMED) || !(etyp->flags & TDF_NAMED);
        return unnamed && fint->elem && etyp->elem &&
               (fint->elem == etyp->elem || (fint->elem->name && etyp->elem->name &&
                                             strcmp(fint->elem->name, etyp->elem->name) == 0));
    }
    return fint->kind == K_INTERFACE && fint->nmethods == 0;
}

void gc_set_finalizer(GolG *g, GolIface obj, GolIface finalizer) {
    (void)g;
    const TypeDesc *etyp = obj.type;
    if (!etyp) gc_throw("runtime.SetFinalizer: first argument is nil");
    if (etyp->kind != K_POINTER)
        gc_throw("runtime.SetFinalizer: first argument is %s, not pointer", etyp->name);
    if (!etyp->elem) gc_throw("nil elem type!");
    void *base;
    mspan *s;
    uintptr_t idx;
    if (!obj.data || !heap_find_object(obj.data, &base, &s, &idx)) {
        if (etyp->elem->size == 0 || fin_in_globals(obj.data)) return;   /* zerobase, globals */
        gc_throw("runtime.SetFinalizer: pointer not in allocated block");
    }
    if (base != obj.data && (etyp->elem->ptrdata != 0 || etyp->elem->size >= 16))
        gc_throw("runtime.SetFinalizer: pointer not at beginning of allocated block");

    uint32_t offset = (uint32_t)((uintptr_t)obj.data - s->startAddr);
    const TypeDesc *ftyp = finalizer.type;
    if (!ftyp) {                                /* SetFinalizer(p, nil) removes it */
        fin_special_free(span_remove_special(s, offset, SPECIAL_FINALIZER));
        return;
    }
    if (ftyp->kind != K_FUNC)
        gc_throw("runtime.SetFinalizer: second argument is %s, not a function", ftyp->name);
    if (ftyp->len != 1 || !ftyp->fields) fin_throw_cannot_pass(etyp, ftyp);
    const TypeDesc *fint = ftyp->fields[0].type;
    if (!fint || !fin_arg_ok(etyp, fint)) fin_throw_cannot_pass(etyp, ftyp);
    if (!finalizer.data) return;                /* a nil func of the right type: nothing to run */
    FinSpecial *f = fin_special_alloc();
    *f = (FinSpecial){ { NULL, offset, SPECIAL_FINALIZER }, finalizer.data, fint, etyp };
    if (!span_add_special(s, &f->sp)) {
        fin_special_free(&f->sp);
        gc_throw("runtime.SetFinalizer: finalizer already set");
    }
}

size_t gc_finalizers_pending(void) { return (size_t)heap.nspecials + fin_queue.n; }

static void fin_forget_span(mspan *s, void *arg) {
    (void)arg;
    while (s->specials) fin_special_free(span_remove_special(s, s->specials->offset, s->specials->kind));
}

/* The program has ended (its last goroutine is gone): finalizers that never ran never will,
 * as in Go, and their func values belong to a module about to be freed. */
void gc_finalizers_reset(void) {
    heap_for_each_special_span(fin_forget_span, NULL);
    fin_queue.n = 0;
    fing = NULL;
}
