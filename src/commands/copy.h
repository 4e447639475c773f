/*
** copy.h — COPY ... FROM STDIN and COPY ... TO STDOUT (PostgreSQL's
** copy.c, copyfrom.c, copyfromparse.c and copyto.c in one concept).
**
** Analysis (cmd_copy) decodes the options as ProcessCopyOptions does,
** resolves the table and columns, and builds what runs: for COPY FROM an
** INSERT of one row with one parameter per column (typed as the column),
** for COPY TO the SELECT whose rows are written.  Execution is a stream:
** the first pgm_step answers PGM_COPY_IN or PGM_COPY_OUT, then data moves
** through copy_put/copy_end or copy_get (capi pgm_copy_*).
**
** A COPY FROM is all or nothing: it runs in a SQLite savepoint that is
** released at the end, or rolled back on the first error (which, inside a
** transaction block, aborts the block as in PostgreSQL).
*/
#ifndef PGM_COPY_H
#define PGM_COPY_H

#include "analyze/analyze.h"
#include "translate/plan.h"

typedef struct CopyPlan CopyPlan;
typedef struct CopyState CopyState;

/* Analyse COPY into plan (plan->copy is set; FROM also builds its INSERT). */
void cmd_copy(Analysis *an, PgQuery__CopyStmt *stmt, Plan *plan);
void copy_plan_free(CopyPlan *cp);

/* The first pgm_step of a COPY statement: PGM_COPY_IN / PGM_COPY_OUT or an error. */
int copy_step(pgm_stmt *st);
/* COPY FROM: data (any chunking), then the end (errmsg: the client's CopyFail). */
int copy_put(pgm_stmt *st, const char *data, size_t len);
int copy_end(pgm_stmt *st, const char *errmsg);
/* COPY TO: the next line (header or row, ending in a newline); PGM_ROW, PGM_DONE or an error. */
int copy_get(pgm_stmt *st, const char **buf, size_t *len);
/* Columns transferred, and 1 for CSV / 0 for text; -1 when st is no COPY. */
int copy_column_count(const pgm_stmt *st);
int copy_format(const pgm_stmt *st);
/* Abandon a COPY in progress (reset/finalize): an unfinished COPY FROM is
** rolled back; frees the run state. */
void copy_state_free(pgm_stmt *st);

#endif
