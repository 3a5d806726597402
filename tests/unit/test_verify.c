/* tests/unit/test_verify.c — the verifier refuses every kind of bad module, with a message
 * that says which function, which pc, which instruction and what is wrong.
 *
 * Each test takes a one-function module (main.main, 64-byte frame) that is valid except for
 * one thing, and checks the exact message. The fib module of vm_asm.h must pass.
 */
#include <check.h>
#include <string.h>
#include "tests/unit/vm_asm.h"

static char err[512];

/* Verifies a module whose main.main is `code` with a 64-byte frame. */
static bool verify_code(const uint32_t *code, uint32_t ncode) {
    Module *m = asm_fib_module(3);
    free((void *)m->funcs[0].code);
    free((void *)m->funcs[0].stackmap.pcs);
    free((void *)m->funcs[0].stackmap.map_index);
    free((void *)m->funcs[0].stackmap.bits);
    free((void *)m->funcs[0].lines);
    asm_func(m, 0, "main.main", 64, 0, 0, code, ncode);
    static double k = 1.5;
    m->nconsts = 1;
    m->consts = malloc(8);
    memcpy(m->consts, &k, 8);
    err[0] = 0;
    bool ok = module_verify(m, err, sizeof err);
    asm_free(m);
    return ok;
}

#define REFUSED(msg, ...) do { \
        uint32_t code_[] = { __VA_ARGS__ }; \
        ck_assert_msg(!verify_code(code_, sizeof code_ / 4), "accepted, expected: %s", msg); \
        ck_assert_str_eq(err, msg); } while (0)

START_TEST(test_valid) {
    Module *m = asm_fib_module(10);
    ck_assert_msg(module_verify(m, err, sizeof err), "%s", err);
    asm_free(m);
    uint32_t code[] = { OP_LOADK, 8, 0, OP_MOV3, 40, 16, OP_RET };
    ck_assert_msg(verify_code(code, 7), "%s", err);
}
END_TEST

START_TEST(test_opcodes_and_layout) {
    REFUSED("verify: main.main: pc 3: unknown opcode 9999", OP_LOADI, 8, 1, 9999, OP_RET);
    REFUSED("verify: main.main: pc 0 (ADD_I): instruction runs past the end of the code", OP_ADD_I, 0, 8);
    REFUSED("verify: main.main: code ends with LOADI, which falls through", OP_LOADI, 8, 1);
}
END_TEST

START_TEST(test_frame_slots) {
    REFUSED("verify: main.main: pc 0 (MOV): operand 1: frame slot @64+8 outside the frame (size 64)",
            OP_MOV, 64, 0, OP_RET);
    REFUSED("verify: main.main: pc 0 (MOV2): operand 2: frame slot @56+16 outside the frame (size 64)",
            OP_MOV2, 0, 56, OP_RET);
    REFUSED("verify: main.main: pc 0 (MOV3): operand 1: frame slot @48+24 outside the frame (size 64)",
            OP_MOV3, 48, 0, OP_RET);
    REFUSED("verify: main.main: pc 0 (COPY): operand 1: frame slot @8+100 outside the frame (size 64)",
            OP_COPY, 8, 0, 100, OP_RET);
    REFUSED("verify: main.main: pc 0 (LD_N): operand 1: frame slot @0+72 outside the frame (size 64)",
            OP_LD_N, 0, 8, 0, 72, OP_RET);
    REFUSED("verify: main.main: pc 0 (ADD_I): operand 3: frame slot @4294967288+8 outside the frame (size 64)",
            OP_ADD_I, 0, 8, (uint32_t)-8, OP_RET);
}
END_TEST

START_TEST(test_indices) {
    REFUSED("verify: main.main: pc 0 (LOADK): operand 2: constant 1 out of range (1)", OP_LOADK, 8, 1, OP_RET);
    REFUSED("verify: main.main: pc 0 (LOADSTR): operand 2: string 0 out of range (0)", OP_LOADSTR, 8, 0, OP_RET);
    REFUSED("verify: main.main: pc 0 (NEW): operand 2: type 0 out of range (0)", OP_NEW, 8, 0, OP_RET);
    REFUSED("verify: main.main: pc 0 (LOADFN): operand 2: function 2 out of range (2)", OP_LOADFN, 8, 2, OP_RET);
    REFUSED("verify: main.main: pc 0 (GADDR): operand 2: global offset 16 outside the globals (size 8)",
            OP_GADDR, 8, 16, OP_RET);
    REFUSED("verify: main.main: pc 0 (SHLI): shift count 64 is not below 64", OP_SHLI, 8, 8, 64, OP_RET);
}
END_TEST

START_TEST(test_jumps) {
    REFUSED("verify: main.main: pc 0 (JMP): jump target 1 is not an instruction boundary", OP_JMP, 1, OP_RET);
    REFUSED("verify: main.main: pc 0 (JMP): operand 1: jump target 3 outside the code (3 words)",
            OP_JMP, 3, OP_RET);
    REFUSED("verify: main.main: pc 3 (JLTI): jump target 2 is not an instruction boundary",
            OP_LOADI, 8, 0, OP_JLTI, 8, 3, 2, OP_RET);
}
END_TEST

START_TEST(test_calls) {
    /* fib takes 16 bytes of results and params: header at 40 needs 40 + 16 + 16 = 72 > 64 */
    REFUSED("verify: main.main: pc 0 (CALL): call frame @40 + 16 + 16 bytes of arguments exceeds the frame (size 64)",
            OP_CALL, 1, 40, OP_RET);
    REFUSED("verify: main.main: pc 0 (CALL): call frame at @4 is not 8-byte aligned", OP_CALL, 1, 4, OP_RET);
    REFUSED("verify: main.main: pc 0 (CALLNAT): CALLNAT of bytecode function main.fib", OP_CALLNAT, 1, 8, OP_RET);
    REFUSED("verify: main.main: pc 0 (CALLIND): call frame @56 + 16 + 0 bytes of arguments exceeds the frame (size 64)",
            OP_CALLIND, 8, 56, OP_RET);
    REFUSED("verify: main.main: pc 3 (GETCTX): GETCTX is not the function's first instruction",
            OP_LOADI, 8, 1, OP_GETCTX, 16, OP_RET);
}
END_TEST

START_TEST(test_stack_maps_and_header) {
    Module *m = asm_fib_module(3);
    FuncInfo *fib = &m->funcs[1];
    uint32_t npcs = fib->stackmap.npcs;
    fib->stackmap.npcs = 1;                  /* the second CALL loses its map */
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: main.fib: pc 22 (CALL): safepoint without a stack map");
    fib->stackmap.npcs = npcs;
    ((uint32_t *)fib->stackmap.pcs)[0] = 13;
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: main.fib: stack map pc 13 is not an instruction");
    ((uint32_t *)fib->stackmap.pcs)[0] = 12;
    fib->results_size = 24;
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: main.fib: results 24, arguments 16 and frame 64 bytes do not nest");
    fib->results_size = 8;
    m->funcs[0].args_size = 8;
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: entry function main.main must be bytecode without arguments");
    m->funcs[0].args_size = 0;
    m->entry = 5;
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: entry function 5 out of range (2)");
    m->entry = 0;
    ck_assert_msg(module_verify(m, err, sizeof err), "%s", err);
    asm_free(m);
}
END_TEST

/* StackMap.ptrwords: the maps are cut from it, and its slots are zeroed on entry. */
START_TEST(test_pointer_words) {
    Module *m = asm_wrongly_dead_module();
    ck_assert_msg(module_verify(m, err, sizeof err), "%s", err);
    FuncInfo *f = &m->funcs[0];
    uint8_t *bits = (uint8_t *)f->stackmap.bits;
    bits[0] = 0x04;                          /* @16 is marked but is no pointer slot */
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: main.main: stack map 0 marks word @16, which is not a pointer slot");
    bits[0] = 0;
    f->zero_size = 0;
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: main.main: pointer slot @8 is outside the zeroed area [8,8)");
    f->zero_size = 8;
    ck_assert_msg(module_verify(m, err, sizeof err), "%s", err);
    FuncInfo *leaf = &m->funcs[1];           /* a pointer param its map leaves out */
    static const uint8_t param_ptr[] = { 0x01 };
    leaf->frame_size = leaf->args_size = 8;
    leaf->stackmap.nwords = 1;
    leaf->stackmap.ptrwords = param_ptr;
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: main.leaf: stack map 0 leaves out pointer word @0 of the results and params");
    asm_free(m);
}
END_TEST

START_TEST(test_types) {
    static TypeDesc types[2];
    Module *m = asm_fib_module(3);
    types[0] = (TypeDesc){ .kind = K_STRING, .size = 8, .align = 8, .name = "string" };
    types[1] = (TypeDesc){ .kind = K_ARRAY, .size = 24, .align = 8, .len = 4, .elem = &types[0], .name = "[4]string" };
    m->types = types;
    m->ntypes = 2;
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: type 0 (string): size 8, but values of its kind have 16 bytes");
    types[0].size = 16;
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: type 1 ([4]string): array of 4 elements has size 24");
    types[1].size = 64;
    ck_assert_msg(module_verify(m, err, sizeof err), "%s", err);
    static TypeDesc stranger = { .kind = K_INT, .size = 8, .align = 8, .name = "int" };
    types[1].elem = &stranger;
    ck_assert(!module_verify(m, err, sizeof err));
    ck_assert_str_eq(err, "verify: type 1 ([4]string): element type outside the module");
    m->types = NULL;
    m->ntypes = 0;
    asm_free(m);
}
END_TEST

Suite *verify_suite(void) {
    Suite *s = suite_create("verify");
    TCase *tc = tcase_create("refusals");
    tcase_add_test(tc, test_valid);
    tcase_add_test(tc, test_opcodes_and_layout);
    tcase_add_test(tc, test_frame_slots);
    tcase_add_test(tc, test_indices);
    tcase_add_test(tc, test_jumps);
    tcase_add_test(tc, test_calls);
    tcase_add_test(tc, test_stack_maps_and_header);
    tcase_add_test(tc, test_types);
    tcase_add_test(tc, test_pointer_words);
    suite_add_tcase(s, tc);
    return s;
}
