/* tests/unit/test_parser.c — the lemon grammar and its glue: every construct builds the tree
 * documented in lang/ast.h, every seed program parses cleanly, broken inputs get Go's exact
 * syntax errors at Go's positions, several errors in one file are all reported, mutated inputs
 * never crash, and parsing is fast.
 *
 * Trees are compared as ast_dump output folded onto one line (newline + indentation become a
 * single space). Statement snippets are wrapped in `package p; func f() { ... }` and the body's
 * statements are dumped; declaration snippets are dumped as top-level declarations. The
 * expected error lines were produced by `go build` (Go 1.19) on the same files. */
#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lang/parse.h"
#include "lang/grammar.h"

/* ---- helpers -------------------------------------------------------------------------------- */

static void fold(char *s) {
    char *w = s;
    for (char *r = s; *r; r++) {
        if (*r == '\n') {
            while (r[1] == ' ')
                r++;
            if (r[1])
                *w++ = ' ';
        } else {
            *w++ = *r;
        }
    }
    *w = 0;
}

static char *dump_folded(const NodeList *l) {
    char *buf;
    size_t n;
    FILE *m = open_memstream(&buf, &n);
    for (int i = 0; l && i < l->len; i++)
        ast_dump(m, l->items[i], 0);
    fclose(m);
    fold(buf);
    return buf;
}

static char *diags_text(DiagList *d) {
    char *buf;
    size_t n;
    FILE *m = open_memstream(&buf, &n);
    diag_print(d, m, 10);
    fclose(m);
    return buf;
}

/* Parses a statement snippet inside a function body; returns the folded dump of its statements. */
static char *parse_stmts(const char *snippet, char **errors) {
    char src[8192];
    snprintf(src, sizeof src, "package p\nfunc f() {\n%s\n}\n", snippet);
    DiagList d = {0};
    SourceFile *sf = parse_source("t.go", src, strlen(src), &d);
    Node *fn = sf->root && sf->root->list2.len ? sf->root->list2.items[0] : NULL;
    char *out = dump_folded(fn && fn->body ? &fn->body->list : NULL);
    *errors = diags_text(&d);
    source_free(sf);
    diag_free(&d);
    return out;
}

static char *parse_decls(const char *snippet, char **errors) {
    char src[8192];
    snprintf(src, sizeof src, "package p\n%s\n", snippet);
    DiagList d = {0};
    SourceFile *sf = parse_source("t.go", src, strlen(src), &d);
    char *out = dump_folded(sf->root ? &sf->root->list2 : NULL);
    *errors = diags_text(&d);
    source_free(sf);
    diag_free(&d);
    return out;
}

typedef struct Case {
    const char *src, *want;
} Case;

static void check_cases(const Case *cases, size_t n, char *(*parse)(const char *, char **)) {
    for (size_t i = 0; i < n; i++) {
        char *errors;
        char *got = parse(cases[i].src, &errors);
        ck_assert_msg(errors[0] == 0, "parsing %s: %s", cases[i].src, errors);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "parsing %s\n got: %s\nwant: %s",
                      cases[i].src, got, cases[i].want);
        free(got);
        free(errors);
    }
}

/* ---- constructs ----------------------------------------------------------------------------- */

START_TEST(parse_statements) {
    static const Case cases[] = {
        {"x := T{1, 2}",
         "(ASSIGN := [(IDENT x)] [(COMPOSITE (IDENT T) [(INTLIT 1) (INTLIT 2)])])"},
        {"x, y = y, x", "(ASSIGN = [(IDENT x) (IDENT y)] [(IDENT y) (IDENT x)])"},
        {"a[i] += 2", "(ASSIGN + [(INDEX (IDENT a) (IDENT i))] [(INTLIT 2)])"},
        {"x <<= 1; y &^= z",
         "(ASSIGN << [(IDENT x)] [(INTLIT 1)]) (ASSIGN &^ [(IDENT y)] [(IDENT z)])"},
        {"i++; j--", "(INCDEC ++ (IDENT i)) (INCDEC -- (IDENT j))"},
        {"c <- <-d", "(SEND (IDENT c) (UNARY <- (IDENT d)))"},
        {"f()", "(EXPRSTMT (CALL (IDENT f)))"},
        {"{ x := 1 }", "(BLOCK [(ASSIGN := [(IDENT x)] [(INTLIT 1)])])"},
        {"; ;", ""},
        {"if x == (T{}) { } else if y { } else { }",
         "(IF cond=(BINARY == (IDENT x) (PAREN (COMPOSITE (IDENT T)))) body=(BLOCK) "
         "els=(IF cond=(IDENT y) body=(BLOCK) els=(BLOCK)))"},
        {"if v := (T{}); v.a == 0 { }",
         "(IF init=(ASSIGN := [(IDENT v)] [(PAREN (COMPOSITE (IDENT T)))]) "
         "cond=(BINARY == (SELECTOR a (IDENT v)) (INTLIT 0)) body=(BLOCK))"},
        {"if f := func() bool { return true }; f() { }",
         "(IF init=(ASSIGN := [(IDENT f)] [(FUNCLIT _ (FUNCTYPE [] [(FIELD (IDENT bool))]) "
         "body=(BLOCK [(RETURN [(IDENT true)])]))]) cond=(CALL (IDENT f)) body=(BLOCK))"},
        {"for i := 0; i < n; i++ { }",
         "(FOR init=(ASSIGN := [(IDENT i)] [(INTLIT 0)]) cond=(BINARY < (IDENT i) (IDENT n)) "
         "post=(INCDEC ++ (IDENT i)) body=(BLOCK))"},
        {"for x < 3 { }", "(FOR cond=(BINARY < (IDENT x) (INTLIT 3)) body=(BLOCK))"},
        {"for ;; { }", "(FOR body=(BLOCK))"},
        {"for { break L }", "(FOR body=(BLOCK [(BRANCH L break)]))"},
        {"for k, v := range m { }", "(RANGE := (IDENT k) (IDENT v) (IDENT m) body=(BLOCK))"},
        {"for k = range m { }", "(RANGE = (IDENT k) _ (IDENT m) body=(BLOCK))"},
        {"for range c { }", "(RANGE _ _ (IDENT c) body=(BLOCK))"},
        {"for _, x := range []int{1, 2} { x++ }",
         "(RANGE := (IDENT _) (IDENT x) (COMPOSITE (ARRAYTYPE _ (IDENT int)) [(INTLIT 1) (INTLIT 2)]) "
         "body=(BLOCK [(INCDEC ++ (IDENT x))]))"},
        {"for i := range [2]int{} { }",
         "(RANGE := (IDENT i) _ (COMPOSITE (ARRAYTYPE (INTLIT 2) (IDENT int))) body=(BLOCK))"},
        {"for _, s := range []struct{ a int }{{1}} { }",
         "(RANGE := (IDENT _) (IDENT s) (COMPOSITE (ARRAYTYPE _ (STRUCTTYPE [(FIELD (IDENT int) "
         "[(IDENT a)])])) [(COMPOSITE [(INTLIT 1)])]) body=(BLOCK))"},
        {"for _, f := range []func() interface{}{g} { }",
         "(RANGE := (IDENT _) (IDENT f) (COMPOSITE (ARRAYTYPE _ (FUNCTYPE [] [(FIELD (INTERFACETYPE))])) "
         "[(IDENT g)]) body=(BLOCK))"},
        {"switch { case x > 1: }", "(SWITCH [(CASE [(BINARY > (IDENT x) (INTLIT 1))])])"},
        {"switch x := f(); x { case 1, 2: fallthrough; default: g() }",
         "(SWITCH (IDENT x) init=(ASSIGN := [(IDENT x)] [(CALL (IDENT f))]) [(CASE [(INTLIT 1) "
         "(INTLIT 2)] [(BRANCH fallthrough)]) (CASE default [] [(EXPRSTMT (CALL (IDENT g)))])])"},
        {"switch v := x.(type) { case int, string: case nil: default: }",
         "(TYPESWITCH v (IDENT x) (IDENT v) [(CASE [(IDENT int) (IDENT string)]) (CASE [(IDENT nil)]) "
         "(CASE default)])"},
        {"switch x.(type) { case []int, map[string]bool, func(): }",
         "(TYPESWITCH (IDENT x) [(CASE [(ARRAYTYPE _ (IDENT int)) (MAPTYPE (IDENT string) "
         "(IDENT bool)) (FUNCTYPE)])])"},
        {"select { case v, ok := <-c: case c <- 1: case <-d: case x = <-e: default: }",
         "(SELECT [(COMM (ASSIGN := [(IDENT v) (IDENT ok)] [(UNARY <- (IDENT c))])) (COMM (SEND "
         "(IDENT c) (INTLIT 1))) (COMM (EXPRSTMT (UNARY <- (IDENT d)))) (COMM (ASSIGN = [(IDENT x)] "
         "[(UNARY <- (IDENT e))])) (COMM default)])"},
        {"select {}", "(SELECT)"},
        {"L: for { continue L }", "(LABELED L (FOR body=(BLOCK [(BRANCH L continue)])))"},
        {"goto L; L:", "(BRANCH L goto) (LABELED L (EMPTY))"},
        {"go f(); defer func() { recover() }()",
         "(GO (CALL (IDENT f))) (DEFER (CALL (FUNCLIT _ (FUNCTYPE) body=(BLOCK [(EXPRSTMT (CALL "
         "(IDENT recover)))]))))"},
        {"return", "(RETURN)"},
        {"return 1, err", "(RETURN [(INTLIT 1) (IDENT err)])"},
        {"var ch <-chan int; const k = 1; type T int",
         "(DECLSTMT (VARDECL [(VARSPEC (CHANTYPE recvonly (IDENT int)) [(IDENT ch)])])) "
         "(DECLSTMT (CONSTDECL [(CONSTSPEC iota=0 [(IDENT k)] [(INTLIT 1)])])) "
         "(DECLSTMT (TYPEDECL [(TYPESPEC T (IDENT int))]))"},
    };
    check_cases(cases, sizeof cases / sizeof cases[0], parse_stmts);
}
END_TEST

START_TEST(parse_expressions) {
    static const Case cases[] = {
        /* the five precedence levels, left associativity */
        {"_ = a || b && c == d + e * f",
         "(ASSIGN = [(IDENT _)] [(BINARY || (IDENT a) (BINARY && (IDENT b) (BINARY == (IDENT c) "
         "(BINARY + (IDENT d) (BINARY * (IDENT e) (IDENT f))))))])"},
        {"_ = a - b - c", "(ASSIGN = [(IDENT _)] [(BINARY - (BINARY - (IDENT a) (IDENT b)) (IDENT c))])"},
        {"_ = a << 1 | b &^ c % d",
         "(ASSIGN = [(IDENT _)] [(BINARY | (BINARY << (IDENT a) (INTLIT 1)) (BINARY % (BINARY &^ "
         "(IDENT b) (IDENT c)) (IDENT d)))])"},
        {"_ = a != b || c <= d && e >= f",
         "(ASSIGN = [(IDENT _)] [(BINARY || (BINARY != (IDENT a) (IDENT b)) (BINARY && (BINARY <= "
         "(IDENT c) (IDENT d)) (BINARY >= (IDENT e) (IDENT f))))])"},
        {"_ = -x + ^y * !z", "(ASSIGN = [(IDENT _)] [(BINARY + (UNARY - (IDENT x)) (BINARY * (UNARY ^ "
         "(IDENT y)) (UNARY ! (IDENT z))))])"},
        {"_ = *p + &v + <-c + +1",
         "(ASSIGN = [(IDENT _)] [(BINARY + (BINARY + (BINARY + (STAR (IDENT p)) (UNARY & (IDENT v))) "
         "(UNARY <- (IDENT c))) (UNARY + (INTLIT 1)))])"},
        {"_ = f(a, b...)", "(ASSIGN = [(IDENT _)] [(CALL dots (IDENT f) [(IDENT a) (IDENT b)])])"},
        {"_ = f(a, b,)", "(ASSIGN = [(IDENT _)] [(CALL (IDENT f) [(IDENT a) (IDENT b)])])"},
        {"_ = []byte(s)", "(ASSIGN = [(IDENT _)] [(CALL (ARRAYTYPE _ (IDENT byte)) [(IDENT s)])])"},
        {"_ = (*T)(p)", "(ASSIGN = [(IDENT _)] [(CALL (PAREN (STAR (IDENT T))) [(IDENT p)])])"},
        {"_ = func(int) bool(f)",
         "(ASSIGN = [(IDENT _)] [(CALL (FUNCTYPE [(FIELD (IDENT int))] [(FIELD (IDENT bool))]) [(IDENT f)])])"},
        {"_ = make(map[string]int, 10)",
         "(ASSIGN = [(IDENT _)] [(CALL (IDENT make) [(MAPTYPE (IDENT string) (IDENT int)) (INTLIT 10)])])"},
        {"_ = new(struct{})", "(ASSIGN = [(IDENT _)] [(CALL (IDENT new) [(STRUCTTYPE)])])"},
        {"_ = a[1:], a[:2], a[1:2], a[:], a[1:2:3], a[:2:3]",
         "(ASSIGN = [(IDENT _)] [(SLICE (IDENT a) (INTLIT 1)) (SLICE (IDENT a) _ (INTLIT 2)) (SLICE "
         "(IDENT a) (INTLIT 1) (INTLIT 2)) (SLICE (IDENT a)) (SLICE slice3 (IDENT a) (INTLIT 1) "
         "(INTLIT 2) (INTLIT 3)) (SLICE slice3 (IDENT a) _ (INTLIT 2) (INTLIT 3))])"},
        {"_ = x.(T).f.g[0]",
         "(ASSIGN = [(IDENT _)] [(INDEX (SELECTOR g (SELECTOR f (TYPEASSERT (IDENT x) (IDENT T)))) (INTLIT 0))])"},
        {"_ = x.(*pkg.T)",
         "(ASSIGN = [(IDENT _)] [(TYPEASSERT (IDENT x) (STAR (SELECTOR T (IDENT pkg))))])"},
        {"_ = [][]int{{1}, {2, 3}}",
         "(ASSIGN = [(IDENT _)] [(COMPOSITE (ARRAYTYPE _ (ARRAYTYPE _ (IDENT int))) [(COMPOSITE "
         "[(INTLIT 1)]) (COMPOSITE [(INTLIT 2) (INTLIT 3)])])])"},
        {"_ = map[string]P{\"a\": {1, 2}}",
         "(ASSIGN = [(IDENT _)] [(COMPOSITE (MAPTYPE (IDENT string) (IDENT P)) [(KEYVALUE (STRINGLIT "
         "\"a\") (COMPOSITE [(INTLIT 1) (INTLIT 2)]))])])"},
        {"_ = map[[2]int]string{{1, 2}: \"x\"}",
         "(ASSIGN = [(IDENT _)] [(COMPOSITE (MAPTYPE (ARRAYTYPE (INTLIT 2) (IDENT int)) (IDENT string)) "
         "[(KEYVALUE (COMPOSITE [(INTLIT 1) (INTLIT 2)]) (STRINGLIT \"x\"))])])"},
        {"_ = &T{a: 1, b: []int{2},}",
         "(ASSIGN = [(IDENT _)] [(UNARY & (COMPOSITE (IDENT T) [(KEYVALUE (IDENT a) (INTLIT 1)) "
         "(KEYVALUE (IDENT b) (COMPOSITE (ARRAYTYPE _ (IDENT int)) [(INTLIT 2)]))]))])"},
        {"_ = [...]string{2: \"c\"}",
         "(ASSIGN = [(IDENT _)] [(COMPOSITE (ARRAYTYPE dots _ (IDENT string)) [(KEYVALUE (INTLIT 2) "
         "(STRINGLIT \"c\"))])])"},
        {"_ = pkg.T{}", "(ASSIGN = [(IDENT _)] [(COMPOSITE (SELECTOR T (IDENT pkg)))])"},
        {"T{}.m()", "(EXPRSTMT (CALL (SELECTOR m (COMPOSITE (IDENT T)))))"},
        {"_ = 1.5e3 + 0x1p-2 + 1i + 'a' + `r`",
         "(ASSIGN = [(IDENT _)] [(BINARY + (BINARY + (BINARY + (BINARY + (FLOATLIT 1.5e3) (FLOATLIT "
         "0x1p-2)) (IMAGLIT 1i)) (RUNELIT 'a')) (STRINGLIT `r`))])"},
        {"_ = func(a, b int) (int, error) { return a, nil }",
         "(ASSIGN = [(IDENT _)] [(FUNCLIT _ (FUNCTYPE [(FIELD (IDENT int) [(IDENT a) (IDENT b)])] "
         "[(FIELD (IDENT int)) (FIELD (IDENT error))]) body=(BLOCK [(RETURN [(IDENT a) (IDENT nil)])]))])"},
        {"_ = (<-chan int)(c)",
         "(ASSIGN = [(IDENT _)] [(CALL (PAREN (CHANTYPE recvonly (IDENT int))) [(IDENT c)])])"},
    };
    check_cases(cases, sizeof cases / sizeof cases[0], parse_stmts);
}
END_TEST

START_TEST(parse_declarations) {
    static const Case cases[] = {
        {"import \"fmt\"", ""},
        {"const ( a = iota; b; c int = 5 )",
         "(CONSTDECL [(CONSTSPEC iota=0 [(IDENT a)] [(IDENT iota)]) (CONSTSPEC iota=1 [(IDENT b)]) "
         "(CONSTSPEC iota=2 (IDENT int) [(IDENT c)] [(INTLIT 5)])])"},
        {"const (\n\tA, B = iota, iota * 10\n\tC, D\n)",
         "(CONSTDECL [(CONSTSPEC iota=0 [(IDENT A) (IDENT B)] [(IDENT iota) (BINARY * (IDENT iota) "
         "(INTLIT 10))]) (CONSTSPEC iota=1 [(IDENT C) (IDENT D)])])"},
        {"var x, y = 1, 2", "(VARDECL [(VARSPEC [(IDENT x) (IDENT y)] [(INTLIT 1) (INTLIT 2)])])"},
        {"var (\n\ta int\n\tb = 2\n)",
         "(VARDECL [(VARSPEC (IDENT int) [(IDENT a)]) (VARSPEC [(IDENT b)] [(INTLIT 2)])])"},
        {"var ()", "(VARDECL)"},
        {"type T struct { a, b int `json:\"a\"`; *E; pkg.F; c []byte }",
         "(TYPEDECL [(TYPESPEC T (STRUCTTYPE [(FIELD tag=json:\"a\" (IDENT int) [(IDENT a) (IDENT b)]) "
         "(FIELD embedded (STAR (IDENT E))) (FIELD embedded (SELECTOR F (IDENT pkg))) (FIELD (ARRAYTYPE _ "
         "(IDENT byte)) [(IDENT c)])]))])"},
        {"type I interface { M(x int) (int, error); E; io.Reader }",
         "(TYPEDECL [(TYPESPEC I (INTERFACETYPE [(FIELD (FUNCTYPE [(FIELD (IDENT int) [(IDENT x)])] "
         "[(FIELD (IDENT int)) (FIELD (IDENT error))]) [(IDENT M)]) (FIELD embedded (IDENT E)) (FIELD "
         "embedded (SELECTOR Reader (IDENT io)))]))])"},
        {"type ( A = B; C *D )",
         "(TYPEDECL [(TYPESPEC A alias (IDENT B)) (TYPESPEC C (STAR (IDENT D)))])"},
        {"type F func(int, ...string) (r int)",
         "(TYPEDECL [(TYPESPEC F (FUNCTYPE [(FIELD (IDENT int)) (FIELD (ELLIPSIS (IDENT string)))] "
         "[(FIELD (IDENT int) [(IDENT r)])]))])"},
        {"type C chan<- chan int",
         "(TYPEDECL [(TYPESPEC C (CHANTYPE sendonly (CHANTYPE (IDENT int))))])"},
        {"type M map[string][]*T",
         "(TYPEDECL [(TYPESPEC M (MAPTYPE (IDENT string) (ARRAYTYPE _ (STAR (IDENT T)))))])"},
        {"type P (int)", "(TYPEDECL [(TYPESPEC P (PAREN (IDENT int)))])"},
        {"func (r *T) m(a, b int, c ...string) (x int, err error)",
         "(FUNCDECL m (FIELD (STAR (IDENT T)) [(IDENT r)]) (FUNCTYPE [(FIELD (IDENT int) [(IDENT a) "
         "(IDENT b)]) (FIELD (ELLIPSIS (IDENT string)) [(IDENT c)])] [(FIELD (IDENT int) [(IDENT x)]) "
         "(FIELD (IDENT error) [(IDENT err)])]))"},
        {"func (T) m() {}",
         "(FUNCDECL m (FIELD (IDENT T)) (FUNCTYPE) body=(BLOCK))"},
        {"func g(int, string) bool { return f(xs...) }",
         "(FUNCDECL g _ (FUNCTYPE [(FIELD (IDENT int)) (FIELD (IDENT string))] [(FIELD (IDENT bool))]) "
         "body=(BLOCK [(RETURN [(CALL dots (IDENT f) [(IDENT xs)])])]))"},
        {"func native(x int) int", "(FUNCDECL native _ (FUNCTYPE [(FIELD (IDENT int) [(IDENT x)])] [(FIELD (IDENT int))]))"},
    };
    check_cases(cases, sizeof cases / sizeof cases[0], parse_decls);
}
END_TEST

START_TEST(parse_imports) {
    const char *src = "package main\nimport \"fmt\"\nimport (\n\tm \"math\"\n\t. \"strings\"\n\t_ \"os\"\n)\n";
    DiagList d = {0};
    SourceFile *sf = parse_source("t.go", src, strlen(src), &d);
    ck_assert_int_eq(d.nerrors, 0);
    Node *f = sf->root;
    ck_assert_str_eq(f->name, "main");
    ck_assert_int_eq(f->list.len, 4);
    ck_assert_ptr_null(f->list.items[0]->name);
    ck_assert_str_eq(f->list.items[0]->lit, "fmt");
    ck_assert_str_eq(f->list.items[1]->name, "m");
    ck_assert_str_eq(f->list.items[2]->name, ".");
    ck_assert_str_eq(f->list.items[3]->name, "_");
    ck_assert_str_eq(f->list.items[3]->lit, "os");
    ck_assert_int_eq(f->list.items[1]->pos.line, 4);
    ck_assert_int_eq(f->list.items[1]->pos.col, 2);
    source_free(sf);
    diag_free(&d);
}
END_TEST

/* Positions: first token, except BINARY at its operator; '(' '.' '[' and '}' in pos2. */
START_TEST(parse_positions) {
    const char *src = "package p\n\nfunc f() {\n\tx := a.b(c)[d] + e\n}\n";
    DiagList d = {0};
    SourceFile *sf = parse_source("t.go", src, strlen(src), &d);
    ck_assert_int_eq(d.nerrors, 0);
    Node *fn = sf->root->list2.items[0];
    ck_assert_int_eq(fn->pos.line, 3);
    ck_assert_int_eq(fn->pos.col, 1);
    ck_assert_int_eq(fn->pos2.col, 6);             /* the name */
    ck_assert_int_eq(fn->body->pos.col, 10);
    ck_assert_int_eq(fn->body->pos2.line, 5);
    Node *as = fn->body->list.items[0];
    ck_assert_int_eq(as->kind, N_ASSIGN);
    ck_assert_int_eq(as->pos.line, 4);
    ck_assert_int_eq(as->pos.col, 2);
    ck_assert_int_eq(as->pos2.col, 4);             /* the := */
    Node *bin = as->list2.items[0];
    ck_assert_int_eq(bin->kind, N_BINARY);
    ck_assert_int_eq(bin->pos.col, 17);            /* the + */
    Node *idx = bin->a;
    ck_assert_int_eq(idx->kind, N_INDEX);
    ck_assert_int_eq(idx->pos.col, 7);
    ck_assert_int_eq(idx->pos2.col, 13);           /* [ */
    Node *call = idx->a;
    ck_assert_int_eq(call->kind, N_CALL);
    ck_assert_int_eq(call->pos2.col, 10);          /* ( */
    Node *sel = call->a;
    ck_assert_int_eq(sel->kind, N_SELECTOR);
    ck_assert_int_eq(sel->pos.col, 7);
    ck_assert_int_eq(sel->pos2.col, 9);            /* the selected name */
    source_free(sf);
    diag_free(&d);
}
END_TEST

/* ---- whole programs ------------------------------------------------------------------------- */

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = 0;
    fclose(f);
    *len = got;
    return buf;
}

/* The user's seed programs (DESIGN.md: the first acceptance test) and the examples: all must
 * parse without a single diagnostic. (The unit tests run from the repository root.) */
static const char *const program_globs[] = {
    "/work/shared/seeds/programs/*.go", "examples/*.gol", "examples/*/*.gol",
};

START_TEST(parse_seed_programs) {
    int files = 0;
    for (size_t g = 0; g < sizeof program_globs / sizeof program_globs[0]; g++) {
        glob_t gl;
        if (glob(program_globs[g], 0, NULL, &gl) != 0)
            continue;
        for (size_t i = 0; i < gl.gl_pathc; i++) {
            size_t len;
            char *src = read_file(gl.gl_pathv[i], &len);
            if (!src)
                continue;
            DiagList d = {0};
            SourceFile *sf = parse_source(gl.gl_pathv[i], src, len, &d);
            char *errs = diags_text(&d);
            ck_assert_msg(d.nerrors == 0, "%s:\n%s", gl.gl_pathv[i], errs);
            ck_assert_ptr_nonnull(sf->root);
            free(errs);
            source_free(sf);
            diag_free(&d);
            free(src);
            files++;
        }
        globfree(&gl);
    }
    (void)files;
}
END_TEST

/* The golden programs state their expected compile errors as `// expect error: L:C: msg`
 * (a trailing `*` matches any rest). Every diagnostic the front end produces for them must be
 * one of those, and every expected `syntax error` must be produced. */
static int golden_matches(const char *want, const char *got) {
    size_t n = strlen(want);
    if (n && want[n - 1] == '*')
        return strncmp(want, got, n - 1) == 0;
    return strcmp(want, got) == 0;
}

START_TEST(parse_golden_programs) {
    static const char *const globs[] = {"tests/golden/*.gol", "tests/golden/*/*.gol",
                                        "tests/golden/*/*/*.gol"};
    for (size_t g = 0; g < sizeof globs / sizeof globs[0]; g++) {
        glob_t gl;
        if (glob(globs[g], 0, NULL, &gl) != 0)
            continue;
        for (size_t i = 0; i < gl.gl_pathc; i++) {
            size_t len;
            char *src = read_file(gl.gl_pathv[i], &len);
            if (!src)
                continue;
            const char *want[64];
            int nwant = 0;
            char *copy = strdup(src);
            for (char *line = strtok(copy, "\n"); line && nwant < 64; line = strtok(NULL, "\n")) {
                char *e = strstr(line, "// expect error: ");
                if (e)
                    want[nwant++] = e + strlen("// expect error: ");
            }
            DiagList d = {0};
            SourceFile *sf = parse_source(gl.gl_pathv[i], src, len, &d);
            char got[64][512];
            int ngot = 0;
            for (int k = 0; k < d.len && ngot < 64; k++)
                snprintf(got[ngot++], sizeof got[0], "%d:%d: %s", d.items[k].pos.line,
                         d.items[k].pos.col, d.items[k].msg);
            for (int k = 0; k < ngot; k++) {
                int ok = 0;
                for (int w = 0; w < nwant && !ok; w++)
                    ok = golden_matches(want[w], got[k]);
                ck_assert_msg(ok, "%s: unexpected diagnostic %s", gl.gl_pathv[i], got[k]);
            }
            for (int w = 0; w < nwant; w++) {
                if (!strstr(want[w], "syntax error"))
                    continue;
                int ok = 0;
                for (int k = 0; k < ngot && !ok; k++)
                    ok = golden_matches(want[w], got[k]);
                ck_assert_msg(ok, "%s: missing %s", gl.gl_pathv[i], want[w]);
            }
            source_free(sf);
            diag_free(&d);
            free(copy);
            free(src);
        }
        globfree(&gl);
    }
}
END_TEST

/* ---- syntax errors -------------------------------------------------------------------------- */

START_TEST(parse_error_messages) {
    static const Case cases[] = {
        {"package main\nfunc main() {\n\tprintln(\"a\" \"b\")\n}\n",
         "t.go:3:14: syntax error: unexpected literal \"b\" in argument list; possibly missing comma or )\n"},
        {"package main\nfunc main() {\n\tprintln(\"a\",\n\t\"b\"\n}\n",
         "t.go:4:5: syntax error: unexpected newline in argument list; possibly missing comma or )\n"},
        {"package main\nfunc main() {\n\tx := 1 y\n}\n",
         "t.go:3:9: syntax error: unexpected y at end of statement\n"},
        {"package main\nfunc main() {\n\tx := 1\n\tif x == 1\n\t{\n\t}\n}\n",
         "t.go:4:11: syntax error: unexpected newline, expecting { after if clause\n"},
        {"package main\nx := 1\n",
         "t.go:2:1: syntax error: non-declaration statement outside function body\n"},
        {"package main\nfunc f()\n{\n}\n",
         "t.go:3:1: syntax error: unexpected semicolon or newline before {\n"},
        {"package main\nvar a = []int{1 2}\n",
         "t.go:2:17: syntax error: unexpected literal 2 in composite literal; possibly missing comma or }\n"},
        {"package main\nfunc g(a int b) {}\n",
         "t.go:2:14: syntax error: unexpected b in parameter list; possibly missing comma or )\n"},
        {"package main\nfunc main() {\n\tif true { } else for {}\n}\n",
         "t.go:3:19: syntax error: else must be followed by if or statement block\n"},
        {"package main\nfunc main() {\n\tswitch 1 { case 1 2: }\n}\n",
         "t.go:3:20: syntax error: unexpected literal 2, expecting :\n"},
        {"package main\nfunc f() int {\n\treturn 1 +\n}\n",
         "t.go:4:1: syntax error: unexpected }, expecting expression\n"},
        {"package main\nfunc main() {\n\tfunc f() {}\n}\n",
         "t.go:3:7: syntax error: unexpected f, expecting (\n"},
        {"func main() {}\n",
         "t.go:1:1: syntax error: package statement must be first\n"},
        {"package 1\n",
         "t.go:1:9: syntax error: unexpected literal 1, expecting name\n"},
        {"package main\nimport fmt\n",
         "t.go:2:11: syntax error: missing import path\n"},
        {"package main\nvar x int y\n",
         "t.go:2:11: syntax error: unexpected y after top level declaration\n"},
        {"package main\nfunc main() {\n\tx := (1 + 2\n}\n",
         "t.go:3:13: syntax error: unexpected newline, expecting )\n"},
        {"package main\nfunc main() {\n\tx := a[1\n}\n",
         "t.go:3:10: syntax error: unexpected newline, expecting comma, : or ]\n"},
        {"package main\nfunc main() {\n\tx := 1\n",
         "t.go:4:1: syntax error: unexpected EOF, expecting }\n"},
        {"package main\ntype T struct {\n\ta int b\n}\n",
         "t.go:3:8: syntax error: unexpected b in struct type; possibly missing semicolon or newline or }\n"},
        {"package main\nfunc main() {\n\tif {\n\t}\n}\n",
         "t.go:3:5: syntax error: missing condition in if statement\n"},
        {"package main\nfunc main() {\n\tif x = 1 {\n\t}\n}\n",
         "t.go:3:7: syntax error: cannot use assignment (x) = (1) as value\n"},
        {"package main\nfunc main() {\n\tfor i := 0; i < 3 {\n\t}\n}\n",
         "t.go:3:20: syntax error: unexpected {, expecting semicolon or newline\n"},
        {"package main\nfunc main() {\n\tgo 1\n}\n",
         "t.go:3:5: expression in go must be function call\n"},
        {"package main\nfunc main() {\n\tdefer (f())\n}\n",
         "t.go:3:8: expression in defer must not be parenthesized\n"},
        {"package main\nfunc main() {\n\tx := map[int]int{1: 2,, }\n}\n",
         "t.go:3:24: syntax error: unexpected comma, expecting expression\n"},
        {"package main\nfunc main() {\n\tvar = 1\n}\n",
         "t.go:3:6: syntax error: unexpected =, expecting name\n"},
        {"package main\ntype = int\n",
         "t.go:2:6: syntax error: unexpected =, expecting name\n"},
        {"package main\nfunc main() {\n\tx := 1)\n}\n",
         "t.go:3:8: syntax error: unexpected ) at end of statement\n"},
        {"package main\n}\n",
         "t.go:2:1: syntax error: non-declaration statement outside function body\n"},
        {"package main\nfunc main() {\n\tif true {\n\t}\n\telse {\n\t}\n}\n",
         "t.go:5:2: syntax error: unexpected else, expecting }\n"},
        {"package main\nfunc main() {\n\tx := ~1\n}\n",
         "t.go:3:7: cannot use ~ outside of interface or type constraint\n"},
        {"package main\nfunc main() {\n\tx := a[1::3]\n}\n",
         "t.go:3:11: middle index required in 3-index slice\n"},
        {"package main\nfunc main() {\n\tx := (T){}\n}\n",
         "t.go:3:10: syntax error: cannot parenthesize type in composite literal\n"},
        {"package main\nfunc main() {\n\tfor i := 0; i < 3; j := 1 {\n\t}\n}\n",
         "t.go:3:23: syntax error: cannot declare in post statement of for loop\n"},
        {"package main\nfunc () f() {}\n",
         "t.go:2:9: method has no receiver\n"},
        {"package main\nfunc f(a, b int, string) {}\n",
         "t.go:2:18: syntax error: mixed named and unnamed parameters\n"},
        {"package main\nfunc main() {\n\tselect x {\n\t}\n}\n",
         "t.go:3:9: syntax error: missing { after select clause\n"},
        {"package main\nfunc main() {\n\tif x := 1; {\n\t}\n}\n",
         "t.go:3:11: syntax error: missing condition in if statement\n"},
        {"package main\nfunc main() {\n\tcase 1:\n}\n",
         "t.go:3:2: syntax error: unexpected case, expecting }\n"},
        {"package main\nfunc main() {\n\tfor { break 1 }\n}\n",
         "t.go:3:14: syntax error: unexpected literal 1 at end of statement\n"},
        {"package main\nfunc main() {\n\tgoto\n}\n",
         "t.go:4:1: syntax error: unexpected }, expecting name\n"},
        {"package main\nvar x int =\n",
         "t.go:3:1: syntax error: unexpected EOF, expecting expression\n"},
        {"package main\nfunc main() {\n\tswitch x := 1 {\n\t}\n}\n",
         "t.go:3:11: syntax error: cannot use x := 1 as value\n"},
        {"package main\nfunc main() {\n\tf(a..., b)\n}\n",
         "t.go:3:10: syntax error: unexpected b, expecting )\n"},
        {"package main\nfunc main() {\n\tfor {\n}\n",
         "t.go:5:1: syntax error: unexpected EOF, expecting }\n"},
        {"package main\nfunc main() {\n}\n}\n",
         "t.go:4:1: syntax error: non-declaration statement outside function body\n"},
        {"package main\ntype I interface {\n\tM() int\n\t5\n}\n",
         "t.go:4:2: syntax error: unexpected literal 5, expecting ~ term or type\n"},
        {"package main\nfunc main() {\n\tx +=\n}\n",
         "t.go:4:1: syntax error: unexpected }, expecting expression\n"},
        {"package main\nfunc main() {\n\tvar x interface{}\n\tswitch a, b := x.(type) {\n\t}\n}\n",
         "t.go:4:14: syntax error: cannot use a, b := x.(type) as value\n"},
        {"package main\nfunc f(a int, b) {}\n",
         "t.go:2:15: syntax error: mixed named and unnamed parameters\n"},
        {"package main\nfunc main() {\n\tif true {\n\t} else if {\n\t}\n}\n",
         "t.go:4:12: syntax error: missing condition in if statement\n"},
        {"package main\nfunc main() {\n\tx := \"abc\n\ty := 1\n}\n",
         "t.go:3:11: newline in string\n"},
        {"package main\nfunc main() {\n\tx := 1;;\n\t_ = x\n}\n",
         ""},
        {"package main\nfunc main() {\n\tx := a[1:)\n}\n",
         "t.go:3:11: syntax error: unexpected ), expecting expression\n"},
        {"package main\nfunc main() {\n\tfor {\n\t}.x\n}\n",
         "t.go:4:3: syntax error: unexpected . at end of statement\n"},
        {"package main\nfunc main() {\n\tselect {{\n\t}\n}\n",
         "t.go:3:10: syntax error: unexpected {, expecting case or default or }\n"},
        {"package main\nfunc main() {\n\tfor i, v := range s s {\n\t}\n}\n",
         "t.go:3:22: syntax error: unexpected s, expecting { after for clause\n"},
        {"package main\ntype P struct{}\nfunc (p *P) () {}\n",
         "t.go:3:13: syntax error: unexpected (, expecting name or (\n"},
        {"package main\nfunc main() {\n\tx := p.(\"s\")\n}\n",
         "t.go:3:10: syntax error: unexpected literal \"s\", expecting type\n"},
        {"package main\nfunc main() {\n\tfor i 0; i < 3; i++ {\n\t}\n}\n",
         "t.go:3:8: syntax error: unexpected literal 0, expecting {\n"},
        {"package main\nfunc main() {\n\ta, b c\n}\n",
         "t.go:3:7: syntax error: unexpected c, expecting := or = or comma\n"},
        {"package main\nfunc main() {\n\tx := f(a[i] 0)\n}\n",
         "t.go:3:14: syntax error: unexpected literal 0 in argument list; possibly missing comma or )\n"},
        {"package main\nvar x = []{1}\n",
         "t.go:2:11: syntax error: unexpected {, expecting type\n"},
        {"package main\nfunc f() .\n",
         "t.go:2:10: syntax error: unexpected . after top level declaration\n"},
        {"package main\ntype T struct {\n\t{\n}\n",
         "t.go:3:2: syntax error: unexpected {, expecting field name or embedded type\n"},
        {"package main\nfunc main() {\n\tx := f((a)\n}\n",
         "t.go:3:12: syntax error: unexpected newline in argument list; possibly missing comma or )\n"},
        {"package main\nfunc main() {\n\tx.\n}\n",
         "t.go:4:1: syntax error: unexpected }, expecting name or (\n"},
        /* generics: gol's own messages, at the '[' (Go 1.19 accepts these programs) */
        {"package main\nfunc F[T any](x T) {}\n",
         "t.go:2:7: type parameters are not supported by gol (gol has no generics)\n"},
        {"package main\ntype L[T any] struct{ x T }\n",
         "t.go:2:7: type parameters are not supported by gol (gol has no generics)\n"},
        {"package main\ntype M[K comparable, V any] []V\n",
         "t.go:2:7: type parameters are not supported by gol (gol has no generics)\n"},
        {"package main\ntype P[K, V any] []V\n",
         "t.go:2:7: type parameters are not supported by gol (gol has no generics)\n"},
        {"package main\ntype (\n\tA int\n\tB[T interface{}] []T\n)\n",
         "t.go:4:3: type parameters are not supported by gol (gol has no generics)\n"},
        {"package main\nfunc (l *L[T]) Len() int { return 0 }\n",
         "t.go:2:11: type instantiation is not supported by gol (gol has no generics)\n"},
        {"package main\nfunc main() {\n\tvar l L[int]\n}\n",
         "t.go:3:9: type instantiation is not supported by gol (gol has no generics)\n"},
        {"package main\ntype N interface {\n\t~int | ~float64\n}\n",
         "t.go:3:2: type constraints are not supported by gol (gol has no generics)\n"},
        /* arrays are not type parameter lists */
        {"package main\nconst N = 2\ntype A [N]int\ntype B [N + 1]int\nvar c [N]int\n", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        DiagList d = {0};
        SourceFile *sf = parse_source("t.go", cases[i].src, strlen(cases[i].src), &d);
        char *got = diags_text(&d);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "parsing:\n%s\n got: %s\nwant: %s",
                      cases[i].src, got, cases[i].want);
        free(got);
        source_free(sf);
        diag_free(&d);
    }
}
END_TEST

START_TEST(parse_multiple_errors) {
    const char *src =
        "package main\n"
        "func main() {\n"
        "\tx := 1 y\n"
        "\tz := 2 w\n"
        "\tprintln(\"a\" \"b\")\n"
        "}\n"
        "func g(a int b) {}\n"
        "var ok = 1\n"
        "x := 3\n"
        "func h() { if true { } else for {} }\n";
    DiagList d = {0};
    SourceFile *sf = parse_source("t.go", src, strlen(src), &d);
    char *got = diags_text(&d);
    ck_assert_str_eq(got,
        "t.go:3:9: syntax error: unexpected y at end of statement\n"
        "t.go:4:9: syntax error: unexpected w at end of statement\n"
        "t.go:5:14: syntax error: unexpected literal \"b\" in argument list; possibly missing comma or )\n"
        "t.go:7:14: syntax error: unexpected b in parameter list; possibly missing comma or )\n"
        "t.go:9:1: syntax error: non-declaration statement outside function body\n"
        "t.go:10:29: syntax error: else must be followed by if or statement block\n");
    /* the declarations around the errors are still there */
    int found_ok = 0;
    for (int i = 0; i < sf->root->list2.len; i++) {
        Node *n = sf->root->list2.items[i];
        if (n->kind == N_VARDECL && !strcmp(n->list.items[0]->list.items[0]->name, "ok"))
            found_ok = 1;
    }
    ck_assert(found_ok);
    free(got);
    source_free(sf);
    diag_free(&d);
}
END_TEST

/* ---- robustness and speed ------------------------------------------------------------------- */

static const char fuzz_seed[] =
    "package main\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\n"
    "type Shape interface {\n\tArea() float64\n\tName() string\n}\n\n"
    "type Rect struct {\n\tW, H float64 `json:\"w\"`\n\t*Base\n}\n\n"
    "const (\n\tA = iota\n\tB\n)\n\n"
    "func (r *Rect) Area() float64 { return r.W * r.H }\n\n"
    "func main() {\n\tm := map[string][]int{\"a\": {1, 2}}\n"
    "\tfor k, v := range m {\n\t\tif len(v) > 1 && k != \"\" {\n\t\t\tfmt.Println(k, v[0:1], 'x', 0x1p-2)\n\t\t}\n\t}\n"
    "\tch := make(chan int, 1)\n\tgo func() { ch <- 1 }()\n"
    "\tselect {\n\tcase x := <-ch:\n\t\t_ = x\n\tdefault:\n\t}\n"
    "\tswitch v := interface{}(1).(type) {\n\tcase int:\n\t\tfallthrough\n\tdefault:\n\t\t_ = v\n\t}\n"
    "\tvar s strings.Builder\n\ts.WriteString(`raw\n`)\n\tdefer fmt.Println(s.String())\n"
    "L:\n\tfor i := 0; i < 3; i++ {\n\t\tcontinue L\n\t}\n}\n";

static void parse_bytes(const char *buf, size_t len) {
    char *copy = malloc(len + 1);
    memcpy(copy, buf, len);
    copy[len] = 0;
    DiagList d = {0};
    SourceFile *sf = parse_source("fuzz.go", copy, len, &d);
    source_free(sf);
    diag_free(&d);
    free(copy);
}

START_TEST(parse_fuzz_does_not_crash) {
    size_t n = sizeof fuzz_seed - 1;
    /* every truncation */
    for (size_t cut = 0; cut <= n; cut++)
        parse_bytes(fuzz_seed, cut);
    /* byte mutations from a fixed pseudo-random sequence, with Go-ish and arbitrary bytes */
    static const char alphabet[] = "{}()[];,.:=+-*/<>!&|^%\"'`\\\n \tx0_ifforcasechanfunc\xff\xc3";
    unsigned seed = 12345;
    char *buf = malloc(n + 1);
    for (int iter = 0; iter < 3000; iter++) {
        memcpy(buf, fuzz_seed, n);
        int k = 1 + iter % 6;
        for (int j = 0; j < k; j++) {
            seed = seed * 1103515245u + 12345u;
            size_t pos = (seed >> 8) % n;
            seed = seed * 1103515245u + 12345u;
            buf[pos] = (iter & 1) ? (char)(seed >> 16) : alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        parse_bytes(buf, n);
    }
    free(buf);
    /* pathological nesting: reported, not crashed */
    size_t deep = 100000;
    char *nest = malloc(deep * 2 + 64);
    strcpy(nest, "package p\nvar x = ");
    size_t at = strlen(nest);
    for (size_t i = 0; i < deep; i++)
        nest[at++] = '(';
    nest[at++] = '1';
    for (size_t i = 0; i < deep; i++)
        nest[at++] = ')';
    nest[at] = 0;
    DiagList d = {0};
    SourceFile *sf = parse_source("deep.go", nest, at, &d);
    ck_assert_int_gt(d.nerrors, 0);
    source_free(sf);
    diag_free(&d);
    free(nest);
}
END_TEST

START_TEST(parse_large_file_is_fast) {
    /* 10,000+ lines of varied code */
    size_t cap = 1 << 20, len = 0;
    char *src = malloc(cap);
    len += (size_t)snprintf(src, cap, "package big\n");
    int i = 0;
    while (len + 512 < cap && i < 1300) {
        len += (size_t)snprintf(src + len, cap - len,
            "func f%d(a, b int, s []string) (int, error) {\n"
            "\tfor i := range s {\n\t\tif a > b && s[i] != \"\" {\n\t\t\ta += len(s[i]) * 2\n\t\t}\n\t}\n"
            "\tm := map[int]string{1: \"x\"}\n\treturn a + len(m), nil\n}\n", i);
        i++;
    }
    DiagList d = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    SourceFile *sf = parse_source("big.go", src, len, &d);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    ck_assert_int_eq(d.nerrors, 0);
    ck_assert_int_eq(sf->root->list2.len, i);
    double limit = 100.0;
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
    limit = 1000.0;   /* sanitizer and -O0 builds are an order of magnitude slower */
#endif
    ck_assert_msg(ms < limit, "parsing %d lines took %.1f ms", i * 9, ms);
    source_free(sf);
    diag_free(&d);
    free(src);
}
END_TEST

/* Long but shallow constructs must not hit the parser's stack limit: else-if ladders are
 * left-recursive in the grammar, binary operators reduce as they go, lists grow in place. */
START_TEST(parse_long_chains) {
    size_t cap = 4 << 20, len = 0;
    char *src = malloc(cap);
    len += (size_t)snprintf(src, cap, "package p\nfunc f(x int) int {\n\tif x == 0 {\n\t}");
    for (int i = 1; i < 5000; i++)
        len += (size_t)snprintf(src + len, cap - len, " else if x == %d {\n\t}", i);
    len += (size_t)snprintf(src + len, cap - len, " else {\n\t}\n\treturn 0");
    for (int i = 0; i < 20000; i++)
        len += (size_t)snprintf(src + len, cap - len, " + x");
    len += (size_t)snprintf(src + len, cap - len, "\n}\nvar a = []int{");
    for (int i = 0; i < 20000; i++)
        len += (size_t)snprintf(src + len, cap - len, "%d, ", i);
    len += (size_t)snprintf(src + len, cap - len, "}\n");
    DiagList d = {0};
    SourceFile *sf = parse_source("long.go", src, len, &d);
    char *errs = diags_text(&d);
    ck_assert_msg(d.nerrors == 0, "%s", errs);
    Node *ifs = sf->root->list2.items[0]->body->list.items[0];
    int n = 0;
    for (Node *e = ifs; e && e->kind == N_IF; e = e->els)
        n++;
    ck_assert_int_eq(n, 5000);
    free(errs);
    source_free(sf);
    diag_free(&d);
    free(src);
}
END_TEST

START_TEST(parse_token_describe) {
    ck_assert_str_eq(token_describe(TK_COMMA), "comma");
    ck_assert_str_eq(token_describe(TK_SEMI), "semicolon or newline");
    ck_assert_str_eq(token_describe(TK_IDENT), "name");
    ck_assert_str_eq(token_describe(TK_RPAREN), ")");
    ck_assert_str_eq(token_describe(TK_LBODY), "{");
    ck_assert_str_eq(token_describe(TK_FUNC), "func");
    ck_assert_str_eq(token_describe(TK_AND_NOT_ASSIGN), "&^=");
    ck_assert_str_eq(token_describe(0), "EOF");
    ck_assert_str_eq(node_kind_name(N_TYPESWITCH), "TYPESWITCH");
}
END_TEST

Suite *parser_suite(void) {
    Suite *s = suite_create("parser");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, parse_statements);
    tcase_add_test(tc, parse_expressions);
    tcase_add_test(tc, parse_declarations);
    tcase_add_test(tc, parse_imports);
    tcase_add_test(tc, parse_positions);
    tcase_add_test(tc, parse_seed_programs);
    tcase_add_test(tc, parse_golden_programs);
    tcase_add_test(tc, parse_error_messages);
    tcase_add_test(tc, parse_multiple_errors);
    tcase_add_test(tc, parse_fuzz_does_not_crash);
    tcase_add_test(tc, parse_large_file_is_fast);
    tcase_add_test(tc, parse_long_chains);
    tcase_add_test(tc, parse_token_describe);
    suite_add_tcase(s, tc);
    return s;
}
