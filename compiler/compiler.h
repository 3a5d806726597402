/* compiler/compiler.h — the compiler's entry points: syntax tree in, bytecode module out.
 *
 *   Program *p = check_program(file, &diags);    type-check main and every import
 *   Module  *m = gen_module(p, &diags);          generate bytecode (vm/bytecode.h)
 *
 * check_program loads imported standard packages from the sources embedded from runtime/lib/
 * (runtime/stdlib.h), parses and checks each once, and returns NULL only if errors were
 * reported. gen_module lays out frames and globals, emits code, type descriptors, line tables
 * and stack maps; with `escape_report` set it prints Go's -m lines ("moved to heap: x"). */
#ifndef GOL_COMPILER_COMPILER_H
#define GOL_COMPILER_COMPILER_H
#include "lang/ast.h"
#include "lang/diag.h"
#include "compiler/types.h"

typedef struct Program {
    Package *main;
    Package **pkgs;         /* every package, dependencies before dependents, main last */
    int npkgs;
    struct Arena *arena;
} Program;

typedef struct GenOptions {
    bool escape_report;     /* gol build -m */
} GenOptions;

struct Module;
Program       *check_program(SourceFile *main_file, DiagList *diags);
struct Module *gen_module(Program *p, const GenOptions *opt, DiagList *diags);

#endif
