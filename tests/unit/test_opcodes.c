/* tests/unit/test_opcodes.c — the instruction table is consistent.
 *
 * Every part of gol reads vm/opcodes.h (the emitter, the verifier, the disassembler, the
 * interpreter's dispatch table), so a typo there would show up everywhere at once. These checks
 * catch it first: names unique and spelled as identifiers, operand strings made of known kinds,
 * flags coherent with the operands, and the verifier's width table in step with the operands;
 * and the disassembler, which decodes every operand by its kind, prints what the table says.
 */
#include <check.h>
#include <ctype.h>
#include <string.h>
#include "vm/module.h"
#include "tests/unit/vm_asm.h"

START_TEST(test_names_unique) {
    for (int i = 0; i < OP__COUNT; i++) {
        const char *n = op_info[i].name;
        ck_assert_ptr_nonnull(n);
        ck_assert_int_gt((int)strlen(n), 0);
        for (const char *p = n; *p; p++)
            ck_assert_msg(isupper((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_',
                          "bad character in opcode name %s", n);
        for (int j = i + 1; j < OP__COUNT; j++)
            ck_assert_msg(strcmp(n, op_info[j].name) != 0, "duplicate opcode name %s", n);
    }
    ck_assert_str_eq(op_info[OP_ADD_I].name, "ADD_I");
    ck_assert_str_eq(op_info[OP_RET].name, "RET");
}
END_TEST

START_TEST(test_operand_strings) {
    for (int i = 0; i < OP__COUNT; i++) {
        const OpInfo *op = &op_info[i];
        ck_assert_ptr_nonnull(op->operands);
        ck_assert_ptr_nonnull(op->effect);
        int njumps = 0;
        for (const char *p = op->operands; *p; p++) {
            ck_assert_msg(strchr("dsinkjftgz", *p) != NULL, "%s: unknown operand kind '%c'", op->name, *p);
            njumps += *p == 'j';
        }
        ck_assert_msg((njumps > 0) == ((op->flags & OPF_JUMP) != 0), "%s: OPF_JUMP and 'j' disagree", op->name);
        ck_assert_int_eq(op_length((Opcode)i), 1 + (int)strlen(op->operands));
        ck_assert_msg((op->flags & ~(OPF_SP | OPF_PANIC | OPF_JUMP | OPF_END | OPF_CALL)) == 0, "%s: unknown flags", op->name);
    }
}
END_TEST

START_TEST(test_flags) {
    ck_assert(op_info[OP_CALL].flags & OPF_SP);
    ck_assert(op_info[OP_CALLIND].flags & OPF_SP);
    ck_assert(op_info[OP_RET].flags & OPF_END);
    ck_assert(op_info[OP_JMP].flags & OPF_END);
    ck_assert(op_info[OP_PANIC].flags & OPF_END);
    ck_assert(op_info[OP_DIV_I].flags & OPF_PANIC);
    ck_assert(!(op_info[OP_ADD_I].flags & (OPF_SP | OPF_PANIC)));
}
END_TEST

START_TEST(test_verify_widths_match) {
    for (int i = 0; i < OP__COUNT; i++) {
        const char *w = op_info[i].widths;
        const char *ops = op_info[i].operands;
        ck_assert_msg(strlen(w) == strlen(ops), "%s: width string \"%s\" vs operands \"%s\"",
                      op_info[i].name, w, ops);
        for (int k = 0; ops[k]; k++) {
            bool slot = ops[k] == 'd' || ops[k] == 's';
            ck_assert_msg(slot == (w[k] != '-'), "%s: operand %d width '%c' for kind '%c'",
                          op_info[i].name, k + 1, w[k], ops[k]);
            if (w[k] == 'N') ck_assert_msg(strchr(ops, 'n'), "%s: N without an n operand", op_info[i].name);
            if (w[k] == 'M') ck_assert_msg(strchr(strchr(ops, 'n') + 1, 'n'), "%s: M without two n", op_info[i].name);
            if (w[k] == 'T') ck_assert_msg(strchr(ops, 't'), "%s: T without a t operand", op_info[i].name);
        }
    }
}
END_TEST

/* The disassembler decodes operands by the table's kinds: slots, immediates, jumps, names. */
START_TEST(test_disasm_fib) {
    Module *m = asm_fib_module(5);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    disasm_module(out, m);
    fclose(out);
    ck_assert_msg(strstr(text, "func main.fib  (test.gol:1)\n"), "%s", text);
    ck_assert_msg(strstr(text, "frame 64 bytes: results 8, params 8, zeroed [0,0)"), "%s", text);
    ck_assert_msg(strstr(text, "      0     2  JGEI        @8, 2, ->8\n"), "%s", text);
    ck_assert_msg(strstr(text, "      8        ADDI        @56, @8, -1\n"), "%s", text);
    ck_assert_msg(strstr(text, "     12        CALL        main.fib, @32"), "%s", text);
    ck_assert_msg(strstr(text, "ptrs{}\n"), "%s", text);
    ck_assert_msg(strstr(text, "      7        RET\n"), "%s", text);
    ck_assert_msg(strstr(text, "globals: 8 bytes, ptrs{}"), "%s", text);
    free(text);
    asm_free(m);
}
END_TEST

Suite *opcodes_suite(void) {
    Suite *s = suite_create("opcodes");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, test_names_unique);
    tcase_add_test(tc, test_operand_strings);
    tcase_add_test(tc, test_flags);
    tcase_add_test(tc, test_verify_widths_match);
    tcase_add_test(tc, test_disasm_fib);
    suite_add_tcase(s, tc);
    return s;
}
