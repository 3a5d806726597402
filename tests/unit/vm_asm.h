/* tests/unit/vm_asm.h — hand-assembled modules for the VM's unit tests.
 *
 * The interpreter, verifier and .golc tests need modules without the compiler, so they write
 * code as word arrays (`OP_ADD_I, 0, 8, 16`) and build a Module around them here. asm_func
 * gives every safepoint an all-zero stack map (hand-written test code holds no heap pointers
 * across calls), so the modules pass module_verify unless a test breaks them on purpose.
 * Everything is malloc'd and freed by asm_free.
 */
#ifndef GOL_TESTS_VM_ASM_H
#define GOL_TESTS_VM_ASM_H

#include <stdlib.h>
#include <string.h>
#include "vm/bytecode.h"
#include "vm/module.h"

static inline Module *asm_module(uint32_t nfuncs) {
    Module *m = calloc(1, sizeof *m);
    m->nfuncs = nfuncs;
    m->funcs = calloc(nfuncs, sizeof(FuncInfo));
    static const char *files[] = { "test.gol" };
    m->files = files;
    m->nfiles = 1;
    return m;
}

/* Function i: `code` is copied; every OPF_SP instruction gets map 0 (no pointers). */
static inline FuncInfo *asm_func(Module *m, uint32_t i, const char *name, uint32_t frame,
                                 uint32_t results, uint32_t args, const uint32_t *code, uint32_t ncode) {
    FuncInfo *f = &m->funcs[i];
    f->name = name;
    f->index = i;
    f->frame_size = frame;
    f->results_size = results;
    f->args_size = args;
    f->line = 1;
    if (ncode) {
        uint32_t *c = malloc(sizeof(uint32_t) * ncode);
        memcpy(c, code, sizeof(uint32_t) * ncode);
        f->code = c;
        f->ncode = ncode;
        uint32_t *pcs = calloc(ncode, sizeof(uint32_t)), *idx = calloc(ncode, sizeof(uint32_t)), np = 0;
        for (uint32_t pc = 0; pc < ncode && code[pc] < OP__COUNT; pc += (uint32_t)op_length((Opcode)code[pc]))
            if (op_info[code[pc]].flags & OPF_SP) pcs[np++] = pc;
        f->stackmap.nwords = frame / 8;
        f->stackmap.nmaps = 1;
        f->stackmap.bits = calloc(frame / 64 + 1, 1);
        f->stackmap.npcs = np;
        f->stackmap.pcs = pcs;
        f->stackmap.map_index = idx;
        LineEntry *lines = malloc(sizeof(LineEntry));
        lines[0] = (LineEntry){ 0, 2 };
        f->lines = lines;
        f->nlines = 1;
    }
    return f;
}

static inline void asm_free(Module *m) {
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        FuncInfo *f = &m->funcs[i];
        free((void *)f->code);
        free((void *)f->stackmap.bits);
        free((void *)f->stackmap.pcs);
        free((void *)f->stackmap.map_index);
        free((void *)f->lines);
    }
    free(m->funcs);
    free(m->consts);
    free(m->strings);
    free(m->types);
    m->funcs = NULL;
    m->nfuncs = 0;
    module_free(m);     /* the owner's closures and globals, and m itself */
}

/* fib(n) as gen would lay it out: [0] result, [8] n, [16] t, [32] call header, [48] callee
 * result, [56] callee n.  Function 1 of a module whose function 0 is `main`. */
static const uint32_t asm_fib_code[] = {
    OP_JGEI, 8, 2, 8,           /*  0: if n >= 2 goto 8 */
    OP_MOV, 0, 8,               /*  4: return n */
    OP_RET,                     /*  7 */
    OP_ADDI, 56, 8, (uint32_t)-1,   /*  8: fib(n-1) */
    OP_CALL, 1, 32,             /* 12 */
    OP_MOV, 16, 48,             /* 15 */
    OP_ADDI, 56, 8, (uint32_t)-2,   /* 18: fib(n-2) */
    OP_CALL, 1, 32,             /* 22 */
    OP_ADD_I, 0, 16, 48,        /* 25 */
    OP_RET,                     /* 29 */
};

/* main: [0] scratch pointer, [8] call header, [24] result, [32] argument; stores the result
 * in globals[0..8). */
static inline Module *asm_fib_module(int32_t n) {
    uint32_t main_code[] = {
        OP_LOADI, 32, (uint32_t)n,
        OP_CALL, 1, 8,
        OP_GADDR, 0, 0,
        OP_ST_64, 0, 0, 24,
        OP_RET,
    };
    Module *m = asm_module(2);
    asm_func(m, 0, "main.main", 40, 0, 0, main_code, sizeof main_code / 4);
    asm_func(m, 1, "main.fib", 64, 8, 16, asm_fib_code, sizeof asm_fib_code / 4);
    m->globals_size = 8;
    m->entry = 0;
    m->main_func = 0;
    return m;
}

/* A pointer slot its stack map wrongly calls dead (the liveness bug GOLDEBUG=clobberdead=1
 * exists to expose): main's pointer slot p @8 (zeroed area [8,16), StackMap.ptrwords = {@8})
 * gets &globals[2], a call is made (a safepoint whose map, all zero, leaves p out), then p is
 * read back and stored in globals[0]. Function 1, main.leaf, only returns. */
static inline Module *asm_wrongly_dead_module(void) {
    static const uint32_t main_code[] = {
        OP_GADDR, 8, 16,            /*  0: p = &globals[2] */
        OP_CALL, 1, 16,             /*  3: safepoint: the map says p is dead, but it is read below */
        OP_GADDR, 0, 0,             /*  6 */
        OP_ST_64, 0, 0, 8,          /*  9: globals[0] = p */
        OP_RET,                     /* 13 */
    };
    static const uint32_t leaf_code[] = { OP_RET };
    static const uint8_t ptrwords[] = { 0x02, 0 };
    Module *m = asm_module(2);
    FuncInfo *f = asm_func(m, 0, "main.main", 48, 0, 0, main_code, sizeof main_code / 4);
    f->zero_off = 8;
    f->zero_size = 8;
    f->stackmap.ptrwords = ptrwords;
    asm_func(m, 1, "main.leaf", 0, 0, 0, leaf_code, 1);
    m->globals_size = 24;
    m->entry = 0;
    m->main_func = 0;
    return m;
}

#endif
