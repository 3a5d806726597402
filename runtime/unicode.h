/* runtime/unicode.h — Unicode's categories, scripts, properties and case mappings, as package
 * unicode sees them. The data is Go 1.19's (Unicode 13.0.0), read at build time by
 * tools/gen_unicode.awk into build/unicode_tables.c; runtime/unicode.c searches it.
 *
 * A table is a sorted list of ranges {lo, hi, stride}: lo, lo+stride, ... up to hi belong to
 * it. Ranges whose bounds fit 16 bits come first (r16), the rest after (r32); latin_offset
 * counts the r16 ranges that lie entirely within Latin-1. These structs have the memory layout
 * of Go's Range16, Range32 and the slices of RangeTable, so package unicode's RangeTable
 * values point straight at this data (outside the heap: the collector ignores it). */
#ifndef GOL_RUNTIME_UNICODE_H
#define GOL_RUNTIME_UNICODE_H
#include <stdbool.h>
#include <stdint.h>

typedef struct UniRange16 { uint16_t lo, hi, stride; } UniRange16;
typedef struct UniRange32 { uint32_t lo, hi, stride; } UniRange32;
typedef struct UniTable {
    const char *name;               /* Go's internal name: "_Lu", "_Latin", "foldL" */
    UniRange16 *r16; int n16;
    UniRange32 *r32; int n32;
    int latin_offset;
} UniTable;

/* A case-mapping range: every rune in lo..hi maps to rune + delta[c] for c = upper, lower,
 * title; a delta of UNI_UPPER_LOWER means the runes alternate Upper, Lower, Upper... from lo. */
enum { UNI_UPPER = 0, UNI_LOWER = 1, UNI_TITLE = 2, UNI_MAX_RUNE = 0x10FFFF,
       UNI_UPPER_LOWER = UNI_MAX_RUNE + 1 };
typedef struct UniCaseRange { uint32_t lo, hi; int32_t delta[3]; } UniCaseRange;
typedef struct UniFoldPair { uint16_t from, to; } UniFoldPair;

extern UniTable uni_tables[];
extern const int uni_ntables;
extern const UniCaseRange uni_case_ranges[];
extern const int uni_ncase_ranges;
extern const UniFoldPair uni_case_orbit[];
extern const int uni_ncase_orbit;

bool    uni_in_table(const UniTable *t, int32_t r);
bool    uni_is_space(int32_t r);
int32_t uni_to_case(int c, int32_t r);        /* c: UNI_UPPER, UNI_LOWER or UNI_TITLE */
int32_t uni_simple_fold(int32_t r);
#endif
