/*
** pgmint.h — the engine's internal header (never installed, never seen by
** bindings).  It defines the objects behind the opaque handles of
** capi/pgmicro.h and the interfaces between the stages of the pipeline:
**
**   parser/     text -> PostgreSQL parse tree (libpg_query, protobuf)
**   analyze/    parse tree + catalog -> typed Query / Expr trees (nodes.h)
**   translate/  typed trees -> SQLite SQL and a Plan
**   engine/     Plans -> prepared SQLite statements -> rows, tags, errors
**   adt/        PostgreSQL's types: input, output, operators, functions
**   catalog/    built-in catalog rows and the user catalog in the file
**   commands/   DDL: CREATE/DROP TABLE, CREATE INDEX
*/
#ifndef PGMINT_H
#define PGMINT_H

#include <sqlite3.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "pgmicro.h"
#include "catalog/catalog.h"
#include "utils/errcodes.h"
#include "utils/strbuf.h"

/* The PostgreSQL release whose behaviour the engine follows (SHOW server_version). */
#define PGM_PG_VERSION "15.18"
#define PGM_PG_VERSION_NUM "150018"

/* ---- errors (engine/error.c) ---- */
struct pgm_error {
  char sqlstate[6];
  char severity[8];
  char *message;
  char *detail;
  char *hint;
  int position;            /* 1-based character position, 0 = none */
  char *context;           /* CONTEXT line ("COPY t, line 3, column b: \"x\""), or NULL */
};

pgm_error *pgm_error_new(const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
pgm_error *pgm_error_newv(const char *sqlstate, const char *fmt, va_list ap);
void pgm_error_set_detail(pgm_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pgm_error_set_hint(pgm_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The API status code that goes with an error's SQLSTATE. */
int pgm_error_code(const pgm_error *e);

/* ---- settings (engine/guc.c) ---- */
typedef struct Settings {
  char *timezone;          /* TimeZone, "UTC" by default */
  char *datestyle;         /* DateStyle, "ISO, MDY" */
  char *intervalstyle;
  char *application_name;
  int extra_float_digits;  /* 1 by default */
  int64_t statement_timeout_ms;
  char *client_encoding;
  char *search_path;
  char *bytea_output;
  /* Other settings SET by name and SHOWn back unchanged: name=value pairs. */
  int nother;
  char **other_names, **other_values;
} Settings;

/* ---- the connection ---- */
typedef struct PlanCache PlanCache;

struct pgm_db {
  sqlite3 *sq;
  int dialect;
  int closed;              /* pgm_close() called; freed when nstmts drops to 0 */
  int nstmts;
  pgm_error *pending;      /* error raised inside a SQL function during a step */
  /* transaction block state, as PostgreSQL tracks it */
  bool in_block;           /* BEGIN seen, COMMIT/ROLLBACK not yet */
  bool failed;             /* an error happened inside the block: 25P02 until ROLLBACK */
  bool implicit;           /* the block is the implicit one of a multi-statement text */
  bool xact_queried;       /* a statement ran in the block: its isolation level is fixed */
  int xact_isolation;      /* the block's XactIsolation (engine/xact.c) */
  char **savepoints;       /* names of the open savepoints, outermost first */
  int nsavepoints;
  int64_t stmt_start_us;   /* statement_timestamp() */
  int64_t xact_start_us;   /* now() / transaction_timestamp() */
  Settings settings;
  PlanCache *cache;
  struct Table **tables;    /* table cache (catalog/usercat.c) */
  int ntables;
  int64_t schema_cookie;   /* SQLite schema_version the caches were built for */
  sqlite3_stmt *schema_stmt;
  int64_t catalog_version; /* bumped by DDL; plans of an older version are re-analysed */
  _Atomic int interrupt_requested;   /* set by pgm_interrupt() from any thread */
  int64_t deadline_us;     /* statement timeout deadline, 0 = none */
  int timed_out;
  int busy_timeout_ms;     /* lock_timeout; INT_MAX: wait as long as it takes */
  int busy_timeout_default_ms;  /* what RESET lock_timeout returns to (pgm_set_busy_timeout) */
  int64_t busy_since_us;   /* when the current wait for a lock began */
  bool busy_nowait;        /* the lock is wanted now or never (FOR UPDATE NOWAIT) */
  /* Sequence values handed out, re-applied after a rollback: PostgreSQL's
  ** sequences are not transactional (engine/sequence.c). */
  struct SeqMark { char *name; int64_t value; } *seqmarks;
  int nseqmarks;
  /* Conflict keys seen by the running INSERT ... ON CONFLICT DO UPDATE. */
  char **upsert_keys;
  int nupsert_keys;
  /* The failed statement being re-run for its violation report (engine/violation.c), or NULL. */
  struct Violation *violation;
  /* Tables created or truncated, with the transaction (its start time) that
  ** did it: COPY FREEZE requires one of the running transaction. */
  struct FreshTable { char *name; int64_t xact_us; } *fresh_tables;
  int nfresh_tables;
};

/* ---- values moving through the engine ---- */

/* A value in its stored (SQLite) form, owned: used for constants, bound
** parameters and function inputs produced in C. */
typedef enum { D_NULL, D_INT, D_FLOAT, D_TEXT, D_BLOB } DatumKind;
typedef struct Datum {
  DatumKind kind;
  int64_t i;
  double f;
  char *p;                 /* malloc'd, NUL-terminated for D_TEXT */
  size_t n;
} Datum;
void pgm_datum_free(Datum *d);

/* ---- time ---- */
int64_t pgm_now_us(void);  /* wall clock, microseconds since the Unix epoch */

/* ---- small utilities (utils/) ---- */
void *pgm_malloc(size_t n);          /* aborts on out-of-memory: allocation failure is not a recoverable SQL error here */
void *pgm_realloc(void *p, size_t n);
char *pgm_strdup(const char *s);
char *pgm_strndup(const char *s, size_t n);
char *pgm_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
