/*
** parse_locking.c — SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE
** [OF name, ...] [NOWAIT | SKIP LOCKED], checked as PostgreSQL's
** transformLockingClause and CheckSelectLocking check them.
**
** PostgreSQL locks the rows read until the transaction ends.  SQLite can
** only lock the whole database for writing; that is stronger and therefore
** correct: the statement takes SQLite's write lock before it reads
** (engine/xact.c xact_lock_rows), so no other connection can change any row
** until the block ends, and a second locker waits as it would in PostgreSQL.
** SKIP LOCKED waits too: once it holds the lock no row is locked by anyone
** else, so nothing is skipped, and no row is ever handed to two lockers.
** Outside a transaction block the lock lasts the statement, as in PostgreSQL.
*/
#include "analyze/analyze.h"

#include <string.h>

static const char *strength_name(PgQuery__LockClauseStrength s) {
  switch (s) {
  case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORKEYSHARE: return "FOR KEY SHARE";
  case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORSHARE: return "FOR SHARE";
  case PG_QUERY__LOCK_CLAUSE_STRENGTH__LCS_FORNOKEYUPDATE: return "FOR NO KEY UPDATE";
  default: return "FOR UPDATE";
  }
}

/* CheckSelectLocking: the query shapes whose rows are not table rows. */
static void check_shape(ParseState *ps, const Query *q, const char *what) {
  Analysis *an = ps->an;
  const char *with = q->setop != SETOP_NONE ? "UNION/INTERSECT/EXCEPT"
                   : q->distinct || q->ndistinct_on ? "DISTINCT clause"
                   : q->ngroupby || q->ngsets ? "GROUP BY clause"
                   : q->having ? "HAVING clause"
                   : q->has_aggs ? "aggregate functions"
                   : ps->has_windows ? "window functions"
                   : q->nsrfs ? "set-returning functions in the target list"
                   : NULL;
  if (with) an_error(an, -1, ERRCODE_FEATURE_NOT_SUPPORTED, "%s is not allowed with %s", what, with);
}

/* The range-table entry FOR ... OF name means: a FROM item of this level. */
static const RangeTblEntry *locked_entry(ParseState *ps, PgQuery__RangeVar *rv, const char *what) {
  const Query *q = ps->q;
  for (int i = 0; i < q->nrtable; i++) {
    const RangeTblEntry *rte = q->rtable[i];
    if (!rte->alias || strcmp(rte->alias, rv->relname) || rte->kind == RTE_JOIN) continue;
    if (rte->kind == RTE_FUNCTION)
      an_error(ps->an, rv->location, ERRCODE_FEATURE_NOT_SUPPORTED, "%s cannot be applied to a function", what);
    if (rte->kind == RTE_VALUES)
      an_error(ps->an, rv->location, ERRCODE_FEATURE_NOT_SUPPORTED, "%s cannot be applied to VALUES", what);
    return rte;
  }
  an_error(ps->an, rv->location, ERRCODE_UNDEFINED_TABLE, "relation \"%s\" in %s clause not found in FROM clause",
           rv->relname, what);
  return NULL;
}

/* The first table the clause locks rows of, for NOWAIT's message: in this
** level's FROM, else in the subqueries and WITH queries it reads. */
static const char *first_table(const Query *q) {
  if (!q) return NULL;
  if (q->setop != SETOP_NONE) {
    const char *t = first_table(q->larg);
    return t ? t : first_table(q->rarg);
  }
  for (int i = 0; i < q->nrtable; i++)
    if (q->rtable[i]->kind == RTE_RELATION) return q->rtable[i]->table->name;
  for (int i = 0; i < q->nrtable; i++) {
    const char *t = q->rtable[i]->kind == RTE_SUBQUERY ? first_table(q->rtable[i]->subquery) : NULL;
    if (t) return t;
  }
  for (int i = 0; i < q->nctes; i++) {
    const char *t = first_table(q->ctes[i].query);
    if (t) return t;
  }
  return NULL;
}

void an_locking_clause(ParseState *ps, PgQuery__SelectStmt *stmt, Query *q) {
  Analysis *an = ps->an;
  for (size_t i = 0; i < stmt->n_locking_clause; i++) {
    PgQuery__LockingClause *lc = stmt->locking_clause[i]->locking_clause;
    const char *what = strength_name(lc->strength);
    check_shape(ps, q, what);
    const char *table = NULL;
    for (size_t j = 0; j < lc->n_locked_rels; j++) {
      const RangeTblEntry *rte = locked_entry(ps, lc->locked_rels[j]->range_var, what);
      if (!table && rte->kind == RTE_RELATION) table = rte->table->name;
    }
    if (!lc->n_locked_rels) table = first_table(q);
    /* Subqueries and WITH queries lock the tables they read as well; the
    ** database-wide lock covers them, so any clause takes it. */
    if (!an->row_lock_table) an->row_lock_table = table ? table : first_table(q);
    if (lc->wait_policy == PG_QUERY__LOCK_WAIT_POLICY__LockWaitError) an->row_lock_nowait = true;
    an->row_lock = true;
  }
}
