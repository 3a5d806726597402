/* runtime/stdlib.h — the standard library's .gol sources, embedded in the binary.
 *
 * Each package gol supports is a .gol file under runtime/lib/ (fmt.gol, os.gol, ...). Function
 * declarations without a body are natives: the loader binds them by qualified name
 * ("fmt.Println") to C functions of runtime/ (rt_native_lookup). Everything else in a package
 * is ordinary gol, compiled with the user's program. tools/embed.c turns the files into
 * build/stdlib_embed.c at build time. */
#ifndef GOL_RUNTIME_STDLIB_H
#define GOL_RUNTIME_STDLIB_H

typedef struct StdlibFile {
    const char *pkgpath;    /* "fmt", "runtime/debug" */
    const char *srcpath;    /* "runtime/lib/fmt.gol", as diagnostics print it */
    const char *text;
} StdlibFile;

extern const StdlibFile gol_stdlib_files[];   /* ends with an entry whose pkgpath is NULL */

const StdlibFile *stdlib_find(const char *pkgpath);

#endif
