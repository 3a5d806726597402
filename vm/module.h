/* vm/module.h — what the loader files of vm/ share about a Module's memory (not a contract).
 *
 * A Module built by the compiler owns its arrays itself (compiler/gen.c allocates them); one read
 * from a .golc file (vm/golc.c) gets all its memory from the module's owner arena, so
 * module_free releases it in one go. Either way, what the VM adds at load time — the static
 * closures of LOADFN and the zeroed globals — comes from the owner (vm/module.c), which is
 * created on first use and recorded in Module.owner.
 */
#ifndef GOL_VM_MODULE_H
#define GOL_VM_MODULE_H

#include "vm/bytecode.h"

Module *module_new(void);                          /* an empty module with an owner arena */
void   *module_alloc(Module *m, size_t size);      /* zeroed, 16-byte aligned, freed with m */

/* vm/golc.c: golc_read on bytes already in memory (`path` only names them in messages), and
 * the magic-number test on such bytes (the `gol` command reads a file once, then decides). */
Module *golc_read_bytes(const uint8_t *data, size_t size, const char *path, char *err, size_t errlen);
bool    golc_has_magic(const uint8_t *data, size_t size);

/* vm/disasm.c: one instruction as `gol disasm` prints it (used by GOLDEBUG=vmtrace=1). */
void disasm_instr(char *buf, size_t size, const Module *m, const uint32_t *ins);

#endif
