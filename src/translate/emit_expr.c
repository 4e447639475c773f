/*
** emit_expr.c — expressions in SQLite syntax.
*/
#include "translate/translate.h"
#include "adt/adt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void emit_datum(Emit *em, const Datum *d) {
  StrBuf *b = em->out;
  switch (d->kind) {
  case D_NULL: sb_puts(b, "NULL"); break;
  case D_INT: sb_printf(b, "%lld", (long long)d->i); break;
  case D_FLOAT: {
    char num[40];
    if (isinf(d->f)) snprintf(num, sizeof num, "%s", d->f > 0 ? "9e999" : "-9e999");
    else snprintf(num, sizeof num, "%.17g", d->f);
    sb_puts(b, num);
    /* Keep it a REAL for SQLite even when integral: 1.0, not 1. */
    if (!strpbrk(num, ".e")) sb_puts(b, ".0");
    break;
  }
  case D_TEXT: sb_put_sqlstr(b, d->p, d->n); break;
  case D_BLOB:
    sb_puts(b, "X'");
    for (size_t i = 0; i < d->n; i++) sb_printf(b, "%02x", (unsigned char)d->p[i]);
    sb_putc(b, '\'');
    break;
  }
}

static void emit_list(Emit *em, Expr *const *args, int n) {
  for (int i = 0; i < n; i++) {
    if (i) sb_puts(em->out, ", ");
    emit_expr(em, args[i]);
  }
}

static void emit_var(Emit *em, const Expr *e) {
  if (emit_lateral_param(em, e)) return;
  int level = e->u.var.levelsup;
  if (level >= em->nlevels) level = em->nlevels - 1;
  Query *q = em->levels[level];
  RangeTblEntry *rte = q->rtable[e->u.var.rte];
  StrBuf *b = em->out;
  if (rte->kind == RTE_RELATION) {
    if (!(em->returning && e->u.var.rte == q->result_rte && level == 0)) {
      sb_puts(b, rte->sqlalias);
      sb_putc(b, '.');
    }
    sb_put_ident(b, rte->table->cols[e->u.var.attno].name);
  } else if (rte->kind == RTE_FUNCTION) {
    sb_printf(b, "%s.%s", rte->sqlalias, e->u.var.attno == 0 ? "value" : "rowid");
  } else {
    sb_printf(b, "%s.c%d", rte->sqlalias, e->u.var.attno + 1);
  }
}

static void emit_bool(Emit *em, const Expr *e) {
  StrBuf *b = em->out;
  if (e->u.boolexpr.op == BOOL_NOT) {
    sb_puts(b, "(NOT ");
    emit_expr(em, e->u.boolexpr.args[0]);
    sb_putc(b, ')');
    return;
  }
  const char *op = e->u.boolexpr.op == BOOL_AND ? " AND " : " OR ";
  sb_putc(b, '(');
  for (int i = 0; i < e->u.boolexpr.nargs; i++) {
    if (i) sb_puts(b, op);
    emit_expr(em, e->u.boolexpr.args[i]);
  }
  if (e->u.boolexpr.nargs == 0) sb_puts(b, e->u.boolexpr.op == BOOL_AND ? "1" : "0");
  sb_putc(b, ')');
}

/* IS [NOT] TRUE/FALSE/UNKNOWN: never NULL. */
static void emit_booltest(Emit *em, const Expr *e) {
  static const char *const forms[] = {"(%s IS 1)", "(%s IS NOT 1)", "(%s IS 0)", "(%s IS NOT 0)",
                                      "(%s IS NULL)", "(%s IS NOT NULL)"};
  StrBuf inner = STRBUF_INIT;
  StrBuf *save = em->out;
  em->out = &inner;
  emit_expr(em, e->u.booltest.arg);
  em->out = save;
  sb_printf(em->out, forms[e->u.booltest.test], sb_str(&inner));
  sb_free(&inner);
}

static void emit_eq_operands(Emit *em, const Expr *eq, const Expr **l, const Expr **r) {
  (void)em;
  if (eq->kind == EXPR_NATIVE) { *l = eq->u.native.l; *r = eq->u.native.r; }
  else { *l = eq->u.func.args[0]; *r = eq->u.func.args[1]; }
}

static void emit_distinct(Emit *em, const Expr *e) {
  const Expr *eq = e->u.distinct.eq, *l, *r;
  emit_eq_operands(em, eq, &l, &r);
  StrBuf *b = em->out;
  if (eq->kind == EXPR_NATIVE) {
    /* SQLite's IS / IS NOT are null-safe equality on the same storage. */
    sb_putc(b, '(');
    emit_expr(em, l);
    sb_puts(b, e->u.distinct.isnot ? " IS " : " IS NOT ");
    emit_expr(em, r);
    sb_putc(b, ')');
    return;
  }
  sb_puts(b, "(CASE WHEN ");
  emit_expr(em, l);
  sb_puts(b, " IS NULL THEN ");
  emit_expr(em, r);
  sb_puts(b, e->u.distinct.isnot ? " IS NULL WHEN " : " IS NOT NULL WHEN ");
  emit_expr(em, r);
  sb_puts(b, e->u.distinct.isnot ? " IS NULL THEN 0 ELSE " : " IS NULL THEN 1 ELSE ");
  if (!e->u.distinct.isnot) sb_puts(b, "NOT ");
  emit_expr(em, eq);
  sb_puts(b, " END)");
}

static void emit_nullif(Emit *em, const Expr *e) {
  const Expr *l, *r;
  emit_eq_operands(em, e->u.nullif.eq, &l, &r);
  sb_puts(em->out, "(CASE WHEN ");
  emit_expr(em, e->u.nullif.eq);
  sb_puts(em->out, " THEN NULL ELSE ");
  emit_expr(em, l);
  sb_puts(em->out, " END)");
}

static void emit_case(Emit *em, const Expr *e) {
  StrBuf *b = em->out;
  sb_puts(b, "(CASE");
  for (int i = 0; i < e->u.caseexpr.nwhen; i++) {
    sb_puts(b, " WHEN ");
    emit_expr(em, e->u.caseexpr.whens[i]);
    sb_puts(b, " THEN ");
    emit_expr(em, e->u.caseexpr.thens[i]);
  }
  if (e->u.caseexpr.elseexpr) {
    sb_puts(b, " ELSE ");
    emit_expr(em, e->u.caseexpr.elseexpr);
  }
  sb_puts(b, " END)");
}

/* (SELECT x ...) must yield at most one row: PostgreSQL raises 21000 where
** SQLite would take the first row. */
static void emit_subquery(Emit *em, Query *q) {
  sb_putc(em->out, '(');
  emit_query(em, q);
  sb_putc(em->out, ')');
}

/* The ordered aggregates' key spec (adt/ordered_agg.c): per key its
** direction, NULL placement and the collation its type sorts with. */
static void emit_sort_spec(Emit *em, const SortItem *items, int n) {
  sb_puts(em->out, ", '");
  for (int i = 0; i < n; i++) {
    const SortItem *s = &items[i];
    const char *coll = adt_collation(s->expr->type);
    char c = !coll ? '-' : !strcmp(coll, "pgm_numeric") ? 'n' : !strcmp(coll, "pgm_interval") ? 'i' : 'r';
    sb_printf(em->out, "%c%c%c", s->desc ? 'd' : 'a', s->nulls_first ? 'f' : 'l', c);
    if (i + 1 < n) sb_putc(em->out, ',');
  }
  sb_putc(em->out, '\'');
}

/* ARRAY(SELECT ...): the values collected in the subquery's ORDER BY order
** (its sort keys are output columns, analyze.c), '{}' for no rows. */
static void emit_array_sublink(Emit *em, const Expr *e) {
  StrBuf *b = em->out;
  Query *q = e->u.sublink.subquery;
  Oid elem = pgm_type_by_oid(e->type)->elem;
  sb_printf(b, "(SELECT coalesce(%s(c1, %u", q->nsort ? "pgm_ordered_array_agg" : "pgm_array_agg", elem);
  if (q->nsort) {
    emit_sort_spec(em, q->sort, q->nsort);
    for (int i = 0; i < q->nsort; i++) {
      int pos = 0;
      while (pos < q->ntargets && q->targets[pos].expr != q->sort[i].expr &&
             !an_expr_equal(q->targets[pos].expr, q->sort[i].expr)) pos++;
      sb_printf(b, ", c%d", pos + 1);
    }
  }
  sb_puts(b, "), '{}') FROM ");
  emit_subquery(em, q);
  sb_putc(b, ')');
}

static void emit_sublink(Emit *em, const Expr *e) {
  StrBuf *b = em->out;
  Query *q = e->u.sublink.subquery;
  switch (e->u.sublink.kind) {
  case SUBLINK_ARRAY: emit_array_sublink(em, e); return;
  case SUBLINK_EXISTS:
    sb_puts(b, "EXISTS ");
    emit_subquery(em, q);
    return;
  case SUBLINK_EXPR:
    sb_printf(b, "(SELECT pgm_onerow(c%d, n) FROM (SELECT c%d, count(*) OVER () AS n FROM (SELECT * FROM ",
              e->u.sublink.col + 1, e->u.sublink.col + 1);
    emit_subquery(em, q);
    sb_puts(b, " LIMIT 2)))");
    return;
  case SUBLINK_ANY:
    if (e->u.sublink.native_in) {
      sb_putc(b, '(');
      emit_expr(em, e->u.sublink.testexpr);
      sb_puts(b, " IN (SELECT c1 FROM ");
      emit_subquery(em, q);
      sb_puts(b, "))");
      return;
    }
    /* the general three-valued form below */
    __attribute__((fallthrough));
  case SUBLINK_ALL: {
    /* ANY: true if some row compares true, else NULL if some compares NULL,
    ** else false.  ALL: false if some row compares false, else NULL if
    ** some compares NULL, else true. */
    bool any = e->u.sublink.kind == SUBLINK_ANY;
    const char *a = e->u.sublink.alias;
    sb_puts(b, "(CASE WHEN EXISTS (SELECT 1 FROM ");
    emit_subquery(em, q);
    sb_printf(b, " AS %s WHERE %s", a, any ? "" : "NOT ");
    emit_expr(em, e->u.sublink.cmp);
    sb_printf(b, ") THEN %d WHEN EXISTS (SELECT 1 FROM ", any ? 1 : 0);
    emit_subquery(em, q);
    sb_printf(b, " AS %s WHERE (", a);
    emit_expr(em, e->u.sublink.cmp);
    sb_printf(b, ") IS NULL) THEN NULL ELSE %d END)", any ? 0 : 1);
    return;
  }
  }
}

static void emit_window(Emit *em, const Expr *e) {
  StrBuf *b = em->out;
  sb_printf(b, "%s(", e->u.window.sqlname);
  if (e->u.window.star) sb_putc(b, '*');
  else emit_list(em, e->u.window.args, e->u.window.nargs);
  sb_puts(b, ") OVER (");
  WindowSpec *s = e->u.window.spec;
  if (s->npartition) {
    sb_puts(b, "PARTITION BY ");
    for (int i = 0; i < s->npartition; i++) {
      if (i) sb_puts(b, ", ");
      emit_sortable(em, s->partition[i]);
    }
  }
  if (s->norder) {
    sb_puts(b, s->npartition ? " ORDER BY " : "ORDER BY ");
    for (int i = 0; i < s->norder; i++) {
      if (i) sb_puts(b, ", ");
      emit_sortable(em, s->order[i].expr);
      sb_puts(b, s->order[i].desc ? " DESC" : " ASC");
      sb_puts(b, s->order[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
    }
  }
  if (s->frame_sql) { sb_putc(b, ' '); sb_puts(b, s->frame_sql); }
  sb_putc(b, ')');
}

static void emit_agg(Emit *em, const Expr *e) {
  StrBuf *b = em->out;
  em->agg_depth++;
  sb_printf(b, "%s(", e->u.agg.sqlname);
  if (e->u.agg.distinct) sb_puts(b, "DISTINCT ");
  if (e->u.agg.star) sb_putc(b, '*');
  else emit_list(em, e->u.agg.args, e->u.agg.nargs);
  if (e->u.agg.norder) {
    /* Ordered aggregates (adt/ordered_agg.c) take a spec of the keys, then the keys. */
    emit_sort_spec(em, e->u.agg.order, e->u.agg.norder);
    for (int i = 0; i < e->u.agg.norder; i++) { sb_puts(b, ", "); emit_expr(em, e->u.agg.order[i].expr); }
  }
  sb_putc(b, ')');
  if (e->u.agg.filter) {
    sb_puts(b, " FILTER (WHERE ");
    emit_expr(em, e->u.agg.filter);
    sb_putc(b, ')');
  }
  em->agg_depth--;
}

static void emit_seqfunc(Emit *em, const Expr *e) {
  StrBuf *b = em->out;
  sb_printf(b, "pgm_%s(", e->u.seq.fn);
  sb_put_sqlstr(b, e->u.seq.seqname, strlen(e->u.seq.seqname));
  if (e->u.seq.arg2) { sb_puts(b, ", "); emit_expr(em, e->u.seq.arg2); }
  if (e->u.seq.arg3) { sb_puts(b, ", "); emit_expr(em, e->u.seq.arg3); }
  sb_putc(b, ')');
}

static bool in_gset(const Emit *em, int g) {
  for (int i = 0; i < em->gsetlen; i++) if (em->gset[i] == g) return true;
  return false;
}

/* In a grouping-set branch: GROUPING() is a constant, and an expression
** grouped by another set is NULL here.  Returns whether it emitted e. */
static bool emit_grouping_branch(Emit *em, const Expr *e) {
  if (!em->gq || em->agg_depth || em->levels[0] != em->gq) return false;
  if (e->kind == EXPR_GROUPING) {
    int bits = 0;
    for (int i = 0; i < e->u.grouping.nrefs; i++) bits = (bits << 1) | (in_gset(em, e->u.grouping.refs[i]) ? 0 : 1);
    sb_printf(em->out, "%d", bits);
    return true;
  }
  for (int g = 0; g < em->gq->ngroupby; g++)
    if (!in_gset(em, g) && an_expr_equal(e, em->gq->groupby[g])) { sb_puts(em->out, "NULL"); return true; }
  return false;
}

void emit_expr(Emit *em, const Expr *e) {
  StrBuf *b = em->out;
  if (em->pset && emit_project_set_ref(em, e)) return;
  if (emit_grouping_branch(em, e)) return;
  switch (e->kind) {
  case EXPR_CONST:
    if (e->u.c.isnull) sb_puts(b, "NULL");
    else emit_datum(em, &e->u.c.value);
    return;
  case EXPR_PARAM:
    if (!emit_lateral_param(em, e)) sb_printf(b, "?%d", e->u.param.number);
    return;
  case EXPR_VAR: emit_var(em, e); return;
  case EXPR_FUNC:
    sb_printf(b, "%s(", e->u.func.sqlname);
    emit_list(em, e->u.func.args, e->u.func.nargs);
    sb_putc(b, ')');
    return;
  case EXPR_NATIVE:
    sb_putc(b, '(');
    if (e->u.native.l) { emit_expr(em, e->u.native.l); sb_putc(b, ' '); }
    sb_puts(b, e->u.native.op);
    sb_putc(b, ' ');
    emit_expr(em, e->u.native.r);
    sb_putc(b, ')');
    return;
  case EXPR_AGG: emit_agg(em, e); return;
  case EXPR_WINDOW: emit_window(em, e); return;
  case EXPR_BOOL: emit_bool(em, e); return;
  case EXPR_NULLTEST:
    sb_putc(b, '(');
    emit_expr(em, e->u.nulltest.arg);
    sb_puts(b, e->u.nulltest.isnot ? " IS NOT NULL)" : " IS NULL)");
    return;
  case EXPR_BOOLTEST: emit_booltest(em, e); return;
  case EXPR_DISTINCT: emit_distinct(em, e); return;
  case EXPR_NULLIF: emit_nullif(em, e); return;
  case EXPR_CASE: emit_case(em, e); return;
  case EXPR_COALESCE:
    /* SQLite's coalesce() wants two or more arguments. */
    if (e->u.list.nargs == 1) { emit_expr(em, e->u.list.args[0]); return; }
    sb_puts(b, "coalesce(");
    emit_list(em, e->u.list.args, e->u.list.nargs);
    sb_putc(b, ')');
    return;
  case EXPR_MINMAX:
    sb_printf(b, "(SELECT %s(column1) FROM (VALUES ", e->u.minmax.aggname);
    for (int i = 0; i < e->u.minmax.nargs; i++) {
      sb_puts(b, i ? ", (" : "(");
      emit_expr(em, e->u.minmax.args[i]);
      sb_putc(b, ')');
    }
    sb_puts(b, "))");
    return;
  case EXPR_SUBLINK: emit_sublink(em, e); return;
  case EXPR_RELABEL: emit_expr(em, e->u.relabel.arg); return;
  case EXPR_IOCOERCE: {
    const Expr *arg = e->u.iocoerce.arg;
    bool from_text = arg->type == PGM_OID_TEXT || arg->type == PGM_OID_VARCHAR || arg->type == PGM_OID_UNKNOWN;
    if (e->type == PGM_OID_TEXT || e->type == PGM_OID_VARCHAR) {
      sb_puts(b, "pgm_out(");
      emit_expr(em, arg);
      sb_printf(b, ", %u, %d)", arg->type, arg->typmod);
    } else {
      sb_puts(b, "pgm_in(");
      if (from_text) emit_expr(em, arg);
      else { sb_puts(b, "pgm_out("); emit_expr(em, arg); sb_printf(b, ", %u, %d)", arg->type, arg->typmod); }
      sb_printf(b, ", %u, %d)", e->type, e->typmod);
    }
    return;
  }
  case EXPR_INLIST:
    sb_putc(b, '(');
    emit_expr(em, e->u.inlist.arg);
    sb_puts(b, e->u.inlist.isnot ? " NOT IN (" : " IN (");
    emit_list(em, e->u.inlist.items, e->u.inlist.nitems);
    sb_puts(b, "))");
    return;
  case EXPR_SEQFUNC: emit_seqfunc(em, e); return;
  case EXPR_SQLREF: sb_puts(b, e->u.sqlref.sql); return;
  case EXPR_GROUPING: sb_puts(b, "0"); return;   /* plain GROUP BY: every argument is grouped */
  case EXPR_SRF:
    /* Only a ProjectSet's rows read one (above); analysis allows no other
    ** place.  Should that ever fail, SQLite refuses the statement. */
    sb_puts(b, "pgm_set_returning_function_misplaced()");
    return;
  case EXPR_NOTNULLCHK:
    sb_puts(b, "pgm_notnull(");
    emit_expr(em, e->u.notnullchk.arg);
    sb_puts(b, ", ");
    sb_put_sqlstr(b, e->u.notnullchk.column, strlen(e->u.notnullchk.column));
    sb_puts(b, ", ");
    sb_put_sqlstr(b, e->u.notnullchk.table, strlen(e->u.notnullchk.table));
    sb_putc(b, ')');
    return;
  }
}
