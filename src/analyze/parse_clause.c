/*
** parse_clause.c — the clauses around the select list: FROM (tables,
** subqueries, joins), WHERE, GROUP BY and the check that every column used
** outside an aggregate is grouped, HAVING, ORDER BY, LIMIT/OFFSET.
*/
#include "analyze/analyze.h"
#include "analyze/parse_view.h"
#include "catalog/pgcatalog.h"

#include <string.h>

/* ---- FROM ---- */

static void ns_add(ParseState *ps, int rte) {
  Query *q = ps->q;
  q->ns = arena_grow(&ps->an->arena, q->ns, (size_t)q->nns, (size_t)q->nns + 1, sizeof(int));
  q->ns[q->nns++] = rte;
}

static void apply_alias(Analysis *an, RangeTblEntry *rte, PgQuery__Alias *alias, int location) {
  if (!alias) return;
  rte->alias = an_strdup(an, alias->aliasname);
  if ((int)alias->n_colnames > rte->ncols)
    an_error(an, location, ERRCODE_INVALID_COLUMN_REFERENCE, "table \"%s\" has %d columns available but %d columns specified",
             alias->aliasname, rte->ncols, (int)alias->n_colnames);
  if (alias->n_colnames) {
    char **names = an_alloc(an, sizeof(char *) * (size_t)rte->ncols);
    for (int i = 0; i < rte->ncols; i++)
      names[i] = i < (int)alias->n_colnames ? an_strdup(an, alias->colnames[i]->string->sval) : rte->colnames[i];
    rte->colnames = names;
  }
}

static RangeTblEntry *rte_for_query(Analysis *an, RteKind kind, Query *sub) {
  RangeTblEntry *rte = an_alloc(an, sizeof *rte);
  rte->kind = kind;
  rte->subquery = sub;
  rte->ncols = 0;
  for (int i = 0; i < sub->ntargets; i++) if (!sub->targets[i].junk) rte->ncols++;
  rte->colnames = an_alloc(an, sizeof(char *) * (size_t)(rte->ncols + 1));
  rte->coltypes = an_alloc(an, sizeof(Oid) * (size_t)(rte->ncols + 1));
  rte->coltypmods = an_alloc(an, sizeof(int32_t) * (size_t)(rte->ncols + 1));
  for (int i = 0, k = 0; i < sub->ntargets; i++) {
    if (sub->targets[i].junk) continue;
    rte->colnames[k] = sub->targets[i].name;
    rte->coltypes[k] = sub->targets[i].expr->type;
    rte->coltypmods[k] = sub->targets[i].expr->typmod;
    k++;
  }
  rte->rel_visible = rte->cols_visible = true;
  return rte;
}

static FromItem *leaf(Analysis *an, int rte) {
  FromItem *f = an_alloc(an, sizeof *f);
  f->rte = rte;
  return f;
}

static FromItem *range_var(ParseState *ps, PgQuery__RangeVar *rv) {
  Analysis *an = ps->an;
  if (!rv->inh) an_unsupported(an, rv->location, "ONLY");
  if (rv->relpersistence && strcmp(rv->relpersistence, "p")) an_unsupported(an, rv->location, "temporary relations");
  if (!rv->schemaname || !*rv->schemaname) {
    CteDef *cte = an_find_cte(ps, rv->relname);
    if (cte) {
      RangeTblEntry *rte = rte_for_query(an, RTE_CTE, cte->query);
      rte->ctename = cte->sqlname;
      rte->alias = an_strdup(an, rv->relname);
      if (cte->ncols) for (int i = 0; i < cte->ncols && i < rte->ncols; i++) rte->colnames[i] = cte->colnames[i];
      apply_alias(an, rte, rv->alias, rv->location);
      int idx = an_add_rte(ps, rte);
      ns_add(ps, idx);
      return leaf(an, idx);
    }
  }
  RangeTblEntry *vrte = an_view_rte(ps, rv);   /* a view: its definition as a subquery */
  if (vrte) {
    apply_alias(an, vrte, rv->alias, rv->location);
    int idx = an_add_rte(ps, vrte);
    ns_add(ps, idx);
    return leaf(an, idx);
  }
  Table *t = an_lookup_table(an, rv);
  if (!t) an_error(an, rv->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" does not exist", rv->relname);
  RangeTblEntry *rte = syscat_is(t) ? syscat_rte(ps, t, rv->relname) : an_rte_for_table(ps, rv->relname, NULL, rv->location);
  apply_alias(an, rte, rv->alias, rv->location);
  int idx = an_add_rte(ps, rte);
  ns_add(ps, idx);
  return leaf(an, idx);
}

/* SQLite's limit for pgm_lateral's output columns (adt/lateral.c). */
#define LATERAL_MAX_COLS 256

/* A LATERAL subquery that reads WITH queries of the statement around it:
** its own statement repeats the ones visible here, which must then not read
** columns of enclosing levels (they would have no values there). */
static void lateral_with_queries(ParseState *ps, RangeTblEntry *rte) {
  for (int i = 0; i < ps->nctes; i++)
    if (ps->ctes[i].correlated)
      an_unsupported(ps->an, -1, "a LATERAL subquery reading WITH queries where one of them is correlated");
  rte->lateral_ctes = ps->ctes;
  rte->nlateral_ctes = ps->nctes;
}

/* A subquery in FROM is a level below this one.  Without LATERAL it may not
** see this level's FROM items; with it, it sees the ones before it, and one
** that does refer to them runs once per row of them (pgm_lateral). */
static FromItem *range_subselect(ParseState *ps, PgQuery__RangeSubselect *rs) {
  Analysis *an = ps->an;
  if (!rs->alias) an_error(an, -1, ERRCODE_SYNTAX_ERROR, "subquery in FROM must have an alias");
  if (rs->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) an_unsupported(an, -1, "this subquery");
  bool save_hidden = ps->from_hidden, save_active = ps->lateral_active, save_cte = ps->lateral_cte;
  int save_first = ps->lateral_first;
  ps->from_hidden = !rs->lateral;
  ps->lateral_active = rs->lateral;
  ps->lateral_first = -1;
  ps->lateral_cte = false;
  Query *sub = an_select(an_new_pstate(an, ps), rs->subquery->select_stmt, false);
  int first = ps->lateral_first;
  bool lateral = first >= 0, cte = ps->lateral_cte;
  ps->from_hidden = save_hidden;
  ps->lateral_active = save_active;
  ps->lateral_first = save_first;
  ps->lateral_cte = save_cte;
  if (lateral && sub->ntargets > LATERAL_MAX_COLS) an_unsupported(an, -1, "a LATERAL subquery with more than 256 columns");
  RangeTblEntry *rte = rte_for_query(an, RTE_SUBQUERY, sub);
  rte->lateral = lateral;
  rte->lateral_first = first;
  if (lateral && cte) lateral_with_queries(ps, rte);
  apply_alias(an, rte, rs->alias, -1);
  int idx = an_add_rte(ps, rte);
  ns_add(ps, idx);
  return leaf(an, idx);
}

static FromItem *from_item(ParseState *ps, Node *n);
static void refuse_array_key(Analysis *an, const Expr *e, const char *what);

/* unnest(array) in FROM: the table-valued function pgm_unnest (adt/arrayfuncs.c),
** one row per element, typed by the array's element type. */
static FromItem *range_unnest(ParseState *ps, PgQuery__RangeFunction *rf, PgQuery__FuncCall *fc) {
  Analysis *an = ps->an;
  if (fc->n_args != 1) an_unsupported(an, fc->location, "unnest with several arrays");
  const char *save = ps->exprkind;
  ps->exprkind = "functions in FROM";
  Expr *arr = an_expr(ps, fc->args[0]);
  ps->exprkind = save;
  const PgType *t = pgm_type_by_oid(arr->type);
  if (arr->type == PGM_OID_UNKNOWN)
    an_error(an, fc->location, ERRCODE_AMBIGUOUS_FUNCTION, "function unnest(unknown) is not unique");
  if (!t || t->category != 'A' || !t->elem)
    an_error(an, fc->location, ERRCODE_UNDEFINED_FUNCTION, "function unnest(%s) does not exist", an_typename(arr->type));
  RangeTblEntry *rte = an_alloc(an, sizeof *rte);
  rte->kind = RTE_FUNCTION;
  rte->funcname = "pgm_unnest";
  rte->funcargs = an_alloc(an, sizeof(Expr *) * 3);
  rte->funcargs[0] = arr;
  rte->funcargs[1] = an_make_int4(an, (int32_t)t->elem);
  rte->funcargs[2] = an_make_int4(an, 0);
  rte->nfuncargs = 3;
  rte->ncols = rf->ordinality ? 2 : 1;
  rte->colnames = an_alloc(an, sizeof(char *) * 2);
  rte->coltypes = an_alloc(an, sizeof(Oid) * 2);
  rte->coltypmods = an_alloc(an, sizeof(int32_t) * 2);
  rte->alias = an_strdup(an, rf->alias ? rf->alias->aliasname : "unnest");
  rte->colnames[0] = rte->alias;
  rte->coltypes[0] = t->elem;
  rte->coltypmods[0] = -1;
  if (rf->ordinality) { rte->colnames[1] = "ordinality"; rte->coltypes[1] = PGM_OID_INT8; rte->coltypmods[1] = -1; }
  rte->rel_visible = rte->cols_visible = true;
  PgQuery__Alias colalias = PG_QUERY__ALIAS__INIT;
  if (rf->alias && rf->alias->n_colnames) {
    colalias = *rf->alias;
    apply_alias(an, rte, &colalias, fc->location);
  }
  int idx = an_add_rte(ps, rte);
  ns_add(ps, idx);
  return leaf(an, idx);
}

/* A set-returning function in FROM (parse_srf.c says which pgmicro runs):
** a table-valued function of src/adt, with the ordinal as its rowid for
** WITH ORDINALITY. */
static FromItem *range_function(ParseState *ps, PgQuery__RangeFunction *rf) {
  Analysis *an = ps->an;
  if (rf->is_rowsfrom || rf->n_functions != 1) an_unsupported(an, -1, "ROWS FROM");
  if (rf->n_coldeflist) an_unsupported(an, -1, "column definition lists");
  PgQuery__List *pair = rf->functions[0]->list;
  Node *fn = pair->items[0];
  if (fn->node_case != PG_QUERY__NODE__NODE_FUNC_CALL) an_unsupported(an, -1, "this function in FROM");
  PgQuery__FuncCall *fc = fn->func_call;
  const char *name = fc->funcname[fc->n_funcname - 1]->string->sval;
  if (!strcmp(name, "unnest")) return range_unnest(ps, rf, fc);
  int nprocs;
  const PgProc *const *procs = pgm_procs_by_name(name, &nprocs);
  bool retset = false;
  for (int i = 0; i < nprocs; i++) retset |= procs[i]->retset != 0;
  if (!retset) {
    pgm_error *e = pgm_error_new(ERRCODE_FEATURE_NOT_SUPPORTED, "function %s in FROM is not supported by pgmicro yet", name);
    e->position = parser_char_position(an->text, fc->location);
    an->err = e;
    longjmp(an->on_error, 1);
  }
  /* Arguments may refer to earlier FROM items (functions in FROM are lateral). */
  const char *save = ps->exprkind;
  ps->exprkind = "functions in FROM";
  int nargs = (int)fc->n_args;
  Expr **args = an_alloc(an, sizeof(Expr *) * (size_t)(nargs + 1));
  Oid *types = an_alloc(an, sizeof(Oid) * (size_t)(nargs + 1));
  for (int i = 0; i < nargs; i++) { args[i] = an_expr(ps, fc->args[i]); types[i] = args[i]->type; }
  ps->exprkind = save;
  bool ambiguous;
  const PgProc *p = an_select_proc(procs, nprocs, types, nargs, &ambiguous);
  if (!p || !p->retset) {
    StrBuf b = STRBUF_INIT;
    for (int i = 0; i < nargs; i++) sb_printf(&b, "%s%s", i ? ", " : "", an_typename(types[i]));
    char *sig = an_strdup(an, sb_str(&b));
    sb_free(&b);
    an_error(an, fc->location, ambiguous ? ERRCODE_AMBIGUOUS_FUNCTION : ERRCODE_UNDEFINED_FUNCTION,
             ambiguous ? "function %s(%s) is not unique" : "function %s(%s) does not exist", name, sig);
  }
  Expr *call = an_srf_build(ps, p, args, nargs, fc->location);
  RangeTblEntry *rte = an_alloc(an, sizeof *rte);
  rte->kind = RTE_FUNCTION;
  rte->funcname = call->u.srf.funcname;
  rte->funcargs = call->u.srf.args;
  rte->nfuncargs = call->u.srf.nargs;
  rte->ncols = rf->ordinality ? 2 : 1;
  rte->colnames = an_alloc(an, sizeof(char *) * 2);
  rte->coltypes = an_alloc(an, sizeof(Oid) * 2);
  rte->coltypmods = an_alloc(an, sizeof(int32_t) * 2);
  /* A scalar function's column is named after its OUT parameter, else the
  ** alias, else the function. */
  rte->alias = an_strdup(an, rf->alias ? rf->alias->aliasname : name);
  rte->colnames[0] = call->u.srf.outname ? (char *)call->u.srf.outname : rte->alias;
  rte->coltypes[0] = call->type;
  rte->coltypmods[0] = -1;
  if (rf->ordinality) { rte->colnames[1] = "ordinality"; rte->coltypes[1] = PGM_OID_INT8; rte->coltypmods[1] = -1; }
  rte->rel_visible = rte->cols_visible = true;
  PgQuery__Alias colalias = PG_QUERY__ALIAS__INIT;
  if (rf->alias && rf->alias->n_colnames) {
    colalias = *rf->alias;
    apply_alias(an, rte, &colalias, fc->location);
  }
  int idx = an_add_rte(ps, rte);
  ns_add(ps, idx);
  return leaf(an, idx);
}

/* A function in FROM is lateral with or without the keyword: its arguments
** see the FROM items before it; which it reads is noted as for subqueries. */
static FromItem *lateral_function(ParseState *ps, PgQuery__RangeFunction *rf) {
  bool save_active = ps->lateral_active;
  int save_first = ps->lateral_first;
  ps->lateral_active = true;
  ps->lateral_first = -1;
  FromItem *f = range_function(ps, rf);
  RangeTblEntry *rte = ps->q->rtable[f->rte];
  rte->lateral_first = ps->lateral_first;
  rte->lateral = rte->lateral_first >= 0;
  ps->lateral_active = save_active;
  ps->lateral_first = save_first;
  return f;
}

static int ns_mark(ParseState *ps, int from_ns, bool rel, bool cols) {
  for (int i = from_ns; i < ps->q->nns; i++) {
    RangeTblEntry *rte = ps->q->rtable[ps->q->ns[i]];
    if (!rel) rte->rel_visible = false;
    if (!cols) rte->cols_visible = false;
  }
  return ps->q->nns;
}

/* Names of the columns visible from the namespace entries [from, to). */
static int find_visible_column(ParseState *ps, int from, int to, const char *name, int *att, int location) {
  int found = -1;
  for (int i = from; i < to; i++) {
    RangeTblEntry *rte = ps->q->rtable[ps->q->ns[i]];
    if (!rte->cols_visible) continue;
    for (int c = 0; c < rte->ncols; c++)
      if (!strcmp(rte->colnames[c], name)) {
        if (found >= 0)
          an_error(ps->an, location, ERRCODE_AMBIGUOUS_COLUMN, "common column name \"%s\" appears more than once in left table", name);
        found = ps->q->ns[i];
        *att = c;
      }
  }
  return found;
}

/* JOIN ... USING / NATURAL JOIN: a join range-table entry whose columns are
** the merged ones, then the rest of the left side, then the right side. */
static void using_join(ParseState *ps, PgQuery__JoinExpr *j, FromItem *f, int lns0, int rns0, int rns1,
                       char **names, int nnames) {
  Analysis *an = ps->an;
  RangeTblEntry *rte = an_alloc(an, sizeof *rte);
  rte->kind = RTE_JOIN;
  int cap = nnames;
  for (int i = lns0; i < rns1; i++) {
    RangeTblEntry *r = ps->q->rtable[ps->q->ns[i]];
    if (r->cols_visible) cap += r->ncols;
  }
  rte->colnames = an_alloc(an, sizeof(char *) * (size_t)(cap + 1));
  rte->coltypes = an_alloc(an, sizeof(Oid) * (size_t)(cap + 1));
  rte->coltypmods = an_alloc(an, sizeof(int32_t) * (size_t)(cap + 1));
  rte->joinvars = an_alloc(an, sizeof(Expr *) * (size_t)(cap + 1));
  Expr *quals = NULL;
  int lrte[64], latt[64], rrte[64], ratt[64];
  if (nnames > 64) an_unsupported(an, j->rarg ? -1 : -1, "more than 64 USING columns");
  for (int k = 0; k < nnames; k++) {
    lrte[k] = find_visible_column(ps, lns0, rns0, names[k], &latt[k], -1);
    rrte[k] = find_visible_column(ps, rns0, rns1, names[k], &ratt[k], -1);
    if (lrte[k] < 0) an_error(an, -1, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" specified in USING clause does not exist in left table", names[k]);
    if (rrte[k] < 0) an_error(an, -1, ERRCODE_UNDEFINED_COLUMN, "column \"%s\" specified in USING clause does not exist in right table", names[k]);
    Expr *lv = an_make_var(ps, lrte[k], latt[k], 0), *rv = an_make_var(ps, rrte[k], ratt[k], 0);
    Expr *eq = an_make_op(ps, "=", lv, rv, -1);
    if (quals) {
      Expr **args = an_alloc(an, sizeof(Expr *) * 2);
      args[0] = quals; args[1] = eq;
      Expr *b = an_alloc(an, sizeof *b);
      b->kind = EXPR_BOOL; b->type = PGM_OID_BOOL; b->typmod = -1; b->location = -1;
      b->u.boolexpr.op = BOOL_AND; b->u.boolexpr.args = args; b->u.boolexpr.nargs = 2;
      quals = b;
    } else quals = eq;
    Expr *merged;
    if (f->jointype == JOIN_FULL) {
      Expr *pair[2] = {lv, rv};
      Oid t = an_common_type(ps, pair, 2, "JOIN/USING");
      merged = an_alloc(an, sizeof *merged);
      merged->kind = EXPR_COALESCE; merged->type = t; merged->typmod = -1; merged->location = -1;
      merged->u.list.args = an_alloc(an, sizeof(Expr *) * 2);
      merged->u.list.args[0] = an_coerce_or_error(ps, lv, t, -1, COERCE_IMPLICIT, -1);
      merged->u.list.args[1] = an_coerce_or_error(ps, rv, t, -1, COERCE_IMPLICIT, -1);
      merged->u.list.nargs = 2;
    } else {
      merged = f->jointype == JOIN_RIGHT ? rv : lv;
    }
    rte->colnames[rte->ncols] = names[k];
    rte->coltypes[rte->ncols] = merged->type;
    rte->coltypmods[rte->ncols] = merged->typmod;
    rte->joinvars[rte->ncols++] = merged;
  }
  for (int i = lns0; i < rns1; i++) {
    int ri = ps->q->ns[i];
    RangeTblEntry *r = ps->q->rtable[ri];
    if (!r->cols_visible) continue;
    for (int c = 0; c < r->ncols; c++) {
      bool used = false;
      for (int k = 0; k < nnames; k++)
        if ((lrte[k] == ri && latt[k] == c) || (rrte[k] == ri && ratt[k] == c)) used = true;
      if (used) continue;
      rte->colnames[rte->ncols] = r->colnames[c];
      rte->coltypes[rte->ncols] = r->coltypes[c];
      rte->coltypmods[rte->ncols] = r->coltypmods[c];
      rte->joinvars[rte->ncols++] = an_make_var(ps, ri, c, 0);
    }
  }
  f->quals = quals;
  ns_mark(ps, lns0, true, false);
  rte->cols_visible = true;
  rte->rel_visible = false;
  if (j->alias) {
    rte->alias = an_strdup(an, j->alias->aliasname);
    rte->rel_visible = true;
    ns_mark(ps, lns0, false, false);
  }
  f->rte = an_add_rte(ps, rte);
  ns_add(ps, f->rte);
}

static void deny_lateral(ParseState *ps, int from_ns, int to_ns, bool deny) {
  for (int i = from_ns; i < to_ns; i++) ps->q->rtable[ps->q->ns[i]]->lateral_denied = deny ? 'j' : 0;
}

/* SQLite evaluates a RIGHT or FULL JOIN nested after other FROM items on
** its own: a LATERAL item inside it cannot read the items outside (entries
** before rt0).  Refused rather than answered differently. */
static void refuse_lateral_into_outer_join(ParseState *ps, int rt0) {
  for (int i = rt0; i < ps->q->nrtable; i++) {
    RangeTblEntry *rte = ps->q->rtable[i];
    if (rte->lateral && rte->lateral_first < rt0)
      an_unsupported(ps->an, -1, "a LATERAL item inside a RIGHT or FULL JOIN referring to FROM items outside it");
  }
}

static FromItem *join_expr(ParseState *ps, PgQuery__JoinExpr *j) {
  Analysis *an = ps->an;
  FromItem *f = an_alloc(an, sizeof *f);
  f->is_join = true;
  f->rte = -1;
  switch (j->jointype) {
  case PG_QUERY__JOIN_TYPE__JOIN_INNER: f->jointype = (j->quals || j->n_using_clause || j->is_natural) ? JOIN_INNER : JOIN_CROSS; break;
  case PG_QUERY__JOIN_TYPE__JOIN_LEFT: f->jointype = JOIN_LEFT; break;
  case PG_QUERY__JOIN_TYPE__JOIN_RIGHT: f->jointype = JOIN_RIGHT; break;
  case PG_QUERY__JOIN_TYPE__JOIN_FULL: f->jointype = JOIN_FULL; break;
  default: an_unsupported(an, -1, "this join type");
  }
  if (j->join_using_alias) an_unsupported(an, -1, "JOIN USING aliases");
  int lns0 = ps->q->nns, rt0 = ps->q->nrtable;
  f->larg = from_item(ps, j->larg);
  int rns0 = ps->q->nns;
  /* The right side of a RIGHT or FULL JOIN may not refer to the left side. */
  bool deny = f->jointype == JOIN_RIGHT || f->jointype == JOIN_FULL;
  if (deny) deny_lateral(ps, lns0, rns0, true);
  f->rarg = from_item(ps, j->rarg);
  if (deny) {
    deny_lateral(ps, lns0, rns0, false);
    refuse_lateral_into_outer_join(ps, rt0);
  }
  int rns1 = ps->q->nns;
  if (j->n_using_clause || j->is_natural) {
    int n = 0;
    char **names;
    if (j->is_natural) {
      names = an_alloc(an, sizeof(char *) * 64);
      for (int i = lns0; i < rns0; i++) {
        RangeTblEntry *l = ps->q->rtable[ps->q->ns[i]];
        if (!l->cols_visible) continue;
        for (int c = 0; c < l->ncols && n < 64; c++) {
          int att;
          if (find_visible_column(ps, rns0, rns1, l->colnames[c], &att, -1) >= 0) names[n++] = l->colnames[c];
        }
      }
      if (n == 0 && f->jointype == JOIN_INNER) f->jointype = JOIN_CROSS;
    } else {
      n = (int)j->n_using_clause;
      names = an_alloc(an, sizeof(char *) * (size_t)(n + 1));
      for (int i = 0; i < n; i++) names[i] = j->using_clause[i]->string->sval;
    }
    using_join(ps, j, f, lns0, rns0, rns1, names, n);
    return f;
  }
  if (j->quals) f->quals = an_where(ps, j->quals, "JOIN/ON");
  if (j->alias) {
    /* An aliased join hides its sides' names behind one new name. */
    RangeTblEntry *rte = an_alloc(an, sizeof *rte);
    rte->kind = RTE_JOIN;
    int cap = 0;
    for (int i = lns0; i < rns1; i++) cap += ps->q->rtable[ps->q->ns[i]]->ncols;
    rte->colnames = an_alloc(an, sizeof(char *) * (size_t)(cap + 1));
    rte->coltypes = an_alloc(an, sizeof(Oid) * (size_t)(cap + 1));
    rte->coltypmods = an_alloc(an, sizeof(int32_t) * (size_t)(cap + 1));
    rte->joinvars = an_alloc(an, sizeof(Expr *) * (size_t)(cap + 1));
    for (int i = lns0; i < rns1; i++) {
      int ri = ps->q->ns[i];
      RangeTblEntry *r = ps->q->rtable[ri];
      if (!r->cols_visible) continue;
      for (int c = 0; c < r->ncols; c++) {
        rte->colnames[rte->ncols] = r->colnames[c];
        rte->coltypes[rte->ncols] = r->coltypes[c];
        rte->coltypmods[rte->ncols] = r->coltypmods[c];
        rte->joinvars[rte->ncols++] = an_make_var(ps, ri, c, 0);
      }
    }
    apply_alias(an, rte, j->alias, -1);
    ns_mark(ps, lns0, false, false);
    rte->rel_visible = rte->cols_visible = true;
    f->rte = an_add_rte(ps, rte);
    ns_add(ps, f->rte);
  }
  return f;
}

static FromItem *from_item(ParseState *ps, Node *n) {
  switch (n->node_case) {
  case PG_QUERY__NODE__NODE_RANGE_VAR: return range_var(ps, n->range_var);
  case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: return range_subselect(ps, n->range_subselect);
  case PG_QUERY__NODE__NODE_JOIN_EXPR: return join_expr(ps, n->join_expr);
  case PG_QUERY__NODE__NODE_RANGE_FUNCTION: return lateral_function(ps, n->range_function);
  default: an_unsupported(ps->an, -1, parser_node_name(n));
  }
}

void an_from_clause(ParseState *ps, Node **items, size_t n) {
  Query *q = ps->q;
  q->from = an_alloc(ps->an, sizeof(FromItem *) * (n + 1));
  const char *save = ps->exprkind;
  bool saveaggs = ps->aggs_allowed, savewin = ps->windows_allowed;
  ps->aggs_allowed = ps->windows_allowed = false;
  ps->exprkind = "JOIN conditions";
  for (size_t i = 0; i < n; i++) q->from[q->nfrom++] = from_item(ps, items[i]);
  ps->exprkind = save;
  ps->aggs_allowed = saveaggs;
  ps->windows_allowed = savewin;
  /* Two FROM items with one visible name would make references ambiguous. */
  for (int i = 0; i < q->nns; i++)
    for (int k = i + 1; k < q->nns; k++) {
      RangeTblEntry *a = q->rtable[q->ns[i]], *b = q->rtable[q->ns[k]];
      if (a->rel_visible && b->rel_visible && a->alias && b->alias && !strcmp(a->alias, b->alias))
        an_error(ps->an, -1, ERRCODE_DUPLICATE_ALIAS, "table name \"%s\" specified more than once", a->alias);
    }
}

/* ---- WHERE, HAVING ---- */

Expr *an_where(ParseState *ps, Node *n, const char *kind) {
  if (!n) return NULL;
  const char *save = ps->exprkind;
  bool saveaggs = ps->aggs_allowed, savewin = ps->windows_allowed;
  ps->exprkind = kind;
  if (strcmp(kind, "HAVING")) ps->aggs_allowed = false;
  ps->windows_allowed = false;
  Expr *e = an_bool_expr(ps, n, kind);
  ps->exprkind = save;
  ps->aggs_allowed = saveaggs;
  ps->windows_allowed = savewin;
  return e;
}

/* ---- GROUP BY ---- */

static bool expr_equal(const Expr *a, const Expr *b);
bool an_expr_equal(const Expr *a, const Expr *b) { return expr_equal(a, b); }

static bool list_equal(Expr *const *a, Expr *const *b, int n) {
  for (int i = 0; i < n; i++) if (!expr_equal(a[i], b[i])) return false;
  return true;
}

/* Structural equality, for matching expressions to GROUP BY items. */
static bool expr_equal(const Expr *a, const Expr *b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind || a->type != b->type) return false;
  switch (a->kind) {
  case EXPR_VAR:
    return a->u.var.rte == b->u.var.rte && a->u.var.attno == b->u.var.attno && a->u.var.levelsup == b->u.var.levelsup;
  case EXPR_CONST:
    if (a->u.c.isnull || b->u.c.isnull) return a->u.c.isnull == b->u.c.isnull;
    if (a->u.c.value.kind != b->u.c.value.kind) return false;
    if (a->u.c.value.kind == D_INT) return a->u.c.value.i == b->u.c.value.i;
    if (a->u.c.value.kind == D_FLOAT) return a->u.c.value.f == b->u.c.value.f;
    return a->u.c.value.n == b->u.c.value.n && !memcmp(a->u.c.value.p, b->u.c.value.p, a->u.c.value.n);
  case EXPR_PARAM: return a->u.param.number == b->u.param.number;
  case EXPR_FUNC:
    return a->u.func.procoid == b->u.func.procoid && a->u.func.nargs == b->u.func.nargs &&
           list_equal(a->u.func.args, b->u.func.args, a->u.func.nargs);
  case EXPR_NATIVE:
    return !strcmp(a->u.native.op, b->u.native.op) && expr_equal(a->u.native.l, b->u.native.l) &&
           expr_equal(a->u.native.r, b->u.native.r);
  case EXPR_RELABEL: return expr_equal(a->u.relabel.arg, b->u.relabel.arg);
  case EXPR_IOCOERCE: return expr_equal(a->u.iocoerce.arg, b->u.iocoerce.arg);
  case EXPR_COALESCE: case EXPR_MINMAX:
    return a->u.list.nargs == b->u.list.nargs && list_equal(a->u.list.args, b->u.list.args, a->u.list.nargs);
  case EXPR_BOOL:
    return a->u.boolexpr.op == b->u.boolexpr.op && a->u.boolexpr.nargs == b->u.boolexpr.nargs &&
           list_equal(a->u.boolexpr.args, b->u.boolexpr.args, a->u.boolexpr.nargs);
  default:
    return false;   /* conservative: an unmatched expression is checked column by column */
  }
}

/* A lifted literal where PostgreSQL gives literals a meaning of their own
** (GROUP BY 1, ORDER BY 1): the statement must be prepared as written. */
static void refuse_lifted_position(Analysis *an, Node *n) {
  if (an->lifted && n->node_case == PG_QUERY__NODE__NODE_PARAM_REF)
    an_unsupported(an, n->param_ref->location, "a lifted literal in this position");
}

static Expr *group_item(ParseState *ps, Node *n) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  refuse_lifted_position(an, n);
  /* GROUP BY 2: an output column by position. */
  if (n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
    int pos = n->a_const->ival->ival;
    if (pos < 1 || pos > q->ntargets)
      an_error(an, n->a_const->location, ERRCODE_INVALID_COLUMN_REFERENCE, "GROUP BY position %d is not in select list", pos);
    return q->targets[pos - 1].expr;
  }
  /* GROUP BY name: an input column first, else an output column's name. */
  if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1 &&
      n->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
    const char *name = n->column_ref->fields[0]->string->sval;
    bool input = false;
    for (int i = 0; i < q->nns && !input; i++) {
      RangeTblEntry *rte = q->rtable[q->ns[i]];
      for (int c = 0; rte->cols_visible && c < rte->ncols; c++) if (!strcmp(rte->colnames[c], name)) input = true;
    }
    if (!input)
      for (int i = 0; i < q->ntargets; i++)
        if (!strcmp(q->targets[i].name, name)) return q->targets[i].expr;
  }
  return an_expr(ps, n);
}

/* ---- grouping sets ---- */

typedef struct GSet { int *items; int n; } GSet;
typedef struct GSetList { GSet *sets; int n; } GSetList;

/* The index of e among the query's grouping expressions (added if new). */
static int group_index(ParseState *ps, Expr *e) {
  Query *q = ps->q;
  for (int i = 0; i < q->ngroupby; i++) if (expr_equal(q->groupby[i], e)) return i;
  q->groupby = arena_grow(&ps->an->arena, q->groupby, (size_t)q->ngroupby, (size_t)q->ngroupby + 1, sizeof(Expr *));
  q->groupby[q->ngroupby] = e;
  return q->ngroupby++;
}

static GSetList gs_single(ParseState *ps, int *items, int n) {
  GSetList l;
  l.n = 1;
  l.sets = an_alloc(ps->an, sizeof(GSet));
  l.sets[0].items = items;
  l.sets[0].n = n;
  return l;
}

/* An element of ROLLUP/CUBE: one expression, or a parenthesised list. */
static GSet gs_element(ParseState *ps, Node *n) {
  GSet g = {NULL, 0};
  Node **items = &n;
  size_t count = 1;
  if (n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) { items = n->row_expr->args; count = n->row_expr->n_args; }
  else if (n->node_case == PG_QUERY__NODE__NODE_GROUPING_SET && n->grouping_set->kind == PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SIMPLE) {
    items = n->grouping_set->content;
    count = n->grouping_set->n_content;
  }
  g.items = an_alloc(ps->an, sizeof(int) * (count + 1));
  for (size_t i = 0; i < count; i++) {
    Expr *e = an_resolve_unknown(ps, group_item(ps, items[i]));
    refuse_array_key(ps->an, e, "GROUP BY on arrays");
    g.items[g.n++] = group_index(ps, e);
  }
  return g;
}

static GSet gs_concat(ParseState *ps, const GSet *a, const GSet *b) {
  GSet g;
  g.items = an_alloc(ps->an, sizeof(int) * (size_t)(a->n + b->n + 1));
  g.n = 0;
  for (int i = 0; i < a->n; i++) g.items[g.n++] = a->items[i];
  for (int i = 0; i < b->n; i++) {
    bool dup = false;
    for (int k = 0; k < g.n; k++) if (g.items[k] == b->items[i]) dup = true;
    if (!dup) g.items[g.n++] = b->items[i];
  }
  return g;
}

static GSetList gs_expand(ParseState *ps, Node *n);

/* ROLLUP (e1, ..., en): (e1..en), (e1..en-1), ..., (); CUBE: every subset,
** in PostgreSQL's order; GROUPING SETS: the union of its members. */
static GSetList gs_grouping_set(ParseState *ps, PgQuery__GroupingSet *gs) {
  Analysis *an = ps->an;
  int n = (int)gs->n_content;
  GSetList l = {NULL, 0};
  switch (gs->kind) {
  case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_EMPTY: return gs_single(ps, NULL, 0);
  case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SIMPLE: {
    GSet g = gs_element(ps, &(Node){.node_case = PG_QUERY__NODE__NODE_GROUPING_SET, .grouping_set = gs});
    return gs_single(ps, g.items, g.n);
  }
  case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_ROLLUP: {
    GSet *el = an_alloc(an, sizeof(GSet) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) el[i] = gs_element(ps, gs->content[i]);
    l.sets = an_alloc(an, sizeof(GSet) * (size_t)(n + 1));
    for (int k = n; k >= 0; k--) {
      GSet g = {NULL, 0};
      for (int i = 0; i < k; i++) g = gs_concat(ps, &g, &el[i]);
      l.sets[l.n++] = g;
    }
    return l;
  }
  case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_CUBE: {
    if (n > 12) an_error(an, gs->location, ERRCODE_PROGRAM_LIMIT_EXCEEDED, "CUBE is limited to 12 elements");
    GSet *el = an_alloc(an, sizeof(GSet) * (size_t)(n + 1));
    for (int i = 0; i < n; i++) el[i] = gs_element(ps, gs->content[i]);
    l.sets = an_alloc(an, sizeof(GSet) * (size_t)(1 << n));
    /* PostgreSQL lists the subsets from all elements down to none. */
    for (int mask = (1 << n) - 1; mask >= 0; mask--) {
      GSet g = {NULL, 0};
      for (int i = 0; i < n; i++) if (mask & (1 << (n - 1 - i))) g = gs_concat(ps, &g, &el[i]);
      l.sets[l.n++] = g;
    }
    return l;
  }
  case PG_QUERY__GROUPING_SET_KIND__GROUPING_SET_SETS: {
    for (int i = 0; i < n; i++) {
      GSetList sub = gs_expand(ps, gs->content[i]);
      l.sets = arena_grow(&an->arena, l.sets, (size_t)l.n, (size_t)(l.n + sub.n), sizeof(GSet));
      for (int k = 0; k < sub.n; k++) l.sets[l.n++] = sub.sets[k];
    }
    return l;
  }
  default: an_unsupported(an, gs->location, "this grouping set");
  }
}

static GSetList gs_expand(ParseState *ps, Node *n) {
  if (n->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) return gs_grouping_set(ps, n->grouping_set);
  GSet g = gs_element(ps, n);
  return gs_single(ps, g.items, g.n);
}

/* GROUP BY a, ROLLUP (b, c): the cross product of each item's sets. */
static void gs_product(ParseState *ps, Node **items, size_t n) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  GSetList acc = gs_single(ps, NULL, 0);
  for (size_t i = 0; i < n; i++) {
    GSetList l = gs_expand(ps, items[i]);
    GSetList next = {an_alloc(an, sizeof(GSet) * (size_t)(acc.n * l.n + 1)), 0};
    for (int a = 0; a < acc.n; a++)
      for (int b = 0; b < l.n; b++) next.sets[next.n++] = gs_concat(ps, &acc.sets[a], &l.sets[b]);
    acc = next;
    if (acc.n > 4096) an_error(an, -1, ERRCODE_PROGRAM_LIMIT_EXCEEDED, "too many grouping sets present (maximum 4096)");
  }
  q->ngsets = acc.n;
  q->gsets = an_alloc(an, sizeof(int *) * (size_t)acc.n);
  q->gsetlen = an_alloc(an, sizeof(int) * (size_t)acc.n);
  for (int i = 0; i < acc.n; i++) { q->gsets[i] = acc.sets[i].items; q->gsetlen[i] = acc.sets[i].n; }
}

/* Arrays are stored as their text, whose order is not PostgreSQL's array
** order ('{10}' < '{9}' as text, 1.0 vs 1.00): sorting, grouping and
** DISTINCT on them are refused rather than answered wrongly. */
static void refuse_array_key(Analysis *an, const Expr *e, const char *what) {
  if (an_type_category(e->type) == 'A') an_unsupported(an, e->location, what);
}

void an_refuse_array_key(Analysis *an, const Expr *e, const char *what) { refuse_array_key(an, e, what); }

void an_group_clause(ParseState *ps, Node **items, size_t n) {
  Query *q = ps->q;
  const char *save = ps->exprkind;
  bool saveaggs = ps->aggs_allowed, savewin = ps->windows_allowed;
  ps->exprkind = "GROUP BY";
  ps->aggs_allowed = ps->windows_allowed = false;
  bool sets = false;
  for (size_t i = 0; i < n; i++) if (items[i]->node_case == PG_QUERY__NODE__NODE_GROUPING_SET) sets = true;
  if (sets) {
    gs_product(ps, items, n);
  } else {
    q->groupby = an_alloc(ps->an, sizeof(Expr *) * (n + 1));
    for (size_t i = 0; i < n; i++) {
      q->groupby[q->ngroupby] = an_resolve_unknown(ps, group_item(ps, items[i]));
      refuse_array_key(ps->an, q->groupby[q->ngroupby++], "GROUP BY on arrays");
    }
  }
  ps->exprkind = save;
  ps->aggs_allowed = saveaggs;
  ps->windows_allowed = savewin;
}

/* GROUPING(a, b, ...): a bit per argument, set when the current grouping set
** does not group by it.  The arguments must be grouping expressions. */
Expr *an_grouping_func(ParseState *ps, PgQuery__GroupingFunc *g) {
  Analysis *an = ps->an;
  Expr *e = an_alloc(an, sizeof *e);
  e->kind = EXPR_GROUPING;
  e->type = PGM_OID_INT4;
  e->typmod = -1;
  e->location = g->location;
  if (g->n_args > 31) an_error(an, g->location, ERRCODE_TOO_MANY_ARGUMENTS, "GROUPING must have fewer than 32 arguments");
  /* The GROUP BY is analysed after the select list: resolve lazily by
  ** expression, checked in an_check_grouping. */
  e->u.grouping.nrefs = (int)g->n_args;
  Expr **args = an_alloc(an, sizeof(Expr *) * (g->n_args + 1));
  bool save = ps->in_agg;
  ps->in_agg = true;
  for (size_t i = 0; i < g->n_args; i++) args[i] = an_expr(ps, g->args[i]);
  ps->in_agg = save;
  /* The arguments become indexes once the GROUP BY is known (an_check_grouping). */
  e->u.grouping.args = args;
  e->u.grouping.refs = NULL;
  return e;
}

/* A column is functionally dependent on the GROUP BY when the whole
** primary key of its table is grouped (PostgreSQL's rule). */
static bool pk_grouped(Query *q, int rteidx) {
  RangeTblEntry *rte = q->rtable[rteidx];
  if (rte->kind != RTE_RELATION) return false;
  for (int i = 0; i < rte->table->ncons; i++) {
    Constraint *c = &rte->table->cons[i];
    if (c->kind != 'p') continue;
    for (int k = 0; k < c->ncols; k++) {
      bool found = false;
      for (int g = 0; g < q->ngroupby; g++) {
        Expr *e = q->groupby[g];
        if (e->kind == EXPR_VAR && e->u.var.levelsup == 0 && e->u.var.rte == rteidx && e->u.var.attno == c->cols[k]) found = true;
      }
      if (!found) return false;
    }
    return true;
  }
  return false;
}

static void check_ungrouped(ParseState *ps, Expr *e);

static void check_list(ParseState *ps, Expr **l, int n) { for (int i = 0; i < n; i++) check_ungrouped(ps, l[i]); }

/* ---- outer references from subqueries into a grouped query ---- */

static void refs_expr(ParseState *ps, Expr *e, int depth);
static void refs_query(ParseState *ps, Query *q, int depth);

static void refs_list(ParseState *ps, Expr **l, int n, int depth) { for (int i = 0; i < n; i++) refs_expr(ps, l[i], depth); }

static void refs_from(ParseState *ps, Query *q, FromItem *f, int depth) {
  if (!f) return;
  if (f->is_join) { refs_from(ps, q, f->larg, depth); refs_from(ps, q, f->rarg, depth); refs_expr(ps, f->quals, depth); return; }
  RangeTblEntry *rte = q->rtable[f->rte];
  if (rte->kind == RTE_FUNCTION) refs_list(ps, rte->funcargs, rte->nfuncargs, depth);
  if (rte->kind == RTE_SUBQUERY || rte->kind == RTE_VALUES) refs_query(ps, rte->subquery, depth + 1);
}

/* A column of the grouped query used inside one of its subqueries must be
** grouped (PostgreSQL: "subquery uses ungrouped column ... from outer
** query"); SQLite would silently take one row's value. */
static void refs_var(ParseState *ps, Expr *e) {
  Query *q = ps->q;
  Expr local = *e;
  local.u.var.levelsup = 0;
  for (int g = 0; g < q->ngroupby; g++) if (expr_equal(&local, q->groupby[g])) return;
  if (pk_grouped(q, e->u.var.rte)) return;
  RangeTblEntry *rte = q->rtable[e->u.var.rte];
  an_error(ps->an, e->location, ERRCODE_GROUPING_ERROR, "subquery uses ungrouped column \"%s.%s\" from outer query",
           rte->alias ? rte->alias : "?", rte->colnames[e->u.var.attno]);
}

static void refs_expr(ParseState *ps, Expr *e, int depth) {
  if (!e) return;
  switch (e->kind) {
  case EXPR_VAR: if (e->u.var.levelsup == depth) refs_var(ps, e); return;
  case EXPR_FUNC: refs_list(ps, e->u.func.args, e->u.func.nargs, depth); return;
  case EXPR_AGG:
    /* An aggregate of outer columns belongs to the outer query in PostgreSQL;
    ** here it would aggregate the subquery's rows: refuse it. */
    for (int i = 0; i < e->u.agg.nargs; i++) {
      Expr *a = e->u.agg.args[i];
      if (a->kind == EXPR_VAR && a->u.var.levelsup == depth)
        an_unsupported(ps->an, e->location, "aggregates of outer-query columns inside a subquery");
    }
    refs_list(ps, e->u.agg.args, e->u.agg.nargs, depth);
    refs_expr(ps, e->u.agg.filter, depth);
    return;
  case EXPR_WINDOW: refs_list(ps, e->u.window.args, e->u.window.nargs, depth); return;
  case EXPR_BOOL: refs_list(ps, e->u.boolexpr.args, e->u.boolexpr.nargs, depth); return;
  case EXPR_NULLTEST: refs_expr(ps, e->u.nulltest.arg, depth); return;
  case EXPR_BOOLTEST: refs_expr(ps, e->u.booltest.arg, depth); return;
  case EXPR_DISTINCT: refs_expr(ps, e->u.distinct.eq, depth); return;
  case EXPR_NULLIF: refs_expr(ps, e->u.nullif.eq, depth); return;
  case EXPR_CASE:
    refs_list(ps, e->u.caseexpr.whens, e->u.caseexpr.nwhen, depth);
    refs_list(ps, e->u.caseexpr.thens, e->u.caseexpr.nwhen, depth);
    refs_expr(ps, e->u.caseexpr.elseexpr, depth);
    return;
  case EXPR_COALESCE: refs_list(ps, e->u.list.args, e->u.list.nargs, depth); return;
  case EXPR_MINMAX: refs_list(ps, e->u.minmax.args, e->u.minmax.nargs, depth); return;
  case EXPR_RELABEL: refs_expr(ps, e->u.relabel.arg, depth); return;
  case EXPR_IOCOERCE: refs_expr(ps, e->u.iocoerce.arg, depth); return;
  case EXPR_INLIST: refs_expr(ps, e->u.inlist.arg, depth); refs_list(ps, e->u.inlist.items, e->u.inlist.nitems, depth); return;
  case EXPR_NATIVE: refs_expr(ps, e->u.native.l, depth); refs_expr(ps, e->u.native.r, depth); return;
  case EXPR_SUBLINK:
    refs_expr(ps, e->u.sublink.testexpr, depth);
    refs_expr(ps, e->u.sublink.cmp, depth);
    refs_query(ps, e->u.sublink.subquery, depth + 1);
    return;
  case EXPR_SEQFUNC: refs_expr(ps, e->u.seq.arg2, depth); refs_expr(ps, e->u.seq.arg3, depth); return;
  case EXPR_NOTNULLCHK: refs_expr(ps, e->u.notnullchk.arg, depth); return;
  case EXPR_SRF: refs_list(ps, e->u.srf.args, e->u.srf.nargs, depth); return;
  case EXPR_CONST: case EXPR_PARAM: case EXPR_SQLREF: case EXPR_GROUPING: return;
  }
}

static void refs_query(ParseState *ps, Query *q, int depth) {
  if (!q) return;
  if (q->setop != SETOP_NONE) { refs_query(ps, q->larg, depth); refs_query(ps, q->rarg, depth); return; }
  for (int i = 0; i < q->ntargets; i++) refs_expr(ps, q->targets[i].expr, depth);
  for (int i = 0; i < q->nfrom; i++) refs_from(ps, q, q->from[i], depth);
  refs_expr(ps, q->where, depth);
  refs_list(ps, q->groupby, q->ngroupby, depth);
  refs_expr(ps, q->having, depth);
  for (int i = 0; i < q->nsort; i++) refs_expr(ps, q->sort[i].expr, depth);
  for (int r = 0; r < q->nvalues; r++) refs_list(ps, q->values[r], q->nvaluecols, depth);
}

static void check_ungrouped(ParseState *ps, Expr *e) {
  if (!e) return;
  Query *q = ps->q;
  for (int g = 0; g < q->ngroupby; g++) if (expr_equal(e, q->groupby[g])) return;
  switch (e->kind) {
  case EXPR_AGG: return;
  case EXPR_VAR:
    if (e->u.var.levelsup != 0 || pk_grouped(q, e->u.var.rte)) return;
    {
      RangeTblEntry *rte = q->rtable[e->u.var.rte];
      an_error(ps->an, e->location, ERRCODE_GROUPING_ERROR,
               "column \"%s.%s\" must appear in the GROUP BY clause or be used in an aggregate function",
               rte->alias ? rte->alias : "?", rte->colnames[e->u.var.attno]);
    }
  case EXPR_FUNC: check_list(ps, e->u.func.args, e->u.func.nargs); return;
  case EXPR_WINDOW:
    check_list(ps, e->u.window.args, e->u.window.nargs);
    check_list(ps, e->u.window.spec->partition, e->u.window.spec->npartition);
    for (int i = 0; i < e->u.window.spec->norder; i++) check_ungrouped(ps, e->u.window.spec->order[i].expr);
    return;
  case EXPR_BOOL: check_list(ps, e->u.boolexpr.args, e->u.boolexpr.nargs); return;
  case EXPR_NULLTEST: check_ungrouped(ps, e->u.nulltest.arg); return;
  case EXPR_BOOLTEST: check_ungrouped(ps, e->u.booltest.arg); return;
  case EXPR_DISTINCT: check_ungrouped(ps, e->u.distinct.eq); return;
  case EXPR_NULLIF: check_ungrouped(ps, e->u.nullif.eq); return;
  case EXPR_CASE:
    check_list(ps, e->u.caseexpr.whens, e->u.caseexpr.nwhen);
    check_list(ps, e->u.caseexpr.thens, e->u.caseexpr.nwhen);
    check_ungrouped(ps, e->u.caseexpr.elseexpr);
    return;
  case EXPR_COALESCE: check_list(ps, e->u.list.args, e->u.list.nargs); return;
  case EXPR_MINMAX: check_list(ps, e->u.minmax.args, e->u.minmax.nargs); return;
  case EXPR_RELABEL: check_ungrouped(ps, e->u.relabel.arg); return;
  case EXPR_IOCOERCE: check_ungrouped(ps, e->u.iocoerce.arg); return;
  case EXPR_INLIST: check_ungrouped(ps, e->u.inlist.arg); check_list(ps, e->u.inlist.items, e->u.inlist.nitems); return;
  case EXPR_NATIVE: check_ungrouped(ps, e->u.native.l); check_ungrouped(ps, e->u.native.r); return;
  case EXPR_SUBLINK:
    check_ungrouped(ps, e->u.sublink.testexpr);
    refs_expr(ps, e->u.sublink.cmp, 0);
    refs_query(ps, e->u.sublink.subquery, 1);
    return;
  case EXPR_SEQFUNC: check_ungrouped(ps, e->u.seq.arg2); check_ungrouped(ps, e->u.seq.arg3); return;
  case EXPR_NOTNULLCHK: check_ungrouped(ps, e->u.notnullchk.arg); return;
  case EXPR_SRF: check_list(ps, e->u.srf.args, e->u.srf.nargs); return;
  case EXPR_CONST: case EXPR_PARAM: case EXPR_SQLREF: case EXPR_GROUPING: return;
  }
}

/* Turn the argument expressions of GROUPING() into grouping indexes. */
static void resolve_grouping(ParseState *ps, Expr *e);

static void resolve_grouping_list(ParseState *ps, Expr **l, int n) { for (int i = 0; i < n; i++) resolve_grouping(ps, l[i]); }

static void resolve_grouping(ParseState *ps, Expr *e) {
  if (!e) return;
  switch (e->kind) {
  case EXPR_GROUPING: {
    if (e->u.grouping.refs) return;   /* resolved already (ORDER BY shares the target's tree) */
    Expr **args = e->u.grouping.args;
    int *refs = an_alloc(ps->an, sizeof(int) * (size_t)(e->u.grouping.nrefs + 1));
    for (int i = 0; i < e->u.grouping.nrefs; i++) {
      refs[i] = -1;
      for (int g = 0; g < ps->q->ngroupby; g++) if (expr_equal(args[i], ps->q->groupby[g])) refs[i] = g;
      if (refs[i] < 0)
        an_error(ps->an, e->location, ERRCODE_GROUPING_ERROR, "arguments to GROUPING must be grouping expressions of the associated query level");
    }
    e->u.grouping.refs = refs;
    return;
  }
  case EXPR_FUNC: resolve_grouping_list(ps, e->u.func.args, e->u.func.nargs); return;
  case EXPR_NATIVE: resolve_grouping(ps, e->u.native.l); resolve_grouping(ps, e->u.native.r); return;
  case EXPR_BOOL: resolve_grouping_list(ps, e->u.boolexpr.args, e->u.boolexpr.nargs); return;
  case EXPR_CASE:
    resolve_grouping_list(ps, e->u.caseexpr.whens, e->u.caseexpr.nwhen);
    resolve_grouping_list(ps, e->u.caseexpr.thens, e->u.caseexpr.nwhen);
    resolve_grouping(ps, e->u.caseexpr.elseexpr);
    return;
  case EXPR_COALESCE: resolve_grouping_list(ps, e->u.list.args, e->u.list.nargs); return;
  case EXPR_RELABEL: resolve_grouping(ps, e->u.relabel.arg); return;
  case EXPR_IOCOERCE: resolve_grouping(ps, e->u.iocoerce.arg); return;
  case EXPR_NULLTEST: resolve_grouping(ps, e->u.nulltest.arg); return;
  default: return;
  }
}

void an_check_grouping(ParseState *ps) {
  Query *q = ps->q;
  for (int i = 0; i < q->ntargets; i++) resolve_grouping(ps, q->targets[i].expr);
  resolve_grouping(ps, q->having);
  for (int i = 0; i < q->nsort; i++) resolve_grouping(ps, q->sort[i].expr);
  if (q->ngsets)
    for (int i = 0; i < q->nsort; i++) {
      bool in = false;
      for (int t = 0; t < q->ntargets; t++) if (expr_equal(q->sort[i].expr, q->targets[t].expr)) in = true;
      if (!in) an_unsupported(ps->an, q->sort[i].expr->location, "ORDER BY expressions outside the select list with GROUPING SETS");
    }
  if (!q->ngroupby && !ps->has_aggs && !q->having) return;
  for (int i = 0; i < q->ntargets; i++) check_ungrouped(ps, q->targets[i].expr);
  check_ungrouped(ps, q->having);
  for (int i = 0; i < q->nsort; i++) check_ungrouped(ps, q->sort[i].expr);
}

/* ---- ORDER BY ---- */

static Expr *sort_target(ParseState *ps, Node *n, bool targets_fixed) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  refuse_lifted_position(an, n);
  if (n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
    int pos = n->a_const->ival->ival;
    if (pos < 1 || pos > q->ntargets)
      an_error(an, n->a_const->location, ERRCODE_INVALID_COLUMN_REFERENCE, "ORDER BY position %d is not in select list", pos);
    return q->targets[pos - 1].expr;
  }
  /* ORDER BY name: an output column's name first. */
  if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields == 1 &&
      n->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING) {
    const char *name = n->column_ref->fields[0]->string->sval;
    int found = -1;
    for (int i = 0; i < q->ntargets; i++)
      if (!q->targets[i].junk && !strcmp(q->targets[i].name, name)) {
        if (found >= 0 && !expr_equal(q->targets[found].expr, q->targets[i].expr))
          an_error(an, n->column_ref->location, ERRCODE_AMBIGUOUS_COLUMN, "ORDER BY \"%s\" is ambiguous", name);
        found = i;
      }
    if (found >= 0) return q->targets[found].expr;
  }
  if (targets_fixed) {
    /* Set operations: only output columns can be sorted on. */
    an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED,
             "invalid UNION/INTERSECT/EXCEPT ORDER BY clause");
  }
  Expr *e = an_resolve_unknown(ps, an_expr(ps, n));
  return e;
}

void an_sort_clause(ParseState *ps, Node **items, size_t n, bool targets_fixed) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  q->sort = an_alloc(an, sizeof(SortItem) * (n + 1));
  const char *save = ps->exprkind;
  ps->exprkind = "ORDER BY";
  for (int t = 0; q->distinct && t < q->ntargets; t++) refuse_array_key(an, q->targets[t].expr, "DISTINCT on arrays");
  for (size_t i = 0; i < n; i++) {
    PgQuery__SortBy *sb = items[i]->sort_by;
    if (sb->n_use_op) an_unsupported(an, sb->location, "ORDER BY ... USING");
    SortItem *s = &q->sort[q->nsort++];
    s->expr = sort_target(ps, sb->node, targets_fixed);
    refuse_array_key(an, s->expr, "ORDER BY on arrays");
    s->desc = sb->sortby_dir == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    /* PostgreSQL sorts NULLs as larger than every value. */
    if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST) s->nulls_first = true;
    else if (sb->sortby_nulls == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST) s->nulls_first = false;
    else s->nulls_first = s->desc;
    if (q->distinct) {
      bool in = false;
      for (int t = 0; t < q->ntargets; t++) if (expr_equal(q->targets[t].expr, s->expr)) in = true;
      if (!in)
        an_error(an, sb->location, ERRCODE_INVALID_COLUMN_REFERENCE,
                 "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
    }
  }
  ps->exprkind = save;
}

/* DISTINCT ON (exprs): the first row of each group, as ORDER BY sorts it;
** the ORDER BY must begin with the same expressions. */
void an_distinct_on(ParseState *ps, Node **items, size_t n) {
  Analysis *an = ps->an;
  Query *q = ps->q;
  q->distinct_on = an_alloc(an, sizeof(Expr *) * (n + 1));
  const char *save = ps->exprkind;
  ps->exprkind = "DISTINCT ON";
  for (size_t i = 0; i < n; i++) {
    q->distinct_on[q->ndistinct_on] = sort_target(ps, items[i], false);
    refuse_array_key(an, q->distinct_on[q->ndistinct_on++], "DISTINCT ON arrays");
  }
  ps->exprkind = save;
  int k = q->nsort < q->ndistinct_on ? q->nsort : q->ndistinct_on;
  for (int i = 0; i < k; i++) {
    bool found = false;
    for (int d = 0; d < q->ndistinct_on; d++) if (expr_equal(q->sort[i].expr, q->distinct_on[d])) found = true;
    if (!found)
      an_error(an, q->sort[i].expr->location, ERRCODE_INVALID_COLUMN_REFERENCE,
               "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
  }
  if (q->nsort && q->nsort < q->ndistinct_on)
    for (int d = 0; d < q->ndistinct_on; d++) {
      bool found = false;
      for (int i = 0; i < q->nsort; i++) if (expr_equal(q->sort[i].expr, q->distinct_on[d])) found = true;
      if (!found)
        an_error(an, q->distinct_on[d]->location, ERRCODE_INVALID_COLUMN_REFERENCE,
                 "SELECT DISTINCT ON expressions must match initial ORDER BY expressions");
    }
}

/* ---- LIMIT / OFFSET ---- */

Expr *an_limit(ParseState *ps, Node *n, const char *kind) {
  if (!n) return NULL;
  const char *save = ps->exprkind;
  bool saveaggs = ps->aggs_allowed, savewin = ps->windows_allowed;
  ps->exprkind = kind;
  ps->aggs_allowed = ps->windows_allowed = false;
  Expr *e = an_expr(ps, n);
  e = an_coerce_or_error(ps, e, PGM_OID_INT8, -1, COERCE_IMPLICIT, e->location);
  ps->exprkind = save;
  ps->aggs_allowed = saveaggs;
  ps->windows_allowed = savewin;
  if (e->kind == EXPR_CONST && !e->u.c.isnull && e->u.c.value.kind == D_INT && e->u.c.value.i < 0)
    an_error(ps->an, e->location, !strcmp(kind, "LIMIT") ? "2201W" : "2201X", "%s must not be negative", kind);
  return e;
}
