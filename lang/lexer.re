/* lang/lexer.re — Go's lexical grammar as an re2c scanner (built with `re2c -W --utf8`).
 *
 * How it works. lex_next skips blanks and comments, then matches one token with the re2c
 * automaton below: identifiers (Unicode letters and digits, from re2c's unicode_categories.re),
 * keywords (matched as literal strings, so "for" is a keyword and "fork" an identifier by the
 * longest-match rule), and every operator. Numbers, strings and runes only have their first
 * character matched by re2c; hand-written C (lex_number, lex_string, lex_rune, ...) then scans
 * them exactly as Go's scanner.go does, because Go's error messages name the precise offending
 * character ("invalid digit '8' in octal literal", "'_' must separate successive digits") and
 * a regular expression cannot say *why* it failed.
 *
 * The semicolon rule (Go spec, "Semicolons"). `nlsemi` is set after a token that may end a
 * statement (identifier, literal, break continue fallthrough return, ++ -- ) ] }). When it is
 * set, the next newline is returned as a TK_SEMI token (semi = "newline") positioned at the
 * newline; a block comment spanning lines counts as a newline (positioned at the comment); the
 * end of input yields one last TK_SEMI (semi = "EOF"). A // comment ends before its newline,
 * so the newline after it is seen normally.
 *
 * Input contract: text[len] == '\0'. The NUL is the sentinel that stops the automaton at the
 * end; a NUL byte inside the text is reported ("invalid NUL character") and skipped.
 *
 * Positions: line is 1-based, column is the 1-based byte offset in the line, as in Go.
 */
#include "lang/lexer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/intern.h"
#include "lang/grammar.h"

/*!include:re2c "unicode_categories.re" */

void lex_init(Lexer *lx, const char *path, const char *text, size_t len, Arena *a, DiagList *d) {
    memset(lx, 0, sizeof *lx);
    lx->src = lx->cur = lx->tok = lx->line_start = text;
    lx->end = text + len;
    lx->line = 1;
    lx->path = path;
    lx->arena = a;
    lx->diags = d;
}

/* ---- positions and errors ----------------------------------------------------------------- */

static Pos lex_pos_of(const Lexer *lx, const char *p) {
    return (Pos){lx->line, (int32_t)(p - lx->line_start) + 1};
}

static void lex_error_at(Lexer *lx, const char *p, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void lex_error_at(Lexer *lx, const char *p, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(lx->diags, DIAG_ERROR, lx->path, lex_pos_of(lx, p), fmt, ap);
    va_end(ap);
}

static void lex_newline(Lexer *lx, const char *after) {
    lx->line++;
    lx->line_start = after;
}

static int lex_at_end(const Lexer *lx, const char *p) {
    return p >= lx->end;
}

/* ---- UTF-8 -------------------------------------------------------------------------------- */

/* Decodes one UTF-8 sequence at p (not past lx->end). Returns its length (>= 1) and stores the
 * code point, or -1 for an invalid encoding (length 1). */
static int lex_utf8(const Lexer *lx, const char *p, int32_t *r) {
    const unsigned char *s = (const unsigned char *)p;
    size_t avail = (size_t)(lx->end - p);
    unsigned c = s[0];
    if (c < 0x80) {
        *r = (int32_t)c;
        return 1;
    }
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (n == 0 || c > 0xF4 || avail < (size_t)n) {
        *r = -1;
        return 1;
    }
    uint32_t v = c & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *r = -1;
            return 1;
        }
        v = v << 6 | (s[i] & 0x3F);
    }
    static const uint32_t min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
        *r = -1;
        return 1;
    }
    *r = (int32_t)v;
    return n;
}

static int lex_utf8_encode(char *buf, uint32_t r) {
    if (r < 0x80) {
        buf[0] = (char)r;
        return 1;
    }
    if (r < 0x800) {
        buf[0] = (char)(0xC0 | r >> 6);
        buf[1] = (char)(0x80 | (r & 0x3F));
        return 2;
    }
    if (r > 0x10FFFF || (r >= 0xD800 && r < 0xE000))
        r = 0xFFFD;
    if (r < 0x10000) {
        buf[0] = (char)(0xE0 | r >> 12);
        buf[1] = (char)(0x80 | ((r >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (r & 0x3F));
        return 3;
    }
    buf[0] = (char)(0xF0 | r >> 18);
    buf[1] = (char)(0x80 | ((r >> 12) & 0x3F));
    buf[2] = (char)(0x80 | ((r >> 6) & 0x3F));
    buf[3] = (char)(0x80 | (r & 0x3F));
    return 4;
}

/* Formats a code point as Go's %#U does: U+0040 '@' (the quoted form only when printable). */
static const char *lex_fmt_U(char *buf, size_t size, uint32_t r) {
    int printable = (r >= 0x20 && r < 0x7F) ||
                    (r >= 0xA0 && r <= 0x10FFFF && !(r >= 0xD800 && r < 0xE000) && r != 0xAD);
    if (printable) {
        char enc[5] = {0};
        enc[lex_utf8_encode(enc, r)] = 0;
        snprintf(buf, size, "U+%04X '%s'", r, enc);
    } else {
        snprintf(buf, size, "U+%04X", r);
    }
    return buf;
}

/* Formats a byte as Go's %q does for a rune: '8', '\n', 'x'. */
static const char *lex_fmt_q(char *buf, size_t size, const Lexer *lx, const char *p) {
    int32_t r;
    int n = lex_at_end(lx, p) ? 0 : lex_utf8(lx, p, &r);
    if (n == 0) {
        snprintf(buf, size, "EOF");
        return buf;
    }
    switch (r) {
    case '\n': snprintf(buf, size, "'\\n'"); return buf;
    case '\t': snprintf(buf, size, "'\\t'"); return buf;
    case '\r': snprintf(buf, size, "'\\r'"); return buf;
    case '\'': snprintf(buf, size, "'\\''"); return buf;
    case '\\': snprintf(buf, size, "'\\\\'"); return buf;
    }
    if (r < 0)
        snprintf(buf, size, "'\\x%02x'", (unsigned char)*p);
    else if (r < 0x20 || r == 0x7F)
        snprintf(buf, size, "'\\x%02x'", (unsigned)r);
    else
        snprintf(buf, size, "'%.*s'", n, p);
    return buf;
}

/* ---- numbers ------------------------------------------------------------------------------ */

static int lex_lower(int c) {
    return c | 0x20;
}

static int lex_is_decimal(int c) {
    return c >= '0' && c <= '9';
}

static int lex_is_hex(int c) {
    return lex_is_decimal(c) || (lex_lower(c) >= 'a' && lex_lower(c) <= 'f');
}

static const char *lex_base_name(int base) {
    switch (base) {
    case 2: return "binary";
    case 8: return "octal";
    case 10: return "decimal";
    }
    return "hexadecimal";
}

/* Scans digits of `base` (and '_') at lx->cur. Bit 0 of the result: a digit was seen; bit 1:
 * a '_' was seen. *invalid receives the offset of the first digit too large for base. */
static int lex_digits(Lexer *lx, int base, int *invalid) {
    int digsep = 0;
    if (base <= 10) {
        int max = '0' + base;
        while (lex_is_decimal(*lx->cur) || *lx->cur == '_') {
            int ds = 1;
            if (*lx->cur == '_')
                ds = 2;
            else if (*lx->cur >= max && invalid && *invalid < 0)
                *invalid = (int)(lx->cur - lx->tok);
            digsep |= ds;
            lx->cur++;
        }
    } else {
        while (lex_is_hex(*lx->cur) || *lx->cur == '_') {
            digsep |= *lx->cur == '_' ? 2 : 1;
            lx->cur++;
        }
    }
    return digsep;
}

/* Index of the first '_' in a number literal that does not separate two digits, or -1
 * (a port of invalidSep in Go's scanner.go). */
static int lex_invalid_sep(const char *x, int n) {
    int x1 = ' ', d = '.', i = 0;
    if (n >= 2 && x[0] == '0') {
        x1 = lex_lower(x[1]);
        if (x1 == 'x' || x1 == 'o' || x1 == 'b') {
            d = '0';
            i = 2;
        }
    }
    for (; i < n; i++) {
        int p = d;
        d = x[i];
        if (d == '_') {
            if (p != '0')
                return i;
        } else if (lex_is_decimal(d) || (x1 == 'x' && lex_is_hex(d))) {
            d = '0';
        } else {
            if (p == '_')
                return i - 1;
            d = '.';
        }
    }
    return d == '_' ? n - 1 : -1;
}

/* Scans a number literal starting at lx->tok (lx->cur is just past its first character, which
 * is a digit or the '.' of ".5"). Returns TK_INT, TK_FLOAT or TK_IMAG. */
static int lex_number(Lexer *lx) {
    int ok = 1, kind = TK_INT, base = 10, prefix = 0, digsep = 0, invalid = -1;
    int seen_point = *lx->tok == '.';
    char q[32];
    lx->cur = lx->tok + (seen_point ? 1 : 0);
    if (!seen_point) {
        if (*lx->cur == '0') {
            lx->cur++;
            switch (lex_lower(*lx->cur)) {
            case 'x': lx->cur++; base = 16; prefix = 'x'; break;
            case 'o': lx->cur++; base = 8; prefix = 'o'; break;
            case 'b': lx->cur++; base = 2; prefix = 'b'; break;
            default: base = 8; prefix = '0'; digsep = 1; break;
            }
        }
        digsep |= lex_digits(lx, base, &invalid);
        if (*lx->cur == '.') {
            if (prefix == 'o' || prefix == 'b') {
                lex_error_at(lx, lx->cur, "invalid radix point in %s literal", lex_base_name(base));
                ok = 0;
            }
            lx->cur++;
            seen_point = 1;
        }
    }
    if (seen_point) {
        kind = TK_FLOAT;
        digsep |= lex_digits(lx, base, &invalid);
    }
    if (!(digsep & 1) && ok) {
        lex_error_at(lx, lx->cur, "%s literal has no digits", lex_base_name(base));
        ok = 0;
    }
    int e = lex_lower(*lx->cur);
    if (e == 'e' || e == 'p') {
        if (ok && e == 'e' && prefix != 0 && prefix != '0') {
            lex_error_at(lx, lx->cur, "%s exponent requires decimal mantissa",
                         lex_fmt_q(q, sizeof q, lx, lx->cur));
            ok = 0;
        } else if (ok && e == 'p' && prefix != 'x') {
            lex_error_at(lx, lx->cur, "%s exponent requires hexadecimal mantissa",
                         lex_fmt_q(q, sizeof q, lx, lx->cur));
            ok = 0;
        }
        lx->cur++;
        kind = TK_FLOAT;
        if (*lx->cur == '+' || *lx->cur == '-')
            lx->cur++;
        digsep = lex_digits(lx, 10, NULL) | (digsep & 2);
        if (!(digsep & 1) && ok) {
            lex_error_at(lx, lx->cur, "exponent has no digits");
            ok = 0;
        }
    } else if (prefix == 'x' && kind == TK_FLOAT && ok) {
        lex_error_at(lx, lx->cur, "hexadecimal mantissa requires a 'p' exponent");
        ok = 0;
    }
    if (*lx->cur == 'i') {
        kind = TK_IMAG;
        lx->cur++;
    }
    int n = (int)(lx->cur - lx->tok);
    if (kind == TK_INT && invalid >= 0 && ok) {
        lex_error_at(lx, lx->tok + invalid, "invalid digit %s in %s literal",
                     lex_fmt_q(q, sizeof q, lx, lx->tok + invalid), lex_base_name(base));
        ok = 0;
    }
    if ((digsep & 2) && ok) {
        int i = lex_invalid_sep(lx->tok, n);
        if (i >= 0)
            lex_error_at(lx, lx->tok + i, "'_' must separate successive digits");
    }
    return kind;
}

/* ---- strings and runes -------------------------------------------------------------------- */

/* A growable byte buffer for decoded literals; copied into the arena when complete. */
typedef struct LexBuf {
    char *p;
    int len, cap;
    char small[256];
} LexBuf;

static void lexbuf_put(LexBuf *b, const char *s, int n) {
    if (b->len + n + 1 > b->cap) {
        int ncap = (b->len + n + 1) * 2;
        char *np = malloc(ncap);
        if (!np) {
            fputs("gol: out of memory\n", stderr);
            exit(2);
        }
        memcpy(np, b->p, b->len);
        if (b->p != b->small)
            free(b->p);
        b->p = np;
        b->cap = ncap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void lexbuf_done(LexBuf *b, Lexer *lx, Token *t) {
    t->sval = arena_strndup(lx->arena, b->p, b->len);
    t->svallen = b->len;
    if (b->p != b->small)
        free(b->p);
}

/* Scans an escape sequence; lx->cur is just past the backslash. Appends the decoded bytes to
 * `out` and stores the value in *val (a byte for \x and octal, a code point otherwise; *is_byte
 * tells which). Returns 0 after reporting an error. */
static int lex_escape(Lexer *lx, int quote, LexBuf *out, uint32_t *val, int *is_byte) {
    int n;
    uint32_t base, max;
    char q[32], u[48];
    int c = (unsigned char)*lx->cur;
    *is_byte = 0;
    switch (c) {
    case 'a': *val = 7; break;
    case 'b': *val = 8; break;
    case 'f': *val = 12; break;
    case 'n': *val = 10; break;
    case 'r': *val = 13; break;
    case 't': *val = 9; break;
    case 'v': *val = 11; break;
    case '\\': *val = '\\'; break;
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        n = 3, base = 8, max = 255;
        goto numeric;
    case 'x':
        lx->cur++;
        n = 2, base = 16, max = 255;
        goto numeric;
    case 'u':
        lx->cur++;
        n = 4, base = 16, max = 0x10FFFF;
        goto numeric;
    case 'U':
        lx->cur++;
        n = 8, base = 16, max = 0x10FFFF;
        goto numeric;
    default:
        if (c == quote) {
            *val = (uint32_t)c;
            break;
        }
        if (lex_at_end(lx, lx->cur))
            return 1; /* the caller complains about the missing end */
        lex_error_at(lx, lx->cur, "unknown escape");
        return 0;
    }
    lx->cur++;
    lexbuf_put(out, (char[]){(char)*val}, 1);
    return 1;

numeric:;
    uint32_t x = 0;
    for (int i = n; i > 0; i--) {
        if (lex_at_end(lx, lx->cur))
            return 1;
        int ch = (unsigned char)*lx->cur;
        uint32_t d = base;
        if (lex_is_decimal(ch))
            d = (uint32_t)(ch - '0');
        else if (lex_lower(ch) >= 'a' && lex_lower(ch) <= 'f')
            d = (uint32_t)(lex_lower(ch) - 'a' + 10);
        if (d >= base) {
            lex_error_at(lx, lx->cur, "invalid character %s in %s escape",
                         lex_fmt_q(q, sizeof q, lx, lx->cur), lex_base_name((int)base));
            return 0;
        }
        x = x * base + d;
        lx->cur++;
    }
    if (x > max && base == 8) {
        lex_error_at(lx, lx->cur, "octal escape value %u > 255", x);
        return 0;
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
        lex_error_at(lx, lx->cur, "escape is invalid Unicode code point %s",
                     lex_fmt_U(u, sizeof u, x));
        return 0;
    }
    *val = x;
    if (max == 255) {
        *is_byte = 1;
        lexbuf_put(out, (char[]){(char)x}, 1);
    } else {
        char enc[4];
        lexbuf_put(out, enc, lex_utf8_encode(enc, x));
    }
    return 1;
}

/* Scans one source character (any UTF-8 sequence) of a literal into `out`; returns its value. */
static int32_t lex_literal_char(Lexer *lx, LexBuf *out) {
    int32_t r;
    int n = lex_utf8(lx, lx->cur, &r);
    if (r < 0)
        lex_error_at(lx, lx->cur, "invalid UTF-8 encoding");
    else if (r == 0)
        lex_error_at(lx, lx->cur, "invalid NUL character");
    lexbuf_put(out, lx->cur, n);
    lx->cur += n;
    return r < 0 ? 0xFFFD : r;
}

static void lex_string(Lexer *lx, Token *t) {
    LexBuf b = {.p = NULL, .len = 0, .cap = 0};
    b.p = b.small;
    b.cap = sizeof b.small;
    lx->cur = lx->tok + 1;
    for (;;) {
        if (lex_at_end(lx, lx->cur)) {
            lex_error_at(lx, lx->tok, "string not terminated");
            break;
        }
        char c = *lx->cur;
        if (c == '"') {
            lx->cur++;
            break;
        }
        if (c == '\\') {
            uint32_t v;
            int is_byte;
            lx->cur++;
            lex_escape(lx, '"', &b, &v, &is_byte);
            continue;
        }
        if (c == '\n') {
            lex_error_at(lx, lx->cur, "newline in string");
            break;
        }
        lex_literal_char(lx, &b);
    }
    lexbuf_done(&b, lx, t);
}

static void lex_raw_string(Lexer *lx, Token *t) {
    LexBuf b = {.p = NULL, .len = 0, .cap = 0};
    b.p = b.small;
    b.cap = sizeof b.small;
    Pos start = lex_pos_of(lx, lx->tok);
    lx->cur = lx->tok + 1;
    for (;;) {
        if (lex_at_end(lx, lx->cur)) {
            diag_add(lx->diags, DIAG_ERROR, lx->path, start, "string not terminated");
            break;
        }
        char c = *lx->cur;
        if (c == '`') {
            lx->cur++;
            break;
        }
        if (c == '\r') { /* carriage returns are dropped from raw string values (Go spec) */
            lx->cur++;
            continue;
        }
        if (c == '\n') {
            lexbuf_put(&b, "\n", 1);
            lx->cur++;
            lex_newline(lx, lx->cur);
            continue;
        }
        lex_literal_char(lx, &b);
    }
    lexbuf_done(&b, lx, t);
}

static void lex_rune(Lexer *lx, Token *t) {
    LexBuf b = {.p = NULL, .len = 0, .cap = 0};
    b.p = b.small;
    b.cap = sizeof b.small;
    int ok = 1, n = 0;
    int64_t value = 0;
    lx->cur = lx->tok + 1;
    for (;; n++) {
        if (lex_at_end(lx, lx->cur)) {
            if (ok)
                lex_error_at(lx, lx->tok, "rune literal not terminated");
            break;
        }
        char c = *lx->cur;
        if (c == '\'') {
            if (ok && n == 0)
                lex_error_at(lx, lx->cur, "empty rune literal or unescaped '");
            else if (ok && n != 1)
                lex_error_at(lx, lx->tok, "more than one character in rune literal");
            lx->cur++;
            break;
        }
        if (c == '\\') {
            uint32_t v = 0;
            int is_byte;
            lx->cur++;
            if (!lex_escape(lx, '\'', &b, &v, &is_byte))
                ok = 0;
            if (n == 0)
                value = v;
            continue;
        }
        if (c == '\n') {
            if (ok)
                lex_error_at(lx, lx->cur, "newline in rune literal");
            break;
        }
        int32_t r = lex_literal_char(lx, &b);
        if (n == 0)
            value = r;
    }
    t->ival = value;
    if (b.p != b.small)
        free(b.p);
}

/* ---- comments ----------------------------------------------------------------------------- */

/* Skips a block comment that starts at lx->tok. Returns 1 if it contained a newline. */
static int lex_block_comment(Lexer *lx) {
    int newline = 0;
    const char *p = lx->tok + 2;
    Pos start = lex_pos_of(lx, lx->tok);
    for (;;) {
        if (lex_at_end(lx, p)) {
            diag_add(lx->diags, DIAG_ERROR, lx->path, start, "comment not terminated");
            break;
        }
        if (*p == '*' && p[1] == '/') {
            p += 2;
            break;
        }
        if (*p == '\n') {
            newline = 1;
            lx->cur = p + 1;
            lex_newline(lx, p + 1);
        }
        p++;
    }
    lx->cur = p;
    return newline;
}

/* ---- the scanner ---------------------------------------------------------------------------- */

/* Tokens after which a newline ends the statement (Go spec: Semicolons, rule 1). */
static int lex_ends_statement(int code) {
    switch (code) {
    case TK_IDENT: case TK_INT: case TK_FLOAT: case TK_IMAG: case TK_CHAR: case TK_STRING:
    case TK_BREAK: case TK_CONTINUE: case TK_FALLTHROUGH: case TK_RETURN:
    case TK_INC: case TK_DEC: case TK_RPAREN: case TK_RBRACK: case TK_RBRACE:
        return 1;
    }
    return 0;
}

static int lex_semi(Lexer *lx, Token *t, const char *at, const char *what) {
    t->code = TK_SEMI;
    t->pos = lex_pos_of(lx, at);
    t->lit = at;
    t->len = 0;
    t->semi = what;
    lx->nlsemi = 0;
    return TK_SEMI;
}

/* A non-ASCII character that is not a letter: Go reports it and goes on scanning an identifier
 * (so `x := a€b` gives one error, not three). Returns TK_IDENT for the characters consumed. */
static int lex_bad_ident(Lexer *lx, Token *t, const char *what) {
    int32_t r;
    char u[48];
    lex_utf8(lx, lx->tok, &r);
    lex_error_at(lx, lx->tok, what, lex_fmt_U(u, sizeof u, (uint32_t)r));
    for (;;) {
        unsigned char c = (unsigned char)*lx->cur;
        if (c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
            lx->cur++;
            continue;
        }
        if (c >= 0x80) {
            int n = lex_utf8(lx, lx->cur, &r);
            if (r < 0)
                break;
            lx->cur += n;
            continue;
        }
        break;
    }
    t->name = intern(lx->tok, (size_t)(lx->cur - lx->tok));
    return TK_IDENT;
}

/* Reports a byte that cannot start a token; returns after skipping it. */
static void lex_invalid(Lexer *lx) {
    int32_t r;
    char u[48];
    int n = lex_utf8(lx, lx->tok, &r);
    if (r < 0)
        lex_error_at(lx, lx->tok, "invalid UTF-8 encoding");
    else if (r == 0)
        lex_error_at(lx, lx->tok, "invalid NUL character");
    else if (r == 0xFEFF && lx->tok == lx->src)
        ; /* a byte order mark at the start of the file is ignored */
    else if (r == 0xFEFF)
        lex_error_at(lx, lx->tok, "invalid BOM in the middle of the file");
    else
        lex_error_at(lx, lx->tok, "invalid character %s", lex_fmt_U(u, sizeof u, (uint32_t)r));
    lx->cur = lx->tok + n;
}

/* Pseudo-codes of lex_scan besides the TK_ codes (which are all positive). */
enum { LEX_SKIP = -1, LEX_NEWLINE = -2, LEX_COMMENT_NEWLINE = -3 };

/* Matches one token or skippable piece at lx->tok. Returns a TK_ code, 0 at end of input,
 * LEX_SKIP for "nothing to return here" (blank, comment, invalid character), or one of the
 * newline codes. */
static int lex_scan(Lexer *lx, Token *t) {
    const char *YYMARKER = NULL;
    lx->cur = lx->tok;
#define YYCURSOR lx->cur
    /*!re2c
        re2c:define:YYCTYPE = "unsigned char";
        re2c:yyfill:enable = 0;
        re2c:flags:input = custom;
        re2c:api:style = free-form;
        re2c:define:YYPEEK = "(unsigned char)*lx->cur";
        re2c:define:YYSKIP = "++lx->cur;";
        re2c:define:YYBACKUP = "YYMARKER = lx->cur;";
        re2c:define:YYRESTORE = "lx->cur = YYMARKER;";

        ident = (L | "_") (L | Nd | "_")*;

        "\x00"      { if (lex_at_end(lx, lx->tok)) return 0; lex_invalid(lx); return LEX_SKIP; }
        [ \t\r]+    { return LEX_SKIP; }
        "\n"        { return LEX_NEWLINE; }
        "//"        { while (!lex_at_end(lx, lx->cur) && *lx->cur != '\n') lx->cur++; return LEX_SKIP; }
        "/*"        { return lex_block_comment(lx) ? LEX_COMMENT_NEWLINE : LEX_SKIP; }

        "break"       { return TK_BREAK; }
        "case"        { return TK_CASE; }
        "chan"        { return TK_CHAN; }
        "const"       { return TK_CONST; }
        "continue"    { return TK_CONTINUE; }
        "default"     { return TK_DEFAULT; }
        "defer"       { return TK_DEFER; }
        "else"        { return TK_ELSE; }
        "fallthrough" { return TK_FALLTHROUGH; }
        "for"         { return TK_FOR; }
        "func"        { return TK_FUNC; }
        "go"          { return TK_GO; }
        "goto"        { return TK_GOTO; }
        "if"          { return TK_IF; }
        "import"      { return TK_IMPORT; }
        "interface"   { return TK_INTERFACE; }
        "map"         { return TK_MAP; }
        "package"     { return TK_PACKAGE; }
        "range"       { return TK_RANGE; }
        "return"      { return TK_RETURN; }
        "select"      { return TK_SELECT; }
        "struct"      { return TK_STRUCT; }
        "switch"      { return TK_SWITCH; }
        "type"        { return TK_TYPE; }
        "var"         { return TK_VAR; }
        ident         { t->name = intern(lx->tok, (size_t)(lx->cur - lx->tok)); return TK_IDENT; }

        [0-9] | "." [0-9] { return lex_number(lx); }
        "\""        { lex_string(lx, t); return TK_STRING; }
        "`"         { lex_raw_string(lx, t); return TK_STRING; }
        "'"         { lex_rune(lx, t); return TK_CHAR; }

        "+"   { return TK_PLUS; }
        "-"   { return TK_MINUS; }
        "*"   { return TK_STAR; }
        "/"   { return TK_SLASH; }
        "%"   { return TK_PERCENT; }
        "&"   { return TK_AND; }
        "|"   { return TK_OR; }
        "^"   { return TK_XOR; }
        "<<"  { return TK_SHL; }
        ">>"  { return TK_SHR; }
        "&^"  { return TK_ANDNOT; }
        "+="  { return TK_ADD_ASSIGN; }
        "-="  { return TK_SUB_ASSIGN; }
        "*="  { return TK_MUL_ASSIGN; }
        "/="  { return TK_QUO_ASSIGN; }
        "%="  { return TK_REM_ASSIGN; }
        "&="  { return TK_AND_ASSIGN; }
        "|="  { return TK_OR_ASSIGN; }
        "^="  { return TK_XOR_ASSIGN; }
        "<<=" { return TK_SHL_ASSIGN; }
        ">>=" { return TK_SHR_ASSIGN; }
        "&^=" { return TK_AND_NOT_ASSIGN; }
        "&&"  { return TK_LAND; }
        "||"  { return TK_LOR; }
        "<-"  { return TK_ARROW; }
        "++"  { return TK_INC; }
        "--"  { return TK_DEC; }
        "=="  { return TK_EQL; }
        "<"   { return TK_LSS; }
        ">"   { return TK_GTR; }
        "="   { return TK_ASSIGN; }
        "!"   { return TK_NOT; }
        "!="  { return TK_NEQ; }
        "<="  { return TK_LEQ; }
        ">="  { return TK_GEQ; }
        ":="  { return TK_DEFINE; }
        "..." { return TK_ELLIPSIS; }
        "("   { return TK_LPAREN; }
        ")"   { return TK_RPAREN; }
        "["   { return TK_LBRACK; }
        "]"   { return TK_RBRACK; }
        "{"   { return TK_LBRACE; }
        "}"   { return TK_RBRACE; }
        ","   { return TK_COMMA; }
        "."   { return TK_PERIOD; }
        ":"   { return TK_COLON; }
        ";"   { return TK_SEMI; }
        "~"   { return TK_TILDE; }

        Nd \ [0-9] { return lex_bad_ident(lx, t, "identifier cannot begin with digit %s"); }
        [\x80-\U0010FFFF] \ [\uFEFF] { return lex_bad_ident(lx, t, "invalid character %s in identifier"); }
        [^]   { lex_invalid(lx); return LEX_SKIP; }
        *     { lex_invalid(lx); return LEX_SKIP; }
    */
#undef YYCURSOR
}

int lex_next(Lexer *lx, Token *t) {
    for (;;) {
        memset(t, 0, sizeof *t);
        lx->tok = lx->cur;
        Pos pos = lex_pos_of(lx, lx->tok);
        int code = lex_scan(lx, t);
        if (code == LEX_SKIP)
            continue;
        if (code == LEX_NEWLINE || code == LEX_COMMENT_NEWLINE) {
            int was_semi = lx->nlsemi;
            if (code == LEX_NEWLINE)
                lex_newline(lx, lx->cur);
            if (was_semi) {
                t->code = TK_SEMI;
                t->pos = pos;
                t->lit = lx->tok;
                t->semi = "newline";
                lx->nlsemi = 0;
                return TK_SEMI;
            }
            continue;
        }
        if (code == 0) {
            lx->cur = lx->end;
            if (lx->nlsemi)
                return lex_semi(lx, t, lx->end, "EOF");
            t->code = 0;
            t->pos = pos;
            t->lit = lx->end;
            return 0;
        }
        t->code = code;
        t->pos = pos;
        t->lit = lx->tok;
        t->len = (int)(lx->cur - lx->tok);
        if (code == TK_SEMI)
            t->semi = "semicolon";
        lx->nlsemi = lex_ends_statement(code);
        return code;
    }
}
