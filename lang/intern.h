/* lang/intern.h — interned identifier strings.
 *
 * Identifiers are interned once, so the compiler compares names by pointer. The table is
 * process-wide and lives until exit (the REPL keeps adding to it). */
#ifndef GOL_LANG_INTERN_H
#define GOL_LANG_INTERN_H
#include <stddef.h>

const char *intern(const char *s, size_t len);
const char *intern_cstr(const char *s);

#endif
