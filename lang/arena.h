/* lang/arena.h — bump allocation for syntax trees and compiler tables.
 *
 * A compilation allocates many small objects that all die together (nodes, types, symbols), so
 * they come from an arena: a list of large chunks handed out by bumping a pointer, freed in one
 * call. Memory is zeroed. This is C-side memory of the compiler, unrelated to gol's GC heap. */
#ifndef GOL_LANG_ARENA_H
#define GOL_LANG_ARENA_H
#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(void);
void  *arena_alloc(Arena *a, size_t size);          /* zeroed, 16-byte aligned; never NULL */
char  *arena_strndup(Arena *a, const char *s, size_t n);
void   arena_free(Arena *a);

#endif
