/* runtime/proc.h — the runtime's internal I/O and argument helpers (runtime/proc.c).
 * What the interpreter calls is in runtime/runtime.h; this is shared among runtime files. */
#ifndef GOL_RUNTIME_PROC_H
#define GOL_RUNTIME_PROC_H

#include <stddef.h>

int  rt_args(char ***argv);                          /* os.Args: count and vector */
void rt_write_fd(int fd, const void *p, size_t n);   /* write(2) everything, unbuffered */
void rt_stderr_write(const void *p, size_t n);       /* one write(2) to stderr */

#endif
