/* tests/unit/test_lexer.c — the re2c lexer: every token, every literal form and escape, the
 * automatic semicolon rule, positions, and each lexical error in Go's exact words.
 *
 * Tokens are rendered as a compact string so a whole token stream is one comparison:
 * identifiers, literals, keywords and operators by their source text, and the semicolons by
 * their origin: `;` (written), `<nl>` (inserted at a newline), `<eof>` (inserted at the end).
 * Error expectations are the lines diag_print would show for a file named t.go; they were
 * taken from `go build` (Go 1.19) on the same input. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/arena.h"
#include "lang/diag.h"
#include "lang/intern.h"
#include "lang/lexer.h"
#include "lang/parse.h"

/* Lexes src; returns the rendered token stream (malloc'd) and leaves errors in *d. */
static char *lex_render(const char *src, DiagList *d, Arena *a) {
    char *buf;
    size_t n;
    FILE *m = open_memstream(&buf, &n);
    Lexer lx;
    Token t;
    lex_init(&lx, "t.go", src, strlen(src), a, d);
    int first = 1;
    while (lex_next(&lx, &t)) {
        if (!first)
            fputc(' ', m);
        first = 0;
        if (t.code == TK_SEMI)
            fputs(!strcmp(t.semi, "newline") ? "<nl>" : !strcmp(t.semi, "EOF") ? "<eof>" : ";", m);
        else
            fprintf(m, "%.*s", t.len, t.lit);
    }
    fclose(m);
    return buf;
}

static void expect_tokens(const char *src, const char *want) {
    DiagList d = {0};
    Arena *a = arena_new();
    char *got = lex_render(src, &d, a);
    ck_assert_msg(strcmp(got, want) == 0, "lexing %s\n got: %s\nwant: %s", src, got, want);
    ck_assert_msg(d.nerrors == 0, "unexpected error lexing %s: %s", src, d.len ? d.items[0].msg : "");
    free(got);
    diag_free(&d);
    arena_free(a);
}

/* The first token of src. */
static Token lex_first(const char *src, Arena *a, DiagList *d) {
    Lexer lx;
    Token t;
    lex_init(&lx, "t.go", src, strlen(src), a, d);
    lex_next(&lx, &t);
    return t;
}

static char *lex_errors(const char *src) {
    DiagList d = {0};
    Arena *a = arena_new();
    free(lex_render(src, &d, a));
    char *buf;
    size_t n;
    FILE *m = open_memstream(&buf, &n);
    diag_print(&d, m, 10);
    fclose(m);
    diag_free(&d);
    arena_free(a);
    return buf;
}

START_TEST(lex_operators) {
    static const struct { const char *text; int code; } ops[] = {
        {"+", TK_PLUS}, {"-", TK_MINUS}, {"*", TK_STAR}, {"/", TK_SLASH}, {"%", TK_PERCENT},
        {"&", TK_AND}, {"|", TK_OR}, {"^", TK_XOR}, {"<<", TK_SHL}, {">>", TK_SHR},
        {"&^", TK_ANDNOT}, {"+=", TK_ADD_ASSIGN}, {"-=", TK_SUB_ASSIGN}, {"*=", TK_MUL_ASSIGN},
        {"/=", TK_QUO_ASSIGN}, {"%=", TK_REM_ASSIGN}, {"&=", TK_AND_ASSIGN}, {"|=", TK_OR_ASSIGN},
        {"^=", TK_XOR_ASSIGN}, {"<<=", TK_SHL_ASSIGN}, {">>=", TK_SHR_ASSIGN},
        {"&^=", TK_AND_NOT_ASSIGN}, {"&&", TK_LAND}, {"||", TK_LOR}, {"<-", TK_ARROW},
        {"++", TK_INC}, {"--", TK_DEC}, {"==", TK_EQL}, {"<", TK_LSS}, {">", TK_GTR},
        {"=", TK_ASSIGN}, {"!", TK_NOT}, {"!=", TK_NEQ}, {"<=", TK_LEQ}, {">=", TK_GEQ},
        {":=", TK_DEFINE}, {"...", TK_ELLIPSIS}, {"(", TK_LPAREN}, {")", TK_RPAREN},
        {"[", TK_LBRACK}, {"]", TK_RBRACK}, {"{", TK_LBRACE}, {"}", TK_RBRACE},
        {",", TK_COMMA}, {".", TK_PERIOD}, {":", TK_COLON}, {";", TK_SEMI}, {"~", TK_TILDE},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        Arena *a = arena_new();
        DiagList d = {0};
        Token t = lex_first(ops[i].text, a, &d);
        ck_assert_msg(t.code == ops[i].code, "%s lexed as %d", ops[i].text, t.code);
        ck_assert_int_eq(t.len, (int)strlen(ops[i].text));
        diag_free(&d);
        arena_free(a);
    }
    expect_tokens("a<<=b&^c...d", "a <<= b &^ c ... d <eof>");
    expect_tokens("x<-y", "x <- y <eof>");
}
END_TEST

START_TEST(lex_keywords_and_identifiers) {
    static const struct { const char *text; int code; } kw[] = {
        {"break", TK_BREAK}, {"case", TK_CASE}, {"chan", TK_CHAN}, {"const", TK_CONST},
        {"continue", TK_CONTINUE}, {"default", TK_DEFAULT}, {"defer", TK_DEFER},
        {"else", TK_ELSE}, {"fallthrough", TK_FALLTHROUGH}, {"for", TK_FOR}, {"func", TK_FUNC},
        {"go", TK_GO}, {"goto", TK_GOTO}, {"if", TK_IF}, {"import", TK_IMPORT},
        {"interface", TK_INTERFACE}, {"map", TK_MAP}, {"package", TK_PACKAGE},
        {"range", TK_RANGE}, {"return", TK_RETURN}, {"select", TK_SELECT},
        {"struct", TK_STRUCT}, {"switch", TK_SWITCH}, {"type", TK_TYPE}, {"var", TK_VAR},
    };
    for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++) {
        Arena *a = arena_new();
        DiagList d = {0};
        ck_assert_int_eq(lex_first(kw[i].text, a, &d).code, kw[i].code);
        char longer[32];
        snprintf(longer, sizeof longer, "%sx", kw[i].text);   /* "forx" is a name */
        Token t = lex_first(longer, a, &d);
        ck_assert_int_eq(t.code, TK_IDENT);
        ck_assert_ptr_eq(t.name, intern_cstr(longer));
        diag_free(&d);
        arena_free(a);
    }
    expect_tokens("π x日本 _a1 ünï Ω9 _", "π x日本 _a1 ünï Ω9 _ <eof>");
}
END_TEST

START_TEST(lex_semicolon_rule) {
    expect_tokens("x\ny", "x <nl> y <eof>");
    expect_tokens("x;y", "x ; y <eof>");
    expect_tokens("return\nbreak\ncontinue\nfallthrough\n",
                  "return <nl> break <nl> continue <nl> fallthrough <nl>");
    expect_tokens("a++\nb--\n", "a ++ <nl> b -- <nl>");
    expect_tokens("f(\na,\n)\n", "f ( a , ) <nl>");
    expect_tokens("a[1]\n{}\n", "a [ 1 ] <nl> { } <nl>");
    expect_tokens("1\n2.5\n3i\n'x'\n\"s\"\n`r`\n", "1 <nl> 2.5 <nl> 3i <nl> 'x' <nl> \"s\" <nl> `r` <nl>");
    expect_tokens("a +\nb", "a + b <eof>");
    expect_tokens("if x {\n", "if x {");
    expect_tokens("x // comment\ny", "x <nl> y <eof>");
    expect_tokens("x /* one line */ y", "x y <eof>");
    expect_tokens("x /* two\nlines */ y", "x <nl> y <eof>");
    expect_tokens("+ /* two\nlines */ y", "+ y <eof>");
    expect_tokens("x", "x <eof>");
    expect_tokens("x\n\n\n", "x <nl>");
    expect_tokens("", "");
    expect_tokens("\xEF\xBB\xBFpackage p", "package p <eof>");   /* leading BOM ignored */
}
END_TEST

START_TEST(lex_semicolon_positions) {
    Arena *a = arena_new();
    DiagList d = {0};
    Lexer lx;
    Token t;
    const char *src = "ab\n  c /* x\ny */ d";
    lex_init(&lx, "t.go", src, strlen(src), a, &d);
    lex_next(&lx, &t);
    ck_assert_int_eq(t.pos.line, 1);
    ck_assert_int_eq(t.pos.col, 1);
    lex_next(&lx, &t);                       /* newline semicolon sits on the newline */
    ck_assert_int_eq(t.code, TK_SEMI);
    ck_assert_int_eq(t.pos.line, 1);
    ck_assert_int_eq(t.pos.col, 3);
    lex_next(&lx, &t);
    ck_assert_int_eq(t.pos.line, 2);
    ck_assert_int_eq(t.pos.col, 3);
    lex_next(&lx, &t);                       /* comment semicolon sits on the comment */
    ck_assert_int_eq(t.code, TK_SEMI);
    ck_assert_int_eq(t.pos.line, 2);
    ck_assert_int_eq(t.pos.col, 5);
    lex_next(&lx, &t);
    ck_assert_int_eq(t.pos.line, 3);
    ck_assert_int_eq(t.pos.col, 6);
    lex_next(&lx, &t);                       /* EOF semicolon */
    ck_assert_str_eq(t.semi, "EOF");
    ck_assert_int_eq(lex_next(&lx, &t), 0);
    diag_free(&d);
    arena_free(a);
}
END_TEST

START_TEST(lex_columns_are_bytes) {
    Arena *a = arena_new();
    DiagList d = {0};
    Lexer lx;
    Token t;
    const char *src = "x := \"é\" + y";
    lex_init(&lx, "t.go", src, strlen(src), a, &d);
    for (int i = 0; i < 5; i++)
        lex_next(&lx, &t);
    ck_assert_str_eq(t.name, "y");
    ck_assert_int_eq(t.pos.col, 13);         /* é is two bytes */
    diag_free(&d);
    arena_free(a);
}
END_TEST

START_TEST(lex_numbers) {
    expect_tokens("42 0x1F 0X1f 0o17 0O17 017 0b101 0B1 1_000 0x_FF 0b_1 0_7 0 00",
                  "42 0x1F 0X1f 0o17 0O17 017 0b101 0B1 1_000 0x_FF 0b_1 0_7 0 00 <eof>");
    static const struct { const char *text; int code; } nums[] = {
        {"42", TK_INT}, {"0x1F", TK_INT}, {"0o17", TK_INT}, {"017", TK_INT}, {"0b101", TK_INT},
        {"1_000", TK_INT}, {"1.5", TK_FLOAT}, {".5", TK_FLOAT}, {"1.", TK_FLOAT},
        {"1e10", TK_FLOAT}, {"1E+5", TK_FLOAT}, {"1.5e-3", TK_FLOAT}, {"0x1p-2", TK_FLOAT},
        {"0x1.8p3", TK_FLOAT}, {"0X.8P1", TK_FLOAT}, {"1_0.2_5", TK_FLOAT}, {"089.5", TK_FLOAT},
        {"01e2", TK_FLOAT}, {"1i", TK_IMAG}, {"1.5i", TK_IMAG}, {"0x1p2i", TK_IMAG},
        {"0i", TK_IMAG}, {"1e3i", TK_IMAG}, {"0123i", TK_IMAG},
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        Arena *a = arena_new();
        DiagList d = {0};
        Token t = lex_first(nums[i].text, a, &d);
        ck_assert_msg(t.code == nums[i].code, "%s: code %d", nums[i].text, t.code);
        ck_assert_int_eq(t.len, (int)strlen(nums[i].text));
        ck_assert_msg(d.nerrors == 0, "%s: %s", nums[i].text, d.len ? d.items[0].msg : "");
        diag_free(&d);
        arena_free(a);
    }
    expect_tokens("x.y 1..2", "x . y 1. .2 <eof>");
}
END_TEST

START_TEST(lex_runes_and_escapes) {
    static const struct { const char *text; long value; } runes[] = {
        {"'a'", 'a'}, {"'ä'", 0xE4}, {"'本'", 0x672C}, {"'😀'", 0x1F600},
        {"'\\a'", 7}, {"'\\b'", 8}, {"'\\f'", 12}, {"'\\n'", 10}, {"'\\r'", 13}, {"'\\t'", 9},
        {"'\\v'", 11}, {"'\\\\'", '\\'}, {"'\\''", '\''}, {"'\\000'", 0}, {"'\\101'", 'A'},
        {"'\\377'", 255}, {"'\\x41'", 'A'}, {"'\\xff'", 255}, {"'\\u00e4'", 0xE4},
        {"'\\U0001F600'", 0x1F600}, {"'\\U0010FFFF'", 0x10FFFF}, {"'\"'", '"'},
    };
    for (size_t i = 0; i < sizeof runes / sizeof runes[0]; i++) {
        Arena *a = arena_new();
        DiagList d = {0};
        Token t = lex_first(runes[i].text, a, &d);
        ck_assert_int_eq(t.code, TK_CHAR);
        ck_assert_msg(t.ival == runes[i].value, "%s = %ld", runes[i].text, (long)t.ival);
        ck_assert_msg(d.nerrors == 0, "%s: %s", runes[i].text, d.len ? d.items[0].msg : "");
        diag_free(&d);
        arena_free(a);
    }
}
END_TEST

static void expect_string(const char *src, const char *bytes, int len) {
    Arena *a = arena_new();
    DiagList d = {0};
    Token t = lex_first(src, a, &d);
    ck_assert_int_eq(t.code, TK_STRING);
    ck_assert_msg(t.svallen == len && memcmp(t.sval, bytes, (size_t)len) == 0, "value of %s", src);
    ck_assert_int_eq(t.sval[len], 0);
    ck_assert_int_eq(t.len, (int)strlen(src));
    ck_assert_msg(d.nerrors == 0, "%s: %s", src, d.len ? d.items[0].msg : "");
    diag_free(&d);
    arena_free(a);
}

START_TEST(lex_strings) {
    expect_string("\"\"", "", 0);
    expect_string("\"hello\"", "hello", 5);
    expect_string("\"a\\tb\\n\"", "a\tb\n", 4);
    expect_string("\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"", "\a\b\f\n\r\t\v\\\"", 9);
    expect_string("\"\\x41\\101\\u00e4\\U0001F600\"", "AA\xC3\xA4\xF0\x9F\x98\x80", 8);
    expect_string("\"\\xff\\000z\"", "\xff\0z", 3);          /* \x and octal are bytes */
    expect_string("\"日本\"", "日本", 6);
    expect_string("\"'\"", "'", 1);
    expect_string("`raw\\n`", "raw\\n", 5);
    expect_string("`a\r\nb\r`", "a\nb", 3);                  /* carriage returns removed */
    expect_string("`\"`", "\"", 1);
    /* a raw string spanning lines moves the line count */
    Arena *a = arena_new();
    DiagList d = {0};
    Lexer lx;
    Token t;
    const char *src = "`a\nb\nc` x";
    lex_init(&lx, "t.go", src, strlen(src), a, &d);
    lex_next(&lx, &t);
    lex_next(&lx, &t);
    ck_assert_int_eq(t.pos.line, 3);
    ck_assert_int_eq(t.pos.col, 4);
    diag_free(&d);
    arena_free(a);
}
END_TEST

/* Each lexical error, with Go 1.19's message and position (checked with `go build`). */
START_TEST(lex_error_messages) {
    static const struct { const char *src, *want; } cases[] = {
        {"x := \"abc\ny", "t.go:1:10: newline in string\n"},
        {"x := 1 @ 2", "t.go:1:8: invalid character U+0040 '@'\n"},
        {"x := 'a", "t.go:1:6: rune literal not terminated\n"},
        {"x := 'ab'", "t.go:1:6: more than one character in rune literal\n"},
        {"x := ''", "t.go:1:7: empty rune literal or unescaped '\n"},
        {"x := 'a\n", "t.go:1:8: newline in rune literal\n"},
        {"x := 0128", "t.go:1:9: invalid digit '8' in octal literal\n"},
        {"x := 0o18", "t.go:1:9: invalid digit '8' in octal literal\n"},
        {"x := 0b102", "t.go:1:10: invalid digit '2' in binary literal\n"},
        {"x := 1__2", "t.go:1:8: '_' must separate successive digits\n"},
        {"x := 12_", "t.go:1:8: '_' must separate successive digits\n"},
        {"x := 0_x", "t.go:1:7: '_' must separate successive digits\n"},
        {"x := \"\\q\"", "t.go:1:8: unknown escape\n"},
        {"x := \"\\ud800\"", "t.go:1:13: escape is invalid Unicode code point U+D800\n"},
        {"x := \"\\U00110000\"", "t.go:1:17: escape is invalid Unicode code point U+110000\n"},
        {"x := \"\\400\"", "t.go:1:11: octal escape value 256 > 255\n"},
        {"x := \"\\xg0\"", "t.go:1:9: invalid character 'g' in hexadecimal escape\n"},
        {"x := '\\400'", "t.go:1:11: octal escape value 256 > 255\n"},
        {"x := 0x1.5", "t.go:1:11: hexadecimal mantissa requires a 'p' exponent\n"},
        {"x := 1e+", "t.go:1:9: exponent has no digits\n"},
        {"x := 0b1.0", "t.go:1:9: invalid radix point in binary literal\n"},
        {"x := 0x", "t.go:1:8: hexadecimal literal has no digits\n"},
        {"x := 1p3", "t.go:1:7: 'p' exponent requires hexadecimal mantissa\n"},
        {"x := 0x1e3p1", ""},
        {"x := `abc\n", "t.go:1:6: string not terminated\n"},
        {"x := \"abc", "t.go:1:6: string not terminated\n"},
        {"x /* abc\n", "t.go:1:3: comment not terminated\n"},
        {"x := 1 € 2", "t.go:1:8: invalid character U+20AC '€' in identifier\n"},
        {"x := a\xff", "t.go:1:7: invalid UTF-8 encoding\n"},
        {"x \xEF\xBB\xBF", "t.go:1:3: invalid BOM in the middle of the file\n"},
        {"x := \"\xff\"", "t.go:1:7: invalid UTF-8 encoding\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = lex_errors(cases[i].src);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "lexing %s\n got: %s\nwant: %s",
                      cases[i].src, got, cases[i].want);
        free(got);
    }
}
END_TEST

START_TEST(lex_nul_byte) {
    /* a NUL inside the text is an error, the one at text[len] is the end */
    const char src[] = "x \0 y";
    DiagList d = {0};
    Arena *a = arena_new();
    Lexer lx;
    Token t;
    lex_init(&lx, "t.go", src, sizeof src - 1, a, &d);
    ck_assert_int_eq(lex_next(&lx, &t), TK_IDENT);
    ck_assert_int_eq(lex_next(&lx, &t), TK_IDENT);
    ck_assert_str_eq(t.name, "y");
    ck_assert_int_eq(d.nerrors, 1);
    ck_assert_str_eq(d.items[0].msg, "invalid NUL character");
    diag_free(&d);
    arena_free(a);
}
END_TEST

Suite *lexer_suite(void) {
    Suite *s = suite_create("lexer");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, lex_operators);
    tcase_add_test(tc, lex_keywords_and_identifiers);
    tcase_add_test(tc, lex_semicolon_rule);
    tcase_add_test(tc, lex_semicolon_positions);
    tcase_add_test(tc, lex_columns_are_bytes);
    tcase_add_test(tc, lex_numbers);
    tcase_add_test(tc, lex_runes_and_escapes);
    tcase_add_test(tc, lex_strings);
    tcase_add_test(tc, lex_error_messages);
    tcase_add_test(tc, lex_nul_byte);
    suite_add_tcase(s, tc);
    return s;
}
