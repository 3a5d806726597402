/* vm/interp.h — the interpreter's entry points (vm/interp.c).
 *
 * vm_run is what `gol run` calls once a module is loaded and verified (it binds the natives
 * itself if the loader has not, and returns 1 with a message if one is missing): it creates the
 * main goroutine (a GolG with its own stack from runtime/stack.c), runs the module's entry
 * function (which initialises every package and then calls main.main) and returns the exit
 * status, 0 when main returns. Panics and os.Exit never come back here: the runtime prints and
 * exits itself.
 *
 * vm_exec is the dispatch loop. It runs `f` on a frame already built at `base` (arguments in
 * place, a FrameHeader at base-16) until that frame returns — the header of the frame it starts
 * on must have caller == NULL, which is what makes a RET there end the loop. Nothing in the loop
 * recurses on the C stack for a gol-to-gol call (DESIGN §6).
 */
#ifndef GOL_VM_INTERP_H
#define GOL_VM_INTERP_H

#include "vm/bytecode.h"
#include "runtime/runtime.h"

int  vm_run(Module *m);
void vm_exec(GolG *g, const FuncInfo *f, uint8_t *base);

/* vm_call runs the gol function value `fnval` (a closure: first word FuncInfo*) to completion
 * from C, on g's stack: a fresh bottom frame is built just above g's saved innermost frame
 * (g->base + g->func->frame_size) and a nested vm_exec runs it. `args` holds the callee's
 * [results | params] area (FuncInfo.args_size bytes): it is copied in, and the results are
 * copied back out. The stack may grow (and move) meanwhile, so the caller must hold no pointer
 * into the stack across vm_call; g->func/pc/base are restored (recomputed) afterwards.
 * The nested call's bottom header has no caller; a VmCallRecord remembers where the
 * interrupted frames continue, so the collector's stack walk (runtime/mgcmark.c) goes on past
 * it. Used for finalizers (runtime/mfinal.c). */
typedef struct VmCallRecord {
    struct VmCallRecord *prev;
    GolG *g;
    const FuncInfo *func;       /* the interrupted innermost position */
    uint32_t pc;                /* word index in func->code */
    size_t base_off;            /* its frame base, from stack_lo */
    size_t frame_off;           /* base of the nested bottom frame, from stack_lo */
} VmCallRecord;
void vm_call(GolG *g, const void *fnval, void *args);
const VmCallRecord *vm_call_records(void);     /* innermost first */

/* Backward jumps count down this budget; at zero the loop calls the preemption hook (today it
 * only refills the budget: there is one goroutine; the scheduler of a later issue yields here). */
#define VM_PREEMPT_BUDGET 10000

#endif
