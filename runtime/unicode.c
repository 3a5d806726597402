/* runtime/unicode.c — package unicode's questions about a rune, answered from Go 1.19's tables.
 *
 * The tables (runtime/unicode.h) are sorted lists of ranges {lo, hi, stride}. Membership is a
 * binary search for the range whose hi is the first >= r, then a stride test: (r - lo) is a
 * multiple of stride. Short lists (the Latin-1 part, most small tables) are scanned linearly
 * instead, which is faster below a handful of entries. Every predicate goes through
 * uni_in_table except where Go defines it otherwise:
 *
 *   IsSpace    the Latin-1 list '\t' '\n' '\v' '\f' '\r' ' ' U+0085 U+00A0, then White_Space
 *   IsControl  only the C0 and C1 controls (U+0000..U+001F, U+007F..U+009F): Go says no above
 *              Latin-1, even for category Cc's other members (there are none) or Cf
 *   IsPrint    L, M, N, P, S and the ASCII space only; IsGraphic adds the other Zs spaces
 *
 * Case mapping (ToUpper, ToLower, ToTitle) searches Go's CaseRanges: a range maps each of its
 * runes by adding a delta per case, or, marked UpperLower, alternates upper and lower case from
 * its first rune (Ā ā Ă ă ...), so that the even offsets are the upper case, the odd ones the
 * lower case. SimpleFold walks the orbit of runes that fold together: the next rune in
 * caseOrbit for the few with more than two members (k K K-sign), else the other case.
 *
 * The natives below follow the layout rule of runtime/symtab.h: a result in the slot at 0,
 * the rune in the slot after it.
 */
#include <string.h>
#include "runtime/runtime.h"
#include "runtime/unicode.h"

#define ARG(frame, off, T) (*(T *)((frame) + (off)))

enum { LINEAR_MAX = 18 };   /* below this many ranges a linear scan beats the binary search */

static bool in_r16(const UniRange16 *rs, int n, uint32_t r) {
    if (n <= LINEAR_MAX) {
        for (int i = 0; i < n; i++) {
            if (r < rs[i].lo) return false;
            if (r <= rs[i].hi) return rs[i].stride == 1 || (r - rs[i].lo) % rs[i].stride == 0;
        }
        return false;
    }
    int lo = 0, hi = n;
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        if (r < rs[m].lo) hi = m;
        else if (r > rs[m].hi) lo = m + 1;
        else return rs[m].stride == 1 || (r - rs[m].lo) % rs[m].stride == 0;
    }
    return false;
}

static bool in_r32(const UniRange32 *rs, int n, uint32_t r) {
    int lo = 0, hi = n;
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        if (r < rs[m].lo) hi = m;
        else if (r > rs[m].hi) lo = m + 1;
        else return rs[m].stride == 1 || (r - rs[m].lo) % rs[m].stride == 0;
    }
    return false;
}

bool uni_in_table(const UniTable *t, int32_t r) {
    if (r < 0) return false;
    uint32_t u = (uint32_t)r;
    if (t->n16 > 0 && u <= t->r16[t->n16 - 1].hi) return in_r16(t->r16, t->n16, u);
    return t->n32 > 0 && u >= t->r32[0].lo && in_r32(t->r32, t->n32, u);
}

/* The table Go calls name ("_Lu"), found once and cached by the caller. */
static const UniTable *uni_table_named(const char *name) {
    for (int i = 0; i < uni_ntables; i++)
        if (strcmp(uni_tables[i].name, name) == 0) return &uni_tables[i];
    return NULL;
}

/* The predicates' tables, looked up on first use. */
typedef enum { CAT_L, CAT_LU, CAT_LL, CAT_LT, CAT_M, CAT_N, CAT_ND, CAT_P, CAT_S, CAT_ZS,
               CAT_WHITE_SPACE, NCATS } Cat;
static const char *const cat_names[NCATS] = { "_L", "_Lu", "_Ll", "_Lt", "_M", "_N", "_Nd", "_P",
                                               "_S", "_Zs", "_White_Space" };
static const UniTable *cat_tables[NCATS];

static bool uni_in_cat(Cat c, int32_t r) {
    if (!cat_tables[c]) cat_tables[c] = uni_table_named(cat_names[c]);
    return cat_tables[c] && uni_in_table(cat_tables[c], r);
}

bool uni_is_space(int32_t r) {
    if ((uint32_t)r <= 0xFF)
        return r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' || r == ' ' ||
               r == 0x85 || r == 0xA0;
    return uni_in_cat(CAT_WHITE_SPACE, r);
}

static bool uni_is_print(int32_t r) {
    if (r == ' ') return true;
    return uni_in_cat(CAT_L, r) || uni_in_cat(CAT_M, r) || uni_in_cat(CAT_N, r) ||
           uni_in_cat(CAT_P, r) || uni_in_cat(CAT_S, r);
}

int32_t uni_to_case(int c, int32_t r) {
    if (r < 0 || r > UNI_MAX_RUNE) return r;
    if (r < 0x80) {                                     /* ASCII: the common case, no search */
        if (c == UNI_LOWER) return 'A' <= r && r <= 'Z' ? r + 32 : r;
        return 'a' <= r && r <= 'z' ? r - 32 : r;
    }
    int lo = 0, hi = uni_ncase_ranges;
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        const UniCaseRange *cr = &uni_case_ranges[m];
        if ((uint32_t)r < cr->lo) hi = m;
        else if ((uint32_t)r > cr->hi) lo = m + 1;
        else {
            int32_t d = cr->delta[c];
            if (d == UNI_UPPER_LOWER)    /* alternating pairs: even offset upper, odd lower */
                return (int32_t)cr->lo + ((r - (int32_t)cr->lo) & ~1) + (c == UNI_LOWER ? 1 : 0);
            return r + d;
        }
    }
    return r;
}

int32_t uni_simple_fold(int32_t r) {
    if (r < 0 || r > UNI_MAX_RUNE) return r;
    int lo = 0, hi = uni_ncase_orbit;
    while (lo < hi) {
        int m = lo + (hi - lo) / 2;
        if (uni_case_orbit[m].from < r) lo = m + 1;
        else hi = m;
    }
    if (lo < uni_ncase_orbit && uni_case_orbit[lo].from == r) return uni_case_orbit[lo].to;
    int32_t l = uni_to_case(UNI_LOWER, r);
    return l != r ? l : uni_to_case(UNI_UPPER, r);
}

/* ---- natives of runtime/lib/unicode.gol ---- */

static int32_t rune_arg(uint8_t *frame) { return (int32_t)ARG(frame, 8, int64_t); }

static int bool_result(uint8_t *frame, bool v) {
    ARG(frame, 0, int64_t) = v;
    return NAT_RETURN;
}

static int nat_is_letter(GolG *g, uint8_t *f)  { (void)g; return bool_result(f, uni_in_cat(CAT_L, rune_arg(f))); }
static int nat_is_upper(GolG *g, uint8_t *f)   { (void)g; return bool_result(f, uni_in_cat(CAT_LU, rune_arg(f))); }
static int nat_is_lower(GolG *g, uint8_t *f)   { (void)g; return bool_result(f, uni_in_cat(CAT_LL, rune_arg(f))); }
static int nat_is_title(GolG *g, uint8_t *f)   { (void)g; return bool_result(f, uni_in_cat(CAT_LT, rune_arg(f))); }
static int nat_is_mark(GolG *g, uint8_t *f)    { (void)g; return bool_result(f, uni_in_cat(CAT_M, rune_arg(f))); }
static int nat_is_number(GolG *g, uint8_t *f)  { (void)g; return bool_result(f, uni_in_cat(CAT_N, rune_arg(f))); }
static int nat_is_punct(GolG *g, uint8_t *f)   { (void)g; return bool_result(f, uni_in_cat(CAT_P, rune_arg(f))); }
static int nat_is_symbol(GolG *g, uint8_t *f)  { (void)g; return bool_result(f, uni_in_cat(CAT_S, rune_arg(f))); }
static int nat_is_space(GolG *g, uint8_t *f)   { (void)g; return bool_result(f, uni_is_space(rune_arg(f))); }
static int nat_is_print(GolG *g, uint8_t *f)   { (void)g; return bool_result(f, uni_is_print(rune_arg(f))); }

static int nat_is_digit(GolG *g, uint8_t *f) {
    (void)g;
    int32_t r = rune_arg(f);
    return bool_result(f, r <= 0xFF ? '0' <= r && r <= '9' : uni_in_cat(CAT_ND, r));
}

static int nat_is_control(GolG *g, uint8_t *f) {
    (void)g;
    int32_t r = rune_arg(f);
    return bool_result(f, (0 <= r && r <= 0x1F) || (0x7F <= r && r <= 0x9F));
}

static int nat_is_graphic(GolG *g, uint8_t *f) {
    (void)g;
    int32_t r = rune_arg(f);
    return bool_result(f, uni_is_print(r) || uni_in_cat(CAT_ZS, r));
}

static int rune_result(uint8_t *frame, int32_t r) {
    ARG(frame, 0, int64_t) = r;
    return NAT_RETURN;
}

static int nat_to_upper(GolG *g, uint8_t *f)    { (void)g; return rune_result(f, uni_to_case(UNI_UPPER, rune_arg(f))); }
static int nat_to_lower(GolG *g, uint8_t *f)    { (void)g; return rune_result(f, uni_to_case(UNI_LOWER, rune_arg(f))); }
static int nat_to_title(GolG *g, uint8_t *f)    { (void)g; return rune_result(f, uni_to_case(UNI_TITLE, rune_arg(f))); }
static int nat_simple_fold(GolG *g, uint8_t *f) { (void)g; return rune_result(f, uni_simple_fold(rune_arg(f))); }

/* unicode.To(_case int, r rune) rune: result @0, _case @8, r @16; a case out of range gives
 * ReplacementChar, as Go's. */
static int nat_to(GolG *g, uint8_t *f) {
    (void)g;
    int64_t c = ARG(f, 8, int64_t);
    int32_t r = (int32_t)ARG(f, 16, int64_t);
    return rune_result(f, c < 0 || c > UNI_TITLE ? 0xFFFD : uni_to_case((int)c, r));
}

/* unicode.tableData(i int) (r16 []Range16, r32 []Range32, latinOffset int): slices over the C
 * arrays (outside the heap); an empty part is a nil slice, as in Go's tables.
 * r16 @0, r32 @24, latinOffset @48, i @56. */
static int nat_table_data(GolG *g, uint8_t *f) {
    (void)g;
    int64_t i = ARG(f, 56, int64_t);
    UniTable *t = &uni_tables[i >= 0 && i < uni_ntables ? i : 0];
    ARG(f, 0, GolSlice) = t->n16 ? (GolSlice){t->r16, t->n16, t->n16} : (GolSlice){NULL, 0, 0};
    ARG(f, 24, GolSlice) = t->n32 ? (GolSlice){t->r32, t->n32, t->n32} : (GolSlice){NULL, 0, 0};
    ARG(f, 48, int64_t) = t->latin_offset;
    return NAT_RETURN;
}

/* unicode.caseRangesData() []CaseRange: Go's CaseRange has UniCaseRange's layout. */
static int nat_case_ranges_data(GolG *g, uint8_t *f) {
    (void)g;
    ARG(f, 0, GolSlice) = (GolSlice){(void *)uni_case_ranges, uni_ncase_ranges, uni_ncase_ranges};
    return NAT_RETURN;
}

static const NativeEntry unicode_natives[] = {
    { "unicode.IsLetter",  nat_is_letter },  { "unicode.IsUpper",   nat_is_upper },
    { "unicode.IsLower",   nat_is_lower },   { "unicode.IsTitle",   nat_is_title },
    { "unicode.IsMark",    nat_is_mark },    { "unicode.IsNumber",  nat_is_number },
    { "unicode.IsDigit",   nat_is_digit },   { "unicode.IsPunct",   nat_is_punct },
    { "unicode.IsSymbol",  nat_is_symbol },  { "unicode.IsSpace",   nat_is_space },
    { "unicode.IsPrint",   nat_is_print },   { "unicode.IsGraphic", nat_is_graphic },
    { "unicode.IsControl", nat_is_control }, { "unicode.ToUpper",   nat_to_upper },
    { "unicode.ToLower",   nat_to_lower },   { "unicode.ToTitle",   nat_to_title },
    { "unicode.To",        nat_to },         { "unicode.SimpleFold", nat_simple_fold },
    { "unicode.tableData", nat_table_data }, { "unicode.caseRangesData", nat_case_ranges_data },
    { NULL, NULL, false }
};

const NativeEntry *rt_native_lookup_unicode(const char *qualified_name) {
    for (const NativeEntry *e = unicode_natives; e->name; e++)
        if (strcmp(e->name, qualified_name) == 0) return e;
    return NULL;
}
