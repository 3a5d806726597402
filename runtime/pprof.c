/* runtime/pprof.c — runtime/pprof's profiles in the formats Go writes (Go's
 * runtime/pprof/proto.go, protomem.go, pprof.go).
 *
 * debug=0: profile.proto (github.com/google/pprof/proto/profile.proto), gzipped (gzip.c). A
 * Profile message holds a string table (index 0 is ""), the sample types (for the heap:
 * alloc_objects/count, alloc_space/bytes, inuse_objects/count, inuse_space/bytes), and samples,
 * each a list of location ids (innermost first) with one value per sample type. A location is
 * one PC; its Line names a Function (name, file) and a line. gol's PCs are function index and
 * code offset (runtime/symtab.h), so the names and lines come from the FuncInfo tables; the
 * one Mapping says so (has_functions, has_filenames, has_line_numbers), and `go tool pprof`
 * needs no binary to symbolize. Protobuf itself is small: every field is a varint key
 * (field << 3 | wire type) then a varint (type 0) or a length and bytes (type 2: strings,
 * nested messages, packed repeated numbers).
 *
 * Heap values are scaled as Go's scaleHeapSample: a sampled allocation of average size s had
 * probability 1 - exp(-s/rate) of being sampled, so counts and bytes are divided by that.
 *
 * debug=1: Go's text formats: "heap profile: ..." with one record per stack and the
 * runtime.MemStats summary, "goroutine profile: total N" with counts per stack. The "#" stack
 * lines go through Go's text/tabwriter (minwidth 1, tabwidth 8, padding 1, padded with tabs)
 * there; tab_align below pads each block of lines the same way, so the columns line up alike.
 * debug=2 (goroutine): every goroutine's traceback, as a panic prints them.
 *
 * The natives return the bytes as a []byte; package runtime/pprof (runtime/lib/runtime_pprof.gol)
 * writes them to the io.Writer it was given.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "runtime/runtime.h"
#include "runtime/cpuprof.h"
#include "runtime/fmt.h"
#include "runtime/gzip.h"
#include "runtime/mprof.h"
#include "runtime/mstats.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

/* ---- protobuf encoding ---- */

enum { WIRE_VARINT = 0, WIRE_BYTES = 2 };

static void pb_varint(ByteBuf *b, uint64_t v) {
    while (v >= 0x80) { bytebuf_byte(b, (uint8_t)(v | 0x80)); v >>= 7; }
    bytebuf_byte(b, (uint8_t)v);
}
static void pb_key(ByteBuf *b, int field, int wire) { pb_varint(b, (uint64_t)field << 3 | (uint64_t)wire); }
static void pb_uint64(ByteBuf *b, int field, uint64_t v) { pb_key(b, field, WIRE_VARINT); pb_varint(b, v); }
static void pb_uint64_opt(ByteBuf *b, int field, uint64_t v) { if (v) pb_uint64(b, field, v); }
static void pb_bytes(ByteBuf *b, int field, const void *p, size_t n) {
    pb_key(b, field, WIRE_BYTES);
    pb_varint(b, n);
    bytebuf_put(b, p, n);
}
static void pb_message(ByteBuf *b, int field, ByteBuf *msg) {   /* appends msg, then empties it */
    pb_bytes(b, field, msg->p, msg->len);
    msg->len = 0;
}
static void pb_packed(ByteBuf *b, int field, const uint64_t *v, size_t n) {
    ByteBuf t = {0};
    for (size_t i = 0; i < n; i++) pb_varint(&t, v[i]);
    pb_bytes(b, field, t.p, t.len);
    bytebuf_free(&t);
}

/* profile.proto field numbers (Go's tagProfile_* constants) */
enum {
    PROFILE_SAMPLE_TYPE = 1, PROFILE_SAMPLE = 2, PROFILE_MAPPING = 3, PROFILE_LOCATION = 4,
    PROFILE_FUNCTION = 5, PROFILE_STRING_TABLE = 6, PROFILE_TIME_NANOS = 9, PROFILE_DURATION_NANOS = 10,
    PROFILE_PERIOD_TYPE = 11, PROFILE_PERIOD = 12, PROFILE_DEFAULT_SAMPLE_TYPE = 14,
    VALUETYPE_TYPE = 1, VALUETYPE_UNIT = 2,
    SAMPLE_LOCATION = 1, SAMPLE_VALUE = 2, SAMPLE_LABEL = 3,
    LABEL_KEY = 1, LABEL_NUM = 3,
    MAPPING_ID = 1, MAPPING_START = 2, MAPPING_LIMIT = 3, MAPPING_FILENAME = 5,
    MAPPING_HAS_FUNCTIONS = 7, MAPPING_HAS_FILENAMES = 8, MAPPING_HAS_LINE_NUMBERS = 9,
    LOCATION_ID = 1, LOCATION_MAPPING_ID = 2, LOCATION_ADDRESS = 3, LOCATION_LINE = 4,
    LINE_FUNCTION_ID = 1, LINE_LINE = 2,
    FUNCTION_ID = 1, FUNCTION_NAME = 2, FUNCTION_SYSTEM_NAME = 3, FUNCTION_FILENAME = 4,
    FUNCTION_START_LINE = 5,
};

/* ---- the profile builder (Go's profileBuilder) ---- */

typedef struct ProfBuilder {
    const Module *mod;
    ByteBuf out;                    /* the Profile message, field after field */
    ByteBuf tmp;                    /* a nested message being built */
    const char **strs;              /* the string table */
    size_t nstrs, capstrs;
    uintptr_t *loc_pc;              /* open-addressing table PC -> location id */
    uint64_t *loc_id;
    size_t loc_cap, nlocs;
    uint64_t *func_id;              /* per function index: its Function id, 0 if not emitted */
    size_t nfuncs_tab;
    uint64_t nfuncs;
} ProfBuilder;

static int64_t pb_string_index(ProfBuilder *b, const char *s) {
    for (size_t i = 0; i < b->nstrs; i++)
        if (strcmp(b->strs[i], s) == 0) return (int64_t)i;
    if (b->nstrs == b->capstrs) {
        b->capstrs = b->capstrs ? b->capstrs * 2 : 64;
        b->strs = realloc(b->strs, b->capstrs * sizeof *b->strs);
        if (!b->strs) abort();
    }
    b->strs[b->nstrs] = s;
    return (int64_t)b->nstrs++;
}

static void pb_value_type(ProfBuilder *b, int field, const char *type, const char *unit) {
    pb_uint64_opt(&b->tmp, VALUETYPE_TYPE, (uint64_t)pb_string_index(b, type));
    pb_uint64_opt(&b->tmp, VALUETYPE_UNIT, (uint64_t)pb_string_index(b, unit));
    pb_message(&b->out, field, &b->tmp);
}

static void builder_init(ProfBuilder *b, const Module *m) {
    memset(b, 0, sizeof *b);
    b->mod = m;
    pb_string_index(b, "");
    b->nfuncs_tab = (m ? m->nfuncs : 0) + 8;
    b->func_id = calloc(b->nfuncs_tab, sizeof *b->func_id);
    b->loc_cap = 256;
    b->loc_pc = calloc(b->loc_cap, sizeof *b->loc_pc);
    b->loc_id = calloc(b->loc_cap, sizeof *b->loc_id);
    if (!b->func_id || !b->loc_pc || !b->loc_id) abort();
}

static void builder_free(ProfBuilder *b) {
    bytebuf_free(&b->out);
    bytebuf_free(&b->tmp);
    free(b->strs);
    free(b->loc_pc);
    free(b->loc_id);
    free(b->func_id);
}

/* The Function of f, emitted the first time it is needed. */
static uint64_t pb_function(ProfBuilder *b, const FuncInfo *f, uintptr_t entry) {
    size_t idx = (size_t)((entry >> 32) - 1);
    if (idx < b->nfuncs_tab && b->func_id[idx]) return b->func_id[idx];
    uint64_t id = ++b->nfuncs;
    if (idx < b->nfuncs_tab) b->func_id[idx] = id;
    const char *name = f->name ? f->name : "?";
    pb_uint64(&b->tmp, FUNCTION_ID, id);
    pb_uint64_opt(&b->tmp, FUNCTION_NAME, (uint64_t)pb_string_index(b, name));
    pb_uint64_opt(&b->tmp, FUNCTION_SYSTEM_NAME, (uint64_t)pb_string_index(b, name));
    pb_uint64_opt(&b->tmp, FUNCTION_FILENAME, (uint64_t)pb_string_index(b, funcinfo_file(b->mod, f)));
    pb_uint64_opt(&b->tmp, FUNCTION_START_LINE, f->line);
    pb_message(&b->out, PROFILE_FUNCTION, &b->tmp);
    return id;
}

static void loc_table_grow(ProfBuilder *b);

/* The Location of a return PC (Go's appendLocsForStack: one location per PC, its line that of
 * pc - 1, the instruction in question), emitted the first time. */
static uint64_t pb_location(ProfBuilder *b, uintptr_t pc) {
    if (b->nlocs * 2 >= b->loc_cap) loc_table_grow(b);
    size_t mask = b->loc_cap - 1, i = (size_t)(pc * 0x9E3779B97F4A7C15ull >> 20) & mask;
    while (b->loc_pc[i] && b->loc_pc[i] != pc) i = (i + 1) & mask;
    if (b->loc_pc[i] == pc) return b->loc_id[i];
    const FuncInfo *f = funcpc_func(b->mod, pc);
    if (!f) return 0;
    uint64_t id = ++b->nlocs;
    b->loc_pc[i] = pc;
    b->loc_id[i] = id;
    uintptr_t entry = funcpc_entry(b->mod, f), at = pc > entry ? pc - 1 : pc;
    uint64_t fid = pb_function(b, f, entry);
    ByteBuf line = {0};
    pb_uint64_opt(&line, LINE_FUNCTION_ID, fid);
    pb_uint64_opt(&line, LINE_LINE, funcpc_line(f, at));
    pb_uint64(&b->tmp, LOCATION_ID, id);
    pb_uint64(&b->tmp, LOCATION_MAPPING_ID, 1);
    pb_uint64_opt(&b->tmp, LOCATION_ADDRESS, pc);
    pb_message(&b->tmp, LOCATION_LINE, &line);
    bytebuf_free(&line);
    pb_message(&b->out, PROFILE_LOCATION, &b->tmp);
    return id;
}

static void loc_table_grow(ProfBuilder *b) {
    size_t oc = b->loc_cap;
    uintptr_t *opc = b->loc_pc;
    uint64_t *oid = b->loc_id;
    b->loc_cap *= 2;
    b->loc_pc = calloc(b->loc_cap, sizeof *b->loc_pc);
    b->loc_id = calloc(b->loc_cap, sizeof *b->loc_id);
    if (!b->loc_pc || !b->loc_id) abort();
    size_t mask = b->loc_cap - 1;
    for (size_t k = 0; k < oc; k++) {
        if (!opc[k]) continue;
        size_t i = (size_t)(opc[k] * 0x9E3779B97F4A7C15ull >> 20) & mask;
        while (b->loc_pc[i]) i = (i + 1) & mask;
        b->loc_pc[i] = opc[k];
        b->loc_id[i] = oid[k];
    }
    free(opc);
    free(oid);
}

/* One Sample: its stack's locations, its values, and a numeric label ("bytes" for the heap). */
static void pb_sample(ProfBuilder *b, const uintptr_t *stk, size_t n, const int64_t *values,
                      size_t nvalues, const char *label, int64_t num) {
    uint64_t locs[MPROF_MAX_STACK + 64];
    size_t nl = 0;
    for (size_t i = 0; i < n && nl < sizeof locs / sizeof locs[0]; i++) {
        uint64_t id = pb_location(b, stk[i]);
        if (id) locs[nl++] = id;
    }
    ByteBuf s = {0};
    pb_packed(&s, SAMPLE_LOCATION, locs, nl);
    pb_packed(&s, SAMPLE_VALUE, (const uint64_t *)values, nvalues);
    if (label) {
        ByteBuf l = {0};
        pb_uint64_opt(&l, LABEL_KEY, (uint64_t)pb_string_index(b, label));
        pb_uint64_opt(&l, LABEL_NUM, (uint64_t)num);
        pb_message(&s, SAMPLE_LABEL, &l);
        bytebuf_free(&l);
    }
    pb_message(&b->out, PROFILE_SAMPLE, &s);
    bytebuf_free(&s);
}

/* Go's build(): the time, the mapping, the string table; then gzip. */
static void builder_finish_at(ProfBuilder *b, ByteBuf *gz, int64_t time_ns) {
    pb_uint64(&b->out, PROFILE_TIME_NANOS, (uint64_t)time_ns);
    const FuncInfo *mainf = b->mod && b->mod->main_func < b->mod->nfuncs ? &b->mod->funcs[b->mod->main_func] : NULL;
    pb_uint64(&b->tmp, MAPPING_ID, 1);
    pb_uint64(&b->tmp, MAPPING_START, (uint64_t)1 << 32);
    pb_uint64(&b->tmp, MAPPING_LIMIT, ((uint64_t)(b->mod ? b->mod->nfuncs : 0) + 8) << 32);
    pb_uint64_opt(&b->tmp, MAPPING_FILENAME,
                  (uint64_t)pb_string_index(b, mainf ? funcinfo_file(b->mod, mainf) : "gol"));
    pb_uint64(&b->tmp, MAPPING_HAS_FUNCTIONS, 1);
    pb_uint64(&b->tmp, MAPPING_HAS_FILENAMES, 1);
    pb_uint64(&b->tmp, MAPPING_HAS_LINE_NUMBERS, 1);
    pb_message(&b->out, PROFILE_MAPPING, &b->tmp);
    for (size_t i = 0; i < b->nstrs; i++) pb_bytes(&b->out, PROFILE_STRING_TABLE, b->strs[i], strlen(b->strs[i]));
    gzip_compress(gz, b->out.p, b->out.len);
}

static void builder_finish(ProfBuilder *b, ByteBuf *gz) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    builder_finish_at(b, gz, (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
}

/* ---- stacks ---- */

/* Go's hideRuntime: drop the leading runtime.* frames, unless that leaves nothing. */
static size_t stack_skip_runtime(const Module *m, const uintptr_t *stk, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const FuncInfo *f = funcpc_func(m, stk[i]);
        if (f && f->name && strncmp(f->name, "runtime.", 8) == 0) continue;
        return i;
    }
    return 0;
}

static size_t stack_len(const uintptr_t *stk0) {
    size_t n = 0;
    while (n < MPROF_MAX_STACK && stk0[n]) n++;
    return n;
}

/* ---- the heap profile ---- */

/* Go's scaleHeapSample. */
static void scale_heap_sample(int64_t count, int64_t size, int64_t rate, int64_t *c, int64_t *s) {
    if (count == 0 || size == 0) { *c = *s = 0; return; }
    if (rate <= 1) { *c = count; *s = size; return; }
    double avg = (double)size / (double)count, scale = 1 / (1 - exp(-avg / (double)rate));
    *c = (int64_t)((double)count * scale);
    *s = (int64_t)((double)size * scale);
}

static MemProfileRecord *heap_records(int64_t *n) {
    bool ok;
    int64_t want = mprof_records(NULL, 0, true, &ok);
    MemProfileRecord *p = calloc((size_t)want + 1, sizeof *p);
    if (!p) abort();
    *n = mprof_records(p, want + 1, true, &ok);
    return p;
}

static void heap_proto(GolG *g, ByteBuf *gz, const char *default_type) {
    ProfBuilder b;
    builder_init(&b, g->mod);
    int64_t rate = *mprof_rate;
    pb_value_type(&b, PROFILE_PERIOD_TYPE, "space", "bytes");
    pb_uint64_opt(&b.out, PROFILE_PERIOD, (uint64_t)rate);
    pb_value_type(&b, PROFILE_SAMPLE_TYPE, "alloc_objects", "count");
    pb_value_type(&b, PROFILE_SAMPLE_TYPE, "alloc_space", "bytes");
    pb_value_type(&b, PROFILE_SAMPLE_TYPE, "inuse_objects", "count");
    pb_value_type(&b, PROFILE_SAMPLE_TYPE, "inuse_space", "bytes");
    if (default_type && *default_type)
        pb_uint64(&b.out, PROFILE_DEFAULT_SAMPLE_TYPE, (uint64_t)pb_string_index(&b, default_type));
    int64_t n;
    MemProfileRecord *p = heap_records(&n);
    for (int64_t i = 0; i < n; i++) {
        MemProfileRecord *r = &p[i];
        size_t len = stack_len(r->Stack0), skip = stack_skip_runtime(g->mod, r->Stack0, len);
        int64_t v[4];
        scale_heap_sample(r->AllocObjects, r->AllocBytes, rate, &v[0], &v[1]);
        scale_heap_sample(r->AllocObjects - r->FreeObjects, r->AllocBytes - r->FreeBytes, rate, &v[2], &v[3]);
        int64_t block = r->AllocObjects > 0 ? r->AllocBytes / r->AllocObjects : 0;
        pb_sample(&b, r->Stack0 + skip, len - skip, v, 4, block ? "bytes" : NULL, block);
    }
    free(p);
    builder_finish(&b, gz);
    builder_free(&b);
}

/* ---- goroutine stacks ---- */

typedef struct GStacks {
    const Module *mod;
    uintptr_t (*stk)[MPROF_MAX_STACK + 64];
    size_t *len;
    int64_t *count;
    size_t n, cap;
    int64_t total;
} GStacks;

/* Counts one more occurrence of stk[0..n) (a new entry the first time). */
static void gstacks_add_pcs(GStacks *s, const uintptr_t *stk, size_t n) {
    if (n > MPROF_MAX_STACK + 64) n = MPROF_MAX_STACK + 64;
    s->total++;
    for (size_t i = 0; i < s->n; i++)
        if (s->len[i] == n && memcmp(s->stk[i], stk, n * sizeof *stk) == 0) { s->count[i]++; return; }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->stk = realloc(s->stk, s->cap * sizeof *s->stk);
        s->len = realloc(s->len, s->cap * sizeof *s->len);
        s->count = realloc(s->count, s->cap * sizeof *s->count);
        if (!s->stk || !s->len || !s->count) abort();
    }
    memcpy(s->stk[s->n], stk, n * sizeof *stk);
    s->len[s->n] = n;
    s->count[s->n++] = 1;
}

static void gstacks_add_g(GolG *gp, void *arg) {
    GStacks *s = arg;
    uintptr_t stk[MPROF_MAX_STACK + 64];
    size_t n = 0;
    StkFrame fr;
    for (bool ok = frame_first(gp, &fr); ok && n < MPROF_MAX_STACK + 64; ok = frame_next(gp, &fr))
        stk[n++] = frame_pc(s->mod, &fr);
    gstacks_add_pcs(s, stk, n);
}

/* Go's keysByCount: most frequent stack first (ties keep their order). */
static void gstacks_sort(GStacks *s) {
    for (size_t i = 1; i < s->n; i++)
        for (size_t j = i; j > 0 && s->count[j] > s->count[j - 1]; j--) {
            uintptr_t t[MPROF_MAX_STACK + 64];
            memcpy(t, s->stk[j], sizeof t); memcpy(s->stk[j], s->stk[j - 1], sizeof t); memcpy(s->stk[j - 1], t, sizeof t);
            size_t l = s->len[j]; s->len[j] = s->len[j - 1]; s->len[j - 1] = l;
            int64_t c = s->count[j]; s->count[j] = s->count[j - 1]; s->count[j - 1] = c;
        }
}

/* The stacks of a predefined count profile: every goroutine's for "goroutine", none for the
 * others (one thread, no contention recorded). */
static void gstacks_builtin(GolG *g, const char *name, GStacks *s) {
    memset(s, 0, sizeof *s);
    s->mod = g->mod;
    if (strcmp(name, "goroutine") == 0) sched_for_each_g(gstacks_add_g, s);
    gstacks_sort(s);
}

static void gstacks_free(GStacks *s) { free(s->stk); free(s->len); free(s->count); }

/* A count profile (Go's printCountProfile, debug=0): goroutine, threadcreate, a program's own
 * (pprof.NewProfile), or the empty block and mutex profiles, whose sample types are a count
 * and a delay. */
static void count_proto(GolG *g, ByteBuf *gz, const char *name, const GStacks *s) {
    ProfBuilder b;
    builder_init(&b, g->mod);
    bool contention = strcmp(name, "block") == 0 || strcmp(name, "mutex") == 0;
    if (contention) {
        pb_value_type(&b, PROFILE_PERIOD_TYPE, "contentions", "count");
        pb_uint64(&b.out, PROFILE_PERIOD, 1);
        pb_value_type(&b, PROFILE_SAMPLE_TYPE, "contentions", "count");
        pb_value_type(&b, PROFILE_SAMPLE_TYPE, "delay", "nanoseconds");
    } else {
        pb_value_type(&b, PROFILE_PERIOD_TYPE, name, "count");
        pb_uint64(&b.out, PROFILE_PERIOD, 1);
        pb_value_type(&b, PROFILE_SAMPLE_TYPE, name, "count");
    }
    for (size_t i = 0; i < s->n; i++) pb_sample(&b, s->stk[i], s->len[i], &s->count[i], 1, NULL, 0);
    builder_finish(&b, gz);
    builder_free(&b);
}

/* ---- the CPU profile (runtime/cpuprof.c keeps the ticks per stack) ---- */

/* Go's CPU profile: period cpu/nanoseconds, samples/count and cpu/nanoseconds per stack. */
static void cpu_proto(GolG *g, ByteBuf *gz) {
    ProfBuilder b;
    builder_init(&b, g->mod);
    size_t nslots;
    int64_t hz, duration, start, lost;
    const CpuProfStack *t = cpuprof_stacks(&nslots, &hz, &duration, &start, &lost);
    int64_t period = hz > 0 ? 1000000000 / hz : 0;
    pb_value_type(&b, PROFILE_PERIOD_TYPE, "cpu", "nanoseconds");
    pb_uint64_opt(&b.out, PROFILE_PERIOD, (uint64_t)period);
    pb_value_type(&b, PROFILE_SAMPLE_TYPE, "samples", "count");
    pb_value_type(&b, PROFILE_SAMPLE_TYPE, "cpu", "nanoseconds");
    for (size_t i = 0; i < nslots; i++) {
        if (t[i].count == 0) continue;
        int64_t v[2] = { t[i].count, t[i].count * period };
        pb_sample(&b, t[i].stk, t[i].nstk, v, 2, NULL, 0);
    }
    pb_uint64_opt(&b.out, PROFILE_DURATION_NANOS, (uint64_t)duration);
    builder_finish_at(&b, gz, start);
    builder_free(&b);
}

/* ---- the text formats (debug >= 1) ---- */

static void buf_printf(ByteBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(ByteBuf *b, const char *fmt, ...) {
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) { bytebuf_put(b, tmp, (size_t)n); return; }
    char *big = malloc((size_t)n + 1);
    if (!big) abort();
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bytebuf_put(b, big, (size_t)n);
    free(big);
}

/* Go's text/tabwriter with minwidth 1, tabwidth 8, padding 1, padchar '\t', for one block of
 * lines whose cells end with '\t' (the last text of a line is not a cell): each column is as
 * wide as its widest cell plus 1, rounded up to a multiple of 8, filled with tabs. */
static void tab_align(ByteBuf *out, const ByteBuf *block) {
    enum { MAXCOLS = 8 };
    size_t width[MAXCOLS] = {0};
    const char *p = (const char *)block->p, *end = p + block->len;
    for (const char *l = p; l < end;) {                 /* widths */
        const char *e = memchr(l, '\n', (size_t)(end - l));
        if (!e) e = end;
        int col = 0;
        for (const char *c = l; c < e && col < MAXCOLS;) {
            const char *t = memchr(c, '\t', (size_t)(e - c));
            if (!t) break;
            if ((size_t)(t - c) > width[col]) width[col] = (size_t)(t - c);
            col++;
            c = t + 1;
        }
        l = e + 1;
    }
    for (const char *l = p; l < end;) {
        const char *e = memchr(l, '\n', (size_t)(end - l));
        if (!e) e = end;
        int col = 0;
        const char *c = l;
        while (c < e && col < MAXCOLS) {
            const char *t = memchr(c, '\t', (size_t)(e - c));
            if (!t) break;
            size_t textw = (size_t)(t - c), cellw = (width[col] + 1 + 7) / 8 * 8;
            bytebuf_put(out, c, textw);
            for (size_t k = 0; k < (cellw - textw + 7) / 8; k++) bytebuf_byte(out, '\t');
            col++;
            c = t + 1;
        }
        bytebuf_put(out, c, (size_t)(e - c));
        bytebuf_byte(out, '\n');
        l = e + 1;
    }
}

/* Go's printStackRecord: "#\t<pc>\t<func>+<off>\t<file>:<line>" per frame, leading runtime
 * frames hidden unless nothing else is left, then an empty line. */
static void print_stack_record(ByteBuf *out, const Module *m, const uintptr_t *stk, size_t n) {
    size_t skip = stack_skip_runtime(m, stk, n);
    ByteBuf block = {0};
    for (size_t i = skip; i < n; i++) {
        const FuncInfo *f = funcpc_func(m, stk[i]);
        if (!f) { buf_printf(&block, "#\t%#" PRIxPTR "\n", stk[i]); continue; }
        uintptr_t entry = funcpc_entry(m, f), pc = stk[i] > entry ? stk[i] - 1 : stk[i];
        buf_printf(&block, "#\t%#" PRIxPTR "\t%s+%#" PRIxPTR "\t%s:%" PRIu32 "\n", pc,
                   f->name ? f->name : "?", pc - entry, funcinfo_file(m, f), funcpc_line(f, pc));
    }
    tab_align(out, &block);
    bytebuf_free(&block);
    bytebuf_byte(out, '\n');
}

static int record_by_inuse(const void *a, const void *b) {
    const MemProfileRecord *x = a, *y = b;
    int64_t u = x->AllocBytes - x->FreeBytes, v = y->AllocBytes - y->FreeBytes;
    return (u < v) - (u > v);
}

static void heap_text(GolG *g, ByteBuf *out) {
    GoMemStats s;
    mstats_read(&s);
    int64_t n;
    MemProfileRecord *p = heap_records(&n);
    qsort(p, (size_t)n, sizeof *p, record_by_inuse);
    MemProfileRecord t = {0};
    for (int64_t i = 0; i < n; i++) {
        t.AllocBytes += p[i].AllocBytes; t.AllocObjects += p[i].AllocObjects;
        t.FreeBytes += p[i].FreeBytes; t.FreeObjects += p[i].FreeObjects;
    }
    buf_printf(out, "heap profile: %" PRId64 ": %" PRId64 " [%" PRId64 ": %" PRId64 "] @ heap/%" PRId64 "\n",
               t.AllocObjects - t.FreeObjects, t.AllocBytes - t.FreeBytes, t.AllocObjects,
               t.AllocBytes, 2 * *mprof_rate);
    for (int64_t i = 0; i < n; i++) {
        MemProfileRecord *r = &p[i];
        buf_printf(out, "%" PRId64 ": %" PRId64 " [%" PRId64 ": %" PRId64 "] @",
                   r->AllocObjects - r->FreeObjects, r->AllocBytes - r->FreeBytes,
                   r->AllocObjects, r->AllocBytes);
        size_t len = stack_len(r->Stack0);
        for (size_t k = 0; k < len; k++) buf_printf(out, " %#" PRIxPTR, r->Stack0[k]);
        bytebuf_byte(out, '\n');
        print_stack_record(out, g->mod, r->Stack0, len);
    }
    free(p);
    buf_printf(out, "\n# runtime.MemStats\n");
    buf_printf(out, "# Alloc = %" PRIu64 "\n# TotalAlloc = %" PRIu64 "\n# Sys = %" PRIu64 "\n", s.Alloc, s.TotalAlloc, s.Sys);
    buf_printf(out, "# Lookups = %" PRIu64 "\n# Mallocs = %" PRIu64 "\n# Frees = %" PRIu64 "\n", s.Lookups, s.Mallocs, s.Frees);
    buf_printf(out, "# HeapAlloc = %" PRIu64 "\n# HeapSys = %" PRIu64 "\n# HeapIdle = %" PRIu64 "\n", s.HeapAlloc, s.HeapSys, s.HeapIdle);
    buf_printf(out, "# HeapInuse = %" PRIu64 "\n# HeapReleased = %" PRIu64 "\n# HeapObjects = %" PRIu64 "\n", s.HeapInuse, s.HeapReleased, s.HeapObjects);
    buf_printf(out, "# Stack = %" PRIu64 " / %" PRIu64 "\n# MSpan = %" PRIu64 " / %" PRIu64 "\n", s.StackInuse, s.StackSys, s.MSpanInuse, s.MSpanSys);
    buf_printf(out, "# MCache = %" PRIu64 " / %" PRIu64 "\n# BuckHashSys = %" PRIu64 "\n", s.MCacheInuse, s.MCacheSys, s.BuckHashSys);
    buf_printf(out, "# GCSys = %" PRIu64 "\n# OtherSys = %" PRIu64 "\n", s.GCSys, s.OtherSys);
    buf_printf(out, "# NextGC = %" PRIu64 "\n# LastGC = %" PRIu64 "\n", s.NextGC, s.LastGC);
    for (int k = 0; k < 2; k++) {                      /* %d of an array: [a b c ...] */
        const uint64_t *v = k ? s.PauseEnd : s.PauseNs;
        buf_printf(out, "# %s = [", k ? "PauseEnd" : "PauseNs");
        for (int i = 0; i < 256; i++) buf_printf(out, i ? " %" PRIu64 : "%" PRIu64, v[i]);
        buf_printf(out, "]\n");
    }
    buf_printf(out, "# NumGC = %" PRIu32 "\n# NumForcedGC = %" PRIu32 "\n", s.NumGC, s.NumForcedGC);
    FmtBuf frac = {0};
    fmt_ftoa(&frac, s.GCCPUFraction, 'g', -1, 64);     /* %v of a float64 */
    buf_printf(out, "# GCCPUFraction = %.*s\n# DebugGC = false\n", (int)frac.len, frac.p);
    fmtbuf_free(&frac);
}

static void count_text(GolG *g, ByteBuf *out, const char *name, const GStacks *sp) {
    const GStacks s = *sp;
    if (strcmp(name, "block") == 0 || strcmp(name, "mutex") == 0) {
        buf_printf(out, "--- contention:\ncycles/second=%" PRId64 "\n", (int64_t)1000000000);
        if (strcmp(name, "mutex") == 0) buf_printf(out, "sampling period=0\n");
        return;
    }
    buf_printf(out, "%s profile: total %" PRId64 "\n", name, s.total);
    for (size_t i = 0; i < s.n; i++) {
        buf_printf(out, "%" PRId64 " @", s.count[i]);
        for (size_t k = 0; k < s.len[i]; k++) buf_printf(out, " %#" PRIxPTR, s.stk[i][k]);
        bytebuf_byte(out, '\n');
        print_stack_record(out, g->mod, s.stk[i], s.len[i]);
    }
}

/* ---- the natives (runtime/lib/runtime_pprof.gol) ---- */

static GolSlice bytes_to_gol(GolG *g, const ByteBuf *b) {
    uint8_t *p = mallocgc_noscan(g, b->len, false);
    if (b->len) memcpy(p, b->p, b->len);
    return (GolSlice){p, (int64_t)b->len, (int64_t)b->len};
}

static char *gostring_dup(GolString s) {
    char *c = malloc((size_t)s.len + 1);
    if (!c) abort();
    memcpy(c, s.ptr, (size_t)s.len);
    c[s.len] = 0;
    return c;
}

/* runtime/pprof.profileBytes(name string, debug int, defaultSampleType string) []byte:
 * result @0, name @24, debug @40, defaultSampleType @48. */
static int nat_pprof_profile_bytes(GolG *g, uint8_t *frame) {
    char *name = gostring_dup(ARG(frame, 24, GolString));
    int64_t debug = ARG(frame, 40, int64_t);
    char *dflt = gostring_dup(ARG(frame, 48, GolString));
    ByteBuf out = {0};
    bool heap = strcmp(name, "heap") == 0 || strcmp(name, "allocs") == 0;
    if (heap && debug <= 0) {
        heap_proto(g, &out, dflt);
    } else if (heap) {
        heap_text(g, &out);
    } else if (debug >= 2 && strcmp(name, "goroutine") == 0) {
        size_t len;
        char *text = rt_traceback_text(g, true, &len);
        bytebuf_put(&out, text, len);
        free(text);
    } else {
        GStacks s;
        gstacks_builtin(g, name, &s);
        if (debug <= 0) count_proto(g, &out, name, &s);
        else count_text(g, &out, name, &s);
        gstacks_free(&s);
    }
    free(name);
    free(dflt);
    GolSlice r = bytes_to_gol(g, &out);
    bytebuf_free(&out);
    ARG(frame, 0, GolSlice) = r;
    return NAT_RETURN;
}

/* runtime/pprof.countProfileBytes(name string, debug int, stacks [][]uintptr) []byte: a
 * program's own profile (pprof.NewProfile) from the stacks its Add calls recorded.
 * result @0, name @24, debug @40, stacks @48. */
static int nat_pprof_count_profile_bytes(GolG *g, uint8_t *frame) {
    char *name = gostring_dup(ARG(frame, 24, GolString));
    int64_t debug = ARG(frame, 40, int64_t);
    GolSlice stacks = ARG(frame, 48, GolSlice);
    GStacks s;
    memset(&s, 0, sizeof s);
    s.mod = g->mod;
    const GolSlice *v = stacks.ptr;
    for (int64_t i = 0; i < stacks.len; i++) gstacks_add_pcs(&s, v[i].ptr, (size_t)v[i].len);
    gstacks_sort(&s);
    ByteBuf out = {0};
    if (debug <= 0) count_proto(g, &out, name, &s);
    else count_text(g, &out, name, &s);
    gstacks_free(&s);
    free(name);
    GolSlice r = bytes_to_gol(g, &out);
    bytebuf_free(&out);
    ARG(frame, 0, GolSlice) = r;
    return NAT_RETURN;
}

/* runtime/pprof.startCPU(hz int) bool: result @0, hz @8. */
static int nat_pprof_start_cpu(GolG *g, uint8_t *frame) {
    (void)g;
    ARG(frame, 0, bool) = cpuprof_start(ARG(frame, 8, int64_t));
    return NAT_RETURN;
}

/* runtime/pprof.stopCPU() []byte: the profile since startCPU, gzipped profile.proto. */
static int nat_pprof_stop_cpu(GolG *g, uint8_t *frame) {
    cpuprof_stop();
    ByteBuf out = {0};
    cpu_proto(g, &out);
    GolSlice r = bytes_to_gol(g, &out);
    bytebuf_free(&out);
    ARG(frame, 0, GolSlice) = r;
    return NAT_RETURN;
}

static const NativeEntry pprof_natives[] = {
    { "runtime/pprof.profileBytes", nat_pprof_profile_bytes },
    { "runtime/pprof.countProfileBytes", nat_pprof_count_profile_bytes },
    { "runtime/pprof.startCPU",     nat_pprof_start_cpu },
    { "runtime/pprof.stopCPU",      nat_pprof_stop_cpu },
    { NULL, NULL }
};

const NativeEntry *rt_native_lookup_pprof(const char *qualified_name) {
    for (const NativeEntry *e = pprof_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
