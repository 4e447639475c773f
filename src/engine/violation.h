/*
** violation.h — constraint-violation reports (violation.c): PostgreSQL's
** SQLSTATE, message and DETAIL for a write that broke a NOT NULL, CHECK,
** UNIQUE or FOREIGN KEY constraint.
*/
#ifndef PGM_VIOLATION_H
#define PGM_VIOLATION_H

#include "pgmint.h"
#include "translate/plan.h"

/* The error for SQLite's constraint failure rc with message msg, on a
** statement running plan (NULL if unknown): SQLSTATE and message, naming the
** constraint from SQLite's message. */
pgm_error *violation_error(pgm_db *db, int rc, const char *msg, const Plan *plan);

/* After a write statement failed with a constraint violation e (23502,
** 23505, 23514 or 23503) and its SQLite statement sq was reset: run it again
** with the same bindings inside a savepoint that is rolled back, and give e
** PostgreSQL's DETAIL ("Failing row contains (...).", "Key (a)=(1) already
** exists.", ...) and the constraint PostgreSQL would have named first.
** Leaves e as it is when the statement cannot be re-run faithfully (a
** volatile function, the SQLite dialect) or the re-run fails otherwise.
** The database, the sequences and sq's bindings end as they were. */
void violation_detail(pgm_db *db, const Plan *plan, sqlite3_stmt *sq, pgm_error *e);

/* pgm_notnull(value, column, table) during that re-run: a NULL rowid key
** is counted instead of raised, so the row reaches the triggers and is
** reported as it failed.  Returns false when not re-running (raise as usual). */
bool violation_null_key(sqlite3_context *ctx, sqlite3_value **argv);

#endif
