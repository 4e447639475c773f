/*
** engine.h — connections, statements and execution.
**
** Files:
**   db.c        opening a connection: SQLite setup, functions, catalog bootstrap
**   prepare.c   pgm_prepare: the plan cache, parsing, dispatch to analysis
**   exec.c      pgm_step: running plans, binding, command tags, errors
**   utility.c   SET, SHOW, and the end of every utility statement
**   xact.c      the transaction block: BEGIN/COMMIT/ROLLBACK, savepoints,
**               isolation levels, READ COMMITTED's snapshot per statement,
**               the implicit block of a multi-statement text, FOR UPDATE
**   normalize.c literals lifted out of statement text, so plans are shared
**   violation.c constraint violations: PostgreSQL's message and DETAIL
**   sequence.c  nextval/currval/setval over pgm_sequence
**   error.c     pgm_error objects
*/
#ifndef PGM_ENGINE_H
#define PGM_ENGINE_H

#include "pgmint.h"
#include "translate/plan.h"

struct pgm_value {
  pgm_stmt *stmt;
  int col;
  Oid type;
  int32_t typmod;
  sqlite3_value *v;        /* borrowed from the SQLite statement's current row */
  StrBuf text;             /* cached text output */
  bool have_text;
  StrBuf bin;              /* binary (send) form, made by each pgm_value_binary */
};

struct pgm_stmt {
  pgm_db *db;
  Plan *plan;
  sqlite3_stmt *sq;        /* the statement that yields rows / does the work (PLAN_SQL, not DDL) */
  char *text;              /* the PostgreSQL text */
  pgm_error *err;
  int state;               /* 0 ready, 1 returning rows, 2 done */
  int64_t changes;
  int64_t nrows;
  char tag[64];
  bool tag_pending;        /* tag[] is written on demand (engine_command_tag) */
  pgm_value *values;
  pgm_error **notices;     /* NOTICE/WARNING reports of the last execution */
  int nnotices;
  struct CopyState *copy;  /* a COPY in progress (commands/copy.c) */
};

/* prepare.c */
int engine_prepare(pgm_db *db, const char *sql, size_t len, pgm_stmt **out, size_t *tail, pgm_error **err);
/* Same, with the types of $1..$n declared by the caller (0: infer). */
int engine_prepare_typed(pgm_db *db, const char *sql, size_t len, const Oid *ptypes, int nptypes, pgm_stmt **out,
                         size_t *tail, pgm_error **err);
void engine_finalize(pgm_stmt *st);
/* A statement running plan (which it references): for statements the
** engine runs on its own, such as the INSERT of each COPY row. */
int engine_stmt_for_plan(pgm_db *db, Plan *plan, pgm_stmt **out, pgm_error **err);
int engine_replan(pgm_stmt *st);
void plancache_free(pgm_db *db);
void plancache_clear(pgm_db *db);

/* How a value reaches engine_bind (the pgm_bind_* function used). */
enum { BIND_NULL, BIND_INT, BIND_DOUBLE, BIND_BOOL, BIND_TEXT, BIND_BYTEA, BIND_TYPED };

/* exec.c */
int engine_step(pgm_stmt *st);
const char *engine_command_tag(pgm_stmt *st);
int engine_reset(pgm_stmt *st);
int engine_bind_datum(pgm_stmt *st, int i, Datum *d, Oid type);
int engine_bind(pgm_stmt *st, int i, int kind, int64_t iv, double dv, const char *s, int64_t len, Oid type_oid);
void engine_set_error(pgm_stmt *st, pgm_error *e);
/* Report a NOTICE or WARNING with the statement's result (pgm_stmt_notice). */
void engine_notice(pgm_stmt *st, const char *severity, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void engine_clear_notices(pgm_stmt *st);
/* Turn a failed SQLite call into a PostgreSQL error (constraint names,
** SQLSTATEs, errors raised by our functions). */
pgm_error *engine_sqlite_error(pgm_db *db, int rc, const Plan *plan);
void engine_check_interrupt_start(pgm_db *db);
/* After TRUNCATE or CREATE TABLE: the tables it emptied or made, for COPY FREEZE. */
void engine_note_fresh_tables(pgm_db *db, const Plan *p);

/* xact.c */
int xact_execute(pgm_stmt *st);
/* Before each statement: READ COMMITTED's fresh snapshot; is_query marks the block as queried. */
void xact_statement_start(pgm_db *db, bool is_query);
int xact_isolation_parse(const char *name);
const char *xact_isolation_name(int level);
const char *xact_isolation_show(pgm_db *db);
void xact_free(pgm_db *db);
pgm_error *xact_implicit_begin(pgm_db *db);   /* pgm_implicit_begin/end; NULL on success */
pgm_error *xact_implicit_end(pgm_db *db);
/* FOR UPDATE/SHARE in a block: SQLite's write lock, held until the block ends. */
pgm_error *xact_lock_rows(pgm_db *db, const Plan *plan);

/* utility.c */
int utility_execute(pgm_stmt *st);
/* A utility statement's end: its tag, or its error (which aborts a block). */
int utility_done(pgm_stmt *st, const char *tag);
int utility_fail(pgm_stmt *st, pgm_error *e);
int utility_set(pgm_db *db, const char *name, const char *value, pgm_error **err);
const char *utility_show(pgm_db *db, const char *name, const char **canonical);


/* sequence.c */
void sequence_restore(pgm_db *db);
void sequence_free(pgm_db *db);
void upsert_keys_clear(pgm_db *db);

/* normalize.c: literal lifting (see there) */
typedef struct Lifted {
  char *text;              /* the statement with literals replaced by $1, $2, ... */
  char *key;               /* text + the literal kinds: the plan-cache key */
  size_t keylen;
  int n;
  struct { char kind; char *value; size_t n; } *lits;   /* kind: '4' int4, '8' int8, 'n' numeric, 's' string */
} Lifted;
int lift_literals(const char *sql, size_t len, Lifted *l);
void lifted_free(Lifted *l);
int lifted_bind(pgm_stmt *st, const Lifted *l);
Oid lifted_param_type(char kind);

/* db.c */
int engine_open(const char *path, int flags, pgm_db **out, pgm_error **err);
void engine_close(pgm_db *db);
void engine_release(pgm_db *db);    /* frees a closed connection once no statement holds it */

#endif
