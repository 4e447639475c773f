/*
** translate.h — typed query trees to SQLite SQL.
**
** Files:
**   emit_expr.c   expressions
**   emit_query.c  SELECT, VALUES, set operations, WITH; INSERT, UPDATE, DELETE
**   emit_lateral.c  LATERAL subqueries as pgm_lateral(statement, arguments)
**   emit_srf.c    set-returning functions in select lists (ProjectSet)
**   plan.c        the Plan handed to the engine
**
** The translator makes no semantic choices: types, coercions and every
** PostgreSQL rule were settled by the analyser.  It only spells the result
** in SQLite's dialect (aliases, NULLS FIRST/LAST, LIMIT forms, ...).
*/
#ifndef PGM_TRANSLATE_H
#define PGM_TRANSLATE_H

#include "analyze/analyze.h"
#include "translate/plan.h"

typedef struct Emit {
  Analysis *an;
  StrBuf *out;
  /* The query levels being emitted, innermost first, to resolve Vars. */
  Query *levels[64];
  int nlevels;
  bool returning;          /* emitting RETURNING: target-table columns are bare names */
  /* Emitting one branch of a GROUPING SETS query: grouping expressions
  ** outside the branch's set read as NULL (outside aggregates). */
  const Query *gq;
  const int *gset;
  int gsetlen;
  int agg_depth;
  /* Emitting the statement of a LATERAL subquery (emit_lateral): what it
  ** reads from outside becomes its parameters ?1, ?2, ... */
  struct LateralArgs *lateral;
  /* Emitting the expanded rows of a query with set-returning functions in
  ** its select list (emit_project_set): what is not a set-returning call
  ** reads a column of the rows computed before them. */
  struct ProjectSet *pset;
} Emit;

/* The row source a ProjectSet's expressions read: the query's expressions
** without set-returning calls, in column order p1, p2, ... */
typedef struct ProjectSet {
  Query *q;
  const Expr **inner;
  int ninner, cap;
} ProjectSet;

/* In a ProjectSet's expanded rows: emit e as a set-returning call's value
** or as a column of the row source; false when e holds a call below it. */
bool emit_project_set_ref(Emit *em, const Expr *e);

/* The outer references and $n of a LATERAL subquery being emitted, in
** parameter order; Vars relative to the query whose FROM holds it. */
typedef struct LateralArgs {
  int outer_levels;        /* em->nlevels outside the subquery */
  Expr **args;
  int nargs, cap;
} LateralArgs;

/* In a LATERAL subquery's statement: emit e as its parameter if it reads
** from outside (a Var of an enclosing level, or $n); false otherwise. */
bool emit_lateral_param(Emit *em, const Expr *e);
/* A LATERAL subquery (rte->lateral) as pgm_lateral(statement, arguments) AS alias. */
void emit_lateral(Emit *em, RangeTblEntry *rte);

void emit_expr(Emit *em, const Expr *e);
/* e followed by the COLLATE its type needs where SQLite compares values. */
void emit_sortable(Emit *em, const Expr *e);
void emit_query(Emit *em, Query *q);
/* One WITH query: "name(c1, ...) AS (query)". */
void emit_cte(Emit *em, const CteDef *c);
void emit_select_body(Emit *em, Query *q);
/* Parts of a SELECT (emit_query.c): the select list as c1, c2, ...; ORDER BY;
** LIMIT/OFFSET; FROM, WHERE, GROUP BY and HAVING. */
void emit_targets(Emit *em, TargetEntry *t, int n);
void emit_sort(Emit *em, Query *q);
void emit_limit(Emit *em, Query *q);
void emit_plain_select(Emit *em, Query *q);
/* HAVING or an empty grouping set without aggregates: SQLite needs a count(*)
** column to make the SELECT one group. */
bool emit_needs_group_force(const Query *q, bool grouped);
/* A SELECT whose select list calls set-returning functions (emit_srf.c). */
void emit_project_set(Emit *em, Query *q);

/* Translate an analysed statement into plan (SQL text, columns, tag). */
void translate_query(Analysis *an, Query *q, Plan *plan);

#endif
