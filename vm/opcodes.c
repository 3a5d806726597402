/* vm/opcodes.c — the instruction table's data (see vm/opcodes.h). */
#include "vm/opcodes.h"

const OpInfo op_info[OP__COUNT] = {
#define OP_INFO(name, operands, widths, flags, effect) { #name, operands, widths, flags, effect },
    OPCODES(OP_INFO)
#undef OP_INFO
};

bool op_is_backedge(const uint32_t *code, uint32_t pc) {
    Opcode op = (Opcode)code[pc];
    if (!(op_info[op].flags & OPF_JUMP) || op == OP_MAPNEXT) return false;
    const char *ops = op_info[op].operands;
    for (int k = 0; ops[k]; k++)
        if (ops[k] == 'j') return code[pc + 1 + k] <= pc;
    return false;
}
