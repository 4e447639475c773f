/*
** translate.h — typed query trees to SQLite SQL.
**
** Files:
**   emit_expr.c   expressions
**   emit_query.c  SELECT, VALUES, set operations, WITH; INSERT, UPDATE, DELETE
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
} Emit;

void emit_expr(Emit *em, const Expr *e);
/* e followed by the COLLATE its type needs where SQLite compares values. */
void emit_sortable(Emit *em, const Expr *e);
void emit_query(Emit *em, Query *q);
void emit_select_body(Emit *em, Query *q);

/* Translate an analysed statement into plan (SQL text, columns, tag). */
void translate_query(Analysis *an, Query *q, Plan *plan);

#endif
