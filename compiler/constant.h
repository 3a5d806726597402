/* compiler/constant.h — values of constant expressions (Go's untyped constant arithmetic).
 *
 * Go computes constant expressions exactly, and so does gol: integers are arbitrary-precision
 * (limited, as in Go, to 512 bits: "constant ... overflow" beyond), floats are exact rationals
 * (0.1 is 1/10, so 0.1 + 0.2 == 0.3 and 1.0/3*3 == 1), rounded correctly to float32/float64
 * only when a typed value is needed. Conversions to a typed
 * constant check representability and produce Go's errors, e.g.
 *     cannot use 300 (untyped int constant) as byte value in assignment (overflows)
 */
#ifndef GOL_COMPILER_CONSTANT_H
#define GOL_COMPILER_CONSTANT_H
#include <stdbool.h>
#include <stdint.h>

typedef enum { CV_BOOL, CV_INT, CV_FLOAT, CV_STRING } ConstKind;

/* A numeric constant is exact: sign `neg` times num/den, with num and den arbitrary-precision
 * magnitudes (struct CvBig is private to constant.c) and den NULL for CV_INT. `i` and `f` are
 * read-only shadows kept for the checker and code generator: `i` is the integer value (CV_INT
 * or an integral CV_FLOAT) saturated to +-(2^127-1); `f` the value rounded to a 64-bit
 * mantissa *to odd*, so that (double)f and (float)f are correctly rounded. */
struct CvBig;
typedef struct ConstVal {
    ConstKind kind;
    bool b;
    bool neg;
    __int128 i;
    long double f;
    const struct CvBig *num, *den;
    const char *s;      /* string bytes (arena), may contain NULs */
    int64_t slen;
} ConstVal;

/* ---- operations (compiler/constant.c) ----
 * Values are small structs passed by value; strings point into an arena the caller owns.
 * Operations return a CvStatus: CV_OK, or why the result does not exist. An integer result
 * wider than 512 bits, or a rational whose numerator or denominator would exceed
 * CV_MAX_RAT_BITS, is CV_OVERFLOW ("constant overflow"). */
struct Type;
struct Arena;

typedef enum CvStatus { CV_OK, CV_OVERFLOW, CV_DIVZERO, CV_BADOP, CV_TRUNCATED } CvStatus;

ConstVal cv_make_bool(bool b);
ConstVal cv_make_int(__int128 i);
ConstVal cv_make_float(long double f);
ConstVal cv_make_string(const char *s, int64_t len);
/* Parses an INTLIT/FLOATLIT source text (with 0x, 0o, 0b, _ separators, hex floats). */
CvStatus cv_parse_int(const char *lit, int len, ConstVal *out);
CvStatus cv_parse_float(const char *lit, int len, ConstVal *out);
/* a op b for + - * / % & | ^ &^ (op is a TK_ token). `intdiv` selects truncating integer
 * division for `/` (both operands of integer type); otherwise a float result is produced. */
CvStatus cv_binary(int op, ConstVal a, ConstVal b, bool intdiv, ConstVal *out);
/* -x +x ^x !x; `bits` and `is_unsigned` give the typed width for ^ on unsigned (0: untyped). */
CvStatus cv_unary(int op, ConstVal a, int bits, bool is_unsigned, ConstVal *out);
CvStatus cv_shift(int op, ConstVal a, uint64_t s, ConstVal *out);      /* TK_SHL, TK_SHR */
bool     cv_compare(int op, ConstVal a, ConstVal b);                    /* == != < <= > >= */
/* Converts to the representation of kind TY_* `target` (a basic type, or untyped kind):
 * CV_OK with the (rounded) value, CV_OVERFLOW, CV_TRUNCATED (float to integer) or CV_BADOP. */
CvStatus cv_represent(ConstVal v, struct Type *target, ConstVal *out);
ConstVal cv_to_float(ConstVal v);
bool     cv_is_integral(ConstVal v);       /* an int, or a float with an integer value */
bool     cv_to_int(ConstVal v, __int128 *out);   /* saturated to +-(2^127-1) when wider */
/* An integral float as an exact CV_INT (go/constant.ToInt); false when v is not an integral
 * float or is wider than gol's 512-bit integer constants. */
bool     cv_float_as_int(ConstVal v, ConstVal *out);
/* types2's name of an operation in "constant %s overflow": "multiplication", "shift", ... or "". */
const char *cv_op_name(int op, bool unary);
/* Go's spelling of the value (go/constant's String): 300, 1.5, 1e+100, "abc", true. */
char    *cv_string(ConstVal v, char *buf, size_t n);

#endif
