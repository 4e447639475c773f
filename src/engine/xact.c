/*
** xact.c — the transaction block, kept as PostgreSQL's xact.c keeps it:
** BEGIN, COMMIT, ROLLBACK, savepoints, SET TRANSACTION, the isolation level,
** the implicit block of a multi-statement text, and READ COMMITTED's
** snapshot per statement.
**
** An error inside a block aborts it (25P02 until ROLLBACK, exec.c), and COMMIT
** of an aborted block rolls back, as in PostgreSQL.
**
** Snapshots.  SQLite gives a transaction one snapshot, from its first read to
** its end, and a transaction that has read cannot take the write lock after
** another connection has committed: SQLite answers SQLITE_BUSY at once, with
** no busy wait.  PostgreSQL's default, READ COMMITTED, takes a new snapshot
** for every statement, and a writer waits for a conflicting writer.  While a
** block has only read, ending SQLite's read transaction between statements
** loses nothing, so each statement of such a block starts from the latest
** committed state, as in PostgreSQL, and its first write waits for the write
** lock (the busy timeout) instead of failing.  Once the block has written, it
** holds SQLite's write lock and no other connection can commit past its
** snapshot.  REPEATABLE READ and SERIALIZABLE keep the first snapshot: a write
** after another connection's commit then fails with 40001, as PostgreSQL's
** "could not serialize access" does, and clients retry.
*/
#include "engine/engine.h"
#include "catalog/usercat.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const isolation_names[] = {
  [XACT_READ_UNCOMMITTED] = "read uncommitted",
  [XACT_READ_COMMITTED] = "read committed",
  [XACT_REPEATABLE_READ] = "repeatable read",
  [XACT_SERIALIZABLE] = "serializable",
};

int xact_isolation_parse(const char *name) {
  for (int i = XACT_READ_UNCOMMITTED; i <= XACT_SERIALIZABLE; i++)
    if (name && !strcasecmp(name, isolation_names[i])) return i;
  return XACT_ISOLATION_UNSET;
}

const char *xact_isolation_name(int level) {
  return level == XACT_ISOLATION_UNSET ? NULL : isolation_names[level];
}

/* SHOW transaction_isolation: the block's level, else the default. */
const char *xact_isolation_show(pgm_db *db) {
  if (db->in_block) return isolation_names[db->xact_isolation];
  const char *canon;
  const char *def = utility_show(db, "default_transaction_isolation", &canon);
  int level = xact_isolation_parse(def);
  return isolation_names[level == XACT_ISOLATION_UNSET ? XACT_READ_COMMITTED : level];
}

static int xact_sqlexec(pgm_stmt *st, const char *sql) {
  pgm_db *db = st->db;
  if (sqlite3_exec(db->sq, sql, NULL, NULL, NULL) != SQLITE_OK)
    return utility_fail(st, engine_sqlite_error(db, sqlite3_extended_errcode(db->sq), st->plan));
  return PGM_OK;
}

/* ---- savepoints: SQLite runs them; their names are kept to know when the
** block is inside a subtransaction. ---- */

static void savepoints_clear(pgm_db *db) {
  for (int i = 0; i < db->nsavepoints; i++) free(db->savepoints[i]);
  db->nsavepoints = 0;
}

/* The innermost savepoint of that name, or -1. */
static int savepoint_find(pgm_db *db, const char *name) {
  for (int i = db->nsavepoints - 1; i >= 0; i--)
    if (!strcmp(db->savepoints[i], name)) return i;
  return -1;
}

static void savepoints_truncate(pgm_db *db, int n) {
  while (db->nsavepoints > n) free(db->savepoints[--db->nsavepoints]);
}

static int savepoint_sql(pgm_stmt *st, const char *verb) {
  pgm_db *db = st->db;
  const char *name = st->plan->util_name;
  if (strcmp(verb, "SAVEPOINT") && savepoint_find(db, name) < 0)
    return utility_fail(st, pgm_error_new(ERRCODE_S_E_INVALID_SPECIFICATION, "savepoint \"%s\" does not exist", name));
  StrBuf b = STRBUF_INIT;
  sb_printf(&b, "%s ", verb);
  sb_put_ident(&b, name);
  int rc = sqlite3_exec(db->sq, sb_str(&b), NULL, NULL, NULL);
  sb_free(&b);
  if (rc != SQLITE_OK) return utility_fail(st, engine_sqlite_error(db, rc, st->plan));
  if (!strcmp(verb, "SAVEPOINT")) {
    db->savepoints = pgm_realloc(db->savepoints, sizeof(char *) * (size_t)(db->nsavepoints + 1));
    db->savepoints[db->nsavepoints++] = pgm_strdup(name);
  } else {
    int i = savepoint_find(db, name);
    savepoints_truncate(db, !strcmp(verb, "RELEASE") ? i : i + 1);  /* ROLLBACK TO keeps it */
  }
  return PGM_OK;
}

/* A rollback may undo DDL: tables and plans cached since are forgotten, and
** statements prepared before are analysed again (catalog_version). */
static void forget_schema(pgm_db *db) {
  usercat_invalidate(db);
  plancache_clear(db);
  db->catalog_version++;
}

/* The block's state once SQLite's BEGIN succeeded; level as asked, or unset
** for default_transaction_isolation. */
static void block_opened(pgm_db *db, int level) {
  db->in_block = true;
  db->failed = false;
  db->xact_queried = false;
  if (level == XACT_ISOLATION_UNSET) {
    const char *canon;
    level = xact_isolation_parse(utility_show(db, "default_transaction_isolation", &canon));
  }
  db->xact_isolation = level == XACT_ISOLATION_UNSET ? XACT_READ_COMMITTED : level;
}

static int xact_begin(pgm_stmt *st) {
  pgm_db *db = st->db;
  if (db->implicit) {          /* the client takes the block over, silently */
    db->implicit = false;
    return utility_done(st, st->plan->tag);
  }
  if (db->in_block) {
    engine_notice(st, "WARNING", ERRCODE_ACTIVE_SQL_TRANSACTION, "there is already a transaction in progress");
    return utility_done(st, st->plan->tag);
  }
  int rc = xact_sqlexec(st, "BEGIN");
  if (rc != PGM_OK) return rc;
  block_opened(db, st->plan->util_isolation);
  db->xact_start_us = db->stmt_start_us;
  return utility_done(st, st->plan->tag);
}

static void block_closed(pgm_db *db, bool rolled_back) {
  db->in_block = false;
  db->implicit = false;
  db->failed = false;
  savepoints_clear(db);
  if (rolled_back) { sequence_restore(db); forget_schema(db); }
}

static int xact_end(pgm_stmt *st) {
  pgm_db *db = st->db;
  bool commit = st->plan->utility == UTIL_COMMIT;
  if (!db->in_block) {
    engine_notice(st, "WARNING", ERRCODE_NO_ACTIVE_SQL_TRANSACTION, "there is no transaction in progress");
    return utility_done(st, commit ? "COMMIT" : "ROLLBACK");
  }
  if (db->implicit) {
    engine_notice(st, "WARNING", ERRCODE_NO_ACTIVE_SQL_TRANSACTION, "there is no transaction in progress");
    db->implicit = false;
  }
  bool rollback = !commit || db->failed;
  if (sqlite3_exec(db->sq, rollback ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK && !rollback) {
    /* A failed COMMIT (busy) leaves the block open, as it is in SQLite. */
    pgm_error *e = engine_sqlite_error(db, sqlite3_extended_errcode(db->sq), st->plan);
    int code = pgm_error_code(e);
    engine_set_error(st, e);
    st->state = 2;
    return code;
  }
  block_closed(db, rollback);
  return utility_done(st, rollback ? "ROLLBACK" : "COMMIT");
}

/* SET TRANSACTION: only in a block, before its first query, outside savepoints. */
static int xact_set_transaction(pgm_stmt *st) {
  pgm_db *db = st->db;
  int level = st->plan->util_isolation;
  if (!db->in_block) {
    engine_notice(st, "WARNING", ERRCODE_NO_ACTIVE_SQL_TRANSACTION, "SET TRANSACTION can only be used in transaction blocks");
    return utility_done(st, "SET");
  }
  if (level != XACT_ISOLATION_UNSET && level != db->xact_isolation) {
    if (db->xact_queried)
      return utility_fail(st, pgm_error_new(ERRCODE_ACTIVE_SQL_TRANSACTION, "SET TRANSACTION ISOLATION LEVEL must be called before any query"));
    if (db->nsavepoints)
      return utility_fail(st, pgm_error_new(ERRCODE_ACTIVE_SQL_TRANSACTION, "SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction"));
  }
  if (level != XACT_ISOLATION_UNSET) db->xact_isolation = level;
  return utility_done(st, "SET");
}

static int xact_savepoint(pgm_stmt *st, const char *verb, const char *tag) {
  if (!st->db->in_block || st->db->implicit)
    return utility_fail(st, pgm_error_new(ERRCODE_NO_ACTIVE_SQL_TRANSACTION, "%s can only be used in transaction blocks",
                                     !strcmp(verb, "SAVEPOINT") ? "SAVEPOINT" : !strcmp(verb, "RELEASE") ? "RELEASE SAVEPOINT" : "ROLLBACK TO SAVEPOINT"));
  int rc = savepoint_sql(st, verb);
  if (rc != PGM_OK) return rc;
  if (!strcmp(verb, "ROLLBACK TO")) {
    st->db->failed = false;
    sequence_restore(st->db);
    forget_schema(st->db);
  }
  return utility_done(st, tag);
}

int xact_execute(pgm_stmt *st) {
  switch (st->plan->utility) {
  case UTIL_BEGIN: return xact_begin(st);
  case UTIL_COMMIT:
  case UTIL_ROLLBACK: return xact_end(st);
  case UTIL_SET_TRANSACTION: return xact_set_transaction(st);
  case UTIL_SAVEPOINT: return xact_savepoint(st, "SAVEPOINT", "SAVEPOINT");
  case UTIL_RELEASE: return xact_savepoint(st, "RELEASE", "RELEASE");
  case UTIL_ROLLBACK_TO: return xact_savepoint(st, "ROLLBACK TO", "ROLLBACK");
  default: return utility_done(st, "");
  }
}

/* ---- The implicit block of a multi-statement text (pgm_implicit_begin) ---- */

static pgm_error *xact_sqlite_error(pgm_db *db) {
  return engine_sqlite_error(db, sqlite3_extended_errcode(db->sq), NULL);
}

pgm_error *xact_implicit_begin(pgm_db *db) {
  if (db->in_block) return NULL;
  if (sqlite3_exec(db->sq, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) return xact_sqlite_error(db);
  block_opened(db, XACT_ISOLATION_UNSET);
  db->implicit = true;
  db->xact_start_us = pgm_now_us();
  return NULL;
}

pgm_error *xact_implicit_end(pgm_db *db) {
  if (!db->implicit) return NULL;
  pgm_error *e = NULL;
  bool rollback = db->failed;
  if (!rollback && sqlite3_exec(db->sq, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    e = xact_sqlite_error(db);
    rollback = true;
  }
  if (rollback) sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
  block_closed(db, rollback);
  return e;
}

/* ---- FOR UPDATE / FOR SHARE (analyze/parse_locking.c says why this is
** correct) ---- */

pgm_error *xact_lock_rows(pgm_db *db, const Plan *plan) {
  if (!db->in_block || sqlite3_txn_state(db->sq, "main") == SQLITE_TXN_WRITE) return NULL;
  /* A write statement takes SQLite's write lock when it starts, even one
  ** that changes nothing; pgm_oid is in every pgmicro database. */
  db->busy_nowait = plan->row_lock_nowait;
  int rc = sqlite3_exec(db->sq, "DELETE FROM main.pgm_oid WHERE 0", NULL, NULL, NULL);
  db->busy_nowait = false;
  if (rc == SQLITE_OK) return NULL;
  rc = sqlite3_extended_errcode(db->sq);
  if ((rc & 0xff) == SQLITE_BUSY && plan->row_lock_nowait && !db->interrupt_requested)
    return pgm_error_new(ERRCODE_LOCK_NOT_AVAILABLE, "could not obtain lock on row in relation \"%s\"",
                         plan->row_lock_table ? plan->row_lock_table : "?");
  return engine_sqlite_error(db, rc, plan);
}

/* ---- READ COMMITTED: a fresh snapshot for each statement ---- */

/* A suspended query (a portal, a half-read cursor) still reads the old
** snapshot; ending the transaction under it would be wrong. */
static bool other_statement_active(pgm_db *db) {
  for (sqlite3_stmt *s = sqlite3_next_stmt(db->sq, NULL); s; s = sqlite3_next_stmt(db->sq, s))
    if (sqlite3_stmt_busy(s)) return true;
  return false;
}

static void new_snapshot(pgm_db *db) {
  if (!db->in_block || db->failed || db->nsavepoints || db->xact_isolation >= XACT_REPEATABLE_READ) return;
  /* READ: read but not written (TEMP tables included: NULL means every schema). */
  if (sqlite3_txn_state(db->sq, NULL) != SQLITE_TXN_READ || other_statement_active(db)) return;
  if (sqlite3_exec(db->sq, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) return;
  /* BEGIN only fails short of memory: then the block is aborted (25P02 until
  ** ROLLBACK), never silently turned into autocommit. */
  if (sqlite3_exec(db->sq, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) db->failed = true;
}

void xact_statement_start(pgm_db *db, bool is_query) {
  if (!db->in_block) return;
  new_snapshot(db);
  if (is_query) db->xact_queried = true;
}

void xact_free(pgm_db *db) {
  savepoints_clear(db);
  free(db->savepoints);
  db->savepoints = NULL;
}
