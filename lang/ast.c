/* lang/ast.c — constructing and printing syntax trees.
 *
 * Nodes are plain structs allocated zeroed from the file's arena (node_new); lists are growable
 * arrays whose storage also comes from the arena (nodelist_push doubles the capacity and copies,
 * leaving the old array as garbage in the arena: cheap, because lists are short and the arena is
 * freed as a whole).
 *
 * ast_dump prints a tree as an indented S-expression, one node per line:
 *
 *     (CALL
 *       (SELECTOR Println (IDENT fmt))
 *       [(STRINGLIT "hi")])
 *
 * The head of each form is the kind, then the scalar fields that are set (name, operator,
 * literal text, flags, ival), then the children: a b c d positionally (`_` for a NULL that is
 * followed by a non-NULL child), init= cond= post= body= els= by label, and list / list2 in
 * brackets. Positions are left out so that test expectations stay readable; tests check
 * positions directly on the nodes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/arena.h"
#include "lang/ast.h"
#include "lang/parse.h"

Node *node_new(Arena *a, NodeKind k, Pos pos) {
    Node *n = arena_alloc(a, sizeof *n);
    n->kind = k;
    n->pos = pos;
    return n;
}

void nodelist_push(Arena *a, NodeList *l, Node *n) {
    if (l->len == l->cap) {
        int ncap = l->cap ? l->cap * 2 : 4;
        Node **items = arena_alloc(a, ncap * sizeof *items);
        if (l->len)
            memcpy(items, l->items, l->len * sizeof *items);
        l->items = items;
        l->cap = ncap;
    }
    l->items[l->len++] = n;
}

const char *node_kind_name(NodeKind k) {
    static const char *const names[] = {
#define NODE_NAME(k, doc) #k,
        NODE_KINDS(NODE_NAME)
#undef NODE_NAME
    };
    if ((int)k < 0 || k >= N__COUNT)
        return "?";
    return names[k];
}

static void ast_indent(FILE *out, int indent) {
    fputc('\n', out);
    for (int i = 0; i < indent; i++)
        fputs("  ", out);
}

static void ast_dump_flags(FILE *out, int flags) {
    static const struct { int bit; const char *name; } fl[] = {
        {NF_ALIAS, "alias"}, {NF_DEFAULT, "default"}, {NF_DOTS, "dots"}, {NF_SLICE3, "slice3"},
        {NF_SENDONLY, "sendonly"}, {NF_RECVONLY, "recvonly"}, {NF_EMBEDDED, "embedded"},
    };   /* NF_PARENS is not shown: the enclosing (PAREN ...) already says it */
    for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++)
        if (flags & fl[i].bit)
            fprintf(out, " %s", fl[i].name);
}

static void ast_dump_node(FILE *out, const Node *n, int depth);

static void ast_dump_list(FILE *out, const NodeList *l, int depth) {
    ast_indent(out, depth);
    fputc('[', out);
    for (int i = 0; i < l->len; i++) {
        if (i > 0)
            ast_indent(out, depth);
        ast_dump_node(out, l->items[i], depth + 1);
    }
    fputc(']', out);
}

static void ast_dump_child(FILE *out, const char *label, const Node *c, int depth) {
    ast_indent(out, depth);
    if (label)
        fprintf(out, "%s=", label);
    if (c)
        ast_dump_node(out, c, depth + 1);
    else
        fputc('_', out);
}

static void ast_dump_head(FILE *out, const Node *n) {
    fprintf(out, "(%s", node_kind_name(n->kind));
    if (n->name)
        fprintf(out, " %s", n->name);
    if (n->op)
        fprintf(out, " %s", token_describe(n->op));
    switch (n->kind) {
    case N_IMPORT:
        fprintf(out, " \"%.*s\"", n->litlen, n->lit ? n->lit : "");
        break;
    case N_FIELD:
        if (n->lit)
            fprintf(out, " tag=%.*s", n->litlen, n->lit);
        break;
    case N_INTLIT: case N_FLOATLIT: case N_IMAGLIT: case N_RUNELIT: case N_STRINGLIT:
        fprintf(out, " %.*s", n->litlen, n->lit ? n->lit : "");
        break;
    default:
        break;
    }
    if (n->kind == N_CONSTSPEC)
        fprintf(out, " iota=%lld", (long long)n->ival);
    ast_dump_flags(out, n->flags & (NF_COMPILER - 1));
}

static void ast_dump_node(FILE *out, const Node *n, int depth) {
    if (!n) {
        fputc('_', out);
        return;
    }
    ast_dump_head(out, n);
    const Node *pos[4] = {n->a, n->b, n->c, n->d};
    int last = -1;
    for (int i = 0; i < 4; i++)
        if (pos[i])
            last = i;
    for (int i = 0; i <= last; i++)
        ast_dump_child(out, NULL, pos[i], depth);
    if (n->init)
        ast_dump_child(out, "init", n->init, depth);
    if (n->cond)
        ast_dump_child(out, "cond", n->cond, depth);
    if (n->post)
        ast_dump_child(out, "post", n->post, depth);
    if (n->body)
        ast_dump_child(out, "body", n->body, depth);
    if (n->els)
        ast_dump_child(out, "els", n->els, depth);
    if (n->list.len || n->list2.len)
        ast_dump_list(out, &n->list, depth);
    if (n->list2.len)
        ast_dump_list(out, &n->list2, depth);
    fputc(')', out);
}

void ast_dump(FILE *out, const Node *n, int indent) {
    for (int i = 0; i < indent; i++)
        fputs("  ", out);
    ast_dump_node(out, n, indent + 1);
    fputc('\n', out);
}
