/* runtime/print.h — the builtin print formats, shared with panic.c (runtime/print.c). */
#ifndef GOL_RUNTIME_PRINT_H
#define GOL_RUNTIME_PRINT_H

#include <stddef.h>
#include "runtime/symtab.h"

int  print_float(char *buf, double v);     /* Go's printfloat: "+1.500000e+000"; buf >= 16 bytes */
int  print_scalar(char *buf, size_t cap, GolKind k, const void *p);   /* p: 8 register-form bytes */
bool print_is_signed(GolKind k);
bool print_is_unsigned(GolKind k);

#endif
