/* runtime/stdlib.c — finding an embedded standard-library package by its import path.
 * The files themselves are the runtime/lib/ .gol files, turned into gol_stdlib_files by tools/embed.c
 * (see runtime/stdlib.h). A linear search is right: there are a handful of packages. */
#include <string.h>
#include "runtime/stdlib.h"

const StdlibFile *stdlib_find(const char *pkgpath) {
    for (const StdlibFile *f = gol_stdlib_files; f->pkgpath; f++)
        if (strcmp(f->pkgpath, pkgpath) == 0) return f;
    return NULL;
}
