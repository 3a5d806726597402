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
 *      now (so this cycle does not free it), its record moves from the table to the queue,
 *      and gc_finq_ready is set. The queue is a root of later cycles until f has run.
 *   3. The queue runs "later" — Go uses a finalizer goroutine; gol, until it has a scheduler,
 *      drains it on the current goroutine right after the next native call returns: the loop
 *      (vm/interp.c) pushes runtime.runfinq, a native that has the loop call each finalizer as
 *      an ordinary gol frame (below; runtime/nativecall.c explains natives that call gol code).
 *      After f returns the object is an ordinary unreachable object: the next cycle frees it.
 *
 * SetFinalizer's checks and messages are Go's (fatal errors, "runtime.SetFinalizer: ..."):
 * the first argument must be a pointer to the start of a heap object (pointers to globals and
 * zero-sized objects are accepted and ignored, as Go does), the second nil (removes the
 * finalizer) or a func of one parameter that the pointer can be passed to: its own type, an
 * unnamed pointer type with the same element, or an empty interface.
 *
 * The table is a plain array (SetFinalizer is rare; Go keeps specials per span instead).
 */
#include <stdlib.h>
#include <string.h>
#include "runtime/mgc.h"
#include "runtime/mheap.h"

typedef struct Finalizer {
    void *obj;                      /* base of the object */
    const void *fn;                 /* the func value (closure) */
    const TypeDesc *fint;           /* its parameter's type */
    const TypeDesc *ot;             /* the pointer type SetFinalizer saw */
} Finalizer;

typedef struct FinList { Finalizer *v; size_t n, cap; } FinList;

static FinList fin_table;           /* objects with a finalizer, not yet unreachable */
static FinList fin_queue;           /* unreachable: their finalizers are due */
static bool fin_running;
bool gc_finq_ready;

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

static Finalizer *fin_find(void *obj) {
    for (size_t i = 0; i < fin_table.n; i++)
        if (fin_table.v[i].obj == obj) return &fin_table.v[i];
    return NULL;
}

/* ---- the collector's side ---- */

void gc_finalizers_scan_roots(void) {
    for (size_t i = 0; i < fin_table.n; i++) {
        gc_scan_object_fields(fin_table.v[i].obj);
        gc_mark_ptr(fin_table.v[i].fn);
    }
    for (size_t i = 0; i < fin_queue.n; i++) {
        gc_mark_ptr(fin_queue.v[i].obj);
        gc_mark_ptr(fin_queue.v[i].fn);
    }
}

void gc_finalizers_mark_queue(void) {
    size_t kept = 0;
    for (size_t i = 0; i < fin_table.n; i++) {
        Finalizer f = fin_table.v[i];
        void *base;
        mspan *s;
        uintptr_t idx;
        if (heap_find_object(f.obj, &base, &s, &idx) && !span_is_marked(s, idx)) {
            gc_mark_ptr(f.obj);                 /* kept until the finalizer has run */
            fin_append(&fin_queue, f);
            if (!fin_running) gc_finq_ready = true;   /* a running drain takes it anyway */
        } else {
            fin_table.v[kept++] = f;
        }
    }
    fin_table.n = kept;
}

/* ---- runtime.runfinq: the queue, drained by the loop ----
 *
 * A native with a continuation (runtime/nativecall.c) that vm/interp.c pushes when a native
 * returns with gc_finq_ready set. Each round takes the oldest queued finalizer, writes its
 * argument (the pointer, or an interface holding it) into the callee's params and asks the loop
 * to call it (NAT_CALL); the object stays reachable through runfinq's NatCont.gc while its
 * finalizer runs. Finalizers queued meanwhile join the same queue and run in the same drain,
 * not in a nested one. */

static size_t fin_head;            /* next queued finalizer to run */

static int fin_runfinq(GolG *g, uint8_t *frame) {
    NatCont *k = rt_native_cont(g, frame);
    if (k->step == 0) {
        fin_running = true;
        gc_finq_ready = false;
    }
    k->gc = NULL;                               /* the previous finalizer has returned */
    if (fin_head >= fin_queue.n) {
        fin_queue.n = fin_head = 0;
        fin_running = false;
        return NAT_RETURN;
    }
    Finalizer f = fin_queue.v[fin_head];
    fin_queue.v[fin_head++].obj = NULL;
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

    const TypeDesc *ftyp = finalizer.type;
    if (!ftyp) {                                /* SetFinalizer(p, nil) removes it */
        Finalizer *f = fin_find(obj.data);
        if (f) *f = fin_table.v[--fin_table.n];
        return;
    }
    if (ftyp->kind != K_FUNC)
        gc_throw("runtime.SetFinalizer: second argument is %s, not a function", ftyp->name);
    if (ftyp->len != 1 || !ftyp->fields) fin_throw_cannot_pass(etyp, ftyp);
    const TypeDesc *fint = ftyp->fields[0].type;
    if (!fint || !fin_arg_ok(etyp, fint)) fin_throw_cannot_pass(etyp, ftyp);
    if (!finalizer.data) return;                /* a nil func of the right type: nothing to run */
    if (fin_find(obj.data)) gc_throw("runtime.SetFinalizer: finalizer already set");
    fin_append(&fin_table, (Finalizer){ obj.data, finalizer.data, fint, etyp });
}

size_t gc_finalizers_pending(void) { return fin_table.n + fin_queue.n; }

/* The program has ended (its last goroutine is gone): finalizers that never ran never will,
 * as in Go, and their func values belong to a module about to be freed. */
void gc_finalizers_reset(void) {
    fin_table.n = 0;
    fin_queue.n = fin_head = 0;
    fin_running = false;
    gc_finq_ready = false;
}
