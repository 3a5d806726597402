/* vm/bytecode.h — the contract between compile time and run time.
 *
 * The compiler (compiler/gen*.c) fills a Module; `gol build` serialises it to a .golc file
 * (vm/golc.c); the interpreter (vm/interp.c) runs it; the runtime (runtime/) reads the parts it
 * needs — type descriptors to allocate and print values, function metadata to walk frames for
 * tracebacks and, in the collector, stack maps. Nothing else crosses the boundary.
 *
 * The data of the contract is the runtime's: value layouts and type descriptors in
 * runtime/type.h; functions, stack maps, frames, natives and modules in runtime/symtab.h (which
 * also explains the frame layout and which stack map describes which frame). What is the VM's
 * own is the instruction set (vm/opcodes.h), the .golc file format and the loader's checks,
 * declared here.
 */
#ifndef GOL_VM_BYTECODE_H
#define GOL_VM_BYTECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "runtime/symtab.h"
#include "vm/opcodes.h"

#define GOLC_MAGIC    "GOLC"
#define GOLC_VERSION  3u

/* vm/module.c */
bool        module_bind_natives(Module *m, char *err, size_t errlen);

/* vm/golc.c — serialisation. Loading validates everything and runs the verifier; any failure
 * returns NULL with a message such as "x.golc: truncated file" or "x.golc: bad checksum". */
bool    golc_write(const Module *m, const char *path, char *err, size_t errlen);
Module *golc_read(const char *path, char *err, size_t errlen);
bool    golc_is_golc(const char *path);   /* by magic number */

/* vm/verify.c — every operand in range, every jump on an instruction boundary, frames fit. */
bool module_verify(const Module *m, char *err, size_t errlen);

/* vm/disasm.c */
void disasm_module(FILE *out, const Module *m);
void disasm_func(FILE *out, const Module *m, const FuncInfo *f);

#endif
