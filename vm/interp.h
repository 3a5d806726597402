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
 * on must have caller == NULL and ret_pc RETPC_EXIT, which is what makes a RET there end the
 * loop. Nothing in the loop recurses on the C stack (DESIGN §6): not a gol-to-gol call, and not a
 * call the runtime wants made (String() from fmt, a panic's Error(), finalizers): natives ask
 * for those by returning NAT_CALL, and the loop runs them as ordinary frames
 * (runtime/nativecall.c).
 */
#ifndef GOL_VM_INTERP_H
#define GOL_VM_INTERP_H

#include "vm/bytecode.h"
#include "runtime/runtime.h"

int  vm_run(Module *m);
void vm_exec(GolG *g, const FuncInfo *f, uint8_t *base);

/* The REPL's runs (vm/repl.c): its main goroutine, one input's entry on it, and resuming the
 * scheduler after a background goroutine was dropped. */
GolG *vm_session_start(Module *m);
void  vm_session_call(GolG *g, const FuncInfo *entry);
void  vm_session_resume(GolG *g);


#endif
