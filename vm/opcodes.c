/* vm/opcodes.c — the instruction table's data (see vm/opcodes.h). */
#include "vm/opcodes.h"

const OpInfo op_info[OP__COUNT] = {
#define OP_INFO(name, operands, widths, flags, effect) { #name, operands, widths, flags, effect },
    OPCODES(OP_INFO)
#undef OP_INFO
};
