/* vm/repl.h — the interactive session (vm/repl.c, docs/repl.md): `gol` alone, or `gol repl`. */
#ifndef GOL_VM_REPL_H
#define GOL_VM_REPL_H

#define GOL_REPL_VERSION "0.2"

int repl_main(void);    /* reads inputs until end of input or :quit; returns the exit status */

#endif
