/* compiler/gostd.c — the import paths of Go 1.19's standard library.
 *
 * gol's standard library (the .gol files of runtime/lib/, docs/stdlib.md) is a small part of
 * Go's. An import gol cannot resolve is one of two mistakes, and the message should say which:
 *   - a Go standard package gol does not have ("encoding/csv"): the program is fine Go, gol is
 *     behind, so the message says so and points to docs/stdlib.md;
 *   - a path that is no standard package at all ("nosuch", "github.com/x/y"): Go's own error.
 * The list below is `go list std` of Go 1.19, without the internal/ and vendor/ packages, which
 * a program cannot import. It is sorted, so a lookup is a binary search.
 */
#include <stdlib.h>
#include <string.h>
#include "compiler/check.h"

static const char *const go_std_paths[] = {
    "archive/tar", "archive/zip", "bufio", "bytes", "compress/bzip2", "compress/flate",
    "compress/gzip", "compress/lzw", "compress/zlib", "container/heap", "container/list",
    "container/ring", "context", "crypto", "crypto/aes", "crypto/cipher", "crypto/des",
    "crypto/dsa", "crypto/ecdsa", "crypto/ed25519", "crypto/elliptic", "crypto/hmac",
    "crypto/md5", "crypto/rand", "crypto/rc4", "crypto/rsa", "crypto/sha1", "crypto/sha256",
    "crypto/sha512", "crypto/subtle", "crypto/tls", "crypto/x509", "crypto/x509/pkix",
    "database/sql", "database/sql/driver", "debug/buildinfo", "debug/dwarf", "debug/elf",
    "debug/gosym", "debug/macho", "debug/pe", "debug/plan9obj", "embed", "encoding",
    "encoding/ascii85", "encoding/asn1", "encoding/base32", "encoding/base64",
    "encoding/binary", "encoding/csv", "encoding/gob", "encoding/hex", "encoding/json",
    "encoding/pem", "encoding/xml", "errors", "expvar", "flag", "fmt", "go/ast", "go/build",
    "go/build/constraint", "go/constant", "go/doc", "go/doc/comment", "go/format",
    "go/importer", "go/parser", "go/printer", "go/scanner", "go/token", "go/types", "hash",
    "hash/adler32", "hash/crc32", "hash/crc64", "hash/fnv", "hash/maphash", "html",
    "html/template", "image", "image/color", "image/color/palette", "image/draw", "image/gif",
    "image/jpeg", "image/png", "index/suffixarray", "io", "io/fs", "io/ioutil", "log",
    "log/syslog", "math", "math/big", "math/bits", "math/cmplx", "math/rand", "mime",
    "mime/multipart", "mime/quotedprintable", "net", "net/http", "net/http/cgi",
    "net/http/cookiejar", "net/http/fcgi", "net/http/httptest", "net/http/httptrace",
    "net/http/httputil", "net/http/pprof", "net/mail", "net/netip", "net/rpc",
    "net/rpc/jsonrpc", "net/smtp", "net/textproto", "net/url", "os", "os/exec", "os/signal",
    "os/user", "path", "path/filepath", "plugin", "reflect", "regexp", "regexp/syntax",
    "runtime", "runtime/cgo", "runtime/debug", "runtime/metrics", "runtime/pprof",
    "runtime/race", "runtime/trace", "sort", "strconv", "strings", "sync", "sync/atomic",
    "syscall", "testing", "testing/fstest", "testing/iotest", "testing/quick", "text/scanner",
    "text/tabwriter", "text/template", "text/template/parse", "time", "time/tzdata", "unicode",
    "unicode/utf16", "unicode/utf8", "unsafe",
};

static int go_std_compare(const void *key, const void *elem) {
    return strcmp((const char *)key, *(const char *const *)elem);
}

bool go_std_has(const char *path) {
    return bsearch(path, go_std_paths, sizeof go_std_paths / sizeof go_std_paths[0],
                   sizeof go_std_paths[0], go_std_compare) != NULL;
}
