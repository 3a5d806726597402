/* runtime/proc.c — process start and exit: os.Args, the buffered stdout, exit with flush.
 *
 * rt_init runs before any gol code: it remembers the program's arguments (os.Args is filled from
 * them by the native os.runtime_args, which os.gol calls in its `var Args = runtime_args()`)
 * and decides how stdout is buffered.
 *
 * Go writes os.Stdout unbuffered, one write(2) per fmt.Println. gol buffers instead (64 KiB),
 * which is much faster for print loops, and keeps the observable order the same by flushing:
 *   - when the buffer fills,
 *   - before anything is written to stderr (builtin print/println, panics, fatal errors), so
 *     `gol run x.gol 2>&1` interleaves exactly as Go does,
 *   - at exit (rt_exit: normal end of main.main and os.Exit),
 *   - after every write when stdout is a terminal, so an interactive program shows its output
 *     at once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "runtime/runtime.h"
#include "runtime/proc.h"

static int rt_argc;
static char **rt_argv;

enum { STDOUT_BUF_SIZE = 64 << 10 };
static uint8_t out_buf[STDOUT_BUF_SIZE];
static size_t out_len;
static bool out_is_tty;

void rt_init(int argc, char **argv, int first_arg) {
    if (first_arg > argc) first_arg = argc;
    rt_argc = argc - first_arg;
    rt_argv = argv + first_arg;
    out_is_tty = isatty(1);
    out_len = 0;
}

int rt_args(char ***argv) {
    *argv = rt_argv;
    return rt_argc;
}

/* write(2) all of p, retrying on short writes; a closed pipe just drops the output. */
void rt_write_fd(int fd, const void *p, size_t n) {
    const uint8_t *b = p;
    while (n > 0) {
        ssize_t w = write(fd, b, n);
        if (w < 0) { if (errno == EINTR) continue; return; }
        b += w;
        n -= (size_t)w;
    }
}

void rt_stdout_flush(void) {
    if (out_len > 0) rt_write_fd(1, out_buf, out_len);
    out_len = 0;
}

void rt_stdout_write(const void *p, size_t n) {
    if (n == 0) return;
    if (out_len + n > STDOUT_BUF_SIZE) {
        rt_stdout_flush();
        if (n > STDOUT_BUF_SIZE) { rt_write_fd(1, p, n); return; }
    }
    memcpy(out_buf + out_len, p, n);
    out_len += n;
    if (out_is_tty) rt_stdout_flush();
}

void rt_stderr_write(const void *p, size_t n) {
    rt_stdout_flush();
    rt_write_fd(2, p, n);
}

void rt_exit(int code) {
    rt_stdout_flush();
    exit(code);
}
