/* runtime/natives_strings.c — the searching natives of packages strings and bytes.
 *
 * Finding a byte or a substring is the inner loop of Split, Replace, Contains, Count and
 * their bytes twins, so it is C: memchr for a byte (the C library's is vectorised), and for a
 * substring a memchr for its first byte followed by a memcmp of the rest, which is Go's own
 * short-needle strategy and fast for the text programs search. The worst case (many false
 * first-byte hits) is O(len(s)*len(sep)), as memmem's naive fallback; Go switches to
 * Rabin-Karp there, which only changes the time, never the result.
 *
 * Layout rule (runtime/symtab.h): the int result in the slot at 0, then the parameters; a
 * string is two words (ptr, len) and a []byte three (ptr, len, cap), whose first two words
 * are laid out as a string's, so one function serves both packages.
 *
 * One more native serves strings.Builder: bufferString, the string view of its buffer.
 */
#include <string.h>
#include "runtime/runtime.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

/* index_of returns the offset of the first sep in s, or -1. */
static int64_t index_of(const uint8_t *s, int64_t n, const uint8_t *sep, int64_t m) {
    if (m == 0) return 0;
    if (m > n) return -1;
    const uint8_t *p = s, *end = s + n - m;   /* last possible start */
    while (p <= end) {
        const uint8_t *q = memchr(p, sep[0], (size_t)(end - p + 1));
        if (!q) return -1;
        if (memcmp(q + 1, sep + 1, (size_t)(m - 1)) == 0) return q - s;
        p = q + 1;
    }
    return -1;
}

static int64_t index_byte(const uint8_t *s, int64_t n, uint8_t c) {
    if (n == 0) return -1;
    const uint8_t *q = memchr(s, c, (size_t)n);
    return q ? q - s : -1;
}

/* strings.IndexByte(s string, c byte) int: result @0, s @8, c @24. */
static int nat_strings_index_byte(GolG *g, uint8_t *f) {
    GolString s = ARG(f, 8, GolString);
    ARG(f, 0, int64_t) = index_byte(s.ptr, s.len, (uint8_t)ARG(f, 24, uint64_t));
    return NAT_RETURN;
}

/* strings.Index(s, substr string) int: result @0, s @8, substr @24. */
static int nat_strings_index(GolG *g, uint8_t *f) {
    GolString s = ARG(f, 8, GolString), sep = ARG(f, 24, GolString);
    ARG(f, 0, int64_t) = index_of(s.ptr, s.len, sep.ptr, sep.len);
    return NAT_RETURN;
}

/* bytes.IndexByte(b []byte, c byte) int: result @0, b @8, c @32. */
static int nat_bytes_index_byte(GolG *g, uint8_t *f) {
    GolSlice b = ARG(f, 8, GolSlice);
    ARG(f, 0, int64_t) = index_byte(b.ptr, b.len, (uint8_t)ARG(f, 32, uint64_t));
    return NAT_RETURN;
}

/* bytes.Index(s, sep []byte) int: result @0, s @8, sep @32. */
static int nat_bytes_index(GolG *g, uint8_t *f) {
    GolSlice s = ARG(f, 8, GolSlice), sep = ARG(f, 32, GolSlice);
    ARG(f, 0, int64_t) = index_of(s.ptr, s.len, sep.ptr, sep.len);
    return NAT_RETURN;
}

/* bytes.Equal(a, b []byte) bool: result @0, a @8, b @32. */
static int nat_bytes_equal(GolG *g, uint8_t *f) {
    GolSlice a = ARG(f, 8, GolSlice), b = ARG(f, 32, GolSlice);
    ARG(f, 0, int64_t) = a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, (size_t)a.len) == 0);
    return NAT_RETURN;
}

/* bytes.Compare(a, b []byte) int: result @0, a @8, b @32; bytewise, the shorter first on a tie. */
static int nat_bytes_compare(GolG *g, uint8_t *f) {
    GolSlice a = ARG(f, 8, GolSlice), b = ARG(f, 32, GolSlice);
    int64_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, (size_t)n) : 0;
    if (c == 0) c = (a.len > b.len) - (a.len < b.len);
    ARG(f, 0, int64_t) = c < 0 ? -1 : c > 0;
    return NAT_RETURN;
}

/* strings.bufferString(b []byte) string: result @0, b @16. The string shares b's bytes, as
 * Go's Builder.String does through unsafe: a Builder only ever appends past len(b) or replaces
 * its buffer, so the bytes the string covers never change. The collector keeps the array
 * alive through the string's pointer like through any interior pointer. */
static int nat_strings_buffer_string(GolG *g, uint8_t *f) {
    GolSlice b = ARG(f, 16, GolSlice);
    ARG(f, 0, GolString) = (GolString){b.len ? b.ptr : NULL, b.len};
    return NAT_RETURN;
}

static const NativeEntry strings_natives[] = {
    { "strings.bufferString", nat_strings_buffer_string, false },
    { "strings.IndexByte", nat_strings_index_byte, false },
    { "strings.Index",     nat_strings_index,      false },
    { "bytes.IndexByte",   nat_bytes_index_byte,   false },
    { "bytes.Index",       nat_bytes_index,        false },
    { "bytes.Equal",       nat_bytes_equal,        false },
    { "bytes.Compare",     nat_bytes_compare,      false },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_strings(const char *qualified_name) {
    for (const NativeEntry *e = strings_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
