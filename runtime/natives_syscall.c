/* runtime/natives_syscall.c — the system calls behind packages syscall and os.
 *
 * runtime/lib/syscall.gol declares each call as a body-less function returning its result and
 * an errno (0 on success); the exported wrappers there turn the errno into a syscall.Errno
 * error, and package os builds its *PathError values on top, all in gol. This file only makes
 * the calls, so every error text and every rule about which error a function reports lives in
 * the .gol files, next to the Go they mirror.
 *
 * Paths are gol strings (pointer and length, no terminating NUL): cpath copies one into a C
 * buffer, and a path with a NUL byte in it fails with EINVAL, as Go's ByteSliceFromString makes
 * it fail. Results that are strings (Getwd, Readlink, the environment, a directory's entries)
 * are copied into the gol heap with mallocgc_noscan as the last step, so no allocation, and
 * so no collection, happens while a result slot is half written.
 *
 * Reads and writes are plain blocking read(2)/write(2), retried on EINTR: gol runs every
 * goroutine on one thread without a poller, so a read of a terminal blocks the program.
 * syscall.Stat_t is struct stat on linux/amd64 field for field (Go memory layout), so a stat
 * is copied into the gol struct as it is; the static assertion below guards the assumption.
 *
 * Frame offsets follow the layout rule of runtime/symtab.h: results first, then params, each
 * on an 8-byte boundary; a string takes 2 words, a slice 3.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <poll.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "runtime/runtime.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

_Static_assert(sizeof(struct stat) == 144, "syscall.Stat_t mirrors struct stat of linux/amd64");

extern char **environ;

/* cpath: s as a NUL-terminated C string in a malloc'd buffer, or NULL (errno EINVAL) when s
 * holds a NUL byte. The caller frees it. */
static char *cpath(GolString s) {
    if (s.len > 0 && memchr(s.ptr, 0, (size_t)s.len)) { errno = EINVAL; return NULL; }
    char *p = malloc((size_t)s.len + 1);
    if (!p) { errno = ENOMEM; return NULL; }
    if (s.len) memcpy(p, s.ptr, (size_t)s.len);
    p[s.len] = 0;
    return p;
}

/* A gol string holding a copy of n bytes of p. */
static GolString gol_string(GolG *g, const char *p, size_t n) {
    GolString s = {NULL, (int64_t)n};
    if (n > 0) {
        uint8_t *b = mallocgc_noscan(g, n, false);
        memcpy(b, p, n);
        s.ptr = b;
    }
    return s;
}

/* The errno slot's value: 0 on success (r >= 0), the error number otherwise. */
static int64_t errno_of(long r) { return r < 0 ? errno : 0; }

/* ---- calls on one path: result (errno) @0, path @8 ---- */

typedef int (*PathCall)(const char *path, uint64_t arg);

static int64_t path_call(GolString path, PathCall call, uint64_t arg) {
    char *p = cpath(path);
    if (!p) return errno;
    int r = call(p, arg);
    int64_t e = errno_of(r);
    free(p);
    return e;
}

static int call_unlink(const char *p, uint64_t a) { (void)a; return unlink(p); }
static int call_rmdir(const char *p, uint64_t a)  { (void)a; return rmdir(p); }
static int call_chdir(const char *p, uint64_t a)  { (void)a; return chdir(p); }
static int call_mkdir(const char *p, uint64_t a)  { return mkdir(p, (mode_t)a); }
static int call_chmod(const char *p, uint64_t a)  { return chmod(p, (mode_t)a); }
static int call_truncate(const char *p, uint64_t a) { return truncate(p, (off_t)a); }
static int call_unsetenv(const char *p, uint64_t a) { (void)a; return unsetenv(p); }

static int nat_unlink(GolG *g, uint8_t *f) { ARG(f, 0, int64_t) = path_call(ARG(f, 8, GolString), call_unlink, 0); return NAT_RETURN; }
static int nat_rmdir(GolG *g, uint8_t *f)  { ARG(f, 0, int64_t) = path_call(ARG(f, 8, GolString), call_rmdir, 0); return NAT_RETURN; }
static int nat_chdir(GolG *g, uint8_t *f)  { ARG(f, 0, int64_t) = path_call(ARG(f, 8, GolString), call_chdir, 0); return NAT_RETURN; }
/* sysMkdir(path string, mode uint32) int and sysChmod: mode @24; sysTruncate: length @24. */
static int nat_mkdir(GolG *g, uint8_t *f)  { ARG(f, 0, int64_t) = path_call(ARG(f, 8, GolString), call_mkdir, ARG(f, 24, uint64_t)); return NAT_RETURN; }
static int nat_chmod(GolG *g, uint8_t *f)  { ARG(f, 0, int64_t) = path_call(ARG(f, 8, GolString), call_chmod, ARG(f, 24, uint64_t)); return NAT_RETURN; }
static int nat_truncate(GolG *g, uint8_t *f) { ARG(f, 0, int64_t) = path_call(ARG(f, 8, GolString), call_truncate, ARG(f, 24, uint64_t)); return NAT_RETURN; }

/* sysUnsetenv(key string) int: Go's rule, an empty key or one with '=' is EINVAL. */
static int nat_unsetenv(GolG *g, uint8_t *f) {
    GolString k = ARG(f, 8, GolString);
    if (k.len == 0 || memchr(k.ptr, '=', (size_t)k.len)) { ARG(f, 0, int64_t) = EINVAL; return NAT_RETURN; }
    ARG(f, 0, int64_t) = path_call(k, call_unsetenv, 0);
    return NAT_RETURN;
}

/* ---- calls on two paths: result @0, a @8, b @24 ---- */

typedef int (*PathsCall)(const char *a, const char *b);

static int64_t paths_call(GolString a, GolString b, PathsCall call) {
    char *pa = cpath(a);
    if (!pa) return errno;
    char *pb = cpath(b);
    if (!pb) { int64_t e = errno; free(pa); return e; }
    int r = call(pa, pb);
    int64_t e = errno_of(r);
    free(pa);
    free(pb);
    return e;
}

static int call_rename(const char *a, const char *b)  { return rename(a, b); }
static int call_symlink(const char *a, const char *b) { return symlink(a, b); }
static int call_link(const char *a, const char *b)    { return link(a, b); }
static int call_setenv(const char *k, const char *v)  { return setenv(k, v, 1); }

static int nat_rename(GolG *g, uint8_t *f)  { ARG(f, 0, int64_t) = paths_call(ARG(f, 8, GolString), ARG(f, 24, GolString), call_rename); return NAT_RETURN; }
static int nat_symlink(GolG *g, uint8_t *f) { ARG(f, 0, int64_t) = paths_call(ARG(f, 8, GolString), ARG(f, 24, GolString), call_symlink); return NAT_RETURN; }
static int nat_link(GolG *g, uint8_t *f)    { ARG(f, 0, int64_t) = paths_call(ARG(f, 8, GolString), ARG(f, 24, GolString), call_link); return NAT_RETURN; }

/* sysSetenv(key, value string) int: Go's rule, an empty key or one with '=' is EINVAL. */
static int nat_setenv(GolG *g, uint8_t *f) {
    GolString k = ARG(f, 8, GolString);
    if (k.len == 0 || memchr(k.ptr, '=', (size_t)k.len)) { ARG(f, 0, int64_t) = EINVAL; return NAT_RETURN; }
    ARG(f, 0, int64_t) = paths_call(k, ARG(f, 24, GolString), call_setenv);
    return NAT_RETURN;
}

/* ---- descriptors ---- */

/* sysOpen(path string, mode int, perm uint32) (fd int, errno int): fd @0, errno @8, path @16,
 * mode @32, perm @40. Every descriptor is close-on-exec, as Go opens them. */
static int nat_open(GolG *g, uint8_t *f) {
    char *p = cpath(ARG(f, 16, GolString));
    if (!p) { ARG(f, 0, int64_t) = -1; ARG(f, 8, int64_t) = errno; return NAT_RETURN; }
    int fd;
    do fd = open(p, (int)ARG(f, 32, int64_t) | O_CLOEXEC, (mode_t)ARG(f, 40, uint64_t));
    while (fd < 0 && errno == EINTR);
    ARG(f, 8, int64_t) = errno_of(fd);
    ARG(f, 0, int64_t) = fd;
    free(p);
    return NAT_RETURN;
}

/* sysClose(fd int) int: result @0, fd @8. */
static int nat_close(GolG *g, uint8_t *f) {
    ARG(f, 0, int64_t) = errno_of(close((int)ARG(f, 8, int64_t)));
    return NAT_RETURN;
}

/* sysRead(fd int, p []byte) (n, errno int): n @0, errno @8, fd @16, p @24. At most 1 GiB a
 * call, as Go's poll package caps it. */
static size_t rw_len(GolSlice p) { return p.len > (1 << 30) ? (size_t)1 << 30 : (size_t)p.len; }

static int nat_read(GolG *g, uint8_t *f) {
    GolSlice p = ARG(f, 24, GolSlice);
    ssize_t n;
    do n = read((int)ARG(f, 16, int64_t), p.ptr, rw_len(p));
    while (n < 0 && errno == EINTR);
    ARG(f, 8, int64_t) = errno_of(n);
    ARG(f, 0, int64_t) = n;
    return NAT_RETURN;
}

/* sysWrite(fd int, p []byte) (n, errno int): writes all of p unless an error stops it (Go's
 * poll.FD.Write loops the same way); n counts what was written. */
static int nat_write(GolG *g, uint8_t *f) {
    int fd = (int)ARG(f, 16, int64_t);
    GolSlice p = ARG(f, 24, GolSlice);
    int64_t done = 0, e = 0;
    while (done < p.len) {
        ssize_t n = write(fd, (uint8_t *)p.ptr + done, rw_len((GolSlice){0, p.len - done, 0}));
        if (n < 0) {
            if (errno == EINTR) continue;
            e = errno;
            break;
        }
        done += n;
    }
    ARG(f, 0, int64_t) = done;
    ARG(f, 8, int64_t) = e;
    return NAT_RETURN;
}

/* sysPread/sysPwrite(fd int, p []byte, offset int64) (n, errno int): offset @48. */
static int nat_pread(GolG *g, uint8_t *f) {
    GolSlice p = ARG(f, 24, GolSlice);
    ssize_t n;
    do n = pread((int)ARG(f, 16, int64_t), p.ptr, rw_len(p), (off_t)ARG(f, 48, int64_t));
    while (n < 0 && errno == EINTR);
    ARG(f, 8, int64_t) = errno_of(n);
    ARG(f, 0, int64_t) = n;
    return NAT_RETURN;
}

static int nat_pwrite(GolG *g, uint8_t *f) {
    GolSlice p = ARG(f, 24, GolSlice);
    ssize_t n;
    do n = pwrite((int)ARG(f, 16, int64_t), p.ptr, rw_len(p), (off_t)ARG(f, 48, int64_t));
    while (n < 0 && errno == EINTR);
    ARG(f, 8, int64_t) = errno_of(n);
    ARG(f, 0, int64_t) = n;
    return NAT_RETURN;
}

/* sysSeek(fd int, offset int64, whence int) (off int64, errno int): fd @16, offset @24, whence @32. */
static int nat_seek(GolG *g, uint8_t *f) {
    off_t r = lseek((int)ARG(f, 16, int64_t), (off_t)ARG(f, 24, int64_t), (int)ARG(f, 32, int64_t));
    ARG(f, 8, int64_t) = errno_of(r);
    ARG(f, 0, int64_t) = r;
    return NAT_RETURN;
}

/* sysFsync(fd int) int; sysFtruncate(fd int, length int64) int; sysFchmod(fd int, mode uint32) int. */
static int nat_fsync(GolG *g, uint8_t *f) {
    ARG(f, 0, int64_t) = errno_of(fsync((int)ARG(f, 8, int64_t)));
    return NAT_RETURN;
}

static int nat_ftruncate(GolG *g, uint8_t *f) {
    ARG(f, 0, int64_t) = errno_of(ftruncate((int)ARG(f, 8, int64_t), (off_t)ARG(f, 16, int64_t)));
    return NAT_RETURN;
}

static int nat_fchmod(GolG *g, uint8_t *f) {
    ARG(f, 0, int64_t) = errno_of(fchmod((int)ARG(f, 8, int64_t), (mode_t)ARG(f, 16, uint64_t)));
    return NAT_RETURN;
}

/* sysStat(path string, st *Stat_t, nofollow bool) int: result @0, path @8, st @24, nofollow @32.
 * Stat_t holds no pointers, so the copy needs no write barrier. */
static int nat_stat(GolG *g, uint8_t *f) {
    char *p = cpath(ARG(f, 8, GolString));
    if (!p) { ARG(f, 0, int64_t) = errno; return NAT_RETURN; }
    struct stat st;
    int r = ARG(f, 32, int64_t) ? lstat(p, &st) : stat(p, &st);
    ARG(f, 0, int64_t) = errno_of(r);
    if (r == 0) memcpy(ARG(f, 24, void *), &st, sizeof st);
    free(p);
    return NAT_RETURN;
}

/* sysFstat(fd int, st *Stat_t) int: result @0, fd @8, st @16. */
static int nat_fstat(GolG *g, uint8_t *f) {
    struct stat st;
    int r = fstat((int)ARG(f, 8, int64_t), &st);
    ARG(f, 0, int64_t) = errno_of(r);
    if (r == 0) memcpy(ARG(f, 16, void *), &st, sizeof st);
    return NAT_RETURN;
}

/* ---- results that are strings: (s string, errno int): s @0, errno @16 ---- */

/* sysReadlink(path string) (string, int): path @24. */
static int nat_readlink(GolG *g, uint8_t *f) {
    ARG(f, 0, GolString) = (GolString){NULL, 0};
    char *p = cpath(ARG(f, 24, GolString));
    if (!p) { ARG(f, 16, int64_t) = errno; return NAT_RETURN; }
    char buf[PATH_MAX];
    ssize_t n = readlink(p, buf, sizeof buf);
    int64_t e = errno_of(n);
    free(p);
    ARG(f, 16, int64_t) = e;
    if (n >= 0) ARG(f, 0, GolString) = gol_string(g, buf, (size_t)n);
    return NAT_RETURN;
}

/* sysGetwd() (string, int). */
static int nat_getwd(GolG *g, uint8_t *f) {
    ARG(f, 0, GolString) = (GolString){NULL, 0};
    char buf[PATH_MAX];
    char *r = getcwd(buf, sizeof buf);
    ARG(f, 16, int64_t) = r ? 0 : errno;
    if (r) ARG(f, 0, GolString) = gol_string(g, buf, strlen(buf));
    return NAT_RETURN;
}

/* Getenv(key string) (value string, found bool): value @0, found @16, key @24. */
static int nat_getenv(GolG *g, uint8_t *f) {
    ARG(f, 0, GolString) = (GolString){NULL, 0};
    ARG(f, 16, int64_t) = 0;
    char *k = cpath(ARG(f, 24, GolString));
    if (!k) return NAT_RETURN;
    const char *v = getenv(k);
    free(k);
    if (v) {
        ARG(f, 16, int64_t) = 1;
        ARG(f, 0, GolString) = gol_string(g, v, strlen(v));
    }
    return NAT_RETURN;
}

/* environ() string: every "key=value" followed by a NUL, in one string. */
static int nat_environ(GolG *g, uint8_t *f) {
    size_t n = 0;
    for (char **e = environ; e && *e; e++) n += strlen(*e) + 1;
    char *buf = malloc(n ? n : 1), *w = buf;
    for (char **e = environ; e && *e; e++) {
        size_t k = strlen(*e) + 1;
        memcpy(w, *e, k);
        w += k;
    }
    ARG(f, 0, GolString) = (GolString){NULL, 0};
    ARG(f, 0, GolString) = gol_string(g, buf, n);
    free(buf);
    return NAT_RETURN;
}

static int nat_clearenv(GolG *g, uint8_t *f) {
    clearenv();
    return NAT_RETURN;
}

/* ---- the process ---- */

static int nat_getpid(GolG *g, uint8_t *f)  { ARG(f, 0, int64_t) = getpid(); return NAT_RETURN; }
static int nat_getppid(GolG *g, uint8_t *f) { ARG(f, 0, int64_t) = getppid(); return NAT_RETURN; }
static int nat_getuid(GolG *g, uint8_t *f)  { ARG(f, 0, int64_t) = getuid(); return NAT_RETURN; }
static int nat_geteuid(GolG *g, uint8_t *f) { ARG(f, 0, int64_t) = geteuid(); return NAT_RETURN; }
static int nat_getgid(GolG *g, uint8_t *f)  { ARG(f, 0, int64_t) = getgid(); return NAT_RETURN; }
static int nat_getegid(GolG *g, uint8_t *f) { ARG(f, 0, int64_t) = getegid(); return NAT_RETURN; }

static int nat_exit(GolG *g, uint8_t *f) {
    rt_exit((int)ARG(f, 0, int64_t));
    return NAT_RETURN;
}

/* sysKill(pid int, sig int) int: result @0, pid @8, sig @16. */
static int nat_kill(GolG *g, uint8_t *f) {
    ARG(f, 0, int64_t) = errno_of(kill((pid_t)ARG(f, 8, int64_t), (int)ARG(f, 16, int64_t)));
    return NAT_RETURN;
}

/* os.direntries(fd int) (list string, errno int): list @0, errno @16, fd @24. The entries of the
 * directory open as fd, in the order the kernel gives them, "." and ".." left out; each is one
 * type byte (d_type: DT_DIR, DT_REG... or DT_UNKNOWN), the name and a NUL. The descriptor is
 * duplicated for fdopendir, so the File keeps its own, and read from its start. */
static int nat_direntries(GolG *g, uint8_t *f) {
    ARG(f, 0, GolString) = (GolString){NULL, 0};
    int fd = dup((int)ARG(f, 24, int64_t));
    if (fd < 0) { ARG(f, 16, int64_t) = errno; return NAT_RETURN; }
    DIR *d = fdopendir(fd);
    if (!d) { ARG(f, 16, int64_t) = errno; close(fd); return NAT_RETURN; }
    rewinddir(d);
    size_t len = 0, cap = 256;
    char *buf = malloc(cap);
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        size_t n = strlen(de->d_name);
        while (len + n + 2 > cap) buf = realloc(buf, cap *= 2);
        buf[len++] = (char)de->d_type;
        memcpy(buf + len, de->d_name, n + 1);
        len += n + 1;
    }
    int64_t e = errno;
    closedir(d);
    ARG(f, 16, int64_t) = e;
    if (e == 0) ARG(f, 0, GolString) = gol_string(g, buf, len);
    free(buf);
    return NAT_RETURN;
}

/* ---- processes ---- */

/* A []string as a NULL-terminated char* vector in malloc'd memory (strings with a NUL byte
 * fail with EINVAL, as Go's BytePtrFromString does). */
static char **cvector(GolSlice v) {
    char **out = calloc((size_t)v.len + 1, sizeof *out);
    if (!out) return NULL;
    const GolString *a = v.ptr;
    for (int64_t i = 0; i < v.len; i++) {
        out[i] = cpath(a[i]);
        if (!out[i]) {
            for (int64_t j = 0; j < i; j++) free(out[j]);
            free(out);
            errno = EINVAL;
            return NULL;
        }
    }
    return out;
}

static void free_vector(char **v) {
    for (char **p = v; p && *p; p++) free(*p);
    free(v);
}

/* sysForkExec(path string, argv, env []string, dir string, fds []int) (pid int, errno int):
 * pid @0, errno @8, path @16, argv @32, env @56, dir @80, fds @96.
 *
 * Everything the child needs is made before fork, so that between fork and execve the child
 * only calls async-signal-safe functions: it moves the descriptors fds[i] to i (-1 closes i),
 * changes directory and execs. If that fails it writes its errno to a close-on-exec pipe and
 * exits; the parent reads the pipe, which closes without data when execve succeeded — Go's own
 * way to report an exec failure as the error of StartProcess. */
static int nat_fork_exec(GolG *g, uint8_t *f) {
    ARG(f, 0, int64_t) = -1;
    char *path = cpath(ARG(f, 16, GolString));
    char **argv = cvector(ARG(f, 32, GolSlice));
    char **envv = cvector(ARG(f, 56, GolSlice));
    GolString dirs = ARG(f, 80, GolString);
    char *dir = dirs.len ? cpath(dirs) : NULL;
    GolSlice fdsl = ARG(f, 96, GolSlice);
    int nfd = (int)fdsl.len;
    int *fds = malloc(sizeof(int) * (size_t)(nfd ? nfd : 1));
    for (int i = 0; i < nfd; i++) fds[i] = (int)((int64_t *)fdsl.ptr)[i];
    int64_t e = 0;
    int errpipe[2] = {-1, -1};
    if (!path || !argv || !envv || (dirs.len && !dir)) e = EINVAL;
    else if (pipe2(errpipe, O_CLOEXEC) < 0) e = errno;
    pid_t pid = -1;
    if (e == 0) {
        /* descriptors that must survive the dup2 loop move above every target first */
        pid = fork();
        if (pid < 0) e = errno;
        if (pid == 0) {
            int ce = 0;
            for (int i = 0; i < nfd && !ce; i++)
                if (fds[i] >= 0 && fds[i] < nfd && fds[i] != i) {
                    int nf = fcntl(fds[i], F_DUPFD_CLOEXEC, nfd);
                    if (nf < 0) ce = errno; else fds[i] = nf;
                }
            for (int i = 0; i < nfd && !ce; i++) {
                if (fds[i] < 0) { close(i); continue; }
                if (fds[i] == i) { fcntl(i, F_SETFD, 0); continue; }
                if (dup2(fds[i], i) < 0) ce = errno;
            }
            if (!ce && dir && chdir(dir) < 0) ce = errno;
            if (!ce) { execve(path, argv, envv); ce = errno; }
            int32_t w = ce;
            ssize_t unused = write(errpipe[1], &w, sizeof w);
            (void)unused;
            _exit(127);
        }
        close(errpipe[1]);
        if (pid > 0) {
            int32_t ce;
            ssize_t n;
            do n = read(errpipe[0], &ce, sizeof ce);
            while (n < 0 && errno == EINTR);
            if (n == (ssize_t)sizeof ce) {     /* exec failed: reap the child, report */
                int st;
                while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
                e = ce;
                pid = -1;
            }
        }
        close(errpipe[0]);
    }
    free(path);
    free_vector(argv);
    free_vector(envv);
    free(dir);
    free(fds);
    ARG(f, 0, int64_t) = pid;
    ARG(f, 8, int64_t) = e;
    return NAT_RETURN;
}

/* sysWait4(pid int) (wpid int, status int, errno int): wpid @0, status @8, errno @16, pid @24.
 * Blocks the program until the child ends (gol has one thread). */
static int nat_wait4(GolG *g, uint8_t *f) {
    int st = 0;
    pid_t r;
    do r = waitpid((pid_t)ARG(f, 24, int64_t), &st, 0);
    while (r < 0 && errno == EINTR);
    ARG(f, 16, int64_t) = errno_of(r);
    ARG(f, 8, int64_t) = st;
    ARG(f, 0, int64_t) = r;
    return NAT_RETURN;
}

/* sysPipe() (r, w int, errno int): a close-on-exec pipe. */
static int nat_pipe(GolG *g, uint8_t *f) {
    int p[2] = {-1, -1};
    int r = pipe2(p, O_CLOEXEC);
    ARG(f, 16, int64_t) = errno_of(r);
    ARG(f, 0, int64_t) = p[0];
    ARG(f, 8, int64_t) = p[1];
    return NAT_RETURN;
}

/* sysPollRead(fds []int) (index int, errno int): index @0, errno @8, fds @16. Waits until one
 * of the descriptors can be read (or is at its end) and returns its index. */
static int nat_poll_read(GolG *g, uint8_t *f) {
    GolSlice s = ARG(f, 16, GolSlice);
    struct pollfd pf[16];
    int n = s.len > 16 ? 16 : (int)s.len;
    for (int i = 0; i < n; i++) pf[i] = (struct pollfd){(int)((int64_t *)s.ptr)[i], POLLIN, 0};
    int r;
    do r = poll(pf, (nfds_t)n, -1);
    while (r < 0 && errno == EINTR);
    ARG(f, 0, int64_t) = -1;
    ARG(f, 8, int64_t) = errno_of(r);
    for (int i = 0; r > 0 && i < n; i++)
        if (pf[i].revents) { ARG(f, 0, int64_t) = i; break; }
    return NAT_RETURN;
}

static const NativeEntry syscall_natives[] = {
    { "syscall.sysForkExec",  nat_fork_exec },
    { "syscall.sysWait4",     nat_wait4 },
    { "syscall.sysPipe",      nat_pipe },
    { "syscall.sysPollRead",  nat_poll_read },
    { "syscall.sysOpen",      nat_open },
    { "syscall.sysClose",     nat_close },
    { "syscall.sysRead",      nat_read },
    { "syscall.sysWrite",     nat_write },
    { "syscall.sysPread",     nat_pread },
    { "syscall.sysPwrite",    nat_pwrite },
    { "syscall.sysSeek",      nat_seek },
    { "syscall.sysFsync",     nat_fsync },
    { "syscall.sysFtruncate", nat_ftruncate },
    { "syscall.sysTruncate",  nat_truncate },
    { "syscall.sysStat",      nat_stat },
    { "syscall.sysFstat",     nat_fstat },
    { "syscall.sysUnlink",    nat_unlink },
    { "syscall.sysRmdir",     nat_rmdir },
    { "syscall.sysMkdir",     nat_mkdir },
    { "syscall.sysRename",    nat_rename },
    { "syscall.sysChdir",     nat_chdir },
    { "syscall.sysChmod",     nat_chmod },
    { "syscall.sysFchmod",    nat_fchmod },
    { "syscall.sysSymlink",   nat_symlink },
    { "syscall.sysLink",      nat_link },
    { "syscall.sysReadlink",  nat_readlink },
    { "syscall.sysGetwd",     nat_getwd },
    { "syscall.sysSetenv",    nat_setenv },
    { "syscall.sysUnsetenv",  nat_unsetenv },
    { "syscall.sysKill",      nat_kill },
    { "syscall.Getenv",       nat_getenv },
    { "time.getenv",          nat_getenv },      /* the same signature in time.gol */
    { "syscall.Clearenv",     nat_clearenv },
    { "syscall.environ",      nat_environ },
    { "syscall.Getpid",       nat_getpid },
    { "syscall.Getppid",      nat_getppid },
    { "syscall.Getuid",       nat_getuid },
    { "syscall.Geteuid",      nat_geteuid },
    { "syscall.Getgid",       nat_getgid },
    { "syscall.Getegid",      nat_getegid },
    { "syscall.Exit",         nat_exit },
    { "os.direntries",        nat_direntries },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_syscall(const char *qualified_name) {
    for (const NativeEntry *e = syscall_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
