/*
** emit_srf.c — a SELECT whose select list calls set-returning functions,
** as PostgreSQL's ProjectSet runs it:
**
**   SELECT [DISTINCT] <targets> FROM
**     (SELECT <the rest, p1, p2, ...> FROM ... WHERE ... GROUP BY ... HAVING ...) AS ps
**     CROSS JOIN fn(ps.p1, ...) AS ps_f1
**   ORDER BY ... LIMIT ...
**
** Everything that is not a set-returning call (columns, aggregates, window
** functions, subqueries, the calls' arguments) is computed per input row in
** the inner SELECT; the calls then expand each of its rows.  CROSS JOIN
** keeps SQLite's loop order (the function is the inner loop), so each
** row's values come together and in the function's order, as PostgreSQL
** returns them.
**
** Several calls run in lockstep: ordinals 1..n for the longest of them, each
** call LEFT JOINed on its ordinal (its rowid), so the shorter ones read NULL
** past their end.  Each call runs once per ordinal there; fine for the sizes
** select-list SRFs are used with, quadratic for long ones.
*/
#include "translate/translate.h"

#include <string.h>

/* The index of e among the row source's columns, added if new.  Pointers,
** not structure: two calls of random() are two columns. */
static int inner_column(Emit *em, const Expr *e) {
  ProjectSet *p = em->pset;
  for (int i = 0; i < p->ninner; i++) if (p->inner[i] == e) return i;
  if (p->ninner == p->cap) {
    int cap = p->cap ? p->cap * 2 : 8;
    p->inner = arena_grow(&em->an->arena, p->inner, (size_t)p->cap, (size_t)cap, sizeof(Expr *));
    p->cap = cap;
  }
  p->inner[p->ninner] = e;
  return p->ninner++;
}

bool emit_project_set_ref(Emit *em, const Expr *e) {
  const Query *q = em->pset->q;
  if (e->kind == EXPR_SRF) {
    sb_printf(em->out, "%s_f%d.value", q->srf_alias, e->u.srf.index + 1);
    return true;
  }
  if (an_contains_srf(e)) return false;
  sb_printf(em->out, "%s.p%d", q->srf_alias, inner_column(em, e) + 1);
  return true;
}

static void emit_call(Emit *em, const Expr *srf) {
  sb_printf(em->out, "%s(", srf->u.srf.funcname);
  for (int i = 0; i < srf->u.srf.nargs; i++) {
    if (i) sb_puts(em->out, ", ");
    emit_expr(em, srf->u.srf.args[i]);
  }
  sb_putc(em->out, ')');
}

/* The calls joined to the row source: one directly, several on ordinals. */
static void emit_calls(Emit *em, const Query *q) {
  StrBuf *b = em->out;
  const char *a = q->srf_alias;
  if (q->nsrfs == 1) {
    sb_puts(b, " CROSS JOIN ");
    emit_call(em, q->srfs[0]);
    sb_printf(b, " AS %s_f1", a);
    return;
  }
  sb_puts(b, " CROSS JOIN pgm_series(1, max(");
  for (int i = 0; i < q->nsrfs; i++) {
    sb_puts(b, i ? ", (SELECT count(*) FROM " : "(SELECT count(*) FROM ");
    emit_call(em, q->srfs[i]);
    sb_putc(b, ')');
  }
  sb_printf(b, "), 1, 0) AS %s_o", a);
  for (int i = 0; i < q->nsrfs; i++) {
    sb_puts(b, " LEFT JOIN ");
    emit_call(em, q->srfs[i]);
    sb_printf(b, " AS %s_f%d ON %s_f%d.rowid = %s_o.value", a, i + 1, a, i + 1, a);
  }
}

/* The row source: the query without its set-returning calls. */
static void emit_row_source(Emit *em, Query *q, const ProjectSet *p) {
  StrBuf *b = em->out;
  bool force = emit_needs_group_force(q, q->ngroupby > 0);
  if (force) {
    sb_puts(b, "SELECT ");
    for (int i = 0; i < p->ninner; i++) sb_printf(b, "%sp%d", i ? ", " : "", i + 1);
    if (!p->ninner) sb_puts(b, "p0");
    sb_puts(b, " FROM (");
  }
  sb_puts(b, "SELECT ");
  for (int i = 0; i < p->ninner; i++) {
    if (i) sb_puts(b, ", ");
    emit_sortable(em, p->inner[i]);
    sb_printf(b, " AS p%d", i + 1);
  }
  if (!p->ninner) sb_puts(b, "NULL AS p0");
  if (force) sb_puts(b, ", count(*) AS pgm_n");
  emit_plain_select(em, q);
  if (force) sb_putc(b, ')');
}

void emit_project_set(Emit *em, Query *q) {
  StrBuf *b = em->out;
  ProjectSet p = {.q = q};
  ProjectSet *save = em->pset;
  /* The expanded rows' parts first: they decide the row source's columns. */
  StrBuf targets = STRBUF_INIT, calls = STRBUF_INIT, sort = STRBUF_INIT;
  em->pset = &p;
  em->out = &targets;
  emit_targets(em, q->targets, q->ntargets);
  em->out = &calls;
  emit_calls(em, q);
  em->out = &sort;
  emit_sort(em, q);
  em->pset = NULL;
  em->out = b;
  sb_puts(b, q->distinct ? "SELECT DISTINCT " : "SELECT ");
  sb_puts(b, sb_str(&targets));
  sb_puts(b, " FROM (");
  emit_row_source(em, q, &p);
  sb_printf(b, ") AS %s", q->srf_alias);
  sb_puts(b, sb_str(&calls));
  sb_puts(b, sb_str(&sort));
  emit_limit(em, q);
  em->pset = save;
  sb_free(&targets);
  sb_free(&calls);
  sb_free(&sort);
}
