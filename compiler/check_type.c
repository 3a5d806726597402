/* compiler/check_type.c — type expressions: from `[]*Point`, `struct{...}`, `func(int) error`
 * in the tree to Type values.
 *
 * Named types are created before their underlying type is known (check_decl.c), so a type
 * expression may refer to a named type whose declaration is still in progress: `type List
 * struct{ next *List }` resolves because the pointer only needs the Type object, not its size.
 * A value-embedded cycle (`type T struct{ a [2]T }`) is found by chk_valid_type afterwards.
 *
 * Types that belong to later issues (maps, channels) are reported once here, where they are written, and become t_invalid so nothing cascades.
 */
#include <stdlib.h>
#include <string.h>
#include "compiler/check.h"


static Type *chk_array_type(Checker *c, Node *n) {
    if (n->flags & NF_DOTS) {
        chk_error(c, n->pos, "invalid use of [...] array (outside a composite literal)");
        chk_type(c, n->b);
        return t_invalid;
    }
    if (!n->a) {
        Type *et = chk_type_or_invalid(c, n->b);
        return et == t_invalid ? t_invalid : type_slice_of(et);
    }
    Node *id = chk_unparen(n->a);
    if (id && id->kind == N_IDENT && id->name) {
        /* Go looks a plain name up without evaluating it (no "use" of a variable) */
        Obj *o = scope_lookup(c->scope, id->name);
        if (!o) {
            chk_error(c, id->pos, "undefined array length %s or missing type constraint", id->name);
            chk_type(c, n->b);
            return t_invalid;
        }
        if (o->kind != OBJ_CONST) {
            chk_error(c, id->pos, "invalid array length %s", id->name);
            chk_type(c, n->b);
            return t_invalid;
        }
    }
    OpMode m = chk_expr(c, n->a);
    Type *et = chk_type_or_invalid(c, n->b);
    if (m == OM_INVALID) return t_invalid;
    if (m != OM_CONST || !n->a->cval) {
        chk_error(c, chk_start_pos(n->a), "array length %s (%s) must be constant", chk_expr_str(c, n->a),
                  m == OM_VAR ? "variable of type int" : "value");
        return t_invalid;
    }
    __int128 len;
    if (!type_is_numeric(n->a->type) || !cv_to_int(*n->a->cval, &len) ||
        (!type_is_untyped(n->a->type) && !type_is_integer(n->a->type))) {
        chk_error(c, chk_start_pos(n->a), "array length %s must be integer", chk_operand_str(c, n->a, m));
        return t_invalid;
    }
    if (len < 0 || len > ((__int128)1 << 40)) {
        chk_error(c, chk_start_pos(n->a), "invalid array length %s", chk_operand_str(c, n->a, m));
        return t_invalid;
    }
    if (type_is_untyped(n->a->type)) {
        CvStatus st;
        chk_convert_untyped(c, n->a, m, t_int, &st);
    }
    if (et == t_invalid) return t_invalid;
    return type_array_of(et, (int64_t)len);
}

static const char *chk_embedded_name(Node *t) {
    if (!t) return NULL;
    if (t->kind == N_STAR) t = t->a;
    if (t && t->kind == N_SELECTOR) return t->name;
    if (t && t->kind == N_IDENT) return t->name;
    return NULL;
}

static char *chk_tag_text(Checker *c, const char *lit) {
    if (!lit) return NULL;
    size_t n = strlen(lit);
    if (n >= 2 && (lit[0] == '"' || lit[0] == '`')) return arena_strndup(c->arena, lit + 1, n - 2);
    return arena_strndup(c->arena, lit, n);
}

static Type *chk_struct_type(Checker *c, Node *n) {
    int nf = 0;
    for (int i = 0; i < n->list.len; i++) {
        Node *f = n->list.items[i];
        nf += f->list.len ? f->list.len : 1;
    }
    Type *t = type_new(TY_STRUCT);
    t->fields = types_alloc(sizeof(Field) * (size_t)(nf + 1));
    for (int i = 0; i < n->list.len; i++) {
        Node *f = n->list.items[i];
        Type *ft = chk_type_or_invalid(c, f->a);
        if (f->list.len == 0) {
            const char *name = chk_embedded_name(f->a);
            Type *base = ft;
            if (type_underlying(ft)->kind == TY_POINTER && ft->kind != TY_NAMED) {
                base = ft->elem;
                if (type_underlying(base)->kind == TY_POINTER || type_underlying(base)->kind == TY_INTERFACE) {
                    if (base != t_invalid)
                        chk_error(c, chk_start_pos(f->a), "embedded field type cannot be a pointer to an interface");
                }
            } else if (ft->kind != TY_NAMED && ft != t_invalid && ft->obj == NULL) {
                chk_error(c, chk_start_pos(f->a), "embedded field type must be a type name");
            }
            (void)base;
            Field *fd = &t->fields[t->nfields++];
            fd->name = name ? name : "?";
            fd->type = ft;
            fd->embedded = true;
            fd->tag = chk_tag_text(c, f->lit);
            fd->pos = f->a ? chk_start_pos(f->a) : f->pos;
        } else {
            for (int j = 0; j < f->list.len; j++) {
                Field *fd = &t->fields[t->nfields++];
                fd->name = f->list.items[j]->name;
                fd->type = ft;
                fd->tag = chk_tag_text(c, f->lit);
                fd->pos = f->list.items[j]->pos;
            }
        }
    }
    for (int i = 0; i < t->nfields; i++) {
        if (!t->fields[i].name || strcmp(t->fields[i].name, "_") == 0) continue;
        for (int j = 0; j < i; j++)
            if (t->fields[j].name == t->fields[i].name) {
                chk_error(c, t->fields[i].pos, "%s redeclared\n\t%s:%d:%d: other declaration of %s", t->fields[i].name,
                          c->file->path, t->fields[j].pos.line, t->fields[j].pos.col, t->fields[i].name);
                break;
            }
    }
    return t;
}

/* Parameters or results of a signature; declares named ones in `s` when given. */
static Field *chk_params(Checker *c, NodeList *l, int *count, bool *variadic, bool results, Scope *s) {
    int n = 0;
    for (int i = 0; i < l->len; i++) n += l->items[i]->list.len ? l->items[i]->list.len : 1;
    Field *fs = types_alloc(sizeof(Field) * (size_t)(n + 1));
    int k = 0;
    for (int i = 0; i < l->len; i++) {
        Node *f = l->items[i];
        Node *tn = f->a;
        Type *t;
        if (tn && tn->kind == N_ELLIPSIS) {
            if (results || i != l->len - 1 || f->list.len > 1) {
                chk_error(c, tn->pos, "can only use ... with final parameter in list");
                t = t_invalid;
                chk_type(c, tn->a);
            } else {
                t = type_slice_of(chk_type_or_invalid(c, tn->a));
                if (variadic) *variadic = true;
            }
            tn->type = t;
            tn->flags |= NF_ISTYPE;
        } else {
            t = chk_type_or_invalid(c, tn);
        }
        if (f->list.len == 0) {
            fs[k].type = t;
            fs[k].pos = f->pos;
            k++;
            continue;
        }
        for (int j = 0; j < f->list.len; j++) {
            Node *id = f->list.items[j];
            fs[k].name = id->name;
            fs[k].type = t;
            fs[k].pos = id->pos;
            k++;
            if (s) {
                Obj *o = chk_new_obj(c, OBJ_VAR, id->name, t, id->pos);
                o->vclass = results ? VAR_RESULT : VAR_PARAM;
                o->decl = id;
                o->used = true;
                id->obj = o;
                id->type = t;
                if (id->name && strcmp(id->name, "_") != 0) chk_declare(c, s, o, id->pos);
            }
        }
    }
    *count = k;
    return fs;
}

Type *chk_func_type(Checker *c, Node *ft, Node *recv, Scope *declare_in) {
    Type *t = type_new(TY_FUNC);
    if (!ft) return t;
    (void)recv;
    t->fields = chk_params(c, &ft->list, &t->nfields, &t->variadic, false, declare_in);
    t->results = chk_params(c, &ft->list2, &t->nresults, NULL, true, declare_in);
    ft->type = t;
    ft->flags |= NF_ISTYPE;
    return t;
}

static int chk_method_cmp(const void *a, const void *b) {
    return strcmp(((const Method *)a)->name, ((const Method *)b)->name);
}

extern Type *t_empty_iface;

/* Adds method m to interface t unless it is there: an explicitly declared duplicate is an
 * error, one reached again through embedding is the same method if the signatures are
 * identical (Go 1.14's overlapping interfaces). */
static void chk_iface_add(Checker *c, Type *t, Method m, Node *decl, Pos *declpos, bool embedded) {
    for (int k = 0; k < t->nmethods; k++) {
        if (strcmp(t->methods[k].name, m.name) != 0) continue;
        if (!embedded && decl)
            chk_error(c, decl->pos, "duplicate method %s\n\t%s:%d:%d: other declaration of %s", m.name, c->file->path,
                      declpos[k].line, declpos[k].col, m.name);
        else if (m.sig && t->methods[k].sig && !types_identical(m.sig, t->methods[k].sig))
            chk_error(c, decl ? decl->pos : (Pos){ 0, 0 }, "duplicate method %s", m.name);
        return;
    }
    if (decl) declpos[t->nmethods] = decl->pos;
    t->methods[t->nmethods++] = m;
}

/* interface{ M(); E }: the declared methods and those of the embedded interfaces, sorted by
 * name (the order of every itab of the type, runtime/iface.c). */
static Type *chk_interface_type(Checker *c, Node *n) {
    if (n->list.len == 0) return t_empty_iface;
    int cap = 0;
    for (int i = 0; i < n->list.len; i++) {
        Node *f = n->list.items[i];
        if (f->list.len && f->a && f->a->kind == N_FUNCTYPE) cap++;
        else {
            Type *e = chk_type_or_invalid(c, f->a);
            cap += type_underlying(e)->kind == TY_INTERFACE ? type_underlying(e)->nmethods : 0;
        }
    }
    Type *t = type_new(TY_INTERFACE);
    t->methods = types_alloc(sizeof(Method) * (size_t)(cap + 1));
    Pos *declpos = arena_alloc(c->arena, sizeof(Pos) * (size_t)(cap + 1));
    for (int i = 0; i < n->list.len; i++) {                   /* declared methods first */
        Node *f = n->list.items[i];
        if (!(f->list.len && f->a && f->a->kind == N_FUNCTYPE)) continue;
        Node *name = f->list.items[0];
        Method m = { name->name, chk_func_type(c, f->a, NULL, NULL), NULL, false };
        if (strcmp(m.name, "_") == 0) { chk_error(c, name->pos, "methods must have a unique non-blank name"); continue; }
        chk_iface_add(c, t, m, name, declpos, false);
    }
    for (int i = 0; i < n->list.len; i++) {                   /* then the embedded ones */
        Node *f = n->list.items[i];
        if (f->list.len && f->a && f->a->kind == N_FUNCTYPE) continue;
        Type *e = f->a ? f->a->type : NULL;
        if (!e || e == t_invalid) continue;
        Type *eu = type_underlying(e);
        if (eu->kind != TY_INTERFACE) {
            chk_unsupported(c, chk_start_pos(f->a), "interfaces with type constraints are");
            continue;
        }
        for (int k = 0; k < eu->nmethods; k++) chk_iface_add(c, t, eu->methods[k], f, declpos, true);
    }
    qsort(t->methods, (size_t)t->nmethods, sizeof(Method), chk_method_cmp);
    if (t->nmethods == 0) return t_empty_iface;
    return t;
}

/* map[K]V: K must be comparable (Go checks it once K is complete; a K still being declared,
 * as in `type T struct{ m map[T]int }`, is comparable or not by its fields, known later). */
static Type *chk_map_type(Checker *c, Node *n) {
    Type *k = chk_type(c, n->a);
    Type *v = chk_type(c, n->b);
    if (k == t_invalid || v == t_invalid) return t_invalid;
    Type *ku = type_underlying(k);
    if (ku && ku->kind != TY_INVALID && !type_is_comparable(k)) {
        Pos pos = chk_start_pos(n->a);
        if (n->a->kind == N_FUNCTYPE) pos.col += 4;     /* Go points at a func type's '(' */
        chk_error(c, pos, "invalid map key type %s", chk_type_str(c, k));
        return t_invalid;
    }
    Type *t = type_new(TY_MAP);
    t->key = k;
    t->elem = v;
    return t;
}

Type *chk_type(Checker *c, Node *n) {
    if (!n) return t_invalid;
    Type *t = t_invalid;
    switch (n->kind) {
    case N_IDENT: case N_SELECTOR: case N_PAREN: {
        OpMode m = chk_expr(c, n);
        if (m == OM_INVALID) return t_invalid;
        if (m != OM_TYPE) {
            chk_error(c, chk_start_pos(n), "%s is not a type", chk_operand_str(c, n, m));
            n->type = t_invalid;
            return t_invalid;
        }
        return n->type;
    }
    case N_STAR: {
        Type *e = chk_type(c, n->a);
        t = e == t_invalid ? t_invalid : type_pointer_to(e);
        break;
    }
    case N_ARRAYTYPE: t = chk_array_type(c, n); break;
    case N_STRUCTTYPE: t = chk_struct_type(c, n); break;
    case N_FUNCTYPE: t = chk_func_type(c, n, NULL, NULL); break;
    case N_INTERFACETYPE: t = chk_interface_type(c, n); break;
    case N_MAPTYPE: t = chk_map_type(c, n); break;
    case N_CHANTYPE: {
        Type *e = chk_type(c, n->a);
        if (e == t_invalid) break;
        t = type_new(TY_CHAN);
        t->elem = e;
        t->chandir = (n->flags & NF_SENDONLY) ? 1 : (n->flags & NF_RECVONLY) ? 2 : 0;
        break;
    }
    case N_ELLIPSIS:
        chk_error(c, n->pos, "invalid use of '...'");
        break;
    case N_INDEX:
        chk_unsupported(c, n->pos, "generic types are");
        break;
    default:
        chk_expr(c, n);
        if (n->type != t_invalid)
            chk_error(c, chk_start_pos(n), "%s is not a type", chk_expr_str(c, n));
        break;
    }
    n->type = t;
    if (t != t_invalid) n->flags |= NF_ISTYPE;
    return t;
}

Type *chk_type_or_invalid(Checker *c, Node *n) {
    Type *t = chk_type(c, n);
    return t ? t : t_invalid;
}
