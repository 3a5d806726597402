/* lang/arena.c — bump allocation for syntax trees and compiler tables.
 *
 * The idea: a compilation makes many small objects (nodes, lists, decoded strings) that all die
 * together, so freeing them one by one is wasted work. An Arena is a singly linked list of
 * chunks; arena_alloc hands out the next aligned bytes of the newest chunk and starts a new
 * chunk when it runs out. arena_free walks the list once.
 *
 * Invariants: every returned block is zeroed and 16-byte aligned; a request larger than the
 * standard chunk gets a chunk of its own, so no request ever fails for size reasons. Allocation
 * failure of the C heap is fatal (the compiler cannot continue without memory).
 */
#include "lang/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_CHUNK = 64 * 1024, ARENA_ALIGN = 16 };

typedef struct Chunk {
    struct Chunk *next;
    size_t size, used;                 /* bytes in data[], bytes handed out */
    _Alignas(16) unsigned char data[];
} Chunk;

struct Arena {
    Chunk *head;                       /* newest chunk first */
};

static void *arena_xcalloc(size_t n) {
    void *p = calloc(1, n);
    if (!p) {
        fputs("gol: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

Arena *arena_new(void) {
    return arena_xcalloc(sizeof(Arena));
}

static Chunk *arena_grow(Arena *a, size_t need) {
    size_t size = need > ARENA_CHUNK ? need : ARENA_CHUNK;
    Chunk *c = arena_xcalloc(sizeof(Chunk) + size);
    c->size = size;
    c->next = a->head;
    a->head = c;
    return c;
}

void *arena_alloc(Arena *a, size_t size) {
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (size == 0)
        size = ARENA_ALIGN;
    Chunk *c = a->head;
    if (!c || c->size - c->used < size)
        c = arena_grow(a, size);
    void *p = c->data + c->used;
    c->used += size;
    return p;                          /* chunks come from calloc: already zero */
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void arena_free(Arena *a) {
    if (!a)
        return;
    for (Chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}
