/* compiler/constant.h — values of constant expressions (Go's untyped constant arithmetic).
 *
 * Go computes constant expressions exactly: integers with (at least) 256 bits, floats with a
 * large mantissa, so `1 << 100 >> 98` is 4 and `math.MaxUint64` fits. gol keeps integers as
 * signed 128-bit values with an overflow flag (enough for every program in the tests; larger
 * values report "constant overflow") and floats as long double. Conversions to a typed
 * constant check representability and produce Go's errors, e.g.
 *     cannot use 300 (untyped int constant) as byte value in assignment (overflows)
 */
#ifndef GOL_COMPILER_CONSTANT_H
#define GOL_COMPILER_CONSTANT_H
#include <stdbool.h>
#include <stdint.h>

typedef enum { CV_BOOL, CV_INT, CV_FLOAT, CV_STRING } ConstKind;

typedef struct ConstVal {
    ConstKind kind;
    bool b;
    __int128 i;
    long double f;
    const char *s;      /* string bytes (arena), may contain NULs */
    int64_t slen;
} ConstVal;

#endif
