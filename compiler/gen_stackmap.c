/* compiler/gen_stackmap.c — the stack map of every safepoint.
 *
 * The collector finds the pointers of a suspended frame from its function's StackMap: for the
 * pc the frame is stopped at (an OPF_SP instruction: a call, an allocation, anything that may
 * reach mallocgc; an OPF_PANIC one, where a frame that panicked waits while its deferred
 * calls run — OPF_MAPPED; or a loop back-edge, where the scheduler may switch goroutines —
 * vm/opcodes.h op_has_map), a bitmap with one bit per 8-byte frame word (runtime/symtab.h).
 *
 * The maps are liveness-precise for the pointer region and type-precise elsewhere:
 *
 *   - results and params: every pointer word of their types (results are read by the caller
 *     after RET; params belong to the caller's arguments);
 *   - pointer region: a pointer word is marked at a safepoint only if it is live there, i.e.
 *     some path from the instruction reads it before overwriting it. The set marked is the
 *     instruction's live-in set: its own operands (CONCAT's strings, BOX's value, which the
 *     runtime still reads while it allocates) and everything live after it that it does not
 *     overwrite;
 *   - a slot whose frame address is taken (FADDR: frame arrays indexed in place, the backing
 *     array of a variadic call) counts as read in full by the FADDR and by the call the
 *     address is passed to (the callee reads it). Stores through the address are not counted
 *     as writes, which only keeps the slot live longer;
 *   - a frame object whose address lives on (an address-taken variable escape analysis kept in
 *     the frame, a non-escaping &T{...}, new(T), make or slice literal: GenFunc.addr_slots) is
 *     marked at every safepoint: reads and writes through its address are invisible here, and
 *     marking it everywhere is safe because the pointer region is zeroed on entry. The stack
 *     mover (runtime/stack.c) relies on these marks to adjust the pointers such objects hold.
 *
 * A function without safepoints keeps one map, of its results and params; a native gets the
 * same (gen_stackmap_native: one map, no pcs, valid wherever it is, runtime/symtab.h) so that the
 * collector can scan a native's arguments while it allocates.
 *
 * Why this is safe: gen_frame.c gives every word one kind for the whole function and the VM
 * zeroes the pointer region on entry. If a word is dead at a safepoint, no path reads it before
 * a write, so a later safepoint that marks it sees a newly written (valid) pointer, never a
 * dangling one left from before the object was freed.
 *
 * Liveness is a backward dataflow over the instructions: live_in = use ∪ (live_out − def),
 * live_out = ∪ live_in of the successors (fall-through unless OPF_END, and the 'j' target),
 * iterated to a fixed point. A function with defers has one more edge: a panic recovered by a
 * deferred call resumes the frame at its deferreturn code (the 'j' of DEFER/DEFERIND), so every
 * instruction that may panic or call (where a panic may start below) also flows there; without
 * it a heap-moved named result, read only by the deferreturn code, was dead (and collected)
 * across the calls before a recovered panic (Go's test/fixedbugs/issue16095.go).
 * How many bytes each d/s operand touches comes from the widths
 * column of the opcode table (vm/opcodes.h), which the verifier reads too. Identical maps
 * are shared (StackMap.map_index). The outgoing call area is never marked: at a CALL the
 * callee's own map covers it.
 *
 * Beside the maps, StackMap.ptrwords lists every pointer slot of the frame (results, params,
 * pointer region), live or not. GOLDEBUG=clobberdead=1 poisons, at each safepoint, the words of
 * ptrwords that the pc's map leaves out: a liveness bit wrongly cleared here then shows up as a
 * fault or as wrong output, whether or not a collection happens to run (vm/interp.c).
 */
#include <stdlib.h>
#include <string.h>
#include "compiler/gen.h"


typedef struct Bits { uint64_t *w; } Bits;

/* Bytes touched by operand k of the instruction at ins. */
static int64_t gen_operand_width(Gen *g, const uint32_t *ins, int k) {
    Opcode op = (Opcode)ins[0];
    const char *w = op_info[op].widths;
    char c = w ? w[k] : '8';
    const char *ops = op_info[op].operands;
    switch (c) {
    case '1': return 1;
    case '2': return 2;
    case '4': return 4;
    case '8': return 8;
    case 'S': return 16;
    case 'L': return 24;
    case 'N': case 'M': {
        int want = c == 'N' ? 0 : 1, seen = 0;
        for (int i = 0; ops[i]; i++)
            if (ops[i] == 'n' && seen++ == want) return (int64_t)ins[1 + i];
        return 8;
    }
    case 'T':
        for (int i = 0; ops[i]; i++)
            if (ops[i] == 't' && ins[1 + i] < g->ntypes) return type_size(g->types[ins[1 + i]].type);
        return 8;
    case 'K':
        for (int i = 0; ops[i]; i++)
            if (ops[i] == 't' && ins[1 + i] < g->ntypes) return gen_slot_size(gen_under(g->types[ins[1 + i]].type)->key);
        return 8;
    default:
        return 0;
    }
}

/* The pointer-region words [off, off+width) as word indexes relative to the region. */
static bool gen_words(uint32_t base, uint32_t region_bytes, uint32_t off, int64_t width,
                      uint32_t *lo, uint32_t *hi, bool whole_only) {
    if (width <= 0 || off < base || off >= base + region_bytes) return false;
    uint32_t rel = off - base;
    uint64_t end = (uint64_t)rel + (uint64_t)width;
    if (end > region_bytes) end = region_bytes;
    if (whole_only) {                       /* words entirely overwritten */
        *lo = (rel + 7) / 8;
        *hi = (uint32_t)(end / 8);
    } else {                                /* words touched at all */
        *lo = rel / 8;
        *hi = (uint32_t)((end + 7) / 8);
    }
    return *lo < *hi;
}

static void gen_bits_set_range(uint64_t *b, uint32_t lo, uint32_t hi) {
    for (uint32_t i = lo; i < hi; i++) b[i / 64] |= 1ull << (i % 64);
}

void gen_stackmap_build(Gen *g, FuncInfo *fi) {
    GenFunc *f = g->f;
    uint32_t nwords = fi->frame_size / 8;
    uint32_t nbytes = (nwords + 7) / 8;
    uint32_t base = fi->zero_off, region = f->ptr_top, rwords = region / 8;
    uint32_t nw64 = rwords / 64 + 1;

    /* instructions */
    uint32_t ninsn = 0;
    for (uint32_t pc = 0; pc < fi->ncode; pc += (uint32_t)op_length((Opcode)fi->code[pc])) ninsn++;
    uint32_t *pcs_of = malloc(sizeof(uint32_t) * (ninsn + 1));
    int32_t *insn_at = malloc(sizeof(int32_t) * (fi->ncode + 1));
    ninsn = 0;
    for (uint32_t pc = 0; pc < fi->ncode; pc += (uint32_t)op_length((Opcode)fi->code[pc])) {
        insn_at[pc] = (int32_t)ninsn;
        pcs_of[ninsn++] = pc;
    }

    /* the pointer words of the region */
    uint64_t *ptrw = calloc(nw64, 8);
    for (uint32_t w = 0; w < rwords && f->ptr_bits; w++)
        if (f->ptr_bits[w / 8] & (1u << (w % 8))) ptrw[w / 64] |= 1ull << (w % 64);

    /* frame objects reached through their address: live everywhere */
    uint64_t *always = calloc(nw64, 8);
    for (int s = 0; s + 1 < f->naddr; s += 2)
        gen_bits_set_range(always, f->addr_slots[s] / 8, (f->addr_slots[s] + f->addr_slots[s + 1]) / 8);

    /* use/def per instruction */
    uint64_t *use = calloc((size_t)ninsn * nw64 + 1, 8), *def = calloc((size_t)ninsn * nw64 + 1, 8);
    for (uint32_t i = 0; i < ninsn; i++) {
        const uint32_t *ins = fi->code + pcs_of[i];
        Opcode op = (Opcode)ins[0];
        const char *ops = op_info[op].operands;
        for (int k = 0; ops[k]; k++) {
            if (ops[k] != 'd' && ops[k] != 's') continue;
            uint32_t off = ins[1 + k], lo, hi;
            if (op == OP_FADDR && k == 1) {
                /* the whole slot is read through the address: a use here, and a use at the
                 * call it is passed to (the backing array of a native's variadic slice) */
                for (int s = 0; s + 1 < f->nptr_slots; s += 2) {
                    uint32_t so = base + f->ptr_slots[s], ss = f->ptr_slots[s + 1];
                    if (off < so || off >= so + ss) continue;
                    uint32_t lo = (so - base) / 8, hi = (so - base + ss) / 8;
                    gen_bits_set_range(use + i * nw64, lo, hi);
                    for (uint32_t j = i + 1; j < ninsn; j++) {
                        Opcode oj = (Opcode)fi->code[pcs_of[j]];
                        if (op_is_call(oj)) {
                            gen_bits_set_range(use + j * nw64, lo, hi);
                            break;
                        }
                        if (op_info[oj].flags & (OPF_END | OPF_JUMP)) break;
                    }
                }
                continue;
            }
            int64_t width = gen_operand_width(g, ins, k);
            if (ops[k] == 's') {
                if (gen_words(base, region, off, width, &lo, &hi, false)) gen_bits_set_range(use + i * nw64, lo, hi);
            } else {
                if (gen_words(base, region, off, width, &lo, &hi, true)) gen_bits_set_range(def + i * nw64, lo, hi);
            }
        }
    }

    /* the deferreturn code a recovered panic resumes at (one per function; kept as a list) */
    uint32_t *resume = malloc(sizeof(uint32_t) * (ninsn + 1)), nresume = 0;
    for (uint32_t i = 0; i < ninsn; i++) {
        const uint32_t *ins = fi->code + pcs_of[i];
        if (ins[0] != OP_DEFER && ins[0] != OP_DEFERIND) continue;
        uint32_t t = ins[3];                /* "fnj" / "snj": the j operand */
        if (t >= fi->ncode || insn_at[t] < 0) continue;
        uint32_t k = 0;
        while (k < nresume && resume[k] != (uint32_t)insn_at[t]) k++;
        if (k == nresume) resume[nresume++] = (uint32_t)insn_at[t];
    }

    /* backward dataflow to a fixed point */
    uint64_t *live = calloc((size_t)ninsn * nw64 + 1, 8);
    uint64_t *out = calloc(nw64, 8);
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t ii = ninsn; ii-- > 0;) {
            const uint32_t *ins = fi->code + pcs_of[ii];
            Opcode op = (Opcode)ins[0];
            memset(out, 0, nw64 * 8);
            if (!(op_info[op].flags & OPF_END) && op != OP_RET && op != OP_PANIC && op != OP_PANIC_NIL &&
                ii + 1 < ninsn)
                for (uint32_t k = 0; k < nw64; k++) out[k] |= live[(ii + 1) * nw64 + k];
            const char *ops = op_info[op].operands;
            for (int k = 0; ops[k]; k++) {
                if (ops[k] != 'j') continue;
                uint32_t t = ins[1 + k];
                if (t < fi->ncode && insn_at[t] >= 0)
                    for (uint32_t w = 0; w < nw64; w++) out[w] |= live[(uint32_t)insn_at[t] * nw64 + w];
            }
            if (op_info[op].flags & (OPF_PANIC | OPF_CALL))    /* a recovered panic resumes there */
                for (uint32_t r = 0; r < nresume; r++)
                    for (uint32_t w = 0; w < nw64; w++) out[w] |= live[resume[r] * nw64 + w];
            for (uint32_t k = 0; k < nw64; k++) {
                uint64_t v = use[ii * nw64 + k] | (out[k] & ~def[ii * nw64 + k]);
                if (v != live[ii * nw64 + k]) { live[ii * nw64 + k] = v; changed = true; }
            }
        }
    }

    /* one bitmap per distinct live set at the safepoints */
    uint32_t npcs = 0;
    for (uint32_t i = 0; i < ninsn; i++) if (op_has_map(fi->code, pcs_of[i])) npcs++;
    uint32_t *pcs = malloc(sizeof(uint32_t) * (npcs ? npcs : 1));
    uint32_t *idx = calloc(npcs ? npcs : 1, sizeof(uint32_t));
    uint8_t *maps = calloc((size_t)(npcs ? npcs : 1) * (nbytes ? nbytes : 1), 1);
    uint8_t *cur = calloc(nbytes ? nbytes : 1, 1);
    uint32_t nmaps = 0, k = 0;
    uint32_t fixed_words = f->fixed_size / 8;
    for (uint32_t i = 0; i < ninsn; i++) {
        if (!op_has_map(fi->code, pcs_of[i])) continue;
        memset(cur, 0, nbytes ? nbytes : 1);
        for (uint32_t w = 0; w < fixed_words && f->fixed_bits; w++)
            if (f->fixed_bits[w / 8] & (1u << (w % 8))) cur[w / 8] |= (uint8_t)(1u << (w % 8));
        for (uint32_t w = 0; w < rwords; w++) {
            uint64_t bit = 1ull << (w % 64);
            bool mark = (ptrw[w / 64] & bit) && ((live[i * nw64 + w / 64] | always[w / 64]) & bit);
            uint32_t fw = base / 8 + w;
            if (mark) cur[fw / 8] |= (uint8_t)(1u << (fw % 8));
        }
        uint32_t m = 0;
        while (m < nmaps && memcmp(maps + (size_t)m * nbytes, cur, nbytes) != 0) m++;
        if (m == nmaps) memcpy(maps + (size_t)nmaps++ * nbytes, cur, nbytes);
        pcs[k] = pcs_of[i];
        idx[k++] = m;
    }
    if (nmaps == 0) {                       /* no safepoints: one map of the results and params */
        nmaps = 1;
        for (uint32_t w = 0; w < fixed_words && f->fixed_bits; w++)
            if (f->fixed_bits[w / 8] & (1u << (w % 8))) maps[w / 8] |= (uint8_t)(1u << (w % 8));
    }
    /* every pointer slot, live or not: results and params, then the pointer region */
    uint8_t *ptrwords = calloc(nbytes ? nbytes : 1, 1);
    for (uint32_t w = 0; w < fixed_words && f->fixed_bits; w++)
        if (f->fixed_bits[w / 8] & (1u << (w % 8))) ptrwords[w / 8] |= (uint8_t)(1u << (w % 8));
    for (uint32_t w = 0; w < rwords; w++)
        if (ptrw[w / 64] & (1ull << (w % 64))) {
            uint32_t fw = base / 8 + w;
            ptrwords[fw / 8] |= (uint8_t)(1u << (fw % 8));
        }
    fi->stackmap.nwords = nwords;
    fi->stackmap.nmaps = nmaps;
    fi->stackmap.bits = maps;
    fi->stackmap.npcs = npcs;
    fi->stackmap.pcs = pcs;
    fi->stackmap.map_index = idx;
    fi->stackmap.ptrwords = ptrwords;
    free(cur); free(live); free(out); free(use); free(def); free(ptrw); free(always);
    free(pcs_of); free(insn_at); free(resume);
}

/* A native's map: one bitmap of its results and params (receiver first), no pcs. It holds
 * wherever the native is (runtime/symtab.h): the collector scans a native's frame with it while the
 * native allocates (fmt.Sprintf's arguments stay reachable), and stack growth adjusts its
 * pointer words. */
void gen_stackmap_native(Gen *g, Obj *fn, FuncInfo *fi) {
    (void)g;
    Type *sig = fn->type, *recv = fn->recv;
    uint32_t nwords = fi->frame_size / 8, nbytes = (nwords + 7) / 8;
    uint8_t *bits = calloc(nbytes ? nbytes : 1, 1);
    Type *u = gen_under(sig);
    for (int i = 0; i < u->nresults; i++) gen_ptrmask_fill(u->results[i].type, gen_sig_result_off(sig, i), bits);
    if (recv) gen_ptrmask_fill(recv, gen_sig_param_off(recv, sig, -1), bits);
    for (int i = 0; i < u->nfields; i++) gen_ptrmask_fill(u->fields[i].type, gen_sig_param_off(recv, sig, i), bits);
    fi->stackmap.nwords = nwords;
    fi->stackmap.nmaps = 1;
    fi->stackmap.bits = bits;
    fi->stackmap.npcs = 0;
    fi->stackmap.pcs = NULL;
    fi->stackmap.map_index = NULL;
    uint8_t *ptrwords = malloc(nbytes ? nbytes : 1);
    memcpy(ptrwords, bits, nbytes ? nbytes : 1);
    fi->stackmap.ptrwords = ptrwords;
}
