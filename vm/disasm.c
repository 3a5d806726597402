/* vm/disasm.c — `gol disasm`: a module as a person reads it.
 *
 * For each function: its name, source position and frame sizes, then one line per instruction:
 *
 *       pc  line  instruction                              safepoint
 *       12     9  CALL        main.fib, @32                ptrs{@16}
 *
 * pc is the word index (what jumps and line tables use), line the source line from the line
 * table, then the opcode and its operands decoded by kind (vm/opcodes.h): frame slots as @16,
 * immediates as numbers, jumps as ->12, functions and types by name, strings quoted, constants
 * as k3=42, globals as g+24. At each safepoint the stack map is printed: the frame words that
 * hold live heap pointers there, as the collector will see them. The module ends with its
 * type descriptors and the globals with their pointer words. docs/bytecode.md explains how to
 * read it.
 */
#include <string.h>
#include "vm/module.h"

static const char *const kind_names[] = {
    "invalid", "bool", "int", "int8", "int16", "int32", "int64",
    "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
    "float32", "float64", "complex64", "complex128",
    "array", "chan", "func", "interface", "map", "ptr", "slice", "string", "struct",
    "unsafe.Pointer",
};

static void disasm_quote(FILE *out, const uint8_t *p, int64_t n) {
    enum { MAXQ = 48 };
    fputc('"', out);
    for (int64_t i = 0; i < n && i < MAXQ; i++) {
        uint8_t c = p[i];
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c == '\n') fputs("\\n", out);
        else if (c == '\t') fputs("\\t", out);
        else if (c < 0x20 || c == 0x7f) fprintf(out, "\\x%02x", c);
        else fputc(c, out);
    }
    fputc('"', out);
    if (n > MAXQ) fprintf(out, "...(%lld bytes)", (long long)n);
}

static void disasm_const(FILE *out, const Module *m, uint32_t k) {
    uint64_t bits = m->consts[k];
    int64_t v = (int64_t)bits;
    if (v >= -((int64_t)1 << 52) && v <= ((int64_t)1 << 52)) {
        fprintf(out, "k%u=%lld", k, (long long)v);
    } else {
        double d;
        memcpy(&d, &bits, sizeof d);
        fprintf(out, "k%u=%g", k, d);
    }
}

static const char *disasm_type_name(const TypeDesc *t) {
    return t && t->name ? t->name : "?";
}

static void disasm_operand(FILE *out, const Module *m, char kind, uint32_t w) {
    switch (kind) {
    case 'd': case 's': fprintf(out, "@%u", w); break;
    case 'i': fprintf(out, "%d", (int32_t)w); break;
    case 'n': fprintf(out, "%u", w); break;
    case 'j': fprintf(out, "->%u", w); break;
    case 'g': fprintf(out, "g+%u", w); break;
    case 'k':
        if (w < m->nconsts) disasm_const(out, m, w);
        else fprintf(out, "k%u?", w);
        break;
    case 'f':
        if (w < m->nfuncs && m->funcs[w].name) fputs(m->funcs[w].name, out);
        else fprintf(out, "f%u?", w);
        break;
    case 't':
        if (w < m->ntypes) fputs(disasm_type_name(&m->types[w]), out);
        else fprintf(out, "t%u?", w);
        break;
    case 'z':
        if (w < m->nstrings) disasm_quote(out, m->strings[w].ptr, m->strings[w].len);
        else fprintf(out, "z%u?", w);
        break;
    default: fprintf(out, "%u", w); break;
    }
}

/* Pointer words of a bitmap of nwords bits, as {@8 @24} (frame) or {g+8} (globals). */
static void disasm_ptrs(FILE *out, const uint8_t *bits, uint32_t nwords, const char *prefix) {
    fputs("ptrs{", out);
    bool first = true;
    for (uint32_t i = 0; bits && i < nwords; i++) {
        if (!(bits[i / 8] >> (i % 8) & 1)) continue;
        fprintf(out, "%s%s%u", first ? "" : " ", prefix, i * 8);
        first = false;
    }
    fputc('}', out);
}

/* One instruction, as text into buf. */
void disasm_instr(char *buf, size_t size, const Module *m, const uint32_t *ins) {
    const OpInfo *op = &op_info[ins[0]];
    FILE *s = fmemopen(buf, size, "w");
    if (!s) { snprintf(buf, size, "%s", op->name); return; }
    fprintf(s, op->operands[0] ? "%-12s" : "%s", op->name);
    bool first_n = true;
    for (int k = 0; op->operands[k]; k++) {
        if (k) fputs(", ", s);
        char kind = op->operands[k];
        bool call = op_is_call((Opcode)ins[0]);
        if (call && kind == 'n' && first_n) kind = 's';     /* the callee's header: a frame offset */
        if (op->operands[k] == 'n') first_n = false;
        disasm_operand(s, m, kind, ins[1 + k]);
    }
    fclose(s);
    buf[size - 1] = '\0';
}

void disasm_func(FILE *out, const Module *m, const FuncInfo *f) {
    fprintf(out, "func %s", f->name ? f->name : "?");
    if (m->nfiles && f->file < m->nfiles) fprintf(out, "  (%s:%u)", m->files[f->file], f->line);
    if (f->native_name || f->native) {
        fprintf(out, "  native %s  results %u, args %u  ", f->native_name ? f->native_name : "?",
                f->results_size, f->args_size);
        const uint8_t *bits = stackmap_at(f, 0);     /* one map of its results and params */
        if (bits) disasm_ptrs(out, bits, f->stackmap.nwords, "@");
        else fputs("(no stack map)", out);
        fputs("\n\n", out);
        return;
    }
    fprintf(out, "\n  frame %u bytes: results %u, params %u, zeroed [%u,%u)\n",
            f->frame_size, f->results_size, f->args_size - f->results_size, f->zero_off,
            f->zero_off + f->zero_size);
    fprintf(out, "     pc  line  instruction\n");
    uint32_t last_line = 0;
    for (uint32_t pc = 0; pc < f->ncode;) {
        if (f->code[pc] >= OP__COUNT) {
            fprintf(out, "  %5u        (bad opcode %u)\n", pc, f->code[pc]);
            break;
        }
        Opcode op = (Opcode)f->code[pc];
        uint32_t len = (uint32_t)op_length(op);
        uint32_t line = funcinfo_line_at(f, pc);
        if (line != last_line) fprintf(out, "  %5u %5u  ", pc, line);
        else fprintf(out, "  %5u        ", pc);
        last_line = line;
        if (pc + len > f->ncode) {
            fprintf(out, "%s (truncated)\n", op_info[op].name);
            break;
        }
        char text[1024];
        disasm_instr(text, sizeof text, m, f->code + pc);
        fputs(text, out);
        if (op_info[op].flags & OPF_SP) {
            int cols = (int)strlen(text);
            fprintf(out, "%*s", cols < 44 ? 44 - cols : 1, "");
            const uint8_t *bits = stackmap_at(f, pc);
            if (bits) disasm_ptrs(out, bits, f->stackmap.nwords, "@");
            else fputs("(no stack map)", out);
        }
        fputc('\n', out);
        pc += len;
    }
    fputc('\n', out);
}

static void disasm_type(FILE *out, const Module *m, uint32_t i) {
    const TypeDesc *t = &m->types[i];
    fprintf(out, "  t%-4u %-24s %-8s size %lld align %lld", i, disasm_type_name(t),
            t->kind <= K_UNSAFEPOINTER ? kind_names[t->kind] : "?", (long long)t->size, (long long)t->align);
    if (t->ptrdata) {
        fputc(' ', out);
        disasm_ptrs(out, t->ptrmask, (uint32_t)(t->ptrdata / 8), "+");
    }
    if (t->elem) fprintf(out, " elem %s", disasm_type_name(t->elem));
    if (t->key) fprintf(out, " key %s", disasm_type_name(t->key));
    if (t->kind == K_ARRAY) fprintf(out, " len %lld", (long long)t->len);
    if (t->nfields) {
        fputs(t->kind == K_FUNC ? " params{" : " fields{", out);
        for (uint32_t k = 0; k < t->nfields; k++)
            fprintf(out, "%s%s %s +%lld", k ? ", " : "", t->fields[k].name ? t->fields[k].name : "_",
                    disasm_type_name(t->fields[k].type), (long long)t->fields[k].offset);
        fputc('}', out);
    }
    for (uint32_t k = 0; k < t->nmethods; k++) {
        const TypeMethod *tm = &t->methods[k];
        const char *mname = tm->name ? tm->name : "?";
        if (t->kind == K_INTERFACE) { fprintf(out, " method %s", mname); continue; }   /* no function */
        fprintf(out, " method %s=%s", mname,
                tm->func < m->nfuncs && m->funcs[tm->func].name ? m->funcs[tm->func].name : "?");
        if (tm->ifn != tm->func && tm->ifn < m->nfuncs && m->funcs[tm->ifn].name)
            fprintf(out, " (itab %s)", m->funcs[tm->ifn].name);
    }
    fputc('\n', out);
}

void disasm_module(FILE *out, const Module *m) {
    fprintf(out, "module: %u functions, %u types, %u constants, %u strings; entry %s, main %s\n\n",
            m->nfuncs, m->ntypes, m->nconsts, m->nstrings,
            m->entry < m->nfuncs && m->funcs[m->entry].name ? m->funcs[m->entry].name : "?",
            m->main_func < m->nfuncs && m->funcs[m->main_func].name ? m->funcs[m->main_func].name : "?");
    for (uint32_t i = 0; i < m->nfuncs; i++) disasm_func(out, m, &m->funcs[i]);
    if (m->ntypes) {
        fprintf(out, "types:\n");
        for (uint32_t i = 0; i < m->ntypes; i++) disasm_type(out, m, i);
        fputc('\n', out);
    }
    fprintf(out, "globals: %lld bytes, ", (long long)m->globals_size);
    disasm_ptrs(out, m->globals_ptrmask, (uint32_t)(m->globals_size / 8), "g+");
    fputc('\n', out);
}
