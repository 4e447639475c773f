/*
** translate.h — typed query trees to SQLite SQL.
**
** Files:
**   emit_expr.c   expressions
**   emit_query.c  SELECT, VALUES, set operations, WITH; INSERT, UPDATE, DELETE
**   emit_lateral.c  LATERAL subqueries as pgm_lateral(statement, arguments)
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
} Emit;

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

/* Translate an analysed statement into plan (SQL text, columns, tag). */
void translate_query(Analysis *an, Query *q, Plan *plan);

#endif
