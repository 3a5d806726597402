/* runtime/fmt.h — Go's fmt formatting engine over (TypeDesc, pointer) values (runtime/fmt.c).
 *
 * Values are in Go memory form (what an interface's data word points at). The engine writes
 * into an FmtBuf, a growable C buffer; the natives then copy the text to stdout or into a gol
 * string allocated with mallocgc.
 */
#ifndef GOL_RUNTIME_FMT_H
#define GOL_RUNTIME_FMT_H

#include "runtime/runtime.h"
#include "runtime/mbarrier.h"

typedef struct FmtBuf {
    char *p;
    size_t len, cap;
    int64_t wrapped;        /* FMT_ERRORF: the index of the operand %w wrapped, or -1 */
} FmtBuf;

void fmtbuf_write(FmtBuf *b, const void *p, size_t n);
void fmtbuf_free(FmtBuf *b);

void fmt_sprintf(GolG *g, FmtBuf *b, GolString format, GolSlice args);   /* args: []any */
void fmt_sprint(GolG *g, FmtBuf *b, GolSlice args);
void fmt_sprintln(GolG *g, FmtBuf *b, GolSlice args);

/* Reading scalars in Go memory form, by the type's size and kind. */
int64_t  rt_load_int(const TypeDesc *t, const void *p);
uint64_t rt_load_uint(const TypeDesc *t, const void *p);
double   rt_load_float(const TypeDesc *t, const void *p);

/* strconv.FormatFloat's text of v (fmt 'e' 'E' 'f' 'g' 'G' 'b' 'x' 'X'; prec -1 = shortest;
 * bits 32 or 64), appended to b. */
void fmt_ftoa(FmtBuf *b, double v, char fmt, int prec, int bits);

/* strconv.IsPrint (runtime/isprint.c). */
bool rt_is_print(int32_t r);

/* The fmt natives (runtime/natives.c) run through fmt_native, which calls String() and Error()
 * methods by returning NAT_CALL to the loop (runtime/fmt.c, "methods"): the native's frame has a
 * NatCont. The text is left in *out for the native to write or turn into a string. */
typedef enum FmtOp { FMT_PRINT, FMT_PRINTLN, FMT_PRINTF, FMT_ERRORF } FmtOp;   /* ERRORF: Printf that may %w */
typedef struct FmtMethods FmtMethods;
int fmt_native(GolG *g, uint8_t *frame, FmtOp op, uint32_t format_off, uint32_t args_off, FmtBuf *out);

#endif
