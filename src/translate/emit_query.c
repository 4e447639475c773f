/*
** emit_query.c — statements in SQLite syntax: SELECT (with WITH, joins,
** grouping, PostgreSQL's NULL ordering, LIMIT), VALUES, set operations,
** INSERT (with ON CONFLICT and RETURNING), UPDATE and DELETE.
**
** Every select list is emitted with positional aliases c1, c2, ... so that
** enclosing queries refer to subquery columns unambiguously (PostgreSQL
** allows duplicate output names; SQLite references would be ambiguous).
*/
#include "translate/translate.h"
#include "adt/adt.h"

#include <string.h>

static void push(Emit *em, Query *q) {
  memmove(em->levels + 1, em->levels, sizeof(Query *) * (size_t)em->nlevels);
  em->levels[0] = q;
  em->nlevels++;
}

static void pop(Emit *em) {
  memmove(em->levels, em->levels + 1, sizeof(Query *) * (size_t)(em->nlevels - 1));
  em->nlevels--;
}

void emit_cte(Emit *em, const CteDef *c) {
  StrBuf *b = em->out;
  sb_printf(b, "%s(", c->sqlname);
  int n = 0;
  for (int t = 0; t < c->query->ntargets; t++)
    if (!c->query->targets[t].junk) sb_printf(b, "%sc%d", n++ ? ", " : "", t + 1);
  sb_puts(b, ") AS (");
  emit_query(em, c->query);
  sb_putc(b, ')');
}

static void emit_with(Emit *em, Query *q) {
  if (!q->nctes) return;
  StrBuf *b = em->out;
  sb_puts(b, q->recursive ? "WITH RECURSIVE " : "WITH ");
  for (int i = 0; i < q->nctes; i++) {
    if (i) sb_puts(b, ", ");
    emit_cte(em, &q->ctes[i]);
  }
  sb_putc(b, ' ');
}

static void emit_rte(Emit *em, RangeTblEntry *rte) {
  StrBuf *b = em->out;
  switch (rte->kind) {
  case RTE_RELATION:
    sb_put_ident(b, rte->table->name);
    sb_printf(b, " AS %s", rte->sqlalias);
    return;
  case RTE_CTE:
    sb_printf(b, "%s AS %s", rte->ctename, rte->sqlalias);
    return;
  case RTE_SUBQUERY: case RTE_VALUES:
    if (rte->lateral) { emit_lateral(em, rte); return; }
    sb_putc(b, '(');
    emit_query(em, rte->subquery);
    sb_printf(b, ") AS %s", rte->sqlalias);
    return;
  case RTE_FUNCTION:
    sb_printf(b, "%s(", rte->funcname);
    for (int i = 0; i < rte->nfuncargs; i++) {
      if (i) sb_puts(b, ", ");
      emit_expr(em, rte->funcargs[i]);
    }
    sb_printf(b, ") AS %s", rte->sqlalias);
    return;
  case RTE_JOIN:
    return;  /* joins are emitted from their FromItem */
  }
}

static void emit_from_item(Emit *em, Query *q, FromItem *f) {
  StrBuf *b = em->out;
  if (!f->is_join) { emit_rte(em, q->rtable[f->rte]); return; }
  static const char *const kw[] = {" JOIN ", " LEFT JOIN ", " RIGHT JOIN ", " FULL JOIN ", " CROSS JOIN "};
  sb_putc(b, '(');
  emit_from_item(em, q, f->larg);
  sb_puts(b, kw[f->jointype]);
  emit_from_item(em, q, f->rarg);
  if (f->jointype != JOIN_CROSS) {
    sb_puts(b, " ON ");
    if (f->quals) emit_expr(em, f->quals); else sb_puts(b, "1");
  }
  sb_putc(b, ')');
}

static void emit_from(Emit *em, Query *q) {
  if (!q->nfrom) return;
  sb_puts(em->out, " FROM ");
  for (int i = 0; i < q->nfrom; i++) {
    if (i) sb_puts(em->out, ", ");
    emit_from_item(em, q, q->from[i]);
  }
}

/* The expression with the collation its type needs for comparisons SQLite
** makes itself (sorting, grouping, DISTINCT, set operations). */
void emit_sortable(Emit *em, const Expr *e) {
  const char *coll = adt_collation(e->type);
  emit_expr(em, e);
  if (coll) sb_printf(em->out, " COLLATE %s", coll);
}

/* Result columns carry their collation, so DISTINCT, UNION and enclosing
** queries compare them as PostgreSQL does. */
void emit_targets(Emit *em, TargetEntry *t, int n) {
  for (int i = 0; i < n; i++) {
    if (i) sb_puts(em->out, ", ");
    emit_sortable(em, t[i].expr);
    sb_printf(em->out, " AS c%d", i + 1);
  }
}

void emit_sort(Emit *em, Query *q) {
  if (!q->nsort) return;
  StrBuf *b = em->out;
  sb_puts(b, " ORDER BY ");
  for (int i = 0; i < q->nsort; i++) {
    SortItem *s = &q->sort[i];
    if (i) sb_puts(b, ", ");
    /* An output column is sorted by position (required after set operations). */
    int pos = -1;
    for (int t = 0; t < q->ntargets && pos < 0; t++)
      if (q->targets[t].expr == s->expr || (q->ngsets && an_expr_equal(q->targets[t].expr, s->expr))) pos = t;
    if (pos >= 0) sb_printf(b, "%d", pos + 1);
    else emit_sortable(em, s->expr);
    sb_puts(b, s->desc ? " DESC" : " ASC");
    sb_puts(b, s->nulls_first ? " NULLS FIRST" : " NULLS LAST");
  }
}

void emit_limit(Emit *em, Query *q) {
  StrBuf *b = em->out;
  if (!q->limit && !q->offset) return;
  /* pgm_limit: NULL means no limit (OFFSET NULL: 0), a negative value is
  ** PostgreSQL's error 2201W/2201X (SQLite would read -1 as "no limit"). */
  sb_puts(b, " LIMIT ");
  if (q->limit) { sb_puts(b, "pgm_limit("); emit_expr(em, q->limit); sb_puts(b, ", 0)"); }
  else sb_puts(b, "-1");
  if (q->offset) { sb_puts(b, " OFFSET pgm_limit("); emit_expr(em, q->offset); sb_puts(b, ", 1)"); }
}

/* The rows of a VALUES list: "VALUES (a, b), (c, d)". */
static void emit_value_rows(Emit *em, Query *q) {
  StrBuf *b = em->out;
  sb_puts(b, "VALUES ");
  for (int r = 0; r < q->nvalues; r++) {
    sb_puts(b, r ? ", (" : "(");
    for (int c = 0; c < q->nvaluecols; c++) {
      if (c) sb_puts(b, ", ");
      emit_expr(em, q->values[r][c]);
    }
    sb_putc(b, ')');
  }
}

static void emit_values(Emit *em, Query *q) {
  StrBuf *b = em->out;
  /* VALUES as a SELECT so that columns get the c1.. aliases. */
  sb_puts(b, "SELECT ");
  for (int c = 0; c < q->nvaluecols; c++) sb_printf(b, "%scolumn%d AS c%d", c ? ", " : "", c + 1, c + 1);
  sb_puts(b, " FROM (");
  emit_value_rows(em, q);
  sb_putc(b, ')');
}

static void emit_setop_arm(Emit *em, Query *arm) {
  /* SQLite compounds take plain SELECTs: an arm with its own ORDER BY,
  ** LIMIT, WITH or a nested set operation is wrapped as a subquery. */
  if (arm->setop != SETOP_NONE || arm->nsort || arm->limit || arm->offset || arm->nctes) {
    sb_puts(em->out, "SELECT * FROM (");
    emit_query(em, arm);
    sb_putc(em->out, ')');
  } else {
    emit_query(em, arm);
  }
}

static void emit_grouping_sets(Emit *em, Query *q);
static void emit_having(Emit *em, Query *q, bool grouped);
static void force_open(Emit *em, const Query *q);

/* DISTINCT ON: number the rows of each group in ORDER BY order and keep the
** first; the sort keys travel as extra columns s1.. for the outer ORDER BY. */
static void emit_distinct_on(Emit *em, Query *q) {
  StrBuf *b = em->out;
  sb_puts(b, "SELECT ");
  for (int i = 0; i < q->ntargets; i++) sb_printf(b, "%sc%d", i ? ", " : "", i + 1);
  sb_puts(b, " FROM (SELECT ");
  emit_targets(em, q->targets, q->ntargets);
  for (int i = 0; i < q->nsort; i++) {
    sb_puts(b, ", ");
    emit_sortable(em, q->sort[i].expr);
    sb_printf(b, " AS s%d", i + 1);
  }
  sb_puts(b, ", row_number() OVER (PARTITION BY ");
  for (int i = 0; i < q->ndistinct_on; i++) {
    if (i) sb_puts(b, ", ");
    emit_sortable(em, q->distinct_on[i]);
  }
  if (q->nsort) {
    sb_puts(b, " ORDER BY ");
    for (int i = 0; i < q->nsort; i++) {
      if (i) sb_puts(b, ", ");
      emit_sortable(em, q->sort[i].expr);
      sb_puts(b, q->sort[i].desc ? " DESC" : " ASC");
      sb_puts(b, q->sort[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
    }
  }
  sb_puts(b, ") AS pgm_rn");
  emit_plain_select(em, q);
  sb_puts(b, ") WHERE pgm_rn = 1");
  if (q->nsort) {
    sb_puts(b, " ORDER BY ");
    for (int i = 0; i < q->nsort; i++) {
      sb_printf(b, "%ss%d", i ? ", " : "", i + 1);
      sb_puts(b, q->sort[i].desc ? " DESC" : " ASC");
      sb_puts(b, q->sort[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
    }
  }
  emit_limit(em, q);
}

/* One arm of INTERSECT ALL / EXCEPT ALL: each row numbered among its equals. */
static void emit_numbered_arm(Emit *em, Query *arm, int ncols) {
  StrBuf *b = em->out;
  sb_puts(b, "SELECT ");
  for (int i = 0; i < ncols; i++) sb_printf(b, "c%d, ", i + 1);
  sb_puts(b, "row_number() OVER (PARTITION BY ");
  for (int i = 0; i < ncols; i++) sb_printf(b, "%sc%d", i ? ", " : "", i + 1);
  sb_puts(b, ") AS pgm_k FROM (");
  emit_query(em, arm);
  sb_putc(b, ')');
}

/* SQLite has INTERSECT and EXCEPT without ALL: number the copies of each
** row in both arms, so the n-th copy only meets the n-th copy, then drop
** the numbers — PostgreSQL's multiset semantics. */
static void emit_setop_all(Emit *em, Query *q) {
  StrBuf *b = em->out;
  int n = q->ntargets;
  sb_puts(b, "SELECT ");
  for (int i = 0; i < n; i++) sb_printf(b, "%sc%d", i ? ", " : "", i + 1);
  sb_puts(b, " FROM (");
  emit_numbered_arm(em, q->larg, n);
  sb_puts(b, q->setop == SETOP_INTERSECT ? " INTERSECT " : " EXCEPT ");
  emit_numbered_arm(em, q->rarg, n);
  sb_putc(b, ')');
}

void emit_select_body(Emit *em, Query *q) {
  StrBuf *b = em->out;
  if (q->nsrfs) { emit_project_set(em, q); return; }
  if (q->ndistinct_on) { emit_distinct_on(em, q); return; }
  if (q->setop != SETOP_NONE && q->setall && q->setop != SETOP_UNION) {
    emit_setop_all(em, q);
  } else if (q->setop != SETOP_NONE) {
    static const char *const kw[] = {"", " UNION ", " INTERSECT ", " EXCEPT "};
    emit_setop_arm(em, q->larg);
    sb_puts(b, kw[q->setop]);
    if (q->setall) sb_puts(b, "ALL ");
    emit_setop_arm(em, q->rarg);
  } else if (q->nvalues) {
    emit_values(em, q);
  } else if (q->ngsets) {
    emit_grouping_sets(em, q);
  } else {
    bool force = emit_needs_group_force(q, q->ngroupby > 0);
    if (force) force_open(em, q);
    sb_puts(b, q->distinct && !force ? "SELECT DISTINCT " : "SELECT ");
    emit_targets(em, q->targets, q->ntargets);
    if (force) sb_puts(b, ", count(*) AS pgm_n");
    emit_plain_select(em, q);
    if (force) sb_putc(b, ')');
  }
  emit_sort(em, q);
  emit_limit(em, q);
}

static void emit_having(Emit *em, Query *q, bool grouped) {
  (void)grouped;
  if (!q->having) return;
  sb_puts(em->out, " HAVING ");
  emit_expr(em, q->having);
}

/* PostgreSQL: HAVING or an empty grouping set make a query one group even
** without aggregates.  SQLite makes a SELECT an aggregate only when its
** select list calls one, so such a SELECT gets a count(*) column, dropped
** again by an enclosing SELECT. */
bool emit_needs_group_force(const Query *q, bool grouped) {
  return !grouped && !q->has_aggs && (q->having || q->ngsets);
}

static void force_open(Emit *em, const Query *q) {
  sb_puts(em->out, "SELECT ");
  for (int i = 0; i < q->ntargets; i++) sb_printf(em->out, "%sc%d", i ? ", " : "", i + 1);
  sb_puts(em->out, " FROM (");
}

/* GROUPING SETS: one grouped SELECT per set, glued with UNION ALL; the
** expressions a set does not group by read as NULL in its branch. */
static void emit_grouping_sets(Emit *em, Query *q) {
  StrBuf *b = em->out;
  sb_puts(b, q->distinct ? "SELECT DISTINCT * FROM (" : "SELECT * FROM (");
  for (int s = 0; s < q->ngsets; s++) {
    if (s) sb_puts(b, " UNION ALL ");
    em->gset = q->gsets[s];
    em->gsetlen = q->gsetlen[s];
    bool force = emit_needs_group_force(q, q->gsetlen[s] > 0);
    if (force) force_open(em, q);
    sb_puts(b, "SELECT ");
    /* Only the select list and HAVING see the grouped rows, where an
    ** expression this set does not group by is NULL; FROM and WHERE see the
    ** input rows. */
    em->gq = q;
    emit_targets(em, q->targets, q->ntargets);
    em->gq = NULL;
    if (force) sb_puts(b, ", count(*) AS pgm_n");
    emit_from(em, q);
    if (q->where) { sb_puts(b, " WHERE "); emit_expr(em, q->where); }
    if (q->gsetlen[s]) {
      sb_puts(b, " GROUP BY ");
      for (int i = 0; i < q->gsetlen[s]; i++) {
        if (i) sb_puts(b, ", ");
        emit_sortable(em, q->groupby[q->gsets[s][i]]);
      }
    }
    em->gq = q;
    emit_having(em, q, q->gsetlen[s] > 0);
    em->gq = NULL;
    if (force) sb_putc(b, ')');
  }
  sb_putc(b, ')');
}

/* FROM, WHERE, GROUP BY, HAVING of a plain SELECT. */
void emit_plain_select(Emit *em, Query *q) {
  StrBuf *b = em->out;
  {
    emit_from(em, q);
    if (q->where) { sb_puts(b, " WHERE "); emit_expr(em, q->where); }
    if (q->ngroupby) {
      sb_puts(b, " GROUP BY ");
      for (int i = 0; i < q->ngroupby; i++) {
        if (i) sb_puts(b, ", ");
        emit_sortable(em, q->groupby[i]);
      }
    }
    emit_having(em, q, q->ngroupby > 0);
  }
}

static void emit_returning(Emit *em, Query *q) {
  if (!q->nreturning) return;
  sb_puts(em->out, " RETURNING ");
  em->returning = true;
  emit_targets(em, q->returning, q->nreturning);
  em->returning = false;
}

/* The conflict-key columns of the proposed rows, checked once each. */
static void emit_conflict_once(Emit *em, Table *t, OnConflict *oc, const char *prefix) {
  sb_puts(em->out, "pgm_conflict_once(");
  for (int i = 0; i < oc->ncols; i++) {
    int c = 0;
    while (c < t->ncols && strcmp(t->cols[c].name, oc->cols[i])) c++;
    sb_printf(em->out, "%s%s%d", i ? ", " : "", prefix, c + 1);
  }
  sb_putc(em->out, ')');
}

static void emit_insert(Emit *em, Query *q) {
  StrBuf *b = em->out;
  RangeTblEntry *rte = q->rtable[q->result_rte];
  Table *t = rte->table;
  sb_puts(b, "INSERT INTO ");
  emit_rte(em, rte);
  sb_puts(b, " (");
  for (int c = 0; c < t->ncols; c++) {
    if (c) sb_puts(b, ", ");
    sb_put_ident(b, t->cols[c].name);
  }
  sb_puts(b, ") ");
  OnConflict *oc = q->onconflict;
  bool check_twice = oc && oc->do_update && oc->ncols && (q->source || q->nvalues > 1);
  if (q->source) {
    /* "WHERE true" keeps SQLite from reading ON CONFLICT as a join clause. */
    sb_puts(b, "SELECT * FROM (");
    emit_query(em, q->source);
    sb_puts(b, ") WHERE ");
    if (check_twice) emit_conflict_once(em, t, oc, "c");
    else sb_puts(b, "true");
  } else if (check_twice) {
    sb_puts(b, "SELECT * FROM (");
    emit_value_rows(em, q);
    sb_puts(b, ") WHERE ");
    emit_conflict_once(em, t, oc, "column");
  } else {
    emit_value_rows(em, q);
  }
  OnConflict *o = q->onconflict;
  if (o) {
    sb_puts(b, " ON CONFLICT");
    if (o->ncols) {
      sb_puts(b, " (");
      for (int i = 0; i < o->ncols; i++) { if (i) sb_puts(b, ", "); sb_put_ident(b, o->cols[i]); }
      sb_putc(b, ')');
    }
    if (!o->do_update) sb_puts(b, " DO NOTHING");
    else {
      sb_puts(b, " DO UPDATE SET ");
      for (int i = 0; i < o->nset; i++) {
        if (i) sb_puts(b, ", ");
        sb_put_ident(b, t->cols[o->set_attnos[i]].name);
        sb_puts(b, " = ");
        emit_expr(em, o->set_exprs[i]);
      }
      if (o->where) { sb_puts(b, " WHERE "); emit_expr(em, o->where); }
    }
  }
  emit_returning(em, q);
}

static void emit_update(Emit *em, Query *q) {
  StrBuf *b = em->out;
  RangeTblEntry *rte = q->rtable[q->result_rte];
  sb_puts(b, "UPDATE ");
  emit_rte(em, rte);
  sb_puts(b, " SET ");
  for (int i = 0; i < q->nattnos; i++) {
    if (i) sb_puts(b, ", ");
    sb_put_ident(b, rte->table->cols[q->attnos[i]].name);
    sb_puts(b, " = ");
    emit_expr(em, q->setexprs[i]);
  }
  if (q->nfrom) emit_from(em, q);
  if (q->where) { sb_puts(b, " WHERE "); emit_expr(em, q->where); }
  emit_returning(em, q);
}

static void emit_delete(Emit *em, Query *q) {
  StrBuf *b = em->out;
  RangeTblEntry *rte = q->rtable[q->result_rte];
  sb_puts(b, "DELETE FROM ");
  emit_rte(em, rte);
  if (q->nfrom) {
    /* DELETE ... USING: SQLite has no join form; delete the rows whose
    ** rowid the join selects. */
    sb_printf(b, " WHERE rowid IN (SELECT %s.rowid FROM ", rte->sqlalias);
    emit_rte(em, rte);
    for (int i = 0; i < q->nfrom; i++) { sb_puts(b, ", "); emit_from_item(em, q, q->from[i]); }
    if (q->where) { sb_puts(b, " WHERE "); emit_expr(em, q->where); }
    sb_putc(b, ')');
  } else if (q->where) {
    sb_puts(b, " WHERE ");
    emit_expr(em, q->where);
  }
  emit_returning(em, q);
}

void emit_query(Emit *em, Query *q) {
  push(em, q);
  emit_with(em, q);
  switch (q->cmd) {
  case CMD_SELECT: emit_select_body(em, q); break;
  case CMD_INSERT: emit_insert(em, q); break;
  case CMD_UPDATE: emit_update(em, q); break;
  case CMD_DELETE: emit_delete(em, q); break;
  }
  pop(em);
}

void translate_query(Analysis *an, Query *q, Plan *plan) {
  StrBuf sql = STRBUF_INIT;
  Emit em = {.an = an, .out = &sql};
  emit_query(&em, q);
  plan_add_sql(plan, sb_str(&sql));
  sb_free(&sql);
  plan->kind = PLAN_SQL;
  TargetEntry *t = q->cmd == CMD_SELECT ? q->targets : q->returning;
  int n = q->cmd == CMD_SELECT ? q->ntargets : q->nreturning;
  for (int i = 0; i < n; i++)
    if (!t[i].junk) plan_add_column(plan, t[i].name, t[i].expr->type, t[i].expr->typmod);
  plan->returns_rows = q->cmd == CMD_SELECT || q->nreturning > 0;
  static const TagKind tags[] = {TAG_SELECT, TAG_INSERT, TAG_UPDATE, TAG_DELETE};
  plan->tagkind = tags[q->cmd];
  plan->cmd = q->cmd;
  plan->volatile_calls = an->volatile_calls;
  if (q->result_rte >= 0 && q->cmd != CMD_SELECT) plan->target_table = pgm_strdup(q->rtable[q->result_rte]->table->name);
}
