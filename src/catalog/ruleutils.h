/*
** ruleutils.h — analysed expressions printed as PostgreSQL prints stored
** expressions (after src/backend/utils/adt/ruleutils.c).
*/
#ifndef PGM_RULEUTILS_H
#define PGM_RULEUTILS_H

#include "catalog/pgcatalog.h"

/* e (whose columns are rte's) as pg_get_constraintdef prints a CHECK
** expression, pretty or not; NULL (nothing allocated) when e holds a
** construct this printer does not know.  The result is malloc'd. */
char *ruleutils_expr_text(pgm_db *db, const RangeTblEntry *rte, const Expr *e, bool pretty);

/* What pgm_constraint.consrc keeps for a CHECK: the pretty text, a newline,
** the plain text (NULL when either cannot be printed).  Malloc'd. */
char *ruleutils_check_src(pgm_db *db, const RangeTblEntry *rte, const Expr *e);

/* A column's DEFAULT as pg_get_expr(adbin, ..., pretty) prints it (constants
** labelled with their type: 'x'::text), analysed again from its stored
** text; NULL when the printer does not know a construct in it (the caller
** then shows the stored text).  The result is malloc'd. */
char *ruleutils_default_text(pgm_db *db, const Column *col, bool pretty);

/* The 0-based column e reads when it reads exactly one (PostgreSQL names a
** CHECK constraint after it); -1 for none or several, -2 when e holds a
** node kind this file does not walk. */
int ruleutils_single_column(const Expr *e);

/* Whether every IN list of the raw text (libpg_query's deparse of the
** expression) is still an IN list in e (see ruleutils.c). */
bool ruleutils_in_lists_kept(const char *raw_text, const Expr *e);

/* A view's query as pg_get_viewdef prints it (PostgreSQL 15: every column
** qualified by its FROM item, the clauses on lines of their own, a final
** ";"), the output columns named colnames (the view's; NULL entries or
** beyond ncolnames: the query's own).  NULL (nothing allocated) for a query
** this printer does not know: joins, subqueries in FROM, set operations,
** WITH, window functions, sublinks, ...  Malloc'd. */
char *ruleutils_view_text(pgm_db *db, const Query *q, char *const *colnames, int ncolnames, bool pretty);

#endif
