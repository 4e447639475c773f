/*
** parse_view.h — views in FROM and as DML targets (parse_view.c).
*/
#ifndef PGM_PARSE_VIEW_H
#define PGM_PARSE_VIEW_H

#include "analyze/analyze.h"

/* The range-table entry of view rv (its definition analysed as a
** subquery), or NULL when rv is not a view. */
RangeTblEntry *an_view_rte(ParseState *ps, PgQuery__RangeVar *rv);
/* 0A000 when rv names a view: views are read-only in pgmicro. */
void an_view_check_dml(Analysis *an, PgQuery__RangeVar *rv, const char *verb);
/* A stored view definition ("SELECT ...") analysed on its own. */
Query *view_analyze(Analysis *an, const char *definition);

#endif
