/* tests/unit/test_fmt.c — runtime/fmt.c against real Go.
 *
 * Every row of the table below is a Printf format, its operands and the text Go 1.19's
 * fmt.Sprintf produced for them (generated once with `go run`, go1.19.8 linux/amd64: floats,
 * widths and precisions, flags, quoting, structs, slices, pointers, nil, wrong verbs, missing
 * and extra operands, argument indexes). The operands are built here by hand as interface
 * values: a TypeDesc like the compiler's and the value's bytes in Go memory layout.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "runtime/runtime.h"
#include "runtime/fmt.h"

typedef enum {
    A_I, A_I8, A_U8, A_U, A_U64, A_R, A_F64, A_F32, A_F64NEG0, A_F64NAN, A_F64INF, A_F64NINF,
    A_S, A_B, A_SLI, A_SLINIL, A_BYTES, A_P, A_PP, A_ST, A_ARR, A_MYINT, A_NIL, A_PNIL
} ArgKind;

typedef struct TArg { ArgKind kind; int64_t i; double f; const char *s; int64_t n; int64_t list[4]; } TArg;
typedef struct FmtCase { const char *format; int nargs; TArg args[5]; const char *want; int wantlen; } FmtCase;

#define BASIC(var, k, sz, nm) static const TypeDesc var = { .kind = k, .flags = TDF_COMPARABLE | TDF_REGULAR_MEM, \
    .size = sz, .align = sz, .name = nm }
BASIC(td_int, K_INT, 8, "int");
BASIC(td_int8, K_INT8, 1, "int8");
BASIC(td_uint8, K_UINT8, 1, "uint8");
BASIC(td_uint, K_UINT, 8, "uint");
BASIC(td_uint64, K_UINT64, 8, "uint64");
BASIC(td_int32, K_INT32, 4, "int32");
BASIC(td_bool, K_BOOL, 1, "bool");
static const TypeDesc td_float64 = { .kind = K_FLOAT64, .flags = TDF_COMPARABLE, .size = 8, .align = 8, .name = "float64" };
static const TypeDesc td_float32 = { .kind = K_FLOAT32, .flags = TDF_COMPARABLE, .size = 4, .align = 4, .name = "float32" };
static const TypeDesc td_string = { .kind = K_STRING, .flags = TDF_COMPARABLE, .size = 16, .align = 8, .ptrdata = 8, .name = "string" };
static const TypeDesc td_myint = { .kind = K_INT, .flags = TDF_NAMED | TDF_COMPARABLE | TDF_REGULAR_MEM, .size = 8,
                                   .align = 8, .name = "main.MyInt", .pkgpath = "main" };
static const TypeDesc td_slice_int = { .kind = K_SLICE, .size = 24, .align = 8, .ptrdata = 8, .name = "[]int", .elem = &td_int };
static const TypeDesc td_bytes = { .kind = K_SLICE, .size = 24, .align = 8, .ptrdata = 8, .name = "[]uint8", .elem = &td_uint8 };
static const TypeDesc td_arr = { .kind = K_ARRAY, .flags = TDF_COMPARABLE | TDF_REGULAR_MEM, .size = 24, .align = 8,
                                 .name = "[3]int", .elem = &td_int, .len = 3 };
static const TypeField p_fields[] = { { "X", &td_int, 0, false, true }, { "Y", &td_int, 8, false, true } };
static const TypeDesc td_P = { .kind = K_STRUCT, .flags = TDF_NAMED | TDF_COMPARABLE | TDF_REGULAR_MEM, .size = 16,
                               .align = 8, .name = "main.P", .pkgpath = "main", .nfields = 2, .fields = p_fields };
static const TypeDesc td_PP = { .kind = K_POINTER, .flags = TDF_COMPARABLE | TDF_DIRECTIFACE | TDF_REGULAR_MEM,
                                .size = 8, .align = 8, .ptrdata = 8, .name = "*main.P", .elem = &td_P };
static const TypeField st_fields[] = { { "Name", &td_string, 0, false, true }, { "V", &td_float64, 16, false, true } };
static const TypeDesc td_ST = { .kind = K_STRUCT, .flags = TDF_NAMED | TDF_COMPARABLE, .size = 24, .align = 8,
                                .ptrdata = 8, .name = "main.ST", .pkgpath = "main", .nfields = 2, .fields = st_fields };

static const FmtCase cases[] = {
    { "%v", 1, { {A_I, .i = 42LL} }, "42", 2 },
    { "%d", 1, { {A_I, .i = -42LL} }, "-42", 3 },
    { "%5d|", 1, { {A_I, .i = 42LL} }, "   42|", 6 },
    { "%-5d|", 1, { {A_I, .i = 42LL} }, "42   |", 6 },
    { "%05d", 1, { {A_I, .i = -42LL} }, "-0042", 5 },
    { "%+d", 1, { {A_I, .i = 5LL} }, "+5", 2 },
    { "% d", 1, { {A_I, .i = 5LL} }, " 5", 2 },
    { "%x", 1, { {A_I, .i = 255LL} }, "ff", 2 },
    { "%X", 1, { {A_I, .i = 255LL} }, "FF", 2 },
    { "%#x", 1, { {A_I, .i = 255LL} }, "0xff", 4 },
    { "%x", 1, { {A_I, .i = -255LL} }, "-ff", 3 },
    { "%o", 1, { {A_I, .i = 8LL} }, "10", 2 },
    { "%#o", 1, { {A_I, .i = 8LL} }, "010", 3 },
    { "%O", 1, { {A_I, .i = 8LL} }, "0o10", 4 },
    { "%b", 1, { {A_I, .i = 5LL} }, "101", 3 },
    { "%.3d", 1, { {A_I, .i = 7LL} }, "007", 3 },
    { "%8.3d|", 1, { {A_I, .i = -7LL} }, "    -007|", 9 },
    { "%.0d|", 1, { {A_I, .i = 0LL} }, "|", 1 },
    { "%c", 1, { {A_R, .i = 19990LL} }, "\344\270\226", 3 },
    { "%c", 1, { {A_I, .i = 65LL} }, "A", 1 },
    { "%q", 1, { {A_R, .i = 39LL} }, "'\134''", 4 },
    { "%q", 1, { {A_R, .i = 128512LL} }, "'\360\237\230\200'", 6 },
    { "%+q", 1, { {A_R, .i = 128512LL} }, "'\134U0001f600'", 12 },
    { "%q", 1, { {A_R, .i = 10LL} }, "'\134n'", 4 },
    { "%U", 1, { {A_R, .i = 128512LL} }, "U+1F600", 7 },
    { "%#U", 1, { {A_R, .i = 19990LL} }, "U+4E16 '\344\270\226'", 12 },
    { "%U", 1, { {A_I, .i = 65LL} }, "U+0041", 6 },
    { "%x", 1, { {A_U8, .i = 255LL} }, "ff", 2 },
    { "%d", 1, { {A_I8, .i = -128LL} }, "-128", 4 },
    { "%x", 1, { {A_I8, .i = -1LL} }, "-1", 2 },
    { "%d", 1, { {A_U64, .i = (int64_t)18446744073709551615ULL} }, "18446744073709551615", 20 },
    { "%v", 1, { {A_U, .i = 7LL} }, "7", 1 },
    { "%#v", 1, { {A_U, .i = 7LL} }, "0x7", 3 },
    { "%#v", 1, { {A_I, .i = 7LL} }, "7", 1 },
    { "%v", 1, { {A_F64, .f = 0.1} }, "0.1", 3 },
    { "%v", 1, { {A_F64, .f = 1e+21} }, "1e+21", 5 },
    { "%v", 1, { {A_F64, .f = 1e+20} }, "1e+20", 5 },
    { "%v", 1, { {A_F64, .f = 1e-05} }, "1e-05", 5 },
    { "%v", 1, { {A_F64, .f = 0.0001} }, "0.0001", 6 },
    { "%v", 1, { {A_F64, .f = 3.0} }, "3", 1 },
    { "%v", 1, { {A_F64NEG0} }, "-0", 2 },
    { "%v", 1, { {A_F64NAN} }, "NaN", 3 },
    { "%v", 1, { {A_F64INF} }, "+Inf", 4 },
    { "%v", 1, { {A_F64NINF} }, "-Inf", 4 },
    { "%v", 1, { {A_F32, .f = 0.1} }, "0.1", 3 },
    { "%v", 1, { {A_F32, .f = 16777216.0} }, "1.6777216e+07", 13 },
    { "%v", 1, { {A_F32, .f = 3.4028234663852886e+38} }, "3.4028235e+38", 13 },
    { "%v", 1, { {A_F64, .f = 123456789.0} }, "1.23456789e+08", 14 },
    { "%v", 1, { {A_F64, .f = 1234567.0} }, "1.234567e+06", 12 },
    { "%v", 1, { {A_F64, .f = 123456.0} }, "123456", 6 },
    { "%v", 1, { {A_F64, .f = 2.5e-07} }, "2.5e-07", 7 },
    { "%v", 1, { {A_F64, .f = 1.7976931348623157e+308} }, "1.7976931348623157e+308", 23 },
    { "%v", 1, { {A_F64, .f = 5e-324} }, "5e-324", 6 },
    { "%f", 1, { {A_F64, .f = 3.14159} }, "3.141590", 8 },
    { "%F", 1, { {A_F64, .f = 3.14159} }, "3.141590", 8 },
    { "%.2f", 1, { {A_F64, .f = 3.14159} }, "3.14", 4 },
    { "%6.2f|", 1, { {A_F64, .f = 3.14159} }, "  3.14|", 7 },
    { "%-8.2f|", 1, { {A_F64, .f = 3.14159} }, "3.14    |", 9 },
    { "%08.3f", 1, { {A_F64, .f = 3.14159} }, "0003.142", 8 },
    { "%08.3f", 1, { {A_F64, .f = -3.14159} }, "-003.142", 8 },
    { "%+.1f", 1, { {A_F64, .f = 2.25} }, "+2.2", 4 },
    { "%.0f", 1, { {A_F64, .f = 2.5} }, "2", 1 },
    { "%.0f", 1, { {A_F64, .f = 3.5} }, "4", 1 },
    { "%.1f", 1, { {A_F64, .f = 0.05} }, "0.1", 3 },
    { "%.3f", 1, { {A_F64, .f = 1e-10} }, "0.000", 5 },
    { "%f", 1, { {A_F64, .f = 1e+20} }, "100000000000000000000.000000", 28 },
    { "%e", 1, { {A_F64, .f = 123456.789} }, "1.234568e+05", 12 },
    { "%E", 1, { {A_F64, .f = 0.000123} }, "1.230000E-04", 12 },
    { "%.2e", 1, { {A_F64, .f = 9.999} }, "1.00e+01", 8 },
    { "%e", 1, { {A_F64, .f = 0.0} }, "0.000000e+00", 12 },
    { "%e", 1, { {A_F64, .f = 1e+100} }, "1.000000e+100", 13 },
    { "%g", 1, { {A_F64, .f = 1.2345e-05} }, "1.2345e-05", 10 },
    { "%g", 1, { {A_F64, .f = 123456789.0} }, "1.23456789e+08", 14 },
    { "%.3g", 1, { {A_F64, .f = 3.14159} }, "3.14", 4 },
    { "%.3g", 1, { {A_F64, .f = 1234.5} }, "1.23e+03", 8 },
    { "%.10g", 1, { {A_F64, .f = 100000.0} }, "100000", 6 },
    { "%G", 1, { {A_F64, .f = 1e-10} }, "1E-10", 5 },
    { "%g", 1, { {A_F64, .f = 100.0} }, "100", 3 },
    { "%.2g", 1, { {A_F64, .f = 100.0} }, "1e+02", 5 },
    { "%#g", 1, { {A_F64, .f = 1.0} }, "1.00000", 7 },
    { "%#.3g", 1, { {A_F64, .f = 1.0} }, "1.00", 4 },
    { "%#v", 1, { {A_F64, .f = 1.0} }, "1", 1 },
    { "%#v", 1, { {A_F64, .f = 1000000.0} }, "1e+06", 5 },
    { "%#f", 1, { {A_F64, .f = 1.0} }, "1.000000", 8 },
    { "%#.0f", 1, { {A_F64, .f = 1.0} }, "1.", 2 },
    { "%#.0e", 1, { {A_F64, .f = 1.0} }, "1.e+00", 6 },
    { "%8.3e|", 1, { {A_F64, .f = 1234.5678} }, "1.235e+03|", 10 },
    { "%010.2f", 1, { {A_F64NINF} }, "      -Inf", 10 },
    { "%+v", 1, { {A_F64NAN} }, "NaN", 3 },
    { "% f", 1, { {A_F64, .f = 1.5} }, " 1.500000", 9 },
    { "%5.1f|", 1, { {A_F64NAN} }, "  NaN|", 6 },
    { "%x", 1, { {A_F64, .f = 1.5} }, "0x1.8p+00", 9 },
    { "%X", 1, { {A_F64, .f = -1.5} }, "-0X1.8P+00", 10 },
    { "%.1x", 1, { {A_F64, .f = 1.75} }, "0x1.cp+00", 9 },
    { "%b", 1, { {A_F64, .f = 1.0} }, "4503599627370496p-52", 20 },
    { "%x", 1, { {A_F32, .f = 1.5} }, "0x1.8p+00", 9 },
    { "%.2f", 1, { {A_F32, .f = 0.1} }, "0.10", 4 },
    { "%g", 1, { {A_F32, .f = 1e-07} }, "1e-07", 5 },
    { "%e", 1, { {A_F32, .f = 3.0} }, "3.000000e+00", 12 },
    { "%v", 1, { {A_F32, .f = 1.0000001} }, "1.0000001", 9 },
    { "%s", 1, { {A_S, .s = "hello", .n = 5} }, "hello", 5 },
    { "%v", 1, { {A_S, .s = "hello", .n = 5} }, "hello", 5 },
    { "%10s|", 1, { {A_S, .s = "hi", .n = 2} }, "        hi|", 11 },
    { "%-10s|", 1, { {A_S, .s = "hi", .n = 2} }, "hi        |", 11 },
    { "%-8s|", 1, { {A_S, .s = "h\303\251llo", .n = 6} }, "h\303\251llo   |", 10 },
    { "%.2s", 1, { {A_S, .s = "h\303\251llo", .n = 6} }, "h\303\251", 3 },
    { "%q", 1, { {A_S, .s = "hi\012\042there\042", .n = 10} }, "\042hi\134n\134\042there\134\042\042", 15 },
    { "%q", 1, { {A_S, .s = "h\303\251llo \344\270\226", .n = 10} }, "\042h\303\251llo \344\270\226\042", 12 },
    { "%+q", 1, { {A_S, .s = "h\303\251llo \344\270\226", .n = 10} }, "\042h\134u00e9llo \134u4e16\042", 19 },
    { "%#q", 1, { {A_S, .s = "back`q", .n = 6} }, "\042back`q\042", 8 },
    { "%#q", 1, { {A_S, .s = "raw\134s", .n = 5} }, "`raw\134s`", 7 },
    { "%q", 1, { {A_S, .s = "\000\177\303\277", .n = 4} }, "\042\134x00\134x7f\303\277\042", 12 },
    { "%q", 1, { {A_S, .s = "\302\240\342\200\213", .n = 5} }, "\042\134u00a0\134u200b\042", 14 },
    { "%x", 1, { {A_S, .s = "hello", .n = 5} }, "68656c6c6f", 10 },
    { "%X", 1, { {A_S, .s = "hi", .n = 2} }, "6869", 4 },
    { "% x", 1, { {A_S, .s = "abc", .n = 3} }, "61 62 63", 8 },
    { "%#x", 1, { {A_S, .s = "abc", .n = 3} }, "0x616263", 8 },
    { "%# x", 1, { {A_S, .s = "abc", .n = 3} }, "0x61 0x62 0x63", 14 },
    { "%x", 1, { {A_S, .s = "", .n = 0} }, "", 0 },
    { "%5x|", 1, { {A_S, .s = "", .n = 0} }, "     |", 6 },
    { "%.2x", 1, { {A_S, .s = "abcd", .n = 4} }, "6162", 4 },
    { "%#v", 1, { {A_S, .s = "a\011b", .n = 3} }, "\042a\134tb\042", 6 },
    { "%d", 1, { {A_S, .s = "hi", .n = 2} }, "%!d(string=hi)", 14 },
    { "%s", 1, { {A_I, .i = 5LL} }, "%!s(int=5)", 10 },
    { "%t", 1, { {A_B, .i = 1} }, "true", 4 },
    { "%v", 1, { {A_B, .i = 0} }, "false", 5 },
    { "%d", 1, { {A_B, .i = 1} }, "%!d(bool=true)", 14 },
    { "%6t|", 1, { {A_B, .i = 1} }, "  true|", 7 },
    { "%v", 1, { {A_SLI, .n = 3, .list = {1, 2, 3}} }, "[1 2 3]", 7 },
    { "%d", 1, { {A_SLI, .n = 3, .list = {1, 2, 3}} }, "[1 2 3]", 7 },
    { "%x", 1, { {A_SLI, .n = 2, .list = {10, 11}} }, "[a b]", 5 },
    { "%#v", 1, { {A_SLI, .n = 2, .list = {1, 2}} }, "[]int{1, 2}", 11 },
    { "%v", 1, { {A_SLI, .n = 0, .list = {0}} }, "[]", 2 },
    { "%#v", 1, { {A_SLINIL} }, "[]int(nil)", 10 },
    { "%v", 1, { {A_SLINIL} }, "[]", 2 },
    { "%03d", 1, { {A_SLI, .n = 2, .list = {1, 2}} }, "[001 002]", 9 },
    { "%s", 1, { {A_SLI, .n = 1, .list = {1}} }, "[%!s(int=1)]", 12 },
    { "%v", 1, { {A_BYTES, .s = "hi", .n = 2} }, "[104 105]", 9 },
    { "%s", 1, { {A_BYTES, .s = "hi", .n = 2} }, "hi", 2 },
    { "%x", 1, { {A_BYTES, .s = "hi", .n = 2} }, "6869", 4 },
    { "%q", 1, { {A_BYTES, .s = "hi", .n = 2} }, "\042hi\042", 4 },
    { "%#v", 1, { {A_BYTES, .s = "hi", .n = 2} }, "[]byte{0x68, 0x69}", 18 },
    { "% X", 1, { {A_BYTES, .s = "\001\253", .n = 2} }, "01 AB", 5 },
    { "%v", 1, { {A_P, .n = 2, .list = {1, 2}} }, "{1 2}", 5 },
    { "%+v", 1, { {A_P, .n = 2, .list = {1, 2}} }, "{X:1 Y:2}", 9 },
    { "%#v", 1, { {A_P, .n = 2, .list = {1, 2}} }, "main.P{X:1, Y:2}", 16 },
    { "%d", 1, { {A_P, .n = 2, .list = {1, 2}} }, "{1 2}", 5 },
    { "%s", 1, { {A_P, .n = 2, .list = {1, 2}} }, "{%!s(int=1) %!s(int=2)}", 23 },
    { "%x", 1, { {A_P, .n = 2, .list = {10, 11}} }, "{a b}", 5 },
    { "%v", 1, { {A_PP, .n = 2, .list = {1, 2}} }, "&{1 2}", 6 },
    { "%+v", 1, { {A_PP, .n = 2, .list = {1, 2}} }, "&{X:1 Y:2}", 10 },
    { "%#v", 1, { {A_ST, .s = "a", .n = 1, .f = 1.5} }, "main.ST{Name:\042a\042, V:1.5}", 24 },
    { "%v", 1, { {A_ST, .s = "a", .n = 1, .f = 1.5} }, "{a 1.5}", 7 },
    { "%+v", 1, { {A_ST, .s = "a", .n = 1, .f = 1.5} }, "{Name:a V:1.5}", 14 },
    { "%v", 1, { {A_ARR, .n = 3, .list = {1, 2, 3}} }, "[1 2 3]", 7 },
    { "%#v", 1, { {A_ARR, .n = 3, .list = {1, 2, 3}} }, "[3]int{1, 2, 3}", 15 },
    { "%v", 1, { {A_MYINT, .i = 3LL} }, "3", 1 },
    { "%#v", 1, { {A_MYINT, .i = 3LL} }, "3", 1 },
    { "%T", 1, { {A_MYINT, .i = 3LL} }, "main.MyInt", 10 },
    { "%d", 1, { {A_MYINT, .i = -3LL} }, "-3", 2 },
    { "%v", 1, { {A_NIL} }, "<nil>", 5 },
    { "%d", 1, { {A_NIL} }, "%!d(<nil>)", 10 },
    { "%T", 1, { {A_NIL} }, "<nil>", 5 },
    { "%s", 1, { {A_NIL} }, "%!s(<nil>)", 10 },
    { "%T %T %T %T %T", 5, { {A_I, .i = 1LL}, {A_S, .s = "a", .n = 1}, {A_F64, .f = 1.0}, {A_SLI, .n = 1, .list = {1}}, {A_PP, .n = 2, .list = {1, 2}} }, "int string float64 []int *main.P", 32 },
    { "%T", 1, { {A_P, .n = 2, .list = {1, 2}} }, "main.P", 6 },
    { "%T", 1, { {A_BYTES, .s = "", .n = 0} }, "[]uint8", 7 },
    { "%p", 1, { {A_SLINIL} }, "0x0", 3 },
    { "%v", 1, { {A_PNIL} }, "<nil>", 5 },
    { "%d", 1, { {A_PNIL} }, "0", 1 },
    { "%#v", 1, { {A_PNIL} }, "(*main.P)(nil)", 14 },
    { "%d", 0, { {0} }, "%!d(MISSING)", 12 },
    { "%d %d", 1, { {A_I, .i = 1LL} }, "1 %!d(MISSING)", 14 },
    { "%d", 2, { {A_I, .i = 1LL}, {A_I, .i = 2LL} }, "1%!(EXTRA int=2)", 16 },
    { "%d", 3, { {A_I, .i = 1LL}, {A_S, .s = "x", .n = 1}, {A_NIL} }, "1%!(EXTRA string=x, <nil>)", 26 },
    { "%!", 0, { {0} }, "%!!(MISSING)", 12 },
    { "%", 0, { {0} }, "%!(NOVERB)", 10 },
    { "100%%", 0, { {0} }, "100%", 4 },
    { "%z", 1, { {A_I, .i = 1LL} }, "%!z(int=1)", 10 },
    { "%*d|", 2, { {A_I, .i = 5LL}, {A_I, .i = 42LL} }, "   42|", 6 },
    { "%-*d|", 2, { {A_I, .i = 5LL}, {A_I, .i = 42LL} }, "42   |", 6 },
    { "%*d|", 2, { {A_I, .i = -5LL}, {A_I, .i = 42LL} }, "42   |", 6 },
    { "%.*f", 2, { {A_I, .i = 2LL}, {A_F64, .f = 3.14159} }, "3.14", 4 },
    { "%*d", 2, { {A_S, .s = "x", .n = 1}, {A_I, .i = 42LL} }, "%!(BADWIDTH)42", 14 },
    { "%[2]d %[1]d", 2, { {A_I, .i = 1LL}, {A_I, .i = 2LL} }, "2 1", 3 },
    { "%[3]d", 1, { {A_I, .i = 1LL} }, "%!d(BADINDEX)", 13 },
    { "%[1]d %d", 2, { {A_I, .i = 7LL}, {A_I, .i = 8LL} }, "7 8", 3 },
    { "%[x]d", 1, { {A_I, .i = 1LL} }, "%!d(BADINDEX)", 13 },
    { "%6.2v|", 1, { {A_F64, .f = 3.14159} }, "   3.1|", 7 },
    { "%v %v", 2, { {A_S, .s = "a", .n = 1}, {A_I, .i = 1LL} }, "a 1", 3 },
    { "%.1q", 1, { {A_S, .s = "h\303\251llo", .n = 6} }, "\042h\042", 3 },
    { "%10.4v|", 1, { {A_S, .s = "abcdefgh", .n = 8} }, "      abcd|", 11 },
    { "%-10v|", 1, { {A_SLI, .n = 2, .list = {1, 2}} }, "[1          2         ]|", 24 },
    { "%6v|", 1, { {A_SLI, .n = 2, .list = {1, 2}} }, "[     1      2]|", 16 },
    { "%05s", 1, { {A_S, .s = "ab", .n = 2} }, "000ab", 5 },
    { "%x", 1, { {A_I, .i = 0LL} }, "0", 1 },
    { "%#x", 1, { {A_I, .i = 0LL} }, "0x0", 3 },
    { "%#o", 1, { {A_I, .i = 0LL} }, "0", 1 },
    { "%+.3e", 1, { {A_F64, .f = 0.0} }, "+0.000e+00", 10 },
    { "%+d", 1, { {A_I, .i = 0LL} }, "+0", 2 },
    { "%v", 1, { {A_F64, .f = 100.0} }, "100", 3 },
    { "%v", 1, { {A_F64, .f = 1e-06} }, "1e-06", 5 },
    { "%v", 1, { {A_F64, .f = 1e+100} }, "1e+100", 6 },
    { "%.3v", 1, { {A_F64, .f = 1234.5678} }, "1.23e+03", 8 },
    { "%.3f", 1, { {A_F64, .f = 0.09696951891448456} }, "0.097", 5 },
    { "%10.4f|", 1, { {A_F64, .f = 0.0010600000000000002} }, "    0.0011|", 11 },
    { "%.0f", 1, { {A_F64, .f = 0.5} }, "0", 1 },
    { "%v", 1, { {A_F64, .f = 0.09696951891448456} }, "0.09696951891448456", 19 },
    { "%.12g", 1, { {A_F32, .f = 0.0057067326} }, "0.005706732627", 14 },
    { "%x", 1, { {A_F32, .f = 0.0057067326} }, "0x1.75ff16p-08", 14 },
    { "%v", 1, { {A_F32, .f = 0.0057067326} }, "0.0057067326", 12 },
};

/* Memory for one case's operands, freed after the case. */
static void *blocks[64];
static int nblocks;

static void *test_mem(size_t n) {
    void *p = calloc(1, n < 8 ? 8 : n);
    blocks[nblocks++] = p;
    return p;
}

static void test_free_all(void) {
    while (nblocks > 0) free(blocks[--nblocks]);
}

static GolIface box_copy(const TypeDesc *t, const void *v) {
    void *p = test_mem((size_t)t->size);
    memcpy(p, v, (size_t)t->size);
    return (GolIface){t, p};
}

static GolIface make_arg(const TArg *a) {
    int64_t i8;
    double f;
    float f32;
    switch (a->kind) {
    case A_I: return box_copy(&td_int, &a->i);
    case A_MYINT: return box_copy(&td_myint, &a->i);
    case A_I8: case A_U8: case A_B: i8 = a->i; return box_copy(a->kind == A_I8 ? &td_int8 : a->kind == A_U8 ? &td_uint8 : &td_bool, &i8);
    case A_U: return box_copy(&td_uint, &a->i);
    case A_U64: return box_copy(&td_uint64, &a->i);
    case A_R: { int32_t r = (int32_t)a->i; return box_copy(&td_int32, &r); }
    case A_F64: return box_copy(&td_float64, &a->f);
    case A_F32: f32 = (float)a->f; return box_copy(&td_float32, &f32);
    case A_F64NEG0: f = -0.0; return box_copy(&td_float64, &f);
    case A_F64NAN: f = NAN; return box_copy(&td_float64, &f);
    case A_F64INF: f = INFINITY; return box_copy(&td_float64, &f);
    case A_F64NINF: f = -INFINITY; return box_copy(&td_float64, &f);
    case A_S: { GolString s = {(const uint8_t *)a->s, a->n}; return box_copy(&td_string, &s); }
    case A_BYTES: { GolSlice s = {(void *)a->s, a->n, a->n}; return box_copy(&td_bytes, &s); }
    case A_SLI: case A_ARR: {
        int64_t *e = test_mem(8 * 4);
        for (int k = 0; k < a->n; k++) e[k] = a->list[k];
        if (a->kind == A_ARR) return box_copy(&td_arr, e);
        GolSlice s = {e, a->n, a->n};
        return box_copy(&td_slice_int, &s);
    }
    case A_SLINIL: { GolSlice s = {0}; return box_copy(&td_slice_int, &s); }
    case A_P: return box_copy(&td_P, a->list);
    case A_PP: { void *p = test_mem(16); memcpy(p, a->list, 16); return (GolIface){&td_PP, p}; }
    case A_PNIL: return (GolIface){&td_PP, NULL};
    case A_ST: {
        struct { GolString name; double v; } st = { {(const uint8_t *)a->s, a->n}, a->f };
        return box_copy(&td_ST, &st);
    }
    case A_NIL: default: return (GolIface){NULL, NULL};
    }
}

START_TEST(test_fmt_table) {
    const FmtCase *c = &cases[_i];
    GolIface args[5];
    for (int k = 0; k < c->nargs; k++) args[k] = make_arg(&c->args[k]);
    FmtBuf b = {0};
    GolString format = {(const uint8_t *)c->format, (int64_t)strlen(c->format)};
    fmt_sprintf(NULL, &b, format, (GolSlice){args, c->nargs, c->nargs});
    ck_assert_msg(b.len == (size_t)c->wantlen && (b.len == 0 || memcmp(b.p, c->want, b.len) == 0),
                  "Sprintf(\"%s\") = \"%.*s\", Go says \"%s\"", c->format, (int)b.len, b.p ? b.p : "", c->want);
    fmtbuf_free(&b);
    test_free_all();
}
END_TEST

static void check_sprint(bool ln, GolIface *a, int n, const char *want) {
    FmtBuf b = {0};
    if (ln) fmt_sprintln(NULL, &b, (GolSlice){a, n, n});
    else fmt_sprint(NULL, &b, (GolSlice){a, n, n});
    ck_assert_msg(b.len == strlen(want) && memcmp(b.p, want, b.len) == 0, "got \"%.*s\", want \"%s\"",
                  (int)b.len, b.p, want);
    fmtbuf_free(&b);
}

START_TEST(test_fmt_sprint_spacing) {
    TArg sa = {A_S, .s = "a", .n = 1}, sb = {A_S, .s = "b", .n = 1}, one = {A_I, .i = 1}, two = {A_I, .i = 2};
    TArg nil = {A_NIL}, f = {A_F64, .f = 2.5};
    GolIface a[] = { make_arg(&sa), make_arg(&one), make_arg(&two), make_arg(&sb), make_arg(&nil), make_arg(&f) };
    check_sprint(false, a, 6, "a1 2b<nil> 2.5");                  /* Go: fmt.Sprint("a",1,2,"b",nil,2.5) */
    check_sprint(true, a, 6, "a 1 2 b <nil> 2.5\n");
    check_sprint(true, a, 0, "\n");
    test_free_all();
}
END_TEST

/* Method sets (runtime/type.h TypeMethod): fmt only calls a method whose type is exactly
 * func() string, and a value method reached through a nil pointer prints "<nil>" unpadded
 * without running (Go's catchPanic). Methods that do run need the VM: tests/golden/fmt/stringer_*. */
static const TypeDesc td_fn_int = { .kind = K_FUNC, .size = 8, .align = 8, .name = "func() int", .nfields = 1,
    .fields = (const TypeField[]){ { "", &td_int, 0, false, false } } };
static const TypeDesc td_fn_string = { .kind = K_FUNC, .size = 8, .align = 8, .name = "func() string", .nfields = 1,
    .fields = (const TypeField[]){ { "", &td_string, 0, false, false } } };
static const TypeDesc td_badstringer = { .kind = K_INT, .flags = TDF_NAMED | TDF_COMPARABLE | TDF_REGULAR_MEM,
    .size = 8, .align = 8, .name = "main.Bad", .nmethods = 1,
    .methods = (const TypeMethod[]){ { "String", 0, &td_fn_int, false } } };
static const TypeDesc td_stringer = { .kind = K_INT, .flags = TDF_NAMED | TDF_COMPARABLE | TDF_REGULAR_MEM,
    .size = 8, .align = 8, .name = "main.Day", .nmethods = 1,
    .methods = (const TypeMethod[]){ { "String", 0, &td_fn_string, false } } };
static const TypeDesc td_pstringer = { .kind = K_POINTER, .flags = TDF_COMPARABLE | TDF_DIRECTIFACE | TDF_REGULAR_MEM,
    .size = 8, .align = 8, .ptrdata = 8, .ptrmask = (const uint8_t[]){1}, .name = "*main.Day", .elem = &td_stringer,
    .nmethods = 1, .methods = (const TypeMethod[]){ { "String", 0, &td_fn_string, true } } };

START_TEST(test_fmt_method_sets) {
    int64_t three = 3;
    GolIface a[] = { { &td_badstringer, &three }, { &td_pstringer, NULL } };
    FmtBuf b = {0};
    const char *fs = "%v %s|%7v|%q|%d";
    GolString format = {(const uint8_t *)fs, (int64_t)strlen(fs)};
    GolIface args[] = { a[0], a[0], a[1], a[1], a[1] };
    fmt_sprintf(NULL, &b, format, (GolSlice){args, 5, 5});
    const char *want = "3 %!s(main.Bad=3)|<nil>|<nil>|0";    /* Go: a String() int is no Stringer */
    ck_assert_msg(b.len == strlen(want) && memcmp(b.p, want, b.len) == 0, "got \"%.*s\"", (int)b.len, b.p);
    fmtbuf_free(&b);
}
END_TEST

/* The natives read their parameters at the offsets of runtime/symtab.h's layout rule. */
START_TEST(test_fmt_native_sprintf_frame) {
    const NativeEntry *e = rt_native_lookup("fmt.Sprintf");
    ck_assert_ptr_nonnull(e);
    NativeFn fn = e->fn;
    ck_assert_ptr_null(rt_native_lookup("fmt.NoSuchThing"));
    TArg x = {A_I, .i = 7}, s = {A_S, .s = "go", .n = 2};
    GolIface a[] = { make_arg(&x), make_arg(&s) };
    uint64_t frame[7] = {0};
    GolString format = {(const uint8_t *)"%d-%s", 5};
    memcpy((uint8_t *)frame + 16, &format, 16);
    GolSlice args = {a, 2, 2};
    memcpy((uint8_t *)frame + 32, &args, 24);
    fn(NULL, (uint8_t *)frame);
    GolString r;
    memcpy(&r, frame, 16);
    ck_assert_int_eq(r.len, 4);
    ck_assert(memcmp(r.ptr, "7-go", 4) == 0);
    test_free_all();
}
END_TEST


/* ---------------- panics, print and boxing: the runtime's other value printers ---------------- */

/* Runs fn in a child with stdout and stderr on one pipe; returns the exit status. */
static int run_child(void (*fn)(void), char *out, size_t outlen) {
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[0]);
        rt_init(0, NULL, 0);
        fn();
        rt_exit(0);
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t r;
    while (n + 1 < outlen && (r = read(fds[0], out + n, outlen - 1 - n)) > 0) n += (size_t)r;
    out[n] = 0;
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A goroutine stopped in main.f (called from main.main, called from the hidden runtime.main). */
static const char *files[] = { "/tmp/prog.gol" };
static const LineEntry f_lines[] = { {0, 5}, {4, 6}, {9, 7} };
static const LineEntry main_lines[] = { {0, 10}, {3, 11}, {8, 12} };
static uint32_t code[32];
static FuncInfo fn_runtime_main = { .name = "runtime.main", .code = code, .ncode = 32, .line = 1 };
static FuncInfo fn_main = { .name = "main.main", .code = code, .ncode = 32, .line = 10, .nlines = 3, .lines = main_lines };
static FuncInfo fn_f = { .name = "main.f", .code = code, .ncode = 32, .results_size = 8, .args_size = 24,
                         .line = 5, .nlines = 3, .lines = f_lines };
static Module mod = { .nfiles = 1, .files = files };
static uint64_t stack[64];
static GolG g0;

static GolG *fake_g(void) {
    uint8_t *lo = (uint8_t *)stack;
    FrameHeader bottom = { NULL, 0, 0 }, in_main = { &fn_runtime_main, 2, 16 }, in_f = { &fn_main, 9, 64 };
    memcpy(lo, &bottom, 16);                 /* runtime.main's frame base: lo+16 */
    memcpy(lo + 48, &in_main, 16);           /* main.main's frame base: lo+64 */
    memcpy(lo + 112, &in_f, 16);             /* main.f's frame base: lo+128 */
    g0 = (GolG){ .stack_lo = lo, .stack_hi = lo + sizeof stack, .func = &fn_f, .pc = code + 10,
                 .base = lo + 128, .goid = 1, .mod = &mod };
    return &g0;
}

static void panic_index(void) { rt_stdout_write("before\n", 7); rt_panic_index(fake_g(), 5, 3); }

START_TEST(test_panic_index_traceback) {
    char out[1024];
    ck_assert_int_eq(run_child(panic_index, out, sizeof out), 2);
    ck_assert_str_eq(out, "before\n"
                          "panic: runtime error: index out of range [5] with length 3\n\n"
                          "goroutine 1 [running]:\n"
                          "main.f(...)\n\t/tmp/prog.gol:7 +0x28\n"
                          "main.main()\n\t/tmp/prog.gol:12 +0x24\n");
}
END_TEST

static void panic_slice_cap(void) { rt_panic_slice(NULL, "slice bounds out of range [:%d] with capacity %d", 7, 4); }
static void panic_slice_neg(void) { rt_panic_slice(NULL, "slice bounds out of range [%d:%d]", -1, 3); }
static void panic_slice3_neg(void) { rt_panic_slice(NULL, "slice bounds out of range [::%d] with length %d", -2, 3); }
static void panic_index_neg(void) { rt_panic_index(NULL, -1, 3); }
static void panic_divide(void) { rt_panic_divide(NULL); }
static void panic_shift(void) { rt_panic_shift(NULL); }
static void panic_nil(void) { rt_panic_nil(NULL); }
static void fatal_overflow(void) { rt_fatal(NULL, "stack overflow"); }

static void check_panic(void (*fn)(void), const char *first_line) {
    char out[1024];
    ck_assert_int_eq(run_child(fn, out, sizeof out), 2);
    ck_assert_msg(strncmp(out, first_line, strlen(first_line)) == 0, "got: %s", out);
    ck_assert_msg(strstr(out, "\n\ngoroutine 1 [running]:\n") != NULL, "got: %s", out);
}

START_TEST(test_panic_messages) {
    check_panic(panic_slice_cap, "panic: runtime error: slice bounds out of range [:7] with capacity 4\n\n");
    check_panic(panic_slice_neg, "panic: runtime error: slice bounds out of range [-1:]\n\n");
    check_panic(panic_slice3_neg, "panic: runtime error: slice bounds out of range [::-2]\n\n");
    check_panic(panic_index_neg, "panic: runtime error: index out of range [-1]\n\n");
    check_panic(panic_divide, "panic: runtime error: integer divide by zero\n\n");
    check_panic(panic_shift, "panic: runtime error: negative shift amount\n\n");
    check_panic(panic_nil, "panic: runtime error: invalid memory address or nil pointer dereference\n"
                           "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x");
    check_panic(fatal_overflow, "fatal error: stack overflow\n\n");
}
END_TEST

static const TypeDesc td_S = { .kind = K_STRING, .flags = TDF_NAMED | TDF_COMPARABLE, .size = 16, .align = 8,
                               .ptrdata = 8, .name = "main.S", .pkgpath = "main" };
static GolIface panic_arg;
static void panic_value(void) { rt_panic_value(NULL, panic_arg); }

static void check_panic_value(GolIface v, const char *want) {
    char out[1024];
    panic_arg = v;
    ck_assert_int_eq(run_child(panic_value, out, sizeof out), 2);
    ck_assert_msg(strncmp(out, want, strlen(want)) == 0 && out[strlen(want)] == '\n', "got: %s", out);
}

START_TEST(test_panic_values) {   /* what Go 1.19 prints for panic(v) */
    GolString hi = {(const uint8_t *)"hi", 2};
    int64_t seven = 7;
    double x = 1.5;
    float f32 = 0.1f;
    int64_t p[2] = {1, 2};
    check_panic_value((GolIface){&td_string, &hi}, "panic: hi");
    check_panic_value((GolIface){&td_S, &hi}, "panic: main.S(\"hi\")");
    check_panic_value((GolIface){&td_int, &seven}, "panic: 7");
    check_panic_value((GolIface){&td_myint, &seven}, "panic: main.MyInt(7)");
    check_panic_value((GolIface){&td_float64, &x}, "panic: +1.500000e+000");
    check_panic_value((GolIface){&td_float32, &f32}, "panic: +1.000000e-001");
    check_panic_value((GolIface){NULL, NULL}, "panic: nil");
    char want[64];
    snprintf(want, sizeof want, "panic: (main.P) %p", (void *)p);
    check_panic_value((GolIface){&td_P, p}, want);
}
END_TEST

static const TypeDesc *print_t;
static uint64_t print_slot[3];
static void print_one(void) { rt_print_value(print_t, print_slot); }

static void check_print(const TypeDesc *t, uint64_t a, uint64_t b, uint64_t c, const char *want) {
    char out[256];
    print_t = t;
    print_slot[0] = a; print_slot[1] = b; print_slot[2] = c;
    ck_assert_int_eq(run_child(print_one, out, sizeof out), 0);
    ck_assert_str_eq(out, want);
}

static uint64_t bits_of(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

START_TEST(test_builtin_print) {   /* Go's print(): floats +d.dddddde+ddd */
    check_print(&td_float64, bits_of(1.5), 0, 0, "+1.500000e+000");
    check_print(&td_float64, bits_of(-0.1), 0, 0, "-1.000000e-001");
    check_print(&td_float64, bits_of(1e100), 0, 0, "+1.000000e+100");
    check_print(&td_float64, bits_of(0.0), 0, 0, "+0.000000e+000");
    check_print(&td_float64, bits_of(-0.0), 0, 0, "-0.000000e+000");
    check_print(&td_float64, bits_of(NAN), 0, 0, "NaN");
    check_print(&td_float64, bits_of(-INFINITY), 0, 0, "-Inf");
    check_print(&td_float32, bits_of((double)0.1f), 0, 0, "+1.000000e-001");
    check_print(&td_int8, (uint64_t)-5, 0, 0, "-5");
    check_print(&td_uint64, UINT64_MAX, 0, 0, "18446744073709551615");
    check_print(&td_bool, 1, 0, 0, "true");
    check_print(&td_PP, 0, 0, 0, "0x0");
    check_print(&td_PP, 0xc000012345, 0, 0, "0xc000012345");
    check_print(&td_slice_int, 0x1000, 3, 4, "[3/4]0x1000");
    GolString s = {(const uint8_t *)"str", 3};
    uint64_t w[2];
    memcpy(w, &s, 16);
    check_print(&td_string, w[0], w[1], 0, "str");
}
END_TEST

START_TEST(test_iface_box_equal) {
    int64_t small = 200, big = 1000, neg = -1;
    GolIface a = iface_box(NULL, &td_int, &small), b = iface_box(NULL, &td_int, &small);
    ck_assert_ptr_eq(a.data, b.data);                           /* Go's staticuint64s: no allocation */
    ck_assert_int_eq(*(int64_t *)a.data, 200);
    GolIface c = iface_box(NULL, &td_int, &big);
    ck_assert_int_eq(*(int64_t *)c.data, 1000);
    ck_assert(!iface_equal(NULL, a, c));
    ck_assert(iface_equal(NULL, c, iface_box(NULL, &td_int, &big)));
    GolIface d = iface_box(NULL, &td_int8, &neg);                /* register form: -1 extended */
    ck_assert_int_eq(*(int8_t *)d.data, -1);
    double slot = 0.1f;                                          /* float32 held as a float64 */
    GolIface e = iface_box(NULL, &td_float32, &slot);
    ck_assert(*(float *)e.data == 0.1f);
    ck_assert(!iface_equal(NULL, a, iface_box(NULL, &td_myint, &small)));   /* types differ */
    ck_assert(iface_equal(NULL, (GolIface){0}, (GolIface){0}));
    GolString s1 = {(const uint8_t *)"abc", 3}, s2 = {(const uint8_t *)"abcd", 3};
    ck_assert(iface_equal(NULL, iface_box(NULL, &td_string, &s1), iface_box(NULL, &td_string, &s2)));
    int64_t pt[2] = {1, 2};
    void *ptr = pt;
    GolIface pp = iface_box(NULL, &td_PP, &ptr);
    ck_assert_ptr_eq(pp.data, pt);                               /* pointer-shaped: stored directly */
    double nan = NAN;
    GolIface n1 = iface_box(NULL, &td_float64, &nan);
    ck_assert(!iface_equal(NULL, n1, n1));                       /* NaN != NaN */
}
END_TEST

static void compare_slices(void) {
    GolSlice s = {0};
    GolIface a = {&td_slice_int, &s};
    iface_equal(NULL, a, a);
}

START_TEST(test_iface_uncomparable) {
    check_panic(compare_slices, "panic: runtime error: comparing uncomparable type []int\n\n");
}
END_TEST

/* Nested values: a struct holding a slice, a nil pointer, an interface, a struct and an
 * unexported field; expected text from Go 1.19 (type W struct{Name string; Tags []string;
 * P *P; Any any; Inner P; b byte}). */
static const TypeDesc td_strings = { .kind = K_SLICE, .size = 24, .align = 8, .ptrdata = 8, .name = "[]string",
                                     .elem = &td_string };
static const TypeDesc td_any = { .kind = K_INTERFACE, .flags = TDF_COMPARABLE, .size = 16, .align = 8,
                                 .ptrdata = 16, .name = "interface {}" };
static const TypeDesc td_anys = { .kind = K_SLICE, .size = 24, .align = 8, .ptrdata = 8, .name = "[]interface {}",
                                  .elem = &td_any };
static const TypeField w_fields[] = {
    { "Name", &td_string, 0, false, true }, { "Tags", &td_strings, 16, false, true },
    { "P", &td_PP, 40, false, true }, { "Any", &td_any, 48, false, true },
    { "Inner", &td_P, 64, false, true }, { "b", &td_uint8, 80, false, false },
};
static const TypeDesc td_W = { .kind = K_STRUCT, .flags = TDF_NAMED, .size = 88, .align = 8, .ptrdata = 64,
                               .name = "main.W", .pkgpath = "main", .nfields = 6, .fields = w_fields };

typedef struct W { GolString name; GolSlice tags; void *p; GolIface any; int64_t inner[2]; uint8_t b; } W;

static void check_sprintf1(const char *format, GolIface *a, int n, const char *want) {
    FmtBuf b = {0};
    fmt_sprintf(NULL, &b, (GolString){(const uint8_t *)format, (int64_t)strlen(format)}, (GolSlice){a, n, n});
    ck_assert_msg(b.len == strlen(want) && memcmp(b.p, want, b.len) == 0, "Sprintf(%s) = \"%.*s\", Go says \"%s\"",
                  format, (int)b.len, b.p, want);
    fmtbuf_free(&b);
}

START_TEST(test_fmt_nested) {
    static const int64_t three = 3;
    GolString tags[2] = { {(const uint8_t *)"a", 1}, {(const uint8_t *)"b", 1} };
    W w = { {(const uint8_t *)"x", 1}, {tags, 2, 2}, NULL, {&td_int, (void *)&three}, {1, 2}, 7 };
    GolIface a[5] = { {&td_W, &w}, {&td_W, &w}, {&td_W, &w}, {&td_W, &w}, {&td_W, &w} };
    check_sprintf1("%v|%+v|%#v|%d|%s", a, 5,
        "{x [a b] <nil> 3 {1 2} 7}|{Name:x Tags:[a b] P:<nil> Any:3 Inner:{X:1 Y:2} b:7}|"
        "main.W{Name:\"x\", Tags:[]string{\"a\", \"b\"}, P:(*main.P)(nil), Any:3, Inner:main.P{X:1, Y:2}, b:0x7}|"
        "{%!d(string=x) [%!d(string=a) %!d(string=b)] 0 3 {1 2} 7}|"
        "{x [a b] %!s(*main.P=<nil>) %!s(int=3) {%!s(int=1) %!s(int=2)} %!s(uint8=7)}");
    W e = {0};
    GolIface z[3] = { {&td_W, &e}, {&td_W, &e}, {&td_W, &e} };
    check_sprintf1("%v|%+v|%#v", z, 3,
        "{ [] <nil> <nil> {0 0} 0}|{Name: Tags:[] P:<nil> Any:<nil> Inner:{X:0 Y:0} b:0}|"
        "main.W{Name:\"\", Tags:[]string(nil), P:(*main.P)(nil), Any:interface {}(nil), Inner:main.P{X:0, Y:0}, b:0x0}");
    GolString sa = {(const uint8_t *)"a", 1};
    GolIface items[3] = { {&td_int, (void *)&three}, {&td_string, &sa}, {NULL, NULL} };
    GolSlice list = {items, 3, 3};
    GolIface l[2] = { {&td_anys, &list}, {&td_anys, &list} };
    check_sprintf1("%v %#v", l, 2, "[3 a <nil>] []interface {}{3, \"a\", interface {}(nil)}");
    GolIface q[2] = { {&td_strings, &w.tags}, {&td_strings, &w.tags} };
    check_sprintf1("%q %x", q, 2, "[\"a\" \"b\"] [61 62]");
}
END_TEST

/* Bad formats never crash: random formats over a mix of operands (run under ASan by make
 * test-asan). The output is not checked here, only that formatting completes. */
START_TEST(test_fmt_random_formats) {
    static const char alphabet[] = "%%%%-+# 0123456789.*[]vdsqxXeEfgGtcUpTbo!z\xc3\xa9";
    uint32_t seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char format[24];
        int n = 0;
        for (; n < (int)sizeof format - 1; n++) {
            seed = seed * 1103515245 + 12345;
            if ((seed >> 16) % 13 == 0) break;
            format[n] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        format[n] = 0;
        GolIface args[4];
        int nargs = (int)((seed >> 8) % 5);
        for (int k = 0; k < nargs; k++) args[k] = make_arg(&cases[(seed >> (k * 3)) % (sizeof cases / sizeof cases[0])].args[0]);
        FmtBuf b = {0};
        fmt_sprintf(NULL, &b, (GolString){(const uint8_t *)format, n}, (GolSlice){args, nargs, nargs});
        fmtbuf_free(&b);
        test_free_all();
    }
}
END_TEST

/* strconv.IsPrint over every code point: Go 1.19 counts 143680 printable runes, and this hash
 * of them (h = h*31 + r, in ascending order) is what the same loop prints in Go. */
START_TEST(test_fmt_is_print_all_runes) {
    int64_t n = 0;
    uint64_t h = 0;
    for (int32_t r = 0; r <= 0x10FFFF + 2; r++)
        if (rt_is_print(r)) { n++; h = h * 31 + (uint64_t)r; }
    ck_assert_int_eq(n, 143680);
    ck_assert_uint_eq(h, 12258534981884806324ULL);
}
END_TEST

/* The buffered stdout: larger than its 64 KiB buffer, interleaved with stderr, flushed at exit. */
static void write_lots(void) {
    char line[100];
    memset(line, 'x', 99);
    line[99] = '\n';
    for (int i = 0; i < 1000; i++) rt_stdout_write(line, 100);     /* 100 000 bytes */
    char big[70000];
    memset(big, 'y', sizeof big);
    rt_stdout_write(big, sizeof big);                               /* one write above the buffer size */
    rt_stdout_write("A", 1);
    GolString e = {(const uint8_t *)"B", 1};
    rt_print_value(&td_string, &e);                                 /* stderr: stdout goes first */
    rt_stdout_write("C", 1);
}

START_TEST(test_stdout_buffer) {
    static char out[200000];
    ck_assert_int_eq(run_child(write_lots, out, sizeof out), 0);
    size_t n = strlen(out);
    ck_assert_uint_eq(n, 100000 + 70000 + 3);
    ck_assert_int_eq(out[99], '\n');
    ck_assert_int_eq(out[100000], 'y');
    ck_assert_str_eq(out + n - 3, "ABC");
}
END_TEST

Suite *fmt_suite(void) {
    Suite *s = suite_create("fmt");
    TCase *tc = tcase_create("go");
    tcase_add_loop_test(tc, test_fmt_table, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_fmt_sprint_spacing);
    tcase_add_test(tc, test_fmt_nested);
    tcase_add_test(tc, test_fmt_is_print_all_runes);
    tcase_add_test(tc, test_fmt_random_formats);
    tcase_add_test(tc, test_fmt_native_sprintf_frame);
    tcase_add_test(tc, test_fmt_method_sets);
    suite_add_tcase(s, tc);
    TCase *tp = tcase_create("panic and print");
    tcase_add_test(tp, test_panic_index_traceback);
    tcase_add_test(tp, test_panic_messages);
    tcase_add_test(tp, test_panic_values);
    tcase_add_test(tp, test_builtin_print);
    tcase_add_test(tp, test_iface_box_equal);
    tcase_add_test(tp, test_iface_uncomparable);
    tcase_add_test(tp, test_stdout_buffer);
    suite_add_tcase(s, tp);
    return s;
}
