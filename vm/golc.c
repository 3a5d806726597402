/* vm/golc.c — the .golc file: a compiled module, written by `gol build`, run by `gol run`.
 *
 * Layout (all integers little-endian, fixed width; docs/bytecode.md draws it byte by byte):
 *
 *   header, 32 bytes
 *     0  "GOLC"                       magic: how a .golc is recognised, whatever its name
 *     4  u32 version                  GOLC_VERSION; another version is refused by number
 *     8  u64 payload size             bytes after the header; the file has exactly that many
 *    16  u64 checksum                 FNV-1a 64 of the payload
 *    24  u32 section count, u32 0
 *   payload
 *     section table: per section {u32 id, u32 item count, u64 offset, u64 size}, offsets from
 *     the payload's start; then the sections META, FILES, CONSTS, STRINGS, TYPES, FUNCS, each
 *     present exactly once.
 *
 * Strings are a u32 length and the bytes (0xFFFFFFFF = NULL); references between type
 * descriptors are type indices plus one (0 = none), so nothing in the file is an address.
 *
 * Reading trusts nothing: the header is checked first (magic, then version, then that the
 * payload is all there, then the checksum), so a truncated, corrupted or foreign file gets a
 * precise message; then every count is checked against the bytes that remain before anything
 * is allocated, every index against its table, and the module goes through module_verify. The
 * unit test mutates real files (every truncation, every byte flipped) to hold this to "never
 * a crash". All memory of a read module comes from its owner arena (vm/module.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "vm/module.h"

#define GOLC_HEADER 32
#define GOLC_NULLSTR 0xFFFFFFFFu

enum { SEC_META = 1, SEC_FILES, SEC_CONSTS, SEC_STRINGS, SEC_TYPES, SEC_FUNCS, SEC__END };

static uint64_t golc_fnv1a(const uint8_t *p, size_t n) {
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* strerror in Go's spelling ("no such file or directory"), for messages like Go's. */
static const char *golc_strerror(int e) {
    static char buf[128];
    snprintf(buf, sizeof buf, "%s", strerror(e));
    if (buf[0] >= 'A' && buf[0] <= 'Z') buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

/* ==== writing ==== */

typedef struct Buf { uint8_t *p; size_t len, cap; bool oom; } Buf;

static void buf_put(Buf *b, const void *data, size_t n) {
    if (b->oom) return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) cap *= 2;
        uint8_t *np = realloc(b->p, cap);
        if (!np) { b->oom = true; return; }
        b->p = np;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void put_u8(Buf *b, uint8_t v) { buf_put(b, &v, 1); }

static void put_u32(Buf *b, uint32_t v) {
    uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    buf_put(b, x, 4);
}

static void put_u64(Buf *b, uint64_t v) {
    put_u32(b, (uint32_t)v);
    put_u32(b, (uint32_t)(v >> 32));
}

static void put_bytes(Buf *b, const void *p, uint32_t n) {
    put_u32(b, n);
    buf_put(b, p, n);
}

static void put_str(Buf *b, const char *s) {
    if (!s) put_u32(b, GOLC_NULLSTR);
    else put_bytes(b, s, (uint32_t)strlen(s));
}

static void put_typeref(Buf *b, const Module *m, const TypeDesc *t) {
    put_u32(b, t ? (uint32_t)(t - m->types) + 1 : 0);
}

static size_t golc_mask_bytes(int64_t ptrdata) { return (size_t)((ptrdata / 8 + 7) / 8); }

static void golc_write_meta(Buf *b, const Module *m) {
    put_u32(b, m->entry);
    put_u32(b, m->main_func);
    put_u64(b, (uint64_t)m->globals_size);
    size_t n = golc_mask_bytes(m->globals_size);
    for (size_t i = 0; i < n; i++) put_u8(b, m->globals_ptrmask ? m->globals_ptrmask[i] : 0);
}

static void golc_write_type(Buf *b, const Module *m, const TypeDesc *t) {
    put_u32(b, (uint32_t)t->kind);
    put_u32(b, t->flags);
    put_u64(b, (uint64_t)t->size);
    put_u64(b, (uint64_t)t->align);
    put_u64(b, (uint64_t)t->ptrdata);
    size_t n = golc_mask_bytes(t->ptrdata);
    for (size_t i = 0; i < n; i++) put_u8(b, t->ptrmask[i]);
    put_str(b, t->name);
    put_str(b, t->pkgpath);
    put_typeref(b, m, t->elem);
    put_typeref(b, m, t->key);
    put_u64(b, (uint64_t)t->len);
    put_u32(b, t->nfields);
    for (uint32_t i = 0; i < t->nfields; i++) {
        const TypeField *fl = &t->fields[i];
        put_str(b, fl->name);
        put_typeref(b, m, fl->type);
        put_u64(b, (uint64_t)fl->offset);
        put_u8(b, (uint8_t)(fl->embedded | fl->exported << 1));
    }
    put_u32(b, t->nmethods);
    for (uint32_t i = 0; i < t->nmethods; i++) {
        put_str(b, t->methods[i].name);
        put_u32(b, t->methods[i].func);
        put_u32(b, t->methods[i].ifn);
        put_typeref(b, m, t->methods[i].mtype);
        put_u8(b, (uint8_t)(t->methods[i].deref | t->methods[i].nil_panics << 1));
    }
}

static void golc_write_func(Buf *b, const FuncInfo *f) {
    put_str(b, f->name);
    put_u32(b, f->ncode);
    for (uint32_t i = 0; i < f->ncode; i++) put_u32(b, f->code[i]);
    put_u32(b, f->frame_size);
    put_u32(b, f->results_size);
    put_u32(b, f->args_size);
    put_u32(b, f->zero_off);
    put_u32(b, f->zero_size);
    put_u32(b, f->file);
    put_u32(b, f->line);
    put_u32(b, f->nlines);
    for (uint32_t i = 0; i < f->nlines; i++) {
        put_u32(b, f->lines[i].pc);
        put_u32(b, f->lines[i].line);
    }
    const StackMap *sm = &f->stackmap;
    put_u32(b, sm->nwords);
    put_u32(b, sm->nmaps);
    size_t nbits = (size_t)sm->nmaps * ((sm->nwords + 7) / 8);
    for (size_t i = 0; i < nbits; i++) put_u8(b, sm->bits[i]);
    put_u32(b, sm->npcs);
    for (uint32_t i = 0; i < sm->npcs; i++) {
        put_u32(b, sm->pcs[i]);
        put_u32(b, sm->map_index[i]);
    }
    put_u32(b, sm->ptrwords != NULL);
    if (sm->ptrwords)
        for (uint32_t i = 0; i < (sm->nwords + 7) / 8; i++) put_u8(b, sm->ptrwords[i]);
    put_str(b, f->native_name);
}

/* Appends one section's bytes to `out` and its entry to the table (offset relative to the
 * first section; golc_write adds the table's size once it is known). */
static void golc_write_section(Buf *out, Buf *table, uint32_t id, uint32_t count, const Buf *sec) {
    put_u32(table, id);
    put_u32(table, count);
    put_u64(table, out->len);        /* patched below: relative to the table's end for now */
    put_u64(table, sec->len);
    buf_put(out, sec->p, sec->len);
}

bool golc_write(const Module *m, const char *path, char *err, size_t errlen) {
    Buf sec[SEC__END] = { { 0 } }, body = { 0 }, table = { 0 }, file = { 0 };
    uint32_t counts[SEC__END] = { 0, 1, m->nfiles, m->nconsts, m->nstrings, m->ntypes, m->nfuncs };
    golc_write_meta(&sec[SEC_META], m);
    for (uint32_t i = 0; i < m->nfiles; i++) put_str(&sec[SEC_FILES], m->files[i]);
    for (uint32_t i = 0; i < m->nconsts; i++) put_u64(&sec[SEC_CONSTS], m->consts[i]);
    for (uint32_t i = 0; i < m->nstrings; i++)
        put_bytes(&sec[SEC_STRINGS], m->strings[i].ptr, (uint32_t)m->strings[i].len);
    for (uint32_t i = 0; i < m->ntypes; i++) golc_write_type(&sec[SEC_TYPES], m, &m->types[i]);
    for (uint32_t i = 0; i < m->nfuncs; i++) golc_write_func(&sec[SEC_FUNCS], &m->funcs[i]);

    uint32_t nsec = SEC__END - 1;
    size_t table_size = (size_t)nsec * 24;
    for (uint32_t id = 1; id < SEC__END; id++) golc_write_section(&body, &table, id, counts[id], &sec[id]);
    for (uint32_t i = 0; i < nsec && !table.oom; i++) {   /* offsets from the payload's start */
        uint8_t *o = table.p + i * 24 + 8;
        uint64_t off = 0;
        for (int k = 7; k >= 0; k--) off = off << 8 | o[k];
        off += table_size;
        for (int k = 0; k < 8; k++) o[k] = (uint8_t)(off >> (8 * k));
    }
    Buf payload = { 0 };
    buf_put(&payload, table.p, table.len);
    buf_put(&payload, body.p, body.len);

    buf_put(&file, GOLC_MAGIC, 4);
    put_u32(&file, GOLC_VERSION);
    put_u64(&file, payload.len);
    put_u64(&file, payload.oom ? 0 : golc_fnv1a(payload.p, payload.len));
    put_u32(&file, nsec);
    put_u32(&file, 0);
    buf_put(&file, payload.p, payload.len);

    bool oom = file.oom || payload.oom || body.oom || table.oom;
    for (int i = 0; i < SEC__END; i++) { oom |= sec[i].oom; free(sec[i].p); }
    free(body.p);
    free(table.p);
    free(payload.p);
    if (oom) {
        free(file.p);
        snprintf(err, errlen, "%s: out of memory", path);
        return false;
    }
    FILE *fp = fopen(path, "wb");
    bool ok = fp && fwrite(file.p, 1, file.len, fp) == file.len;
    int e = errno;
    if (fp && fclose(fp) != 0) { ok = false; e = errno; }
    free(file.p);
    if (!ok) snprintf(err, errlen, "open %s: %s", path, golc_strerror(e));
    return ok;
}

/* ==== reading ==== */

typedef struct Reader {
    const uint8_t *p, *end;
    Module *m;
    const char *why;            /* first problem found, NULL while all is well */
} Reader;

static bool rbad(Reader *r, const char *why) {
    if (!r->why) r->why = why;
    r->p = r->end;
    return false;
}

static bool rneed(Reader *r, uint64_t n) {
    if (r->why) return false;
    if (n > (uint64_t)(r->end - r->p)) return rbad(r, "a section ends early");
    return true;
}

static uint8_t get_u8(Reader *r) {
    if (!rneed(r, 1)) return 0;
    return *r->p++;
}

static uint32_t get_u32(Reader *r) {
    if (!rneed(r, 4)) return 0;
    const uint8_t *p = r->p;
    r->p += 4;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(Reader *r) {
    uint64_t lo = get_u32(r);
    return lo | (uint64_t)get_u32(r) << 32;
}

/* A count of items of at least `min` bytes each: refused if the remaining bytes cannot hold it. */
static uint32_t get_count(Reader *r, size_t min) {
    uint32_t n = get_u32(r);
    if (r->why) return 0;
    if ((uint64_t)n * min > (uint64_t)(r->end - r->p)) { rbad(r, "a count exceeds the data"); return 0; }
    return n;
}

static void *ralloc(Reader *r, size_t n) { return module_alloc(r->m, n ? n : 1); }

static const uint8_t *get_raw(Reader *r, size_t n) {
    if (!rneed(r, n)) return NULL;
    uint8_t *p = ralloc(r, n + 1);   /* NUL-terminated, so strings can be used as C strings */
    memcpy(p, r->p, n);
    r->p += n;
    return p;
}

static const char *get_str(Reader *r) {
    uint32_t n = get_u32(r);
    if (r->why || n == GOLC_NULLSTR) return NULL;
    return (const char *)get_raw(r, n);
}

static const char *get_name(Reader *r) {       /* a string that must not be NULL */
    const char *s = get_str(r);
    if (!s && !r->why) rbad(r, "a missing name");
    return s;
}

static const TypeDesc *get_typeref(Reader *r) {
    uint32_t i = get_u32(r);
    if (i == 0 || r->why) return NULL;
    if (i > r->m->ntypes) { rbad(r, "a type reference out of range"); return NULL; }
    return &r->m->types[i - 1];
}

static void golc_read_meta(Reader *r, Module *m) {
    m->entry = get_u32(r);
    m->main_func = get_u32(r);
    m->globals_size = (int64_t)get_u64(r);
    if (m->globals_size < 0 || m->globals_size > ((int64_t)1 << 40)) { rbad(r, "bad globals size"); return; }
    size_t n = golc_mask_bytes(m->globals_size);
    m->globals_ptrmask = get_raw(r, n);
}

static void golc_read_type(Reader *r, Module *m, TypeDesc *t, uint32_t index) {
    t->kind = (GolKind)get_u32(r);
    t->flags = get_u32(r);
    t->size = (int64_t)get_u64(r);
    t->align = (int64_t)get_u64(r);
    t->ptrdata = (int64_t)get_u64(r);
    t->index = index;
    if (r->why) return;
    if (t->kind > K_UNSAFEPOINTER) { rbad(r, "unknown type kind"); return; }
    if (t->size < 0 || t->ptrdata < 0 || t->ptrdata > t->size || t->size > ((int64_t)1 << 48)) {
        rbad(r, "bad type size"); return;
    }
    t->ptrmask = get_raw(r, golc_mask_bytes(t->ptrdata));
    t->name = get_str(r);
    t->pkgpath = get_str(r);
    t->elem = get_typeref(r);
    t->key = get_typeref(r);
    t->len = (int64_t)get_u64(r);
    t->nfields = get_count(r, 17);
    TypeField *fields = ralloc(r, sizeof(TypeField) * t->nfields);
    for (uint32_t i = 0; i < t->nfields && !r->why; i++) {
        fields[i].name = get_str(r);
        fields[i].type = get_typeref(r);
        fields[i].offset = (int64_t)get_u64(r);
        uint8_t fl = get_u8(r);
        fields[i].embedded = fl & 1;
        fields[i].exported = (fl >> 1) & 1;
    }
    t->fields = fields;
    t->nmethods = get_count(r, 13);
    TypeMethod *methods = ralloc(r, sizeof(TypeMethod) * t->nmethods);
    for (uint32_t i = 0; i < t->nmethods && !r->why; i++) {
        methods[i].name = get_str(r);
        methods[i].func = get_u32(r);
        methods[i].ifn = get_u32(r);
        methods[i].mtype = get_typeref(r);
        uint8_t mf = get_u8(r);
        methods[i].deref = mf & 1;
        methods[i].nil_panics = (mf >> 1) & 1;
    }
    t->methods = methods;
    (void)m;
}

static uint32_t *get_words(Reader *r, uint32_t n) {
    uint32_t *w = ralloc(r, sizeof(uint32_t) * n);
    for (uint32_t i = 0; i < n && !r->why; i++) w[i] = get_u32(r);
    return w;
}

static void golc_read_stackmap(Reader *r, StackMap *sm) {
    sm->nwords = get_u32(r);
    sm->nmaps = get_u32(r);
    if (r->why) return;
    uint64_t nbits = (uint64_t)sm->nmaps * ((sm->nwords + 7u) / 8);
    if (nbits > (uint64_t)(r->end - r->p)) { rbad(r, "a stack map exceeds the data"); return; }
    sm->bits = get_raw(r, (size_t)nbits);
    sm->npcs = get_count(r, 8);
    uint32_t *pcs = ralloc(r, sizeof(uint32_t) * sm->npcs);
    uint32_t *idx = ralloc(r, sizeof(uint32_t) * sm->npcs);
    for (uint32_t i = 0; i < sm->npcs && !r->why; i++) {
        pcs[i] = get_u32(r);
        idx[i] = get_u32(r);
    }
    sm->pcs = pcs;
    sm->map_index = idx;
    uint32_t has_ptrwords = get_u32(r);
    if (r->why) return;
    if (has_ptrwords > 1) { rbad(r, "a stack map's pointer-word flag is not 0 or 1"); return; }
    if (has_ptrwords) {
        if ((sm->nwords + 7u) / 8 > (uint64_t)(r->end - r->p)) { rbad(r, "a stack map exceeds the data"); return; }
        sm->ptrwords = get_raw(r, (sm->nwords + 7u) / 8);
    }
}

static void golc_read_func(Reader *r, Module *m, FuncInfo *f, uint32_t index) {
    f->index = index;
    f->name = get_name(r);
    f->ncode = get_count(r, 4);
    f->code = get_words(r, f->ncode);
    f->frame_size = get_u32(r);
    f->results_size = get_u32(r);
    f->args_size = get_u32(r);
    f->zero_off = get_u32(r);
    f->zero_size = get_u32(r);
    f->file = get_u32(r);
    f->line = get_u32(r);
    f->nlines = get_count(r, 8);
    LineEntry *lines = ralloc(r, sizeof(LineEntry) * f->nlines);
    for (uint32_t i = 0; i < f->nlines && !r->why; i++) {
        lines[i].pc = get_u32(r);
        lines[i].line = get_u32(r);
    }
    f->lines = lines;
    golc_read_stackmap(r, &f->stackmap);
    f->native_name = get_str(r);
    if (!r->why && m->nfiles && f->file >= m->nfiles) rbad(r, "a file index out of range");
}

/* Reads the item count of every section from the table; the sections are then read in
 * dependency order (types before functions need nothing, but FILES before FUNCS). */
typedef struct Section { const uint8_t *p, *end; uint32_t count; bool seen; } Section;

static bool golc_read_table(Reader *r, Section *secs, uint32_t nsec) {
    const uint8_t *payload = r->p;
    size_t size = (size_t)(r->end - r->p);
    if ((uint64_t)nsec * 24 > size) return rbad(r, "section table exceeds the file");
    for (uint32_t i = 0; i < nsec; i++) {
        uint32_t id = get_u32(r), count = get_u32(r);
        uint64_t off = get_u64(r), len = get_u64(r);
        if (id == 0 || id >= SEC__END) return rbad(r, "unknown section");
        if (secs[id].seen) return rbad(r, "duplicate section");
        if (off > size || len > size - off) return rbad(r, "section outside the file");
        secs[id] = (Section){ payload + off, payload + off + len, count, true };
    }
    for (uint32_t id = 1; id < SEC__END; id++)
        if (!secs[id].seen) return rbad(r, "missing section");
    return true;
}

static void golc_enter(Reader *r, const Section *s) {
    if (r->why) return;
    r->p = s->p;
    r->end = s->end;
}

static bool golc_check_count(Reader *r, const Section *s, size_t min) {
    if (r->why) return false;
    if ((uint64_t)s->count * min > (uint64_t)(s->end - s->p)) return rbad(r, "a count exceeds the data");
    return true;
}

static void golc_read_payload(Reader *r, uint32_t nsec) {
    Module *m = r->m;
    Section secs[SEC__END] = { { 0 } };
    if (!golc_read_table(r, secs, nsec)) return;

    golc_enter(r, &secs[SEC_META]);
    golc_read_meta(r, m);

    golc_enter(r, &secs[SEC_FILES]);
    if (golc_check_count(r, &secs[SEC_FILES], 4)) {
        m->nfiles = secs[SEC_FILES].count;
        const char **files = ralloc(r, sizeof(char *) * m->nfiles);
        for (uint32_t i = 0; i < m->nfiles && !r->why; i++) files[i] = get_name(r);
        m->files = files;
    }

    golc_enter(r, &secs[SEC_CONSTS]);
    if (golc_check_count(r, &secs[SEC_CONSTS], 8)) {
        m->nconsts = secs[SEC_CONSTS].count;
        m->consts = ralloc(r, sizeof(uint64_t) * m->nconsts);
        for (uint32_t i = 0; i < m->nconsts && !r->why; i++) m->consts[i] = get_u64(r);
    }

    golc_enter(r, &secs[SEC_STRINGS]);
    if (golc_check_count(r, &secs[SEC_STRINGS], 4)) {
        m->nstrings = secs[SEC_STRINGS].count;
        m->strings = ralloc(r, sizeof(GolString) * m->nstrings);
        for (uint32_t i = 0; i < m->nstrings && !r->why; i++) {
            uint32_t n = get_u32(r);
            m->strings[i] = (GolString){ get_raw(r, n), n };
        }
    }

    golc_enter(r, &secs[SEC_TYPES]);
    if (golc_check_count(r, &secs[SEC_TYPES], 64)) {
        m->ntypes = secs[SEC_TYPES].count;      /* set first: type references check against it */
        m->types = ralloc(r, sizeof(TypeDesc) * m->ntypes);
        for (uint32_t i = 0; i < m->ntypes && !r->why; i++) golc_read_type(r, m, &m->types[i], i);
    }

    golc_enter(r, &secs[SEC_FUNCS]);
    if (golc_check_count(r, &secs[SEC_FUNCS], 56)) {
        m->nfuncs = secs[SEC_FUNCS].count;
        m->funcs = ralloc(r, sizeof(FuncInfo) * m->nfuncs);
        for (uint32_t i = 0; i < m->nfuncs && !r->why; i++) golc_read_func(r, m, &m->funcs[i], i);
    }
}

static uint32_t le32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p) { return le32(p) | (uint64_t)le32(p + 4) << 32; }

/* The header, in the order that gives the most precise message. */
static bool golc_check_header(const uint8_t *data, size_t size, const char *path, char *err, size_t errlen) {
    size_t nmagic = size < 4 ? size : 4;
    if (size == 0 || memcmp(data, GOLC_MAGIC, nmagic) != 0) {
        snprintf(err, errlen, "%s: not a gol bytecode file", path);
        return false;
    }
    if (size < 8) {
        snprintf(err, errlen, "%s: truncated", path);
        return false;
    }
    uint32_t version = le32(data + 4);
    if (version != GOLC_VERSION) {
        snprintf(err, errlen, "%s: built by gol bytecode version %u, this gol reads version %u", path,
                 version, GOLC_VERSION);
        return false;
    }
    uint64_t payload = size >= 16 ? le64(data + 8) : 0;
    if (size < GOLC_HEADER || payload > size - GOLC_HEADER) {
        snprintf(err, errlen, "%s: truncated", path);
        return false;
    }
    if (payload < size - GOLC_HEADER) {
        snprintf(err, errlen, "%s: corrupted: %zu unexpected bytes at the end", path,
                 (size_t)(size - GOLC_HEADER - payload));
        return false;
    }
    if (golc_fnv1a(data + GOLC_HEADER, (size_t)payload) != le64(data + 16)) {
        snprintf(err, errlen, "%s: checksum mismatch", path);
        return false;
    }
    if (le32(data + 28) != 0) {
        snprintf(err, errlen, "%s: corrupted: bad header", path);
        return false;
    }
    return true;
}

Module *golc_read_bytes(const uint8_t *data, size_t size, const char *path, char *err, size_t errlen) {
    if (!golc_check_header(data, size, path, err, errlen)) return NULL;
    Module *m = module_new();
    Reader r = { data + GOLC_HEADER, data + size, m, NULL };
    golc_read_payload(&r, le32(data + 24));
    if (r.why) {
        snprintf(err, errlen, "%s: corrupted: %s", path, r.why);
        module_free(m);
        return NULL;
    }
    char verr[512];
    if (!module_verify(m, verr, sizeof verr)) {
        snprintf(err, errlen, "%s: %s", path, verr);
        module_free(m);
        return NULL;
    }
    return m;
}

static uint8_t *golc_slurp(const char *path, size_t *size, char *err, size_t errlen) {
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(err, errlen, "open %s: %s", path, golc_strerror(errno));
        return NULL;
    }
    size_t cap = 65536, len = 0;
    uint8_t *buf = malloc(cap);
    for (size_t n; buf && (n = fread(buf + len, 1, cap - len, fp)) > 0;) {
        len += n;
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) { free(buf); buf = NULL; }
            buf = nb;
        }
    }
    bool oom = !buf, failed = oom || ferror(fp);
    int e = errno;
    fclose(fp);
    if (failed) {
        free(buf);
        snprintf(err, errlen, "read %s: %s", path, oom ? "out of memory" : golc_strerror(e));
        return NULL;
    }
    *size = len;
    return buf;
}

Module *golc_read(const char *path, char *err, size_t errlen) {
    size_t size = 0;
    uint8_t *data = golc_slurp(path, &size, err, errlen);
    if (!data) return NULL;
    Module *m = golc_read_bytes(data, size, path, err, errlen);
    free(data);
    return m;
}

bool golc_has_magic(const uint8_t *data, size_t size) {
    return size >= 4 && memcmp(data, GOLC_MAGIC, 4) == 0;
}

bool golc_is_golc(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (!fp) return false;
    char magic[4];
    bool yes = fread(magic, 1, 4, fp) == 4 && memcmp(magic, GOLC_MAGIC, 4) == 0;
    fclose(fp);
    return yes;
}
