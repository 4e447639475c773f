/*
** analyze.c — top level of parse analysis: error reporting, parameters,
** SELECT (plain, VALUES, set operations, WITH) and sublinks.
*/
#include "analyze/analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void an_error(Analysis *an, int location, const char *sqlstate, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  pgm_error *e = pgm_error_newv(sqlstate, fmt, ap);
  va_end(ap);
  e->position = parser_char_position(an->text, location);
  an->err = e;
  longjmp(an->on_error, 1);
}

void an_unsupported(Analysis *an, int location, const char *feature) {
  an_error(an, location, ERRCODE_FEATURE_NOT_SUPPORTED, "%s is not supported by pgmicro yet", feature);
}

void *an_alloc(Analysis *an, size_t n) { return arena_alloc(&an->arena, n); }
char *an_strdup(Analysis *an, const char *s) { return arena_strdup(&an->arena, s); }

const char *an_typename(Oid type) {
  if (type == PGM_OID_UNKNOWN) return "unknown";
  const PgType *t = pgm_type_by_oid(type);
  return t ? t->format_name : "???";
}

Oid an_param_type(Analysis *an, int n) { return n <= an->nparams ? an->paramtypes[n - 1] : 0; }

void an_set_param_type(Analysis *an, int n, Oid t) {
  if (n > an->capparams) {
    int cap = n + 8;
    an->paramtypes = arena_grow(&an->arena, an->paramtypes, (size_t)an->capparams, (size_t)cap, sizeof(Oid));
    an->capparams = cap;
  }
  if (n > an->nparams) an->nparams = n;
  if (!an->paramtypes[n - 1] || an->paramtypes[n - 1] == PGM_OID_UNKNOWN) an->paramtypes[n - 1] = t;
}

ParseState *an_new_pstate(Analysis *an, ParseState *parent) {
  ParseState *ps = an_alloc(an, sizeof *ps);
  ps->an = an;
  ps->parent = parent;
  ps->q = an_alloc(an, sizeof(Query));
  ps->q->result_rte = -1;
  ps->aggs_allowed = true;
  ps->windows_allowed = true;
  ps->excluded_rte = -1;
  if (parent) { ps->ctes = parent->ctes; ps->nctes = parent->nctes; }
  return ps;
}

/* ---- WITH ---- */

void an_with_clause(ParseState *ps, PgQuery__WithClause *with) {
  Analysis *an = ps->an;
  if (!with) return;
  Query *q = ps->q;
  q->recursive = with->recursive;
  q->ctes = an_alloc(an, sizeof(CteDef) * (with->n_ctes + 1));
  /* Our own list, so CTEs see the earlier ones (and, if recursive, themselves). */
  CteDef *visible = an_alloc(an, sizeof(CteDef) * (size_t)(ps->nctes + (int)with->n_ctes + 1));
  if (ps->nctes) memcpy(visible, ps->ctes, sizeof(CteDef) * (size_t)ps->nctes);
  ps->ctes = visible;
  for (size_t i = 0; i < with->n_ctes; i++) {
    PgQuery__CommonTableExpr *c = with->ctes[i]->common_table_expr;
    if (c->ctequery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
      an_unsupported(an, c->location, "data-modifying statements in WITH");
    if (c->search_clause || c->cycle_clause) an_unsupported(an, c->location, "SEARCH and CYCLE clauses");
    CteDef *d = &q->ctes[q->nctes];
    d->name = an_strdup(an, c->ctename);
    d->sqlname = arena_printf(&an->arena, "cte%d", ++an->next_alias);
    d->ncols = (int)c->n_aliascolnames;
    d->colnames = an_alloc(an, sizeof(char *) * (c->n_aliascolnames + 1));
    for (size_t k = 0; k < c->n_aliascolnames; k++) d->colnames[k] = an_strdup(an, c->aliascolnames[k]->string->sval);
    PgQuery__SelectStmt *sel = c->ctequery->select_stmt;
    ps->cte_active = true;
    ps->cte_correlated = false;
    if (with->recursive && sel->op == PG_QUERY__SET_OPERATION__SETOP_UNION) {
      /* PostgreSQL's checkWellFormedRecursion: SQLite would accept these and
      ** (with ORDER BY) recurse forever or (LIMIT) answer differently. */
      if (sel->n_sort_clause) an_unsupported(an, c->location, "ORDER BY in a recursive query");
      if (sel->limit_offset) an_unsupported(an, c->location, "OFFSET in a recursive query");
      if (sel->limit_count) an_unsupported(an, c->location, "LIMIT in a recursive query");
      an_check_recursive_term(an, d->name, sel->rarg);
      /* The non-recursive term fixes the column types; then the whole
      ** query is analysed with the CTE visible. */
      ParseState *sub = an_new_pstate(an, ps);
      d->query = an_select(sub, sel->larg, false);
      d->recursive = true;
      ps->ctes[ps->nctes++] = *d;
      Query *first = d->query;
      ParseState *full = an_new_pstate(an, ps);
      Query *whole = an_select(full, sel, false);
      if (whole->rarg && whole->rarg->has_aggs)
        an_error(an, c->location, "42P19", "aggregate functions are not allowed in a recursive query's recursive term");
      /* The recursive term may not change a column's type (PostgreSQL
      ** refuses rather than widening the results silently). */
      for (int k = 0; k < whole->ntargets && k < first->ntargets; k++)
        if (whole->targets[k].expr->type != first->targets[k].expr->type) {
          pgm_error *e = pgm_error_new(ERRCODE_DATATYPE_MISMATCH,
              "recursive query \"%s\" column %d has type %s in non-recursive term but type %s overall",
              d->name, k + 1, an_typename(first->targets[k].expr->type), an_typename(whole->targets[k].expr->type));
          pgm_error_set_hint(e, "Cast the output of the non-recursive term to the correct type.");
          e->position = parser_char_position(an->text, first->targets[k].expr->location);
          an->err = e;
          longjmp(an->on_error, 1);
        }
      d->query = whole;
      d->correlated = ps->cte_correlated;
      ps->ctes[ps->nctes - 1] = *d;
    } else {
      ParseState *sub = an_new_pstate(an, ps);
      d->query = an_select(sub, sel, false);
      d->correlated = ps->cte_correlated;
      ps->ctes[ps->nctes++] = *d;
    }
    ps->cte_active = false;
    int ncols = 0;
    for (int t = 0; t < d->query->ntargets; t++) if (!d->query->targets[t].junk) ncols++;
    if (d->ncols > ncols)
      an_error(an, c->location, ERRCODE_INVALID_COLUMN_REFERENCE, "WITH query \"%s\" has %d columns available but %d columns specified",
               d->name, ncols, d->ncols);
    q->nctes++;
  }
}

/* ---- VALUES ---- */

static Query *values_query(ParseState *ps, PgQuery__SelectStmt *stmt) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  int nrows = (int)stmt->n_values_lists;
  int ncols = (int)stmt->values_lists[0]->list->n_items;
  q->values = an_alloc(an, sizeof(Expr **) * (size_t)nrows);
  q->nvalues = nrows;
  q->nvaluecols = ncols;
  ps->aggs_allowed = ps->windows_allowed = false;
  ps->exprkind = "VALUES";
  for (int r = 0; r < nrows; r++) {
    PgQuery__List *l = stmt->values_lists[r]->list;
    if ((int)l->n_items != ncols)
      an_error(an, -1, ERRCODE_SYNTAX_ERROR, "VALUES lists must all be the same length");
    q->values[r] = an_alloc(an, sizeof(Expr *) * (size_t)ncols);
    for (int c = 0; c < ncols; c++) {
      if (l->items[c]->node_case == PG_QUERY__NODE__NODE_SET_TO_DEFAULT)
        an_error(an, l->items[c]->set_to_default->location, ERRCODE_SYNTAX_ERROR, "DEFAULT is not allowed in this context");
      q->values[r][c] = an_expr(ps, l->items[c]);
    }
  }
  Expr **col = an_alloc(an, sizeof(Expr *) * (size_t)nrows);
  for (int c = 0; c < ncols; c++) {
    for (int r = 0; r < nrows; r++) col[r] = q->values[r][c];
    Oid t = an_common_type(ps, col, nrows, "VALUES");
    for (int r = 0; r < nrows; r++)
      q->values[r][c] = an_coerce_or_error(ps, q->values[r][c], t, -1, COERCE_IMPLICIT, q->values[r][c]->location);
  }
  /* The output columns are column1, column2, ... typed like the first row. */
  q->targets = an_alloc(an, sizeof(TargetEntry) * (size_t)ncols);
  q->ntargets = ncols;
  for (int c = 0; c < ncols; c++) {
    Expr *ref = an_alloc(an, sizeof *ref);
    ref->kind = EXPR_SQLREF;
    ref->type = q->values[0][c]->type;
    ref->typmod = -1;
    ref->location = -1;
    ref->u.sqlref.sql = arena_printf(&an->arena, "column%d", c + 1);
    q->targets[c].expr = ref;
    q->targets[c].name = arena_printf(&an->arena, "column%d", c + 1);
  }
  return q;
}

/* ---- set operations ---- */

static Query *select_query(ParseState *ps, PgQuery__SelectStmt *stmt, bool set_arm);

static Query *set_operation(ParseState *ps, PgQuery__SelectStmt *stmt) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  switch (stmt->op) {
  case PG_QUERY__SET_OPERATION__SETOP_UNION: q->setop = SETOP_UNION; break;
  case PG_QUERY__SET_OPERATION__SETOP_INTERSECT: q->setop = SETOP_INTERSECT; break;
  default: q->setop = SETOP_EXCEPT; break;
  }
  q->setall = stmt->all;
  /* The arms are a level below this one (which has no FROM of its own), as
  ** the translator nests them: their outer references count this level. */
  ParseState *lps = an_new_pstate(an, ps), *rps = an_new_pstate(an, ps);
  q->larg = select_query(lps, stmt->larg, true);
  q->rarg = select_query(rps, stmt->rarg, true);
  const char *opname = q->setop == SETOP_UNION ? "UNION" : q->setop == SETOP_INTERSECT ? "INTERSECT" : "EXCEPT";
  if (q->larg->ntargets != q->rarg->ntargets)
    an_error(an, -1, ERRCODE_SYNTAX_ERROR, "each %s query must have the same number of columns", opname);
  q->ntargets = q->larg->ntargets;
  q->targets = an_alloc(an, sizeof(TargetEntry) * (size_t)(q->ntargets + 1));
  for (int i = 0; i < q->ntargets; i++) {
    Expr *pair[2] = {q->larg->targets[i].expr, q->rarg->targets[i].expr};
    Oid t = an_common_type(ps, pair, 2, opname);
    /* UNION, INTERSECT and EXCEPT compare rows; UNION ALL does not. */
    if (!(q->setop == SETOP_UNION && q->setall))
      an_refuse_array_key(an, pair[0], "UNION, INTERSECT and EXCEPT on arrays");
    q->larg->targets[i].expr = an_coerce_or_error(lps, pair[0], t, -1, COERCE_IMPLICIT, pair[0]->location);
    q->rarg->targets[i].expr = an_coerce_or_error(rps, pair[1], t, -1, COERCE_IMPLICIT, pair[1]->location);
    Expr *ref = an_alloc(an, sizeof *ref);
    ref->kind = EXPR_SQLREF;
    ref->type = t;
    ref->typmod = pair[0]->typmod == pair[1]->typmod ? pair[0]->typmod : -1;
    ref->location = -1;
    ref->u.sqlref.sql = arena_printf(&an->arena, "%d", i + 1);
    q->targets[i].expr = ref;
    q->targets[i].name = q->larg->targets[i].name;
  }
  an_sort_clause(ps, stmt->sort_clause, stmt->n_sort_clause, true);
  return q;
}

static void check_select_fields(Analysis *an, PgQuery__SelectStmt *stmt) {
  if (stmt->into_clause) an_unsupported(an, -1, "SELECT INTO");
  if (stmt->group_distinct) an_unsupported(an, -1, "GROUP BY DISTINCT");
  if (stmt->limit_option == PG_QUERY__LIMIT_OPTION__LIMIT_OPTION_WITH_TIES) an_unsupported(an, -1, "FETCH ... WITH TIES");
}

static Query *simple_select(ParseState *ps, PgQuery__SelectStmt *stmt) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  an_from_clause(ps, stmt->from_clause, stmt->n_from_clause);
  ps->exprkind = NULL;
  ps->windows = stmt->window_clause;
  ps->nwindows = (int)stmt->n_window_clause;
  ps->srf_ok = true;
  an_target_list(ps, stmt->target_list, stmt->n_target_list);
  ps->srf_ok = false;
  q->where = an_where(ps, stmt->where_clause, "WHERE");
  /* DISTINCT is a list holding one empty node; DISTINCT ON has expressions. */
  bool distinct_on = stmt->n_distinct_clause && stmt->distinct_clause[0] &&
                     stmt->distinct_clause[0]->node_case != PG_QUERY__NODE__NODE__NOT_SET;
  if (stmt->n_distinct_clause && !distinct_on) q->distinct = true;
  q->having = an_where(ps, stmt->having_clause, "HAVING");
  an_sort_clause(ps, stmt->sort_clause, stmt->n_sort_clause, false);
  if (distinct_on) an_distinct_on(ps, stmt->distinct_clause, stmt->n_distinct_clause);
  an_group_clause(ps, stmt->group_clause, stmt->n_group_clause);
  q->has_aggs = ps->has_aggs;
  an_check_grouping(ps);
  an_check_srfs(ps);
  (void)an;
  return q;
}

/* set_arm: an arm of UNION/INTERSECT/EXCEPT, whose unknown-typed outputs
** (NULL, 'literal') the set operation resolves with the other arms, as
** PostgreSQL does: SELECT now() UNION ALL SELECT NULL is timestamptz. */
static Query *select_query(ParseState *ps, PgQuery__SelectStmt *stmt, bool set_arm) {
  Analysis *an = ps->an;
  check_select_fields(an, stmt);
  an_with_clause(ps, stmt->with_clause);
  Query *q;
  if (stmt->op != PG_QUERY__SET_OPERATION__SETOP_NONE) q = set_operation(ps, stmt);
  else if (stmt->n_values_lists) q = values_query(ps, stmt);
  else q = simple_select(ps, stmt);
  if (stmt->n_values_lists && stmt->n_sort_clause) an_sort_clause(ps, stmt->sort_clause, stmt->n_sort_clause, true);
  q->limit = an_limit(ps, stmt->limit_count, "LIMIT");
  q->offset = an_limit(ps, stmt->limit_offset, "OFFSET");
  if (stmt->n_locking_clause) an_locking_clause(ps, stmt, q);
  /* Unknown literals in a select list are text (PostgreSQL 10+). */
  if (!set_arm)
    for (int i = 0; i < q->ntargets; i++) q->targets[i].expr = an_resolve_unknown(ps, q->targets[i].expr);
  return q;
}

Query *an_select(ParseState *ps, PgQuery__SelectStmt *stmt, bool toplevel) {
  (void)toplevel;
  return select_query(ps, stmt, false);
}

/* ---- sublinks ---- */

static Expr **row_args(ParseState *ps, PgQuery__SubLink *sl, int *n) {
  PgQuery__RowExpr *row = sl->testexpr->row_expr;
  Expr **items = an_alloc(ps->an, sizeof(Expr *) * (row->n_args + 1));
  for (size_t i = 0; i < row->n_args; i++) items[i] = an_expr(ps, row->args[i]);
  *n = (int)row->n_args;
  return items;
}

static const char *sublink_op(PgQuery__SubLink *sl) {
  return sl->n_oper_name ? sl->oper_name[sl->n_oper_name - 1]->string->sval : "=";
}

/* (a, b) op (SELECT x, y ...): each column of the one row is a scalar
** subquery of its own, compared element by element. */
static Expr *row_compare_sublink(ParseState *ps, PgQuery__SubLink *sl, Query *q, int ncols) {
  Analysis *an = ps->an;
  int n;
  Expr **l = row_args(ps, sl, &n);
  if (n != ncols) an_error(an, sl->location, ERRCODE_SYNTAX_ERROR, n < ncols ? "subquery has too many columns" : "subquery has too few columns");
  Expr **r = an_alloc(an, sizeof(Expr *) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    Expr *s = an_alloc(an, sizeof *s);
    s->kind = EXPR_SUBLINK;
    s->type = q->targets[i].expr->type;
    s->typmod = q->targets[i].expr->typmod;
    s->location = sl->location;
    s->u.sublink.kind = SUBLINK_EXPR;
    s->u.sublink.subquery = q;
    s->u.sublink.col = i;
    r[i] = s;
  }
  return an_row_compare(ps, sublink_op(sl), l, r, n, sl->location);
}

/* (a, b) IN (SELECT x, y ...) and other row ANY/ALL: the general
** three-valued EXISTS form, comparing rows element by element. */
static Expr *row_any_sublink(ParseState *ps, PgQuery__SubLink *sl, Expr *e, Query *q, int ncols) {
  Analysis *an = ps->an;
  int n;
  Expr **l = row_args(ps, sl, &n);
  if (n != ncols) an_error(an, sl->location, ERRCODE_SYNTAX_ERROR, n < ncols ? "subquery has too many columns" : "subquery has too few columns");
  e->u.sublink.kind = sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK ? SUBLINK_ANY : SUBLINK_ALL;
  e->type = PGM_OID_BOOL;
  e->u.sublink.alias = arena_printf(&an->arena, "s%d", ++an->next_alias);
  Expr **r = an_alloc(an, sizeof(Expr *) * (size_t)(n + 1));
  for (int i = 0; i < n; i++) {
    Expr *col = an_alloc(an, sizeof *col);
    col->kind = EXPR_SQLREF;
    col->type = q->targets[i].expr->type;
    col->typmod = -1;
    col->location = -1;
    col->u.sqlref.sql = arena_printf(&an->arena, "%s.c%d", e->u.sublink.alias, i + 1);
    r[i] = col;
  }
  e->u.sublink.cmp = an_row_compare(ps, sublink_op(sl), l, r, n, sl->location);
  e->u.sublink.testexpr = l[0];
  e->u.sublink.native_in = false;
  return e;
}

/* ARRAY(SELECT x ...): the rows' values in the subquery's order, '{}' when
** there are none.  The order is carried by the subquery's sort keys (made
** output columns here), so the aggregate that collects the values sorts by
** them itself instead of trusting SQLite to keep a subquery's order. */
static Expr *array_sublink(ParseState *ps, Expr *e, Query *q) {
  Analysis *an = ps->an;
  Oid elem = q->targets[0].expr->type;
  if (an_type_category(elem) == 'A') an_unsupported(an, e->location, "ARRAY(subquery) of arrays (multidimensional arrays)");
  const PgType *t = pgm_type_by_oid(elem);
  if (!t || !t->array)
    an_error(an, e->location, ERRCODE_UNDEFINED_OBJECT, "could not find array type for data type %s", an_typename(elem));
  for (int i = 0; i < q->nsort; i++) {
    bool found = false;
    for (int k = 0; k < q->ntargets && !found; k++)
      found = q->targets[k].expr == q->sort[i].expr || an_expr_equal(q->targets[k].expr, q->sort[i].expr);
    if (found) continue;
    q->targets = arena_grow(&an->arena, q->targets, (size_t)q->ntargets, (size_t)q->ntargets + 1, sizeof(TargetEntry));
    q->targets[q->ntargets++] = (TargetEntry){.expr = q->sort[i].expr, .name = "?sort?", .junk = true};
  }
  e->u.sublink.kind = SUBLINK_ARRAY;
  e->type = t->array;
  return e;
}

Expr *an_sublink(ParseState *ps, PgQuery__SubLink *sl) {
  Analysis *an = ps->an;
  if (sl->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) an_unsupported(an, sl->location, "this subquery");
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_SUBLINK;
  e->typmod = -1;
  e->location = sl->location;
  ParseState *sub = an_new_pstate(an, ps);
  Query *q = an_select(sub, sl->subselect->select_stmt, false);
  e->u.sublink.subquery = q;
  int ncols = 0;
  for (int i = 0; i < q->ntargets; i++) if (!q->targets[i].junk) ncols++;
  switch (sl->sub_link_type) {
  case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
    e->u.sublink.kind = SUBLINK_EXISTS;
    e->type = PGM_OID_BOOL;
    return e;
  case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
    if (ncols != 1) an_error(an, sl->location, ERRCODE_SYNTAX_ERROR, "subquery must return only one column");
    e->u.sublink.kind = SUBLINK_EXPR;
    e->type = q->targets[0].expr->type;
    e->typmod = q->targets[0].expr->typmod;
    return e;
  case PG_QUERY__SUB_LINK_TYPE__ROWCOMPARE_SUBLINK:
    return row_compare_sublink(ps, sl, q, ncols);
  case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
  case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK: {
    if (sl->testexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) return row_any_sublink(ps, sl, e, q, ncols);
    if (ncols != 1) {
      if (ncols > 1) an_error(an, sl->location, ERRCODE_SYNTAX_ERROR, "subquery has too many columns");
      an_error(an, sl->location, ERRCODE_SYNTAX_ERROR, "subquery has too few columns");
    }
    bool any = sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK;
    const char *op = sl->n_oper_name ? sl->oper_name[sl->n_oper_name - 1]->string->sval : "=";
    e->u.sublink.kind = any ? SUBLINK_ANY : SUBLINK_ALL;
    e->type = PGM_OID_BOOL;
    e->u.sublink.alias = arena_printf(&an->arena, "s%d", ++an->next_alias);
    Expr *test = an_expr(ps, sl->testexpr);
    Expr *col = an_alloc(an, sizeof *col);
    col->kind = EXPR_SQLREF;
    col->type = q->targets[0].expr->type;
    col->typmod = -1;
    col->location = -1;
    col->u.sqlref.sql = arena_printf(&an->arena, "%s.c1", e->u.sublink.alias);
    Expr *cmp = an_make_op(ps, op, test, col, sl->location);
    e->u.sublink.cmp = cmp;
    e->u.sublink.testexpr = cmp->kind == EXPR_NATIVE ? cmp->u.native.l : cmp->u.func.args[0];
    /* x IN (SELECT y ...) with a native = and no conversion of y: SQLite's IN. */
    e->u.sublink.native_in = any && cmp->kind == EXPR_NATIVE && !strcmp(cmp->u.native.op, "=") && cmp->u.native.r == col;
    return e;
  }
  case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK:
    if (ncols != 1) an_error(an, sl->location, ERRCODE_SYNTAX_ERROR, "subquery must return only one column");
    return array_sublink(ps, e, q);
  default: an_unsupported(an, sl->location, "this kind of subquery");
  }
}
