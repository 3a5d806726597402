/* vm/module.h — what the loader files of vm/ share (not a contract): reading a .golc from
 * memory and printing one instruction. A module's memory (module_new, module_alloc,
 * module_own, module_free) is the runtime's: runtime/moduledata.c.
 */
#ifndef GOL_VM_MODULE_H
#define GOL_VM_MODULE_H

#include "vm/bytecode.h"


/* vm/golc.c: golc_read on bytes already in memory (`path` only names them in messages), and
 * the magic-number test on such bytes (the `gol` command reads a file once, then decides). */
Module *golc_read_bytes(const uint8_t *data, size_t size, const char *path, char *err, size_t errlen);
bool    golc_has_magic(const uint8_t *data, size_t size);

/* vm/disasm.c: one instruction as `gol disasm` prints it (used by GOLDEBUG=vmtrace=1). */
void disasm_instr(char *buf, size_t size, const Module *m, const uint32_t *ins);

/* vm/module.c: binds the functions a REPL input added to its session's module. */
bool module_bind_new(Module *m, uint32_t from, char *err, size_t errlen);

#endif
