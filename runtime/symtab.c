/* runtime/symtab.c — what a function's metadata says about a pc (Go's symtab.go).
 *
 * The compiler emits, for every function, a line table and stack maps (runtime/symtab.h,
 * FuncInfo); the runtime reads them whenever it has to understand a frame that is stopped
 * somewhere: a traceback wants the source line, the collector and stack copying want to know
 * which words of the frame hold pointers. These are the only questions, and they are answered
 * here, from data alone — nothing in the runtime decodes an instruction (DESIGN §6):
 *
 *   funcinfo_file       the source path of a function
 *   funcinfo_line_at    the line of the instruction at a pc: LineEntry says "line L holds from
 *                       pc P on", so the answer is the last entry with P <= pc (binary search)
 *   stackmap_at         the pointer bitmap of the frame at a safepoint pc (binary search on the
 *                       sorted safepoint pcs), or NULL when pc is not a safepoint; a map with
 *                       no pcs (natives, functions without safepoints) holds everywhere
 *   stackmap_for_caller the map of a caller frame, found from the return pc its callee's
 *                       FrameHeader holds: the call instruction is the last safepoint before it
 *   funcpc_*            the PCs a program sees (runtime.Callers, FuncForPC, heap profiles):
 *                       function index and byte offset in one word (the encoding: symtab.h)
 */
#include "runtime/runtime.h"

const char *funcinfo_file(const Module *m, const FuncInfo *f) {
    if (f == &rt_gopanic_func) return "runtime/panic.c";      /* the runtime's own, not in m */
    if (f == &rt_runfinq_func) return "runtime/mfinal.c";
    if (!m || f->file >= m->nfiles || !m->files[f->file]) return "?";
    return m->files[f->file];
}

uint32_t funcinfo_line_at(const FuncInfo *f, uint32_t pc) {
    uint32_t lo = 0, hi = f->nlines;          /* find the first entry with entry.pc > pc */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (f->lines[mid].pc <= pc) lo = mid + 1;
        else hi = mid;
    }
    return lo == 0 ? f->line : f->lines[lo - 1].line;
}

const uint8_t *stackmap_at(const FuncInfo *f, uint32_t pc) {
    const StackMap *sm = &f->stackmap;
    if (sm->npcs == 0) return sm->nmaps == 1 && sm->bits ? sm->bits : NULL;   /* valid everywhere */
    uint32_t lo = 0, hi = sm->npcs;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (sm->pcs[mid] < pc) lo = mid + 1;
        else hi = mid;
    }
    if (lo == sm->npcs || sm->pcs[lo] != pc) return NULL;
    return sm->bits + (size_t)sm->map_index[lo] * ((sm->nwords + 7) / 8);
}

/* A caller frame is suspended inside the call instruction that ends at ret_pc; every call is a
 * safepoint, so its map is the one of the last safepoint pc below ret_pc. */
const uint8_t *stackmap_for_caller(const FuncInfo *f, uint32_t ret_pc) {
    const StackMap *sm = &f->stackmap;
    if (sm->npcs == 0) return stackmap_at(f, 0);
    uint32_t lo = 0, hi = sm->npcs;           /* first entry with pc >= ret_pc */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (sm->pcs[mid] < ret_pc) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return NULL;
    return sm->bits + (size_t)sm->map_index[lo - 1] * ((sm->nwords + 7) / 8);
}


/* ---- PCs a program sees ---- */

static const FuncInfo *const funcpc_runtime_funcs[] = { &rt_gopanic_func, &rt_runfinq_func };
enum { FUNCPC_NRUNTIME = sizeof funcpc_runtime_funcs / sizeof funcpc_runtime_funcs[0] };

uintptr_t funcpc_entry(const Module *m, const FuncInfo *f) {
    uint64_t idx = 0;
    if (m && f >= m->funcs && f < m->funcs + m->nfuncs) idx = (uint64_t)(f - m->funcs);
    else {
        for (int i = 0; i < FUNCPC_NRUNTIME; i++)
            if (funcpc_runtime_funcs[i] == f) idx = (m ? m->nfuncs : 0) + (uint64_t)i;
    }
    return (uintptr_t)((idx + 1) << 32);
}

const FuncInfo *funcpc_func(const Module *m, uintptr_t pc) {
    uint64_t idx = ((uint64_t)pc >> 32);
    if (idx == 0 || !m) return NULL;
    idx--;
    const FuncInfo *f = idx < m->nfuncs ? &m->funcs[idx]
                      : idx - m->nfuncs < FUNCPC_NRUNTIME ? funcpc_runtime_funcs[idx - m->nfuncs] : NULL;
    if (f && (uint32_t)pc > (f->native ? 0 : f->ncode * 4)) return NULL;
    return f;
}

uint32_t funcpc_line(const FuncInfo *f, uintptr_t pc) {
    uint32_t off = (uint32_t)pc;
    if (f->native || f->ncode == 0) return f->line;
    return funcinfo_line_at(f, off % 4 == 0 && off > 0 ? off / 4 - 1 : off / 4);
}
