/*
** emit_lateral.c — LATERAL subqueries in FROM, for SQLite, which has none.
**
** A subquery that refers to FROM items before it is emitted as a statement
** of its own, run once per row of those items by the table-valued function
** pgm_lateral (adt/lateral.c):
**
**   pgm_lateral('SELECT ... ?1 ... ?2 ...', pgm_lateral_args(t1.a, ?3)) AS t5
**
** Whatever the statement reads from outside itself — columns of enclosing
** query levels and the statement's own $n — becomes one of its parameters;
** the values are passed as the function's argument, evaluated where the
** subquery stands, so SQLite runs the function after the tables they name
** and, in a LEFT JOIN, NULL-extends the rows for which it returns nothing.
** A subquery referring to nothing before it stays an ordinary subquery.
*/
#include "translate/translate.h"

#include <string.h>

/* SQLite passes at most 127 arguments to a function. */
#define LATERAL_MAX_ARGS 120

static bool same_ref(const Expr *a, const Expr *b) {
  if (a->kind != b->kind) return false;
  if (a->kind == EXPR_PARAM) return a->u.param.number == b->u.param.number;
  return a->u.var.rte == b->u.var.rte && a->u.var.attno == b->u.var.attno && a->u.var.levelsup == b->u.var.levelsup;
}

bool emit_lateral_param(Emit *em, const Expr *e) {
  LateralArgs *la = em->lateral;
  if (!la) return false;
  Expr ref = *e;
  if (e->kind == EXPR_VAR) {
    int inside = em->nlevels - la->outer_levels;   /* the levels of the subquery's statement */
    if (e->u.var.levelsup < inside) return false;
    ref.u.var.levelsup = e->u.var.levelsup - inside;
  }
  int k = 0;
  while (k < la->nargs && !same_ref(la->args[k], &ref)) k++;
  if (k == la->nargs) {
    if (la->nargs == LATERAL_MAX_ARGS)
      an_unsupported(em->an, e->location, "a LATERAL subquery reading more than 120 outer values");
    if (la->nargs == la->cap) {
      int cap = la->cap ? la->cap * 2 : 8;
      la->args = arena_grow(&em->an->arena, la->args, (size_t)la->cap, (size_t)cap, sizeof(Expr *));
      la->cap = cap;
    }
    Expr *copy = arena_alloc(&em->an->arena, sizeof *copy);
    *copy = ref;
    la->args[la->nargs++] = copy;
  }
  sb_printf(em->out, "?%d", k + 1);
  return true;
}

/* The WITH queries of the statement around the subquery that it reads are
** repeated ahead of it (analysis made sure they read nothing from outside
** themselves), all of those visible where it stands, in their order. */
static void emit_outer_ctes(Emit *em, const RangeTblEntry *rte) {
  if (!rte->nlateral_ctes) return;
  bool recursive = false;
  for (int i = 0; i < rte->nlateral_ctes; i++) recursive |= rte->lateral_ctes[i].recursive;
  sb_puts(em->out, recursive ? "WITH RECURSIVE " : "WITH ");
  for (int i = 0; i < rte->nlateral_ctes; i++) {
    if (i) sb_puts(em->out, ", ");
    emit_cte(em, &rte->lateral_ctes[i]);
  }
  sb_puts(em->out, " SELECT * FROM (");
}

void emit_lateral(Emit *em, RangeTblEntry *rte) {
  StrBuf inner = STRBUF_INIT;
  LateralArgs la = {.outer_levels = em->nlevels};
  LateralArgs *save_lateral = em->lateral;
  StrBuf *save_out = em->out;
  const Query *save_gq = em->gq;
  em->lateral = &la;
  em->out = &inner;
  em->gq = NULL;
  emit_outer_ctes(em, rte);
  emit_query(em, rte->subquery);
  if (rte->nlateral_ctes) sb_putc(em->out, ')');
  em->lateral = save_lateral;
  em->out = save_out;
  em->gq = save_gq;
  /* The arguments are read here, outside the subquery (and, inside another
  ** LATERAL subquery, may be parameters of that one). */
  sb_puts(em->out, "pgm_lateral(");
  sb_put_sqlstr(em->out, sb_str(&inner), strlen(sb_str(&inner)));
  if (la.nargs) {
    sb_puts(em->out, ", pgm_lateral_args(");
    for (int i = 0; i < la.nargs; i++) {
      if (i) sb_puts(em->out, ", ");
      emit_expr(em, la.args[i]);
    }
    sb_putc(em->out, ')');
  }
  sb_printf(em->out, ") AS %s", rte->sqlalias);
  sb_free(&inner);
}
