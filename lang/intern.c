/* lang/intern.c — interned identifier strings.
 *
 * The idea: every identifier the lexer sees goes through intern(), which returns one canonical
 * copy per distinct spelling. The compiler then compares names with `==` on pointers instead of
 * strcmp, and stores names without owning them.
 *
 * The table is an open-addressing hash set (linear probing, FNV-1a hash) of pointers to
 * NUL-terminated copies, grown to keep the load factor under one half. It is process-wide and
 * never shrinks: the REPL keeps adding names across inputs, and the total is small. Not
 * thread-safe: the compiler runs on one thread.
 */
#include "lang/intern.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct InternEntry {
    const char *str;
    size_t len;
    uint32_t hash;
} InternEntry;

static InternEntry *intern_tab;
static size_t intern_cap, intern_count;

static uint32_t intern_hash(const char *s, size_t len) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void *intern_xalloc(size_t n) {
    void *p = calloc(1, n);
    if (!p) {
        fputs("gol: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static void intern_grow(void) {
    size_t ncap = intern_cap ? intern_cap * 2 : 1024;
    InternEntry *nt = intern_xalloc(ncap * sizeof *nt);
    for (size_t i = 0; i < intern_cap; i++) {
        InternEntry e = intern_tab[i];
        if (!e.str)
            continue;
        size_t j = e.hash & (ncap - 1);
        while (nt[j].str)
            j = (j + 1) & (ncap - 1);
        nt[j] = e;
    }
    free(intern_tab);
    intern_tab = nt;
    intern_cap = ncap;
}

const char *intern(const char *s, size_t len) {
    if ((intern_count + 1) * 2 > intern_cap)
        intern_grow();
    uint32_t h = intern_hash(s, len);
    size_t i = h & (intern_cap - 1);
    for (; intern_tab[i].str; i = (i + 1) & (intern_cap - 1)) {
        InternEntry *e = &intern_tab[i];
        if (e->hash == h && e->len == len && memcmp(e->str, s, len) == 0)
            return e->str;
    }
    char *copy = intern_xalloc(len + 1);
    memcpy(copy, s, len);
    intern_tab[i] = (InternEntry){copy, len, h};
    intern_count++;
    return copy;
}

const char *intern_cstr(const char *s) {
    return intern(s, strlen(s));
}
