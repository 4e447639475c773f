/*
** parse_expr.c — expressions: every node of an expression tree becomes a
** typed Expr, or is rejected with 0A000 naming what is not supported.
*/
#include "analyze/analyze.h"
#include "adt/adt.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

Expr *an_make_const(Analysis *an, Oid type, int32_t typmod, Datum *v, int location) {
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_CONST;
  e->type = type;
  e->typmod = typmod;
  e->location = location;
  e->u.c.value = *v;
  e->u.c.isnull = v->kind == D_NULL;
  /* Move the value's memory into the arena: the tree dies as one. */
  if (v->p) {
    e->u.c.value.p = arena_strndup(&an->arena, v->p, v->n);
    free(v->p);
    v->p = NULL;
  }
  return e;
}

Expr *an_make_const_text(Analysis *an, const char *s, int location) {
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_CONST;
  e->type = PGM_OID_UNKNOWN;
  e->typmod = -1;
  e->location = location;
  e->u.c.literal = an_strdup(an, s);
  e->u.c.value.kind = D_TEXT;
  e->u.c.value.p = e->u.c.literal;
  e->u.c.value.n = strlen(s);
  return e;
}

Expr *an_make_null(Analysis *an, Oid type) {
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_CONST;
  e->type = type;
  e->typmod = -1;
  e->location = -1;
  e->u.c.isnull = true;
  return e;
}

Expr *an_make_int4(Analysis *an, int32_t v) {
  Datum d = {.kind = D_INT, .i = v};
  return an_make_const(an, PGM_OID_INT4, -1, &d, -1);
}

Expr *an_make_bool(Analysis *an, bool v) {
  Datum d = {.kind = D_INT, .i = v};
  return an_make_const(an, PGM_OID_BOOL, -1, &d, -1);
}

static Expr *const_from_text(Analysis *an, Oid type, const char *s, int location) {
  Datum d;
  pgm_error *err = NULL;
  if (adt_input(an->db, type, -1, s, strlen(s), &d, &err) != 0) {
    err->position = parser_char_position(an->text, location);
    an->err = err;
    longjmp(an->on_error, 1);
  }
  return an_make_const(an, type, -1, &d, location);
}

/* Numeric literals: integers that fit int4 are int4, then int8, else
** numeric; anything with a point or exponent is numeric (make_const). */
static Expr *a_const(ParseState *ps, PgQuery__AConst *c) {
  Analysis *an = ps->an;
  if (c->isnull) {
    Expr *e = an_make_null(an, PGM_OID_UNKNOWN);
    e->location = c->location;
    return e;
  }
  switch (c->val_case) {
  case PG_QUERY__A__CONST__VAL_IVAL: {
    Datum d = {.kind = D_INT, .i = c->ival->ival};
    return an_make_const(an, PGM_OID_INT4, -1, &d, c->location);
  }
  case PG_QUERY__A__CONST__VAL_FVAL: {
    const char *s = c->fval->fval;
    if (!strpbrk(s, ".eE")) {
      errno = 0;
      char *end;
      long long v = strtoll(s, &end, 10);
      if (errno == 0 && *end == 0) {
        /* -2147483648 arrives here (negated FCONST) and is an int4. */
        Datum d = {.kind = D_INT, .i = v};
        return an_make_const(an, v >= INT32_MIN && v <= INT32_MAX ? PGM_OID_INT4 : PGM_OID_INT8, -1, &d, c->location);
      }
    }
    return const_from_text(an, PGM_OID_NUMERIC, s, c->location);
  }
  case PG_QUERY__A__CONST__VAL_BOOLVAL:
    return an_make_bool(an, c->boolval->boolval);
  case PG_QUERY__A__CONST__VAL_SVAL:
    return an_make_const_text(an, c->sval->sval, c->location);
  case PG_QUERY__A__CONST__VAL_BSVAL:
    an_unsupported(an, c->location, "bit-string constants");
  default:
    an_unsupported(an, c->location, "this constant");
  }
}

static Expr *param_ref(ParseState *ps, PgQuery__ParamRef *p) {
  Analysis *an = ps->an;
  if (p->number < 1 || p->number > 65535)
    an_error(an, p->location, ERRCODE_UNDEFINED_PARAMETER, "there is no parameter $%d", p->number);
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_PARAM;
  e->u.param.number = p->number;
  e->type = an_param_type(an, p->number);
  if (!e->type) e->type = PGM_OID_UNKNOWN;
  e->typmod = -1;
  e->location = p->location;
  return e;
}

Expr *an_bool_expr(ParseState *ps, Node *n, const char *context) {
  Expr *e = an_expr(ps, n);
  Expr *b = an_coerce(ps, e, PGM_OID_BOOL, -1, COERCE_IMPLICIT, e->location);
  if (!b)
    an_error(ps->an, e->location, ERRCODE_DATATYPE_MISMATCH, "argument of %s must be type boolean, not type %s",
             context, an_typename(e->type));
  return b;
}

static Expr *make_bool(Analysis *an, BoolOp op, Expr **args, int nargs, int location) {
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_BOOL;
  e->type = PGM_OID_BOOL;
  e->typmod = -1;
  e->location = location;
  e->u.boolexpr.op = op;
  e->u.boolexpr.args = args;
  e->u.boolexpr.nargs = nargs;
  return e;
}

static Expr *make_bool2(Analysis *an, BoolOp op, Expr *a, Expr *b, int location) {
  Expr **args = an_alloc(an, sizeof(Expr *) * 2);
  args[0] = a;
  args[1] = b;
  return make_bool(an, op, args, b ? 2 : 1, location);
}

static Expr *bool_expr(ParseState *ps, PgQuery__BoolExpr *b) {
  Analysis *an = ps->an;
  const char *ctx = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR ? "AND"
                  : b->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? "OR" : "NOT";
  Expr **args = an_alloc(an, sizeof(Expr *) * (b->n_args + 1));
  for (size_t i = 0; i < b->n_args; i++) args[i] = an_bool_expr(ps, b->args[i], ctx);
  BoolOp op = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR ? BOOL_AND
            : b->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? BOOL_OR : BOOL_NOT;
  return make_bool(an, op, args, (int)b->n_args, b->location);
}

static const char *op_name(Analysis *an, PgQuery__AExpr *a) {
  const char *name = NULL;
  for (size_t i = 0; i < a->n_name; i++) {
    name = a->name[i]->string->sval;
    if (i + 1 < a->n_name && strcmp(name, "pg_catalog"))
      an_error(an, a->location, ERRCODE_UNDEFINED_SCHEMA, "schema \"%s\" does not exist", name);
  }
  return name;
}

/* IS [NOT] DISTINCT FROM, NULLIF: both rest on the type's "=" operator. */
static Expr *make_distinct(ParseState *ps, Expr *l, Expr *r, bool isnot, int location) {
  Expr *e = an_alloc(ps->an, sizeof *e);
  e->kind = EXPR_DISTINCT;
  e->type = PGM_OID_BOOL;
  e->typmod = -1;
  e->location = location;
  e->u.distinct.eq = an_make_op(ps, "=", l, r, location);
  e->u.distinct.isnot = isnot;
  return e;
}

static Expr *make_nullif(ParseState *ps, Expr *l, Expr *r, int location) {
  Expr *e = an_alloc(ps->an, sizeof *e);
  e->kind = EXPR_NULLIF;
  e->u.nullif.eq = an_make_op(ps, "=", l, r, location);
  Expr *eq = e->u.nullif.eq;
  Expr *left = eq->kind == EXPR_NATIVE ? eq->u.native.l : eq->u.func.args[0];
  e->type = left->type;
  e->typmod = left->typmod;
  e->location = location;
  return e;
}

/* x IN (a, b, c): one native comparison for all items becomes SQLite's IN
** (same NULL semantics), anything else an OR of comparisons. */
static Expr *in_list(ParseState *ps, PgQuery__AExpr *a, bool isnot) {
  Analysis *an = ps->an;
  Expr *l = an_expr(ps, a->lexpr);
  PgQuery__List *list = a->rexpr->list;
  int n = (int)list->n_items;
  Expr **items = an_alloc(an, sizeof(Expr *) * (size_t)(n + 1));
  Expr **cmps = an_alloc(an, sizeof(Expr *) * (size_t)(n + 1));
  bool native = true;
  for (int i = 0; i < n; i++) {
    items[i] = an_expr(ps, list->items[i]);
    cmps[i] = an_make_op(ps, isnot ? "<>" : "=", l, items[i], a->location);
    if (cmps[i]->kind != EXPR_NATIVE || cmps[i]->u.native.l->type != cmps[0]->u.native.l->type ||
        cmps[i]->u.native.l != l)
      native = false;
  }
  if (native) {
    Expr *e = an_alloc(an, sizeof *e);
    e->kind = EXPR_INLIST;
    e->type = PGM_OID_BOOL;
    e->typmod = -1;
    e->location = a->location;
    e->u.inlist.arg = l;
    e->u.inlist.items = an_alloc(an, sizeof(Expr *) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) e->u.inlist.items[i] = cmps[i]->u.native.r;
    e->u.inlist.nitems = n;
    e->u.inlist.isnot = isnot;
    return e;
  }
  return make_bool(an, isnot ? BOOL_AND : BOOL_OR, cmps, n, a->location);
}

static Expr *between(ParseState *ps, PgQuery__AExpr *a) {
  Analysis *an = ps->an;
  PgQuery__List *list = a->rexpr->list;
  Expr *x = an_expr(ps, a->lexpr);
  Expr *lo = an_expr(ps, list->items[0]);
  Expr *hi = an_expr(ps, list->items[1]);
  int loc = a->location;
  switch (a->kind) {
  case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
    return make_bool2(an, BOOL_AND, an_make_op(ps, ">=", x, lo, loc), an_make_op(ps, "<=", x, hi, loc), loc);
  case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
    return make_bool2(an, BOOL_OR, an_make_op(ps, "<", x, lo, loc), an_make_op(ps, ">", x, hi, loc), loc);
  case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
    return make_bool2(an, BOOL_OR,
        make_bool2(an, BOOL_AND, an_make_op(ps, ">=", x, lo, loc), an_make_op(ps, "<=", x, hi, loc), loc),
        make_bool2(an, BOOL_AND, an_make_op(ps, ">=", x, hi, loc), an_make_op(ps, "<=", x, lo, loc), loc), loc);
  default:
    return make_bool2(an, BOOL_AND,
        make_bool2(an, BOOL_OR, an_make_op(ps, "<", x, lo, loc), an_make_op(ps, ">", x, hi, loc), loc),
        make_bool2(an, BOOL_OR, an_make_op(ps, "<", x, hi, loc), an_make_op(ps, ">", x, lo, loc), loc), loc);
  }
}

/* Row comparison, element by element (PostgreSQL's rule): = is every pair
** equal, <> any pair unequal; <, <=, >, >= compare lexicographically: the
** first unequal pair decides, a NULL pair before that makes the result NULL,
** which is exactly what (l1 < r1) OR (l1 = r1 AND rest) computes. */
Expr *an_row_compare(ParseState *ps, const char *op, Expr **l, Expr **r, int n, int location) {
  Analysis *an = ps->an;
  if (n == 0) an_error(an, location, ERRCODE_SYNTAX_ERROR, "cannot compare rows of zero length");
  if (!strcmp(op, "=") || !strcmp(op, "<>")) {
    Expr **cmps = an_alloc(an, sizeof(Expr *) * (size_t)n);
    for (int i = 0; i < n; i++) cmps[i] = an_make_op(ps, op, l[i], r[i], location);
    return n == 1 ? cmps[0] : make_bool(an, !strcmp(op, "=") ? BOOL_AND : BOOL_OR, cmps, n, location);
  }
  const char *strict = op[0] == '<' ? "<" : op[0] == '>' ? ">" : NULL;
  if (!strict || (op[1] && op[1] != '=')) an_unsupported(an, location, "this row comparison operator");
  Expr *acc = an_make_op(ps, op, l[n - 1], r[n - 1], location);
  for (int i = n - 2; i >= 0; i--) {
    Expr *eq = an_make_op(ps, "=", l[i], r[i], location);
    Expr *lt = an_make_op(ps, strict, l[i], r[i], location);
    acc = make_bool2(an, BOOL_OR, lt, make_bool2(an, BOOL_AND, eq, acc, location), location);
  }
  return acc;
}

static Expr **row_items(ParseState *ps, Node *n, int *count) {
  PgQuery__RowExpr *row = n->row_expr;
  Expr **items = an_alloc(ps->an, sizeof(Expr *) * (row->n_args + 1));
  for (size_t i = 0; i < row->n_args; i++) items[i] = an_expr(ps, row->args[i]);
  *count = (int)row->n_args;
  return items;
}

static bool is_row(Node *n) { return n && n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR; }

static Expr *array_any_all(ParseState *ps, PgQuery__AExpr *a, const char *op, bool any);

static Expr *a_expr(ParseState *ps, PgQuery__AExpr *a) {
  Analysis *an = ps->an;
  const char *name = op_name(an, a);
  switch (a->kind) {
  case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
    if (is_row(a->lexpr) && is_row(a->rexpr)) {
      int nl, nr;
      Expr **l = row_items(ps, a->lexpr, &nl), **r = row_items(ps, a->rexpr, &nr);
      if (nl != nr) an_error(an, a->location, ERRCODE_SYNTAX_ERROR, "unequal number of entries in row expressions");
      return an_row_compare(ps, name, l, r, nl, a->location);
    }
    if (is_row(a->lexpr) && a->rexpr->node_case == PG_QUERY__NODE__NODE_SUB_LINK &&
        a->rexpr->sub_link->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK) {
      /* (a, b) = (SELECT x, y ...): a row comparison with a subquery. */
      PgQuery__SubLink sl = *a->rexpr->sub_link;
      sl.sub_link_type = PG_QUERY__SUB_LINK_TYPE__ROWCOMPARE_SUBLINK;
      sl.testexpr = a->lexpr;
      sl.n_oper_name = a->n_name;
      sl.oper_name = a->name;
      sl.location = a->location;
      return an_sublink(ps, &sl);
    }
    /* fallthrough */
    __attribute__((fallthrough));
  case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
  case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
  case PG_QUERY__A__EXPR__KIND__AEXPR_SIMILAR: {
    /* SIMILAR TO arrives as "~" / "!~" with rexpr similar_to_escape(pattern) */
    Expr *l = a->lexpr ? an_expr(ps, a->lexpr) : NULL;
    Expr *r = an_expr(ps, a->rexpr);
    return an_make_op(ps, name, l, r, a->location);
  }
  case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
  case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
    return make_distinct(ps, an_expr(ps, a->lexpr), an_expr(ps, a->rexpr),
                         a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT, a->location);
  case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF:
    return make_nullif(ps, an_expr(ps, a->lexpr), an_expr(ps, a->rexpr), a->location);
  case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
    return in_list(ps, a, !strcmp(name, "<>"));
  case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
  case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
  case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
  case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
    return between(ps, a);
  case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
  case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL:
    return array_any_all(ps, a, name, a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY);
  default:
    an_unsupported(an, a->location, "this operator form");
  }
}

static Expr *null_test(ParseState *ps, PgQuery__NullTest *t) {
  if (t->argisrow) an_unsupported(ps->an, t->location, "row IS NULL");
  Expr *e = an_alloc(ps->an, sizeof *e);
  e->kind = EXPR_NULLTEST;
  e->type = PGM_OID_BOOL;
  e->typmod = -1;
  e->location = t->location;
  e->u.nulltest.arg = an_resolve_unknown(ps, an_expr(ps, (Node *)t->arg));
  e->u.nulltest.isnot = t->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NOT_NULL;
  return e;
}

static Expr *boolean_test(ParseState *ps, PgQuery__BooleanTest *t) {
  static const char *const names[] = {"IS TRUE", "IS NOT TRUE", "IS FALSE", "IS NOT FALSE",
                                      "IS UNKNOWN", "IS NOT UNKNOWN"};
  int which = (int)t->booltesttype - 1;  /* protobuf enums start at 1 */
  if (which < 0 || which > 5) an_unsupported(ps->an, t->location, "this boolean test");
  Expr *e = an_alloc(ps->an, sizeof *e);
  e->kind = EXPR_BOOLTEST;
  e->type = PGM_OID_BOOL;
  e->typmod = -1;
  e->location = t->location;
  e->u.booltest.arg = an_bool_expr(ps, (Node *)t->arg, names[which]);
  e->u.booltest.test = which;
  return e;
}

/* ---- arrays (one-dimensional; adt/arrayfuncs.c) ---- */

static Expr *make_call(Analysis *an, const char *sqlname, Oid type, Expr **args, int nargs, int location) {
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_FUNC;
  e->type = type;
  e->typmod = -1;
  e->location = location;
  e->u.func.sqlname = sqlname;
  e->u.func.args = args;
  e->u.func.nargs = nargs;
  return e;
}

static Oid array_type_of(Analysis *an, Oid elem, int location) {
  const PgType *t = pgm_type_by_oid(elem);
  if (an_type_category(elem) == 'A') an_unsupported(an, location, "multidimensional arrays");
  if (!t || !t->array || !adt_type_supported(t->array))
    an_error(an, location, ERRCODE_FEATURE_NOT_SUPPORTED, "arrays of type %s are not supported by pgmicro", an_typename(elem));
  return t->array;
}

/* ARRAY[a, b, ...]: the elements' common type (or the cast's element type,
** hint), each element coerced; pgm_array_build(elem, a, b, ...). */
static Expr *array_expr(ParseState *ps, PgQuery__AArrayExpr *ae, Oid hint) {
  Analysis *an = ps->an;
  int n = (int)ae->n_elements;
  Expr **args = an_alloc(an, sizeof(Expr *) * (size_t)(n + 2));
  for (int i = 0; i < n; i++) {
    if (ae->elements[i]->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
      an_unsupported(an, ae->location, "multidimensional arrays");
    args[i + 1] = an_expr(ps, ae->elements[i]);
  }
  Oid elem = hint;
  if (!elem) {
    if (n == 0)
      an_error(an, ae->location, ERRCODE_INDETERMINATE_DATATYPE, "cannot determine type of empty array");
    elem = an_common_type(ps, args + 1, n, "ARRAY");
  }
  Oid type = array_type_of(an, elem, ae->location);
  for (int i = 1; i <= n; i++)
    args[i] = an_coerce_or_error(ps, args[i], elem, -1, hint ? COERCE_EXPLICIT : COERCE_IMPLICIT, args[i]->location);
  args[0] = an_make_int4(an, (int32_t)elem);
  return make_call(an, "pgm_array_build", type, args, n + 1, ae->location);
}

/* One subscript, coerced to int4 as PostgreSQL does. */
static Expr *subscript(ParseState *ps, Node *n) {
  Expr *e = an_expr(ps, n);
  Expr *r = an_coerce(ps, e, PGM_OID_INT4, -1, COERCE_IMPLICIT, e->location);
  if (!r) an_error(ps->an, e->location, ERRCODE_DATATYPE_MISMATCH, "array subscript must have type integer");
  return r;
}

/* a[i] and a[lo:hi]; a[i][j] and field selection are refused. */
static Expr *indirection(ParseState *ps, PgQuery__AIndirection *ind) {
  Analysis *an = ps->an;
  Expr *arr = an_expr(ps, ind->arg);
  for (size_t k = 0; k < ind->n_indirection; k++) {
    Node *n = ind->indirection[k];
    if (n->node_case != PG_QUERY__NODE__NODE_A_INDICES) an_unsupported(an, -1, "field selection");
    Oid elem = pgm_type_by_oid(arr->type) ? pgm_type_by_oid(arr->type)->elem : 0;
    if (an_type_category(arr->type) != 'A' || !elem)
      an_error(an, -1, ERRCODE_DATATYPE_MISMATCH, "cannot subscript type %s because it does not support subscripting",
               an_typename(arr->type));
    PgQuery__AIndices *ix = n->a_indices;
    Expr **args = an_alloc(an, sizeof(Expr *) * 4);
    args[0] = arr;
    if (!ix->is_slice) {
      if (k + 1 < ind->n_indirection) an_unsupported(an, -1, "multidimensional arrays");
      args[1] = subscript(ps, ix->uidx);
      args[2] = an_make_int4(an, (int32_t)elem);
      arr = make_call(an, "pgm_array_subscript", elem, args, 3, -1);
      continue;
    }
    args[1] = ix->lidx ? subscript(ps, ix->lidx) : an_make_int4(an, INT32_MIN);
    args[2] = ix->uidx ? subscript(ps, ix->uidx) : an_make_int4(an, INT32_MAX);
    args[3] = an_make_int4(an, (int32_t)elem);
    Oid type = arr->type;
    arr = make_call(an, "pgm_array_slice", type, args, 4, -1);
  }
  return arr;
}

/* x op ANY(array) / x op ALL(array): a sublink over the table-valued
** pgm_unnest, whose three-valued EXISTS form is PostgreSQL's rule (true if
** some comparison is true, else NULL if some is NULL, else false; ALL the
** dual).  A NULL array unnests to one NULL row, making the result NULL. */
static Expr *array_any_all(ParseState *ps, PgQuery__AExpr *a, const char *op, bool any) {
  Analysis *an = ps->an;
  if (a->rexpr->node_case == PG_QUERY__NODE__NODE_SUB_LINK) an_unsupported(an, a->location, "ANY/ALL over this subquery form");
  ParseState *sub = an_new_pstate(an, ps);
  Expr *arr = an_expr(sub, a->rexpr);    /* analysed one level down: it sits in the subquery's FROM */
  Expr *l = an_resolve_unknown(ps, an_expr(ps, a->lexpr));
  /* An unknown literal or parameter on the right is an array of the left's type. */
  if (arr->type == PGM_OID_UNKNOWN)
    arr = an_coerce_or_error(sub, arr, array_type_of(an, l->type, a->location), -1, COERCE_IMPLICIT, a->location);
  const PgType *t = pgm_type_by_oid(arr->type);
  if (an_type_category(arr->type) != 'A' || !t || !t->elem)
    an_error(an, a->location, ERRCODE_WRONG_OBJECT_TYPE, "op ANY/ALL (array) requires array on right side");
  RangeTblEntry *rte = an_alloc(an, sizeof *rte);
  rte->kind = RTE_FUNCTION;
  rte->funcname = "pgm_unnest";
  rte->funcargs = an_alloc(an, sizeof(Expr *) * 3);
  rte->funcargs[0] = arr;
  rte->funcargs[1] = an_make_int4(an, (int32_t)t->elem);
  rte->funcargs[2] = an_make_int4(an, 1);
  rte->nfuncargs = 3;
  rte->ncols = 1;
  rte->colnames = an_alloc(an, sizeof(char *));
  rte->colnames[0] = "unnest";
  rte->coltypes = an_alloc(an, sizeof(Oid));
  rte->coltypes[0] = t->elem;
  rte->coltypmods = an_alloc(an, sizeof(int32_t));
  rte->coltypmods[0] = -1;
  int idx = an_add_rte(sub, rte);
  Query *q = sub->q;
  q->cmd = CMD_SELECT;
  q->from = an_alloc(an, sizeof(FromItem *));
  q->from[0] = an_alloc(an, sizeof(FromItem));
  q->from[0]->rte = idx;
  q->nfrom = 1;
  q->targets = an_alloc(an, sizeof(TargetEntry));
  q->targets[0].expr = an_make_var(sub, idx, 0, 0);
  q->targets[0].name = "unnest";
  q->ntargets = 1;
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_SUBLINK;
  e->type = PGM_OID_BOOL;
  e->typmod = -1;
  e->location = a->location;
  e->u.sublink.kind = any ? SUBLINK_ANY : SUBLINK_ALL;
  e->u.sublink.subquery = q;
  e->u.sublink.alias = arena_printf(&an->arena, "s%d", ++an->next_alias);
  Expr *col = an_alloc(an, sizeof *col);
  col->kind = EXPR_SQLREF;
  col->type = t->elem;
  col->typmod = -1;
  col->location = -1;
  col->u.sqlref.sql = arena_printf(&an->arena, "%s.c1", e->u.sublink.alias);
  Expr *cmp = an_make_op(ps, op, l, col, a->location);
  if (cmp->type != PGM_OID_BOOL)
    an_error(an, a->location, ERRCODE_WRONG_OBJECT_TYPE, "op ANY/ALL (array) requires operator to yield boolean");
  e->u.sublink.cmp = cmp;
  e->u.sublink.testexpr = cmp->kind == EXPR_NATIVE ? cmp->u.native.l : cmp->u.func.args[0];
  return e;
}

static Expr *type_cast(ParseState *ps, PgQuery__TypeCast *tc) {
  int32_t typmod;
  Oid type = an_resolve_typename(ps->an, tc->type_name, &typmod);
  /* ARRAY[...]::t[]: the cast gives the elements their type (ARRAY[]::int[] too). */
  if (tc->arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR && an_type_category(type) == 'A' &&
      pgm_type_by_oid(type)->elem)
    return an_coerce_or_error(ps, array_expr(ps, tc->arg->a_array_expr, pgm_type_by_oid(type)->elem), type,
                              typmod, COERCE_EXPLICIT, tc->location);
  Expr *arg = an_expr(ps, tc->arg);
  int loc = tc->location;
  return an_coerce_or_error(ps, arg, type, typmod, COERCE_EXPLICIT, loc);
}

static Expr *case_expr(ParseState *ps, PgQuery__CaseExpr *c) {
  Analysis *an = ps->an;
  const char *save_block = ps->srf_block;
  ps->srf_block = "set-returning functions are not allowed in CASE";
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_CASE;
  e->location = c->location;
  e->typmod = -1;
  int n = (int)c->n_args;
  Expr *arg = c->arg ? an_expr(ps, (Node *)c->arg) : NULL;
  Expr **results = an_alloc(an, sizeof(Expr *) * (size_t)(n + 2));
  e->u.caseexpr.whens = an_alloc(an, sizeof(Expr *) * (size_t)(n + 1));
  e->u.caseexpr.thens = an_alloc(an, sizeof(Expr *) * (size_t)(n + 1));
  e->u.caseexpr.nwhen = n;
  for (int i = 0; i < n; i++) {
    PgQuery__CaseWhen *w = c->args[i]->case_when;
    if (arg) e->u.caseexpr.whens[i] = an_make_op(ps, "=", arg, an_expr(ps, (Node *)w->expr), w->location);
    else e->u.caseexpr.whens[i] = an_bool_expr(ps, (Node *)w->expr, "CASE/WHEN");
    results[i] = an_expr(ps, (Node *)w->result);
  }
  results[n] = c->defresult ? an_expr(ps, (Node *)c->defresult) : an_make_null(an, PGM_OID_UNKNOWN);
  /* PostgreSQL resolves the type with the ELSE result first. */
  Expr **order = an_alloc(an, sizeof(Expr *) * (size_t)(n + 2));
  order[0] = results[n];
  for (int i = 0; i < n; i++) order[i + 1] = results[i];
  e->type = an_common_type(ps, order, n + 1, "CASE");
  for (int i = 0; i <= n; i++)
    results[i] = an_coerce_or_error(ps, results[i], e->type, -1, COERCE_IMPLICIT, results[i]->location);
  for (int i = 0; i < n; i++) e->u.caseexpr.thens[i] = results[i];
  e->u.caseexpr.elseexpr = results[n];
  ps->srf_block = save_block;
  return e;
}

static Expr **expr_list(ParseState *ps, Node **items, size_t n) {
  Expr **out = an_alloc(ps->an, sizeof(Expr *) * (n + 1));
  for (size_t i = 0; i < n; i++) out[i] = an_expr(ps, items[i]);
  return out;
}

static Expr *coalesce_expr(ParseState *ps, PgQuery__CoalesceExpr *c) {
  Expr *e = an_alloc(ps->an, sizeof *e);
  e->kind = EXPR_COALESCE;
  e->location = c->location;
  e->typmod = -1;
  const char *save_block = ps->srf_block;
  ps->srf_block = "set-returning functions are not allowed in COALESCE";
  Expr **args = expr_list(ps, c->args, c->n_args);
  ps->srf_block = save_block;
  e->type = an_common_type(ps, args, (int)c->n_args, "COALESCE");
  for (size_t i = 0; i < c->n_args; i++)
    args[i] = an_coerce_or_error(ps, args[i], e->type, -1, COERCE_IMPLICIT, args[i]->location);
  e->u.list.args = args;
  e->u.list.nargs = (int)c->n_args;
  return e;
}

/* GREATEST/LEAST ignore NULLs, which is what the max/min aggregates do. */
static Expr *minmax_expr(ParseState *ps, PgQuery__MinMaxExpr *m) {
  Analysis *an = ps->an;
  bool greatest = m->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST;
  Expr **args = expr_list(ps, m->args, m->n_args);
  Oid type = an_common_type(ps, args, (int)m->n_args, greatest ? "GREATEST" : "LEAST");
  for (size_t i = 0; i < m->n_args; i++)
    args[i] = an_coerce_or_error(ps, args[i], type, -1, COERCE_IMPLICIT, args[i]->location);
  int nprocs;
  const PgProc *const *procs = pgm_procs_by_name(greatest ? "max" : "min", &nprocs);
  bool amb;
  const PgProc *agg = an_select_proc(procs, nprocs, &type, 1, &amb);
  const char *aggname = NULL;
  static const Oid native[] = {2115, 2116, 2117, 2120, 2122, 2126, 2127, 2129,
                               2131, 2132, 2133, 2136, 2138, 2142, 2143, 2145};
  for (size_t i = 0; agg && i < sizeof native / sizeof native[0]; i++)
    if (agg->oid == native[i]) aggname = greatest ? "max" : "min";
  if (agg && !aggname) { const AdtAgg *a = adt_lookup_agg(agg->oid); if (a) aggname = a->sqlname; }
  if (!aggname) an_unsupported(an, m->location, "GREATEST/LEAST for this type");
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_MINMAX;
  e->type = type;
  e->typmod = -1;
  e->location = m->location;
  e->u.minmax.args = args;
  e->u.minmax.nargs = (int)m->n_args;
  e->u.minmax.aggname = aggname;
  return e;
}

/* The session's fixed names: an embedded database has one role, "postgres",
** one database and the public schema. */
static Expr *name_const(ParseState *ps, const char *v, int location) {
  Datum d = {.kind = D_TEXT, .p = pgm_strdup(v), .n = strlen(v)};
  return an_make_const(ps->an, PGM_OID_NAME, -1, &d, location);
}

/* CURRENT_DATE, CURRENT_TIMESTAMP, ...: calls of the functions they mean. */
static Expr *sql_value_function(ParseState *ps, PgQuery__SQLValueFunction *f) {
  Oid cast = 0;
  int32_t typmod = -1;
  switch (f->op) {
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP: break;
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N: cast = PGM_OID_TIMESTAMPTZ; typmod = f->typmod; break;
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE: cast = PGM_OID_DATE; break;
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP: cast = PGM_OID_TIMESTAMP; break;
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N: cast = PGM_OID_TIMESTAMP; typmod = f->typmod; break;
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME: cast = PGM_OID_TIME; break;
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N: cast = PGM_OID_TIME; typmod = f->typmod; break;
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE:
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER:
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER:
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER:
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG:
    return name_const(ps, "postgres", f->location);
  case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA:
    return name_const(ps, "public", f->location);
  default: an_unsupported(ps->an, f->location, "CURRENT_TIME (time with time zone)");
  }
  int n;
  const PgProc *const *procs = pgm_procs_by_name("now", &n);
  Expr *e = an_make_func(ps, procs[0], NULL, 0, f->location);
  if (cast) e = an_coerce_or_error(ps, e, cast, typmod, COERCE_EXPLICIT, f->location);
  return e;
}

/* Text compares byte-wise here, which is PostgreSQL's "C" collation: COLLATE
** "C" / "POSIX" / "default" change nothing; any other collation is refused. */
static Expr *collate_clause(ParseState *ps, PgQuery__CollateClause *c) {
  const char *name = c->n_collname ? c->collname[c->n_collname - 1]->string->sval : "";
  if (strcmp(name, "C") && strcmp(name, "POSIX") && strcmp(name, "default") && strcmp(name, "ucs_basic"))
    an_unsupported(ps->an, c->location, "collations other than \"C\"");
  Expr *e = an_expr(ps, c->arg);
  if (an_type_category(e->type) != 'S' && e->type != PGM_OID_UNKNOWN)
    an_error(ps->an, c->location, ERRCODE_DATATYPE_MISMATCH, "collations are not supported by type %s", an_typename(e->type));
  return an_resolve_unknown(ps, e);
}

static Expr *expr_node(ParseState *ps, Node *n) {
  Analysis *an = ps->an;
  switch (n->node_case) {
  case PG_QUERY__NODE__NODE_COLUMN_REF: return an_column_ref(ps, n->column_ref);
  case PG_QUERY__NODE__NODE_A_CONST: return a_const(ps, n->a_const);
  case PG_QUERY__NODE__NODE_PARAM_REF: return param_ref(ps, n->param_ref);
  case PG_QUERY__NODE__NODE_A_EXPR: return a_expr(ps, n->a_expr);
  case PG_QUERY__NODE__NODE_BOOL_EXPR: return bool_expr(ps, n->bool_expr);
  case PG_QUERY__NODE__NODE_NULL_TEST: return null_test(ps, n->null_test);
  case PG_QUERY__NODE__NODE_BOOLEAN_TEST: return boolean_test(ps, n->boolean_test);
  case PG_QUERY__NODE__NODE_FUNC_CALL: return an_func_call(ps, n->func_call);
  case PG_QUERY__NODE__NODE_TYPE_CAST: return type_cast(ps, n->type_cast);
  case PG_QUERY__NODE__NODE_CASE_EXPR: return case_expr(ps, n->case_expr);
  case PG_QUERY__NODE__NODE_COALESCE_EXPR: return coalesce_expr(ps, n->coalesce_expr);
  case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: return minmax_expr(ps, n->min_max_expr);
  case PG_QUERY__NODE__NODE_SUB_LINK: return an_sublink(ps, n->sub_link);
  case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION: return sql_value_function(ps, n->sqlvalue_function);
  case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: return array_expr(ps, n->a_array_expr, 0);
  case PG_QUERY__NODE__NODE_ROW_EXPR: an_unsupported(an, n->row_expr->location, "row constructors");
  case PG_QUERY__NODE__NODE_COLLATE_CLAUSE: return collate_clause(ps, n->collate_clause);
  case PG_QUERY__NODE__NODE_A_INDIRECTION: return indirection(ps, n->a_indirection);
  case PG_QUERY__NODE__NODE_GROUPING_FUNC: return an_grouping_func(ps, n->grouping_func);
  case PG_QUERY__NODE__NODE_SET_TO_DEFAULT: an_error(an, n->set_to_default->location, ERRCODE_SYNTAX_ERROR, "DEFAULT is not allowed in this context");
  default: {
    pgm_error *e = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "expression %s is not supported by pgmicro",
                                 parser_node_name(n));
    an->err = e;
    longjmp(an->on_error, 1);
  }
  }
}

Expr *an_expr(ParseState *ps, Node *n) {
  int nsrfs = ps->q->nsrfs;
  Expr *e = expr_node(ps, n);
  /* x IN (SELECT ...), x = ANY(array) with a set-returning x: the compared
  ** value would have to reach into the subquery from the expanded rows. */
  if (ps->q->nsrfs > nsrfs && e->kind == EXPR_SUBLINK)
    an_unsupported(ps->an, e->location, "set-returning functions compared with a subquery or array");
  return e;
}
