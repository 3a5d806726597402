/* runtime/fmtsort.h — the order fmt prints a map's entries in (Go's internal/fmtsort). */
#ifndef GOL_RUNTIME_FMTSORT_H
#define GOL_RUNTIME_FMTSORT_H

#include "runtime/map.h"

typedef struct FmtSortEntry { const void *key, *val; } FmtSortEntry;

/* -1, 0, 1: a before, equal to, after b, both values of type t in memory form. */
int fmtsort_compare(const TypeDesc *t, const void *a, const void *b);
/* The entries of m sorted by key (stable): a malloc'd array of m->count entries (NULL when
 * empty) pointing into m's table; valid while m is not changed. */
FmtSortEntry *fmtsort_map(const GolMap *m, size_t *n);

#endif
