/* compiler/gen_stackmap.c — the stack map of every safepoint.
 *
 * The collector finds the pointers in a suspended frame from its function's StackMap: for the
 * pc the frame is stopped at (always an OPF_SP instruction: a call, an allocation, anything that
 * may reach mallocgc), a bitmap with one bit per 8-byte frame word (vm/bytecode.h).
 *
 * The maps are type-precise: a word is marked when the slot it belongs to holds a pointer in
 * its type — results and params from the signature, and every slot of the pointer region
 * (gen_frame.c). Because frame words never change kind within a function and the pointer region
 * is zeroed on entry, such a word always holds nil or a valid pointer, so one map serves every
 * safepoint of the function (nmaps = 1); a dead pointer may keep its object alive a little
 * longer, never less. A liveness pass can later refine the map per pc without changing the
 * format. The outgoing call area is never marked: at a CALL the callee's own map covers it.
 */
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"

void gen_stackmap_build(Gen *g, FuncInfo *fi) {
    GenFunc *f = g->f;
    uint32_t nwords = fi->frame_size / 8;
    uint32_t nbytes = (nwords + 7) / 8;
    uint8_t *bits = calloc(nbytes ? nbytes : 1, 1);
    uint32_t fixed_words = f->fixed_size / 8;
    for (uint32_t w = 0; w < fixed_words && f->fixed_bits; w++)
        if (f->fixed_bits[w / 8] & (1u << (w % 8))) bits[w / 8] |= (uint8_t)(1u << (w % 8));
    uint32_t base = fi->zero_off / 8;
    for (uint32_t w = 0; w < f->ptr_top / 8 && f->ptr_bits; w++)
        if (f->ptr_bits[w / 8] & (1u << (w % 8))) bits[(base + w) / 8] |= (uint8_t)(1u << ((base + w) % 8));

    uint32_t npcs = 0;
    for (uint32_t pc = 0; pc < fi->ncode; pc += (uint32_t)op_length((Opcode)fi->code[pc]))
        if (op_info[fi->code[pc]].flags & OPF_SP) npcs++;
    uint32_t *pcs = malloc(sizeof(uint32_t) * (npcs ? npcs : 1));
    uint32_t *idx = calloc(npcs ? npcs : 1, sizeof(uint32_t));
    npcs = 0;
    for (uint32_t pc = 0; pc < fi->ncode; pc += (uint32_t)op_length((Opcode)fi->code[pc]))
        if (op_info[fi->code[pc]].flags & OPF_SP) pcs[npcs++] = pc;
    fi->stackmap.nwords = nwords;
    fi->stackmap.nmaps = 1;
    fi->stackmap.bits = bits;
    fi->stackmap.npcs = npcs;
    fi->stackmap.pcs = pcs;
    fi->stackmap.map_index = idx;
}
